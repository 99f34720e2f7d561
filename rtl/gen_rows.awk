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
