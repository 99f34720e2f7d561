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
#include "run_opts.h"
#include "tb/cosim/cosim.h"
#include "tb/cosim/dut.h"
#include "tb/cosim/known.h"

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
    "PREFIX.gtkw). The value checker (with the model, alone or in lockstep)\n"
    "holds every load, fetch and PTE read to the bytes of the last store to\n"
    "them, in the order the memory system took the accesses: a wrong value is\n"
    "a VALUE MISMATCH line of its own and fails the run.\n"
    "\n"
    "options:\n"
    RUN_OPTIONS_HELP
    "      --coverage FILE   write the model's functional coverage counts to FILE\n"
    "                        (report: mmucosim coverage FILE)\n"
    "  -h, --help            this text\n"
    "\n"
    "Numbers are decimal, or hex after 0x.\n"
    "exit status: 0 no mismatch; 1 a mismatch; 2 bad options, a malformed replay\n"
    "file or a record that cannot be written\n";
/* clang-format on */

/* The timing-free comparison's counts. */
static void print_free(const cosim_stats *st) {
  printf("  timing-free: %u requests skipped (V=1: the DUT has no H), %u faults outside the MMU (misaligned, "
         "physical memory) not asked of a translate-only DUT\n",
         st->skipped, st->not_mmu);
  printf("  legal translations: %" PRIu64 " made by walks, %" PRIu64 " dropped by fences, %" PRIu64
         " TLB answers they gave; re-walks of a page still legal: %" PRIu64 " after a fence that did not cover it "
         "(over-flush), %" PRIu64 " without a fence (capacity)%s\n",
         st->legal_added, st->legal_dropped, st->legal_matched, st->rewalk_after_fence, st->rewalk_evicted,
         st->legal_overflow ? "; SOME FORGOTTEN (the set's limit)" : "");
  if (st->unexplained)
    printf("  %u TLB answers no legal translation gives, where a known class's walk may have filled the TLB (counted, "
           "not mismatches, until a fence covers the page)\n",
           st->unexplained);
  for (unsigned i = 0; st->profile && i < st->profile->n_known && i < COSIM_KNOWN_MAX; i++)
    if (st->known[i])
      printf("  known class %s: %u mismatches (the first at request %u): %s\n", st->profile->known[i].id, st->known[i],
             st->known_first[i], st->profile->known[i].summary);
}

/* The run, its summary and its result line; its coverage counts to cov_path (NULL: none). */
static int run(const cosim_config *cfgp, const char *cov_path) {
  cosim_config cfg = *cfgp;
  char from[600]; /* where the stream comes from */
  if (cfg.replay)
    snprintf(from, sizeof from, "replay %s (seed %" PRIu64 ")", cfg.replay, cfg.seed);
  else
    snprintf(from, sizeof from, "seed %" PRIu64, cfg.seed);
  if (!cfg.quiet)
    printf("run: %s, %u requests, %u hart%s%s, TLB %u, latency %u, backend %s%s%s%s\n", from, cfg.requests, cfg.harts,
           cfg.harts == 1 ? "" : "s", cfg.serial ? " (serial)" : "", cfg.tlb_entries, cfg.mem_latency,
           cosim_backend_name(cfg.backend), cfg.dut ? ", DUT " : "", cfg.dut ? cfg.dut : "",
           cfg.bug            ? ", injected bug"
           : cfg.mutant_build ? ", mutant build"
                              : "");
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
  if (rc == 2) {
    fprintf(stderr, "mmucosim run: %s\n", st.error);
    return 2;
  }
  const char *verdict = st.mismatch ? "MISMATCH" : "VALUE MISMATCH"; /* lockstep's, or the value checker's alone */
  if (cfg.quiet) {
    if (rc && st.assertion)
      printf("%s: ASSERTION FAILED: %s\n", from, st.assertion_text);
    else if (rc)
      printf("%s: %s at request %u\n", from, verdict, st.mismatch_request);
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
  if (cfg.backend != COSIM_RTL)
    printf("  value checker: %" PRIu64 " reads held to the last store's bytes, %" PRIu64
           " under mixed memory types taken as they came; %u wrong values\n",
           st.value_checked, st.value_unchecked, st.value_mismatches);
  printf("  %" PRIu64 " cycles, %.3f s (%.0f requests/s, %.0f cycles/s)", st.cycles, st.seconds,
         st.seconds > 0 ? st.requests / st.seconds : 0.0, st.seconds > 0 ? (double)st.cycles / st.seconds : 0.0);
  if (cfg.backend == COSIM_BOTH && st.seconds > 0)
    printf(", comparator %.1f%%, model %.1f%%", 100.0 * st.compare_seconds / st.seconds,
           100.0 * st.model_seconds / st.seconds);
  if (cfg.backend != COSIM_RTL && st.seconds > 0)
    printf(", value checker %.1f%%", 100.0 * st.value_seconds / st.seconds);
  if (st.threads > 1)
    printf(cfg.backend == COSIM_MODEL ? " (the value checker on a second thread)" : " (the model on a second thread)");
  if (st.rerun_on_one) printf(" (found on two threads, run again on one)");
  printf("\n");
  if (st.timing_free) print_free(&st);
  if (cfg.record) printf("  the events it read: %s (mmucosim run --replay %s)\n", cfg.record, cfg.record);
  unsigned known = 0;
  for (unsigned i = 0; i < COSIM_KNOWN_MAX; i++)
    known += st.known[i];
  if (rc && st.assertion)
    printf("result: ASSERTION FAILED: %s (%s)\n", st.assertion_text, from);
  else if (rc && st.known_class)
    printf("result: MISMATCH at request %u (%s), known class %s\n", st.mismatch_request, from,
           st.profile->known[st.known_class - 1].id);
  else if (!rc && known)
    printf("result: PASS, no mismatch of a new class; %u of known classes (above)\n", known);
  else if (rc)
    printf("result: %s at request %u (%s)\n", verdict, st.mismatch_request, from);
  else
    printf("result: %s\n", cfg.backend == COSIM_BOTH ? "PASS, no mismatch" : "done (no comparison)");
  return rc;
}

int cmd_run(int argc, char **argv) {
  enum { OPT_COVERAGE = RUN_OPT_END };
  static const struct option longopts[] = {RUN_LONGOPTS,
                                           {"coverage", required_argument, NULL, OPT_COVERAGE},
                                           {"help", no_argument, NULL, 'h'},
                                           {NULL, 0, NULL, 0}};
  const char *cov_path = NULL;
  run_opts o;
  run_opts_init(&o);
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, RUN_SHORTOPTS "h", longopts, NULL)) != -1) {
    int taken = run_opts_take(&o, "run", c, optarg);
    if (taken < 0) return 2;
    if (taken) continue;
    if (c == OPT_COVERAGE) {
      cov_path = optarg;
      continue;
    }
    if (c == 'h') {
      fputs(usage, stdout);
      return 0;
    }
    fputs(usage, stderr);
    return 2;
  }
  if (o.list_bugs) {
    run_opts_list_bugs();
    return 0;
  }
  if (optind < argc) {
    fprintf(stderr, "mmucosim run: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }
  if (!run_opts_finish(&o, "run")) {
    run_opts_free(&o);
    return 2;
  }
  if (cov_path && o.cfg.backend == COSIM_RTL) {
    fprintf(stderr, "mmucosim run: --coverage: the model records coverage; it needs --backend model or both\n");
    run_opts_free(&o);
    return 2;
  }
  int rc = run(&o.cfg, cov_path);
  run_opts_free(&o);
  return rc;
}
