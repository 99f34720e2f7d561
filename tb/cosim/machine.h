/*
 * The machine interface of sw/kernel/machine.h, three ways: the golden
 * model alone, the Verilated RTL alone, or both in lockstep. Each side is a
 * side (side.h: its own memory and devices behind its own bus); the model's
 * harts reach theirs through the model's memory system, the RTL's through
 * the RTL's. The model's harts hold the CSRs (the one truth) and drive them
 * into the RTL's CSR ports, as tb/cosim/cosim.c does.
 *
 * In lockstep every request goes to the model, then the same request to the
 * RTL, and the two observations are compared (compare.h). The kernel sees
 * the model's outcome only. On the first difference the machine writes the
 * report (the request, both sides field by field, the requests before it)
 * to the configured stream and halts: that request and all later ones
 * return false. tb_machine_detach_rtl() lets a long run (a trace) go on
 * with the model alone after a window in lockstep.
 *
 * The model-only machine lives in machine.c (no Verilator code, so tests
 * under the sanitizers can use it); the RTL and lockstep ones, and
 * tb_machine_new() that picks among all three, in machine_rtl.c.
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
} tb_machine_config;

#define TB_MACHINE_CONFIG_DEFAULT                                                                                      \
  ((tb_machine_config){.backend = COSIM_BOTH, .harts = 1, .tlb_entries = 16, .mem_latency = 4})

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
  tb_rtl *rtl;    /* NULL: the model alone */
  long mismatch;  /* the request that mismatched, or -1 */
  void (*free_rtl)(tb_rtl *rtl);
} tb_machine;

/* The model alone; NULL and a one-line message on a bad configuration. */
machine *tb_machine_new_model(const tb_machine_config *cfg, char *err, size_t errlen);
/* Any backend (machine_rtl.c). */
machine *tb_machine_new(const tb_machine_config *cfg, char *err, size_t errlen);
void tb_machine_free(machine *m);
/* Lockstep: the RTL takes no more requests, the model goes on alone. */
void tb_machine_detach_rtl(machine *m);
/* The request (0-based) that mismatched, or -1. */
long tb_machine_mismatch(const machine *m);

#endif
