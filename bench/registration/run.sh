#!/usr/bin/env bash
# Issue 4's goal: registering a 2,000-person department by uploading the
# office's Excel sheet takes at most 1 s (server side, measured as the HTTP
# request with curl under hyperfine). Also times the plan's .docx and .pdf.
# Usage: bench/registration/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/registration
mkdir -p "$OUT"
command -v hyperfine >/dev/null || { echo "cần hyperfine (apt-get install hyperfine)"; exit 1; }
cargo build --release -q -p tdkt -p tdkt-documents --examples --bins
BIN=target/release/tdkt
. bench/lib.sh

# The demo agency, plus 2,000 people in Phòng Chính sách (code PCS).
rm -rf "$OUT/demo" && mkdir -p "$OUT/demo"
P=$(port); $BIN demo --data "$OUT/demo" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
wait_up "$P"; kill "$PID"; wait "$PID" 2>/dev/null || true
target/release/examples/gen_staff 2000 "$OUT/staff-2000.xlsx" PCS
$BIN import --database "sqlite:$OUT/demo/tdkt.sqlite" "$OUT/staff-2000.xlsx"

P=$(port); $BIN demo --data "$OUT/demo" --addr "127.0.0.1:$P" >/dev/null 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
wait_up "$P"
B="http://127.0.0.1:$P"
JAR="$OUT/jar"; rm -f "$JAR"
csrf() { curl -s -b "$JAR" -c "$JAR" "$1" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
T=$(csrf "$B/dang-nhap")
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf=$T" -d username=vanphong -d password=vanphong "$B/dang-nhap"
T=$(csrf "$B/")
[ -n "$T" ] || { echo "đăng nhập vanphong không thành công"; exit 1; }
# A request answered by a redirect to the login page would time as a fast
# success under curl -f: each measured URL is checked first (status, type).
expect() { # url status content-type-prefix [curl args…]
  local url=$1 want=$2 type=$3; shift 3
  local got; got=$(curl -s -b "$JAR" -o /dev/null -w '%{http_code} %{content_type} %{redirect_url}' "$@" "$url")
  case "$got" in
    "$want $type"*) ;;
    *) echo "không như mong đợi: $url → $got"; exit 1 ;;
  esac
  case "$got" in *dang-nhap*) echo "chuyển về trang đăng nhập: $url"; exit 1 ;; esac
}
YEAR=$(date +%Y)
PLAN=$(curl -s -b "$JAR" -o /dev/null -w '%{redirect_url}' --data-urlencode "csrf=$T" -d unit_id=11 -d year="$YEAR" \
  --data-urlencode "title=Phát động phong trào thi đua năm $YEAR" -d registration_due="31/12/$YEAR" "$B/ke-hoach/moi" | sed 's#.*/ke-hoach/\([0-9]*\).*#\1#')
curl -s -b "$JAR" -o /dev/null --data-urlencode "csrf=$T" "$B/ke-hoach/$PLAN/ban-hanh"
PCS=$(python3 -c "import sqlite3; print(sqlite3.connect('$OUT/demo/tdkt.sqlite').execute(\"select id from units where code='PCS'\").fetchone()[0])")
# The sheet the clerk fills: the template of the unit with every title column set to LĐTT.
curl -s -b "$JAR" -o "$OUT/template.xlsx" "$B/ke-hoach/$PLAN/dang-ky/$PCS/mau.xlsx"
python3 - "$OUT/template.xlsx" "$OUT/filled.xlsx" <<'PY'
import sys, zipfile, re
src, dst = sys.argv[1], sys.argv[2]
# Fill column E (Danh hiệu đăng ký) of every data row with an inline string "LĐTT".
zin = zipfile.ZipFile(src)
zout = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    data = zin.read(item.filename)
    if item.filename == 'xl/worksheets/sheet1.xml':
        xml = data.decode()
        xml = re.sub(r'<c r="E(\d+)"([^>]*)/>', lambda m: f'<c r="E{m.group(1)}"{m.group(2)} t="inlineStr"><is><t>LĐTT</t></is></c>' if int(m.group(1)) >= 5 else m.group(0), xml)
        data = xml.encode()
    zout.writestr(item, data)
zout.close()
PY
expect "$B/ke-hoach/$PLAN/dang-ky/$PCS/tai-len" 303 "" -F "csrf=$T" -F "file=@$OUT/filled.xlsx"
expect "$B/ke-hoach/$PLAN/van-ban.docx" 200 "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
expect "$B/ke-hoach/$PLAN/van-ban.pdf" 200 "application/pdf"
echo "== tải lên bản đăng ký 2.000 người (Excel)"
hyperfine --warmup 1 --runs 10 \
  "curl -sf -b $JAR -o /dev/null -F csrf=$T -F file=@$OUT/filled.xlsx $B/ke-hoach/$PLAN/dang-ky/$PCS/tai-len" \
  --export-markdown "$OUT/upload.md"
N=$(python3 -c "import sqlite3; print(sqlite3.connect('$OUT/demo/tdkt.sqlite').execute('select count(*) from registration_entries e join registrations r on r.id = e.registration_id where r.unit_id = $PCS').fetchone()[0])")
echo "số mục đăng ký đã lưu: $N"
[ "$N" -eq 2000 ] || { echo "cần 2.000 mục đăng ký"; exit 1; }
echo "== văn bản kế hoạch (.docx, .pdf) qua HTTP"
hyperfine --warmup 2 --runs 20 \
  "curl -sf -b $JAR -o /dev/null $B/ke-hoach/$PLAN/van-ban.docx" \
  "curl -sf -b $JAR -o /dev/null $B/ke-hoach/$PLAN/van-ban.pdf" \
  --export-markdown "$OUT/documents.md"
