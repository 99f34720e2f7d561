/* Fuzz target: the replay file reader (tb/cosim/replay.h); a file it accepts, written back and read again,
 * writes the same text (the writer and the reader agree). */
#include "tb/cosim/replay.h"
#include "tests/fuzz/fuzz.h"

/* r as replay_print writes it (free it); NULL when out of memory. */
static char *printed(const replay *r, size_t *len) {
  char *text = NULL;
  FILE *out = open_memstream(&text, len);
  if (!out) return NULL;
  replay_print(out, r, "fuzz");
  fclose(out);
  return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  replay r;
  char err[512] = "";
  if (!replay_parse(FUZZ_PATH, (const char *)data, size, &r, err, sizeof err)) {
    fuzz_check_message(err, sizeof err);
    return 0;
  }
  size_t len1, len2;
  char *once = printed(&r, &len1);
  replay back;
  if (!once) abort();
  if (!replay_parse(FUZZ_PATH, once, len1, &back, err, sizeof err)) fuzz_fail("the writer's text is refused", err);
  char *twice = printed(&back, &len2);
  if (!twice) abort();
  if (len1 != len2 || memcmp(once, twice, len1)) fuzz_fail("written, read and written again it differs", "");
  if (back.n != r.n) fuzz_fail("read back with another number of events", "");
  free(once);
  free(twice);
  replay_free(&back);
  replay_free(&r);
  return 0;
}
