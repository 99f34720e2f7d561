/*
 * Address-space layout randomization. Eight processes each get a text,
 * heap, mmap and stack base drawn from the seed: page-aligned, anywhere in
 * its range, so a range of 2^n pages gives n bits of entropy. Each process
 * touches every region (a fault and a zeroed frame each) and reads back
 * what it stored. Checks: the bases are page-aligned and in range; the same
 * seed gives the same layouts and another seed other ones; the processes'
 * bases differ.
 */
#include "sw/lib/rng.h"
#include "sw/scenarios/scenario.h"

#define PROCS   8
#define REGIONS 4

typedef struct aslr_range {
  const char *name;
  uint64_t lo;    /* the lowest base */
  unsigned pages; /* bases to choose from: a power of two */
} aslr_range;

/* Sv39 user space is below 2^38. */
static const aslr_range ranges[REGIONS] = {
    {"text", 0x0010000000ull, 1u << 20},  /* 4 GiB of bases */
    {"heap", 0x0120000000ull, 1u << 13},  /* 32 MiB above the text's range */
    {"mmap", 0x1000000000ull, 1u << 24},  /* 64 GiB */
    {"stack", 0x2000000000ull, 1u << 24}, /* 64 GiB */
};

typedef struct aslr_ctx {
  uint64_t seed;
  uint64_t base[PROCS][REGIONS];
} aslr_ctx;

static void layouts(uint64_t seed, uint64_t base[PROCS][REGIONS]) {
  rng g;
  rng_seed(&g, seed);
  for (unsigned i = 0; i < PROCS; i++)
    for (unsigned j = 0; j < REGIONS; j++)
      base[i][j] = ranges[j].lo + (rng_next(&g) % ranges[j].pages) * KERN_PAGE;
}

static unsigned distinct(uint64_t base[PROCS][REGIONS], unsigned j) {
  unsigned d = 0;
  for (unsigned i = 0; i < PROCS; i++) {
    bool seen = false;
    for (unsigned h = 0; h < i; h++)
      seen |= base[h][j] == base[i][j];
    d += !seen;
  }
  return d;
}

static bool aslr_body(kernel *k, void *vctx, scenario_result *r) {
  aslr_ctx *c = vctx;
  layouts(c->seed, c->base);
  for (unsigned i = 0; i < PROCS; i++) {
    space *s;
    SC_TRY(r, kern_space_new(k, &s));
    for (unsigned j = 0; j < REGIONS; j++) {
      uint64_t b = c->base[i][j];
      SC_CHECK(r, !(b & (KERN_PAGE - 1)) && b >= ranges[j].lo && b < ranges[j].lo + ranges[j].pages * KERN_PAGE,
               "process %u's %s base %#llx is not a page in its range", i, ranges[j].name, (unsigned long long)b);
      vma v = {.start = b, .end = b + KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U};
      SC_TRY(r, kern_vma_add(k, 0, s, &v));
    }
    SC_TRY(r, kern_switch(k, 0, s));
    for (unsigned j = 0; j < REGIONS; j++)
      SC_TRY(r, kern_store(k, 0, c->base[i][j] + 8 * j, 8, c->base[i][j] ^ i));
    for (unsigned j = 0; j < REGIONS; j++) {
      uint64_t got, va = c->base[i][j] + 8 * j;
      SC_TRY(r, kern_load(k, 0, va, 8, &got));
      SC_CHECK(r, got == (c->base[i][j] ^ i), "process %u read %#llx at va %#llx, want %#llx", i,
               (unsigned long long)got, (unsigned long long)va, (unsigned long long)(c->base[i][j] ^ i));
    }
  }
  return true;
}

bool scen_aslr(machine *m, const scenario_params *p, scenario_result *r) {
  aslr_ctx c = {.seed = p->seed};
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  if (!scenario_with_kernel(m, &cfg, aslr_body, &c, r)) return false;
  uint64_t again[PROCS][REGIONS], other[PROCS][REGIONS];
  layouts(p->seed, again);
  layouts(p->seed + 1, other);
  for (unsigned j = 0; j < REGIONS; j++) {
    SC_CHECK(r, again[0][j] == c.base[0][j], "seed %llu gave %s base %#llx, then %#llx", (unsigned long long)p->seed,
             ranges[j].name, (unsigned long long)c.base[0][j], (unsigned long long)again[0][j]);
    unsigned same = 0;
    for (unsigned i = 0; i < PROCS; i++)
      same += other[i][j] == c.base[i][j];
    SC_CHECK(r, same < PROCS / 2, "seeds %llu and %llu gave %u equal %s bases", (unsigned long long)p->seed,
             (unsigned long long)(p->seed + 1), same, ranges[j].name);
    unsigned d = distinct(c.base, j);
    SC_CHECK(r, d >= PROCS - 1, "%u processes share %u %s bases", PROCS, d, ranges[j].name);
    scenario_note(r, "%-5s base: %u bits of entropy (2^%u pages from %#llx); %u of %u processes distinct, first %#llx",
                  ranges[j].name, (unsigned)__builtin_ctz(ranges[j].pages), (unsigned)__builtin_ctz(ranges[j].pages),
                  (unsigned long long)ranges[j].lo, d, PROCS, (unsigned long long)c.base[0][j]);
  }
  return true;
}
