# The median and range of the numbers it reads, one a line, sorted ascending
# (`sort -g | awk -v digits=N -f bench/median.awk`): "MEDIANx (LOWx-HIGHx)",
# each with `digits` decimals (default 2). Used by model_alone.sh and lockstep_ratio.sh.
{ v[NR] = $1 }
END {
  d = digits == "" ? 2 : digits
  m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "%." d "fx (%." d "fx-%." d "fx)", m, v[1], v[NR]
}
