/* mmucosim trace: a real program's memory trace (valgrind lackey) replayed through the kernel (sw/scenarios/trace.h).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "sw/scenarios/trace.h"
#include "tb/cosim/machine.h"

static const char usage[] = "usage: mmucosim trace [options] FILE\n"
                            "\n"
                            "Replays the memory trace of a real program, as `valgrind --tool=lackey\n"
                            "--trace-mem=yes --log-file=FILE PROG` writes it, through the kernel: one\n"
                            "process in an Sv48 space whose pages are zero-filled on first touch from a\n"
                            "colored (or naive) frame pool, paged out by the clock past a resident limit.\n"
                            "Each access is a request for the aligned 8-byte word holding its first byte\n"
                            "(and its last, when it crosses a page); a modify is a load and a store. Runs\n"
                            "on the golden model, or in lockstep with the RTL for the first N accesses.\n"
                            "Reports the TLB and cache hit rates, walks, page faults and the misses per\n"
                            "thousand accesses.\n"
                            "\n"
                            "options:\n"
                            "  -n, --limit N       replay at most N accesses (default: the whole trace)\n"
                            "  -w, --lockstep N    the first N accesses in lockstep (the RTL compared), then\n"
                            "                      the model alone (default 0: the model alone)\n"
                            "  -f, --frames N      the frame pool in 4 KiB frames, 16..65536 (default 16384)\n"
                            "  -r, --resident N    resident pages before the clock pages out (default 0:\n"
                            "                      only when the pool runs dry)\n"
                            "      --naive         the naive frame allocator (default: colored)\n"
                            "  -t, --tlb N         TLB entries per hart: 16 or 4 (default 16)\n"
                            "  -l, --latency N     bus latency in cycles, 1..1000 (default 4)\n"
                            "  -h, --help          this text\n"
                            "\n"
                            "A malformed line stops the run before any report: 'FILE:LINE: what'.\n"
                            "exit status: 0 done; 1 a mismatch in lockstep, or the kernel could not go on;\n"
                            "2 bad options, an unreadable or malformed file\n";

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double per_kilo(uint64_t n, uint64_t of) { return of ? 1000.0 * (double)n / (double)of : 0.0; }
static double percent(uint64_t n, uint64_t of) { return of ? 100.0 * (double)n / (double)of : 0.0; }

static void report(const char *path, const trace_run *t, const tb_machine_config *mc, uint64_t lockstep, double secs) {
  const trace_stats *st = &t->st;
  const kernel_stats *ks = &t->k.stats;
  printf("trace: %s: %" PRIu64 " accesses (%" PRIu64 " fetches, %" PRIu64 " loads, %" PRIu64 " stores, %" PRIu64
         " modifies), %" PRIu64 " skipped beyond the user space\n",
         path, st->records, st->by_kind[TRACE_FETCH], st->by_kind[TRACE_LOAD], st->by_kind[TRACE_STORE],
         st->by_kind[TRACE_MODIFY], st->skipped);
  if (lockstep)
    printf("  lockstep (model against RTL) for the first %" PRIu64 " accesses: no mismatch; the model alone after\n",
           lockstep < st->records ? lockstep : st->records);
  else
    printf("  the golden model alone\n");
  uint64_t tlb_misses = st->requests - st->tlb_hits, cache_misses = st->cache_lookups - st->cache_hits;
  printf("  %" PRIu64 " requests: TLB hit rate %.2f%% (%" PRIu64 " walks), cache hit rate %.2f%% (%" PRIu64
         " misses of %" PRIu64 ")\n",
         st->requests, percent(st->tlb_hits, st->requests), st->walks, percent(st->cache_hits, st->cache_lookups),
         cache_misses, st->cache_lookups);
  printf("  per 1000 accesses: %.2f TLB misses, %.2f walks, %.2f cache misses, %.3f page faults\n",
         per_kilo(tlb_misses, st->records), per_kilo(st->walks, st->records), per_kilo(cache_misses, st->records),
         per_kilo(ks->faults, st->records));
  printf("  kernel: %" PRIu64 " page faults, %" PRIu64 " frames (%s, %u-frame pool), %" PRIu64 " page tables, %" PRIu64
         " evictions (%" PRIu64 " written out, %" PRIu64 " read back)\n",
         ks->faults, ks->frames, t->k.cfg.colored ? "colored" : "naive", t->k.cfg.pool_frames, ks->tables,
         ks->evictions, ks->swap_outs, ks->swap_ins);
  printf("  TLB %u entries, bus latency %u; %.2f s, %.0f accesses/s\n", mc->tlb_entries, mc->mem_latency, secs,
         secs > 0 ? (double)st->records / secs : 0.0);
}

int cmd_trace(int argc, char **argv) {
  enum { OPT_NAIVE = 256 };
  static const struct option longopts[] = {
      {"limit", required_argument, NULL, 'n'},
      {"lockstep", required_argument, NULL, 'w'},
      {"frames", required_argument, NULL, 'f'},
      {"resident", required_argument, NULL, 'r'},
      {"naive", no_argument, NULL, OPT_NAIVE},
      {"tlb", required_argument, NULL, 't'},
      {"latency", required_argument, NULL, 'l'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  trace_config cfg = TRACE_CONFIG_DEFAULT;
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  uint64_t limit = UINT64_MAX, lockstep = 0, v;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "n:w:f:r:t:l:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'n':
      if (!cli_number("trace", "--limit", optarg, 1, UINT64_MAX, &limit)) return 2;
      break;
    case 'w':
      if (!cli_number("trace", "--lockstep", optarg, 0, UINT64_MAX, &lockstep)) return 2;
      break;
    case 'f':
      if (!cli_number("trace", "--frames", optarg, 16, FRAMES_MAX, &v)) return 2;
      cfg.frames = (unsigned)v;
      break;
    case 'r':
      if (!cli_number("trace", "--resident", optarg, 0, FRAMES_MAX, &v)) return 2;
      cfg.max_resident = (unsigned)v;
      break;
    case OPT_NAIVE: cfg.colored = false; break;
    case 't':
      if (!cli_rtl_tlb("trace", optarg, &mc.tlb_entries)) return 2;
      break;
    case 'l':
      if (!cli_number("trace", "--latency", optarg, 1, MM_LATENCY_MAX, &v)) return 2;
      mc.mem_latency = (unsigned)v;
      break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind != argc - 1) {
    fprintf(stderr, "mmucosim trace: expected one trace FILE\n%s", usage);
    return 2;
  }
  const char *path = argv[optind];
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "mmucosim trace: %s: cannot open it\n", path);
    return 2;
  }
  mc.backend = lockstep ? COSIM_BOTH : COSIM_MODEL;
  mc.report = stdout;
  char err[256];
  machine *m = tb_machine_new(&mc, err, sizeof err);
  if (!m) {
    fprintf(stderr, "mmucosim trace: %s\n", err);
    fclose(f);
    return 2;
  }
  trace_run t;
  const char *why = "";
  if (!trace_begin(&t, m, &cfg, &why)) {
    fprintf(stderr, "mmucosim trace: %s\n", why);
    tb_machine_free(m);
    fclose(f);
    return 2;
  }
  int rc = 0;
  char line[512];
  double t0 = now();
  for (uint64_t n = 1; t.st.records < limit && fgets(line, sizeof line, f); n++) {
    trace_rec rec;
    int got = trace_parse(line, &rec, &why);
    if (got < 0 || (!strchr(line, '\n') && !feof(f))) {
      fprintf(stderr, "mmucosim trace: %s:%" PRIu64 ": %s\n", path, n, got < 0 ? why : "line too long");
      rc = 2;
      break;
    }
    if (!got) continue;
    if (lockstep && t.st.records == lockstep) tb_machine_detach_rtl(m);
    kern_status st = trace_step(&t, &rec);
    if (st != KERN_OK) {
      printf("mmucosim trace: %s:%" PRIu64 ": %s\n", path, n, kern_status_name(st));
      rc = 1;
      break;
    }
  }
  double secs = now() - t0;
  if (rc == 0 && ferror(f)) {
    fprintf(stderr, "mmucosim trace: %s: read error\n", path);
    rc = 2;
  }
  if (rc == 0) report(path, &t, &mc, lockstep, secs);
  trace_end(&t);
  tb_machine_free(m);
  fclose(f);
  return rc;
}
