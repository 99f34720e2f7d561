# Generates, from rtl/layout.txt ("name type path" per line), the one list of
# the struct fields a harness reads, in two languages:
#   awk -v out=sv -f rtl/gen_rows.awk -f rtl/gen_layout.awk rtl/layout.txt > mmu_layout.svh  (mmu_sim_top's
#                                                                       ports and assigns)
#   awk -v out=c  -f rtl/gen_rows.awk -f rtl/gen_layout.awk rtl/layout.txt > mmu_layout.h    (LAYOUT_FIELDS(X))
# A bad line or a name given twice stops the build with FILE:LINE (rtl/gen_rows.awk).
/^[ \t]*(#|$)/ { next }
{
  if (NF != 3 || $1 !~ /^[a-z][a-z0-9_]*$/ || $2 !~ /^[a-z][a-z0-9_]*_t$/ || $3 !~ /^[a-z][a-z0-9_.]*$/)
    bad_row("\"name type path\" (a lower-case name, an mmu_pkg *_t type, a field path)")
  once($1)
  keep()  # f1: the name, f2: the type, f3: the path
}
END {
  check_end("field")
  if (out == "sv") {
    print "// Generated from rtl/layout.txt by rtl/gen_layout.awk: do not edit."
    print "`define MMU_LAYOUT_FIELD_PORTS \\"
    for (i = 1; i <= count; i++) printf "  `MMU_LAYOUT_PORTS(%s)%s\n", f1[i], i < count ? " \\" : ""
    print "`define MMU_LAYOUT_FIELD_ASSIGNS \\"
    for (i = 1; i <= count; i++) printf "  `MMU_LAYOUT(%s, %s, %s)%s\n", f1[i], f2[i], f3[i], i < count ? " \\" : ""
  } else {
    print "/* Generated from rtl/layout.txt by rtl/gen_layout.awk: do not edit. */"
    print "#ifndef MMU_LAYOUT_H"
    print "#define MMU_LAYOUT_H"
    printf "#define MMU_LAYOUT_COUNT %d\n", count
    print "/* X(name) for every field of mmu_sim_top's lay_<name>_lsb_o / lay_<name>_width_o ports, in order */"
    print "#define LAYOUT_FIELDS(X) \\"
    for (i = 1; i <= count; i++) printf "  X(%s)%s\n", f1[i], i < count ? " \\" : ""
    print "#endif"
  }
}
