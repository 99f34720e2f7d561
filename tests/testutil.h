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
static inline uint64_t must_map(pt_builder *b, uint64_t va, int level, uint64_t pte) {
  uint64_t slot = 0;
  pt_status st = pt_map(b, va, level, pte, &slot);
  cr_assert_eq(st, PT_OK, "pt_map va %#" PRIx64 " at level %d: %s", va, level, pt_status_name(st));
  return slot;
}

/* The first of the 16 PTEs of the Svnapot 64 KiB page that holds va. */
static inline uint64_t must_map_napot(pt_builder *b, uint64_t va, uint64_t pte) {
  uint64_t slot = 0;
  pt_status st = pt_map_napot(b, va, pte, &slot);
  cr_assert_eq(st, PT_OK, "pt_map_napot va %#" PRIx64 ": %s", va, pt_status_name(st));
  return slot;
}

/* va's PTE at level, making the tables above it. */
static inline uint64_t must_slot(pt_builder *b, uint64_t va, int level) {
  uint64_t slot = 0;
  pt_status st = pt_slot(b, va, level, &slot);
  cr_assert_eq(st, PT_OK, "pt_slot va %#" PRIx64 " at level %d: %s", va, level, pt_status_name(st));
  return slot;
}

static inline void must_attach_g(pt_builder *vs, pt_builder *g, uint64_t pa_offset, uint64_t gflags) {
  pt_status st = pt_attach_g(vs, g, pa_offset, gflags);
  cr_assert_eq(st, PT_OK, "pt_attach_g: %s", pt_status_name(st));
}

#endif
