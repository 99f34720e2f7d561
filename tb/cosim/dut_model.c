/*
 * The golden model as a DUT (dut.h): a second instance of the model's harts,
 * memory system and scheduler (model/sched.h), on the DUT's own side, clocked
 * edge by edge as the RTL is. Lockstep of the model against this DUT checks
 * the engine itself (its feeds, drivers, comparisons, reports, snapshots and
 * replays) without Verilator, under the sanitizers; and any difference it
 * shows is a nondeterminism in the model or the engine.
 *
 * The scheduler asks for a hart's request when the hart is idle: it gets the
 * posted one. It completes a request at its last access, possibly before
 * the response's edge; the completion waits for that edge's tick.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model/memsys.h"
#include "model/sched.h"
#include "tb/cosim/dut.h"

typedef struct model_slot {
  bool posted;    /* a request waits for the scheduler to take it */
  bool busy;      /* posted and not yet answered at its response edge */
  bool completed; /* the scheduler completed it: response holds its edge */
  uint64_t response;
  uint64_t accepted; /* the edge it was taken at (the scheduler's start); 0 before */
  mm_sched_request r;
} model_slot;

typedef struct dut_model {
  dut base; /* first */
  dut_config cfg;
  mm_hart harts[MM_MAX_HARTS];
  unsigned n_init; /* harts initialised */
  mm_memsys memsys;
  bool memsys_ok;
  mm_sched sched;
  uint64_t edge; /* the last edge simulated */
  model_slot slot[MM_MAX_HARTS];
} dut_model;

static dut_model *of(dut *d) { return (dut_model *)d; }
static const dut_model *of_c(const dut *d) { return (const dut_model *)d; }

static bool next(void *ctx, unsigned h, uint64_t idle, mm_sched_request *r) {
  dut_model *m = ctx;
  model_slot *s = &m->slot[h];
  (void)idle;
  if (!s->posted) return false;
  s->posted = false;
  *r = s->r;
  return true;
}

static void done(void *ctx, unsigned h, const mm_sched_request *r, uint64_t response) {
  dut_model *m = ctx;
  model_slot *s = &m->slot[h];
  s->completed = true;
  s->response = response;
  s->accepted = r->accept;
}

static uint64_t cycle(const dut *d) { return of_c(d)->edge; }

static void set_csrs(dut *d, unsigned h, const mm_csrs *csrs) { of(d)->harts[h].csrs = *csrs; }

static void post(dut *d, unsigned h, const mm_req *req, const mm_fence *fence, mm_obs *out, uint64_t accept) {
  dut_model *m = of(d);
  model_slot *s = &m->slot[h];
  s->r = (mm_sched_request){.is_fence = fence != NULL, .accept = accept, .out = out};
  if (req) s->r.req = *req;
  if (fence) s->r.fence = *fence;
  s->posted = s->busy = true;
  s->completed = false;
  s->accepted = 0;
  mm_sched_kick(&m->sched);
}

static void poke(dut *d, unsigned h, uint64_t pa, uint64_t value) {
  dut_model *m = of(d);
  mm_sched_hart *sh = &m->sched.h[h];
  mm_sched_request *r = sh->state == MM_SCHED_LOADED ? &sh->r : &m->slot[h].r;
  r->poke = true;
  r->poke_pa = pa;
  r->poke_value = value;
}

static unsigned tick(dut *d) {
  dut_model *m = of(d);
  uint64_t e = ++m->edge;
  m->sched.horizon = e; /* the requests of the edges to come are not posted yet */
  mm_sched_run_until(&m->sched, e);
  unsigned responded = 0;
  for (unsigned h = 0; h < m->cfg.harts; h++) {
    model_slot *s = &m->slot[h];
    if (s->busy && s->completed && s->response == e) {
      s->busy = false;
      responded |= 1u << h;
    }
  }
  return responded;
}

static uint64_t accept_cycle(const dut *d, unsigned h) {
  const dut_model *m = of_c(d);
  const model_slot *s = &m->slot[h];
  if (s->completed) return s->accepted;
  const mm_sched_hart *sh = &m->sched.h[h];
  return sh->state == MM_SCHED_WAITING ? sh->r.accept : 0;
}

static bool trace_open(dut *d, const char *path) {
  (void)d;
  (void)path;
  return false; /* the model has no waveform */
}
static void trace_close(dut *d) { (void)d; }

static void free_model(dut *d) {
  dut_model *m = of(d);
  if (m->memsys_ok) mm_memsys_destroy(&m->memsys);
  for (unsigned h = 0; h < m->n_init; h++)
    mm_hart_destroy(&m->harts[h]);
  free(m);
}

static const dut_ops model_ops = {
    .cycle = cycle,
    .set_csrs = set_csrs,
    .post = post,
    .poke = poke,
    .tick = tick,
    .accept_cycle = accept_cycle,
    .trace_open = trace_open,
    .trace_close = trace_close,
    .write_gtkw = NULL,
    .free = free_model,
};

static dut *create(const dut_config *cfg, char *err, size_t errlen) {
  if (cfg->bug || cfg->mutant_build) {
    snprintf(err, errlen, "the model has no injected bugs (they are the RTL's mutant build)");
    return NULL;
  }
  if (cfg->harts < 1 || cfg->harts > MM_MAX_HARTS) {
    snprintf(err, errlen, "harts must be 1..%d", MM_MAX_HARTS);
    return NULL;
  }
  dut_model *m = calloc(1, sizeof *m);
  if (!m) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  m->base = (dut){.ops = &model_ops, .name = "model"};
  m->cfg = *cfg;
  m->edge = DUT_FIRST_EDGE - 1;
  const char *why = "";
  for (; m->n_init < cfg->harts; m->n_init++) {
    mm_hart_params p = {.tlb_entries = cfg->tlb_entries, .mem_latency = cfg->mem_latency, .id = m->n_init};
    if (!mm_hart_init(&m->harts[m->n_init], &p, &why)) {
      snprintf(err, errlen, "%s", why);
      free_model(&m->base);
      return NULL;
    }
  }
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = cfg->mem_latency};
  if (!(m->memsys_ok = mm_memsys_init(&m->memsys, &mp, cfg->bus, &why))) {
    snprintf(err, errlen, "%s", why);
    free_model(&m->base);
    return NULL;
  }
  mm_sched_source src = {.next = next, .done = done, .ctx = m};
  mm_sched_init(&m->sched, m->harts, cfg->harts, &m->memsys, &src, DUT_FIRST_EDGE);
  return &m->base;
}

const dut_class dut_model_class = {
    .name = "model",
    .summary = "a second, independent instance of the golden model (checks the engine; no waveform)",
    .create = create};
