#!/usr/bin/env bash
# The one test command: installs what a fresh Debian machine lacks (Chromium,
# the npm packages of the browser tests), then runs every test — unit tests,
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

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Cài Chromium (gói Debian)"
  need_root apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d e2e/node_modules/playwright-core ]; then
  echo "==> Cài gói npm cho kiểm thử trình duyệt"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${TDKT_REQUIRE_POSTGRES:-0}" = "1" ]; then
  if ! (exec 3<>"/dev/tcp/127.0.0.1/5432") 2>/dev/null; then
    echo "PostgreSQL không trả lời tại 127.0.0.1:5432 mà CI bắt buộc có" >&2
    exit 1
  fi
fi

echo "==> Kiểm thử Rust (đơn vị, tích hợp trên SQLite và PostgreSQL, dòng lệnh)"
cargo test --workspace --locked

echo "==> Kiểm thử trình duyệt (Chromium không giao diện)"
cargo build --locked -p tdkt
(cd e2e && TDKT_BIN="$PWD/../target/debug/tdkt" npm test --silent)
echo "==> Tất cả kiểm thử đều đạt"
