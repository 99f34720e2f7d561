/*
 * A real program's trace: recorded at test time with valgrind's lackey (of
 * /bin/ls, a small real program; no trace is committed), replayed by
 * `mmucosim trace` on the model and in lockstep for a window of it (no
 * mismatch) and swept over TLB and cache sizes (--sweep), and a malformed
 * line refused with FILE:LINE and exit status 2.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/testrun.h"

static char trace_path[64]; /* this test's trace */

/* Records the trace, into a file of this test process's own (tests run side by side). */
static void record(void) {
  mkdir("build/tests", 0777);
  snprintf(trace_path, sizeof trace_path, "build/tests/ls.%d.trace", (int)getpid());
  char cmd[256];
  snprintf(cmd, sizeof cmd, "valgrind --tool=lackey --trace-mem=yes --log-file=%s /bin/ls / > /dev/null 2>&1",
           trace_path);
  cr_assert_eq(system(cmd), 0, "valgrind could not record /bin/ls (is valgrind installed? make deps)");
}

static void forget(void) { remove(trace_path); }

Test(trace_replay, a_recorded_program_replays_on_the_model, .init = record, .fini = forget, .timeout = 120) {
  static char out[8192];
  char cmd[128];
  snprintf(cmd, sizeof cmd, "build/mmucosim trace %s", trace_path);
  int rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "exit %d:\n%s", rc, out);
  cr_assert(strstr(out, "TLB hit rate") && strstr(out, "cache hit rate") && strstr(out, "per 1000 accesses"),
            "no rates in:\n%s", out);
  unsigned long long accesses = 0, faults = 0;
  const char *a = strstr(out, ".trace: ");
  cr_assert(a && sscanf(a + strlen(".trace: "), "%llu accesses", &accesses) == 1, "no access count in:\n%s", out);
  cr_assert_gt(accesses, 100000, "only %llu accesses in the trace of ls", accesses);
  const char *k = strstr(out, "kernel: ");
  cr_assert(k && sscanf(k, "kernel: %llu page faults", &faults) == 1 && faults > 50, "page faults in:\n%s", out);
}

Test(trace_replay, a_window_replays_in_lockstep_without_mismatch, .init = record, .fini = forget, .timeout = 120) {
  static char out[16384];
  char cmd[128];
  snprintf(cmd, sizeof cmd, "build/mmucosim trace --lockstep 30000 --resident 48 %s", trace_path);
  int rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "exit %d:\n%s", rc, out);
  cr_assert(strstr(out, "lockstep (model against RTL) for the first 30000 accesses: no mismatch"),
            "no lockstep line in:\n%s", out);
  cr_assert(!strstr(out, "MISMATCH"), "%s", out);
}

/* An injected RTL bug (7: the walker skips the A update) in the lockstep window: the engine's report, a
 * waveform and a replay file that fails the same way on its own. */
Test(trace_replay, a_mismatch_in_the_window_gets_the_engines_report, .init = record, .fini = forget, .timeout = 120) {
  static char out[32768];
  char cmd[256], prefix[64], path[80];
  snprintf(prefix, sizeof prefix, "build/tests/trace_fail.%d", (int)getpid());
  snprintf(cmd, sizeof cmd, "build/mmucosim trace --lockstep 20000 --bug 7 --fail-prefix %s %s", prefix, trace_path);
  int rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 1, "exit %d:\n%s", rc, out);
  cr_assert(strstr(out, "MISMATCH at request") && strstr(out, "memory accesses (model | rtl)") &&
                strstr(out, "waveform: ") && strstr(out, "replay: "),
            "an incomplete report:\n%s", out);
  snprintf(path, sizeof path, "%s.replay", prefix);
  snprintf(cmd, sizeof cmd, "build/mmucosim run -q -w 0 --replay %s", path);
  rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 1, "the replay %s did not mismatch (exit %d):\n%s", path, rc, out);
  remove(path);
  snprintf(path, sizeof path, "%s.fst", prefix);
  cr_assert_eq(remove(path), 0, "no waveform %s", path);
  snprintf(path, sizeof path, "%s.gtkw", prefix);
  remove(path);
}

Test(trace_replay, a_malformed_line_is_file_line_and_status_2) {
  mkdir("build/tests", 0777);
  FILE *f = fopen("build/tests/bad.trace", "w");
  cr_assert(f);
  fputs("==1== Lackey\nI  0401ab70,3\n L 1fff000708\n", f);
  fclose(f);
  char out[1024];
  int rc = run_command("build/mmucosim trace build/tests/bad.trace", out, sizeof out);
  cr_assert_eq(rc, 2, "exit %d:\n%s", rc, out);
  cr_assert(!strncmp(out, "mmucosim trace: build/tests/bad.trace:3: ", 41), "not FILE:LINE first: %s", out);
  cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "more than one line: %s", out);
}

/* The miss ratio column of a sweep's TSV, row by row (the header skipped); the rows read. */
static unsigned sweep_ratios(const char *path, unsigned column, double *ratio, unsigned max) {
  FILE *f = fopen(path, "r");
  cr_assert(f, "no %s", path);
  char line[256];
  unsigned n = 0;
  cr_assert(fgets(line, sizeof line, f), "%s is empty", path);
  while (n < max && fgets(line, sizeof line, f)) {
    char *field = line;
    for (unsigned c = 0; c < column && field; c++)
      field = strchr(field, '\t') ? strchr(field, '\t') + 1 : NULL;
    cr_assert(field, "%s: row %u has no column %u", path, n + 1, column);
    ratio[n++] = strtod(field, NULL);
  }
  fclose(f);
  return n;
}

Test(trace_replay, a_sweep_writes_the_miss_ratios_per_tlb_and_cache_size, .init = record, .fini = forget,
     .timeout = 120) {
  static char out[16384];
  char cmd[256], dir[64], path[96];
  snprintf(dir, sizeof dir, "build/tests/sweep.%d", (int)getpid());
  snprintf(cmd, sizeof cmd, "build/mmucosim trace --sweep %s --limit 200000 %s", dir, trace_path);
  int rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "exit %d:\n%s", rc, out);
  cr_assert(strstr(out, "43 points in"), "%s", out);
  double tlb[16], cache[64];
  snprintf(path, sizeof path, "%s/trace-tlb.tsv", dir);
  cr_assert_eq(sweep_ratios(path, 4, tlb, 16), 7, "TLB sizes 4..256");
  cr_assert_gt(tlb[0], 4 * tlb[6], "a TLB of 4 entries misses far more than one of 256: %f, %f", tlb[0], tlb[6]);
  snprintf(path, sizeof path, "%s/trace-cache.tsv", dir);
  cr_assert_eq(sweep_ratios(path, 5, cache, 64), 36, "9 sizes x 4 ways");
  cr_assert_gt(cache[0], 4 * cache[35], "4 KiB direct-mapped against 1 MiB of 8 ways: %f, %f", cache[0], cache[35]);
  remove(path);
  snprintf(path, sizeof path, "%s/trace-tlb.tsv", dir);
  remove(path);
  rmdir(dir);
  rc = run_command("build/mmucosim trace --sweep build/tests --tlb 4 x.trace", out, sizeof out);
  cr_assert_eq(rc, 2, "--sweep with --tlb: exit %d:\n%s", rc, out);
}
