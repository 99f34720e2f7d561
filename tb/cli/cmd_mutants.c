/*
 * mmucosim mutants: every injected RTL bug (and the control, the mutant build without one) run until the
 * lockstep comparison catches it, as jobs of the job runner; a table, JUnit XML. The options it shares with
 * regress: matrix.h.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "junit.h"
#include "matrix.h"
#include "model/cov.h"
#include "model/pma.h"
#include "runner.h"
#include "table.h"
#include "tb/cosim/cosim.h"
#include "tb/verilator/rtl.h"

static const char mutants_usage[] =
    "usage: mmucosim mutants [options]\n"
    "\n"
    "Shows that the co-simulation catches every injected RTL bug: for each bug\n"
    "of the mutant build, lockstep runs (2 harts, TLB 16, latency 3) over\n"
    "consecutive seeds until the first mismatch, and a table of how many\n"
    "requests it took (an RTL assertion that fails is a catch too: \"caught by\n"
    "assertion NAME\"). A bug that survives every seed fails the command. A\n"
    "first control row runs the mutant build with no bug selected over the same\n"
    "seeds: it must not mismatch. Each row is a job in its own process (several\n"
    "at once), its reports in its own log (DIR/bug-07.log, DIR/control.log).\n"
    "\n"
    "options:\n"
    "  -S, --seeds N        seeds to try per bug before it counts as surviving (default 10)\n"
    "  -s, --first-seed N   the first seed (default 1)\n"
    "  -n, --requests N     requests per run (default 20000)\n"
    "      --dir DIR        logs (default build/mutants)\n" RUNNER_USAGE "  -h, --help           this text\n"
    "\n"
    "exit status: 0 every bug caught and the control clean; 1 otherwise; 2 bad options\n";

typedef struct mutant_result {
  unsigned seed;      /* the catching seed (the control: the mismatching one) */
  unsigned at;        /* requests it took */
  char assertion[48]; /* caught by the RTL's assertion of this label (else ""): a mismatch */
} mutant_result;

typedef struct mutants_ctx {
  const matrix_opts *o;
  unsigned *bugs; /* the shard's jobs: bug numbers, 0 the control */
} mutants_ctx;

static void mutants_label(void *ctx, unsigned i, char *buf, size_t len) {
  unsigned bug = ((mutants_ctx *)ctx)->bugs[i];
  if (bug)
    snprintf(buf, len, "bug-%02u", bug);
  else
    snprintf(buf, len, "control");
}

static cosim_config mutant_config(const matrix_opts *o, unsigned bug, uint64_t seed) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.wave_window = 0;
  cfg.seed = seed;
  cfg.requests = o->requests;
  cfg.harts = 2;
  cfg.tlb_entries = 16;
  cfg.mem_latency = 3;
  cfg.bug = bug;
  cfg.mutant_build = true;
  cfg.threads = o->parallel > 1 ? 1 : 0; /* the runs at once take the cores */
  return cfg;
}

/* In the child: lockstep runs of one mutant-build configuration over
 * consecutive seeds until the first mismatch (its report on the log). A bug
 * passes when caught, the control when never. */
static int mutants_run(void *ctx, unsigned i, void *result) {
  const mutants_ctx *x = ctx;
  unsigned bug = x->bugs[i];
  mutant_result *res = result;
  printf("mutants: %s, seeds %" PRIu64 "..%" PRIu64 "\n", bug ? rtl_bug_name(bug) : "the control (no bug)",
         x->o->first_seed, x->o->first_seed + x->o->seeds - 1);
  for (unsigned s = 0; s < x->o->seeds; s++) {
    cosim_config cfg = mutant_config(x->o, bug, x->o->first_seed + s);
    cfg.out = stdout;
    cosim_stats st;
    int rc = cosim_run(&cfg, &st);
    if (rc == 2) {
      fprintf(stderr, "mmucosim run: %s\n", st.error);
      return 2;
    }
    if (rc) {
      *res = (mutant_result){(unsigned)cfg.seed, st.mismatch_request + 1, ""};
      if (st.assertion)
        snprintf(res->assertion, sizeof res->assertion, "%.*s", (int)strcspn(st.assertion_text, " "),
                 st.assertion_text);
      return bug ? 0 : 1;
    }
    printf("seed %" PRIu64 ": no mismatch in %u requests\n", cfg.seed, st.requests);
  }
  return bug ? 1 : 0;
}

static const char *mutants_verdict(void *ctx, unsigned i, int rc) {
  bool control = ((mutants_ctx *)ctx)->bugs[i] == 0;
  return rc == 2 ? "ERROR" : control ? (rc ? "MISMATCH" : "clean") : (rc ? "SURVIVED" : "caught");
}

int cmd_mutants(int argc, char **argv) {
  matrix_opts o = {.seeds = 10, .requests = 20000, .first_seed = 1, .dir = "build/mutants"};
  int rc = matrix_parse("mutants", mutants_usage, argc, argv, &o);
  if (rc >= 0) return rc;
  unsigned bugs = rtl_bug_count();
  if (!bugs) {
    fprintf(stderr, "mmucosim mutants: this binary has no mutant build\n");
    return 2;
  }
  /* Job 0 is the control: the mutant build with no bug selected must agree
   * with the model on every seed, or the other rows prove nothing. */
  unsigned n = 0;
  unsigned *list = matrix_shard_jobs(&o, bugs + 1, &n);
  junit_case *cases = calloc(n ? n : 1, sizeof *cases);
  if (!list || !cases) {
    fprintf(stderr, "mmucosim mutants: out of memory\n");
    return 2;
  }
  mutants_ctx x = {.o = &o, .bugs = list}; /* job k of the whole list is bug k */
  if (o.list) {
    for (unsigned i = 0; i < n; i++) {
      char label[32];
      mutants_label(&x, i, label, sizeof label);
      printf("%u %s %s: %s\n", list[i] + 1, label, list[i] ? rtl_bug_name(list[i]) : "none",
             list[i] ? rtl_bug_description(list[i]) : "the mutant build with no bug selected");
    }
    return 0;
  }
  runner r = {.jobs = n,
              .result_size = sizeof(mutant_result),
              .run = mutants_run,
              .label = mutants_label,
              .verdict = mutants_verdict,
              .ctx = &x};
  if ((rc = matrix_run_jobs("mutants", "rows", bugs + 1, &r, &o))) return rc;

  static const table_col cols[] = {{"bug", -4}, {"name", -34}, {"seed", 8}, {"requests", 12}, {"result", 0}};
  FILE *tsv;
  if (!matrix_open_tsv("mutants", &o, &tsv)) return 2;
  table t = {cols, 5, stdout, tsv};
  table_header(&t);
  unsigned caught = 0, tried = 0, failed = 0;
  int control = -1; /* not in this shard; else whether it passed */
  for (unsigned i = 0; i < n; i++) {
    const runner_outcome *out = &r.outcomes[i];
    const mutant_result *res = runner_result(&r, i);
    unsigned bug = list[i];
    junit_case *jc = &cases[i];
    char log[512], cmd[256] = "", why[128];
    runner_log_path(&r, i, log, sizeof log);
    snprintf(jc->classname, sizeof jc->classname, "mutants");
    if (bug)
      snprintf(jc->name, sizeof jc->name, "bug-%02u %s", bug, rtl_bug_name(bug));
    else
      snprintf(jc->name, sizeof jc->name, "control");
    jc->result = matrix_junit_outcome(&r, i, jc);
    bool done = out->state == RUNNER_DONE && out->rc != 2;
    bool mismatched = done && (bug ? out->rc == 0 : out->rc == 1);
    if (mismatched) {
      cosim_config cfg = mutant_config(&o, bug, res->seed);
      matrix_run_command(cmd, sizeof cmd, &cfg, res->at);
    }
    if (bug) {
      tried += out->state != RUNNER_NOT_RUN;
      caught += mismatched;
    } else if (out->state != RUNNER_NOT_RUN) {
      control = !runner_failed(&r, i);
    }
    failed += runner_failed(&r, i);
    if (jc->result == JUNIT_FAILURE)
      snprintf(jc->message, sizeof jc->message, bug ? "SURVIVED %u seeds" : "MISMATCH without a bug (seed %u)",
               bug ? o.seeds : res->seed);
    snprintf(jc->out, sizeof jc->out, "%s%s%slog: %s\n", mismatched ? "re-run: " : "", cmd, mismatched ? "\n" : "",
             log);
    char num[12] = "-", seed[16] = "-", at[16] = "-";
    if (bug) snprintf(num, sizeof num, "%u", bug);
    if (mismatched) {
      snprintf(seed, sizeof seed, "%u", res->seed);
      snprintf(at, sizeof at, "%u", res->at);
    }
    if (out->state == RUNNER_NOT_RUN) continue;
    char result[160];
    if (!done)
      snprintf(result, sizeof result, "%s",
               out->state == RUNNER_DONE ? "ERROR (see the log)" : matrix_no_result(out, why, sizeof why));
    else if (bug && mismatched && res->assertion[0])
      snprintf(result, sizeof result, "caught by assertion %s", res->assertion);
    else if (bug && mismatched)
      snprintf(result, sizeof result, "caught");
    else if (bug)
      snprintf(result, sizeof result, "SURVIVED %u seeds", o.seeds);
    else if (mismatched)
      snprintf(result, sizeof result, "%s (the mutant build without a bug)",
               res->assertion[0] ? "ASSERTION FAILED" : "MISMATCH");
    else
      snprintf(result, sizeof result, "pass, %u seeds", o.seeds);
    const char *cells[] = {num, bug ? rtl_bug_name(bug) : "none (control)", seed, at, result};
    table_row(&t, cells);
    if (runner_failed(&r, i) && mismatched) printf("     re-run: %s\n", cmd);
    if (runner_failed(&r, i)) printf("     log:    %s\n", log);
  }
  printf("mutants: %u of %u injected bugs caught; control run %s\n", caught, tried,
         control < 0 ? "not in this shard"
         : control   ? "clean"
                     : "MISMATCHED");
  if (failed && o.stop_first) printf("mutants: stopped at the first failure\n");
  printf("mutants: %u passed, %u failed\n", caught + (control == 1), failed);
  rc = matrix_write_junit("mutants", &o, cases, n, r.seconds);
  int trc = matrix_close_tsv("mutants", &o, tsv);
  if (!rc) rc = trc;
  runner_free(&r);
  free(list);
  free(cases);
  return rc ? rc : failed ? 1 : 0;
}
