/*
 * The seeded generator's out-of-line part: seeding and percent chances. The
 * draws that timed loops make (rng_next, rng_below) are inline in rng.h.
 */
#include "sw/lib/rng.h"

void rng_seed(rng *r, uint64_t seed) { r->state = seed; }

bool rng_chance(rng *r, unsigned percent) { return rng_below(r, 100) < percent; }
