/*
 * Page coloring, measured on the model: one process's pages placed by two
 * allocators on the same fragmented pool of frames, then read line by line
 * in several passes through the MMU and the cache. A naive allocator (the
 * lowest free frame) takes what an earlier process left: here frames of one
 * color only, so the pages meet in the same cache sets and evict each other
 * (conflict misses in every pass); the colored allocator spreads them over
 * the colors, so after the first pass they all hit.
 */
#ifndef MM_COLORING_H
#define MM_COLORING_H

#include <stdbool.h>
#include <stdint.h>

#include "model/cache.h"

typedef struct coloring_params {
  unsigned pages;        /* the process's working set, in 4 KiB pages (1..256) */
  unsigned passes;       /* reads of every line of every page, >= 2 */
  mm_cache_params cache; /* the cache */
  unsigned bus_latency;
} coloring_params;

#define COLORING_PARAMS_DEFAULT                                                                                        \
  ((coloring_params){.pages = 16, .passes = 4, .cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = 4})

typedef struct coloring_result {
  const char *allocator;  /* "naive" or "colored" */
  unsigned colors_used;   /* distinct colors among the process's frames */
  uint64_t loads;         /* data loads */
  uint64_t misses;        /* of which missed the cache */
  uint64_t misses_after;  /* of which in the passes after the first: the conflict misses */
  uint64_t per_color[64]; /* misses by the color of the frame read */
  uint64_t cycles;        /* the model's cycles for all the loads */
} coloring_result;

/* Runs both allocators; false (and a message) on impossible parameters. */
bool coloring_run(const coloring_params *p, coloring_result out[2], const char **why);

#endif
