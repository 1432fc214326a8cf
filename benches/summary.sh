#!/usr/bin/env bash
# Time of `nianbao summary` (the intake workbook) against `nianbao check --json` on the same
# generated folder. The goal: the workbook within 2× the time of check --json.
#
#   benches/summary.sh [COUNT] [SEED]      (defaults: 5000 reports, seed 1)
#   BENCH_DIR=DIR  corpus folder (default target/bench-summary); KEEP=1 keeps it afterwards
#   RUNS=N         timed runs of each command, best kept (default 3)
set -euo pipefail

count=${1:-5000}
seed=${2:-1}
runs=${RUNS:-3}
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-target/bench-summary}
out=$(mktemp -d)
marker=.nianbao-bench-corpus

case "$count$seed$runs" in
  *[!0-9]*) echo "usage: benches/summary.sh [COUNT] [SEED] (whole numbers)" >&2; exit 2 ;;
esac

# Remove only a folder this script made (it holds the marker), never anything else.
if [ -e "$dir" ] && [ ! -f "$dir/$marker" ]; then
  echo "summary.sh: $dir exists and was not made by this script; set BENCH_DIR" >&2
  exit 2
fi
cleanup() {
  rm -rf "$out"
  [ -n "${KEEP:-}" ] || { [ -f "$dir/$marker" ] && rm -rf "$dir"; }
}
trap cleanup EXIT

cargo build --release --quiet --bin nianbao --example gen_corpus
rm -rf "$dir"
target/release/examples/gen_corpus --out "$dir" --count "$count" --seed "$seed" --error-share 0.2
touch "$dir/$marker"

# An empty review store, so both commands see the same (unreviewed) intake.
export NIANBAO_STORE="$out/store"
now() { date +%s%N; }
# Best wall time of `$runs` runs of a command, in nanoseconds (exit 1 = error findings: fine).
best() {
  local b="" t0 t1
  for _ in $(seq "$runs"); do
    t0=$(now); "$@" > /dev/null || [ $? -eq 1 ]; t1=$(now)
    if [ -z "$b" ] || [ $((t1 - t0)) -lt "$b" ]; then b=$((t1 - t0)); fi
  done
  echo "$b"
}
check() { target/release/nianbao check --json "$dir"; }
summary() { target/release/nianbao summary "$dir" -o "$out/s.xlsx" "$@"; }

find "$dir" -type f -print0 | xargs -0 cat > /dev/null # warm the page cache
check_ns=$(best check)
latest_ns=$(best summary)
latest_rows=$(target/release/nianbao summary "$dir" --csv "$out/csv" >/dev/null 2>&1 || true
  grep -c . "$out/csv/问题清单.csv" || true)
size=$(stat -c %s "$out/s.xlsx")
# The year with the most reports, as an intake of its own.
busy=$(find "$dir" -name '*.txt' | grep -o '20[0-9][0-9]' | sort | uniq -c | sort -rn | awk 'NR==1 {print $2}')
busy_ns=$(best summary --year "$busy")

awk -v n="$count" -v c="$check_ns" -v l="$latest_ns" -v b="$busy_ns" -v y="$busy" -v s="$size" \
    -v f="$latest_rows" 'BEGIN {
  printf "corpus: %d reports; workbook %.1f MB, %d findings listed\n", n, s / 1e6, f - 1
  printf "%-34s %9s %10s\n", "", "seconds", "ratio"
  printf "%-34s %9.3f %10s\n", "check --json", c / 1e9, "1.0"
  printf "%-34s %9.3f %10.2f\n", "summary (latest year)", l / 1e9, l / c
  printf "%-34s %9.3f %10.2f\n", "summary --year " y " (busiest year)", b / 1e9, b / c
  printf "goal: summary within 2x check --json: %s\n", (l / c <= 2 && b / c <= 2) ? "met" : "not met"
}'
