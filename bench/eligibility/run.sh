#!/usr/bin/env bash
# Benchmark of issue 3: `tdkt eligibility --award BK_TTG --year 2025 --format summary`
# against a DuckDB formulation of Luật 2022 Đ73 k1 b, on the same synthetic stream.
#
#   bench/eligibility/run.sh [PEOPLE] [ROUNDS]        (defaults: 250000 people, 3 rounds)
#
# Generates the file once (deterministic: `tdkt synth --seed 42`), warms the page cache,
# then runs DuckDB and tdkt alternately ROUNDS times, each under /usr/bin/time -v,
# checks that the eligible counts agree, and prints every time, the medians, their
# ratio and the peak resident memory. Environment: BENCH_DIR (default /tmp/tdkt-bench),
# TDKT_BIN (default target/release/tdkt, built if missing), SEED (default 42).
set -euo pipefail

PEOPLE=${1:-250000}
ROUNDS=${2:-3}
SEED=${SEED:-42}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${BENCH_DIR:-/tmp/tdkt-bench}
BIN=${TDKT_BIN:-$ROOT/target/release/tdkt}
FILE="$DIR/synth-$PEOPLE-$SEED.ndjson"
mkdir -p "$DIR"

if [ ! -x "$BIN" ]; then
    cargo build --release -p tdkt --manifest-path "$ROOT/Cargo.toml"
fi
python3 -c 'import duckdb' 2>/dev/null || pip install duckdb

# "m:ss.cc" or "h:mm:ss" from /usr/bin/time -v → seconds.
wall() { grep 'Elapsed (wall clock)' "$1" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }
rss_mib() { grep 'Maximum resident set size' "$1" | awk '{printf "%.0f", $NF/1024}'; }

if [ ! -f "$FILE" ]; then
    echo "== tdkt synth --people $PEOPLE --seed $SEED"
    /usr/bin/time -v "$BIN" synth --people "$PEOPLE" --seed "$SEED" --output "$FILE" 2> "$DIR/synth.time"
    echo "   $(wall "$DIR/synth.time") s, peak $(rss_mib "$DIR/synth.time") MiB"
fi
echo "== $FILE: $(du -m "$FILE" | cut -f1) MiB, $(wc -l < "$FILE") lines"
cat "$FILE" > /dev/null   # page cache warm for both contenders

echo "== machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a DT TT
for r in $(seq "$ROUNDS"); do
    /usr/bin/time -v python3 "$ROOT/bench/eligibility/duckdb_count.py" "$FILE" 2025 > "$DIR/duck.out" 2> "$DIR/duck.time"
    /usr/bin/time -v "$BIN" eligibility --input "$FILE" --award BK_TTG --year 2025 --format summary > "$DIR/tdkt.out" 2> "$DIR/tdkt.time"
    d=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["eligible"])' "$DIR/duck.out")
    t=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["eligible"])' "$DIR/tdkt.out")
    DT+=("$(wall "$DIR/duck.time")"); TT+=("$(wall "$DIR/tdkt.time")")
    printf "round %d: duckdb %6.2f s %5s MiB eligible=%s | tdkt %6.2f s %5s MiB eligible=%s\n" \
        "$r" "${DT[-1]}" "$(rss_mib "$DIR/duck.time")" "$d" "${TT[-1]}" "$(rss_mib "$DIR/tdkt.time")" "$t"
    if [ "$d" != "$t" ]; then
        echo "MISMATCH: duckdb $d, tdkt $t" >&2
        cat "$DIR/tdkt.out" >&2
        exit 1
    fi
done
echo "tdkt summary: $(cat "$DIR/tdkt.out")"
python3 - "${DT[*]}" "${TT[*]}" <<'PY'
import statistics, sys
d = [float(x) for x in sys.argv[1].split()]
t = [float(x) for x in sys.argv[2].split()]
md, mt = statistics.median(d), statistics.median(t)
# Each round runs the two back to back: the ratio within a round shares the machine's
# conditions, so its median is the fairest figure on a shared machine.
r = statistics.median(b / a for a, b in zip(d, t))
print(f"median: duckdb {md:.2f} s, tdkt {mt:.2f} s, ratio of medians {mt/md:.2f}; median of per-round ratios {r:.2f} (goal ≤ 0.50)")
PY
