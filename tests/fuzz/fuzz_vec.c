/* Fuzz target: the vector reader (tb/vec/vecfile.h), and a file it accepts run on the model (vecrun.h). */
#include "tb/vec/vecfile.h"
#include "tb/vec/vecrun.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *sink;
  if (!sink) sink = fopen("/dev/null", "w");
  vec_file f;
  char err[512] = "";
  if (!vec_parse_text(FUZZ_PATH, (const char *)data, size, &f, err, sizeof err)) {
    fuzz_check_message(err, sizeof err);
    return 0;
  }
  vec_opts opts = {.out = sink};
  vec_stats stats = {0};
  vec_run(&f, &opts, &stats);
  if (stats.accesses != f.accesses) fuzz_fail("vec_run ran another number of accesses than the file holds", "");
  vec_free(&f);
  return 0;
}
