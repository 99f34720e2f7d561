/* Fuzz target: the tab-separated tables that mmucosim report reads (tb/report/report.h). A table it
 * accepts has every cell of every row, found by its header's name. */
#include "tb/report/report.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  report_table t;
  char err[512] = "";
  if (!report_table_parse(&t, FUZZ_PATH, (const char *)data, size, err, sizeof err)) {
    fuzz_check_message(err, sizeof err);
    return 0;
  }
  if (t.cols < 1 || t.cols > REPORT_TABLE_MAX_COLS) fuzz_fail("a table without its columns", "");
  for (unsigned r = 0; r < t.rows; r++)
    for (unsigned c = 0; c < t.cols; c++)
      if (!report_cell(&t, r, t.cell[c])) fuzz_fail("a cell not found by its column's name", t.cell[c]);
  if (report_cell(&t, t.rows, t.cell[0])) fuzz_fail("a cell found past the last row", "");
  report_table_free(&t);
  return 0;
}
