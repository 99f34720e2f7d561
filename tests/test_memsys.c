/*
 * The model's data path (model/memsys.h, cache.h, wcb.h, bus.h, devices/):
 * directed requests through a hart, each checked against the specification
 * of DESIGN.md ("The data path"): what reaches the bus, in which order, with
 * which mask and at which cycle, what the cache holds, what loads return,
 * what the devices saw.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>

#include "devices/framebuf.h"
#include "devices/regblock.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "model/pma.h"
#include "testutil.h"

#define L 5 /* bus latency */

static mm_mem *mem;
static mm_bus bus;
static regblock regs;
static framebuf fb;
static mm_memsys ms;
static mm_port port;
static mm_hart hart;

static void setup(void) {
  mem = mm_mem_new();
  mm_bus_init(&bus, mem);
  regblock_init(&regs);
  framebuf_init(&fb);
  mm_device d = regblock_device(&regs, REGBLOCK_BASE);
  cr_assert(mm_bus_attach(&bus, &d));
  d = framebuf_device(&fb, FRAMEBUF_BASE);
  cr_assert(mm_bus_attach(&bus, &d));
  mm_memsys_params p = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = L};
  const char *why = NULL;
  cr_assert(mm_memsys_init(&ms, &p, &bus, &why), "memsys: %s", why);
  port = mm_port_of_memsys(&ms);
  mm_hart_params hp = MM_HART_PARAMS_DEFAULT;
  cr_assert(mm_hart_init(&hart, &hp, &why), "hart: %s", why);
}

static void teardown(void) {
  mm_hart_destroy(&hart);
  mm_memsys_destroy(&ms);
  mm_mem_free(mem);
}

TestSuite(memsys, .init = setup, .fini = teardown);

/* An M-mode request (no translation): pa = va. */
static mm_obs *request(mm_data_op op, uint64_t pa, unsigned size, uint64_t wdata) {
  static mm_obs o;
  static const mm_access type[] = {
      [MM_DATA_LOAD] = MM_LOAD,       [MM_DATA_STORE] = MM_STORE,     [MM_DATA_FETCH] = MM_FETCH,
      [MM_DATA_CBO_CLEAN] = MM_STORE, [MM_DATA_CBO_FLUSH] = MM_STORE, [MM_DATA_CBO_INVAL] = MM_STORE};
  mm_req req = {
      .va = pa, .type = type[op], .priv = MM_PRIV_M, .data_op = (uint8_t)op, .size = (uint8_t)size, .wdata = wdata};
  ms.sink = &o;
  mm_hart_access_port(&hart, &port, &req, &o);
  ms.sink = NULL;
  cr_assert(o.ok, "M-mode %u at %#" PRIx64 ": cause %u", op, pa, o.cause);
  return &o;
}

static mm_obs *fence(void) {
  static mm_obs o;
  mm_fence f = {.kind = MM_FENCE_DATA};
  ms.sink = &o;
  mm_hart_fence(&hart, &port, &f, &o);
  ms.sink = NULL;
  return &o;
}

/* T of an access that put n transactions on the bus. */
static unsigned t_of(unsigned n) { return 2 + n * (L + 2); }

Test(memsys, load_miss_fills_then_hits) {
  mm_mem_write64(mem, 0x80001008, 0x1122334455667788ull);
  mm_obs *o = request(MM_DATA_LOAD, 0x8000100c, 4, 0);
  assert_eq_hex(o->load_data, 0x11223344, "load at %#x", 0x8000100c);
  cr_assert(!o->cache_hit && o->mtype == MM_MT_MAIN);
  cr_assert_eq(o->n_bus, 1, "%u bus transactions", o->n_bus);
  cr_assert(!o->bus[0].write && o->bus[0].beats == 8, "a line read");
  assert_eq_hex(o->bus[0].addr, 0x80001000, "the line read");
  cr_assert_eq(o->bus[0].cycle, MM_T_HIT + 2, "the fill taken at +%u", o->bus[0].cycle);
  cr_assert_eq(o->cycles, MM_T_HIT + t_of(1) + 1, "%u cycles", o->cycles);
  o = request(MM_DATA_LOAD, 0x80001008, 8, 0);
  assert_eq_hex(o->load_data, 0x1122334455667788ull, "load at %#x", 0x80001008);
  cr_assert(o->cache_hit && o->n_bus == 0, "a hit, no bus");
  cr_assert_eq(o->cycles, MM_T_HIT + t_of(0) + 1);
}

Test(memsys, store_hits_and_dirty_line_is_written_back_once) {
  /* Five lines of one set (the set of 0x80000000: stride 32 KiB) in 4 ways. */
  for (unsigned i = 0; i < 4; i++)
    request(MM_DATA_STORE, 0x80000000 + i * 0x8000ull, 8, 0x100 + i);
  cr_assert_eq(ms.stats.bus_writes, 0, "nothing written back yet");
  mm_obs *o = request(MM_DATA_LOAD, 0x80000000 + 4 * 0x8000ull, 8, 0);
  cr_assert_eq(o->n_bus, 2, "write-back then fill: %u transactions", o->n_bus);
  cr_assert(o->bus[0].write && o->bus[0].beats == 8 && o->bus[0].mask == ~0ull, "a full line write first");
  assert_eq_hex(o->bus[0].addr, 0x80000000, "the victim (way 0, the PLRU's)");
  assert_eq_hex(o->bus[0].data[0], 0x100, "the victim's data");
  cr_assert(!o->bus[1].write && o->bus[1].cycle == o->bus[0].cycle + L + 2, "then the fill, L + 2 later");
  cr_assert_eq(o->cycles, MM_T_HIT + t_of(2) + 1);
  assert_eq_hex(mm_mem_read64(mem, 0x80000000), 0x100, "memory at %#x after the write-back", 0x80000000);
  /* The evicted line comes back clean: evicting it again writes nothing. */
  o = request(MM_DATA_LOAD, 0x80000000, 8, 0);
  assert_eq_hex(o->load_data, 0x100, "reload at %#x", 0x80000000);
  cr_assert_eq(ms.cache.stats.writebacks, 2, "two dirty victims so far, each written once");
}

Test(memsys, eight_nc_stores_to_one_line_become_one_burst) {
  uint64_t line = FRAMEBUF_BASE + 0x40;
  /* The frame buffer through an NC page (M-mode would take the PMA, IO): Sv39, VA 0x1000 -> it, PBMT NC. */
  pt_builder b;
  pt_init(&b, mem, 0x80100000, 3, 0, 0x80101000);
  must_map(&b, 0x1000, 0, pt_pte(FRAMEBUF_BASE, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | ((uint64_t)PBMT_NC << 61)));
  hart.csrs.satp = atp_make(SATP_MODE_SV39, 1, 0x80100000);
  hart.csrs.menvcfg = ENVCFG_ADUE | ENVCFG_PBMTE;
  mm_obs o;
  ms.sink = &o;
  for (unsigned i = 0; i < 8; i++) {
    mm_req st = {.va = 0x1040 + 8 * i,
                 .type = MM_STORE,
                 .priv = MM_PRIV_S,
                 .data_op = MM_DATA_STORE,
                 .size = 8,
                 .wdata = 0xa0 + i};
    mm_hart_access_port(&hart, &port, &st, &o);
    cr_assert(o.ok && o.mtype == MM_MT_NC, "store %u: ok %d cause %u, type %u", i, o.ok, o.cause, o.mtype);
    /* The first store's walk fills the tables' lines; no store reaches the bus but the eighth's drain. */
    unsigned writes = 0;
    for (unsigned k = 0; k < o.n_bus; k++)
      writes += o.bus[k].write;
    unsigned want = i == 7 ? 1 : 0;
    cr_assert_eq(writes, want, "store %u: %u bus writes, want %u", i, writes, want);
  }
  ms.sink = NULL;
  const mm_bus_txn *t = &o.bus[o.n_bus - 1];
  cr_assert(t->write && t->beats == 8 && t->mask == ~0ull, "one full line write");
  assert_eq_hex(t->addr, line, "the burst");
  cr_assert_eq(fb.bursts, 1, "the frame buffer saw %" PRIu64 " bursts", fb.bursts);
  cr_assert_eq(fb.writes, 0, "and no single writes");
  cr_assert_eq(fb.pixels[0x40], 0xa0);
  cr_assert_eq(fb.pixels[0x78], 0xa7);
}

Test(memsys, eight_io_stores_are_eight_transactions_in_order) {
  for (unsigned i = 0; i < 8; i++) {
    mm_obs *o = request(MM_DATA_STORE, REGBLOCK_BASE + 0x20, 8, 0x50 + i); /* the doorbell, IO by PMA */
    cr_assert(o->mtype == MM_MT_IO && o->n_bus == 1 && o->bus[0].write && o->bus[0].beats == 1 && o->bus[0].size == 8,
              "store %u: one 8-byte write", i);
    cr_assert_eq(o->cycles, MM_T_HIT + t_of(1) + 1);
  }
  cr_assert_eq(regs.n_log, 8, "the doorbell saw %u writes", regs.n_log);
  for (unsigned i = 0; i < 8; i++)
    assert_eq_hex(regs.log[i].value, 0x50 + i, "doorbell write %u", i);
}

Test(memsys, fence_drains_the_buffer) {
  ms.wcb = (mm_wcb){0};
  mm_wcb_merge(&ms.wcb, 0x90000010, 0xabcd, 0x3);
  mm_obs *o = fence();
  cr_assert_eq(o->n_bus, 1, "the FENCE's drain");
  cr_assert(o->bus[0].write && o->bus[0].mask == 0x30000, "the bytes merged: mask %#" PRIx64, o->bus[0].mask);
  cr_assert_eq(o->cycles, MM_T_FENCE + t_of(1) + 1);
  cr_assert(!ms.wcb.valid);
  o = fence();
  cr_assert_eq(o->n_bus, 0, "an empty buffer: nothing to drain");
  cr_assert_eq(o->cycles, MM_T_FENCE + t_of(0) + 1);
  assert_eq_hex(mm_mem_read64(mem, 0x90000010), 0xabcd, "memory at %#x", 0x90000010);
}

Test(memsys, fifo_read_pops_exactly_once) {
  request(MM_DATA_STORE, REGBLOCK_BASE + 0x10, 8, 111);
  request(MM_DATA_STORE, REGBLOCK_BASE + 0x10, 8, 222);
  mm_obs *o = request(MM_DATA_LOAD, REGBLOCK_BASE + 0x10, 8, 0);
  cr_assert_eq(o->load_data, 111);
  cr_assert_eq(o->n_bus, 1, "one read on the bus");
  cr_assert_eq(regs.pops, 1);
  cr_assert_eq(regs.count, 1);
  o = request(MM_DATA_LOAD, REGBLOCK_BASE + 0x18, 4, 0);
  cr_assert_eq(o->load_data, 1, "COUNT");
}

Test(memsys, pte_store_is_seen_by_the_next_walk) {
  pt_builder b;
  pt_init(&b, mem, 0x80200000, 3, 0, 0x80201000);
  uint64_t slot = must_map(&b, 0x5000, 0, pt_pte(0x90000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  hart.csrs.satp = atp_make(SATP_MODE_SV39, 1, 0x80200000);
  hart.csrs.menvcfg = ENVCFG_ADUE | ENVCFG_PBMTE;
  mm_obs o;
  mm_req ld = {.va = 0x5008, .type = MM_LOAD, .priv = MM_PRIV_S, .data_op = MM_DATA_LOAD, .size = 8};
  mm_hart_access_port(&hart, &port, &ld, &o);
  assert_eq_hex(o.pa, 0x90000008, "pa before");
  /* Software remaps the page with an M-mode store (through the cache, which holds the PTE's line now)... */
  request(MM_DATA_STORE, slot, 8, pt_pte(0x90400000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  assert_eq_hex(mm_mem_read64(mem, slot), pt_pte(0x90000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D),
                "memory still holds the old PTE at %#" PRIx64, slot);
  /* ...and shoots the old translation down: the next walk reads the new PTE from the cache. */
  mm_fence f = {.kind = MM_FENCE_SFENCE_VMA};
  mm_hart_fence(&hart, &port, &f, &o);
  mm_hart_access_port(&hart, &port, &ld, &o);
  assert_eq_hex(o.pa, 0x90400008, "pa after the remap");
  cr_assert(o.ops[2].hit, "the leaf's read hit the cache");
}

Test(memsys, cbo_clean_flush_inval) {
  request(MM_DATA_STORE, 0x80003000, 8, 0x77);
  mm_obs *o = request(MM_DATA_CBO_CLEAN, 0x80003010, 0, 0);
  cr_assert(o->cache_hit && o->n_bus == 1 && o->bus[0].write, "CLEAN writes the dirty line back");
  cr_assert_eq(o->cycles, MM_T_HIT + t_of(1) + 1);
  cr_assert(mm_cache_holds(&ms.cache, 0x80003000), "and keeps it");
  o = request(MM_DATA_CBO_CLEAN, 0x80003000, 0, 0);
  cr_assert_eq(o->n_bus, 0, "a clean line: nothing to write");
  request(MM_DATA_STORE, 0x80003000, 8, 0x88);
  o = request(MM_DATA_CBO_INVAL, 0x80003000, 0, 0);
  cr_assert_eq(o->n_bus, 0, "INVAL writes nothing back");
  cr_assert(!mm_cache_holds(&ms.cache, 0x80003000), "and drops the line");
  o = request(MM_DATA_LOAD, 0x80003000, 8, 0);
  assert_eq_hex(o->load_data, 0x77, "the dirty 0x88 was discarded: load at %#x", 0x80003000);
  request(MM_DATA_STORE, 0x80003000, 8, 0x99);
  o = request(MM_DATA_CBO_FLUSH, 0x80003000, 0, 0);
  cr_assert(o->n_bus == 1 && o->bus[0].write, "FLUSH writes the dirty line back");
  cr_assert(!mm_cache_holds(&ms.cache, 0x80003000), "and drops it");
  assert_eq_hex(mm_mem_read64(mem, 0x80003000), 0x99, "memory at %#x", 0x80003000);
}

Test(memsys, misaligned_faults_before_translation) {
  mm_obs o;
  mm_req req = {.va = 0x80000002, .type = MM_LOAD, .priv = MM_PRIV_M, .data_op = MM_DATA_LOAD, .size = 4};
  mm_hart_access_port(&hart, &port, &req, &o);
  cr_assert(!o.ok && o.cause == CAUSE_LOAD_MISALIGNED && o.cycles == MM_T_HIT && o.n_ops == 0, "load: cause %u",
            o.cause);
  req.type = MM_STORE, req.data_op = MM_DATA_STORE;
  mm_hart_access_port(&hart, &port, &req, &o);
  cr_assert(!o.ok && o.cause == CAUSE_STORE_MISALIGNED, "store: cause %u", o.cause);
  req.type = MM_FETCH, req.data_op = MM_DATA_FETCH, req.size = 2, req.va = 0x80000001;
  mm_hart_access_port(&hart, &port, &req, &o);
  cr_assert(!o.ok && o.cause == CAUSE_FETCH_MISALIGNED, "fetch: cause %u", o.cause);
}

Test(memsys, nc_access_to_a_cached_line_is_an_alias) {
  request(MM_DATA_LOAD, 0x80004000, 8, 0);
  cr_assert_eq(ms.stats.alias_errors, 0);
  pt_builder b;
  pt_init(&b, mem, 0x80300000, 3, 0, 0x80301000);
  must_map(&b, 0x2000, 0, pt_pte(0x80004000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | ((uint64_t)PBMT_NC << 61)));
  hart.csrs.satp = atp_make(SATP_MODE_SV39, 1, 0x80300000);
  hart.csrs.menvcfg = ENVCFG_ADUE | ENVCFG_PBMTE;
  mm_obs o;
  mm_req ld = {.va = 0x2000, .type = MM_LOAD, .priv = MM_PRIV_S, .data_op = MM_DATA_LOAD, .size = 8};
  mm_hart_access_port(&hart, &port, &ld, &o);
  cr_assert(o.ok && o.mtype == MM_MT_NC, "ok %d type %u", o.ok, o.mtype);
  cr_assert_eq(ms.stats.alias_errors, 1, "the NC load of a cached line is counted");
}

Test(memsys, colors_and_set_index) {
  cr_assert_eq(ms.cache.sets, 512);
  cr_assert_eq(mm_cache_colors(&ms.cache), 8);
  cr_assert_eq(mm_cache_set(&ms.cache, 0x80007fc0), 511);
  cr_assert_eq(mm_cache_color(&ms.cache, 0x80005000), 5);
  cr_assert_eq(mm_cache_set(&ms.cache, 0x80008000), 0, "a way spans 32 KiB");
}

/* A bus with a forward hook (model/bus.h) serves nothing itself: every
 * transaction goes to the hook, in order, and a read's data is the hook's. */
typedef struct forwarded {
  mm_bus *behind; /* where the hook serves them */
  unsigned n;
  mm_bus_txn txns[8];
} forwarded;

static void forward_to(void *ctx, mm_bus_txn *t) {
  forwarded *f = ctx;
  mm_bus_access(f->behind, t);
  if (f->n < 8) f->txns[f->n++] = *t;
}

Test(memsys, forward_hook_takes_every_transaction) {
  mm_mem *elsewhere = mm_mem_new();
  mm_bus behind;
  mm_bus_init(&behind, elsewhere);
  mm_mem_write64(elsewhere, 0x80004008, 0x1122334455667788ull);
  forwarded f = {.behind = &behind};
  bus.forward = forward_to;
  bus.forward_ctx = &f;
  mm_obs *o = request(MM_DATA_LOAD, 0x80004008, 8, 0);
  assert_eq_hex(o->load_data, 0x1122334455667788ull, "load at 0x80004008 through the hook");
  cr_assert_eq(f.n, 1, "%u transactions forwarded, want the fill", f.n);
  cr_assert(f.txns[0].beats == 8 && !f.txns[0].write, "the fill is a line read");
  assert_eq_hex(f.txns[0].addr, 0x80004000, "fill address");
  cr_assert(o->n_bus == 1 && f.txns[0].cycle == o->bus[0].cycle && f.txns[0].data[1] == o->bus[0].data[1],
            "the hook saw what the sink saw");
  request(MM_DATA_STORE, REGBLOCK_BASE + 8, 4, 0xabcd);
  cr_assert_eq(f.n, 2, "%u transactions forwarded, want the fill and the IO store", f.n);
  assert_eq_hex(f.txns[1].addr, REGBLOCK_BASE + 8, "IO store address");
  assert_eq_hex(mm_mem_read64(mem, 0x80004008), 0, "memory behind the hooked bus at 0x80004008 is untouched");
  bus.forward = NULL;
  mm_mem_free(elsewhere);
}
