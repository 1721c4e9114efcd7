#!/usr/bin/env bash
# Benchmark of issue 11: every page a user opens daily, side by side with the lightest
# signed-in page (/doi-mat-khau) in one run, on
#   A. SQLite, demo + 10,000 imported people
#   B. PostgreSQL, demo (`tdkt demo --database`) + 10,000 imported people
#   C. PostgreSQL, demo + 250,000 people in 3,750 departments of 1,250 agencies (the units
#      of `tdkt synth --people 250000`, the people from a staff sheet: the bulk import),
#      with a rating for 2025 for 19 people in 20 (set in SQL: the interchange import
#      writes record by record and would take most of an hour here)
# wrk -t2 -c32 (Debian's wrk) as the whole-tree administrator. Before and after each run
# the page is fetched and checked: HTTP 200, not the login form, and a text only that
# page shows (the person's name, the unit's, the plan's title, the staff total…); any
# non-200 during a run fails it (only_200.lua).
# Usage: bench/web/pages.sh [DURATION_SECONDS] [PARTS]   (PARTS: any of A B C, default "A B C";
# KEEP_DB=1 keeps the PostgreSQL databases afterwards)
# Output: bench/out/pages.md (the table for BENCHMARKS.md) and one wrk log per page.
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR="${1:-10}"
PARTS="${2:-A B C}"
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "cần wrk (apt-get install wrk)"; exit 1; }
cargo build --release -q -p tdkt -p tdkt-documents --examples --bins
sync
BIN=target/release/tdkt
GEN=target/release/examples/gen_staff
UNITS=VP,TTR,PCS,KHTH

. bench/lib.sh
# check base cookie path marker: 200, not the login page, the page's own text.
check() {
  local code; code=$(curl -s -o "$OUT/page.html" -w '%{http_code}' -H "Cookie: tdkt_session=$2" "$1$3")
  if [ "$code" != 200 ] || grep -q 'name="username"' "$OUT/page.html" || ! grep -qF -- "$4" "$OUT/page.html"; then
    echo "trang $3 không như mong đợi (HTTP $code, cần «$4»)"; return 1
  fi
}
# Stops everything: the server under test, then the script.
fail() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; exit 1; }
# run LABEL base cookie path marker -> appends "label|req/s|p99 ms" to $ROWS
run() {
  local label=$1 base=$2 cookie=$3 path=$4 marker=$5 log
  log="$OUT/pages-$PART-$(echo "$label" | tr -c 'a-zA-Z0-9' '_').txt"
  check "$base" "$cookie" "$path" "$marker" || fail
  wrk -t2 -c32 -d"${DUR}s" --latency -s bench/web/only_200.lua -H "Cookie: tdkt_session=$cookie" "$base$path" > "$log"
  grep -q "khác 200 (chuyển hướng, lỗi): 0$" "$log" || { echo "$path: có trả lời khác 200 trong lúc đo"; cat "$log"; fail; }
  check "$base" "$cookie" "$path" "$marker" || fail
  local rps p99
  rps=$(awk '/^Requests\/sec/{print $2}' "$log")
  p99=$(awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$log")
  echo "$label|$rps|$p99" >> "$ROWS"
  printf '  %-34s %10s req/s  p99 %8s ms\n' "$label" "$rps" "$p99"
}
# dbname URL -> the PostgreSQL database's name (before any ?host=…)
dbname() { local u=${1%%\?*}; echo "${u##*/}"; }
# sql DB QUERY -> first row, fields separated by |
sql() {
  case "$1" in
    sqlite:*) python3 -c "import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print('|'.join(str(x) for x in r))" "${1#sqlite:}" "$2" ;;
    *) psql -qtA -h 127.0.0.1 -U postgres -d "$(dbname "$1")" -c "$2" ;;
  esac
}
# pages DB base cookie: every page, the baseline first and last.
pages() {
  local db=$1 base=$2 c=$3
  local person unit plan reg n
  person=$(sql "$db" "SELECT p.id, p.full_name FROM people p WHERE p.active = TRUE AND EXISTS (SELECT 1 FROM ratings r WHERE r.person_id = p.id) ORDER BY p.id DESC LIMIT 1")
  unit=$(sql "$db" "SELECT u.id, u.name FROM units u WHERE u.kind = 'department' AND u.active = TRUE AND EXISTS (SELECT 1 FROM people p WHERE p.unit_id = u.id) ORDER BY u.id DESC LIMIT 1")
  plan=$(sql "$db" "SELECT id, title FROM plans WHERE published = TRUE ORDER BY year DESC, id LIMIT 1")
  reg=$(sql "$db" "SELECT r.id, r.plan_id, r.unit_id FROM registrations r JOIN plans p ON p.id = r.plan_id WHERE p.published = TRUE AND r.status = 'nhap' ORDER BY r.id LIMIT 1")
  n=$(sql "$db" "SELECT COUNT(*) FROM people WHERE active = TRUE")
  local total; total=$(python3 -c "print(f'{int(\"$n\"):,}'.replace(',', '.'))")
  run "/doi-mat-khau (nhẹ nhất)" "$base" "$c" "/doi-mat-khau" "Đổi mật khẩu"
  run "/ (trang chủ)" "$base" "$c" "/" "Số liệu trong phạm vi của bạn"
  run "/can-bo (50 đầu)" "$base" "$c" "/can-bo" "$total người"
  run "/can-bo?q=nguyen" "$base" "$c" "/can-bo?q=nguyen" "Danh sách cán bộ"
  run "/can-bo/{id} (kèm gợi ý)" "$base" "$c" "/can-bo/${person%%|*}" "${person#*|}"
  run "/can-bo/{id}/xet (LĐTT)" "$base" "$c" "/can-bo/${person%%|*}/xet?danh_hieu=LDTT" "Xét điều kiện"
  run "/don-vi/{id}" "$base" "$c" "/don-vi/${unit%%|*}" "${unit#*|}"
  if [ -n "$plan" ] && [ -n "$reg" ]; then
    run "/ke-hoach/{id}" "$base" "$c" "/ke-hoach/${plan%%|*}" "${plan#*|}"
    IFS='|' read -r rid rplan runit <<< "$reg"
    run "/ke-hoach/{id}/dang-ky/{đv}" "$base" "$c" "/ke-hoach/$rplan/dang-ky/$runit" "Đăng ký thi đua"
    run "/dang-ky/{id}" "$base" "$c" "/dang-ky/$rid" "Đăng ký thi đua"
  fi
  run "/doi-mat-khau (nhẹ nhất, lần 2)" "$base" "$c" "/doi-mat-khau" "Đổi mật khẩu"
}
serve_and_measure() { # PART db user password
  PART=$1; ROWS="$OUT/pages-$1.rows"; : > "$ROWS"
  # The demo's registrations are all accepted (their form redirects to the view): one
  # is set back to draft so that the form itself is measured.
  case "$2" in
    sqlite:*) python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE registrations SET status = 'nhap' WHERE id = (SELECT MAX(id) FROM registrations)\"); c.commit()" "${2#sqlite:}" ;;
    *) psql -q -h 127.0.0.1 -U postgres -d "$(dbname "$2")" -c "UPDATE registrations SET status = 'nhap' WHERE id = (SELECT MAX(id) FROM registrations)" ;;
  esac
  local P; P=$(port)
  $BIN serve --database "$2" --addr "127.0.0.1:$P" >/dev/null 2>&1 & SERVER=$!
  wait_up "$P"
  local C; C=$(login "http://127.0.0.1:$P" "$3" "$4")
  pages "$2" "http://127.0.0.1:$P" "$C"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
}

echo "== dữ liệu"
[ -f "$OUT/staff-10k.xlsx" ] || $GEN 10000 "$OUT/staff-10k.xlsx" "$UNITS"
rm -rf "$OUT/demo" && mkdir -p "$OUT/demo"
P=$(port); $BIN demo --data "$OUT/demo" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
wait_up "$P"; kill "$PID"; wait "$PID" 2>/dev/null || true
# Whatever the log still holds goes into the file before it is copied.
python3 -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$OUT/demo/tdkt.sqlite"
rm -f "$OUT"/base.sqlite* && cp "$OUT/demo/tdkt.sqlite" "$OUT/base.sqlite"
pg_db() { # name -> creates an empty database, prints its URL
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >&2
  echo "postgres://postgres@127.0.0.1:5432/$1"
}
# The server under test reaches PostgreSQL as a co-located deployment would, through its
# Unix socket (README: a fifth less per statement than TCP); PG_TCP=1 measures over TCP.
served_url() {
  if [ -z "${PG_TCP:-}" ] && [ -S /var/run/postgresql/.s.PGSQL.5432 ]; then
    echo "postgres://postgres@localhost/${1##*/}?host=/var/run/postgresql"
  else
    echo "$1"
  fi
}
for part in $PARTS; do
  case $part in
    A)
      echo "== A. SQLite, 10.000 người"
      rm -f "$OUT"/pages.sqlite* && cp "$OUT/base.sqlite" "$OUT/pages.sqlite"
      $BIN import --database "sqlite:$OUT/pages.sqlite" "$OUT/staff-10k.xlsx" >/dev/null
      serve_and_measure A "sqlite:$OUT/pages.sqlite" admin admin ;;
    B|C)
      DB=tdkt_pages_$(echo "$part" | tr A-Z a-z); PG=$(pg_db "$DB")
      # The demo itself, plans and registrations included, loaded into PostgreSQL.
      P=$(port); $BIN demo --data "$OUT/demo-pg" --database "$PG" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
      wait_up "$P"; kill "$PID"; wait "$PID" 2>/dev/null || true
      if [ "$part" = B ]; then
        echo "== B. PostgreSQL, 10.000 người"
        $BIN import --database "$PG" "$OUT/staff-10k.xlsx" >/dev/null
      else
        echo "== C. PostgreSQL, 250.000 người"
        if [ ! -f "$OUT/staff-250k.xlsx" ]; then
          # The agencies and departments of the synthetic province, under the demo's UBND.
          $BIN synth --people 250000 --seed 42 --output "$OUT/synth.ndjson"
          { echo '{"format":"tdkt-exchange/1"}'
            echo '{"type":"agency","id":"UBND-KH","name":"Ủy ban nhân dân tỉnh Khánh Hòa","province":"Khánh Hòa"}'
            grep '"type":"unit"' "$OUT/synth.ndjson" | sed 's/"parent":null,"kind":"agency"/"parent":"UBND-KH","kind":"agency"/'
          } > "$OUT/units-250k.ndjson"
          rm -f "$OUT/synth.ndjson"
          DEPTS=$(grep -o '"id":"A[0-9]*-P[0-9]"' "$OUT/units-250k.ndjson" | cut -d'"' -f4 | paste -sd,)
          $GEN 250000 "$OUT/staff-250k.xlsx" "$DEPTS"
        fi
        $BIN import --database "$PG" "$OUT/units-250k.ndjson" >/dev/null
        $BIN import --database "$PG" "$OUT/staff-250k.xlsx" >/dev/null
        psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "INSERT INTO ratings (person_id, unit_id, year, rating) SELECT id, NULL, 2025, CASE WHEN id % 7 = 0 THEN 'HTXS' ELSE 'HTT' END FROM people p WHERE id % 20 <> 0 AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.person_id = p.id AND r.year = 2025)"
        # That one statement updated each unit's count row once per rating (the trigger):
        # compact what months of single ratings and autovacuum would leave.
        psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM FULL rated_counts"
      fi
      psql -q -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM ANALYZE"
      echo admin-bench-pass | $BIN user add benchadmin --name "Quản trị" --role admin --unit UBND-KH --password-stdin --database "$PG" >/dev/null
      serve_and_measure "$part" "$(served_url "$PG")" benchadmin admin-bench-pass
      # KEEP_DB=1 leaves the database for probing (EXPLAIN ANALYZE, the debug log).
      [ -n "${KEEP_DB:-}" ] || psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE $DB WITH (FORCE)" ;;
  esac
done

python3 - "$OUT" $PARTS <<'PY'
import sys, statistics
out, parts = sys.argv[1], sys.argv[2:]
names = {"A": "SQLite 10k", "B": "PostgreSQL 10k", "C": "PostgreSQL 250k"}
data = {}
for p in parts:
    rows = [l.strip().split("|") for l in open(f"{out}/pages-{p}.rows") if l.strip()]
    base = statistics.mean(float(r[1]) for r in rows if r[0].startswith("/doi-mat-khau"))
    data[p] = (base, {r[0]: (float(r[1]), float(r[2])) for r in rows})
lines = ["| page | " + " | ".join(f"{names[p]} req/s | ratio | p99 ms" for p in parts) + " |",
         "|---|" + "---|---|---|" * len(parts)]
fail = []
labels = [k for k in data[parts[0]][1] if not k.startswith("/doi-mat-khau (nhẹ nhất, lần 2)")]
for label in labels:
    cells = []
    for p in parts:
        base, d = data[p]
        if label not in d:
            cells.append("– | – | –"); continue
        rps, p99 = d[label]
        ratio = rps / base
        cells.append(f"{rps:,.0f} | {ratio:.2f} | {p99:.1f}")
        if not label.startswith("/doi-mat-khau"):
            if ratio < 0.25: fail.append(f"{names[p]} {label}: {ratio:.2f} < 0,25 của trang nhẹ nhất")
            if p != "C" and p99 > 20: fail.append(f"{names[p]} {label}: p99 {p99} ms > 20 ms")
    lines.append(f"| {label} | " + " | ".join(cells) + " |")
if "B" in data and "C" in data:
    for label, (rps, _) in data["C"][1].items():
        b = data["B"][1].get(label)
        if b and not label.startswith("/doi-mat-khau") and rps < 0.5 * b[0]:
            fail.append(f"250k {label}: {rps:.0f} < ½ × {b[0]:.0f} (10k)")
text = "\n".join(lines)
open(f"{out}/pages.md", "w").write(text + "\n\n" + ("\n".join("- " + f for f in fail) if fail else "Mục tiêu đạt ở mọi trang.") + "\n")
print(text)
print("\n".join(fail) if fail else "Mục tiêu đạt ở mọi trang.")
PY
