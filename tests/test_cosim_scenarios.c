/*
 * Every kernel scenario (sw/scenarios/scenario.h) on every backend: the
 * model alone, the RTL alone (the kernel then decides from the RTL's
 * outcomes) and lockstep, where each is also a directed co-simulation test:
 * its checks pass and no request mismatches; and one with an injected RTL
 * bug stops at the first difference with a report.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sw/scenarios/scenario.h"
#include "tb/cosim/machine.h"

typedef struct scenario_case {
  unsigned scenario;
  cosim_backend backend;
} scenario_case;

static void free_params(struct criterion_test_params *crp) { cr_free(crp->params); }

ParameterizedTestParameters(scenarios, pass_on_every_backend) {
  unsigned n = scenario_count() * 3;
  scenario_case *cases = cr_malloc(n * sizeof *cases);
  for (unsigned i = 0; i < n; i++)
    cases[i] = (scenario_case){.scenario = i / 3, .backend = (cosim_backend)(i % 3)};
  return cr_make_param_array(scenario_case, cases, n, free_params);
}

/* Runs scenario i on a fresh machine of the backend, TLB size and latency. */
static void run_scenario(unsigned i, cosim_backend backend, unsigned tlb, unsigned latency, uint64_t seed) {
  const scenario *sc = scenario_at(i);
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  mc.backend = backend;
  mc.harts = sc->harts;
  mc.tlb_entries = tlb;
  mc.mem_latency = latency;
  mc.report = stderr; /* a mismatch report lands in the test's output */
  char err[200];
  machine *m = tb_machine_new(&mc, err, sizeof err);
  cr_assert(m, "machine: %s", err);
  scenario_params p = {.seed = seed, .tlb_entries = tlb};
  scenario_result r;
  bool ok = scenario_run(sc, m, &p, &r);
  long bad = tb_machine_mismatch(m);
  uint64_t requests = m->stats.requests;
  tb_machine_free(m);
  cr_assert_eq(bad, -1, "%s in lockstep: mismatch at kernel request %ld", sc->name, bad);
  cr_assert(ok, "%s on %s (TLB %u, latency %u, seed %llu): %s", sc->name, cosim_backend_name(backend), tlb, latency,
            (unsigned long long)seed, r.failure);
  cr_assert_gt(requests, 0, "%s issued no request", sc->name);
}

ParameterizedTest(scenario_case *c, scenarios, pass_on_every_backend, .timeout = 120) {
  run_scenario(c->scenario, c->backend, 16, 4, 1);
}

/* Lockstep again with the small TLB, the shortest latency and another seed. */
ParameterizedTestParameters(scenarios, pass_in_lockstep_with_tlb_4_latency_1) {
  unsigned n = scenario_count();
  unsigned *idx = cr_malloc(n * sizeof *idx);
  for (unsigned i = 0; i < n; i++)
    idx[i] = i;
  return cr_make_param_array(unsigned, idx, n, free_params);
}

ParameterizedTest(unsigned *i, scenarios, pass_in_lockstep_with_tlb_4_latency_1, .timeout = 120) {
  run_scenario(*i, COSIM_BOTH, 4, 1, 7);
}

/* A scenario is a directed co-simulation test: with an injected RTL bug
 * (7, missed_a_writeback: the walker skips the A update) the kernel's
 * requests, run through the lockstep engine, mismatch with the engine's own
 * report (the fields, the walk side by side, the history, the re-run
 * command), a waveform, and a replay file that reproduces the mismatch. */
Test(scenarios, an_injected_rtl_bug_fails_the_scenario_with_the_engines_report, .timeout = 120) {
  mkdir("build/tests", 0777);
  const char *path = "build/tests/scenario_mismatch.txt", *prefix = "build/tests/scenario_fail";
  char replay_path[128], fst[128];
  snprintf(replay_path, sizeof replay_path, "%s.replay", prefix);
  snprintf(fst, sizeof fst, "%s.fst", prefix);
  remove(replay_path);
  remove(fst);
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  mc.bug = 7;
  mc.fail_prefix = prefix;
  mc.report = fopen(path, "w");
  cr_assert(mc.report, "cannot write %s", path);
  char err[200];
  machine *m = tb_machine_new(&mc, err, sizeof err);
  cr_assert(m, "machine: %s", err);
  scenario_params p = {.seed = 1, .tlb_entries = 16};
  scenario_result r;
  bool ok = scenario_run(scenario_find("lazy-alloc"), m, &p, &r);
  long bad = tb_machine_mismatch(m);
  tb_machine_free(m);
  fclose(mc.report);
  cr_assert(ok, "the kernel decides from the model's outcomes, and its checks pass on them: %s", r.failure);
  cr_assert_geq(bad, 0, "bug 7 was not caught");
  FILE *f = fopen(path, "r");
  char text[8192];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  cr_assert(strstr(text, "MISMATCH at request") && strstr(text, "memory accesses (model | rtl)") &&
                strstr(text, "responses before it") && strstr(text, "re-run: build/mmucosim run --replay") &&
                strstr(text, "waveform: build/tests/scenario_fail.fst") &&
                strstr(text, "replay: build/tests/scenario_fail.replay"),
            "an incomplete report:\n%s", text);
  struct stat st;
  cr_assert(stat(fst, &st) == 0 && st.st_size > 0, "no waveform at %s", fst);
  /* the replay fails the same way on its own */
  replay events = {0};
  cr_assert(replay_read(replay_path, &events, err, sizeof err), "%s", err);
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.script = &events;
  cfg.requests = replay_requests(&events);
  cfg.serial = events.opt.serial;
  cfg.bug = events.opt.bug;
  cfg.mutant_build = events.opt.mutant_build;
  cfg.wave_window = 0;
  cfg.quiet = true;
  cfg.out = fopen("/dev/null", "w");
  cosim_stats cs;
  int rc = cosim_run(&cfg, &cs);
  fclose(cfg.out);
  replay_free(&events);
  cr_assert_eq(rc, 1, "the replay did not mismatch (rc %d)", rc);
  cr_assert_eq(cs.mismatch_request, (unsigned)bad, "the replay mismatched at request %u, the scenario at %ld",
               cs.mismatch_request, bad);
}
