#!/bin/sh
# tb/cli/help_options.sh MMUCOSIM [COMMAND]: the options `MMUCOSIM COMMAND --help` documents, one a
# line, sorted (every -x and --long-name that starts a line of its option lists, indented 2 or 6); with no
# COMMAND, the commands `MMUCOSIM --help` lists. What tb/cli/mmucosim.bash must offer: the test
# of the completion (tests/test_api.c) holds one against the other.
set -u
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: tb/cli/help_options.sh MMUCOSIM [COMMAND]" >&2
  exit 2
fi
if [ $# -eq 1 ]; then
  "$1" --help 2>&1 | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' | sort
  exit 0
fi
"$1" "$2" --help 2>&1 |
  awk '/^(  |      )-/ { for (i = 1; i <= NF; i++) { w = $i; sub(/,$/, "", w); if (w ~ /^--?[a-zA-Z0-9]/) print w; else break } }' |
  sort -u
