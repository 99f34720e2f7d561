/*
 * Helpers shared by the Criterion tests: hex-printing assertions (every
 * address check prints the address in hex) and a small page-table builder.
 */
#ifndef MM_TESTUTIL_H
#define MM_TESTUTIL_H

#include <criterion/criterion.h>
#include <inttypes.h>

#include "model/mem.h"
#include "model/mmu.h"
#include "model/pte.h"
#include "model/walk.h"

/* cr_assert_eq for 64-bit values that prints both in hex, and the context. */
#define assert_eq_hex(got, want, what, ...)                                                                            \
  cr_assert_eq((uint64_t)(got), (uint64_t)(want), what ": got %#" PRIx64 ", want %#" PRIx64, ##__VA_ARGS__,            \
               (uint64_t)(got), (uint64_t)(want))

/* A PTE pointing at the page (or table) at pa, with the given low bits. */
static inline uint64_t pte_make(uint64_t pa, uint64_t flags) { return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags; }

/* satp / vsatp / hgatp value: MODE, ASID (or VMID) and the root's address. */
static inline uint64_t atp_make(unsigned mode, uint16_t id, uint64_t root) {
  return ((uint64_t)mode << SATP_MODE_SHIFT) | ((uint64_t)id << SATP_ASID_SHIFT) | (root >> PAGE_SHIFT);
}

/*
 * A page-table builder: the tables of one translation stage in one address
 * space (physical, or guest physical for a VS-stage). New tables are taken
 * from next_table upward, 4 KiB each, in the order a mapping needs them, so a
 * test can name every PTE address by hand. Pointer PTEs it creates hold V
 * only. For a VS-stage over a G-stage, the table at GPA a lives at PA
 * a + pa_offset and each VS table page (the root too) is mapped in the
 * G-stage builder g by a 4 KiB leaf with the bits gflags.
 */
typedef struct pt_builder {
  mm_mem *mem;
  uint64_t root;        /* root table address, in this builder's space */
  int levels;           /* 3 (Sv39, Sv39x4) or 4 (Sv48, Sv48x4) */
  int widen;            /* 2 for a G-stage (x4) root index, else 0 */
  uint64_t next_table;  /* where the next new table goes */
  uint64_t pa_offset;   /* PA = address + pa_offset */
  struct pt_builder *g; /* G-stage that maps the table pages, or NULL */
  uint64_t gflags;      /* bits of the G-stage leaves mapping table pages */
} pt_builder;

static inline void pt_init(pt_builder *b, mm_mem *mem, uint64_t root, int levels, int widen, uint64_t next_table) {
  *b = (pt_builder){.mem = mem, .root = root, .levels = levels, .widen = widen, .next_table = next_table};
}

/* Index of va's PTE in the table of the given level. */
static inline uint64_t pt_index(const pt_builder *b, uint64_t va, int level) {
  int bits = 9 + (level == b->levels - 1 ? b->widen : 0);
  return (va >> (PAGE_SHIFT + 9 * level)) & ((1ull << bits) - 1);
}

static inline uint64_t pt_read(const pt_builder *b, uint64_t addr) {
  return mm_mem_read64(b->mem, addr + b->pa_offset);
}
static inline void pt_write(pt_builder *b, uint64_t addr, uint64_t pte) {
  mm_mem_write64(b->mem, addr + b->pa_offset, pte);
}

static inline uint64_t pt_map(pt_builder *b, uint64_t va, int level, uint64_t pte);

/* Makes b a VS-stage over the G-stage g: maps the root page (and later
 * every new table page) at PA = GPA + pa_offset. */
static inline void pt_attach_g(pt_builder *b, pt_builder *g, uint64_t pa_offset, uint64_t gflags) {
  b->g = g;
  b->pa_offset = pa_offset;
  b->gflags = gflags;
  pt_map(g, b->root, 0, pte_make(b->root + pa_offset, gflags));
}

static inline uint64_t pt_new_table(pt_builder *b) {
  uint64_t table = b->next_table;
  b->next_table += 1ull << PAGE_SHIFT;
  if (b->g) pt_map(b->g, table, 0, pte_make(table + b->pa_offset, b->gflags));
  return table;
}

/* Address (in b's space) of va's PTE at level, creating the tables above it. */
static inline uint64_t pt_slot(pt_builder *b, uint64_t va, int level) {
  uint64_t table = b->root;
  for (int l = b->levels - 1; l > level; l--) {
    uint64_t slot = table + pt_index(b, va, l) * 8;
    uint64_t pte = pt_read(b, slot);
    if (!(pte & PTE_V)) {
      pte = pte_make(pt_new_table(b), PTE_V);
      pt_write(b, slot, pte);
    }
    cr_assert(!pte_is_leaf(pte), "pt_slot: va %#" PRIx64 " is already mapped by a leaf at level %d", va, l);
    table = pte_ppn(pte) << PAGE_SHIFT;
  }
  return table + pt_index(b, va, level) * 8;
}

/* Writes pte as va's PTE at level; returns the PTE's address in b's space. */
static inline uint64_t pt_map(pt_builder *b, uint64_t va, int level, uint64_t pte) {
  uint64_t slot = pt_slot(b, va, level);
  pt_write(b, slot, pte);
  return slot;
}

#endif
