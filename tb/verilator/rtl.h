/*
 * The Verilated RTL (rtl/mmu_top.sv) behind a C API. C++ lives only in
 * tb/rtl.cpp; callers see C types (the model's request, CSR and fence
 * structs) and never a Verilator type.
 *
 * The harness owns the clock. rtl_access() and rtl_fence() drive one request
 * into a hart's port, run the clock until that hart's response, serve every
 * memory-port transaction on the way from the caller's memory image (with the
 * configured fixed latency), and return the response with the transactions
 * in the order the bus saw them. One request is in flight at a time.
 *
 * Cycle numbering: the cycle counter increments at every rising clock edge.
 * accept_cycle is the edge at which the request port's valid and ready were
 * both high; resp_cycle is the edge at which the response's valid was high.
 * A memory request accepted at edge s is answered (valid response data) at
 * edge s + mem_latency.
 *
 * A write is an atomic compare-and-swap (the walker's A/D update): the memory
 * server compares and writes when it accepts the request, and answers with
 * the word it found there.
 */
#ifndef MM_RTL_H
#define MM_RTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/mem.h"
#include "model/tlb.h"
#include "model/walk.h"

#define RTL_MAX_HARTS 4
#define RTL_MAX_TXN   64

typedef struct rtl_config {
  unsigned harts;       /* 1..RTL_MAX_HARTS */
  unsigned tlb_entries; /* one of the sizes built (rtl_tlb_size_supported) */
  unsigned mem_latency; /* 1..1000 */
  unsigned bug;         /* injected bug number (0: none); needs the mutant build */
} rtl_config;

typedef struct rtl_txn {
  uint64_t cycle; /* edge at which the bus accepted it */
  unsigned hart;  /* which walker issued it */
  bool write;
  uint64_t pa;
  uint64_t data; /* write: data to write (written if the word equalled cmp); read: data returned */
  uint64_t cmp;  /* write: the value the word had to equal; read: 0 */
  uint64_t old;  /* write: the value the word had (the answer); read: 0 */
} rtl_txn;

typedef struct rtl_resp {
  bool ok;
  uint8_t cause;
  uint64_t gpa;
  uint64_t pa;
  uint8_t pbmt;
  bool tlb_hit;
  uint64_t accept_cycle, resp_cycle;
  unsigned n_txn;
  rtl_txn txn[RTL_MAX_TXN];
} rtl_resp;

typedef struct rtl_sim rtl_sim;

/* NULL and a one-line message in err on a bad configuration. */
rtl_sim *rtl_new(const rtl_config *cfg, char *err, size_t errlen);
void rtl_free(rtl_sim *sim);
bool rtl_tlb_size_supported(unsigned entries, bool mutants);

/* Drives a hart's CSR inputs (held until changed). */
void rtl_set_csrs(rtl_sim *sim, unsigned hart, const mm_csrs *csrs);
void rtl_access(rtl_sim *sim, unsigned hart, const mm_req *req, mm_mem *mem, rtl_resp *out);
void rtl_fence(rtl_sim *sim, unsigned hart, const mm_fence *fence, rtl_resp *out);
/* Test hook, one-shot: the first time after this call that the memory server
 * serves a read of pa, it writes value to pa just after reading, as another
 * agent would, so that the walker's compare-and-swap of that PTE fails. */
void rtl_poke_after_read(rtl_sim *sim, uint64_t pa, uint64_t value);
/* Runs n idle cycles. */
void rtl_idle(rtl_sim *sim, unsigned n);
uint64_t rtl_cycle(const rtl_sim *sim);

/* FST waveform: open a file and dump from now on, until rtl_trace_close. */
bool rtl_trace_open(rtl_sim *sim, const char *path);
void rtl_trace_close(rtl_sim *sim);

/* Number of injected bugs the mutant build knows (0 in the normal build). */
unsigned rtl_bug_count(void);
const char *rtl_bug_name(unsigned bug);

#endif
