#!/usr/bin/env bash
# Issue 9: hostile uploads against `tdkt demo` (release build). For each file
# the clerk `canbo` uploads it to the staff import (the last file is a valid
# 50,000-row list of the clerk's department, which is stored) while a prober signs in
# afresh (`vanphong`) and asks /healthz, every 100 ms, until the upload is
# answered and once after; reports the upload's time and answer, and the
# slowest probe. The viewer `xem` sends the sparse sheet to a registration
# upload, which must be refused before the body is read.
# Usage: bench/uploads/run.sh      (needs curl, python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/uploads
mkdir -p "$OUT"
cargo build --release -q -p tdkt --bin tdkt
cargo build --release -q -p tdkt-documents --features hostile --example hostile_files --example gen_staff
sync
BIN=target/release/tdkt
target/release/examples/hostile_files "$OUT"
# And a valid list: 50,000 people of the clerk's own department, stored while probing.
target/release/examples/gen_staff 50000 "$OUT/hop-le-50k.xlsx" PCS

. bench/lib.sh
# base user password jar -> signs in into the cookie jar, prints the session's CSRF token
login_jar() {
  local csrf; csrf=$(curl -s -c "$4" "$1/dang-nhap" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
  curl -s -b "$4" -c "$4" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "username=$2" --data-urlencode "password=$3" "$1/dang-nhap"
  curl -s -b "$4" "$1/nhap-can-bo" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}
# one probe: seconds for /healthz and for a fresh sign-in (the slower)
probe() {
  local jar; jar=$(mktemp)
  local h; h=$(curl -s -o /dev/null -w '%{time_total}' "$1/healthz")
  local csrf; csrf=$(curl -s -c "$jar" "$1/dang-nhap" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
  local code_t; code_t=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code} %{time_total}' \
    --data-urlencode "csrf=$csrf" --data-urlencode "username=vanphong" --data-urlencode "password=vanphong" "$1/dang-nhap")
  rm -f "$jar"
  [ "${code_t%% *}" = "303" ] || { echo "sign-in failed: $code_t" >&2; echo 99; return; }
  python3 -c "print(max($h, ${code_t##* }))"
}

rm -rf "$OUT/demo"
P=$(port); BASE="http://127.0.0.1:$P"
$BIN demo --data "$OUT/demo" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
wait_up "$P"
JAR=$(mktemp); CSRF=$(login_jar "$BASE" canbo canbo "$JAR")
echo "| file | size | upload answer | upload time | probes | slowest probe |"
echo "|---|---|---|---|---|---|"
for f in goc bom loi loi-it hop-le-50k; do
  size=$(stat -c %s "$OUT/$f.xlsx")
  curl -s -b "$JAR" -o "$OUT/$f.html" -w '%{http_code} %{time_total}\n' -F "csrf=$CSRF" -F "file=@$OUT/$f.xlsx" "$BASE/nhap-can-bo" > "$OUT/$f.status" &
  UP=$!
  slowest=0; n=0
  while kill -0 $UP 2>/dev/null; do
    t=$(probe "$BASE"); n=$((n+1))
    slowest=$(python3 -c "print(max($slowest, $t))")
    sleep 0.1
  done
  wait $UP
  t=$(probe "$BASE"); n=$((n+1)); slowest=$(python3 -c "print(max($slowest, $t))")
  read -r code secs < "$OUT/$f.status"
  echo "| $f.xlsx | $size B | $code | ${secs} s | $n | ${slowest} s |"
done
# The viewer is refused before the body is read.
VJAR=$(mktemp); VCSRF=$(login_jar "$BASE" xem xem "$VJAR")
PLAN=$(curl -s -b "$JAR" "$BASE/ke-hoach" | grep -o 'href="/ke-hoach/[0-9]*"' | head -1 | grep -o '[0-9]*' || true)
REG=$(curl -s -b "$JAR" "$BASE/ke-hoach/$PLAN" | grep -o "/ke-hoach/$PLAN/dang-ky/[0-9]*" | head -1 || true)
curl -s -b "$VJAR" -o /dev/null -w "viewer → $REG/tai-len: %{http_code} in %{time_total} s\n" \
  -F "csrf=$VCSRF" -F "file=@$OUT/goc.xlsx" "$BASE$REG/tai-len"
grep -o 'giải nén vượt quá[^.]*' "$OUT/bom.html" | head -1 || true
grep -o 'ô XFD1048576[^.]*' "$OUT/goc.html" | head -1 || true
grep -o 'vượt giới hạn 300.000 dòng' "$OUT/loi.html" | head -1 || true
grep -o '[0-9.]* lỗi khác' "$OUT/loi-it.html" | head -1 || true
grep -o 'thêm mới [0-9.]* người' "$OUT/hop-le-50k.html" | head -1 || true
