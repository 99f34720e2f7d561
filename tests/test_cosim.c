/*
 * Lockstep co-simulation (tb/cosim.h): the model against the Verilated RTL
 * over many seeds and configurations with zero mismatches; an injected bug
 * is caught, with a report, an FST and a GTKWave save file whose signals all
 * exist in the FST.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tb/cosim/cosim.h"
#include "tb/verilator/rtl.h"

typedef struct run_case {
  unsigned seed, harts, tlb, latency, requests;
  unsigned serial; /* 1: one request in flight in the system (else one per hart) */
} run_case;

/* 24 seeds over harts 1..4 in flight at once, TLB 16 and 4, latencies 1..100; two runs one request at a time. */
static run_case cases[] = {
    {1, 1, 16, 1, 20000, 0},  {2, 1, 4, 4, 20000, 0},   {3, 2, 16, 3, 20000, 0},  {4, 2, 4, 1, 20000, 0},
    {5, 3, 16, 7, 20000, 0},  {6, 4, 16, 1, 20000, 0},  {7, 4, 4, 5, 20000, 0},   {8, 1, 16, 100, 4000, 0},
    {9, 2, 16, 2, 20000, 0},  {10, 3, 4, 3, 20000, 0},  {11, 4, 16, 9, 20000, 0}, {12, 1, 4, 1, 20000, 0},
    {13, 1, 16, 1, 20000, 0}, {14, 1, 4, 4, 20000, 0},  {15, 2, 16, 3, 20000, 0}, {16, 2, 4, 1, 20000, 0},
    {17, 3, 16, 7, 20000, 0}, {18, 4, 16, 1, 20000, 0}, {19, 4, 4, 5, 20000, 0},  {20, 1, 16, 100, 4000, 0},
    {21, 2, 16, 2, 20000, 0}, {22, 3, 4, 3, 20000, 0},  {23, 4, 16, 9, 20000, 0}, {24, 1, 4, 1, 20000, 0},
    {25, 2, 16, 3, 20000, 1}, {26, 4, 4, 1, 20000, 1},
};

ParameterizedTestParameters(cosim, lockstep) {
  return cr_make_param_array(run_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(run_case *c, cosim, lockstep, .timeout = 300) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.seed = c->seed;
  cfg.harts = c->harts;
  cfg.serial = c->serial;
  cfg.tlb_entries = c->tlb;
  cfg.mem_latency = c->latency;
  cfg.requests = c->requests;
  cfg.wave_window = 0;
  cfg.out = stderr; /* a mismatch report lands in the test's output */
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  cr_assert_eq(rc, 0, "seed %u, %u harts, TLB %u, latency %u: mismatch at request %u", c->seed, c->harts, c->tlb,
               c->latency, st.mismatch_request);
  cr_assert_eq(st.requests, c->requests, "seed %u: ran %u of %u requests", c->seed, st.requests, c->requests);
  /* The run did real work: walks, hits and faults of both kinds. */
  cr_assert_gt(st.walks, c->requests / 10, "seed %u: only %u walks", c->seed, st.walks);
  cr_assert_gt(st.hits, c->requests / 50, "seed %u: only %u TLB hits", c->seed, st.hits);
  cr_assert_gt(st.guest_faults, 0, "seed %u: no guest-page fault", c->seed);
  cr_assert_gt(st.faults, st.guest_faults, "seed %u: no page fault", c->seed);
  if (c->requests >= 10000)
    cr_assert_gt(st.failed_updates, 0, "seed %u: no atomic A/D update found its PTE changed", c->seed);
  /* Several harts in flight: they contend and race (serial: never). */
  if (c->harts > 1 && !c->serial) {
    cr_assert_eq(st.max_in_flight, c->harts, "seed %u: at most %u of %u harts in flight", c->seed, st.max_in_flight,
                 c->harts);
    cr_assert_gt(st.contended, 0, "seed %u: no contended grant", c->seed);
    cr_assert_gt(st.cas_races, 0, "seed %u: no racing A/D updates", c->seed);
    cr_assert_gt(st.fences_in_walks, 0, "seed %u: no fence during another hart's walk", c->seed);
  } else {
    cr_assert_leq(st.max_in_flight, 1, "seed %u: %u requests in flight at once", c->seed, st.max_in_flight);
    cr_assert_eq(st.contended, 0);
  }
}

/* Runs one side alone with every request's outcome printed into path. */
static void run_alone(cosim_backend backend, const char *path) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.requests = 3000;
  cfg.harts = 2;
  cfg.backend = backend;
  cfg.verbose = true;
  cfg.out = fopen(path, "w");
  cr_assert(cfg.out, "cannot write %s", path);
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  fclose(cfg.out);
  cr_assert_eq(rc, 0, "%s alone: rc %d", cosim_backend_name(backend), rc);
}

/* The model decides alone: run without the RTL, and the RTL without the
 * model, the two give the same outcome for every request (address, cause,
 * memory type, TLB hit, number of memory accesses), line by line. */
Test(cosim, model_alone_and_rtl_alone_give_the_same_outcomes, .timeout = 120) {
  mkdir("build/tests", 0777);
  run_alone(COSIM_MODEL, "build/tests/alone_model.txt");
  run_alone(COSIM_RTL, "build/tests/alone_rtl.txt");
  FILE *m = fopen("build/tests/alone_model.txt", "r"), *r = fopen("build/tests/alone_rtl.txt", "r");
  cr_assert(m && r, "cannot read the outcomes back");
  char lm[512], lr[512];
  unsigned lines = 0;
  while (fgets(lm, sizeof lm, m)) {
    cr_assert(fgets(lr, sizeof lr, r), "the RTL alone stopped after %u requests", lines);
    cr_assert_str_eq(lm, lr, "request %u differs:\n  model: %s  rtl:   %s", lines, lm, lr);
    lines++;
  }
  cr_assert(!fgets(lr, sizeof lr, r), "the RTL alone printed more requests than the model's %u", lines);
  fclose(m);
  fclose(r);
  cr_assert_eq(lines, 3000, "%u outcome lines, want one per request", lines);
}

Test(cosim, bad_configuration_is_refused) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.out = stderr;
  cosim_stats st;
  cfg.tlb_entries = 8; /* not a size the RTL is built for */
  cr_assert_eq(cosim_run(&cfg, &st), 2);
  cfg.tlb_entries = 16;
  cfg.harts = 5;
  cr_assert_eq(cosim_run(&cfg, &st), 2);
  cfg.harts = 1;
  cfg.mem_latency = 0;
  cr_assert_eq(cosim_run(&cfg, &st), 2);
}

static bool file_has(const char *path, const char *needle) {
  FILE *f = fopen(path, "r");
  if (!f) return false;
  static char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return strstr(buf, needle) != NULL;
}

/* Every signal the .gtkw names must be in the FST (fst2vcd lists them). */
static void check_gtkw_against_fst(const char *gtkw, const char *fst) {
  char cmd[512];
  snprintf(cmd, sizeof cmd,
           "fst2vcd %s 2>/dev/null | awk '/^\\$scope/ {d++; p[d]=$3} /^\\$upscope/ {d--} "
           "/^\\$var/ {s=p[1]; for (i=2;i<=d;i++) s=s \".\" p[i]; n=$5; if ($6 != \"$end\") n=n $6; print s \".\" n}' "
           "> build/tests/fail_signals.txt",
           fst);
  cr_assert_eq(system(cmd), 0, "fst2vcd on %s", fst);
  FILE *f = fopen(gtkw, "r");
  cr_assert(f, "cannot open %s", gtkw);
  char line[512];
  unsigned signals = 0;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "TOP.", 4)) continue;
    line[strcspn(line, "\n")] = '\0';
    char needle[520];
    snprintf(needle, sizeof needle, "%s\n", line);
    cr_expect(file_has("build/tests/fail_signals.txt", needle), "%s names %s, which the FST does not have", gtkw, line);
    signals++;
  }
  fclose(f);
  cr_assert_gt(signals, 50, "%s names only %u signals", gtkw, signals);
}

Test(cosim, injected_bug_gives_report_fst_and_gtkw, .timeout = 300) {
  cr_assert_gt(rtl_bug_count(), 0);
  mkdir("build/tests", 0777);
  remove("build/tests/fail.fst");
  remove("build/tests/fail.gtkw");
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.bug = 8; /* d_not_set_on_store */
  cfg.harts = 2;
  cfg.requests = 20000;
  cfg.fail_prefix = "build/tests/fail";
  cfg.out = fopen("build/tests/fail_report.txt", "w");
  cr_assert(cfg.out);
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  fclose(cfg.out);
  cr_assert_eq(rc, 1, "bug %u (%s) was not caught in %u requests", cfg.bug, rtl_bug_name(cfg.bug), cfg.requests);
  const char *report = "build/tests/fail_report.txt";
  cr_expect(file_has(report, "MISMATCH at request"), "no headline in %s", report);
  cr_expect(file_has(report, "(seed 1, edge "), "no seed in %s", report);
  cr_expect(file_has(report, "every hart at edge"), "no picture of the harts in %s", report);
  cr_expect(file_has(report, "memory accesses (model | rtl)"), "no walk comparison in %s", report);
  cr_expect(file_has(report, "responses before it"), "no history in %s", report);
  cr_expect(file_has(report, "re-run: build/mmucosim run --seed 1"), "no re-run command in %s", report);
  cr_expect(file_has(report, "gtkwave build/tests/fail.fst build/tests/fail.gtkw"), "no gtkwave command in %s", report);
  struct stat sb;
  cr_assert_eq(stat("build/tests/fail.fst", &sb), 0, "no FST written");
  cr_assert_gt(sb.st_size, 1000, "FST of %ld bytes", (long)sb.st_size);
  check_gtkw_against_fst("build/tests/fail.gtkw", "build/tests/fail.fst");
}

/* A late failure with the waveform from a snapshot (the default) and from a
 * re-run from the start (--snapshots 0): the two FSTs hold the same values
 * before the failing edge (from it on, the snapshot's harness offers the
 * run's later requests, which the re-run, stopped at the failure, does not). */
static uint64_t late_failure(uint64_t snapshots, const char *prefix) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.bug = 12; /* hit_guest_fault_first: with this seed, found late (edge 260241) */
  cfg.seed = 2;
  cfg.harts = 2;
  cfg.mem_latency = 3;
  cfg.requests = 100000;
  cfg.snapshots = snapshots;
  cfg.fail_prefix = prefix;
  cfg.out = fopen("build/tests/late_report.txt", "w");
  cr_assert(cfg.out);
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  fclose(cfg.out);
  cr_assert_eq(rc, 1, "bug 12, seed 2 was not caught");
  cr_assert_gt(st.mismatch_edge, 2 * snapshots, "the failure at edge %" PRIu64 " is not late", st.mismatch_edge);
  return st.mismatch_edge;
}

/* fst2vcd of path up to (excluding) VCD time limit, without the date. */
static void vcd_until(const char *fst, const char *vcd, uint64_t limit) {
  char cmd[600];
  snprintf(cmd, sizeof cmd,
           "fst2vcd %s 2>/dev/null | awk -v lim=%" PRIu64 " '/^\\$date/ {skip = 1} skip && /\\$end/ {skip = 0; next} "
           "skip {next} /^#/ && substr($0, 2) + 0 >= lim {exit} {print}' > %s",
           fst, limit, vcd);
  cr_assert_eq(system(cmd), 0, "fst2vcd %s", fst);
}

Test(cosim, a_late_failure_waveform_from_a_snapshot_matches_a_rerun, .timeout = 300) {
  mkdir("build/tests", 0777);
  uint64_t e = late_failure(100000, "build/tests/late_snap");
  cr_assert_eq(late_failure(0, "build/tests/late_rerun"), e);
  /* VCD time counts half cycles: edge e is at 2e; the values before it */
  vcd_until("build/tests/late_snap.fst", "build/tests/late_snap.vcd", 2 * e);
  vcd_until("build/tests/late_rerun.fst", "build/tests/late_rerun.vcd", 2 * e);
  cr_assert_eq(system("cmp -s build/tests/late_snap.vcd build/tests/late_rerun.vcd"), 0,
               "the waveforms differ before the failing edge %" PRIu64, e);
  struct stat sb;
  cr_assert_eq(stat("build/tests/late_snap.vcd", &sb), 0);
  cr_assert_gt(sb.st_size, 10000, "a VCD of %ld bytes", (long)sb.st_size);
  check_gtkw_against_fst("build/tests/late_snap.gtkw", "build/tests/late_snap.fst");
}

/* An RTL assertion that fails is the run's failure, in every build: injected bug 40 (the arbiter keeps
 * its priority with the hart it granted) starves a hart, and the arbiter's Fair assertion fires before
 * any response differs. The run stops there with its own report line (which assertion, its source
 * line, its hart, the edge) and its re-run command, and fails. */
Test(cosim, a_failed_assertion_fails_the_run_with_its_own_line, .timeout = 120) {
  mkdir("build/tests", 0777);
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.bug = 40;
  cfg.harts = 2;
  cfg.requests = 2000;
  cfg.wave_window = 0;
  const char *report = "build/tests/assert_report.txt";
  cfg.out = fopen(report, "w");
  cr_assert(cfg.out);
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  fclose(cfg.out);
  cr_assert_eq(rc, 1, "bug 40's run returned %d", rc);
  cr_assert(st.assertion, "the run failed, but not by an assertion");
  cr_assert(strstr(st.assertion_text, "Fair (mmu_arbiter.sv:") == st.assertion_text, "%s", st.assertion_text);
  cr_assert(strstr(st.assertion_text, "mmu_sim_top.u_top.u_arbiter), shared, edge "), "%s", st.assertion_text);
  cr_assert_gt(st.mismatch_edge, 0);
  cr_expect(file_has(report, "ASSERTION FAILED in the rtl: Fair (mmu_arbiter.sv:"), "no report line in %s", report);
  cr_expect(file_has(report, "re-run: build/mmucosim run --seed 1 --requests "), "no re-run command in %s", report);
  /* the command line: exit status 1 and the line */
  FILE *p = popen("build/mmucosim run --bug 40 --harts 2 --requests 2000 --wave-window 0 --quiet", "r");
  cr_assert(p);
  char line[512] = "", all[4096] = "";
  while (fgets(line, sizeof line, p))
    strncat(all, line, sizeof all - strlen(all) - 1);
  int status = pclose(p);
  cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 1, "exit status %d:\n%s", status, all);
  cr_assert(strstr(all, "seed 1: ASSERTION FAILED: Fair (mmu_arbiter.sv:"), "%s", all);
  /* the control: the same configuration without the bug passes (no assertion) */
  cfg.bug = 0;
  cfg.mutant_build = true;
  cfg.out = fopen("/dev/null", "w");
  rc = cosim_run(&cfg, &st);
  fclose(cfg.out);
  cr_assert_eq(rc, 0, "the mutant build without a bug failed: %s", st.assertion_text);
  cr_assert(!st.assertion);
}
