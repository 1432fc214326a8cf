#!/usr/bin/env bash
# Batch throughput of `nianbao check`: generate a corpus, then time reading its bytes (cat)
# and checking it (one thread, then every core) in the same run, and print reports per second
# and the ratio of nianbao's time to cat's. The goal is a ratio under 5 on one core.
#
#   benches/batch.sh [COUNT] [SEED]        (defaults: 10000 reports, seed 1)
#   BENCH_DIR=DIR  corpus folder (default target/bench-corpus); KEEP=1 keeps it afterwards
#   RUNS=N         timed runs of each command, best kept (default 3)
set -euo pipefail

count=${1:-10000}
seed=${2:-1}
runs=${RUNS:-3}
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-target/bench-corpus}
marker=.nianbao-bench-corpus

case "$count$seed$runs" in
  *[!0-9]*) echo "usage: benches/batch.sh [COUNT] [SEED] (whole numbers)" >&2; exit 2 ;;
esac

# Remove only a folder this script made (it holds the marker), never anything else.
if [ -e "$dir" ] && [ ! -f "$dir/$marker" ]; then
  echo "batch.sh: $dir exists and was not made by this script; set BENCH_DIR" >&2
  exit 2
fi
cleanup() { [ -n "${KEEP:-}" ] || { [ -f "$dir/$marker" ] && rm -rf "$dir"; }; }
trap cleanup EXIT

cargo build --release --quiet --bin nianbao --example gen_corpus
rm -rf "$dir"
target/release/examples/gen_corpus --out "$dir" --count "$count" --seed "$seed" --error-share 0.2
touch "$dir/$marker"

now() { date +%s%N; }
# Best wall time of `$runs` runs of a command, in nanoseconds.
best() {
  local b="" t0 t1
  for _ in $(seq "$runs"); do
    t0=$(now); "$@" > /dev/null; t1=$(now)
    if [ -z "$b" ] || [ $((t1 - t0)) -lt "$b" ]; then b=$((t1 - t0)); fi
  done
  echo "$b"
}
read_all() { find "$dir" -name '*.txt' -print0 | xargs -0 cat; }
check() { target/release/nianbao check --json --jobs "$1" "$dir" || [ $? -eq 1 ]; }

bytes=$(find "$dir" -name '*.txt' -print0 | xargs -0 cat | wc -c)
cores=$(nproc)
read_all > /dev/null # warm the page cache
cat_ns=$(best read_all)
one_ns=$(best check 1)
all_ns=$(best check "$cores")

awk -v n="$count" -v b="$bytes" -v c="$cat_ns" -v o="$one_ns" -v a="$all_ns" -v k="$cores" 'BEGIN {
  printf "corpus: %d reports, %.1f MB\n", n, b / 1e6
  printf "%-22s %9s %12s %12s\n", "", "seconds", "reports/s", "ratio to cat"
  printf "%-22s %9.3f %12.0f %12s\n", "cat (read only)", c / 1e9, n / (c / 1e9), "1.0"
  printf "%-22s %9.3f %12.0f %12.1f\n", "nianbao --jobs 1", o / 1e9, n / (o / 1e9), o / c
  printf "%-22s %9.3f %12.0f %12.1f\n", "nianbao --jobs " k, a / 1e9, n / (a / 1e9), a / c
  printf "goal: ratio under 5 on one core: %s\n", (o / c < 5) ? "met" : "not met"
}'
