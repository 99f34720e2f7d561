/*
 * Tree pseudo-LRU over a power-of-two number n of ways (or TLB entries):
 * tree[1..n-1], node k has children 2k and 2k+1, leaves n..2n-1 stand for
 * the ways; a node's bit 1 means the victim is on the right. The TLB and
 * the cache share it, as the RTL's TLB and cache share its logic.
 */
#ifndef MM_PLRU_H
#define MM_PLRU_H

#include <stdint.h>

/* Marks way i most recently used: every node on its path points away. */
static inline void plru_touch(uint8_t *tree, unsigned n, unsigned i) {
  for (unsigned node = n + i; node > 1; node >>= 1)
    tree[node >> 1] = (uint8_t)((node & 1) == 0);
}

/* Follows the bits from the root to a leaf. */
static inline unsigned plru_victim(const uint8_t *tree, unsigned n) {
  unsigned node = 1;
  while (node < n)
    node = 2 * node + tree[node];
  return node - n;
}

#endif
