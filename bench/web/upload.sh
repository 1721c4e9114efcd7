#!/usr/bin/env bash
# Issue 12: a dossier file streams to disk. Starts the release build's demo,
# signs in as the clerk of Phòng Chính sách, opens a 2026 dossier and uploads a
# PDF just under the 20 MB limit; prints the time taken and how much the
# server's peak resident memory (VmHWM) grew meanwhile. A server that held the
# file whole would grow by at least its size.
# Usage: bench/web/upload.sh [SIZE_MB]   (default 19)
set -euo pipefail
cd "$(dirname "$0")/../.."
MB="${1:-19}"
cargo build --release -q -p tdkt
BIN=target/release/tdkt
DATA=$(mktemp -d)
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$DATA"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
TDKT_TODAY=2026-06-15 $BIN demo --data "$DATA" --addr "127.0.0.1:$PORT" >/dev/null 2>&1 & SERVER=$!
for _ in $(seq 1 600); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.05; done
JAR="$DATA/jar"
csrf() { curl -s -b "$JAR" -c "$JAR" "$BASE$1" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
T=$(csrf /dang-nhap)
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf=$T" --data-urlencode username=canbo --data-urlencode password=canbo "$BASE/dang-nhap"
T=$(csrf /)
PCS=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM units WHERE code='PCS'\").fetchone()[0])" "$DATA/tdkt.sqlite")
LOC=$(curl -s -b "$JAR" -o /dev/null -w '%{redirect_url}' --data-urlencode "csrf=$T" -d "unit_id=$PCS" -d year=2026 -d kind=cong-trang "$BASE/ho-so")
ID=$(echo "$LOC" | sed -n 's|.*/ho-so/\([0-9]*\).*|\1|p')
[ -n "$ID" ] || { echo "không lập được hồ sơ ($LOC)"; exit 1; }
FILE="$DATA/bao-cao.pdf"
{ printf '%%PDF-1.7\n'; head -c $((MB * 1024 * 1024)) /dev/urandom; } > "$FILE"
hwm() { awk '/VmHWM/{print $2}' "/proc/$SERVER/status"; }
BEFORE=$(hwm)
START=$(date +%s.%N)
CODE=$(curl -s -b "$JAR" -o /dev/null -w '%{http_code}' -F "csrf=$T" -F part=khac -F nominee= -F "file=@$FILE;type=application/pdf" "$BASE/ho-so/$ID/tep")
END=$(date +%s.%N)
AFTER=$(hwm)
[ "$CODE" = 303 ] || { echo "tải lên không thành công: HTTP $CODE"; exit 1; }
STORED=$(find "$DATA/files" -type f -size +1M | head -1)
cmp -s "$FILE" "$STORED" || { echo "tệp lưu khác tệp gửi"; exit 1; }
python3 - "$MB" "$BEFORE" "$AFTER" "$START" "$END" <<'PY'
import sys
mb, before, after, start, end = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
print(f"tệp {mb} MB: {end - start:.2f} s; bộ nhớ đỉnh của máy chủ {before/1024:.1f} → {after/1024:.1f} MB (tăng {(after-before)/1024:.1f} MB)")
PY
