/*
 * The shrinker: delta debugging (Zeller and Hildebrandt's ddmin) over a
 * failing replay's events, keeping each candidate that a test says still
 * fails the same way, until no chunk of what is left can go.
 *
 * It works in phases, each a ddmin over one set of changes to the events:
 * drop requests (accesses and fences); drop software's page-table words (STIM_MEM, the initial image's and
 * the edits after it); drop CSR changes, pokes and barriers; these three again
 * until a round drops nothing; then fewer harts (the harts that still have
 * events, renumbered in order); then simpler values: the fields an event
 * does not use zeroed, gaps 0, store data 0. A change is kept only when the
 * whole candidate, run from the start, fails the same way: removing an
 * image word changes the page tables, removing a barrier the timing, and a
 * candidate is judged by nothing but its run. After a kept change whose
 * failure comes earlier, the events after the requests that failure needs
 * are cut (one more run). Every run counts against a budget; when it is
 * spent the smallest failing replay found so far is the result, so the
 * shrinker ends after at most that many runs with a replay that fails.
 *
 * The test is the caller's (mmucosim shrink runs the co-simulation and
 * compares the mismatch with the original's: tb/cli/cmd_shrink.c), so the
 * algorithm can be tested on its own.
 */
#ifndef MM_SHRINK_H
#define MM_SHRINK_H

#include <stdbool.h>
#include <stddef.h>

#include "replay.h"

typedef struct shrink_test {
  /* Whether candidate fails the same way; when it does, *needed is the
   * number of its requests a run up to the failure takes. */
  bool (*fails)(void *ctx, const replay *candidate, unsigned *needed);
  void *ctx;
} shrink_test;

typedef struct shrink_progress {
  const char *phase; /* "requests", "page-table words", "CSR changes, pokes, barriers", "harts", "values" */
  bool phase_done;   /* the call at the end of a phase (else after a run) */
  unsigned runs, max_runs;
  size_t events;     /* of the smallest failing replay so far */
  unsigned requests; /* its requests */
  unsigned harts;
} shrink_progress;

typedef struct shrink_params {
  unsigned max_runs;                                     /* the budget of test runs */
  void (*progress)(void *ctx, const shrink_progress *p); /* NULL: none */
  void *ctx;
} shrink_params;

typedef struct shrink_stats {
  unsigned runs;     /* test runs made */
  bool budget_spent; /* stopped by max_runs (else: no change left to make) */
  unsigned kept;     /* changes kept */
} shrink_stats;

/* r fails (the caller has seen it); shrinks it in place to the smallest
 * failing replay found. False only when out of memory (r then is still a
 * failing replay, perhaps not the smallest). */
bool shrink_replay(replay *r, const shrink_test *t, const shrink_params *p, shrink_stats *st);

#endif
