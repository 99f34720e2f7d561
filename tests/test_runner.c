/*
 * The job runner of regress and mutants (tb/cli/runner.h) on jobs of its own
 * (no RTL, so under the sanitizers too): outcomes in job order whatever the
 * number of processes, each job's output in its own log, children that crash,
 * exit early or hang as outcomes with a reason, --stop-first; the shard rule
 * and the --shard parser; JUnit XML with characters to escape.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tb/cli/cli.h"
#include "tb/cli/junit.h"
#include "tb/cli/runner.h"

/* What each test job does, by its index. */
typedef enum { JOB_PASS, JOB_FAIL, JOB_SIGKILL, JOB_ABORT, JOB_EXIT3, JOB_HANG } job_kind;

typedef struct jobs {
  const job_kind *kind;
} jobs;

static int job_run(void *ctx, unsigned i, void *result) {
  const jobs *j = ctx;
  printf("job %u here\n", i);
  fprintf(stderr, "job %u on stderr\n", i);
  *(unsigned *)result = i * i + 7;
  switch (j->kind[i]) {
  case JOB_PASS: return 0;
  case JOB_FAIL: return 1;
  case JOB_SIGKILL: kill(getpid(), SIGKILL); break;
  case JOB_ABORT: abort();
  case JOB_EXIT3: fflush(NULL); _exit(3);
  case JOB_HANG:
    for (;;)
      pause();
  }
  return 0;
}

static void job_label(void *ctx, unsigned i, char *buf, size_t len) {
  (void)ctx;
  snprintf(buf, len, "job%u", i);
}

/* A folder of this test process's own (tests run side by side). */
static void test_dir(char *buf, size_t len, const char *name) {
  mkdir("build", 0777);
  mkdir("build/tests", 0777);
  snprintf(buf, len, "build/tests/runner.%d.%s", (int)getpid(), name);
}

static runner make_runner(const jobs *j, unsigned n, unsigned parallel, const char *dir) {
  return (runner){.jobs = n,
                  .result_size = sizeof(unsigned),
                  .run = job_run,
                  .label = job_label,
                  .ctx = (void *)j,
                  .dir = dir,
                  .parallel = parallel};
}

static void run_ok(runner *r) {
  char err[256] = "";
  cr_assert(runner_run(r, err, sizeof err), "runner_run: %s", err);
}

Test(runner, outcomes_are_in_job_order_whatever_the_parallelism) {
  static const job_kind kind[] = {JOB_PASS, JOB_FAIL, JOB_PASS, JOB_PASS, JOB_FAIL, JOB_PASS, JOB_PASS};
  unsigned n = sizeof kind / sizeof kind[0];
  jobs j = {kind};
  char dir[128];
  test_dir(dir, sizeof dir, "order");
  for (unsigned parallel = 1; parallel <= 4; parallel += 3) {
    runner r = make_runner(&j, n, parallel, dir);
    run_ok(&r);
    for (unsigned i = 0; i < n; i++) {
      cr_assert_eq(r.outcomes[i].state, RUNNER_DONE, "-j %u job %u: state %d", parallel, i, r.outcomes[i].state);
      cr_assert_eq(r.outcomes[i].rc, kind[i] == JOB_FAIL, "-j %u job %u: rc %d", parallel, i, r.outcomes[i].rc);
      cr_assert_eq(runner_failed(&r, i), kind[i] == JOB_FAIL, "-j %u job %u", parallel, i);
      unsigned got = *(const unsigned *)runner_result(&r, i);
      cr_assert_eq(got, i * i + 7, "-j %u job %u: result %u, want %u", parallel, i, got, i * i + 7);
    }
    runner_free(&r);
  }
}

Test(runner, each_job_writes_its_own_log) {
  static const job_kind kind[] = {JOB_PASS, JOB_FAIL, JOB_PASS};
  jobs j = {kind};
  char dir[128];
  test_dir(dir, sizeof dir, "logs/deeper"); /* made with its parents */
  runner r = make_runner(&j, 3, 2, dir);
  run_ok(&r);
  for (unsigned i = 0; i < 3; i++) {
    char path[256], text[256] = "", want[64];
    runner_log_path(&r, i, path, sizeof path);
    FILE *f = fopen(path, "r");
    cr_assert(f, "no log %s", path);
    size_t len = fread(text, 1, sizeof text - 1, f);
    text[len] = '\0';
    fclose(f);
    snprintf(want, sizeof want, "job %u here\njob %u on stderr\n", i, i);
    cr_assert_str_eq(text, want, "%s", path);
  }
  runner_free(&r);
}

Test(runner, a_child_that_dies_is_an_outcome_with_its_reason, .timeout = 30) {
  static const job_kind kind[] = {JOB_PASS, JOB_SIGKILL, JOB_PASS, JOB_ABORT, JOB_EXIT3, JOB_PASS};
  jobs j = {kind};
  char dir[128];
  test_dir(dir, sizeof dir, "crash");
  runner r = make_runner(&j, 6, 2, dir);
  run_ok(&r);
  static const char *const why[] = {NULL, "killed by signal 9", NULL, "killed by signal 6", "exited with status 3",
                                    NULL};
  for (unsigned i = 0; i < 6; i++) {
    const runner_outcome *o = &r.outcomes[i];
    if (!why[i]) {
      cr_assert(o->state == RUNNER_DONE && o->rc == 0, "job %u: state %d rc %d (%s)", i, o->state, o->rc, o->why);
      continue;
    }
    cr_assert_eq(o->state, RUNNER_CRASHED, "job %u: state %d", i, o->state);
    cr_assert(runner_failed(&r, i), "job %u", i);
    cr_assert(!strncmp(o->why, why[i], strlen(why[i])), "job %u: '%s', want '%s...'", i, o->why, why[i]);
  }
  runner_free(&r);
}

Test(runner, a_job_past_the_timeout_is_killed, .timeout = 30) {
  static const job_kind kind[] = {JOB_HANG, JOB_PASS, JOB_PASS};
  jobs j = {kind};
  char dir[128];
  test_dir(dir, sizeof dir, "timeout");
  runner r = make_runner(&j, 3, 2, dir);
  r.timeout = 0.3;
  run_ok(&r);
  cr_assert_eq(r.outcomes[0].state, RUNNER_TIMED_OUT, "state %d", r.outcomes[0].state);
  cr_assert(strstr(r.outcomes[0].why, "timed out after 0.3 s"), "%s", r.outcomes[0].why);
  cr_assert(r.outcomes[0].seconds >= 0.3 && r.outcomes[0].seconds < 5, "%.2f s", r.outcomes[0].seconds);
  cr_assert(r.outcomes[1].state == RUNNER_DONE && r.outcomes[2].state == RUNNER_DONE);
  runner_free(&r);
}

Test(runner, stop_first_runs_nothing_after_the_first_failure) {
  static const job_kind kind[] = {JOB_PASS, JOB_FAIL, JOB_PASS, JOB_PASS};
  jobs j = {kind};
  char dir[128];
  test_dir(dir, sizeof dir, "stop");
  runner r = make_runner(&j, 4, 1, dir);
  r.stop_first = true;
  run_ok(&r);
  cr_assert_eq(r.outcomes[0].state, RUNNER_DONE);
  cr_assert(runner_failed(&r, 1));
  for (unsigned i = 2; i < 4; i++) {
    cr_assert_eq(r.outcomes[i].state, RUNNER_NOT_RUN, "job %u: state %d", i, r.outcomes[i].state);
    cr_assert(!runner_failed(&r, i), "job %u", i);
  }
  runner_free(&r);
}

Test(runner, plain_progress_is_a_line_per_finished_job) {
  static const job_kind kind[] = {JOB_PASS, JOB_FAIL, JOB_SIGKILL};
  jobs j = {kind};
  char dir[128], text[1024];
  test_dir(dir, sizeof dir, "progress");
  FILE *p = tmpfile();
  cr_assert(p);
  runner r = make_runner(&j, 3, 1, dir);
  r.progress = p;
  run_ok(&r);
  rewind(p);
  size_t len = fread(text, 1, sizeof text - 1, p);
  text[len] = '\0';
  fclose(p);
  cr_assert(strstr(text, "[1/3] job0 pass (") && strstr(text, "[2/3] job1 FAIL (") &&
                strstr(text, "[3/3] job2 CRASHED ("),
            "%s", text);
  cr_assert(strstr(text, "; 2 failed; ") && strstr(text, "elapsed, ETA 0:00\n"), "%s", text);
  cr_assert(!strchr(text, '\r'), "%s", text);
  runner_free(&r);
}

Test(runner, shards_cover_every_job_once) {
  for (unsigned n = 1; n <= 5; n++)
    for (unsigned k = 0; k < 100; k++) {
      unsigned in = 0;
      for (unsigned i = 1; i <= n; i++)
        in += runner_in_shard(k, i, n);
      cr_assert_eq(in, 1, "job %u is in %u of %u shards", k, in, n);
    }
}

Test(runner, shard_option_is_i_of_n_counted_from_1) {
  static const struct {
    const char *arg;
    bool ok;
    unsigned i, n;
  } cases[] = {{"1/1", true, 1, 1},   {"3/4", true, 3, 4},   {"4/4", true, 4, 4},   {"0/4", false, 0, 0},
               {"5/4", false, 0, 0},  {"1/0", false, 0, 0},  {"x", false, 0, 0},    {"1/", false, 0, 0},
               {"/2", false, 0, 0},   {"1/2x", false, 0, 0}, {"-1/2", false, 0, 0}, {" 1/2", false, 0, 0},
               {"1/ 2", false, 0, 0}, {"1/-2", false, 0, 0}, {"", false, 0, 0},     {"1/10001", false, 0, 0}};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    unsigned i = 0, n = 0;
    bool ok = cli_shard("test", cases[k].arg, &i, &n);
    cr_assert_eq(ok, cases[k].ok, "'%s': %s", cases[k].arg, ok ? "taken" : "refused");
    if (ok) cr_assert(i == cases[k].i && n == cases[k].n, "'%s': %u/%u", cases[k].arg, i, n);
  }
}

Test(junit, special_characters_are_escaped_and_the_file_validates) {
  char path[128], err[256] = "", cmd[512];
  test_dir(path, sizeof path, "junit.xml");
  junit_case c[3] = {
      {.classname = "regress", .name = "h1-t16-l1-s1", .seconds = 0.25, .result = JUNIT_PASSED, .out = "log: a&b\n"},
      {.classname = "regress",
       .name = "<odd \"name\">",
       .seconds = 1,
       .result = JUNIT_FAILURE,
       .message = "MISMATCH at request 3 & 'more' <here>\x01",
       .out = "re-run: x < y\n"},
      {.classname = "mutants", .name = "bug-07 x", .result = JUNIT_ERROR, .message = "CRASHED: killed by signal 9"},
  };
  cr_assert(junit_write(path, "mmucosim test", c, 3, 1.5, err, sizeof err), "%s", err);
  snprintf(cmd, sizeof cmd, "xmllint --noout --schema tests/junit.xsd %s 2>/dev/null", path);
  cr_assert_eq(system(cmd), 0, "%s does not validate (is libxml2-utils installed? make deps)", path);
  FILE *f = fopen(path, "r");
  char text[4096];
  size_t len = fread(text, 1, sizeof text - 1, f);
  text[len] = '\0';
  fclose(f);
  cr_assert(strstr(text, "<failure message=\"MISMATCH at request 3 &amp; &apos;more&apos; &lt;here&gt;\"/>"), "%s",
            text);
  cr_assert(strstr(text, "tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\""), "%s", text);
  cr_assert(strstr(text, "name=\"&lt;odd &quot;name&quot;&gt;\""), "%s", text);
}
