/* The machine of the RTL alone (the kernel decides from the RTL's outcomes), and tb_machine_new (machine.h). */
#include <stdio.h>
#include <stdlib.h>

#include "tb/cosim/machine.h"
#include "tb/verilator/rtl.h"

struct tb_rtl {
  rtl_sim *sim;
  side *side;
};

/* An RTL whose assertion failed cannot go on: the machine halts (its report is on stdout). */
static bool rtl_sound(const tb_rtl *r) {
  rtl_assertion a;
  return !rtl_assertion_failed(r->sim, &a);
}

static bool rtl_alone_access(void *ctx, unsigned hart, const mm_req *req, mm_obs *out) {
  tb_rtl *r = ((tb_machine *)ctx)->rtl;
  rtl_access(r->sim, hart, req, &r->side->bus, out);
  return rtl_sound(r);
}

static bool rtl_alone_fence(void *ctx, unsigned hart, const mm_fence *fence, mm_obs *out) {
  tb_rtl *r = ((tb_machine *)ctx)->rtl;
  rtl_fence(r->sim, hart, fence, &r->side->bus, out);
  return rtl_sound(r);
}

static uint64_t rtl_alone_csr_write(void *ctx, unsigned hart, mm_csr_id id, uint64_t value) {
  tb_machine *tm = ctx;
  /* the model's harts hold the CSRs with their WARL rules; the RTL's ports follow */
  uint64_t v = tb_model_csr_write(&tm->model, hart, id, value);
  rtl_set_csrs(tm->rtl->sim, hart, &tm->model.hart[hart].csrs);
  return v;
}

static void rtl_alone_image_write(void *ctx, uint64_t pa, uint64_t value) {
  mm_mem_write64(((tb_machine *)ctx)->rtl->side->mem, pa, value);
}

static uint64_t rtl_alone_image_read(void *ctx, uint64_t pa) {
  return mm_mem_read64(((tb_machine *)ctx)->rtl->side->mem, pa);
}

static const regblock *rtl_alone_regs(void *ctx) { return &((tb_machine *)ctx)->rtl->side->regs; }
static const framebuf *rtl_alone_fb(void *ctx) { return &((tb_machine *)ctx)->rtl->side->fb; }

static const machine_ops rtl_ops = {
    .access = rtl_alone_access,
    .fence = rtl_alone_fence,
    .csr_write = rtl_alone_csr_write,
    .image_write = rtl_alone_image_write,
    .image_read = rtl_alone_image_read,
    .regs = rtl_alone_regs,
    .fb = rtl_alone_fb,
};

static void free_rtl(tb_rtl *r) {
  if (r->sim) rtl_free(r->sim);
  side_free(r->side);
  free(r);
}

machine *tb_machine_new(const tb_machine_config *cfg, char *err, size_t errlen) {
  if (cfg->backend == COSIM_MODEL) return tb_machine_new_model(cfg, err, errlen);
  if (cfg->backend == COSIM_BOTH) return tb_machine_new_lockstep(cfg, err, errlen);
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
  for (unsigned h = 0; h < cfg->harts; h++)
    rtl_set_csrs(tm->rtl->sim, h, &tm->model.hart[h].csrs);
  m->ops = &rtl_ops;
  return m;
}
