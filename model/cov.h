/*
 * The functional coverage model: bins the model fills as it serves requests
 * (any run: the random stimulus, vectors, the kernel's scenarios), grouped
 * the way a verification plan is:
 *
 *   ok          mode x page size x access type x privilege of every
 *               translation that succeeded by a walk
 *   fault       mode x access type x privilege x kind (page, guest-page,
 *               access fault, misaligned) of every request that faulted
 *   reason      stage x why a walk faulted (mm_fault_reason)
 *   gfault      what the G-stage translation that faulted was for (the final
 *               GPA, the VS root, a VS pointer, the VS leaf)
 *   canon       per mode the page at each side of each canonical boundary
 *   gwidth      per G-stage mode the GPA of the final access and of each
 *               implicit access (VS root, lower VS tables) at the last page
 *               inside the x4 width and the first outside
 *   ad          A and D written (Svadu on) or faulting (off) per stage
 *   pbmt        the memory type of each stage's leaf, and every VS x G pair
 *   fence       fence kind x scope x what it did to each TLB entry: dropped
 *               (a page, a superpage holding the address, a global entry) or
 *               kept, and why (global, other ASID, other VMID, other
 *               address, other V)
 *   tags        entries sharing tags: one VA in two ASIDs, one ASID in two
 *               VMIDs, a global entry hit from another ASID, a global VS
 *               entry missed from another VMID
 *   tlb         each replacement victim index, a victim that had been hit
 *   hit         each cause raised on the TLB's hit path
 *   cas         failed A/D compare-and-swaps per stage and level
 *   race        several harts in flight: contended grants (2, 3, 4
 *               ready), A/D updates racing and lost, stores racing a walk,
 *               TLB fences during another hart's walk, pokes
 *   data        memory type x data operation x cache hit
 *   bus         bus transaction kinds
 *   color       the page color of main-memory loads and stores, hit or miss
 *
 * Value ranges (what a bug that truncates or compares a field too narrowly
 * would miss, DESIGN.md "Stimulus over the whole value range"):
 *
 *   asid        the highest set bit of each ASID a translation used (satp,
 *               vsatp) and of each fence's ASID operand (SFENCE.VMA,
 *               HFENCE.VVMA); "none": zero
 *   vmid        the same for hgatp's VMID and HFENCE.GVMA's operand
 *   idpair      two IDs that meet in the TLB (one VA under two ASIDs, one
 *               ASID under two VMIDs, a fence keeping an entry of another
 *               ASID or VMID, a global entry hit from another ASID or
 *               missed from another VMID): do they differ in a low bit, or
 *               only in the high half (ASID 15:8, VMID 13:7)
 *   pa          the highest set bit of each physical address at the memory
 *               system, per access kind and cache state (hit, miss,
 *               uncached): below 32, 32-39, 40-47, 48-54, 55
 *   cascache    A/D compare-and-swaps per stage whose line the cache held
 *               or not (evicted since the walk's read)
 *   alias       NC and IO loads and stores to a line the cache holds (an
 *               attribute alias), per type and the run's hart count
 *   wcbcache    the write-combining buffer and the cache holding one line
 *   ptefield    valid PTEs a walk read, leaf or pointer, with each RSW
 *               value (bits 9:8) and each reserved bit 60:54
 *   vaedge      a translation that succeeded at the page on each side of
 *               each canonical boundary, and at the last page inside each
 *               G-stage's x4 width (the final guest physical address)
 *
 * Some bins cannot be reached by any run (a 512 GiB page in Sv39, a page
 * fault in M-mode, ...): mm_cov_unreachable() says why, from one table in
 * cov.c, and the report leaves them out of the figure.
 *
 * No globals: a run owns its mm_cov and hands it to the harts (mm_hart.cov)
 * and the scheduler; NULL records nothing.
 */
#ifndef MM_COV_H
#define MM_COV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mmu.h"
#include "obs.h"
#include "tlb.h"
#include "walk.h"

typedef enum mm_cov_group {
  MM_COV_OK,
  MM_COV_FAULT,
  MM_COV_REASON,
  MM_COV_GFAULT,
  MM_COV_CANON,
  MM_COV_GWIDTH,
  MM_COV_AD,
  MM_COV_PBMT,
  MM_COV_FENCE,
  MM_COV_TAGS,
  MM_COV_TLB,
  MM_COV_HIT,
  MM_COV_CAS,
  MM_COV_RACE,
  MM_COV_DATA,
  MM_COV_BUS,
  MM_COV_COLOR,
  MM_COV_ASID,
  MM_COV_VMID,
  MM_COV_IDPAIR,
  MM_COV_PA,
  MM_COV_CASCACHE,
  MM_COV_ALIAS,
  MM_COV_WCBCACHE,
  MM_COV_PTEFIELD,
  MM_COV_VAEDGE,
  MM_COV_HLVX,
  MM_COV_GROUPS
} mm_cov_group;

/* The number of bins (all groups). */
unsigned mm_cov_bins(void);
/* Bin i's group, and its name ("ok/sv48/2M/store/U"). */
mm_cov_group mm_cov_group_of(unsigned bin);
const char *mm_cov_group_name(mm_cov_group g);
void mm_cov_bin_name(unsigned bin, char *buf, size_t len);
/* The bin named so (-1: none). */
int mm_cov_find(const char *name);
/* Why bin i cannot be reached, or NULL. */
const char *mm_cov_unreachable(unsigned bin);

#define MM_COV_MAX_BINS 4096

typedef struct mm_cov {
  uint64_t count[MM_COV_MAX_BINS];
  /* per hart and TLB entry: hits since the entry was filled (a hot victim) */
  uint32_t hits[MM_MAX_HARTS][MM_TLB_MAX_ENTRIES];
  /* per hart: the fill in progress (mm_cov_tlb_fill, then _filled) */
  bool fill_full[MM_MAX_HARTS];
  unsigned fill_victim[MM_MAX_HARTS];
  unsigned harts; /* the run's hart count (the alias bins' one or several; 0: one) */
} mm_cov;

void mm_cov_init(mm_cov *c);
/* Adds b's counts to a. */
void mm_cov_merge(mm_cov *a, const mm_cov *b);

/* What the harts record (model/mmu.c). */
/* A request done: its observation, and its walk (NULL: no walk). */
void mm_cov_request(mm_cov *c, const mm_hart *hart, const mm_req *req, const mm_obs *o, const mm_walk *w);
/* A TLB hit on entry i. */
void mm_cov_tlb_hit(mm_cov *c, const mm_hart *hart, unsigned i, const mm_tlb_tag *tag);
/* A lookup that missed (tag sharing across VMIDs). */
void mm_cov_tlb_miss(mm_cov *c, const mm_hart *hart, const mm_tlb_tag *tag);
/* Before a fill of fill: the victim (when the TLB is full) and tag sharing. */
void mm_cov_tlb_fill(mm_cov *c, const mm_hart *hart, const mm_tlb_entry *fill);
/* After a fill into entry i. */
void mm_cov_tlb_filled(mm_cov *c, const mm_hart *hart, unsigned i);
/* Before a TLB fence: what it will do to each entry. */
void mm_cov_fence(mm_cov *c, const mm_hart *hart, const mm_fence *fence, uint16_t vmid);

/* What the memory system records (model/memsys.c, before it serves op): the address's range and the
 * cache's state for it, compare-and-swaps that miss, attribute aliases, a line in the buffer and the
 * cache at once. cache and wcb as they are before the access. */
struct mm_cache;
struct mm_wcb;
void mm_cov_memsys(mm_cov *c, const struct mm_cache *cache, const struct mm_wcb *wcb, const mm_memop *op);

/* What the scheduler records (model/sched.c). */
typedef enum mm_cov_race {
  MM_RACE_CONTENDED2, /* a grant with 2 accesses ready */
  MM_RACE_CONTENDED3,
  MM_RACE_CONTENDED4,
  MM_RACE_SHARED_READ,   /* a PTE read of a word another walk in flight touched */
  MM_RACE_CAS,           /* an A/D compare-and-swap racing another walk */
  MM_RACE_CAS_LOST,      /* one that lost */
  MM_RACE_STORE,         /* a data store to a PTE another walk in flight touched */
  MM_RACE_FENCE_IN_WALK, /* a TLB fence accepted while another hart walks */
  MM_RACE_POKE,          /* another agent's store right after a walker's read */
  MM_RACE_COUNT
} mm_cov_race;
void mm_cov_race_hit(mm_cov *c, mm_cov_race r);
void mm_cov_race_add(mm_cov *c, mm_cov_race r, uint64_t n);

/* Counts in a file: "name count" per line, every bin (write), or added to
 * c (read). The reader takes blank lines and '#' comments, lines of any
 * length and CRLF endings (model/textin.h), counts of 0..2^64-1 (decimal or
 * 0x hex: "-1" or a larger one is refused, not wrapped nor capped); a name it
 * does not know, a malformed line, or a count that would take a bin's sum
 * past 2^64-1 is an error: false, a message "FILE:LINE: ..." in err, and c
 * as it was. Counts added up in memory (mm_cov_merge) stop at 2^64-1. */
bool mm_cov_write(const mm_cov *c, const char *path);
bool mm_cov_read(mm_cov *c, const char *path, char *err, size_t errlen);
/* Every bin as a row of tab-separated values, for other tools (a spreadsheet, a CI's coverage
 * view): a header line `bin group name count reachable reason`, then per bin its number (from 0,
 * in the report's order), its group, its name (as in the counts file), its count, 1 when some run
 * can reach it (else 0), and why none can (empty when reachable). False when path cannot be
 * written. */
bool mm_cov_write_bins(const mm_cov *c, const char *path);
/* The same from text in memory (path names it in messages). */
bool mm_cov_parse(mm_cov *c, const char *path, const char *text, size_t len, char *err, size_t errlen);

/* Per group (out[g], named): its bins, the reachable ones, those hit; the
 * return value adds them up (named "all"). */
typedef struct mm_cov_tally {
  const char *name;
  unsigned bins, reachable, hit;
} mm_cov_tally;
mm_cov_tally mm_cov_count(const mm_cov *c, mm_cov_tally out[MM_COV_GROUPS]);

/* The report: per group the bins hit of the reachable ones, then the empty
 * reachable bins by name, then (verbose) the unreachable ones with their
 * reasons. Returns the number of empty reachable bins. */
unsigned mm_cov_report(const mm_cov *c, FILE *out, bool verbose);

#endif
