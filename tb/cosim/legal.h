/*
 * What a hart's TLBs may legally hold, for the timing-free comparison
 * (DESIGN.md, "Timing-free comparison"): every translation the DUT's walker
 * produced on that hart since the last fence that covers it. A DUT that
 * answers without walking must give the answer one of them gives now: the
 * entry's page-table words as its walk read them, walked again for the new
 * request (its offset, access type and privilege) with the CSRs of now but
 * the entry's roots, ASID and VMID. So every permission is checked on a hit
 * (SUM, MXR, U, R/W/X, the G-stage leaf), a stale entry after a fence that
 * covers it matches nothing, and a store that would have to set D cannot hit.
 * A TLB of another size, another replacement policy, split instruction and
 * data TLBs or a second level all answer from this set; a legal over-flush
 * shows as a walk where an entry was still legal (counted, not an error).
 *
 * Fences drop what they cover (the privileged specification, SFENCE.VMA and
 * HFENCE.*): SFENCE.VMA the V=0 entries, HFENCE.VVMA the V=1 entries of the
 * hart's current VMID that a VS-stage made (not those made with vsatp Bare,
 * the G-stage's alone), each by address (the entry's page) and ASID (global
 * entries kept); HFENCE.GVMA the V=1 entries of its VMID (all VMIDs without
 * one) whose final guest physical address lies in the G-stage page of the
 * address it names (every entry without an address). The set only ever errs
 * towards keeping: an entry whose VS-stage tables' G-stage translation the
 * fence names is kept (whether a cached combined translation depends on
 * those is an implementation's matter; CVA6 keeps it), and when the final
 * G-stage leaf's size is unknown (a walk that faulted) its 4 KiB page is
 * taken.
 */
#ifndef MM_LEGAL_H
#define MM_LEGAL_H

#include <stdbool.h>
#include <stdint.h>

#include "model/mmu.h"
#include "model/obs.h"
#include "model/tlb.h"
#include "model/walk.h"

#define LEGAL_WORDS    48   /* page-table words one entry keeps (an Sv48 over Sv48x4 walk reads 25) */
#define LEGAL_PER_HART 4096 /* entries a hart keeps; beyond, the oldest go (counted: legal_stats.overflow) */

typedef struct legal_entry {
  mm_csrs csrs; /* at the walk: the roots, ASID and VMID it was made under */
  bool virt;
  bool global;      /* a G bit on the single-/VS-stage path */
  uint8_t shift;    /* the page it answers for: the walk's combined page, 4 KiB for a fault */
  uint64_t va;      /* the page's base */
  uint64_t walk_va; /* the address its walk was for (a Svnapot page's other 4 KiB pages use other PTEs) */
  unsigned n;       /* the words its walk read (their values after its own A/D updates) */
  uint64_t pa[LEGAL_WORDS], data[LEGAL_WORDS];
  unsigned n_g; /* the guest physical page of its final address (4 KiB), or none */
  uint64_t g_page[MM_WALK_MAX_G];
  uint64_t g_final_base, g_final_size; /* the final G-stage leaf's guest page */
  uint64_t epoch;                      /* the hart's fence count when it was last made or matched */
} legal_entry;

typedef struct legal_stats {
  uint64_t added, dropped, matched; /* entries made, dropped by fences, DUT answers they gave */
  uint64_t rewalk_after_fence;      /* walks of a page an entry was still legal for, a fence since its last use */
  uint64_t rewalk_evicted;          /* walks of a page an entry was still legal for, no fence since (capacity) */
  uint64_t overflow;                /* entries forgotten at LEGAL_PER_HART (a hit on one would be a false mismatch) */
  uint64_t too_long;                /* walks of more than LEGAL_WORDS words, not kept */
} legal_stats;

typedef struct legal_hart {
  legal_entry *e;
  unsigned n, cap;
  uint64_t fences;
} legal_hart;

typedef struct legal_set {
  unsigned harts;
  legal_hart h[MM_MAX_HARTS];
  legal_stats stats;
} legal_set;

void legal_init(legal_set *s, unsigned harts);
void legal_free(legal_set *s);
/* Hart h's DUT walked req under csrs and got what walk w (the reference,
 * equal to the DUT's) gives: the translation is legal from now. False: out
 * of memory. */
bool legal_add(legal_set *s, unsigned h, const mm_csrs *csrs, const mm_req *req, const mm_walk *w);
/* A fence on hart h with its CSRs: drops what it covers; returns how many. */
unsigned legal_fence(legal_set *s, unsigned h, const mm_csrs *csrs, const mm_fence *f);
/* Hart h's DUT answered req without walking with outcome o (its physical
 * address compared in the bits of pa_mask): true when an
 * entry gives that answer now (*expect: what the first applicable entry
 * gives, for a report; ok false and cause 0 when none applies). */
bool legal_hit(legal_set *s, unsigned h, const mm_csrs *csrs, const mm_req *req, const mm_obs *o, uint64_t pa_mask,
               mm_walk *expect, unsigned *applicable);
/* Hart h's DUT walked for req: counts the walk as a re-walk when an entry
 * was still legal for it. */
void legal_note_walk(legal_set *s, unsigned h, const mm_csrs *csrs, const mm_req *req);

#endif
