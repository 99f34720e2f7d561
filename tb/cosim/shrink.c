#include "shrink.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/mmu.h"

/* What a change does to its event: drop it, or one simplification. */
enum {
  CH_DROP = 0,
  CH_UNUSED = 1, /* the fields the run does not read zeroed (hart of an image word or a barrier, gap of an
                    image word, a CSR change, a poke or a barrier, size and data an access does not use, a
                    fence's address and ID when it has none) */
  CH_GAP = 2,    /* gap 0 */
  CH_WDATA = 4,  /* store data 0 */
};

typedef struct change {
  size_t ev; /* the event's index in the base */
  uint8_t what;
} change;

typedef struct shrinker {
  replay *r;          /* the base: the smallest failing replay when the phase began */
  bool *dropped;      /* per event of the base: dropped by a kept change */
  uint8_t *simple;    /* per event of the base: the CH_* simplifications kept */
  unsigned harts;     /* the harts of the candidates */
  unsigned *hart_map; /* [MM_MAX_HARTS]: a hart's number in the candidates (the harts phase) */
  replay cand;        /* the candidate (its notes are the base's) */
  replay best;        /* the smallest failing replay (its notes are the base's) */
  const shrink_test *t;
  const shrink_params *p;
  shrink_stats *st;
  const char *phase;
  bool oom;
} shrinker;

static bool sized(const mm_req *q) {
  return q->data_op == MM_DATA_LOAD || q->data_op == MM_DATA_STORE || q->data_op == MM_DATA_FETCH;
}

/* ev with the simplifications in what; image: it is a word of the initial image. */
static stim_event simplified(stim_event ev, uint8_t what, bool image) {
  if (what & CH_UNUSED) {
    if (image || ev.kind == STIM_SYNC) ev.hart = 0;
    if (image || ev.kind == STIM_CSR || ev.kind == STIM_POKE || ev.kind == STIM_SYNC) ev.gap = 0;
    if (ev.kind == STIM_ACCESS && !sized(&ev.req)) ev.req.size = 0;
    if (ev.kind == STIM_ACCESS && ev.req.data_op != MM_DATA_STORE) ev.req.wdata = 0;
    if (ev.kind == STIM_FENCE && !ev.fence.has_addr) ev.fence.addr = 0;
    if (ev.kind == STIM_FENCE && !ev.fence.has_id) ev.fence.id = 0;
  }
  if (what & CH_GAP) ev.gap = 0;
  if (what & CH_WDATA) ev.req.wdata = 0;
  return ev;
}

static bool is_applied(const shrinker *s, const change *c) {
  return s->dropped[c->ev] || (c->what != CH_DROP && (s->simple[c->ev] & c->what));
}

/* The candidate: the base with the kept changes and the harts renumbered. */
static bool build(shrinker *s, replay *out) {
  out->n = 0;
  out->opt = s->r->opt;
  out->opt.harts = s->harts;
  bool started = false;
  for (size_t i = 0; i < s->r->n; i++) {
    if (s->dropped[i]) continue;
    stim_event ev = simplified(s->r->ev[i], s->simple[i], s->r->ev[i].kind == STIM_MEM && !started);
    started |= ev.kind == STIM_ACCESS || ev.kind == STIM_FENCE;
    ev.hart = ev.hart < MM_MAX_HARTS ? s->hart_map[ev.hart] : ev.hart;
    if (!replay_push(out, &ev)) return false;
  }
  return true;
}

static bool spent(const shrinker *s) { return s->st->runs >= s->p->max_runs; }

static void progress(shrinker *s, bool phase_done) {
  if (!s->p->progress) return;
  shrink_progress pr = {.phase = s->phase,
                        .phase_done = phase_done,
                        .runs = s->st->runs,
                        .max_runs = s->p->max_runs,
                        .events = s->best.n,
                        .requests = replay_requests(&s->best),
                        .harts = s->best.opt.harts};
  s->p->progress(s->p->ctx, &pr);
}

/* Runs the candidate; when it fails the same way it becomes the best. */
static bool test(shrinker *s, unsigned *needed) {
  if (!build(s, &s->cand)) {
    s->oom = true;
    return false;
  }
  s->st->runs++;
  bool fails = s->t->fails(s->t->ctx, &s->cand, needed);
  if (fails) {
    replay t = s->best;
    s->best = s->cand;
    s->cand = t;
  }
  progress(s, false);
  return fails;
}

static void set(shrinker *s, const change *c, bool on) {
  if (c->what == CH_DROP)
    s->dropped[c->ev] = on;
  else if (on)
    s->simple[c->ev] |= c->what;
  else
    s->simple[c->ev] &= (uint8_t)~c->what;
}

static bool try_changes(shrinker *s, const change *c, size_t n, bool cut);

/* After a kept candidate whose failure needs fewer requests than it has:
 * drops the events after those (the stream a run up to the failure reads). */
static void cut_after(shrinker *s, unsigned needed) {
  if (needed >= replay_requests(&s->best)) return;
  change *c = malloc(s->r->n * sizeof *c);
  if (!c) {
    s->oom = true;
    return;
  }
  size_t n = 0;
  unsigned requests = 0;
  for (size_t i = 0; i < s->r->n; i++) {
    if (s->dropped[i]) continue;
    if (requests >= needed)
      c[n++] = (change){.ev = i, .what = CH_DROP};
    else
      requests += replay_is_request(&s->r->ev[i], requests > 0);
  }
  try_changes(s, c, n, false);
  free(c);
}

/* Applies c[0..n) if the candidate still fails the same way; true when they
 * are applied (already, or now). cut: then try cut_after. */
static bool try_changes(shrinker *s, const change *c, size_t n, bool cut) {
  size_t effective = 0;
  for (size_t i = 0; i < n; i++)
    if (!is_applied(s, &c[i])) effective++;
  if (!effective) return true;
  if (spent(s) || s->oom) return false;
  bool *was = malloc(n * sizeof *was);
  if (!was) {
    s->oom = true;
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    was[i] = is_applied(s, &c[i]);
    set(s, &c[i], true);
  }
  unsigned needed = 0;
  bool fails = test(s, &needed);
  if (fails)
    s->st->kept += (unsigned)effective;
  else
    for (size_t i = 0; i < n; i++)
      if (!was[i]) set(s, &c[i], false);
  free(was);
  if (fails && cut) cut_after(s, needed);
  return fails;
}

/* ddmin over the changes c[0..n): tries to apply each chunk (a complement
 * of the rest), first in chunks of n / granularity, halving the chunks
 * when none can be applied, down to single changes. */
static void ddmin(shrinker *s, change *c, size_t n, size_t granularity) {
  while (n && !spent(s) && !s->oom) {
    if (granularity > n) granularity = n;
    size_t chunk = (n + granularity - 1) / granularity;
    bool kept = false;
    for (size_t start = 0; start < n && !spent(s) && !s->oom;) {
      size_t len = n - start < chunk ? n - start : chunk;
      if (try_changes(s, c + start, len, true)) {
        memmove(c + start, c + start + len, (n - start - len) * sizeof *c);
        n -= len;
        kept = true;
      } else {
        start += len;
      }
    }
    size_t left = 0; /* a cut may have dropped some */
    for (size_t i = 0; i < n; i++)
      if (!is_applied(s, &c[i])) c[left++] = c[i];
    n = left;
    if (!kept) {
      if (chunk == 1) break;
      granularity *= 2;
    }
  }
}

/* The base becomes the best; the per-event state starts afresh. */
static bool rebase(shrinker *s) {
  replay *r = s->r;
  replay_options opt = s->best.opt;
  if (r->cap < s->best.n) {
    stim_event *e = realloc(r->ev, s->best.n * sizeof *e);
    if (!e) return false;
    r->ev = e;
    r->cap = s->best.n;
  }
  memcpy(r->ev, s->best.ev, s->best.n * sizeof *r->ev);
  r->n = s->best.n;
  r->opt = opt;
  s->harts = opt.harts;
  for (unsigned h = 0; h < MM_MAX_HARTS; h++)
    s->hart_map[h] = h;
  free(s->dropped);
  free(s->simple);
  s->dropped = calloc(r->n + 1, sizeof *s->dropped);
  s->simple = calloc(r->n + 1, sizeof *s->simple);
  return s->dropped && s->simple;
}

typedef bool (*event_filter)(const stim_event *ev);
static bool is_access_or_fence(const stim_event *ev) { return ev->kind == STIM_ACCESS || ev->kind == STIM_FENCE; }
static bool is_mem(const stim_event *ev) { return ev->kind == STIM_MEM; }
static bool is_csr(const stim_event *ev) { return ev->kind == STIM_CSR; }
static bool is_poke_or_sync(const stim_event *ev) { return ev->kind == STIM_POKE || ev->kind == STIM_SYNC; }

/* One phase dropping the events filter takes; true when it dropped any. */
static bool drop_phase(shrinker *s, const char *phase, event_filter filter, size_t granularity) {
  s->phase = phase;
  if (!rebase(s)) {
    s->oom = true;
    return false;
  }
  change *c = malloc((s->r->n + 1) * sizeof *c);
  if (!c) {
    s->oom = true;
    return false;
  }
  size_t n = 0;
  for (size_t i = 0; i < s->r->n; i++)
    if (filter(&s->r->ev[i])) c[n++] = (change){.ev = i, .what = CH_DROP};
  size_t before = s->best.n;
  ddmin(s, c, n, granularity);
  free(c);
  progress(s, true);
  return s->best.n < before;
}

/* The harts that still have events whose hart matters, renumbered in order. */
static void harts_phase(shrinker *s) {
  s->phase = "harts";
  if (!rebase(s)) {
    s->oom = true;
    return;
  }
  bool used[MM_MAX_HARTS] = {0}, started = false;
  for (size_t i = 0; i < s->r->n; i++) {
    const stim_event *ev = &s->r->ev[i];
    bool image = ev->kind == STIM_MEM && !started;
    started |= is_access_or_fence(ev);
    if (!image && ev->kind != STIM_SYNC && ev->hart < MM_MAX_HARTS) used[ev->hart] = true;
  }
  unsigned k = 0;
  for (unsigned h = 0; h < s->r->opt.harts; h++)
    if (used[h]) s->hart_map[h] = k++;
  for (unsigned h = 0; h < s->r->opt.harts; h++)
    if (!used[h]) s->hart_map[h] = 0;
  if (k == 0) k = 1;
  if (k < s->r->opt.harts && !spent(s)) {
    s->harts = k;
    unsigned needed;
    if (!test(s, &needed)) {
      s->harts = s->r->opt.harts;
      for (unsigned h = 0; h < MM_MAX_HARTS; h++)
        s->hart_map[h] = h;
    }
  }
  progress(s, true);
}

/* Whether a simplification changed what the run reads of an event. */
static bool same_values(const stim_event *a, const stim_event *b) {
  return a->hart == b->hart && a->gap == b->gap && a->req.size == b->req.size && a->req.wdata == b->req.wdata &&
         a->fence.addr == b->fence.addr && a->fence.id == b->fence.id;
}

/* Simpler values: the unused fields zeroed, then gaps 0, then store data 0
 * (each change listed only where it changes the event). */
static void values_phase(shrinker *s) {
  s->phase = "values";
  if (!rebase(s)) {
    s->oom = true;
    return;
  }
  change *c = malloc((3 * s->r->n + 1) * sizeof *c);
  if (!c) {
    s->oom = true;
    return;
  }
  size_t n = 0;
  static const uint8_t order[] = {CH_UNUSED, CH_GAP, CH_WDATA};
  for (unsigned k = 0; k < sizeof order; k++) {
    bool started = false;
    uint8_t earlier = (uint8_t)(order[k] - 1); /* the simplifications before this one (powers of two) */
    for (size_t i = 0; i < s->r->n; i++) {
      const stim_event *ev = &s->r->ev[i];
      bool image = ev->kind == STIM_MEM && !started;
      started |= is_access_or_fence(ev);
      if (order[k] == CH_WDATA && !(ev->kind == STIM_ACCESS && ev->req.data_op == MM_DATA_STORE)) continue;
      stim_event before = simplified(*ev, earlier, image), after = simplified(*ev, earlier | order[k], image);
      if (!same_values(&before, &after)) c[n++] = (change){.ev = i, .what = order[k]};
    }
  }
  ddmin(s, c, n, 1);
  free(c);
  progress(s, true);
}

bool shrink_replay(replay *r, const shrink_test *t, const shrink_params *p, shrink_stats *st) {
  *st = (shrink_stats){0};
  unsigned hart_map[MM_MAX_HARTS];
  shrinker s = {.r = r, .t = t, .p = p, .st = st, .hart_map = hart_map};
  bool ok = true;
  for (size_t i = 0; i < r->n && ok; i++)
    ok = replay_push(&s.best, &r->ev[i]);
  s.best.opt = r->opt;
  /* drop events until a round of the four drops none; then fewer harts, and again while that works */
  for (bool fewer_harts = ok; fewer_harts && !spent(&s) && !s.oom;) {
    for (bool dropped = true; dropped && !spent(&s) && !s.oom;) {
      dropped = drop_phase(&s, "requests", is_access_or_fence, 2);
      dropped |= drop_phase(&s, "page-table words", is_mem, 2);
      dropped |= drop_phase(&s, "CSR changes", is_csr, 2);
      dropped |= drop_phase(&s, "pokes and barriers", is_poke_or_sync, 1);
    }
    unsigned harts = s.best.opt.harts;
    harts_phase(&s);
    fewer_harts = s.best.opt.harts < harts;
  }
  if (ok && !spent(&s) && !s.oom) values_phase(&s);
  st->budget_spent = spent(&s);
  /* the result: the best, into r (whose notes its events point to) */
  if (ok && !rebase(&s)) s.oom = true;
  free(s.dropped);
  free(s.simple);
  free(s.cand.ev);
  free(s.best.ev);
  return ok && !s.oom;
}
