/*
 * Several harts' requests in flight over one memory system (model/sched.h):
 * the arbiter's grants (round robin, one access at a time, each after the
 * previous one's answer), the data each walk finds given the other walks'
 * compare-and-swaps, and the race counts.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>

#include "model/memsys.h"
#include "model/mmu.h"
#include "model/pma.h"
#include "model/sched.h"
#include "testutil.h"

#define L     5 /* bus latency */
#define HARTS 2
#define ROOT  0x80100000ull
#define VA    0x5000ull
#define FRAME 0x90000000ull

static mm_mem *mem;
static mm_bus bus;
static mm_memsys ms;
static mm_hart harts[HARTS];
static pt_builder pt;
static uint64_t leaf; /* the leaf PTE's address */

/* The source: one request per hart, all accepted at cycle 4. */
typedef struct source {
  mm_req req[HARTS];
  mm_obs obs[HARTS];
  bool given[HARTS], done[HARTS];
  uint64_t response[HARTS];
} source;
static source src;

static bool next(void *ctx, unsigned h, uint64_t idle, mm_sched_request *r) {
  source *s = ctx;
  if (s->given[h]) return false;
  s->given[h] = true;
  *r = (mm_sched_request){.req = s->req[h], .accept = idle, .out = &s->obs[h]};
  return true;
}

static void done(void *ctx, unsigned h, const mm_sched_request *r, uint64_t response) {
  (void)r;
  source *s = ctx;
  s->done[h] = true;
  s->response[h] = response;
}

static void setup(void) {
  mem = mm_mem_new();
  mm_bus_init(&bus, mem);
  mm_memsys_params p = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = L};
  const char *why = NULL;
  cr_assert(mm_memsys_init(&ms, &p, &bus, &why), "memsys: %s", why);
  pt_init(&pt, mem, ROOT, 3, 0, ROOT + 0x1000);
  for (unsigned h = 0; h < HARTS; h++) {
    mm_hart_params hp = MM_HART_PARAMS_DEFAULT;
    hp.id = h;
    cr_assert(mm_hart_init(&harts[h], &hp, &why), "hart: %s", why);
    mm_csr_write(&harts[h].csrs, MM_CSR_SATP, atp_make(SATP_MODE_SV39, 1, ROOT));
    mm_csr_write(&harts[h].csrs, MM_CSR_MENVCFG, ENVCFG_ADUE);
  }
  memset(&src, 0, sizeof src);
}

static void teardown(void) {
  for (unsigned h = 0; h < HARTS; h++)
    mm_hart_destroy(&harts[h]);
  mm_memsys_destroy(&ms);
  mm_mem_free(mem);
}

TestSuite(sched, .init = setup, .fini = teardown);

/* Both harts load from VA (S-mode, translation only), accepted at 4. */
static mm_sched run_both(void) {
  for (unsigned h = 0; h < HARTS; h++)
    src.req[h] = (mm_req){.va = VA, .type = MM_LOAD, .priv = MM_PRIV_S};
  mm_sched s;
  mm_sched_source so = {.next = next, .done = done, .ctx = &src};
  mm_sched_init(&s, harts, HARTS, &ms, &so, 4);
  while (mm_sched_step(&s)) {
  }
  for (unsigned h = 0; h < HARTS; h++)
    cr_assert(src.done[h], "hart %u never completed", h);
  return s;
}

/* Every access of both requests, by the edge it was taken at. */
typedef struct grant {
  unsigned hart;
  uint64_t edge;
  const mm_memop *op;
} grant;

static unsigned grants_in_order(grant *g) {
  unsigned n = 0;
  for (unsigned h = 0; h < HARTS; h++)
    for (unsigned i = 0; i < src.obs[h].n_ops; i++)
      g[n++] = (grant){h, src.obs[h].accept + src.obs[h].ops[i].cycle, &src.obs[h].ops[i]};
  for (unsigned i = 1; i < n; i++)
    for (unsigned j = i; j > 0 && g[j].edge < g[j - 1].edge; j--) {
      grant t = g[j];
      g[j] = g[j - 1];
      g[j - 1] = t;
    }
  return n;
}

Test(sched, contending_walks_take_turns_one_access_at_a_time) {
  leaf = must_map(&pt, VA, 0, pt_pte(FRAME, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  mm_sched s = run_both();
  grant g[2 * MM_OBS_MAX_OPS];
  unsigned n = grants_in_order(g);
  cr_assert_eq(n, 6, "%u accesses, want three PTE reads a walk", n);
  for (unsigned i = 0; i < n; i++) {
    /* the walks alternate: hart 0 first (the pointer starts there), then
     * the hart after the last winner */
    cr_assert_eq(g[i].hart, i % 2, "access %u at edge %" PRIu64 " went to hart %u", i, g[i].edge, g[i].hart);
    if (i) /* the memory system is free the cycle after its answer */
      cr_assert_eq(g[i].edge, g[i - 1].edge + g[i - 1].op->cycles + 1,
                   "access %u at edge %" PRIu64 ", the one before taken at %" PRIu64 " for %u cycles", i, g[i].edge,
                   g[i - 1].edge, g[i - 1].op->cycles);
  }
  /* hart 1 reads every PTE after hart 0 filled its line: it hits */
  for (unsigned i = 0; i < n; i++)
    if (g[i].hart == 1) cr_assert(g[i].op->hit, "hart 1's read at %#" PRIx64 " missed", g[i].op->pa);
  cr_assert_eq(src.obs[0].accept, 4);
  cr_assert_eq(src.response[0], src.obs[0].accept + src.obs[0].cycles);
  cr_assert_gt(s.stats.contended, 0, "no contended grant");
  cr_assert_eq(s.stats.max_in_flight, 2);
  for (unsigned h = 0; h < HARTS; h++)
    assert_eq_hex(src.obs[h].pa, FRAME | (VA & 0xfff), "hart %u's translation of %#" PRIx64, h, VA);
}

Test(sched, racing_ad_updates_one_fails_and_its_walk_restarts) {
  leaf = must_map(&pt, VA, 0, pt_pte(FRAME, PTE_V | PTE_R | PTE_W)); /* A clear: both walks update it */
  mm_sched s = run_both();
  unsigned cas = 0, failed = 0, loser = HARTS;
  for (unsigned h = 0; h < HARTS; h++)
    for (unsigned i = 0; i < src.obs[h].n_ops; i++) {
      const mm_memop *op = &src.obs[h].ops[i];
      if (op->kind != MM_OP_CAS) continue;
      assert_eq_hex(op->pa, leaf, "hart %u's compare-and-swap", h);
      cas++;
      if (op->old != op->cmp) {
        failed++;
        loser = h;
        cr_assert_gt(src.obs[h].n_ops, i + 1, "hart %u's walk did not restart after its CAS failed", h);
        cr_assert_eq(src.obs[h].ops[i + 1].kind, MM_OP_READ, "hart %u: no read after the failed CAS", h);
      }
    }
  cr_assert_eq(cas, 2, "%u compare-and-swaps, want one a walk", cas);
  cr_assert_eq(failed, 1, "%u of the racing compare-and-swaps failed, want the second", failed);
  cr_assert_eq(loser, 1, "hart %u lost the race; hart 0 is granted first", loser);
  cr_assert_eq(s.stats.cas_races, 2, "race count %" PRIu64, s.stats.cas_races);
  cr_assert_eq(s.stats.cas_lost, 1);
  for (unsigned h = 0; h < HARTS; h++)
    cr_assert(src.obs[h].ok, "hart %u: cause %u", h, src.obs[h].cause);
  uint64_t pte = mm_memsys_backdoor_read(&ms, leaf);
  cr_assert(pte & PTE_A, "PTE at %#" PRIx64 " is %#" PRIx64 " without A", leaf, pte);
}
