#include "cosim.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compare.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "model/pma.h"
#include "model/pte.h"
#include "side.h"
#include "sw/stim.h"
#include "tb/vec/vecrun.h"
#include "tb/verilator/rtl.h"
#include "waves.h"

#define HISTORY_MAX 64
#define TIME_SAMPLE 16 /* requests per timed one */

/* A request as the history keeps it: formatted only for a report. */
typedef struct history_entry {
  unsigned index;
  stim_event ev;
  obs_brief outcome;
} history_entry;

/* The waveform of a re-run: tracing starts wave_window cycles before
 * trace_from (the failing request's acceptance), into path. */
typedef struct trace_plan {
  const char *path;
  uint64_t from;  /* cycle of the failing request's acceptance */
  bool on;        /* tracing */
  uint64_t first; /* cycle tracing started */
} trace_plan;

typedef struct cosim {
  const cosim_config *cfg;
  cosim_backend backend; /* of this run (a waveform re-run: the RTL alone) */
  cosim_stats *stats;
  stim *stim;
  mm_hart harts[MM_MAX_HARTS]; /* the model's harts; their CSRs are the one truth, for both sides */
  side *model_side, *rtl_side;
  mm_memsys memsys; /* the model's memory system, over model_side's bus */
  mm_port port;     /* its port */
  bool started;     /* the first request has been issued: software's stores are requests from now on */
  rtl_sim *rtl;
  bool use_model, use_rtl;
  trace_plan *trace; /* NULL: no waveform */
  history_entry history[HISTORY_MAX];
  unsigned n_history;
} cosim;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

const char *cosim_backend_name(cosim_backend b) {
  static const char *name[] = {"model", "rtl", "both"};
  return name[b];
}

static void format_event(char *buf, size_t len, const stim_event *ev) {
  if (ev->kind == STIM_ACCESS) {
    static const char *op[] = {"translate", "load", "store", "fetch", "cbo.clean", "cbo.flush", "cbo.inval"};
    const mm_req *q = &ev->req;
    char req[96];
    vec_format_req(req, sizeof req, q);
    int n = snprintf(buf, len, "hart %u access %s %s", ev->hart, req, q->data_op < 7 ? op[q->data_op] : "?");
    if (n > 0 && (size_t)n < len && q->data_op >= MM_DATA_LOAD && q->data_op <= MM_DATA_FETCH)
      n += snprintf(buf + n, len - (size_t)n, "/%u", q->size);
    if (n > 0 && (size_t)n < len && q->data_op == MM_DATA_STORE)
      snprintf(buf + n, len - (size_t)n, " data=%#" PRIx64, q->wdata);
    return;
  }
  const mm_fence *f = &ev->fence;
  int n = snprintf(buf, len, "hart %u %s", ev->hart, mm_fence_name(f->kind));
  if (f->has_addr && n >= 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " addr=%#" PRIx64, f->addr);
  if (f->has_id && n >= 0 && (size_t)n < len)
    snprintf(buf + n, len - (size_t)n, " %s=%u", f->kind == MM_FENCE_HFENCE_GVMA ? "vmid" : "asid", f->id);
}

static void format_history(char *buf, size_t len, const history_entry *h) {
  char req[128], outcome[128] = "done";
  format_event(req, sizeof req, &h->ev);
  if (h->ev.kind == STIM_ACCESS) obs_format_outcome(outcome, sizeof outcome, &h->outcome);
  snprintf(buf, len, "#%u %s -> %s", h->index, req, outcome);
}

static void remember(cosim *c, unsigned index, const stim_event *ev, const mm_obs *o) {
  history_entry *h = &c->history[c->n_history++ % HISTORY_MAX];
  h->index = index;
  h->ev = *ev;
  h->outcome = obs_brief_of(o);
}

static void report_mismatch(cosim *c, unsigned index, const stim_event *ev, const mm_obs *m, const mm_obs *r) {
  const cosim_config *cfg = c->cfg;
  FILE *out = cfg->out;
  char req[128];
  format_event(req, sizeof req, ev);
  fprintf(out, "\nMISMATCH at request %u (seed %" PRIu64 "): %s  [%s]\n", index, cfg->seed, req,
          ev->note ? ev->note : "");
  if (cfg->quiet) return;
  obs_report(out, m, r, ev->kind == STIM_FENCE);
  uint64_t accept = rtl_accept_cycle(c->rtl);
  fprintf(out, "  accepted at cycle %" PRIu64 ", response at cycle %" PRIu64 "\n", accept, accept + r->cycles);
  unsigned shown = c->n_history < cfg->history ? c->n_history : cfg->history;
  if (shown > HISTORY_MAX) shown = HISTORY_MAX;
  if (shown) fprintf(out, "  the %u requests before it:\n", shown);
  for (unsigned k = c->n_history - shown; k < c->n_history; k++) {
    char line[300];
    format_history(line, sizeof line, &c->history[k % HISTORY_MAX]);
    fprintf(out, "    %s\n", line);
  }
  fprintf(out, "  re-run: build/mmucosim run --seed %" PRIu64 " --requests %u --harts %u --tlb %u --latency %u",
          cfg->seed, index + 1, cfg->harts, cfg->tlb_entries, cfg->mem_latency);
  if (cfg->bug) fprintf(out, " --bug %u", cfg->bug);
  if (cfg->mutant_build && !cfg->bug) fprintf(out, " --mutant-build");
  fprintf(out, "\n");
}

/* The RTL side's requests, over its own bus (tb/verilator/rtl.h). */
/* The RTL side's requests, over its own bus (tb/verilator/rtl.h). */
static void rtl_side_access(cosim *c, unsigned hart, const mm_req *req, mm_obs *out) {
  rtl_access(c->rtl, hart, req, &c->rtl_side->bus, out);
}
static void rtl_side_fence(cosim *c, unsigned hart, const mm_fence *fence, mm_obs *out) {
  rtl_fence(c->rtl, hart, fence, &c->rtl_side->bus, out);
}
static void rtl_side_poke(cosim *c, unsigned hart, uint64_t pa, uint64_t value) { rtl_poke(c->rtl, hart, pa, value); }

static void apply_csr(cosim *c, const stim_event *ev) {
  mm_hart *hart = &c->harts[ev->hart];
  mm_csr_write(&hart->csrs, ev->csr, ev->value);
  if (c->use_rtl) rtl_set_csrs(c->rtl, ev->hart, &hart->csrs);
}

/* Before the first request, software's stores build the initial image in
 * each side's memory directly; after it, they are M-mode store requests
 * (returned as an access event), taken in turn by the harts. */
static bool software_store(cosim *c, stim_event *ev) {
  if (!c->started) {
    mm_mem_write64(c->model_side->mem, ev->pa, ev->value);
    if (c->use_rtl) mm_mem_write64(c->rtl_side->mem, ev->pa, ev->value);
    return true;
  }
  uint64_t pa = ev->pa, value = ev->value;
  const char *note = ev->note;
  unsigned h = ev->hart;
  *ev = (stim_event){
      .kind = STIM_ACCESS,
      .hart = h,
      .note = note,
      .req = {.va = pa, .type = MM_STORE, .priv = MM_PRIV_M, .data_op = MM_DATA_STORE, .size = 8, .wdata = value}};
  return false;
}

/* What software and other agents do (memory writes, a store racing a walk,
 * CSR changes), applied to each side; false for a request (ev may have
 * become one). */
static bool apply_software_event(cosim *c, stim_event *ev) {
  switch (ev->kind) {
  case STIM_MEM: return software_store(c, ev);
  case STIM_POKE:
    mm_memsys_arm_poke(&c->memsys, ev->hart, ev->pa, ev->value);
    if (c->use_rtl) rtl_side_poke(c, ev->hart, ev->pa, ev->value);
    return true;
  case STIM_CSR: apply_csr(c, ev); return true;
  case STIM_ACCESS:
  case STIM_FENCE: c->started = true; return false;
  }
  return false;
}

/* The counts of the summary, from one side's observation. */
static void count(cosim_stats *st, const stim_event *ev, const mm_obs *o) {
  st->requests++;
  if (ev->kind == STIM_FENCE) {
    st->fences++;
  } else {
    st->accesses++;
    st->bare += o->bare;
    st->hits += o->tlb_hit;
    st->walks += o->n_ops > 0 && o->ops[0].kind == MM_OP_READ; /* a walk reads a PTE first */
    st->faults += !o->ok;
    st->guest_faults += !o->ok && cause_is_guest_page_fault(o->cause);
  }
  for (unsigned i = 0; i < o->n_ops; i++) {
    const mm_memop *op = &o->ops[i];
    if (op->kind == MM_OP_READ || op->kind == MM_OP_CAS) {
      st->walk_ops++;
      st->walk_op_hits += op->hit;
      st->failed_updates += op->kind == MM_OP_CAS && op->cmp != op->old;
    } else {
      st->data_ops[op->mt < 3 ? op->mt : 0]++;
      st->data_hits += op->mt == MM_MT_MAIN && op->hit;
    }
  }
  for (unsigned i = 0; i < o->n_bus; i++) {
    const mm_bus_txn *t = &o->bus[i];
    if (t->beats == 8)
      *(t->write ? &st->bus_lines_written : &st->bus_lines_read) += 1;
    else
      *(t->write ? &st->bus_beats_written : &st->bus_beats_read) += 1;
  }
}

static bool setup(cosim *c, const cosim_config *cfg, cosim_backend backend, cosim_stats *stats) {
  *c = (cosim){.cfg = cfg, .backend = backend, .stats = stats};
  c->use_model = backend != COSIM_RTL;
  c->use_rtl = backend != COSIM_MODEL;
  if (cfg->harts < 1 || cfg->harts > MM_MAX_HARTS) {
    fprintf(stderr, "mmucosim run: --harts must be 1..%d\n", MM_MAX_HARTS);
    return false;
  }
  for (unsigned h = 0; h < cfg->harts; h++) {
    mm_hart_params p = {.tlb_entries = cfg->tlb_entries, .mem_latency = cfg->mem_latency, .id = h};
    const char *why;
    if (!mm_hart_init(&c->harts[h], &p, &why)) {
      fprintf(stderr, "mmucosim run: %s\n", why);
      return false;
    }
  }
  if (c->use_rtl) {
    char err[256];
    rtl_config rc = {.harts = cfg->harts,
                     .tlb_entries = cfg->tlb_entries,
                     .mem_latency = cfg->mem_latency,
                     .bug = cfg->bug,
                     .mutant_build = cfg->mutant_build};
    c->rtl = rtl_new(&rc, err, sizeof err);
    if (!c->rtl) {
      fprintf(stderr, "mmucosim run: %s\n", err);
      return false;
    }
  }
  c->stim = stim_new(cfg->seed, cfg->harts);
  c->model_side = side_new();
  c->rtl_side = side_new();
  if (!c->stim || !c->model_side || !c->rtl_side) {
    fprintf(stderr, "mmucosim run: out of memory\n");
    return false;
  }
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = cfg->mem_latency};
  const char *why;
  if (!mm_memsys_init(&c->memsys, &mp, &c->model_side->bus, &why)) {
    fprintf(stderr, "mmucosim run: %s\n", why);
    return false;
  }
  c->port = mm_port_of_memsys(&c->memsys);
  return true;
}

static void teardown(cosim *c) {
  for (unsigned h = 0; h < MM_MAX_HARTS; h++)
    mm_hart_destroy(&c->harts[h]);
  if (c->rtl) rtl_free(c->rtl);
  stim_free(c->stim);
  mm_memsys_destroy(&c->memsys);
  side_free(c->model_side);
  side_free(c->rtl_side);
}

/* Before request index of a waveform re-run: start tracing once the clock
 * is within the window of the failing request (or at the failing request). */
static bool trace_before(cosim *c, unsigned index, unsigned last) {
  trace_plan *t = c->trace;
  if (!t || t->on) return true;
  if (rtl_cycle(c->rtl) + c->cfg->wave_window < t->from && index != last) return true;
  if (!rtl_trace_open(c->rtl, t->path)) return false;
  t->on = true;
  t->first = rtl_cycle(c->rtl);
  return true;
}

/*
 * The one event loop: requests 0..n-1 of the stimulus on the sides in use,
 * each compared when both are. Returns 0, 1 on a mismatch (reported; the
 * request's index in stats), or 2 when the waveform cannot be written.
 */
static int run_requests(cosim *c, unsigned n) {
  const cosim_config *cfg = c->cfg;
  cosim_stats *st = c->stats;
  mm_obs m, r;
  for (unsigned index = 0; index < n;) {
    stim_event ev;
    stim_next(c->stim, &ev);
    if (apply_software_event(c, &ev)) continue;
    if (!trace_before(c, index, n - 1)) return 2;
    bool access = ev.kind == STIM_ACCESS;
    /* The model's and the comparator's shares of the time are sampled, one
     * request in TIME_SAMPLE, so that the clock costs nothing to speak of. */
    bool timed = index % TIME_SAMPLE == 0;
    if (c->use_model) {
      double t0 = timed ? now() : 0;
      c->memsys.sink = &m;
      if (access)
        mm_hart_access_port(&c->harts[ev.hart], &c->port, &ev.req, &m);
      else
        mm_hart_fence(&c->harts[ev.hart], &c->port, &ev.fence, &m);
      c->memsys.sink = NULL;
      if (timed) st->model_seconds += TIME_SAMPLE * (now() - t0);
      if (c->memsys.stats.alias_errors && !st->alias_errors) st->first_alias = index;
      st->alias_errors = c->memsys.stats.alias_errors;
      st->model_cycles += m.cycles;
    }
    if (c->use_rtl) {
      if (access)
        rtl_side_access(c, ev.hart, &ev.req, &r);
      else
        rtl_side_fence(c, ev.hart, &ev.fence, &r);
    }
    const mm_obs *seen = c->use_model ? &m : &r;
    count(st, &ev, seen);
    if (cfg->verbose) {
      char line[300];
      history_entry h = {.index = index, .ev = ev, .outcome = obs_brief_of(seen)};
      format_history(line, sizeof line, &h);
      fprintf(cfg->out, "%s (%u ops)\n", line, seen->n_ops);
    }
    if (c->backend == COSIM_BOTH) {
      double t0 = timed ? now() : 0;
      bool same = obs_equal(&m, &r);
      if (timed) st->compare_seconds += TIME_SAMPLE * (now() - t0);
      if (!same) {
        st->mismatch = true;
        st->mismatch_request = index;
        report_mismatch(c, index, &ev, &m, &r);
        return 1;
      }
    }
    remember(c, index, &ev, seen);
    index++;
  }
  return 0;
}

/* Re-runs the RTL alone from the same seed with tracing on from
 * wave_window cycles before the failing request through it, into
 * PREFIX.fst, and writes PREFIX.gtkw. */
static void capture_waves(const cosim_config *cfg, unsigned fail_index, uint64_t fail_cycle) {
  FILE *out = cfg->out;
  char fst[512], gtkw[512];
  snprintf(fst, sizeof fst, "%s.fst", cfg->fail_prefix);
  snprintf(gtkw, sizeof gtkw, "%s.gtkw", cfg->fail_prefix);
  cosim_stats st = {0};
  trace_plan plan = {.path = fst, .from = fail_cycle};
  cosim c;
  if (!setup(&c, cfg, COSIM_RTL, &st)) {
    teardown(&c);
    return;
  }
  c.trace = &plan;
  int rc = run_requests(&c, fail_index + 1);
  if (rc == 2) {
    fprintf(out, "  waveform: cannot write %s\n", fst);
    teardown(&c);
    return;
  }
  rtl_idle(c.rtl, 4);
  uint64_t last = rtl_cycle(c.rtl);
  rtl_trace_close(c.rtl);
  teardown(&c);
  bool mutant = cfg->bug || cfg->mutant_build;
  if (!waves_write_gtkw(gtkw, fst, cfg->harts, cfg->tlb_entries, mutant, fail_cycle)) {
    fprintf(out, "  waveform: cannot write %s\n", gtkw);
    return;
  }
  fprintf(out, "  waveform: %s (cycles %" PRIu64 "..%" PRIu64 ", failing request accepted at %" PRIu64 ")\n", fst,
          plan.first, last, fail_cycle);
  fprintf(out, "  open it:  gtkwave %s %s\n", fst, gtkw);
}

int cosim_run(const cosim_config *cfg, cosim_stats *stats) {
  *stats = (cosim_stats){0};
  cosim c;
  if (!setup(&c, cfg, cfg->backend, stats)) {
    teardown(&c);
    return 2;
  }
  double t0 = now();
  int rc = run_requests(&c, cfg->requests);
  stats->seconds = now() - t0;
  stats->cycles = c.use_rtl ? rtl_cycle(c.rtl) : stats->model_cycles;
  uint64_t fail_cycle = c.use_rtl ? rtl_accept_cycle(c.rtl) : 0;
  teardown(&c);
  if (rc == 1 && cfg->wave_window && !cfg->quiet) capture_waves(cfg, stats->mismatch_request, fail_cycle);
  return rc;
}
