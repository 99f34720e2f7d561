/* The options and the job runs regress and mutants share (matrix.h). */
#include "matrix.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tb/cosim/dut.h"
#include "tb/verilator/rtl.h"

int matrix_parse(const char *cmd, const char *usage, int argc, char **argv, matrix_opts *o) {
  enum {
    OPT_SHARD = 256,
    OPT_LIST,
    OPT_JUNIT,
    OPT_STOP_FIRST,
    OPT_DIR,
    OPT_TIMEOUT,
    OPT_BUG,
    OPT_TSV,
    OPT_COVERAGE,
    OPT_DUT
  };
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
      {"dut", required_argument, NULL, OPT_DUT},
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
    case OPT_DUT:
      if (strcmp(cmd, "regress")) {
        fprintf(stderr, "mmucosim %s: --dut is regress's option (the injected bugs are the project's RTL's)\n", cmd);
        return 2;
      }
      if (!dut_class_find(optarg)) {
        fprintf(stderr, "mmucosim %s: --dut '%s': expected", cmd, optarg);
        for (unsigned i = 0; i < dut_class_count(); i++)
          fprintf(stderr, "%s%s", i ? (i + 1 == dut_class_count() ? " or " : ", ") : " ", dut_class_at(i)->name);
        fprintf(stderr, "\n");
        return 2;
      }
      o->dut = optarg;
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
unsigned *matrix_shard_jobs(const matrix_opts *o, unsigned total, unsigned *n) {
  unsigned *idx = malloc((total ? total : 1) * sizeof *idx);
  *n = 0;
  for (unsigned k = 0; idx && k < total; k++)
    if (runner_in_shard(k, o->shard, o->shards)) idx[(*n)++] = k;
  return idx;
}

/* The command that runs one lockstep run alone. */
void matrix_run_command(char *buf, size_t len, const cosim_config *cfg, unsigned requests) {
  int n = snprintf(buf, len, "build/mmucosim run --seed %" PRIu64 " --requests %u --harts %u --tlb %u --latency %u",
                   cfg->seed, requests, cfg->harts, cfg->tlb_entries, cfg->mem_latency);
  if (cfg->bug && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " --bug %u", cfg->bug);
  if (cfg->mutant_build && !cfg->bug && n > 0 && (size_t)n < len)
    n += snprintf(buf + n, len - (size_t)n, " --mutant-build");
  if (cfg->dut && n > 0 && (size_t)n < len) snprintf(buf + n, len - (size_t)n, " --dut %s", cfg->dut);
}

/* Runs the shard's jobs of a list of `total` (`what`: "runs") after a line
 * that says which and how; the caller prints the outcome. */
int matrix_run_jobs(const char *cmd, const char *what, unsigned total, runner *r, const matrix_opts *o) {
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
const char *matrix_no_result(const runner_outcome *out, char *buf, size_t len) {
  snprintf(buf, len, "%s: %s", out->state == RUNNER_TIMED_OUT ? "TIMED OUT" : "CRASHED", out->why);
  return buf;
}

/* A job that did not pass as a JUnit result and its message; for a failure
 * (the job's own verdict) the caller writes the message. */
junit_result matrix_junit_outcome(const runner *r, unsigned i, junit_case *jc) {
  const runner_outcome *out = &r->outcomes[i];
  jc->seconds = out->seconds;
  switch (out->state) {
  case RUNNER_NOT_RUN: snprintf(jc->message, sizeof jc->message, "not run: stopped at an earlier failure"); break;
  case RUNNER_CRASHED:
  case RUNNER_TIMED_OUT: matrix_no_result(out, jc->message, sizeof jc->message); break;
  case RUNNER_DONE:
    if (out->rc == 2) snprintf(jc->message, sizeof jc->message, "could not run: a configuration error (see the log)");
  }
  return out->state == RUNNER_NOT_RUN                ? JUNIT_SKIPPED
         : out->state != RUNNER_DONE || out->rc == 2 ? JUNIT_ERROR
         : out->rc                                   ? JUNIT_FAILURE
                                                     : JUNIT_PASSED;
}

int matrix_write_junit(const char *cmd, const matrix_opts *o, const junit_case *cases, unsigned n, double seconds) {
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

bool matrix_open_tsv(const char *cmd, const matrix_opts *o, FILE **f) {
  *f = NULL;
  if (!o->tsv) return true;
  if ((*f = fopen(o->tsv, "w"))) return true;
  fprintf(stderr, "mmucosim %s: --tsv: cannot write %s\n", cmd, o->tsv);
  return false;
}

int matrix_close_tsv(const char *cmd, const matrix_opts *o, FILE *f) {
  if (!f) return 0;
  bool ok = !ferror(f);
  if (fclose(f) || !ok) {
    fprintf(stderr, "mmucosim %s: --tsv: cannot write %s\n", cmd, o->tsv);
    return 2;
  }
  return 0;
}
