/*
 * A page-table builder for one translation stage: Sv39 or Sv48 (satp,
 * vsatp), or the G-stage's Sv39x4 or Sv48x4 (hgatp), whose root table is
 * 16 KiB and whose root index is 2 bits wider. The index arithmetic of
 * building tables lives here once, for the stimulus, the benchmarks and the
 * tests.
 *
 * Addresses. A builder works in its stage's address space: physical, or
 * guest physical for a VS-stage. Its root, its table addresses and the VAs
 * it maps are in that space; the table at address a lives at PA
 * a + pa_offset (a VS-stage's tables in guest RAM). Every PTE address a
 * function hands back is a PA, the address the walker reads.
 *
 * Memory. PTEs are read and written in an mm_mem, or through the caller's
 * pt_ops, which are told what each write is (the stimulus records every word
 * it writes as an event). New tables come from next_table upward, 4 KiB each
 * in the order a mapping needs them, so a test can name every PTE address by
 * hand; or from the caller's alloc, which may share one pool among several
 * builders and may run dry. A pointer PTE the builder writes holds V only.
 *
 * Two stages. pt_attach_g() makes a VS-stage builder map its root page, and
 * every table page it adds later, in a G-stage builder by a 4 KiB leaf, so
 * that the walker's G-stage translation of each VS PTE address succeeds.
 *
 * Errors are return codes (a leaf in the way, no table left); assert()
 * catches the caller's bugs (a level out of range, a builder not set up).
 */
#ifndef MM_PT_H
#define MM_PT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/mem.h"
#include "model/pte.h"

typedef enum pt_status {
  PT_OK = 0,
  PT_LEAF_ABOVE,    /* a leaf above the level already maps the address */
  PT_INVALID_ABOVE, /* pt_find: a PTE above the level is not valid (pt_slot makes a table there) */
  PT_NO_TABLE,      /* a new table was needed and alloc had none */
} pt_status;

/* What a write is, for a caller that reports its writes. */
typedef enum pt_write_kind {
  PT_WRITE_POINTER, /* a pointer to a table the builder just added */
  PT_WRITE_LEAF,    /* the leaf of pt_map */
  PT_WRITE_NAPOT,   /* one of the 16 identical PTEs of a Svnapot 64 KiB page */
} pt_write_kind;

/* The caller's memory, at PAs (8-byte aligned). */
typedef struct pt_ops {
  uint64_t (*read)(void *ctx, uint64_t pa);                                /* the PTE at pa; never NULL */
  void (*write)(void *ctx, uint64_t pa, uint64_t pte, pt_write_kind kind); /* later reads of pa see pte; never NULL */
} pt_ops;

/* The caller's tables: stores a new 4 KiB table's address (in the builder's
 * space, never written before) in *table, or returns false when none is left. */
typedef bool (*pt_alloc_fn)(void *ctx, uint64_t *table);

/* pt_init() sets up the common case (an mm_mem, tables from next_table); a
 * caller with its own memory or allocator fills the struct itself. */
typedef struct pt_builder {
  uint64_t root;        /* the root table, in this stage's space; 4 KiB aligned (16 KiB for a G-stage) */
  int levels;           /* 3 (Sv39, Sv39x4) or 4 (Sv48, Sv48x4) */
  int widen;            /* extra root index bits: 2 for a G-stage (x4), else 0 */
  uint64_t pa_offset;   /* PA of the table at address a = a + pa_offset; 4 KiB aligned; 0 but in guest RAM */
  mm_mem *mem;          /* where PTEs are read and written when ops is NULL */
  const pt_ops *ops;    /* the caller's reads and writes, or NULL */
  void *ops_ctx;        /* passed to ops */
  pt_alloc_fn alloc;    /* the caller's tables, or NULL: tables from next_table */
  void *alloc_ctx;      /* passed to alloc */
  uint64_t next_table;  /* without alloc, the next new table; 4 KiB aligned, grows by 4 KiB a table */
  struct pt_builder *g; /* the G-stage that maps this stage's table pages (pt_attach_g), or NULL */
  uint64_t gflags;      /* with g: the bits of the G-stage leaves that map those pages */
} pt_builder;

/* A PTE that points at the page (or table) at pa, with the given low bits. */
static inline uint64_t pt_pte(uint64_t pa, uint64_t bits) { return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | bits; }

/* A builder of the stage rooted at root that reads and writes PTEs in mem
 * and takes new tables from next_table upward. */
void pt_init(pt_builder *b, mm_mem *mem, uint64_t root, int levels, int widen, uint64_t next_table);

/* Makes b a VS-stage over the G-stage g: the table at GPA a lives at PA
 * a + pa_offset, and b's root page, now, and every table page b adds later
 * are mapped in g by a 4 KiB leaf with the bits gflags. */
pt_status pt_attach_g(pt_builder *b, pt_builder *g, uint64_t pa_offset, uint64_t gflags);

/* The index of va's PTE in its table at level (0 = the leaf level). */
uint64_t pt_index(const pt_builder *b, uint64_t va, int level);

/* *slot = the PA of va's PTE at level, following valid pointer PTEs from the
 * root and creating nothing. A pointer is followed whatever else is set in
 * it (reserved bits, A/D/U), as software that damaged it would find it. */
pt_status pt_find(const pt_builder *b, uint64_t va, int level, uint64_t *slot);

/* The same, making the tables that are missing above level: a PTE that is
 * not valid, or that has reserved bits 60:54 set, is replaced by a pointer
 * to a new table. A leaf above is left as it is (PT_LEAF_ABOVE). */
pt_status pt_slot(pt_builder *b, uint64_t va, int level, uint64_t *slot);

/* Writes pte as va's PTE at level (1, 2, 3: a superpage), making the tables
 * above it; *slot (unless slot is NULL) = the PTE's PA. */
pt_status pt_map(pt_builder *b, uint64_t va, int level, uint64_t pte, uint64_t *slot);

/* Writes pte into the 16 level-0 PTEs of the Svnapot 64 KiB page that holds
 * va; *slot (unless NULL) = the PA of the first of them. */
pt_status pt_map_napot(pt_builder *b, uint64_t va, uint64_t pte, uint64_t *slot);

/* "ok", "a leaf above maps the address", ...: for messages. */
const char *pt_status_name(pt_status st);

#endif
