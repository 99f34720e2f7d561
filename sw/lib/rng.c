/*
 * splitmix64 and the draws built on it: see rng.h.
 */
#include "sw/lib/rng.h"

#include <assert.h>

void rng_seed(rng *r, uint64_t seed) { r->state = seed; }

unsigned rng_below(rng *r, unsigned n) {
  assert(n > 0);
  return (unsigned)(rng_next(r) % n);
}

bool rng_chance(rng *r, unsigned percent) { return rng_below(r, 100) < percent; }
