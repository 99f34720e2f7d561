#!/bin/bash
# tb/cli/check_completion.sh MMUCOSIM COMPLETION: holds the bash completion COMPLETION against the
# help of MMUCOSIM: the commands it offers first must be those `MMUCOSIM --help` lists, and for each
# command the options it offers after `-` those `MMUCOSIM COMMAND --help` documents
# (tb/cli/help_options.sh). Prints each difference (`run: help has --foo, the completion not`) and
# a closing line; exit status 0 when they agree, 1 when not, 2 on bad usage.
set -u
[ $# -eq 2 ] || { echo "usage: tb/cli/check_completion.sh MMUCOSIM COMPLETION" >&2; exit 2; }
bin=$1 completion=$2
here=$(dirname "$0")
# shellcheck source=/dev/null
source "$completion" || exit 2
offered() { # the completion's reply to the words given
  COMP_WORDS=("$bin" "$@")
  COMP_CWORD=$#
  _mmucosim
  printf '%s\n' "${COMPREPLY[@]}" | sort -u
}
diffs=0
compare() { # what, help's list, the completion's list
  local only
  for only in $(comm -23 <(echo "$2") <(echo "$3")); do echo "$1: help has $only, the completion not"; diffs=$((diffs + 1)); done
  for only in $(comm -13 <(echo "$2") <(echo "$3")); do echo "$1: the completion has $only, help not"; diffs=$((diffs + 1)); done
}
commands=$("$here/help_options.sh" "$bin")
[ -n "$commands" ] || { echo "completion: $bin --help lists no command"; exit 1; }
compare commands "$commands" "$(offered "" | grep -v '^--help$')"
n=0
for c in $commands; do
  compare "$c" "$("$here/help_options.sh" "$bin" "$c")" "$(offered "$c" -)"
  n=$((n + 1))
done
if [ $diffs -eq 0 ]; then
  echo "completion: $n commands and their options agree with --help"
  exit 0
fi
echo "completion: $diffs differences from --help"
exit 1
