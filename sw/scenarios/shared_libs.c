/*
 * Shared read-only library pages in many address spaces. One copy of a
 * library's code (frames loaded in the boot image) is mapped read-execute
 * at the same address in eight processes on four harts, each with a page of
 * its own data. With the G bit the library's TLB entries serve every ASID,
 * so each hart walks the library once; without it every process walks it
 * again. Checks: every fetch returns the library's code, every process its
 * own data, the library takes its frames once, and the global mapping
 * walks at most half as often as the per-process one.
 */
#include "sw/scenarios/scenario.h"

#define LIB_VA    0x40000000ull
#define LIB_PAGES 4
#define DATA_VA   0x50000000ull
#define PROCS     8

typedef struct libs_ctx {
  bool global;
  unsigned harts;
  unsigned lib_walks;   /* library fetches that walked, in the first round */
  uint64_t data_frames; /* frames the processes' data took */
} libs_ctx;

static uint64_t lib_word(unsigned page, unsigned word) { return 0x11b0000000000000ull | page << 16 | word; }

static bool libs_body(kernel *k, void *vctx, scenario_result *r) {
  libs_ctx *c = vctx;
  uint64_t lib;
  SC_TRY(r, kern_frames_alloc_range(k, LIB_PAGES, 1, &lib));
  for (unsigned pg = 0; pg < LIB_PAGES; pg++)
    for (unsigned w = 0; w < PROCS; w++)
      SC_TRY(r, kern_write(k, 0, lib + pg * KERN_PAGE + 8 * w, lib_word(pg, w)));
  vma libv = {.start = LIB_VA,
              .end = LIB_VA + LIB_PAGES * KERN_PAGE,
              .prot = PTE_R | PTE_X | PTE_U | (c->global ? PTE_G : 0),
              .kind = VMA_FIXED,
              .fixed_pa = lib};
  vma data = {.start = DATA_VA, .end = DATA_VA + KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U, .kind = VMA_ANON};
  space *proc[PROCS];
  for (unsigned i = 0; i < PROCS; i++) {
    SC_TRY(r, kern_space_new(k, &proc[i]));
    SC_TRY(r, kern_vma_add(k, 0, proc[i], &libv));
    SC_TRY(r, kern_vma_add(k, 0, proc[i], &data));
  }
  uint64_t frames = k->stats.frames - k->stats.tables;
  for (unsigned round = 0; round < 2; round++) {
    for (unsigned i = 0; i < PROCS; i++) {
      unsigned hart = i % c->harts;
      SC_TRY(r, kern_switch(k, hart, proc[i]));
      for (unsigned pg = 0; pg < LIB_PAGES; pg++) {
        uint64_t va = LIB_VA + pg * KERN_PAGE + 8 * i;
        mm_obs o;
        SC_TRY(r, kern_op(k, hart, MM_PRIV_U, MM_DATA_FETCH, va, 4, 0, &o));
        uint64_t want = lib_word(pg, i) & 0xffffffff;
        SC_CHECK(r, o.load_data == want, "process %u fetched %#llx at va %#llx, want %#llx", i,
                 (unsigned long long)o.load_data, (unsigned long long)va, (unsigned long long)want);
        c->lib_walks += round == 0 && !o.tlb_hit;
      }
      uint64_t mine = 0xda7a000000000000ull | (uint64_t)i << 8 | round, got;
      SC_TRY(r, kern_store(k, hart, DATA_VA, 8, mine));
      SC_TRY(r, kern_load(k, hart, DATA_VA, 8, &got));
      SC_CHECK(r, got == mine, "process %u read %#llx at va %#llx, want %#llx", i, (unsigned long long)got,
               (unsigned long long)DATA_VA, (unsigned long long)mine);
    }
  }
  c->data_frames = k->stats.frames - k->stats.tables - frames;
  SC_CHECK(r, c->data_frames == PROCS, "the data took %llu frames (besides tables), want one per process (%u)",
           (unsigned long long)c->data_frames, PROCS);
  return true;
}

bool scen_shared_libs(machine *m, const scenario_params *p, scenario_result *r) {
  libs_ctx with = {.global = true, .harts = m->harts}, without = {.global = false, .harts = m->harts};
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  if (!scenario_with_kernel(m, &cfg, libs_body, &with, r)) return false;
  cfg.pool_base = 0x91000000ull;
  if (!scenario_with_kernel(m, &cfg, libs_body, &without, r)) return false;
  scenario_note(r, "%u spaces on %u harts share %u library pages: first-round library TLB misses %u with G, %u without",
                PROCS, m->harts, LIB_PAGES, with.lib_walks, without.lib_walks);
  SC_CHECK(r, without.lib_walks >= PROCS * LIB_PAGES, "without G only %u library walks, want one per page and space",
           without.lib_walks);
  if (p->tlb_entries < 16) {
    scenario_note(r, "(a TLB of %u entries does not hold a hart's working set: G's saving is not checked)",
                  p->tlb_entries);
    return true;
  }
  SC_CHECK(r, 2 * with.lib_walks <= without.lib_walks, "with G %u library walks, not half of the %u without",
           with.lib_walks, without.lib_walks);
  return true;
}
