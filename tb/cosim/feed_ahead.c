/*
 * A stream made ahead by another thread (feed.h, feed_source_ahead): that
 * thread calls feed_ahead_make() between its own work, which takes the inner
 * source's events in order into a ring, and the feed takes them from it, so
 * that making the stream (the generator's world building and its choices)
 * runs beside the model instead of inside it. One maker, one reader; a reader
 * with nothing to read sleeps a few microseconds and looks again (no
 * signals). Until a maker is named (feed_ahead_elsewhere), and after it is
 * taken back, the reader makes each event itself as it reads it. The events
 * are the inner source's, in its order: only where the time to make them goes
 * changes.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "feed.h"

#define AHEAD_RING                                                                                                     \
  (1u << 14) /* events made ahead at most: a few milliseconds of the model's, so that a stall of the maker on a busy   \
                machine does not stall the model */
#define AHEAD_BATCH (AHEAD_RING / 4) /* made in one call at most, and room looked for before the maker makes again */

struct feed_ahead {
  feed_source inner;
  stim_event *ring;
  bool elsewhere; /* another thread makes the events (the reader's own field: set while no maker runs) */
  /* each on a cache line of its own: taken by the reader, put by the maker */
  atomic_uint_fast64_t head;
  char apart[64];
  atomic_uint_fast64_t tail;
  atomic_bool ended; /* the inner source has no more */
  char apart_too[64];
  uint64_t tail_seen; /* the reader's last look at tail */
  char apart_three[64];
  uint64_t made;      /* the maker's own count (tail before it is published) */
  uint64_t head_seen; /* the maker's last look at head */
};

void feed_nap(void) { nanosleep(&(struct timespec){.tv_nsec = 20000}, NULL); }

bool feed_ahead_make(feed_ahead *a) {
  if (atomic_load_explicit(&a->ended, memory_order_relaxed)) return false;
  if (AHEAD_RING - (a->made - a->head_seen) < AHEAD_BATCH) {
    a->head_seen = atomic_load_explicit(&a->head, memory_order_acquire);
    if (AHEAD_RING - (a->made - a->head_seen) < AHEAD_BATCH) return false; /* little room: more at a later call */
  }
  uint64_t end = a->head_seen + AHEAD_RING, was = a->made;
  if (end - a->made > AHEAD_BATCH) end = a->made + AHEAD_BATCH;
  while (a->made != end) {
    if (!a->inner.next(a->inner.ctx, &a->ring[a->made % AHEAD_RING])) {
      atomic_store_explicit(&a->tail, a->made, memory_order_release); /* every event, then the end */
      atomic_store(&a->ended, true);
      break;
    }
    a->made++;
    /* published every 16 events (fewer stores to the line the reader reads), or each while the reader is close */
    if ((a->made & 15) == 0 || a->made - a->head_seen < 64)
      atomic_store_explicit(&a->tail, a->made, memory_order_release);
  }
  atomic_store_explicit(&a->tail, a->made, memory_order_release);
  return a->made != was;
}

static bool ahead_next(void *ctx, stim_event *ev) {
  feed_ahead *a = ctx;
  uint64_t head = atomic_load_explicit(&a->head, memory_order_relaxed);
  while (head == a->tail_seen) {
    bool ended = atomic_load(&a->ended); /* before tail: an end seen means every event before it is seen */
    a->tail_seen = atomic_load_explicit(&a->tail, memory_order_acquire);
    if (head != a->tail_seen) break;
    if (ended) return false;
    if (!a->elsewhere) {
      if (a->inner.next(a->inner.ctx, ev)) return true;
      atomic_store(&a->ended, true);
      return false;
    }
    feed_nap();
  }
  *ev = a->ring[head % AHEAD_RING];
  __builtin_prefetch(&a->ring[(head + 4) % AHEAD_RING]); /* read soon; the maker's core wrote it */
  atomic_store_explicit(&a->head, head + 1, memory_order_release);
  return true;
}

void feed_ahead_elsewhere(feed_ahead *a, bool on) {
  a->elsewhere = on;
  if (!on) return;
  /* the maker starts where the reader is: the ring is empty (events the reader made itself were never in it) */
  uint64_t head = atomic_load(&a->head);
  a->made = a->head_seen = a->tail_seen = head;
  atomic_store(&a->tail, head);
}

static void ahead_close(void *ctx) {
  feed_ahead *a = ctx;
  if (a->inner.close) a->inner.close(a->inner.ctx);
  free(a->ring);
  free(a);
}

feed_source feed_source_ahead(feed_source inner, feed_ahead **ahead) {
  feed_ahead *a = calloc(1, sizeof *a);
  stim_event *ring = a ? malloc(AHEAD_RING * sizeof *ring) : NULL;
  *ahead = NULL;
  if (!ring) {
    free(a);
    return inner; /* no room for a ring: the stream is read where it is asked for, as without this */
  }
  a->inner = inner;
  a->ring = ring;
  *ahead = a;
  return (feed_source){.next = ahead_next, .close = ahead_close, .ctx = a};
}
