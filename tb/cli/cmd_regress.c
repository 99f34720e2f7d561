/* mmucosim regress and mmucosim mutants: many co-simulation runs, one table. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model/pma.h"
#include "tb/cosim/cosim.h"
#include "tb/verilator/rtl.h"

typedef struct matrix_opts {
  unsigned seeds;
  unsigned requests;
  uint64_t first_seed;
} matrix_opts;

static int parse_matrix_opts(const char *cmd, const char *usage, int argc, char **argv, matrix_opts *o) {
  static const struct option longopts[] = {
      {"seeds", required_argument, NULL, 'S'},
      {"requests", required_argument, NULL, 'n'},
      {"first-seed", required_argument, NULL, 's'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  int c;
  uint64_t v;
  optind = 1;
  while ((c = getopt_long(argc, argv, "S:n:s:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'S':
      if (!cli_number(cmd, "--seeds", optarg, 1, 100000, &v)) return 2;
      o->seeds = (unsigned)v;
      break;
    case 'n':
      if (!cli_number(cmd, "--requests", optarg, 1, 10000000, &v)) return 2;
      o->requests = (unsigned)v;
      break;
    case 's':
      if (!cli_number(cmd, "--first-seed", optarg, 0, 0x7fffffff, &v)) return 2;
      o->first_seed = v;
      break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "mmucosim %s: unexpected argument '%s'\n", cmd, argv[optind]);
    return 2;
  }
  return -1;
}

static const char regress_usage[] = "usage: mmucosim regress [options]\n"
                                    "\n"
                                    "The default co-simulation regression: lockstep runs (model against RTL)\n"
                                    "of random translation and data traffic (main memory, NC and IO) over a\n"
                                    "matrix of configurations (harts 1, 2, 4; TLB 16 and 4 entries; bus latency\n"
                                    "1 and 7) and several seeds each, every hart with a request in flight at\n"
                                    "once, with a summary table: TLB hits, walks, faults, fences, data accesses\n"
                                    "to main memory with their cache hit rate, NC and IO accesses, bus\n"
                                    "transactions, RTL cycles, and the races: contended arbiter grants (cont),\n"
                                    "A/D compare-and-swaps racing another walk (cas, of which lost), software\n"
                                    "stores racing a walk (st), TLB fences during another hart's walk (fw).\n"
                                    "Stops at the first mismatch, with its report and waveform.\n"
                                    "\n"
                                    "options:\n"
                                    "  -S, --seeds N        seeds per configuration (default 4)\n"
                                    "  -s, --first-seed N   the first seed (default 1); seeds are consecutive\n"
                                    "  -n, --requests N     requests per run (default 20000)\n"
                                    "  -h, --help           this text\n"
                                    "\n"
                                    "exit status: 0 no mismatch; 1 a mismatch; 2 bad options\n";

int cmd_regress(int argc, char **argv) {
  matrix_opts o = {.seeds = 4, .requests = 20000, .first_seed = 1};
  int rc = parse_matrix_opts("regress", regress_usage, argc, argv, &o);
  if (rc >= 0) return rc;
  static const struct {
    unsigned harts, tlb, latency;
  } configs[] = {{1, 16, 1}, {1, 4, 7}, {2, 16, 7}, {2, 4, 1}, {4, 16, 1}, {4, 4, 7}};
  printf("%-5s %-4s %-7s %-5s %8s %7s %7s %7s %7s %7s %6s %6s %6s %7s %10s %7s %9s %4s %5s %8s  %s\n", "harts",
         "tlb", "latency", "seed", "requests", "hits", "walks", "faults", "fences", "main", "hit%", "nc", "io", "bus",
         "cycles", "cont", "cas/lost", "st", "fw", "seconds", "result");
  unsigned runs = 0, passed = 0;
  double seconds = 0;
  uint64_t cycles = 0, requests = 0;
  uint64_t contended = 0, cas_races = 0, cas_lost = 0, store_races = 0, fences_in_walks = 0, pokes = 0;
  for (unsigned k = 0; k < sizeof configs / sizeof configs[0]; k++) {
    for (unsigned s = 0; s < o.seeds; s++) {
      cosim_config cfg = COSIM_CONFIG_DEFAULT;
      cfg.out = stdout;
      cfg.seed = o.first_seed + s;
      cfg.requests = o.requests;
      cfg.harts = configs[k].harts;
      cfg.tlb_entries = configs[k].tlb;
      cfg.mem_latency = configs[k].latency;
      cosim_stats st;
      rc = cosim_run(&cfg, &st);
      if (rc == 2) return 2;
      runs++;
      passed += rc == 0;
      seconds += st.seconds;
      cycles += st.cycles;
      requests += st.requests;
      unsigned main = st.data_ops[MM_MT_MAIN];
      unsigned bus = st.bus_lines_read + st.bus_lines_written + st.bus_beats_read + st.bus_beats_written;
      contended += st.contended;
      cas_races += st.cas_races;
      cas_lost += st.cas_lost;
      store_races += st.store_races;
      fences_in_walks += st.fences_in_walks;
      pokes += st.pokes;
      char cas[24];
      snprintf(cas, sizeof cas, "%" PRIu64 "/%" PRIu64, st.cas_races, st.cas_lost);
      printf("%-5u %-4u %-7u %-5" PRIu64 " %8u %7u %7u %7u %7u %7u %6.1f %6u %6u %7u %10" PRIu64 " %7" PRIu64
             " %9s %4" PRIu64 " %5" PRIu64 " %8.2f  %s\n",
             cfg.harts, cfg.tlb_entries, cfg.mem_latency, cfg.seed, st.requests, st.hits, st.walks, st.faults,
             st.fences, main, main ? 100.0 * st.data_hits / main : 0.0, st.data_ops[MM_MT_NC], st.data_ops[MM_MT_IO],
             bus, st.cycles, st.contended, cas, st.store_races, st.fences_in_walks, st.seconds,
             rc ? "MISMATCH" : "pass");
      if (rc) {
        printf("regress: stopped at the first mismatch\nregress: %u passed, %u failed\n", passed, runs - passed);
        return 1;
      }
    }
  }
  printf("regress: %u runs, %" PRIu64 " requests, %" PRIu64 " RTL cycles in %.1f s\n", runs, requests, cycles, seconds);
  printf("regress: races: %" PRIu64 " contended grants, %" PRIu64 " A/D updates racing another walk (%" PRIu64
         " lost), %" PRIu64 " stores racing a walk, %" PRIu64 " TLB fences during another hart's walk, %" PRIu64
         " pokes\n",
         contended, cas_races, cas_lost, store_races, fences_in_walks, pokes);
  printf("regress: %u passed, %u failed\n", passed, runs - passed);
  return 0;
}

static const char mutants_usage[] =
    "usage: mmucosim mutants [options]\n"
    "\n"
    "Shows that the co-simulation catches every injected RTL bug: for each bug\n"
    "of the mutant build, lockstep runs (2 harts, TLB 16, latency 3) over\n"
    "consecutive seeds until the first mismatch, and a table of how many\n"
    "requests it took. A bug that survives every seed fails the command. A\n"
    "first control row runs the mutant build with no bug selected over the same\n"
    "seeds: it must not mismatch.\n"
    "\n"
    "options:\n"
    "  -S, --seeds N        seeds to try per bug before it counts as surviving (default 10)\n"
    "  -s, --first-seed N   the first seed (default 1)\n"
    "  -n, --requests N     requests per run (default 20000)\n"
    "  -h, --help           this text\n"
    "\n"
    "exit status: 0 every bug caught and the control clean; 1 otherwise; 2 bad options\n";

/* Lockstep runs of one mutant-build configuration over consecutive seeds
 * until the first mismatch; *seed and *at tell where. */
static int first_catch(const matrix_opts *o, unsigned bug, unsigned *seed, unsigned *at) {
  for (unsigned s = 0; s < o->seeds; s++) {
    cosim_config cfg = COSIM_CONFIG_DEFAULT;
    cfg.quiet = true;
    cfg.wave_window = 0;
    cfg.seed = o->first_seed + s;
    cfg.requests = o->requests;
    cfg.harts = 2;
    cfg.tlb_entries = 16;
    cfg.mem_latency = 3;
    cfg.bug = bug;
    cfg.mutant_build = true;
    FILE *sink = fopen("/dev/null", "w");
    cfg.out = sink ? sink : stdout;
    cosim_stats st;
    int rc = cosim_run(&cfg, &st);
    if (sink) fclose(sink);
    if (rc != 0) {
      *seed = (unsigned)cfg.seed;
      *at = st.mismatch_request + 1;
      return rc;
    }
  }
  return 0;
}

int cmd_mutants(int argc, char **argv) {
  matrix_opts o = {.seeds = 10, .requests = 20000, .first_seed = 1};
  int rc = parse_matrix_opts("mutants", mutants_usage, argc, argv, &o);
  if (rc >= 0) return rc;
  unsigned bugs = rtl_bug_count();
  if (!bugs) {
    fprintf(stderr, "mmucosim mutants: this binary has no mutant build\n");
    return 2;
  }
  printf("%-4s %-34s %8s %12s  %s\n", "bug", "name", "seed", "requests", "result");
  /* The control row: the mutant build with no bug selected must agree with
   * the model on every seed, or the other rows prove nothing. */
  unsigned seed = 0, at = 0;
  rc = first_catch(&o, 0, &seed, &at);
  if (rc == 2) return 2;
  if (rc)
    printf("%-4s %-34s %8u %12u  MISMATCH (the mutant build without a bug)\n", "-", "none (control)", seed, at);
  else
    printf("%-4s %-34s %8s %12s  pass, %u seeds\n", "-", "none (control)", "-", "-", o.seeds);
  bool control_ok = rc == 0;
  unsigned caught = 0;
  for (unsigned b = 1; b <= bugs; b++) {
    rc = first_catch(&o, b, &seed, &at);
    if (rc == 2) return 2;
    caught += rc == 1;
    if (rc == 1)
      printf("%-4u %-34s %8u %12u  caught\n", b, rtl_bug_name(b), seed, at);
    else
      printf("%-4u %-34s %8s %12s  SURVIVED %u seeds\n", b, rtl_bug_name(b), "-", "-", o.seeds);
  }
  printf("mutants: %u of %u injected bugs caught; control run %s\n", caught, bugs, control_ok ? "clean" : "MISMATCHED");
  printf("mutants: %u passed, %u failed\n", caught + control_ok, bugs - caught + !control_ok);
  return caught == bugs && control_ok ? 0 : 1;
}
