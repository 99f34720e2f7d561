/* The model's side of a machine, and the machine of the model alone (machine.h). */
#include "tb/cosim/machine.h"

#include <stdio.h>
#include <stdlib.h>

bool tb_model_init(tb_model *md, const tb_machine_config *cfg, char *err, size_t errlen) {
  *md = (tb_model){.harts = cfg->harts};
  if (cfg->harts < 1 || cfg->harts > MM_MAX_HARTS) {
    snprintf(err, errlen, "harts must be 1..%d", MM_MAX_HARTS);
    return false;
  }
  const char *why = "";
  for (unsigned h = 0; h < MM_MAX_HARTS; h++) {
    mm_hart_params p = {.tlb_entries = cfg->tlb_entries, .mem_latency = cfg->mem_latency, .id = h};
    if (!mm_hart_init(&md->hart[h], &p, &why)) {
      snprintf(err, errlen, "%s", why);
      for (unsigned k = 0; k < h; k++)
        mm_hart_destroy(&md->hart[k]);
      return false;
    }
  }
  md->side = side_new();
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = cfg->mem_latency};
  if (!md->side || !mm_memsys_init(&md->memsys, &mp, &md->side->bus, &why)) {
    snprintf(err, errlen, "%s", md->side ? why : "out of memory");
    side_free(md->side);
    for (unsigned h = 0; h < MM_MAX_HARTS; h++)
      mm_hart_destroy(&md->hart[h]);
    return false;
  }
  md->port = mm_port_of_memsys(&md->memsys);
  return true;
}

void tb_model_destroy(tb_model *md) {
  mm_memsys_destroy(&md->memsys);
  side_free(md->side);
  for (unsigned h = 0; h < MM_MAX_HARTS; h++)
    mm_hart_destroy(&md->hart[h]);
}

void tb_model_access(tb_model *md, unsigned hart, const mm_req *req, mm_obs *out) {
  md->memsys.sink = out;
  mm_hart_access_port(&md->hart[hart], &md->port, req, out);
  md->memsys.sink = NULL;
}

void tb_model_fence(tb_model *md, unsigned hart, const mm_fence *fence, mm_obs *out) {
  md->memsys.sink = out;
  mm_hart_fence(&md->hart[hart], &md->port, fence, out);
  md->memsys.sink = NULL;
}

static uint64_t csr_value(const mm_csrs *c, mm_csr_id id) {
  switch (id) {
  case MM_CSR_SATP: return c->satp;
  case MM_CSR_VSATP: return c->vsatp;
  case MM_CSR_HGATP: return c->hgatp;
  case MM_CSR_MSTATUS: return c->mstatus;
  case MM_CSR_VSSTATUS: return c->vsstatus;
  case MM_CSR_MENVCFG: return c->menvcfg;
  case MM_CSR_HENVCFG: return c->henvcfg;
  }
  return 0;
}

static bool model_access(void *ctx, unsigned hart, const mm_req *req, mm_obs *out) {
  tb_machine *tm = ctx;
  tb_model_access(&tm->model, hart, req, out);
  return true;
}

static bool model_fence(void *ctx, unsigned hart, const mm_fence *fence, mm_obs *out) {
  tb_machine *tm = ctx;
  tb_model_fence(&tm->model, hart, fence, out);
  return true;
}

uint64_t tb_model_csr_write(tb_model *md, unsigned hart, mm_csr_id id, uint64_t value) {
  mm_csrs *c = &md->hart[hart].csrs;
  mm_csr_write(c, id, value);
  return csr_value(c, id);
}

static uint64_t model_csr_write(void *ctx, unsigned hart, mm_csr_id id, uint64_t value) {
  return tb_model_csr_write(&((tb_machine *)ctx)->model, hart, id, value);
}

static void model_image_write(void *ctx, uint64_t pa, uint64_t value) {
  tb_machine *tm = ctx;
  mm_mem_write64(tm->model.side->mem, pa, value);
}

static uint64_t model_image_read(void *ctx, uint64_t pa) {
  tb_machine *tm = ctx;
  return mm_mem_read64(tm->model.side->mem, pa);
}

static const regblock *model_regs(void *ctx) { return &((tb_machine *)ctx)->model.side->regs; }
static const framebuf *model_fb(void *ctx) { return &((tb_machine *)ctx)->model.side->fb; }

static const machine_ops model_ops = {
    .access = model_access,
    .fence = model_fence,
    .csr_write = model_csr_write,
    .image_write = model_image_write,
    .image_read = model_image_read,
    .regs = model_regs,
    .fb = model_fb,
};

machine *tb_machine_new_model(const tb_machine_config *cfg, char *err, size_t errlen) {
  tb_machine *tm = calloc(1, sizeof *tm);
  if (!tm) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  if (!tb_model_init(&tm->model, cfg, err, errlen)) {
    free(tm);
    return NULL;
  }
  tm->cfg = *cfg;
  tm->cfg.backend = COSIM_MODEL;
  tm->mismatch = -1;
  tm->base = (machine){.ops = &model_ops, .ctx = tm, .harts = cfg->harts};
  return &tm->base;
}

void tb_machine_free(machine *m) {
  if (!m) return;
  tb_machine *tm = m->ctx;
  if (tm->rtl) tm->free_rtl(tm->rtl);
  tb_model_destroy(&tm->model);
  free(tm);
}

long tb_machine_mismatch(const machine *m) { return ((const tb_machine *)m->ctx)->mismatch; }
