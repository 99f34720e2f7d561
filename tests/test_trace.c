/*
 * Lackey traces (sw/scenarios/trace.h): the line reader, on every kind of
 * line and every way one can be malformed, and a small hand-made trace
 * replayed through the kernel on the model (no RTL: also under the
 * sanitizers): a fault per page first touched, two requests for a modify or
 * an access across pages, addresses beyond the user space skipped.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>

#include "sw/scenarios/trace.h"
#include "tb/cosim/machine.h"

typedef struct line_case {
  char line[48];
  int result; /* trace_parse's */
  trace_kind kind;
  uint64_t addr;
  unsigned size;
} line_case;

static line_case cases[] = {
    {"I  0401ab70,3\n", 1, TRACE_FETCH, 0x401ab70, 3},
    {" L 1fff000708,8\n", 1, TRACE_LOAD, 0x1fff000708, 8},
    {" S 1FFF0006f8,16\n", 1, TRACE_STORE, 0x1fff0006f8, 16},
    {" M 04a2c010,4", 1, TRACE_MODIFY, 0x4a2c010, 4},
    {"==557== Lackey, an example Valgrind tool\n", 0, 0, 0, 0},
    {"==557== \n", 0, 0, 0, 0},
    {"\n", 0, 0, 0, 0},
    {" \t\r\n", 0, 0, 0, 0},
    {" L 00000000000000001fff000708,8\n", 1, TRACE_LOAD, 0x1fff000708, 8},
    {" L fffffffffffffff8,8\n", 1, TRACE_LOAD, 0xfffffffffffffff8ull, 8},
    {" L fffffffffffffffc,8\n", -1, 0, 0, 0},
    {" L 1fff000708,18446744073709551624\n", -1, 0, 0, 0},
    {"X  0401ab70,3\n", -1, 0, 0, 0},
    {"I 0401ab70,3\n", -1, 0, 0, 0},
    {" L 1fff000708\n", -1, 0, 0, 0},
    {" L ,8\n", -1, 0, 0, 0},
    {" L 1fff00zz08,8\n", -1, 0, 0, 0},
    {" L 1fff000708,\n", -1, 0, 0, 0},
    {" L 1fff000708,0\n", -1, 0, 0, 0},
    {" L 1fff000708,4097\n", -1, 0, 0, 0},
    {" L 1fff000708,8 x\n", -1, 0, 0, 0},
    {" L 11112222333344445,8\n", -1, 0, 0, 0},
};

ParameterizedTestParameters(trace, parse) {
  return cr_make_param_array(line_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(line_case *c, trace, parse) {
  trace_rec rec = {0};
  const char *why = NULL;
  int got = trace_parse(c->line, &rec, &why);
  cr_assert_eq(got, c->result, "'%s': %d, want %d", c->line, got, c->result);
  if (got < 0) cr_assert(why && why[0], "'%s': no reason given", c->line);
  if (got == 1) {
    cr_assert_eq(rec.kind, c->kind, "'%s': kind %d", c->line, rec.kind);
    cr_assert_eq(rec.addr, c->addr, "'%s': address %#" PRIx64 ", want %#" PRIx64, c->line, rec.addr, c->addr);
    cr_assert_eq(rec.size, c->size, "'%s': size %u", c->line, rec.size);
  }
}

/* A model machine with the trace's process begun on it in t. */
static machine *begin(trace_run *t) {
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  mc.backend = COSIM_MODEL;
  char err[200];
  machine *m = tb_machine_new_model(&mc, err, sizeof err);
  cr_assert(m, "%s", err);
  trace_config cfg = TRACE_CONFIG_DEFAULT;
  const char *why = "";
  cr_assert(trace_begin(t, m, &cfg, &why), "%s", why);
  return m;
}

Test(trace, replays_through_the_kernel_on_the_model) {
  trace_run t;
  machine *m = begin(&t);
  static const trace_rec recs[] = {
      {TRACE_FETCH, 0x401000, 4},         /* page 0x401000: a fault */
      {TRACE_STORE, 0x7fff0000, 8},       /* page 0x7fff0000: a fault */
      {TRACE_LOAD, 0x7fff0000, 8},        /* the same page */
      {TRACE_MODIFY, 0x7fff0ffc, 8},      /* across pages: 2 words, twice; page 0x7fff1000: a fault */
      {TRACE_LOAD, 0x800000000000ull, 8}, /* beyond the user space: skipped */
      {TRACE_LOAD, 0x10, 8},              /* the null page: skipped */
  };
  for (unsigned i = 0; i < sizeof recs / sizeof recs[0]; i++)
    cr_assert_eq(trace_step(&t, &recs[i]), KERN_OK, "record %u at %#" PRIx64, i, recs[i].addr);
  cr_assert_eq(t.st.records, 4);
  cr_assert_eq(t.st.skipped, 2);
  cr_assert_eq(t.st.requests, 7, "%" PRIu64 " requests, want 1 + 1 + 1 + 2 * 2", t.st.requests);
  cr_assert_eq(t.k.stats.faults, 3, "%" PRIu64 " page faults, want one per page first touched", t.k.stats.faults);
  cr_assert_eq(t.st.tlb_hits + t.st.walks, t.st.requests, "every request either hit or walked");
  trace_end(&t);
  tb_machine_free(m);
}

Test(trace, step_skips_every_access_outside_the_user_space_without_wrapping) {
  trace_run t;
  machine *m = begin(&t);
  /* records a caller may build by hand: the sum addr + size would wrap past 2^64 */
  static const trace_rec recs[] = {
      {TRACE_LOAD, 0xfffffffffffffff8ull, 8},
      {TRACE_LOAD, 0xfffffffffffffffcull, 8},
      {TRACE_STORE, 0xffffffffffffffffull, 4096},
      {TRACE_LOAD, (1ull << 47) - 4, 8}, /* its last bytes beyond the user space */
  };
  for (unsigned i = 0; i < sizeof recs / sizeof recs[0]; i++)
    cr_expect_eq(trace_step(&t, &recs[i]), KERN_OK, "record %u at %#" PRIx64, i, recs[i].addr);
  cr_expect_eq(t.st.skipped, 4, "%" PRIu64 " skipped, want 4", t.st.skipped);
  cr_expect_eq(t.st.records, 0, "%" PRIu64 " replayed, want 0", t.st.records);
  trace_end(&t);
  tb_machine_free(m);
}
