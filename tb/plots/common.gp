# Shared by every plot (tb/plots/plots.sh loads it first): tab-separated data with a header line,
# one look for all.
set datafile separator "\t"
set key noautotitle
set grid ytics lc rgb "#dddddd"
set border 3
set tics nomirror
set style line 1 lc rgb "#1f77b4" lw 2 pt 7 ps 0.8
set style line 2 lc rgb "#d62728" lw 2 pt 5 ps 0.8
set style line 3 lc rgb "#2ca02c" lw 2 pt 9 ps 0.8
set style line 4 lc rgb "#9467bd" lw 2 pt 11 ps 0.8
set style fill solid 0.8 border -1
