# KPTI: TLB misses per system call with and without ASIDs.
# data: the kpti scenario's table (DIR/kpti.tsv).
set title "KPTI: TLB misses per system call"
set ylabel "TLB misses per call"
set yrange [0:*]
set offsets 0, 0, graph 0.15, 0
set boxwidth 0.5
plot data using 0:2:xtic(1) skip 1 with boxes ls 1, \
     data using 0:2:(sprintf("%.2f (%.0f cycles)", $2, $3)) skip 1 with labels offset 0, 1
