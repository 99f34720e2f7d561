/*
 * The observation of one request: what both sides of the co-simulation
 * report for it, the golden model (mmu.h) and the Verilated RTL
 * (tb/verilator/rtl.h) alike, and what the comparator holds side by side
 * (tb/cosim/compare.c, one table of fields). Values are canonical, so
 * that every field compares as it stands: a field that does not apply to the
 * outcome is zero.
 */
#ifndef MM_OBS_H
#define MM_OBS_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "pma.h"
#include "port.h"
#include "pte.h"
#include "walk.h"

#define MM_OBS_MAX_OPS                                                                                                 \
  (MM_WALK_MAX_OPS + 1)    /* accesses of one request at the memory port: the walk's, the data access */
#define MM_OBS_MAX_BUS 160 /* bus transactions of one request (two per access, and drains) */

typedef struct mm_obs {
  /* outcome */
  bool ok;
  uint8_t cause; /* exception cause when !ok; else 0 */
  uint64_t gpa;  /* guest physical address of a guest-page fault; else 0 */
  uint64_t pa;   /* translated physical address when ok; else 0 */
  uint8_t pbmt;  /* memory type when ok (PBMT_PMA, PBMT_NC, PBMT_IO); else PBMT_PMA */
  bool tlb_hit;  /* served by the TLB (a fault on the hit path included) */
  /* the data access, when the request had one and translated */
  uint8_t mtype;      /* mm_mtype of the access (pma.h); MAIN when there was none */
  bool cache_hit;     /* its first cache lookup hit */
  uint64_t load_data; /* a load's or fetch's value, zero-extended; else 0 */
  /* timing */
  uint64_t accept; /* the clock edge the hart accepted the request at (0 where nothing counts edges) */
  unsigned cycles; /* from the cycle the request was accepted to its response */
  /* what only the model tells (the RTL leaves them false / -1); not compared */
  bool bare;     /* no translation: pa = va */
  int tlb_index; /* entry that hit or was filled; -1 if none */
  /* the counts of the two lists below, beside the fields above so that a
   * request's record starts in one place (mm_obs_reset) */
  unsigned n_ops;
  unsigned n_bus;
  /* the request's accesses at the memory port, in order, with their answers
   * and the cycle each was taken (counted from the acceptance) */
  mm_memop ops[MM_OBS_MAX_OPS];
  /* the bus transactions the request caused, in order, each with the cycle
   * the bus took it (counted from the acceptance) */
  mm_bus_txn bus[MM_OBS_MAX_BUS];
} mm_obs;

/* An observation with no outcome and no access yet (ok false, PMA, no TLB
 * entry); the access list is left as it is, only its count cleared, so that
 * a request's record costs what it holds. */
static inline void mm_obs_reset(mm_obs *o) {
  o->ok = false;
  o->cause = 0;
  o->gpa = 0;
  o->pa = 0;
  o->pbmt = PBMT_PMA;
  o->tlb_hit = false;
  o->mtype = MM_MT_MAIN;
  o->cache_hit = false;
  o->load_data = 0;
  o->accept = 0;
  o->cycles = 0;
  o->n_ops = 0;
  o->n_bus = 0;
  o->bare = false;
  o->tlb_index = -1;
}

/* Whether the request walked: a walk's first access is a PTE read (a
 * translation that hit, or needed none, reads no PTE). */
static inline bool mm_obs_walked(const mm_obs *o) { return o->n_ops > 0 && o->ops[0].kind == MM_OP_READ; }

#endif
