/*
 * mmucosim regress: the default regression's lockstep runs over harts x TLB x latency x seeds, as jobs of the
 * job runner (runner.h: a forked child per job, its output in its own log, its result back through a pipe),
 * then the table in job order, the totals, every failure with the command that re-runs it, JUnit XML
 * (junit.h), the coverage added up. The options it shares with mutants: matrix.h.
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
#include "tb/cosim/dut.h"
#include "tb/cosim/known.h"
#include "tb/verilator/rtl.h"

static const char regress_usage[] = "usage: mmucosim regress [options]\n"
                                    "\n"
                                    "The default co-simulation regression: lockstep runs (model against RTL)\n"
                                    "of random translation and data traffic (main memory, NC and IO) over a\n"
                                    "matrix of configurations (harts 1, 2, 4; TLB 16 and 4 entries; bus latency\n"
                                    "1 and 7) and several seeds each, every hart with a request in flight at\n"
                                    "once. Each run is a job in its own process (several at once), its report\n"
                                    "in its own log (DIR/h2-t16-l7-s3.log), a failing run's waveform at\n"
                                    "DIR/fail-h2-t16-l7-s3.fst. A progress line (on a terminal; otherwise a line\n"
                                    "per finished run), then a summary table in job order: TLB hits, walks,\n"
                                    "faults, fences, data accesses to main memory with their cache hit rate, NC\n"
                                    "and IO accesses, bus transactions, RTL cycles, and the races: contended\n"
                                    "arbiter grants (cont), A/D compare-and-swaps racing another walk (cas, of\n"
                                    "which lost), software stores racing a walk (st), TLB fences during another\n"
                                    "hart's walk (fw). Every run runs; each failure is listed with the command\n"
                                    "that re-runs it and the one that opens its waveform.\n"
                                    "\n"
                                    "options:\n"
                                    "  -S, --seeds N        seeds per configuration (default 4)\n"
                                    "  -s, --first-seed N   the first seed (default 1); seeds are consecutive\n"
                                    "  -n, --requests N     requests per run (default 20000)\n"
                                    "      --bug N          the TLB-16 configurations on the mutant build with\n"
                                    "                       injected bug N (every run that catches it fails)\n"
                                    "      --dut NAME       the device under test (mmucosim run --dut; default\n"
                                    "                       rtl); a timing-free DUT's known mismatch classes are\n"
                                    "                       counted (a line per class after the table), a new\n"
                                    "                       class fails its run\n"
                                    "      --dir DIR        logs and failure waveforms (default build/regress)\n"
                                    "      --coverage FILE  record the model's functional coverage in every run\n"
                                    "                       (DIR/LABEL.cov), write their sum to FILE and print\n"
                                    "                       the figure (report: mmucosim coverage FILE)\n" RUNNER_USAGE
                                    "  -h, --help           this text\n"
                                    "\n"
                                    "exit status: 0 every run passed; 1 a run failed (mismatch, crash, timeout);\n"
                                    "2 bad options\n";

typedef struct regress_job {
  unsigned index; /* in the whole list, from 0 */
  unsigned harts, tlb, latency;
  uint64_t seed;
} regress_job;

typedef struct regress_ctx {
  const matrix_opts *o;
  regress_job *jobs; /* the shard's */
} regress_ctx;

static void regress_label(void *ctx, unsigned i, char *buf, size_t len) {
  const regress_ctx *x = ctx;
  const regress_job *j = &x->jobs[i];
  int n = snprintf(buf, len, "h%u-t%u-l%u-s%" PRIu64, j->harts, j->tlb, j->latency, j->seed);
  if (x->o->bug && n > 0 && (size_t)n < len) snprintf(buf + n, len - (size_t)n, "-bug%u", x->o->bug);
}

/* The run's configuration; fail_prefix points into prefix. */
static cosim_config regress_config(const regress_ctx *x, unsigned i, char *prefix, size_t len) {
  const regress_job *j = &x->jobs[i];
  char label[96];
  regress_label((void *)x, i, label, sizeof label);
  snprintf(prefix, len, "%s/fail-%s", x->o->dir, label);
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.seed = j->seed;
  cfg.requests = x->o->requests;
  cfg.harts = j->harts;
  cfg.tlb_entries = j->tlb;
  cfg.mem_latency = j->latency;
  cfg.bug = x->o->bug;
  cfg.dut = x->o->dut;
  cfg.fail_prefix = prefix;
  cfg.threads = x->o->parallel > 1 ? 1 : 0; /* the runs at once take the cores */
  return cfg;
}

/* Job i's coverage file (the child writes it, the parent adds them up). */
static void cov_path(const regress_ctx *x, unsigned i, char *buf, size_t len) {
  char label[96];
  regress_label((void *)x, i, label, sizeof label);
  snprintf(buf, len, "%s/%s.cov", x->o->dir, label);
}

/* In the child: one lockstep run, its report on the log, its counts back. */
static int regress_run(void *ctx, unsigned i, void *result) {
  char prefix[512], cmd[256];
  cosim_config cfg = regress_config(ctx, i, prefix, sizeof prefix);
  cfg.out = stdout;
  matrix_run_command(cmd, sizeof cmd, &cfg, cfg.requests);
  printf("regress job %u: %s\n", ((regress_ctx *)ctx)->jobs[i].index + 1, cmd);
  cosim_stats *st = result;
  mm_cov *cov = NULL;
  if (((regress_ctx *)ctx)->o->coverage) {
    if (!(cov = malloc(sizeof *cov))) return 2;
    mm_cov_init(cov);
    cfg.cov = cov;
  }
  int rc = cosim_run(&cfg, st);
  if (rc == 2) fprintf(stderr, "mmucosim run: %s\n", st->error);
  if (cov) {
    char path[600];
    cov_path(ctx, i, path, sizeof path);
    bool ok = mm_cov_write(cov, path);
    free(cov);
    if (!ok) {
      printf("regress: --coverage: cannot write %s\n", path);
      return 2;
    }
  }
  if (rc == 0) printf("pass: %u requests, %" PRIu64 " cycles, %.2f s\n", st->requests, st->cycles, st->seconds);
  return rc;
}

static const char *regress_verdict(void *ctx, unsigned i, int rc) {
  (void)ctx, (void)i;
  return rc == 0 ? "pass" : rc == 1 ? "MISMATCH" : "ERROR";
}

/* The regression's configurations: harts x TLB x latency (with --bug, TLB 16 only). */
static regress_job *regress_list(const matrix_opts *o, unsigned *total) {
  const cosim_matrix_entry *configs;
  unsigned n = cosim_default_matrix(&configs);
  regress_job *jobs = malloc(n * o->seeds * sizeof *jobs);
  *total = 0;
  for (unsigned k = 0; jobs && k < n; k++) {
    if (o->bug && !rtl_tlb_size_supported(configs[k].tlb, true)) continue;
    for (unsigned s = 0; s < o->seeds; s++, ++*total)
      jobs[*total] = (regress_job){*total, configs[k].harts, configs[k].tlb, configs[k].latency, o->first_seed + s};
  }
  return jobs;
}

/* A timing-free DUT's known classes over the runs: a line each, and the
 * runs that failed on a class not triaged. */
static void regress_known(const runner *r, unsigned n) {
  const dut_profile *p = NULL;
  unsigned count[COSIM_KNOWN_MAX] = {0}, runs[COSIM_KNOWN_MAX] = {0}, timing_free = 0, new_class = 0;
  for (unsigned i = 0; i < n; i++) {
    const cosim_stats *st = runner_result(r, i);
    if (r->outcomes[i].state == RUNNER_NOT_RUN || !st->timing_free) continue;
    timing_free++;
    p = st->profile;
    new_class += r->outcomes[i].rc == 1;
    for (unsigned k = 0; k < COSIM_KNOWN_MAX; k++) {
      count[k] += st->known[k];
      runs[k] += st->known[k] > 0;
    }
  }
  if (!timing_free || !p) return;
  unsigned total = 0;
  for (unsigned k = 0; k < p->n_known && k < COSIM_KNOWN_MAX; k++) {
    total += count[k];
    if (count[k])
      printf("regress: known class %-24s %7u mismatches in %u of %u runs (tests/ triage: %s)\n", p->known[k].id,
             count[k], runs[k], timing_free, p->known[k].verdict);
  }
  printf("regress: timing-free: %u mismatches of known classes counted, %u runs failed on a new class\n", total,
         new_class);
}

static const table_col regress_cols[] = {
    {"harts", -5},  {"tlb", -4},   {"latency", -7}, {"seed", -5}, {"requests", 8}, {"hits", 7},    {"walks", 7},
    {"faults", 7},  {"fences", 7}, {"main", 7},     {"hit%", 6},  {"nc", 6},       {"io", 6},      {"bus", 7},
    {"cycles", 10}, {"cont", 7},   {"cas/lost", 9}, {"st", 4},    {"fw", 5},       {"seconds", 8}, {"result", 0},
};
#define REGRESS_COLS (sizeof regress_cols / sizeof regress_cols[0])

static void regress_row(const table *t, const regress_job *j, const runner_outcome *out, const cosim_stats *st) {
  char cell[REGRESS_COLS][32], why[128];
  const char *cells[REGRESS_COLS];
  for (unsigned k = 0; k < REGRESS_COLS; k++) {
    cells[k] = cell[k];
    snprintf(cell[k], sizeof cell[k], "-");
  }
  snprintf(cell[0], 32, "%u", j->harts);
  snprintf(cell[1], 32, "%u", j->tlb);
  snprintf(cell[2], 32, "%u", j->latency);
  snprintf(cell[3], 32, "%" PRIu64, j->seed);
  if (out->state != RUNNER_DONE) {
    snprintf(cell[19], 32, "%.2f", out->seconds);
    cells[20] = matrix_no_result(out, why, sizeof why);
    table_row(t, cells);
    return;
  }
  unsigned main = st->data_ops[MM_MT_MAIN];
  unsigned bus = st->bus_lines_read + st->bus_lines_written + st->bus_beats_read + st->bus_beats_written;
  snprintf(cell[4], 32, "%u", st->requests);
  snprintf(cell[5], 32, "%u", st->hits);
  snprintf(cell[6], 32, "%u", st->walks);
  snprintf(cell[7], 32, "%u", st->faults);
  snprintf(cell[8], 32, "%u", st->fences);
  snprintf(cell[9], 32, "%u", main);
  snprintf(cell[10], 32, "%.1f", main ? 100.0 * st->data_hits / main : 0.0);
  snprintf(cell[11], 32, "%u", st->data_ops[MM_MT_NC]);
  snprintf(cell[12], 32, "%u", st->data_ops[MM_MT_IO]);
  snprintf(cell[13], 32, "%u", bus);
  snprintf(cell[14], 32, "%" PRIu64, st->cycles);
  snprintf(cell[15], 32, "%" PRIu64, st->contended);
  snprintf(cell[16], 32, "%" PRIu64 "/%" PRIu64, st->cas_races, st->cas_lost);
  snprintf(cell[17], 32, "%" PRIu64, st->store_races);
  snprintf(cell[18], 32, "%" PRIu64, st->fences_in_walks);
  snprintf(cell[19], 32, "%.2f", st->seconds);
  cells[20] = out->rc == 0 ? "pass" : out->rc == 1 ? "MISMATCH" : "ERROR";
  table_row(t, cells);
}

/* Opens --tsv's file (NULL when not asked or not writable: reported). */

/* The jobs' coverage added up into --coverage's file, and the figure. */
static int regress_coverage(const regress_ctx *x, const runner *r, unsigned n) {
  mm_cov *total = malloc(sizeof *total);
  if (!total) {
    fprintf(stderr, "mmucosim regress: out of memory\n");
    return 2;
  }
  mm_cov_init(total);
  unsigned files = 0;
  for (unsigned i = 0; i < n; i++) {
    char path[600], err[256];
    if (r->outcomes[i].state != RUNNER_DONE || r->outcomes[i].rc == 2) continue;
    cov_path(x, i, path, sizeof path);
    if (!mm_cov_read(total, path, err, sizeof err)) {
      fprintf(stderr, "mmucosim regress: --coverage: %s\n", err);
      free(total);
      return 2;
    }
    files++;
  }
  bool ok = mm_cov_write(total, x->o->coverage);
  mm_cov_tally groups[MM_COV_GROUPS], all = mm_cov_count(total, groups);
  free(total);
  if (!ok) {
    fprintf(stderr, "mmucosim regress: --coverage: cannot write %s\n", x->o->coverage);
    return 2;
  }
  printf("regress: coverage: %u of %u reachable bins hit (%.1f%%), %u unreachable, over %u runs: %s (report: "
         "mmucosim coverage %s)\n",
         all.hit, all.reachable, all.reachable ? 100.0 * all.hit / all.reachable : 0.0, all.bins - all.reachable, files,
         x->o->coverage, x->o->coverage);
  return 0;
}

/* Job i's JUnit output (the command that re-runs it, its log, a failure's
 * waveform) and a failure's message; printed too (print) for a failed job:
 * what happened, then the same lines. */
static void regress_case(const regress_ctx *x, const runner *r, unsigned i, junit_case *jc, bool print) {
  const runner_outcome *out = &r->outcomes[i];
  const cosim_stats *st = runner_result(r, i);
  char prefix[512], cmd[256], log[512], wave[1300] = "";
  cosim_config cfg = regress_config(x, i, prefix, sizeof prefix);
  runner_log_path(r, i, log, sizeof log);
  bool mismatch = out->state == RUNNER_DONE && out->rc == 1;
  matrix_run_command(cmd, sizeof cmd, &cfg, mismatch ? st->rerun_requests : cfg.requests);
  if (mismatch && st->assertion)
    snprintf(jc->message, sizeof jc->message, "ASSERTION FAILED: %.120s", st->assertion_text);
  else if (mismatch && !st->mismatch) /* the value checker's alone (tb/cosim/scoreboard.h) */
    snprintf(jc->message, sizeof jc->message, "VALUE MISMATCH at request %u (%#" PRIx64 ")", st->value_request,
             st->value_addr);
  else if (mismatch)
    snprintf(jc->message, sizeof jc->message, "MISMATCH at request %u (hart %u, edge %" PRIu64 ")",
             st->mismatch_request, st->mismatch_hart, st->mismatch_edge);
  if (mismatch) {
    char fst[600], gtkw[600];
    snprintf(fst, sizeof fst, "%s.fst", prefix);
    snprintf(gtkw, sizeof gtkw, "%s.gtkw", prefix);
    if (!access(fst, R_OK) && !access(gtkw, R_OK))
      snprintf(wave, sizeof wave, "gtkwave %s %s", fst, gtkw);
    else
      snprintf(wave, sizeof wave, "none written (see the log)");
  }
  snprintf(jc->out, sizeof jc->out, "re-run: %s\nlog: %s\n%s%s%s", cmd, log, wave[0] ? "waveform: " : "", wave,
           wave[0] ? "\n" : "");
  if (!print) return;
  printf("  %s: %s\n    log:      %s\n    re-run:   %s\n", jc->name, jc->message, log, cmd);
  if (wave[0]) printf("    waveform: %s\n", wave);
}

int cmd_regress(int argc, char **argv) {
  matrix_opts o = {
      .seeds = COSIM_DEFAULT_SEEDS, .requests = COSIM_DEFAULT_REQUESTS, .first_seed = 1, .dir = "build/regress"};
  int rc = matrix_parse("regress", regress_usage, argc, argv, &o);
  if (rc >= 0) return rc;
  unsigned total = 0, n = 0;
  regress_job *all = regress_list(&o, &total);
  unsigned *idx = matrix_shard_jobs(&o, total, &n);
  regress_job *jobs = malloc((n ? n : 1) * sizeof *jobs);
  junit_case *cases = calloc(n ? n : 1, sizeof *cases);
  if (!all || !idx || !jobs || !cases) {
    fprintf(stderr, "mmucosim regress: out of memory\n");
    return 2;
  }
  for (unsigned i = 0; i < n; i++)
    jobs[i] = all[idx[i]];
  regress_ctx x = {.o = &o, .jobs = jobs};
  if (o.list) {
    for (unsigned i = 0; i < n; i++) {
      char label[96], prefix[512], cmd[256];
      cosim_config cfg = regress_config(&x, i, prefix, sizeof prefix);
      regress_label(&x, i, label, sizeof label);
      matrix_run_command(cmd, sizeof cmd, &cfg, cfg.requests);
      printf("%u %s %s\n", jobs[i].index + 1, label, cmd);
    }
    return 0;
  }
  runner r = {.jobs = n,
              .result_size = sizeof(cosim_stats),
              .run = regress_run,
              .label = regress_label,
              .verdict = regress_verdict,
              .ctx = &x};
  if ((rc = matrix_run_jobs("regress", "runs", total, &r, &o))) return rc;

  FILE *tsv;
  if (!matrix_open_tsv("regress", &o, &tsv)) return 2;
  table t = {regress_cols, REGRESS_COLS, stdout, tsv};
  table_header(&t);
  unsigned runs = 0, passed = 0, failed = 0;
  double seconds = 0;
  uint64_t cycles = 0, requests = 0;
  uint64_t contended = 0, cas_races = 0, cas_lost = 0, store_races = 0, fences_in_walks = 0, pokes = 0;
  uint64_t value_checked = 0, value_unchecked = 0, value_wrong = 0;
  for (unsigned i = 0; i < n; i++) {
    const runner_outcome *out = &r.outcomes[i];
    const cosim_stats *st = runner_result(&r, i);
    if (out->state == RUNNER_NOT_RUN) continue;
    regress_row(&t, &jobs[i], out, st);
    runs++;
    passed += !runner_failed(&r, i);
    seconds += st->seconds;
    cycles += st->cycles;
    requests += st->requests;
    contended += st->contended;
    cas_races += st->cas_races;
    cas_lost += st->cas_lost;
    store_races += st->store_races;
    fences_in_walks += st->fences_in_walks;
    pokes += st->pokes;
    value_checked += st->value_checked;
    value_unchecked += st->value_unchecked;
    value_wrong += st->value_mismatches;
  }
  printf("regress: %u runs, %" PRIu64 " requests, %" PRIu64 " RTL cycles in %.1f s (%.1f s wall, %u at once)\n", runs,
         requests, cycles, seconds, r.seconds, o.parallel);
  printf("regress: races: %" PRIu64 " contended grants, %" PRIu64 " A/D updates racing another walk (%" PRIu64
         " lost), %" PRIu64 " stores racing a walk, %" PRIu64 " TLB fences during another hart's walk, %" PRIu64
         " pokes\n",
         contended, cas_races, cas_lost, store_races, fences_in_walks, pokes);
  regress_known(&r, n);
  printf("regress: value checker: %" PRIu64 " reads held to the last store's bytes, %" PRIu64
         " under mixed memory types taken as they came; %" PRIu64 " wrong values\n",
         value_checked, value_unchecked, value_wrong);
  if (runs < n) printf("regress: stopped at the first failure: %u not run\n", n - runs);
  for (unsigned i = 0; i < n; i++)
    failed += runner_failed(&r, i);
  if (failed) printf("regress: %u failed (the log, the command that re-runs it, its waveform):\n", failed);
  for (unsigned i = 0; i < n; i++) {
    junit_case *jc = &cases[i];
    snprintf(jc->classname, sizeof jc->classname, "regress");
    regress_label(&x, i, jc->name, sizeof jc->name);
    jc->result = matrix_junit_outcome(&r, i, jc);
    regress_case(&x, &r, i, jc, runner_failed(&r, i));
  }
  printf("regress: %u passed, %u failed\n", passed, runs - passed);
  rc = matrix_write_junit("regress", &o, cases, n, r.seconds);
  int trc = matrix_close_tsv("regress", &o, tsv);
  if (!rc) rc = trc;
  if (!rc && o.coverage) rc = regress_coverage(&x, &r, n);
  runner_free(&r);
  free(all);
  free(idx);
  free(jobs);
  free(cases);
  return rc ? rc : failed ? 1 : 0;
}
