/*
 * One hart's MMU: the L1 TLB of tlb.h in front of the walk of walk.h, with
 * the timing of the RTL. This is what the co-simulation holds against the
 * Verilog, request by request: outcome, TLB hit or miss, the walk's memory
 * accesses in order, and the cycle the response comes.
 *
 * Request flow (the RTL has the same):
 *  1. Bare (V=0 with satp Bare, or V=1 with vsatp and hgatp Bare): pa = va,
 *     no TLB lookup.
 *  2. Lookup by {V, VMID, ASID, VA}. On a hit, the entry's leaves are checked
 *     with the current privilege, SUM and MXR: the single-/VS-stage leaf
 *     first (page fault), then the G-stage leaf (guest-page fault at the
 *     entry's GPA). A store to an entry whose D is clear in either leaf is
 *     not a hit: it walks, so that D is set (or faults) in memory.
 *  3. A miss walks (the walk also makes the address checks: a non-canonical
 *     VA faults after a miss with no memory access), and a walk that succeeds
 *     fills the TLB.
 *
 * Timing, in cycles from the cycle the request is accepted to the cycle the
 * response is valid, with the memory port's fixed latency L (>= 1) and one
 * request in flight in the whole system:
 *     bare or TLB hit:   MM_T_HIT
 *     walk of n accesses: MM_T_WALK + n * (L + MM_T_PER_OP)
 *     fence:             MM_T_FENCE
 */
#ifndef MM_MMU_H
#define MM_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"
#include "tlb.h"
#include "walk.h"

#define MM_T_HIT       2u
#define MM_T_WALK      3u
#define MM_T_PER_OP    1u
#define MM_T_FENCE     2u
#define MM_LATENCY_MAX 1000u

typedef struct mm_hart_params {
  unsigned tlb_entries; /* power of two, 1..MM_TLB_MAX_ENTRIES; default 16 */
  unsigned mem_latency; /* memory port latency in cycles, 1..MM_LATENCY_MAX */
} mm_hart_params;

#define MM_HART_PARAMS_DEFAULT ((mm_hart_params){.tlb_entries = 16, .mem_latency = 4})

typedef struct mm_hart {
  mm_csrs csrs;
  mm_tlb tlb;
  unsigned mem_latency;
} mm_hart;

typedef struct mm_result {
  bool ok;
  uint8_t cause; /* when !ok */
  uint64_t gpa;  /* guest-page faults */
  uint64_t pa;   /* when ok */
  uint8_t pbmt;  /* when ok */
  bool bare;     /* no translation: pa = va */
  bool tlb_hit;
  int tlb_index;   /* entry that hit or was filled; -1 if none */
  unsigned cycles; /* accept to response */
  mm_walk walk;    /* walk.n_ops == 0 when no walk ran */
} mm_result;

/* Returns false (and a message in *why) on impossible parameters. */
bool mm_hart_init(mm_hart *hart, const mm_hart_params *params, const char **why);
void mm_hart_destroy(mm_hart *hart);

/* One translation request. */
void mm_hart_access(mm_hart *hart, mm_mem *mem, const mm_req *req, mm_result *out);
/* One fence request; returns the cycles it takes (MM_T_FENCE). */
unsigned mm_hart_fence(mm_hart *hart, const mm_fence *fence, unsigned *dropped);

/* Cycles a walk of n memory accesses takes with latency lat. */
unsigned mm_walk_cycles(unsigned n_ops, unsigned lat);

#endif
