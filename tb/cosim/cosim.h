/*
 * The lockstep co-simulation: one seeded stimulus stream (sw/stim.h) drives
 * the golden model (model/mmu.h) and the Verilated RTL (tb/rtl.h), each with
 * its own copy of memory, and every request's observable result is compared
 * as it happens: the outcome (physical address, cause, guest physical
 * address, memory type), TLB hit or miss, the walk's memory accesses in order
 * (reads with their data, A/D writes with theirs), and the cycles from
 * acceptance to response. The model decides everything from its own state;
 * it never reads the RTL's.
 *
 * The first difference stops the run with a report (the request, both sides
 * field by field, the recent history, the seed, the command that re-runs it)
 * and an FST waveform of the cycles before it, made by a deterministic
 * re-run of the RTL alone with tracing switched on shortly before the failing
 * request, plus a GTKWave save file that groups the MMU's signals. The run
 * and that re-run are one event loop.
 *
 * Both sides fill one observation record per request (model/obs.h); the
 * comparison and the report come from one table of fields
 * (tb/cosim/compare.h). The harts' CSRs live in the model's harts and are
 * driven from there into the RTL's CSR ports.
 */
#ifndef MM_COSIM_H
#define MM_COSIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum cosim_backend { COSIM_MODEL = 0, COSIM_RTL = 1, COSIM_BOTH = 2 } cosim_backend;

typedef struct cosim_config {
  uint64_t seed;
  unsigned requests;    /* accesses and fences to issue */
  unsigned harts;       /* 1..MM_MAX_HARTS */
  unsigned tlb_entries; /* per hart */
  unsigned mem_latency; /* memory port latency, cycles */
  unsigned wave_window; /* cycles of waveform before a failing request (0: no waveform) */
  cosim_backend backend;
  unsigned bug;            /* injected RTL bug (0: none) */
  bool mutant_build;       /* run the mutant build even with no bug selected (the control run) */
  const char *fail_prefix; /* waveform files: PREFIX.fst and PREFIX.gtkw */
  unsigned history;        /* requests shown before a failure */
  bool verbose;            /* print every request */
  bool quiet;              /* print nothing on success, a one-line report on failure */
  FILE *out;
} cosim_config;

#define COSIM_CONFIG_DEFAULT                                                                                           \
  ((cosim_config){.seed = 1,                                                                                           \
                  .requests = 10000,                                                                                   \
                  .harts = 1,                                                                                          \
                  .tlb_entries = 16,                                                                                   \
                  .mem_latency = 4,                                                                                    \
                  .wave_window = 200,                                                                                  \
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
  bool mismatch;
  unsigned mismatch_request; /* 0-based index of the failing request */
  double seconds;            /* wall time of the run */
  double compare_seconds;    /* of which the comparator (sampled: one request in 16, scaled) */
  double model_seconds;      /* of which the model (sampled the same way) */
} cosim_stats;

/* 0: no difference; 1: a mismatch (reported); 2: a configuration error
 * (reported on stderr). */
int cosim_run(const cosim_config *cfg, cosim_stats *stats);

const char *cosim_backend_name(cosim_backend b);

#endif
