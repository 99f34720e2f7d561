/*
 * The stimulus as the harts take it: one stream (sw/stim.h's generator, or
 * a replay file's events: feed_source) split into a queue per hart, read by each side of the co-simulation (the model
 * and the RTL) at its own pace, so that both sides see the same requests in
 * the same order on each hart whatever their timing.
 *
 * Requests are numbered in stream order (seq, from 0); the feed ends each
 * hart's queue before the first request numbered limit or more. Software's
 * stores before the first request build the initial image (written through
 * the caller's callback, once, for both sides); after it they are M-mode
 * 8-byte store requests on the hart the stream names. A CSR change and a
 * poke go to the queue of their hart, ahead of its next request.
 *
 * A driver (one per side) turns a hart's queue into requests with the
 * cycle the hart takes each one (DESIGN.md, "Several harts in flight"):
 *   concurrent: a hart takes its next request gap cycles after it is idle
 *               (the cycle after its previous response), whatever the other
 *               harts do;
 *   serial:     one request in flight in the whole system, in stream order,
 *               each gap cycles after the system is idle.
 * The CSR changes ahead of a request are applied through the side's
 * callback when the driver reaches them (the hart is idle then); a poke is
 * handed out with the request it precedes, to be armed at its acceptance.
 * A barrier (STIM_SYNC) holds each hart until every hart has come to it;
 * then they go on from the cycle the last one came (serial: no effect).
 */
#ifndef MM_FEED_H
#define MM_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include "model/mmu.h"
#include "sw/stim.h"

#define FEED_SIDES 2 /* the model's and the RTL's */

typedef struct feed feed;

/* Where the feed pulls its events from, in stream order: the seeded
 * generator, or a replay's events (tb/cosim/replay.h). next gives the next
 * event (its hart below the feed's harts), or false when the stream has
 * ended: the queues then end there, as they do at the limit. */
typedef struct feed_source {
  bool (*next)(void *ctx, stim_event *ev);
  void (*close)(void *ctx); /* frees ctx; NULL: nothing to free */
  void *ctx;
} feed_source;

/* The generator's stream, which never ends; takes ownership of s. */
feed_source feed_source_stim(stim *s);
/* inner's events, the same in the same order, made ahead into a ring by another thread (feed_ahead.c); takes
 * ownership of inner. *ahead is the handle that thread makes them with; without room for the ring, NULL and
 * inner itself. Until feed_ahead_elsewhere() names a maker, the reader makes each event as it reads it. */
typedef struct feed_ahead feed_ahead;
feed_source feed_source_ahead(feed_source inner, feed_ahead **ahead);
/* From the reader's thread, while no maker runs: on, another thread makes the events from now on (it is
 * started after this call); off, the reader makes them again (the maker is joined before this call). */
void feed_ahead_elsewhere(feed_ahead *a, bool on);
/* The maker's call, as often as it likes: makes up to a quarter ring of events while the ring has room.
 * False when it made none (the ring full enough, or the stream ended). */
bool feed_ahead_make(feed_ahead *a);
/* A short sleep (20 microseconds) of a thread that waits on a ring for the thread at its other end: the
 * stream's ring here, the value checker's in tb/cosim/cosim_value.c. */
void feed_nap(void);

/* Writes word value at pa in the initial image of both sides. */
typedef void (*feed_image_fn)(void *ctx, uint64_t pa, uint64_t value);

/* Takes ownership of src (closed by feed_free, or here when out of memory
 * or src has no next: then NULL). */
feed *feed_new(feed_source src, unsigned harts, unsigned limit, feed_image_fn image, void *ctx);
void feed_free(feed *f);
/* Two threads read the feed, each side's drive on its own (on), or one again (off, once the other is
 * done): the drives' reads take a lock, and the stream is read apart from it. */
void feed_share(feed *f, bool on);
/* Reads the stream up to its first request: the memory image before it is written (through the image
 * function) now, not when a side first asks. */
void feed_start(feed *f);
/* Requests numbered so far (the stream read up to there). */
unsigned feed_requests_read(const feed *f);

/* A request as a driver hands it out. */
typedef struct drive_request {
  unsigned seq;
  stim_event ev;   /* STIM_ACCESS or STIM_FENCE, with its hart */
  uint64_t accept; /* the cycle the hart takes it */
  bool poke;       /* arm the poke hook for the hart at the acceptance */
  uint64_t poke_pa, poke_value;
  unsigned barriers; /* the barriers its hart had passed (concurrent; serial: 0) */
} drive_request;

typedef void (*drive_csr_fn)(void *ctx, unsigned hart, mm_csr_id csr, uint64_t value);

typedef struct drive_poke {
  bool armed;
  uint64_t pa, value;
} drive_poke;

typedef struct drive {
  feed *f;
  unsigned side; /* 0..FEED_SIDES-1 */
  bool serial;
  drive_csr_fn csr;
  void *ctx;
  unsigned next_seq;             /* serial: the request due next */
  unsigned in_flight;            /* requests handed out and not done */
  uint64_t sys_idle;             /* serial: the cycle the system is idle from */
  unsigned max_seq;              /* one past the highest request handed out */
  drive_poke poke[MM_MAX_HARTS]; /* a poke read ahead of each hart's next request */
  /* the barrier being passed (concurrent only) */
  unsigned barrier;                 /* its number */
  unsigned arrived, passed;         /* the harts (a bit each) that came, and went on */
  uint64_t release;                 /* the cycle it opens (the latest arrival) */
  uint64_t changes;                 /* arrivals and passes: a caller polling the harts polls again while it grows */
  unsigned passed_by[MM_MAX_HARTS]; /* the barriers each hart has passed */
} drive;

void drive_init(drive *d, feed *f, unsigned side, bool serial, drive_csr_fn csr, void *ctx, uint64_t start);
/* Hart h is idle from cycle idle: its next request (false: none now; in
 * serial mode another hart's may be due, or one is in flight). */
bool drive_next(drive *d, unsigned h, uint64_t idle, drive_request *r);
/* A request handed out responded at cycle response. */
void drive_done(drive *d, uint64_t response);

#endif
