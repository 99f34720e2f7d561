# The thrashing curve: page-fault rate against working-set size, the frame count marked.
# data: the thrashing scenario's table (mmucosim scenarios --data DIR: DIR/thrashing.tsv).
stats data using 2 nooutput
frames = STATS_max
set title "Thrashing: page faults as the working set outgrows memory"
set xlabel "working set (4 KiB pages)"
set ylabel "page-fault rate (%)"
set yrange [0:105]
set key top left
set arrow from frames, graph 0 to frames, graph 1 nohead dt 2 lw 1.5 lc rgb "#555555"
set label sprintf("%d frames", frames) at frames, graph 0.93 offset 0.7, 0
plot data using 1:($5 * 100) skip 1 with linespoints ls 1 title "all passes", \
     data using 1:($6 * 100) skip 1 with linespoints ls 2 title "passes after the first"
