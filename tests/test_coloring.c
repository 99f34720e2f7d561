/*
 * The frame allocator with colors (sw/lib/frames.h) and the coloring
 * measurement (sw/scenarios/coloring.h): a naive allocator's pages of one
 * color keep missing the cache after the first pass; colored pages do not.
 */
#include <criterion/criterion.h>
#include <inttypes.h>

#include "sw/lib/frames.h"
#include "sw/scenarios/coloring.h"
#include "testutil.h"

static frames pool;

Test(frames, naive_takes_the_lowest_free_frame) {
  cr_assert(frames_init(&pool, 0x90000000, 32, 8));
  uint64_t pa;
  for (unsigned i = 0; i < 3; i++) {
    cr_assert(frames_alloc_naive(&pool, &pa));
    assert_eq_hex(pa, 0x90000000 + i * 4096ull, "naive frame %u", i);
  }
  frames_free(&pool, 0x90001000);
  cr_assert(frames_alloc_naive(&pool, &pa));
  assert_eq_hex(pa, 0x90001000, "the freed frame comes back first");
}

Test(frames, colored_takes_the_colors_in_turn) {
  cr_assert(frames_init(&pool, 0x90000000, 32, 8));
  uint64_t pa;
  for (unsigned i = 0; i < 16; i++) {
    cr_assert(frames_alloc_colored(&pool, &pa));
    cr_assert_eq(frames_color(&pool, pa), i % 8, "frame %u at %#" PRIx64 ": color %u", i, pa, frames_color(&pool, pa));
  }
  cr_assert_eq(pool.free, 16);
}

Test(frames, of_color_runs_dry_and_impossible_pools_are_refused) {
  cr_assert(frames_init(&pool, 0x90000000, 16, 8));
  uint64_t pa;
  cr_assert(frames_alloc_of_color(&pool, 3, &pa));
  cr_assert(frames_alloc_of_color(&pool, 3, &pa));
  cr_assert(!frames_alloc_of_color(&pool, 3, &pa), "two frames of each color in a pool of 16");
  cr_assert(!frames_init(&pool, 0x90000010, 16, 8), "unaligned base");
  cr_assert(!frames_init(&pool, 0x90000000, 0, 8), "empty pool");
  cr_assert(!frames_init(&pool, 0x90000000, 16, 6), "colors not a power of two");
}

Test(coloring, one_color_keeps_missing_distinct_colors_do_not, .timeout = 60) {
  coloring_params p = COLORING_PARAMS_DEFAULT;
  coloring_result r[2];
  const char *why = "";
  cr_assert(coloring_run(&p, r, &why), "%s", why);
  uint64_t after = r[0].loads / p.passes * (p.passes - 1); /* loads in the passes after the first */
  cr_assert_eq(r[0].colors_used, 1, "the naive pages should share one color, got %u", r[0].colors_used);
  cr_assert_eq(r[1].colors_used, 8, "the colored pages should use all 8 colors, got %u", r[1].colors_used);
  cr_assert_geq(r[0].misses_after, after * 9 / 10, "naive: %" PRIu64 " misses in %" PRIu64 " later loads",
                r[0].misses_after, after);
  cr_assert_eq(r[1].misses_after, 0, "colored: %" PRIu64 " misses after the first pass", r[1].misses_after);
  cr_assert_eq(r[1].misses, r[1].loads / p.passes, "colored: only the first pass misses (%" PRIu64 ")", r[1].misses);
  cr_assert_lt(r[1].cycles, r[0].cycles, "colored pages take fewer cycles");
}
