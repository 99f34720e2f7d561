# The injected RTL bugs: requests the lockstep comparison needed to catch each (log scale).
# data: mmucosim mutants --tsv FILE (columns bug, name, seed, requests, result); the control
# row and survivors have no number and are left out.
set title "Injected bugs: requests until the co-simulation caught each"
set xlabel "injected bug (rtl/mutants.txt)"
set ylabel "requests to the first mismatch"
set logscale y 10
set yrange [0.5:*] # a bug caught at the first request still shows a bar
set xrange [0:*]
set boxwidth 0.7
plot data using 1:4 skip 1 with boxes ls 1
