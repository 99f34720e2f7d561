/*
 * The stream made ahead by another thread (tb/cosim/feed.h,
 * feed_source_ahead, feed_ahead_make): the inner source's events, all of
 * them, in its order, whoever makes them (the reader itself, a maker thread,
 * the reader again after the maker stops); its end passed on; a maker that
 * stops at a full ring; closed with events unread, without a leak.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <pthread.h>
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

/* A maker thread: feed_ahead_make() until told to stop. */
typedef struct maker {
  feed_ahead *a;
  pthread_t tid;
  atomic_bool stop;
} maker;

static void *maker_main(void *arg) {
  maker *m = arg;
  while (!atomic_load(&m->stop))
    if (!feed_ahead_make(m->a)) sched_yield();
  return NULL;
}

static void maker_start(maker *m, feed_ahead *a) {
  m->a = a;
  atomic_store(&m->stop, false);
  feed_ahead_elsewhere(a, true);
  cr_assert_eq(pthread_create(&m->tid, NULL, maker_main, m), 0);
}

static void maker_stop(maker *m) {
  atomic_store(&m->stop, true);
  pthread_join(m->tid, NULL);
  feed_ahead_elsewhere(m->a, false);
}

static void expect_numbered(feed_source src, unsigned from, unsigned to, unsigned n) {
  stim_event ev;
  for (unsigned i = from; i < to; i++) {
    cr_assert(src.next(src.ctx, &ev), "n %u: ended at event %u", n, i);
    cr_assert_eq(ev.value, i, "n %u: event %u is %" PRIu64, n, i, ev.value);
  }
}

static void expect_the_same(const char *want, const char *got, const char *who) {
  size_t at = 0;
  while (want[at] && want[at] == got[at])
    at++;
  cr_assert(!want[at] && !got[at], "the streams differ at byte %zu: made %s \"%.60s\", made here \"%.60s\"", at, who,
            got + at, want + at);
}

Test(feed_ahead, the_generators_events_the_same_in_the_same_order, .timeout = 60) {
  feed_source direct = feed_source_stim(stim_new(11, 3));
  char *want = text_of(direct, 50000);
  direct.close(direct.ctx);

  feed_ahead *a;
  feed_source ahead = feed_source_ahead(feed_source_stim(stim_new(11, 3)), &a);
  cr_assert(a, "no ring was made");
  maker m;
  maker_start(&m, a);
  char *got = text_of(ahead, 50000);
  maker_stop(&m);
  expect_the_same(want, got, "ahead");
  free(got);
  ahead.close(ahead.ctx);

  /* no maker: the reader makes them */
  ahead = feed_source_ahead(feed_source_stim(stim_new(11, 3)), &a);
  got = text_of(ahead, 50000);
  expect_the_same(want, got, "by the reader");
  free(got);
  ahead.close(ahead.ctx);
  free(want);
}

Test(feed_ahead, a_finite_sources_events_then_its_end, .timeout = 30) {
  for (unsigned n = 0; n < 20000; n = 2 * n + 7) { /* none, fewer than the ring, more */
    for (unsigned handover = 0; handover < 2; handover++) {
      counted c = {.n = n};
      feed_ahead *a;
      feed_source ahead = feed_source_ahead(counted_source(&c), &a);
      cr_assert(a);
      unsigned first = handover ? n / 3 : 0; /* read by the reader itself before the maker starts */
      expect_numbered(ahead, 0, first, n);
      maker m;
      maker_start(&m, a);
      expect_numbered(ahead, first, n, n);
      stim_event ev;
      cr_assert(!ahead.next(ahead.ctx, &ev), "n %u: an event after the last", n);
      maker_stop(&m);
      cr_assert(!ahead.next(ahead.ctx, &ev), "n %u: the end, asked again with no maker", n);
      ahead.close(ahead.ctx);
      cr_assert_eq(c.closed, 1, "n %u: the inner source closed %u times", n, c.closed);
    }
  }
}

Test(feed_ahead, a_maker_stops_at_a_full_ring_and_the_reader_goes_on_after_it, .timeout = 30) {
  counted c = {.n = 1000000};
  feed_ahead *a;
  feed_source ahead = feed_source_ahead(counted_source(&c), &a);
  cr_assert(a);
  feed_ahead_elsewhere(a, true);
  unsigned calls = 0;
  while (feed_ahead_make(a)) /* on this thread: the maker's calls, until the ring has no room */
    cr_assert_lt(++calls, 100u, "the maker still makes events after %u calls (%u events)", calls, c.given);
  unsigned given = c.given;
  cr_assert_gt(given, 1000u, "a maker with an empty ring made only %u events", given);
  cr_assert_lt(given, c.n, "the maker made the whole stream (%u events): it did not stop", given);
  expect_numbered(ahead, 0, 100, c.n);
  cr_assert(!feed_ahead_make(a), "room for %u events only, and the maker made more", 100u);
  feed_ahead_elsewhere(a, false); /* the maker stopped: the reader takes the ring's events, then makes its own */
  expect_numbered(ahead, 100, given + 1000, c.n);
  cr_assert_eq(c.given, given + 1000, "the reader made %u events for 1000 it read past the ring", c.given - given);
  ahead.close(ahead.ctx);
  cr_assert_eq(c.closed, 1);
}
