# Generates, from rtl/mutants.txt ("N name description" per line), the one
# list of injected bugs in two languages:
#   awk -v out=sv -f rtl/gen_bugs.awk rtl/mutants.txt  > mmu_bugs.svh  (bug_e, for mmu_pkg.sv)
#   awk -v out=c  -f rtl/gen_bugs.awk rtl/mutants.txt  > mmu_bugs.h    (MMU_BUGS(X), for C and C++)
# Numbers must run 1, 2, 3, ... in order; a gap or a bad line stops the build.
function camel(s,   n, parts, i, r) {
  n = split(s, parts, "_")
  r = ""
  for (i = 1; i <= n; i++) r = r toupper(substr(parts[i], 1, 1)) substr(parts[i], 2)
  return r
}
function cstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
/^[ \t]*(#|$)/ { next }
{
  if ($1 != count + 1 || $2 !~ /^[a-z][a-z0-9_]*$/ || NF < 3) {
    printf "%s:%d: expected \"%d name description\"\n", FILENAME, FNR, count + 1 > "/dev/stderr"
    failed = 1
    exit 1
  }
  count++
  name[count] = $2
  desc = $0
  sub(/^[ \t]*[0-9]+[ \t]+[a-z0-9_]+[ \t]+/, "", desc)
  what[count] = desc
}
END {
  if (failed) exit 1
  if (out == "sv") {
    print "// Generated from rtl/mutants.txt by rtl/gen_bugs.awk: do not edit."
    print "typedef enum logic [7:0] {"
    printf "  BugNone = 8'd0%s\n", count ? "," : ""
    for (i = 1; i <= count; i++)
      printf "  Bug%s = 8'd%d%s  // %s\n", camel(name[i]), i, i < count ? "," : "", what[i]
    print "} bug_e;"
  } else {
    print "/* Generated from rtl/mutants.txt by rtl/gen_bugs.awk: do not edit. */"
    print "#ifndef MMU_BUGS_H"
    print "#define MMU_BUGS_H"
    printf "#define MMU_BUG_COUNT %d\n", count
    print "/* X(number, name, description) for every injected bug, in order */"
    print "#define MMU_BUGS(X) \\"
    for (i = 1; i <= count; i++)
      printf "  X(%d, %s, %s)%s\n", i, cstr(name[i]), cstr(what[i]), i < count ? " \\" : ""
    print "#endif"
  }
}
