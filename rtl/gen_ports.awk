# Generates, from rtl/ports.txt ("parameter|localparam Name default" and
# "direction type name" per line), mmu_sim_top's copy of mmu_top's parameters
# and ports and its connections to them:
#   awk -f rtl/gen_rows.awk -f rtl/gen_ports.awk rtl/ports.txt > mmu_ports.svh
# `MMU_TOP_PARAMS (the parameter list), `MMU_TOP_PORTS (declarations, each
# followed by a comma) and `MMU_TOP_CONNECT (.name, for each; the last without
# the comma). A bad line or a name given twice stops the build with FILE:LINE
# (rtl/gen_rows.awk).
/^[ \t]*(#|$)/ { next }
$1 == "parameter" || $1 == "localparam" {
  if (NF != 3 || $2 !~ /^[A-Z][A-Za-z0-9]*$/ || count) bad_row("\"parameter|localparam Name default\" before the ports")
  once($2)
  params++
  pkind[params] = $1
  pname[params] = $2
  pvalue[params] = $3
  next
}
{
  if (NF != 3 || ($1 != "input" && $1 != "output") || $3 !~ /^[a-z][a-z0-9_]*_[io]$/)
    bad_row("\"input|output type name_i|name_o\"")
  once($3)
  keep()  # f1: the direction, f2: the type, f3: the name
}
END {
  check_end("port")
  print "// Generated from rtl/ports.txt by rtl/gen_ports.awk: do not edit."
  print "`define MMU_TOP_PARAMS \\"
  for (i = 1; i <= params; i++)
    printf "  %s int unsigned %s = %s%s\n", pkind[i], pname[i], pvalue[i], i < params ? ", \\" : ""
  print "`define MMU_TOP_PORTS \\"
  for (i = 1; i <= count; i++) {
    t = f2[i]
    sub(/\[/, " [", t)
    printf "  %s %s %s,%s\n", f1[i] == "input" ? "input " : "output", t, f3[i], i < count ? " \\" : ""
  }
  print "`define MMU_TOP_CONNECT \\"
  for (i = 1; i <= count; i++) printf "  .%s%s\n", f3[i], i < count ? ", \\" : ""
}
