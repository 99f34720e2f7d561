/*
 * mmucosim regress and mmucosim mutants: many co-simulation runs, one table.
 * Both make a job list, run it (or their shard of it) with the job runner
 * (runner.h: a forked child per job, its output in its own log, its result
 * back through a pipe), then print the table in job order, the totals, every
 * failure with the command that re-runs it, and JUnit XML (junit.h).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "junit.h"
#include "model/cov.h"
#include "model/pma.h"
#include "runner.h"
#include "table.h"
#include "tb/cosim/cosim.h"
#include "tb/verilator/rtl.h"

#define JOBS_MAX 1024 /* -j */

typedef struct matrix_opts {
  unsigned seeds;
  unsigned requests;
  uint64_t first_seed;
  unsigned parallel;      /* -j: child processes at once */
  unsigned shard, shards; /* run share `shard` (from 1) of `shards` */
  unsigned timeout;       /* seconds a job may take (0: no limit) */
  unsigned bug;           /* regress: the mutant build with this injected bug (0: none) */
  bool list;              /* print the job list instead of running it */
  bool stop_first;        /* stop at the first failure */
  const char *junit;      /* JUnit XML file (NULL: none) */
  const char *tsv;        /* the table as tab-separated values (NULL: none) */
  const char *coverage;   /* regress: the jobs' functional coverage added up (NULL: none) */
  const char *dir;        /* the jobs' logs and waveforms */
} matrix_opts;

/* The options regress and mutants share, for both usage texts. */
#define RUNNER_USAGE                                                                                                   \
  "  -j, --jobs N         runs at once, each in its own process (default: the\n"                                       \
  "                       online cores)\n"                                                                             \
  "      --shard I/N      run share I of N of the job list (I counts from 1; job J,\n"                                 \
  "                       counted from 1, is in share ((J - 1) mod N) + 1)\n"                                          \
  "      --list           print the job list (or the shard's), one job a line with\n"                                  \
  "                       its index, and exit\n"                                                                       \
  "      --junit FILE     write JUnit XML: a testcase per job with its time, its\n"                                    \
  "                       failure, the command that re-runs it and its log\n"                                          \
  "      --tsv FILE       write the table as tab-separated values, a header line\n"                                    \
  "                       naming the columns, then a line per row\n"                                                   \
  "      --stop-first     stop at the first failure (default: run every job)\n"                                        \
  "      --timeout S      kill a job that runs longer than S seconds (a failure)\n"

static int parse_matrix_opts(const char *cmd, const char *usage, int argc, char **argv, matrix_opts *o) {
  enum { OPT_SHARD = 256, OPT_LIST, OPT_JUNIT, OPT_STOP_FIRST, OPT_DIR, OPT_TIMEOUT, OPT_BUG, OPT_TSV, OPT_COVERAGE };
  static const struct option longopts[] = {
      {"seeds", required_argument, NULL, 'S'},
      {"requests", required_argument, NULL, 'n'},
      {"first-seed", required_argument, NULL, 's'},
      {"jobs", required_argument, NULL, 'j'},
      {"shard", required_argument, NULL, OPT_SHARD},
      {"list", no_argument, NULL, OPT_LIST},
      {"junit", required_argument, NULL, OPT_JUNIT},
      {"tsv", required_argument, NULL, OPT_TSV},
      {"coverage", required_argument, NULL, OPT_COVERAGE},
      {"stop-first", no_argument, NULL, OPT_STOP_FIRST},
      {"dir", required_argument, NULL, OPT_DIR},
      {"timeout", required_argument, NULL, OPT_TIMEOUT},
      {"bug", required_argument, NULL, OPT_BUG},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  o->parallel = cores < 1 ? 1 : cores > JOBS_MAX ? JOBS_MAX : (unsigned)cores;
  o->shard = o->shards = 1;
  int c;
  uint64_t v;
  optind = 1;
  while ((c = getopt_long(argc, argv, "S:n:s:j:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'S':
      if (!cli_number(cmd, "--seeds", optarg, 1, 100000, &v)) return 2;
      o->seeds = (unsigned)v;
      break;
    case 'n':
      if (!cli_number(cmd, "--requests", optarg, 1, 10000000, &v)) return 2;
      o->requests = (unsigned)v;
      break;
    case 's':
      if (!cli_number(cmd, "--first-seed", optarg, 0, 0x7fffffff, &v)) return 2;
      o->first_seed = v;
      break;
    case 'j':
      if (!cli_number(cmd, "-j", optarg, 1, JOBS_MAX, &v)) return 2;
      o->parallel = (unsigned)v;
      break;
    case OPT_SHARD:
      if (!cli_shard(cmd, optarg, &o->shard, &o->shards)) return 2;
      break;
    case OPT_LIST: o->list = true; break;
    case OPT_JUNIT: o->junit = optarg; break;
    case OPT_TSV: o->tsv = optarg; break;
    case OPT_COVERAGE:
      if (strcmp(cmd, "regress")) {
        fprintf(stderr, "mmucosim %s: --coverage is regress's option\n", cmd);
        return 2;
      }
      o->coverage = optarg;
      break;
    case OPT_STOP_FIRST: o->stop_first = true; break;
    case OPT_DIR: o->dir = optarg; break;
    case OPT_TIMEOUT:
      if (!cli_number(cmd, "--timeout", optarg, 1, 7 * 24 * 3600, &v)) return 2;
      o->timeout = (unsigned)v;
      break;
    case OPT_BUG:
      if (strcmp(cmd, "regress")) {
        fprintf(stderr, "mmucosim %s: --bug is regress's option (mutants runs every bug)\n", cmd);
        return 2;
      }
      if (!rtl_bug_count()) {
        fprintf(stderr, "mmucosim %s: --bug: this binary has no mutant build\n", cmd);
        return 2;
      }
      if (!cli_number(cmd, "--bug", optarg, 1, rtl_bug_count(), &v)) return 2;
      o->bug = (unsigned)v;
      break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "mmucosim %s: unexpected argument '%s'\n", cmd, argv[optind]);
    return 2;
  }
  /* refuse a path we cannot write before the runs, not after */
  const char *outputs[][2] = {{"--junit", o->junit}, {"--tsv", o->tsv}, {"--coverage", o->coverage}};
  for (unsigned k = 0; k < 3 && !o->list; k++) {
    if (!outputs[k][1]) continue;
    FILE *f = fopen(outputs[k][1], "a");
    if (!f) {
      fprintf(stderr, "mmucosim %s: %s: cannot write %s\n", cmd, outputs[k][0], outputs[k][1]);
      return 2;
    }
    fclose(f);
  }
  return -1;
}

/* The shard's jobs of a list of `total`: their 0-based indices in the whole list. */
static unsigned *shard_jobs(const matrix_opts *o, unsigned total, unsigned *n) {
  unsigned *idx = malloc((total ? total : 1) * sizeof *idx);
  *n = 0;
  for (unsigned k = 0; idx && k < total; k++)
    if (runner_in_shard(k, o->shard, o->shards)) idx[(*n)++] = k;
  return idx;
}

/* The command that runs one lockstep run alone. */
static void run_command(char *buf, size_t len, const cosim_config *cfg, unsigned requests) {
  int n = snprintf(buf, len, "build/mmucosim run --seed %" PRIu64 " --requests %u --harts %u --tlb %u --latency %u",
                   cfg->seed, requests, cfg->harts, cfg->tlb_entries, cfg->mem_latency);
  if (cfg->bug && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " --bug %u", cfg->bug);
  if (cfg->mutant_build && !cfg->bug && n > 0 && (size_t)n < len) snprintf(buf + n, len - (size_t)n, " --mutant-build");
}

/* Runs the shard's jobs of a list of `total` (`what`: "runs") after a line
 * that says which and how; the caller prints the outcome. */
static int run_jobs(const char *cmd, const char *what, unsigned total, runner *r, const matrix_opts *o) {
  if (o->shards > 1)
    printf("%s: shard %u of %u: %u of %u %s, %u at once; logs in %s/\n", cmd, o->shard, o->shards, r->jobs, total, what,
           o->parallel, o->dir);
  else
    printf("%s: %u %s, %u at once; logs in %s/\n", cmd, r->jobs, what, o->parallel, o->dir);
  r->dir = o->dir;
  r->parallel = o->parallel;
  r->timeout = o->timeout;
  r->stop_first = o->stop_first;
  r->progress = stdout;
  r->tty = isatty(STDOUT_FILENO);
  char err[256];
  if (!runner_run(r, err, sizeof err)) {
    fprintf(stderr, "mmucosim %s: %s\n", cmd, err);
    return 2;
  }
  return 0;
}

/* "CRASHED: killed by signal 11 (Segmentation fault)" for a job without a result. */
static const char *no_result(const runner_outcome *out, char *buf, size_t len) {
  snprintf(buf, len, "%s: %s", out->state == RUNNER_TIMED_OUT ? "TIMED OUT" : "CRASHED", out->why);
  return buf;
}

/* A job that did not pass as a JUnit result and its message; for a failure
 * (the job's own verdict) the caller writes the message. */
static junit_result junit_outcome(const runner *r, unsigned i, junit_case *jc) {
  const runner_outcome *out = &r->outcomes[i];
  jc->seconds = out->seconds;
  switch (out->state) {
  case RUNNER_NOT_RUN: snprintf(jc->message, sizeof jc->message, "not run: stopped at an earlier failure"); break;
  case RUNNER_CRASHED:
  case RUNNER_TIMED_OUT: no_result(out, jc->message, sizeof jc->message); break;
  case RUNNER_DONE:
    if (out->rc == 2) snprintf(jc->message, sizeof jc->message, "could not run: a configuration error (see the log)");
  }
  return out->state == RUNNER_NOT_RUN                ? JUNIT_SKIPPED
         : out->state != RUNNER_DONE || out->rc == 2 ? JUNIT_ERROR
         : out->rc                                   ? JUNIT_FAILURE
                                                     : JUNIT_PASSED;
}

static int write_junit(const char *cmd, const matrix_opts *o, const junit_case *cases, unsigned n, double seconds) {
  if (!o->junit) return 0;
  char suite[64], err[256];
  if (o->shards > 1)
    snprintf(suite, sizeof suite, "mmucosim %s, shard %u of %u", cmd, o->shard, o->shards);
  else
    snprintf(suite, sizeof suite, "mmucosim %s", cmd);
  if (junit_write(o->junit, suite, cases, n, seconds, err, sizeof err)) return 0;
  fprintf(stderr, "mmucosim %s: %s\n", cmd, err);
  return 2;
}

/* ---- regress ------------------------------------------------------------ */

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
  cfg.fail_prefix = prefix;
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
  run_command(cmd, sizeof cmd, &cfg, cfg.requests);
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
    cells[20] = no_result(out, why, sizeof why);
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
static bool open_tsv(const char *cmd, const matrix_opts *o, FILE **f) {
  *f = NULL;
  if (!o->tsv) return true;
  if ((*f = fopen(o->tsv, "w"))) return true;
  fprintf(stderr, "mmucosim %s: --tsv: cannot write %s\n", cmd, o->tsv);
  return false;
}

static int close_tsv(const char *cmd, const matrix_opts *o, FILE *f) {
  if (!f) return 0;
  bool ok = !ferror(f);
  if (fclose(f) || !ok) {
    fprintf(stderr, "mmucosim %s: --tsv: cannot write %s\n", cmd, o->tsv);
    return 2;
  }
  return 0;
}

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
  run_command(cmd, sizeof cmd, &cfg, mismatch ? st->rerun_requests : cfg.requests);
  if (mismatch) {
    snprintf(jc->message, sizeof jc->message, "MISMATCH at request %u (hart %u, edge %" PRIu64 ")",
             st->mismatch_request, st->mismatch_hart, st->mismatch_edge);
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
  int rc = parse_matrix_opts("regress", regress_usage, argc, argv, &o);
  if (rc >= 0) return rc;
  unsigned total = 0, n = 0;
  regress_job *all = regress_list(&o, &total);
  unsigned *idx = shard_jobs(&o, total, &n);
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
      run_command(cmd, sizeof cmd, &cfg, cfg.requests);
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
  if ((rc = run_jobs("regress", "runs", total, &r, &o))) return rc;

  FILE *tsv;
  if (!open_tsv("regress", &o, &tsv)) return 2;
  table t = {regress_cols, REGRESS_COLS, stdout, tsv};
  table_header(&t);
  unsigned runs = 0, passed = 0, failed = 0;
  double seconds = 0;
  uint64_t cycles = 0, requests = 0;
  uint64_t contended = 0, cas_races = 0, cas_lost = 0, store_races = 0, fences_in_walks = 0, pokes = 0;
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
  }
  printf("regress: %u runs, %" PRIu64 " requests, %" PRIu64 " RTL cycles in %.1f s (%.1f s wall, %u at once)\n", runs,
         requests, cycles, seconds, r.seconds, o.parallel);
  printf("regress: races: %" PRIu64 " contended grants, %" PRIu64 " A/D updates racing another walk (%" PRIu64
         " lost), %" PRIu64 " stores racing a walk, %" PRIu64 " TLB fences during another hart's walk, %" PRIu64
         " pokes\n",
         contended, cas_races, cas_lost, store_races, fences_in_walks, pokes);
  if (runs < n) printf("regress: stopped at the first failure: %u not run\n", n - runs);
  for (unsigned i = 0; i < n; i++)
    failed += runner_failed(&r, i);
  if (failed) printf("regress: %u failed (the log, the command that re-runs it, its waveform):\n", failed);
  for (unsigned i = 0; i < n; i++) {
    junit_case *jc = &cases[i];
    snprintf(jc->classname, sizeof jc->classname, "regress");
    regress_label(&x, i, jc->name, sizeof jc->name);
    jc->result = junit_outcome(&r, i, jc);
    regress_case(&x, &r, i, jc, runner_failed(&r, i));
  }
  printf("regress: %u passed, %u failed\n", passed, runs - passed);
  rc = write_junit("regress", &o, cases, n, r.seconds);
  int trc = close_tsv("regress", &o, tsv);
  if (!rc) rc = trc;
  if (!rc && o.coverage) rc = regress_coverage(&x, &r, n);
  runner_free(&r);
  free(all);
  free(idx);
  free(jobs);
  free(cases);
  return rc ? rc : failed ? 1 : 0;
}

/* ---- mutants ------------------------------------------------------------ */

static const char mutants_usage[] =
    "usage: mmucosim mutants [options]\n"
    "\n"
    "Shows that the co-simulation catches every injected RTL bug: for each bug\n"
    "of the mutant build, lockstep runs (2 harts, TLB 16, latency 3) over\n"
    "consecutive seeds until the first mismatch, and a table of how many\n"
    "requests it took. A bug that survives every seed fails the command. A\n"
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
  unsigned seed; /* the catching seed (the control: the mismatching one) */
  unsigned at;   /* requests it took */
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
      *res = (mutant_result){(unsigned)cfg.seed, st.mismatch_request + 1};
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
  int rc = parse_matrix_opts("mutants", mutants_usage, argc, argv, &o);
  if (rc >= 0) return rc;
  unsigned bugs = rtl_bug_count();
  if (!bugs) {
    fprintf(stderr, "mmucosim mutants: this binary has no mutant build\n");
    return 2;
  }
  /* Job 0 is the control: the mutant build with no bug selected must agree
   * with the model on every seed, or the other rows prove nothing. */
  unsigned n = 0;
  unsigned *list = shard_jobs(&o, bugs + 1, &n);
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
  if ((rc = run_jobs("mutants", "rows", bugs + 1, &r, &o))) return rc;

  static const table_col cols[] = {{"bug", -4}, {"name", -34}, {"seed", 8}, {"requests", 12}, {"result", 0}};
  FILE *tsv;
  if (!open_tsv("mutants", &o, &tsv)) return 2;
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
    jc->result = junit_outcome(&r, i, jc);
    bool done = out->state == RUNNER_DONE && out->rc != 2;
    bool mismatched = done && (bug ? out->rc == 0 : out->rc == 1);
    if (mismatched) {
      cosim_config cfg = mutant_config(&o, bug, res->seed);
      run_command(cmd, sizeof cmd, &cfg, res->at);
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
               out->state == RUNNER_DONE ? "ERROR (see the log)" : no_result(out, why, sizeof why));
    else if (bug)
      snprintf(result, sizeof result, mismatched ? "caught" : "SURVIVED %u seeds", o.seeds);
    else
      snprintf(result, sizeof result, mismatched ? "MISMATCH (the mutant build without a bug)" : "pass, %u seeds",
               o.seeds);
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
  rc = write_junit("mutants", &o, cases, n, r.seconds);
  int trc = close_tsv("mutants", &o, tsv);
  if (!rc) rc = trc;
  runner_free(&r);
  free(list);
  free(cases);
  return rc ? rc : failed ? 1 : 0;
}
