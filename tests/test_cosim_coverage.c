/*
 * The default regression's functional coverage (model/cov.h), run here on
 * the model alone (the model is what records coverage; the runs are the
 * regression's: tb/cosim's default matrix): no bin it hit when
 * tests/coverage/regress.cov was recorded is empty now, every reachable bin
 * is hit, and no bin listed unreachable is.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "model/cov.h"
#include "tb/cosim/cosim.h"

/* The default regression on the model: no bin it hit when the baseline was
 * recorded is empty now, and every reachable bin is hit. */
Test(cosim_coverage, the_default_regression_keeps_every_bin_of_the_baseline, .timeout = 120) {
  mm_cov *run = malloc(sizeof *run), *base = malloc(sizeof *base);
  cr_assert(run && base);
  mm_cov_init(run);
  mm_cov_init(base);
  char err[256];
  cr_assert(mm_cov_read(base, "tests/coverage/regress.cov", err, sizeof err), "%s", err);
  const cosim_matrix_entry *m;
  unsigned n = cosim_default_matrix(&m);
  for (unsigned k = 0; k < n; k++)
    for (unsigned s = 1; s <= COSIM_DEFAULT_SEEDS; s++) {
      cosim_config cfg = COSIM_CONFIG_DEFAULT;
      cfg.backend = COSIM_MODEL;
      cfg.seed = s;
      cfg.requests = COSIM_DEFAULT_REQUESTS;
      cfg.harts = m[k].harts;
      cfg.tlb_entries = m[k].tlb;
      cfg.mem_latency = m[k].latency;
      cfg.out = stderr;
      cfg.quiet = true;
      cfg.cov = run;
      cosim_stats st;
      cr_assert_eq(cosim_run(&cfg, &st), 0);
    }
  unsigned lost = 0, empty = 0;
  char name[160];
  for (unsigned b = 0; b < mm_cov_bins(); b++) {
    mm_cov_bin_name(b, name, sizeof name);
    if (base->count[b] && !run->count[b]) {
      lost++;
      cr_log_error("bin %s: hit by the baseline, empty now", name);
    }
    if (!mm_cov_unreachable(b) && !run->count[b]) {
      empty++;
      cr_log_error("bin %s: reachable, empty", name);
    }
    cr_expect(!(mm_cov_unreachable(b) && run->count[b]), "bin %s is listed unreachable but was hit", name);
  }
  cr_assert_eq(lost, 0, "%u bins of the baseline empty now", lost);
  cr_assert_eq(empty, 0, "%u reachable bins empty", empty);
  free(run);
  free(base);
}
