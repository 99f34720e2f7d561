/* Fuzz target: the lackey trace reader (sw/scenarios/trace.h); the first accesses it reads replayed through
 * the kernel on a model machine. */
#include "sw/scenarios/trace.h"
#include "tb/cosim/machine.h"
#include "tests/fuzz/fuzz.h"

#define REPLAYED 64 /* accesses replayed per input: the kernel's work, not the reader's, beyond that */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static trace_rec recs[REPLAYED];
  trace_reader tr;
  trace_open_mem(&tr, FUZZ_PATH, (const char *)data, size);
  trace_rec rec;
  char err[512] = "";
  int got;
  size_t n = 0;
  while ((got = trace_next(&tr, &rec, err, sizeof err)) == 1) {
    if (rec.size < 1 || rec.size > TRACE_MAX_SIZE || rec.addr > UINT64_MAX - (rec.size - 1))
      fuzz_fail("an access out of range was read", "");
    if (n < REPLAYED) recs[n++] = rec;
  }
  trace_close(&tr);
  if (got < 0) {
    fuzz_check_message(err, sizeof err);
    return 0;
  }
  if (!n) return 0;
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  mc.backend = COSIM_MODEL;
  machine *m = tb_machine_new_model(&mc, err, sizeof err);
  if (!m) fuzz_fail("no model machine", err);
  trace_run t;
  trace_config cfg = TRACE_CONFIG_DEFAULT;
  cfg.frames = 256;
  const char *why = "";
  if (!trace_begin(&t, m, &cfg, &why)) fuzz_fail("trace_begin", why);
  for (size_t i = 0; i < n; i++) {
    kern_status st = trace_step(&t, &recs[i]);
    if (st != KERN_OK) fuzz_fail("an access the reader took did not replay", kern_status_name(st));
  }
  if (t.st.records + t.st.skipped != n) fuzz_fail("accesses neither replayed nor skipped", "");
  trace_end(&t);
  tb_machine_free(m);
  return 0;
}
