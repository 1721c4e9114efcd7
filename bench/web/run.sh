#!/usr/bin/env bash
# Benchmarks of issue 2 (foundation), reproducible on a fresh machine with
# Debian's wrk and hyperfine:
#   1. staff list page (/can-bo) with 10,000 people: wrk, 32 connections, SQLite then PostgreSQL
#   2. import of a 50,000-row staff .xlsx: `tdkt import` against calamine alone reading the same file
#   3. cold start of `tdkt demo` on an existing database to /healthz 200, and idle memory
# Usage: bench/web/run.sh [DURATION_SECONDS]   (PostgreSQL part needs 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR="${1:-20}"
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "cần wrk (apt-get install wrk)"; exit 1; }
command -v hyperfine >/dev/null || { echo "cần hyperfine (apt-get install hyperfine)"; exit 1; }
cargo build --release -q -p tdkt -p tdkt-documents --examples --bins
# A build leaves gigabytes of dirty pages: the imports' fsyncs would queue
# behind their writeback (seen: one run of 1.1 s instead of 0.45 s).
sync
BIN=target/release/tdkt
GEN=target/release/examples/gen_staff
READ=target/release/examples/calamine_read
UNITS=VP,TTR,PCS,KHTH

. bench/lib.sh
# The list page as a signed-in user sees it: 200 and the expected count, not
# a redirect to the login page.
check_list() { # base cookie
  local code; code=$(curl -s -o "$OUT/page.html" -w '%{http_code}' -H "Cookie: tdkt_session=$2" "$1/can-bo")
  [ "$code" = 200 ] && grep -q "10.040 người" "$OUT/page.html" || { echo "trang danh sách không như mong đợi (HTTP $code)"; return 1; }
}
# wrk with only_200.lua; fails when any response was not a 200.
measure() { # base cookie output
  wrk -t2 -c32 -d"${DUR}s" --latency -s bench/web/only_200.lua -H "Cookie: tdkt_session=$2" "$1/can-bo" | tee "$3"
  grep -q "khác 200 (chuyển hướng, lỗi): 0$" "$3" || { echo "có trả lời khác 200 trong lúc đo: kết quả không dùng được"; return 1; }
  check_list "$1" "$2"
}

echo "== dữ liệu"
$GEN 10000 "$OUT/staff-10k.xlsx" "$UNITS"
$GEN 50000 "$OUT/staff-50k.xlsx" "$UNITS"
rm -rf "$OUT/demo" && mkdir -p "$OUT/demo"
P=$(port); $BIN demo --data "$OUT/demo" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
wait_up "$P"; kill "$PID"; wait "$PID" 2>/dev/null || true
cp "$OUT/demo/tdkt.sqlite" "$OUT/base.sqlite"
sync

echo "== 2. nhập 50.000 dòng: tdkt import so với calamine đọc cùng tệp (xen kẽ)"
# Both sides are whole processes timed the same way (nothing subtracted from
# either); the baseline reads the sheet with calamine's streaming cell reader
# (worksheet_cells_reader), the one the import uses.
hyperfine -N --warmup 1 --runs 5 \
  --prepare "sh -c 'rm -f $OUT/imp.sqlite* && cp $OUT/base.sqlite $OUT/imp.sqlite'" \
  "$READ $OUT/staff-50k.xlsx" \
  "$BIN import --database sqlite:$OUT/imp.sqlite $OUT/staff-50k.xlsx" \
  --export-markdown "$OUT/import.md" --export-json "$OUT/import.json"
# The last run really imported: 50,000 more people than the base.
BASE_N=$(python3 -c "import sqlite3; print(sqlite3.connect('$OUT/base.sqlite').execute('select count(*) from people').fetchone()[0])")
IMP_N=$(python3 -c "import sqlite3; print(sqlite3.connect('$OUT/imp.sqlite').execute('select count(*) from people').fetchone()[0])")
[ $((IMP_N - BASE_N)) -eq 50000 ] || { echo "nhập không đủ: $BASE_N → $IMP_N người"; exit 1; }
python3 - "$OUT/import.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
read, imp = r[0]["mean"], r[1]["mean"]
print(f"calamine (đọc theo ô) {read*1000:.1f} ms; tdkt import {imp*1000:.1f} ms; tỉ lệ {imp/read:.2f}")
PY

echo "== 1. danh sách cán bộ, 10.000 người, SQLite"
cp "$OUT/base.sqlite" "$OUT/list.sqlite"
$BIN import --database "sqlite:$OUT/list.sqlite" "$OUT/staff-10k.xlsx"
P=$(port); $BIN serve --database "sqlite:$OUT/list.sqlite" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
wait_up "$P"
COOKIE=$(login "http://127.0.0.1:$P" admin admin)
check_list "http://127.0.0.1:$P" "$COOKIE" || { kill $PID; exit 1; }
measure "http://127.0.0.1:$P" "$COOKIE" "$OUT/list-sqlite.txt" || { kill $PID; exit 1; }
kill "$PID"; wait "$PID" 2>/dev/null || true

if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "== 1b. danh sách cán bộ, 10.000 người, PostgreSQL"
  DB=tdkt_bench_$$
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  PG="postgres://postgres@127.0.0.1:5432/$DB"
  $BIN export --database "sqlite:$OUT/base.sqlite" --output "$OUT/base.ndjson" 2>/dev/null
  $BIN import --database "$PG" "$OUT/base.ndjson"
  $BIN import --database "$PG" "$OUT/staff-10k.xlsx"
  # What autovacuum would do shortly after a bulk load: visibility map and statistics.
  psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM ANALYZE"
  echo admin-bench-pass | $BIN user add benchadmin --name "Quản trị" --role admin --unit UBND-KH --password-stdin --database "$PG"
  P=$(port); $BIN serve --database "$PG" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
  wait_up "$P"
  COOKIE=$(login "http://127.0.0.1:$P" benchadmin admin-bench-pass)
  # Same checks as SQLite: the page with its 10,040 people, never a redirect to login.
  check_list "http://127.0.0.1:$P" "$COOKIE" || { kill $PID; exit 1; }
  measure "http://127.0.0.1:$P" "$COOKIE" "$OUT/list-postgres.txt" || { kill $PID; exit 1; }
  kill "$PID"; wait "$PID" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE $DB WITH (FORCE)"
fi

echo "== 3. khởi động nguội tdkt demo trên cơ sở dữ liệu có sẵn đến /healthz 200; bộ nhớ khi rảnh"
for i in 1 2 3 4 5; do
  P=$(port)
  T0=$(date +%s.%N)
  $BIN demo --data "$OUT/demo" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
  until curl -sf "http://127.0.0.1:$P/healthz" >/dev/null; do sleep 0.005; done
  T1=$(date +%s.%N)
  sleep 2
  RSS=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
  echo "lần $i: $(python3 -c "print(f'{$T1-$T0:.3f}')") s đến /healthz; bộ nhớ khi rảnh ${RSS} kB"
  kill "$PID"; wait "$PID" 2>/dev/null || true
done | tee "$OUT/coldstart.txt"
