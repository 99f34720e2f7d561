/*
 * The lockstep co-simulation: one stimulus stream (sw/stim.h's seeded
 * generator, or a replay file's events: tb/cosim/replay.h) drives
 * the golden model (model/mmu.h, its harts scheduled over one memory system
 * by model/sched.h) and the Verilated RTL (tb/verilator/rtl.h), each with
 * its own copy of memory and devices. Every hart has a request in flight at
 * once (tb/cosim/feed.h: each hart takes its own requests, gap cycles
 * after its previous response), or, with serial, one request is in flight in
 * the whole system. The model predicts every cycle on its own and never
 * reads the RTL's state.
 *
 * The RTL runs cycle by cycle; the model runs up to each edge. Each
 * response is compared as it comes: the outcome (physical address, cause,
 * guest physical address, memory type, data), TLB hit or miss, the accesses
 * at the memory system in order with their data and cycles, the bus
 * transactions with theirs, the edge the request was accepted at and its
 * cycles; a response the model predicts at an edge where the RTL gives none
 * is a mismatch too.
 *
 * An assertion of the DUT that fails (the RTL's --assert) fails the run
 * the same way, at the edge it fired, with a report line of its own
 * ("ASSERTION FAILED ...": which, its hart, the edge).
 *
 * The first difference stops the run with a report (the request, both sides
 * field by field, what every hart was doing then on both sides, the recent
 * history, the seed, the command that re-runs it) and an FST waveform of the
 * cycles before it, made by a deterministic re-run of the RTL alone with
 * tracing switched on shortly before the failing edge, plus a GTKWave save
 * file that groups the MMU's signals. The run and that re-run are one loop.
 */
#ifndef MM_COSIM_H
#define MM_COSIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "replay.h"

#define COSIM_KNOWN_MAX 16 /* known mismatch classes a profile may list */

typedef enum cosim_backend { COSIM_MODEL = 0, COSIM_RTL = 1, COSIM_BOTH = 2 } cosim_backend;

typedef struct cosim_config {
  uint64_t seed;
  unsigned requests;    /* accesses and fences to issue */
  unsigned harts;       /* 1..MM_MAX_HARTS */
  bool serial;          /* one request in flight in the system (else one per hart) */
  unsigned tlb_entries; /* per hart */
  unsigned mem_latency; /* memory port latency, cycles */
  unsigned wave_window; /* cycles of waveform before a failing request (0: no waveform) */
  uint64_t snapshots;   /* cycles between snapshots for a failure's waveform (0: none, it re-runs from the start) */
  cosim_backend backend;
  const char *dut; /* the device under test, by name (tb/cosim/dut.h; NULL: the build's first, the RTL) */
  const struct dut_class *dut_class; /* a DUT of the caller's own, instead of one by name (NULL: by name) */
  unsigned bug;                      /* injected RTL bug (0: none) */
  bool mutant_build;                 /* run the mutant build even with no bug selected (the control run) */
  const char *fail_prefix;           /* waveform files: PREFIX.fst and PREFIX.gtkw */
  unsigned history;                  /* requests shown before a failure */
  bool verbose;                      /* print every request */
  bool quiet;                        /* print nothing on success, a one-line report on failure */
  struct mm_cov *cov;                /* the model's functional coverage goes here (model/cov.h); NULL: nowhere */
  FILE *out;
  /* The stream: the seed's (sw/stim.h), or a replay's events (tb/cosim/replay.h; the config's harts, TLB,
     latency and serial hold, not the file's options, and every event's hart must be below harts). */
  const char *replay;          /* a replay file to run (NULL: the seed's stream) */
  const struct replay *script; /* events in memory to run instead of the file's (the shrinker's); replay, if
                                  given, only names them in the report */
  const char *record;          /* write the events the run reads, in stream order, as a replay file here */
  /* The timing-free comparison (DESIGN.md): one request at a time, the outcome, the walk's accesses in order
     and TLB answers a legal translation gives. A DUT whose profile asks for it always gets it. */
  bool timing_free;
  unsigned threads;       /* 1: one thread; 2: the model on a second one when both sides run (0: 2 on a machine with
                             two cores or more) */
  const char *known_fail; /* a mismatch of this known class of the DUT's ("all": of any) stops the run too; NULL: they
                             are counted and the run goes on */
} cosim_config;

#define COSIM_CONFIG_DEFAULT                                                                                           \
  ((cosim_config){.seed = 1,                                                                                           \
                  .requests = 10000,                                                                                   \
                  .harts = 1,                                                                                          \
                  .tlb_entries = 16,                                                                                   \
                  .mem_latency = 4,                                                                                    \
                  .wave_window = 200,                                                                                  \
                  .snapshots = 1000000,                                                                                \
                  .backend = COSIM_BOTH,                                                                               \
                  .fail_prefix = "build/fail",                                                                         \
                  .history = 8})

typedef struct cosim_stats {
  unsigned requests, accesses, fences;
  unsigned hits, walks, faults, guest_faults, bare;
  unsigned walk_ops;       /* the walks' memory accesses (PTE reads and compare-and-swaps) */
  unsigned walk_op_hits;   /* of which hit the cache */
  unsigned failed_updates; /* atomic A/D updates that found the PTE changed (the walk restarted) */
  unsigned data_ops[3];    /* data accesses (loads, stores, fetches, CBOs, FENCEs) by memory type: main, NC, IO */
  unsigned data_hits;      /* main-memory data accesses that hit the cache */
  unsigned bus_lines_read, bus_lines_written, bus_beats_read, bus_beats_written;
  uint64_t alias_errors; /* NC/IO accesses to a line the cache held (the model's count) */
  unsigned first_alias;  /* the request of the first one */
  uint64_t cycles;       /* RTL cycles simulated (model alone: the sum of predicted request cycles) */
  uint64_t model_cycles; /* the sum of the model's predicted request cycles */
  /* the races (the model's scheduler; zero with the RTL alone) */
  uint64_t contended;       /* arbiter grants with another hart's access ready too */
  uint64_t max_wait;        /* the longest an access waited for the arbiter, cycles */
  unsigned max_in_flight;   /* the most requests in flight at once */
  uint64_t shared_reads;    /* PTE reads of a word another hart's walk in flight had touched */
  uint64_t cas_races;       /* A/D compare-and-swaps on such a PTE */
  uint64_t cas_lost;        /* of which failed (the walk restarted) */
  uint64_t store_races;     /* software stores to such a PTE */
  uint64_t fences_in_walks; /* SFENCE.VMA/HFENCE.* accepted while another hart was walking */
  uint64_t pokes;           /* another agent's stores right after a walker's PTE read (the poke hook) */
  bool mismatch;
  unsigned mismatch_request; /* the failing request's number in the stream (0-based) */
  unsigned mismatch_hart;
  uint64_t mismatch_edge;   /* the clock edge the difference shows at (the first of the two responses) */
  uint64_t last_edge;       /* the last edge the RTL ran to (its late response, if it was late) */
  unsigned rerun_requests;  /* --requests that re-runs up to the failure */
  unsigned mismatch_diff;   /* what differs: compare.h's obs_diff bits */
  unsigned mismatch_class;  /* the failing request's kind (replay_request_class) */
  bool assertion;           /* the failure is the DUT's assertion (mismatch is set too) */
  char assertion_text[300]; /* which: "HitOnehot (mmu_tlb.sv:299 ...), hart 1, edge 1234" */
  /* the value checker (tb/cosim/scoreboard.h), over the model's side: zero with the RTL alone */
  uint64_t value_checked;    /* reads held to a value: loads, fetches, PTE reads, the words CASes found */
  uint64_t value_unchecked;  /* reads of lines under mixed memory types, PTEs in the I/O region */
  unsigned value_mismatches; /* wrong values (a run with one fails, rc 1, its request in mismatch_request) */
  unsigned value_request;    /* the request of the first */
  uint64_t value_addr;       /* and its address */
  double seconds;            /* wall time of the run */
  double compare_seconds;    /* of which the comparator (sampled: one request in 16, scaled) */
  double model_seconds;      /* of which the model (sampled the same way) */
  double value_seconds;      /* of which the value checker (sampled the same way) */
  unsigned threads;          /* 2: the model ran on a thread of its own (its and the value checker's shares above
                                are of that thread's time); 1: one thread */
  bool rerun_on_one;         /* a failure found on two threads, reported by a re-run on one */
  char error[600];           /* cosim_run returned 2: why, one line for the command to print */
  /* the timing-free comparison */
  bool timing_free;                      /* the run compared timing-free */
  const struct dut_profile *profile;     /* the DUT's (its known classes' names) */
  unsigned skipped;                      /* requests the DUT cannot take (V=1 without H), not run */
  unsigned not_mmu;                      /* misaligned accesses: the model's load/store unit faults, a translate-only
                                            DUT is not asked */
  unsigned known[COSIM_KNOWN_MAX];       /* mismatches of each known class, counted (the run went on) */
  unsigned known_first[COSIM_KNOWN_MAX]; /* the request of each one's first */
  unsigned known_class;                  /* the mismatch that stopped the run: 1 + its known class (0: none) */
  const char *free_why;                  /* timing-free: what differed (a static string); NULL: no mismatch */
  uint64_t legal_added, legal_dropped, legal_matched; /* translations made legal, dropped by fences, answering */
  uint64_t rewalk_after_fence; /* walks of a page still legal, a fence since its last use (over-flush) */
  uint64_t rewalk_evicted;     /* walks of a page still legal, no fence since (capacity) */
  uint64_t legal_overflow;     /* legal translations forgotten (a hit on one is a false mismatch) */
  unsigned unexplained; /* TLB answers no legal translation gives, for a page a known class's walk may have filled
                           (equal to the walk of now, or on a suspect page), counted and not mismatches */
} cosim_stats;

/* 0: no difference; 1: a mismatch (its report on cfg->out); 2: a
 * configuration error, a replay file that cannot be read, a record that
 * cannot be written, out of memory (why in stats->error: the caller prints
 * it; the engine never prints on stderr nor exits). */
int cosim_run(const cosim_config *cfg, cosim_stats *stats);

const char *cosim_backend_name(cosim_backend b);

/* The default regression's configurations (mmucosim regress; the coverage
 * baseline test runs them on the model): harts x TLB entries x latency. */
typedef struct cosim_matrix_entry {
  unsigned harts, tlb, latency;
} cosim_matrix_entry;
unsigned cosim_default_matrix(const cosim_matrix_entry **entries);
#define COSIM_DEFAULT_SEEDS    4     /* seeds per configuration, from 1 */
#define COSIM_DEFAULT_REQUESTS 20000 /* requests per run */
/* The stream cfg names, as the feed reads it: cfg->script's events, or the
 * seed's generator (cfg->replay is read by cosim_run only). */
feed_source cosim_stream(const cosim_config *cfg);
/* The options a replay of a run of cfg records. */
replay_options cosim_replay_options(const cosim_config *cfg);

#endif
