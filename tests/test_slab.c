/*
 * The slabs (model/slab.h): pieces zeroed, apart from each other, aligned,
 * in order within a slab, a new slab when one is full, and nothing left
 * after mm_slabs_free.
 */
#include <stdint.h>
#include <string.h>

#include "model/slab.h"
#include "testutil.h"

Test(slab, pieces_are_zero_apart_and_aligned_across_slabs) {
  enum { PIECE = 88, N = 3 * (MM_SLAB_BYTES / PIECE) }; /* three slabs' worth of a piece no power of two */
  mm_slabs s = {0};
  uint8_t *prev = NULL;
  for (unsigned i = 0; i < N; i++) {
    uint8_t *p = mm_slab_take(&s, PIECE);
    cr_assert_not_null(p, "piece %u", i);
    cr_assert_eq((uintptr_t)p % 8, 0, "piece %u at %p is not 8-byte aligned", i, (void *)p);
    for (unsigned k = 0; k < PIECE; k++)
      cr_assert_eq(p[k], 0, "piece %u byte %u at %p: %#x, want 0", i, k, (void *)(p + k), p[k]);
    if (prev && (size_t)(p - prev) != PIECE) /* a new slab: the last one had no room for another piece */
      cr_assert(s.used == PIECE, "piece %u at %p after %p, but not first in a new slab", i, (void *)p, (void *)prev);
    memset(p, 0xa5, PIECE); /* the next piece must not see this */
    prev = p;
  }
  cr_assert_eq(s.n, 3, "slabs: %zu, want 3 (each holds MM_SLAB_BYTES / PIECE pieces)", s.n);
  mm_slabs_free(&s);
  cr_assert_eq(s.n, 0, "slabs after free: %zu", s.n);
  cr_assert_null(s.slabs);
}

Test(slab, a_slab_whole_and_power_of_two_pieces_aligned_to_their_size) {
  mm_slabs s = {0};
  uint8_t *whole = mm_slab_take(&s, MM_SLAB_BYTES);
  cr_assert_not_null(whole);
  cr_assert_eq((uintptr_t)whole % MM_SLAB_BYTES, 0, "a slab at %p is not 2 MiB-aligned", (void *)whole);
  cr_assert_eq(whole[0] | whole[MM_SLAB_BYTES - 1], 0, "a new slab is zero at both ends");
  for (unsigned i = 0; i < 100; i++) {
    uint8_t *p = mm_slab_take(&s, 512);
    cr_assert_eq((uintptr_t)p % 512, 0, "piece %u at %p", i, (void *)p);
  }
  cr_assert_eq(s.n, 2, "the whole slab filled the first; the pieces took a second");
  mm_slabs_free(&s);
}
