#include "feed.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

/* A queued event; requests and barriers carry their number. */
typedef struct feed_entry {
  stim_event ev;
  unsigned seq;
} feed_entry;

/* One hart's queue: entries [head, tail) by absolute index, in a ring of
 * cap (a power of two); each side reads from its own cursor. */
typedef struct feed_queue {
  feed_entry *e;
  uint64_t cap, head, tail;
  uint64_t cursor[FEED_SIDES];
} feed_queue;

struct feed {
  feed_source src;
  unsigned harts, limit;
  unsigned n_requests; /* numbered so far */
  unsigned n_syncs;    /* barriers numbered so far */
  bool started;        /* the first request has been read */
  feed_image_fn image;
  void *ctx;
  bool used[FEED_SIDES]; /* the sides a driver reads for: only they hold the queues back */
  feed_queue q[MM_MAX_HARTS];
  /* Two threads (feed_share): the queues and the drives' reads under q_lock, the stream's reads under
   * src_lock (taken first), so that a side reading what is queued does not wait while the other makes
   * the stream's next event. */
  bool shared;
  pthread_mutex_t q_lock, src_lock;
};

static bool stim_source_next(void *ctx, stim_event *ev) {
  stim_next(ctx, ev);
  return true;
}

static void stim_source_close(void *ctx) { stim_free(ctx); }

feed_source feed_source_stim(stim *s) {
  return (feed_source){.next = stim_source_next, .close = stim_source_close, .ctx = s};
}

feed *feed_new(feed_source src, unsigned harts, unsigned limit, feed_image_fn image, void *ctx) {
  assert(harts >= 1 && harts <= MM_MAX_HARTS);
  feed *f = src.next ? calloc(1, sizeof *f) : NULL;
  if (!f) {
    if (src.close) src.close(src.ctx);
    return NULL;
  }
  *f = (feed){.src = src, .harts = harts, .limit = limit, .image = image, .ctx = ctx};
  for (unsigned h = 0; h < harts; h++) {
    f->q[h].cap = 64;
    f->q[h].e = malloc(f->q[h].cap * sizeof *f->q[h].e);
    if (!f->q[h].e) {
      feed_free(f);
      return NULL;
    }
  }
  return f;
}

void feed_share(feed *f, bool on) {
  if (on == f->shared) return;
  if (on) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
    pthread_mutex_init(&f->q_lock, &attr);
    pthread_mutex_init(&f->src_lock, &attr);
    pthread_mutexattr_destroy(&attr);
  } else {
    pthread_mutex_destroy(&f->q_lock);
    pthread_mutex_destroy(&f->src_lock);
  }
  f->shared = on;
}

void feed_free(feed *f) {
  if (!f) return;
  feed_share(f, false);
  for (unsigned h = 0; h < MM_MAX_HARTS; h++)
    free(f->q[h].e);
  if (f->src.close) f->src.close(f->src.ctx);
  free(f);
}

unsigned feed_requests_read(const feed *f) { return f->n_requests; }

static void push(feed *f, const stim_event *ev, unsigned seq) {
  feed_queue *q = &f->q[ev->hart];
  if (q->tail - q->head == q->cap) {
    feed_entry *e = malloc(2 * q->cap * sizeof *e);
    if (!e) abort(); /* the queues hold a few entries each; running out here is not recoverable */
    for (uint64_t i = q->head; i < q->tail; i++)
      e[i & (2 * q->cap - 1)] = q->e[i & (q->cap - 1)];
    free(q->e);
    q->e = e;
    q->cap *= 2;
  }
  q->e[q->tail++ & (q->cap - 1)] = (feed_entry){.ev = *ev, .seq = seq};
}

/* The stream's next event; false once the stream has reached the limit or ended. */
static bool next_event(feed *f, stim_event *ev) { return f->n_requests < f->limit && f->src.next(f->src.ctx, ev); }

/* Event e of the stream into its hart's queue (or the memory image). */
static void put(feed *f, const stim_event *e) {
  assert(e->hart < f->harts);
  switch (e->kind) {
  case STIM_MEM: {
    if (!f->started) {
      f->image(f->ctx, e->pa, e->value);
      return;
    }
    stim_event ev = {
        .kind = STIM_ACCESS,
        .hart = e->hart,
        .gap = e->gap,
        .note = e->note,
        .req = {
            .va = e->pa, .type = MM_STORE, .priv = MM_PRIV_M, .data_op = MM_DATA_STORE, .size = 8, .wdata = e->value}};
    push(f, &ev, f->n_requests++);
    return;
  }
  case STIM_ACCESS:
  case STIM_FENCE:
    f->started = true;
    push(f, e, f->n_requests++);
    return;
  case STIM_CSR:
  case STIM_POKE: push(f, e, 0); return;
  case STIM_SYNC: { /* into every hart's queue, numbered */
    stim_event ev = *e;
    for (unsigned h = 0; h < f->harts; h++) {
      ev.hart = h;
      push(f, &ev, f->n_syncs);
    }
    f->n_syncs++;
    return;
  }
  }
}

/* Reads one event of the stream into its hart's queue; false once the stream has reached the limit or
 * ended. Shared, it is called with q_lock held and returns with it held; the stream is read without it. */
static bool pull(feed *f) {
  stim_event ev;
  if (!f->shared) {
    if (!next_event(f, &ev)) return false;
    put(f, &ev);
    return true;
  }
  pthread_mutex_unlock(&f->q_lock);
  pthread_mutex_lock(&f->src_lock);
  bool got = next_event(f, &ev);
  pthread_mutex_lock(&f->q_lock);
  if (got) put(f, &ev);
  pthread_mutex_unlock(&f->src_lock);
  return got;
}

void feed_start(feed *f) {
  assert(!f->shared);
  while (!f->started && pull(f)) {
  }
}

/* Hart h's next entry for side (NULL: the stream ended before one). */
static const feed_entry *peek(feed *f, unsigned side, unsigned h) {
  feed_queue *q = &f->q[h];
  while (q->cursor[side] == q->tail)
    if (!pull(f)) return NULL;
  return &q->e[q->cursor[side] & (q->cap - 1)];
}

static void pop(feed *f, unsigned side, unsigned h) {
  feed_queue *q = &f->q[h];
  q->cursor[side]++;
  uint64_t low = q->cursor[side];
  for (unsigned k = 0; k < FEED_SIDES; k++)
    if (f->used[k] && q->cursor[k] < low) low = q->cursor[k];
  q->head = low;
}

void drive_init(drive *d, feed *f, unsigned side, bool serial, drive_csr_fn csr, void *ctx, uint64_t start) {
  assert(side < FEED_SIDES);
  *d = (drive){.f = f, .side = side, .serial = serial, .csr = csr, .ctx = ctx, .sys_idle = start};
  for (unsigned h = 0; h < f->harts; h++)
    assert(f->q[h].head == 0 && "every side's driver is set up before any reads");
  f->used[side] = true;
}

/* Hart h, idle from idle, is at barrier b. Every hart comes to every
 * barrier (each queue holds it), registering the cycle it is idle from; the
 * barrier opens when all have come, at the latest of those cycles (never
 * before the previous barrier opened), and the next one counts once every
 * hart is through. True when h may go on, from *from. */
static bool pass_barrier(drive *d, unsigned h, unsigned b, uint64_t idle, uint64_t *from) {
  const unsigned all = (1u << d->f->harts) - 1, bit = 1u << h;
  if (b != d->barrier) return false; /* the one before is still being passed */
  if (!(d->arrived & bit)) {
    d->arrived |= bit;
    d->changes++;
    if (idle > d->release) d->release = idle;
  }
  if (d->arrived != all) return false;
  *from = d->release;
  d->passed |= bit;
  d->changes++;
  if (d->passed == all) {
    d->barrier++;
    d->arrived = d->passed = 0;
  }
  return true;
}

static bool next_request(drive *d, unsigned h, uint64_t idle, drive_request *r);

bool drive_next(drive *d, unsigned h, uint64_t idle, drive_request *r) {
  if (!d->f->shared) return next_request(d, h, idle, r);
  pthread_mutex_lock(&d->f->q_lock);
  bool got = next_request(d, h, idle, r);
  pthread_mutex_unlock(&d->f->q_lock);
  return got;
}

static bool next_request(drive *d, unsigned h, uint64_t idle, drive_request *r) {
  if (d->serial && d->in_flight) return false;
  uint64_t from = idle;
  for (;;) {
    const feed_entry *e = peek(d->f, d->side, h);
    if (!e) return false;
    if (e->ev.kind == STIM_SYNC) {
      uint64_t release;
      if (!d->serial) {
        if (!pass_barrier(d, h, e->seq, idle, &release)) return false;
        if (release > from) from = release;
        d->passed_by[h]++;
      }
      pop(d->f, d->side, h);
      continue;
    }
    if (e->ev.kind == STIM_CSR) {
      d->csr(d->ctx, h, e->ev.csr, e->ev.value);
      pop(d->f, d->side, h);
      continue;
    }
    if (e->ev.kind == STIM_POKE) { /* for the hart's next request; a later poke replaces it */
      d->poke[h] = (drive_poke){true, e->ev.pa, e->ev.value};
      pop(d->f, d->side, h);
      continue;
    }
    if (d->serial && e->seq != d->next_seq) return false;
    drive_poke *p = &d->poke[h];
    *r = (drive_request){.seq = e->seq,
                         .ev = e->ev,
                         .poke = p->armed,
                         .poke_pa = p->pa,
                         .poke_value = p->value,
                         .barriers = d->passed_by[h]};
    *p = (drive_poke){0};
    if (d->serial && d->sys_idle > from) from = d->sys_idle;
    r->accept = from + e->ev.gap;
    pop(d->f, d->side, h);
    d->in_flight++;
    d->next_seq = e->seq + 1;
    if (e->seq + 1 > d->max_seq) d->max_seq = e->seq + 1;
    return true;
  }
}

void drive_done(drive *d, uint64_t response) {
  assert(d->in_flight > 0);
  d->in_flight--;
  if (response + 1 > d->sys_idle) d->sys_idle = response + 1;
}
