/*
 * The stream read ahead on a thread of its own (tb/cosim/feed.h,
 * feed_source_ahead): the inner source's events, all of them, in its order;
 * its end passed on; closed early (the thread waiting on a full ring) without
 * a hang or a leak.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "tb/cosim/feed.h"
#include "tb/cosim/replay.h"

/* A finite source: n events numbered in .value, then the end; counts its closes. */
typedef struct counted {
  unsigned n, closed;
  atomic_uint given; /* made by the source's thread, looked at by the test's */
} counted;

static bool counted_next(void *ctx, stim_event *ev) {
  counted *c = ctx;
  if (c->given == c->n) return false;
  *ev = (stim_event){.kind = STIM_ACCESS, .value = c->given++};
  return true;
}

static void counted_close(void *ctx) { ((counted *)ctx)->closed++; }

static feed_source counted_source(counted *c) {
  return (feed_source){.next = counted_next, .close = counted_close, .ctx = c};
}

/* The events of n calls of src, as a replay file's text (every field a replay holds). */
static char *text_of(feed_source src, unsigned n) {
  replay r = {0};
  for (unsigned i = 0; i < n; i++) {
    stim_event ev;
    cr_assert(src.next(src.ctx, &ev), "event %u: the stream ended", i);
    cr_assert(replay_push(&r, &ev));
  }
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  cr_assert(out);
  replay_print(out, &r, "events");
  fclose(out);
  replay_free(&r);
  return text;
}

Test(feed_ahead, the_generators_events_the_same_in_the_same_order, .timeout = 60) {
  feed_source direct = feed_source_stim(stim_new(11, 3));
  feed_source ahead = feed_source_ahead(feed_source_stim(stim_new(11, 3)));
  cr_assert_neq((void *)ahead.next, (void *)direct.next, "no thread was made");
  char *want = text_of(direct, 50000), *got = text_of(ahead, 50000);
  size_t at = 0;
  while (want[at] && want[at] == got[at])
    at++;
  cr_assert(!want[at] && !got[at], "the streams differ at byte %zu: made ahead \"%.60s\", made here \"%.60s\"", at,
            got + at, want + at);
  free(want);
  free(got);
  direct.close(direct.ctx);
  ahead.close(ahead.ctx);
}

Test(feed_ahead, a_finite_sources_events_then_its_end, .timeout = 30) {
  for (unsigned n = 0; n < 20000; n = 2 * n + 7) { /* none, fewer than the ring, more */
    counted c = {.n = n};
    feed_source ahead = feed_source_ahead(counted_source(&c));
    stim_event ev;
    for (unsigned i = 0; i < n; i++) {
      cr_assert(ahead.next(ahead.ctx, &ev), "n %u: ended at event %u", n, i);
      cr_assert_eq(ev.value, i, "n %u: event %u is %" PRIu64, n, i, ev.value);
    }
    cr_assert(!ahead.next(ahead.ctx, &ev), "n %u: an event after the last", n);
    cr_assert(!ahead.next(ahead.ctx, &ev), "n %u: the end, asked again", n);
    ahead.close(ahead.ctx);
    cr_assert_eq(c.closed, 1, "n %u: the inner source closed %u times", n, c.closed);
  }
}

Test(feed_ahead, closed_while_its_thread_waits_on_a_full_ring, .timeout = 30) {
  counted c = {.n = 1000000};
  feed_source ahead = feed_source_ahead(counted_source(&c));
  stim_event ev;
  cr_assert(ahead.next(ahead.ctx, &ev));
  while (atomic_load(&c.given) < 4000) /* the thread fills its ring (thousands of events) and waits */
    sched_yield();
  ahead.close(ahead.ctx);
  cr_assert_eq(c.closed, 1);
  unsigned given = atomic_load(&c.given);
  cr_assert_lt(given, c.n, "the thread made the whole stream (%u events): it did not wait", given);
}
