#!/usr/bin/env bash
# The model's throughput against another build's, case by case: both
# bench_model binaries run ROUNDS times (default 5), interleaved so that the
# machine's load falls on both alike, and the best rate of each case counts.
# Prints each case's best rates and their ratio (NEW over BASE).
#   bench/model_ratio.sh BASE_BENCH_MODEL NEW_BENCH_MODEL [ROUNDS] [SECONDS_PER_CASE]
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: bench/model_ratio.sh BASE_BENCH_MODEL NEW_BENCH_MODEL [ROUNDS] [SECONDS_PER_CASE]" >&2
  exit 2
fi
base=$1 new=$2 rounds=${3:-5} seconds=${4:-0.5}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((r = 1; r <= rounds; r++)); do
  "$base" "$seconds" 1 | sed 's/^/base\t/' >>"$out"
  "$new" "$seconds" 1 | sed 's/^/new\t/' >>"$out"
done
# A case's line: its name, then rate, count and a last column; the name is all but the last three fields.
awk -F'\t' -v rounds="$rounds" '
  $2 ~ /^(model|case|data access)/ { next }
  {
    n = split($2, f, / +/)
    name = f[1]; for (i = 2; i <= n - 3; i++) name = name " " f[i]
    if (!(name in seen)) { seen[name] = 1; order[++cases] = name }
    if (f[n - 2] + 0 > best[$1, name]) best[$1, name] = f[n - 2] + 0
  }
  END {
    printf "best of %d rounds each, interleaved\n%-32s %14s %14s %7s\n", rounds, "case", "base /s", "new /s", "ratio"
    for (k = 1; k <= cases; k++) {
      c = order[k]
      printf "%-32s %14.0f %14.0f %6.2fx\n", c, best["base", c], best["new", c], best["new", c] / best["base", c]
    }
  }' "$out"
