/*
 * Model throughput: translations per second through mm_hart_access() for TLB
 * hits, Sv39 walks, Sv48 walks and two-stage (Sv39 over Sv39x4) walks, each
 * over many random addresses. Walk cases flush the TLB before every access
 * so each one walks; A/D are preset so memory is not written. Then loads
 * through the memory system (memsys.h): a TLB hit and a cache hit, and a TLB
 * hit and a cache miss (16 TLB entries of 2 MiB pages, random lines of a
 * 64 KiB window, or of the whole 32 MiB).
 *
 * usage: bench_model [SECONDS_PER_CASE] [SEED] [CASE]   (defaults 0.5, 1, all cases; CASE:
 * the cases whose name contains it, e.g. "cache hit" for a profile of one)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/bus.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "model/pte.h"
#include "sw/lib/pt.h"
#include "sw/lib/rng.h"

#define PAGES 4096  /* distinct 4 KiB pages mapped per case */
#define BATCH 65536 /* requests drawn before timing, run over and over (more lines than the cache holds) */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct bench_case {
  const char *name;
  unsigned satp_mode; /* satp (V=0) or vsatp (V=1) */
  bool virt;
  bool hits;
} bench_case;

typedef struct data_case {
  const char *name;
  uint64_t window; /* bytes of each 2 MiB page the loads visit */
} data_case;

/* Loads through the memory system: 16 TLB entries of 2 MiB pages. */
static double run_data_case(const data_case *dc, double seconds, uint64_t seed, uint64_t *count, uint64_t *hits) {
  mm_mem *mem = mm_mem_new();
  mm_bus bus;
  mm_bus_init(&bus, mem);
  mm_memsys ms;
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = 4};
  mm_hart hart;
  const char *why;
  mm_hart_params params = MM_HART_PARAMS_DEFAULT;
  if (!mm_memsys_init(&ms, &mp, &bus, &why) || !mm_hart_init(&hart, &params, &why)) abort();
  const uint64_t root = 0x80000000ull, leaf = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
  pt_builder b;
  pt_init(&b, mem, root, 3, 0, root + 4096);
  for (uint64_t i = 0; i < 16; i++)
    if (pt_map(&b, i << 21, 1, pt_pte(0x100000000ull + (i << 21), leaf), NULL) != PT_OK) abort();
  hart.csrs.satp = ((uint64_t)SATP_MODE_SV39 << 60) | (root >> 12);
  hart.csrs.menvcfg = ENVCFG_ADUE | ENVCFG_PBMTE;
  mm_port port = mm_port_of_memsys(&ms);
  rng r;
  rng_seed(&r, seed);
  /* The requests, drawn before the clock starts (the random numbers are not what is measured). */
  mm_req *reqs = malloc(BATCH * sizeof *reqs);
  if (!reqs) abort();
  for (unsigned k = 0; k < BATCH; k++) {
    uint64_t page = rng_below(&r, 16);
    /* In the hit case each page's window starts at its own color, so the 16 windows share no set. */
    uint64_t window = dc->window < (2ull << 20) ? (page % 8) << 12 : 0;
    reqs[k] = (mm_req){.va = (page << 21) | window | (rng_next(&r) & (dc->window - 1) & ~7ull),
                       .type = MM_LOAD,
                       .priv = MM_PRIV_S,
                       .data_op = MM_DATA_LOAD,
                       .size = 8};
  }
  mm_obs res;
  uint64_t n = 0, hit = 0, bad = 0;
  double start = now(), elapsed;
  do {
    for (unsigned k = 0; k < BATCH; k++) {
      mm_hart_access_port(&hart, &port, &reqs[k], &res);
      bad += !res.ok;
      hit += res.cache_hit;
    }
    n += BATCH;
    elapsed = now() - start;
  } while (elapsed < seconds);
  free(reqs);
  if (bad) {
    fprintf(stderr, "bench_model: %s: %" PRIu64 " unexpected faults\n", dc->name, bad);
    exit(1);
  }
  *count = n;
  *hits = hit;
  mm_hart_destroy(&hart);
  mm_memsys_destroy(&ms);
  mm_mem_free(mem);
  return (double)n / elapsed;
}

static double run_case(const bench_case *bc, double seconds, uint64_t seed, uint64_t *count, uint64_t *ops) {
  const uint64_t leaf = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
  int levels = bc->satp_mode == SATP_MODE_SV48 ? 4 : 3;
  int va_bits = 12 + 9 * levels;
  mm_mem *mem = mm_mem_new();
  mm_hart hart;
  const char *why;
  mm_hart_params params = MM_HART_PARAMS_DEFAULT;
  if (!mm_hart_init(&hart, &params, &why)) abort();

  uint64_t *vas = malloc(PAGES * sizeof *vas);
  rng r;
  rng_seed(&r, seed);
  /* Tables from 0x80000000 up: the root, the 16 KiB aligned x4 G-stage root
   * (two-stage), the first stage's tables, then the G-stage's. */
  const uint64_t root = 0x80000000ull;
  const uint64_t groot = bc->virt ? (root + 4096 + 0x3fff) & ~0x3fffull : 0;
  pt_builder first;
  pt_init(&first, mem, root, levels, 0, bc->virt ? groot + 4 * 4096 : root + 4096);
  for (unsigned i = 0; i < PAGES; i++) {
    uint64_t va = rng_next(&r) & ((1ull << (va_bits - 1)) - 1) & ~0xfffull; /* canonical, lower half */
    vas[i] = va;
    uint64_t frame = 0x100000000ull + (uint64_t)i * 4096;
    if (pt_map(&first, va, 0, pt_pte(frame, leaf), NULL) != PT_OK) abort();
  }
  if (bc->virt) {
    /* The G-stage identity-maps every GPA the VS tables and pages use:
     * every frame used so far (tables and data). */
    uint64_t end = first.next_table;
    pt_builder g;
    pt_init(&g, mem, groot, 3, 2, end);
    for (uint64_t gpa = 0x80000000ull; gpa < end + 64 * 4096; gpa += 4096)
      if (pt_map(&g, gpa, 0, pt_pte(gpa, leaf), NULL) != PT_OK) abort();
    for (unsigned i = 0; i < PAGES; i++) {
      uint64_t frame = 0x100000000ull + (uint64_t)i * 4096;
      if (pt_map(&g, frame, 0, pt_pte(frame, leaf), NULL) != PT_OK) abort();
    }
    hart.csrs.vsatp = ((uint64_t)bc->satp_mode << 60) | (root >> 12);
    hart.csrs.hgatp = ((uint64_t)SATP_MODE_SV39 << 60) | (groot >> 12);
  } else {
    hart.csrs.satp = ((uint64_t)bc->satp_mode << 60) | (root >> 12);
  }
  hart.csrs.menvcfg = hart.csrs.henvcfg = ENVCFG_ADUE | ENVCFG_PBMTE;

  mm_fence flush = {.kind = bc->virt ? MM_FENCE_HFENCE_GVMA : MM_FENCE_SFENCE_VMA};
  mm_obs res;
  uint64_t n = 0, total_ops = 0, bad = 0;
  unsigned hot = bc->hits ? hart.tlb.entries : PAGES; /* hits: addresses the TLB holds */
  /* The requests, drawn before the clock starts (the random numbers are not what is measured). */
  mm_req *reqs = malloc(BATCH * sizeof *reqs);
  if (!reqs) abort();
  for (unsigned k = 0; k < BATCH; k++)
    reqs[k] =
        (mm_req){.va = vas[rng_below(&r, hot)] | (k & 0xff8), .type = MM_LOAD, .priv = MM_PRIV_U, .virt = bc->virt};
  mm_mem_port mp = {.mem = mem, .latency = hart.mem_latency};
  mm_port port = mm_port_of_mem(&mp);
  double start = now(), elapsed;
  do {
    for (unsigned k = 0; k < BATCH; k++) {
      if (!bc->hits) mm_hart_fence(&hart, NULL, &flush, NULL);
      mm_hart_access_port(&hart, &port, &reqs[k], &res);
      bad += !res.ok;
      total_ops += res.n_ops;
    }
    n += BATCH;
    elapsed = now() - start;
  } while (elapsed < seconds);
  free(reqs);
  if (bad) {
    fprintf(stderr, "bench_model: %s: %" PRIu64 " unexpected faults\n", bc->name, bad);
    exit(1);
  }
  *count = n;
  *ops = total_ops;
  free(vas);
  mm_hart_destroy(&hart);
  mm_mem_free(mem);
  return (double)n / elapsed;
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 0.5;
  uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
  const char *only = argc > 3 ? argv[3] : "";
  if (seconds <= 0) {
    fprintf(stderr, "usage: bench_model [SECONDS_PER_CASE] [SEED] [CASE]\n");
    return 2;
  }
  static const bench_case cases[] = {
      {"TLB hit (Sv39, 16 entries)", SATP_MODE_SV39, false, true},
      {"Sv39 walk", SATP_MODE_SV39, false, false},
      {"Sv48 walk", SATP_MODE_SV48, false, false},
      {"two-stage walk (Sv39/Sv39x4)", SATP_MODE_SV39, true, false},
  };
  printf("model throughput (seed %" PRIu64 ", %.2f s per case, %d random pages)\n", seed, seconds, PAGES);
  printf("%-30s %14s %12s %10s\n", "case", "translations/s", "translations", "ops/transl");
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (!strstr(cases[i].name, only)) continue;
    uint64_t n, ops;
    double rate = run_case(&cases[i], seconds, seed, &n, &ops);
    printf("%-30s %14.0f %12" PRIu64 " %10.1f\n", cases[i].name, rate, n, (double)ops / (double)n);
  }
  static const data_case data_cases[] = {
      {"load, TLB hit, cache hit", 4096},
      {"load, TLB hit, cache miss", 2ull << 20},
  };
  printf("%-30s %14s %12s %10s\n", "data access (memory system)", "loads/s", "loads", "cache hits");
  for (unsigned i = 0; i < sizeof data_cases / sizeof data_cases[0]; i++) {
    if (!strstr(data_cases[i].name, only)) continue;
    uint64_t n, hits;
    double rate = run_data_case(&data_cases[i], seconds, seed, &n, &hits);
    printf("%-30s %14.0f %12" PRIu64 " %9.1f%%\n", data_cases[i].name, rate, n, 100.0 * (double)hits / (double)n);
  }
  return 0;
}
