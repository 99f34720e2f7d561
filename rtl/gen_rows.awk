# What rtl/gen_layout.awk and rtl/gen_ports.awk share, read before either
# (awk -f rtl/gen_rows.awk -f rtl/gen_ports.awk TABLE): a table's bad row or
# a name given twice stops the generator with FILE:LINE.
function bad_row(expected) {
  printf "%s:%d: expected %s\n", FILENAME, FNR, expected > "/dev/stderr"
  failed = 1
  exit 1
}
function once(name) {
  if (name in seen) {
    printf "%s:%d: %s is given twice\n", FILENAME, FNR, name > "/dev/stderr"
    failed = 1
    exit 1
  }
  seen[name] = 1
}
# The row's three fields, kept as row number count: f1[count], f2[count], f3[count].
function keep() {
  count++
  f1[count] = $1
  f2[count] = $2
  f3[count] = $3
}
# The end: nothing after a bad row, and a table of no row (what: a row's name) stops the generator too.
function check_end(what) {
  if (failed) exit 1
  if (!count) {
    printf "%s: no %s\n", FILENAME, what > "/dev/stderr"
    exit 1
  }
}
