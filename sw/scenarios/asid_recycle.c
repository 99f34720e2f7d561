/*
 * ASID recycling. With 2-bit ASIDs (three to give out) six processes take
 * turns on two harts, each keeping its own value at the same address. A
 * process switched to without an ASID of the current generation takes a
 * fresh one; when they run out the generation rolls over, the ASIDs
 * running keep theirs, and each hart flushes its TLB before its next
 * switch. Checks: every process always reads its own value; the rollovers
 * happened.
 *
 * The hazard it prevents, shown by a kernel that skips the flush: A, B and
 * C store at X on hart 0 (ASIDs 1, 2, 3), D then takes ASID 1 again and
 * loads X, a page it never touched. With the flush it walks, faults and
 * reads a zeroed page (0); without it, A's stale TLB entry answers and D
 * reads A's data. The scenario proves both.
 */
#include "sw/scenarios/scenario.h"

#define X_VA  0x30000000ull
#define PROCS 6

typedef struct recycle_ctx {
  uint64_t d_read; /* what D read at X */
  uint64_t rollovers;
} recycle_ctx;

static uint64_t value_of(unsigned i) { return 0xa51d000000000000ull | i; }

static bool recycle_body(kernel *k, void *vctx, scenario_result *r) {
  recycle_ctx *c = vctx;
  vma data = {.start = X_VA, .end = X_VA + KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U, .kind = VMA_ANON};
  space *p[PROCS];
  for (unsigned i = 0; i < PROCS; i++) {
    SC_TRY(r, kern_space_new(k, &p[i]));
    SC_TRY(r, kern_vma_add(k, 0, p[i], &data));
  }
  /* A, B, C store on hart 0; D reads what it has never written. */
  for (unsigned i = 0; i < 3; i++) {
    SC_TRY(r, kern_switch(k, 0, p[i]));
    SC_TRY(r, kern_store(k, 0, X_VA, 8, value_of(i)));
  }
  SC_TRY(r, kern_switch(k, 0, p[3]));
  SC_TRY(r, kern_load(k, 0, X_VA, 8, &c->d_read));
  if (k->cfg.skip_rollover_flush) return true; /* the rest would only read what the hazard wrote */
  SC_TRY(r, kern_store(k, 0, X_VA, 8, value_of(3)));
  /* Everyone in turn on both harts, three rounds. */
  for (unsigned round = 0; round < 3; round++)
    for (unsigned i = 0; i < PROCS; i++) {
      unsigned hart = (i + round) % 2;
      uint64_t got;
      SC_TRY(r, kern_switch(k, hart, p[i]));
      if (i > 3 && round == 0) SC_TRY(r, kern_store(k, hart, X_VA, 8, value_of(i)));
      SC_TRY(r, kern_load(k, hart, X_VA, 8, &got));
      SC_CHECK(r, got == value_of(i), "process %u on hart %u read %#llx at va %#llx, want %#llx", i, hart,
               (unsigned long long)got, (unsigned long long)X_VA, (unsigned long long)value_of(i));
    }
  c->rollovers = k->stats.rollovers;
  return true;
}

bool scen_asid_recycle(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  recycle_ctx fixed = {0}, buggy = {0};
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  cfg.asid_bits = 2;
  if (!scenario_with_kernel(m, &cfg, recycle_body, &fixed, r)) return false;
  cfg.pool_base = 0x91000000ull;
  cfg.skip_rollover_flush = true;
  if (!scenario_with_kernel(m, &cfg, recycle_body, &buggy, r)) return false;
  scenario_note(r, "3 ASIDs for %u processes: %llu rollovers; a recycled ASID read %#llx with the flush, %#llx without",
                PROCS, (unsigned long long)fixed.rollovers, (unsigned long long)fixed.d_read,
                (unsigned long long)buggy.d_read);
  SC_CHECK(r, fixed.rollovers >= 2, "only %llu ASID rollovers", (unsigned long long)fixed.rollovers);
  SC_CHECK(r, fixed.d_read == 0, "with the flush, D read %#llx at its untouched va %#llx, want 0",
           (unsigned long long)fixed.d_read, (unsigned long long)X_VA);
  SC_CHECK(r, buggy.d_read == value_of(0), "without the flush, D read %#llx at va %#llx, want A's stale %#llx",
           (unsigned long long)buggy.d_read, (unsigned long long)X_VA, (unsigned long long)value_of(0));
  return true;
}
