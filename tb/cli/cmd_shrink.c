/* mmucosim shrink: a failing run cut down to a small replay file that fails the same way. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "run_opts.h"
#include "tb/cosim/compare.h"
#include "tb/cosim/shrink.h"
#include "tb/verilator/rtl.h"

#define DEFAULT_OUT      "build/shrunk.replay"
#define DEFAULT_MAX_RUNS 3000
#define PROGRESS_SECONDS 2.0 /* a progress line at least this often, and at the end of each phase */

/* clang-format off */
static const char usage[] =
    "usage: mmucosim shrink [options]\n"
    "\n"
    "Runs a failing co-simulation (the run options below, as mmucosim run takes\n"
    "them), records the events its failure needs, and cuts them down with delta\n"
    "debugging (ddmin): drop requests, page-table words, CSR changes, pokes and\n"
    "barriers, then harts, then simplify values (unused fields, gaps, store\n"
    "data), keeping each candidate that still fails the same way: a mismatch\n"
    "whose differing fields (the comparator's table, with the memory accesses\n"
    "and bus transactions) are the same set as the original's, on the same kind\n"
    "of request (an access's data operation, U/S-mode or M-mode, or a fence's\n"
    "kind). Writes the smallest as a replay file and runs it once more, with\n"
    "the report and waveform of any failure.\n"
    "\n"
    "options:\n"
    "  -o, --out FILE        the shrunk replay (default " DEFAULT_OUT ")\n"
    "      --max-runs N      at most N test runs (default " MM_STR(DEFAULT_MAX_RUNS) "); then the smallest\n"
    "                        failing replay so far is written\n"
    "run options (of the failing run; -v, -q, -w, --history and --fail-prefix\n"
    "apply to the last run, of the shrunk replay, and -q silences the progress\n"
    "too; --backend must be both; --record is refused):\n"
    RUN_OPTIONS_HELP
    "  -h, --help            this text\n"
    "\n"
    "exit status: 0 a shrunk replay written that fails the same way; 1 the run\n"
    "does not fail, or its replay does not fail the same way; 2 bad options or\n"
    "files\n";
/* clang-format on */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The original failure, and the test runs of the candidates. */
typedef struct oracle {
  cosim_config cfg; /* the failing run's: quiet, no waveform, reports into the void */
  unsigned diff;    /* what differed (obs_diff bits) */
  unsigned cls;     /* on what kind of request (replay_request_class) */
  unsigned known;   /* timing-free: its known class (1 + index; 0: none) */
  const char *why;  /* timing-free: what differed */
  unsigned refused; /* candidates the co-simulation refused to run (none expected) */
  int quiet_fd;     /* /dev/null: stderr during the test runs (a planted bug's assertions report there) */
  double t0, last_line;
  unsigned last_runs; /* the runs at the last progress line */
  bool quiet;
} oracle;

/* Runs events as the original configuration (its harts: the replay's). */
static int run_events(oracle *o, const replay *events, cosim_stats *st) {
  cosim_config cfg = o->cfg;
  cfg.script = events;
  cfg.replay = NULL;
  cfg.record = NULL;
  cfg.harts = events->opt.harts;
  cfg.requests = replay_requests(events);
  fflush(stderr);
  int saved = dup(STDERR_FILENO);
  if (saved >= 0) dup2(o->quiet_fd, STDERR_FILENO);
  int rc = cosim_run(&cfg, st);
  if (rc == 2) fprintf(stderr, "mmucosim run: %s\n", st->error);
  if (saved >= 0) {
    dup2(saved, STDERR_FILENO);
    close(saved);
  }
  return rc;
}

static bool same_failure(const oracle *o, int rc, const cosim_stats *st) {
  return rc == 1 && st->mismatch_diff == o->diff && st->mismatch_class == o->cls && st->known_class == o->known &&
         st->free_why == o->why;
}

static bool fails(void *ctx, const replay *candidate, unsigned *needed) {
  oracle *o = ctx;
  if (!replay_requests(candidate)) return false;
  cosim_stats st;
  int rc = run_events(o, candidate, &st);
  o->refused += rc == 2;
  *needed = st.rerun_requests;
  return same_failure(o, rc, &st);
}

/* "a mismatch in cycles, a memory access, on a U/S-mode store" */
static void describe(char *buf, size_t len, unsigned diff, unsigned cls) {
  char fields[256], kind[64];
  obs_diff_format(fields, sizeof fields, diff);
  replay_class_name(cls, kind, sizeof kind);
  snprintf(buf, len, "a mismatch in %s, on %s", fields, kind);
}

static void progress(void *ctx, const shrink_progress *p) {
  oracle *o = ctx;
  double t = now();
  if (o->quiet || p->runs == o->last_runs || (!p->phase_done && t - o->last_line < PROGRESS_SECONDS)) return;
  o->last_line = t;
  o->last_runs = p->runs;
  printf("shrink: %-26s %5u requests, %6zu events, %u hart%s; %u runs of %u, %.1f s\n",
         p->phase_done ? p->phase : "...", p->requests, p->events, p->harts, p->harts == 1 ? "" : "s", p->runs,
         p->max_runs, t - o->t0);
  fflush(stdout);
}

/* The events of the first limit requests of the original run's stream. */
static bool record(const cosim_config *cfg, unsigned limit, replay *out) {
  feed_source src = cosim_stream(cfg);
  replay_free(out);
  out->opt = cosim_replay_options(cfg);
  return src.next && replay_collect(src, limit, out);
}

/* Shrinks, writes and checks; the exit status. */
static int shrink(run_opts *ro, const char *out_path, unsigned max_runs) {
  const cosim_config *cfg = &ro->cfg;
  char from[600], what[400];
  if (cfg->replay)
    snprintf(from, sizeof from, "replay %s (seed %" PRIu64 ")", cfg->replay, cfg->seed);
  else
    snprintf(from, sizeof from, "seed %" PRIu64, cfg->seed);
  char build[96] = "";
  if (cfg->bug)
    snprintf(build, sizeof build, ", injected bug %u (%s)", cfg->bug, rtl_bug_name(cfg->bug));
  else if (cfg->mutant_build)
    snprintf(build, sizeof build, ", mutant build");
  printf("shrink: %s, %u requests, %u hart%s%s, TLB %u, latency %u%s\n", from, cfg->requests, cfg->harts,
         cfg->harts == 1 ? "" : "s", cfg->serial ? " (serial)" : "", cfg->tlb_entries, cfg->mem_latency, build);
  oracle o = {.cfg = *cfg, .quiet = cfg->quiet, .t0 = now()};
  o.cfg.quiet = true;
  o.cfg.verbose = false;
  o.cfg.wave_window = 0;
  o.cfg.out = fopen("/dev/null", "w");
  o.quiet_fd = open("/dev/null", O_WRONLY);
  if (!o.cfg.out || o.quiet_fd < 0) {
    fprintf(stderr, "mmucosim shrink: cannot open /dev/null\n");
    if (o.cfg.out) fclose(o.cfg.out);
    if (o.quiet_fd >= 0) close(o.quiet_fd);
    return 2;
  }
  o.last_line = o.t0;
  int status = 1;
  replay r = {0};
  /* the original run */
  cosim_config first = o.cfg;
  first.record = NULL;
  cosim_stats st;
  int rc = cosim_run(&first, &st);
  if (rc == 2) fprintf(stderr, "mmucosim run: %s\n", st.error);
  if (rc != 1) {
    if (rc == 0) printf("shrink: no mismatch in %u requests: nothing to shrink\n", cfg->requests);
    status = rc == 2 ? 2 : 1;
    goto done;
  }
  o.diff = st.mismatch_diff;
  o.cls = st.mismatch_class;
  o.known = st.known_class;
  o.why = st.free_why;
  describe(what, sizeof what, o.diff, o.cls);
  printf("shrink: MISMATCH at request %u (edge %" PRIu64 "): %s\n", st.mismatch_request, st.mismatch_edge, what);
  unsigned runs = 1, needed = st.rerun_requests;
  bool same = false;
  for (unsigned attempt = 0; attempt < 2 && !same; attempt++) {
    unsigned limit = attempt ? cfg->requests : needed;
    if (!record(cfg, limit, &r)) {
      fprintf(stderr, "mmucosim shrink: out of memory\n");
      status = 2;
      goto done;
    }
    runs++;
    rc = run_events(&o, &r, &st);
    same = same_failure(&o, rc, &st);
    printf("shrink: the stream's first %u requests (%zu events) %s\n", replay_requests(&r), r.n,
           same ? "fail the same way" : "do not fail the same way");
  }
  if (!same) goto done;
  unsigned requests0 = replay_requests(&r), harts0 = r.opt.harts;
  size_t events0 = r.n;
  shrink_params sp = {.max_runs = max_runs > runs ? max_runs - runs : 1, .progress = progress, .ctx = &o};
  shrink_test test = {.fails = fails, .ctx = &o};
  shrink_stats sst;
  if (!shrink_replay(&r, &test, &sp, &sst))
    fprintf(stderr, "mmucosim shrink: out of memory: the result may be larger\n");
  runs += sst.runs;
  double seconds = now() - o.t0;
  char comment[1200], err[600];
  snprintf(comment, sizeof comment,
           "shrunk by mmucosim shrink from %s, %u harts%s, TLB %u, latency %u, bug %u%s:\n"
           "%u requests (%zu events) -> %u requests (%zu events) in %u runs, %.1f s%s;\n"
           "it fails the same way: %s",
           from, harts0, cfg->serial ? " (serial)" : "", cfg->tlb_entries, cfg->mem_latency, cfg->bug,
           cfg->mutant_build ? " (mutant build)" : "", requests0, events0, replay_requests(&r), r.n, runs, seconds,
           sst.budget_spent ? " (--max-runs reached)" : "", what);
  if (!replay_write(out_path, &r, comment, err, sizeof err)) {
    fprintf(stderr, "mmucosim shrink: %s\n", err);
    status = 2;
    goto done;
  }
  printf("shrink: %u -> %u requests, %zu -> %zu events, %u -> %u hart%s in %u runs, %.1f s%s\n", requests0,
         replay_requests(&r), events0, r.n, harts0, r.opt.harts, r.opt.harts == 1 ? "" : "s", runs, seconds,
         sst.budget_spent ? " (--max-runs reached: smaller may be possible)" : "");
  if (o.refused) printf("shrink: %u candidates the co-simulation refused to run\n", o.refused);
  printf("shrink: written %s; the shrunk replay's run:\n", out_path);
  fflush(stdout);
  /* the shrunk replay's own run, from the file, with the report and waveform of a failure */
  replay file = {0};
  if (!replay_read(out_path, &file, err, sizeof err)) {
    fprintf(stderr, "mmucosim shrink: %s\n", err);
    status = 2;
    goto done;
  }
  cosim_config last = *cfg;
  last.replay = out_path;
  last.script = &file;
  last.record = NULL;
  last.harts = file.opt.harts;
  last.requests = replay_requests(&file);
  rc = cosim_run(&last, &st);
  if (rc == 2) fprintf(stderr, "mmucosim run: %s\n", st.error);
  replay_free(&file);
  if (same_failure(&o, rc, &st)) {
    status = 0;
    printf("shrink: the replay fails the same way at request %u; run it: build/mmucosim run --replay %s%s%s%s%s%s\n",
           st.mismatch_request, out_path, cfg->dut ? " --dut " : "", cfg->dut ? cfg->dut : "",
           cfg->timing_free ? " --timing-free" : "", cfg->known_fail ? " --known-fail " : "",
           cfg->known_fail ? cfg->known_fail : "");
  } else {
    printf("shrink: the replay %s: not the same way as the original\n", rc == 1 ? "fails another way" : "passes");
  }
done:
  replay_free(&r);
  fclose(o.cfg.out);
  close(o.quiet_fd);
  return status;
}

int cmd_shrink(int argc, char **argv) {
  enum { OPT_MAX_RUNS = RUN_OPT_END };
  static const struct option longopts[] = {RUN_LONGOPTS,
                                           {"out", required_argument, NULL, 'o'},
                                           {"max-runs", required_argument, NULL, OPT_MAX_RUNS},
                                           {"help", no_argument, NULL, 'h'},
                                           {NULL, 0, NULL, 0}};
  run_opts ro;
  run_opts_init(&ro);
  const char *out = DEFAULT_OUT;
  unsigned max_runs = DEFAULT_MAX_RUNS;
  uint64_t v;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, RUN_SHORTOPTS "o:h", longopts, NULL)) != -1) {
    int taken = run_opts_take(&ro, "shrink", c, optarg);
    if (taken < 0) return 2;
    if (taken) continue;
    switch (c) {
    case 'o': out = optarg; break;
    case OPT_MAX_RUNS:
      if (!cli_number("shrink", "--max-runs", optarg, 2, 10000000, &v)) return 2;
      max_runs = (unsigned)v;
      break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (ro.list_bugs) {
    run_opts_list_bugs();
    return 0;
  }
  if (optind < argc) {
    fprintf(stderr, "mmucosim shrink: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }
  if (ro.cfg.backend != COSIM_BOTH) {
    fprintf(stderr, "mmucosim shrink: --backend %s: shrinking needs the comparison (both)\n",
            cosim_backend_name(ro.cfg.backend));
    return 2;
  }
  if (ro.cfg.record) {
    fprintf(stderr, "mmucosim shrink: --record: the shrunk replay goes to --out\n");
    return 2;
  }
  if (!run_opts_finish(&ro, "shrink")) {
    run_opts_free(&ro);
    return 2;
  }
  if (ro.cfg.replay && !strcmp(ro.cfg.replay, out)) {
    fprintf(stderr, "mmucosim shrink: --out %s: the replay being shrunk\n", out);
    run_opts_free(&ro);
    return 2;
  }
  /* --out must be writable before the work starts (an empty file it made is removed if nothing is written) */
  bool existed = access(out, F_OK) == 0;
  FILE *probe = fopen(out, "a");
  if (!probe) {
    fprintf(stderr, "mmucosim shrink: --out %s: cannot write: %s\n", out, strerror(errno));
    run_opts_free(&ro);
    return 2;
  }
  fclose(probe);
  int status = shrink(&ro, out, max_runs);
  struct stat st;
  if (!existed && stat(out, &st) == 0 && st.st_size == 0) remove(out);
  run_opts_free(&ro);
  return status;
}
