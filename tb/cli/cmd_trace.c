/* mmucosim trace: a real program's memory trace (valgrind lackey) replayed through the kernel (sw/scenarios/trace.h).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "sw/scenarios/trace.h"
#include "tb/cosim/machine.h"
#include "tb/verilator/rtl.h"

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
                            "      --bug N         with --lockstep: switch on injected RTL bug N (the mutant\n"
                            "                      build; mmucosim run --list-bugs)\n"
                            "      --fail-prefix P a lockstep mismatch's waveform P.fst, P.gtkw and its\n"
                            "                      replay file P.replay (default build/fail-trace)\n"
                            "      --sweep DIR     on the model alone, replay the trace once per point: TLB\n"
                            "                      sizes 4..256 (the default cache), then caches of 4 KiB..\n"
                            "                      1 MiB with 1, 2, 4, 8 ways (TLB 16); print the miss ratios\n"
                            "                      and write them to DIR/trace-tlb.tsv and DIR/trace-cache.tsv\n"
                            "                      (not with --lockstep or --tlb)\n"
                            "  -h, --help          this text\n"
                            "\n"
                            "A malformed line stops the run before any report: 'FILE:LINE: what'. In\n"
                            "lockstep the kernel decides from the model; the window's requests then run\n"
                            "through the lockstep engine, whose mismatch report is mmucosim run's.\n"
                            "exit status: 0 done; 1 a mismatch in lockstep, or the kernel could not go on;\n"
                            "2 bad options, an unreadable or malformed file\n";

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The next access of r: 1; 0 at the end; 2 after a one-line error (malformed, unreadable). */
static int next_access(trace_reader *r, trace_rec *rec) {
  char err[512];
  int got = trace_next(r, rec, err, sizeof err);
  if (got < 0) fprintf(stderr, "mmucosim trace: %s\n", err);
  return got < 0 ? 2 : got;
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

/* The sweep's points: TLB sizes with the default cache, then cache sizes and ways with TLB 16. */
static const unsigned sweep_tlbs[] = {4, 8, 16, 32, 64, 128, 256};
static const unsigned sweep_ways[] = {1, 2, 4, 8};
#define SWEEP_KIB_MIN 4
#define SWEEP_KIB_MAX 1024

/* The trace (at most limit accesses) in memory, for the sweep's many replays; 0 or 2 (an error said). */
static int trace_load(trace_reader *tf, uint64_t limit, trace_rec **recs, size_t *n) {
  size_t cap = 1 << 16;
  *n = 0;
  *recs = malloc(cap * sizeof **recs);
  int got = 1;
  while (*recs && *n < limit && (got = next_access(tf, &(*recs)[*n])) == 1)
    if (++*n == cap) {
      trace_rec *more = realloc(*recs, 2 * cap * sizeof **recs);
      if (!more) free(*recs);
      *recs = more;
      cap *= 2;
    }
  if (!*recs) {
    fprintf(stderr, "mmucosim trace: %s: out of memory for the sweep\n", tf->path);
    return 2;
  }
  return got == 2 ? 2 : 0;
}

/* The trace replayed on a fresh model machine with TLB tlb and the cache; false after a one-line error. */
static bool sweep_point(const trace_rec *recs, size_t n, const trace_config *base, const tb_machine_config *mc_base,
                        unsigned tlb, mm_cache_params cache, trace_stats *out) {
  tb_machine_config mc = *mc_base;
  mc.backend = COSIM_MODEL;
  mc.tlb_entries = tlb;
  char err[256];
  machine *m = tb_machine_new_model(&mc, err, sizeof err);
  if (!m) {
    fprintf(stderr, "mmucosim trace: %s\n", err);
    return false;
  }
  /* The machine comes with the default cache: give it the point's, before any request. */
  tb_model *md = &((tb_machine *)m)->model;
  mm_memsys_params mp = {.cache = cache, .bus_latency = mc.mem_latency};
  mm_memsys fresh;
  const char *why = "";
  trace_config cfg = *base;
  unsigned colors = cache.size_bytes / cache.ways / KERN_PAGE;
  cfg.colors = colors ? colors : 1;
  trace_run t;
  bool ok = mm_memsys_init(&fresh, &mp, &md->side->bus, &why);
  if (ok) {
    mm_memsys_destroy(&md->memsys);
    md->memsys = fresh;
    ok = trace_begin(&t, m, &cfg, &why);
  }
  for (size_t i = 0; ok && i < n; i++) {
    kern_status st = trace_step(&t, &recs[i]);
    if (st != KERN_OK) {
      why = kern_status_name(st);
      ok = false;
      trace_end(&t);
    }
  }
  if (ok) {
    *out = t.st;
    trace_end(&t);
  } else {
    fprintf(stderr, "mmucosim trace: TLB %u, cache %u KiB of %u ways: %s\n", tlb, cache.size_bytes / 1024, cache.ways,
            why);
  }
  tb_machine_free(m);
  return ok;
}

static FILE *sweep_open(const char *dir, const char *name, const char *header, char *path, size_t len) {
  snprintf(path, len, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f)
    fprintf(stderr, "mmucosim trace: cannot write %s: %s\n", path, strerror(errno));
  else
    fprintf(f, "%s\n", header);
  return f;
}

/* mmucosim trace --sweep DIR: the miss ratios against TLB size and cache geometry, printed and written. */
static int sweep(const char *path, const trace_rec *recs, size_t n, const trace_config *cfg,
                 const tb_machine_config *mc, const char *dir) {
  char tlb_path[1024], cache_path[1024];
  FILE *ft = sweep_open(dir, "trace-tlb.tsv", "tlb_entries\taccesses\trequests\ttlb_misses\ttlb_miss_ratio", tlb_path,
                        sizeof tlb_path);
  FILE *fc =
      ft ? sweep_open(dir, "trace-cache.tsv", "cache_kib\tways\taccesses\tlookups\tcache_misses\tcache_miss_ratio",
                      cache_path, sizeof cache_path)
         : NULL;
  bool ok = ft && fc;
  unsigned points = 0;
  double t0 = now();
  if (ok) printf("trace: %s: %zu accesses, swept on the model alone, one replay a point\n", path, n);
  if (ok) printf("  %-12s %12s %12s %10s\n", "TLB entries", "requests", "TLB misses", "miss ratio");
  for (size_t i = 0; ok && i < sizeof sweep_tlbs / sizeof sweep_tlbs[0]; i++) {
    trace_stats st;
    ok = sweep_point(recs, n, cfg, mc, sweep_tlbs[i], MM_CACHE_PARAMS_DEFAULT, &st);
    if (!ok) break;
    points++;
    uint64_t misses = st.requests - st.tlb_hits;
    double ratio = st.requests ? (double)misses / (double)st.requests : 0.0;
    printf("  %-12u %12" PRIu64 " %12" PRIu64 " %10.5f\n", sweep_tlbs[i], st.requests, misses, ratio);
    fprintf(ft, "%u\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%.6f\n", sweep_tlbs[i], st.records, st.requests, misses,
            ratio);
  }
  if (ok) printf("  %-12s %6s %12s %12s %10s\n", "cache KiB", "ways", "lookups", "misses", "miss ratio");
  for (size_t w = 0; ok && w < sizeof sweep_ways / sizeof sweep_ways[0]; w++)
    for (unsigned kib = SWEEP_KIB_MIN; ok && kib <= SWEEP_KIB_MAX; kib *= 2) {
      trace_stats st;
      mm_cache_params cache = {.size_bytes = kib * 1024, .ways = sweep_ways[w], .line_bytes = 64};
      ok = sweep_point(recs, n, cfg, mc, 16, cache, &st);
      if (!ok) break;
      points++;
      uint64_t misses = st.cache_lookups - st.cache_hits;
      double ratio = st.cache_lookups ? (double)misses / (double)st.cache_lookups : 0.0;
      printf("  %-12u %6u %12" PRIu64 " %12" PRIu64 " %10.5f\n", kib, sweep_ways[w], st.cache_lookups, misses, ratio);
      fprintf(fc, "%u\t%u\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%.6f\n", kib, sweep_ways[w], st.records,
              st.cache_lookups, misses, ratio);
    }
  if (ft && fclose(ft) && ok) {
    fprintf(stderr, "mmucosim trace: cannot write %s\n", tlb_path);
    ok = false;
  }
  if (fc && fclose(fc) && ok) {
    fprintf(stderr, "mmucosim trace: cannot write %s\n", cache_path);
    ok = false;
  }
  if (ok) printf("  %u points in %.2f s; written %s and %s\n", points, now() - t0, tlb_path, cache_path);
  return ok ? 0 : 2;
}

int cmd_trace(int argc, char **argv) {
  enum { OPT_NAIVE = 256, OPT_SWEEP, OPT_BUG, OPT_FAIL_PREFIX };
  static const struct option longopts[] = {
      {"limit", required_argument, NULL, 'n'},   {"lockstep", required_argument, NULL, 'w'},
      {"frames", required_argument, NULL, 'f'},  {"resident", required_argument, NULL, 'r'},
      {"naive", no_argument, NULL, OPT_NAIVE},   {"sweep", required_argument, NULL, OPT_SWEEP},
      {"tlb", required_argument, NULL, 't'},     {"latency", required_argument, NULL, 'l'},
      {"bug", required_argument, NULL, OPT_BUG}, {"fail-prefix", required_argument, NULL, OPT_FAIL_PREFIX},
      {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
  };
  trace_config cfg = TRACE_CONFIG_DEFAULT;
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  uint64_t limit = UINT64_MAX, lockstep = 0, v;
  const char *sweep_dir = NULL, *fail_prefix = "build/fail-trace";
  bool tlb_given = false;
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
    case OPT_SWEEP: sweep_dir = optarg; break;
    case OPT_BUG:
      if (!rtl_bug_count()) {
        fprintf(stderr, "mmucosim trace: --bug: this binary has no mutant build\n");
        return 2;
      }
      if (!cli_number("trace", "--bug", optarg, 1, rtl_bug_count(), &v)) return 2;
      mc.bug = (unsigned)v;
      break;
    case OPT_FAIL_PREFIX: fail_prefix = optarg; break;
    case 't':
      tlb_given = true;
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
  if (mc.bug && (!lockstep || mc.tlb_entries != 16)) {
    fprintf(stderr, "mmucosim trace: --bug needs --lockstep N and TLB 16\n");
    return 2;
  }
  if (sweep_dir && (lockstep || tlb_given)) {
    fprintf(stderr,
            "mmucosim trace: --sweep runs the model alone over its own TLB sizes: not with --lockstep or --tlb\n");
    return 2;
  }
  const char *path = argv[optind];
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "mmucosim trace: %s: cannot open it\n", path);
    return 2;
  }
  if (sweep_dir) {
    trace_reader tf;
    trace_open_file(&tf, path, f);
    trace_rec *recs = NULL;
    size_t n = 0;
    int rc = cli_make_dir("trace", sweep_dir) ? trace_load(&tf, limit, &recs, &n) : 2;
    trace_close(&tf);
    fclose(f);
    if (!rc) rc = sweep(path, recs, n, &cfg, &mc, sweep_dir);
    free(recs);
    return rc;
  }
  mc.backend = lockstep ? COSIM_BOTH : COSIM_MODEL;
  mc.report = stdout;
  mc.fail_prefix = fail_prefix;
  mc.name = path;
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
  trace_reader tf;
  trace_open_file(&tf, path, f);
  double t0 = now();
  while (t.st.records < limit) {
    trace_rec rec;
    int got = next_access(&tf, &rec);
    if (got != 1) {
      rc = got; /* 0: the end; 2: malformed */
      break;
    }
    if (lockstep && t.st.records == lockstep) tb_machine_end_lockstep(m);
    kern_status st = trace_step(&t, &rec);
    if (st != KERN_OK) {
      printf("mmucosim trace: %s:%" PRIu64 ": %s\n", path, tf.in.line, kern_status_name(st));
      rc = 1;
      break;
    }
  }
  /* lockstep: the first requests through the engine (its report on a mismatch) */
  if (rc == 0 && lockstep && tb_machine_mismatch(m) >= 0) rc = 1;
  double secs = now() - t0;
  if (rc == 0) report(path, &t, &mc, lockstep, secs);
  trace_end(&t);
  tb_machine_free(m);
  trace_close(&tf);
  fclose(f);
  return rc;
}
