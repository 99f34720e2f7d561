/*
 * What mmucosim regress and mmucosim mutants share: the options of a matrix
 * of runs (the job count, the shard, the list, JUnit, TSV, the stop and the
 * time limit), the job list's shard, the run through the job runner
 * (runner.h), a job's JUnit outcome and the command that re-runs a run.
 */
#ifndef MM_MATRIX_H
#define MM_MATRIX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "junit.h"
#include "runner.h"
#include "tb/cosim/cosim.h"

#define JOBS_MAX 1024 /* -j */

typedef struct matrix_opts {
  unsigned seeds;
  unsigned requests;
  uint64_t first_seed;
  unsigned parallel;      /* -j: child processes at once */
  unsigned shard, shards; /* run share `shard` (from 1) of `shards` */
  unsigned timeout;       /* seconds a job may take (0: no limit) */
  unsigned bug;           /* regress: the mutant build with this injected bug (0: none) */
  const char *dut;        /* regress: the device under test by name (NULL: the project's RTL) */
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

int matrix_parse(const char *cmd, const char *usage, int argc, char **argv, matrix_opts *o);
unsigned *matrix_shard_jobs(const matrix_opts *o, unsigned total, unsigned *n);
void matrix_run_command(char *buf, size_t len, const cosim_config *cfg, unsigned requests);
int matrix_run_jobs(const char *cmd, const char *what, unsigned total, runner *r, const matrix_opts *o);
const char *matrix_no_result(const runner_outcome *out, char *buf, size_t len);
junit_result matrix_junit_outcome(const runner *r, unsigned i, junit_case *jc);
int matrix_write_junit(const char *cmd, const matrix_opts *o, const junit_case *cases, unsigned n, double seconds);
bool matrix_open_tsv(const char *cmd, const matrix_opts *o, FILE **f);
int matrix_close_tsv(const char *cmd, const matrix_opts *o, FILE *f);

#endif
