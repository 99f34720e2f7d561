/*
 * The shared cache: physically indexed and tagged, set associative,
 * write-back and write-allocate, with a tree pseudo-LRU per set (plru.h).
 * Size, ways and line size are parameters (powers of two); the default,
 * 128 KiB of 4 ways of 64-byte lines, has 512 sets indexed by address bits
 * 14:6, so each way spans 32 KiB and 4 KiB frames come in 8 colors (bits
 * 14:12). This is the cache's state and its primitive operations; what a
 * request does with them, and when, is the memory system's (memsys.h).
 */
#ifndef MM_CACHE_H
#define MM_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "bus.h"
#include "plru.h"

typedef struct mm_cache_params {
  unsigned size_bytes; /* power of two; default 128 KiB */
  unsigned ways;       /* power of two, 1..64; default 4 */
  unsigned line_bytes; /* power of two, 8..256 (the bus moves 64-byte lines: 64 here); default 64 */
} mm_cache_params;

/* The one line size mm_cache_init accepts (the bus moves 64-byte lines): the
 * hot paths below use it as a constant. */
#define MM_CACHE_LINE_SHIFT 6

#define MM_CACHE_PARAMS_DEFAULT ((mm_cache_params){.size_bytes = 128 * 1024, .ways = 4, .line_bytes = 64})

typedef struct mm_cache_stats {
  uint64_t hits, misses, fills, writebacks, invalidations;
} mm_cache_stats;

/* A way's line number when the way holds no line (no address has it: pa >> 6 < 2^58). */
#define MM_CACHE_NO_LINE UINT64_MAX

typedef struct mm_cache {
  unsigned sets, ways, line_bytes;
  unsigned line_shift; /* log2(line_bytes) */
  unsigned way_shift;  /* log2(ways): a set's first slot is set << way_shift */
  /* [sets * ways]: the line's number (pa >> line_shift), MM_CACHE_NO_LINE
   * when the way is invalid: a lookup compares one word a way */
  uint64_t *line;
  uint8_t *dirty; /* [sets * ways]: valid and newer than memory */
  uint8_t *data;  /* [sets * ways * line_bytes] */
  uint64_t *plru; /* [sets]: the set's tree as bits (plru.h: plru_bits_*), node 1 is the root */
  /* way w's path through a set's tree and the values a touch gives it
   * (plru_bits_path), so that a touch is one masked write */
  uint64_t plru_path[64], plru_value[64];
  mm_cache_stats stats;
} mm_cache;

/* False and a message on impossible parameters (or no memory). */
bool mm_cache_init(mm_cache *c, const mm_cache_params *p, const char **why);
void mm_cache_destroy(mm_cache *c);

static inline unsigned mm_cache_set(const mm_cache *c, uint64_t pa) {
  return (unsigned)((pa >> MM_CACHE_LINE_SHIFT) & (c->sets - 1));
}
/* Page colors: frames of different colors never share a set. */
unsigned mm_cache_colors(const mm_cache *c);
static inline unsigned mm_cache_color(const mm_cache *c, uint64_t pa) {
  return (unsigned)((pa >> 12) & (mm_cache_colors(c) - 1));
}

static inline unsigned mm_cache_slot(const mm_cache *c, unsigned set, unsigned way) {
  return (set << c->way_shift) + way;
}
static inline bool mm_cache_valid(const mm_cache *c, unsigned slot) { return c->line[slot] != MM_CACHE_NO_LINE; }
/* Empties the way (its dirty bit is the caller's). */
static inline void mm_cache_invalidate(mm_cache *c, unsigned slot) { c->line[slot] = MM_CACHE_NO_LINE; }

/* Bit w: lines[w] is line, for w < 4. */
static inline uint64_t mm_cache_hits4(const uint64_t *lines, uint64_t line) {
  return (uint64_t)(lines[0] == line) | (uint64_t)(lines[1] == line) << 1 | (uint64_t)(lines[2] == line) << 2 |
         (uint64_t)(lines[3] == line) << 3;
}
/* The way of set (pa's) holding pa's line, or -1. Touches nothing. Every
 * way is compared at once, with no loop that stops at the match (a line is
 * in one way at most, so the lowest match is the only one): inline for the
 * default 4 ways, mm_cache_lookup_any for any number. */
int mm_cache_lookup_any(const mm_cache *c, unsigned set, uint64_t pa);
static inline int mm_cache_lookup_in(const mm_cache *c, unsigned set, uint64_t pa) {
  if (c->ways != 4) return mm_cache_lookup_any(c, set, pa);
  uint64_t hits = mm_cache_hits4(&c->line[mm_cache_slot(c, set, 0)], pa >> MM_CACHE_LINE_SHIFT);
  return hits ? __builtin_ctzll(hits) : -1;
}
static inline int mm_cache_lookup(const mm_cache *c, uint64_t pa) {
  return mm_cache_lookup_in(c, mm_cache_set(c, pa), pa);
}
/* The way a fill of pa's line takes: the lowest invalid way, else the PLRU victim. */
unsigned mm_cache_victim(const mm_cache *c, unsigned set);
static inline void mm_cache_touch(mm_cache *c, unsigned set, unsigned way) {
  c->plru[set] = (c->plru[set] & ~c->plru_path[way]) | c->plru_value[way];
}
/* The line's bytes. */
static inline uint8_t *mm_cache_data(mm_cache *c, unsigned set, unsigned way) {
  return &c->data[(uint64_t)mm_cache_slot(c, set, way) << MM_CACHE_LINE_SHIFT];
}

/* The 8-byte word at pa in a line that holds it (set, way). */
static inline uint64_t mm_cache_read_word(mm_cache *c, unsigned set, unsigned way, uint64_t pa) {
  uint64_t v;
  memcpy(&v, mm_cache_data(c, set, way) + (pa & ((1u << MM_CACHE_LINE_SHIFT) - 1) & ~7ull), 8); /* little-endian host */
  return v;
}
/* Writes the bytes of word selected by mask (bit i: byte i) at pa's aligned word; marks the line dirty. */
static inline void mm_cache_write_word(mm_cache *c, unsigned set, unsigned way, uint64_t pa, uint64_t word,
                                       uint8_t mask) {
  uint64_t bits = mm_mask_bits(mask), v;
  uint8_t *p = mm_cache_data(c, set, way) + (pa & ((1u << MM_CACHE_LINE_SHIFT) - 1) & ~7ull);
  memcpy(&v, p, 8); /* little-endian host */
  v = (v & ~bits) | (word & bits);
  memcpy(p, &v, 8);
  c->dirty[mm_cache_slot(c, set, way)] = 1;
}

/* Whether any line of the cache holds pa (for the attribute-alias check). */
static inline bool mm_cache_holds(const mm_cache *c, uint64_t pa) { return mm_cache_lookup(c, pa) >= 0; }

#endif
