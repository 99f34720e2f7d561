/*
 * A hart's L1 TLB: fully associative, tree pseudo-LRU replacement, holding
 * the combined result of a translation (single-stage, VS-stage over G-stage,
 * or G-stage alone) at the smaller of the two stages' page sizes, so 4 KiB,
 * 64 KiB (Svnapot), 2 MiB, 1 GiB and 512 GiB entries live side by side.
 *
 * An entry is tagged by V (virt), VMID (V=1 only), ASID (unless global) and
 * its virtual page; it keeps both leaves' PTE bits, so that the hit path can
 * run the same permission checks as the walk with the current SUM/MXR.
 *
 * Microarchitectural choices (the RTL follows them):
 *  - Only a walk that succeeds fills; a faulting walk leaves nothing behind.
 *  - A fill first drops every entry that could match a lookup together with
 *    the new one (same V and VMID, overlapping pages, same ASID or either
 *    global), so at most one entry ever hits; then it takes the lowest-index
 *    invalid entry, or else the PLRU victim.
 *  - The PLRU tree is touched on every lookup that hits and on every fill;
 *    fences do not touch it.
 *  - HFENCE.GVMA, by address or not, drops every V=1 entry of the VMID (or of
 *    all VMIDs): entries do not keep which G-stage mappings a VS-stage walk
 *    used, so nothing finer is safe.
 *  - SFENCE.VMA scopes (from HS-mode: V=0 entries): all; by ASID (global
 *    entries kept); by address (global entries too); by both.
 *    HFENCE.VVMA: the same scopes over the V=1 entries of the current VMID.
 */
#ifndef MM_TLB_H
#define MM_TLB_H

#include <stdbool.h>
#include <stdint.h>

#include "plru.h"

#define MM_TLB_MAX_ENTRIES 256

typedef struct mm_tlb_entry {
  bool valid;
  bool virt;          /* V=1 translation */
  bool global;        /* matches every ASID */
  uint16_t asid;      /* satp.ASID (V=0) or vsatp.ASID (V=1) */
  uint16_t vmid;      /* hgatp.VMID; 0 for V=0 entries */
  uint8_t shift;      /* log2 page size: 12, 16, 21, 30, 39 */
  uint8_t pbmt;       /* resulting memory type */
  uint64_t va;        /* virtual page base (low shift bits zero) */
  uint64_t mask;      /* ~(2^shift - 1): the page-number bits a lookup compares (set by the fill) */
  uint64_t pa;        /* physical page base */
  uint64_t gpa;       /* guest physical page base (V=1) */
  uint64_t leaf_pte;  /* single-/VS-stage leaf; 0 when that stage is Bare */
  uint64_t gleaf_pte; /* G-stage leaf; 0 when Bare or V=0 */
  uint64_t gen;       /* generation: new at every fill and drop of the entry (set by tlb.c; hitpred.h) */
} mm_tlb_entry;

#define MM_TLB_VALID_WORDS (MM_TLB_MAX_ENTRIES / 64)
#define MM_TLB_MEMO        64 /* 2^6: tlb.c hashes to 6 bits */

typedef struct mm_tlb {
  unsigned entries; /* power of two, 1..MM_TLB_MAX_ENTRIES */
  mm_tlb_entry *e;  /* [entries] */
  /* the PLRU tree as bits (plru.h: plru_bits_*), node 1 is the root; a
   * node's bit 1: the victim is on the right */
  uint64_t plru[MM_TLB_MAX_ENTRIES / 64];
  /* entries <= 64: entry i's path through the tree and the values a touch
   * gives it (plru_bits_path), so that a touch is one masked write */
  uint64_t plru_path[64], plru_value[64];
  /* bit i of valid[i / 64]: e[i].valid, so that lookups, fills and fences
   * visit only the valid entries */
  uint64_t valid[MM_TLB_VALID_WORDS];
  /* A lookup's memo, by a hash of the 4 KiB page number: the entry (+1)
   * that last hit a lookup of that page. Only a hint: a lookup verifies the
   * entry, and at most one entry ever hits. */
  uint16_t memo[MM_TLB_MEMO];
  uint64_t gen; /* the last generation given to an entry (1 up; 0: never) */
} mm_tlb;

/* The lookup key of a request. */
typedef struct mm_tlb_tag {
  bool virt;
  uint16_t asid, vmid;
  uint64_t va;
} mm_tlb_tag;

/* Returns false on a bad size (not a power of two in range) or no memory. */
bool mm_tlb_init(mm_tlb *tlb, unsigned entries);
void mm_tlb_destroy(mm_tlb *tlb);

/* Index of the entry that hits, or -1. Does not touch the PLRU (only the
 * lookup's own memo). */
int mm_tlb_lookup(mm_tlb *tlb, const mm_tlb_tag *tag);
/* Marks entry i most recently used. */
static inline void mm_tlb_touch(mm_tlb *tlb, unsigned i) {
  if (tlb->entries <= 64)
    tlb->plru[0] = (tlb->plru[0] & ~tlb->plru_path[i]) | tlb->plru_value[i];
  else
    plru_bits_touch(tlb->plru, tlb->entries, i);
}
/* The entry a fill would take now (after dropping conflicts). */
unsigned mm_tlb_victim(const mm_tlb *tlb);
/* Fills an entry (see above); returns its index. */
unsigned mm_tlb_fill(mm_tlb *tlb, const mm_tlb_entry *entry);

typedef enum mm_fence_kind {
  MM_FENCE_SFENCE_VMA = 0, /* from HS-mode: V=0 entries */
  MM_FENCE_HFENCE_VVMA = 1,
  MM_FENCE_HFENCE_GVMA = 2,
  MM_FENCE_DATA = 3, /* FENCE: the memory system drains its write-combining buffer; the TLB is untouched */
} mm_fence_kind;

typedef struct mm_fence {
  mm_fence_kind kind;
  bool has_addr; /* rs1 != x0 */
  bool has_id;   /* rs2 != x0: ASID (SFENCE, VVMA) or VMID (GVMA) */
  uint64_t addr; /* VA (SFENCE, VVMA) or GPA (GVMA) */
  uint16_t id;
} mm_fence;

/* Drops what the fence covers; vmid is the hart's current hgatp.VMID (used
 * by HFENCE.VVMA). Returns the number of entries dropped. */
unsigned mm_tlb_fence(mm_tlb *tlb, const mm_fence *fence, uint16_t vmid);
unsigned mm_tlb_valid_count(const mm_tlb *tlb);
const char *mm_fence_name(mm_fence_kind kind);

#endif
