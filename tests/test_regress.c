/*
 * mmucosim regress and mutants as a user runs them (build/mmucosim, short
 * runs): the shards of --shard I/N cover the job list exactly once, bad
 * --shard and -j values are refused with one line and status 2, the JUnit
 * file validates against tests/junit.xsd and reports a failing run with the
 * command that re-runs it, --stop-first stops, and -j 1 and -j 2 print the
 * same table.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tb/verilator/rtl.h"

/* Runs a shell command; its standard output (and error, with merge) in a
 * malloc'd string. Returns the exit status. */
static int capture(const char *cmd, bool merge, char **out) {
  char full[1024];
  snprintf(full, sizeof full, "%s%s", cmd, merge ? " 2>&1" : "");
  FILE *p = popen(full, "r");
  cr_assert(p, "cannot run %s", cmd);
  size_t len = 0, cap = 1 << 16;
  char *text = malloc(cap);
  size_t n;
  while ((n = fread(text + len, 1, cap - len - 1, p)) > 0) {
    len += n;
    if (cap - len < 4096) text = realloc(text, cap *= 2);
  }
  text[len] = '\0';
  int status = pclose(p);
  *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A folder of this test process's own (tests run side by side). */
static void test_dir(char *buf, size_t len, const char *name) {
  mkdir("build/tests", 0777);
  snprintf(buf, len, "build/tests/regress.%d.%s", (int)getpid(), name);
}

static unsigned count_lines(const char *s) {
  unsigned n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

Test(regress, shards_cover_the_job_list_exactly_once) {
  static const char *const cmds[] = {"regress --seeds 3", "mutants"};
  for (unsigned c = 0; c < 2; c++)
    for (unsigned n = 1; n <= 5; n++) {
      char cmd[256], *all;
      snprintf(cmd, sizeof cmd, "build/mmucosim %s --list", cmds[c]);
      cr_assert_eq(capture(cmd, false, &all), 0, "%s", cmd);
      unsigned jobs = count_lines(all), seen = 0;
      cr_assert_gt(jobs, 10, "%s: %u jobs", cmd, jobs);
      /* each line of the whole list exactly once over the shards, and nothing else */
      for (unsigned i = 1; i <= n; i++) {
        char *part;
        snprintf(cmd, sizeof cmd, "build/mmucosim %s --list --shard %u/%u", cmds[c], i, n);
        cr_assert_eq(capture(cmd, false, &part), 0, "%s", cmd);
        for (char *line = strtok(part, "\n"); line; line = strtok(NULL, "\n")) {
          char *at = strstr(all, line);
          cr_assert(at && (at == all || at[-1] == '\n') && at[strlen(line)] == '\n', "%s: '%s' not in the list", cmd,
                    line);
          at[0] = '#'; /* taken: another shard with the same line would not find it */
          seen++;
        }
        free(part);
      }
      cr_assert_eq(seen, jobs, "%s over %u shards: %u jobs, want %u", cmds[c], n, seen, jobs);
      free(all);
    }
}

Test(regress, bad_shard_and_jobs_values_are_one_line_and_status_2) {
  static const char *const args[] = {"--shard 0/4", "--shard 5/4",   "--shard 1/0", "--shard x",
                                     "--shard 2",   "--shard 1/2/3", "-j 0",        "-j x",
                                     "-j -1",       "-j 100000",     "--jobs 1.5"};
  static const char *const cmds[] = {"regress", "mutants"};
  for (unsigned c = 0; c < 2; c++)
    for (unsigned k = 0; k < sizeof args / sizeof args[0]; k++) {
      char cmd[128], *out, prefix[32];
      snprintf(cmd, sizeof cmd, "build/mmucosim %s %s", cmds[c], args[k]);
      int rc = capture(cmd, true, &out);
      cr_assert_eq(rc, 2, "%s: exit %d:\n%s", cmd, rc, out);
      cr_assert_eq(count_lines(out), 1, "%s: not one line:\n%s", cmd, out);
      snprintf(prefix, sizeof prefix, "mmucosim %s: ", cmds[c]);
      cr_assert(!strncmp(out, prefix, strlen(prefix)), "%s: %s", cmd, out);
      free(out);
    }
}

/* Regress on the mutant build with an arbiter bug only contention shows:
 * the 1-hart run passes, the 2- and 4-hart runs fail. */
Test(regress, junit_validates_and_reports_the_failing_runs, .timeout = 120) {
  char dir[128], xml[160], cmd[1024], *out, *text;
  test_dir(dir, sizeof dir, "junit");
  snprintf(xml, sizeof xml, "%s.xml", dir);
  snprintf(cmd, sizeof cmd, "build/mmucosim regress --bug 40 --seeds 1 --requests 200 -j 2 --dir %s --junit %s", dir,
           xml);
  int rc = capture(cmd, true, &out);
  cr_assert_eq(rc, 1, "%s: exit %d:\n%s", cmd, rc, out);
  cr_assert(strstr(out, "regress: 1 passed, 2 failed\n"), "%s", out);

  snprintf(cmd, sizeof cmd, "xmllint --noout --schema tests/junit.xsd %s 2>&1", xml);
  rc = capture(cmd, false, &text);
  cr_assert_eq(rc, 0, "%s does not validate (is libxml2-utils installed? make deps):\n%s", xml, text);
  free(text);
  snprintf(cmd, sizeof cmd, "cat %s", xml);
  capture(cmd, false, &text);
  cr_assert(strstr(text, "tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\""), "%s", text);
  const char *failing = strstr(text, "name=\"h2-t16-l7-s1-bug40\"");
  /* bug 40 starves a hart: the arbiter's fairness assertion fails first, a failure of its own */
  cr_assert(failing && strstr(failing, "<failure message=\"ASSERTION FAILED: Fair (mmu_arbiter.sv:") ==
                           strstr(failing, "<failure"),
            "%s", text);
  char want[512];
  snprintf(want, sizeof want, "log: %s/h2-t16-l7-s1-bug40.log\nwaveform: gtkwave %s/fail-h2-t16-l7-s1-bug40.fst", dir,
           dir);
  cr_assert(strstr(failing, want), "no '%s' in\n%s", want, failing);

  /* the summary's re-run command reproduces the mismatch; the waveform is there */
  const char *rerun = strstr(out, "re-run:   build/mmucosim run --seed 1 --requests ");
  cr_assert(rerun, "no re-run command in\n%s", out);
  char again[256];
  sscanf(rerun + strlen("re-run:   "), "%255[^\n]", again);
  cr_assert(strstr(again, " --harts 2 --tlb 16 --latency 7 --bug 40"), "%s", again);
  snprintf(cmd, sizeof cmd, "%s --quiet --wave-window 0", again);
  char *rerun_out;
  rc = capture(cmd, true, &rerun_out);
  cr_assert_eq(rc, 1, "%s: exit %d:\n%s", cmd, rc, rerun_out);
  free(rerun_out);
  snprintf(want, sizeof want, "%s/fail-h2-t16-l7-s1-bug40.gtkw", dir);
  cr_assert_eq(access(want, R_OK), 0, "no %s", want);

  /* the schema is not vacuous: a testcase without its time is refused */
  char broken[200];
  snprintf(broken, sizeof broken, "%s.broken.xml", dir);
  snprintf(cmd, sizeof cmd, "sed '0,/ time=\"[0-9.]*\">/s// >/' %s > %s && xmllint --noout --schema tests/junit.xsd %s",
           xml, broken, broken);
  rc = capture(cmd, true, &text);
  cr_assert_neq(rc, 0, "a testcase without time validates:\n%s", text);
  free(text);
  free(out);
}

Test(regress, stop_first_stops_at_the_first_failure, .timeout = 120) {
  char dir[128], xml[160], cmd[1024], *out, *text;
  test_dir(dir, sizeof dir, "stop");
  snprintf(xml, sizeof xml, "%s.xml", dir);
  snprintf(cmd, sizeof cmd,
           "build/mmucosim regress --bug 40 --seeds 1 --requests 200 -j 1 --stop-first --dir %s --junit %s", dir, xml);
  int rc = capture(cmd, true, &out);
  cr_assert_eq(rc, 1, "%s: exit %d:\n%s", cmd, rc, out);
  cr_assert(strstr(out, "regress: stopped at the first failure: 1 not run\n"), "%s", out);
  cr_assert(strstr(out, "regress: 1 passed, 1 failed\n"), "%s", out);
  snprintf(cmd, sizeof cmd, "cat %s", xml);
  capture(cmd, false, &text);
  cr_assert(strstr(text, "tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""), "%s", text);
  free(text);
  free(out);
}

/* The table (header and rows) without its seconds column. */
static char *table(const char *out) {
  const char *head = strstr(out, "harts tlb ");
  cr_assert(head, "no table in\n%s", out);
  const char *end = strstr(head, "\nregress: ");
  cr_assert(end, "no totals after the table in\n%s", out);
  char *t = strndup(head, (size_t)(end - head) + 1), *w = t;
  for (char *line = t, *next; *line; line = next) {
    next = strchr(line, '\n') + 1;
    /* the second-to-last field is the time: drop it */
    char *last = next - 2;
    while (*last != ' ')
      last--;
    char *sec_end = last;
    while (*sec_end == ' ')
      sec_end--;
    char *sec = sec_end;
    while (*sec != ' ')
      sec--;
    memmove(w, line, (size_t)(sec - line));
    w += sec - line;
    memmove(w, last, (size_t)(next - last));
    w += next - last;
  }
  *w = '\0';
  return t;
}

Test(regress, j1_and_j2_print_the_same_table, .timeout = 120) {
  char *out[2], *t[2];
  for (unsigned j = 1; j <= 2; j++) {
    char dir[128], cmd[256];
    test_dir(dir, sizeof dir, j == 1 ? "j1" : "j2");
    snprintf(cmd, sizeof cmd, "build/mmucosim regress --seeds 1 --requests 400 -j %u --dir %s", j, dir);
    int rc = capture(cmd, true, &out[j - 1]);
    cr_assert_eq(rc, 0, "%s: exit %d:\n%s", cmd, rc, out[j - 1]);
    t[j - 1] = table(out[j - 1]);
  }
  cr_assert_eq(count_lines(t[0]), 7, "a header and 6 rows:\n%s", t[0]);
  cr_assert_str_eq(t[0], t[1], "-j 1:\n%s\n-j 2:\n%s", t[0], t[1]);
  cr_assert(strstr(out[0], "regress: 6 passed, 0 failed\n") && strstr(out[1], "regress: 6 passed, 0 failed\n"));
  for (unsigned j = 0; j < 2; j++) {
    free(out[j]);
    free(t[j]);
  }
}

Test(regress, mutants_write_junit_for_their_shard, .timeout = 120) {
  char dir[128], xml[160], cmd[1024], want[64], *out;
  test_dir(dir, sizeof dir, "mutants");
  snprintf(xml, sizeof xml, "%s.xml", dir);
  snprintf(cmd, sizeof cmd,
           "build/mmucosim mutants --shard 1/15 --seeds 2 --requests 1000 --dir %s --junit %s; "
           "xmllint --noout --schema tests/junit.xsd %s 2>&1 && grep -c '<testcase ' %s",
           dir, xml, xml, xml);
  int rc = capture(cmd, true, &out);
  /* the control and bugs 15, 30, ...: a bug may survive 2 seeds of 1000 requests, but the file validates */
  unsigned rows = rtl_bug_count() + 1, mine = (rows - 1) / 15 + 1;
  snprintf(want, sizeof want, "validates\n%u\n", mine);
  cr_assert(strstr(out, want), "exit %d (want %s):\n%s", rc, want, out);
  snprintf(want, sizeof want, "mutants: shard 1 of 15: %u of %u rows", mine, rows);
  cr_assert(strstr(out, want), "want %s:\n%s", want, out);
  free(out);
}

Test(regress, nightly_script_runs_the_shards_and_merges_their_junit, .timeout = 120) {
  char dir[128], cmd[512], *out;
  test_dir(dir, sizeof dir, "nightly");
  snprintf(cmd, sizeof cmd, "tb/regress/nightly.sh -s 4 -P 2 -o %s -- --seeds 1 --requests 300", dir);
  int rc = capture(cmd, true, &out);
  cr_assert_eq(rc, 0, "%s: exit %d (is GNU parallel installed? make deps):\n%s", cmd, rc, out);
  cr_assert(strstr(out, "nightly: 6 passed, 0 failed\n"), "%s", out);
  free(out);
  /* four shards' testsuites of 2, 2, 1 and 1 runs under one testsuites, which validates */
  snprintf(cmd, sizeof cmd,
           "xmllint --noout --schema tests/junit.xsd %s/junit.xml 2>&1 && grep -c '<testsuite ' %s/junit.xml", dir,
           dir);
  rc = capture(cmd, false, &out);
  cr_assert(rc == 0 && strstr(out, "validates\n4\n"), "exit %d:\n%s", rc, out);
  free(out);
}

/* The words of a text, one per line: a printed table's cells (split at
 * runs of spaces) or a TSV's (split at tabs) come out the same. */
static char *words(const char *s, const char *sep) {
  char *w = malloc(strlen(s) + 1), *o = w;
  while (*s) {
    size_t n = strcspn(s, sep);
    if (n) {
      memcpy(o, s, n);
      o += n;
      *o++ = '\n';
    }
    s += n;
    s += strspn(s, sep);
  }
  *o = '\0';
  return w;
}

Test(regress, tsv_holds_the_printed_table_and_coverage_adds_up_the_runs, .timeout = 120) {
  char dir[128], tsv[160], cov[160], cmd[1024], *out, *text, *sum;
  test_dir(dir, sizeof dir, "tsv");
  snprintf(tsv, sizeof tsv, "%s.tsv", dir);
  snprintf(cov, sizeof cov, "%s.cov", dir);
  snprintf(cmd, sizeof cmd, "build/mmucosim regress --seeds 1 --requests 400 --dir %s --tsv %s --coverage %s", dir, tsv,
           cov);
  int rc = capture(cmd, true, &out);
  cr_assert_eq(rc, 0, "%s: exit %d:\n%s", cmd, rc, out);

  /* the TSV: a header and six rows of 21 cells, the same cells as the printed table */
  snprintf(cmd, sizeof cmd, "cat %s", tsv);
  capture(cmd, false, &text);
  cr_assert_eq(count_lines(text), 7, "%s", text);
  cr_assert(!strncmp(text, "harts\ttlb\tlatency\tseed\trequests\t", 31), "%s", text);
  for (const char *line = text; *line; line = strchr(line, '\n') + 1) {
    unsigned tabs = 0;
    for (const char *p = line; *p != '\n'; p++)
      tabs += *p == '\t';
    cr_assert_eq(tabs, 20, "a row of %u cells: %.200s", tabs + 1, line);
  }
  const char *head = strstr(out, "harts tlb "), *end = strstr(head, "\nregress: ");
  char *printed = strndup(head, (size_t)(end - head) + 1);
  char *a = words(printed, " \n"), *b = words(text, "\t\n");
  cr_assert_str_eq(a, b, "printed:\n%s\nTSV:\n%s", printed, text);
  free(a), free(b), free(printed), free(text);

  /* the coverage file is the sum of the runs' own files, and the figure is the report's */
  snprintf(cmd, sizeof cmd, "build/mmucosim coverage -o %s.sum %s/*.cov > /dev/null; cmp %s %s.sum && echo same", dir,
           dir, cov, dir);
  capture(cmd, true, &sum);
  cr_assert(strstr(sum, "same\n"), "%s differs from the sum of %s/*.cov: %s", cov, dir, sum);
  free(sum);
  snprintf(cmd, sizeof cmd, "build/mmucosim coverage %s | tail -1", cov);
  capture(cmd, false, &text);
  unsigned hit, reach, hit2, reach2;
  cr_assert_eq(sscanf(text, "coverage: %u of %u reachable", &hit, &reach), 2, "%s", text);
  const char *fig = strstr(out, "regress: coverage: ");
  cr_assert(fig && sscanf(fig, "regress: coverage: %u of %u reachable", &hit2, &reach2) == 2, "%s", out);
  cr_assert(hit == hit2 && reach == reach2 && hit > reach / 2, "report %u of %u, regress %u of %u", hit, reach, hit2,
            reach2);
  free(text);
  free(out);
}

Test(regress, mutants_tsv_and_bad_outputs) {
  char dir[128], cmd[1024], *out;
  test_dir(dir, sizeof dir, "mtsv");
  /* as many shards as rows: the first holds the control alone */
  snprintf(cmd, sizeof cmd,
           "build/mmucosim mutants --shard 1/%u --seeds 1 --requests 300 --dir %s --tsv %s.tsv > /dev/null; cat %s.tsv",
           rtl_bug_count() + 1, dir, dir, dir);
  capture(cmd, false, &out);
  cr_assert(!strncmp(out, "bug\tname\tseed\trequests\tresult\n-\tnone (control)\t-\t-\tpass, 1 seeds\n", 200), "%s",
            out);
  cr_assert_eq(count_lines(out), 2, "%s", out);
  free(out);
  static const char *const bad[] = {"mutants --coverage x.cov", "regress --tsv build/no/such/dir/x.tsv",
                                    "regress --coverage build/no/such/dir/x.cov"};
  for (unsigned i = 0; i < 3; i++) {
    snprintf(cmd, sizeof cmd, "build/mmucosim %s", bad[i]);
    int rc = capture(cmd, true, &out);
    cr_assert_eq(rc, 2, "%s: exit %d: %s", cmd, rc, out);
    cr_assert_eq(count_lines(out), 1, "%s: %s", cmd, out);
    free(out);
  }
}
