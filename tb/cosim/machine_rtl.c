/* The machine of the RTL alone and of lockstep (machine.h), and tb_machine_new. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "tb/cosim/compare.h"
#include "tb/cosim/machine.h"
#include "tb/vec/vecrun.h"
#include "tb/verilator/rtl.h"

#define HISTORY 8 /* requests shown before a mismatch */

/* A request as the history keeps it. */
typedef struct past_request {
  long index;
  unsigned hart;
  bool is_fence;
  mm_req req;
  mm_fence fence;
  obs_brief outcome;
} past_request;

struct tb_rtl {
  rtl_sim *sim;
  side *side;
  bool detached;  /* lockstep: the model goes on alone */
  long index;     /* requests issued so far */
  uint64_t clock; /* lockstep: the edge the model predicts the next request is taken at (one at a time, each
                     the edge after the previous response) */
  past_request history[HISTORY];
};

static void format_request(char *buf, size_t len, unsigned hart, bool is_fence, const mm_req *req,
                           const mm_fence *fence) {
  if (is_fence) {
    snprintf(buf, len, "hart %u %s%s%#" PRIx64 " id=%u", hart, mm_fence_name(fence->kind),
             fence->has_addr ? " addr=" : " no addr ", fence->has_addr ? fence->addr : 0,
             fence->has_id ? fence->id : 0);
    return;
  }
  static const char *op[] = {"translate", "load", "store", "fetch", "cbo.clean", "cbo.flush", "cbo.inval"};
  char what[96];
  vec_format_req(what, sizeof what, req);
  snprintf(buf, len, "hart %u %s %s/%u data=%#" PRIx64, hart, what, req->data_op < 7 ? op[req->data_op] : "?",
           req->size, req->wdata);
}

static void remember(tb_rtl *r, unsigned hart, bool is_fence, const mm_req *req, const mm_fence *fence,
                     const mm_obs *o) {
  past_request *p = &r->history[r->index % HISTORY];
  *p = (past_request){.index = r->index, .hart = hart, .is_fence = is_fence, .outcome = obs_brief_of(o)};
  if (req) p->req = *req;
  if (fence) p->fence = *fence;
}

static void report(tb_machine *tm, unsigned hart, bool is_fence, const mm_req *req, const mm_fence *fence,
                   const mm_obs *m, const mm_obs *o) {
  tb_rtl *r = tm->rtl;
  FILE *out = tm->cfg.report ? tm->cfg.report : stderr;
  char line[256];
  format_request(line, sizeof line, hart, is_fence, req, fence);
  fprintf(out, "MISMATCH at kernel request %ld: %s\n", r->index, line);
  obs_report(out, m, o, is_fence);
  long first = r->index > HISTORY ? r->index - HISTORY : 0;
  if (first < r->index) fprintf(out, "  the %ld requests before it:\n", r->index - first);
  for (long i = first; i < r->index; i++) {
    const past_request *p = &r->history[i % HISTORY];
    char outcome[160] = "done";
    format_request(line, sizeof line, p->hart, p->is_fence, &p->req, &p->fence);
    if (!p->is_fence) obs_format_outcome(outcome, sizeof outcome, &p->outcome);
    fprintf(out, "    #%ld %s -> %s\n", p->index, line, outcome);
  }
}

/* Lockstep: the model decides, the RTL is compared. */
static bool both_step(tb_machine *tm, unsigned hart, const mm_req *req, const mm_fence *fence, mm_obs *out) {
  tb_rtl *r = tm->rtl;
  bool use_model = tm->cfg.backend != COSIM_RTL, use_rtl = !r->detached;
  mm_obs rtl_obs;
  mm_obs *ro = use_model ? &rtl_obs : out;
  if (use_model) {
    if (req)
      tb_model_access(&tm->model, hart, req, out);
    else
      tb_model_fence(&tm->model, hart, fence, out);
    out->accept = r->clock;
    r->clock = out->accept + out->cycles + 1;
  }
  if (use_rtl) {
    if (req)
      rtl_access(r->sim, hart, req, &r->side->bus, ro);
    else
      rtl_fence(r->sim, hart, fence, &r->side->bus, ro);
  }
  if (use_model && use_rtl && !obs_equal(out, ro)) {
    tm->mismatch = r->index;
    report(tm, hart, !req, req, fence, out, ro);
    return false;
  }
  remember(r, hart, !req, req, fence, out);
  r->index++;
  return true;
}

static bool both_access(void *ctx, unsigned hart, const mm_req *req, mm_obs *out) {
  return both_step(ctx, hart, req, NULL, out);
}

static bool both_fence(void *ctx, unsigned hart, const mm_fence *fence, mm_obs *out) {
  return both_step(ctx, hart, NULL, fence, out);
}

static uint64_t both_csr_write(void *ctx, unsigned hart, mm_csr_id id, uint64_t value) {
  tb_machine *tm = ctx;
  /* The model's harts hold the CSRs with their WARL rules; the RTL's ports follow. */
  uint64_t v = tb_model_csr_write(&tm->model, hart, id, value);
  if (!tm->rtl->detached) rtl_set_csrs(tm->rtl->sim, hart, &tm->model.hart[hart].csrs);
  return v;
}

static void both_image_write(void *ctx, uint64_t pa, uint64_t value) {
  tb_machine *tm = ctx;
  if (tm->cfg.backend != COSIM_RTL) mm_mem_write64(tm->model.side->mem, pa, value);
  mm_mem_write64(tm->rtl->side->mem, pa, value);
}

static uint64_t both_image_read(void *ctx, uint64_t pa) {
  tb_machine *tm = ctx;
  return mm_mem_read64(tm->cfg.backend == COSIM_RTL ? tm->rtl->side->mem : tm->model.side->mem, pa);
}

static const side *deciding_side(const tb_machine *tm) {
  return tm->cfg.backend == COSIM_RTL ? tm->rtl->side : tm->model.side;
}
static const regblock *both_regs(void *ctx) { return &deciding_side(ctx)->regs; }
static const framebuf *both_fb(void *ctx) { return &deciding_side(ctx)->fb; }

static const machine_ops rtl_ops = {
    .access = both_access,
    .fence = both_fence,
    .csr_write = both_csr_write,
    .image_write = both_image_write,
    .image_read = both_image_read,
    .regs = both_regs,
    .fb = both_fb,
};

static void free_rtl(tb_rtl *r) {
  if (r->sim) rtl_free(r->sim);
  side_free(r->side);
  free(r);
}

machine *tb_machine_new(const tb_machine_config *cfg, char *err, size_t errlen) {
  if (cfg->backend == COSIM_MODEL) return tb_machine_new_model(cfg, err, errlen);
  machine *m = tb_machine_new_model(cfg, err, errlen);
  if (!m) return NULL;
  tb_machine *tm = m->ctx;
  tm->cfg = *cfg;
  tm->free_rtl = free_rtl;
  tm->rtl = calloc(1, sizeof *tm->rtl);
  if (!tm->rtl || !(tm->rtl->side = side_new())) {
    snprintf(err, errlen, "out of memory");
    tb_machine_free(m);
    return NULL;
  }
  rtl_config rc = {.harts = cfg->harts,
                   .tlb_entries = cfg->tlb_entries,
                   .mem_latency = cfg->mem_latency,
                   .bug = cfg->bug,
                   .mutant_build = cfg->bug != 0};
  tm->rtl->sim = rtl_new(&rc, err, errlen);
  if (!tm->rtl->sim) {
    tb_machine_free(m);
    return NULL;
  }
  tm->rtl->clock = RTL_FIRST_EDGE;
  for (unsigned h = 0; h < cfg->harts; h++)
    rtl_set_csrs(tm->rtl->sim, h, &tm->model.hart[h].csrs);
  m->ops = &rtl_ops;
  return m;
}

void tb_machine_detach_rtl(machine *m) {
  tb_machine *tm = m->ctx;
  if (tm->rtl && tm->cfg.backend == COSIM_BOTH) tm->rtl->detached = true;
}
