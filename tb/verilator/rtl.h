/*
 * The Verilated RTL (rtl/mmu_sim_top.sv over rtl/mmu_top.sv) behind a C API.
 * C++ lives only in tb/verilator/rtl.cpp; callers see C types (the model's
 * request, CSR, fence and observation structs) and never a Verilator type.
 *
 * The harness owns the clock. rtl_access() and rtl_fence() drive one request
 * into a hart's port, run the clock until that hart's response, serve every
 * memory-port transaction on the way from the caller's memory image (with the
 * configured fixed latency) through the model's memory functions
 * (mm_mem_load, which fires an armed poke, and mm_mem_cas), and fill the same
 * observation record the model fills (model/obs.h): the outcome, TLB hit,
 * the cycles from acceptance to response, and the transactions in the order
 * the bus took them, each with the cycle it was taken (counted from the
 * acceptance). One request is in flight at a time.
 *
 * Cycle numbering: the cycle counter increments at every rising clock edge.
 * A request is accepted at the edge at which the port's valid and ready were
 * both high; its response at the edge at which the response's valid was
 * high. A memory request taken at edge s is answered at edge s + mem_latency.
 */
#ifndef MM_RTL_H
#define MM_RTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/mem.h"
#include "model/mmu.h"
#include "model/obs.h"
#include "model/tlb.h"
#include "model/walk.h"

#define RTL_MAX_HARTS MM_MAX_HARTS /* NumHarts of every build */

typedef struct rtl_config {
  unsigned harts;       /* 1..RTL_MAX_HARTS */
  unsigned tlb_entries; /* one of the sizes built (rtl_tlb_size_supported) */
  unsigned mem_latency; /* 1..MM_LATENCY_MAX */
  unsigned bug;         /* injected bug number (0: none); needs the mutant build */
  bool mutant_build;    /* use the mutant build even with bug 0 (the control run) */
} rtl_config;

typedef struct rtl_sim rtl_sim;

/* NULL and a one-line message in err on a bad configuration. */
rtl_sim *rtl_new(const rtl_config *cfg, char *err, size_t errlen);
void rtl_free(rtl_sim *sim);
bool rtl_tlb_size_supported(unsigned entries, bool mutants);

/* Drives a hart's CSR inputs (held until changed). */
void rtl_set_csrs(rtl_sim *sim, unsigned hart, const mm_csrs *csrs);
/* One request; out->bare and out->tlb_index are not known here (false, -1),
 * and each transaction's stage and level are MM_STAGE_UNKNOWN. */
void rtl_access(rtl_sim *sim, unsigned hart, const mm_req *req, mm_mem *mem, mm_obs *out);
void rtl_fence(rtl_sim *sim, unsigned hart, const mm_fence *fence, mm_obs *out);
/* The edge at which the last request was accepted. */
uint64_t rtl_accept_cycle(const rtl_sim *sim);
/* Runs n idle cycles. */
void rtl_idle(rtl_sim *sim, unsigned n);
uint64_t rtl_cycle(const rtl_sim *sim);

/* FST waveform: open a file and dump from now on, until rtl_trace_close. */
bool rtl_trace_open(rtl_sim *sim, const char *path);
void rtl_trace_close(rtl_sim *sim);

/* The injected bugs of the mutant build (rtl/mutants.txt): their number (0
 * in a binary without it), and each one's name and description. */
unsigned rtl_bug_count(void);
const char *rtl_bug_name(unsigned bug);
const char *rtl_bug_description(unsigned bug);

#endif
