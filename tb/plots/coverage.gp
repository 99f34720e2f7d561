# Functional coverage: bins hit of the reachable ones, per coverage group.
# data: mmucosim coverage --tsv FILE (columns group, bins, reachable, hit, unreachable, empty).
set title "Functional coverage: bins hit per group"
set ylabel "bins"
set yrange [0:*]
set key top right
set xtics rotate by -45
set style data histograms
set style histogram clustered gap 1
plot data using 3:xtic(1) skip 1 ls 4 title "reachable", \
     data using 4 skip 1 ls 3 title "hit"
