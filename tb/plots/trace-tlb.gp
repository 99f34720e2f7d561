# A real program's trace: TLB miss ratio against TLB size, on the model.
# data: mmucosim trace --sweep DIR: DIR/trace-tlb.tsv.
set title "Trace: TLB miss ratio against TLB size"
set xlabel "TLB entries"
set ylabel "TLB misses per request (%)"
set logscale x 2
set logscale y 10
set xrange [3:300]
plot data using 1:($5 * 100) skip 1 with linespoints ls 1
