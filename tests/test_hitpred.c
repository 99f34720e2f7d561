/*
 * The hit path's fast structures: the hit predictor in front of the TLB
 * (model/hitpred.h) and the PLRU trees kept as bits (model/plru.h).
 *
 * - Every fence kind that drops an entry ends its predictions, and only
 *   those; every CSR field the hit path reads changes the predictor's key.
 * - A random stream of accesses (V=0 and V=1, every privilege and access
 *   type, loads and stores with data), CSR writes and fences, run on two
 *   harts over two identical memories: one with its predictor, one whose
 *   predictor is emptied before every request (the full lookup and checks).
 *   Their observations and TLB states (valid entries, PLRU bits) must agree
 *   at every step, and the predictor must have served many hits.
 * - The PLRU bits, by the masked write (<= 64 ways) or the loop (more),
 *   against a tree of one byte per node written here from the rule.
 */
#include "testutil.h"

#include <criterion/parameterized.h>
#include <stdio.h>

#include "model/hitpred.h"
#include "model/plru.h"
#include "sw/lib/rng.h"

#define ROOT   0x80000000ull /* V=0 tables; the VS tables' GPA (at PA ROOT + VS_OFF) */
#define VS_OFF 0x100000000ull
#define GROOT  0x200000000ull
#define PAGES  24
#define VA0    0x400000ull    /* page k at VA0 + k * 4 KiB, V=0 and V=1 alike */
#define PA0    0x90000000ull  /* V=0 frame k; V=1 guest page k (GPA) */
#define HPA0   0x300000000ull /* V=1 frame k */
#define VRW    (PTE_V | PTE_R | PTE_W)
#define AD     (PTE_A | PTE_D)
#define ENV    (ENVCFG_ADUE | ENVCFG_PBMTE)

/* Page k's leaf bits: a mix of U, X-only, read-only and clean pages. */
static uint64_t leaf_bits(unsigned k) {
  uint64_t b = k % 5 == 0 ? (PTE_V | PTE_X) : k % 7 == 0 ? (PTE_V | PTE_R) : VRW;
  if (k % 2) b |= PTE_U;
  b |= k % 3 == 0 ? PTE_A : AD;
  return b;
}
/* Guest page k's G-stage leaf bits (always U). */
static uint64_t gleaf_bits(unsigned k) {
  uint64_t b = k % 4 == 1 ? (PTE_V | PTE_X) : k % 6 == 5 ? (PTE_V | PTE_R) : VRW;
  return b | PTE_U | (k % 5 == 2 ? PTE_A : AD);
}

/* The address spaces: Sv39 for V=0 (ASID 1), Sv39 over Sv39x4 for V=1. */
static void world(mm_mem *mem) {
  pt_builder s, g, vs;
  pt_init(&s, mem, ROOT, 3, 0, ROOT + 0x1000);
  pt_init(&g, mem, GROOT, 3, 2, GROOT + 0x4000);
  pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
  must_attach_g(&vs, &g, VS_OFF, VRW | PTE_U | AD);
  for (unsigned k = 0; k < PAGES; k++) {
    must_map(&s, VA0 + k * 0x1000ull, 0, pt_pte(PA0 + k * 0x1000ull, leaf_bits(k)));
    must_map(&vs, VA0 + k * 0x1000ull, 0, pt_pte(PA0 + k * 0x1000ull, leaf_bits(k) | PTE_U));
    must_map(&g, PA0 + k * 0x1000ull, 0, pt_pte(HPA0 + k * 0x1000ull, gleaf_bits(k)));
  }
}

static void hart_make(mm_hart *h, unsigned entries) {
  const char *why = NULL;
  mm_hart_params p = {.tlb_entries = entries, .mem_latency = 3};
  cr_assert(mm_hart_init(h, &p, &why), "mm_hart_init: %s", why ? why : "?");
  h->csrs.satp = atp_make(SATP_MODE_SV39, 1, ROOT);
  h->csrs.vsatp = atp_make(SATP_MODE_SV39, 1, ROOT);
  h->csrs.hgatp = atp_make(SATP_MODE_SV39, 1, GROOT);
  h->csrs.menvcfg = h->csrs.henvcfg = ENV;
}

static mm_mem *mem;
static mm_hart hart;

static void setup(void) {
  mem = mm_mem_new();
  world(mem);
  hart_make(&hart, 16);
}

static void teardown(void) {
  mm_hart_destroy(&hart);
  mm_mem_free(mem);
}

static mm_req req_of(uint64_t va, mm_access type, mm_priv priv, bool virt) {
  return (mm_req){.va = va, .type = type, .priv = priv, .virt = virt};
}

static mm_obs run(const mm_req *req) {
  mm_obs r;
  mm_hart_access(&hart, mem, req, &r);
  return r;
}

static const mm_hitpred_slot *predicted(const mm_req *req) {
  return mm_hitpred_find(&hart.pred, &hart.tlb, req->va, mm_hitpred_key(&hart.csrs, req));
}

/* ------------------------------------------------------------------------
 * Fences: a U-mode load of page 1 (V=0: U, RW, A and D set) or page 2 (V=1:
 * readable in both stages) walks, then hits by prediction; the fence either
 * drops its entry (the prediction ends, the next access walks) or not.
 */

/* Names are arrays: a parameter reaches the test's process by copy, where
 * the parent's pointers mean nothing. */
typedef struct fence_case {
  char name[40];
  bool virt; /* the entry's V */
  mm_fence fence;
  bool drops;
} fence_case;

#define PAGE_V0 (VA0 + 1 * 0x1000ull)
#define PAGE_V1 (VA0 + 2 * 0x1000ull)

static fence_case fence_cases[] = {
    {"sfence.vma all", false, {.kind = MM_FENCE_SFENCE_VMA}, true},
    {"sfence.vma its va", false, {.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = PAGE_V0 + 0xff8}, true},
    {"sfence.vma another va", false, {.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = PAGE_V1}, false},
    {"sfence.vma its asid", false, {.kind = MM_FENCE_SFENCE_VMA, .has_id = true, .id = 1}, true},
    {"sfence.vma another asid", false, {.kind = MM_FENCE_SFENCE_VMA, .has_id = true, .id = 2}, false},
    {"sfence.vma its va and asid",
     false,
     {.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = PAGE_V0, .has_id = true, .id = 1},
     true},
    {"sfence.vma leaves V=1 entries", true, {.kind = MM_FENCE_SFENCE_VMA}, false},
    {"hfence.vvma all", true, {.kind = MM_FENCE_HFENCE_VVMA}, true},
    {"hfence.vvma its va", true, {.kind = MM_FENCE_HFENCE_VVMA, .has_addr = true, .addr = PAGE_V1 + 8}, true},
    {"hfence.vvma another va", true, {.kind = MM_FENCE_HFENCE_VVMA, .has_addr = true, .addr = PAGE_V0}, false},
    {"hfence.vvma its asid", true, {.kind = MM_FENCE_HFENCE_VVMA, .has_id = true, .id = 1}, true},
    {"hfence.vvma leaves V=0 entries", false, {.kind = MM_FENCE_HFENCE_VVMA}, false},
    {"hfence.gvma all", true, {.kind = MM_FENCE_HFENCE_GVMA}, true},
    {"hfence.gvma its vmid", true, {.kind = MM_FENCE_HFENCE_GVMA, .has_id = true, .id = 1}, true},
    {"hfence.gvma another vmid", true, {.kind = MM_FENCE_HFENCE_GVMA, .has_id = true, .id = 3}, false},
    {"hfence.gvma a gpa", true, {.kind = MM_FENCE_HFENCE_GVMA, .has_addr = true, .addr = 0x12345000}, true},
    {"hfence.gvma leaves V=0 entries", false, {.kind = MM_FENCE_HFENCE_GVMA}, false},
};

ParameterizedTestParameters(hitpred, fence_ends_the_predictions_of_what_it_drops) {
  return cr_make_param_array(fence_case, fence_cases, sizeof fence_cases / sizeof fence_cases[0]);
}

ParameterizedTest(fence_case *c, hitpred, fence_ends_the_predictions_of_what_it_drops, .init = setup,
                  .fini = teardown) {
  mm_req req = req_of(c->virt ? PAGE_V1 : PAGE_V0, MM_LOAD, MM_PRIV_U, c->virt);
  mm_obs r = run(&req);
  cr_assert(r.ok && !r.tlb_hit, "%s: va %#" PRIx64 ": first access ok %d hit %d", c->name, req.va, r.ok, r.tlb_hit);
  cr_assert_null(predicted(&req), "%s: va %#" PRIx64 ": a walk recorded a prediction", c->name, req.va);
  r = run(&req); /* the full path's hit records it */
  cr_assert(r.ok && r.tlb_hit, "%s: va %#" PRIx64 ": second access ok %d hit %d", c->name, req.va, r.ok, r.tlb_hit);
  cr_assert_not_null(predicted(&req), "%s: va %#" PRIx64 ": the hit is not predicted", c->name, req.va);
  r = run(&req);
  cr_assert(r.ok && r.tlb_hit, "%s: va %#" PRIx64 ": predicted access ok %d hit %d", c->name, req.va, r.ok, r.tlb_hit);
  unsigned dropped = mm_hart_fence(&hart, NULL, &c->fence, NULL);
  cr_assert_eq(dropped, c->drops ? 1u : 0u, "%s: dropped %u", c->name, dropped);
  cr_assert_eq(predicted(&req) == NULL, c->drops, "%s: va %#" PRIx64 ": prediction %s", c->name, req.va,
               c->drops ? "survived the fence" : "ended by a fence that dropped nothing");
  r = run(&req);
  cr_assert(r.ok, "%s: va %#" PRIx64 ": cause %u after the fence", c->name, req.va, r.cause);
  cr_assert_eq(r.tlb_hit, !c->drops, "%s: va %#" PRIx64 ": tlb_hit %d after the fence", c->name, req.va, r.tlb_hit);
  cr_assert_eq(r.n_ops > 0, c->drops, "%s: va %#" PRIx64 ": %u accesses after the fence", c->name, req.va, r.n_ops);
}

/* A data FENCE leaves the TLB and its predictions alone. */
Test(hitpred, data_fence_keeps_predictions, .init = setup, .fini = teardown) {
  mm_req req = req_of(PAGE_V0, MM_LOAD, MM_PRIV_U, false);
  run(&req);
  run(&req);
  mm_mem_port mp = {.mem = mem, .latency = 3};
  mm_port port = mm_port_of_mem(&mp);
  mm_fence f = {.kind = MM_FENCE_DATA};
  mm_hart_fence(&hart, &port, &f, NULL);
  cr_assert_not_null(predicted(&req), "va %#" PRIx64 ": a FENCE ended the prediction", req.va);
}

/* A refill of the same entry index with another page ends the old page's prediction. */
Test(hitpred, replacing_the_entry_ends_its_prediction, .init = setup, .fini = teardown) {
  mm_hart_destroy(&hart);
  hart_make(&hart, 1);
  mm_req a = req_of(VA0 + 0x1000, MM_LOAD, MM_PRIV_U, false), b = req_of(VA0 + 0x3000, MM_LOAD, MM_PRIV_U, false);
  run(&a);
  run(&a);
  cr_assert_not_null(predicted(&a), "va %#" PRIx64 ": not predicted", a.va);
  mm_obs r = run(&b);
  cr_assert(r.ok && !r.tlb_hit && r.tlb_index == 0, "va %#" PRIx64 ": ok %d hit %d index %d", b.va, r.ok, r.tlb_hit,
            r.tlb_index);
  cr_assert_null(predicted(&a), "va %#" PRIx64 ": predicted from an entry that now holds va %#" PRIx64, a.va, b.va);
  r = run(&a);
  cr_assert(r.ok && !r.tlb_hit, "va %#" PRIx64 ": hit after its entry was replaced", a.va);
}

/* ------------------------------------------------------------------------
 * CSRs: after each write of a field the hit path reads, the recorded
 * prediction no longer matches (the key changed), and the access answers as
 * the full path does.
 */

typedef struct csr_case {
  char name[40];
  bool virt;
  mm_csr_id csr;
  uint64_t value; /* written over the default */
} csr_case;

static csr_case csr_cases[] = {
    {"mstatus.SUM", false, MM_CSR_MSTATUS, MSTATUS_SUM},
    {"mstatus.MXR", false, MM_CSR_MSTATUS, MSTATUS_MXR},
    {"satp.ASID", false, MM_CSR_SATP,
     (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT | 2ull << SATP_ASID_SHIFT | ROOT >> 12},
    {"satp.MODE Bare", false, MM_CSR_SATP, 0},
    {"satp.MODE Sv48", false, MM_CSR_SATP,
     (uint64_t)SATP_MODE_SV48 << SATP_MODE_SHIFT | 1ull << SATP_ASID_SHIFT | ROOT >> 12},
    {"vsstatus.SUM", true, MM_CSR_VSSTATUS, MSTATUS_SUM},
    {"vsstatus.MXR", true, MM_CSR_VSSTATUS, MSTATUS_MXR},
    {"mstatus.MXR, V=1", true, MM_CSR_MSTATUS, MSTATUS_MXR},
    {"vsatp.ASID", true, MM_CSR_VSATP,
     (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT | 2ull << SATP_ASID_SHIFT | ROOT >> 12},
    {"vsatp.MODE Bare", true, MM_CSR_VSATP, 0},
    {"hgatp.VMID", true, MM_CSR_HGATP,
     (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT | 2ull << HGATP_VMID_SHIFT | GROOT >> 12},
    {"hgatp.MODE Bare", true, MM_CSR_HGATP, 0},
};

ParameterizedTestParameters(hitpred, csr_write_changes_the_key) {
  return cr_make_param_array(csr_case, csr_cases, sizeof csr_cases / sizeof csr_cases[0]);
}

static uint64_t *csr_field(mm_csrs *c, mm_csr_id id) {
  switch (id) {
  case MM_CSR_SATP: return &c->satp;
  case MM_CSR_VSATP: return &c->vsatp;
  case MM_CSR_HGATP: return &c->hgatp;
  case MM_CSR_MSTATUS: return &c->mstatus;
  case MM_CSR_VSSTATUS: return &c->vsstatus;
  default: break;
  }
  cr_assert_fail("no such CSR in the case table: %d", (int)id);
  return NULL;
}

ParameterizedTest(csr_case *c, hitpred, csr_write_changes_the_key, .init = setup, .fini = teardown) {
  static const mm_access types[] = {MM_LOAD, MM_STORE, MM_FETCH};
  static const mm_priv privs[] = {MM_PRIV_U, MM_PRIV_S};
  unsigned recorded = 0;
  for (unsigned page = 0; page < 8; page++)
    for (unsigned t = 0; t < 3; t++)
      for (unsigned p = 0; p < 2; p++) {
        mm_hart_destroy(&hart);
        hart_make(&hart, 16);
        mm_req req = req_of(VA0 + page * 0x1000ull + 0x10, types[t], privs[p], c->virt);
        run(&req);
        mm_obs second = run(&req);
        if (second.tlb_hit) {
          cr_assert_not_null(predicted(&req), "%s: va %#" PRIx64 ": a hit left no prediction", c->name, req.va);
          recorded++;
        }
        uint64_t before = mm_hitpred_key(&hart.csrs, &req);
        *csr_field(&hart.csrs, c->csr) = c->value;
        uint64_t after = mm_hitpred_key(&hart.csrs, &req);
        cr_assert_neq(before, after, "%s: va %#" PRIx64 ": key %#" PRIx64 " unchanged", c->name, req.va, before);
        cr_assert_null(predicted(&req), "%s: va %#" PRIx64 ": still predicted after the write", c->name, req.va);
      }
  cr_assert_gt(recorded, 8, "%s: only %u of 48 requests hit (the test checks too little)", c->name, recorded);
}

/* ------------------------------------------------------------------------
 * The random stream against the full path.
 */

static void expect_same_op(const mm_memop *a, const mm_memop *b, const char *what, unsigned step, unsigned k) {
  cr_assert(a->kind == b->kind && a->hart == b->hart && a->stage == b->stage && a->level == b->level &&
                a->mt == b->mt && a->size == b->size && a->mask == b->mask && a->hit == b->hit && a->pa == b->pa &&
                a->data == b->data && a->cmp == b->cmp && a->old == b->old && a->cycles == b->cycles &&
                a->cycle == b->cycle,
            "%s, step %u, access %u: kind %u/%u pa %#" PRIx64 "/%#" PRIx64 " data %#" PRIx64 "/%#" PRIx64
            " cycle %u/%u differ",
            what, step, k, a->kind, b->kind, a->pa, b->pa, a->data, b->data, a->cycle, b->cycle);
}

static void expect_same_obs(const mm_obs *a, const mm_obs *b, const char *what, unsigned step) {
  cr_assert(a->ok == b->ok && a->cause == b->cause, "%s, step %u: ok %d/%d cause %u/%u", what, step, a->ok, b->ok,
            a->cause, b->cause);
  assert_eq_hex(a->pa, b->pa, "%s, step %u: pa", what, step);
  assert_eq_hex(a->gpa, b->gpa, "%s, step %u: gpa", what, step);
  assert_eq_hex(a->load_data, b->load_data, "%s, step %u: load data", what, step);
  cr_assert(a->pbmt == b->pbmt && a->tlb_hit == b->tlb_hit && a->mtype == b->mtype && a->cache_hit == b->cache_hit &&
                a->accept == b->accept && a->cycles == b->cycles && a->bare == b->bare &&
                a->tlb_index == b->tlb_index && a->n_ops == b->n_ops && a->n_bus == b->n_bus,
            "%s, step %u: pbmt %u/%u hit %d/%d index %d/%d cycles %u/%u accesses %u/%u bare %d/%d", what, step, a->pbmt,
            b->pbmt, a->tlb_hit, b->tlb_hit, a->tlb_index, b->tlb_index, a->cycles, b->cycles, a->n_ops, b->n_ops,
            a->bare, b->bare);
  for (unsigned k = 0; k < a->n_ops; k++)
    expect_same_op(&a->ops[k], &b->ops[k], what, step, k);
}

static void expect_same_tlb(const mm_tlb *a, const mm_tlb *b, unsigned step) {
  for (unsigned w = 0; w < MM_TLB_VALID_WORDS; w++) {
    assert_eq_hex(a->valid[w], b->valid[w], "step %u: valid entries, word %u", step, w);
    assert_eq_hex(a->plru[w], b->plru[w], "step %u: PLRU bits, word %u", step, w);
  }
}

/* One random CSR write among the fields the hit path reads. */
static void random_csr(rng *r, mm_csrs *c) {
  switch (rng_below(r, 7)) {
  case 0: c->mstatus ^= MSTATUS_SUM; break;
  case 1: c->mstatus ^= MSTATUS_MXR; break;
  case 2: c->vsstatus ^= MSTATUS_SUM; break;
  case 3: c->vsstatus ^= MSTATUS_MXR; break;
  case 4:
    c->satp = atp_make(rng_below(r, 8) ? SATP_MODE_SV39 : SATP_MODE_BARE, (uint16_t)(1 + rng_below(r, 2)), ROOT);
    break;
  case 5: c->vsatp = atp_make(SATP_MODE_SV39, (uint16_t)(1 + rng_below(r, 2)), ROOT); break;
  default: c->hgatp = atp_make(SATP_MODE_SV39, (uint16_t)(1 + rng_below(r, 2)), GROOT); break;
  }
}

static mm_fence random_fence(rng *r) {
  mm_fence f = {.kind = (mm_fence_kind)rng_below(r, 4)};
  f.has_addr = rng_below(r, 2);
  f.addr = f.kind == MM_FENCE_HFENCE_GVMA ? PA0 + rng_below(r, PAGES) * 0x1000 : VA0 + rng_below(r, PAGES) * 0x1000;
  f.has_id = rng_below(r, 2);
  f.id = (uint16_t)(1 + rng_below(r, 2));
  return f;
}

Test(hitpred, random_stream_agrees_with_the_full_path) {
  uint64_t seed = 0x5eed16;
  printf("hitpred random stream: seed %#" PRIx64 "\n", seed);
  fflush(stdout);
  rng r;
  rng_seed(&r, seed);
  static const unsigned sizes[] = {1, 4, 16, 128};
  unsigned predicted_hits = 0, steps = 0;
  for (unsigned si = 0; si < 4; si++) {
    mm_mem *ma = mm_mem_new(), *mb = mm_mem_new();
    world(ma);
    world(mb);
    mm_hart a, b;
    hart_make(&a, sizes[si]);
    hart_make(&b, sizes[si]);
    mm_mem_port pa = {.mem = ma, .latency = 3}, pb = {.mem = mb, .latency = 3};
    mm_port porta = mm_port_of_mem(&pa), portb = mm_port_of_mem(&pb);
    mm_req recent[8];
    for (unsigned k = 0; k < 8; k++)
      recent[k] = (mm_req){.va = VA0 + k * 0x1000ull, .type = MM_LOAD, .priv = MM_PRIV_U};
    for (unsigned step = 0; step < 20000; step++, steps++) {
      unsigned what = rng_below(&r, 100);
      if (what < 1) {
        random_csr(&r, &a.csrs);
        b.csrs = a.csrs;
        continue;
      }
      if (what < 2) {
        mm_fence f = random_fence(&r);
        mm_obs fa, fb;
        unsigned da = mm_hart_fence(&a, &porta, &f, &fa), db = mm_hart_fence(&b, &portb, &f, &fb);
        cr_assert_eq(da, db, "seed %#" PRIx64 " step %u: %s dropped %u and %u", seed, steps, mm_fence_name(f.kind), da,
                     db);
        expect_same_tlb(&a.tlb, &b.tlb, steps);
        continue;
      }
      static const mm_access types[] = {MM_LOAD, MM_STORE, MM_FETCH};
      static const uint8_t data_ops[] = {MM_DATA_LOAD, MM_DATA_STORE, MM_DATA_FETCH};
      static const mm_priv privs[] = {MM_PRIV_U, MM_PRIV_S, MM_PRIV_M};
      mm_req req;
      unsigned slot = rng_below(&r, 8);
      if (rng_below(&r, 8)) { /* most requests repeat one of 8 recent ones at another offset, as programs do */
        req = recent[slot];
        req.va = (req.va & ~0xfffull) | (rng_below(&r, 512) << 3);
        req.wdata = rng_next(&r);
      } else {
        unsigned t = rng_below(&r, 3);
        req = (mm_req){.va = VA0 + rng_below(&r, PAGES + 2) * 0x1000 + (rng_below(&r, 512) << 3),
                       .type = types[t],
                       .priv = privs[rng_below(&r, 10) == 0 ? 2 : rng_below(&r, 2)],
                       .virt = rng_below(&r, 3) == 0,
                       .data_op = rng_below(&r, 2) ? data_ops[t] : MM_DATA_NONE,
                       .size = (uint8_t)(1u << rng_below(&r, 4)),
                       .wdata = rng_next(&r)};
        recent[slot] = req;
      }
      if (rng_below(&r, 16) == 0) req.va |= 1; /* misaligned for sizes above 1 */
      if (req.priv == MM_PRIV_M) req.virt = false;
      req.hlvx = req.virt && req.type == MM_LOAD && rng_below(&r, 4) == 0; /* HLVX: X for R at both stages */
      predicted_hits += mm_hitpred_find(&a.pred, &a.tlb, req.va, mm_hitpred_key(&a.csrs, &req)) != NULL && !a.cov;
      mm_obs oa, ob;
      if (step % 2) {
        mm_hart_access_port(&a, &porta, &req, &oa);
      } else {
        mm_job job;
        cr_assert(mm_hart_begin(&a, &job, &porta, &req, &oa), "step %u: the memory port made the request wait", steps);
      }
      mm_hitpred_clear(&b.pred);
      mm_hart_access_port(&b, &portb, &req, &ob);
      char what_s[96];
      snprintf(what_s, sizeof what_s, "seed %#" PRIx64 ", %u entries, va %#" PRIx64, seed, sizes[si], req.va);
      expect_same_obs(&oa, &ob, what_s, steps);
      expect_same_tlb(&a.tlb, &b.tlb, steps);
    }
    mm_hart_destroy(&a);
    mm_hart_destroy(&b);
    mm_mem_free(ma);
    mm_mem_free(mb);
  }
  cr_assert_gt(predicted_hits, steps / 8, "seed %#" PRIx64 ": only %u of %u steps were predicted hits", seed,
               predicted_hits, steps);
}

/* ------------------------------------------------------------------------
 * PLRU bits against a tree of one byte per node, from the rule of plru.h:
 * a touch points every node on the way's path away from it; the victim
 * follows the nodes from the root.
 */

static void byte_touch(uint8_t *tree, unsigned n, unsigned i) {
  for (unsigned node = n + i; node > 1; node /= 2)
    tree[node / 2] = node % 2 == 0;
}

static unsigned byte_victim(const uint8_t *tree, unsigned n) {
  unsigned node = 1;
  while (node < n)
    node = 2 * node + tree[node];
  return node - n;
}

Test(plru, bits_agree_with_a_byte_tree) {
  uint64_t seed = 0x91a5;
  printf("plru bits: seed %#" PRIx64 "\n", seed);
  rng r;
  rng_seed(&r, seed);
  for (unsigned n = 1; n <= 256; n *= 2) {
    uint8_t tree[256] = {0};
    uint64_t words[4] = {0}, word = 0, path[64], value[64];
    for (unsigned i = 0; i < n && n <= 64; i++)
      plru_bits_path(n, i, &path[i], &value[i]);
    for (unsigned k = 0; k < 4000; k++) {
      unsigned i = (unsigned)rng_below(&r, n);
      byte_touch(tree, n, i);
      plru_bits_touch(words, n, i);
      if (n <= 64) word = (word & ~path[i]) | value[i];
      unsigned want = byte_victim(tree, n);
      cr_assert_eq(plru_bits_victim(words, n), want, "n %u, touch %u of way %u: victim %u, want %u", n, k, i,
                   plru_bits_victim(words, n), want);
      if (n <= 64) {
        assert_eq_hex(word, words[0], "n %u, touch %u of way %u: the masked write", n, k, i);
      }
    }
  }
}
