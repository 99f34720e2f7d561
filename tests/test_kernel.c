/*
 * The kernel (sw/kernel/kernel.h) on the model alone (tb/cosim/machine.h,
 * no RTL, so these also run under the sanitizers): frames, first-touch
 * faults, shootdown scopes, ASIDs, paging out and back, the machine's
 * counts; then every scenario on the model.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>

#include "sw/kernel/kernel.h"
#include "sw/lib/frames.h"
#include "sw/scenarios/scenario.h"
#include "tb/cosim/machine.h"
#include "testutil.h"

static machine *m;
static kernel k;

static void boot(unsigned harts, kernel_config cfg) {
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  mc.backend = COSIM_MODEL;
  mc.harts = harts;
  char err[200];
  m = tb_machine_new_model(&mc, err, sizeof err);
  cr_assert(m, "machine: %s", err);
  cfg.harts = harts;
  const char *why = "";
  cr_assert(kernel_init(&k, m, &cfg, &why), "kernel: %s", why);
}

static void halt(void) {
  kernel_destroy(&k);
  tb_machine_free(m);
}

static void boot1(void) { boot(1, KERNEL_CONFIG_DEFAULT); }
static void boot3(void) { boot(3, KERNEL_CONFIG_DEFAULT); }

#define ANON(from, pages) ((vma){.start = (from), .end = (from) + (pages)*KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U})

static void must(kern_status st, const char *what) { cr_assert_eq(st, KERN_OK, "%s: %s", what, kern_status_name(st)); }

/* A space with one anonymous region, running on hart. */
static space *one_space(uint64_t start, unsigned pages, unsigned hart) {
  space *s;
  must(kern_space_new(&k, &s), "space");
  vma v = ANON(start, pages);
  must(kern_vma_add(&k, 0, s, &v), "vma");
  must(kern_switch(&k, hart, s), "switch");
  return s;
}

Test(frames, range_is_aligned_consecutive_and_free) {
  static frames f;
  cr_assert(frames_init(&f, 0x90000000, 64, 8));
  uint64_t pa;
  cr_assert(frames_alloc_naive(&f, &pa));
  cr_assert(frames_alloc_range(&f, 4, 4, &pa));
  assert_eq_hex(pa, 0x90004000, "four frames aligned to 16 KiB after frame 0 is taken");
  cr_assert(frames_alloc_range(&f, 3, 1, &pa));
  assert_eq_hex(pa, 0x90001000, "three frames fit below the aligned run");
  cr_assert(!frames_alloc_range(&f, 64, 1, &pa), "64 frames do not fit any more");
}

Test(kernel, first_touch_maps_a_zeroed_frame_once, .init = boot1, .fini = halt) {
  one_space(0x10000000ull, 4, 0);
  uint64_t got = 1;
  must(kern_load(&k, 0, 0x10001008, 8, &got), "load");
  assert_eq_hex(got, 0, "a first touch at va 0x10001008 reads zero");
  must(kern_store(&k, 0, 0x10001008, 8, 0x1234), "store");
  must(kern_load(&k, 0, 0x10001008, 8, &got), "load");
  assert_eq_hex(got, 0x1234, "va 0x10001008 holds what was stored");
  cr_assert_eq(k.stats.faults, 1, "one fault, not %" PRIu64, k.stats.faults);
  cr_assert_eq(k.stats.zero_fills, 1);
  cr_assert_eq(kern_store(&k, 0, 0x20000000, 8, 1), KERN_FAULT, "a store outside every region faults");
  cr_assert_eq(k.stats.segv, 1);
}

static void boot1_naive(void) {
  kernel_config cfg = KERNEL_CONFIG_DEFAULT;
  cfg.colored = false; /* the lowest free frame: the one just freed */
  boot(1, cfg);
}

Test(kernel, a_freed_frame_is_zeroed_before_reuse, .init = boot1_naive, .fini = halt) {
  space *s = one_space(0x10000000ull, 1, 0);
  vma v = ANON(0x10000000ull, 1);
  must(kern_store(&k, 0, 0x10000000, 8, 0xdead), "store");
  must(kern_munmap(&k, 0, s, 0x10000000), "munmap");
  must(kern_vma_add(&k, 0, s, &v), "vma again");
  uint64_t got = 1;
  must(kern_load(&k, 0, 0x10000000, 8, &got), "load");
  assert_eq_hex(got, 0, "va 0x10000000 after munmap and a new region");
  cr_assert_eq(k.stats.zeroed, 1, "the recycled frame was zeroed through the machine (%" PRIu64 ")", k.stats.zeroed);
}

/* Eager shootdowns fence every hart; lazy ones only the harts that ran the space. */
static void shoot_count(bool lazy, uint64_t *fences, uint64_t *ipis) {
  kernel_config cfg = KERNEL_CONFIG_DEFAULT;
  cfg.lazy_shootdown = lazy;
  boot(3, cfg);
  space *s = one_space(0x10000000ull, 1, 0);
  must(kern_switch(&k, 1, s), "switch");
  must(kern_store(&k, 1, 0x10000000, 8, 7), "store");
  must(kern_mprotect(&k, 0, s, 0x10000000, PTE_R | PTE_U, true), "mprotect");
  *fences = k.stats.shoot_fences;
  *ipis = k.stats.ipis;
  cr_assert_eq(kern_store(&k, 1, 0x10000000, 8, 8), KERN_FAULT, "the store after mprotect faults on hart 1");
  halt();
}

Test(kernel, lazy_shootdown_skips_harts_that_never_ran_the_space) {
  uint64_t fences, ipis;
  shoot_count(false, &fences, &ipis);
  cr_assert_eq(fences, 3, "eager: %" PRIu64 " fences, want 3", fences);
  cr_assert_eq(ipis, 2, "eager: %" PRIu64 " IPIs, want 2", ipis);
  shoot_count(true, &fences, &ipis);
  cr_assert_eq(fences, 2, "lazy: %" PRIu64 " fences, want 2", fences);
  cr_assert_eq(ipis, 1, "lazy: %" PRIu64 " IPIs, want 1", ipis);
}

Test(kernel, pages_out_and_back_with_their_data) {
  kernel_config cfg = KERNEL_CONFIG_DEFAULT;
  cfg.max_resident = 4;
  boot(1, cfg);
  one_space(0x10000000ull, 12, 0);
  for (unsigned pass = 0; pass < 3; pass++)
    for (unsigned pg = 0; pg < 12; pg++) {
      uint64_t va = 0x10000000ull + pg * KERN_PAGE + 8 * pg, got;
      if (pass == 0) must(kern_store(&k, 0, va, 8, 0x5a00 + pg), "store");
      must(kern_load(&k, 0, va, 8, &got), "load");
      assert_eq_hex(got, 0x5a00 + pg, "pass %u, va %#" PRIx64, pass, va);
      cr_assert_leq(k.resident, 4, "%u pages resident, the limit is 4", k.resident);
    }
  cr_assert_gt(k.stats.swap_outs, 0);
  cr_assert_gt(k.stats.swap_ins, 0);
  halt();
}

Test(kernel, machine_counts_hits_walks_and_bus, .init = boot3, .fini = halt) {
  one_space(0x10000000ull, 1, 2);
  machine_stats before = m->stats;
  uint64_t got;
  must(kern_load(&k, 2, 0x10000000, 8, &got), "load");
  must(kern_load(&k, 2, 0x10000008, 8, &got), "load");
  cr_assert_eq(m->stats.tlb_hits - before.tlb_hits, 1, "the second load hits the TLB");
  cr_assert_gt(m->stats.walks - before.walks, 0);
  cr_assert_gt(m->stats.bus_lines_read - before.bus_lines_read, 0, "line fills reached the bus");
}

/* Every scenario on the model. */
static void free_params(struct criterion_test_params *crp) { cr_free(crp->params); }

ParameterizedTestParameters(kernel, scenario_on_the_model) {
  unsigned n = scenario_count();
  unsigned *idx = cr_malloc(n * sizeof *idx);
  for (unsigned i = 0; i < n; i++)
    idx[i] = i;
  return cr_make_param_array(unsigned, idx, n, free_params);
}

ParameterizedTest(unsigned *i, kernel, scenario_on_the_model, .timeout = 60) {
  const scenario *sc = scenario_at(*i);
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  mc.backend = COSIM_MODEL;
  mc.harts = sc->harts;
  char err[200];
  machine *mm = tb_machine_new_model(&mc, err, sizeof err);
  cr_assert(mm, "machine: %s", err);
  scenario_params p = {.seed = 1, .tlb_entries = 16};
  scenario_result r;
  bool ok = scenario_run(sc, mm, &p, &r);
  tb_machine_free(mm);
  cr_assert(ok, "%s: %s", sc->name, r.failure);
}
