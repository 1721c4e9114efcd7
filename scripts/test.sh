#!/usr/bin/env bash
# The one test command: installs what a fresh Debian machine lacks (Chromium,
# poppler-utils, the npm packages of the browser tests), then runs every test — unit tests,
# the integration tests on SQLite and PostgreSQL, and the browser tests.
#
# PostgreSQL: the suite uses TDKT_TEST_POSTGRES (default
# postgres://postgres@127.0.0.1:5432/test) and creates a fresh database per
# test. With TDKT_REQUIRE_POSTGRES=1 (CI) a server that does not answer is a
# failure; otherwise those tests are skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."

export TDKT_TEST_POSTGRES="${TDKT_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"

need_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Chromium runs the browser tests; pdftotext (poppler-utils) reads back the
# certificates they print.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Cài gói Debian: ${missing[*]}"
  need_root apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -d e2e/node_modules/playwright-core ]; then
  echo "==> Cài gói npm cho kiểm thử trình duyệt"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# Host and port of TDKT_TEST_POSTGRES (postgres://[user[:pw]@]host[:port][/db][?…];
# a bracketed IPv6 host is allowed), probed before the tests so a missing server
# is named here, not only by skipped test halves.
pg_rest="${TDKT_TEST_POSTGRES#*://}"
pg_rest="${pg_rest%%/*}"
pg_rest="${pg_rest%%\?*}"
pg_rest="${pg_rest##*@}"
if [[ "$pg_rest" == \[* ]]; then
  pg_host="${pg_rest%%]*}"; pg_host="${pg_host#[}"
  pg_port="${pg_rest##*]}"; pg_port="${pg_port#:}"
else
  pg_host="${pg_rest%%:*}"
  pg_port=""
  [[ "$pg_rest" == *:* ]] && pg_port="${pg_rest##*:}"
fi
pg_host="${pg_host:-127.0.0.1}"
pg_port="${pg_port:-5432}"
if (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; then
  echo "==> PostgreSQL trả lời tại $pg_host:$pg_port"
elif [ "${TDKT_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL không trả lời tại $pg_host:$pg_port mà CI bắt buộc có" >&2
  exit 1
else
  echo "CHÚ Ý: PostgreSQL không trả lời tại $pg_host:$pg_port — các nửa kiểm thử PostgreSQL sẽ bị BỎ QUA (số lượng in ở cuối)" >&2
fi

echo "==> Kiểm thử Rust (đơn vị, tích hợp trên SQLite và PostgreSQL, dòng lệnh)"
cargo test --workspace --locked

echo "==> Kiểm thử trình duyệt (Chromium không giao diện)"
cargo build --locked -p tdkt
(cd e2e && TDKT_BIN="$PWD/../target/debug/tdkt" npm test --silent)
echo "==> Tất cả kiểm thử đều đạt"
