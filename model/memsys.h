/*
 * The memory system: the one port (port.h) behind every hart's requests,
 * serving one request at a time as DESIGN.md ("The data path") specifies:
 * main-memory accesses (the walker's PTE reads and compare-and-swaps, and
 * cacheable loads and stores) through the cache (cache.h), NC accesses
 * through the write-combining buffer (wcb.h), IO accesses straight to the
 * bus, CBOs on the cache, FENCE draining the buffer; the bus (bus.h) behind.
 *
 * Timing: a DECODE step decides one action on the current state: the
 * answer, or one bus transaction, after which it decides again. An access
 * that needs n bus transactions is answered T = 2 + n * (L + 2) cycles after
 * the port took it (op->cycles), its bus transaction k taken 2 + k * (L + 2)
 * cycles after that (op->cycle being when the port took it).
 *
 * The memory system also checks what the specification leaves to software:
 * an NC or IO access to a main-memory line the cache holds (an attribute
 * alias) is counted as a software error, and the access goes on uncached.
 */
#ifndef MM_MEMSYS_H
#define MM_MEMSYS_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "cache.h"
#include "obs.h"
#include "port.h"
#include "wcb.h"

typedef struct mm_memsys_params {
  mm_cache_params cache;
  unsigned bus_latency; /* L: cycles from the bus taking a transaction to its answer, 1..MM_LATENCY_MAX */
} mm_memsys_params;

typedef struct mm_memsys_stats {
  uint64_t accesses; /* at the port */
  uint64_t bus_reads, bus_writes;
  uint64_t alias_errors;     /* NC/IO accesses to a line the cache held */
  uint64_t first_alias;      /* the access number (0-based, at the port) of the first one */
  unsigned first_alias_hart; /* and the hart that made it */
  uint64_t pokes;            /* pokes that fired (the test hook) */
} mm_memsys_stats;

typedef struct mm_memsys {
  mm_cache cache;
  mm_wcb wcb;
  mm_bus *bus; /* not owned */
  unsigned bus_latency;
  /* another agent's coherent store right after a PTE read (the poke hook) */
  bool poke_armed;
  unsigned poke_hart; /* the hart whose PTE read it follows */
  uint64_t poke_pa, poke_value;
  mm_obs *sink;       /* where the bus transactions of the request in flight go (NULL: nowhere) */
  struct mm_cov *cov; /* functional coverage of what it serves (cov.h, mm_cov_memsys; NULL: none) */
  mm_memsys_stats stats;
} mm_memsys;

bool mm_memsys_init(mm_memsys *ms, const mm_memsys_params *p, mm_bus *bus, const char **why);
void mm_memsys_destroy(mm_memsys *ms);

/* The port function (ctx: the mm_memsys); always answers (one request at a time). */
bool mm_memsys_access(void *ctx, mm_memop *op);
static inline mm_port mm_port_of_memsys(mm_memsys *ms) { return (mm_port){.access = mm_memsys_access, .ctx = ms}; }

/* Arms the hook: right after it answers hart's next PTE read of pa, the
 * memory system writes value into that (cached) line, as another agent's
 * coherent store, and the line becomes dirty. One at a time; arming again
 * replaces it. */
void mm_memsys_arm_poke(mm_memsys *ms, unsigned hart, uint64_t pa, uint64_t value);

/* A coherent write of a word by the testbench, outside any request (no
 * timing, no bus transaction): into the cached line if present (dirty), else
 * into memory. */
void mm_memsys_backdoor_write(mm_memsys *ms, uint64_t pa, uint64_t value);
/* The word as the system sees it: the cached line's if present, else memory's. */
uint64_t mm_memsys_backdoor_read(mm_memsys *ms, uint64_t pa);

#endif
