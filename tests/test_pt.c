/*
 * The page-table builder (sw/lib/pt.h): the index of an address at each level
 * (the G-stage root's two extra bits), where new tables go, the PTE
 * addresses it hands back, Svnapot's 16 PTEs, finding without creating, a
 * leaf in the way, an allocator that runs dry, the caller's memory callbacks
 * and a VS-stage over a G-stage. Every address is worked out by hand.
 *
 * With VA 0x12345678: vpn[2] = 0, vpn[1] = 0x91, vpn[0] = 0x145.
 */
#include <criterion/criterion.h>
#include <inttypes.h>

#include "sw/lib/pt.h"

#define ROOT   0x80000000ull
#define G_ROOT 0x200000000ull
#define OFFSET 0x100000000ull /* VS table at GPA a: PA a + OFFSET */
#define VA     0x12345678ull
#define VRW    (PTE_V | PTE_R | PTE_W)

#define assert_hex(got, want, what)                                                                                    \
  cr_assert_eq((uint64_t)(got), (uint64_t)(want), what ": %#" PRIx64 ", want %#" PRIx64, (uint64_t)(got),              \
               (uint64_t)(want))

static mm_mem *mem;

static void setup(void) { mem = mm_mem_new(); }
static void teardown(void) { mm_mem_free(mem); }

TestSuite(pt, .init = setup, .fini = teardown);

Test(pt, index_widens_only_the_g_stage_root) {
  pt_builder sv39, sv39x4, sv48x4;
  pt_init(&sv39, mem, ROOT, 3, 0, ROOT + 0x1000);
  pt_init(&sv39x4, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  pt_init(&sv48x4, mem, G_ROOT, 4, 2, G_ROOT + 0x4000);
  const uint64_t ones = ~0ull;
  assert_hex(pt_index(&sv39, ones, 2), 0x1ff, "Sv39 root index");
  assert_hex(pt_index(&sv39x4, ones, 2), 0x7ff, "Sv39x4 root index: GPA bits 40:30");
  assert_hex(pt_index(&sv39x4, ones, 1), 0x1ff, "Sv39x4 level 1 index");
  assert_hex(pt_index(&sv48x4, ones, 3), 0x7ff, "Sv48x4 root index: GPA bits 49:39");
  assert_hex(pt_index(&sv48x4, ones, 2), 0x1ff, "Sv48x4 level 2 index");
  assert_hex(pt_index(&sv39, VA, 1), 0x91, "vpn[1]");
  assert_hex(pt_index(&sv39, VA, 0), 0x145, "vpn[0]");
}

/* New tables are taken in the order the mapping needs them; pointers hold V only. */
Test(pt, tables_in_order_and_pte_addresses) {
  pt_builder b;
  pt_init(&b, mem, ROOT, 3, 0, ROOT + 0x1000);
  uint64_t slot = 0;
  cr_assert_eq(pt_map(&b, VA, 0, pt_pte(0x90000000, VRW), &slot), PT_OK);
  assert_hex(slot, ROOT + 0x2000 + 0x145 * 8, "leaf PTE");
  assert_hex(mm_mem_read64(mem, ROOT), pt_pte(ROOT + 0x1000, PTE_V), "root[0]");
  assert_hex(mm_mem_read64(mem, ROOT + 0x1000 + 0x91 * 8), pt_pte(ROOT + 0x2000, PTE_V), "level-1 pointer");
  assert_hex(mm_mem_read64(mem, slot), pt_pte(0x90000000, VRW), "leaf");
  assert_hex(b.next_table, ROOT + 0x3000, "next table");
  /* Superpages: 2 MiB at level 1, 1 GiB at level 2. */
  cr_assert_eq(pt_map(&b, 0x40200000, 1, pt_pte(0xc0200000, VRW), &slot), PT_OK);
  assert_hex(slot, ROOT + 0x3000 + 1 * 8, "2 MiB leaf: root[1] -> new table, index 1");
  cr_assert_eq(pt_map(&b, 0x80000000, 2, pt_pte(0x80000000, VRW), &slot), PT_OK);
  assert_hex(slot, ROOT + 2 * 8, "1 GiB leaf: root[2]");
  /* A 512 GiB page in Sv48: root index 2 of VA 2^40. */
  pt_builder b48;
  pt_init(&b48, mem, 0x90000000, 4, 0, 0x90001000);
  cr_assert_eq(pt_map(&b48, 1ull << 40, 3, pt_pte(1ull << 40, VRW), &slot), PT_OK);
  assert_hex(slot, 0x90000000 + 2 * 8, "512 GiB leaf");
}

/* The x4 root is 16 KiB: GPA 2^40 has root index 0x400, at root + 0x2000. */
Test(pt, g_stage_root_is_16k) {
  pt_builder g;
  pt_init(&g, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  uint64_t slot = 0;
  cr_assert_eq(pt_map(&g, 1ull << 40, 0, pt_pte(0x300000000ull, VRW | PTE_U), &slot), PT_OK);
  assert_hex(mm_mem_read64(mem, G_ROOT + 0x400 * 8), pt_pte(G_ROOT + 0x4000, PTE_V), "root[0x400]");
  assert_hex(slot, G_ROOT + 0x5000, "leaf");
}

/* The caller's memory: every read and write goes through it, each write says what it is. */
typedef struct recorder {
  mm_mem *mem;
  unsigned reads, writes;
  uint64_t pa[32];
  pt_write_kind kind[32];
} recorder;

static uint64_t rec_read(void *ctx, uint64_t pa) {
  recorder *r = ctx;
  r->reads++;
  return mm_mem_read64(r->mem, pa);
}
static void rec_write(void *ctx, uint64_t pa, uint64_t pte, pt_write_kind kind) {
  recorder *r = ctx;
  cr_assert_lt(r->writes, 32);
  r->pa[r->writes] = pa;
  r->kind[r->writes++] = kind;
  mm_mem_write64(r->mem, pa, pte);
}
static const pt_ops rec_ops = {rec_read, rec_write};

Test(pt, napot_writes_16_ptes_through_the_callers_ops) {
  recorder rec = {.mem = mem};
  pt_builder b = {.root = ROOT, .levels = 3, .ops = &rec_ops, .ops_ctx = &rec, .next_table = ROOT + 0x1000};
  const uint64_t napot = pt_pte(0x90000000 | (NAPOT_64K_PPN << PAGE_SHIFT), VRW | PTE_N);
  uint64_t first = 0;
  cr_assert_eq(pt_map_napot(&b, VA, napot, &first), PT_OK);
  assert_hex(first, ROOT + 0x2000 + 0x140 * 8, "first of the 16 PTEs");
  cr_assert_eq(rec.writes, 2 + 16, "%u writes", rec.writes);
  cr_assert_eq(rec.reads, 2, "%u reads", rec.reads);
  assert_hex(rec.pa[0], ROOT, "first pointer");
  assert_hex(rec.pa[1], ROOT + 0x1000 + 0x91 * 8, "second pointer");
  cr_assert(rec.kind[0] == PT_WRITE_POINTER && rec.kind[1] == PT_WRITE_POINTER);
  for (unsigned k = 0; k < 16; k++) {
    assert_hex(rec.pa[2 + k], first + 8 * k, "NAPOT PTE");
    cr_assert_eq(rec.kind[2 + k], PT_WRITE_NAPOT, "write %u", 2 + k);
    assert_hex(mm_mem_read64(mem, first + 8 * k), napot, "NAPOT PTE value");
  }
  cr_assert_eq(pt_map(&b, VA, 0, napot, NULL), PT_OK);
  cr_assert_eq(rec.kind[rec.writes - 1], PT_WRITE_LEAF);
}

Test(pt, find_creates_nothing) {
  pt_builder b;
  pt_init(&b, mem, ROOT, 3, 0, ROOT + 0x1000);
  uint64_t slot = 0;
  cr_assert_eq(pt_find(&b, VA, 0, &slot), PT_INVALID_ABOVE);
  cr_assert_eq(pt_find(&b, VA, 2, &slot), PT_OK, "the root's slot is always there");
  assert_hex(slot, ROOT, "root slot");
  cr_assert_eq(mm_mem_blocks(mem), 0, "nothing written");
  assert_hex(b.next_table, ROOT + 0x1000, "no table taken");
  uint64_t leaf = 0;
  cr_assert_eq(pt_map(&b, VA, 0, pt_pte(0x90000000, VRW), &leaf), PT_OK);
  cr_assert_eq(pt_find(&b, VA, 0, &slot), PT_OK);
  assert_hex(slot, leaf, "found leaf slot");
  cr_assert_eq(pt_find(&b, VA, 1, &slot), PT_OK);
  assert_hex(slot, ROOT + 0x1000 + 0x91 * 8, "found pointer slot");
}

Test(pt, a_leaf_above_blocks) {
  pt_builder b;
  pt_init(&b, mem, ROOT, 3, 0, ROOT + 0x1000);
  cr_assert_eq(pt_map(&b, 0x40200000, 1, pt_pte(0xc0200000, VRW), NULL), PT_OK);
  const uint64_t next = b.next_table;
  uint64_t slot = 0;
  cr_assert_eq(pt_map(&b, 0x40201000, 0, pt_pte(0x90000000, VRW), &slot), PT_LEAF_ABOVE);
  cr_assert_eq(pt_map_napot(&b, 0x40201000, pt_pte(0x90000000, VRW), &slot), PT_LEAF_ABOVE);
  cr_assert_eq(pt_find(&b, 0x40201000, 0, &slot), PT_LEAF_ABOVE);
  assert_hex(b.next_table, next, "no table taken");
  assert_hex(mm_mem_read64(mem, ROOT + 0x1000 + 8), pt_pte(0xc0200000, VRW), "the 2 MiB leaf stays");
}

/* A pointer with reserved bits: pt_find follows it, pt_slot replaces it. */
Test(pt, reserved_pointer_followed_by_find_replaced_by_slot) {
  pt_builder b;
  pt_init(&b, mem, ROOT, 3, 0, ROOT + 0x1000);
  uint64_t leaf = 0, slot = 0;
  cr_assert_eq(pt_map(&b, VA, 0, pt_pte(0x90000000, VRW), &leaf), PT_OK);
  mm_mem_write64(mem, ROOT, mm_mem_read64(mem, ROOT) | (1ull << 55));
  cr_assert_eq(pt_find(&b, VA, 0, &slot), PT_OK);
  assert_hex(slot, leaf, "found through the damaged pointer");
  cr_assert_eq(pt_slot(&b, VA, 0, &slot), PT_OK);
  assert_hex(mm_mem_read64(mem, ROOT), pt_pte(ROOT + 0x3000, PTE_V), "root[0] replaced");
  assert_hex(slot, ROOT + 0x4000 + 0x145 * 8, "slot in the new tables");
}

/* The caller's allocator: one table, then none. */
static bool one_table(void *ctx, uint64_t *table) {
  uint64_t *left = ctx;
  if (!*left) return false;
  *table = *left;
  *left = 0;
  return true;
}

Test(pt, allocator_runs_dry) {
  uint64_t pool = 0x90000000;
  pt_builder b = {.root = ROOT, .levels = 3, .mem = mem, .alloc = one_table, .alloc_ctx = &pool};
  uint64_t slot = 0;
  cr_assert_eq(pt_slot(&b, VA, 0, &slot), PT_NO_TABLE);
  assert_hex(mm_mem_read64(mem, ROOT), pt_pte(0x90000000, PTE_V), "the table it did get is in place");
  cr_assert_eq(pt_slot(&b, VA, 1, &slot), PT_OK);
  assert_hex(slot, 0x90000000 + 0x91 * 8, "level-1 slot");
}

/* VS-stage over Sv39x4: the VS root page and each new VS table page get a G-stage 4 KiB leaf. */
Test(pt, vs_stage_tables_are_mapped_in_the_g_stage) {
  pt_builder g, vs;
  const uint64_t gflags = VRW | PTE_U | PTE_A | PTE_D;
  pt_init(&g, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
  cr_assert_eq(pt_attach_g(&vs, &g, OFFSET, gflags), PT_OK);
  /* GPA ROOT: G root index 2, then level-1 index 0, level-0 index 0. */
  assert_hex(mm_mem_read64(mem, G_ROOT + 2 * 8), pt_pte(G_ROOT + 0x4000, PTE_V), "G root[2]");
  assert_hex(mm_mem_read64(mem, G_ROOT + 0x5000), pt_pte(ROOT + OFFSET, gflags), "G leaf of the VS root");
  uint64_t slot = 0;
  cr_assert_eq(pt_map(&vs, VA, 0, pt_pte(0x90000000, VRW), &slot), PT_OK);
  assert_hex(slot, ROOT + 0x2000 + 0x145 * 8 + OFFSET, "VS leaf PTE's PA");
  assert_hex(mm_mem_read64(mem, ROOT + OFFSET), pt_pte(ROOT + 0x1000, PTE_V), "VS root[0] holds a GPA");
  assert_hex(mm_mem_read64(mem, G_ROOT + 0x5008), pt_pte(ROOT + 0x1000 + OFFSET, gflags), "G leaf of VS table 1");
  assert_hex(mm_mem_read64(mem, G_ROOT + 0x5010), pt_pte(ROOT + 0x2000 + OFFSET, gflags), "G leaf of VS table 2");
  assert_hex(g.next_table, G_ROOT + 0x6000, "G tables taken");
}

Test(pt, status_names) {
  cr_assert_str_eq(pt_status_name(PT_OK), "ok");
  cr_assert_str_eq(pt_status_name(PT_NO_TABLE), "no table left");
}
