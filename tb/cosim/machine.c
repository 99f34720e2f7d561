/* The model's side of a machine, the machine of the model alone, and lockstep: the model's machine that records
 * what the kernel issued, checked by the lockstep engine (machine.h). */
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

uint64_t tb_model_csr_write(tb_model *md, unsigned hart, mm_csr_id id, uint64_t value) {
  mm_csrs *c = &md->hart[hart].csrs;
  mm_csr_write(c, id, value);
  return csr_value(c, id);
}

/* Lockstep: the event the kernel issued, appended to the record; false
 * (the machine halts) when out of memory. */
static bool record(tb_machine *tm, const stim_event *ev) {
  if (!tm->record || tm->window_closed) return true;
  if (replay_push(tm->record, ev)) return true;
  fprintf(tm->cfg.report ? tm->cfg.report : stderr, "lockstep: out of memory recording the kernel's requests\n");
  return false;
}

static bool model_access(void *ctx, unsigned hart, const mm_req *req, mm_obs *out) {
  tb_machine *tm = ctx;
  if (!record(tm, &(stim_event){.kind = STIM_ACCESS, .hart = hart, .req = *req})) return false;
  tb_model_access(&tm->model, hart, req, out);
  return true;
}

static bool model_fence(void *ctx, unsigned hart, const mm_fence *fence, mm_obs *out) {
  tb_machine *tm = ctx;
  if (!record(tm, &(stim_event){.kind = STIM_FENCE, .hart = hart, .fence = *fence})) return false;
  tb_model_fence(&tm->model, hart, fence, out);
  return true;
}

static uint64_t model_csr_write(void *ctx, unsigned hart, mm_csr_id id, uint64_t value) {
  tb_machine *tm = ctx;
  /* the record holds the value written: both sides of the check apply the same WARL rules to it */
  record(tm, &(stim_event){.kind = STIM_CSR, .hart = hart, .csr = id, .value = value});
  return tb_model_csr_write(&tm->model, hart, id, value);
}

static void model_image_write(void *ctx, uint64_t pa, uint64_t value) {
  tb_machine *tm = ctx;
  record(tm, &(stim_event){.kind = STIM_MEM, .pa = pa, .value = value});
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

machine *tb_machine_new_lockstep(const tb_machine_config *cfg, char *err, size_t errlen) {
  machine *m = tb_machine_new_model(cfg, err, errlen);
  if (!m) return NULL;
  tb_machine *tm = m->ctx;
  tm->cfg = *cfg;
  tm->cfg.backend = COSIM_BOTH;
  tm->record = calloc(1, sizeof *tm->record);
  if (!tm->record) {
    snprintf(err, errlen, "out of memory");
    tb_machine_free(m);
    return NULL;
  }
  tm->record->opt = (replay_options){.harts = cfg->harts,
                                     .tlb_entries = cfg->tlb_entries,
                                     .mem_latency = cfg->mem_latency,
                                     .serial = true,
                                     .seed = cfg->seed,
                                     .bug = cfg->bug,
                                     .mutant_build = cfg->bug != 0};
  return m;
}

void tb_machine_end_lockstep(machine *m) { ((tb_machine *)m->ctx)->window_closed = true; }

/* The record through the lockstep engine: the model and the DUT, one request at a time in the kernel's order. */
static void check(tb_machine *tm) {
  tm->checked = true;
  const tb_machine_config *mc = &tm->cfg;
  FILE *out = mc->report ? mc->report : stderr;
  char replay_path[512];
  snprintf(replay_path, sizeof replay_path, "%s.replay", mc->fail_prefix);
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.seed = mc->seed;
  cfg.requests = replay_requests(tm->record);
  cfg.harts = mc->harts;
  cfg.serial = true;
  cfg.tlb_entries = mc->tlb_entries;
  cfg.mem_latency = mc->mem_latency;
  cfg.dut = mc->dut;
  cfg.bug = mc->bug;
  cfg.mutant_build = mc->bug != 0;
  cfg.fail_prefix = mc->fail_prefix;
  cfg.quiet = mc->quiet;
  cfg.out = out;
  cfg.script = tm->record;
  cfg.replay = replay_path; /* names the record in the report; written below when it fails */
  tm->lockstep_rc = cosim_run(&cfg, &tm->lockstep);
  if (tm->lockstep_rc == 0) return;
  if (tm->lockstep_rc == 2) fprintf(out, "lockstep: the engine could not run: %s\n", tm->lockstep.error);
  tm->mismatch = tm->lockstep_rc == 1 ? (long)tm->lockstep.mismatch_request : 0;
  char err[600], comment[700];
  snprintf(comment, sizeof comment, "recorded by the lockstep machine: %s", mc->name ? mc->name : "the kernel");
  if (!replay_write(replay_path, tm->record, comment, err, sizeof err))
    fprintf(out, "  replay: %s\n", err);
  else
    fprintf(out, "  replay: %s (mmucosim run --replay %s; mmucosim shrink --replay %s)\n", replay_path, replay_path,
            replay_path);
}

void tb_machine_free(machine *m) {
  if (!m) return;
  tb_machine *tm = m->ctx;
  if (tm->rtl) tm->free_rtl(tm->rtl);
  if (tm->record) replay_free(tm->record);
  free(tm->record);
  tb_model_destroy(&tm->model);
  free(tm);
}

long tb_machine_mismatch(machine *m) {
  tb_machine *tm = m->ctx;
  if (tm->record && !tm->checked) check(tm);
  return tm->mismatch;
}

const cosim_stats *tb_machine_lockstep_stats(machine *m) {
  tb_machine *tm = m->ctx;
  return tm->record && tm->checked ? &tm->lockstep : NULL;
}
