/*
 * The lockstep engine (tb/cosim/cosim.h) without Verilator: the golden model
 * against a second instance of itself as the DUT (tb/cosim/dut_model.c).
 * Built and run under ASan/UBSan too (make san-tests). The two agree on every
 * stream; a DUT that answers one response wrongly is caught at that request,
 * with the report naming both values; a replay recorded from a run runs the
 * same requests again.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tb/cosim/cosim.h"
#include "tb/cosim/dut.h"

static cosim_config engine_config(uint64_t seed, unsigned harts, bool serial, unsigned requests) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.seed = seed;
  cfg.harts = harts;
  cfg.serial = serial;
  cfg.requests = requests;
  cfg.dut = "model";
  cfg.wave_window = 0;
  cfg.quiet = true;
  cfg.out = stderr;
  return cfg;
}

typedef struct engine_case {
  uint64_t seed;
  unsigned harts;
  bool serial;
} engine_case;

ParameterizedTestParameters(engine, model_against_itself_agrees) {
  static engine_case cases[] = {{1, 1, false}, {2, 2, false}, {3, 4, false}, {4, 4, true}, {5, 3, false}};
  return cr_make_param_array(engine_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(engine_case *c, engine, model_against_itself_agrees, .timeout = 120) {
  cosim_config cfg = engine_config(c->seed, c->harts, c->serial, 4000);
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  cr_assert_eq(rc, 0, "seed %" PRIu64 ", %u harts%s: rc %d, mismatch at request %u", c->seed, c->harts,
               c->serial ? " serial" : "", rc, st.mismatch_request);
  cr_assert_eq(st.requests, 4000u, "seed %" PRIu64 ": %u requests compared", c->seed, st.requests);
  cr_assert_gt(st.walks, 0u, "seed %" PRIu64 ": no walk", c->seed);
  cr_assert_gt(st.cycles, 4000u, "seed %" PRIu64 ": the DUT's clock ran %" PRIu64 " edges", c->seed, st.cycles);
  if (c->harts > 1 && !c->serial) cr_assert_gt(st.contended, 0u, "seed %" PRIu64 ": no race", c->seed);
}

/* A DUT that answers its n-th response with a flipped physical-address bit:
 * the model's DUT, wrapped. */
typedef struct flaky {
  dut base;
  dut *inner;
  unsigned countdown;        /* responses until the corrupted one */
  bool translated;           /* count only the responses that translated (ok, not bare) */
  bool access[MM_MAX_HARTS]; /* the request posted on each hart is an access (not a fence) */
  bool forget_fences;        /* every TLB fence posted as a FENCE (the data fence: no TLB effect) */
  mm_obs *out[MM_MAX_HARTS];
} flaky;

#define FLAKY_RESPONSE 777 /* the response it corrupts */

static flaky *fl(dut *d) { return (flaky *)d; }
static const flaky *flc(const dut *d) { return (const flaky *)d; }
static uint64_t f_cycle(const dut *d) { return dut_cycle(flc(d)->inner); }
static void f_set_csrs(dut *d, unsigned h, const mm_csrs *c) { fl(d)->inner->ops->set_csrs(fl(d)->inner, h, c); }
static void f_post(dut *d, unsigned h, const mm_req *req, const mm_fence *fence, mm_obs *out, uint64_t accept) {
  fl(d)->out[h] = out;
  fl(d)->access[h] = req != NULL;
  mm_fence none = {.kind = MM_FENCE_DATA};
  fl(d)->inner->ops->post(fl(d)->inner, h, req, fence && fl(d)->forget_fences ? &none : fence, out, accept);
}
static void f_poke(dut *d, unsigned h, uint64_t pa, uint64_t v) { fl(d)->inner->ops->poke(fl(d)->inner, h, pa, v); }
static unsigned f_tick(dut *d) {
  flaky *f = fl(d);
  unsigned done = f->inner->ops->tick(f->inner);
  for (unsigned h = 0; h < MM_MAX_HARTS; h++)
    if ((done & (1u << h)) && f->countdown && (!f->translated || (f->access[h] && f->out[h]->ok && !f->out[h]->bare)) &&
        --f->countdown == 0)
      f->out[h]->pa ^= 1ull << 12;
  return done;
}
static uint64_t f_accept(const dut *d, unsigned h) { return flc(d)->inner->ops->accept_cycle(flc(d)->inner, h); }
static bool f_trace_open(dut *d, const char *p) { return fl(d)->inner->ops->trace_open(fl(d)->inner, p); }
static void f_trace_close(dut *d) { fl(d)->inner->ops->trace_close(fl(d)->inner); }
static void f_free(dut *d) {
  dut_free(fl(d)->inner);
  free(d);
}
static const dut_ops flaky_ops = {.cycle = f_cycle,
                                  .set_csrs = f_set_csrs,
                                  .post = f_post,
                                  .poke = f_poke,
                                  .tick = f_tick,
                                  .accept_cycle = f_accept,
                                  .trace_open = f_trace_open,
                                  .trace_close = f_trace_close,
                                  .free = f_free};
static dut *flaky_create(const dut_config *cfg, char *err, size_t errlen) {
  flaky *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  f->inner = dut_model_class.create(cfg, err, errlen);
  if (!f->inner) {
    free(f);
    return NULL;
  }
  f->base = (dut){.ops = &flaky_ops, .name = "flaky"};
  f->countdown = FLAKY_RESPONSE;
  return &f->base;
}
static const dut_class flaky_class = {.name = "flaky", .summary = "tests", .create = flaky_create};

Test(engine, a_wrong_response_is_a_mismatch_at_its_request, .timeout = 60) {
  mkdir("build/tests", 0777);
  const char *path = "build/tests/engine_mismatch.txt";
  for (unsigned harts = 1; harts <= 4; harts += 3) {
    cosim_config cfg = engine_config(9, harts, false, 3000);
    cfg.dut = NULL;
    cfg.dut_class = &flaky_class;
    cfg.quiet = false;
    cfg.out = fopen(path, "w");
    cr_assert(cfg.out, "cannot write %s", path);
    cosim_stats st;
    int rc = cosim_run(&cfg, &st);
    fclose(cfg.out);
    cr_assert_eq(rc, 1, "%u harts: the corrupted response was not caught (rc %d)", harts, rc);
    cr_assert(st.mismatch_diff != 0, "%u harts: nothing named as different", harts);
    FILE *f = fopen(path, "r");
    char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cr_assert(strstr(text, "MISMATCH at request") && strstr(text, "!=") && strstr(text, "re-run:"),
              "%u harts: an incomplete report:\n%s", harts, text);
    /* the request the report names responded 777th on the DUT: it is compared at its response */
    cr_assert_lt(st.mismatch_request, 3000u, "%u harts: request %u", harts, st.mismatch_request);
  }
}

Test(engine, a_recorded_run_replays_the_same_requests, .timeout = 60) {
  mkdir("build/tests", 0777);
  const char *rec = "build/tests/engine_record.replay";
  cosim_config cfg = engine_config(11, 2, false, 2500);
  cfg.record = rec;
  cosim_stats a, b;
  cr_assert_eq(cosim_run(&cfg, &a), 0, "the recorded run failed");
  cosim_config again = engine_config(11, 2, false, 2500);
  again.replay = rec;
  replay events = {0};
  char err[300];
  cr_assert(replay_read(rec, &events, err, sizeof err), "%s", err);
  again.script = &events;
  again.requests = replay_requests(&events);
  int rc = cosim_run(&again, &b);
  replay_free(&events);
  cr_assert_eq(rc, 0, "the replay failed (rc %d)", rc);
  cr_assert_eq(a.requests, b.requests, "requests %u against %u", a.requests, b.requests);
  cr_assert_eq(a.cycles, b.cycles, "cycles %" PRIu64 " against %" PRIu64, a.cycles, b.cycles);
  cr_assert_eq(a.walks, b.walks, "walks %u against %u", a.walks, b.walks);
}

Test(engine, a_dut_the_build_lacks_is_refused) {
  cosim_config cfg = engine_config(1, 1, false, 10);
  cfg.dut = "no-such-dut";
  cosim_stats st;
  cr_assert_eq(cosim_run(&cfg, &st), 2, "an unknown DUT was accepted");
}

/* ---- the timing-free comparison (tb/cosim/cosim_free.c) ---------------- */

static void agrees_timing_free(const engine_case *c) {
  cosim_config cfg = engine_config(c->seed, c->harts, c->serial, 4000);
  cfg.timing_free = true;
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  cr_assert_eq(rc, 0, "seed %" PRIu64 ", %u harts: rc %d (%s), mismatch at request %u", c->seed, c->harts, rc, st.error,
               st.mismatch_request);
  cr_assert(st.timing_free, "the run did not compare timing-free");
  cr_assert_eq(st.requests, 4000u, "seed %" PRIu64 ": %u requests compared", c->seed, st.requests);
  cr_assert_gt(st.legal_added, 100u, "seed %" PRIu64 ": %" PRIu64 " translations made legal", c->seed, st.legal_added);
  cr_assert_gt(st.legal_matched, 100u, "seed %" PRIu64 ": %" PRIu64 " TLB answers checked", c->seed, st.legal_matched);
  cr_assert_gt(st.legal_dropped, 0u, "seed %" PRIu64 ": no fence dropped a translation", c->seed);
}

/* Seeds and hart counts: one loop (a second parameterized test in this file leaks in Criterion's runner
 * under ASan with --jobs 2). */
Test(engine, model_against_itself_agrees_timing_free, .timeout = 120) {
  static const engine_case cases[] = {{1, 1, false}, {2, 2, false}, {3, 4, false}};
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
    agrees_timing_free(&cases[i]);
}

static dut *flaky_translated_create(const dut_config *cfg, char *err, size_t errlen) {
  dut *d = flaky_create(cfg, err, errlen);
  if (d) fl(d)->translated = true;
  return d;
}
static const dut_class flaky_translated_class = {
    .name = "flaky-translated", .summary = "tests", .create = flaky_translated_create};

Test(engine, a_wrong_response_is_a_mismatch_timing_free, .timeout = 60) {
  mkdir("build/tests", 0777);
  const char *path = "build/tests/engine_mismatch_free.txt";
  cosim_config cfg = engine_config(9, 2, false, 3000);
  cfg.dut = NULL;
  cfg.dut_class = &flaky_translated_class;
  cfg.timing_free = true;
  cfg.quiet = false;
  cfg.out = fopen(path, "w");
  cr_assert(cfg.out, "cannot write %s", path);
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  fclose(cfg.out);
  cr_assert_eq(rc, 1, "the corrupted response was not caught (rc %d: %s; %u requests, %u accesses, %u faults, %u bare)",
               rc, st.error, st.requests, st.accesses, st.faults, st.bare);
  FILE *f = fopen(path, "r");
  char text[16384];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  cr_assert(strstr(text, "MISMATCH (timing-free) at request") && strstr(text, "what differs:") &&
                strstr(text, "re-run:") && strstr(text, "--timing-free"),
            "an incomplete report:\n%s", text);
  cr_assert(strstr(text, "physical address") || strstr(text, "legal translation"),
            "the report does not name the address:\n%s", text);
  cr_assert_geq(st.mismatch_request, FLAKY_RESPONSE - 1, "request %u: before the corrupted one", st.mismatch_request);
}

/* A DUT that forgets fences: the model's DUT with every TLB fence taken as a
 * FENCE (the data fence: no TLB effect). Its stale answers after a fence
 * are no legal translation's. */
static dut *forget_create(const dut_config *cfg, char *err, size_t errlen) {
  dut *d = flaky_create(cfg, err, errlen);
  if (d) fl(d)->countdown = 0, fl(d)->forget_fences = true;
  return d;
}
static const dut_class forget_class = {.name = "forgets-fences", .summary = "tests", .create = forget_create};

Test(engine, stale_translations_after_a_fence_are_caught_timing_free, .timeout = 60) {
  unsigned caught = 0;
  for (uint64_t seed = 1; seed <= 4; seed++) {
    cosim_config cfg = engine_config(seed, 1, false, 3000);
    cfg.dut = NULL;
    cfg.dut_class = &forget_class;
    cfg.timing_free = true;
    cosim_stats st;
    int rc = cosim_run(&cfg, &st);
    cr_assert_neq(rc, 2, "seed %" PRIu64 ": %s", seed, st.error);
    caught += rc == 1;
  }
  cr_assert_eq(caught, 4u, "a DUT that keeps its TLB across fences passed %u of 4 seeds", 4 - caught);
}

/* What the engine wrote of a run (a failure's report; the summary is the command's). */
static char *run_text(cosim_config *cfg, const char *path, cosim_stats *st, int *rc) {
  cfg->out = fopen(path, "w");
  cr_assert(cfg->out, "cannot write %s", path);
  *rc = cosim_run(cfg, st);
  fclose(cfg->out);
  FILE *f = fopen(path, "r");
  cr_assert(f, "cannot read %s", path);
  static char text[2][65536];
  static unsigned which;
  char *t = text[which++ % 2];
  size_t n = fread(t, 1, sizeof text[0] - 1, f);
  fclose(f);
  t[n] = '\0';
  return t;
}

/* The model on a thread of its own gives the run one thread gives: every count, and the report of a
 * failure (found on two threads, run again on one). */
Test(engine, two_threads_run_as_one, .timeout = 120) {
  mkdir("build/tests", 0777);
  for (unsigned harts = 1; harts <= 4; harts *= 2) {
    for (int wrong = 0; wrong <= 1; wrong++) {
      cosim_stats st[2];
      int rc[2];
      char *text[2];
      for (unsigned t = 1; t <= 2; t++) {
        cosim_config cfg = engine_config(20 + harts, harts, false, 6000);
        cfg.threads = t;
        cfg.quiet = false;
        if (wrong) {
          cfg.dut = NULL;
          cfg.dut_class = &flaky_class;
        }
        char path[64];
        snprintf(path, sizeof path, "build/tests/engine_threads%u.txt", t);
        text[t - 1] = run_text(&cfg, path, &st[t - 1], &rc[t - 1]);
      }
      cr_assert_eq(rc[0], wrong, "%u harts: rc %d on one thread", harts, rc[0]);
      cr_assert_eq(rc[1], rc[0], "%u harts%s: rc %d on two threads, %d on one", harts,
                   wrong ? ", a wrong response" : "", rc[1], rc[0]);
      cr_assert_eq(st[0].threads, 1u, "%u harts: one thread asked, %u used", harts, st[0].threads);
      cr_assert_eq(st[1].threads, wrong ? 1u : 2u, "%u harts%s: %u threads", harts, wrong ? " (the re-run)" : "",
                   st[1].threads);
      cr_assert_eq(st[1].rerun_on_one, (bool)wrong, "%u harts: re-run on one thread: %d", harts, st[1].rerun_on_one);
      cr_assert_eq(st[1].requests, st[0].requests, "%u harts: requests %u against %u", harts, st[1].requests,
                   st[0].requests);
      cr_assert_eq(st[1].cycles, st[0].cycles, "%u harts: cycles %" PRIu64 " against %" PRIu64, harts, st[1].cycles,
                   st[0].cycles);
      cr_assert_eq(st[1].contended, st[0].contended, "%u harts: contended %" PRIu64 " against %" PRIu64, harts,
                   st[1].contended, st[0].contended);
      cr_assert_eq(st[1].value_checked, st[0].value_checked, "%u harts: value checks %" PRIu64 " against %" PRIu64,
                   harts, st[1].value_checked, st[0].value_checked);
      cr_assert_eq(st[1].mismatch_request, st[0].mismatch_request, "%u harts: mismatch at %u against %u", harts,
                   st[1].mismatch_request, st[0].mismatch_request);
      cr_assert_str_eq(text[1], text[0], "%u harts: the reports differ", harts);
    }
  }
}

/* The model alone with its value checker on a thread of its own checks what it checks on one. */
Test(engine, the_value_checkers_thread_checks_as_one, .timeout = 120) {
  for (unsigned harts = 1; harts <= 4; harts *= 4) {
    cosim_stats st[2];
    for (unsigned t = 1; t <= 2; t++) {
      cosim_config cfg = engine_config(30 + harts, harts, false, 20000);
      cfg.backend = COSIM_MODEL;
      cfg.threads = t;
      cr_assert_eq(cosim_run(&cfg, &st[t - 1]), 0, "%u harts, %u threads: the run failed", harts, t);
    }
    cr_assert_eq(st[1].threads, 2u, "%u harts: the checker's thread was not used", harts);
    cr_assert_gt(st[0].value_checked, 0u, "%u harts: nothing checked", harts);
    cr_assert_eq(st[1].value_checked, st[0].value_checked,
                 "%u harts: %" PRIu64 " reads checked on two threads, %" PRIu64 " on one", harts, st[1].value_checked,
                 st[0].value_checked);
    cr_assert_eq(st[1].value_unchecked, st[0].value_unchecked, "%u harts: unchecked %" PRIu64 " against %" PRIu64,
                 harts, st[1].value_unchecked, st[0].value_unchecked);
    cr_assert_eq(st[1].cycles, st[0].cycles, "%u harts: cycles %" PRIu64 " against %" PRIu64, harts, st[1].cycles,
                 st[0].cycles);
  }
}
