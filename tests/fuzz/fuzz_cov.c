/* Fuzz target: the coverage file reader (model/cov.h). A file it accepts, read a second time into the same
 * counts, doubles every count, or is refused as a whole (a sum past 2^64-1) and changes none. */
#include "model/cov.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mm_cov c, once;
  const unsigned bins = mm_cov_bins();
  mm_cov_init(&c);
  char err[512] = "";
  if (!mm_cov_parse(&c, FUZZ_PATH, (const char *)data, size, err, sizeof err)) {
    fuzz_check_message(err, sizeof err);
    for (unsigned b = 0; b < bins; b++)
      if (c.count[b]) fuzz_fail("a refused file left counts behind", err);
    return 0;
  }
  memcpy(once.count, c.count, bins * sizeof *c.count);
  if (mm_cov_parse(&c, FUZZ_PATH, (const char *)data, size, err, sizeof err)) {
    for (unsigned b = 0; b < bins; b++)
      if (c.count[b] != 2 * once.count[b] || c.count[b] < once.count[b])
        fuzz_fail("read twice, a count is not doubled", "");
  } else {
    fuzz_check_message(err, sizeof err);
    for (unsigned b = 0; b < bins; b++)
      if (c.count[b] != once.count[b]) fuzz_fail("a refused second read changed counts", err);
  }
  mm_cov_tally g[MM_COV_GROUPS];
  mm_cov_tally all = mm_cov_count(&c, g);
  if (all.hit > all.reachable || all.reachable > all.bins) fuzz_fail("a tally out of order", "");
  return 0;
}
