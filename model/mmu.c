#include "mmu.h"

#include <assert.h>
#include <stddef.h>

#include "pte.h"

bool mm_hart_init(mm_hart *hart, const mm_hart_params *params, const char **why) {
  *hart = (mm_hart){0};
  if (params->mem_latency < 1 || params->mem_latency > MM_LATENCY_MAX) {
    *why = "memory latency must be 1.." MM_STR(MM_LATENCY_MAX) " cycles";
    return false;
  }
  if (!mm_tlb_init(&hart->tlb, params->tlb_entries)) {
    *why = "TLB entries must be a power of two, 1.." MM_STR(MM_TLB_MAX_ENTRIES);
    return false;
  }
  if (params->id >= MM_MAX_HARTS) {
    *why = "hart number must be 0.." MM_STR(MM_MAX_HARTS) " - 1";
    return false;
  }
  hart->mem_latency = params->mem_latency;
  hart->id = params->id;
  return true;
}

void mm_hart_destroy(mm_hart *hart) { mm_tlb_destroy(&hart->tlb); }

unsigned mm_walk_cycles(unsigned n_ops, unsigned lat) { return MM_T_WALK + n_ops * (lat + MM_T_PER_OP); }

static bool translation_bare(const mm_csrs *c, bool virt) {
  if (!virt) return atp_mode(c->satp) == SATP_MODE_BARE;
  return atp_mode(c->vsatp) == SATP_MODE_BARE && atp_mode(c->hgatp) == SATP_MODE_BARE;
}

static mm_tlb_tag tag_of(const mm_csrs *c, const mm_req *req) {
  return (mm_tlb_tag){
      .virt = req->virt,
      .asid = satp_asid(req->virt ? c->vsatp : c->satp),
      .vmid = req->virt ? hgatp_vmid(c->hgatp) : 0,
      .va = req->va,
  };
}

/* The hit path: the walk's leaf checks, against the entry's saved leaves.
 * Returns false when the entry cannot serve the access (a store to a clean
 * page), which then walks. */
static bool serve_hit(const mm_hart *hart, const mm_tlb_entry *e, const mm_req *req, mm_obs *out) {
  const mm_csrs *c = &hart->csrs;
  uint64_t offset = req->va & ((1ull << e->shift) - 1);
  if (e->leaf_pte &&
      !mm_leaf_allows(e->leaf_pte, req->type, req->priv, mm_eff_sum(c, req->virt), mm_eff_mxr_vs(c, req->virt))) {
    out->cause = mm_page_fault_cause(req->type);
    return true;
  }
  if (e->gleaf_pte && !mm_gleaf_allows(e->gleaf_pte, req->type, mm_eff_mxr_g(c))) {
    out->cause = mm_guest_page_fault_cause(req->type);
    out->gpa = e->gpa | offset;
    return true;
  }
  if (req->type == MM_STORE && ((e->leaf_pte && !(e->leaf_pte & PTE_D)) || (e->gleaf_pte && !(e->gleaf_pte & PTE_D))))
    return false;
  out->ok = true;
  out->pa = e->pa | offset;
  out->pbmt = e->pbmt;
  return true;
}

/* The TLB's part of a request: true when it answered (bare, or a hit). */
static bool try_without_walk(mm_hart *hart, const mm_req *req, mm_obs *out) {
  mm_obs_reset(out);
  out->cycles = MM_T_HIT;
  if (translation_bare(&hart->csrs, req->virt)) {
    out->ok = true;
    out->bare = true;
    out->pa = req->va;
    return true;
  }
  mm_tlb_tag tag = tag_of(&hart->csrs, req);
  int hit = mm_tlb_lookup(&hart->tlb, &tag);
  if (hit < 0 || !serve_hit(hart, &hart->tlb.e[hit], req, out)) return false;
  out->tlb_hit = true;
  out->tlb_index = hit;
  mm_tlb_touch(&hart->tlb, (unsigned)hit);
  return true;
}

/* After the walk (its accesses already in out->ops): their hart and cycles,
 * the outcome, the fill. */
static void finish_walk(mm_hart *hart, const mm_req *req, const mm_walk *w, mm_obs *out) {
  unsigned cycle = MM_T_FIRST_OP;
  out->n_ops = w->n_ops;
  for (unsigned i = 0; i < w->n_ops; i++) {
    out->ops[i].hart = (uint8_t)hart->id;
    out->ops[i].cycle = cycle;
    cycle += out->ops[i].cycles + MM_T_PER_OP;
  }
  out->cycles = MM_T_WALK - MM_T_FIRST_OP + cycle;
  out->ok = w->ok;
  if (!w->ok) {
    out->cause = w->cause;
    out->gpa = w->gpa;
    return;
  }
  out->pa = w->pa;
  out->pbmt = w->pbmt;
  mm_tlb_tag tag = tag_of(&hart->csrs, req);
  uint64_t page = ~((1ull << w->shift) - 1);
  mm_tlb_entry fill = {
      .virt = req->virt,
      .global = w->global,
      .asid = tag.asid,
      .vmid = tag.vmid,
      .shift = w->shift,
      .pbmt = w->pbmt,
      .va = req->va & page,
      .pa = w->pa & page,
      .gpa = w->gpa_final & page,
      .leaf_pte = w->leaf_pte,
      .gleaf_pte = w->gleaf_pte,
  };
  out->tlb_index = (int)mm_tlb_fill(&hart->tlb, &fill);
}

void mm_hart_access_port(mm_hart *hart, const mm_port *port, const mm_req *req, mm_obs *out) {
  if (try_without_walk(hart, req, out)) return;
  mm_walk w;
  mm_walk_start(&w);
  bool done = mm_walk_run_into(&w, out->ops, &hart->csrs, req, port);
  assert(done && "mm_hart_access_port: the port made the walk wait");
  (void)done;
  finish_walk(hart, req, &w, out);
}

void mm_hart_access(mm_hart *hart, mm_mem *mem, const mm_req *req, mm_obs *out) {
  mm_mem_port p = {.mem = mem, .latency = hart->mem_latency};
  mm_port port = mm_port_of_mem(&p);
  mm_hart_access_port(hart, &port, req, out);
}

unsigned mm_hart_fence(mm_hart *hart, const mm_fence *fence, mm_obs *out) {
  if (out) {
    mm_obs_reset(out);
    out->ok = true;
    out->cycles = MM_T_FENCE;
  }
  return mm_tlb_fence(&hart->tlb, fence, hgatp_vmid(hart->csrs.hgatp));
}
