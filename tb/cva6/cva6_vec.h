/*
 * Vector files (shared/vectors/FORMAT.md) on CVA6's MMU (mmucosim vec --dut
 * cva6|cva6-h|cva6-shared): every access of a file on a fresh MMU (no TLB
 * entries: each file's accesses start from reset, and a fence of everything
 * precedes each access, as the vectors mean the walk alone to decide it), its
 * outcome held against the file's expectation. An access needing what the
 * build lacks is skipped and counted with its reason: Sv48 or Sv48x4 in
 * force, V=1 on a build without H, an expectation that the model's walk
 * with menvcfg/henvcfg's ADUE and PBMTE clear (as CVA6 has them) does not
 * meet (it needs hardware A/D updating or Svpbmt); the others run so. A difference of
 * a known class (tb/cva6/cva6_known.c) is counted, not a failure.
 */
#ifndef MM_CVA6_VEC_H
#define MM_CVA6_VEC_H

#include "tb/vec/vecrun.h"

typedef enum cva6_vec_skip {
  CVA6_SKIP_SV48,  /* satp, vsatp or hgatp in Sv48(x4) */
  CVA6_SKIP_ADUE,  /* the expectation needs hardware A/D updating */
  CVA6_SKIP_PBMTE, /* the expectation needs Svpbmt */
  CVA6_SKIP_NO_H,  /* V=1 on a build without H */
  CVA6_SKIP_REASONS
} cva6_vec_skip;

typedef struct cva6_vec_stats {
  vec_stats run;                       /* the accesses run and their differences */
  unsigned skipped[CVA6_SKIP_REASONS]; /* accesses skipped, by reason */
  unsigned known;                      /* differences of a known class (the triage), counted, not failures */
} cva6_vec_stats;

const char *cva6_vec_skip_name(cva6_vec_skip why);
/* Runs f on the build named dut ("cva6", "cva6-h", "cva6-shared"); false
 * with a message in err when that build cannot be made. */
bool cva6_vec_run(const char *dut, const vec_file *f, const vec_opts *opts, cva6_vec_stats *stats, char *err,
                  size_t errlen);

#endif
