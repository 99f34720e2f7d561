/* What a hart's TLBs may legally hold (legal.h). */
#include "legal.h"

#include <stdlib.h>
#include <string.h>

#include "model/pte.h"

void legal_init(legal_set *s, unsigned harts) {
  memset(s, 0, sizeof *s);
  s->harts = harts;
}

void legal_free(legal_set *s) {
  for (unsigned h = 0; h < MM_MAX_HARTS; h++)
    free(s->h[h].e);
  memset(s, 0, sizeof *s);
}

static uint16_t atp_id(uint64_t atp) { return satp_asid(atp); }

/* The entry was made in the context the request runs in: the same ASID (or
 * a global entry) and VMID. A TLB is tagged by those, not by the root nor
 * the mode: after a switch of vsatp's mode (to Bare, say) without a fence,
 * an entry of the same ASID may still answer, as the model's TLB does
 * (DESIGN.md, gen_stale_switch); satp Bare translates nothing at all. */
static bool same_context(const legal_entry *e, const mm_csrs *csrs, const mm_req *req) {
  if (e->virt != req->virt) return false;
  if (!req->virt) return e->global || atp_id(e->csrs.satp) == atp_id(csrs->satp);
  return atp_id(e->csrs.hgatp) == atp_id(csrs->hgatp) && (e->global || atp_id(e->csrs.vsatp) == atp_id(csrs->vsatp));
}

static bool covers_va(const legal_entry *e, uint64_t va) { return ((va ^ e->va) >> e->shift) == 0; }

/* The words an entry keeps, as a port: a read of a word it does not keep
 * means the entry cannot answer the request; a write (an A/D update) means
 * it can answer only with a fault (a hit never writes, but may fault where
 * the walk would have updated first). */
typedef struct replay_port {
  const legal_entry *e;
  bool unknown, wrote;
} replay_port;

static bool replay_access(void *ctx, mm_memop *op) {
  replay_port *p = ctx;
  op->cycles = 1;
  if (op->kind != MM_OP_READ) {
    p->wrote = true;
    op->old = op->cmp;
    return true;
  }
  for (unsigned i = 0; i < p->e->n; i++)
    if (p->e->pa[i] == op->pa) {
      op->data = p->e->data[i];
      return true;
    }
  p->unknown = true;
  op->data = 0; /* an invalid PTE ends the walk */
  return true;
}

/* The answer entry e gives req now (false: it cannot answer it). The walk
 * goes again through the 4 KiB page the entry's walk was for (a Svnapot
 * page's other PTEs are not the entry's), the answer moved by the distance. */
static bool replay(const legal_entry *e, const mm_csrs *now, const mm_req *req, mm_walk *w) {
  mm_csrs csrs = *now;
  csrs.satp = e->csrs.satp;
  csrs.vsatp = e->csrs.vsatp;
  csrs.hgatp = e->csrs.hgatp;
  csrs.menvcfg = e->csrs.menvcfg; /* PBMTE and ADUE as at the fill: the model's TLB does not check them again */
  csrs.henvcfg = e->csrs.henvcfg;
  replay_port rp = {.e = e};
  mm_port port = {.access = replay_access, .ctx = &rp};
  mm_req again = *req;
  uint64_t moved = (req->va & ~0xfffull) - (e->walk_va & ~0xfffull);
  again.va = req->va - moved;
  mm_walk_translate_port(&csrs, &port, &again, w);
  if (w->ok) w->pa += moved;
  if (!w->ok && cause_is_guest_page_fault(w->cause)) w->gpa += moved;
  return !rp.unknown && !(rp.wrote && w->ok);
}

static bool same_answer(const mm_walk *w, const mm_obs *o, uint64_t pa_mask) {
  if (w->ok != o->ok) return false;
  if (w->ok) return ((w->pa ^ o->pa) & pa_mask) == 0;
  return w->cause == o->cause && w->gpa == o->gpa;
}

bool legal_hit(legal_set *s, unsigned h, const mm_csrs *csrs, const mm_req *req, const mm_obs *o, uint64_t pa_mask,
               mm_walk *expect, unsigned *applicable) {
  legal_hart *lh = &s->h[h];
  *applicable = 0;
  expect->ok = false;
  expect->cause = 0;
  mm_walk w;
  for (unsigned i = lh->n; i-- > 0;) { /* the newest first */
    legal_entry *e = &lh->e[i];
    if (!covers_va(e, req->va) || !same_context(e, csrs, req) || !replay(e, csrs, req, &w)) continue;
    if (!(*applicable)++) *expect = w;
    if (same_answer(&w, o, pa_mask)) {
      e->epoch = lh->fences;
      s->stats.matched++;
      *expect = w;
      return true;
    }
  }
  return false;
}

void legal_note_walk(legal_set *s, unsigned h, const mm_csrs *csrs, const mm_req *req) {
  legal_hart *lh = &s->h[h];
  for (unsigned i = lh->n; i-- > 0;) {
    const legal_entry *e = &lh->e[i];
    if (!covers_va(e, req->va) || !same_context(e, csrs, req)) continue;
    if (e->epoch < lh->fences)
      s->stats.rewalk_after_fence++;
    else
      s->stats.rewalk_evicted++;
    return;
  }
}

/* The words of walk w with the values they hold after it (a successful
 * compare-and-swap's new value); false when there are more than an entry keeps. */
static bool keep_words(legal_entry *e, const mm_walk *w) {
  e->n = 0;
  for (unsigned i = 0; i < w->n_ops; i++) {
    const mm_memop *op = &w->ops[i];
    if (op->kind != MM_OP_READ && op->kind != MM_OP_CAS) continue;
    uint64_t value = op->kind == MM_OP_READ ? op->data : (op->old == op->cmp ? op->data : op->old);
    unsigned k = 0;
    while (k < e->n && e->pa[k] != op->pa)
      k++;
    if (k == e->n) {
      if (e->n == LEGAL_WORDS) return false;
      e->pa[e->n++] = op->pa;
    }
    e->data[k] = value;
  }
  return true;
}

static bool same_entry(const legal_entry *a, const legal_entry *b) {
  if (a->virt != b->virt || a->shift != b->shift || a->va != b->va || a->n != b->n || a->global != b->global ||
      memcmp(&a->csrs, &b->csrs, sizeof a->csrs) != 0)
    return false;
  for (unsigned i = 0; i < a->n; i++)
    if (a->pa[i] != b->pa[i] || a->data[i] != b->data[i]) return false;
  return true;
}

bool legal_add(legal_set *s, unsigned h, const mm_csrs *csrs, const mm_req *req, const mm_walk *w) {
  legal_hart *lh = &s->h[h];
  legal_entry e = {.csrs = *csrs, .virt = req->virt, .global = w->ok && w->global, .epoch = lh->fences};
  /* csrs fields a hit does not depend on are not part of the entry's identity */
  e.csrs.mstatus = e.csrs.vsstatus = 0;
  if (!req->virt) e.csrs.vsatp = e.csrs.hgatp = 0;
  e.shift = w->ok && w->shift ? w->shift : 12;
  if (!w->ok && (w->fault_reason == MM_FR_PERMISSION || w->fault_reason == MM_FR_AD) && w->fault_level >= 0) {
    /* a valid leaf the access may not use: a TLB may keep its translation (the permission is checked on use);
       a G-stage leaf's: the 4 KiB page (the VS leaf's size is not known here) */
    if (w->fault_stage != MM_STAGE_G)
      e.shift = (uint8_t)(w->fault_level == 0 && (w->fault_pte & PTE_N) ? 16 : 12 + 9 * w->fault_level);
    for (unsigned i = 0; i < w->n_ops; i++)
      if (w->ops[i].kind == MM_OP_READ && w->ops[i].stage != MM_STAGE_G && (w->ops[i].data & PTE_V) &&
          (w->ops[i].data & PTE_G))
        e.global = true;
  }
  e.va = req->va >> e.shift << e.shift;
  e.walk_va = req->va;
  if (!keep_words(&e, w)) {
    s->stats.too_long++;
    return true;
  }
  /* the final address's guest page (a VS-stage table's G-stage translation is kept: see legal.h) */
  for (unsigned i = 0; i < w->n_g && i < MM_WALK_MAX_G; i++)
    if (w->g_vs_level[i] == 0xff) e.g_page[e.n_g++] = w->g_addr[i] >> 12;
  if (req->virt && w->ok && w->gleaf_pte) {
    e.g_final_size = 1ull << (12 + 9 * w->gleaf_level);
    e.g_final_base = w->gpa_final & ~(e.g_final_size - 1);
  }
  for (unsigned i = 0; i < lh->n; i++)
    if (same_entry(&lh->e[i], &e)) {
      lh->e[i].epoch = e.epoch; /* the same translation again: the newest */
      legal_entry keep = lh->e[i];
      memmove(&lh->e[i], &lh->e[i + 1], (lh->n - i - 1) * sizeof e);
      lh->e[lh->n - 1] = keep;
      return true;
    }
  if (lh->n == LEGAL_PER_HART) {
    memmove(&lh->e[0], &lh->e[1], (lh->n - 1) * sizeof e);
    lh->n--;
    s->stats.overflow++;
  }
  if (lh->n == lh->cap) {
    unsigned cap = lh->cap ? 2 * lh->cap : 64;
    legal_entry *p = realloc(lh->e, cap * sizeof *p);
    if (!p) return false;
    lh->e = p;
    lh->cap = cap;
  }
  lh->e[lh->n++] = e;
  s->stats.added++;
  return true;
}

static bool uses_guest_page(const legal_entry *e, uint64_t gpa) {
  for (unsigned i = 0; i < e->n_g && i < MM_WALK_MAX_G; i++)
    if (e->g_page[i] == gpa >> 12) return true;
  return e->g_final_size && gpa - e->g_final_base < e->g_final_size;
}

static bool fence_covers(const legal_entry *e, const mm_csrs *csrs, const mm_fence *f) {
  switch (f->kind) {
  case MM_FENCE_SFENCE_VMA:
  case MM_FENCE_HFENCE_VVMA:
    if (f->kind == MM_FENCE_SFENCE_VMA ? e->virt : (!e->virt || atp_id(e->csrs.hgatp) != atp_id(csrs->hgatp)))
      return false;
    /* HFENCE.VVMA orders VS-stage translations: a V=1 translation made with vsatp Bare is the G-stage's alone */
    if (f->kind == MM_FENCE_HFENCE_VVMA && atp_mode(e->csrs.vsatp) == SATP_MODE_BARE) return false;
    if (f->has_id && (e->global || atp_id(e->virt ? e->csrs.vsatp : e->csrs.satp) != f->id)) return false;
    if (f->has_addr && !covers_va(e, f->addr)) return false;
    return true;
  case MM_FENCE_HFENCE_GVMA:
    if (!e->virt || (f->has_id && atp_id(e->csrs.hgatp) != f->id)) return false;
    return !f->has_addr || uses_guest_page(e, f->addr);
  case MM_FENCE_DATA: return false;
  }
  return false;
}

unsigned legal_fence(legal_set *s, unsigned h, const mm_csrs *csrs, const mm_fence *f) {
  legal_hart *lh = &s->h[h];
  unsigned kept = 0, dropped = 0;
  for (unsigned i = 0; i < lh->n; i++) {
    if (fence_covers(&lh->e[i], csrs, f))
      dropped++;
    else
      lh->e[kept++] = lh->e[i];
  }
  lh->n = kept;
  if (f->kind != MM_FENCE_DATA) lh->fences++;
  s->stats.dropped += dropped;
  return dropped;
}
