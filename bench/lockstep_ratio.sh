#!/usr/bin/env bash
# The cost of lockstep: runs of the RTL alone and of the model against the
# RTL, on the same stream, and the ratio of their speeds (1.00: lockstep
# costs nothing beyond the RTL; the model and the comparator take the rest).
# Each side runs ROUNDS times (default 5), interleaved, and the fastest of each counts, so
# that another process on the machine distorts the figure less; the median of the rounds'
# ratios, and their range, follow (a round's two runs close in time share the machine's mood).
#   [ROUNDS=N] bench/lockstep_ratio.sh MMUCOSIM [run options...]
set -euo pipefail
bin=$1
shift
seconds() { awk '/ s \(/ { for (i = 1; i < NF; i++) if ($(i + 1) == "s") { print $i; exit } }'; }
best_rtl=
best_both=
ratios=
for ((round = 1; round <= ${ROUNDS:-5}; round++)); do
  if [ "$round" = 1 ]; then
    rtl=$("$bin" run --backend rtl "$@" | tee /dev/stderr | seconds)
    both=$("$bin" run --backend both "$@" | tee /dev/stderr | seconds)
  elif ((round % 2)); then
    rtl=$("$bin" run --backend rtl "$@" | seconds)
    both=$("$bin" run --backend both "$@" | seconds)
  else # lockstep first in every other round: the order showed in the ratios here
    both=$("$bin" run --backend both "$@" | seconds)
    rtl=$("$bin" run --backend rtl "$@" | seconds)
  fi
  ratios+="$(awk -v r="$rtl" -v b="$both" 'BEGIN { print r / b }')"$'\n'
  best_rtl=$(awk -v a="$rtl" -v b="${best_rtl:-$rtl}" 'BEGIN { print (a < b ? a : b) }')
  best_both=$(awk -v a="$both" -v b="${best_both:-$both}" 'BEGIN { print (a < b ? a : b) }')
done
median=$(printf '%s' "$ratios" | sort -g | awk -v digits=3 -f "$(dirname "$0")/median.awk")
awk -v r="$best_rtl" -v b="$best_both" -v n="${ROUNDS:-5}" -v m="$median" 'BEGIN { printf "lockstep runs at %.3fx the speed of the RTL alone (best of %d: %.3f s against %.3f s); the rounds\047 ratios: median %s\n", r / b, n, b, r, m }'
