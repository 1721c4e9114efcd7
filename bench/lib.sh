# Shared by the benchmark scripts (sourced): a free port, waiting for the
# server, and signing in.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_up PORT: until /healthz answers (at most 60 s; a demo load takes a while).
wait_up() { for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.05; done; return 1; }
# login BASE USER PASSWORD -> prints the session cookie's value.
login() {
  local jar; jar=$(mktemp)
  local csrf; csrf=$(curl -s -c "$jar" "$1/dang-nhap" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "username=$2" --data-urlencode "password=$3" "$1/dang-nhap"
  awk '$6=="tdkt_session"{print $7}' "$jar"; rm -f "$jar"
}
