#include "sched.h"

#include <assert.h>

#include "cov.h"

static bool port_access(void *ctx, mm_memop *op);

void mm_sched_init(mm_sched *s, mm_hart *harts, unsigned n_harts, mm_memsys *ms, const mm_sched_source *source,
                   uint64_t start) {
  assert(n_harts >= 1 && n_harts <= MM_MAX_HARTS);
  *s = (mm_sched){.n_harts = n_harts, .harts = harts, .ms = ms, .source = *source, .ms_free = start, .ask = true};
  s->port = (mm_port){.access = port_access, .ctx = s};
  s->horizon = UINT64_MAX;
  for (unsigned h = 0; h < n_harts; h++)
    s->h[h] = (mm_sched_hart){.state = MM_SCHED_IDLE, .idle = start};
}

unsigned mm_sched_in_flight(const mm_sched *s) {
  unsigned n = 0;
  for (unsigned h = 0; h < s->n_harts; h++)
    n += s->h[h].state != MM_SCHED_IDLE;
  return n;
}

/* A request done at response: back to the source, the hart idle after it. */
static void complete(mm_sched *s, unsigned h, uint64_t response) {
  mm_sched_hart *sh = &s->h[h];
  sh->state = MM_SCHED_IDLE;
  sh->idle = response + 1;
  sh->r.out->accept = sh->r.accept;
  s->source.done(s->source.ctx, h, &sh->r, response);
  s->ask = true;
}

/* Asks the source for idle hart h's next request. A hart that got one may
 * have changed what the source gives the others (a barrier it completed):
 * they are asked again at the next event. */
static void load(mm_sched *s, unsigned h) {
  mm_sched_hart *sh = &s->h[h];
  if (sh->state != MM_SCHED_IDLE) return;
  if (!s->source.next(s->source.ctx, h, sh->idle, &sh->r)) return;
  assert(sh->r.accept >= sh->idle && "a hart takes a request only once it is idle");
  sh->state = MM_SCHED_LOADED;
  s->ask = true;
}

void mm_sched_kick(mm_sched *s) {
  s->ask = false;
  for (unsigned h = 0; h < s->n_harts; h++)
    load(s, h);
}

/* The request's first cycle: done at once, or waiting for an access. */
static void start(mm_sched *s, unsigned h) {
  mm_sched_hart *sh = &s->h[h];
  sh->touched = 0;
  s->picked = false;
  mm_sched_request *r = &sh->r;
  if (r->poke) mm_memsys_arm_poke(s->ms, h, r->poke_pa, r->poke_value);
  if (r->is_fence && r->fence.kind != MM_FENCE_DATA) {
    for (unsigned o = 0; o < s->n_harts; o++)
      if (o != h && s->h[o].state == MM_SCHED_WAITING && s->h[o].job.phase == MM_JOB_WALK) {
        s->stats.fences_in_walks++;
        if (s->cov) mm_cov_race_hit(s->cov, MM_RACE_FENCE_IN_WALK);
        break;
      }
  }
  bool done = r->is_fence ? mm_hart_begin_fence(&s->harts[h], &sh->job, &s->port, &r->fence, r->out, NULL)
                          : mm_hart_begin(&s->harts[h], &sh->job, &s->port, &r->req, r->out);
  sh->state = MM_SCHED_WAITING;
  uint64_t in_flight = mm_sched_in_flight(s);
  if (in_flight > s->stats.max_in_flight) s->stats.max_in_flight = in_flight;
  if (done) {
    complete(s, h, r->accept + r->out->cycles);
    load(s, h);
    return;
  }
  sh->ready = r->accept + sh->job.now;
}

/* Whether another hart's request in flight has read or compare-and-swapped
 * the word at pa so far (its walk's accesses up to now). */
static bool touched_by_other(const mm_sched *s, unsigned h, uint64_t pa) {
  for (unsigned o = 0; o < s->n_harts; o++) {
    const mm_sched_hart *sh = &s->h[o];
    if (o == h || sh->state != MM_SCHED_WAITING || !((sh->touched >> ((pa >> 3) & 63)) & 1)) continue;
    const mm_obs *ob = sh->r.out;
    for (unsigned i = 0, n = mm_job_answered(&sh->job); i < n; i++) {
      const mm_memop *op = &ob->ops[i];
      if ((op->kind == MM_OP_READ || op->kind == MM_OP_CAS) && (op->pa & ~7ull) == (pa & ~7ull)) return true;
    }
  }
  return false;
}

/* Whether another hart wrote the word at pa after edge from and before edge to. */
static bool written_by_other(const mm_sched *s, unsigned h, uint64_t pa, uint64_t from, uint64_t to) {
  unsigned n = s->n_writes < MM_SCHED_WRITES ? s->n_writes : MM_SCHED_WRITES;
  for (unsigned k = 1; k <= n; k++) {
    const mm_sched_write *w = &s->writes[(s->n_writes - k) % MM_SCHED_WRITES];
    if (w->edge <= from) break;
    if (w->edge < to && w->hart != h && w->word == pa >> 3) return true;
  }
  return false;
}

/* The edge hart h's walk last read the word at pa (0: it did not). */
static uint64_t read_at(const mm_sched *s, unsigned h, uint64_t pa) {
  const mm_sched_hart *sh = &s->h[h];
  uint64_t at = 0;
  for (unsigned i = 0, n = mm_job_answered(&sh->job); i < n; i++) {
    const mm_memop *op = &sh->r.out->ops[i];
    if (op->kind == MM_OP_READ && op->pa >> 3 == pa >> 3) at = sh->r.accept + op->cycle;
  }
  return at;
}

/* The races of hart h's access op, granted at edge e and answered. */
static void count_race(mm_sched *s, unsigned h, const mm_memop *op, uint64_t e) {
  if (s->n_harts < 2) return;
  bool wrote = false;
  switch (op->kind) {
  case MM_OP_READ:
    if (touched_by_other(s, h, op->pa)) {
      s->stats.shared_reads++;
      if (s->cov) mm_cov_race_hit(s->cov, MM_RACE_SHARED_READ);
    }
    break;
  case MM_OP_CAS: {
    uint64_t r = read_at(s, h, op->pa);
    bool lost = op->old != op->cmp && r && written_by_other(s, h, op->pa, r, e);
    if (lost || touched_by_other(s, h, op->pa)) {
      s->stats.cas_races++;
      if (s->cov) mm_cov_race_hit(s->cov, MM_RACE_CAS);
    }
    if (lost) {
      s->stats.cas_lost++;
      if (s->cov) mm_cov_race_hit(s->cov, MM_RACE_CAS_LOST);
    }
    wrote = op->old == op->cmp;
    break;
  }
  case MM_OP_STORE:
    if (touched_by_other(s, h, op->pa)) {
      s->stats.store_races++;
      if (s->cov) mm_cov_race_hit(s->cov, MM_RACE_STORE);
    }
    wrote = true;
    break;
  default: break;
  }
  if (wrote) s->writes[s->n_writes++ % MM_SCHED_WRITES] = (mm_sched_write){.word = op->pa >> 3, .edge = e, .hart = h};
}

/* A grant with ready (2..4) accesses ready. */
static void contended(mm_sched *s, unsigned ready) {
  s->stats.contended++;
  if (s->cov)
    mm_cov_race_hit(s->cov, ready >= 4 ? MM_RACE_CONTENDED4 : ready == 3 ? MM_RACE_CONTENDED3 : MM_RACE_CONTENDED2);
}

/* The arbiter grants hart h's access op (ready at edge ready) at edge e;
 * the memory system answers it. */
static void take(mm_sched *s, unsigned h, mm_memop *op, uint64_t ready, uint64_t e) {
  mm_sched_hart *sh = &s->h[h];
  s->picked = false;
  op->cycle = (unsigned)(e - sh->r.accept);
  s->ms->sink = sh->r.out;
  bool answered = mm_memsys_access(s->ms, op);
  s->ms->sink = NULL;
  count_race(s, h, op, e);
  if (op->kind == MM_OP_READ || op->kind == MM_OP_CAS) sh->touched |= 1ull << ((op->pa >> 3) & 63);
  assert(answered);
  (void)answered;
  s->stats.grants++;
  if (e > ready) {
    s->stats.waited++;
    if (e - ready > s->stats.max_wait) s->stats.max_wait = e - ready;
  }
  s->ms_free = e + op->cycles + 1;
  s->prio = h + 1 == s->n_harts ? 0 : h + 1;
}

/* The grant of the event: hart h's pending access at edge e, then the job goes on. */
static void grant(mm_sched *s, unsigned h, uint64_t e) {
  mm_sched_hart *sh = &s->h[h];
  take(s, h, sh->job.pending, sh->ready, e);
  if (mm_hart_resume(&sh->job)) {
    complete(s, h, sh->r.accept + sh->r.out->cycles);
    load(s, h);
    return;
  }
  sh->ready = sh->r.accept + sh->job.now;
}

/* The port the harts' jobs see: an access is granted at once when the
 * arbiter's choice is already certain, that is when no other event could
 * come first (the idle harts asked for their requests as the next event
 * would ask them; no other hart's request starts, nor has an access ready,
 * at or before the edge this one would be taken at). Else it waits for the
 * scheduler's events (the job stops; it resumes by replay). */
static bool port_access(void *ctx, mm_memop *op) {
  mm_sched *s = ctx;
  unsigned h = op->hart;
  assert(h < s->n_harts && s->harts[h].id == h && "the scheduler's harts are numbered by their place");
  if (s->ask) mm_sched_kick(s);
  mm_sched_hart *sh = &s->h[h];
  uint64_t ready = sh->r.accept + op->cycle;
  uint64_t e = ready > s->ms_free ? ready : s->ms_free;
  for (unsigned o = 0; o < s->n_harts; o++) {
    const mm_sched_hart *other = &s->h[o];
    if (o == h) continue;
    if (other->state == MM_SCHED_IDLE && e > s->horizon) return false;
    if (other->state == MM_SCHED_LOADED && other->r.accept <= e) return false;
    if (other->state == MM_SCHED_WAITING && other->ready <= e) return false;
  }
  take(s, h, op, ready, e);
  return true;
}

static mm_sched_event pick_uncached(mm_sched *s);

/* The next event; unchanged until the scheduler runs one (or asks again). */
static mm_sched_event pick(mm_sched *s) {
  if (s->ask) {
    mm_sched_kick(s);
    s->picked = false;
  }
  if (!s->picked) {
    s->next = pick_uncached(s);
    s->picked = true;
  }
  return s->next;
}

static mm_sched_event pick_uncached(mm_sched *s) {
  /* The earliest start; and in the same pass the arbiter's candidates: the accesses ready by the edge the
   * memory system is free at (granted at it), else those ready at the earliest edge after it. Among the
   * candidates the first in round-robin order from prio wins (rank: its place in that order). */
  bool have_start = false;
  unsigned start_h = 0;
  uint64_t t_start = 0, min_ready = UINT64_MAX;
  unsigned n_free = 0, h_free = 0, rank_free = MM_MAX_HARTS, n_min = 0, h_min = 0, rank_min = MM_MAX_HARTS;
  for (unsigned h = 0; h < s->n_harts; h++) {
    const mm_sched_hart *sh = &s->h[h];
    if (sh->state == MM_SCHED_LOADED) {
      if (!have_start || sh->r.accept < t_start) {
        have_start = true;
        t_start = sh->r.accept;
        start_h = h;
      }
      continue;
    }
    if (sh->state != MM_SCHED_WAITING) continue;
    unsigned rank = h >= s->prio ? h - s->prio : h + s->n_harts - s->prio;
    if (sh->ready <= s->ms_free) {
      n_free++;
      if (rank < rank_free) rank_free = rank, h_free = h;
    } else if (sh->ready < min_ready) {
      min_ready = sh->ready;
      n_min = 1;
      rank_min = rank, h_min = h;
    } else if (sh->ready == min_ready) {
      n_min++;
      if (rank < rank_min) rank_min = rank, h_min = h;
    }
  }
  bool have_grant = n_free || n_min;
  uint64_t t_grant = n_free ? s->ms_free : min_ready;
  /* A grant at an edge comes before the requests accepted at it. */
  if (have_start && (!have_grant || t_start < t_grant))
    return (mm_sched_event){.any = true, .is_start = true, .h = start_h, .t = t_start};
  if (!have_grant) return (mm_sched_event){.any = false};
  return n_free ? (mm_sched_event){.any = true, .t = t_grant, .h = h_free, .ready = n_free}
                : (mm_sched_event){.any = true, .t = t_grant, .h = h_min, .ready = n_min};
}

bool mm_sched_step(mm_sched *s) {
  mm_sched_event e = pick(s);
  if (!e.any) return false;
  if (e.is_start) {
    start(s, e.h);
    return true;
  }
  if (e.ready > 1) contended(s, e.ready);
  grant(s, e.h, e.t);
  return true;
}

uint64_t mm_sched_next_time(mm_sched *s) {
  mm_sched_event e = pick(s);
  return e.any ? e.t : UINT64_MAX;
}

uint64_t mm_sched_run_until(mm_sched *s, uint64_t t) {
  for (;;) {
    mm_sched_event e = pick(s);
    if (!e.any) return UINT64_MAX;
    if (e.t > t) return e.t;
    if (e.is_start) {
      start(s, e.h);
      continue;
    }
    if (e.ready > 1) contended(s, e.ready);
    grant(s, e.h, e.t);
  }
}
