/*
 * Record and replay on the RTL (tb/cosim/replay.h, cosim_config.record and
 * .replay): a recorded run replayed gives the identical result (requests,
 * cycles, counts, the mismatch and its edge) on 1 and 4 harts, with
 * --serial, with a planted bug, on each backend; bad replays and records are
 * refused before anything runs. And mmucosim shrink on planted bugs: a
 * replay of a few requests that fails the same way when replayed, with its
 * report and waveform.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tb/cli/cli.h"
#include "tb/cosim/cosim.h"
#include "tb/cosim/replay.h"

typedef struct rec_case {
  unsigned seed, harts, serial, tlb, latency, requests, bug;
  cosim_backend backend;
} rec_case;

static rec_case rec_cases[] = {
    {1, 1, 0, 16, 4, 5000, 0, COSIM_BOTH},   {2, 4, 0, 4, 1, 5000, 0, COSIM_BOTH},
    {3, 4, 1, 16, 7, 3000, 0, COSIM_BOTH},   {4, 2, 0, 16, 3, 3000, 0, COSIM_MODEL},
    {5, 3, 0, 16, 2, 3000, 0, COSIM_RTL},    {1, 1, 0, 16, 4, 20000, 8, COSIM_BOTH},
    {1, 2, 0, 16, 4, 20000, 44, COSIM_BOTH}, {1, 4, 0, 16, 4, 20000, 40, COSIM_BOTH},
};

ParameterizedTestParameters(cosim_replay, recorded_run_replayed_is_identical) {
  return cr_make_param_array(rec_case, rec_cases, sizeof rec_cases / sizeof rec_cases[0]);
}

static cosim_config config_of(const rec_case *c, FILE *out) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.seed = c->seed;
  cfg.harts = c->harts;
  cfg.serial = c->serial;
  cfg.tlb_entries = c->tlb;
  cfg.mem_latency = c->latency;
  cfg.requests = c->requests;
  cfg.bug = c->bug;
  cfg.backend = c->backend;
  cfg.wave_window = 0;
  cfg.quiet = true;
  cfg.out = out;
  return cfg;
}

#define SAME(field)                                                                                                    \
  cr_assert_eq(a->field, b->field, "%s: " #field " %" PRIu64 ", replayed %" PRIu64, what, (uint64_t)a->field,          \
               (uint64_t)b->field)

static void assert_same_run(const char *what, const cosim_stats *a, const cosim_stats *b) {
  SAME(requests);
  SAME(accesses);
  SAME(fences);
  SAME(hits);
  SAME(walks);
  SAME(faults);
  SAME(guest_faults);
  SAME(bare);
  SAME(walk_ops);
  SAME(walk_op_hits);
  SAME(failed_updates);
  SAME(data_ops[0]);
  SAME(data_ops[1]);
  SAME(data_ops[2]);
  SAME(data_hits);
  SAME(bus_lines_read);
  SAME(bus_lines_written);
  SAME(bus_beats_read);
  SAME(bus_beats_written);
  SAME(alias_errors);
  SAME(cycles);
  SAME(model_cycles);
  SAME(contended);
  SAME(max_wait);
  SAME(max_in_flight);
  SAME(cas_races);
  SAME(cas_lost);
  SAME(store_races);
  SAME(pokes);
  SAME(mismatch);
  SAME(mismatch_request);
  SAME(mismatch_hart);
  SAME(mismatch_edge);
  SAME(mismatch_diff);
  SAME(mismatch_class);
  SAME(rerun_requests);
}

ParameterizedTest(rec_case *c, cosim_replay, recorded_run_replayed_is_identical, .timeout = 120) {
  char path[96], what[128];
  snprintf(path, sizeof path, "build/tests/rec_%u_%u_%u_%u.replay", c->seed, c->harts, c->bug, c->backend);
  snprintf(what, sizeof what, "seed %u, %u harts%s, bug %u, backend %s", c->seed, c->harts, c->serial ? " serial" : "",
           c->bug, cosim_backend_name(c->backend));
  FILE *out = fopen("/dev/null", "w");
  cr_assert(out);
  cosim_config cfg = config_of(c, out);
  cfg.record = path;
  cosim_stats a, b;
  int rc = cosim_run(&cfg, &a);
  cr_assert_eq(rc, c->bug ? 1 : 0, "%s: the recorded run returned %d", what, rc);
  replay r;
  char err[512];
  cr_assert(replay_read(path, &r, err, sizeof err), "%s", err);
  cr_assert_eq(r.opt.harts, c->harts);
  cr_assert_eq(r.opt.serial, (bool)c->serial);
  cr_assert_eq(r.opt.tlb_entries, c->tlb);
  cr_assert_eq(r.opt.mem_latency, c->latency);
  cr_assert_eq(r.opt.seed, c->seed);
  cr_assert_eq(r.opt.bug, c->bug);
  if (!c->bug) cr_assert_eq(replay_requests(&r), c->requests, "%s: %u requests recorded", what, replay_requests(&r));
  /* from the file, as --replay runs it: all of its requests */
  cosim_config again = config_of(c, out);
  again.replay = path;
  again.requests = replay_requests(&r);
  rc = cosim_run(&again, &b);
  cr_assert_eq(rc, c->bug ? 1 : 0, "%s: the replay returned %d", what, rc);
  assert_same_run(what, &a, &b);
  replay_free(&r);
  fclose(out);
}

/* The shrinker's own runs: events in memory, named by no file. */
Test(cosim_replay, events_in_memory_run_as_the_file_does, .timeout = 60) {
  rec_case c = {7, 2, 0, 16, 4, 3000, 0, COSIM_BOTH};
  FILE *out = fopen("/dev/null", "w");
  cosim_config cfg = config_of(&c, out);
  cosim_stats a, b;
  cr_assert_eq(cosim_run(&cfg, &a), 0);
  replay r = {.opt = cosim_replay_options(&cfg)};
  cr_assert(replay_collect(cosim_stream(&cfg), c.requests, &r));
  cfg.script = &r;
  cr_assert_eq(cosim_run(&cfg, &b), 0);
  assert_same_run("seed 7, 2 harts, in memory", &a, &b);
  /* a replay whose events name harts the run does not have is refused */
  cfg.harts = 1;
  cr_assert_eq(cosim_run(&cfg, &b), 2);
  free(r.ev);
  fclose(out);
}

static int run_cli(int (*cmd)(int, char **), const char *const *args) {
  char *argv[40];
  int argc = 0;
  for (; args[argc]; argc++)
    argv[argc] = (char *)args[argc];
  argv[argc] = NULL;
  fflush(stdout);
  return cmd(argc, argv);
}

Test(cosim_replay, bad_replays_and_records_are_refused_before_running) {
  FILE *f = fopen("build/tests/bad.replay", "w");
  cr_assert(f);
  fputs("mmucosim-replay 1\nharts 2\ntlb 16\nlatency 4\nserial 0\nseed 1\nbug 0\nmutant-build 0\n"
        "sync hart=0 gap=0\nmem hart=1 gap=0 pa=0x80000004 value=0\n",
        f);
  fclose(f);
  static const char *const bad_file[] = {"run", "--replay", "build/tests/bad.replay", NULL};
  cr_assert_eq(run_cli(cmd_run, bad_file), 2);
  static const char *const no_file[] = {"run", "--replay", "build/tests/none.replay", NULL};
  cr_assert_eq(run_cli(cmd_run, no_file), 2);
  static const char *const no_dir[] = {"run", "-n", "10", "--record", "build/tests/no/such/dir.replay", NULL};
  cr_assert_eq(run_cli(cmd_run, no_dir), 2);
  static const char *const shrink_record[] = {"shrink", "--record", "build/tests/x.replay", NULL};
  cr_assert_eq(run_cli(cmd_shrink, shrink_record), 2);
  static const char *const shrink_model[] = {"shrink", "--backend", "model", NULL};
  cr_assert_eq(run_cli(cmd_shrink, shrink_model), 2);
  static const char *const shrink_out[] = {"shrink", "--bug", "8", "-o", "build/tests/no/such/dir.replay", NULL};
  cr_assert_eq(run_cli(cmd_shrink, shrink_out), 2);
  /* fewer harts than the replay's events name */
  static const char *const rec[] = {"run", "-q", "-n", "200", "-H", "3", "--record", "build/tests/h3.replay", NULL};
  cr_assert_eq(run_cli(cmd_run, rec), 0);
  static const char *const fewer[] = {"run", "-q", "--replay", "build/tests/h3.replay", "-H", "2", NULL};
  cr_assert_eq(run_cli(cmd_run, fewer), 2);
  static const char *const same[] = {"run", "-q", "--replay", "build/tests/h3.replay", NULL};
  cr_assert_eq(run_cli(cmd_run, same), 0);
}

Test(cosim_replay, shrink_of_a_passing_run_has_nothing_to_do) {
  remove("build/tests/pass.replay");
  static const char *const args[] = {"shrink", "-q", "-n", "300", "-o", "build/tests/pass.replay", NULL};
  cr_assert_eq(run_cli(cmd_shrink, args), 1);
  struct stat st;
  cr_assert_neq(stat("build/tests/pass.replay", &st), 0, "an empty build/tests/pass.replay was left");
}

typedef struct shrink_case {
  unsigned bug, harts;
  unsigned max_requests; /* the shrunk replay's */
} shrink_case;

static shrink_case shrink_cases[] = {{8, 2, 30}, {44, 2, 30}};

ParameterizedTestParameters(cosim_replay, shrink_gives_a_small_replay_that_fails_the_same_way) {
  return cr_make_param_array(shrink_case, shrink_cases, sizeof shrink_cases / sizeof shrink_cases[0]);
}

ParameterizedTest(shrink_case *c, cosim_replay, shrink_gives_a_small_replay_that_fails_the_same_way, .timeout = 120) {
  char bug[8], harts[8], out[64], prefix[64], fst[72];
  snprintf(bug, sizeof bug, "%u", c->bug);
  snprintf(harts, sizeof harts, "%u", c->harts);
  snprintf(out, sizeof out, "build/tests/shrunk%u.replay", c->bug);
  snprintf(prefix, sizeof prefix, "build/tests/shrunk%u", c->bug);
  snprintf(fst, sizeof fst, "%s.fst", prefix);
  remove(fst);
  const char *const args[] = {"shrink", "--bug",         bug,    "-H",         harts,  "-n", "20000", "-o", out, "-w",
                              "100",    "--fail-prefix", prefix, "--max-runs", "3000", NULL};
  cr_assert_eq(run_cli(cmd_shrink, args), 0, "bug %u: mmucosim shrink failed", c->bug);
  /* the original failure */
  FILE *null = fopen("/dev/null", "w");
  rec_case rc0 = {1, c->harts, 0, 16, 4, 20000, c->bug, COSIM_BOTH};
  cosim_config cfg = config_of(&rc0, null);
  cosim_stats orig, shrunk;
  cr_assert_eq(cosim_run(&cfg, &orig), 1);
  /* the shrunk replay, from the file, as run --replay runs it */
  replay r;
  char err[512];
  cr_assert(replay_read(out, &r, err, sizeof err), "%s", err);
  unsigned requests = replay_requests(&r);
  cr_assert_leq(requests, c->max_requests, "bug %u: %u requests left", c->bug, requests);
  cr_assert_gt(requests, 0);
  cr_assert_eq(r.opt.bug, c->bug, "bug %u: the replay names bug %u", c->bug, r.opt.bug);
  cosim_config again = cfg;
  again.replay = out;
  again.harts = r.opt.harts;
  again.requests = requests;
  cr_assert_eq(cosim_run(&again, &shrunk), 1, "bug %u: the shrunk replay does not fail", c->bug);
  cr_assert_eq(shrunk.mismatch_diff, orig.mismatch_diff, "bug %u: differing fields %#x, the original's %#x", c->bug,
               shrunk.mismatch_diff, orig.mismatch_diff);
  cr_assert_eq(shrunk.mismatch_class, orig.mismatch_class, "bug %u: on request kind %u, the original's %u", c->bug,
               shrunk.mismatch_class, orig.mismatch_class);
  /* its waveform, as any failure's */
  struct stat st;
  cr_assert_eq(stat(fst, &st), 0, "bug %u: no %s", c->bug, fst);
  cr_assert_gt(st.st_size, 0);
  replay_free(&r);
  fclose(null);
}
