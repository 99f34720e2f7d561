#!/usr/bin/env bash
# A nightly regression spread over shards with GNU parallel: `mmucosim regress --shard I/N` for I = 1..N
# (I counts from 1), each shard one process (-j 1) with its own log folder and JUnit file, as many shards
# at once as there are cores; then one merged JUnit file (validated against tests/junit.xsd), each
# shard's failures with the commands that re-run them, and a closing "nightly: N passed, N failed".
#
# usage: tb/regress/nightly.sh [-s SHARDS] [-P PROCS] [-o OUT] [-S SSHLOGINS] [-- REGRESS OPTIONS]
#   -s SHARDS  shares of the job list (default 4)
#   -P PROCS   shards at once (default: the online cores; with -S, on each machine)
#   -o OUT     output folder (default build/nightly): shard I's output OUT/shard-I.out, its logs and
#              waveforms OUT/shard-I/, its JUnit OUT/shard-I.xml; the merged JUnit OUT/junit.xml
#   -S SSHLOGINS  run the shards on other machines over ssh: GNU parallel's --sshlogin list
#              (host1,host2 or "ssh -p 2222 user@host"; ':' is this machine). Each shard runs in a
#              temporary folder of its machine (~/.parallel/tmp/), build/mmucosim copied there first;
#              its output, logs and JUnit come back into OUT with rsync, and the folder is removed.
#              The machines need ssh without a password, rsync, perl, GNU parallel (its manual asks
#              for it) and the libraries mmucosim links; not the repository. OUT/joblog names the
#              machine of each shard.
#   -m         merge only: the JUnit files already in OUT (after a Slurm array, below)
#   REGRESS OPTIONS go to every shard, e.g. -- --seeds 16 --requests 50000
#
# Run it from anywhere after `make` (it needs build/mmucosim, and GNU parallel: `make deps`).
# On several machines, -S runs the same shards remotely (tb/regress/test_sshlogin.sh tries it against
# an sshd of its own on the loopback address). Under Slurm, a job array does the same with one shard per
# task (its task IDs counting from 1):
#   sbatch --array=1-N --wrap 'build/mmucosim regress --shard $SLURM_ARRAY_TASK_ID/N -j 1 \
#     --dir build/nightly/shard-$SLURM_ARRAY_TASK_ID --junit build/nightly/shard-$SLURM_ARRAY_TASK_ID.xml'
# and this script's merge step (-m, after the array) joins the JUnit files.
#
# Exit status: 0 every job passed; 1 a job failed; 2 bad usage, or a shard or the merge did not work.
set -euo pipefail
cd "$(dirname "$0")/../.."

shards=4
procs=$(nproc)
out=build/nightly
merge_only=false
sshlogins=""
usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; }
while getopts "s:P:o:S:mh" opt; do
  case $opt in
  s) shards=$OPTARG ;;
  P) procs=$OPTARG ;;
  o) out=$OPTARG ;;
  S) sshlogins=$OPTARG ;;
  m) merge_only=true ;;
  h) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if ! [[ $shards =~ ^[1-9][0-9]*$ && $procs =~ ^[1-9][0-9]*$ ]]; then
  echo "nightly: -s and -P take a number from 1" >&2
  exit 2
fi
mmucosim=build/mmucosim
[[ -x $mmucosim ]] || { echo "nightly: no $mmucosim: run make first" >&2; exit 2; }

# The shards' JUnit files as one: their testsuite elements under one testsuites with the counts summed
# and the time of the whole run (merge only: the longest shard's). junit.c writes each testsuites start
# tag on a line of its own.
merge() {
  awk -v wall="$1" '
    function attr(line, name) {
      return match(line, " " name "=\"[^\"]*\"") ? substr(line, RSTART + length(name) + 3, RLENGTH - length(name) - 4) : 0
    }
    /^<\?xml / || /^<\/testsuites>/ { next }
    /^<testsuites / {
      t += attr($0, "tests"); f += attr($0, "failures"); e += attr($0, "errors"); s += attr($0, "skipped")
      if (attr($0, "time") > longest) longest = attr($0, "time")
      next
    }
    { body = body $0 "\n" }
    END {
      if (wall == "") wall = longest
      printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      printf "<testsuites name=\"mmucosim regress, nightly\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n", t, f, e, s, wall
      printf "%s</testsuites>\n", body
    }' "${@:2}"
}

start=$EPOCHREALTIME
status=0
if ! $merge_only; then
  command -v parallel > /dev/null || { echo "nightly: GNU parallel is missing: make deps" >&2; exit 2; }
  rm -rf "$out"
  mkdir -p "$out"
  echo "nightly: $shards shards, $procs at once; output in $out/"
  remote=()
  if [[ -n $sshlogins ]]; then
    command -v rsync > /dev/null || { echo "nightly: -S needs rsync: make deps" >&2; exit 2; }
    echo "nightly: on $sshlogins"
    # the same relative paths in a temporary folder there; what the shard wrote comes back
    remote=(--sshlogin "$sshlogins" --workdir ... --transferfile "$mmucosim" --cleanup
      --return "$out/shard-{}.out" --return "$out/shard-{}.xml" --return "$out/shard-{}")
  fi
  # parallel's exit status is the number of shards that failed (a failing job fails its shard).
  seq 1 "$shards" | parallel --will-cite --halt never -j "$procs" --joblog "$out/joblog" "${remote[@]}" \
    "mkdir -p $out && $mmucosim regress --shard {}/$shards -j 1 --dir $out/shard-{} --junit $out/shard-{}.xml $* > $out/shard-{}.out 2>&1" ||
    status=$?
fi
wall=""
$merge_only || wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')

files=()
for i in $(seq 1 "$shards"); do
  if [[ ! -s $out/shard-$i.xml ]]; then
    echo "nightly: shard $i/$shards wrote no JUnit file; its output:" >&2
    cat "$out/shard-$i.out" >&2 2> /dev/null || true
    exit 2
  fi
  files+=("$out/shard-$i.xml")
done
merge "$wall" "${files[@]}" > "$out/junit.xml"
if command -v xmllint > /dev/null && ! xmllint --noout --schema tests/junit.xsd "$out/junit.xml" 2> "$out/xmllint.out"; then
  echo "nightly: the merged $out/junit.xml does not validate:" >&2
  cat "$out/xmllint.out" >&2
  exit 2
fi

for i in $(seq 1 "$shards"); do
  [[ -s $out/shard-$i.out ]] || continue
  echo "shard $i/$shards: $(tail -n 1 "$out/shard-$i.out") ($out/shard-$i.out)"
  # the shard's failures: what happened, the log, the re-run and gtkwave commands
  sed -n '/^regress: [0-9]* failed (/,/^regress: /{/^  /p}' "$out/shard-$i.out"
done
read -r tests failures errors skipped < <(sed -n '2s/.* tests="\([0-9]*\)" failures="\([0-9]*\)" errors="\([0-9]*\)" skipped="\([0-9]*\)".*/\1 \2 \3 \4/p' "$out/junit.xml")
echo "nightly: merged JUnit in $out/junit.xml${wall:+; $wall s wall}"
echo "nightly: $((tests - failures - errors - skipped)) passed, $((failures + errors)) failed"
((failures + errors == 0 && status == 0)) || exit 1
