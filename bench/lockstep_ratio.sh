#!/usr/bin/env bash
# The cost of lockstep: one run of the RTL alone and one of the model against
# the RTL, on the same stream, and the ratio of their speeds (1.00: lockstep
# costs nothing beyond the RTL; the model and the comparator take the rest).
#   bench/lockstep_ratio.sh MMUCOSIM [run options...]
set -euo pipefail
bin=$1
shift
seconds() { awk '/ s \(/ { for (i = 1; i < NF; i++) if ($(i + 1) == "s") { print $i; exit } }'; }
rtl=$("$bin" run --backend rtl "$@" | tee /dev/stderr | seconds)
both=$("$bin" run --backend both "$@" | tee /dev/stderr | seconds)
awk -v r="$rtl" -v b="$both" 'BEGIN { printf "lockstep runs at %.3fx the speed of the RTL alone (%.3f s against %.3f s)\n", r / b, b, r }'
