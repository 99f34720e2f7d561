/*
 * Helpers shared by the Criterion tests: a fresh model memory and hart, and
 * hex-printing assertions (every address check prints the address in hex).
 */
#ifndef MM_TESTUTIL_H
#define MM_TESTUTIL_H

#include <criterion/criterion.h>
#include <inttypes.h>

#include "../model/mem.h"
#include "../model/mmu.h"
#include "../model/pte.h"
#include "../model/walk.h"

/* cr_assert_eq for 64-bit values that prints both in hex, and the context. */
#define assert_eq_hex(got, want, what, ...)                                                                            \
  cr_assert_eq((uint64_t)(got), (uint64_t)(want), what ": got %#" PRIx64 ", want %#" PRIx64, ##__VA_ARGS__,            \
               (uint64_t)(got), (uint64_t)(want))

#endif
