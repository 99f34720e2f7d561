/*
 * The timing-free comparison (cosim_int.h; DESIGN.md, "Timing-free
 * comparison"), for a DUT whose timing the model does not predict (CVA6's
 * MMU), or any DUT when the run asks for it. One request at a time, in
 * stream order: the DUT answers it, then the model does (its harts over its
 * memory system, the accesses answered at once), and the DUT's answer is
 * held against what the architecture allows:
 *  - when the DUT walked: the outcome and the walk's accesses (address and
 *    data, compare-and-swaps with their values, in order) are those of the
 *    model's walk over the same memory and CSRs, made just before (the
 *    reference walk, with another agent's poke as the model will see it);
 *    the translation is then legal on that hart (legal.h);
 *  - when it answered without walking: a translation legal on that hart
 *    gives that answer now (every permission checked with the CSRs of now);
 *  - a DUT that does the data access (the project's RTL): its misaligned and
 *    access faults are the model's. Loaded values are not compared: two legal
 *    TLBs may send a store to different pages (one stale, one not), and each
 *    system's memory is right for its own history.
 * A mismatch of a class the DUT's profile lists as known is counted and the
 * run goes on (unless the run's known_fail names it); any other stops it with a report: the
 * request, the CSRs, both answers, the walks side by side, the legal
 * translations for the page, the history, the seed and the command that
 * re-runs it, and a waveform of the DUT's own signals from a re-run.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cosim_int.h"
#include "known.h"
#include "model/pte.h"

#define HANG_TICKS  1000000 /* edges a DUT may take for one request before the run calls it a hang */
#define REF_OVERLAY 8       /* words the reference walk writes or another agent pokes, kept aside */

uint64_t cosim_mem_read(void *ctx, uint64_t pa) {
  cosim *c = ctx;
  return mm_memsys_backdoor_read(&c->memsys, pa);
}

bool cosim_profile_csr(const dut_profile *p, const mm_csrs *csrs, mm_csr_id id, uint64_t *value) {
  uint64_t mode = *value >> SATP_MODE_SHIFT;
  switch (id) {
  case MM_CSR_MENVCFG:
  case MM_CSR_HENVCFG:
    if (!p->svadu) *value &= ~ENVCFG_ADUE;
    if (!p->svpbmt) *value &= ~ENVCFG_PBMTE;
    return true;
  case MM_CSR_SATP: return p->sv48 || mode != SATP_MODE_SV48; /* WARL: an unsupported MODE, no effect */
  case MM_CSR_VSATP:
  case MM_CSR_HGATP:
    /* WARL field by field: an unsupported MODE keeps the old one */
    if (!p->sv48 && mode == SATP_MODE_SV48) {
      uint64_t old = id == MM_CSR_VSATP ? csrs->vsatp : csrs->hgatp;
      *value = (*value & ~(0xfull << SATP_MODE_SHIFT)) | (old & (0xfull << SATP_MODE_SHIFT));
    }
    return true;
  default: return true;
  }
}

/* ---- the reference walk ----------------------------------------------- */

/* The model's memory as a port that changes nothing: a compare-and-swap's
 * write and another agent's poke go to an overlay. */
typedef struct ref_port {
  cosim *c;
  unsigned hart;
  bool poke;
  uint64_t poke_pa, poke_value;
  unsigned n;
  uint64_t pa[REF_OVERLAY], value[REF_OVERLAY];
} ref_port;

static uint64_t ref_load(ref_port *p, uint64_t pa) {
  for (unsigned i = p->n; i-- > 0;)
    if (p->pa[i] == pa) return p->value[i];
  return mm_memsys_backdoor_read(&p->c->memsys, pa);
}

static void ref_store(ref_port *p, uint64_t pa, uint64_t value) {
  for (unsigned i = 0; i < p->n; i++)
    if (p->pa[i] == pa) {
      p->value[i] = value;
      return;
    }
  if (p->n < REF_OVERLAY) p->pa[p->n] = pa, p->value[p->n++] = value;
}

static bool ref_access(void *ctx, mm_memop *op) {
  ref_port *p = ctx;
  op->cycles = 1;
  if (op->kind == MM_OP_CAS) {
    op->old = ref_load(p, op->pa);
    if (op->old == op->cmp) ref_store(p, op->pa, op->data);
    return true;
  }
  op->data = ref_load(p, op->pa);
  if (p->poke && op->kind == MM_OP_READ && op->pa == p->poke_pa) {
    p->poke = false;
    ref_store(p, p->poke_pa, p->poke_value);
  }
  return true;
}

/* ---- pages a known class's walk may have filled -------------------- */

static void suspect_add(suspects *s, bool virt, uint64_t va, const mm_walk *ref) {
  unsigned shift = ref->fault_level > 0 ? 12 + 9 * (unsigned)ref->fault_level : 12;
  if (ref->fault_pte & PTE_N) shift = shift > 16 ? shift : 16;
  if (s->n == SUSPECTS) {
    memmove(&s->p[0], &s->p[1], (SUSPECTS - 1) * sizeof s->p[0]);
    s->n--;
  }
  s->p[s->n++] = (suspect_page){.virt = virt, .shift = (uint8_t)shift, .va = va >> shift << shift};
}

static bool suspect_covers(const suspects *s, bool virt, uint64_t va) {
  for (unsigned i = 0; i < s->n; i++)
    if (s->p[i].virt == virt && ((va ^ s->p[i].va) >> s->p[i].shift) == 0) return true;
  return false;
}

/* A fence drops the suspect pages it surely covers (whatever their ASID). */
static void suspect_fence(suspects *s, const mm_fence *f) {
  unsigned kept = 0;
  for (unsigned i = 0; i < s->n; i++) {
    const suspect_page *p = &s->p[i];
    bool gone = false;
    if (f->kind == MM_FENCE_SFENCE_VMA || f->kind == MM_FENCE_HFENCE_VVMA)
      gone = p->virt == (f->kind == MM_FENCE_HFENCE_VVMA) && !f->has_id &&
             (!f->has_addr || ((f->addr ^ p->va) >> p->shift) == 0);
    else if (f->kind == MM_FENCE_HFENCE_GVMA)
      gone = p->virt && !f->has_addr && !f->has_id;
    if (!gone) s->p[kept++] = *p;
  }
  s->n = kept;
}

/* ---- the comparison --------------------------------------------------- */

typedef struct verdict {
  const char *why;  /* NULL: the DUT's answer is legal */
  bool walked;      /* the DUT walked */
  bool have_expect; /* expect holds the answer held against */
  mm_walk expect;
  unsigned legal; /* legal translations for the page (a TLB answer) */
  bool not_mmu;   /* the model's answer is a fault outside the MMU (physical memory's access fault) */
} verdict;

/* The physical-address bits the DUT answers with. */
static uint64_t pa_mask(const cosim *c) {
  unsigned bits = c->profile->pa_bits;
  return bits && bits < 64 ? (1ull << bits) - 1 : ~0ull;
}

static bool same_outcome(const cosim *c, const mm_walk *w, const mm_obs *o) {
  if (w->ok != o->ok) return false;
  return w->ok ? ((w->pa ^ o->pa) & pa_mask(c)) == 0 : w->cause == o->cause && w->gpa == o->gpa;
}

static const char *outcome_diff(const mm_walk *w, const mm_obs *o) {
  if (w->ok != o->ok) return o->ok ? "the DUT translates, the model faults" : "the DUT faults, the model translates";
  if (w->ok) return "physical address";
  return w->cause != o->cause ? "cause" : "guest physical address";
}

/* The walk's accesses of o (its PTE reads and compare-and-swaps, in order). */
static unsigned walk_ops(const mm_obs *o, const mm_memop **ops, unsigned max) {
  unsigned n = 0;
  for (unsigned i = 0; i < o->n_ops && n < max; i++)
    if (o->ops[i].kind == MM_OP_READ || o->ops[i].kind == MM_OP_CAS) ops[n++] = &o->ops[i];
  return n;
}

static const char *walk_diff(const mm_walk *w, const mm_obs *o) {
  const mm_memop *ops[MM_OBS_MAX_OPS];
  unsigned n = walk_ops(o, ops, MM_OBS_MAX_OPS);
  for (unsigned i = 0; i < n && i < w->n_ops; i++) {
    const mm_memop *a = &w->ops[i], *b = ops[i];
    if (a->kind != b->kind) return "a walk access's kind";
    if (a->pa != b->pa) return "a walk access's address";
    if (a->kind == MM_OP_READ && a->data != b->data) return "a PTE read's data";
    if (a->kind == MM_OP_CAS && (a->data != b->data || a->cmp != b->cmp)) return "an A/D update's values";
  }
  if (n != w->n_ops) return "the number of walk accesses";
  return NULL;
}

static bool access_fault(uint8_t cause) {
  return cause == CAUSE_FETCH_ACCESS_FAULT || cause == CAUSE_LOAD_ACCESS_FAULT || cause == CAUSE_STORE_ACCESS_FAULT;
}

static bool misaligned(const mm_obs *m) {
  return !m->ok && (m->cause == CAUSE_FETCH_MISALIGNED || m->cause == CAUSE_LOAD_MISALIGNED ||
                    m->cause == CAUSE_STORE_MISALIGNED);
}

static verdict judge(cosim *c, unsigned h, const mm_req *req, const mm_csrs *csrs, const mm_walk *ref, bool translated,
                     const mm_obs *m, const mm_obs *d) {
  verdict v = {.walked = mm_obs_walked(d)};
  if (!translated) {                         /* M-mode: the model's answer */
    v.not_mmu = !c->profile->data && !m->ok; /* the physical memory's access fault, not the MMU's */
    if (v.not_mmu) return v;
    if (d->ok != m->ok || (d->ok ? ((d->pa ^ m->pa) & pa_mask(c)) != 0 : d->cause != m->cause))
      v.why = "an untranslated access's outcome";
    return v;
  }
  if (c->profile->data && !m->ok && access_fault(m->cause)) {
    /* the physical memory's check after the translation (nothing answers there): the model's answer */
    if (d->ok || d->cause != m->cause) v.why = "an access fault's outcome";
    return v;
  }
  if (c->profile->data && misaligned(m)) { /* the misaligned check comes before the translation */
    if (d->ok || d->cause != m->cause) v.why = "a misaligned access's outcome";
    return v;
  }
  if (v.walked || ref->n_ops == 0) {
    /* it walked, or the answer needs no memory (Bare, a non-canonical address) */
    v.have_expect = true;
    v.expect = *ref;
    legal_note_walk(c->legal, h, csrs, req);
    v.why = !same_outcome(c, ref, d) ? outcome_diff(ref, d) : walk_diff(ref, d);
    if (!v.why && v.walked && !legal_add(c->legal, h, csrs, req, ref)) cosim_fail(c, "out of memory");
  } else if (!legal_hit(c->legal, h, csrs, req, d, pa_mask(c), &v.expect, &v.legal)) {
    if ((c->tainted[h][req->virt] && same_outcome(c, ref, d)) || suspect_covers(&c->suspect[h], req->virt, req->va)) {
      /* a known class's walk may have filled the DUT's TLB */
      c->stats->unexplained++;
      return v;
    }
    v.have_expect = v.legal > 0;
    if (!v.have_expect) v.expect = *ref;
    v.have_expect = true;
    v.why = v.legal ? "a TLB answer no legal translation gives now" : "a TLB answer with no legal translation";
  }
  return v;
}

/* The reference walk of req on hart h over the memory of now (the poke of
 * md as the model will see it). */
static void reference(cosim *c, unsigned h, const mm_req *req, const drive_request *md, mm_walk *ref) {
  ref_port rp = {.c = c, .hart = h, .poke = md->poke, .poke_pa = md->poke_pa, .poke_value = md->poke_value};
  mm_port port = {.access = ref_access, .ctx = &rp};
  mm_walk_translate_port(&c->harts[h].csrs, &port, req, ref);
}

/* A DUT's walk that mismatched in a known class may still have filled its
 * TLB with what its reads give: when they are the walk of the address with
 * its high bits taken from its low ones (the VA made canonical), that
 * translation is legal from now. */
static void keep_known_walk(cosim *c, unsigned h, const mm_req *req, const mm_csrs *csrs, const drive_request *md,
                            const mm_obs *d) {
  unsigned mode = atp_mode(req->virt ? csrs->vsatp : csrs->satp);
  unsigned bits = mode == SATP_MODE_SV48 ? 48 : mode == SATP_MODE_SV39 ? 39 : 0;
  if (!bits) return;
  mm_req canon = *req;
  canon.va = (uint64_t)((int64_t)(req->va << (64 - bits)) >> (64 - bits));
  if (canon.va == req->va) return;
  mm_walk *w = malloc(sizeof *w);
  if (!w) return;
  reference(c, h, &canon, md, w);
  if (walk_diff(w, d) == NULL && !legal_add(c->legal, h, csrs, &canon, w)) cosim_fail(c, "out of memory");
  free(w);
}

/* The known class the mismatch is (0: none; else 1 + its index). */
static unsigned known_class(const cosim *c, const mm_req *req, const mm_csrs *csrs, const mm_walk *ref, const mm_obs *d,
                            const verdict *v) {
  known_case k = {.req = req,
                  .csrs = csrs,
                  .ref = ref,
                  .held = !v->walked && v->legal ? &v->expect : NULL,
                  .dut = d,
                  .walked = v->walked,
                  .hit_legal_page = v->legal > 0};
  for (unsigned i = 0; i < c->profile->n_known && i < COSIM_KNOWN_MAX; i++)
    if (c->profile->known[i].match(&k)) return i + 1;
  return 0;
}

/* ---- the report ------------------------------------------------------- */

static void format_answer(char *buf, size_t n, bool ok, uint8_t cause, uint64_t pa, uint64_t gpa) {
  if (ok)
    snprintf(buf, n, "pa %#" PRIx64, pa);
  else if (cause_is_guest_page_fault(cause))
    snprintf(buf, n, "fault cause %u gpa %#" PRIx64, cause, gpa);
  else
    snprintf(buf, n, "fault cause %u", cause);
}

static void report(cosim *c, unsigned seq, const stim_event *ev, const mm_csrs *csrs, const verdict *v,
                   const mm_walk *ref, const mm_obs *m, const mm_obs *d, unsigned known) {
  const cosim_config *cfg = c->cfg;
  FILE *out = cfg->out;
  char req[160], a[96], b[96];
  format_event(req, sizeof req, ev);
  fprintf(out, "\nMISMATCH (timing-free) at request %u (seed %" PRIu64 "): %s  [%s]\n", seq, cfg->seed, req,
          ev->note ? ev->note : "");
  fprintf(out, "  what differs: %s\n", v->why);
  if (known)
    fprintf(out, "  known class: %s (%s)\n", c->profile->known[known - 1].id, c->profile->known[known - 1].verdict);
  if (cfg->quiet) return;
  fprintf(out,
          "  CSRs: satp %#" PRIx64 " vsatp %#" PRIx64 " hgatp %#" PRIx64
          " mstatus.SUM %d MXR %d vsstatus.SUM %d MXR %d\n",
          csrs->satp, csrs->vsatp, csrs->hgatp, (csrs->mstatus & MSTATUS_SUM) != 0, (csrs->mstatus & MSTATUS_MXR) != 0,
          (csrs->vsstatus & MSTATUS_SUM) != 0, (csrs->vsstatus & MSTATUS_MXR) != 0);
  if (v->have_expect) {
    format_answer(a, sizeof a, v->expect.ok, v->expect.cause, v->expect.pa, v->expect.gpa);
    fprintf(out, "  model: %s, %s (fault reason %u, stage %u, level %d, PTE %#" PRIx64 ")\n", a,
            v->walked ? "its walk over the same memory" : "what the first legal translation gives",
            v->expect.fault_reason, v->expect.fault_stage, v->expect.fault_level, v->expect.fault_pte);
  } else {
    format_answer(a, sizeof a, m->ok, m->cause, m->pa, m->gpa);
    fprintf(out, "  model: %s (untranslated)\n", a);
  }
  if (!v->walked && v->legal) {
    format_answer(a, sizeof a, ref->ok, ref->cause, ref->pa, ref->gpa);
    fprintf(out, "  model: %s, its walk over the memory of now (fault reason %u)\n", a, ref->fault_reason);
  }
  format_answer(b, sizeof b, d->ok, d->cause, d->pa, d->gpa);
  fprintf(out, "  %-5s  %s, %s (%u cycles)\n", c->dut->name, b, v->walked ? "walked" : "from a TLB", d->cycles);
  if (!v->walked) fprintf(out, "  legal translations for the page on hart %u: %u\n", ev->hart, v->legal);
  const mm_memop *ops[MM_OBS_MAX_OPS];
  unsigned n = walk_ops(d, ops, MM_OBS_MAX_OPS), rows = v->have_expect && v->expect.n_ops > n ? v->expect.n_ops : n;
  if (rows) fprintf(out, "  the walks side by side (model | %s):\n", c->dut->name);
  for (unsigned i = 0; i < rows; i++) {
    char left[192] = "", right[192] = "";
    if (v->have_expect && i < v->expect.n_ops) format_memop(left, sizeof left, &v->expect.ops[i]);
    if (i < n) format_memop(right, sizeof right, ops[i]);
    bool same = v->have_expect && i < v->expect.n_ops && i < n && v->expect.ops[i].kind == ops[i]->kind &&
                v->expect.ops[i].pa == ops[i]->pa && v->expect.ops[i].data == ops[i]->data;
    fprintf(out, "    #%-2u %-58s %s %s\n", i, left, same ? "| " : "!=", right);
  }
  cosim_report_tail(c);
}

/* ---- the loop --------------------------------------------------------- */

/* The next request of the stream on the DUT's side, and the same on the
 * model's: false at the end (or failed). */
static bool next_request(cosim *c, unsigned *hart, drive_request *md) {
  for (unsigned h = 0; h < c->cfg->harts; h++) {
    rtl_hart *rh = &c->rh[h];
    if (c->use_rtl && !drive_next(&c->rdrive, h, c->last_response + 1, &rh->cur)) continue;
    if (c->use_model && !drive_next(&c->mdrive, h, c->last_response + 1, md)) {
      if (c->use_rtl) cosim_fail(c, "the feed gave hart %u request %u on the DUT's side only", h, rh->cur.seq);
      continue;
    }
    if (!c->use_rtl) rh->cur = *md;
    if (c->use_model && md->seq != rh->cur.seq)
      cosim_fail(c, "the feed gave hart %u request %u and %u", h, rh->cur.seq, md->seq);
    *hart = h;
    return !c->failed;
  }
  return false;
}

/* The DUT answers the request on hart h: 0, 1 (one of its assertions failed, reported) or 2 (it failed, why in
 * the stats). */
static int dut_answer(cosim *c, unsigned h) {
  rtl_hart *rh = &c->rh[h];
  const stim_event *ev = &rh->cur.ev;
  c->dut->ops->post(c->dut, h, ev->kind == STIM_ACCESS ? &ev->req : NULL, ev->kind == STIM_FENCE ? &ev->fence : NULL,
                    &rh->obs, dut_cycle(c->dut) + 1);
  if (rh->cur.poke) c->dut->ops->poke(c->dut, h, rh->cur.poke_pa, rh->cur.poke_value); /* armed at the acceptance */
  for (unsigned n = 0; n < HANG_TICKS; n++) {
    unsigned done = c->dut->ops->tick(c->dut);
    const char *why = c->dut->ops->error ? c->dut->ops->error(c->dut) : NULL;
    if (why) return cosim_fail(c, "request %u: %s", rh->cur.seq, why), 2;
    if (cosim_assertion_failed(c, dut_cycle(c->dut))) return 1;
    if (done & (1u << h)) return 0;
  }
  return cosim_fail(c, "request %u: %s gave no answer in %d edges", rh->cur.seq, c->dut->name, HANG_TICKS), 2;
}

/* The model does the request on hart h (its observation, NULL: failed). */
static mm_obs *model_answer(cosim *c, unsigned h, const drive_request *md) {
  mm_obs *o = cosim_obs_get(c);
  if (!o) return NULL;
  mm_port port = mm_port_of_memsys(&c->memsys);
  if (md->poke) mm_memsys_arm_poke(&c->memsys, h, md->poke_pa, md->poke_value);
  if (md->ev.kind == STIM_FENCE)
    mm_hart_fence(&c->harts[h], &port, &md->ev.fence, o);
  else
    mm_hart_access_port(&c->harts[h], &port, &md->ev.req, o);
  o->accept = md->accept;
  return o;
}

/* One request, both sides: 0, 1 (a mismatch, reported) or 2. */
static int step(cosim *c, unsigned h, const drive_request *md, mm_walk *ref) {
  rtl_hart *rh = &c->rh[h];
  const stim_event *ev = &rh->cur.ev;
  cosim_stats *st = c->stats;
  bool access = ev->kind == STIM_ACCESS;
  if (access && ev->req.virt && !c->profile->h) { /* a hart without H has no V=1 */
    st->skipped++;
    if (c->use_rtl) drive_done(&c->rdrive, c->last_response + 1);
    if (c->use_model) drive_done(&c->mdrive, c->last_response + 1);
    return 0;
  }
  bool translated = access && ev->req.priv != MM_PRIV_M;
  ref->ok = false, ref->n_ops = 0, ref->fault_reason = MM_FR_NONE, ref->cause = 0;
  if (c->use_model && translated) reference(c, h, &ev->req, md, ref);
  int answered = c->use_rtl ? dut_answer(c, h) : 0;
  if (answered) return answered;
  mm_obs *m = c->use_model ? model_answer(c, h, md) : NULL;
  if (c->failed) return 2;
  /* the model's response edge (the model predicts it; the DUT's time is its own): the next request comes after */
  uint64_t response = c->last_response + 1;
  if (m && m->accept + m->cycles > response) response = m->accept + m->cycles;
  if (c->use_rtl) drive_done(&c->rdrive, response);
  if (c->use_model) drive_done(&c->mdrive, response);
  c->last_response = response;
  if (m) cosim_value_request(c, md, m); /* the value checker (cosim_value.c), over the model's side */
  if (!c->use_model || !c->use_rtl) {
    cosim_retire(c, rh->cur.seq, ev, m ? m : &rh->obs);
    if (m) cosim_obs_put(c, m);
    return 0;
  }
  const mm_csrs *csrs = &c->rtl_csrs[h];
  verdict v = {0};
  if (!access) {
    legal_fence(c->legal, h, csrs, &ev->fence);
    const mm_fence *f = &ev->fence;
    /* SFENCE.VMA x0, x0 drops every V=0 entry, HFENCE.GVMA x0, x0 every V=1 entry */
    if (f->kind == MM_FENCE_SFENCE_VMA && !f->has_addr && !f->has_id) c->tainted[h][0] = false;
    if (f->kind == MM_FENCE_HFENCE_GVMA && !f->has_addr && !f->has_id) c->tainted[h][1] = false;
    suspect_fence(&c->suspect[h], f);
  } else if (!c->profile->data && misaligned(m) && !translated) {
    st->not_mmu++; /* the load/store unit's fault: a translate-only DUT is not the one to raise it */
  } else {
    /* misaligned and translated: the translation is still the MMU's (the fault is the load/store unit's) */
    st->not_mmu += !c->profile->data && misaligned(m);
    v = judge(c, h, &ev->req, csrs, ref, translated, m, &rh->obs);
    st->not_mmu += v.not_mmu;
  }
  if (!v.why && v.walked && c->profile->suspect) {
    known_case kc = {.req = &ev->req, .csrs = csrs, .ref = ref, .dut = &rh->obs, .walked = true};
    if (c->profile->suspect(&kc)) suspect_add(&c->suspect[h], ev->req.virt, ev->req.va, ref);
  }
  if (v.why) {
    unsigned k = known_class(c, &ev->req, csrs, ref, &rh->obs, &v);
    const char *stop = c->cfg->known_fail;
    bool stops = stop && (!strcmp(stop, "all") || (k && !strcmp(stop, c->profile->known[k - 1].id)));
    if (k && !stops) {
      if (!st->known[k - 1]++) st->known_first[k - 1] = rh->cur.seq;
      c->tainted[h][ev->req.virt] = true;
      suspect_add(&c->suspect[h], ev->req.virt, ev->req.va, ref);
      if (v.walked) keep_known_walk(c, h, &ev->req, csrs, md, &rh->obs);
    } else {
      st->mismatch = true;
      st->mismatch_request = rh->cur.seq;
      st->mismatch_hart = h;
      st->mismatch_edge = dut_cycle(c->dut);
      st->last_edge = dut_cycle(c->dut);
      st->rerun_requests = rh->cur.seq + 1;
      st->known_class = k;
      st->free_why = v.why;
      st->mismatch_class = replay_request_class(ev);
      report(c, rh->cur.seq, ev, csrs, &v, ref, m, &rh->obs, k);
      cosim_obs_put(c, m);
      return 1;
    }
  }
  cosim_retire(c, rh->cur.seq, ev, m);
  cosim_obs_put(c, m);
  return 0;
}

int cosim_run_free(cosim *c) {
  mm_walk *ref = malloc(sizeof *ref);
  if (!ref) return cosim_fail(c, "out of memory"), 2;
  int rc = 0;
  unsigned h;
  drive_request md = {0};
  while (rc == 0 && next_request(c, &h, &md)) {
    trace_plan *t = c->trace;
    if (t && !t->on && c->rh[h].cur.seq + c->cfg->history >= t->from) {
      if (!c->dut->ops->trace_open(c->dut, t->path)) rc = 2;
      t->on = true;
      t->first = dut_cycle(c->dut);
    }
    if (rc == 0) rc = step(c, h, &md, ref);
    if (t && t->on && c->rh[h].cur.seq >= t->from) break;
  }
  free(ref);
  if (c->failed) rc = 2;
  if (c->legal) {
    const legal_stats *ls = &c->legal->stats;
    c->stats->legal_added = ls->added;
    c->stats->legal_dropped = ls->dropped;
    c->stats->legal_matched = ls->matched;
    c->stats->rewalk_after_fence = ls->rewalk_after_fence;
    c->stats->rewalk_evicted = ls->rewalk_evicted;
    c->stats->legal_overflow = ls->overflow;
  }
  return rc;
}
