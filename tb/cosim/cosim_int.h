/*
 * The lockstep engine's inside (cosim.h is its outside), shared by its
 * files: cosim.c (set-up, the model's and the DUT's sides, the loops),
 * cosim_report.c (the history, the mismatch report, the counts) and
 * cosim_snap.c (snapshots for a failure's waveform). Not for other users.
 */
#ifndef MM_COSIM_INT_H
#define MM_COSIM_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/types.h>

#include "compare.h"
#include "cosim.h"
#include "dut.h"
#include "feed.h"
#include "legal.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "model/sched.h"
#include "replay.h"
#include "scoreboard.h"
#include "side.h"
#include "sw/stim.h"

#define HISTORY_MAX 64
#define TIME_SAMPLE 16             /* of the comparisons and of the model's runs, one in TIME_SAMPLE is timed */
#define START_EDGE  DUT_FIRST_EDGE /* the first clock edge a request can be taken at */
#define SIDE_MODEL  0
#define SIDE_RTL    1

/* Snapshots (a waveform without a second full run): every cfg->snapshots
 * edges (at least 10 waveform windows) the lockstep run forks a copy of
 * itself that waits; the last SNAP_KEEP are kept. On a mismatch the
 * newest one old enough to hold the whole window before the failing edge
 * runs on, the RTL alone, tracing that window into the FST, and the rest
 * exit. Without a usable one, the waveform comes from a re-run from the
 * start. */
#define SNAP_KEEP 2

typedef struct snapshot {
  pid_t pid;
  int fd;        /* a socket to it: a snap_cmd goes there, a snap_result comes back */
  uint64_t edge; /* the edge it was taken at */
} snapshot;

typedef struct snap_cmd {
  uint64_t from, stop; /* trace the window before edge from, stop at edge stop */
} snap_cmd;

typedef struct snap_result {
  uint64_t first, last; /* the edges traced */
  int ok;
} snap_result;

/* Pages a DUT's TLB may answer for from a walk of a known class (a
 * translation the legal set does not have): a TLB answer there that no
 * legal translation gives is counted, not a mismatch, until a fence that
 * surely covers the page (cosim_free.c). */
#define SUSPECTS 256
typedef struct suspect_page {
  bool virt;
  uint8_t shift;
  uint64_t va; /* the page's base */
} suspect_page;
typedef struct suspects {
  unsigned n;
  suspect_page p[SUSPECTS];
} suspects;

/* A request as the history keeps it: formatted only for a report. */
typedef struct history_entry {
  unsigned seq;
  stim_event ev;
  uint64_t accept, response;
  obs_brief outcome;
} history_entry;

/* The waveform of a re-run: tracing starts wave_window cycles before from
 * (the failing edge), into path. */
typedef struct trace_plan {
  const char *path;
  uint64_t from;
  bool on;
  uint64_t first; /* cycle tracing started */
} trace_plan;

/* A request the model completed, waiting for the RTL's response. */
typedef struct completion {
  unsigned seq;
  stim_event ev;
  mm_obs *obs;
  uint64_t response;
} completion;

/* A hart's completions, in order (a ring that grows). */
typedef struct completions {
  completion *e;
  unsigned cap, head, n;
} completions;

typedef struct model_hart {
  drive_request cur; /* the request in the scheduler */
  completions done;
} model_hart;

/* The model on a thread of its own (cosim_mt.c), beside the DUT's lockstep
 * loop on the caller's: the model decides every outcome from the stream
 * alone, so it can run ahead. It hands its completions over through stage;
 * the loop compares them as the DUT responds, and on any failure (a
 * mismatch, a late response, an assertion) the run starts again on one
 * thread, which reports it exactly as ever. */
#define MT_AHEAD 1024 /* completions the model may be ahead of the comparisons */
typedef struct model_thread {
  bool on;  /* the model runs on its thread (set before it starts, cleared once it is joined) */
  bool off; /* this run keeps to one thread (a re-run after a failure, or not worth one) */
  pthread_t tid;
  pthread_mutex_t lock; /* stage, the pool's way back, the two waits */
  pthread_cond_t to_main, to_model;
  completions stage[MM_MAX_HARTS];
  atomic_uint_fast64_t produced, consumed; /* completions staged, and compared (as of the last hand-over) */
  unsigned compared;                       /* the loop's comparisons since its last hand-over */
  atomic_uint_fast64_t progress;           /* the model's next event: every completion responding before it is staged */
  atomic_bool done;                        /* the model has no event left */
  atomic_bool stop;                        /* the loop asks the model to stop */
  atomic_bool main_waiting, model_waiting;
  uint64_t seen; /* the loop's copy of progress at its last hand-over */
  /* observations the loop is done with, back to the model's pool: the loop's since its last hand-over, and
   * those handed over (under lock) */
  mm_obs **back, **ret;
  unsigned n_back, cap_back, n_ret, cap_ret;
} model_thread;

/* The value checker on a thread of its own while the model runs alone (cosim_value.c): the model's thread
 * queues each request's accesses and the edge below which none is still to come; the checker's thread takes
 * them in order. One producer, one consumer, a ring between them; neither waits for a signal: a side with
 * nothing to do sleeps a few microseconds and looks again. */
#define VT_RING      (1u << 16) /* about 15 000 requests' items: a stall of either thread on a busy machine is absorbed */
#define VT_PREFETCH  16         /* items ahead of the one filled that the model's thread asks the cache for */
#define VT_BATCH     (1u << 12) /* items checked between two looks at the stream the thread makes (feed_ahead) */
#define VT_NO_ACCESS 0xff       /* an item's a.kind when it carries a floor only */
typedef struct vt_item {
  sb_access a;    /* an access, unless a.kind is VT_NO_ACCESS */
  uint64_t floor; /* then the floor to advance to (0: none); a request's last item carries it */
} vt_item;
typedef struct value_thread {
  bool on;
  pthread_t tid;
  vt_item *ring; /* VT_RING items */
  /* taken by the checker, put by the model, and the model's own counts: each on a cache line of its own, so
   * that one thread's stores do not take away the line the other reads */
  atomic_uint_fast64_t head;
  char apart[64];
  atomic_uint_fast64_t tail;
  char apart_too[64];
  uint64_t tail_local; /* the model's, published per request */
  uint64_t head_seen;  /* the model's last look at head: room is only looked for again when it runs out */
  atomic_bool done;    /* the model has put its last item */
  feed_ahead *ahead;   /* the stream the thread makes ahead between its checks (the feed's source owns it); or NULL */
} value_thread;

typedef struct rtl_hart {
  bool posted;       /* a request is on its port or in flight */
  drive_request cur; /* that request */
  uint64_t idle;     /* the cycle it is idle from */
  mm_obs obs;
} rtl_hart;

typedef struct cosim {
  const cosim_config *cfg;
  cosim_backend backend; /* of this run (a waveform re-run: the RTL alone) */
  cosim_stats *stats;
  bool use_model, use_rtl;
  feed *feed;
  /* the model */
  mm_hart harts[MM_MAX_HARTS];
  side *model_side;
  mm_memsys memsys; /* over model_side's bus */
  mm_sched sched;
  drive mdrive;
  model_hart mh[MM_MAX_HARTS];
  mm_obs **pool; /* free observations */
  unsigned n_pool, cap_pool;
  uint64_t model_runs; /* for the time sample */
  uint64_t model_next; /* the time of the model's next event: before it, it has nothing to do */
  uint64_t due;        /* no head of the harts' completions responds before it (a bound: the loop looks no sooner) */
  bool alias_seen;
  atomic_bool failed; /* the run cannot go on (out of memory): cosim_run returns 2, why in stats->error */
  model_thread mt;    /* the model on its own thread (cosim_mt.c) */
  /* the RTL */
  dut *dut; /* the device under test (dut.h): the project's RTL, or another */
  side *rtl_side;
  mm_csrs rtl_csrs[MM_MAX_HARTS]; /* its harts' CSRs, driven into its ports */
  drive rdrive;
  rtl_hart rh[MM_MAX_HARTS];
  bool offer;         /* a response came (or the run starts): offer the idle harts requests */
  trace_plan *trace;  /* NULL: no waveform */
  uint64_t stop_edge; /* a waveform re-run stops here (0: at the end) */
  uint64_t last_response;
  snapshot snap[SNAP_KEEP];
  unsigned n_snap;
  uint64_t next_snap; /* the edge of the next snapshot (0: none are taken) */
  int snap_fd;        /* in a snapshot that runs on: where its result goes (-1: not one) */
  history_entry history[HISTORY_MAX];
  unsigned n_history;
  /* the timing-free comparison (cosim_free.c) */
  const dut_profile *profile;     /* the DUT's */
  bool free_mode;                 /* this run compares timing-free */
  legal_set *legal;               /* what each hart's TLBs may hold */
  suspects suspect[MM_MAX_HARTS]; /* pages whose TLB answers a known class's walk may have made */
  bool tainted[MM_MAX_HARTS][2];  /* [hart][V]: a known-class mismatch at V on the hart since its last fence of
                                     everything at V: its TLBs may hold what the set cannot explain */
  /* the stream's replay and record */
  replay *replay_file; /* the events of cfg->replay, read by setup (NULL: none read) */
  replay *record;      /* the events the feed reads, for cfg->record */
  FILE *record_out;    /* cfg->record, opened by setup, written when the run ends */
  /* the value checker (cosim_value.c; NULL without the model) */
  scoreboard *sb;
  unsigned sb_reported; /* its mismatches reported so far */
  uint64_t sb_runs;     /* requests handed to it (for the time sample) */
  value_thread vt;      /* the checker on its own thread while the model runs alone */
} cosim;

/* The failing request, on both sides. */
typedef struct failing {
  unsigned hart, seq;
  const stim_event *ev;
  const mm_obs *m, *r;
} failing;

#define COSIM_RETRY 3 /* a run loop's result: a failure on two threads, to be run again on one */

/* cosim.c */
double cosim_now(void);
bool cosim_completions_push(completions *q, const completion *k);
completion cosim_completions_pop(completions *q);
/* Into hart h's completions for the comparison (false: out of memory). */
bool cosim_completion_to(cosim *c, unsigned h, const completion *k);

mm_obs *cosim_obs_get(cosim *c);
/* A failed assertion of the DUT by edge e: the run's failure, reported (true). */
bool cosim_assertion_failed(cosim *c, uint64_t e);
void cosim_obs_put(cosim *c, mm_obs *o);
void cosim_obs_put_pool(cosim *c, mm_obs *o); /* into the model's pool (its thread's while it has one) */
bool cosim_fail(cosim *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* cosim_free.c: the timing-free loop (0, 1: a mismatch, reported, 2: failed); a CSR write as the DUT's
 * profile lets it through (false: it has no effect); the testbench memory a translate-only DUT reads. */
int cosim_run_free(cosim *c);
bool cosim_profile_csr(const dut_profile *p, const mm_csrs *csrs, mm_csr_id id, uint64_t *value);
uint64_t cosim_mem_read(void *ctx, uint64_t pa);
/* cosim_report.c: a request done (and compared, when both sides run): counted, remembered, shown with
 * --verbose; the mismatch report (harts: what every hart was doing at the failing edge, NULL: now); what
 * every hart was doing at edge e, on both sides (f: the failing request, or NULL). */
void cosim_retire(cosim *c, unsigned seq, const stim_event *ev, const mm_obs *o);
void cosim_report_mismatch(cosim *c, unsigned seq, const stim_event *ev, const mm_obs *m, const mm_obs *r,
                           uint64_t edge, const char *harts);
void cosim_report_harts(cosim *c, FILE *out, uint64_t e, const failing *f);
/* The responses before the failure and the command that re-runs it. */
void cosim_report_tail(cosim *c);
/* The DUT's failed assertion as the run's failure (stats->assertion_text, a line on out). */
void cosim_report_assertion(cosim *c, const dut_assertion *a);
/* cosim_snap.c: the edges between snapshots; dropping them all; taking one at edge e; in a snapshot that
 * runs on, its end; the waveform of a failure from one (true: written, *first..*last traced). */
uint64_t cosim_snap_every(const cosim_config *cfg);
void cosim_snap_drop_all(cosim *c);
void cosim_snap_take(cosim *c, uint64_t e);
void cosim_snap_finish(cosim *c);
bool cosim_snap_waves(cosim *c, uint64_t from, uint64_t stop, uint64_t *first, uint64_t *last);
/* cosim_mt.c: whether this run takes the model to its own thread, and starting it (false: it stays on this
 * one); every completion responding by edge e staged and handed over (or the model done); one more for hart
 * h (false: the model has none to come); a comparison done; the model's end awaited, or the model stopped,
 * and joined either way (the stage handed over). */
bool cosim_mt_start(cosim *c);
/* Whether the run may take a second thread: --threads 2, or the default on two cores or more. */
bool cosim_second_thread(const cosim_config *cfg);
void cosim_mt_push(cosim *c, unsigned h, const completion *k);
void cosim_mt_upto(cosim *c, uint64_t e);
bool cosim_mt_more(cosim *c, unsigned h);
void cosim_mt_compared(cosim *c);
void cosim_mt_join(cosim *c, bool stop);
/* An observation the loop is done with (to the model's pool at the next hand-over); the model's pool refilled
 * with those handed over. */
void cosim_mt_back(cosim *c, mm_obs *o);
void cosim_mt_returned(cosim *c);
/* cosim_value.c: the value checker over the model's side: made (false: out of memory), freed; a word of the
 * initial image; a request the model completed (its accesses checked as far as the order is known); the run's
 * end (rc: the run's result; returns it, 1 when only the checker found a wrong value). */
bool cosim_value_init(cosim *c);
void cosim_value_free(cosim *c);
void cosim_value_image(cosim *c, uint64_t pa, uint64_t value);
void cosim_value_request(cosim *c, const drive_request *d, const mm_obs *o);
/* The checker to a thread of its own while the model runs alone (false: it stays on the model's); its end,
 * awaited (every queued access checked). */
bool cosim_value_thread_wanted(const cosim *c);
bool cosim_value_thread_start(cosim *c);
void cosim_value_thread_join(cosim *c);
int cosim_value_finish(cosim *c, int rc);

#endif
