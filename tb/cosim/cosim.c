#include "cosim.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compare.h"
#include "dut.h"
#include "feed.h"
#include "model/cov.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "model/pma.h"
#include "model/pte.h"
#include "model/sched.h"
#include "replay.h"
#include "side.h"
#include "sw/stim.h"
#include "tb/vec/vecrun.h"

#define HISTORY_MAX 64
#define TIME_SAMPLE 16             /* of the comparisons and of the model's runs, one in TIME_SAMPLE is timed */
#define START_EDGE  DUT_FIRST_EDGE /* the first clock edge a request can be taken at */
#define SIDE_MODEL  0
#define SIDE_RTL    1

/* Snapshots (a waveform without a second full run): every cfg->snapshots
 * edges (at least 10 waveform windows) the lockstep run forks a copy of
 * itself that waits; the last SNAP_KEEP are kept. On a mismatch the
 * newest one old enough to hold the whole window before the failing edge
 * runs on, the RTL alone, tracing that window into the FST, and the rest
 * exit. Without a usable one, the waveform comes from a re-run from the
 * start. */
#define SNAP_KEEP 2

static uint64_t snap_every(const cosim_config *cfg) {
  uint64_t w = (uint64_t)cfg->wave_window * 10;
  return cfg->snapshots > w ? cfg->snapshots : w;
}

typedef struct snapshot {
  pid_t pid;
  int fd;        /* a socket to it: a snap_cmd goes there, a snap_result comes back */
  uint64_t edge; /* the edge it was taken at */
} snapshot;

typedef struct snap_cmd {
  uint64_t from, stop; /* trace the window before edge from, stop at edge stop */
} snap_cmd;

typedef struct snap_result {
  uint64_t first, last; /* the edges traced */
  int ok;
} snap_result;

/* A request as the history keeps it: formatted only for a report. */
typedef struct history_entry {
  unsigned seq;
  stim_event ev;
  uint64_t accept, response;
  obs_brief outcome;
} history_entry;

/* The waveform of a re-run: tracing starts wave_window cycles before from
 * (the failing edge), into path. */
typedef struct trace_plan {
  const char *path;
  uint64_t from;
  bool on;
  uint64_t first; /* cycle tracing started */
} trace_plan;

/* A request the model completed, waiting for the RTL's response. */
typedef struct completion {
  unsigned seq;
  stim_event ev;
  mm_obs *obs;
  uint64_t response;
} completion;

/* A hart's completions, in order (a ring that grows). */
typedef struct completions {
  completion *e;
  unsigned cap, head, n;
} completions;

typedef struct model_hart {
  drive_request cur; /* the request in the scheduler */
  completions done;
} model_hart;

typedef struct rtl_hart {
  bool posted;       /* a request is on its port or in flight */
  drive_request cur; /* that request */
  uint64_t idle;     /* the cycle it is idle from */
  mm_obs obs;
} rtl_hart;

typedef struct cosim {
  const cosim_config *cfg;
  cosim_backend backend; /* of this run (a waveform re-run: the RTL alone) */
  cosim_stats *stats;
  bool use_model, use_rtl;
  feed *feed;
  /* the model */
  mm_hart harts[MM_MAX_HARTS];
  side *model_side;
  mm_memsys memsys; /* over model_side's bus */
  mm_sched sched;
  drive mdrive;
  model_hart mh[MM_MAX_HARTS];
  mm_obs **pool; /* free observations */
  unsigned n_pool, cap_pool;
  uint64_t model_runs; /* for the time sample */
  uint64_t model_next; /* the time of the model's next event: before it, it has nothing to do */
  bool alias_seen;
  /* the RTL */
  dut *dut; /* the device under test (dut.h): the project's RTL, or another */
  side *rtl_side;
  mm_csrs rtl_csrs[MM_MAX_HARTS]; /* its harts' CSRs, driven into its ports */
  drive rdrive;
  rtl_hart rh[MM_MAX_HARTS];
  bool offer;         /* a response came (or the run starts): offer the idle harts requests */
  trace_plan *trace;  /* NULL: no waveform */
  uint64_t stop_edge; /* a waveform re-run stops here (0: at the end) */
  uint64_t last_response;
  snapshot snap[SNAP_KEEP];
  unsigned n_snap;
  uint64_t next_snap; /* the edge of the next snapshot (0: none are taken) */
  int snap_fd;        /* in a snapshot that runs on: where its result goes (-1: not one) */
  history_entry history[HISTORY_MAX];
  unsigned n_history;
  /* the stream's replay and record */
  replay *replay_file; /* the events of cfg->replay, read by setup (NULL: none read) */
  replay *record;      /* the events the feed reads, for cfg->record */
  FILE *record_out;    /* cfg->record, opened by setup, written when the run ends */
} cosim;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

unsigned cosim_default_matrix(const cosim_matrix_entry **entries) {
  static const cosim_matrix_entry m[] = {{1, 16, 1}, {1, 4, 7}, {2, 16, 7}, {2, 4, 1}, {4, 16, 1}, {4, 4, 7}};
  *entries = m;
  return sizeof m / sizeof m[0];
}

const char *cosim_backend_name(cosim_backend b) {
  static const char *name[] = {"model", "rtl", "both"};
  return name[b];
}

/* ---- reports ---------------------------------------------------------- */

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

/* The failing request, on both sides. */
typedef struct failing {
  unsigned hart, seq;
  const stim_event *ev;
  const mm_obs *m, *r;
} failing;

/* What every hart was doing at edge e, on both sides (the failing hart: its
 * failing request). */
static void report_harts(cosim *c, FILE *out, uint64_t e, const failing *f) {
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

/* harts: what every hart was doing at the failing edge (NULL: now). Notes
 * in the stats what differs and the request's kind. */
static void report_mismatch(cosim *c, unsigned seq, const stim_event *ev, const mm_obs *m, const mm_obs *r,
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
    report_harts(c, out, edge, &f);
  unsigned shown = c->n_history < cfg->history ? c->n_history : cfg->history;
  if (shown > HISTORY_MAX) shown = HISTORY_MAX;
  if (shown) fprintf(out, "  the %u responses before it (#request @accepted..response):\n", shown);
  for (unsigned k = c->n_history - shown; k < c->n_history; k++) {
    char line[300];
    format_history(line, sizeof line, &c->history[k % HISTORY_MAX]);
    fprintf(out, "    %s\n", line);
  }
  char from[512];
  if (cfg->replay)
    snprintf(from, sizeof from, "--replay %s", cfg->replay);
  else
    snprintf(from, sizeof from, "--seed %" PRIu64, cfg->seed);
  fprintf(out, "  re-run: build/mmucosim run %s --requests %u --harts %u --tlb %u --latency %u%s", from,
          c->stats->rerun_requests, cfg->harts, cfg->tlb_entries, cfg->mem_latency, cfg->serial ? " --serial" : "");
  if (cfg->dut) fprintf(out, " --dut %s", cfg->dut);
  if (cfg->bug) fprintf(out, " --bug %u", cfg->bug);
  if (cfg->mutant_build && !cfg->bug) fprintf(out, " --mutant-build");
  fprintf(out, "\n");
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
static void retire(cosim *c, unsigned seq, const stim_event *ev, const mm_obs *o) {
  count(c->stats, ev, o);
  uint64_t response = o->accept + o->cycles;
  if (response > c->last_response) c->last_response = response;
  if (c->cfg->verbose) {
    char line[300];
    history_entry h = {.seq = seq, .ev = *ev, .accept = o->accept, .response = response, .outcome = obs_brief_of(o)};
    format_history(line, sizeof line, &h);
    fprintf(c->cfg->out, "%s (%u ops)\n", line, o->n_ops);
  }
  remember(c, seq, ev, o);
}

/* ---- the model's side ------------------------------------------------- */

static mm_obs *obs_get(cosim *c) {
  if (c->n_pool) return c->pool[--c->n_pool];
  mm_obs *o = malloc(sizeof *o);
  if (!o) {
    fprintf(stderr, "mmucosim run: out of memory\n");
    exit(2);
  }
  return o;
}

static void obs_put(cosim *c, mm_obs *o) {
  if (c->n_pool == c->cap_pool) {
    unsigned cap = c->cap_pool ? 2 * c->cap_pool : 16;
    mm_obs **p = realloc(c->pool, cap * sizeof *p);
    if (!p) {
      free(o);
      return;
    }
    c->pool = p;
    c->cap_pool = cap;
  }
  c->pool[c->n_pool++] = o;
}

static void completions_push(completions *q, const completion *k) {
  if (q->n == q->cap) {
    unsigned cap = q->cap ? 2 * q->cap : 8;
    completion *e = malloc(cap * sizeof *e);
    if (!e) {
      fprintf(stderr, "mmucosim run: out of memory\n");
      exit(2);
    }
    for (unsigned i = 0; i < q->n; i++)
      e[i] = q->e[(q->head + i) % q->cap];
    free(q->e);
    q->e = e;
    q->cap = cap;
    q->head = 0;
  }
  q->e[(q->head + q->n++) % q->cap] = *k;
}

static completion completions_pop(completions *q) {
  completion k = q->e[q->head];
  q->head = (q->head + 1) % q->cap;
  q->n--;
  return k;
}

static void model_csr(void *ctx, unsigned h, mm_csr_id csr, uint64_t value) {
  cosim *c = ctx;
  mm_csr_write(&c->harts[h].csrs, csr, value);
}

static bool model_next(void *ctx, unsigned h, uint64_t idle, mm_sched_request *r) {
  cosim *c = ctx;
  drive_request d;
  if (!drive_next(&c->mdrive, h, idle, &d)) return false;
  c->mh[h].cur = d;
  *r = (mm_sched_request){.is_fence = d.ev.kind == STIM_FENCE,
                          .req = d.ev.req,
                          .fence = d.ev.fence,
                          .accept = d.accept,
                          .out = obs_get(c),
                          .poke = d.poke,
                          .poke_pa = d.poke_pa,
                          .poke_value = d.poke_value};
  return true;
}

static void model_done(void *ctx, unsigned h, const mm_sched_request *r, uint64_t response) {
  cosim *c = ctx;
  drive_done(&c->mdrive, response);
  const drive_request *d = &c->mh[h].cur;
  completion k = {.seq = d->seq, .ev = d->ev, .obs = r->out, .response = response};
  completions_push(&c->mh[h].done, &k);
  c->stats->model_cycles += r->out->cycles;
  /* the request that made the first attribute alias is this hart's current one */
  if (!c->alias_seen && c->memsys.stats.alias_errors && c->memsys.stats.first_alias_hart == h) {
    c->alias_seen = true;
    c->stats->first_alias = d->seq;
  }
}

/* Runs the model through edge e (sampled for the time share); nothing to
 * do before the time of its next event. */
static void model_run_until(cosim *c, uint64_t e) {
  if (e < c->model_next) return;
  bool timed = c->model_runs++ % TIME_SAMPLE == 0;
  double t0 = timed ? now() : 0;
  c->model_next = mm_sched_run_until(&c->sched, e);
  if (timed) c->stats->model_seconds += TIME_SAMPLE * (now() - t0);
}

/* Runs the model until hart h has a completion; false when it has none to come. */
static bool model_complete(cosim *c, unsigned h) {
  c->model_next = 0; /* it runs ahead here */
  while (!c->mh[h].done.n)
    if (!mm_sched_step(&c->sched)) return false;
  return true;
}

/* ---- the RTL's side --------------------------------------------------- */

static void rtl_csr(void *ctx, unsigned h, mm_csr_id csr, uint64_t value) {
  cosim *c = ctx;
  mm_csr_write(&c->rtl_csrs[h], csr, value);
  c->dut->ops->set_csrs(c->dut, h, &c->rtl_csrs[h]);
}

/* Offers every idle hart its next request (again while a barrier moves:
 * a hart's arrival may let those before it through). */
static void rtl_offer(cosim *c) {
  if (!c->offer) return; /* nothing has changed since the harts were last offered requests */
  c->offer = false;
  uint64_t changes;
  do {
    changes = c->rdrive.changes;
    for (unsigned h = 0; h < c->cfg->harts; h++) {
      rtl_hart *rh = &c->rh[h];
      if (rh->posted || !drive_next(&c->rdrive, h, rh->idle, &rh->cur)) continue;
      const stim_event *ev = &rh->cur.ev;
      c->dut->ops->post(c->dut, h, ev->kind == STIM_ACCESS ? &ev->req : NULL,
                        ev->kind == STIM_FENCE ? &ev->fence : NULL, &rh->obs, rh->cur.accept);
      rh->posted = true;
    }
  } while (c->rdrive.changes != changes);
}

static bool rtl_any_posted(const cosim *c) {
  for (unsigned h = 0; h < c->cfg->harts; h++)
    if (c->rh[h].posted) return true;
  return false;
}

/* One clock edge: the pokes of the requests taken at it armed first (in
 * hart order, as the model's scheduler starts them), the waveform opened
 * when it is due; returns the harts whose response came, each idle after. */
static unsigned rtl_clock(cosim *c, bool *trace_failed) {
  uint64_t e = dut_cycle(c->dut) + 1;
  for (unsigned h = 0; h < c->cfg->harts; h++) {
    const rtl_hart *rh = &c->rh[h];
    if (rh->posted && rh->cur.poke && rh->cur.accept == e)
      c->dut->ops->poke(c->dut, h, rh->cur.poke_pa, rh->cur.poke_value);
  }
  trace_plan *t = c->trace;
  if (t && !t->on && e + c->cfg->wave_window >= t->from) {
    if (!c->dut->ops->trace_open(c->dut, t->path)) *trace_failed = true;
    t->on = true;
    t->first = dut_cycle(c->dut);
  }
  unsigned done = c->dut->ops->tick(c->dut);
  for (unsigned h = 0; h < c->cfg->harts; h++)
    if (done & (1u << h)) {
      c->rh[h].posted = false;
      c->rh[h].idle = e + 1;
      drive_done(&c->rdrive, e);
      c->offer = true;
    }
  return done;
}

/* ---- set-up ----------------------------------------------------------- */

static void write_image(void *ctx, uint64_t pa, uint64_t value) {
  cosim *c = ctx;
  mm_mem_write64(c->model_side->mem, pa, value);
  if (c->use_rtl) mm_mem_write64(c->rtl_side->mem, pa, value);
}

feed_source cosim_stream(const cosim_config *cfg) {
  if (cfg->script) return replay_source(cfg->script);
  stim *s = stim_new(cfg->seed, cfg->harts);
  return s ? feed_source_stim(s) : (feed_source){0};
}

replay_options cosim_replay_options(const cosim_config *cfg) {
  return (replay_options){.harts = cfg->harts,
                          .tlb_entries = cfg->tlb_entries,
                          .mem_latency = cfg->mem_latency,
                          .serial = cfg->serial,
                          .seed = cfg->seed,
                          .bug = cfg->bug,
                          .mutant_build = cfg->mutant_build};
}

/* The stream the config names (the seed's, a replay file's, or events in
 * memory), through a record when the config asks for one. False: reported. */
static bool stream_source(cosim *c, const cosim_config *cfg, feed_source *src) {
  const replay *events = cfg->script;
  if (!events && cfg->replay) {
    char err[512];
    c->replay_file = malloc(sizeof *c->replay_file);
    if (!c->replay_file || !replay_read(cfg->replay, c->replay_file, err, sizeof err)) {
      fprintf(stderr, "mmucosim run: %s\n", c->replay_file ? err : "out of memory");
      free(c->replay_file);
      c->replay_file = NULL;
      return false;
    }
    events = c->replay_file;
  }
  size_t bad;
  if (events && !replay_harts_fit(events, cfg->harts, &bad)) {
    fprintf(stderr, "mmucosim run: %s: event %zu is hart %u's, and the run has %u hart%s\n",
            cfg->replay ? cfg->replay : "the replay", bad, events->ev[bad].hart, cfg->harts,
            cfg->harts == 1 ? "" : "s");
    return false;
  }
  cosim_config named = *cfg;
  named.script = events;
  *src = cosim_stream(&named);
  if (cfg->record) {
    c->record_out = fopen(cfg->record, "w");
    c->record = calloc(1, sizeof *c->record);
    if (!c->record_out || !c->record) {
      fprintf(stderr, "mmucosim run: %s: cannot write: %s\n", cfg->record,
              c->record_out ? "out of memory" : strerror(errno));
      if (src->close) src->close(src->ctx);
      return false;
    }
    c->record->opt = cosim_replay_options(cfg);
    *src = replay_tee(*src, c->record);
  }
  return true;
}

/* Writes the record of a run that ended with rc; false: reported. */
static bool write_record(cosim *c, int rc) {
  const cosim_config *cfg = c->cfg;
  char from[560], result[96], comment[768];
  if (cfg->replay)
    snprintf(from, sizeof from, "replay %s", cfg->replay);
  else
    snprintf(from, sizeof from, "seed %" PRIu64, cfg->seed);
  if (rc == 1)
    snprintf(result, sizeof result, "MISMATCH at request %u", c->stats->mismatch_request);
  else
    snprintf(result, sizeof result, "%s", c->use_model && c->use_rtl ? "no mismatch" : "one backend, no comparison");
  snprintf(comment, sizeof comment, "recorded by mmucosim run from %s, --requests %u: %s", from, cfg->requests, result);
  replay_print(c->record_out, c->record, comment);
  bool ok = !ferror(c->record_out);
  ok = fclose(c->record_out) == 0 && ok;
  c->record_out = NULL;
  if (!ok) fprintf(stderr, "mmucosim run: %s: cannot write: %s\n", cfg->record, strerror(errno));
  return ok;
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
    c->rtl_csrs[h] = c->harts[h].csrs;
  }
  c->model_side = side_new();
  c->rtl_side = side_new();
  if (!c->model_side || !c->rtl_side) {
    fprintf(stderr, "mmucosim run: out of memory\n");
    return false;
  }
  if (c->use_rtl) {
    char err[256];
    const char *name = cfg->dut ? cfg->dut : dut_class_at(0)->name;
    const dut_class *dc = cfg->dut_class ? cfg->dut_class : dut_class_find(name);
    if (!dc) {
      fprintf(stderr, "mmucosim run: no DUT '%s' in this build\n", name);
      return false;
    }
    dut_config dcfg = {.harts = cfg->harts,
                       .tlb_entries = cfg->tlb_entries,
                       .mem_latency = cfg->mem_latency,
                       .bug = cfg->bug,
                       .mutant_build = cfg->mutant_build,
                       .bus = &c->rtl_side->bus};
    c->dut = dc->create(&dcfg, err, sizeof err);
    if (!c->dut) {
      fprintf(stderr, "mmucosim run: %s\n", err);
      return false;
    }
    if (dut_cycle(c->dut) + 1 != START_EDGE) {
      fprintf(stderr, "mmucosim run: the DUT takes its first request at edge %" PRIu64 ", not %d\n",
              dut_cycle(c->dut) + 1, START_EDGE);
      return false;
    }
    for (unsigned h = 0; h < cfg->harts; h++) {
      c->dut->ops->set_csrs(c->dut, h, &c->rtl_csrs[h]);
      c->rh[h].idle = START_EDGE;
    }
    c->offer = true;
  }
  feed_source src;
  if (!stream_source(c, cfg, &src)) return false;
  c->feed = feed_new(src, cfg->harts, cfg->requests, write_image, c);
  if (!c->feed) {
    fprintf(stderr, "mmucosim run: out of memory\n");
    return false;
  }
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = cfg->mem_latency};
  const char *why;
  if (!mm_memsys_init(&c->memsys, &mp, &c->model_side->bus, &why)) {
    fprintf(stderr, "mmucosim run: %s\n", why);
    return false;
  }
  if (c->use_model) {
    drive_init(&c->mdrive, c->feed, SIDE_MODEL, cfg->serial, model_csr, c, START_EDGE);
    mm_sched_source src = {.next = model_next, .done = model_done, .ctx = c};
    mm_sched_init(&c->sched, c->harts, cfg->harts, &c->memsys, &src, START_EDGE);
    c->sched.cov = cfg->cov;
    for (unsigned h = 0; h < cfg->harts; h++)
      c->harts[h].cov = cfg->cov;
  }
  if (c->use_rtl) drive_init(&c->rdrive, c->feed, SIDE_RTL, cfg->serial, rtl_csr, c, START_EDGE);
  c->snap_fd = -1;
  if (backend == COSIM_BOTH && cfg->wave_window && cfg->snapshots && !cfg->quiet) c->next_snap = snap_every(cfg);
  return true;
}

static void snap_drop_all(cosim *c);

static void teardown(cosim *c) {
  snap_drop_all(c);
  for (unsigned h = 0; h < MM_MAX_HARTS; h++) {
    mm_hart_destroy(&c->harts[h]);
    completions *q = &c->mh[h].done;
    while (q->n)
      free(completions_pop(q).obs);
    free(q->e);
    if (c->use_model && c->sched.h[h].state != MM_SCHED_IDLE) free(c->sched.h[h].r.out);
  }
  for (unsigned i = 0; i < c->n_pool; i++)
    free(c->pool[i]);
  free(c->pool);
  dut_free(c->dut);
  feed_free(c->feed);
  if (c->record_out) fclose(c->record_out);
  if (c->record) replay_free(c->record);
  free(c->record);
  if (c->replay_file) replay_free(c->replay_file);
  free(c->replay_file);
  mm_memsys_destroy(&c->memsys);
  side_free(c->model_side);
  side_free(c->rtl_side);
}

/* ---- the loops -------------------------------------------------------- */

static void mismatch(cosim *c, unsigned seq, unsigned h, uint64_t edge) {
  cosim_stats *st = c->stats;
  st->mismatch = true;
  st->mismatch_request = seq;
  st->mismatch_hart = h;
  st->mismatch_edge = edge;
  st->last_edge = dut_cycle(c->dut);
  st->rerun_requests = c->rdrive.max_seq;
}

/* Hart h's RTL response (in c->rh[h].obs) against the model's; false on a
 * mismatch (reported). edge: where the difference shows (the first of the
 * two responses); harts: what every hart did then (NULL: now). */
static bool check(cosim *c, unsigned h, uint64_t edge, const char *harts) {
  const rtl_hart *rh = &c->rh[h];
  if (!model_complete(c, h)) {
    mm_obs none;
    mm_obs_reset(&none);
    mismatch(c, rh->cur.seq, h, edge);
    fprintf(c->cfg->out, "\n(the model has no request on hart %u)\n", h);
    report_mismatch(c, rh->cur.seq, &rh->cur.ev, &none, &rh->obs, edge, harts);
    return false;
  }
  completion k = completions_pop(&c->mh[h].done);
  bool timed = c->stats->requests % TIME_SAMPLE == 0;
  double t0 = timed ? now() : 0;
  bool same = k.seq == rh->cur.seq && obs_equal(k.obs, &rh->obs);
  if (timed) c->stats->compare_seconds += TIME_SAMPLE * (now() - t0);
  if (!same) {
    mismatch(c, rh->cur.seq, h, edge);
    report_mismatch(c, rh->cur.seq, &rh->cur.ev, k.obs, &rh->obs, edge, harts);
    free(k.obs);
    return false;
  }
  retire(c, k.seq, &k.ev, k.obs);
  obs_put(c, k.obs);
  return true;
}

/* The model alone: every request, in the order of the responses (at one
 * edge, in hart order), as the RTL gives them. The scheduler completes a
 * request at its last access; a response before the next event's time is
 * final, since every later completion responds after that time. */
static int run_model(cosim *c) {
  for (;;) {
    bool timed = c->model_runs++ % TIME_SAMPLE == 0;
    double t0 = timed ? now() : 0;
    bool more = mm_sched_step(&c->sched);
    uint64_t next = mm_sched_next_time(&c->sched);
    if (timed) c->stats->model_seconds += TIME_SAMPLE * (now() - t0);
    for (;;) {
      unsigned first = c->cfg->harts;
      for (unsigned h = 0; h < c->cfg->harts; h++) {
        const completions *q = &c->mh[h].done;
        if (q->n && q->e[q->head].response < next &&
            (first == c->cfg->harts || q->e[q->head].response < c->mh[first].done.e[c->mh[first].done.head].response))
          first = h;
      }
      if (first == c->cfg->harts) break;
      completion k = completions_pop(&c->mh[first].done);
      retire(c, k.seq, &k.ev, k.obs);
      obs_put(c, k.obs);
    }
    if (!more) return 0;
  }
}

/* ---- snapshots ---------------------------------------------------------- */

static bool io_full(int fd, void *buf, size_t n, bool write_it) {
  char *p = buf;
  while (n) {
    ssize_t k = write_it ? write(fd, p, n) : read(fd, p, n);
    if (k <= 0) return false;
    p += k;
    n -= (size_t)k;
  }
  return true;
}

static void snap_drop(snapshot *s) {
  close(s->fd); /* it reads the end and exits */
  waitpid(s->pid, NULL, 0);
}

static void snap_drop_all(cosim *c) {
  for (unsigned i = 0; i < c->n_snap; i++)
    snap_drop(&c->snap[i]);
  c->n_snap = 0;
}

/* In the copy: wait for the parent's word; none (it went on, or is done
 * with us): exit. Else run on, the RTL alone, quietly, tracing the window. */
static void snap_wait(cosim *c, int fd) {
  snap_cmd cmd;
  if (!io_full(fd, &cmd, sizeof cmd, false)) _exit(0);
  int null = open("/dev/null", O_WRONLY);
  if (null >= 0) { /* the parent has reported; the run on says nothing */
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
  }
  cosim_config *cfg = malloc(sizeof *cfg);
  trace_plan *plan = malloc(sizeof *plan);
  char *fst = malloc(512);
  if (!cfg || !plan || !fst) _exit(3);
  *cfg = *c->cfg;
  cfg->verbose = false;
  cfg->quiet = true;
  cfg->out = fdopen(null >= 0 ? null : STDOUT_FILENO, "w");
  snprintf(fst, 512, "%s.fst", cfg->fail_prefix);
  *plan = (trace_plan){.path = fst, .from = cmd.from};
  c->cfg = cfg;
  c->use_model = false;
  c->trace = plan;
  c->stop_edge = cmd.stop;
  c->snap_fd = fd;
  c->next_snap = 0;
}

/* In the copy, at the stop: the trace closed, the result to the parent. */
static void snap_finish(cosim *c) {
  snap_result r = {.first = c->trace->first, .last = dut_cycle(c->dut), .ok = c->trace->on};
  c->dut->ops->trace_close(c->dut);
  io_full(c->snap_fd, &r, sizeof r, true);
  _exit(0);
}

/* A copy of the run now, at edge e, kept as the newest snapshot. */
static void snap_take(cosim *c, uint64_t e) {
  int sv[2];
  fflush(NULL);
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) return;
  pid_t pid = fork();
  if (pid < 0) {
    close(sv[0]);
    close(sv[1]);
    return;
  }
  if (pid == 0) { /* the copy: the older snapshots are not its own */
    close(sv[0]);
    for (unsigned i = 0; i < c->n_snap; i++)
      close(c->snap[i].fd);
    c->n_snap = 0;
    snap_wait(c, sv[1]);
    return;
  }
  close(sv[1]);
  if (c->n_snap == SNAP_KEEP) {
    snap_drop(&c->snap[0]);
    memmove(&c->snap[0], &c->snap[1], (SNAP_KEEP - 1) * sizeof c->snap[0]);
    c->n_snap--;
  }
  c->snap[c->n_snap++] = (snapshot){.pid = pid, .fd = sv[0], .edge = e};
}

/* The waveform of the failure from a snapshot: true when it was written
 * (*first..*last traced). */
static bool snap_waves(cosim *c, uint64_t from, uint64_t stop, uint64_t *first, uint64_t *last) {
  int pick = -1;
  for (int i = (int)c->n_snap - 1; i >= 0; i--)
    if (c->snap[i].edge + c->cfg->wave_window <= from) {
      pick = i;
      break;
    }
  if (pick < 0) return false;
  snapshot *s = &c->snap[pick];
  snap_cmd cmd = {.from = from, .stop = stop};
  snap_result r = {0};
  bool ok = io_full(s->fd, &cmd, sizeof cmd, true) && io_full(s->fd, &r, sizeof r, false) && r.ok;
  *first = r.first;
  *last = r.last;
  return ok;
}

/* The RTL, edge by edge, with the model run up to each edge when both
 * sides run. Returns 0, 1 on a mismatch (reported), 2 when the waveform
 * cannot be written. */
static int run_rtl(cosim *c) {
  for (;;) {
    if (c->next_snap && dut_cycle(c->dut) >= c->next_snap) {
      snap_take(c, dut_cycle(c->dut));
      c->next_snap = dut_cycle(c->dut) + snap_every(c->cfg);
      if (c->snap_fd >= 0) c->next_snap = 0; /* a snapshot running on takes none */
    }
    rtl_offer(c);
    if (!rtl_any_posted(c)) {
      if (c->snap_fd >= 0) snap_finish(c);
      return 0;
    }
    bool trace_failed = false;
    unsigned done = rtl_clock(c, &trace_failed);
    if (trace_failed) return 2;
    uint64_t e = dut_cycle(c->dut);
    if (c->stop_edge && e >= c->stop_edge) {
      if (c->snap_fd >= 0) snap_finish(c);
      return 0;
    }
    if (!c->use_model) {
      for (unsigned h = 0; h < c->cfg->harts; h++)
        if (done & (1u << h)) retire(c, c->rh[h].cur.seq, &c->rh[h].cur.ev, &c->rh[h].obs);
      continue;
    }
    model_run_until(c, e);
    for (unsigned h = 0; h < c->cfg->harts; h++)
      if ((done & (1u << h)) && !check(c, h, e, NULL)) return 1;
    /* A response the model predicts by now that the RTL has not given: the
     * harts as they are now, then the RTL runs until the response comes (or
     * the harness calls it a hang) for the comparison. */
    for (unsigned h = 0; h < c->cfg->harts; h++) {
      const completions *q = &c->mh[h].done;
      if (!c->rh[h].posted || !q->n || q->e[q->head].response > e) continue;
      char *harts = NULL;
      size_t len = 0;
      FILE *mem = c->cfg->harts > 1 && !c->cfg->quiet ? open_memstream(&harts, &len) : NULL;
      if (mem) {
        report_harts(c, mem, e, NULL);
        fclose(mem);
      }
      while (!(rtl_clock(c, &trace_failed) & (1u << h))) {
      }
      bool same = check(c, h, e, harts ? harts : "");
      free(harts);
      if (!same) return 1;
    }
  }
}

static int run(cosim *c) {
  if (c->use_rtl) return run_rtl(c);
  return run_model(c);
}

static void finish_stats(cosim *c) {
  cosim_stats *st = c->stats;
  st->cycles = c->use_rtl ? dut_cycle(c->dut) : c->last_response;
  if (!c->use_model) return;
  const mm_sched_stats *s = &c->sched.stats;
  st->contended = s->contended;
  st->max_wait = s->max_wait;
  st->max_in_flight = (unsigned)s->max_in_flight;
  st->shared_reads = s->shared_reads;
  st->cas_races = s->cas_races;
  st->cas_lost = s->cas_lost;
  st->store_races = s->store_races;
  st->fences_in_walks = s->fences_in_walks;
  st->pokes = c->memsys.stats.pokes;
  if (c->cfg->cov) mm_cov_race_add(c->cfg->cov, MM_RACE_POKE, c->memsys.stats.pokes);
  st->alias_errors = c->memsys.stats.alias_errors;
}

/* The GTKWave save file beside the FST, and where they are. */
static void waves_done(const cosim_config *cfg, const dut *d, const cosim_stats *failed, uint64_t first,
                       uint64_t last) {
  char fst[512], gtkw[512];
  snprintf(fst, sizeof fst, "%s.fst", cfg->fail_prefix);
  snprintf(gtkw, sizeof gtkw, "%s.gtkw", cfg->fail_prefix);
  if (!d->ops->write_gtkw || !d->ops->write_gtkw(d, gtkw, fst, failed->mismatch_edge)) {
    fprintf(cfg->out, "  waveform: cannot write %s\n", gtkw);
    return;
  }
  fprintf(cfg->out, "  waveform: %s (cycles %" PRIu64 "..%" PRIu64 ", the failing response at edge %" PRIu64 ")\n", fst,
          first, last, failed->mismatch_edge);
  fprintf(cfg->out, "  open it:  gtkwave %s %s\n", fst, gtkw);
}

/* Re-runs the RTL alone from the same seed and requests with tracing on
 * from wave_window cycles before the failing edge through a few cycles
 * after it, into PREFIX.fst, and writes PREFIX.gtkw. */
static void capture_waves(const cosim_config *cfg0, const cosim_stats *failed) {
  cosim_config cfg = *cfg0;
  cfg.requests = failed->rerun_requests;
  FILE *out = cfg.out;
  char fst[512];
  snprintf(fst, sizeof fst, "%s.fst", cfg.fail_prefix);
  cosim_stats st = {0};
  trace_plan plan = {.path = fst, .from = failed->mismatch_edge};
  cosim *c = malloc(sizeof *c);
  if (!c) return;
  if (!setup(c, &cfg, COSIM_RTL, &st)) {
    teardown(c);
    free(c);
    return;
  }
  c->trace = &plan;
  c->stop_edge = failed->last_edge + 4;
  int rc = run(c);
  if (rc == 2 || !plan.on) {
    fprintf(out, "  waveform: cannot write %s\n", fst);
    teardown(c);
    free(c);
    return;
  }
  uint64_t last = dut_cycle(c->dut);
  c->dut->ops->trace_close(c->dut);
  waves_done(&cfg, c->dut, failed, plan.first, last);
  teardown(c);
  free(c);
}

int cosim_run(const cosim_config *cfg, cosim_stats *stats) {
  *stats = (cosim_stats){0};
  cosim *c = malloc(sizeof *c);
  if (!c) {
    fprintf(stderr, "mmucosim run: out of memory\n");
    return 2;
  }
  if (!setup(c, cfg, cfg->backend, stats)) {
    teardown(c);
    free(c);
    return 2;
  }
  double t0 = now();
  int rc = run(c);
  stats->seconds = now() - t0;
  finish_stats(c);
  if (c->record_out && rc != 2 && !write_record(c, rc)) rc = 2;
  bool waves = rc == 1 && cfg->wave_window && !cfg->quiet;
  uint64_t first, last;
  if (waves && snap_waves(c, stats->mismatch_edge, stats->last_edge + 4, &first, &last)) {
    waves_done(cfg, c->dut, stats, first, last);
    waves = false;
  }
  teardown(c);
  free(c);
  if (waves) {
    cosim_config rerun = *cfg;
    rerun.record = NULL; /* the waveform's re-run reads the same events; the record is the run's */
    capture_waves(&rerun, stats);
  }
  return rc;
}
