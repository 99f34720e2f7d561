/* The project's Verilated RTL as a DUT (dut.h), and the DUTs of a build that has it. */
#include <stdio.h>
#include <stdlib.h>

#include "tb/cosim/dut.h"
#include "tb/cosim/waves.h"
#include "tb/verilator/rtl.h"

_Static_assert(DUT_FIRST_EDGE == RTL_FIRST_EDGE, "the harness takes its first request at DUT_FIRST_EDGE");

typedef struct dut_rtl {
  dut base; /* first */
  rtl_sim *sim;
  mm_bus *bus;
  dut_config cfg;
} dut_rtl;

static dut_rtl *of(dut *d) { return (dut_rtl *)d; }
static const dut_rtl *of_c(const dut *d) { return (const dut_rtl *)d; }

static uint64_t cycle(const dut *d) { return rtl_cycle(of_c(d)->sim); }
static void set_csrs(dut *d, unsigned h, const mm_csrs *csrs) { rtl_set_csrs(of(d)->sim, h, csrs); }
static void post(dut *d, unsigned h, const mm_req *req, const mm_fence *fence, mm_obs *out, uint64_t accept) {
  rtl_post(of(d)->sim, h, req, fence, out, accept);
}
static void poke(dut *d, unsigned h, uint64_t pa, uint64_t value) { rtl_poke(of(d)->sim, h, pa, value); }
static unsigned tick(dut *d) { return rtl_tick(of(d)->sim, of(d)->bus); }
static uint64_t accept_cycle(const dut *d, unsigned h) { return rtl_hart_accept_cycle(of_c(d)->sim, h); }
static bool trace_open(dut *d, const char *path) { return rtl_trace_open(of(d)->sim, path); }
static void trace_close(dut *d) { rtl_trace_close(of(d)->sim); }
static bool write_gtkw(const dut *d, const char *gtkw, const char *fst, uint64_t marker_cycle) {
  const dut_config *c = &of_c(d)->cfg;
  return waves_write_gtkw(gtkw, fst, c->harts, c->tlb_entries, c->bug || c->mutant_build, marker_cycle);
}
static bool assertion(const dut *d, dut_assertion *out) {
  rtl_assertion a;
  if (!rtl_assertion_failed(of_c(d)->sim, &a)) return false;
  *out = (dut_assertion){.count = a.count, .cycle = a.cycle, .hart = a.hart};
  snprintf(out->name, sizeof out->name, "%s", a.name);
  snprintf(out->where, sizeof out->where, "%s", a.where);
  return true;
}
static void free_rtl(dut *d) {
  rtl_free(of(d)->sim);
  free(d);
}

static const dut_ops rtl_ops = {
    .cycle = cycle,
    .set_csrs = set_csrs,
    .post = post,
    .poke = poke,
    .tick = tick,
    .accept_cycle = accept_cycle,
    .trace_open = trace_open,
    .trace_close = trace_close,
    .write_gtkw = write_gtkw,
    .free = free_rtl,
    .assertion = assertion,
};

static dut *create(const dut_config *cfg, char *err, size_t errlen) {
  dut_rtl *r = calloc(1, sizeof *r);
  if (!r) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  rtl_config rc = {.harts = cfg->harts,
                   .tlb_entries = cfg->tlb_entries,
                   .mem_latency = cfg->mem_latency,
                   .bug = cfg->bug,
                   .mutant_build = cfg->mutant_build};
  r->sim = rtl_new(&rc, err, errlen);
  if (!r->sim) {
    free(r);
    return NULL;
  }
  r->base = (dut){.ops = &rtl_ops, .name = "rtl"};
  r->bus = cfg->bus;
  r->cfg = *cfg;
  return &r->base;
}

static const dut_class rtl_class = {
    .name = "rtl", .summary = "the project's MMU RTL under Verilator (cycle-exact comparison)", .create = create};

/* CVA6's classes are in the programs that link tb/cva6/dut_cva6.c; elsewhere
 * these weak references are NULL and the list skips them. */
extern const dut_class dut_cva6_class __attribute__((weak));
extern const dut_class dut_cva6_h_class __attribute__((weak));
extern const dut_class dut_cva6_shared_class __attribute__((weak));

static const dut_class *const classes[] = {&rtl_class, &dut_model_class, &dut_cva6_class, &dut_cva6_h_class,
                                           &dut_cva6_shared_class};
#define N_CLASSES (sizeof classes / sizeof classes[0])

unsigned dut_class_count(void) {
  unsigned n = 0;
  for (unsigned i = 0; i < N_CLASSES; i++)
    n += classes[i] != NULL;
  return n;
}

const dut_class *dut_class_at(unsigned i) {
  for (unsigned k = 0; k < N_CLASSES; k++)
    if (classes[k] && i-- == 0) return classes[k];
  return NULL;
}
