# A real program's trace: cache miss ratio against cache size, a line per associativity.
# data: mmucosim trace --sweep DIR: DIR/trace-cache.tsv (rows grouped by ways).
set title "Trace: cache miss ratio against cache size and ways"
set xlabel "cache size (KiB, 64-byte lines)"
set ylabel "cache misses per data access (%)"
set logscale x 2
set logscale y 10
set key top right
plot for [i = 1:4] data using 1:(column(2) == 2 ** (i - 1) ? $6 * 100 : NaN) skip 1 \
       with linespoints ls i title sprintf("%d way%s", 2 ** (i - 1), i > 1 ? "s" : "")
