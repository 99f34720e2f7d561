/*
 * Lazy allocation. A 1 GiB anonymous reservation costs nothing: no frame,
 * no page table. Sixteen pages touched 64 MiB apart each fault once and get
 * a zeroed frame (a load reads zero, then holds what is stored); the pages
 * between stay unmapped. Then the region goes and a new one takes its place:
 * its frames come back from the pool, and the kernel zeroes them through
 * the machine before the new first touches, which again read zero.
 */
#include "sw/scenarios/scenario.h"

#define RESERVE_VA    0x100000000ull
#define RESERVE_BYTES (1ull << 30)
#define TOUCHES       16
#define STRIDE        (64ull << 20)

static bool touch_all(kernel *k, uint64_t tag, scenario_result *r) {
  for (unsigned i = 0; i < TOUCHES; i++) {
    uint64_t va = RESERVE_VA + i * STRIDE + 8 * i, got = 1;
    SC_TRY(r, kern_load(k, 0, va, 8, &got));
    SC_CHECK(r, got == 0, "the first touch of va %#llx read %#llx, want a zeroed frame", (unsigned long long)va,
             (unsigned long long)got);
    SC_TRY(r, kern_store(k, 0, va, 8, tag | i));
  }
  for (unsigned i = 0; i < TOUCHES; i++) {
    uint64_t va = RESERVE_VA + i * STRIDE + 8 * i, got;
    SC_TRY(r, kern_load(k, 0, va, 8, &got));
    SC_CHECK(r, got == (tag | i), "va %#llx read %#llx, want %#llx", (unsigned long long)va, (unsigned long long)got,
             (unsigned long long)(tag | i));
  }
  return true;
}

static bool lazy_body(kernel *k, void *ctx, scenario_result *r) {
  (void)ctx;
  space *s;
  SC_TRY(r, kern_space_new(k, &s));
  SC_TRY(r, kern_switch(k, 0, s));
  vma big = {.start = RESERVE_VA, .end = RESERVE_VA + RESERVE_BYTES, .prot = PTE_R | PTE_W | PTE_U};
  uint64_t frames = k->stats.frames, requests = k->m->stats.requests;
  SC_TRY(r, kern_vma_add(k, 0, s, &big));
  SC_CHECK(r, k->stats.frames == frames && k->m->stats.requests == requests,
           "the reservation took %llu frames and %llu requests, want none",
           (unsigned long long)(k->stats.frames - frames), (unsigned long long)(k->m->stats.requests - requests));
  uint64_t faults = k->stats.faults, tables = k->stats.tables;
  if (!touch_all(k, 0x1a20000000000000ull, r)) return false;
  uint64_t data = k->stats.frames - frames - (k->stats.tables - tables);
  SC_CHECK(r, k->stats.faults - faults == TOUCHES, "%llu faults for %u first touches",
           (unsigned long long)(k->stats.faults - faults), TOUCHES);
  SC_CHECK(r, data == TOUCHES, "%llu data frames for %u pages touched", (unsigned long long)data, TOUCHES);
  uint64_t pte;
  SC_TRY(r, kern_pte(k, 0, s, RESERVE_VA + STRIDE / 2, &pte));
  SC_CHECK(r, pte == 0, "an untouched page at va %#llx has PTE %#llx", (unsigned long long)(RESERVE_VA + STRIDE / 2),
           (unsigned long long)pte);
  scenario_note(r, "1 GiB reserved: 0 frames; %u pages touched: %llu data frames, %llu page tables", TOUCHES,
                (unsigned long long)data, (unsigned long long)(k->stats.tables - tables));
  /* The frames come back, zeroed through the machine before their reuse. */
  SC_TRY(r, kern_munmap(k, 0, s, RESERVE_VA));
  uint64_t zeroed = k->stats.zeroed;
  SC_TRY(r, kern_vma_add(k, 0, s, &big));
  if (!touch_all(k, 0x2b00000000000000ull, r)) return false;
  SC_CHECK(r, k->stats.zeroed - zeroed == TOUCHES, "%llu recycled frames zeroed, want %u",
           (unsigned long long)(k->stats.zeroed - zeroed), TOUCHES);
  return true;
}

bool scen_lazy_alloc(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  cfg.colored = false; /* the lowest free frame: the recycled ones come back first */
  return scenario_with_kernel(m, &cfg, lazy_body, NULL, r);
}
