/*
 * The page-table builder: see pt.h. One loop, table_for(), walks down from
 * the root the way the walker will (the root index widened for a G-stage),
 * either only following what is there or making what is missing.
 */
#include "sw/lib/pt.h"

#include <assert.h>
#include <stddef.h>

#define TABLE_SIZE (1ull << PAGE_SHIFT) /* every table, and the page that holds it */
#define PTE_SIZE   8
#define NAPOT_PTES (1u << NAPOT_64K_BITS) /* level-0 PTEs of one 64 KiB page */

static void check(const pt_builder *b, int level) {
  assert(b->levels == 3 || b->levels == 4);
  assert(b->widen == 0 || b->widen == 2);
  assert(level >= 0 && level < b->levels);
  assert(b->ops ? b->ops->read && b->ops->write : b->mem != NULL);
  (void)b;
  (void)level;
}

static uint64_t pa_of(const pt_builder *b, uint64_t addr) { return addr + b->pa_offset; }

static uint64_t read_pte(const pt_builder *b, uint64_t pa) {
  return b->ops ? b->ops->read(b->ops_ctx, pa) : mm_mem_read64(b->mem, pa);
}

static void write_pte(pt_builder *b, uint64_t pa, uint64_t pte, pt_write_kind kind) {
  if (b->ops)
    b->ops->write(b->ops_ctx, pa, pte, kind);
  else
    mm_mem_write64(b->mem, pa, pte);
}

/* A new table for b, mapped in its G-stage when it has one. */
static pt_status new_table(pt_builder *b, uint64_t *table) {
  if (b->alloc) {
    if (!b->alloc(b->alloc_ctx, table)) return PT_NO_TABLE;
  } else {
    *table = b->next_table;
    b->next_table += TABLE_SIZE;
  }
  if (b->g) return pt_map(b->g, *table, 0, pt_pte(pa_of(b, *table), b->gflags), NULL);
  return PT_OK;
}

/* *table = the address (in b's space) of the table that holds va's PTE at
 * level. With create, a PTE above that is not valid or has reserved bits set
 * becomes a pointer to a new table; without, b is not written (the cast in
 * pt_find relies on it). */
static pt_status table_for(pt_builder *b, uint64_t va, int level, bool create, uint64_t *table) {
  check(b, level);
  uint64_t t = b->root;
  for (int l = b->levels - 1; l > level; l--) {
    uint64_t slot = pa_of(b, t + pt_index(b, va, l) * PTE_SIZE);
    uint64_t pte = read_pte(b, slot);
    if (create && (!(pte & PTE_V) || (pte & PTE_RSVD_MASK))) {
      uint64_t next;
      pt_status st = new_table(b, &next);
      if (st != PT_OK) return st;
      pte = pt_pte(next, PTE_V);
      write_pte(b, slot, pte, PT_WRITE_POINTER);
    } else if (!(pte & PTE_V)) {
      return PT_INVALID_ABOVE;
    } else if (pte_is_leaf(pte)) {
      return PT_LEAF_ABOVE;
    }
    t = pte_ppn(pte) << PAGE_SHIFT;
  }
  *table = t;
  return PT_OK;
}

/* *slot = the PA of va's PTE at level, through table_for(). */
static pt_status slot_for(pt_builder *b, uint64_t va, int level, bool create, uint64_t *slot) {
  uint64_t table;
  pt_status st = table_for(b, va, level, create, &table);
  if (st == PT_OK) *slot = pa_of(b, table + pt_index(b, va, level) * PTE_SIZE);
  return st;
}

void pt_init(pt_builder *b, mm_mem *mem, uint64_t root, int levels, int widen, uint64_t next_table) {
  *b = (pt_builder){.mem = mem, .root = root, .levels = levels, .widen = widen, .next_table = next_table};
}

pt_status pt_attach_g(pt_builder *b, pt_builder *g, uint64_t pa_offset, uint64_t gflags) {
  assert(g->widen == 2 && b->widen == 0);
  assert((pa_offset & (TABLE_SIZE - 1)) == 0);
  b->g = g;
  b->pa_offset = pa_offset;
  b->gflags = gflags;
  return pt_map(g, b->root, 0, pt_pte(pa_of(b, b->root), gflags), NULL);
}

uint64_t pt_index(const pt_builder *b, uint64_t va, int level) {
  int bits = 9 + (level == b->levels - 1 ? b->widen : 0);
  return (va >> (PAGE_SHIFT + 9 * level)) & ((1ull << bits) - 1);
}

pt_status pt_find(const pt_builder *b, uint64_t va, int level, uint64_t *slot) {
  return slot_for((pt_builder *)b, va, level, false, slot);
}

pt_status pt_slot(pt_builder *b, uint64_t va, int level, uint64_t *slot) { return slot_for(b, va, level, true, slot); }

pt_status pt_map(pt_builder *b, uint64_t va, int level, uint64_t pte, uint64_t *slot) {
  uint64_t pa;
  pt_status st = pt_slot(b, va, level, &pa);
  if (st != PT_OK) return st;
  write_pte(b, pa, pte, PT_WRITE_LEAF);
  if (slot) *slot = pa;
  return PT_OK;
}

pt_status pt_map_napot(pt_builder *b, uint64_t va, uint64_t pte, uint64_t *slot) {
  uint64_t table;
  pt_status st = table_for(b, va, 0, true, &table);
  if (st != PT_OK) return st;
  uint64_t first = pa_of(b, table + (pt_index(b, va, 0) & ~(uint64_t)(NAPOT_PTES - 1)) * PTE_SIZE);
  for (unsigned k = 0; k < NAPOT_PTES; k++)
    write_pte(b, first + PTE_SIZE * k, pte, PT_WRITE_NAPOT);
  if (slot) *slot = first;
  return PT_OK;
}

const char *pt_status_name(pt_status st) {
  switch (st) {
  case PT_OK: return "ok";
  case PT_LEAF_ABOVE: return "a leaf above the level maps the address";
  case PT_INVALID_ABOVE: return "a PTE above the level is not valid";
  case PT_NO_TABLE: return "no table left";
  }
  return "?";
}
