/*
 * Smoke tests of the Verilated RTL (tb/verilator/rtl.h). Translation: a few
 * directed requests, each run on the model (through its memory system, on
 * one memory image) and on the RTL (on a clone of it), comparing every field
 * of the outcome, the TLB hit, every access at the memory-system port (kind,
 * address, data, hart, answer time, in order), every bus transaction and the
 * cycles from acceptance to response. The data path and the compare-and-swap
 * restarts: the RTL alone against hand-computed expectations.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "devices/framebuf.h"
#include "devices/regblock.h"
#include "model/memsys.h"
#include "model/pma.h"
#include "tb/verilator/rtl.h"
#include "testutil.h"

#define LATENCY 4 /* the bus latency L */

/* Access-fault causes, until model/pte.h has them (the branch datapath adds them). */
#ifndef CAUSE_LOAD_ACCESS_FAULT
#define CAUSE_FETCH_ACCESS_FAULT 1
#define CAUSE_LOAD_ACCESS_FAULT  5
#define CAUSE_STORE_ACCESS_FAULT 7
#endif

/* Physical layout of the tests' tables and pages. */
#define S_ROOT     0x80100000ull /* Sv39 tables from here */
#define G_ROOT     0x81000000ull /* Sv39x4 root (16 KiB), tables after it */
#define VS_ROOT    0x20000000ull /* GPA of the VS-stage root */
#define VS_PA_OFFS 0x62000000ull /* VS tables live at GPA + this */

static mm_mem *model_mem, *rtl_mem;
static mm_hart model[2];
static rtl_sim *rtl;
static mm_csrs csrs;
/* Each side's bus: main memory, a register block and a frame buffer. The
 * model's memory system sits on its bus; the RTL's is in the RTL. */
static mm_bus model_bus, rtl_bus;
static regblock model_regs, rtl_regs;
static framebuf model_fb, rtl_fb;
static mm_memsys memsys;
static mm_port port;

static void bus_over(mm_bus *bus, mm_mem *mem, regblock *regs, framebuf *fb) {
  mm_bus_init(bus, mem);
  regblock_init(regs);
  framebuf_init(fb);
  mm_device d = regblock_device(regs, REGBLOCK_BASE);
  cr_assert(mm_bus_attach(bus, &d));
  d = framebuf_device(fb, FRAMEBUF_BASE);
  cr_assert(mm_bus_attach(bus, &d));
}

static void start(unsigned tlb_entries, unsigned bug) {
  const char *why = NULL;
  for (unsigned h = 0; h < 2; h++) {
    mm_hart_params p = {.tlb_entries = tlb_entries, .mem_latency = LATENCY, .id = h};
    cr_assert(mm_hart_init(&model[h], &p, &why), "model: %s", why);
  }
  char err[200];
  rtl_config cfg = {.harts = 2, .tlb_entries = tlb_entries, .mem_latency = LATENCY, .bug = bug};
  rtl = rtl_new(&cfg, err, sizeof err);
  cr_assert(rtl, "rtl_new: %s", err);
  model_mem = mm_mem_new();
  rtl_mem = NULL;
  bus_over(&model_bus, model_mem, &model_regs, &model_fb);
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = LATENCY};
  cr_assert(mm_memsys_init(&memsys, &mp, &model_bus, &why), "model memory system: %s", why);
  port = mm_port_of_memsys(&memsys);
  memset(&csrs, 0, sizeof csrs);
}

static void setup(void) { start(16, 0); }
static void setup_tlb4(void) { start(4, 0); }
static void setup_bug7(void) { start(16, 7); }

static void teardown(void) {
  for (unsigned h = 0; h < 2; h++)
    mm_hart_destroy(&model[h]);
  rtl_free(rtl);
  mm_memsys_destroy(&memsys);
  mm_mem_free(model_mem);
  mm_mem_free(rtl_mem);
}

static void write_csr(mm_csr_id id, uint64_t value) {
  cr_assert(mm_csr_write(&csrs, id, value), "csr %d write %#" PRIx64 " refused", id, value);
}

/* The tables are built: both sides take the CSRs, the RTL a copy of memory. */
static void go(void) {
  for (unsigned h = 0; h < 2; h++) {
    model[h].csrs = csrs;
    rtl_set_csrs(rtl, h, &csrs);
  }
  rtl_mem = mm_mem_clone(model_mem);
  cr_assert(rtl_mem);
  bus_over(&rtl_bus, rtl_mem, &rtl_regs, &rtl_fb);
}

/* The model's request through its memory system, its bus transactions in its observation. */
static void model_access(unsigned hart, const mm_req *req, mm_obs *m) {
  memsys.sink = m;
  mm_hart_access_port(&model[hart], &port, req, m);
  memsys.sink = NULL;
}

static const char *stage_name(uint8_t stage) { return stage == MM_STAGE_S ? "S" : stage == MM_STAGE_VS ? "VS" : "G"; }

static const char *kind_name(uint8_t kind) {
  static const char *name[] = {"read", "cas", "load", "store", "cbo.clean", "cbo.flush", "cbo.inval", "fence"};
  return kind < 8 ? name[kind] : "?";
}

/* One bus transaction on both sides. */
static void same_txn(const char *t, uint64_t va, unsigned i, const mm_bus_txn *x, const mm_bus_txn *b) {
  cr_assert(x->write == b->write && x->size == b->size && x->beats == b->beats,
            "%s %#" PRIx64 " bus #%u: rtl %s of %u bytes in %u beats, model %s of %u in %u", t, va, i,
            x->write ? "write" : "read", x->size, x->beats, b->write ? "write" : "read", b->size, b->beats);
  cr_assert_eq(x->addr, b->addr, "%s %#" PRIx64 " bus #%u: addr rtl %#" PRIx64 " model %#" PRIx64, t, va, i, x->addr,
               b->addr);
  cr_assert_eq(x->mask, b->mask, "%s %#" PRIx64 " bus #%u at %#" PRIx64 ": mask rtl %#" PRIx64 " model %#" PRIx64, t,
               va, i, x->addr, x->mask, b->mask);
  for (unsigned k = 0; k < 8; k++)
    cr_assert_eq(x->data[k], b->data[k],
                 "%s %#" PRIx64 " bus #%u at %#" PRIx64 ": data[%u] rtl %#" PRIx64 " model %#" PRIx64, t, va, i,
                 x->addr, k, x->data[k], b->data[k]);
  cr_assert_eq(x->hart, b->hart, "%s %#" PRIx64 " bus #%u: hart rtl %u model %u", t, va, i, x->hart, b->hart);
  cr_assert_eq(x->cycle, b->cycle, "%s %#" PRIx64 " bus #%u at %#" PRIx64 ": taken at +%u, model +%u", t, va, i,
               x->addr, x->cycle, b->cycle);
}

/* One request on both sides; every observable must agree. Returns the model's observation. */
static mm_obs both_request(unsigned hart, const mm_req *req) {
  mm_obs m, r;
  model_access(hart, req, &m);
  rtl_access(rtl, hart, req, &rtl_bus, &r);
  const char *t = mm_access_name(req->type);
  const uint64_t va = req->va;

  cr_assert_eq(r.ok, m.ok, "%s %#" PRIx64 ": ok rtl %d model %d (model cause %u, rtl cause %u)", t, va, r.ok, m.ok,
               m.cause, r.cause);
  cr_assert_eq(r.cause, m.cause, "%s %#" PRIx64 ": cause rtl %u model %u", t, va, r.cause, m.cause);
  cr_assert_eq(r.gpa, m.gpa, "%s %#" PRIx64 ": gpa rtl %#" PRIx64 " model %#" PRIx64, t, va, r.gpa, m.gpa);
  cr_assert_eq(r.pa, m.pa, "%s %#" PRIx64 ": pa rtl %#" PRIx64 " model %#" PRIx64, t, va, r.pa, m.pa);
  cr_assert_eq(r.pbmt, m.pbmt, "%s %#" PRIx64 ": pbmt rtl %u model %u", t, va, r.pbmt, m.pbmt);
  cr_assert_eq(r.tlb_hit, m.tlb_hit, "%s %#" PRIx64 ": tlb_hit rtl %d model %d", t, va, r.tlb_hit, m.tlb_hit);
  cr_assert_eq(r.mtype, m.mtype, "%s %#" PRIx64 ": mtype rtl %u model %u", t, va, r.mtype, m.mtype);
  cr_assert_eq(r.cache_hit, m.cache_hit, "%s %#" PRIx64 ": cache_hit rtl %d model %d", t, va, r.cache_hit, m.cache_hit);
  cr_assert_eq(r.load_data, m.load_data, "%s %#" PRIx64 ": load_data rtl %#" PRIx64 " model %#" PRIx64, t, va,
               r.load_data, m.load_data);
  cr_assert_eq(r.n_ops, m.n_ops, "%s %#" PRIx64 ": %u accesses, model %u", t, va, r.n_ops, m.n_ops);
  for (unsigned i = 0; i < r.n_ops; i++) {
    const mm_memop *op = &m.ops[i];
    const mm_memop *x = &r.ops[i];
    cr_assert_eq(x->kind, op->kind, "%s %#" PRIx64 " #%u (%s L%u): rtl %s, model %s", t, va, i, stage_name(op->stage),
                 op->level, kind_name(x->kind), kind_name(op->kind));
    cr_assert_eq(x->pa, op->pa, "%s %#" PRIx64 " #%u (%s L%u): pa rtl %#" PRIx64 " model %#" PRIx64, t, va, i,
                 stage_name(op->stage), op->level, x->pa, op->pa);
    cr_assert_eq(x->data, op->data,
                 "%s %#" PRIx64 " #%u (%s L%u) at %#" PRIx64 ": data rtl %#" PRIx64 " model %#" PRIx64, t, va, i,
                 stage_name(op->stage), op->level, x->pa, x->data, op->data);
    cr_assert_eq(x->cmp, op->cmp, "%s %#" PRIx64 " #%u at %#" PRIx64 ": cmp rtl %#" PRIx64 " model %#" PRIx64, t, va, i,
                 x->pa, x->cmp, op->cmp);
    cr_assert_eq(x->old, op->old, "%s %#" PRIx64 " #%u at %#" PRIx64 ": old rtl %#" PRIx64 " model %#" PRIx64, t, va, i,
                 x->pa, x->old, op->old);
    cr_assert(x->mt == op->mt && x->mask == op->mask,
              "%s %#" PRIx64 " #%u at %#" PRIx64 ": rtl mt %u mask %#x, model mt %u mask %#x", t, va, i, x->pa, x->mt,
              x->mask, op->mt, op->mask);
    bool walker = x->kind == MM_OP_READ || x->kind == MM_OP_CAS;
    cr_assert_eq(x->size, op->size, "%s %#" PRIx64 " #%u at %#" PRIx64 ": size rtl %u model %u", t, va, i, x->pa,
                 x->size, op->size);
    cr_assert_eq(x->hit, op->hit, "%s %#" PRIx64 " #%u at %#" PRIx64 ": hit rtl %u model %u", t, va, i, x->pa, x->hit,
                 op->hit);
    cr_assert_eq(x->hart, hart, "%s %#" PRIx64 " #%u: hart %u, want %u", t, va, i, x->hart, hart);
    cr_assert_eq(op->hart, hart, "%s %#" PRIx64 " #%u: the model says hart %u, want %u", t, va, i, op->hart, hart);
    cr_assert_eq(x->cycle, op->cycle, "%s %#" PRIx64 " #%u: taken at +%u, model +%u", t, va, i, x->cycle, op->cycle);
    cr_assert_eq(x->cycles, op->cycles, "%s %#" PRIx64 " #%u at %#" PRIx64 ": answered after %u, model %u", t, va, i,
                 x->pa, x->cycles, op->cycles);
    /* A walk's next access goes out MM_T_PER_OP after the answer; the data
     * access after a walk, at W: one cycle later (DESIGN.md). */
    unsigned gap = walker ? MM_T_PER_OP : MM_T_PER_OP + MM_T_WALK - MM_T_FIRST_OP;
    if (i > 0)
      cr_assert_eq(x->cycle - r.ops[i - 1].cycle, r.ops[i - 1].cycles + gap,
                   "%s %#" PRIx64 " #%u: %u cycles after the previous access", t, va, i, x->cycle - r.ops[i - 1].cycle);
  }
  cr_assert_eq(r.n_bus, m.n_bus, "%s %#" PRIx64 ": %u bus transactions, model %u", t, va, r.n_bus, m.n_bus);
  for (unsigned i = 0; i < r.n_bus; i++)
    same_txn(t, va, i, &r.bus[i], &m.bus[i]);
  cr_assert_eq(r.cycles, m.cycles, "%s %#" PRIx64 ": %u cycles, model %u", t, va, r.cycles, m.cycles);
  return m;
}

/* A translate-only access on both sides. */
static mm_obs both_access(unsigned hart, uint64_t va, mm_access type, mm_priv priv, bool virt) {
  mm_req req = {.va = va, .type = type, .priv = priv, .virt = virt};
  return both_request(hart, &req);
}

static void fence(unsigned hart, mm_fence_kind kind, bool has_addr, uint64_t addr, bool has_id, uint16_t id) {
  mm_fence f = {.kind = kind, .has_addr = has_addr, .addr = addr, .has_id = has_id, .id = id};
  mm_obs m, r;
  mm_hart_fence(&model[hart], &port, &f, &m);
  rtl_fence(rtl, hart, &f, &rtl_bus, &r);
  cr_assert_eq(r.cycles, m.cycles, "%s: %u cycles, model %u", mm_fence_name(kind), r.cycles, m.cycles);
  cr_assert_eq(m.cycles, MM_T_FENCE, "%s: the model says %u cycles", mm_fence_name(kind), m.cycles);
  cr_assert_eq(r.n_ops, 0, "%s: %u memory transactions", mm_fence_name(kind), r.n_ops);
}

/* The word at pa as the RTL's memory system holds it (cached or not): an
 * M-mode load on hart 1, which the tests do not otherwise use. */
static uint64_t rtl_word(uint64_t pa) {
  mm_req req = {.va = pa, .type = MM_LOAD, .priv = MM_PRIV_M, .data_op = MM_DATA_LOAD, .size = 8};
  mm_obs r;
  rtl_access(rtl, 1, &req, &rtl_bus, &r);
  cr_assert(r.ok, "M-mode load of %#" PRIx64 ": cause %u", pa, r.cause);
  return r.load_data;
}

/* Sv39 with hardware A/D: satp, ASID 1. */
static pt_builder sv39(void) {
  pt_builder b;
  pt_init(&b, model_mem, S_ROOT, 3, 0, S_ROOT + 0x1000);
  write_csr(MM_CSR_SATP, atp_make(SATP_MODE_SV39, 1, S_ROOT));
  write_csr(MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE);
  return b;
}

Test(rtl_smoke, sv39_4k_walk_with_ad, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  must_map(&b, 0x40001000, 0, pt_pte(0x80400000, PTE_V | PTE_R | PTE_W));
  go();
  mm_obs m = both_access(0, 0x40001234, MM_STORE, MM_PRIV_S, false);
  cr_assert(m.ok && m.n_ops == 4, "model: 3 reads and the A/D write expected, got %u", m.n_ops);
  assert_eq_hex(m.pa, 0x80400234, "pa");
  assert_eq_hex(rtl_word(m.ops[3].pa), pt_pte(0x80400000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D),
                "leaf after the RTL's write");
}

Test(rtl_smoke, tlb_hit, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  must_map(&b, 0x40001000, 0, pt_pte(0x80400000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  must_map(&b, 0x40200000, 1, pt_pte(0x80600000, PTE_V | PTE_R | PTE_X | PTE_A)); /* 2 MiB */
  go();
  both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false);
  mm_obs m = both_access(0, 0x40001ff8, MM_STORE, MM_PRIV_S, false);
  cr_assert(m.tlb_hit && m.n_ops == 0 && m.cycles == MM_T_HIT, "model: a hit in MM_T_HIT cycles");
  both_access(0, 0x40212340, MM_FETCH, MM_PRIV_S, false);
  m = both_access(0, 0x403fff00, MM_LOAD, MM_PRIV_S, false); /* same 2 MiB page */
  cr_assert(m.tlb_hit, "model: a hit in the superpage");
  m = both_access(0, 0x403fff00, MM_STORE, MM_PRIV_S, false); /* not writable: a fault on the hit path */
  cr_assert(m.tlb_hit && !m.ok, "model: a store fault on the hit path");
  both_access(0, 0x403fff00, MM_LOAD, MM_PRIV_U, false); /* not a user page */
  both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, true);  /* V=1, Bare: no lookup */
}

Test(rtl_smoke, sv39x4_two_stage_walk, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder g, vs;
  pt_init(&g, model_mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  pt_init(&vs, model_mem, VS_ROOT, 3, 0, VS_ROOT + 0x1000);
  /* The VS tables' pages are readable and accessed, but clean: the VS leaf's
   * A/D write first sets D on its page's G-stage leaf. */
  must_attach_g(&vs, &g, VS_PA_OFFS, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A);
  must_map(&vs, 0x7000, 0, pt_pte(0x30000000, PTE_V | PTE_R | PTE_W));
  must_map(&g, 0x30000000, 0, pt_pte(0x83000000, PTE_V | PTE_R | PTE_W | PTE_U)); /* A/D clear */
  write_csr(MM_CSR_HGATP, atp_make(SATP_MODE_SV39, 5, G_ROOT));
  write_csr(MM_CSR_VSATP, atp_make(SATP_MODE_SV39, 3, VS_ROOT));
  write_csr(MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE);
  write_csr(MM_CSR_HENVCFG, ENVCFG_ADUE);
  go();
  mm_obs m = both_access(0, 0x7010, MM_STORE, MM_PRIV_S, true);
  cr_assert(m.ok, "model: the store translates");
  assert_eq_hex(m.pa, 0x83000010, "pa");
  /* 3 x (3 G reads + 1 VS read), the holder's D, the VS leaf's A/D, 3 G reads, the G leaf's A/D. */
  cr_assert_eq(m.n_ops, 3 * 4 + 2 + 3 + 1, "model: %u accesses", m.n_ops);
  both_access(0, 0x7ff8, MM_LOAD, MM_PRIV_S, true);  /* now a hit */
  both_access(0, 0x7ff8, MM_FETCH, MM_PRIV_S, true); /* not executable: page fault on the hit path */
  /* The G-stage leaf of the final address is not executable either; the
   * VS-stage fault comes first. A U-mode load faults in the VS-stage. */
  both_access(0, 0x7000, MM_LOAD, MM_PRIV_U, true);
}

Test(rtl_smoke, faults, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  must_map(&b, 0x40001000, 0, pt_pte(0x80400000, PTE_V | PTE_R | PTE_W | PTE_A));
  must_map(&b, 0x40400000, 1, pt_pte(0x80601000, PTE_V | PTE_R | PTE_A)); /* misaligned superpage */
  go();
  both_access(0, 0x40002000, MM_LOAD, MM_PRIV_S, false);      /* invalid leaf slot */
  both_access(0, 0x4000000000ull, MM_LOAD, MM_PRIV_S, false); /* not canonical: no access */
  both_access(0, 0x40400000, MM_LOAD, MM_PRIV_S, false);      /* misaligned superpage */
  both_access(0, 0x40001000, MM_FETCH, MM_PRIV_S, false);     /* not executable */
  mm_obs m = both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false);
  cr_assert(m.ok, "model: the load translates");
  /* A faulting walk fills nothing: the fault repeats as a walk. */
  m = both_access(0, 0x40002000, MM_STORE, MM_PRIV_S, false);
  cr_assert(!m.ok && !m.tlb_hit, "model: a walk that faults again");
  /* With ADUE clear, a clean page faults on store (the entry is not dirty: a walk). */
  write_csr(MM_CSR_MENVCFG, 0);
  model[0].csrs = csrs;
  rtl_set_csrs(rtl, 0, &csrs);
  m = both_access(0, 0x40001000, MM_STORE, MM_PRIV_S, false);
  cr_assert_eq(m.cause, CAUSE_STORE_PAGE_FAULT, "model: a store page fault, got %u", m.cause);
}

Test(rtl_smoke, guest_page_fault, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder g;
  pt_init(&g, model_mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  must_map(&g, 0x10000000, 0, pt_pte(0x84000000, PTE_V | PTE_R | PTE_U | PTE_A));
  write_csr(MM_CSR_HGATP, atp_make(SATP_MODE_SV39, 7, G_ROOT));
  write_csr(MM_CSR_MENVCFG, ENVCFG_ADUE);
  go();
  both_access(0, 0x10000100, MM_LOAD, MM_PRIV_S, true);             /* vsatp Bare: G-stage only */
  mm_obs m = both_access(0, 0x10000100, MM_STORE, MM_PRIV_S, true); /* not writable */
  cr_assert_eq(m.cause, CAUSE_STORE_GUEST_PAGE_FAULT, "model: cause %u", m.cause);
  both_access(0, 0x20000000000ull, MM_LOAD, MM_PRIV_S, true); /* GPA wider than 41 bits: no access */
  both_access(0, 0x10001000, MM_LOAD, MM_PRIV_U, true);       /* unmapped */
}

Test(rtl_smoke, fence_then_walk_again, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  must_map(&b, 0x40001000, 0, pt_pte(0x80400000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  must_map(&b, 0x40002000, 0, pt_pte(0x80401000, PTE_V | PTE_R | PTE_G | PTE_A));
  go();
  both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false);
  both_access(0, 0x40002000, MM_LOAD, MM_PRIV_S, false);
  cr_assert(both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false).tlb_hit, "model: a hit before the fence");
  fence(0, MM_FENCE_SFENCE_VMA, false, 0, true, 1); /* by ASID: the global page stays */
  mm_obs m = both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false);
  cr_assert(!m.tlb_hit && m.n_ops == 3, "model: walks again after the fence");
  cr_assert(both_access(0, 0x40002000, MM_LOAD, MM_PRIV_S, false).tlb_hit, "model: the global entry stays");
  fence(0, MM_FENCE_SFENCE_VMA, true, 0x40002000, false, 0); /* by address: global too */
  cr_assert(!both_access(0, 0x40002000, MM_LOAD, MM_PRIV_S, false).tlb_hit, "model: gone after the fence by address");
  fence(0, MM_FENCE_SFENCE_VMA, false, 0, false, 0);
  both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false);
}

Test(rtl_smoke, harts_have_their_own_tlbs, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  must_map(&b, 0x40001000, 0, pt_pte(0x80400000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  go();
  both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false);
  mm_obs m = both_access(1, 0x40001000, MM_LOAD, MM_PRIV_S, false);
  cr_assert(!m.tlb_hit, "model: hart 1 walks");
  both_access(1, 0x40001008, MM_LOAD, MM_PRIV_S, false);
}

/* Sv48: a 512 GiB page with PBMT=IO, a Svnapot 64 KiB page, a 2 MiB page. */
Test(rtl_smoke, sv48_napot_pbmt, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b;
  pt_init(&b, model_mem, S_ROOT, 4, 0, S_ROOT + 0x1000);
  write_csr(MM_CSR_SATP, atp_make(SATP_MODE_SV48, 9, S_ROOT));
  write_csr(MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE);
  uint64_t io = (uint64_t)PBMT_IO << PTE_PBMT_SHIFT;
  must_map(&b, 0x10000000000ull, 3, pt_pte(0x10000000000ull, PTE_V | PTE_R | PTE_W | PTE_A | io));
  uint64_t napot = pt_pte(0x80500000 | (NAPOT_64K_PPN << PAGE_SHIFT), PTE_V | PTE_R | PTE_N);
  must_map(&b, 0x50003000, 0, napot);
  must_map(&b, 0x50200000, 1, pt_pte(0x80800000, PTE_V | PTE_X | PTE_U));
  go();
  mm_obs m = both_access(0, 0x10012345678ull, MM_STORE, MM_PRIV_S, false);
  cr_assert(m.ok && m.pbmt == PBMT_IO, "model: an IO store through the 512 GiB page");
  both_access(0, 0x17ffffffff8ull, MM_LOAD, MM_PRIV_S, false); /* a hit, same page */
  m = both_access(0, 0x50003010, MM_LOAD, MM_PRIV_S, false);
  assert_eq_hex(m.pa, 0x80503010, "napot pa");
  both_access(0, 0x5000fff0, MM_LOAD, MM_PRIV_S, false); /* same 64 KiB entry: a hit */
  both_access(0, 0x50300000, MM_LOAD, MM_PRIV_U, false); /* execute-only: fault */
  write_csr(MM_CSR_MSTATUS, MSTATUS_MXR);
  model[0].csrs = csrs;
  rtl_set_csrs(rtl, 0, &csrs);
  both_access(0, 0x50300000, MM_LOAD, MM_PRIV_U, false);        /* MXR: a walk, now allowed */
  both_access(0, 0x50300008, MM_LOAD, MM_PRIV_U, false);        /* and a hit */
  both_access(0, 0x800000000000ull, MM_LOAD, MM_PRIV_S, false); /* not canonical for Sv48 */
}

/*
 * The A/D update is a compare-and-swap. A poke armed on the RTL's harness
 * (rtl_poke: it stores through the memory system's agent port into the cached
 * line right after the walker's read of the PTE is answered) plays another agent that rewrites the leaf
 * between the walker's read and its swap: the swap finds the new PTE, writes
 * nothing, and the walk restarts from the root (the first stage's, with
 * fresh G-stage walks of its PTE addresses) in the same request. These tests
 * check the RTL against hand-computed transactions, not against the model.
 * The cache starts empty: an access to a line not touched before in the test
 * misses and fills it (the memory system answers after T = 2 + (L + 2)),
 * any later one hits (T = 2); each access goes out T + 1 cycles after the
 * one before, the walk takes 3 + sum of (T + 1).
 */

#define T_HIT  2u
#define T_FILL (2u + (LATENCY + 2u))

/* Every swap but the one at index failed succeeds; the timing above. */
static void check_cas_walk(const mm_obs *r, unsigned n, unsigned failed) {
  cr_assert_eq(r->n_ops, n, "%u transactions, want %u", r->n_ops, n);
  uint64_t seen[MM_OBS_MAX_OPS];
  unsigned n_seen = 0, want_cycles = MM_T_WALK;
  for (unsigned i = 0; i < r->n_ops; i++) {
    const mm_memop *x = &r->ops[i];
    uint64_t line = x->pa & ~(uint64_t)(LINE_BYTES - 1);
    bool warm = false;
    for (unsigned k = 0; k < n_seen; k++)
      warm |= seen[k] == line;
    if (!warm) seen[n_seen++] = line;
    unsigned t = warm ? T_HIT : T_FILL;
    cr_assert_eq(x->cycles, t, "#%u at %#" PRIx64 ": answered after %u cycles, want %u (%s)", i, x->pa, x->cycles, t,
                 warm ? "a hit" : "a fill");
    cr_assert_eq(x->hit, warm, "#%u at %#" PRIx64 ": hit %u", i, x->pa, x->hit);
    cr_assert_eq(x->cycle, want_cycles - 1, "#%u at %#" PRIx64 ": taken at +%u, want +%u", i, x->pa, x->cycle,
                 want_cycles - 1);
    want_cycles += t + MM_T_PER_OP;
    if (x->kind == MM_OP_READ)
      cr_assert(x->cmp == 0 && x->old == 0, "#%u: a read with cmp %#" PRIx64 " old %#" PRIx64, i, x->cmp, x->old);
    else if (i != failed)
      assert_eq_hex(x->old, x->cmp, "#%u: the swap found", i);
  }
  cr_assert_eq(r->cycles, want_cycles, "%u cycles, want %u", r->cycles, want_cycles);
}

static void check_txn(const mm_obs *r, unsigned i, bool write, uint64_t pa, uint64_t data) {
  const mm_memop *x = &r->ops[i];
  cr_assert_eq(x->kind == MM_OP_CAS, write, "#%u: a %s, want a %s", i, x->kind == MM_OP_CAS ? "cas" : "read",
               write ? "cas" : "read");
  assert_eq_hex(x->pa, pa, "#%u: pa", i);
  assert_eq_hex(x->data, data, "#%u: data", i);
}

Test(rtl_smoke, cas_fails_restarts_sv39, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  uint64_t leaf = pt_pte(0x80400000, PTE_V | PTE_R | PTE_W);
  uint64_t leaf_pa = must_map(&b, 0x40001000, 0, leaf);
  assert_eq_hex(leaf_pa, S_ROOT + 0x2008, "leaf address");
  go();
  /* Another agent remaps the page, A already set: the store still needs D. */
  uint64_t poked = pt_pte(0x80500000, PTE_V | PTE_R | PTE_W | PTE_A);
  rtl_poke(rtl, 0, leaf_pa, poked);
  mm_req req = {.va = 0x40001234, .type = MM_STORE, .priv = MM_PRIV_S};
  mm_obs r;
  rtl_access(rtl, 0, &req, &rtl_bus, &r);
  cr_assert(!rtl_poke_armed(rtl), "the poke fired and was disarmed");
  cr_assert(r.ok && !r.tlb_hit, "ok %d cause %u", r.ok, r.cause);
  assert_eq_hex(r.pa, 0x80500234, "pa through the new leaf");

  check_cas_walk(&r, 8, 3);
  for (unsigned pass = 0; pass < 2; pass++) {
    unsigned k = 4 * pass;
    uint64_t seen = pass ? poked : leaf;
    check_txn(&r, k + 0, false, S_ROOT + 8, pt_pte(S_ROOT + 0x1000, PTE_V));
    check_txn(&r, k + 1, false, S_ROOT + 0x1000, pt_pte(S_ROOT + 0x2000, PTE_V));
    check_txn(&r, k + 2, false, leaf_pa, seen);
    check_txn(&r, k + 3, true, leaf_pa, seen | PTE_A | PTE_D);
    assert_eq_hex(r.ops[k + 3].cmp, seen, "#%u: compared with the PTE read", k + 3);
  }
  assert_eq_hex(r.ops[3].old, poked, "#3: the failed swap found the poked PTE");
  assert_eq_hex(rtl_word(leaf_pa), poked | PTE_D, "leaf after the walk");

  /* The TLB holds the new mapping. */
  req = (mm_req){.va = 0x40001ff8, .type = MM_STORE, .priv = MM_PRIV_S};
  rtl_access(rtl, 0, &req, &rtl_bus, &r);
  cr_assert(r.ok && r.tlb_hit && r.n_ops == 0, "a hit expected: ok %d hit %d, %u transactions", r.ok, r.tlb_hit,
            r.n_ops);
  assert_eq_hex(r.pa, 0x80500ff8, "pa of the hit");
}

/* Two stages, every table page's G-stage leaf clean: per VS level, 3 G reads,
 * the G leaf's A swap and the VS read; then the holder's D swap and the VS
 * leaf's swap, which fails. The restart walks the G-stage again from the
 * root for every VS table (A now set: 3 G reads and the VS read per level),
 * the holder is dirty, the VS leaf's swap succeeds; the final G-stage walk
 * reads 3 PTEs (its leaf is accessed and dirty). */
Test(rtl_smoke, cas_fails_restarts_sv39x4, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder g, vs;
  pt_init(&g, model_mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  pt_init(&vs, model_mem, VS_ROOT, 3, 0, VS_ROOT + 0x1000);
  must_attach_g(&vs, &g, VS_PA_OFFS, PTE_V | PTE_R | PTE_W | PTE_U);
  uint64_t leaf = pt_pte(0x30000000, PTE_V | PTE_R | PTE_W);
  uint64_t leaf_pa = must_map(&vs, 0x7000, 0, leaf);
  must_map(&g, 0x30000000, 0, pt_pte(0x83000000, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
  must_map(&g, 0x30001000, 0, pt_pte(0x83001000, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
  write_csr(MM_CSR_HGATP, atp_make(SATP_MODE_SV39, 5, G_ROOT));
  write_csr(MM_CSR_VSATP, atp_make(SATP_MODE_SV39, 3, VS_ROOT));
  write_csr(MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE);
  write_csr(MM_CSR_HENVCFG, ENVCFG_ADUE);
  go();
  uint64_t poked = pt_pte(0x30001000, PTE_V | PTE_R | PTE_W);
  rtl_poke(rtl, 0, leaf_pa, poked);
  mm_req req = {.va = 0x7010, .type = MM_STORE, .priv = MM_PRIV_S, .virt = true};
  mm_obs r;
  rtl_access(rtl, 0, &req, &rtl_bus, &r);
  cr_assert(!rtl_poke_armed(rtl), "the poke fired and was disarmed");
  cr_assert(r.ok, "ok %d cause %u gpa %#" PRIx64, r.ok, r.cause, r.gpa);
  assert_eq_hex(r.pa, 0x83001010, "pa through the new VS leaf");

  check_cas_walk(&r, 33, 16);
  for (unsigned lvl = 0; lvl < 3; lvl++) {
    const mm_memop *first = &r.ops[5 * lvl], *again = &r.ops[17 + 4 * lvl];
    cr_assert(!first[0].kind && !first[1].kind && !first[2].kind && first[3].kind && !first[4].kind,
              "VS level %u: 3 G reads, the G leaf's swap, the VS read", 2 - lvl);
    assert_eq_hex(first[3].pa, first[2].pa, "VS level %u: the swap of the G leaf read", 2 - lvl);
    assert_eq_hex(first[3].data, first[2].data | PTE_A, "VS level %u: the G leaf's A", 2 - lvl);
    for (unsigned j = 0; j < 4; j++) {
      const mm_memop *want = &first[j < 3 ? j : 4];
      cr_assert(!again[j].kind, "restart, VS level %u, #%u: a read", 2 - lvl, j);
      assert_eq_hex(again[j].pa, want->pa, "restart, VS level %u, #%u: pa", 2 - lvl, j);
    }
  }
  assert_eq_hex(r.ops[17].pa, r.ops[0].pa, "the restart begins at the G-stage root of the VS root's GPA");
  assert_eq_hex(r.ops[14].pa, leaf_pa, "the VS leaf read");
  assert_eq_hex(r.ops[14].data, leaf, "the VS leaf as first read");
  cr_assert(r.ops[15].kind && r.ops[15].pa == r.ops[13].pa, "#15: the holder's D");
  assert_eq_hex(r.ops[15].cmp, r.ops[13].data, "#15: the holder compared with its A write");
  assert_eq_hex(r.ops[15].data, r.ops[13].data | PTE_D, "#15: the holder's D");
  check_txn(&r, 16, true, leaf_pa, leaf | PTE_A | PTE_D);
  assert_eq_hex(r.ops[16].cmp, leaf, "#16: compared with the leaf read");
  assert_eq_hex(r.ops[16].old, poked, "#16: the failed swap found the poked PTE");
  assert_eq_hex(r.ops[28].data, poked, "the VS leaf as read again");
  check_txn(&r, 29, true, leaf_pa, poked | PTE_A | PTE_D);
  assert_eq_hex(r.ops[29].cmp, poked, "#29: compared with the poked PTE");
  for (unsigned i = 30; i < 33; i++)
    cr_assert(!r.ops[i].kind, "#%u: the final G-stage walk reads", i);
  assert_eq_hex(rtl_word(leaf_pa), poked | PTE_A | PTE_D, "VS leaf after the walk");
}

/*
 * The data path (DESIGN.md, "The data path"), the RTL alone against
 * hand-computed expectations. With W the translation's cycles (MM_T_HIT for
 * M-mode and TLB hits), the memory system takes the access W cycles after
 * the acceptance and answers after T = 2 + n * (L + 2) for n bus
 * transactions; transaction k is taken W + 2 + k * (L + 2) cycles after the
 * acceptance; the response comes W + T + 1 cycles after it.
 */

static unsigned t_of(unsigned n) { return 2 + n * (LATENCY + 2); }
static unsigned bus_cycle(unsigned w, unsigned k) { return w + 2 + k * (LATENCY + 2); }

/* A data request on the RTL (M-mode: pa = va, W = MM_T_HIT). */
static mm_obs rtl_data(unsigned hart, mm_data_op op, uint64_t va, unsigned size, uint64_t wdata, mm_priv priv) {
  mm_access type = op == MM_DATA_LOAD ? MM_LOAD : op == MM_DATA_FETCH ? MM_FETCH : MM_STORE;
  mm_req req = {.va = va, .type = type, .priv = priv, .data_op = (uint8_t)op, .size = (uint8_t)size, .wdata = wdata};
  mm_obs r;
  rtl_access(rtl, hart, &req, &rtl_bus, &r);
  return r;
}

static mm_obs rtl_m(mm_data_op op, uint64_t pa, unsigned size, uint64_t wdata) {
  mm_obs r = rtl_data(0, op, pa, size, wdata, MM_PRIV_M);
  cr_assert(r.ok, "M-mode op %u at %#" PRIx64 ": cause %u", op, pa, r.cause);
  assert_eq_hex(r.pa, pa, "M-mode op %u: pa = va", op);
  return r;
}

/* The request's one access at the memory-system port: kind, memory type,
 * size, address, hit and answer time T; taken W cycles after the acceptance. */
static void check_op(const mm_obs *r, uint8_t kind, uint8_t mt, unsigned size, uint64_t pa, bool hit, unsigned t,
                     unsigned w) {
  cr_assert_geq(r->n_ops, 1, "%#" PRIx64 ": no access at the port", pa);
  const mm_memop *x = &r->ops[r->n_ops - 1];
  cr_assert_eq(x->kind, kind, "%#" PRIx64 ": a %s, want a %s", pa, kind_name(x->kind), kind_name(kind));
  cr_assert_eq(x->mt, mt, "%#" PRIx64 ": memory type %u, want %u", pa, x->mt, mt);
  cr_assert_eq(x->size, size, "%#" PRIx64 ": size %u, want %u", pa, x->size, size);
  assert_eq_hex(x->pa, pa, "the access's address");
  cr_assert_eq(x->hit, hit, "%#" PRIx64 ": hit %u, want %u", pa, x->hit, hit);
  cr_assert_eq(x->cycles, t, "%#" PRIx64 ": answered after %u cycles, want %u", pa, x->cycles, t);
  cr_assert_eq(x->cycle, w, "%#" PRIx64 ": taken at +%u, want +%u", pa, x->cycle, w);
  cr_assert_eq(r->cycles, w + t + 1, "%#" PRIx64 ": response after %u cycles, want W + T + 1 = %u", pa, r->cycles,
               w + t + 1);
  cr_assert_eq(r->cache_hit, hit, "%#" PRIx64 ": the response's cache_hit %u", pa, r->cache_hit);
  cr_assert_eq(r->mtype, mt, "%#" PRIx64 ": the response's memory type %u", pa, r->mtype);
}

/* Bus transaction k of the request. */
static const mm_bus_txn *check_bus(const mm_obs *r, unsigned k, bool write, unsigned size, uint64_t addr, uint64_t mask,
                                   unsigned cycle) {
  cr_assert_gt(r->n_bus, k, "%#" PRIx64 ": %u bus transactions, want one more", addr, r->n_bus);
  const mm_bus_txn *t = &r->bus[k];
  cr_assert(t->write == write && t->size == size && t->beats == (size == LINE_BYTES ? 8 : 1),
            "bus #%u at %#" PRIx64 ": a %s of %u bytes in %u beats, want a %s of %u", k, t->addr,
            t->write ? "write" : "read", t->size, t->beats, write ? "write" : "read", size);
  assert_eq_hex(t->addr, addr, "bus #%u: address", k);
  assert_eq_hex(t->mask, mask, "bus #%u at %#" PRIx64 ": mask", k, addr);
  cr_assert_eq(t->cycle, cycle, "bus #%u at %#" PRIx64 ": taken at +%u, want +%u", k, addr, t->cycle, cycle);
  return t;
}

Test(rtl_smoke, data_load_miss_then_hit, .init = setup, .fini = teardown, .timeout = 30) {
  const uint64_t word = 0x1122334455667788ull;
  mm_mem_write64(model_mem, 0x80001008, word);
  go();
  /* A miss: DECODE, the line read, DECODE again (a hit), the answer. */
  mm_obs r = rtl_m(MM_DATA_LOAD, 0x80001008, 8, 0);
  assert_eq_hex(r.load_data, word, "the loaded value");
  check_op(&r, MM_OP_LOAD, MM_MT_MAIN, 8, 0x80001008, false, t_of(1), MM_T_HIT);
  assert_eq_hex(r.ops[0].data, word, "the answered word");
  cr_assert_eq(r.n_bus, 1, "%u bus transactions", r.n_bus);
  const mm_bus_txn *t = check_bus(&r, 0, false, LINE_BYTES, 0x80001000, 0, bus_cycle(MM_T_HIT, 0));
  assert_eq_hex(t->data[1], word, "the line's word 1");
  /* A hit, narrower: the answer is the aligned word, the value its bytes. */
  r = rtl_m(MM_DATA_LOAD, 0x8000100c, 4, 0);
  assert_eq_hex(r.load_data, 0x11223344, "the loaded value");
  check_op(&r, MM_OP_LOAD, MM_MT_MAIN, 4, 0x8000100c, true, t_of(0), MM_T_HIT);
  assert_eq_hex(r.ops[0].data, word, "the answered word");
  cr_assert_eq(r.n_bus, 0, "a hit with %u bus transactions", r.n_bus);
  /* The cache is the harts' together. */
  r = rtl_data(1, MM_DATA_LOAD, 0x8000100f, 1, 0, MM_PRIV_M);
  assert_eq_hex(r.load_data, 0x11, "hart 1's byte");
  cr_assert(r.cache_hit && r.n_bus == 0, "hart 1 hits the line hart 0 brought in");
  cr_assert_eq(r.ops[0].hart, 1, "the access is hart 1's");
}

/* Five lines of one set (32 KiB apart) through its four ways. */
Test(rtl_smoke, data_dirty_eviction, .init = setup, .fini = teardown, .timeout = 30) {
  const uint64_t a = 0x80010000, way_span = 0x8000;
  go();
  mm_obs r = rtl_m(MM_DATA_STORE, a + 8, 8, 0xaaaa);
  check_op(&r, MM_OP_STORE, MM_MT_MAIN, 8, a + 8, false, t_of(1), MM_T_HIT);
  cr_assert_eq(r.ops[0].mask, 0xff, "mask %#x", r.ops[0].mask);
  check_bus(&r, 0, false, LINE_BYTES, a, 0, bus_cycle(MM_T_HIT, 0));
  assert_eq_hex(mm_mem_read64(rtl_mem, a + 8), 0, "memory before the write-back");
  for (unsigned i = 1; i < 4; i++) { /* B, C, D fill the invalid ways 1..3 */
    r = rtl_m(MM_DATA_LOAD, a + i * way_span, 8, 0);
    check_op(&r, MM_OP_LOAD, MM_MT_MAIN, 8, a + i * way_span, false, t_of(1), MM_T_HIT);
  }
  /* E: the PLRU victim is way 0 (A, dirty): written back, then filled. */
  r = rtl_m(MM_DATA_LOAD, a + 4 * way_span, 8, 0);
  check_op(&r, MM_OP_LOAD, MM_MT_MAIN, 8, a + 4 * way_span, false, t_of(2), MM_T_HIT);
  cr_assert_eq(r.n_bus, 2, "%u bus transactions, want the write-back and the fill", r.n_bus);
  const mm_bus_txn *t = check_bus(&r, 0, true, LINE_BYTES, a, ~0ull, bus_cycle(MM_T_HIT, 0));
  assert_eq_hex(t->data[1], 0xaaaa, "the written-back word");
  check_bus(&r, 1, false, LINE_BYTES, a + 4 * way_span, 0, bus_cycle(MM_T_HIT, 1));
  assert_eq_hex(mm_mem_read64(rtl_mem, a + 8), 0xaaaa, "memory after the write-back");
  /* A again: the victim is now way 2 (C, clean): no write-back. */
  r = rtl_m(MM_DATA_LOAD, a + 8, 8, 0);
  check_op(&r, MM_OP_LOAD, MM_MT_MAIN, 8, a + 8, false, t_of(1), MM_T_HIT);
  assert_eq_hex(r.load_data, 0xaaaa, "A read back");
  cr_assert(r.n_bus == 1 && !r.bus[0].write, "one line read");
  r = rtl_m(MM_DATA_LOAD, a + 2 * way_span, 8, 0);
  cr_assert(!r.cache_hit, "C was the victim");
  r = rtl_m(MM_DATA_LOAD, a + 3 * way_span, 8, 0);
  cr_assert(r.cache_hit, "D stayed");
}

/* The agent port: another bus master's coherent store of a word, between two
 * requests. A line the cache holds takes the word and becomes dirty (memory
 * sees it at the line's write-back); a word of a line it does not hold is
 * memory's. */
Test(rtl_smoke, agent_store_updates_cached_line_else_memory, .init = setup, .fini = teardown, .timeout = 30) {
  const uint64_t a = 0x80020008, uncached = 0x80031010, way_span = 0x8000;
  go();
  rtl_m(MM_DATA_LOAD, a, 8, 0); /* a's line in way 0 of set 0, clean */
  cr_assert(rtl_agent_store(rtl, a, 0x1111, &rtl_bus), "%#" PRIx64 ": the cache holds the line", a);
  assert_eq_hex(mm_mem_read64(rtl_mem, a), 0, "memory before the write-back");
  mm_obs r = rtl_m(MM_DATA_LOAD, a, 8, 0);
  assert_eq_hex(r.load_data, 0x1111, "the load after the agent's store");
  cr_assert(r.cache_hit && r.n_bus == 0, "%#" PRIx64 ": a hit without bus transactions", a);
  /* Three more lines of the set fill its ways, a fourth evicts a's line: written back, as dirty. */
  for (unsigned i = 1; i <= 4; i++)
    r = rtl_m(MM_DATA_LOAD, a + i * way_span, 8, 0);
  cr_assert_eq(r.n_bus, 2, "%#" PRIx64 ": %u bus transactions, want the write-back and the fill", a + 4 * way_span,
               r.n_bus);
  check_bus(&r, 0, true, LINE_BYTES, a & ~(uint64_t)(LINE_BYTES - 1), ~0ull, bus_cycle(MM_T_HIT, 0));
  assert_eq_hex(mm_mem_read64(rtl_mem, a), 0x1111, "memory after the write-back");
  /* A line not cached: memory takes the word, the next load fills the line with it. */
  cr_assert(!rtl_agent_store(rtl, uncached, 0x2222, &rtl_bus), "%#" PRIx64 ": the cache holds the line", uncached);
  assert_eq_hex(mm_mem_read64(rtl_mem, uncached), 0x2222, "memory after the agent's store");
  r = rtl_m(MM_DATA_LOAD, uncached, 8, 0);
  assert_eq_hex(r.load_data, 0x2222, "the load after the agent's store");
  cr_assert(!r.cache_hit, "%#" PRIx64 ": a miss", uncached);
}

/* Sv39, PBMTE: a 4 KiB page at VA 0x40000000 of memory type NC or IO. */
static void map_page(uint64_t pa, unsigned pbmt) {
  pt_builder b = sv39();
  uint64_t attr = (uint64_t)pbmt << PTE_PBMT_SHIFT;
  must_map(&b, 0x40000000, 0, pt_pte(pa, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | attr));
  go();
}

static uint64_t pattern(unsigned i) { return 0x0101010101010101ull * (i + 1); }

Test(rtl_smoke, data_nc_stores_combine, .init = setup, .fini = teardown, .timeout = 30) {
  map_page(0x80400000, PBMT_NC);
  for (unsigned i = 0; i < 8; i++) {
    mm_obs r = rtl_data(0, MM_DATA_STORE, 0x40000000 + 8 * i, 8, pattern(i), MM_PRIV_S);
    cr_assert(r.ok, "store %u: cause %u", i, r.cause);
    unsigned w = i == 0 ? r.ops[r.n_ops - 1].cycle : MM_T_HIT; /* the first one walks */
    bool full = i == 7;
    check_op(&r, MM_OP_STORE, MM_MT_NC, 8, 0x80400000 + 8 * i, false, t_of(full), w);
    unsigned writes = 0;
    for (unsigned k = 0; k < r.n_bus; k++)
      writes += r.bus[k].write;
    cr_assert_eq(writes, full, "store %u: %u bus writes", i, writes);
    if (full) {
      const mm_bus_txn *t = check_bus(&r, 0, true, LINE_BYTES, 0x80400000, ~0ull, bus_cycle(MM_T_HIT, 0));
      for (unsigned k = 0; k < 8; k++)
        assert_eq_hex(t->data[k], pattern(k), "the line write's word %u", k);
    } else {
      assert_eq_hex(mm_mem_read64(rtl_mem, 0x80400000 + 8 * i), 0, "word %u before the drain", i);
    }
  }
  for (unsigned k = 0; k < 8; k++)
    assert_eq_hex(mm_mem_read64(rtl_mem, 0x80400000 + 8 * k), pattern(k), "memory word %u", k);
}

Test(rtl_smoke, data_io_stores_single_beats, .init = setup, .fini = teardown, .timeout = 30) {
  go();
  for (unsigned i = 0; i < 8; i++) {
    uint64_t pa = FRAMEBUF_BASE + 8 * i;
    mm_obs r = rtl_m(MM_DATA_STORE, pa, 8, pattern(i));
    check_op(&r, MM_OP_STORE, MM_MT_IO, 8, pa, false, t_of(1), MM_T_HIT);
    cr_assert_eq(r.n_bus, 1, "store %u: %u bus transactions", i, r.n_bus);
    const mm_bus_txn *t = check_bus(&r, 0, true, 8, pa, 0xff, bus_cycle(MM_T_HIT, 0));
    assert_eq_hex(t->data[0], pattern(i), "store %u's beat", i);
    cr_assert_eq(rtl_fb.writes, i + 1, "frame buffer: %" PRIu64 " writes after store %u", rtl_fb.writes, i);
  }
  cr_assert_eq(rtl_fb.bursts, 0, "frame buffer: %" PRIu64 " bursts", rtl_fb.bursts);
  /* Two bytes at offset 6 of a word: their lanes and mask. */
  mm_obs r = rtl_m(MM_DATA_STORE, FRAMEBUF_BASE + 0x46, 2, 0xbeef);
  const mm_bus_txn *t = check_bus(&r, 0, true, 2, FRAMEBUF_BASE + 0x46, 0xc0, bus_cycle(MM_T_HIT, 0));
  assert_eq_hex(t->data[0], 0xbeefull << 48, "the beat's lanes");
  cr_assert_eq(r.ops[0].mask, 0xc0, "the store's mask %#x", r.ops[0].mask);
  cr_assert(rtl_fb.pixels[0x46] == 0xef && rtl_fb.pixels[0x47] == 0xbe, "frame buffer bytes %#x %#x",
            rtl_fb.pixels[0x46], rtl_fb.pixels[0x47]);
}

Test(rtl_smoke, data_fence_drains_wcb, .init = setup, .fini = teardown, .timeout = 30) {
  map_page(0x80400000, PBMT_NC);
  for (unsigned i = 0; i < 2; i++) {
    mm_obs r = rtl_data(0, MM_DATA_STORE, 0x40000000 + 8 * i, 8, pattern(i), MM_PRIV_S);
    cr_assert(r.ok, "store %u: cause %u", i, r.cause);
  }
  assert_eq_hex(mm_mem_read64(rtl_mem, 0x80400000), 0, "memory before the FENCE");
  mm_fence f = {.kind = MM_FENCE_DATA};
  mm_obs r;
  rtl_fence(rtl, 0, &f, &rtl_bus, &r);
  cr_assert(r.ok, "FENCE: ok");
  check_op(&r, MM_OP_FENCE, MM_MT_MAIN, 0, 0, false, t_of(1), MM_T_FENCE);
  cr_assert_eq(r.n_bus, 1, "%u bus transactions", r.n_bus);
  const mm_bus_txn *t = check_bus(&r, 0, true, LINE_BYTES, 0x80400000, 0xffff, bus_cycle(MM_T_FENCE, 0));
  assert_eq_hex(t->data[1], pattern(1), "the drain's word 1");
  assert_eq_hex(t->data[2], 0, "the drain's word 2 (not stored)");
  assert_eq_hex(mm_mem_read64(rtl_mem, 0x80400008), pattern(1), "memory after the FENCE");
  /* The buffer is empty: the next FENCE answers at once. */
  rtl_fence(rtl, 0, &f, &rtl_bus, &r);
  check_op(&r, MM_OP_FENCE, MM_MT_MAIN, 0, 0, false, t_of(0), MM_T_FENCE);
  cr_assert_eq(r.n_bus, 0, "%u bus transactions", r.n_bus);
}

Test(rtl_smoke, data_regblock_fifo_pops_once, .init = setup, .fini = teardown, .timeout = 30) {
  go();
  const uint64_t fifo = REGBLOCK_BASE + 0x10, count = REGBLOCK_BASE + 0x18;
  rtl_m(MM_DATA_STORE, fifo, 8, 0x1234);
  rtl_m(MM_DATA_STORE, fifo, 8, 0x5678);
  cr_assert_eq(rtl_regs.count, 2, "FIFO holds %u", rtl_regs.count);
  mm_obs r = rtl_m(MM_DATA_LOAD, fifo, 8, 0);
  assert_eq_hex(r.load_data, 0x1234, "the oldest value");
  check_op(&r, MM_OP_LOAD, MM_MT_IO, 8, fifo, false, t_of(1), MM_T_HIT);
  cr_assert_eq(r.n_bus, 1, "%u bus transactions", r.n_bus);
  check_bus(&r, 0, false, 8, fifo, 0, bus_cycle(MM_T_HIT, 0));
  cr_assert(rtl_regs.pops == 1 && rtl_regs.count == 1, "one pop: %" PRIu64 " pops, %u left", rtl_regs.pops,
            rtl_regs.count);
  r = rtl_m(MM_DATA_LOAD, count + 4, 4, 0); /* COUNT's upper half */
  assert_eq_hex(r.load_data, 0, "COUNT bits 63:32");
  r = rtl_m(MM_DATA_LOAD, count, 2, 0);
  assert_eq_hex(r.load_data, 1, "COUNT");
  r = rtl_m(MM_DATA_LOAD, fifo, 8, 0);
  assert_eq_hex(r.load_data, 0x5678, "the next value");
  cr_assert(rtl_regs.pops == 2 && rtl_regs.count == 0, "two pops: %" PRIu64 " pops, %u left", rtl_regs.pops,
            rtl_regs.count);
}

/* Misaligned: the fault in MM_T_HIT cycles, before any lookup or access. */
Test(rtl_smoke, data_misaligned_faults, .init = setup, .fini = teardown, .timeout = 30) {
  map_page(0x80400000, PBMT_PMA);
  static const struct {
    mm_data_op op;
    uint64_t va;
    unsigned size;
    mm_priv priv;
    uint8_t cause;
  } cases[] = {
      {MM_DATA_LOAD, 0x80001004, 8, MM_PRIV_M, CAUSE_LOAD_MISALIGNED},
      {MM_DATA_STORE, 0x80001002, 4, MM_PRIV_M, CAUSE_STORE_MISALIGNED},
      {MM_DATA_FETCH, 0x80001001, 2, MM_PRIV_M, CAUSE_FETCH_MISALIGNED},
      {MM_DATA_LOAD, 0x40000006, 4, MM_PRIV_S, CAUSE_LOAD_MISALIGNED}, /* mapped: no walk either */
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mm_obs r = rtl_data(0, cases[i].op, cases[i].va, cases[i].size, 0, cases[i].priv);
    cr_assert(!r.ok, "%#" PRIx64 ": a fault expected", cases[i].va);
    cr_assert_eq(r.cause, cases[i].cause, "%#" PRIx64 ": cause %u, want %u", cases[i].va, r.cause, cases[i].cause);
    cr_assert(r.cycles == MM_T_HIT && r.n_ops == 0 && r.n_bus == 0 && !r.tlb_hit,
              "%#" PRIx64 ": %u cycles, %u accesses, %u bus transactions", cases[i].va, r.cycles, r.n_ops, r.n_bus);
    assert_eq_hex(r.pa, 0, "%#" PRIx64 ": pa of a fault", cases[i].va);
  }
  /* A byte is never misaligned; the mapped load walks once aligned. */
  mm_obs r = rtl_data(0, MM_DATA_LOAD, 0x80001003, 1, 0, MM_PRIV_M);
  cr_assert(r.ok, "a byte at an odd address: cause %u", r.cause);
  r = rtl_data(0, MM_DATA_LOAD, 0x40000004, 4, 0, MM_PRIV_S);
  cr_assert(r.ok && !r.tlb_hit && r.n_ops == 4, "the aligned load walks: ok %d hit %d, %u accesses", r.ok, r.tlb_hit,
            r.n_ops);
}

/* A data operation at a physical address beyond 56 bits (M-mode or Bare with a
 * wide VA) is an access fault at W, without a memory-system request; a
 * translate-only request answers the address as before. */
Test(rtl_smoke, data_wide_pa_access_fault, .init = setup, .fini = teardown, .timeout = 30) {
  go();
  const uint64_t wide = 0x0100000080001000ull;
  static const struct {
    mm_data_op op;
    unsigned size;
    uint8_t cause;
  } cases[] = {
      {MM_DATA_LOAD, 8, CAUSE_LOAD_ACCESS_FAULT},       {MM_DATA_STORE, 4, CAUSE_STORE_ACCESS_FAULT},
      {MM_DATA_FETCH, 2, CAUSE_FETCH_ACCESS_FAULT},     {MM_DATA_CBO_CLEAN, 0, CAUSE_STORE_ACCESS_FAULT},
      {MM_DATA_CBO_INVAL, 0, CAUSE_STORE_ACCESS_FAULT},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mm_obs r = rtl_data(0, cases[i].op, wide, cases[i].size, 0, i % 2 ? MM_PRIV_M : MM_PRIV_S); /* satp Bare */
    cr_assert(!r.ok && r.cause == cases[i].cause, "op %u at %#" PRIx64 ": ok %d cause %u, want cause %u", cases[i].op,
              wide, r.ok, r.cause, cases[i].cause);
    cr_assert(r.cycles == MM_T_HIT && r.n_ops == 0 && r.n_bus == 0, "op %u: %u cycles, %u accesses, %u bus",
              cases[i].op, r.cycles, r.n_ops, r.n_bus);
    assert_eq_hex(r.pa, 0, "op %u: pa of a fault", cases[i].op);
  }
  mm_req req = {.va = wide, .type = MM_LOAD, .priv = MM_PRIV_M};
  mm_obs r;
  rtl_access(rtl, 0, &req, &rtl_bus, &r);
  cr_assert(r.ok && r.cycles == MM_T_HIT && r.n_ops == 0, "translate-only: ok %d, %u cycles", r.ok, r.cycles);
  assert_eq_hex(r.pa, wide, "translate-only pa");
}

/* M-mode: no translation; a store into a cached line, a CBO.FLUSH writes it out. */
Test(rtl_smoke, data_m_mode_store, .init = setup, .fini = teardown, .timeout = 30) {
  mm_mem_write64(model_mem, 0x80002000, 0x0123456789abcdefull);
  go();
  mm_obs r = rtl_m(MM_DATA_STORE, 0x80002004, 4, 0xdeadbeef);
  check_op(&r, MM_OP_STORE, MM_MT_MAIN, 4, 0x80002004, false, t_of(1), MM_T_HIT);
  cr_assert_eq(r.ops[0].mask, 0xf0, "mask %#x", r.ops[0].mask);
  assert_eq_hex(r.ops[0].data, 0xdeadbeef00000000ull, "the store in its lanes");
  cr_assert(!r.tlb_hit && r.load_data == 0, "no TLB, no value");
  check_bus(&r, 0, false, LINE_BYTES, 0x80002000, 0, bus_cycle(MM_T_HIT, 0));
  assert_eq_hex(mm_mem_read64(rtl_mem, 0x80002000), 0x0123456789abcdefull, "memory: the line is dirty in the cache");
  r = rtl_m(MM_DATA_LOAD, 0x80002000, 8, 0);
  assert_eq_hex(r.load_data, 0xdeadbeef89abcdefull, "the word read back");
  cr_assert(r.cache_hit, "a hit");
  r = rtl_m(MM_DATA_CBO_FLUSH, 0x80002010, 0, 0);
  check_op(&r, MM_OP_CBO_FLUSH, MM_MT_MAIN, 0, 0x80002010, true, t_of(1), MM_T_HIT);
  check_bus(&r, 0, true, LINE_BYTES, 0x80002000, ~0ull, bus_cycle(MM_T_HIT, 0));
  assert_eq_hex(mm_mem_read64(rtl_mem, 0x80002000), 0xdeadbeef89abcdefull, "memory after CBO.FLUSH");
  r = rtl_m(MM_DATA_LOAD, 0x80002000, 8, 0);
  cr_assert(!r.cache_hit, "flushed: a miss");
}

/* Waveforms: a file opened at run time, dumped, closed. */
/* Software remaps a page with an M-mode store, which lands in the cached
 * line of the PTE (the walk brought it in); after the shootdown the next
 * walk reads the new PTE from the cache, on both sides, in lockstep. */
Test(rtl_smoke, data_pte_store_seen_by_next_walk, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  const uint64_t ad = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
  uint64_t slot = must_map(&b, 0x40005000, 0, pt_pte(0x80400000, ad));
  go();
  mm_req ld = {.va = 0x40005008, .type = MM_LOAD, .priv = MM_PRIV_S, .data_op = MM_DATA_LOAD, .size = 8};
  mm_obs m = both_request(0, &ld);
  assert_eq_hex(m.pa, 0x80400008, "pa before the remap");
  mm_req st = {.va = slot,
               .type = MM_STORE,
               .priv = MM_PRIV_M,
               .data_op = MM_DATA_STORE,
               .size = 8,
               .wdata = pt_pte(0x80500000, ad)};
  m = both_request(0, &st);
  cr_assert(m.cache_hit && m.n_bus == 0, "the PTE's line was cached by the walk: hit %d, %u bus transactions",
            m.cache_hit, m.n_bus);
  assert_eq_hex(mm_mem_read64(rtl_mem, slot), pt_pte(0x80400000, ad),
                "the RTL side's memory still holds the old PTE at %#" PRIx64, slot);
  assert_eq_hex(mm_mem_read64(model_mem, slot), pt_pte(0x80400000, ad),
                "the model's memory still holds the old PTE at %#" PRIx64, slot);
  fence(0, MM_FENCE_SFENCE_VMA, false, 0, false, 0);
  m = both_request(0, &ld);
  assert_eq_hex(m.pa, 0x80500008, "pa after the remap");
  cr_assert(m.n_ops == 4 && m.ops[2].hit, "the leaf's read hit the cache (%u accesses)", m.n_ops);
  assert_eq_hex(m.ops[2].data, pt_pte(0x80500000, ad), "the leaf read");
}

Test(rtl_smoke, waveform, .init = setup, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  must_map(&b, 0x40001000, 0, pt_pte(0x80400000, PTE_V | PTE_R | PTE_A));
  go();
  const char *path = "build/tests/test_rtl_smoke.fst";
  remove(path);
  cr_assert(rtl_trace_open(rtl, path), "cannot open %s", path);
  both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false);
  rtl_idle(rtl, 3);
  rtl_trace_close(rtl);
  both_access(0, 0x40001000, MM_LOAD, MM_PRIV_S, false); /* on without the trace */
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s was not written", path);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fclose(f);
  cr_assert_gt(size, 1000, "%s: %ld bytes", path, size);
}

/* Five 4 KiB pages through a 4-entry TLB: replacement by the PLRU tree. */
Test(rtl_smoke, tlb4_replacement, .init = setup_tlb4, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  for (uint64_t i = 0; i < 6; i++)
    must_map(&b, 0x40000000 + (i << 12), 0, pt_pte(0x80400000 + (i << 12), PTE_V | PTE_R | PTE_A));
  go();
  static const unsigned order[] = {0, 1, 2, 3, 0, 4, 1, 5, 2, 0, 3, 4, 5, 1, 0};
  for (unsigned k = 0; k < sizeof order / sizeof order[0]; k++)
    both_access(0, 0x40000000 + ((uint64_t)order[k] << 12), MM_LOAD, MM_PRIV_S, false);
}

/* The mutant build: bug 7 skips the A-only write-back, which the model makes. */
Test(rtl_smoke, mutant_is_seen, .init = setup_bug7, .fini = teardown, .timeout = 30) {
  pt_builder b = sv39();
  must_map(&b, 0x40001000, 0, pt_pte(0x80400000, PTE_V | PTE_R | PTE_W));
  go();
  mm_req req = {.va = 0x40001000, .type = MM_LOAD, .priv = MM_PRIV_S};
  mm_obs m, r;
  model_access(0, &req, &m);
  rtl_access(rtl, 0, &req, &rtl_bus, &r);
  cr_assert(m.n_ops == 4 && r.n_ops == 3, "bug 7: model %u accesses, rtl %u", m.n_ops, r.n_ops);
  cr_assert_str_eq(rtl_bug_name(7), "missed_a_writeback");
}

/* rtl/mutants.txt and rtl_bug_name() list the same bugs. */
Test(rtl_smoke, mutant_table) {
  FILE *f = fopen("rtl/mutants.txt", "r");
  cr_assert(f, "rtl/mutants.txt: cannot open (run from the repository root)");
  char line[512];
  unsigned n = 0;
  while (fgets(line, sizeof line, f)) {
    unsigned num;
    char name[128];
    if (sscanf(line, "%u %127s", &num, name) != 2) continue;
    n++;
    cr_assert_eq(num, n, "mutants.txt: bug %u out of order (line %u)", num, n);
    cr_assert_str_eq(rtl_bug_name(num), name, "bug %u: rtl_bug_name says %s, mutants.txt %s", num, rtl_bug_name(num),
                     name);
  }
  fclose(f);
  cr_assert_eq(n, rtl_bug_count(), "mutants.txt lists %u bugs, rtl_bug_count() %u", n, rtl_bug_count());
  cr_assert_geq(n, 15, "at least 15 injected bugs");
}
