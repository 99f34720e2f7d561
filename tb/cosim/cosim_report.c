/* The lockstep engine's history, mismatch report and counts (cosim_int.h). */
#include <inttypes.h>

#include "compare.h"
#include "cosim_int.h"
#include "model/cov.h"
#include "model/pte.h"

static void format_history(char *buf, size_t len, const history_entry *h) {
  char req[128], outcome[128] = "done";
  format_event(req, sizeof req, &h->ev);
  if (h->ev.kind == STIM_ACCESS) obs_format_outcome(outcome, sizeof outcome, &h->outcome);
  snprintf(buf, len, "#%u @%" PRIu64 "..%" PRIu64 " %s -> %s", h->seq, h->accept, h->response, req, outcome);
}

static void remember(cosim *c, unsigned seq, const stim_event *ev, const mm_obs *o) {
  history_entry *h = &c->history[c->n_history++ % HISTORY_MAX];
  *h = (history_entry){
      .seq = seq, .ev = *ev, .accept = o->accept, .response = o->accept + o->cycles, .outcome = obs_brief_of(o)};
}

/* The accesses of o taken by edge e (all of them: e = UINT64_MAX), and the
 * last of them. */
static unsigned ops_by(const mm_obs *o, uint64_t e, const mm_memop **last) {
  unsigned n = 0;
  *last = NULL;
  for (unsigned i = 0; i < o->n_ops; i++) {
    if (o->accept + o->ops[i].cycle > e) break;
    n++;
    *last = &o->ops[i];
  }
  return n;
}

static void show_request(FILE *out, const char *side, unsigned seq, const stim_event *ev, const mm_obs *o,
                         uint64_t edge, const char *when) {
  char req[160], op[192] = "";
  format_event(req, sizeof req, ev);
  const mm_memop *last;
  unsigned n = ops_by(o, edge, &last);
  if (last) format_memop(op, sizeof op, last);
  fprintf(out, "    %-5s #%u %s, accepted at %" PRIu64 "%s; %u memory accesses by then%s%s\n", side, seq, req,
          o->accept, when, n, last ? ", the last: " : "", op);
}

/* What every hart was doing at edge e, on both sides (the failing hart: its
 * failing request). */
void cosim_report_harts(cosim *c, FILE *out, uint64_t e, const failing *f) {
  fprintf(out, "  every hart at edge %" PRIu64 ":\n", e);
  for (unsigned h = 0; h < c->cfg->harts; h++) {
    fprintf(out, "   hart %u\n", h);
    if (f && h == f->hart) {
      char when[64];
      snprintf(when, sizeof when, ", response at %" PRIu64, f->m->accept + f->m->cycles);
      if (c->use_model) show_request(out, "model", f->seq, f->ev, f->m, e, when);
      snprintf(when, sizeof when, ", response at %" PRIu64, f->r->accept + f->r->cycles);
      show_request(out, "rtl", f->seq, f->ev, f->r, e, when);
      continue;
    }
    if (c->use_model) {
      /* the model: its first completion not yet answered by the RTL, or the
       * request still in the scheduler */
      const completions *q = &c->mh[h].done;
      const mm_sched_hart *sh = &c->sched.h[h];
      char when[64];
      if (q->n) {
        const completion *k = &q->e[q->head];
        snprintf(when, sizeof when, ", response at %" PRIu64, k->response);
        show_request(out, "model", k->seq, &k->ev, k->obs, e, when);
      } else if (sh->state == MM_SCHED_WAITING) {
        mm_obs o = *sh->r.out;
        o.accept = sh->r.accept;
        o.n_ops = mm_job_answered(&sh->job);
        show_request(out, "model", c->mh[h].cur.seq, &c->mh[h].cur.ev, &o, e, ", in flight");
      } else if (sh->state == MM_SCHED_LOADED) {
        fprintf(out, "    model #%u to be accepted at %" PRIu64 "\n", c->mh[h].cur.seq, sh->r.accept);
      } else {
        fprintf(out, "    model idle\n");
      }
    }
    if (c->use_rtl) {
      const rtl_hart *rh = &c->rh[h];
      if (!rh->posted) {
        fprintf(out, "    rtl   idle\n");
      } else {
        mm_obs o = rh->obs;
        o.accept = c->dut->ops->accept_cycle(c->dut, h);
        if (o.accept < rh->cur.accept) /* not taken yet */
          fprintf(out, "    rtl   #%u offered for edge %" PRIu64 ", not taken yet\n", rh->cur.seq, rh->cur.accept);
        else
          show_request(out, "rtl", rh->cur.seq, &rh->cur.ev, &o, e, "");
      }
    }
  }
}

/* The command that re-runs the run up to its failure. */
static void report_rerun(cosim *c, FILE *out) {
  const cosim_config *cfg = c->cfg;
  char from[512];
  if (cfg->replay)
    snprintf(from, sizeof from, "--replay %s", cfg->replay);
  else
    snprintf(from, sizeof from, "--seed %" PRIu64, cfg->seed);
  fprintf(out, "  re-run: build/mmucosim run %s --requests %u --harts %u --tlb %u --latency %u%s", from,
          c->stats->rerun_requests, cfg->harts, cfg->tlb_entries, cfg->mem_latency, cfg->serial ? " --serial" : "");
  if (cfg->dut) fprintf(out, " --dut %s", cfg->dut);
  if (cfg->timing_free) fprintf(out, " --timing-free");
  if (cfg->known_fail) fprintf(out, " --known-fail %s", cfg->known_fail);
  if (cfg->bug) fprintf(out, " --bug %u", cfg->bug);
  if (cfg->mutant_build && !cfg->bug) fprintf(out, " --mutant-build");
  fprintf(out, "\n");
}

/* harts: what every hart was doing at the failing edge (NULL: now). Notes
 * in the stats what differs and the request's kind. */
void cosim_report_mismatch(cosim *c, unsigned seq, const stim_event *ev, const mm_obs *m, const mm_obs *r,
                           uint64_t edge, const char *harts) {
  const cosim_config *cfg = c->cfg;
  FILE *out = cfg->out;
  c->stats->mismatch_diff = obs_diff(m, r);
  c->stats->mismatch_class = replay_request_class(ev);
  char req[160];
  format_event(req, sizeof req, ev);
  fprintf(out, "\nMISMATCH at request %u (seed %" PRIu64 ", edge %" PRIu64 "): %s  [%s]\n", seq, cfg->seed, edge, req,
          ev->note ? ev->note : "");
  if (cfg->quiet) return;
  obs_report(out, m, r, ev->kind == STIM_FENCE);
  fprintf(out, "  response: model at edge %" PRIu64 ", rtl at edge %" PRIu64 "\n", m->accept + m->cycles,
          r->accept + r->cycles);
  failing f = {.hart = ev->hart, .seq = seq, .ev = ev, .m = m, .r = r};
  if (harts)
    fputs(harts, out);
  else if (cfg->harts > 1)
    cosim_report_harts(c, out, edge, &f);
  cosim_report_tail(c);
}

void cosim_report_tail(cosim *c) {
  const cosim_config *cfg = c->cfg;
  FILE *out = cfg->out;
  unsigned shown = c->n_history < cfg->history ? c->n_history : cfg->history;
  if (shown > HISTORY_MAX) shown = HISTORY_MAX;
  if (shown) fprintf(out, "  the %u responses before it (#request @accepted..response):\n", shown);
  for (unsigned k = c->n_history - shown; k < c->n_history; k++) {
    char line[300];
    format_history(line, sizeof line, &c->history[k % HISTORY_MAX]);
    fprintf(out, "    %s\n", line);
  }
  report_rerun(c, out);
}

/* The DUT's assertion a failed: one line (quiet too), then the re-run command. */
void cosim_report_assertion(cosim *c, const dut_assertion *a) {
  cosim_stats *st = c->stats;
  char hart[16] = "shared";
  if (a->hart >= 0) snprintf(hart, sizeof hart, "hart %d", a->hart);
  snprintf(st->assertion_text, sizeof st->assertion_text, "%.47s (%.199s), %s, edge %" PRIu64, a->name, a->where, hart,
           a->cycle);
  fprintf(c->cfg->out, "\nASSERTION FAILED in the %s: %s (seed %" PRIu64 "; %u assertion%s failed)\n", c->dut->name,
          st->assertion_text, c->cfg->seed, a->count, a->count == 1 ? "" : "s");
  if (!c->cfg->quiet) report_rerun(c, c->cfg->out);
}

/* ---- counts ----------------------------------------------------------- */

/* The counts of the summary, from one side's observation. */
static void count(cosim_stats *st, const stim_event *ev, const mm_obs *o) {
  st->requests++;
  if (ev->kind == STIM_FENCE) {
    st->fences++;
  } else {
    st->accesses++;
    st->bare += o->bare;
    st->hits += o->tlb_hit;
    st->walks += mm_obs_walked(o);
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

/* A request done (and compared, when both sides run). */
void cosim_retire(cosim *c, unsigned seq, const stim_event *ev, const mm_obs *o) {
  count(c->stats, ev, o);
  uint64_t response = o->accept + o->cycles;
  if (response > c->last_response) c->last_response = response;
  if (c->cfg->verbose) {
    char line[300];
    history_entry h = {.seq = seq, .ev = *ev, .accept = o->accept, .response = response, .outcome = obs_brief_of(o)};
    format_history(line, sizeof line, &h);
    fprintf(c->cfg->out, "%s (%u ops)\n", line, o->n_ops);
  }
  if (c->use_rtl) remember(c, seq, ev, o); /* the history is for a mismatch's report: the model alone has none */
}