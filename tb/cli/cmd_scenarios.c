/* mmucosim scenarios: the kernel's scenarios (sw/scenarios/scenario.h) on a backend, a table. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "sw/scenarios/scenario.h"
#include "tb/cosim/machine.h"
#include "tb/verilator/rtl.h"

static const char usage[] =
    "usage: mmucosim scenarios [options] [NAME...]\n"
    "\n"
    "Runs the kernel's scenarios (all, or those named), each on a fresh machine:\n"
    "by default in lockstep co-simulation, where the kernel decides from the golden\n"
    "model's outcomes and the RTL receives the same requests and is compared. Each\n"
    "scenario checks its own results (data read back, faults taken, frames used,\n"
    "transactions a device saw). Prints a table: scenario, harts, requests, faults,\n"
    "shootdowns and the fences they sent to other harts, TLB and cache hit rates,\n"
    "result; then each scenario's measurements. In lockstep, a mismatch fails the scenario with\n"
    "its report.\n"
    "\n"
    "options:\n"
    "  -b, --backend B     model, rtl or both (default both: lockstep)\n"
    "  -s, --seed N        the scenarios' random choices (default 1; 'random' picks\n"
    "                      one and prints it)\n"
    "  -t, --tlb N         TLB entries per hart: 16 or 4 (default 16)\n"
    "  -l, --latency N     bus latency in cycles, 1..1000 (default 4)\n"
    "      --bug N         switch on injected RTL bug N (the mutant build; see\n"
    "                      mmucosim run --list-bugs): which scenarios catch it\n"
    "      --data DIR      also write each scenario's measurements worth a plot\n"
    "                      to DIR/NAME.tsv (tab-separated, a header line naming\n"
    "                      the columns): thrashing, kpti, page-coloring\n"
    "  -L, --list          list the scenarios and exit\n"
    "  -q, --quiet         the table only\n"
    "  -h, --help          this text\n"
    "\n"
    "exit status: 0 every scenario passed; 1 one failed or mismatched; 2 bad options\n";

static bool parse_backend(const char *arg, cosim_backend *b) {
  static const char *names[] = {"model", "rtl", "both"};
  for (unsigned i = 0; i < 3; i++)
    if (!strcmp(arg, names[i])) {
      *b = (cosim_backend)i;
      return true;
    }
  fprintf(stderr, "mmucosim scenarios: --backend '%s': expected model, rtl or both\n", arg);
  return false;
}

/* One scenario on a fresh machine: its table row and, unless quiet, its notes. */
static bool run_one(const scenario *sc, const tb_machine_config *base, const scenario_params *p, bool quiet,
                    const char *data_dir, int *status) {
  tb_machine_config cfg = *base;
  cfg.harts = sc->harts;
  cfg.report = stdout;
  char prefix[256];
  snprintf(prefix, sizeof prefix, "build/fail-%s", sc->name);
  cfg.fail_prefix = prefix;
  cfg.name = sc->name;
  cfg.seed = p->seed;
  char err[256];
  machine *m = tb_machine_new(&cfg, err, sizeof err);
  if (!m) {
    fprintf(stderr, "mmucosim scenarios: %s\n", err);
    *status = 2;
    return false;
  }
  scenario_result r;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  scenario_run(sc, m, p, &r);
  long bad = tb_machine_mismatch(m); /* lockstep: the kernel's requests through the engine */
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  const machine_stats *st = &m->stats;
  char result[400];
  if (bad >= 0)
    snprintf(result, sizeof result, "MISMATCH at request %ld", bad);
  else
    snprintf(result, sizeof result, "%s%s", r.passed ? "pass" : "FAIL: ", r.passed ? "" : r.failure);
  char tlb[16] = "-", cache[16] = "-"; /* a rate of nothing is no rate */
  if (st->tlb_hits + st->walks) snprintf(tlb, sizeof tlb, "%.1f", machine_tlb_hit_rate(st));
  if (st->data_main) snprintf(cache, sizeof cache, "%.1f", machine_cache_hit_rate(st));
  printf("%-14s %5u %9" PRIu64 " %7" PRIu64 " %7" PRIu64 "/%-5" PRIu64 " %6s %6s %7.2f  %s\n", sc->name, sc->harts,
         st->requests, st->faults, r.kernel.shootdowns, r.kernel.ipis, tlb, cache, secs, result);
  if (!quiet && r.notes[0]) {
    char notes[sizeof r.notes];
    memcpy(notes, r.notes, sizeof notes);
    for (char *line = strtok(notes, "\n"); line; line = strtok(NULL, "\n"))
      printf("    %s\n", line);
  }
  tb_machine_free(m);
  if (data_dir && r.data[0]) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.tsv", data_dir, sc->name);
    if (!cli_write_file("scenarios", path, r.data)) *status = 2;
  }
  bool passed = r.passed && bad < 0;
  if (!passed && *status == 0) *status = 1;
  return passed;
}

int cmd_scenarios(int argc, char **argv) {
  enum { OPT_BUG = 256, OPT_DATA };
  static const struct option longopts[] = {
      {"bug", required_argument, NULL, OPT_BUG}, {"data", required_argument, NULL, OPT_DATA},
      {"backend", required_argument, NULL, 'b'}, {"seed", required_argument, NULL, 's'},
      {"tlb", required_argument, NULL, 't'},     {"latency", required_argument, NULL, 'l'},
      {"list", no_argument, NULL, 'L'},          {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
  };
  tb_machine_config cfg = TB_MACHINE_CONFIG_DEFAULT;
  scenario_params p = {.seed = 1, .tlb_entries = 16};
  bool quiet = false;
  const char *data_dir = NULL;
  uint64_t v;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "b:s:t:l:Lqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'b':
      if (!parse_backend(optarg, &cfg.backend)) return 2;
      break;
    case 's':
      if (!cli_seed("scenarios", optarg, &p.seed)) return 2;
      break;
    case 't':
      if (!cli_rtl_tlb("scenarios", optarg, &cfg.tlb_entries)) return 2;
      break;
    case 'l':
      if (!cli_number("scenarios", "--latency", optarg, 1, MM_LATENCY_MAX, &v)) return 2;
      cfg.mem_latency = (unsigned)v;
      break;
    case OPT_BUG:
      if (!rtl_bug_count()) {
        fprintf(stderr, "mmucosim scenarios: --bug: this binary has no mutant build\n");
        return 2;
      }
      if (!cli_number("scenarios", "--bug", optarg, 1, rtl_bug_count(), &v)) return 2;
      cfg.bug = (unsigned)v;
      break;
    case OPT_DATA: data_dir = optarg; break;
    case 'L':
      for (unsigned i = 0; i < scenario_count(); i++)
        printf("%-14s %u hart%s  %s\n", scenario_at(i)->name, scenario_at(i)->harts,
               scenario_at(i)->harts == 1 ? " " : "s", scenario_at(i)->summary);
      return 0;
    case 'q': quiet = true; break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (cfg.bug && (cfg.backend == COSIM_MODEL || cfg.tlb_entries != 16)) {
    fprintf(stderr, "mmucosim scenarios: --bug needs the RTL (--backend rtl or both) and TLB 16\n");
    return 2;
  }
  for (int i = optind; i < argc; i++)
    if (!scenario_find(argv[i])) {
      fprintf(stderr, "mmucosim scenarios: no scenario '%s' (--list shows them)\n", argv[i]);
      return 2;
    }
  if (data_dir && !cli_make_dir("scenarios", data_dir)) return 2;
  p.tlb_entries = cfg.tlb_entries;
  printf("scenarios: backend %s, seed %" PRIu64 ", TLB %u, latency %u", cosim_backend_name(cfg.backend), p.seed,
         cfg.tlb_entries, cfg.mem_latency);
  if (cfg.bug) printf(", injected RTL bug %u (%s)", cfg.bug, rtl_bug_name(cfg.bug));
  printf("\n");
  printf("%-14s %5s %9s %7s %13s %6s %6s %7s  %s\n", "scenario", "harts", "requests", "faults", "shootdowns/ipi",
         "tlb%", "cache%", "seconds", "result");
  int status = 0;
  unsigned passed = 0, ran = 0;
  for (unsigned i = 0; i < scenario_count() && status != 2; i++) {
    const scenario *sc = scenario_at(i);
    bool named = optind == argc;
    for (int a = optind; a < argc; a++)
      named |= !strcmp(argv[a], sc->name);
    if (!named) continue;
    ran++;
    passed += run_one(sc, &cfg, &p, quiet, data_dir, &status);
  }
  if (status == 2) return 2;
  printf("scenarios: %u passed, %u failed\n", passed, ran - passed);
  return status;
}
