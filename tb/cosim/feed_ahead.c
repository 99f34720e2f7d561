/*
 * A stream read ahead on a thread of its own (feed.h, feed_source_ahead):
 * the thread takes the inner source's events in order into a ring, and the
 * feed takes them from it, so that making the stream (the generator's world
 * building and its choices) runs beside the model instead of inside it. One
 * producer, one consumer; a side with nothing to do sleeps a few
 * microseconds and looks again (no signals). The events are the inner
 * source's, in its order: only where the time to make them goes changes.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "feed.h"

#define AHEAD_RING                                                                                                     \
  (1u << 14) /* events made ahead at most: a few milliseconds of the model's, so that a stall of the thread on a busy  \
                machine does not stall the model */

typedef struct ahead {
  feed_source inner;
  stim_event *ring;
  pthread_t tid;
  /* each on a cache line of its own: taken by the feed, put by the thread */
  atomic_uint_fast64_t head;
  char apart[64];
  atomic_uint_fast64_t tail;
  char apart_too[64];
  uint64_t tail_seen;      /* the feed's last look at tail */
  atomic_bool ended, stop; /* the inner source has no more; the feed is done with the stream */
} ahead;

void feed_nap(void) { nanosleep(&(struct timespec){.tv_nsec = 20000}, NULL); }

static void *ahead_main(void *arg) {
  ahead *a = arg;
  uint64_t tail = 0, head_seen = 0;
  while (!atomic_load_explicit(&a->stop, memory_order_relaxed)) {
    if (tail - head_seen == AHEAD_RING) {
      head_seen = atomic_load_explicit(&a->head, memory_order_acquire);
      if (tail - head_seen == AHEAD_RING) {
        atomic_store_explicit(&a->tail, tail, memory_order_release); /* all it made, before it waits */
        feed_nap();
      }
      continue;
    }
    if (!a->inner.next(a->inner.ctx, &a->ring[tail % AHEAD_RING])) {
      atomic_store_explicit(&a->tail, tail, memory_order_release); /* every event, then the end */
      atomic_store(&a->ended, true);
      return NULL;
    }
    tail++;
    /* published every 16 events (fewer stores to the line the feed reads), or each while the feed is close */
    if ((tail & 15) == 0 || tail - head_seen < 64) atomic_store_explicit(&a->tail, tail, memory_order_release);
  }
  return NULL;
}

static bool ahead_next(void *ctx, stim_event *ev) {
  ahead *a = ctx;
  uint64_t head = atomic_load_explicit(&a->head, memory_order_relaxed);
  while (head == a->tail_seen) {
    bool ended = atomic_load(&a->ended); /* before tail: an end seen means every event before it is seen */
    a->tail_seen = atomic_load_explicit(&a->tail, memory_order_acquire);
    if (head != a->tail_seen) break;
    if (ended) return false;
    feed_nap();
  }
  *ev = a->ring[head % AHEAD_RING];
  atomic_store_explicit(&a->head, head + 1, memory_order_release);
  return true;
}

static void ahead_close(void *ctx) {
  ahead *a = ctx;
  atomic_store(&a->stop, true);
  pthread_join(a->tid, NULL);
  if (a->inner.close) a->inner.close(a->inner.ctx);
  free(a->ring);
  free(a);
}

feed_source feed_source_ahead(feed_source inner) {
  ahead *a = calloc(1, sizeof *a);
  stim_event *ring = a ? malloc(AHEAD_RING * sizeof *ring) : NULL;
  if (ring) {
    a->inner = inner;
    a->ring = ring;
    if (!pthread_create(&a->tid, NULL, ahead_main, a))
      return (feed_source){.next = ahead_next, .close = ahead_close, .ctx = a};
  }
  free(ring);
  free(a);
  return inner; /* no thread: the stream is read where it is asked for, as without this */
}
