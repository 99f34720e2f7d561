/*
 * Tree pseudo-LRU over a power-of-two number n of ways (or TLB entries):
 * nodes 1..n-1, node k has children 2k and 2k+1, leaves n..2n-1 stand for
 * the ways; a node's bit 1 means the victim is on the right. The TLB and
 * the cache share it, as the RTL's TLB and cache share its logic.
 */
#ifndef MM_PLRU_H
#define MM_PLRU_H

#include <stdint.h>

/* The tree kept as bits: node k is bit k % 64 of words[k / 64], n up to
 * 256. A touch marks way i most recently used: every node on its path
 * points away. */
static inline void plru_bits_touch(uint64_t *words, unsigned n, unsigned i) {
  for (unsigned node = n + i; node > 1; node >>= 1) {
    unsigned k = node >> 1;
    uint64_t bit = 1ull << (k % 64);
    words[k / 64] = (node & 1) ? words[k / 64] & ~bit : words[k / 64] | bit;
  }
}

/* Follows the bits from the root to a leaf. */
static inline unsigned plru_bits_victim(const uint64_t *words, unsigned n) {
  unsigned node = 1;
  while (node < n)
    node = 2 * node + (unsigned)((words[node / 64] >> (node % 64)) & 1);
  return node - n;
}

/* For n <= 64: the nodes on way i's path (*path) and the values a touch
 * gives them (*value), so that a touch is one masked write of words[0]. */
static inline void plru_bits_path(unsigned n, unsigned i, uint64_t *path, uint64_t *value) {
  *path = *value = 0;
  for (unsigned node = n + i; node > 1; node >>= 1) {
    *path |= 1ull << (node >> 1);
    if (!(node & 1)) *value |= 1ull << (node >> 1);
  }
}

#endif
