/* mmucosim run: one co-simulation run. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "model/cov.h"
#include "model/mmu.h"
#include "model/pma.h"
#include "tb/cosim/cosim.h"
#include "tb/verilator/rtl.h"

/* clang-format off */
static const char usage[] =
    "usage: mmucosim run [options]\n"
    "\n"
    "Runs one co-simulation: a seeded constrained-random stream of accesses,\n"
    "fences, CSR changes, page-table edits and data traffic drives the golden\n"
    "model and the Verilated RTL in lockstep. Every hart has a request in\n"
    "flight at once (each takes its next request a few cycles after its\n"
    "previous response), so the walkers contend for the memory system; the\n"
    "model predicts every grant and cycle. Every response is compared as it\n"
    "comes: outcome, TLB hit, the memory accesses and bus transactions with\n"
    "their data and cycles, the acceptance edge and the cycle count. The first\n"
    "difference stops the run with a report and an FST waveform (PREFIX.fst,\n"
    "PREFIX.gtkw).\n"
    "\n"
    "options:\n"
    "  -s, --seed N          stimulus seed (default 1; 'random' picks one from the\n"
    "                        clock and prints it)\n"
    "  -n, --requests N      accesses and fences to issue (default 10000)\n"
    "  -H, --harts N         harts, each with its own TLB and walker, 1.." MM_STR(MM_MAX_HARTS) " (default 1)\n"
    "      --serial          one request in flight in the whole system, in stream\n"
    "                        order (default: one per hart, all at once)\n"
    "  -t, --tlb N           TLB entries per hart, a power of two up to " MM_STR(MM_TLB_MAX_ENTRIES) " (default 16;\n"
    "                        the RTL is built for 4 and 16)\n"
    "  -l, --latency N       memory port latency in cycles, 1.." MM_STR(MM_LATENCY_MAX) " (default 4)\n"
    "  -w, --wave-window N   cycles of waveform before a failing response (default\n"
    "                        200; 0: no waveform)\n"
    "      --snapshots N     fork a waiting copy of the run every N cycles, so that\n"
    "                        a failure's waveform runs on from the last one instead\n"
    "                        of re-running from the start (default 100000; 0: none)\n"
    "  -b, --backend B       model, rtl or both (default both: lockstep comparison)\n"
    "      --bug N           select injected RTL bug N (mutant build; see --list-bugs)\n"
    "      --list-bugs       list the injected bugs and exit\n"
    "      --mutant-build    run the mutant build with no bug selected (the control run)\n"
    "      --fail-prefix P   waveform files P.fst and P.gtkw (default build/fail)\n"
    "      --history N       responses shown before a failure (default 8)\n"
    "      --coverage FILE   write the model's functional coverage counts to FILE\n"
    "                        (report: mmucosim coverage FILE)\n"
    "  -v, --verbose         print every request and its outcome as it completes\n"
    "  -q, --quiet           print only a one-line result\n"
    "  -h, --help            this text\n"
    "\n"
    "Numbers are decimal, or hex after 0x.\n"
    "exit status: 0 no mismatch; 1 a mismatch; 2 bad options\n";
/* clang-format on */

int cmd_run(int argc, char **argv) {
  enum { OPT_BUG = 256, OPT_LIST_BUGS, OPT_MUTANT_BUILD, OPT_FAIL_PREFIX, OPT_HISTORY, OPT_SERIAL, OPT_COVERAGE, OPT_SNAPSHOTS };
  static const struct option longopts[] = {
      {"seed", required_argument, NULL, 's'},
      {"requests", required_argument, NULL, 'n'},
      {"harts", required_argument, NULL, 'H'},
      {"serial", no_argument, NULL, OPT_SERIAL},
      {"tlb", required_argument, NULL, 't'},
      {"latency", required_argument, NULL, 'l'},
      {"wave-window", required_argument, NULL, 'w'},
      {"backend", required_argument, NULL, 'b'},
      {"bug", required_argument, NULL, OPT_BUG},
      {"list-bugs", no_argument, NULL, OPT_LIST_BUGS},
      {"mutant-build", no_argument, NULL, OPT_MUTANT_BUILD},
      {"fail-prefix", required_argument, NULL, OPT_FAIL_PREFIX},
      {"history", required_argument, NULL, OPT_HISTORY},
      {"coverage", required_argument, NULL, OPT_COVERAGE},
      {"snapshots", required_argument, NULL, OPT_SNAPSHOTS},
      {"verbose", no_argument, NULL, 'v'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.out = stdout;
  const char *cov_path = NULL;
  uint64_t v;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:n:H:t:l:w:b:vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 's':
      if (!strcmp(optarg, "random")) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        cfg.seed = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec;
      } else if (!cli_number("run", "--seed", optarg, 0, UINT64_MAX, &cfg.seed)) {
        return 2;
      }
      break;
    case 'n':
      if (!cli_number("run", "--requests", optarg, 1, 100000000, &v)) return 2;
      cfg.requests = (unsigned)v;
      break;
    case 'H':
      if (!cli_number("run", "--harts", optarg, 1, MM_MAX_HARTS, &v)) return 2;
      cfg.harts = (unsigned)v;
      break;
    case 't':
      if (!cli_number("run", "--tlb", optarg, 1, MM_TLB_MAX_ENTRIES, &v)) return 2;
      cfg.tlb_entries = (unsigned)v;
      break;
    case 'l':
      if (!cli_number("run", "--latency", optarg, 1, MM_LATENCY_MAX, &v)) return 2;
      cfg.mem_latency = (unsigned)v;
      break;
    case 'w':
      if (!cli_number("run", "--wave-window", optarg, 0, 1000000, &v)) return 2;
      cfg.wave_window = (unsigned)v;
      break;
    case 'b':
      if (!strcmp(optarg, "model"))
        cfg.backend = COSIM_MODEL;
      else if (!strcmp(optarg, "rtl"))
        cfg.backend = COSIM_RTL;
      else if (!strcmp(optarg, "both"))
        cfg.backend = COSIM_BOTH;
      else {
        fprintf(stderr, "mmucosim run: --backend '%s': expected model, rtl or both\n", optarg);
        return 2;
      }
      break;
    case OPT_BUG:
      if (!cli_number("run", "--bug", optarg, 1, rtl_bug_count() ? rtl_bug_count() : 1, &v)) return 2;
      if (!rtl_bug_count()) {
        fprintf(stderr, "mmucosim run: --bug: this binary has no mutant build\n");
        return 2;
      }
      cfg.bug = (unsigned)v;
      break;
    case OPT_LIST_BUGS:
      for (unsigned b = 1; b <= rtl_bug_count(); b++)
        printf("%2u %-32s %s\n", b, rtl_bug_name(b), rtl_bug_description(b));
      return 0;
    case OPT_MUTANT_BUILD: cfg.mutant_build = true; break;
    case OPT_SERIAL: cfg.serial = true; break;
    case OPT_COVERAGE: cov_path = optarg; break;
    case OPT_SNAPSHOTS:
      if (!cli_number("run", "--snapshots", optarg, 0, UINT64_MAX, &cfg.snapshots)) return 2;
      break;
    case OPT_FAIL_PREFIX: cfg.fail_prefix = optarg; break;
    case OPT_HISTORY:
      if (!cli_number("run", "--history", optarg, 0, 64, &v)) return 2;
      cfg.history = (unsigned)v;
      break;
    case 'v': cfg.verbose = true; break;
    case 'q': cfg.quiet = true; break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "mmucosim run: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }
  if (cfg.backend == COSIM_MODEL && (cfg.bug || cfg.mutant_build)) {
    fprintf(stderr, "mmucosim run: --bug and --mutant-build need the RTL (--backend rtl or both)\n");
    return 2;
  }
  if (!cfg.quiet)
    printf("run: seed %" PRIu64 ", %u requests, %u hart%s%s, TLB %u, latency %u, backend %s%s\n", cfg.seed,
           cfg.requests, cfg.harts, cfg.harts == 1 ? "" : "s", cfg.serial ? " (serial)" : "", cfg.tlb_entries, cfg.mem_latency, cosim_backend_name(cfg.backend),
           cfg.bug            ? ", injected bug"
           : cfg.mutant_build ? ", mutant build"
                              : "");
  if (cov_path && cfg.backend == COSIM_RTL) {
    fprintf(stderr, "mmucosim run: --coverage: the model records coverage; it needs --backend model or both\n");
    return 2;
  }
  mm_cov *cov = NULL;
  if (cov_path) {
    cov = malloc(sizeof *cov);
    if (!cov) {
      fprintf(stderr, "mmucosim run: out of memory\n");
      return 2;
    }
    mm_cov_init(cov);
    cfg.cov = cov;
  }
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  if (cov) {
    bool written = mm_cov_write(cov, cov_path);
    free(cov);
    if (!written) {
      fprintf(stderr, "mmucosim run: --coverage: cannot write %s\n", cov_path);
      return 2;
    }
  }
  if (rc == 2) return 2;
  if (cfg.quiet) {
    if (rc) printf("seed %" PRIu64 ": MISMATCH at request %u\n", cfg.seed, st.mismatch_request);
    return rc;
  }
  char bare[32] = ""; /* only the model tells a bare translation from a walk-less hit */
  if (cfg.backend != COSIM_RTL) snprintf(bare, sizeof bare, ", %u bare", st.bare);
  printf("  %u requests: %u accesses (%u TLB hits, %u walks%s, %u faults of which %u guest-page), %u fences\n",
         st.requests, st.accesses, st.hits, st.walks, bare, st.faults, st.guest_faults, st.fences);
  printf("  %u walk memory accesses (%u cache hits; %u atomic A/D updates failed and restarted)\n", st.walk_ops,
         st.walk_op_hits, st.failed_updates);
  unsigned data = st.data_ops[MM_MT_MAIN] + st.data_ops[MM_MT_NC] + st.data_ops[MM_MT_IO];
  printf("  %u data accesses: %u main memory (%u cache hits), %u NC, %u IO; bus: %u line reads, %u line writes, "
         "%u beat reads, %u beat writes\n",
         data, st.data_ops[MM_MT_MAIN], st.data_hits, st.data_ops[MM_MT_NC], st.data_ops[MM_MT_IO], st.bus_lines_read,
         st.bus_lines_written, st.bus_beats_read, st.bus_beats_written);
  if (cfg.backend != COSIM_RTL && cfg.harts > 1)
    printf("  races: %u requests in flight at most; %" PRIu64 " contended grants (longest wait %" PRIu64
           " cycles); %" PRIu64 " PTE reads of a word another walk in flight had touched, %" PRIu64
           " A/D updates racing another walk (%" PRIu64 " failed), %" PRIu64 " stores racing a walk, %" PRIu64
           " TLB fences during another hart's walk; %" PRIu64 " pokes\n",
           st.max_in_flight, st.contended, st.max_wait, st.shared_reads, st.cas_races, st.cas_lost, st.store_races,
           st.fences_in_walks, st.pokes);
  if (st.alias_errors)
    printf("  software errors: %" PRIu64 " NC/IO accesses to a line the cache held (attribute aliases; the first at "
           "request %u)\n",
           st.alias_errors, st.first_alias);
  printf("  %" PRIu64 " cycles, %.3f s (%.0f requests/s, %.0f cycles/s)", st.cycles, st.seconds,
         st.seconds > 0 ? st.requests / st.seconds : 0.0, st.seconds > 0 ? (double)st.cycles / st.seconds : 0.0);
  if (cfg.backend == COSIM_BOTH && st.seconds > 0)
    printf(", comparator %.1f%%, model %.1f%%", 100.0 * st.compare_seconds / st.seconds,
           100.0 * st.model_seconds / st.seconds);
  printf("\n");
  if (rc)
    printf("result: MISMATCH at request %u (seed %" PRIu64 ")\n", st.mismatch_request, cfg.seed);
  else
    printf("result: %s\n", cfg.backend == COSIM_BOTH ? "PASS, no mismatch" : "done (no comparison)");
  return rc;
}
