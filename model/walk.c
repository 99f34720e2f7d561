/*
 * The walk follows the specification's numbered steps (privileged spec
 * 4.3.2, "Virtual Address Translation Process"); comments name them. One loop,
 * walk_stage(), serves Sv39, Sv48 and the G-stage's Sv39x4 and Sv48x4: the
 * stage's {root, levels, widened root index} come from stage_config(), in the
 * manner of Spike's decode_vm_info(). In a two-stage walk every VS-stage PTE
 * address goes through the G-stage before it is read (9.5).
 */
#include "walk.h"

#include <assert.h>
#include <string.h>

#include "pte.h"

typedef mm_stage_config stage_config;

typedef mm_stage_leaf stage_leaf;

typedef struct walker {
  const mm_csrs *csrs;
  const mm_port *port;
  const mm_req *req;
  mm_walk *out;
  mm_memop *log;         /* where the accesses go: out->ops, or the caller's (mm_walk_run_into) */
  const stage_config *g; /* the G-stage, when g_on */
  bool g_on;
  bool restart; /* an A/D update found its PTE changed: translate again */
  int vs_level; /* the VS-stage level whose PTE the G-stage translates now; -1: the final address */
  bool early_g; /* MM_CHOICE_G_BEFORE_PRIV: the final address's G-stage leaf is in gleaf already */
  stage_leaf gleaf;
  bool suspended;      /* the port has not answered ops[n_ops - 1]: stop, resume by replay */
  unsigned gdone_next; /* the replay's next finished G-stage translation (out->gdone) */
} walker;

uint8_t mm_page_fault_cause(mm_access type) {
  static const uint8_t cause[] = {CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, CAUSE_FETCH_PAGE_FAULT};
  return cause[type];
}

uint8_t mm_guest_page_fault_cause(mm_access type) {
  static const uint8_t cause[] = {CAUSE_LOAD_GUEST_PAGE_FAULT, CAUSE_STORE_GUEST_PAGE_FAULT,
                                  CAUSE_FETCH_GUEST_PAGE_FAULT};
  return cause[type];
}

const char *mm_access_name(mm_access type) {
  static const char *name[] = {"r", "w", "x"};
  return name[type];
}

bool mm_csr_by_name(const char *name, mm_csr_id *id) {
  static const char *names[] = {"satp", "vsatp", "hgatp", "mstatus", "vsstatus", "menvcfg", "henvcfg"};
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strcmp(name, names[i]) == 0) {
      *id = (mm_csr_id)i;
      return true;
    }
  }
  return false;
}

static bool mode_supported(uint64_t atp) {
  unsigned mode = atp_mode(atp);
  return mode == SATP_MODE_BARE || mode == SATP_MODE_SV39 || mode == SATP_MODE_SV48;
}

static uint64_t keep_mode_if_unsupported(uint64_t value, uint64_t old) {
  if (mode_supported(value)) return value;
  return (value & ~(0xfull << SATP_MODE_SHIFT)) | ((uint64_t)atp_mode(old) << SATP_MODE_SHIFT);
}

bool mm_csr_write(mm_csrs *csrs, mm_csr_id id, uint64_t value) {
  switch (id) {
  case MM_CSR_SATP:
    /* "the entire write has no effect; no fields in satp are modified" */
    if (!mode_supported(value)) return false;
    csrs->satp = value;
    return true;
  case MM_CSR_VSATP:
    /* Unlike satp's, vsatp's and hgatp's fields are WARL one by one: an
     * unsupported MODE keeps the old MODE and the rest is written (the H
     * extension's text of 20211203, and Spike). */
    csrs->vsatp = keep_mode_if_unsupported(value, csrs->vsatp);
    return true;
  case MM_CSR_HGATP:
    /* VMIDLEN is 14 (bits 59:58 read as zero); the root is 16 KiB aligned. */
    csrs->hgatp = keep_mode_if_unsupported(value, csrs->hgatp) & ~(3ull << 58) & ~3ull;
    return true;
  case MM_CSR_MSTATUS: csrs->mstatus = value; return true;
  case MM_CSR_VSSTATUS: csrs->vsstatus = value; return true;
  case MM_CSR_MENVCFG: csrs->menvcfg = value; return true;
  case MM_CSR_HENVCFG: {
    /* A bit tied to menvcfg is read-only zero while menvcfg's is clear: the
     * write leaves its stored value, which shows again once menvcfg sets it. */
    uint64_t writable = ~ENVCFG_TIED_TO_MENVCFG | csrs->menvcfg;
    csrs->henvcfg = (value & writable) | (csrs->henvcfg & ~writable);
    return true;
  }
  }
  return false;
}

/* decode_vm_info(): false when the stage is Bare. */
static bool stage_config_of(const mm_csrs *csrs, mm_stage stage, stage_config *cfg) {
  uint64_t atp = stage == MM_STAGE_S ? csrs->satp : stage == MM_STAGE_VS ? csrs->vsatp : csrs->hgatp;
  unsigned mode = atp_mode(atp);
  if (mode != SATP_MODE_SV39 && mode != SATP_MODE_SV48) return false;
  /* henvcfg's bits read as zero while menvcfg's are clear. */
  uint64_t envcfg = stage == MM_STAGE_VS ? (csrs->henvcfg & csrs->menvcfg) : csrs->menvcfg;
  cfg->stage = stage;
  cfg->levels = mode == SATP_MODE_SV39 ? 3 : 4;
  cfg->widen = stage == MM_STAGE_G ? 2 : 0;
  cfg->root = (stage == MM_STAGE_G ? atp_ppn(atp) & ~3ull : atp_ppn(atp)) << PAGE_SHIFT;
  cfg->pbmte = (envcfg & ENVCFG_PBMTE) != 0;
  cfg->adue = (envcfg & ENVCFG_ADUE) != 0;
  return true;
}

/* Raises the stage's fault: a page fault, or for the G-stage a guest-page
 * fault of the original access type at the guest physical address gpa. */
static bool stage_fault(walker *w, const stage_config *cfg, uint64_t gpa) {
  w->out->ok = false;
  if (cfg->stage == MM_STAGE_G) {
    w->out->cause = mm_guest_page_fault_cause(w->req->type);
    w->out->gpa = gpa;
  } else {
    w->out->cause = mm_page_fault_cause(w->req->type);
  }
  return false;
}

static bool stage_fault_at(walker *w, const stage_config *cfg, uint64_t gpa, mm_fault_reason why, int level,
                           uint64_t pte) {
  w->out->fault_reason = (uint8_t)why;
  w->out->fault_pte = pte;
  w->out->fault_stage = (uint8_t)cfg->stage;
  w->out->fault_level = (int8_t)level;
  return stage_fault(w, cfg, gpa);
}

/* One access at the port (kind, pa; data and cmp for a swap): answered from
 * the replay log when the walk has been here before, else by the port. Null
 * when the walk must suspend. */
static inline const mm_memop *port_access(walker *w, mm_op_kind kind, mm_stage stage, int level, uint64_t pa,
                                          uint64_t data, uint64_t cmp) {
  mm_walk *out = w->out;
  assert(out->n_ops < MM_WALK_MAX_OPS);
  mm_memop *op = &w->log[out->n_ops++];
  if (out->n_ops <= out->n_answered) {
    /* Replay: the same access as before, whose answer is in the log. */
    assert(op->kind == kind && op->pa == pa && op->cmp == cmp && (kind != MM_OP_CAS || op->data == data) &&
           "a replayed walk made a different access");
    return op;
  }
  op->kind = (uint8_t)kind;
  op->stage = (uint8_t)stage;
  op->level = (uint8_t)level;
  op->mt = MM_MT_MAIN; /* page tables are main memory, wherever they are (DESIGN.md) */
  op->size = 8;
  op->mask = 0;
  op->hit = 0;
  op->pa = pa;
  op->data = data;
  op->cmp = cmp;
  op->old = 0;
  if (!w->port->access(w->port->ctx, op)) {
    w->suspended = true;
    return NULL;
  }
  out->n_answered = out->n_ops;
  return op;
}

/* Step 2's read of a PTE. False when the walk suspends. */
static bool pte_read(walker *w, mm_stage stage, int level, uint64_t pa, uint64_t *pte) {
  const mm_memop *op = port_access(w, MM_OP_READ, stage, level, pa, 0, 0);
  if (!op) return false;
  *pte = op->data;
  return true;
}

/* The atomic A/D update: compare-and-swap of the PTE read (cmp) for pte.
 * False when it did not take effect (memory no longer held cmp: w->restart)
 * or the walk suspends. */
static bool pte_update(walker *w, mm_stage stage, int level, uint64_t pa, uint64_t cmp, uint64_t pte) {
  const mm_memop *op = port_access(w, MM_OP_CAS, stage, level, pa, pte, cmp);
  if (!op) return false;
  if (op->old == cmp) return true;
  w->restart = true;
  return false;
}

/*
 * Steps 6 and 8 for a leaf already found: the permission check for an access
 * of kind perm, then the A/D update. For a VS-stage leaf, holder is the
 * G-stage leaf of the page holding the PTE: writing the PTE is an implicit
 * store to that page, checked (and its A/D set) first. fault_addr is what a
 * G-stage fault reports.
 */
static bool leaf_access(walker *w, const stage_config *cfg, stage_leaf *leaf, stage_leaf *holder, mm_access perm,
                        bool implicit, uint64_t fault_addr) {
  uint64_t pte = leaf->pte;
  bool allowed;
  bool hlvx = w->req->hlvx && !implicit && perm == MM_LOAD; /* the access's own leaves, not a table read */
  if (cfg->stage == MM_STAGE_G) {
    /* mstatus.MXR does not apply to implicit reads of VS-stage tables (unless MM_CHOICE_MXR_IMPLICIT). */
    bool mxr = (!implicit || (w->csrs->choices & MM_CHOICE_MXR_IMPLICIT)) && mm_eff_mxr_g(w->csrs);
    allowed = hlvx ? mm_gleaf_allows_hlvx(pte) : mm_gleaf_allows(pte, perm, mxr);
  } else {
    bool virt = w->req->virt;
    allowed = hlvx ? mm_leaf_allows_hlvx(pte, w->req->priv, mm_eff_sum(w->csrs, virt))
                   : mm_leaf_allows(pte, perm, w->req->priv, mm_eff_sum(w->csrs, virt), mm_eff_mxr_vs(w->csrs, virt));
  }
  if (!allowed) return stage_fault_at(w, cfg, fault_addr, MM_FR_PERMISSION, leaf->level, pte);

  /* Step 8: A must be set, and D for a store. */
  bool store = perm == MM_STORE;
  if ((pte & PTE_A) && (!store || (pte & PTE_D))) return true;
  if (!cfg->adue) return stage_fault_at(w, cfg, fault_addr, MM_FR_AD, leaf->level, pte);
  if (holder && !leaf_access(w, w->g, holder, NULL, MM_STORE, true, leaf->pte_gpa)) return false;
  uint64_t updated = pte | PTE_A | (store ? PTE_D : 0);
  if (!pte_update(w, cfg->stage, leaf->level, leaf->pte_pa, pte, updated)) return false;
  leaf->pte = updated;
  return true;
}

/* A replay at a G-stage translation it finished before: its outcome, without
 * going through its accesses again (they are answered in the log). */
static bool replay_gdone(walker *w, uint64_t addr, stage_leaf *leaf) {
  mm_walk *out = w->out;
  if (out->n_ops >= out->n_answered || w->gdone_next >= out->n_gdone || out->gdone[w->gdone_next].first != out->n_ops)
    return false;
  const mm_walk_gdone *d = &out->gdone[w->gdone_next++];
  assert(d->addr == addr && "a replayed walk made a different access");
  *leaf = d->leaf;
  out->n_ops = d->end;
  return true;
}

/* A G-stage translation just finished, its accesses log[first, n_ops): kept for the replays. */
static void keep_gdone(walker *w, unsigned first, uint64_t addr, const stage_leaf *leaf) {
  mm_walk *out = w->out;
  if (out->n_gdone == MM_WALK_MAX_GDONE || (out->n_gdone && out->gdone[out->n_gdone - 1].first >= first)) return;
  out->gdone[out->n_gdone++] =
      (mm_walk_gdone){.first = (uint16_t)first, .end = (uint16_t)out->n_ops, .addr = addr, .leaf = *leaf};
  w->gdone_next = out->n_gdone;
}

/* Translates addr through one stage; perm is the kind of access checked at
 * the leaf, implicit marks the G-stage translation of a VS-stage PTE. */
static bool walk_stage(walker *w, const stage_config *cfg, uint64_t addr, mm_access perm, bool implicit,
                       stage_leaf *leaf) {
  int va_bits = PAGE_SHIFT + 9 * cfg->levels;
  unsigned first = w->out->n_ops;
  if (cfg->stage == MM_STAGE_G) {
    /* A guest physical address is va_bits + 2 wide: higher bits must be zero. */
    if (w->out->n_g < MM_WALK_MAX_G) {
      w->out->g_addr[w->out->n_g] = addr;
      w->out->g_vs_level[w->out->n_g++] = implicit ? (uint8_t)w->vs_level : 0xff;
    }
    if (addr >> (va_bits + cfg->widen)) return stage_fault_at(w, cfg, addr, MM_FR_ADDRESS, -1, 0);
    if (replay_gdone(w, addr, leaf)) return true;
  } else {
    /* Bits 63:va_bits must all equal bit va_bits-1. */
    uint64_t sext = (uint64_t)((int64_t)(addr << (64 - va_bits)) >> (64 - va_bits));
    if (sext != addr) return stage_fault_at(w, cfg, addr, MM_FR_ADDRESS, -1, 0);
  }

  /* Step 1: a = satp.ppn x PAGESIZE, i = LEVELS - 1. */
  uint64_t table = cfg->root;
  bool global = false;
  for (int level = cfg->levels - 1; level >= 0; level--) {
    /* Step 2: pte = the PTE at a + va.vpn[i] x PTESIZE; for the VS-stage
     * that address is a GPA, translated by the G-stage first. */
    int idx_bits = 9 + (level == cfg->levels - 1 ? cfg->widen : 0);
    uint64_t idx = (addr >> (PAGE_SHIFT + 9 * level)) & ((1ull << idx_bits) - 1);
    uint64_t pte_gpa = table + idx * 8;
    uint64_t pte_pa = pte_gpa;
    stage_leaf holder = {0};
    if (cfg->stage == MM_STAGE_VS && w->g_on) {
      w->vs_level = level;
      if (!walk_stage(w, w->g, pte_gpa, MM_LOAD, true, &holder)) return false;
      pte_pa = holder.out;
    }
    uint64_t pte;
    if (!pte_read(w, cfg->stage, level, pte_pa, &pte)) return false;

    /* Step 3: invalid, reserved encodings (W without R, bits 60:54, PBMT 3 or
     * PBMT while disabled). */
    if (!(pte & PTE_V)) return stage_fault_at(w, cfg, addr, MM_FR_INVALID, level, pte);
    if ((pte & PTE_W) && !(pte & PTE_R)) return stage_fault_at(w, cfg, addr, MM_FR_W_WITHOUT_R, level, pte);
    if (pte & PTE_RSVD_MASK) return stage_fault_at(w, cfg, addr, MM_FR_RESERVED, level, pte);
    unsigned pbmt = pte_pbmt(pte);
    if (pbmt == PBMT_RSVD) return stage_fault_at(w, cfg, addr, MM_FR_PBMT_RESERVED, level, pte);
    if (pbmt != PBMT_PMA && !cfg->pbmte) return stage_fault_at(w, cfg, addr, MM_FR_PBMT_OFF, level, pte);

    /* Step 4: a pointer to the next level. Its A, D, U, N and PBMT are
     * reserved; at level 0 there is no next level. */
    if (!pte_is_leaf(pte)) {
      if (pte & (PTE_A | PTE_D | PTE_U | PTE_N | PTE_PBMT_MASK))
        return stage_fault_at(w, cfg, addr, MM_FR_POINTER_BITS, level, pte);
      if (level == 0) return stage_fault_at(w, cfg, addr, MM_FR_NO_LEAF, level, pte);
      global |= (pte & PTE_G) != 0;
      table = pte_ppn(pte) << PAGE_SHIFT;
      continue;
    }

    /* Step 5: a leaf. Svnapot: N only at level 0 with ppn[3:0] = 0b1000. */
    int shift = PAGE_SHIFT + 9 * level;
    if (pte & PTE_N) {
      if (level != 0 || (pte_ppn(pte) & 0xf) != NAPOT_64K_PPN)
        return stage_fault_at(w, cfg, addr, MM_FR_NAPOT, level, pte);
      shift = PAGE_SHIFT + NAPOT_64K_BITS;
    }
    /* Step 7: a superpage's low PPN bits must be zero. */
    if (level > 0 && (pte_ppn(pte) & ((1ull << (9 * level)) - 1)))
      return stage_fault_at(w, cfg, addr, MM_FR_MISALIGNED, level, pte);

    *leaf = (stage_leaf){.pte = pte,
                         .pte_pa = pte_pa,
                         .pte_gpa = pte_gpa,
                         .level = level,
                         .shift = shift,
                         .global = global || (pte & PTE_G)};
    uint64_t offset_mask = (1ull << shift) - 1;
    if (cfg->stage == MM_STAGE_VS && w->g_on && !cfg->adue && (w->csrs->choices & MM_CHOICE_G_BEFORE_PRIV)) {
      /* MM_CHOICE_G_BEFORE_PRIV (no hardware A/D updating): the leaf's R/W/X and A/D, then the final guest
         physical address through the G-stage, then the leaf's privilege check (below, with the rest again) */
      if (w->req->hlvx ? !(pte & PTE_X) : !mm_type_allowed(pte, perm, mm_eff_mxr_vs(w->csrs, true)))
        return stage_fault_at(w, cfg, addr, MM_FR_PERMISSION, level, pte);
      if (!(pte & PTE_A) || (perm == MM_STORE && !(pte & PTE_D)))
        return stage_fault_at(w, cfg, addr, MM_FR_AD, level, pte);
      uint64_t gpa = ((pte_ppn(pte) << PAGE_SHIFT) & ~offset_mask) | (addr & offset_mask);
      w->vs_level = -1;
      if (!walk_stage(w, w->g, gpa, perm, false, &w->gleaf)) return false;
      w->early_g = true;
    }
    /* Steps 6 and 8: permissions, then A/D. */
    if (!leaf_access(w, cfg, leaf, cfg->stage == MM_STAGE_VS && w->g_on ? &holder : NULL, perm, implicit, addr))
      return false;
    /* Step 9: the translated address; a superpage's low bits come from addr. */
    leaf->out = ((pte_ppn(leaf->pte) << PAGE_SHIFT) & ~offset_mask) | (addr & offset_mask);
    if (cfg->stage == MM_STAGE_G) keep_gdone(w, first, addr, leaf);
    return true;
  }
  assert(0 && "unreachable: level 0 is always a leaf or a fault");
  return false;
}

/* One attempt at the translation; w->restart tells whether to try again. */
static void translate_once(walker *w) {
  mm_walk *out = w->out;
  out->ok = false;
  out->cause = 0;
  out->gpa = 0;
  out->pa = 0;
  out->pbmt = PBMT_PMA;
  out->shift = 64;
  out->global = false;
  out->leaf_pte = 0;
  out->gleaf_pte = 0;
  out->fault_reason = MM_FR_NONE;
  out->fault_stage = 0;
  out->fault_level = -1;
  out->fault_pte = 0;
  out->leaf_level = 0;
  out->gleaf_level = 0;
  out->n_g = 0;
  w->restart = false;
  w->vs_level = -1;
  w->early_g = false;

  uint64_t gpa = w->req->va;
  if (out->first_on) {
    stage_leaf leaf;
    if (!walk_stage(w, &out->first_cfg, w->req->va, w->req->type, false, &leaf)) return;
    gpa = leaf.out;
    out->shift = (uint8_t)leaf.shift;
    out->global = leaf.global;
    out->leaf_pte = leaf.pte;
    out->leaf_level = (uint8_t)leaf.level;
  }
  w->vs_level = -1;
  out->gpa_final = gpa;

  uint64_t pa = gpa;
  if (w->g_on) {
    stage_leaf gleaf = w->gleaf;
    if (!w->early_g && !walk_stage(w, w->g, gpa, w->req->type, false, &gleaf)) return;
    pa = gleaf.out;
    if (gleaf.shift < out->shift) out->shift = (uint8_t)gleaf.shift;
    out->gleaf_pte = gleaf.pte;
    out->gleaf_level = (uint8_t)gleaf.level;
  }
  out->ok = true;
  out->pa = pa;
  unsigned pbmt = pte_pbmt(out->leaf_pte);
  out->pbmt = (uint8_t)(pbmt ? pbmt : pte_pbmt(out->gleaf_pte));
}

void mm_walk_start(mm_walk *w) {
  w->n_ops = 0;
  w->n_answered = 0;
  w->n_gdone = 0;
  w->cfg_known = false;
}

bool mm_walk_run(mm_walk *out, const mm_csrs *csrs, const mm_req *req, const mm_port *port) {
  return mm_walk_run_into(out, out->ops, csrs, req, port);
}

bool mm_walk_run_into(mm_walk *out, mm_memop *log, const mm_csrs *csrs, const mm_req *req, const mm_port *port) {
  if (!out->cfg_known) {
    out->first_on = stage_config_of(csrs, req->virt ? MM_STAGE_VS : MM_STAGE_S, &out->first_cfg);
    out->g_on = req->virt && stage_config_of(csrs, MM_STAGE_G, &out->g_cfg);
    out->cfg_csrs = *csrs;
    out->cfg_known = true;
  }
  assert(csrs->satp == out->cfg_csrs.satp && csrs->vsatp == out->cfg_csrs.vsatp && csrs->hgatp == out->cfg_csrs.hgatp &&
         csrs->menvcfg == out->cfg_csrs.menvcfg && csrs->henvcfg == out->cfg_csrs.henvcfg &&
         "the CSRs that configure the stages changed under a suspended walk");
  walker w = {.csrs = csrs, .port = port, .req = req, .out = out, .log = log, .g = &out->g_cfg, .g_on = out->g_on};
  out->n_ops = 0;
  do
    translate_once(&w);
  while (w.restart && !w.suspended);
  return !w.suspended;
}

void mm_walk_answer(mm_walk *w, const mm_memop *answer) { mm_walk_answer_into(w, w->ops, answer); }

void mm_walk_answer_into(mm_walk *w, mm_memop *log, const mm_memop *answer) {
  assert(w->n_ops == w->n_answered + 1 && "no access waits for an answer");
  mm_memop *op = &log[w->n_answered++];
  assert(answer->kind == op->kind && answer->pa == op->pa);
  op->data = answer->data;
  op->old = answer->old;
  op->cycles = answer->cycles;
}

void mm_walk_translate_port(const mm_csrs *csrs, const mm_port *port, const mm_req *req, mm_walk *out) {
  mm_walk_start(out);
  bool done = mm_walk_run(out, csrs, req, port);
  assert(done && "mm_walk_translate_port: the port made the walk wait");
  (void)done;
}

void mm_walk_translate(const mm_csrs *csrs, mm_mem *mem, const mm_req *req, mm_walk *out) {
  mm_mem_port p = {.mem = mem, .latency = 1};
  mm_port port = mm_port_of_mem(&p);
  mm_walk_translate_port(csrs, &port, req, out);
}

const char *mm_data_op_name(unsigned op) {
  static const char *const name[] = {"translate", "load", "store", "fetch", "cbo.clean", "cbo.flush", "cbo.inval"};
  return op < sizeof name / sizeof name[0] ? name[op] : "?";
}
