#include "cache.h"

#include <stdlib.h>
#include <string.h>

#include "plru.h"

static bool pow2(unsigned v) { return v && !(v & (v - 1)); }

static unsigned log2u(unsigned v) {
  unsigned n = 0;
  while ((1u << n) < v)
    n++;
  return n;
}

bool mm_cache_init(mm_cache *c, const mm_cache_params *p, const char **why) {
  *c = (mm_cache){0};
  if (!pow2(p->size_bytes) || !pow2(p->ways) || !pow2(p->line_bytes)) {
    *why = "cache size, ways and line size must be powers of two";
    return false;
  }
  if (p->line_bytes != 1u << MM_CACHE_LINE_SHIFT) {
    *why = "the cache line must be 64 bytes (the bus moves 64-byte lines)";
    return false;
  }
  if (p->ways > 64 || p->size_bytes < p->ways * p->line_bytes || p->size_bytes > (1u << 30)) {
    *why = "cache: 1..64 ways, at least one set, at most 1 GiB";
    return false;
  }
  c->ways = p->ways;
  c->line_bytes = p->line_bytes;
  c->line_shift = log2u(p->line_bytes);
  c->way_shift = log2u(p->ways);
  c->sets = p->size_bytes / (p->ways * p->line_bytes);
  size_t lines = (size_t)c->sets * c->ways;
  c->line = malloc(lines * sizeof *c->line);
  c->dirty = calloc(lines, 1);
  c->plru = calloc(c->sets, sizeof *c->plru);
  for (unsigned w = 0; w < c->ways; w++)
    plru_bits_path(c->ways, w, &c->plru_path[w], &c->plru_value[w]);
  c->data = calloc(lines, c->line_bytes);
  if (c->line)
    for (size_t i = 0; i < lines; i++)
      c->line[i] = MM_CACHE_NO_LINE;
  if (!c->line || !c->dirty || !c->plru || !c->data) {
    mm_cache_destroy(c);
    *why = "cache: out of memory";
    return false;
  }
  return true;
}

void mm_cache_destroy(mm_cache *c) {
  free(c->line);
  free(c->dirty);
  free(c->plru);
  free(c->data);
  *c = (mm_cache){0};
}

unsigned mm_cache_colors(const mm_cache *c) {
  unsigned way_bytes = c->sets * c->line_bytes;
  return way_bytes > 4096 ? way_bytes / 4096 : 1;
}

unsigned mm_cache_victim(const mm_cache *c, unsigned set) {
  for (unsigned w = 0; w < c->ways; w++)
    if (!mm_cache_valid(c, mm_cache_slot(c, set, w))) return w;
  return plru_bits_victim(&c->plru[set], c->ways);
}

int mm_cache_lookup_any(const mm_cache *c, unsigned set, uint64_t pa) {
  const uint64_t *lines = &c->line[mm_cache_slot(c, set, 0)];
  uint64_t line = pa >> MM_CACHE_LINE_SHIFT, hits = 0;
  if (c->ways >= 4) /* four at a time (ways is a power of two) */
    for (unsigned w = 0; w < c->ways; w += 4)
      hits |= mm_cache_hits4(lines + w, line) << w;
  else
    for (unsigned w = 0; w < c->ways; w++)
      hits |= (uint64_t)(lines[w] == line) << w;
  return hits ? __builtin_ctzll(hits) : -1;
}
