/*
 * Replays a vector file (vecfile.h) on the golden model's walk and reports
 * every outcome that differs from the file's expectations. Each access starts
 * with no cached translations, so the walk alone decides it.
 */
#ifndef MM_VECRUN_H
#define MM_VECRUN_H

#include <stdbool.h>
#include <stdio.h>

#include "vecfile.h"

typedef struct vec_stats {
  unsigned accesses; /* accesses run */
  unsigned failed;   /* accesses with at least one difference */
  unsigned diffs;    /* differences reported */
} vec_stats;

typedef struct vec_opts {
  bool verbose; /* print every access with its outcome and walk */
  FILE *out;    /* where mismatches (and verbose lines) go */
} vec_opts;

/* Runs one file from a fresh memory and reset CSRs; adds to *stats. */
void vec_run(const vec_file *f, const vec_opts *opts, vec_stats *stats);

/* "r 0x1000 priv=S virt=0" */
int vec_format_req(char *buf, size_t len, const mm_req *req);
/* An outcome as vector files write it: "ok pa=PA pbmt=T", "fault cause=C"
 * or, for a guest-page fault, "fault cause=C gpa=G" (has_gpa false omits it). */
int vec_format_outcome(char *buf, size_t len, bool ok, unsigned cause, bool has_gpa, uint64_t gpa, uint64_t pa,
                       unsigned pbmt);

#endif
