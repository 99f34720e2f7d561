#!/usr/bin/env bash
# The model alone (`mmucosim run --backend model`, the default stimulus with the value checker), 1 000 000
# requests of seed 1 with 1 hart and with 4: the best of ROUNDS runs (default 5) of each, by the run's own
# seconds. Given a second binary (BASE, another build of mmucosim), its runs are interleaved with these
# (which runs first alternating by round) and the ratio printed (BASE's seconds over these), so that the
# machine's load falls on both alike: the ratio of the bests, and the median of the rounds' ratios with
# their range (each round's two runs close in time, so a minute when the machine is slow weighs on both).
#   [ROUNDS=N] [REQUESTS=N] bench/model_alone.sh MMUCOSIM [BASE]
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: [ROUNDS=N] [REQUESTS=N] bench/model_alone.sh MMUCOSIM [BASE]" >&2
  exit 2
fi
bin=$1 base=${2:-}
for b in "$bin" $base; do
  [ -x "$b" ] || { echo "bench/model_alone.sh: $b: not an executable" >&2; exit 2; }
done
rounds=${ROUNDS:-5} requests=${REQUESTS:-1000000}
seconds() { awk '/ s \(/ { for (i = 1; i < NF; i++) if ($(i + 1) == "s") { print $i; exit } }'; }
min() { awk -v a="$1" -v b="${2:-$1}" 'BEGIN { print (a < b ? a : b) }'; }
here=$(dirname "$0")
median() { sort -g | awk -v digits=2 -f "$here/median.awk"; }
for harts in 1 4; do
  best= best_base= ratios=
  for ((round = 1; round <= rounds; round++)); do
    # the base first in every other round: the order showed in the ratios here
    if [ -n "$base" ] && ((round % 2 == 0)); then
      b=$("$base" run --backend model --requests "$requests" --harts "$harts" | seconds)
    fi
    s=$("$bin" run --backend model --requests "$requests" --harts "$harts" | seconds)
    best=$(min "$s" "$best")
    if [ -n "$base" ]; then
      if ((round % 2)); then
        b=$("$base" run --backend model --requests "$requests" --harts "$harts" | seconds)
      fi
      best_base=$(min "$b" "$best_base")
      ratios+="$(awk -v s="$s" -v b="$b" 'BEGIN { print b / s }')"$'\n'
    fi
  done
  awk -v h="$harts" -v n="$requests" -v s="$best" -v r="$rounds" \
    'BEGIN { printf "model alone, %d hart%s: %.3f s (%.0f k requests/s), best of %d", h, (h > 1 ? "s" : ""), s, n / s / 1000, r }'
  if [ -n "$base" ]; then
    awk -v s="$best" -v b="$best_base" 'BEGIN { printf "; the base %.3f s: %.2fx", b, b / s }'
    printf "; the rounds' ratios: median %s" "$(printf '%s' "$ratios" | median)"
  fi
  echo
done
