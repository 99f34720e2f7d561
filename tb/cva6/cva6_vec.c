/* Vector files on CVA6's MMU (cva6_vec.h). */
#include "tb/cva6/cva6_vec.h"

#include <string.h>

#include "model/pte.h"
#include "tb/cosim/dut.h"
#include "tb/cosim/known.h"
#include "tb/cva6/cva6_sim.h"

const char *cva6_vec_skip_name(cva6_vec_skip why) {
  static const char *name[] = {"Sv48 or Sv48x4 (CVA6: Sv39 only)", "hardware A/D updating (CVA6: none)",
                               "Svpbmt (CVA6: none)", "V=1 (this build has no H)"};
  return why < CVA6_SKIP_REASONS ? name[why] : "?";
}

static bool variant_of(const char *dut, cva6_variant *v) {
  if (!strcmp(dut, "cva6"))
    *v = CVA6_SV39;
  else if (!strcmp(dut, "cva6-h"))
    *v = CVA6_SV39_H;
  else if (!strcmp(dut, "cva6-shared"))
    *v = CVA6_SV39_SHARED;
  else
    return false;
  return true;
}

/* Why CVA6 cannot take the access at f->stmts[i] under csrs (CVA6_SKIP_REASONS:
 * it can). Hardware A/D updating and Svpbmt in force matter when the model's
 * walk with them off (as CVA6 has them: as_cva6) gives another outcome than
 * the file expects. */
static bool expectation_holds(const vec_file *f, size_t i, const mm_walk *w) {
  for (size_t k = i + 1; k < f->n && f->stmts[k].kind != VEC_ACCESS; k++) {
    const vec_stmt *e = &f->stmts[k];
    if (e->kind == VEC_EXPECT_MEM) return false; /* an A/D write */
    if (e->kind == VEC_EXPECT_OK && !(w->ok && w->pa == e->addr && w->pbmt == e->pbmt)) return false;
    if (e->kind == VEC_EXPECT_FAULT && !(!w->ok && w->cause == e->cause && (!e->has_gpa || w->gpa == e->addr)))
      return false;
  }
  return true;
}

static cva6_vec_skip why_skip(cva6_variant v, const mm_csrs *c, const vec_file *f, size_t i, const mm_walk *as_cva6) {
  const mm_req *req = &f->stmts[i].req;
  if (req->virt && !cva6_variant_has_h(v)) return CVA6_SKIP_NO_H;
  if (req->priv == MM_PRIV_M) return CVA6_SKIP_REASONS;
  const uint64_t *atp[] = {&c->satp, &c->vsatp, &c->hgatp};
  for (unsigned k = 0; k < 3; k++)
    if ((k == 0 || req->virt) && atp_mode(*atp[k]) == SATP_MODE_SV48) return CVA6_SKIP_SV48;
  if (!expectation_holds(f, i, as_cva6)) {
    uint64_t env = c->menvcfg | (req->virt ? c->henvcfg : 0);
    return (env & ENVCFG_ADUE) || !(env & ENVCFG_PBMTE) ? CVA6_SKIP_ADUE : CVA6_SKIP_PBMTE;
  }
  return CVA6_SKIP_REASONS;
}

/* The CSRs as CVA6 has them: no A/D updating, no Svpbmt. */
static mm_csrs as_cva6(const mm_csrs *c, uint32_t choices) {
  mm_csrs k = *c;
  k.choices = choices;
  k.menvcfg &= ~(ENVCFG_ADUE | ENVCFG_PBMTE);
  k.henvcfg &= ~(ENVCFG_ADUE | ENVCFG_PBMTE);
  return k;
}

/* The known class of CVA6's answer o where the vector expected otherwise (NULL: none). */
static const dut_known *known_class(const char *dut, const mm_req *req, const mm_csrs *csrs, const mm_walk *ref,
                                    const cva6_outcome *o) {
  const dut_class *dc = dut_class_find(dut);
  if (!dc) return NULL;
  const dut_profile *p = dut_class_profile(dc);
  mm_obs d;
  mm_obs_reset(&d);
  d.ok = !o->fault;
  d.pa = o->fault ? 0 : o->pa;
  d.cause = o->fault ? (uint8_t)o->cause : 0;
  d.gpa = o->fault && cause_is_guest_page_fault((uint8_t)o->cause) ? o->gpa : 0;
  known_case k = {.req = req, .csrs = csrs, .ref = ref, .dut = &d, .walked = o->n_reads > 0};
  for (unsigned i = 0; i < p->n_known; i++)
    if (p->known[i].match(&k)) return &p->known[i];
  return NULL;
}

bool cva6_vec_run(const char *dut, const vec_file *f, const vec_opts *opts, cva6_vec_stats *stats, char *err,
                  size_t errlen) {
  cva6_variant v;
  if (!variant_of(dut, &v)) {
    snprintf(err, errlen, "vec --dut %s: not a CVA6 build (cva6, cva6-h, cva6-shared)", dut);
    return false;
  }
  mm_mem *mem = mm_mem_new();
  if (!mem) {
    snprintf(err, errlen, "out of memory");
    return false;
  }
  cva6_sim *sim = cva6_new(v, mem, 3, err, errlen);
  if (!sim) {
    mm_mem_free(mem);
    return false;
  }
  mm_csrs csrs = {0};
  const vec_stmt *access = NULL;
  bool skipped = false;
  cva6_outcome o = {0};
  static mm_walk ref; /* the model's walk of the access, for the known classes' signatures */
  mm_csrs access_csrs = {0};
  for (size_t i = 0; i < f->n; i++) {
    const vec_stmt *s = &f->stmts[i];
    switch (s->kind) {
    case VEC_MEM: mm_mem_write64(mem, s->addr, s->value); break;
    case VEC_CSR: mm_csr_write(&csrs, s->csr, s->value); break;
    case VEC_ACCESS: {
      access = s;
      mm_csrs k = as_cva6(&csrs, dut_class_profile(dut_class_find(dut))->choices);
      access_csrs = k;
      if (s->req.priv != MM_PRIV_M) mm_walk_translate(&k, mem, &s->req, &ref);
      cva6_vec_skip why = why_skip(v, &csrs, f, i, &ref);
      skipped = why != CVA6_SKIP_REASONS;
      if (skipped) {
        stats->skipped[why]++;
        break;
      }
      mm_fence all = {.kind = MM_FENCE_SFENCE_VMA};
      mm_fence gall = {.kind = MM_FENCE_HFENCE_GVMA};
      mm_fence vall = {.kind = MM_FENCE_HFENCE_VVMA}; /* with hgatp Bare, CVA6's GVMA leaves VS-only entries */
      cva6_set_csrs(sim, &k);
      if (!cva6_fence(sim, &all, false, err, errlen) ||
          (cva6_variant_has_h(v) &&
           (!cva6_fence(sim, &gall, false, err, errlen) || !cva6_fence(sim, &vall, false, err, errlen))) ||
          !cva6_translate(sim, &s->req, false, s->req.hlvx, &o, err, errlen)) {
        cva6_free(sim);
        mm_mem_free(mem);
        return false;
      }
      stats->run.accesses++;
      break;
    }
    case VEC_EXPECT_OK:
    case VEC_EXPECT_FAULT: {
      if (!access || skipped) break;
      bool same = s->kind == VEC_EXPECT_OK ? !o.fault && o.pa == s->addr
                                           : o.fault && o.cause == s->cause && (!s->has_gpa || o.gpa == s->addr);
      char req[96], want[96], got[96];
      vec_format_req(req, sizeof req, &access->req);
      vec_format_outcome(want, sizeof want, s->kind == VEC_EXPECT_OK, s->cause, s->has_gpa, s->addr, s->addr, s->pbmt);
      vec_format_outcome(got, sizeof got, !o.fault, (unsigned)o.cause, cause_is_guest_page_fault((unsigned)o.cause),
                         o.gpa, o.pa, PBMT_PMA);
      const dut_known *known = same ? NULL : known_class(dut, &access->req, &access_csrs, &ref, &o);
      if (known) {
        stats->known++;
        if (opts->verbose)
          fprintf(opts->out, "%s:%u: known %s on %s: expected %s, got %s (class %s)\n", f->path, access->line, req, dut,
                  want, got, known->id);
      } else if (!same) {
        fprintf(opts->out, "%s:%u: access %s on %s: expected %s, got %s (%u PTE reads)\n", f->path, access->line, req,
                dut, want, got, o.n_reads);
        stats->run.failed++;
        stats->run.diffs++;
      } else if (opts->verbose) {
        fprintf(opts->out, "%s:%u: ok   %s on %s: %s (%u PTE reads)\n", f->path, access->line, req, dut, got,
                o.n_reads);
      }
      break;
    }
    case VEC_EXPECT_MEM: break;
    }
  }
  cva6_free(sim);
  mm_mem_free(mem);
  return true;
}
