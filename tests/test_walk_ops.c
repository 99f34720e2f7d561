/*
 * The order of a walk's memory accesses and the values it writes, with the
 * tables placed by hand (the layout: tests/walk_layout.h).
 */
#include "walk_layout.h"

typedef struct op_want {
  mm_op_kind kind;
  mm_stage stage;
  int level;
  uint64_t pa, data;
} op_want;

#define RD(st, lvl, pa_, data_)                                                                                        \
  { MM_OP_READ, MM_STAGE_##st, lvl, pa_, data_ }
#define WR(st, lvl, pa_, data_)                                                                                        \
  { MM_OP_CAS, MM_STAGE_##st, lvl, pa_, data_ }

static void check_ops(const mm_walk *w, const op_want *want, unsigned n) {
  for (unsigned i = 0; i < n && i < w->n_ops; i++) {
    const mm_memop *op = &w->ops[i];
    cr_assert(op->kind == want[i].kind && op->stage == want[i].stage && op->level == want[i].level,
              "op %u: kind %u stage %u level %u at %#" PRIx64 ", want kind %u stage %u level %u at %#" PRIx64, i,
              op->kind, op->stage, op->level, op->pa, want[i].kind, want[i].stage, want[i].level, want[i].pa);
    assert_eq_hex(op->pa, want[i].pa, "op %u pa", i);
    assert_eq_hex(op->data, want[i].data, "op %u (pa %#" PRIx64 ") data", i, op->pa);
  }
  cr_assert_eq(w->n_ops, n, "walk made %u memory accesses, want %u", w->n_ops, n);
}

static mm_walk walk_once(const mm_csrs *csrs, mm_mem *mem, uint64_t va, mm_access type, mm_priv priv, bool virt) {
  mm_req req = {.va = va, .type = type, .priv = priv, .virt = virt};
  mm_walk w;
  mm_walk_translate(csrs, mem, &req, &w);
  return w;
}

/* Sv39, VA 0x401008: vpn[2] = 0, vpn[1] = 2, vpn[0] = 1. Root 0x80000000 ->
 * 0x80001000 -> 0x80002000; the leaf maps 0x90000000 with V R W. */
Test(walk_ops, sv39_store_sets_a_and_d) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000000, 0x20000401); /* -> 0x80001000, V */
  mm_mem_write64(mem, 0x80001010, 0x20000801); /* -> 0x80002000, V */
  mm_mem_write64(mem, 0x80002008, 0x24000007); /* 0x90000000, V R W */
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  assert_eq_hex(w.pa, 0x90000008, "pa");
  static const op_want want[] = {
      RD(S, 2, 0x80000000, 0x20000401),
      RD(S, 1, 0x80001010, 0x20000801),
      RD(S, 0, 0x80002008, 0x24000007),
      WR(S, 0, 0x80002008, 0x240000c7),
  };
  check_ops(&w, want, 4);
  assert_eq_hex(mm_mem_read64(mem, 0x80002008), 0x240000c7, "leaf");
  assert_eq_hex(w.leaf_pte, 0x240000c7, "leaf_pte");
  cr_assert_eq(w.shift, 12);
  cr_assert(!w.global);
  /* A second store finds A and D set: reads only. */
  w = walk_once(&csrs, mem, 0x401ff8, MM_STORE, MM_PRIV_S, false);
  cr_assert(w.ok);
  assert_eq_hex(w.pa, 0x90000ff8, "pa");
  cr_assert_eq(w.n_ops, 3);
  mm_mem_free(mem);
}

/* Sv48, the same VA one level deeper: 0x80000000 -> 0x80001000 ->
 * 0x80002000 -> 0x80003000. A load sets A only. */
Test(walk_ops, sv48_load_sets_a) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000000, 0x20000401);
  mm_mem_write64(mem, 0x80001000, 0x20000801);
  mm_mem_write64(mem, 0x80002010, 0x20000c01);
  mm_mem_write64(mem, 0x80003008, 0x24000007);
  mm_csrs csrs = {.satp = 0x9000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  assert_eq_hex(w.pa, 0x90000008, "pa");
  static const op_want want[] = {
      RD(S, 3, 0x80000000, 0x20000401), RD(S, 2, 0x80001000, 0x20000801), RD(S, 1, 0x80002010, 0x20000c01),
      RD(S, 0, 0x80003008, 0x24000007), WR(S, 0, 0x80003008, 0x24000047),
  };
  check_ops(&w, want, 5);
  mm_mem_free(mem);
}

/*
 * Sv39 over Sv39x4, VA 0x401008 as above, all by hand:
 *   G root 0x100000000 (hgatp.PPN 0x100000). GPA 0x8000x000 has G vpn[2] = 2,
 *   vpn[1] = 0, vpn[0] = x: root[2] @0x100000010 -> 0x100004000;
 *   [0] @0x100004000 -> 0x100005000; G leaves @0x100005000 + 8x map the VS
 *   table pages GPA 0x8000x000 -> PA 0x28000x000 with V R W U (A, D clear).
 *   The data GPA 0x90000008: G vpn[2] = 2, vpn[1] = 0x80: a 2 MiB leaf
 *   @0x100004400 -> PA 0x300000000, V R W U (A, D clear).
 *   VS tables: root GPA 0x80000000 [0] -> 0x80001000 [2] -> 0x80002000 [1]
 *   = leaf GPA 0x90000000, V R W (A, D clear).
 */
static mm_mem *two_stage_tables(uint64_t vs_leaf, uint64_t g_data_leaf) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x100000010, 0x40001001);  /* G root[2] -> 0x100004000 */
  mm_mem_write64(mem, 0x100004000, 0x40001401);  /* G L1[0] -> 0x100005000 */
  mm_mem_write64(mem, 0x100004400, g_data_leaf); /* G L1[0x80]: 2 MiB data page */
  mm_mem_write64(mem, 0x100005000, 0xa0000017);  /* GPA 0x80000000 -> 0x280000000, V R W U */
  mm_mem_write64(mem, 0x100005008, 0xa0000417);  /* GPA 0x80001000 -> 0x280001000 */
  mm_mem_write64(mem, 0x100005010, 0xa0000817);  /* GPA 0x80002000 -> 0x280002000 */
  mm_mem_write64(mem, 0x280000000, 0x20000401);  /* VS root[0] -> GPA 0x80001000 */
  mm_mem_write64(mem, 0x280001010, 0x20000801);  /* VS L1[2] -> GPA 0x80002000 */
  mm_mem_write64(mem, 0x280002008, vs_leaf);     /* VS L0[1] */
  return mem;
}

static const mm_csrs two_stage_csrs = {
    .vsatp = 0x8000000000080000ull,
    .hgatp = 0x8000000000100000ull,
    .menvcfg = ENVCFG_ADUE,
    .henvcfg = ENVCFG_ADUE,
};

/* The first 15 accesses of every walk of two_stage_tables(): for each VS
 * level, the G-stage walk of the PTE's GPA (setting the G leaf's A), then the
 * VS PTE itself. */
#define TWO_STAGE_TABLE_READS(vs_leaf)                                                                                 \
  RD(G, 2, 0x100000010, 0x40001001), RD(G, 1, 0x100004000, 0x40001401), RD(G, 0, 0x100005000, 0xa0000017),             \
      WR(G, 0, 0x100005000, 0xa0000057), RD(VS, 2, 0x280000000, 0x20000401), RD(G, 2, 0x100000010, 0x40001001),        \
      RD(G, 1, 0x100004000, 0x40001401), RD(G, 0, 0x100005008, 0xa0000417), WR(G, 0, 0x100005008, 0xa0000457),         \
      RD(VS, 1, 0x280001010, 0x20000801), RD(G, 2, 0x100000010, 0x40001001), RD(G, 1, 0x100004000, 0x40001401),        \
      RD(G, 0, 0x100005010, 0xa0000817), WR(G, 0, 0x100005010, 0xa0000857), RD(VS, 0, 0x280002008, vs_leaf)

Test(walk_ops, two_stage_store_sets_every_a_and_d) {
  mm_mem *mem = two_stage_tables(0x24000007, 0xc0000017);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  assert_eq_hex(w.pa, 0x300000008, "pa");
  static const op_want want[] = {
      TWO_STAGE_TABLE_READS(0x24000007),
      WR(G, 0, 0x100005010, 0xa00008d7),  /* the page holding the VS leaf: D, as for an implicit store */
      WR(VS, 0, 0x280002008, 0x240000c7), /* VS leaf A and D */
      RD(G, 2, 0x100000010, 0x40001001),  /* the final GPA 0x90000008 */
      RD(G, 1, 0x100004400, 0xc0000017),
      WR(G, 1, 0x100004400, 0xc00000d7),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  /* Pages that only held VS tables read have A set, not D. */
  assert_eq_hex(mm_mem_read64(mem, 0x100005000), 0xa0000057, "G leaf of VS root page");
  assert_eq_hex(mm_mem_read64(mem, 0x100005008), 0xa0000457, "G leaf of VS L1 page");
  assert_eq_hex(mm_mem_read64(mem, 0x100005010), 0xa00008d7, "G leaf of VS L0 page");
  assert_eq_hex(mm_mem_read64(mem, 0x280002008), 0x240000c7, "VS leaf");
  assert_eq_hex(mm_mem_read64(mem, 0x100004400), 0xc00000d7, "G data leaf");
  assert_eq_hex(w.leaf_pte, 0x240000c7, "leaf_pte");
  assert_eq_hex(w.gleaf_pte, 0xc00000d7, "gleaf_pte");
  assert_eq_hex(w.gpa_final, 0x90000008, "gpa_final");
  cr_assert_eq(w.shift, 12, "shift %u: a 4 KiB VS page over a 2 MiB G page", w.shift);
  mm_mem_free(mem);
}

/* A load that sets the VS leaf's A writes that PTE: its page gets D too. */
Test(walk_ops, two_stage_load_writing_vs_a_sets_g_d_of_that_page) {
  mm_mem *mem = two_stage_tables(0x24000007, 0xc0000017);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  assert_eq_hex(w.pa, 0x300000008, "pa");
  static const op_want want[] = {
      TWO_STAGE_TABLE_READS(0x24000007), WR(G, 0, 0x100005010, 0xa00008d7), WR(VS, 0, 0x280002008, 0x24000047),
      RD(G, 2, 0x100000010, 0x40001001), RD(G, 1, 0x100004400, 0xc0000017), WR(G, 1, 0x100004400, 0xc0000057),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  mm_mem_free(mem);
}

/* With the VS leaf's A already set, no VS PTE is written: no G D anywhere. */
Test(walk_ops, two_stage_load_without_vs_write_sets_no_g_d) {
  mm_mem *mem = two_stage_tables(0x24000047, 0xc0000057);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  static const op_want want[] = {
      TWO_STAGE_TABLE_READS(0x24000047),
      RD(G, 2, 0x100000010, 0x40001001),
      RD(G, 1, 0x100004400, 0xc0000057),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  assert_eq_hex(mm_mem_read64(mem, 0x100005010), 0xa0000857, "G leaf of VS L0 page");
  mm_mem_free(mem);
}

/* Implicit reads set G-stage A even when the walk then faults (VS leaf V=0). */
Test(walk_ops, two_stage_g_a_set_even_if_walk_faults_later) {
  mm_mem *mem = two_stage_tables(0x24000006, 0xc0000017);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, true);
  cr_assert(!w.ok, "translated to %#" PRIx64, w.pa);
  cr_assert_eq(w.cause, CAUSE_LOAD_PAGE_FAULT);
  static const op_want want[] = {TWO_STAGE_TABLE_READS(0x24000006)};
  check_ops(&w, want, sizeof want / sizeof want[0]);
  assert_eq_hex(mm_mem_read64(mem, 0x100005000), 0xa0000057, "G leaf of VS root page");
  assert_eq_hex(mm_mem_read64(mem, 0x100005008), 0xa0000457, "G leaf of VS L1 page");
  assert_eq_hex(mm_mem_read64(mem, 0x100005010), 0xa0000857, "G leaf of VS L0 page");
  mm_mem_free(mem);
}

/* The VS leaf is written before the final GPA is translated: a store whose
 * final G leaf is invalid faults (23) after writing VS A/D. */
Test(walk_ops, two_stage_guest_fault_after_vs_write) {
  mm_mem *mem = two_stage_tables(0x24000007, 0xc0000016);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, true);
  cr_assert(!w.ok, "translated to %#" PRIx64, w.pa);
  cr_assert_eq(w.cause, CAUSE_STORE_GUEST_PAGE_FAULT, "cause %u", w.cause);
  assert_eq_hex(w.gpa, 0x90000008, "gpa");
  static const op_want want[] = {
      TWO_STAGE_TABLE_READS(0x24000007), WR(G, 0, 0x100005010, 0xa00008d7), WR(VS, 0, 0x280002008, 0x240000c7),
      RD(G, 2, 0x100000010, 0x40001001), RD(G, 1, 0x100004400, 0xc0000016),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  assert_eq_hex(mm_mem_read64(mem, 0x280002008), 0x240000c7, "VS leaf");
  mm_mem_free(mem);
}

/* A VS-stage fault (store to an R-only page) wins over the invalid final G
 * leaf, and nothing is written for the VS leaf. */
Test(walk_ops, two_stage_vs_fault_wins) {
  mm_mem *mem = two_stage_tables(0x24000003, 0xc0000016);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, true);
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_STORE_PAGE_FAULT, "cause %u", w.cause);
  static const op_want want[] = {TWO_STAGE_TABLE_READS(0x24000003)};
  check_ops(&w, want, sizeof want / sizeof want[0]);
  mm_mem_free(mem);
}

/* menvcfg.ADUE=0 (so henvcfg.ADUE reads 0): the G leaf of the VS root page
 * has A clear, so the first implicit read faults, reported as the original
 * access type, at the GPA of the VS root PTE. */
Test(walk_ops, two_stage_svade_faults_on_first_table_page) {
  mm_mem *mem = two_stage_tables(0x24000007, 0xc0000017);
  mm_csrs csrs = two_stage_csrs;
  csrs.menvcfg = 0;
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_FETCH, MM_PRIV_S, true);
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_FETCH_GUEST_PAGE_FAULT, "cause %u", w.cause);
  assert_eq_hex(w.gpa, 0x80000000, "gpa");
  static const op_want want[] = {
      RD(G, 2, 0x100000010, 0x40001001),
      RD(G, 1, 0x100004000, 0x40001401),
      RD(G, 0, 0x100005000, 0xa0000017),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  mm_mem_free(mem);
}

/* Svnapot: 16 PTEs map the 64 KiB page VA 0x410000..0x41ffff; a store to
 * VA 0x415008 (vpn[0] = 0x15) writes A/D to that one PTE only. */
Test(walk_ops, napot_ad_writes_the_indexed_pte_only) {
  mm_mem *mem = mm_mem_new();
  const uint64_t napot = 0x8000000024002007ull; /* N, ppn 0x90008, V R W */
  mm_mem_write64(mem, 0x80000000, 0x20000401);
  mm_mem_write64(mem, 0x80001010, 0x20000801);
  for (unsigned i = 0x10; i < 0x20; i++)
    mm_mem_write64(mem, 0x80002000 + 8 * i, napot);
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_walk w = walk_once(&csrs, mem, 0x415008, MM_STORE, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  assert_eq_hex(w.pa, 0x90005008, "pa");
  cr_assert_eq(w.shift, 16);
  static const op_want want[] = {
      RD(S, 2, 0x80000000, 0x20000401),
      RD(S, 1, 0x80001010, 0x20000801),
      RD(S, 0, 0x800020a8, napot),
      WR(S, 0, 0x800020a8, 0x80000000240020c7ull),
  };
  check_ops(&w, want, 4);
  for (unsigned i = 0x10; i < 0x20; i++) {
    uint64_t pa = 0x80002000 + 8 * i;
    assert_eq_hex(mm_mem_read64(mem, pa), i == 0x15 ? 0x80000000240020c7ull : napot, "napot PTE at %#" PRIx64, pa);
  }
  mm_mem_free(mem);
}

/* The same for a VS-stage Svnapot page over Sv39x4 (tables by the builder). */
Test(walk_ops, napot_ad_two_stage) {
  mm_mem *mem = mm_mem_new();
  pt_builder g, vs;
  pt_init(&g, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
  must_attach_g(&vs, &g, VS_PA_OFFSET, VRW | PTE_U | AD);
  const uint64_t napot = LEAF(GD + 0x18000, PTE_N | VRW);
  /* The 16 PTEs from PA first; VA's (vpn[0] = 0x145) is the sixth. */
  const uint64_t first = must_map_napot(&vs, VA, napot);
  must_map(&g, GD, 2, LEAF(PD, GOK));
  mm_csrs csrs = {.vsatp = atp_make(SATP_MODE_SV39, 0, ROOT),
                  .hgatp = atp_make(SATP_MODE_SV39, 0, G_ROOT),
                  .menvcfg = ENV_ALL,
                  .henvcfg = ENV_ALL};
  mm_walk w = walk_once(&csrs, mem, VA, MM_LOAD, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  assert_eq_hex(w.pa, PD + 0x15678, "pa");
  unsigned writes = 0;
  for (unsigned i = 0; i < w.n_ops; i++) {
    if (w.ops[i].kind == MM_OP_CAS && w.ops[i].stage == MM_STAGE_VS) {
      writes++;
      assert_eq_hex(w.ops[i].pa, first + 5 * 8, "VS write");
    }
  }
  cr_assert_eq(writes, 1, "%u VS writes", writes);
  for (unsigned i = 0; i < 16; i++)
    assert_eq_hex(mm_mem_read64(mem, first + 8 * i), i == 5 ? napot | PTE_A : napot, "napot PTE %u at PA %#" PRIx64, i,
                  first + 8 * i);
  mm_mem_free(mem);
}

/* Address checks come before any memory access. */
Test(walk_ops, non_canonical_va_reads_nothing) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000008, 0x200000cf); /* a 1 GiB leaf at root[1], just to have something */
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .vsatp = 0x8000000000080000ull, .menvcfg = ENV_ALL};
  mm_walk w = walk_once(&csrs, mem, 0x4000000000ull, MM_LOAD, MM_PRIV_S, false);
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_LOAD_PAGE_FAULT);
  cr_assert_eq(w.n_ops, 0, "%u accesses", w.n_ops);
  w = walk_once(&csrs, mem, 0xfffffe0000000000ull, MM_STORE, MM_PRIV_U, true); /* VS Sv39, G Bare */
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_STORE_PAGE_FAULT);
  cr_assert_eq(w.n_ops, 0, "%u accesses", w.n_ops);
  mm_mem_free(mem);
}

/* VS tables at GPAs the G-stage cannot translate: the guest-page fault
 * reports the GPA of the implicit access (the PTE), before any access. */
Test(walk_ops, vs_root_beyond_gpa_width) {
  static const struct {
    unsigned mode;
    uint64_t root;
  } cases[] = {{SATP_MODE_SV39, 1ull << 41}, {SATP_MODE_SV48, 1ull << 50}};
  for (unsigned i = 0; i < 2; i++) {
    mm_mem *mem = mm_mem_new();
    mm_csrs csrs = {.vsatp = atp_make(cases[i].mode, 0, cases[i].root),
                    .hgatp = atp_make(cases[i].mode, 0, G_ROOT),
                    .menvcfg = ENV_ALL,
                    .henvcfg = ENV_ALL};
    mm_walk w = walk_once(&csrs, mem, 0x1000, MM_STORE, MM_PRIV_S, true);
    cr_assert(!w.ok, "mode %u: translated", cases[i].mode);
    cr_assert_eq(w.cause, CAUSE_STORE_GUEST_PAGE_FAULT, "mode %u: cause %u", cases[i].mode, w.cause);
    assert_eq_hex(w.gpa, cases[i].root, "mode %u: gpa", cases[i].mode);
    cr_assert_eq(w.n_ops, 0, "mode %u: %u accesses", cases[i].mode, w.n_ops);
    mm_mem_free(mem);
  }
}

/* A VS pointer to a table beyond 2^41: the VS PTE is read, then the next
 * implicit access faults at that table's PTE GPA. */
Test(walk_ops, vs_pointer_beyond_gpa_width) {
  mm_mem *mem = mm_mem_new();
  pt_builder g, vs;
  pt_init(&g, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
  must_attach_g(&vs, &g, VS_PA_OFFSET, VRW | PTE_U | AD);
  mm_mem_write64(mem, ROOT + VS_PA_OFFSET, LEAF(1ull << 41, PTE_V)); /* root[0] -> GPA 2^41 */
  mm_csrs csrs = {.vsatp = atp_make(SATP_MODE_SV39, 0, ROOT),
                  .hgatp = atp_make(SATP_MODE_SV39, 0, G_ROOT),
                  .menvcfg = ENV_ALL,
                  .henvcfg = ENV_ALL};
  mm_walk w = walk_once(&csrs, mem, VA, MM_LOAD, MM_PRIV_U, true);
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_LOAD_GUEST_PAGE_FAULT, "cause %u", w.cause);
  assert_eq_hex(w.gpa, (1ull << 41) + 0x91 * 8, "gpa");
  cr_assert(w.n_ops > 0 && w.ops[w.n_ops - 1].stage == MM_STAGE_VS && w.ops[w.n_ops - 1].level == 2,
            "the last access should be the VS root PTE");
  mm_mem_free(mem);
}

/* The largest walk: Sv48 over Sv48x4, a store with every A and D clear.
 * 4 VS levels x (4 G reads + 1 G A write + 1 VS read) + the VS leaf's page D
 * and the VS leaf + 4 G reads and 1 write for the final GPA = 31. */
Test(walk_ops, largest_walk_fits) {
  mm_mem *mem = mm_mem_new();
  pt_builder g, vs;
  pt_init(&g, mem, G_ROOT, 4, 2, G_ROOT + 0x4000);
  pt_init(&vs, mem, ROOT, 4, 0, ROOT + 0x1000);
  must_attach_g(&vs, &g, VS_PA_OFFSET, VRW | PTE_U);
  must_map(&vs, VA, 0, LEAF(GD + 0x7000, VRW));
  must_map(&g, GD + 0x7000, 0, LEAF(GP, VRW | PTE_U));
  mm_csrs csrs = {.vsatp = atp_make(SATP_MODE_SV48, 0, ROOT),
                  .hgatp = atp_make(SATP_MODE_SV48, 0, G_ROOT),
                  .menvcfg = ENV_ALL,
                  .henvcfg = ENV_ALL};
  mm_walk w = walk_once(&csrs, mem, VA, MM_STORE, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  assert_eq_hex(w.pa, GP + 0x678, "pa");
  cr_assert_eq(w.n_ops, 31, "%u accesses", w.n_ops);
  cr_assert_leq(w.n_ops, MM_WALK_MAX_OPS);
  unsigned writes = 0;
  for (unsigned i = 0; i < w.n_ops; i++)
    writes += w.ops[i].kind == MM_OP_CAS;
  cr_assert_eq(writes, 7, "%u writes", writes);
  mm_mem_free(mem);
}

/* The G bit: on the leaf or on a pointer above it makes the translation
 * global; G-stage G bits are ignored (hypervisor.adoc: "must be ignored by hardware"). */
Test(walk_ops, global_bit) {
  static const struct {
    uint64_t pointer_bits, leaf_bits, gleaf_bits;
    bool global;
  } cases[] = {
      {0, 0, 0, false},
      {0, PTE_G, 0, true},
      {PTE_G, 0, 0, true},
      {0, 0, PTE_G, false},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mm_mem *mem = mm_mem_new();
    pt_builder g, vs;
    pt_init(&g, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
    pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
    must_attach_g(&vs, &g, VS_PA_OFFSET, VRW | PTE_U | AD);
    must_map(&vs, VA, 0, LEAF(GD + 0x7000, VRW | AD | cases[i].leaf_bits));
    uint64_t ptr = must_slot(&vs, VA, 1);
    mm_mem_write64(mem, ptr, mm_mem_read64(mem, ptr) | cases[i].pointer_bits);
    must_map(&g, GD, 2, LEAF(PD, GOK | cases[i].gleaf_bits));
    mm_csrs csrs = {.vsatp = atp_make(SATP_MODE_SV39, 0, ROOT),
                    .hgatp = atp_make(SATP_MODE_SV39, 0, G_ROOT),
                    .menvcfg = ENV_ALL,
                    .henvcfg = ENV_ALL};
    mm_walk w = walk_once(&csrs, mem, VA, MM_LOAD, MM_PRIV_S, true);
    cr_assert(w.ok, "case %u: cause %u", i, w.cause);
    cr_assert_eq(w.global, cases[i].global, "case %u: global %d", i, w.global);
    mm_mem_free(mem);
  }
}

/* For V=0 only mstatus counts: vsstatus's SUM and MXR and henvcfg change
 * nothing (the VS CSRs do not affect the machine when V=0). */
Test(walk_ops, vs_csrs_ignored_when_v0) {
  static const struct {
    uint64_t leaf_bits;
    mm_access type;
    uint64_t vsstatus, henvcfg;
    uint8_t cause;
  } cases[] = {
      {VX | AD, MM_LOAD, MSTATUS_MXR, 0, CAUSE_LOAD_PAGE_FAULT},
      {VRW | AD | PTE_U, MM_STORE, MSTATUS_SUM, 0, CAUSE_STORE_PAGE_FAULT},
      {VRW | AD | PB(1), MM_LOAD, 0, ENV_ALL, CAUSE_LOAD_PAGE_FAULT},
      {VRW, MM_LOAD, 0, ENV_ALL, CAUSE_LOAD_PAGE_FAULT},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mm_mem *mem = mm_mem_new();
    pt_builder s;
    pt_init(&s, mem, ROOT, 3, 0, ROOT + 0x1000);
    must_map(&s, VA, 0, LEAF(GD + 0x7000, cases[i].leaf_bits));
    mm_csrs csrs = {
        .satp = atp_make(SATP_MODE_SV39, 0, ROOT), .vsstatus = cases[i].vsstatus, .henvcfg = cases[i].henvcfg};
    mm_walk w = walk_once(&csrs, mem, VA, cases[i].type, MM_PRIV_S, false);
    cr_assert(!w.ok, "case %u: translated to %#" PRIx64, i, w.pa);
    cr_assert_eq(w.cause, cases[i].cause, "case %u: cause %u", i, w.cause);
    mm_mem_free(mem);
  }
}

/* ------------------------------------------------------------------------
 * The A/D update is an atomic compare-and-swap: when the PTE changed between
 * the walk's read and its update (another agent stored to it), nothing is
 * written and the translation starts again from the root.
 */

/* Same tables as sv39_store_sets_a_and_d. */
static mm_mem *sv39_tables_for_cas(void) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000000, 0x20000401); /* -> 0x80001000, V */
  mm_mem_write64(mem, 0x80001010, 0x20000801); /* -> 0x80002000, V */
  mm_mem_write64(mem, 0x80002008, 0x24000007); /* 0x90000000, V R W */
  return mem;
}

Test(walk_ops, update_compares_what_it_read) {
  mm_mem *mem = sv39_tables_for_cas();
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  cr_assert_eq(w.n_ops, 4);
  assert_eq_hex(w.ops[3].cmp, 0x24000007, "the update's compare value");
  assert_eq_hex(w.ops[3].old, 0x24000007, "what memory held");
  assert_eq_hex(mm_mem_read64(mem, 0x80002008), 0x24000047, "leaf after the load (A set)");
  mm_mem_free(mem);
}

/* The leaf becomes V R A (another agent) right after the walk reads it: the
 * update fails, the walk restarts and finds A set: a load succeeds with no
 * write, and memory keeps the other agent's value. */
Test(walk_ops, changed_pte_restarts_the_walk) {
  mm_mem *mem = sv39_tables_for_cas();
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_mem_arm_poke(mem, 0x80002008, 0x24000043);
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  assert_eq_hex(w.pa, 0x90000008, "pa");
  static const op_want want[] = {
      RD(S, 2, 0x80000000, 0x20000401), RD(S, 1, 0x80001010, 0x20000801), RD(S, 0, 0x80002008, 0x24000007),
      WR(S, 0, 0x80002008, 0x24000047), RD(S, 2, 0x80000000, 0x20000401), RD(S, 1, 0x80001010, 0x20000801),
      RD(S, 0, 0x80002008, 0x24000043),
  };
  check_ops(&w, want, 7);
  assert_eq_hex(w.ops[3].cmp, 0x24000007, "failed update's compare value");
  assert_eq_hex(w.ops[3].old, 0x24000043, "failed update found");
  assert_eq_hex(mm_mem_read64(mem, 0x80002008), 0x24000043, "leaf keeps the other agent's value");
  cr_assert(!mm_mem_poke_armed(mem));
  mm_mem_free(mem);
}

/* The same change seen by a store: the retried walk finds a read-only page. */
Test(walk_ops, changed_pte_is_checked_again) {
  mm_mem *mem = sv39_tables_for_cas();
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_mem_arm_poke(mem, 0x80002008, 0x24000043);
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, false);
  cr_assert(!w.ok, "translated to %#" PRIx64, w.pa);
  cr_assert_eq(w.cause, CAUSE_STORE_PAGE_FAULT);
  cr_assert_eq(w.n_ops, 7);
  assert_eq_hex(mm_mem_read64(mem, 0x80002008), 0x24000043, "leaf");
  mm_mem_free(mem);
}

/* ---- the named choices (model/walk.h MM_CHOICE_*) -------------------- */

static const mm_csrs two_stage_no_adue = {.vsatp = 0x8000000000080000ull, .hgatp = 0x8000000000100000ull};

/* two_stage_tables() with A set in the G-stage leaves of the VS tables' pages
 * (hardware A/D updating off). */
static mm_mem *two_stage_tables_accessed(uint64_t vs_leaf, uint64_t g_data_leaf) {
  mm_mem *mem = two_stage_tables(vs_leaf, g_data_leaf);
  for (unsigned i = 0; i < 3; i++)
    mm_mem_write64(mem, 0x100005000 + 8 * i, mm_mem_read64(mem, 0x100005000 + 8 * i) | PTE_A);
  return mem;
}

/* The VS leaf (U set) denies an S-mode load with SUM clear, the G-stage's
 * data leaf (X only) denies it too: by default the VS-stage page fault, with
 * no read of the final address's G-stage; with MM_CHOICE_G_BEFORE_PRIV those
 * reads come first and the guest-page fault wins. */
Test(walk_ops, choice_g_before_priv_orders_the_final_g_stage_first) {
  mm_mem *mem = two_stage_tables_accessed(0x240000d7, 0xc00000d9);
  mm_csrs csrs = two_stage_no_adue;
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, true);
  cr_assert(!w.ok && w.cause == CAUSE_LOAD_PAGE_FAULT, "default: cause %u, want the VS-stage page fault", w.cause);
  cr_assert_eq(w.n_ops, 12u, "default: %u reads, want the 12 of the VS-stage walk", w.n_ops);
  csrs.choices = MM_CHOICE_G_BEFORE_PRIV;
  w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, true);
  cr_assert(!w.ok && w.cause == CAUSE_LOAD_GUEST_PAGE_FAULT, "choice: cause %u, want the guest-page fault", w.cause);
  assert_eq_hex(w.gpa, 0x90000008, "choice: the guest-page fault's GPA");
  cr_assert_eq(w.n_ops, 14u, "choice: %u reads, want 12 and the final address's two", w.n_ops);
  /* R/W/X and A/D of the VS leaf still come first: a store to it (no W) faults there, with no G read */
  mm_mem_write64(mem, 0x280002008, 0x240000d3); /* V R U A D */
  w = walk_once(&csrs, mem, 0x401008, MM_STORE, MM_PRIV_U, true);
  cr_assert(!w.ok && w.cause == CAUSE_STORE_PAGE_FAULT && w.n_ops == 12u,
            "choice, a store to a read-only page: cause %u, %u reads", w.cause, w.n_ops);
  mm_mem_free(mem);
}

/* The VS root's page is execute-only at the G-stage and mstatus.MXR is set:
 * by default the implicit read of the VS root still needs R (a guest-page
 * fault); with MM_CHOICE_MXR_IMPLICIT MXR lets it through. */
Test(walk_ops, choice_mxr_implicit_reads_vs_tables_from_execute_only_pages) {
  mm_mem *mem = two_stage_tables_accessed(0x240000d7, 0xc00000df);
  mm_mem_write64(mem, 0x100005000, 0xa00000d9); /* GPA 0x80000000 (VS root) -> 0x280000000, V X U A D */
  mm_csrs csrs = two_stage_no_adue;
  csrs.mstatus = MSTATUS_MXR;
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_U, true);
  cr_assert(!w.ok && w.cause == CAUSE_LOAD_GUEST_PAGE_FAULT, "default: cause %u, want a guest-page fault", w.cause);
  assert_eq_hex(w.gpa, 0x80000000, "default: the implicit read's GPA");
  csrs.choices = MM_CHOICE_MXR_IMPLICIT;
  w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_U, true);
  cr_assert(w.ok, "choice: cause %u gpa %#" PRIx64 ", want a translation", w.cause, w.gpa);
  assert_eq_hex(w.pa, 0x300000008, "choice: pa");
  mm_mem_free(mem);
}
