#!/bin/sh
# tb/plots/plots.sh RUN_DIR OUT_DIR: every plot of the report, as PNG and SVG, from the data
# files the runs wrote in RUN_DIR (the make targets: `make run`, then `make plots`).
#
#   plot          data file (in RUN_DIR)        written by
#   thrashing     scenarios/thrashing.tsv       mmucosim scenarios --data RUN_DIR/scenarios
#   kpti          scenarios/kpti.tsv            the same
#   coloring      scenarios/page-coloring.tsv   the same
#   trace-tlb     trace-tlb.tsv                 mmucosim trace --sweep RUN_DIR TRACE
#   trace-cache   trace-cache.tsv               the same
#   mutants       mutants.tsv                   mmucosim mutants --tsv RUN_DIR/mutants.tsv
#   coverage      coverage.tsv                  mmucosim coverage --tsv RUN_DIR/coverage.tsv RUN_DIR/regress.cov
#
# A plot whose data file is missing is skipped with one line naming the file and the command
# that writes it. Exit status: 0 (every plot made or skipped with its line); 2 bad usage or a
# gnuplot failure.
set -u
[ $# -eq 2 ] || { echo "usage: tb/plots/plots.sh RUN_DIR OUT_DIR" >&2; exit 2; }
run=$1 out=$2
here=$(dirname "$0")
command -v gnuplot >/dev/null || { echo "plots: no gnuplot (make deps installs gnuplot-nox)" >&2; exit 2; }
mkdir -p "$out" || exit 2

made=0 skipped=0
# plot NAME DATA-FILE COMMAND-THAT-WRITES-IT
plot() {
  name=$1 data=$2 maker=$3
  if [ ! -s "$data" ]; then
    echo "plots: $name skipped: no $data ($maker writes it)"
    skipped=$((skipped + 1))
    return 0
  fi
  for term in "pngcairo size 720,420 font 'DejaVu Sans,10'" "svg size 720,420 font 'DejaVu Sans,10' dynamic"; do
    ext=png
    case $term in svg*) ext=svg ;; esac
    if ! gnuplot -e "data = '$data'; set terminal $term; set output '$out/$name.$ext'" \
        "$here/common.gp" "$here/$name.gp"; then
      echo "plots: gnuplot failed on $here/$name.gp with $data" >&2
      exit 2
    fi
  done
  made=$((made + 1))
}

plot thrashing "$run/scenarios/thrashing.tsv" "mmucosim scenarios --data $run/scenarios"
plot kpti "$run/scenarios/kpti.tsv" "mmucosim scenarios --data $run/scenarios"
plot coloring "$run/scenarios/page-coloring.tsv" "mmucosim scenarios --data $run/scenarios"
plot trace-tlb "$run/trace-tlb.tsv" "mmucosim trace --sweep $run TRACE"
plot trace-cache "$run/trace-cache.tsv" "mmucosim trace --sweep $run TRACE"
plot mutants "$run/mutants.tsv" "make run (mmucosim mutants --tsv $run/mutants.tsv)"
plot coverage "$run/coverage.tsv" "mmucosim coverage --tsv $run/coverage.tsv $run/regress.cov"
echo "plots: $made made, $skipped skipped, in $out/ (PNG and SVG)"
