# Bash completion for mmucosim: its commands, each command's options, and the values some of them
# take (files and folders, backends, injected bugs, scenarios). `make install` puts it in
# share/bash-completion/completions/mmucosim; to try it from the tree: source tb/cli/mmucosim.bash.
#
# The option lists are each command's --help, option for option: tests/test_api.c compares them
# with tb/cli/help_options.sh's reading of the help, so a new option without its completion fails
# the test.

_mmucosim_opts() {
  case $1 in
  color) echo "--cache-kib --help --pages --passes --ways -P -c -h -p -w" ;;
  coverage) echo "--baseline --bins --help --output --tsv --unreachable -b -h -o -u" ;;
  mutants) echo "--dir --first-seed --help --jobs --junit --list --requests --seeds --shard --stop-first --timeout --tsv -S -h -j -n -s" ;;
  regress) echo "--bug --coverage --dir --dut --first-seed --help --jobs --junit --list --requests --seeds --shard --stop-first --timeout --tsv -S -h -j -n -s" ;;
  report) echo "--help --lcov --out --plots --run-dir -h -o -p -r" ;;
  run) echo "--backend --bug --coverage --dut --fail-prefix --harts --help --history --known-fail --latency --list-bugs --mutant-build --quiet --record --replay --requests --seed --serial --snapshots --threads --timing-free --tlb --verbose --wave-window -H -b -h -l -n -q -s -t -v -w" ;;
  scenarios) echo "--backend --bug --data --help --latency --list --quiet --seed --tlb -L -b -h -l -q -s -t" ;;
  shrink) echo "--backend --bug --dut --fail-prefix --harts --help --history --known-fail --latency --list-bugs --max-runs --mutant-build --out --quiet --record --replay --requests --seed --serial --snapshots --threads --timing-free --tlb --verbose --wave-window -H -b -h -l -n -o -q -s -t -v -w" ;;
  trace) echo "--bug --fail-prefix --frames --help --latency --limit --lockstep --naive --resident --sweep --tlb -f -h -l -n -r -t -w" ;;
  vec) echo "--dut --help --quiet --verbose -h -q -v" ;;
  esac
}

_mmucosim() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local commands="vec run regress mutants color scenarios trace coverage shrink report"
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    mapfile -t COMPREPLY < <(compgen -W "$commands --help" -- "$cur")
    return
  fi
  local cmd=${COMP_WORDS[1]}
  # An option's value.
  case $prev in
  --replay | --record | --coverage | --junit | --tsv | --out | -o | --baseline | --bins | --output | --lcov | --fail-prefix)
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return
    ;;
  --dir | --data | --run-dir | -r | --plots | -p | --sweep)
    if [ "$prev" != -r ] && [ "$prev" != -p ] || [ "$cmd" = report ]; then
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return
    fi
    ;;
  --backend | -b)
    if [ "$cmd" != coverage ]; then
      mapfile -t COMPREPLY < <(compgen -W "model rtl both" -- "$cur")
      return
    fi
    ;;
  --dut)
    mapfile -t COMPREPLY < <(compgen -W "rtl model cva6 cva6-h cva6-shared" -- "$cur")
    return
    ;;
  --known-fail)
    mapfile -t COMPREPLY < <(compgen -W "all napot-reserved pointer-adu mxr-on-hit noncanonical-walk napot-two-stage hit-g-before-vs mxr-implicit-fetch hlvx-implicit-x hlvx-on-hit g-table-no-u gpa-truncated gpa-wide shared-tlb-permission" -- "$cur")
    return
    ;;
  --bug)
    mapfile -t COMPREPLY < <(compgen -W "$("${COMP_WORDS[0]}" run --list-bugs 2>/dev/null | awk '{ print $1 }')" -- "$cur")
    return
    ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_mmucosim_opts "$cmd")" -- "$cur")
  elif [ "$cmd" = scenarios ]; then
    mapfile -t COMPREPLY < <(compgen -W "$("${COMP_WORDS[0]}" scenarios --list 2>/dev/null | awk '{ print $1 }')" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

complete -F _mmucosim mmucosim
