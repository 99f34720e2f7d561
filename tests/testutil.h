/*
 * Helpers shared by the Criterion tests: hex-printing assertions (every
 * address check prints the address in hex), CSR values, and the page-table
 * builder with assertions.
 */
#ifndef MM_TESTUTIL_H
#define MM_TESTUTIL_H

#include <criterion/criterion.h>
#include <inttypes.h>

#include "model/mem.h"
#include "model/mmu.h"
#include "model/pte.h"
#include "model/walk.h"
#include "sw/lib/pt.h"

/* cr_assert_eq for 64-bit values that prints both in hex, and the context. */
#define assert_eq_hex(got, want, what, ...)                                                                            \
  cr_assert_eq((uint64_t)(got), (uint64_t)(want), what ": got %#" PRIx64 ", want %#" PRIx64, ##__VA_ARGS__,            \
               (uint64_t)(got), (uint64_t)(want))

/* satp / vsatp / hgatp value: MODE, ASID (or VMID) and the root's address. */
static inline uint64_t atp_make(unsigned mode, uint16_t id, uint64_t root) {
  return ((uint64_t)mode << SATP_MODE_SHIFT) | ((uint64_t)id << SATP_ASID_SHIFT) | (root >> PAGE_SHIFT);
}

/*
 * The page-table builder (sw/lib/pt.h) for tests: each call fails the test
 * unless the builder succeeds, and returns the PTE's PA. New tables go where
 * pt_init() said, 4 KiB each in the order a mapping needs them, so a test can
 * name every PTE address by hand.
 */
static inline void must_ok(pt_status st, const char *call, uint64_t va, int level) {
  cr_assert_eq(st, PT_OK, "%s va %#" PRIx64 " at level %d: %s", call, va, level, pt_status_name(st));
}

static inline uint64_t must_map(pt_builder *b, uint64_t va, int level, uint64_t pte) {
  uint64_t slot = 0;
  must_ok(pt_map(b, va, level, pte, &slot), "pt_map", va, level);
  return slot;
}

/* The first of the 16 PTEs of the Svnapot 64 KiB page that holds va. */
static inline uint64_t must_map_napot(pt_builder *b, uint64_t va, uint64_t pte) {
  uint64_t slot = 0;
  must_ok(pt_map_napot(b, va, pte, &slot), "pt_map_napot", va, 0);
  return slot;
}

/* va's PTE at level, making the tables above it. */
static inline uint64_t must_slot(pt_builder *b, uint64_t va, int level) {
  uint64_t slot = 0;
  must_ok(pt_slot(b, va, level, &slot), "pt_slot", va, level);
  return slot;
}

/* Makes vs a VS-stage over g (its root page mapped in g now). */
static inline void must_attach_g(pt_builder *vs, pt_builder *g, uint64_t pa_offset, uint64_t gflags) {
  must_ok(pt_attach_g(vs, g, pa_offset, gflags), "pt_attach_g of the root at", vs->root, 0);
}

#endif
