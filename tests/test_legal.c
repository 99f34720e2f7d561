/*
 * What a hart's TLBs may legally hold (tb/cosim/legal.h), the timing-free
 * comparison's memory: a translation a walk made answers later requests of
 * its page with the permissions of now, until a fence that covers it; a
 * changed PTE does not change what an entry answers; each fence scope drops
 * exactly what it covers.
 */
#include <criterion/criterion.h>
#include <inttypes.h>

#include "model/mem.h"
#include "model/pte.h"
#include "sw/lib/pt.h"
#include "tb/cosim/legal.h"
#include "testutil.h"

#define ROOT   0x80000000ull
#define VA     0x40201000ull
#define PA     0x90004000ull
#define ASID   0x5a
#define S_BITS (PTE_V | PTE_A | PTE_D)

typedef struct rig {
  mm_mem *mem;
  pt_builder pt;
  mm_csrs csrs;
  legal_set set;
} rig;

static void rig_init(rig *g, uint64_t leaf_bits) {
  g->mem = mm_mem_new();
  cr_assert_not_null(g->mem);
  pt_init(&g->pt, g->mem, ROOT, 3, 0, ROOT + 0x1000);
  must_map(&g->pt, VA, 0, pt_pte(PA, S_BITS | leaf_bits));
  g->csrs = (mm_csrs){.satp = atp_make(SATP_MODE_SV39, ASID, ROOT)};
  legal_init(&g->set, 1);
}

static void rig_fini(rig *g) {
  legal_free(&g->set);
  mm_mem_free(g->mem);
}

static mm_req load(uint64_t va, mm_access type) {
  return (mm_req){.va = va, .type = type, .priv = MM_PRIV_S, .size = 8};
}

/* The walk of req now, made legal. */
static void walk_and_add(rig *g, const mm_req *req, mm_walk *w) {
  mm_walk_translate(&g->csrs, g->mem, req, w);
  cr_assert(legal_add(&g->set, 0, &g->csrs, req, w), "out of memory");
}

/* Whether the set gives answer (ok, pa) to req. */
static bool gives(rig *g, const mm_req *req, bool ok, uint64_t pa, uint8_t cause) {
  mm_obs o;
  mm_obs_reset(&o);
  o.ok = ok;
  o.pa = ok ? pa : 0;
  o.cause = ok ? 0 : cause;
  mm_walk expect;
  unsigned applicable;
  return legal_hit(&g->set, 0, &g->csrs, req, &o, ~0ull, &expect, &applicable);
}

Test(legal, a_walked_page_answers_other_offsets_and_nothing_else) {
  rig g;
  rig_init(&g, PTE_R | PTE_W);
  mm_walk w;
  mm_req r = load(VA + 0x10, MM_LOAD);
  walk_and_add(&g, &r, &w);
  cr_assert(w.ok, "the walk of va %#" PRIx64 " faulted", r.va);
  mm_req other = load(VA + 0xff8, MM_STORE);
  cr_assert(gives(&g, &other, true, PA + 0xff8, 0), "va %#" PRIx64 ": the entry's answer refused", other.va);
  cr_assert_not(gives(&g, &other, true, PA + 0x1ff8, 0), "va %#" PRIx64 ": a wrong pa taken", other.va);
  mm_req next = load(VA + 0x1000, MM_LOAD);
  cr_assert_not(gives(&g, &next, true, PA + 0x1000, 0), "va %#" PRIx64 ": the next page answered", next.va);
  rig_fini(&g);
}

Test(legal, permissions_are_those_of_now) {
  rig g;
  rig_init(&g, PTE_X);
  g.csrs.mstatus = MSTATUS_MXR;
  mm_walk w;
  mm_req r = load(VA, MM_LOAD);
  walk_and_add(&g, &r, &w);
  cr_assert(w.ok, "an execute-only page with MXR set: va %#" PRIx64 " faulted", r.va);
  cr_assert(gives(&g, &r, true, PA, 0), "va %#" PRIx64 ": MXR set, the load must translate", r.va);
  g.csrs.mstatus = 0; /* MXR cleared: no fence needed for it to count */
  cr_assert_not(gives(&g, &r, true, PA, 0), "va %#" PRIx64 ": MXR clear, a load of an X page translated", r.va);
  cr_assert(gives(&g, &r, false, 0, CAUSE_LOAD_PAGE_FAULT), "va %#" PRIx64 ": the fault refused", r.va);
  rig_fini(&g);
}

Test(legal, a_changed_pte_leaves_the_old_translation_legal_until_a_fence) {
  rig g;
  rig_init(&g, PTE_R | PTE_W);
  mm_walk w;
  mm_req r = load(VA + 8, MM_LOAD);
  walk_and_add(&g, &r, &w);
  must_map(&g.pt, VA, 0, pt_pte(PA + 0x10000, S_BITS | PTE_R)); /* remapped, without a fence */
  cr_assert(gives(&g, &r, true, PA + 8, 0), "va %#" PRIx64 ": the old translation is still legal", r.va);
  mm_fence f = {.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = VA + 0x800};
  cr_assert_eq(legal_fence(&g.set, 0, &g.csrs, &f), 1u, "the fence by address dropped nothing");
  cr_assert_not(gives(&g, &r, true, PA + 8, 0), "va %#" PRIx64 ": stale after the fence", r.va);
  rig_fini(&g);
}

Test(legal, a_store_that_must_set_d_cannot_hit) {
  rig g;
  rig_init(&g, PTE_R | PTE_W);
  must_map(&g.pt, VA, 0, pt_pte(PA, PTE_V | PTE_A | PTE_R | PTE_W)); /* D clear */
  g.csrs.menvcfg = ENVCFG_ADUE;
  mm_walk w;
  mm_req r = load(VA, MM_LOAD);
  walk_and_add(&g, &r, &w);
  mm_req st = load(VA + 0x20, MM_STORE);
  cr_assert_not(gives(&g, &st, true, PA + 0x20, 0), "va %#" PRIx64 ": a store hit an entry with D clear", st.va);
  cr_assert(gives(&g, &r, true, PA, 0), "va %#" PRIx64 ": the load's own hit refused", r.va);
  rig_fini(&g);
}

Test(legal, fence_scopes) {
  rig g;
  rig_init(&g, PTE_R);
  mm_walk w;
  mm_req r = load(VA, MM_LOAD);
  walk_and_add(&g, &r, &w);
  mm_fence other_asid = {.kind = MM_FENCE_SFENCE_VMA, .has_id = true, .id = ASID + 1};
  cr_assert_eq(legal_fence(&g.set, 0, &g.csrs, &other_asid), 0u, "another ASID's fence dropped it");
  mm_fence other_page = {.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = VA + 0x1000};
  cr_assert_eq(legal_fence(&g.set, 0, &g.csrs, &other_page), 0u, "another page's fence dropped it");
  mm_fence vvma = {.kind = MM_FENCE_HFENCE_VVMA};
  cr_assert_eq(legal_fence(&g.set, 0, &g.csrs, &vvma), 0u, "HFENCE.VVMA dropped a V=0 entry");
  mm_fence gvma = {.kind = MM_FENCE_HFENCE_GVMA};
  cr_assert_eq(legal_fence(&g.set, 0, &g.csrs, &gvma), 0u, "HFENCE.GVMA dropped a V=0 entry");
  cr_assert(gives(&g, &r, true, PA, 0), "va %#" PRIx64 ": dropped by a fence that does not cover it", r.va);
  /* another ASID in satp: not this entry's context */
  g.csrs.satp = atp_make(SATP_MODE_SV39, ASID + 1, ROOT);
  cr_assert_not(gives(&g, &r, true, PA, 0), "va %#" PRIx64 ": answered for another ASID", r.va);
  g.csrs.satp = atp_make(SATP_MODE_SV39, ASID, ROOT);
  mm_fence mine = {.kind = MM_FENCE_SFENCE_VMA, .has_id = true, .id = ASID};
  cr_assert_eq(legal_fence(&g.set, 0, &g.csrs, &mine), 1u, "its own ASID's fence kept it");
  rig_fini(&g);
}

Test(legal, global_entries_survive_an_asid_fence_and_serve_every_asid) {
  rig g;
  rig_init(&g, PTE_R | PTE_G);
  mm_walk w;
  mm_req r = load(VA, MM_LOAD);
  walk_and_add(&g, &r, &w);
  mm_fence mine = {.kind = MM_FENCE_SFENCE_VMA, .has_id = true, .id = ASID};
  cr_assert_eq(legal_fence(&g.set, 0, &g.csrs, &mine), 0u, "an ASID fence dropped a global entry");
  g.csrs.satp = atp_make(SATP_MODE_SV39, 0x7fff, ROOT);
  cr_assert(gives(&g, &r, true, PA, 0), "va %#" PRIx64 ": a global entry refused for another ASID", r.va);
  mm_fence all = {.kind = MM_FENCE_SFENCE_VMA};
  cr_assert_eq(legal_fence(&g.set, 0, &g.csrs, &all), 1u, "SFENCE.VMA x0, x0 kept a global entry");
  rig_fini(&g);
}
