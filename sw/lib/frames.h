/*
 * A physical frame allocator over one pool of 4 KiB frames, with page
 * colors: frames whose addresses differ in the cache's color bits (cache.h:
 * bits 14:12 by default) never meet in a cache set, so an allocator that
 * spreads a process's pages over the colors avoids conflict misses that a
 * naive one (the lowest free frame, or any of one color) runs into.
 */
#ifndef MM_FRAMES_H
#define MM_FRAMES_H

#include <stdbool.h>
#include <stdint.h>

#define FRAMES_MAX 65536

typedef struct frames {
  uint64_t base;            /* the pool's first frame (4 KiB aligned) */
  unsigned count;           /* frames in the pool, 1..FRAMES_MAX */
  unsigned colors;          /* power of two: the cache's colors (1: no coloring) */
  uint8_t used[FRAMES_MAX]; /* used[i]: frame base + i * 4 KiB is allocated */
  unsigned next_color;      /* frames_alloc_colored: the color it tries first */
  unsigned free;            /* frames left */
} frames;

/* False on an impossible pool (unaligned, empty, too large, colors not a power of two). */
bool frames_init(frames *f, uint64_t base, unsigned count, unsigned colors);
static inline unsigned frames_color(const frames *f, uint64_t pa) { return (unsigned)((pa >> 12) & (f->colors - 1)); }
/* The lowest free frame; false when the pool is empty. */
bool frames_alloc_naive(frames *f, uint64_t *pa);
/* The lowest free frame of the given color; false when it has none. */
bool frames_alloc_of_color(frames *f, unsigned color, uint64_t *pa);
/* A frame of the next color in turn (round robin over the colors, skipping
 * colors that have none left); false when the pool is empty. */
bool frames_alloc_colored(frames *f, uint64_t *pa);
/* n consecutive free frames, the first at a PA aligned to align frames (a
 * power of two): a 16 KiB G-stage root, a library's pages; the lowest such
 * run; false when there is none. */
bool frames_alloc_range(frames *f, unsigned n, unsigned align, uint64_t *pa);
void frames_free(frames *f, uint64_t pa);

#endif
