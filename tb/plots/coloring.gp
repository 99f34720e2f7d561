# Page coloring: cache misses per page color, the naive and the colored frame allocator.
# data: the page-coloring scenario's table (DIR/page-coloring.tsv).
set title "Page coloring: cache misses by the color of the frame read"
set xlabel "page color"
set ylabel "cache misses"
set yrange [0:*]
set key top right
set style data histograms
set style histogram clustered gap 1
plot data using 2:xtic(1) skip 1 ls 2 title "naive allocator", \
     data using 3 skip 1 ls 1 title "colored allocator"
