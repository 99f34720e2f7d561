/*
 * The seeded random numbers of the stimulus and the benchmarks: splitmix64
 * (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014, as Vigna's reference code writes it). A seed names a stream:
 * recorded runs, failure reports and benchmark figures are reproduced from
 * their seed, so the sequence for a given seed must never change.
 *
 * The state is a plain struct passed explicitly, so several generators (one
 * per stimulus, one per benchmark case) live side by side.
 */
#ifndef MM_RNG_H
#define MM_RNG_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct rng {
  uint64_t state; /* any value; each draw adds 0x9e3779b97f4a7c15 (mod 2^64) */
} rng;

/* A generator whose stream is named by seed. */
void rng_seed(rng *r, uint64_t seed);

/* The next 64 random bits. This and rng_below() are inline: the benchmarks
 * draw one per translation inside their timed loops. */
static inline uint64_t rng_next(rng *r) {
  uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* A number in [0, n), n > 0: the next draw modulo n (slightly biased for
 * large n; the stimulus's streams are defined by it). */
static inline unsigned rng_below(rng *r, unsigned n) {
  assert(n > 0);
  return (unsigned)(rng_next(r) % n);
}

/* True with the given probability in percent (0..100): rng_below(r, 100) < percent. */
bool rng_chance(rng *r, unsigned percent);

#endif
