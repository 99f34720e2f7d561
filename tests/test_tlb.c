/*
 * The L1 TLB (model/tlb.h) and the hart around it (model/mmu.h): fills and
 * hits, timing, tree-PLRU replacement, conflict-free fills, the scope of
 * every fence, ASID/VMID tagging, superpage and Svnapot entries, and the
 * permission checks a hit repeats with the current CSRs.
 *
 * Tree PLRU, as the TLB states it: node k has children 2k and 2k+1, leaves
 * n..2n-1 stand for entries 0..n-1; a touch points every node on the path
 * away from the entry; the victim is found by following the pointers from the
 * root. Expected replacement sequences below are worked out by hand from
 * that rule (the comments show the tree bits).
 */
#include "testutil.h"

#include <criterion/parameterized.h>

#define ROOT    0x80000000ull
#define LAT     4u
#define VRW     (PTE_V | PTE_R | PTE_W)
#define VX      (PTE_V | PTE_X)
#define AD      (PTE_A | PTE_D)
#define ENV_ALL (ENVCFG_ADUE | ENVCFG_PBMTE)

/* ------------------------------------------------------------------------
 * A hart with a Sv39 address space (ASID 1, root at ROOT) and a memory.
 */

static mm_mem *mem;
static mm_hart hart;
static pt_builder pt;

static void hart_make(unsigned entries) {
  const char *why = NULL;
  mm_hart_params params = {.tlb_entries = entries, .mem_latency = LAT};
  cr_assert(mm_hart_init(&hart, &params, &why), "mm_hart_init: %s", why ? why : "?");
  hart.csrs.satp = atp_make(SATP_MODE_SV39, 1, ROOT);
  hart.csrs.menvcfg = ENV_ALL;
}

static void setup(void) {
  mem = mm_mem_new();
  pt_init(&pt, mem, ROOT, 3, 0, ROOT + 0x1000);
  hart_make(16);
}

static void teardown(void) {
  mm_hart_destroy(&hart);
  mm_mem_free(mem);
}

/* Replaces the hart by one with a TLB of the given size. */
static void resize_tlb(unsigned entries) {
  mm_csrs csrs = hart.csrs;
  mm_hart_destroy(&hart);
  hart_make(entries);
  hart.csrs = csrs;
}

static void set_asid(uint16_t asid) { hart.csrs.satp = atp_make(SATP_MODE_SV39, asid, ROOT); }

/* Maps va's page at level (0: 4 KiB, 1: 2 MiB) to pa; returns the PTE's PA. */
static uint64_t map(uint64_t va, int level, uint64_t pa, uint64_t bits) {
  return must_map(&pt, va, level, pt_pte(pa, bits));
}

static mm_obs access_as(uint64_t va, mm_access type, mm_priv priv, bool virt) {
  mm_req req = {.va = va, .type = type, .priv = priv, .virt = virt};
  mm_obs r;
  mm_hart_access(&hart, mem, &req, &r);
  return r;
}

static mm_obs load(uint64_t va) { return access_as(va, MM_LOAD, MM_PRIV_S, false); }
static mm_obs store(uint64_t va) { return access_as(va, MM_STORE, MM_PRIV_S, false); }

static void expect_ok(const mm_obs *r, uint64_t va, uint64_t pa, bool hit) {
  cr_assert(r->ok, "va %#" PRIx64 ": fault cause %u", va, r->cause);
  assert_eq_hex(r->pa, pa, "va %#" PRIx64 " pa", va);
  cr_assert_eq(r->tlb_hit, hit, "va %#" PRIx64 ": tlb_hit %d, want %d", va, r->tlb_hit, hit);
  if (hit) {
    cr_assert_eq(r->n_ops, 0, "va %#" PRIx64 ": a hit made %u memory accesses", va, r->n_ops);
    cr_assert_eq(r->cycles, MM_T_HIT, "va %#" PRIx64 ": hit took %u cycles", va, r->cycles);
  } else {
    cr_assert_eq(r->cycles, mm_walk_cycles(r->n_ops, LAT), "va %#" PRIx64 ": walk of %u took %u cycles", va, r->n_ops,
                 r->cycles);
  }
}

TestSuite(hart, .init = setup, .fini = teardown);

Test(hart, init_rejects_impossible_parameters) {
  const char *why = NULL;
  mm_hart h;
  mm_hart_params p = {.tlb_entries = 16, .mem_latency = 0};
  cr_assert(!mm_hart_init(&h, &p, &why), "latency 0 accepted");
  cr_assert_not_null(why);
  p.mem_latency = MM_LATENCY_MAX + 1;
  why = NULL;
  cr_assert(!mm_hart_init(&h, &p, &why), "latency %u accepted", p.mem_latency);
  cr_assert_not_null(why);
  p = (mm_hart_params){.tlb_entries = 3, .mem_latency = 1};
  why = NULL;
  cr_assert(!mm_hart_init(&h, &p, &why), "3 entries accepted");
  cr_assert_not_null(why);
  p = (mm_hart_params){.tlb_entries = 1, .mem_latency = MM_LATENCY_MAX};
  cr_assert(mm_hart_init(&h, &p, &why), "1 entry, latency %u rejected", MM_LATENCY_MAX);
  mm_hart_destroy(&h);
  p = MM_HART_PARAMS_DEFAULT;
  cr_assert(mm_hart_init(&h, &p, &why));
  cr_assert_eq(h.tlb.entries, 16);
  mm_hart_destroy(&h);
}

Test(hart, walk_cycles_formula) {
  /* MM_T_WALK + n * (L + MM_T_PER_OP) = 3 + n * (L + 1) */
  cr_assert_eq(mm_walk_cycles(0, 1), 3);
  cr_assert_eq(mm_walk_cycles(3, 4), 18);
  cr_assert_eq(mm_walk_cycles(4, 4), 23);
  cr_assert_eq(mm_walk_cycles(31, 1000), 3 + 31 * 1001);
}

/* VA 0x401008 -> PA 0x90000008 (4 KiB page, A and D set). */
Test(hart, walk_fills_then_hits_without_memory_access) {
  uint64_t leaf_pa = map(0x401000, 0, 0x90000000, VRW | AD);
  mm_obs r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false);
  cr_assert_eq(r.n_ops, 3, "Sv39 walk of %u accesses", r.n_ops);
  cr_assert_eq(r.cycles, 18, "3 + 3 x (4 + 1) cycles, got %u", r.cycles);
  cr_assert_eq(r.tlb_index, 0, "filled entry %d", r.tlb_index);
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 1);

  size_t frames = mm_mem_blocks(mem);
  r = store(0x401ff0);
  expect_ok(&r, 0x401ff0, 0x90000ff0, true);
  cr_assert_eq(r.tlb_index, 0);
  cr_assert_eq(r.cycles, 2, "a hit takes MM_T_HIT = 2 cycles, got %u", r.cycles);
  assert_eq_hex(mm_mem_read64(mem, leaf_pa), pt_pte(0x90000000, VRW | AD), "leaf after hit");
  cr_assert_eq(mm_mem_blocks(mem), frames);
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 1);
}

Test(hart, walk_with_a_update_takes_four_accesses) {
  uint64_t leaf_pa = map(0x401000, 0, 0x90000000, VRW);
  mm_obs r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false);
  cr_assert_eq(r.n_ops, 4);
  cr_assert_eq(r.cycles, 23, "3 + 4 x (4 + 1) cycles, got %u", r.cycles);
  assert_eq_hex(mm_mem_read64(mem, leaf_pa), pt_pte(0x90000000, VRW | PTE_A), "leaf");
}

Test(hart, bare_translation_skips_the_tlb) {
  hart.csrs.satp = 0;
  mm_obs r = load(0x123456789abcdef8ull);
  cr_assert(r.ok && r.bare);
  assert_eq_hex(r.pa, 0x123456789abcdef8ull, "pa");
  cr_assert_eq(r.cycles, MM_T_HIT);
  cr_assert_eq(r.tlb_index, -1);
  cr_assert(!r.tlb_hit);
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 0);
  /* V=1 with vsatp and hgatp Bare: also no translation. */
  r = access_as(0x5008, MM_STORE, MM_PRIV_U, true);
  cr_assert(r.ok && r.bare);
  assert_eq_hex(r.pa, 0x5008, "pa");
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 0);
}

Test(hart, faulting_walk_fills_nothing) {
  map(0x401000, 0, 0x90000000, PTE_R | PTE_W | AD); /* V=0 */
  mm_obs r = load(0x401008);
  cr_assert(!r.ok);
  cr_assert_eq(r.cause, CAUSE_LOAD_PAGE_FAULT);
  cr_assert_eq(r.n_ops, 3);
  cr_assert_eq(r.cycles, mm_walk_cycles(3, LAT));
  cr_assert_eq(r.tlb_index, -1);
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 0);
  /* A permission fault after a successful walk fills nothing either. */
  map(0x402000, 0, 0x90001000, PTE_V | PTE_R | AD);
  r = store(0x402000);
  cr_assert(!r.ok);
  cr_assert_eq(r.cause, CAUSE_STORE_PAGE_FAULT);
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 0);
  /* A non-canonical VA: a miss, a walk of no access, no fill. */
  r = load(0x4000000000ull);
  cr_assert(!r.ok && !r.tlb_hit);
  cr_assert_eq(r.n_ops, 0);
  cr_assert_eq(r.cycles, MM_T_WALK);
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 0);
}

Test(hart, asid_isolation) {
  map(0x401000, 0, 0x90000000, VRW | AD);
  mm_obs r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false);
  set_asid(2);
  r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false); /* same VA, other ASID: a miss */
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 2, "entries of both ASIDs kept");
  set_asid(1);
  r = load(0x401010);
  expect_ok(&r, 0x401010, 0x90000010, true);
  cr_assert_eq(r.tlb_index, 0);
}

Test(hart, global_entries_hit_across_asids) {
  map(0x401000, 0, 0x90000000, VRW | AD | PTE_G);
  mm_obs r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false);
  set_asid(7);
  r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, true);
  /* G on a pointer above the leaf makes the entry global too. */
  map(0x40000000, 0, 0x91000000, VRW | AD);
  uint64_t ptr = must_slot(&pt, 0x40000000, 2);
  mm_mem_write64(mem, ptr, mm_mem_read64(mem, ptr) | PTE_G);
  r = load(0x40000008);
  expect_ok(&r, 0x40000008, 0x91000008, false);
  set_asid(8);
  r = load(0x40000008);
  expect_ok(&r, 0x40000008, 0x91000008, true);
}

Test(hart, superpage_entries_cover_the_page) {
  map(0x40200000, 1, 0xc0200000, VRW | AD); /* 2 MiB */
  mm_obs r = load(0x40200008);
  expect_ok(&r, 0x40200008, 0xc0200008, false);
  r = load(0x403ffff8);
  expect_ok(&r, 0x403ffff8, 0xc03ffff8, true);
  r = store(0x40300000);
  expect_ok(&r, 0x40300000, 0xc0300000, true);
  r = load(0x40400000); /* the next 2 MiB: not mapped */
  cr_assert(!r.ok && !r.tlb_hit, "va 0x40400000 hit the 2 MiB entry");

  map(0x80000000ull, 2, 0x140000000ull, VRW | AD); /* 1 GiB */
  r = load(0x80000000ull);
  expect_ok(&r, 0x80000000ull, 0x140000000ull, false);
  r = load(0xbffffff8ull);
  expect_ok(&r, 0xbffffff8ull, 0x17ffffff8ull, true);
}

/* Svnapot: 16 PTEs map VA 0x410000..0x41ffff to PA 0x90000000. */
Test(hart, napot_entry_covers_64k) {
  for (uint64_t va = 0x410000; va < 0x420000; va += 0x1000)
    map(va, 0, 0x90008000, PTE_N | VRW | AD);
  mm_obs r = load(0x415008);
  expect_ok(&r, 0x415008, 0x90005008, false);
  cr_assert_eq(hart.tlb.e[r.tlb_index].shift, 16);
  r = load(0x41fff8);
  expect_ok(&r, 0x41fff8, 0x9000fff8, true);
  r = load(0x410000);
  expect_ok(&r, 0x410000, 0x90000000, true);
  r = load(0x420000);
  cr_assert(!r.tlb_hit, "va 0x420000 hit the 64 KiB entry");
}

/* A hit repeats the leaf checks with the CSRs as they are now. */
Test(hart, hit_rechecks_sum_and_mxr) {
  map(0x401000, 0, 0x90000000, VRW | AD | PTE_U);
  hart.csrs.mstatus = MSTATUS_SUM;
  mm_obs r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false);
  hart.csrs.mstatus = 0;
  r = load(0x401008);
  cr_assert(!r.ok, "S load of a U page with SUM=0 translated");
  cr_assert_eq(r.cause, CAUSE_LOAD_PAGE_FAULT);
  cr_assert(r.tlb_hit);
  cr_assert_eq(r.n_ops, 0);
  cr_assert_eq(r.cycles, MM_T_HIT);
  /* U-mode is fine without SUM; S fetch is never allowed. */
  r = access_as(0x401008, MM_LOAD, MM_PRIV_U, false);
  expect_ok(&r, 0x401008, 0x90000008, true);
  hart.csrs.mstatus = MSTATUS_SUM;
  r = access_as(0x401008, MM_FETCH, MM_PRIV_S, false);
  cr_assert(!r.ok && r.tlb_hit);
  cr_assert_eq(r.cause, CAUSE_FETCH_PAGE_FAULT);

  map(0x402000, 0, 0x90001000, VX | AD);
  hart.csrs.mstatus = MSTATUS_MXR;
  r = load(0x402008);
  expect_ok(&r, 0x402008, 0x90001008, false);
  hart.csrs.mstatus = 0;
  r = load(0x402008);
  cr_assert(!r.ok && r.tlb_hit, "X-only load without MXR: ok %d hit %d", r.ok, r.tlb_hit);
  cr_assert_eq(r.cause, CAUSE_LOAD_PAGE_FAULT);
  r = access_as(0x402008, MM_LOAD, MM_PRIV_U, false);
  cr_assert(!r.ok && r.tlb_hit);
  cr_assert_eq(r.cause, CAUSE_LOAD_PAGE_FAULT, "U load of an S page");
}

/* A store to an entry whose D is clear is not served by the TLB: it walks,
 * sets D in memory, and refills. */
Test(hart, store_to_clean_entry_walks_again) {
  uint64_t leaf_pa = map(0x401000, 0, 0x90000000, VRW | PTE_A);
  mm_obs r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false);
  cr_assert_eq(r.n_ops, 3);
  r = store(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false);
  cr_assert_eq(r.n_ops, 4, "walk of %u accesses", r.n_ops);
  cr_assert_eq(r.ops[3].kind, MM_OP_CAS);
  assert_eq_hex(r.ops[3].pa, leaf_pa, "written PTE");
  assert_eq_hex(mm_mem_read64(mem, leaf_pa), pt_pte(0x90000000, VRW | AD), "leaf after store");
  cr_assert_eq(r.cycles, mm_walk_cycles(4, LAT));
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 1, "the refill replaced the clean entry");
  r = store(0x401010);
  expect_ok(&r, 0x401010, 0x90000010, true);
}

/* ------------------------------------------------------------------------
 * Two-stage entries: VS Sv39 over Sv39x4. VA 0x401000 -> GPA 0x90000000 ->
 * PA 0x300000000. VS tables at GPA ROOT.., PA + 0x100000000; G root at
 * 0x200000000.
 */

static void two_stage(uint16_t vmid, uint64_t gbits) {
  static pt_builder g, vs;
  pt_init(&g, mem, 0x200000000ull, 3, 2, 0x200004000ull);
  pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
  must_attach_g(&vs, &g, 0x100000000ull, VRW | PTE_U | AD);
  must_map(&vs, 0x401000, 0, pt_pte(0x90000000, VRW | AD));
  must_map(&g, 0x90000000, 0, pt_pte(0x300000000ull, gbits));
  hart.csrs.vsatp = atp_make(SATP_MODE_SV39, 1, ROOT);
  hart.csrs.hgatp = atp_make(SATP_MODE_SV39, vmid, 0x200000000ull);
  hart.csrs.henvcfg = ENV_ALL;
}

static mm_obs vload(uint64_t va) { return access_as(va, MM_LOAD, MM_PRIV_S, true); }

Test(hart, vmid_isolation) {
  two_stage(1, VRW | PTE_U | AD);
  mm_obs r = vload(0x401008);
  expect_ok(&r, 0x401008, 0x300000008ull, false);
  r = vload(0x401008);
  expect_ok(&r, 0x401008, 0x300000008ull, true);
  hart.csrs.hgatp = atp_make(SATP_MODE_SV39, 2, 0x200000000ull);
  r = vload(0x401008);
  expect_ok(&r, 0x401008, 0x300000008ull, false);
  cr_assert_eq(mm_tlb_valid_count(&hart.tlb), 2);
  /* A V=0 access to the same VA does not hit a V=1 entry. */
  map(0x401000, 0, 0x90000000, VRW | AD);
  r = load(0x401008);
  expect_ok(&r, 0x401008, 0x90000008, false);
  hart.csrs.hgatp = atp_make(SATP_MODE_SV39, 1, 0x200000000ull);
  r = vload(0x401008);
  expect_ok(&r, 0x401008, 0x300000008ull, true);
}

/* The G-stage leaf is re-checked on a hit too: an X-only G page is readable
 * only with mstatus.MXR, and the guest-page fault reports the GPA. */
Test(hart, hit_rechecks_g_stage_with_mstatus_mxr) {
  two_stage(1, VX | PTE_U | AD);
  hart.csrs.mstatus = MSTATUS_MXR;
  mm_obs r = vload(0x401008);
  expect_ok(&r, 0x401008, 0x300000008ull, false);
  hart.csrs.mstatus = 0;
  hart.csrs.vsstatus = MSTATUS_MXR; /* affects the VS-stage only */
  r = vload(0x401ff8);
  cr_assert(!r.ok && r.tlb_hit, "ok %d hit %d", r.ok, r.tlb_hit);
  cr_assert_eq(r.cause, CAUSE_LOAD_GUEST_PAGE_FAULT, "cause %u", r.cause);
  assert_eq_hex(r.gpa, 0x90000ff8, "gpa");
}

Test(hart, store_to_clean_g_entry_walks_again) {
  two_stage(1, VRW | PTE_U | PTE_A);
  mm_obs r = vload(0x401008);
  expect_ok(&r, 0x401008, 0x300000008ull, false);
  r = access_as(0x401008, MM_STORE, MM_PRIV_S, true);
  expect_ok(&r, 0x401008, 0x300000008ull, false);
  mm_memop *last = &r.ops[r.n_ops - 1];
  cr_assert(last->kind == MM_OP_CAS && last->stage == MM_STAGE_G, "last access: kind %u stage %u", last->kind,
            last->stage);
  assert_eq_hex(last->data, pt_pte(0x300000000ull, VRW | PTE_U | AD), "G leaf written");
  r = access_as(0x401010, MM_STORE, MM_PRIV_S, true);
  expect_ok(&r, 0x401010, 0x300000010ull, true);
}

/* Replacement through the hart: 4 entries, pages P0..P4 at VA 0x1000 * (k+1). */
Test(hart, plru_replacement_through_accesses) {
  resize_tlb(4);
  for (uint64_t k = 0; k < 5; k++)
    map(0x1000 * (k + 1), 0, 0x90000000 + 0x1000 * k, VRW | AD);
  for (int k = 0; k < 4; k++) {
    mm_obs r = load(0x1000 * (k + 1));
    cr_assert(!r.tlb_hit);
    cr_assert_eq(r.tlb_index, k, "P%d filled entry %d", k, r.tlb_index);
  }
  /* Tree bits after filling 0..3: root 0 (left), node2 0, node3 0. */
  mm_obs r = load(0x1000); /* P0 hits entry 0: node2 -> 1 (entry 1), root -> 1 (right) */
  cr_assert(r.tlb_hit && r.tlb_index == 0);
  r = load(0x5000); /* P4 misses: root right, node3 0 -> entry 2; then node3 -> 1, root -> 0 */
  cr_assert(!r.tlb_hit);
  cr_assert_eq(r.tlb_index, 2, "P4 replaced entry %d", r.tlb_index);
  r = load(0x2000); /* P1 hits entry 1: node2 -> 0, root -> 1 */
  cr_assert(r.tlb_hit && r.tlb_index == 1);
  r = load(0x3000); /* P2 was evicted: root right, node3 1 -> entry 3 */
  cr_assert(!r.tlb_hit, "P2 still cached");
  cr_assert_eq(r.tlb_index, 3, "P2 replaced entry %d", r.tlb_index);
  r = load(0x4000); /* P3 was evicted by P2 */
  cr_assert(!r.tlb_hit, "P3 still cached");
}

Test(hart, fence_makes_the_next_access_walk) {
  map(0x401000, 0, 0x90000000, VRW | AD);
  map(0x402000, 0, 0x90001000, VRW | AD);
  mm_obs r = load(0x401000);
  r = load(0x402000);
  unsigned dropped = 99;
  mm_fence f = {.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = 0x401ff8};
  mm_obs fo;
  dropped = mm_hart_fence(&hart, NULL, &f, &fo);
  cr_assert(fo.ok && fo.cycles == MM_T_FENCE && fo.n_ops == 0, "fence: ok %d, %u cycles, %u accesses", fo.ok, fo.cycles,
            fo.n_ops);
  cr_assert_eq(dropped, 1);
  r = load(0x401000);
  cr_assert(r.ok && !r.tlb_hit, "fenced page still hit");
  r = load(0x402000);
  cr_assert(r.ok && r.tlb_hit, "unfenced page walked");
}

/* ------------------------------------------------------------------------
 * The TLB alone: entries made by hand.
 */

static mm_tlb_entry entry(bool virt, uint16_t vmid, uint16_t asid, bool global, uint64_t va, unsigned shift) {
  return (mm_tlb_entry){.virt = virt,
                        .vmid = vmid,
                        .asid = asid,
                        .global = global,
                        .va = va,
                        .shift = (uint8_t)shift,
                        .pa = 0x90000000 + va,
                        .leaf_pte = pt_pte(0x90000000 + va, VRW | AD)};
}

static mm_tlb_entry page(uint64_t n) { return entry(false, 0, 1, false, 0x1000 * n, 12); }

static int lookup(mm_tlb *t, bool virt, uint16_t vmid, uint16_t asid, uint64_t va) {
  mm_tlb_tag tag = {.virt = virt, .vmid = vmid, .asid = asid, .va = va};
  return mm_tlb_lookup(t, &tag);
}

/* Entries that match a tag, by the tagging rule written out here. */
static unsigned matches(const mm_tlb *t, bool virt, uint16_t vmid, uint16_t asid, uint64_t va) {
  unsigned n = 0;
  for (unsigned i = 0; i < t->entries; i++) {
    const mm_tlb_entry *e = &t->e[i];
    n += e->valid && e->virt == virt && (!virt || e->vmid == vmid) && (e->global || e->asid == asid) &&
         (va >> e->shift) == (e->va >> e->shift);
  }
  return n;
}

Test(tlb, init_sizes) {
  static const unsigned bad[] = {0, 3, 5, 6, 12, 257, 512, 1024};
  static const unsigned good[] = {1, 2, 4, 8, 16, 128, 256};
  mm_tlb t;
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
    cr_assert(!mm_tlb_init(&t, bad[i]), "%u entries accepted", bad[i]);
  for (unsigned i = 0; i < sizeof good / sizeof good[0]; i++) {
    cr_assert(mm_tlb_init(&t, good[i]), "%u entries rejected", good[i]);
    cr_assert_eq(t.entries, good[i]);
    cr_assert_eq(mm_tlb_valid_count(&t), 0);
    mm_tlb_destroy(&t);
  }
}

/* Fills a TLB of n entries with pages 1..n; they take entries 0..n-1. */
static void fill_all(mm_tlb *t, unsigned n) {
  cr_assert(mm_tlb_init(t, n));
  for (unsigned i = 0; i < n; i++) {
    mm_tlb_entry e = page(i + 1);
    cr_assert_eq(mm_tlb_fill(t, &e), i, "fill %u of an empty TLB", i);
  }
}

/* Fills new pages and checks the victims, in order. */
static void expect_victims(mm_tlb *t, const unsigned *want, unsigned n, uint64_t first_page) {
  for (unsigned k = 0; k < n; k++) {
    cr_assert_eq(mm_tlb_victim(t), want[k], "victim %u: entry %u, want %u", k, mm_tlb_victim(t), want[k]);
    mm_tlb_entry e = page(first_page + k);
    cr_assert_eq(mm_tlb_fill(t, &e), want[k], "fill %u", k);
  }
}

/* 4 entries, after filling 0..3 every tree bit points left (0):
 * victims 0 (then bits root=1 n2=1), 2 (root=0 n3=1), 1 (root=1 n2=0), 3, 0. */
Test(tlb, plru_4_sequence_after_fill) {
  mm_tlb t;
  fill_all(&t, 4);
  static const unsigned want[] = {0, 2, 1, 3, 0, 2};
  expect_victims(&t, want, 6, 100);
  mm_tlb_destroy(&t);
}

Test(tlb, plru_4_touches) {
  mm_tlb t;
  fill_all(&t, 4);
  mm_tlb_touch(&t, 0); /* n2=1 root=1 -> root right, n3=0: entry 2 */
  cr_assert_eq(mm_tlb_victim(&t), 2);
  mm_tlb_touch(&t, 2); /* n3=1 root=0 -> left, n2=1: entry 1 */
  cr_assert_eq(mm_tlb_victim(&t), 1);
  mm_tlb_touch(&t, 1); /* n2=0 root=1 -> right, n3=1: entry 3 */
  cr_assert_eq(mm_tlb_victim(&t), 3);
  mm_tlb_touch(&t, 3); /* n3=0 root=0 -> left, n2=0: entry 0 */
  cr_assert_eq(mm_tlb_victim(&t), 0);
  mm_tlb_touch(&t, 0); /* touching the same entry twice changes nothing more */
  mm_tlb_touch(&t, 0);
  cr_assert_eq(mm_tlb_victim(&t), 2);
  mm_tlb_destroy(&t);
}

/* 8 entries: after filling 0..7 the victims come in bit-reversed order. */
Test(tlb, plru_8_sequence_after_fill) {
  mm_tlb t;
  fill_all(&t, 8);
  static const unsigned want[] = {0, 4, 2, 6, 1, 5, 3, 7, 0};
  expect_victims(&t, want, 9, 100);
  mm_tlb_destroy(&t);
}

/* 8 entries, touch 0 and 4 after the fill: root=0 n2=1 n5=0 -> entry 2; then
 * 6, 1, 5, 3, 7, and only then 0 again (4 was touched after 0). */
Test(tlb, plru_8_touches) {
  mm_tlb t;
  fill_all(&t, 8);
  mm_tlb_touch(&t, 0);
  mm_tlb_touch(&t, 4);
  static const unsigned want[] = {2, 6, 1, 5, 3, 7, 0};
  expect_victims(&t, want, 7, 100);
  mm_tlb_destroy(&t);
}

Test(tlb, lookup_does_not_touch_but_fences_do_not_either) {
  mm_tlb t;
  fill_all(&t, 4);
  mm_tlb_touch(&t, 0);
  cr_assert_eq(lookup(&t, false, 0, 1, 0x3000), 2); /* page 3 is in entry 2 */
  cr_assert_eq(mm_tlb_victim(&t), 2, "a lookup moved the PLRU");
  mm_fence f = {.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = 0x99000};
  cr_assert_eq(mm_tlb_fence(&t, &f, 0), 0);
  cr_assert_eq(mm_tlb_victim(&t), 2, "a fence moved the PLRU");
  mm_tlb_destroy(&t);
}

/* The lowest invalid entry is taken before any PLRU victim. */
Test(tlb, fill_takes_lowest_invalid_entry) {
  mm_tlb t;
  fill_all(&t, 4);
  cr_assert_eq(mm_tlb_victim(&t), 0, "PLRU victim of a full TLB");
  mm_fence f = {.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = 0x4000}; /* page 4: entry 3 */
  cr_assert_eq(mm_tlb_fence(&t, &f, 0), 1);
  f.addr = 0x2000; /* page 2: entry 1 */
  cr_assert_eq(mm_tlb_fence(&t, &f, 0), 1);
  mm_tlb_entry e = page(50);
  cr_assert_eq(mm_tlb_fill(&t, &e), 1);
  e = page(51);
  cr_assert_eq(mm_tlb_fill(&t, &e), 3);
  /* Full again; bits: fill 1 set n2=0 root=1, fill 3 set n3=0 root=0 -> entry 0. */
  e = page(52);
  cr_assert_eq(mm_tlb_fill(&t, &e), 0);
  mm_tlb_destroy(&t);
}

/* A fill first drops every entry a lookup could match together with it. */
Test(tlb, fill_drops_overlapping_entries) {
  mm_tlb t;
  cr_assert(mm_tlb_init(&t, 8));
  /* A 2 MiB entry over a 4 KiB one of the same ASID replaces it. */
  mm_tlb_entry small = entry(false, 0, 1, false, 0x200000, 12);
  mm_tlb_entry big = entry(false, 0, 1, false, 0x200000, 21);
  cr_assert_eq(mm_tlb_fill(&t, &small), 0);
  cr_assert_eq(mm_tlb_fill(&t, &big), 0, "the 2 MiB entry should reuse the dropped entry 0");
  cr_assert_eq(mm_tlb_valid_count(&t), 1);
  cr_assert_eq(t.e[0].shift, 21);
  /* And a 4 KiB entry inside it replaces the 2 MiB one. */
  small.va = 0x3ff000;
  mm_tlb_fill(&t, &small);
  cr_assert_eq(mm_tlb_valid_count(&t), 1);
  cr_assert_eq(lookup(&t, false, 0, 1, 0x3ff008), 0);
  cr_assert_eq(lookup(&t, false, 0, 1, 0x200000), -1, "the dropped 2 MiB entry still hits");
  mm_tlb_destroy(&t);

  /* A global entry conflicts with every ASID, both ways. */
  cr_assert(mm_tlb_init(&t, 8));
  mm_tlb_entry a1 = entry(false, 0, 1, false, 0x1000, 12);
  mm_tlb_entry g2 = entry(false, 0, 2, true, 0x1000, 12);
  mm_tlb_fill(&t, &a1);
  mm_tlb_fill(&t, &g2);
  cr_assert_eq(mm_tlb_valid_count(&t), 1);
  cr_assert_eq(matches(&t, false, 0, 1, 0x1000), 1);
  mm_tlb_fill(&t, &a1);
  cr_assert_eq(mm_tlb_valid_count(&t), 1);
  cr_assert(!t.e[lookup(&t, false, 0, 1, 0x1000)].global);
  mm_tlb_destroy(&t);

  /* A Svnapot entry and a 4 KiB page inside it. */
  cr_assert(mm_tlb_init(&t, 8));
  mm_tlb_entry napot = entry(false, 0, 1, false, 0x410000, 16);
  mm_tlb_entry inside = entry(false, 0, 1, false, 0x41f000, 12);
  mm_tlb_fill(&t, &inside);
  mm_tlb_fill(&t, &napot);
  cr_assert_eq(mm_tlb_valid_count(&t), 1);
  cr_assert_eq(t.e[lookup(&t, false, 0, 1, 0x41f000)].shift, 16);
  mm_tlb_destroy(&t);
}

Test(tlb, fill_keeps_entries_of_other_contexts) {
  mm_tlb t;
  cr_assert(mm_tlb_init(&t, 16));
  static const struct {
    bool virt;
    uint16_t vmid, asid;
    bool global;
    uint64_t va;
    unsigned shift;
  } fills[] = {
      {false, 0, 1, false, 0x1000, 12},   {false, 0, 2, false, 0x1000, 12},   /* other ASID */
      {true, 1, 1, false, 0x1000, 12},    {true, 2, 1, false, 0x1000, 12},    /* V=1, two VMIDs */
      {true, 3, 1, true, 0x1000, 12},                                         /* global, other VMID */
      {false, 0, 1, false, 0x2000, 12},   {false, 0, 1, false, 0x600000, 21}, /* other pages */
      {false, 0, 1, false, 0x410000, 16},
  };
  unsigned n = sizeof fills / sizeof fills[0];
  for (unsigned i = 0; i < n; i++) {
    mm_tlb_entry e = entry(fills[i].virt, fills[i].vmid, fills[i].asid, fills[i].global, fills[i].va, fills[i].shift);
    cr_assert_eq(mm_tlb_fill(&t, &e), i, "fill %u", i);
  }
  cr_assert_eq(mm_tlb_valid_count(&t), n);
  for (unsigned i = 0; i < n; i++) {
    int hit = lookup(&t, fills[i].virt, fills[i].vmid, fills[i].asid, fills[i].va);
    cr_assert_eq(hit, (int)i, "fill %u (va %#" PRIx64 ") found at %d", i, fills[i].va, hit);
  }
  mm_tlb_destroy(&t);
}

/* Many overlapping fills in a small TLB: never two entries for one lookup. */
Test(tlb, at_most_one_hit) {
  mm_tlb t;
  cr_assert(mm_tlb_init(&t, 8));
  static const unsigned shifts[] = {12, 16, 21, 12, 30, 12, 16, 21};
  uint64_t x = 12345;
  for (unsigned i = 0; i < 400; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    unsigned shift = shifts[(x >> 33) & 7];
    uint64_t va = (((x >> 20) & 0x7fffffff) << 12) & 0x3fffffffull; /* inside one 1 GiB region */
    va &= ~((1ull << shift) - 1);
    uint16_t asid = (x >> 60) & 1;
    bool global = ((x >> 61) & 3) == 0;
    mm_tlb_entry e = entry(false, 0, asid, global, va, shift);
    mm_tlb_fill(&t, &e);
    for (uint64_t probe = 0; probe < 0x40000000; probe += 0x1ff000) {
      for (uint16_t a = 0; a < 2; a++)
        cr_assert_leq(matches(&t, false, 0, a, probe), 1, "fill %u: va %#" PRIx64 " asid %u matches %u entries", i,
                      probe, a, matches(&t, false, 0, a, probe));
    }
    cr_assert_eq(matches(&t, false, 0, asid, va), 1, "fill %u: the new entry does not match its own va", i);
  }
  mm_tlb_destroy(&t);
}

/* ------------------------------------------------------------------------
 * Fence scopes. Eight entries, in entries 0..7 of the hart's TLB:
 *   0: V=0 ASID 1 VA 0x1000      4: V=1 VMID 1 ASID 1 VA 0x1000
 *   1: V=0 ASID 2 VA 0x1000      5: V=1 VMID 1 ASID 2 VA 0x1000
 *   2: V=0 global VA 0x2000      6: V=1 VMID 1 global VA 0x2000
 *   3: V=0 ASID 1 2 MiB 0x200000 7: V=1 VMID 2 ASID 1 VA 0x1000
 * survivors: bit i set when entry i must stay.
 */

typedef struct fence_case {
  char name[64]; /* an array: Criterion copies parameters into another process */
  mm_fence fence;
  uint16_t vmid; /* the hart's hgatp.VMID */
  uint8_t survivors;
} fence_case;

#define SFENCE(...)                                                                                                    \
  { .kind = MM_FENCE_SFENCE_VMA, __VA_ARGS__ }
#define VVMA(...)                                                                                                      \
  { .kind = MM_FENCE_HFENCE_VVMA, __VA_ARGS__ }
#define GVMA(...)                                                                                                      \
  { .kind = MM_FENCE_HFENCE_GVMA, __VA_ARGS__ }
#define ADDR(a) .has_addr = true, .addr = (a)
#define ID(i)   .has_id = true, .id = (i)

static fence_case fence_cases[] = {
    {"sfence all", SFENCE(.has_addr = false), 1, 0xf0},
    {"sfence asid 1 keeps global", SFENCE(ID(1)), 1, 0xf6},
    {"sfence asid 2", SFENCE(ID(2)), 1, 0xfd},
    {"sfence asid 9", SFENCE(ID(9)), 1, 0xff},
    {"sfence va 0x1000, all asids", SFENCE(ADDR(0x1000)), 1, 0xfc},
    {"sfence va 0x1ff8 (same page)", SFENCE(ADDR(0x1ff8)), 1, 0xfc},
    {"sfence va 0x2000 drops global", SFENCE(ADDR(0x2000)), 1, 0xfb},
    {"sfence va inside 2 MiB entry", SFENCE(ADDR(0x3ff000)), 1, 0xf7},
    {"sfence va 0x5000 (nothing)", SFENCE(ADDR(0x5000)), 1, 0xff},
    {"sfence va 0x1000 asid 2", SFENCE(ADDR(0x1000), ID(2)), 1, 0xfd},
    {"sfence va 0x2000 asid 1 keeps global", SFENCE(ADDR(0x2000), ID(1)), 1, 0xff},
    {"sfence va 0x200000 asid 1", SFENCE(ADDR(0x200000), ID(1)), 1, 0xf7},
    {"hfence.vvma all, vmid 1", VVMA(.has_addr = false), 1, 0x8f},
    {"hfence.vvma all, vmid 2", VVMA(.has_addr = false), 2, 0x7f},
    {"hfence.vvma all, vmid 3", VVMA(.has_addr = false), 3, 0xff},
    {"hfence.vvma asid 1 keeps global", VVMA(ID(1)), 1, 0xef},
    {"hfence.vvma va 0x2000 drops global", VVMA(ADDR(0x2000)), 1, 0xbf},
    {"hfence.vvma va 0x1000 asid 2", VVMA(ADDR(0x1000), ID(2)), 1, 0xdf},
    {"hfence.vvma va 0x1000, vmid 2", VVMA(ADDR(0x1000)), 2, 0x7f},
    {"hfence.gvma all", GVMA(.has_addr = false), 1, 0x0f},
    {"hfence.gvma vmid 1", GVMA(ID(1)), 2, 0x8f},
    {"hfence.gvma vmid 2", GVMA(ID(2)), 1, 0x7f},
    {"hfence.gvma vmid 5", GVMA(ID(5)), 1, 0xff},
    {"hfence.gvma gpa, vmid 1: whole vmid", GVMA(ADDR(0x5000), ID(1)), 1, 0x8f},
    {"hfence.gvma gpa, all vmids", GVMA(ADDR(0x90000000)), 1, 0x0f},
};

ParameterizedTestParameters(fence, scope) {
  return cr_make_param_array(fence_case, fence_cases, sizeof fence_cases / sizeof fence_cases[0]);
}

ParameterizedTest(fence_case *c, fence, scope) {
  static const struct {
    bool virt;
    uint16_t vmid, asid;
    bool global;
    uint64_t va;
    unsigned shift;
  } ents[8] = {
      {false, 0, 1, false, 0x1000, 12},   {false, 0, 2, false, 0x1000, 12}, {false, 0, 1, true, 0x2000, 12},
      {false, 0, 1, false, 0x200000, 21}, {true, 1, 1, false, 0x1000, 12},  {true, 1, 2, false, 0x1000, 12},
      {true, 1, 1, true, 0x2000, 12},     {true, 2, 1, false, 0x1000, 12},
  };
  mm_hart h;
  const char *why;
  mm_hart_params p = {.tlb_entries = 8, .mem_latency = 1};
  cr_assert(mm_hart_init(&h, &p, &why));
  h.csrs.hgatp = atp_make(SATP_MODE_SV39, c->vmid, 0x200000000ull);
  for (unsigned i = 0; i < 8; i++) {
    mm_tlb_entry e = entry(ents[i].virt, ents[i].vmid, ents[i].asid, ents[i].global, ents[i].va, ents[i].shift);
    cr_assert_eq(mm_tlb_fill(&h.tlb, &e), i, "%s: setup fill %u", c->name, i);
  }
  unsigned dropped = mm_hart_fence(&h, NULL, &c->fence, NULL);
  unsigned want_dropped = 0;
  for (unsigned i = 0; i < 8; i++) {
    bool want = (c->survivors >> i) & 1;
    want_dropped += !want;
    int hit = lookup(&h.tlb, ents[i].virt, ents[i].vmid, ents[i].asid, ents[i].va);
    cr_assert_eq(hit == (int)i, want, "%s: entry %u (V=%d VMID %u ASID %u%s va %#" PRIx64 ") %s", c->name, i,
                 ents[i].virt, ents[i].vmid, ents[i].asid, ents[i].global ? " global" : "", ents[i].va,
                 want ? "was dropped" : "survived");
  }
  cr_assert_eq(dropped, want_dropped, "%s: dropped %u, want %u", c->name, dropped, want_dropped);
  mm_hart_destroy(&h);
}
