#include "cosim.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compare.h"
#include "cosim_int.h"
#include "model/cov.h"
#include "model/pma.h"
#include "model/pte.h"

double cosim_now(void) {
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

/* Why the run cannot go on, into the stats (the first reason kept); the
 * command prints it: library code never prints or exits. */
bool cosim_fail(cosim *c, const char *fmt, ...) {
  c->failed = true;
  if (c->stats->error[0]) return false;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->stats->error, sizeof c->stats->error, fmt, ap);
  va_end(ap);
  return false;
}

/* ---- the model's side ------------------------------------------------- */

mm_obs *cosim_obs_get(cosim *c) {
  if (!c->n_pool && c->mt.on) cosim_mt_returned(c);
  if (c->n_pool) return c->pool[--c->n_pool];
  mm_obs *o = malloc(sizeof *o);
  if (!o) cosim_fail(c, "out of memory");
  return o;
}

void cosim_obs_put(cosim *c, mm_obs *o) {
  if (c->mt.on) /* the pool is the model thread's: back to it at the next hand-over */
    cosim_mt_back(c, o);
  else
    cosim_obs_put_pool(c, o);
}

void cosim_obs_put_pool(cosim *c, mm_obs *o) {
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

/* False when out of memory. */
bool cosim_completions_push(completions *q, const completion *k) {
  if (q->n == q->cap) {
    unsigned cap = q->cap ? 2 * q->cap : 8;
    completion *e = malloc(cap * sizeof *e);
    if (!e) return false;
    for (unsigned i = 0; i < q->n; i++)
      e[i] = q->e[(q->head + i) % q->cap];
    free(q->e);
    q->e = e;
    q->cap = cap;
    q->head = 0;
  }
  q->e[(q->head + q->n++) % q->cap] = *k;
  return true;
}

completion cosim_completions_pop(completions *q) {
  completion k = q->e[q->head];
  q->head = (q->head + 1) % q->cap;
  q->n--;
  return k;
}

static void model_csr(void *ctx, unsigned h, mm_csr_id csr, uint64_t value) {
  cosim *c = ctx;
  if (cosim_profile_csr(c->profile, &c->harts[h].csrs, csr, &value)) mm_csr_write(&c->harts[h].csrs, csr, value);
}

static bool model_next(void *ctx, unsigned h, uint64_t idle, mm_sched_request *r) {
  cosim *c = ctx;
  drive_request *d = &c->mh[h].cur; /* the hart is idle: its last request is done with */
  if (c->failed || !drive_next(&c->mdrive, h, idle, d)) return false;
  mm_obs *out = cosim_obs_get(c);
  if (!out) return false; /* the run fails (c->failed) */
  *r = (mm_sched_request){.is_fence = d->ev.kind == STIM_FENCE,
                          .req = d->ev.req,
                          .fence = d->ev.fence,
                          .accept = d->accept,
                          .out = out,
                          .poke = d->poke,
                          .poke_pa = d->poke_pa,
                          .poke_value = d->poke_value};
  return true;
}

/* The first lines of o (its outcome, first accesses and bus transactions), on their way to this core's cache
 * before the comparison reads them: on two threads the model wrote them on another core. */
static void prefetch_obs(const mm_obs *o) {
  __builtin_prefetch(o);
  __builtin_prefetch((const char *)o + 64);
  for (unsigned i = 0; i < 4; i++) {
    __builtin_prefetch(&o->ops[i]);
    __builtin_prefetch(&o->bus[i]);
  }
}

bool cosim_completion_to(cosim *c, unsigned h, const completion *k) {
  completions *q = &c->mh[h].done;
  if (!cosim_completions_push(q, k)) return false;
  if (q->n == 1) { /* a new head */
    if (k->response < c->due) c->due = k->response;
    prefetch_obs(k->obs);
  }
  return true;
}

/* The model alone and quiet: each request is retired as it completes (model_done), none waits in a queue. */
static bool retired_at_once(const cosim *c) { return !c->use_rtl && !c->cfg->verbose; }

static void model_done(void *ctx, unsigned h, const mm_sched_request *r, uint64_t response) {
  cosim *c = ctx;
  drive_done(&c->mdrive, response);
  const drive_request *d = &c->mh[h].cur;
  cosim_value_request(c, d, r->out);
  c->stats->model_cycles += r->out->cycles;
  /* the request that made the first attribute alias is this hart's current one */
  if (!c->alias_seen && c->memsys.stats.alias_errors && c->memsys.stats.first_alias_hart == h) {
    c->alias_seen = true;
    c->stats->first_alias = d->seq;
  }
  if (retired_at_once(c)) { /* the model alone, quiet: its counts take no order, retired now */
    cosim_retire(c, d->seq, &d->ev, r->out);
    cosim_obs_put(c, r->out);
    return;
  }
  completion k = {.seq = d->seq, .ev = d->ev, .obs = r->out, .response = response};
  if (c->mt.on) {
    cosim_mt_push(c, h, &k);
  } else if (!cosim_completion_to(c, h, &k)) {
    free(k.obs);
    cosim_fail(c, "out of memory");
  }
}

/* Runs the model through edge e (sampled for the time share); nothing to
 * do before the time of its next event. */
static void model_run_until(cosim *c, uint64_t e) {
  if (c->mt.on) {
    if (e >= c->mt.seen) cosim_mt_upto(c, e);
    return;
  }
  if (e < c->model_next) return;
  bool timed = c->model_runs++ % TIME_SAMPLE == 0;
  double t0 = timed ? cosim_now() : 0;
  c->model_next = mm_sched_run_until(&c->sched, e);
  if (timed) c->stats->model_seconds += TIME_SAMPLE * (cosim_now() - t0);
}

/* Runs the model until hart h has a completion; false when it has none to come. */
static bool model_complete(cosim *c, unsigned h) {
  if (c->mt.on) return cosim_mt_more(c, h);
  c->model_next = 0; /* it runs ahead here */
  while (!c->mh[h].done.n)
    if (!mm_sched_step(&c->sched) || c->failed) return false;
  return true;
}

/* ---- the RTL's side --------------------------------------------------- */

static void rtl_csr(void *ctx, unsigned h, mm_csr_id csr, uint64_t value) {
  cosim *c = ctx;
  if (!cosim_profile_csr(c->profile, &c->rtl_csrs[h], csr, &value)) return;
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
  cosim_value_image(c, pa, value);
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
 * memory), through a record when the config asks for one. False: failed (why in the stats). */
static bool stream_source(cosim *c, const cosim_config *cfg, feed_source *src) {
  const replay *events = cfg->script;
  if (!events && cfg->replay) {
    char err[512];
    c->replay_file = malloc(sizeof *c->replay_file);
    if (!c->replay_file || !replay_read(cfg->replay, c->replay_file, err, sizeof err)) {
      cosim_fail(c, "%s", c->replay_file ? err : "out of memory");
      free(c->replay_file);
      c->replay_file = NULL;
      return false;
    }
    events = c->replay_file;
  }
  size_t bad;
  if (events && !replay_harts_fit(events, cfg->harts, &bad)) {
    return cosim_fail(c, "%s: event %zu is hart %u's, and the run has %u hart%s",
                      cfg->replay ? cfg->replay : "the replay", bad, events->ev[bad].hart, cfg->harts,
                      cfg->harts == 1 ? "" : "s");
  }
  cosim_config named = *cfg;
  named.script = events;
  *src = cosim_stream(&named);
  /* The model alone with the value checker on a second thread: the generator's stream is made on that
   * thread too, beside the model (the events are the same). */
  c->vt.ahead = NULL;
  if (!events && src->next && cosim_value_thread_wanted(c)) *src = feed_source_ahead(*src, &c->vt.ahead);
  if (cfg->record) {
    c->record_out = fopen(cfg->record, "w");
    c->record = calloc(1, sizeof *c->record);
    if (!c->record_out || !c->record) {
      cosim_fail(c, "%s: cannot write: %s", cfg->record, c->record_out ? "out of memory" : strerror(errno));
      if (src->close) src->close(src->ctx);
      return false;
    }
    c->record->opt = cosim_replay_options(cfg);
    *src = replay_tee(*src, c->record);
  }
  return true;
}

/* Writes the record of a run that ended with rc; false: failed (why in the stats). */
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
  if (!ok) cosim_fail(c, "%s: cannot write: %s", cfg->record, strerror(errno));
  return ok;
}

static bool setup(cosim *c, const cosim_config *cfg, cosim_backend backend, cosim_stats *stats) {
  *c = (cosim){.cfg = cfg, .backend = backend, .stats = stats};
  stats->threads = 1;
  c->use_model = backend != COSIM_RTL;
  c->use_rtl = backend != COSIM_MODEL;
  if (cfg->harts < 1 || cfg->harts > MM_MAX_HARTS) {
    cosim_fail(c, "--harts must be 1..%d", MM_MAX_HARTS);
    return false;
  }
  for (unsigned h = 0; h < cfg->harts; h++) {
    mm_hart_params p = {.tlb_entries = cfg->tlb_entries, .mem_latency = cfg->mem_latency, .id = h};
    const char *why;
    if (!mm_hart_init(&c->harts[h], &p, &why)) {
      cosim_fail(c, "%s", why);
      return false;
    }
    c->rtl_csrs[h] = c->harts[h].csrs;
  }
  c->model_side = side_new();
  c->rtl_side = side_new();
  if (!c->model_side || !c->rtl_side) {
    cosim_fail(c, "out of memory");
    return false;
  }
  c->profile = &dut_profile_full;
  if (c->use_rtl) {
    char err[256];
    const char *name = cfg->dut ? cfg->dut : dut_class_at(0)->name;
    const dut_class *dc = cfg->dut_class ? cfg->dut_class : dut_class_find(name);
    if (!dc) {
      cosim_fail(c, "no DUT '%s' in this build", name);
      return false;
    }
    c->profile = dut_class_profile(dc);
    for (unsigned h = 0; h < cfg->harts; h++) /* the model makes the DUT's choices (model/walk.h) */
      c->harts[h].csrs.choices = c->rtl_csrs[h].choices = c->profile->choices;
    c->free_mode = cfg->timing_free || c->profile->timing == DUT_TIMING_FREE;
    stats->timing_free = c->free_mode;
    stats->profile = c->profile;
    if (c->free_mode && backend == COSIM_BOTH) {
      c->legal = malloc(sizeof *c->legal);
      if (!c->legal) return cosim_fail(c, "out of memory");
      legal_init(c->legal, cfg->harts);
    }
    dut_config dcfg = {.harts = cfg->harts,
                       .tlb_entries = cfg->tlb_entries,
                       .mem_latency = cfg->mem_latency,
                       .bug = cfg->bug,
                       .mutant_build = cfg->mutant_build,
                       .bus = &c->rtl_side->bus,
                       .mem_read = c->use_model ? cosim_mem_read : NULL,
                       .mem_ctx = c};
    c->dut = dc->create(&dcfg, err, sizeof err);
    if (!c->dut) {
      cosim_fail(c, "%s", err);
      return false;
    }
    if (!c->free_mode && dut_cycle(c->dut) + 1 != START_EDGE) {
      return cosim_fail(c, "the DUT takes its first request at edge %" PRIu64 ", not %d", dut_cycle(c->dut) + 1,
                        START_EDGE);
    }
    for (unsigned h = 0; h < cfg->harts; h++) {
      c->dut->ops->set_csrs(c->dut, h, &c->rtl_csrs[h]);
      c->rh[h].idle = START_EDGE;
    }
    c->offer = true;
  }
  if (!cosim_value_init(c)) return cosim_fail(c, "out of memory");
  feed_source src;
  if (!stream_source(c, cfg, &src)) return false;
  c->feed = feed_new(src, cfg->harts, cfg->requests, write_image, c);
  if (!c->feed) {
    cosim_fail(c, "out of memory");
    return false;
  }
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = cfg->mem_latency};
  const char *why;
  if (!mm_memsys_init(&c->memsys, &mp, &c->model_side->bus, &why)) {
    cosim_fail(c, "%s", why);
    return false;
  }
  bool serial = cfg->serial || c->free_mode; /* the timing-free comparison runs one request at a time */
  if (c->use_model) {
    drive_init(&c->mdrive, c->feed, SIDE_MODEL, serial, model_csr, c, START_EDGE);
    mm_sched_source src = {.next = model_next, .done = model_done, .ctx = c};
    mm_sched_init(&c->sched, c->harts, cfg->harts, &c->memsys, &src, START_EDGE);
    c->sched.cov = cfg->cov;
    c->memsys.cov = cfg->cov;
    if (cfg->cov) cfg->cov->harts = cfg->harts;
    for (unsigned h = 0; h < cfg->harts; h++)
      c->harts[h].cov = cfg->cov;
  }
  if (c->use_rtl) drive_init(&c->rdrive, c->feed, SIDE_RTL, serial, rtl_csr, c, START_EDGE);
  c->snap_fd = -1;
  if (backend == COSIM_BOTH && cfg->wave_window && cfg->snapshots && !cfg->quiet && !c->free_mode)
    c->next_snap = cosim_snap_every(cfg);
  return true;
}

static void teardown(cosim *c) {
  cosim_mt_join(c, true);
  cosim_snap_drop_all(c);
  cosim_value_free(c);
  for (unsigned h = 0; h < MM_MAX_HARTS; h++) {
    mm_hart_destroy(&c->harts[h]);
    completions *q = &c->mh[h].done;
    while (q->n)
      free(cosim_completions_pop(q).obs);
    free(q->e);
    if (c->use_model && c->sched.h[h].state != MM_SCHED_IDLE) free(c->sched.h[h].r.out);
  }
  for (unsigned i = 0; i < c->n_pool; i++)
    free(c->pool[i]);
  free(c->pool);
  dut_free(c->dut);
  if (c->legal) legal_free(c->legal);
  free(c->legal);
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

/* A failed assertion of the DUT by edge e fails the run (true): at its hart's request, or the
 * newest in flight. */
bool cosim_assertion_failed(cosim *c, uint64_t e) {
  dut_assertion a;
  if (!c->dut->ops->assertion || !c->dut->ops->assertion(c->dut, &a)) return false;
  unsigned h = a.hart >= 0 && (unsigned)a.hart < c->cfg->harts ? (unsigned)a.hart : 0, seq = c->rh[h].cur.seq;
  for (unsigned k = 0; a.hart < 0 && k < c->cfg->harts; k++)
    if (c->rh[k].posted && c->rh[k].cur.seq > seq) seq = c->rh[k].cur.seq;
  mismatch(c, seq, h, a.cycle ? a.cycle : e);
  c->stats->assertion = true;
  cosim_report_assertion(c, &a);
  return true;
}

/* Hart h's RTL response (in c->rh[h].obs) against the model's; false on a
 * mismatch (reported). edge: where the difference shows (the first of the
 * two responses); harts: what every hart did then (NULL: now). */
static bool check(cosim *c, unsigned h, uint64_t edge, const char *harts) {
  const rtl_hart *rh = &c->rh[h];
  if (!model_complete(c, h)) {
    if (c->mt.on) return false; /* run again on one thread, which reports it */
    mm_obs none;
    mm_obs_reset(&none);
    mismatch(c, rh->cur.seq, h, edge);
    fprintf(c->cfg->out, "\n(the model has no request on hart %u)\n", h);
    cosim_report_mismatch(c, rh->cur.seq, &rh->cur.ev, &none, &rh->obs, edge, harts);
    return false;
  }
  completion k = cosim_completions_pop(&c->mh[h].done);
  if (c->mh[h].done.n) prefetch_obs(c->mh[h].done.e[c->mh[h].done.head].obs);
  bool timed = c->stats->requests % TIME_SAMPLE == 0;
  double t0 = timed ? cosim_now() : 0;
  bool same = k.seq == rh->cur.seq && obs_equal(k.obs, &rh->obs);
  if (timed) c->stats->compare_seconds += TIME_SAMPLE * (cosim_now() - t0);
  if (!same && c->mt.on) {
    free(k.obs);
    return false;
  }
  if (!same) {
    mismatch(c, rh->cur.seq, h, edge);
    cosim_report_mismatch(c, rh->cur.seq, &rh->cur.ev, k.obs, &rh->obs, edge, harts);
    free(k.obs);
    return false;
  }
  cosim_retire(c, k.seq, &k.ev, k.obs);
  cosim_obs_put(c, k.obs);
  if (c->mt.on) cosim_mt_compared(c);
  return true;
}

/* The model alone: every request, in the order of the responses (at one
 * edge, in hart order), as the RTL gives them (for --verbose's lines: a
 * quiet run retires each as it completes, model_done). The scheduler
 * completes a request at its last access; a response before the next
 * event's time is final, since every later completion responds after that
 * time. */
/* Retires, earliest response first, the queued completions that respond before edge next (final by then). */
static void retire_before(cosim *c, uint64_t next) {
  for (;;) {
    unsigned first = c->cfg->harts;
    for (unsigned h = 0; h < c->cfg->harts; h++) {
      const completions *q = &c->mh[h].done;
      if (q->n && q->e[q->head].response < next &&
          (first == c->cfg->harts || q->e[q->head].response < c->mh[first].done.e[c->mh[first].done.head].response))
        first = h;
    }
    if (first == c->cfg->harts) return;
    completion k = cosim_completions_pop(&c->mh[first].done);
    cosim_retire(c, k.seq, &k.ev, k.obs);
    cosim_obs_put(c, k.obs);
  }
}

static int run_model(cosim *c) {
  if (cosim_value_thread_start(c)) c->stats->threads = 2;
  const bool queued = !retired_at_once(c);
  for (;;) {
    bool timed = c->model_runs++ % TIME_SAMPLE == 0;
    double t0 = timed ? cosim_now() : 0;
    bool more = mm_sched_step(&c->sched);
    if (c->failed) return 2;
    uint64_t next = queued ? mm_sched_next_time(&c->sched) : 0;
    if (timed) c->stats->model_seconds += TIME_SAMPLE * (cosim_now() - t0);
    if (queued) retire_before(c, next);
    if (!more) return 0;
  }
}

/* A failed assertion of the DUT by edge e, on two threads: not reported (the run on one thread does). */
static bool assertion_pending(const cosim *c) {
  dut_assertion a;
  return c->dut->ops->assertion && c->dut->ops->assertion(c->dut, &a);
}

/* The RTL, edge by edge, with the model run up to each edge when both
 * sides run (on a thread of its own, ahead, when that pays: cosim_mt.c).
 * Returns 0, 1 on a mismatch (reported), 2 when the waveform cannot be
 * written, COSIM_RETRY on a failure found on two threads. */
static int run_rtl(cosim *c) {
  if (c->use_model && cosim_mt_start(c)) c->stats->threads = 2;
  const int failure = c->mt.on ? COSIM_RETRY : 1;
  for (;;) {
    if (c->failed) return 2;
    /* on two threads no snapshots: a failure runs again on one, which takes them */
    if (c->next_snap && !c->mt.on && dut_cycle(c->dut) >= c->next_snap) {
      cosim_snap_take(c, dut_cycle(c->dut));
      c->next_snap = dut_cycle(c->dut) + cosim_snap_every(c->cfg);
      if (c->snap_fd >= 0) c->next_snap = 0; /* a snapshot running on takes none */
    }
    rtl_offer(c);
    if (!rtl_any_posted(c)) {
      if (c->snap_fd >= 0) cosim_snap_finish(c);
      cosim_mt_join(c, false); /* the model's last steps, as on one thread */
      return 0;
    }
    bool trace_failed = false;
    unsigned done = rtl_clock(c, &trace_failed);
    if (trace_failed) return 2;
    uint64_t e = dut_cycle(c->dut);
    if (c->stop_edge && e >= c->stop_edge) {
      if (c->snap_fd >= 0) cosim_snap_finish(c);
      return 0;
    }
    if (!c->trace && (c->mt.on ? assertion_pending(c) : cosim_assertion_failed(c, e))) return failure;
    if (!c->use_model) {
      for (unsigned h = 0; h < c->cfg->harts; h++)
        if (done & (1u << h)) cosim_retire(c, c->rh[h].cur.seq, &c->rh[h].cur.ev, &c->rh[h].obs);
      continue;
    }
    model_run_until(c, e);
    for (unsigned h = 0; h < c->cfg->harts; h++)
      if ((done & (1u << h)) && !check(c, h, e, NULL)) return failure;
    /* A response the model predicts by now that the RTL has not given: the
     * harts as they are now, then the RTL runs until the response comes (or
     * the harness calls it a hang) for the comparison. */
    if (e < c->due) continue; /* no model response is due yet */
    c->due = UINT64_MAX;
    for (unsigned h = 0; h < c->cfg->harts; h++) {
      const completions *q = &c->mh[h].done;
      if (q->n && q->e[q->head].response < c->due) c->due = q->e[q->head].response;
    }
    for (unsigned h = 0; h < c->cfg->harts; h++) {
      const completions *q = &c->mh[h].done;
      if (!c->rh[h].posted || !q->n || q->e[q->head].response > e) continue;
      if (c->mt.on) return COSIM_RETRY;
      char *harts = NULL;
      size_t len = 0;
      FILE *mem = c->cfg->harts > 1 && !c->cfg->quiet ? open_memstream(&harts, &len) : NULL;
      if (mem) {
        cosim_report_harts(c, mem, e, NULL);
        fclose(mem);
      }
      while (!(rtl_clock(c, &trace_failed) & (1u << h))) {
      }
      if (cosim_assertion_failed(c, dut_cycle(c->dut))) {
        free(harts);
        return 1;
      }
      bool same = check(c, h, e, harts ? harts : "");
      free(harts);
      if (!same) return 1;
    }
  }
}

static int run(cosim *c) {
  if (c->free_mode) return cosim_run_free(c);
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
  /* Timing-free: both sides again (a translate-only DUT reads the model's memory), quietly, the
   * waveform from cfg.history requests before the failing one. */
  bool free_mode = failed->timing_free;
  FILE *null = free_mode ? fopen("/dev/null", "w") : NULL;
  if (free_mode && !null) return;
  if (free_mode) cfg.out = null, cfg.quiet = true;
  trace_plan plan = {.path = fst, .from = free_mode ? failed->mismatch_request : failed->mismatch_edge};
  cosim *c = malloc(sizeof *c);
  if (!c) {
    if (null) fclose(null);
    return;
  }
  bool ok = setup(c, &cfg, free_mode ? COSIM_BOTH : COSIM_RTL, &st);
  if (!ok) {
    if (null) fclose(null);
    teardown(c);
    free(c);
    return;
  }
  c->trace = &plan;
  c->stop_edge = failed->last_edge + 4;
  int rc = run(c);
  if (null) {
    cfg.out = out;
    fclose(null);
  }
  if (free_mode && rc == 1) rc = 0; /* the same mismatch again: the waveform holds it */
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
    snprintf(stats->error, sizeof stats->error, "out of memory");
    return 2;
  }
  if (!setup(c, cfg, cfg->backend, stats)) {
    teardown(c);
    free(c);
    return 2;
  }
  double t0 = cosim_now();
  int rc = run(c);
  cosim_mt_join(c, true);
  cosim_value_thread_join(c);
  if (rc == COSIM_RETRY) { /* a failure on two threads: again on one, which reports it */
    teardown(c);
    *stats = (cosim_stats){0};
    if (!setup(c, cfg, cfg->backend, stats)) {
      teardown(c);
      free(c);
      return 2;
    }
    c->mt.off = true;
    rc = run(c);
    stats->rerun_on_one = true;
  }
  rc = cosim_value_finish(c, rc);
  stats->seconds = cosim_now() - t0;
  finish_stats(c);
  if (c->record_out && rc != 2 && !write_record(c, rc)) rc = 2;
  bool waves = rc == 1 && stats->mismatch && cfg->wave_window && !cfg->quiet;
  uint64_t first, last;
  if (waves && cosim_snap_waves(c, stats->mismatch_edge, stats->last_edge + 4, &first, &last)) {
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
