/*
 * Kernel page-table isolation (KPTI). A process runs user code and data
 * and makes system calls; the kernel's code and data are mapped S-only.
 *   no KPTI:         one table with the kernel's pages (global);
 *   KPTI with ASIDs: a user table (the user's pages and the entry
 *                    trampoline only) and a kernel table, each with its own
 *                    ASID; every system call switches satp twice;
 *   KPTI, no ASIDs:  the same, and every switch flushes the TLB.
 * Each system call: the user fetches its code and loads its 4 data pages,
 * enters through the trampoline, the kernel fetches its code, loads its 4
 * data pages and copies a word from the user (SUM), and returns. Measured
 * after a warm-up: TLB misses (walks) and cycles per system call. Checks:
 * every load reads the right data; the user table does not map the
 * kernel's data; with ASIDs (or without KPTI) the warm loop walks almost
 * never, without ASIDs it walks every page again at every call.
 */
#include "sw/scenarios/scenario.h"

#define UCODE_VA 0x10000000ull
#define UDATA_VA 0x20000000ull
#define KTEXT_VA 0xffffffc000000000ull /* Sv39's upper half */
#define KDATA_VA 0xffffffc000100000ull
#define DPAGES   4
#define WARM     4
#define CALLS    32

typedef struct kpti_ctx {
  const char *name;
  bool kpti;
  double walks, cycles; /* per system call */
  uint64_t flushes;
} kpti_ctx;

static uint64_t udata(unsigned pg) { return 0x05e2000000000000ull | pg; }
static uint64_t kdata(unsigned pg) { return 0x4e2e000000000000ull | pg; }

static bool access(kernel *k, mm_priv priv, mm_data_op op, uint64_t va, uint64_t want, scenario_result *r) {
  mm_obs o;
  SC_TRY(r, kern_op(k, 0, priv, op, va, op == MM_DATA_FETCH ? 4 : 8, 0, &o));
  if (op == MM_DATA_LOAD)
    SC_CHECK(r, o.load_data == want, "va %#llx read %#llx, want %#llx", (unsigned long long)va,
             (unsigned long long)o.load_data, (unsigned long long)want);
  return true;
}

static bool syscall(kernel *k, space *user, space *kern, scenario_result *r) {
  if (!access(k, MM_PRIV_U, MM_DATA_FETCH, UCODE_VA, 0, r)) return false;
  for (unsigned pg = 0; pg < DPAGES; pg++)
    if (!access(k, MM_PRIV_U, MM_DATA_LOAD, UDATA_VA + pg * KERN_PAGE, udata(pg), r)) return false;
  /* ecall: the trampoline, then the kernel's table. */
  if (!access(k, MM_PRIV_S, MM_DATA_FETCH, KTEXT_VA, 0, r)) return false;
  SC_TRY(r, kern_switch(k, 0, kern));
  if (!access(k, MM_PRIV_S, MM_DATA_FETCH, KTEXT_VA + 64, 0, r)) return false;
  for (unsigned pg = 0; pg < DPAGES; pg++)
    if (!access(k, MM_PRIV_S, MM_DATA_LOAD, KDATA_VA + pg * KERN_PAGE, kdata(pg), r)) return false;
  if (!access(k, MM_PRIV_S, MM_DATA_LOAD, UDATA_VA + 8, 0, r)) return false; /* copy_from_user */
  SC_TRY(r, kern_switch(k, 0, user));
  return true;
}

static vma fixed(uint64_t va, unsigned pages, uint64_t prot, uint64_t pa) {
  return (vma){.start = va, .end = va + pages * KERN_PAGE, .prot = prot, .kind = VMA_FIXED, .fixed_pa = pa};
}

static bool kpti_body(kernel *k, void *vctx, scenario_result *r) {
  kpti_ctx *c = vctx;
  uint64_t ucode, udat, ktext, kdat;
  SC_TRY(r, kern_frames_alloc_range(k, 1, 1, &ucode));
  SC_TRY(r, kern_frames_alloc_range(k, DPAGES, 1, &udat));
  SC_TRY(r, kern_frames_alloc_range(k, 1, 1, &ktext));
  SC_TRY(r, kern_frames_alloc_range(k, DPAGES, 1, &kdat));
  for (unsigned pg = 0; pg < DPAGES; pg++) {
    SC_TRY(r, kern_write(k, 0, udat + pg * KERN_PAGE, udata(pg)));
    SC_TRY(r, kern_write(k, 0, kdat + pg * KERN_PAGE, kdata(pg)));
  }
  uint64_t kglobal = c->kpti ? 0 : PTE_G; /* KPTI's kernel entries must not serve the user's ASID */
  vma uc = fixed(UCODE_VA, 1, PTE_R | PTE_X | PTE_U, ucode);
  vma ud = fixed(UDATA_VA, DPAGES, PTE_R | PTE_W | PTE_U, udat);
  vma kt = fixed(KTEXT_VA, 1, PTE_R | PTE_X | kglobal, ktext);
  vma kd = fixed(KDATA_VA, DPAGES, PTE_R | PTE_W | kglobal, kdat);
  space *user, *kern;
  SC_TRY(r, kern_space_new(k, &user));
  SC_TRY(r, kern_vma_add(k, 0, user, &uc));
  SC_TRY(r, kern_vma_add(k, 0, user, &ud));
  SC_TRY(r, kern_vma_add(k, 0, user, &kt)); /* with KPTI: the trampoline only */
  if (c->kpti) {
    SC_TRY(r, kern_space_new(k, &kern));
    SC_TRY(r, kern_vma_add(k, 0, kern, &uc));
    SC_TRY(r, kern_vma_add(k, 0, kern, &ud));
    SC_TRY(r, kern_vma_add(k, 0, kern, &kt));
    SC_TRY(r, kern_vma_add(k, 0, kern, &kd));
  } else {
    SC_TRY(r, kern_vma_add(k, 0, user, &kd));
    kern = user;
  }
  uint64_t pte;
  SC_TRY(r, kern_pte(k, 0, user, KDATA_VA, &pte));
  SC_CHECK(r, c->kpti ? pte == 0 : (pte & PTE_V) != 0,
           "%s: the user table's PTE for the kernel's data at va %#llx is %#llx", c->name, (unsigned long long)KDATA_VA,
           (unsigned long long)pte);
  machine_csr_write(k->m, 0, MM_CSR_MSTATUS, MSTATUS_SUM);
  SC_TRY(r, kern_switch(k, 0, user));
  for (unsigned i = 0; i < WARM; i++)
    if (!syscall(k, user, kern, r)) return false;
  machine_stats before = k->m->stats;
  uint64_t flushes = k->stats.switch_flushes;
  for (unsigned i = 0; i < CALLS; i++)
    if (!syscall(k, user, kern, r)) return false;
  c->walks = (double)(k->m->stats.walks - before.walks) / CALLS;
  c->cycles = (double)(k->m->stats.cycles - before.cycles) / CALLS;
  c->flushes = k->stats.switch_flushes - flushes;
  if (c->kpti) {
    /* The kernel's data is not even translatable from the user's table. */
    mm_obs o;
    kern_status st = kern_op(k, 0, MM_PRIV_S, MM_DATA_LOAD, KDATA_VA, 8, 0, &o);
    SC_CHECK(r, st == KERN_FAULT, "%s: a load of the kernel's data at va %#llx with the user's table gave %s", c->name,
             (unsigned long long)KDATA_VA, kern_status_name(st));
  }
  return true;
}

bool scen_kpti(machine *m, const scenario_params *p, scenario_result *r) {
  kpti_ctx cfgs[] = {
      {.name = "no KPTI"}, {.name = "KPTI, ASIDs", .kpti = true}, {.name = "KPTI, no ASIDs", .kpti = true}};
  for (unsigned i = 0; i < 3; i++) {
    kernel_config cfg = scenario_kernel_config(m, 0x90000000ull + i * 0x1000000ull);
    cfg.asid_bits = i == 2 ? 0 : 16;
    if (!scenario_with_kernel(m, &cfg, kpti_body, &cfgs[i], r)) return false;
  }
  scenario_note(r, "%u system calls, each 5 user and 6 kernel accesses (after %u to warm up):", CALLS, WARM);
  scenario_note(r, "%-16s %14s %15s %8s", "configuration", "TLB misses/call", "cycles/call", "flushes");
  for (unsigned i = 0; i < 3; i++)
    scenario_note(r, "%-16s %14.2f %15.1f %8llu", cfgs[i].name, cfgs[i].walks, cfgs[i].cycles,
                  (unsigned long long)cfgs[i].flushes);
  scenario_data(r, "configuration\ttlb_misses_per_call\tcycles_per_call\tflushes");
  for (unsigned i = 0; i < 3; i++)
    scenario_data(r, "%s\t%.2f\t%.1f\t%llu", cfgs[i].name, cfgs[i].walks, cfgs[i].cycles,
                  (unsigned long long)cfgs[i].flushes);
  SC_CHECK(r, cfgs[2].walks >= 10, "KPTI without ASIDs: %.2f TLB misses per call, want every page again (>= 10)",
           cfgs[2].walks);
  if (p->tlb_entries < 16) {
    scenario_note(r, "(a TLB of %u entries does not hold the 12 pages of a call: the warm loops are not checked)",
                  p->tlb_entries);
    return true;
  }
  SC_CHECK(r, cfgs[0].walks < 0.5 && cfgs[1].walks < 0.5,
           "warm TLB misses per call: %.2f without KPTI, %.2f with ASIDs", cfgs[0].walks, cfgs[1].walks);
  SC_CHECK(r, cfgs[2].walks >= 10, "KPTI without ASIDs: %.2f TLB misses per call, want every page again (>= 10)",
           cfgs[2].walks);
  return true;
}
