/*
 * Every kernel scenario (sw/scenarios/scenario.h) on every backend: the
 * model alone, the RTL alone (the kernel then decides from the RTL's
 * outcomes) and lockstep, where each is also a directed co-simulation test:
 * its checks pass and no request mismatches.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>

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

ParameterizedTest(scenario_case *c, scenarios, pass_on_every_backend, .timeout = 120) {
  const scenario *sc = scenario_at(c->scenario);
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  mc.backend = c->backend;
  mc.harts = sc->harts;
  mc.report = stderr; /* a mismatch report lands in the test's output */
  char err[200];
  machine *m = tb_machine_new(&mc, err, sizeof err);
  cr_assert(m, "machine: %s", err);
  scenario_params p = {.seed = 1};
  scenario_result r;
  bool ok = scenario_run(sc, m, &p, &r);
  long bad = tb_machine_mismatch(m);
  uint64_t requests = m->stats.requests;
  tb_machine_free(m);
  cr_assert_eq(bad, -1, "%s in lockstep: mismatch at kernel request %ld", sc->name, bad);
  cr_assert(ok, "%s on %s: %s", sc->name, cosim_backend_name(c->backend), r.failure);
  cr_assert_gt(requests, 0, "%s issued no request", sc->name);
}
