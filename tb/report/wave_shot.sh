#!/bin/sh
# tb/report/wave_shot.sh FST GTKW PNG: opens a failure's waveform in GTKWave with its save file
# (the signal groups, the marker on the failing edge) and saves a screenshot of the screen as
# PNG, scaled down and with fewer colors to stay small. Run it on a display: `make wave-shot`
# gives it a virtual one (xvfb-run, 1600x900, the save file's window size). GTKWave exits 0
# even when it could not open a window, so success is judged by the window and the picture.
set -u
[ $# -eq 3 ] || { echo "usage: tb/report/wave_shot.sh FST GTKW PNG" >&2; exit 2; }
fst=$1 gtkw=$2 png=$3
[ -r "$fst" ] && [ -r "$gtkw" ] || { echo "wave-shot: no $fst or $gtkw" >&2; exit 2; }
# The save file's marker ("*ZOOM MARKER ..."): the view is zoomed to the cycles before it.
marker=$(sed -n 's/^\*[-0-9.]* \([0-9][0-9]*\) .*/\1/p' "$gtkw" | head -1)
[ -n "$marker" ] || { echo "wave-shot: $gtkw has no marker" >&2; exit 2; }
tcl=$(mktemp) || exit 2
from=$((marker > 60 ? marker - 60 : 0))
printf 'gtkwave::setZoomRangeTimes %s %s\ngtkwave::setMarker %s\n' "$from" $((marker + 20)) "$marker" > "$tcl"
gtkwave -S "$tcl" "$fst" "$gtkw" > /dev/null 2>&1 &
pid=$!
shown=0
for _ in $(seq 60); do
  if xwininfo -root -tree 2>/dev/null | grep -q 'GTKWave'; then shown=1; break; fi
  sleep 0.5
done
if [ $shown = 0 ]; then
  kill $pid 2>/dev/null
  rm -f "$tcl"
  echo "wave-shot: GTKWave opened no window in 30 s" >&2
  exit 1
fi
sleep 3 # the window draws its traces after it maps
import -window root "$png.tmp.png"
status=$?
kill $pid 2>/dev/null
wait $pid 2>/dev/null
rm -f "$tcl"
[ $status = 0 ] || { echo "wave-shot: import could not grab the screen" >&2; exit 1; }
convert "$png.tmp.png" -resize 1200x -colors 64 "PNG8:$png" && rm -f "$png.tmp.png"
