/*
 * The machine interface of sw/kernel/machine.h, three ways: the golden
 * model alone, the Verilated RTL alone, or lockstep. Each side is a side
 * (side.h: its own memory and devices behind its own bus).
 *
 * Lockstep is the one lockstep engine's (tb/cosim/cosim.h), as for every
 * other source of stimulus: the kernel runs on the model, which decides every
 * outcome the kernel sees (closed loop: a fault goes to its handler), and the
 * machine records every event the kernel issued in order (its image, its
 * CSR writes, its requests, one at a time). tb_machine_mismatch() then runs
 * that record through the engine, the model against the DUT (the project's
 * RTL unless the config names another), serially as the kernel issued it:
 * the same comparison as `mmucosim run`, the same report on the configured
 * stream, a waveform from a snapshot (PREFIX.fst, PREFIX.gtkw) and, on a
 * mismatch, the record as a replay file (PREFIX.replay) that `mmucosim run
 * --replay` and `mmucosim shrink` take. The DUT is compared, never
 * consulted. tb_machine_end_lockstep() closes the window (a long trace goes
 * on with the model alone after its first requests).
 *
 * The model-only and lockstep machines live in machine.c (no Verilator
 * code, so tests under the sanitizers can use them with the model as the
 * DUT); the RTL-alone machine, where the kernel decides from the RTL's
 * outcomes, and tb_machine_new() that picks among all three, in
 * machine_rtl.c.
 */
#ifndef MM_TB_MACHINE_H
#define MM_TB_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/memsys.h"
#include "model/mmu.h"
#include "sw/kernel/machine.h"
#include "tb/cosim/cosim.h"
#include "tb/cosim/side.h"

typedef struct tb_machine_config {
  cosim_backend backend; /* COSIM_MODEL, COSIM_RTL or COSIM_BOTH */
  unsigned harts;        /* 1..MM_MAX_HARTS */
  unsigned tlb_entries;  /* per hart; the RTL is built for 4 and 16 */
  unsigned mem_latency;  /* the bus latency, 1..MM_LATENCY_MAX */
  FILE *report;          /* where a mismatch report goes (NULL: stderr) */
  unsigned bug;          /* an injected RTL bug (rtl/mutants.txt; the mutant build, TLB 16); 0: none */
  /* lockstep */
  const char *dut;         /* the DUT by name (tb/cosim/dut.h); NULL: the build's default, the RTL */
  const char *fail_prefix; /* a mismatch's PREFIX.fst, PREFIX.gtkw and PREFIX.replay */
  const char *name;        /* what ran (a scenario, a trace), for the replay's header */
  uint64_t seed;           /* the seed the kernel's choices came from, for the replay and report */
  bool quiet;              /* a one-line report on a mismatch */
} tb_machine_config;

#define TB_MACHINE_CONFIG_DEFAULT                                                                                      \
  ((tb_machine_config){                                                                                                \
      .backend = COSIM_BOTH, .harts = 1, .tlb_entries = 16, .mem_latency = 4, .fail_prefix = "build/fail"})

/* The model's side of a machine: its harts, memory system and side. */
typedef struct tb_model {
  unsigned harts;
  mm_hart hart[MM_MAX_HARTS];
  side *side;
  mm_memsys memsys;
  mm_port port;
} tb_model;

bool tb_model_init(tb_model *md, const tb_machine_config *cfg, char *err, size_t errlen);
void tb_model_destroy(tb_model *md);
void tb_model_access(tb_model *md, unsigned hart, const mm_req *req, mm_obs *out);
void tb_model_fence(tb_model *md, unsigned hart, const mm_fence *fence, mm_obs *out);
/* A CSR write with its WARL rules; the value the CSR then holds. */
uint64_t tb_model_csr_write(tb_model *md, unsigned hart, mm_csr_id id, uint64_t value);

/* One machine of any backend; the machine interface's ctx points here. */
typedef struct tb_rtl tb_rtl; /* the RTL's side (machine_rtl.c) */
typedef struct tb_machine {
  machine base; /* first: a machine * is a tb_machine * */
  tb_machine_config cfg;
  tb_model model; /* unused by the RTL alone but for its harts' CSRs */
  tb_rtl *rtl;    /* the RTL alone; NULL: the model (alone or in lockstep) */
  long mismatch;  /* the request that mismatched, or -1 */
  void (*free_rtl)(tb_rtl *rtl);
  /* lockstep */
  replay *record;       /* the events the kernel issued (NULL: not lockstep) */
  bool window_closed;   /* tb_machine_end_lockstep: no more events recorded */
  bool checked;         /* the record ran through the engine */
  int lockstep_rc;      /* cosim_run's */
  cosim_stats lockstep; /* its figures */
} tb_machine;

/* The model alone; NULL and a one-line message on a bad configuration. */
machine *tb_machine_new_model(const tb_machine_config *cfg, char *err, size_t errlen);
/* Lockstep (the model deciding, the record checked against cfg->dut). */
machine *tb_machine_new_lockstep(const tb_machine_config *cfg, char *err, size_t errlen);
/* Any backend (machine_rtl.c). */
machine *tb_machine_new(const tb_machine_config *cfg, char *err, size_t errlen);
void tb_machine_free(machine *m);
/* Lockstep: the window closes; later requests run on the model alone. */
void tb_machine_end_lockstep(machine *m);
/* Lockstep: runs the record through the engine (once; its report goes to
 * cfg->report) and returns the request (0-based, the kernel's order) that
 * mismatched, or -1. The other backends: -1. */
long tb_machine_mismatch(machine *m);
/* Lockstep, once checked: the engine's figures (NULL otherwise). */
const cosim_stats *tb_machine_lockstep_stats(machine *m);

#endif
