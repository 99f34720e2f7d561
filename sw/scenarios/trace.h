/*
 * Real programs' memory traces replayed through the kernel. A trace is the
 * output of `valgrind --tool=lackey --trace-mem=yes`: one access a line,
 *   "I  ADDR,SIZE" an instruction fetch, " L ADDR,SIZE" a load,
 *   " S ADDR,SIZE" a store, " M ADDR,SIZE" a modify (a load, then a store),
 * with ADDR in hex and SIZE in decimal, and "==PID== ..." banner lines
 * (skipped), as are blank lines. trace_parse() reads one line, trace_next()
 * a file's next access, a malformed line reported as FILE:LINE.
 *
 * The replay runs one process in an Sv48 space (x86-64's 47-bit user
 * addresses fit) on hart 0 of a machine, whose whole user half is one
 * anonymous region: every page is zero-filled and mapped (read, write,
 * execute: the trace tells no permissions) on its first access, from a
 * colored or a naive frame pool, paged out by the clock if a resident limit
 * is set. Each access becomes one request for the aligned 8-byte word
 * holding its first byte (a fetch of 8 bytes, a load, a store of the
 * record's number), and a second one for the word holding its last byte
 * when the access crosses into another page. An access not wholly inside
 * the user space (below its first page, or any byte at 2^47 or above) is
 * counted and skipped.
 */
#ifndef MM_TRACE_H
#define MM_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model/textin.h"
#include "sw/kernel/kernel.h"

typedef enum trace_kind { TRACE_FETCH, TRACE_LOAD, TRACE_STORE, TRACE_MODIFY } trace_kind;

typedef struct trace_rec {
  trace_kind kind;
  uint64_t addr;
  unsigned size; /* bytes, 1..TRACE_MAX_SIZE */
} trace_rec;

#define TRACE_MAX_SIZE 4096

/* 1: *rec holds the line's access; 0: a line to skip (a banner, or blank:
 * spaces, tabs, '\r'); -1: malformed, *why says how. The address is checked
 * at its full 64 bits (more is malformed, never truncated), and an access
 * whose last byte would lie past 2^64-1 is malformed: it names no bytes. */
int trace_parse(const char *line, trace_rec *rec, const char **why);

/* A trace read a line at a time, from a file or from text in memory: lines
 * of any length, CRLF endings, a NUL byte reported as one (model/textin.h). */
typedef struct trace_reader {
  txt_in in;
  const char *path; /* for messages */
} trace_reader;
void trace_open_file(trace_reader *r, const char *path, FILE *f);
void trace_open_mem(trace_reader *r, const char *path, const char *text, size_t len);
/* 1: *rec holds the next access; 0: the end; -1: a malformed line or a read
 * error, with the one-line message "PATH:LINE: why" in err. */
int trace_next(trace_reader *r, trace_rec *rec, char *err, size_t errlen);
void trace_close(trace_reader *r);

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
