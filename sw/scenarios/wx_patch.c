/*
 * W^X code patching on several harts. A JIT's two threads (harts 0 and 1)
 * write code into a read-write page, then make it read-execute. Hart 1's
 * TLB still holds the page's writable entry (it stored there), so the
 * permission change must reach it: a shootdown fences hart 0 locally and
 * hart 1 by a request to it; hart 2 never ran the space and is skipped by
 * the lazy shootdown (the eager one fences it too). After it, a store on
 * hart 1 faults (W^X holds) and both harts fetch the new code.
 *
 * The same without the shootdown (only hart 0's fence) shows the hazard:
 * hart 1's stale writable entry still accepts a store into the now
 * executable page, and hart 0 then fetches the bytes hart 1 put there. A
 * late shootdown closes it. The scenario proves both.
 */
#include "sw/scenarios/scenario.h"

#define CODE_VA  0x70000000ull
#define PATCH_VA 0x70010000ull
#define RW       (PTE_R | PTE_W | PTE_U)
#define RX       (PTE_R | PTE_X | PTE_U)
#define INSN(n)  (0x00000013u + ((n) << 20)) /* addi x0, x0, n: harmless code */

typedef struct wx_ctx {
  uint64_t fences, ipis; /* of the protected page's shootdown */
  uint64_t stale_fetch;  /* what hart 0 fetched after hart 1's stale store */
} wx_ctx;

/* Writes code on both threads, the second one's TLB left with a writable entry. */
static bool write_code(kernel *k, uint64_t va, scenario_result *r) {
  SC_TRY(r, kern_store(k, 0, va, 4, INSN(1)));
  SC_TRY(r, kern_store(k, 1, va + 4, 4, INSN(2)));
  return true;
}

static bool store_faults(kernel *k, unsigned hart, uint64_t va, scenario_result *r) {
  mm_obs o;
  kern_status st = kern_op(k, hart, MM_PRIV_U, MM_DATA_STORE, va, 4, INSN(66), &o);
  SC_CHECK(r, st == KERN_FAULT && o.cause == CAUSE_STORE_PAGE_FAULT,
           "a store on hart %u to the executable page at va %#llx gave %s (cause %u), want a store page fault", hart,
           (unsigned long long)va, kern_status_name(st), o.cause);
  return true;
}

static bool fetches(kernel *k, unsigned hart, uint64_t va, uint64_t want, scenario_result *r) {
  uint64_t got;
  SC_TRY(r, kern_fetch(k, hart, va, &got));
  SC_CHECK(r, got == want, "hart %u fetched %#llx at va %#llx, want %#llx", hart, (unsigned long long)got,
           (unsigned long long)va, (unsigned long long)want);
  return true;
}

static bool wx_body(kernel *k, void *vctx, scenario_result *r) {
  wx_ctx *c = vctx;
  space *s;
  SC_TRY(r, kern_space_new(k, &s));
  vma code = {.start = CODE_VA, .end = CODE_VA + KERN_PAGE, .prot = RW};
  vma patch = {.start = PATCH_VA, .end = PATCH_VA + KERN_PAGE, .prot = RW};
  SC_TRY(r, kern_vma_add(k, 0, s, &code));
  SC_TRY(r, kern_vma_add(k, 0, s, &patch));
  SC_TRY(r, kern_switch(k, 0, s));
  SC_TRY(r, kern_switch(k, 1, s));
  /* With the shootdown. */
  if (!write_code(k, CODE_VA, r)) return false;
  uint64_t fences = k->stats.shoot_fences, ipis = k->stats.ipis;
  SC_TRY(r, kern_mprotect(k, 0, s, CODE_VA, RX, true));
  c->fences = k->stats.shoot_fences - fences;
  c->ipis = k->stats.ipis - ipis;
  if (!store_faults(k, 1, CODE_VA + 8, r) || !fetches(k, 1, CODE_VA, INSN(1), r) ||
      !fetches(k, 0, CODE_VA + 4, INSN(2), r))
    return false;
  if (k->cfg.lazy_shootdown) {
    /* Without it: hart 1's stale writable entry accepts a store. */
    if (!write_code(k, PATCH_VA, r)) return false;
    SC_TRY(r, kern_mprotect(k, 0, s, PATCH_VA, RX, false));
    if (!store_faults(k, 0, PATCH_VA + 8, r)) return false;
    kern_status st = kern_store(k, 1, PATCH_VA + 8, 4, INSN(99));
    SC_CHECK(r, st == KERN_OK, "without a shootdown, hart 1's store at va %#llx gave %s, want the stale entry's ok",
             (unsigned long long)(PATCH_VA + 8), kern_status_name(st));
    SC_TRY(r, kern_fetch(k, 0, PATCH_VA + 8, &c->stale_fetch));
    SC_CHECK(r, c->stale_fetch == INSN(99), "hart 0 fetched %#llx at va %#llx, want hart 1's stale store %#x",
             (unsigned long long)c->stale_fetch, (unsigned long long)(PATCH_VA + 8), INSN(99));
    /* The late shootdown closes it. */
    SC_TRY(r, kern_shootdown(k, 0, s, PATCH_VA, false));
    if (!store_faults(k, 1, PATCH_VA + 12, r)) return false;
  }
  return true;
}

bool scen_wx_patch(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  wx_ctx lazy = {0}, eager = {0};
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  if (!scenario_with_kernel(m, &cfg, wx_body, &lazy, r)) return false;
  cfg.pool_base = 0x91000000ull;
  cfg.lazy_shootdown = false;
  if (!scenario_with_kernel(m, &cfg, wx_body, &eager, r)) return false;
  scenario_note(r, "RW->RX on 2 of 3 harts: lazy shootdown %llu fences (%llu IPI), eager %llu fences (%llu IPIs)",
                (unsigned long long)lazy.fences, (unsigned long long)lazy.ipis, (unsigned long long)eager.fences,
                (unsigned long long)eager.ipis);
  scenario_note(r, "without the shootdown hart 1's stale writable entry stored %#llx into the RX page; hart 0 ran it",
                (unsigned long long)lazy.stale_fetch);
  SC_CHECK(r, lazy.fences == 2 && lazy.ipis == 1, "lazy shootdown: %llu fences, %llu IPIs, want 2 and 1",
           (unsigned long long)lazy.fences, (unsigned long long)lazy.ipis);
  SC_CHECK(r, eager.fences == 3 && eager.ipis == 2, "eager shootdown: %llu fences, %llu IPIs, want 3 and 2",
           (unsigned long long)eager.fences, (unsigned long long)eager.ipis);
  return true;
}
