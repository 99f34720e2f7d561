#!/usr/bin/env bash
# What parallel jobs buy: the same regression with -j 1 and with -j N (default: the online cores), wall
# time each, interleaved over ROUNDS rounds; the fastest of each counts, so that another process on the
# machine distorts the figure less (the load average is printed beside each run). The two tables must be
# the same but for the seconds column.
#   bench/regress_speedup.sh MMUCOSIM [-r ROUNDS] [-j N] [regress options...]
set -euo pipefail
bin=$1
shift
rounds=3
jobs=$(nproc)
while [[ $# -gt 0 && ($1 == -r || $1 == -j) ]]; do
  [[ $1 == -r ]] && rounds=$2 || jobs=$2
  shift 2
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# the table without the seconds column (the second-to-last field)
table() { awk '/^harts tlb / { on = 1 } /^regress: / { on = 0 } on { $(NF - 1) = ""; print }' "$1"; }
best=()
for round in $(seq "$rounds"); do
  for j in 1 "$jobs"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$EPOCHREALTIME
    "$bin" regress -j "$j" --dir "$dir/logs" "$@" > "$dir/out-$j" || true
    wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
    echo "round $round: -j $j: $wall s wall (load average before: $load)"
    best[j]=$(awk -v a="$wall" -v b="${best[j]:-$wall}" 'BEGIN { print (a < b ? a : b) }')
  done
  cmp -s <(table "$dir/out-1") <(table "$dir/out-$jobs") || { echo "regress_speedup: -j 1 and -j $jobs tables differ" >&2; exit 1; }
done
awk -v a="${best[1]}" -v b="${best[$jobs]}" -v j="$jobs" \
  'BEGIN { printf "regress -j %d runs %.2fx as fast as -j 1 (best of the rounds: %.2f s against %.2f s); the tables agree\n", j, a / b, b, a }'
