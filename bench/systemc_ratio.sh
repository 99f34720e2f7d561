#!/usr/bin/env bash
# The cost of SystemC and TLM-2.0: one implementation on the same stimulus
# (seed 1, 1 hart, TLB 16, latency 4) through the C co-simulation
# (mmucosim run --backend B: the model through the scheduler of harts in
# flight, which predicts every grant of the memory system's port, so that a
# walk waits, and resumes by replay, at each of its accesses; or the RTL
# under the C harness) and through the SystemC platform (mmusc --backend B: the TLM-2.0 component, its memory
# target and the traffic generator), each the best of three runs, and the
# ratio of their speeds.
#   bench/systemc_ratio.sh MMUCOSIM MMUSC model|rtl REQUESTS
set -euo pipefail
cosim=$1 mmusc=$2 backend=$3 requests=$4
# requests/s: mmucosim's "(N requests/s, ...", mmusc's "mmusc: ... (N requests/s)"
rate() { awk '/requests\/s/ { for (i = 2; i <= NF; i++) if ($i ~ /^requests\/s/) { v = $(i - 1); gsub(/\(/, "", v); print v; exit } }'; }
best() { sort -n | tail -1; }
direct=$(for i in 1 2 3; do "$cosim" run --backend "$backend" --requests "$requests" | rate; done | best)
sc=$(for i in 1 2 3; do "$mmusc" --backend "$backend" --requests "$requests" --quiet | rate; done | best)
if [ "$backend" = model ]; then
  echo "== the model, $requests requests of seed 1 (best of 3): the C co-simulation's scheduler (mmucosim run) against TLM-2.0 (mmusc: direct calls, one request at a time)"
  awk -v d="$direct" -v s="$sc" 'BEGIN { printf "scheduler %.0f requests/s, TLM %.0f requests/s: %.2fx\n", d, s, s / d }'
else
  echo "== the RTL, $requests requests of seed 1 (best of 3): the C harness (mmucosim run) against SystemC (mmusc)"
  awk -v d="$direct" -v s="$sc" 'BEGIN { printf "C harness %.0f requests/s, SystemC %.0f requests/s: SystemC runs the RTL at %.2fx the C harness speed (%s)\n", d, s, s / d, (s >= d ? "no slower" : sprintf("%.2fx slower", d / s)) }'
fi
