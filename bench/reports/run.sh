#!/usr/bin/env bash
# Issue 15's goal: every report of a province with 50,000 people and 10 years
# of history in ≤ 2 s, on SQLite and on PostgreSQL.
# Data: `tdkt synth` (50,000 people in 250 agencies, 2016–2025: ratings,
# awards, initiatives), the agencies hung under one province unit, imported
# into a fresh SQLite file and a fresh PostgreSQL database; an administrator
# of the whole tree. Measured with curl (each response checked): the report
# page of the province for 2025 (forms 0601–0605 and the five-year shares
# with their breakdown by agency), its workbook, its PDF and its charts; the
# year's and a quarter's working report and workbook; the awardees of the
# year with each person's five years, and their workbook; the fund — 5 runs
# each after a warm-up; the median and the slowest are printed.
# Usage: bench/reports/run.sh   (PostgreSQL at 127.0.0.1:5432, user postgres)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out
mkdir -p "$OUT"
cargo build --release -q -p tdkt
BIN=target/release/tdkt
PG_ADMIN="${TDKT_BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}"
PG_DB=tdkt_bench_reports

echo "== dữ liệu: 50.000 người, 2016–2025"
$BIN synth --people 50000 --from 2016 --to 2025 --output "$OUT/synth-50k.ndjson"
# One province over the 250 agencies (synth makes each agency a root).
python3 - "$OUT/synth-50k.ndjson" "$OUT/province-50k.ndjson" <<'PY'
import json, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src) as f, open(dst, "w") as out:
    first = f.readline()
    out.write(first)  # the header record
    out.write(json.dumps({"type": "unit", "id": "TINH", "name": "UBND tỉnh (tổng hợp)", "parent": None, "kind": "agency"}, ensure_ascii=False) + "\n")
    for line in f:
        r = json.loads(line)
        if r.get("type") == "unit" and r.get("parent") is None:
            r["parent"] = "TINH"
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY

. bench/lib.sh
# time LABEL URL MARKER: 1 warm-up, 5 runs; every answer must be 200 and hold MARKER.
time_it() {
  local label=$1 url=$2 marker=$3 times=()
  for i in 0 1 2 3 4 5; do
    local r; r=$(curl -s -o "$OUT/report.out" -w '%{http_code} %{time_total}' -H "Cookie: tdkt_session=$COOKIE" "$url")
    [ "${r%% *}" = 200 ] && grep -qaF -- "$marker" "$OUT/report.out" || { echo "$label: trả lời không như mong đợi ($r)"; exit 1; }
    [ "$i" -gt 0 ] && times+=("${r#* }")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" '{a[NR]=$1} END {printf "%-34s trung vị %.3f s, chậm nhất %.3f s\n", l, a[3], a[5]}'
}

for DB in sqlite postgres; do
  echo "== $DB"
  if [ "$DB" = sqlite ]; then
    rm -f "$OUT"/reports.sqlite*
    URL="sqlite:$OUT/reports.sqlite"
  else
    psql "$PG_ADMIN" -q -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
    URL="postgres://postgres@127.0.0.1:5432/$PG_DB"
  fi
  $BIN migrate --database "$URL" >/dev/null
  /usr/bin/time -f "nhập: %e s, %M KiB" $BIN import "$OUT/province-50k.ndjson" --database "$URL" >/dev/null
  echo "mat-khau-bench-2026" | $BIN user add quantri --name "Quản trị" --role admin --unit TINH --database "$URL" --password-stdin >/dev/null
  P=$(port)
  $BIN serve --database "$URL" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
  wait_up "$P"
  BASE="http://127.0.0.1:$P"
  COOKIE=$(login "$BASE" quantri mat-khau-bench-2026)
  ROOT=$(curl -s -H "Cookie: tdkt_session=$COOKIE" "$BASE/bao-cao?nam=2025" | sed -n 's/.*<option value="\([0-9]*\)"[^>]*>UBND tỉnh (tổng hợp)<.*/\1/p' | head -1)
  [ -n "$ROOT" ] || { echo "không thấy đơn vị tỉnh trong danh sách báo cáo"; kill $PID; exit 1; }
  time_it "trang báo cáo (5 biểu + tỷ lệ)" "$BASE/bao-cao?nam=2025&don-vi=$ROOT" "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC"
  time_it "các biểu .xlsx" "$BASE/bao-cao/thong-ke.xlsx?nam=2025&don-vi=$ROOT" "PK"
  time_it "các biểu .pdf" "$BASE/bao-cao/thong-ke.pdf?nam=2025&don-vi=$ROOT" "%PDF"
  time_it "biểu đồ tỷ lệ .svg" "$BASE/bao-cao/xu-huong.svg?nam=2025&don-vi=$ROOT" "</svg>"
  time_it "biểu đồ khen thưởng .svg" "$BASE/bao-cao/khen-thuong.svg?nam=2025&don-vi=$ROOT" "</svg>"
  time_it "báo cáo năm" "$BASE/bao-cao/dinh-ky?ky=nam&nam=2025&don-vi=$ROOT" "Theo đơn vị"
  time_it "báo cáo quý IV .xlsx" "$BASE/bao-cao/dinh-ky.xlsx?ky=quy&so=4&nam=2025&don-vi=$ROOT" "PK"
  time_it "danh sách khen thưởng" "$BASE/bao-cao/danh-sach?nam=2025&don-vi=$ROOT" "từng người qua các năm"
  time_it "danh sách .xlsx" "$BASE/bao-cao/danh-sach.xlsx?nam=2025&don-vi=$ROOT" "PK"
  time_it "quỹ thi đua" "$BASE/quy-thi-dua?nam=2025&don-vi=$ROOT" "Sổ quỹ năm 2025"
  kill $PID; wait $PID 2>/dev/null || true
done
