/*
 * The job runner of `mmucosim regress` and `mmucosim mutants`: a list of
 * independent jobs, each run in a forked child process, at most `parallel`
 * at once. A child's standard output and error go to its job's own log file
 * (DIR/LABEL.log), so that reports never interleave, and its result comes
 * back to the parent through a pipe as one record of result_size bytes after
 * the job's status. The parent keeps every outcome in job order: what the
 * caller prints from them does not depend on the number of processes.
 *
 * A child that crashes, is killed or exits without its record is an outcome
 * like any other (RUNNER_CRASHED, with a one-line reason), and one that runs
 * past the timeout is killed (RUNNER_TIMED_OUT): the parent never waits on a
 * dead or stuck job. With stop_first the first failure stops the run: no job
 * starts after it, the running ones are killed and, like the ones never
 * started, stay RUNNER_NOT_RUN.
 *
 * Progress goes to `progress` (NULL: none): on a terminal (tty) one line
 * rewritten in place with the jobs done, running and failed, the time so far
 * and an estimate of the time left; otherwise a plain line per finished job.
 * The line is cleared before runner_run returns.
 */
#ifndef MM_RUNNER_H
#define MM_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum runner_state {
  RUNNER_NOT_RUN,   /* never started, or stopped by stop_first */
  RUNNER_DONE,      /* the job sent its record: rc is its status */
  RUNNER_CRASHED,   /* the child ended without its record: why says how */
  RUNNER_TIMED_OUT, /* killed after the timeout */
} runner_state;

typedef struct runner_outcome {
  runner_state state;
  int rc;         /* RUNNER_DONE: the job's status (0 passed, anything else failed) */
  double seconds; /* wall time from the fork to the child's end, as the parent saw it */
  char why[96];   /* RUNNER_CRASHED, RUNNER_TIMED_OUT: "killed by signal 11 (Segmentation fault)" */
} runner_outcome;

typedef struct runner {
  /* the jobs */
  unsigned jobs;
  size_t result_size; /* bytes of each job's result (may be 0) */
  /* Runs job i in the child, with its standard output and error on the log:
   * fills result (zeroed, result_size bytes) and returns the job's status. */
  int (*run)(void *ctx, unsigned i, void *result);
  /* The job's name in progress lines and its log's file name: "h2-t16-l7-s3". */
  void (*label)(void *ctx, unsigned i, char *buf, size_t len);
  /* The word for a finished job's status in progress lines (NULL: "pass" for 0, "FAIL" otherwise). */
  const char *(*verdict)(void *ctx, unsigned i, int rc);
  void *ctx;
  /* how */
  const char *dir;   /* the logs' folder, made if missing */
  unsigned parallel; /* child processes at once, >= 1 */
  double timeout;    /* seconds a job may take before it is killed (0: no limit) */
  bool stop_first;   /* stop at the first failure */
  FILE *progress;    /* NULL: no progress */
  bool tty;          /* progress as one line rewritten in place */
  /* the outcome, in job order (runner_run allocates; runner_free releases) */
  runner_outcome *outcomes;
  unsigned char *results; /* jobs * result_size bytes: job i's at i * result_size */
  double seconds;         /* wall time of the whole run */
} runner;

/* Runs every job. false with a one-line message in err when the runner
 * itself cannot work (no log folder, no memory, fork or pipe failing). */
bool runner_run(runner *r, char *err, size_t errlen);
void runner_free(runner *r);

/* Whether job i ran and did not pass. */
bool runner_failed(const runner *r, unsigned i);
/* Job i's result record (zeros unless RUNNER_DONE). */
const void *runner_result(const runner *r, unsigned i);
/* DIR/LABEL.log of job i. */
void runner_log_path(const runner *r, unsigned i, char *buf, size_t len);

/* Whether job k (0-based, of the whole list) belongs to shard i of n
 * (1-based: 1 <= i <= n): jobs are dealt round-robin, so every shard gets a
 * share of every configuration and the shards cover the list exactly once. */
static inline bool runner_in_shard(unsigned k, unsigned i, unsigned n) { return k % n == i - 1; }

#endif
