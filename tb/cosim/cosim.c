#include "cosim.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/mmu.h"
#include "model/pte.h"
#include "sw/stim.h"
#include "tb/vec/vecfile.h"
#include "tb/vec/vecrun.h"
#include "tb/verilator/rtl.h"
#include "waves.h"

#define HISTORY_MAX 64

typedef struct history_line {
  unsigned index;
  char text[200];
} history_line;

typedef struct cosim {
  const cosim_config *cfg;
  cosim_stats *stats;
  stim *stim;
  mm_hart harts[RTL_MAX_HARTS];
  mm_csrs csrs[RTL_MAX_HARTS]; /* what the stimulus wrote, per hart */
  mm_mem *model_mem;
  mm_mem *rtl_mem;
  rtl_sim *rtl;
  bool use_model, use_rtl;
  history_line history[HISTORY_MAX];
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
    char req[96];
    vec_format_req(req, sizeof req, &ev->req);
    snprintf(buf, len, "hart %u access %s", ev->hart, req);
    return;
  }
  const mm_fence *f = &ev->fence;
  int n = snprintf(buf, len, "hart %u %s", ev->hart, mm_fence_name(f->kind));
  if (f->has_addr && n >= 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " addr=%#" PRIx64, f->addr);
  if (f->has_id && n >= 0 && (size_t)n < len)
    snprintf(buf + n, len - (size_t)n, " %s=%u", f->kind == MM_FENCE_HFENCE_GVMA ? "vmid" : "asid", f->id);
}

static void format_outcome(char *buf, size_t len, bool ok, uint8_t cause, uint64_t gpa, uint64_t pa, uint8_t pbmt,
                           bool hit) {
  int n = vec_format_outcome(buf, len, ok, cause, cause >= CAUSE_FETCH_GUEST_PAGE_FAULT, gpa, pa, pbmt);
  if (n > 0 && (size_t)n < len) snprintf(buf + n, len - (size_t)n, " %s", hit ? "hit" : "miss");
}

static void remember(cosim *c, unsigned index, const stim_event *ev, const char *outcome) {
  history_line *h = &c->history[c->n_history++ % HISTORY_MAX];
  char req[128];
  format_event(req, sizeof req, ev);
  h->index = index;
  snprintf(h->text, sizeof h->text, "%s -> %s", req, outcome);
}

/* One field of a mismatch report; returns whether it differs. */
static bool field(FILE *out, const char *name, uint64_t model, uint64_t rtl, bool hex) {
  bool differs = model != rtl;
  if (hex)
    fprintf(out, "  %-12s %-20s0x%-16" PRIx64 " %s0x%" PRIx64 "\n", name, "", model, differs ? "!= " : "   ", rtl);
  else
    fprintf(out, "  %-12s %-20s%-18" PRIu64 " %s%" PRIu64 "\n", name, "", model, differs ? "!= " : "   ", rtl);
  return differs;
}

/* A walk's memory access against the bus transaction the RTL made. */
static bool memop_matches(const mm_memop *op, const rtl_txn *t) {
  if ((op->kind == MM_OP_WRITE) != t->write || op->pa != t->pa || op->data != t->data) return false;
  return !t->write || (op->cmp == t->cmp && op->old == t->old);
}

static bool results_match(const mm_result *m, const rtl_resp *r, bool is_fence, unsigned model_cycles) {
  if (r->resp_cycle - r->accept_cycle != model_cycles) return false;
  if (is_fence) return r->n_txn == 0;
  if (m->ok != r->ok || m->tlb_hit != r->tlb_hit || m->walk.n_ops != r->n_txn) return false;
  if (m->ok && (m->pa != r->pa || m->pbmt != r->pbmt)) return false;
  if (!m->ok && (m->cause != r->cause || (m->cause >= CAUSE_FETCH_GUEST_PAGE_FAULT && m->gpa != r->gpa))) return false;
  for (unsigned i = 0; i < r->n_txn; i++)
    if (!memop_matches(&m->walk.ops[i], &r->txn[i])) return false;
  return true;
}

/* A write is a compare-and-swap: "cas ADDR NEW if CMP", and "(held OLD)"
 * when memory did not hold CMP so nothing was written. */
static void format_access(char *buf, size_t len, bool write, const char *where, uint64_t pa, uint64_t data,
                          uint64_t cmp, uint64_t old) {
  int n = snprintf(buf, len, "%-4s %s%#" PRIx64 " 0x%016" PRIx64, write ? "cas" : "read", where, pa, data);
  if (write && n > 0 && (size_t)n < len) {
    n += snprintf(buf + n, len - (size_t)n, " if 0x%016" PRIx64, cmp);
    if (old != cmp && n > 0 && (size_t)n < len) snprintf(buf + n, len - (size_t)n, " (held 0x%016" PRIx64 ")", old);
  }
}

static void report_walks(FILE *out, const mm_result *m, const rtl_resp *r) {
  static const char *stage[] = {"S ", "VS", "G "};
  unsigned n = m->walk.n_ops > r->n_txn ? m->walk.n_ops : r->n_txn;
  if (!n) return;
  fprintf(out, "  memory accesses (model | rtl):\n");
  for (unsigned i = 0; i < n; i++) {
    char left[160] = "-", right[160] = "-", where[16];
    if (i < m->walk.n_ops) {
      const mm_memop *op = &m->walk.ops[i];
      snprintf(where, sizeof where, "%s L%u ", stage[op->stage], op->level);
      format_access(left, sizeof left, op->kind == MM_OP_WRITE, where, op->pa, op->data, op->cmp, op->old);
    }
    if (i < r->n_txn) {
      const rtl_txn *t = &r->txn[i];
      format_access(right, sizeof right, t->write, "", t->pa, t->data, t->cmp, t->old);
      size_t len = strlen(right);
      snprintf(right + len, sizeof right - len, " @%" PRIu64, t->cycle);
    }
    bool same = i < m->walk.n_ops && i < r->n_txn && memop_matches(&m->walk.ops[i], &r->txn[i]);
    fprintf(out, "    #%-2u %-52s %s %s\n", i, left, same ? "| " : "!=", right);
  }
}

static void report_mismatch(cosim *c, unsigned index, const stim_event *ev, const mm_result *m, const rtl_resp *r,
                            unsigned model_cycles) {
  const cosim_config *cfg = c->cfg;
  FILE *out = cfg->out;
  char req[128];
  format_event(req, sizeof req, ev);
  fprintf(out, "\nMISMATCH at request %u (seed %" PRIu64 "): %s  [%s]\n", index, cfg->seed, req,
          ev->note ? ev->note : "");
  if (cfg->quiet) return;
  fprintf(out, "  %-12s %-20s%-18s    %s\n", "field", "", "model", "rtl");
  field(out, "cycles", model_cycles, r->resp_cycle - r->accept_cycle, false);
  if (ev->kind == STIM_ACCESS) {
    field(out, "ok", m->ok, r->ok, false);
    field(out, "tlb_hit", m->tlb_hit, r->tlb_hit, false);
    if (m->ok || r->ok) {
      field(out, "pa", m->pa, r->pa, true);
      field(out, "pbmt", m->pbmt, r->pbmt, false);
    }
    if (!m->ok || !r->ok) {
      field(out, "cause", m->cause, r->cause, false);
      field(out, "gpa", m->gpa, r->gpa, true);
    }
  }
  field(out, "mem accesses", m->walk.n_ops, r->n_txn, false);
  report_walks(out, m, r);
  fprintf(out, "  accepted at cycle %" PRIu64 ", response at cycle %" PRIu64 "\n", r->accept_cycle, r->resp_cycle);
  unsigned shown = c->n_history < cfg->history ? c->n_history : cfg->history;
  if (shown > HISTORY_MAX) shown = HISTORY_MAX;
  if (shown) fprintf(out, "  the %u requests before it:\n", shown);
  for (unsigned k = c->n_history - shown; k < c->n_history; k++)
    fprintf(out, "    #%u %s\n", c->history[k % HISTORY_MAX].index, c->history[k % HISTORY_MAX].text);
  fprintf(out, "  re-run: build/mmucosim run --seed %" PRIu64 " --requests %u --harts %u --tlb %u --latency %u%s",
          cfg->seed, index + 1, cfg->harts, cfg->tlb_entries, cfg->mem_latency, cfg->bug ? "" : "\n");
  if (cfg->bug) fprintf(out, " --bug %u\n", cfg->bug);
}

static void apply_csr(cosim *c, const stim_event *ev) {
  mm_csr_write(&c->csrs[ev->hart], ev->csr, ev->value);
  c->harts[ev->hart].csrs = c->csrs[ev->hart];
  if (c->use_rtl) rtl_set_csrs(c->rtl, ev->hart, &c->csrs[ev->hart]);
}

/* What software and other agents do (memory writes, a store racing a walk,
 * CSR changes), applied to each side in use; false for a request. */
static bool apply_software_event(cosim *c, const stim_event *ev) {
  switch (ev->kind) {
  case STIM_MEM:
    if (c->use_model) mm_mem_write64(c->model_mem, ev->pa, ev->value);
    if (c->use_rtl) mm_mem_write64(c->rtl_mem, ev->pa, ev->value);
    return true;
  case STIM_POKE:
    if (c->use_model) mm_mem_arm_poke(c->model_mem, ev->pa, ev->value);
    if (c->use_rtl) rtl_poke_after_read(c->rtl, ev->pa, ev->value);
    return true;
  case STIM_CSR: apply_csr(c, ev); return true;
  case STIM_ACCESS:
  case STIM_FENCE: return false;
  }
  return false;
}

static void count(cosim_stats *st, const stim_event *ev, const mm_result *m, const rtl_resp *r, bool use_model) {
  st->requests++;
  if (ev->kind == STIM_FENCE) {
    st->fences++;
    return;
  }
  st->accesses++;
  bool ok = use_model ? m->ok : r->ok;
  bool hit = use_model ? m->tlb_hit : r->tlb_hit;
  uint8_t cause = use_model ? m->cause : r->cause;
  unsigned ops = use_model ? m->walk.n_ops : r->n_txn;
  st->bare += use_model && m->bare;
  st->hits += hit;
  st->walks += !hit && ops > 0;
  st->faults += !ok;
  st->guest_faults += !ok && cause >= CAUSE_FETCH_GUEST_PAGE_FAULT;
  st->mem_ops += ops;
  for (unsigned i = 0; i < ops; i++) {
    bool write = use_model ? m->walk.ops[i].kind == MM_OP_WRITE : r->txn[i].write;
    uint64_t cmp = use_model ? m->walk.ops[i].cmp : r->txn[i].cmp, old = use_model ? m->walk.ops[i].old : r->txn[i].old;
    st->failed_updates += write && cmp != old;
  }
}

static bool setup(cosim *c, const cosim_config *cfg, cosim_stats *stats) {
  *c = (cosim){.cfg = cfg, .stats = stats};
  c->use_model = cfg->backend != COSIM_RTL;
  c->use_rtl = cfg->backend != COSIM_MODEL;
  if (cfg->harts < 1 || cfg->harts > RTL_MAX_HARTS) {
    fprintf(stderr, "mmucosim run: --harts must be 1..%d\n", RTL_MAX_HARTS);
    return false;
  }
  mm_hart_params p = {.tlb_entries = cfg->tlb_entries, .mem_latency = cfg->mem_latency};
  for (unsigned h = 0; h < cfg->harts; h++) {
    const char *why;
    if (!mm_hart_init(&c->harts[h], &p, &why)) {
      fprintf(stderr, "mmucosim run: %s\n", why);
      return false;
    }
  }
  if (c->use_rtl) {
    char err[256];
    rtl_config rc = {
        .harts = cfg->harts, .tlb_entries = cfg->tlb_entries, .mem_latency = cfg->mem_latency, .bug = cfg->bug};
    c->rtl = rtl_new(&rc, err, sizeof err);
    if (!c->rtl) {
      fprintf(stderr, "mmucosim run: %s\n", err);
      return false;
    }
  }
  c->stim = stim_new(cfg->seed, cfg->harts);
  c->model_mem = mm_mem_new();
  c->rtl_mem = mm_mem_new();
  if (!c->stim || !c->model_mem || !c->rtl_mem) {
    fprintf(stderr, "mmucosim run: out of memory\n");
    return false;
  }
  return true;
}

static void teardown(cosim *c) {
  for (unsigned h = 0; h < RTL_MAX_HARTS; h++)
    mm_hart_destroy(&c->harts[h]);
  if (c->rtl) rtl_free(c->rtl);
  stim_free(c->stim);
  mm_mem_free(c->model_mem);
  mm_mem_free(c->rtl_mem);
}

/* Re-runs the RTL alone from the same seed with tracing on from start_cycle
 * through the failing request, into PREFIX.fst, and writes PREFIX.gtkw. */
static void capture_waves(const cosim_config *cfg, unsigned fail_index, uint64_t start_cycle) {
  cosim_config rerun = *cfg;
  rerun.backend = COSIM_RTL;
  cosim_stats st = {0};
  cosim c;
  FILE *out = cfg->out;
  if (!setup(&c, &rerun, &st)) return;
  char fst[512], gtkw[512];
  snprintf(fst, sizeof fst, "%s.fst", cfg->fail_prefix);
  snprintf(gtkw, sizeof gtkw, "%s.gtkw", cfg->fail_prefix);
  bool tracing = false;
  uint64_t first = 0;
  for (unsigned index = 0; index <= fail_index;) {
    stim_event ev;
    stim_next(c.stim, &ev);
    if (apply_software_event(&c, &ev)) continue;
    if (!tracing && (rtl_cycle(c.rtl) + cfg->wave_window >= start_cycle || index == fail_index)) {
      if (!rtl_trace_open(c.rtl, fst)) {
        fprintf(out, "  waveform: cannot write %s\n", fst);
        teardown(&c);
        return;
      }
      tracing = true;
      first = rtl_cycle(c.rtl);
    }
    rtl_resp r;
    if (ev.kind == STIM_ACCESS)
      rtl_access(c.rtl, ev.hart, &ev.req, c.rtl_mem, &r);
    else
      rtl_fence(c.rtl, ev.hart, &ev.fence, &r);
    index++;
  }
  rtl_idle(c.rtl, 4);
  uint64_t last = rtl_cycle(c.rtl);
  rtl_trace_close(c.rtl);
  teardown(&c);
  if (!waves_write_gtkw(gtkw, fst, cfg->harts, cfg->tlb_entries, start_cycle)) {
    fprintf(out, "  waveform: cannot write %s\n", gtkw);
    return;
  }
  fprintf(out, "  waveform: %s (cycles %" PRIu64 "..%" PRIu64 ", failing request accepted at %" PRIu64 ")\n", fst,
          first, last, start_cycle);
  fprintf(out, "  open it:  gtkwave %s %s\n", fst, gtkw);
}

int cosim_run(const cosim_config *cfg, cosim_stats *stats) {
  *stats = (cosim_stats){0};
  cosim c;
  if (!setup(&c, cfg, stats)) {
    teardown(&c);
    return 2;
  }
  double t0 = now();
  int rc = 0;
  uint64_t model_cycles_total = 0;
  for (unsigned index = 0; index < cfg->requests;) {
    stim_event ev;
    stim_next(c.stim, &ev);
    if (apply_software_event(&c, &ev)) continue;
    mm_result m = {0};
    rtl_resp r = {0};
    unsigned model_cycles = 0;
    if (c.use_model) {
      double tm = now();
      if (ev.kind == STIM_ACCESS) {
        mm_hart_access(&c.harts[ev.hart], c.model_mem, &ev.req, &m);
        model_cycles = m.cycles;
      } else {
        model_cycles = mm_hart_fence(&c.harts[ev.hart], &ev.fence, NULL);
      }
      model_cycles_total += model_cycles;
      stats->model_seconds += now() - tm;
    }
    if (c.use_rtl) {
      if (ev.kind == STIM_ACCESS)
        rtl_access(c.rtl, ev.hart, &ev.req, c.rtl_mem, &r);
      else
        rtl_fence(c.rtl, ev.hart, &ev.fence, &r);
    }
    count(stats, &ev, &m, &r, c.use_model);
    char outcome[128] = "done";
    if (ev.kind == STIM_ACCESS) {
      if (c.use_model)
        format_outcome(outcome, sizeof outcome, m.ok, m.cause, m.gpa, m.pa, m.pbmt, m.tlb_hit);
      else
        format_outcome(outcome, sizeof outcome, r.ok, r.cause, r.gpa, r.pa, r.pbmt, r.tlb_hit);
    }
    if (cfg->verbose) {
      char req[128];
      format_event(req, sizeof req, &ev);
      fprintf(cfg->out, "#%u %s -> %s (%u ops)\n", index, req, outcome, c.use_model ? m.walk.n_ops : r.n_txn);
    }
    if (cfg->backend == COSIM_BOTH) {
      double tc = now();
      bool same = results_match(&m, &r, ev.kind == STIM_FENCE, model_cycles);
      stats->compare_seconds += now() - tc;
      if (!same) {
        stats->mismatch = true;
        stats->mismatch_request = index;
        report_mismatch(&c, index, &ev, &m, &r, model_cycles);
        rc = 1;
        uint64_t fail_cycle = r.accept_cycle;
        stats->cycles = rtl_cycle(c.rtl);
        stats->seconds = now() - t0;
        teardown(&c);
        if (cfg->wave_window && !cfg->quiet) capture_waves(cfg, index, fail_cycle);
        return rc;
      }
    }
    remember(&c, index, &ev, outcome);
    index++;
  }
  stats->cycles = c.use_rtl ? rtl_cycle(c.rtl) : model_cycles_total;
  stats->seconds = now() - t0;
  teardown(&c);
  return rc;
}
