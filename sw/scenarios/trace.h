/*
 * Real programs' memory traces replayed through the kernel. A trace is the
 * output of `valgrind --tool=lackey --trace-mem=yes`: one access a line,
 *   "I  ADDR,SIZE" an instruction fetch, " L ADDR,SIZE" a load,
 *   " S ADDR,SIZE" a store, " M ADDR,SIZE" a modify (a load, then a store),
 * with ADDR in hex and SIZE in decimal, and "==PID== ..." banner lines
 * (skipped). trace_parse() reads one line; the command line reports a
 * malformed one as FILE:LINE.
 *
 * The replay runs one process in an Sv48 space (x86-64's 47-bit user
 * addresses fit) on hart 0 of a machine, whose whole user half is one
 * anonymous region: every page is zero-filled and mapped (read, write,
 * execute: the trace tells no permissions) on its first access, from a
 * colored or a naive frame pool, paged out by the clock if a resident limit
 * is set. Each access becomes one request for the aligned 8-byte word
 * holding its first byte (a fetch of 8 bytes, a load, a store of the
 * record's number), and a second one for the word holding its last byte
 * when the access crosses into another page. An address beyond the 47-bit
 * user space is counted and skipped.
 */
#ifndef MM_TRACE_H
#define MM_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "sw/kernel/kernel.h"

typedef enum trace_kind { TRACE_FETCH, TRACE_LOAD, TRACE_STORE, TRACE_MODIFY } trace_kind;

typedef struct trace_rec {
  trace_kind kind;
  uint64_t addr;
  unsigned size; /* bytes, 1..TRACE_MAX_SIZE */
} trace_rec;

#define TRACE_MAX_SIZE 4096

/* 1: *rec holds the line's access; 0: a line to skip (a banner);
 * -1: malformed, *why says how. */
int trace_parse(const char *line, trace_rec *rec, const char **why);

typedef struct trace_config {
  bool colored;          /* the colored frame allocator, else the naive one */
  unsigned frames;       /* the frame pool, 1..FRAMES_MAX */
  unsigned max_resident; /* resident pages before the clock pages out; 0: the pool decides */
  unsigned colors;       /* the cache's page colors, a power of two (8 for the default cache) */
} trace_config;

#define TRACE_CONFIG_DEFAULT ((trace_config){.colored = true, .frames = 16384, .colors = 8})

typedef struct trace_stats {
  uint64_t records;                   /* accesses of the trace replayed */
  uint64_t by_kind[4];                /* of which fetches, loads, stores, modifies */
  uint64_t skipped;                   /* beyond the user space */
  uint64_t requests;                  /* user requests (one or two per access, two for a modify) */
  uint64_t tlb_hits, walks;           /* of the requests' final outcomes */
  uint64_t cache_lookups, cache_hits; /* their data accesses to main memory */
} trace_stats;

typedef struct trace_run {
  kernel k;
  space *s;
  trace_stats st;
} trace_run;

/* A kernel on m (hart 0) with the process; false and a message on failure. */
bool trace_begin(trace_run *t, machine *m, const trace_config *cfg, const char **why);
kern_status trace_step(trace_run *t, const trace_rec *rec);
void trace_end(trace_run *t);

#endif
