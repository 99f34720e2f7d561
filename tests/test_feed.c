/*
 * The stimulus as the harts take it (tb/cosim/feed.h): both sides of the
 * co-simulation get the same requests in the same order on each hart
 * whatever their timing; every request once; a barrier holds every hart
 * until all have come; serial hands the requests out in stream order, one
 * at a time.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "sw/lib/rng.h"
#include "tb/cosim/feed.h"

#define HARTS 3
#define LIMIT 3000

typedef struct taken {
  unsigned seq, hart, barriers;
  uint64_t accept, response;
} taken;

typedef struct side_run {
  taken t[LIMIT];
  unsigned n;
  unsigned csrs[HARTS]; /* CSR changes applied, per hart */
} side_run;

static void image(void *ctx, uint64_t pa, uint64_t value) {
  (void)ctx;
  (void)pa;
  (void)value;
}

static void count_csr(void *ctx, unsigned hart, mm_csr_id csr, uint64_t value) {
  (void)csr;
  (void)value;
  side_run *s = ctx;
  s->csrs[hart]++;
}

/* One side: each request takes 1..span cycles (the side's own timing, from
 * seed); a hart asks for its next one as soon as it is idle. */
static void run_side(drive *dp, uint64_t seed, unsigned span, side_run *out) {
  drive d = *dp;
  rng r;
  rng_seed(&r, seed);
  uint64_t idle[HARTS];
  bool busy[HARTS] = {0};
  unsigned cur[HARTS] = {0};
  for (unsigned h = 0; h < HARTS; h++)
    idle[h] = 4;
  for (;;) {
    uint64_t changes;
    do { /* every idle hart asks, again while a barrier moves */
      changes = d.changes;
      for (unsigned h = 0; h < HARTS; h++) {
        drive_request q;
        if (busy[h] || !drive_next(&d, h, idle[h], &q)) continue;
        cr_assert_eq(q.ev.hart, h, "request %u of hart %u handed to hart %u", q.seq, q.ev.hart, h);
        cr_assert_geq(q.accept, idle[h] + q.ev.gap, "request %u taken before its hart is idle", q.seq);
        cr_assert_lt(out->n, LIMIT, "more than %u requests", LIMIT);
        out->t[out->n] = (taken){.seq = q.seq, .hart = h, .barriers = q.barriers, .accept = q.accept};
        out->t[out->n].response = q.accept + 1 + rng_below(&r, span);
        cur[h] = out->n++;
        busy[h] = true;
      }
    } while (d.changes != changes);
    /* the earliest response next */
    unsigned next = HARTS;
    for (unsigned h = 0; h < HARTS; h++)
      if (busy[h] && (next == HARTS || out->t[cur[h]].response < out->t[cur[next]].response)) next = h;
    if (next == HARTS) return;
    busy[next] = false;
    idle[next] = out->t[cur[next]].response + 1;
    drive_done(&d, out->t[cur[next]].response);
  }
}

static feed *new_feed(uint64_t seed) {
  stim *s = stim_new(seed, HARTS);
  cr_assert(s);
  feed *f = feed_new(feed_source_stim(s), HARTS, LIMIT, image, NULL);
  cr_assert(f);
  return f;
}

static side_run a, b;

Test(feed, both_sides_get_every_request_once_in_each_harts_order, .timeout = 30) {
  feed *f = new_feed(5);
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  /* one side after the other, each with its own timing */
  drive da, db;
  drive_init(&da, f, 0, false, count_csr, &a, 4);
  drive_init(&db, f, 1, false, count_csr, &b, 4);
  run_side(&da, 1, 40, &a);
  run_side(&db, 2, 7, &b);
  cr_assert_eq(a.n, LIMIT, "side 0 took %u of %u requests", a.n, LIMIT);
  cr_assert_eq(b.n, LIMIT, "side 1 took %u of %u requests", b.n, LIMIT);
  static bool seen[LIMIT];
  memset(seen, 0, sizeof seen);
  for (unsigned i = 0; i < a.n; i++) {
    cr_assert_lt(a.t[i].seq, LIMIT);
    cr_assert(!seen[a.t[i].seq], "request %u handed out twice", a.t[i].seq);
    seen[a.t[i].seq] = true;
  }
  for (unsigned h = 0; h < HARTS; h++) {
    unsigned ia = 0, ib = 0;
    int last = -1;
    for (;;) {
      while (ia < a.n && a.t[ia].hart != h)
        ia++;
      while (ib < b.n && b.t[ib].hart != h)
        ib++;
      cr_assert_eq(ia < a.n, ib < b.n, "hart %u: the sides took different numbers of requests", h);
      if (ia == a.n) break;
      cr_assert_eq(a.t[ia].seq, b.t[ib].seq, "hart %u: request %u on one side, %u on the other", h, a.t[ia].seq,
                   b.t[ib].seq);
      cr_assert_gt((int)a.t[ia].seq, last, "hart %u: request %u after %d", h, a.t[ia].seq, last);
      last = (int)a.t[ia].seq;
      ia++;
      ib++;
    }
    cr_assert_eq(a.csrs[h], b.csrs[h], "hart %u: %u CSR changes on one side, %u on the other", h, a.csrs[h], b.csrs[h]);
  }
  feed_free(f);
}

/* A request after a barrier is taken only after every request before it,
 * on every hart, has responded. */
Test(feed, a_barrier_holds_every_hart_until_all_have_come, .timeout = 30) {
  feed *f = new_feed(9);
  memset(&a, 0, sizeof a);
  drive d;
  drive_init(&d, f, 0, false, count_csr, &a, 4);
  run_side(&d, 3, 60, &a);
  unsigned max_barriers = 0, checked = 0;
  for (unsigned i = 0; i < a.n; i++) {
    if (a.t[i].barriers > max_barriers) max_barriers = a.t[i].barriers;
    for (unsigned j = 0; j < a.n; j++) {
      if (a.t[j].barriers <= a.t[i].barriers) continue;
      checked++;
      cr_assert_gt(a.t[j].accept, a.t[i].response,
                   "request %u (hart %u, after %u barriers) taken at %lu, before request %u (hart %u, before barrier "
                   "%u) responded at %lu",
                   a.t[j].seq, a.t[j].hart, a.t[j].barriers, (unsigned long)a.t[j].accept, a.t[i].seq, a.t[i].hart,
                   a.t[i].barriers, (unsigned long)a.t[i].response);
    }
  }
  cr_assert_gt(max_barriers, 10, "only %u barriers in %u requests", max_barriers, a.n);
  cr_assert_gt(checked, 0);
  feed_free(f);
}

Test(feed, serial_hands_out_stream_order_one_at_a_time, .timeout = 30) {
  feed *f = new_feed(5);
  memset(&a, 0, sizeof a);
  drive d;
  drive_init(&d, f, 0, true, count_csr, &a, 4);
  run_side(&d, 4, 30, &a);
  cr_assert_eq(a.n, LIMIT);
  for (unsigned i = 0; i < a.n; i++) {
    cr_assert_eq(a.t[i].seq, i, "request %u handed out as number %u", a.t[i].seq, i);
    if (i) cr_assert_gt(a.t[i].accept, a.t[i - 1].response, "request %u taken while %u was in flight", i, i - 1);
  }
  feed_free(f);
}
