/*
 * The seeded generator (sw/lib/rng.h): splitmix64's reference sequence, which
 * every recorded stimulus stream depends on, and the draws built on it.
 */
#include <criterion/criterion.h>
#include <inttypes.h>

#include "sw/lib/rng.h"

/* Vigna's splitmix64.c: seed 0 gives 0xe220a8397b1dcdaf first; the values
 * for seed 1 are those stim.c and bench_model.c drew before sw/lib existed. */
Test(rng, reference_sequence) {
  static const struct {
    uint64_t seed;
    uint64_t want[4];
  } cases[] = {
      {0, {0xe220a8397b1dcdafull, 0x6e789e6aa1b965f4ull, 0x06c45d188009454full, 0xf88bb8a8724c81ecull}},
      {1, {0x910a2dec89025cc1ull, 0xbeeb8da1658eec67ull, 0xf893a2eefb32555eull, 0x71c18690ee42c90bull}},
  };
  for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    rng r;
    rng_seed(&r, cases[c].seed);
    for (unsigned i = 0; i < 4; i++) {
      uint64_t got = rng_next(&r);
      cr_assert_eq(got, cases[c].want[i], "seed %" PRIu64 " draw %u: %#" PRIx64 ", want %#" PRIx64, cases[c].seed, i,
                   got, cases[c].want[i]);
    }
  }
}

/* below(n) is the next draw modulo n; chance(p) is below(100) < p. */
Test(rng, below_and_chance_are_the_draw_modulo) {
  rng a, b;
  rng_seed(&a, 42);
  rng_seed(&b, 42);
  for (unsigned i = 0; i < 1000; i++) {
    unsigned n = 1 + i % 37;
    uint64_t draw = rng_next(&b);
    unsigned got = rng_below(&a, n);
    cr_assert_eq(got, draw % n, "draw %u: below(%u) = %u, want %u", i, n, got, (unsigned)(draw % n));
    cr_assert_eq(rng_chance(&a, 30), rng_next(&b) % 100 < 30, "draw %u: chance(30)", i);
  }
  for (unsigned i = 0; i < 1000; i++) {
    cr_assert(!rng_chance(&a, 0), "chance(0) came true");
    cr_assert(rng_chance(&a, 100), "chance(100) came false");
  }
}
