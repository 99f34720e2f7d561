/*
 * CVA6's MMU as a DUT (tb/cosim/dut.h), compared timing-free: one CVA6 MMU
 * per hart (tb/cva6/cva6_sim.h), each translating the requests posted to
 * it, whose walker reads the testbench's memory (the model's, through
 * dut_config.mem_read) with another agent's poke applied after the read it
 * is armed for. CVA6's MMU translates only: a request's observation is its
 * outcome and its page-table reads; the data access is the model's.
 *
 * Three classes, one per build (tb/cva6/cva6.mk): cva6 (Sv39), cva6-h (with
 * the H extension: Sv39 over Sv39x4) and cva6-shared (Sv39 with the shared
 * TLB). Their profile keeps the stimulus within what CVA6 has (no Sv48,
 * Svpbmt or Svadu; V=1 only with H), and lists the mismatch classes triaged
 * so far (tb/cva6/cva6_known.c).
 *
 * Only programs that link this file have these classes: mmucosim and the
 * CVA6 tests (the class list of tb/cosim/dut_rtl.c refers to them weakly).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb/cosim/dut.h"
#include "tb/cosim/waves.h"
#include "tb/cva6/cva6_known.h"
#include "tb/cva6/cva6_sim.h"

typedef struct cva6_hart {
  cva6_sim *sim;
  bool posted;
  bool is_fence;
  mm_req req;
  mm_fence fence;
  mm_obs *out;
  uint64_t accepted;
  /* the poke armed for the posted request: value at pa after the walker's first read of pa */
  bool poke_armed, poke_fired;
  uint64_t poke_pa, poke_value;
} cva6_hart;

typedef struct dut_cva6 {
  dut base; /* first */
  dut_config cfg;
  cva6_variant variant;
  unsigned reading; /* the hart whose walker reads now */
  cva6_hart h[MM_MAX_HARTS];
  char error[256];
  const char *trace_path;
} dut_cva6;

static dut_cva6 *of(dut *d) { return (dut_cva6 *)d; }
static const dut_cva6 *of_c(const dut *d) { return (const dut_cva6 *)d; }

static uint64_t read_word(void *ctx, uint64_t pa) {
  dut_cva6 *c = ctx;
  cva6_hart *ch = &c->h[c->reading];
  if (ch->poke_fired && pa == ch->poke_pa) return ch->poke_value;
  uint64_t v = c->cfg.mem_read ? c->cfg.mem_read(c->cfg.mem_ctx, pa) : mm_mem_load(c->cfg.bus->mem, pa);
  if (ch->poke_armed && pa == ch->poke_pa) {
    ch->poke_armed = false;
    ch->poke_fired = true;
  }
  return v;
}

/* CVA6's own cycles (hart 0's MMU): the waveform's time */
static uint64_t cycle(const dut *d) { return cva6_cycles(of_c(d)->h[0].sim); }
static void set_csrs(dut *d, unsigned h, const mm_csrs *csrs) { cva6_set_csrs(of(d)->h[h].sim, csrs); }

static void post(dut *d, unsigned h, const mm_req *req, const mm_fence *fence, mm_obs *out, uint64_t accept) {
  cva6_hart *ch = &of(d)->h[h];
  ch->posted = true;
  ch->is_fence = fence != NULL;
  if (req) ch->req = *req;
  if (fence) ch->fence = *fence;
  ch->out = out;
  ch->accepted = accept;
  ch->poke_armed = ch->poke_fired = false;
}

static void poke(dut *d, unsigned h, uint64_t pa, uint64_t value) {
  cva6_hart *ch = &of(d)->h[h];
  ch->poke_armed = true;
  ch->poke_fired = false;
  ch->poke_pa = pa;
  ch->poke_value = value;
}

/* The posted request on hart h, start to end. */
static bool run_one(dut_cva6 *c, unsigned h) {
  cva6_hart *ch = &c->h[h];
  mm_obs *o = ch->out;
  mm_obs_reset(o);
  o->accept = ch->accepted;
  c->reading = h;
  if (ch->is_fence) {
    o->ok = true;
    return cva6_fence(ch->sim, &ch->fence, false, c->error, sizeof c->error);
  }
  cva6_outcome r;
  if (!cva6_translate(ch->sim, &ch->req, false, ch->req.hlvx, &r, c->error, sizeof c->error)) return false;
  o->ok = !r.fault;
  o->pa = r.fault ? 0 : r.pa;
  o->cause = r.fault ? (uint8_t)r.cause : 0;
  o->gpa = r.fault && cause_is_guest_page_fault((uint8_t)r.cause) ? r.gpa : 0;
  o->cycles = r.cycles;
  o->tlb_hit = r.n_reads == 0;
  for (unsigned i = 0; i < r.n_reads && i < MM_OBS_MAX_OPS; i++) {
    o->ops[i] = (mm_memop){.kind = MM_OP_READ,
                           .hart = (uint8_t)h,
                           .stage = MM_STAGE_UNKNOWN,
                           .level = MM_STAGE_UNKNOWN,
                           .mt = MM_MT_MAIN,
                           .size = 8,
                           .pa = r.read_pa[i],
                           .data = r.read_data[i]};
    o->n_ops++;
  }
  if (r.fault && r.tval != ch->req.va) {
    snprintf(c->error, sizeof c->error, "cva6: hart %u va %#llx: tval %#llx is not the faulting address", h,
             (unsigned long long)ch->req.va, (unsigned long long)r.tval);
    return false;
  }
  return true;
}

static unsigned tick(dut *d) {
  dut_cva6 *c = of(d);
  unsigned done = 0;
  for (unsigned h = 0; h < c->cfg.harts; h++) {
    if (!c->h[h].posted) continue;
    c->h[h].posted = false;
    if (!run_one(c, h)) return 0; /* the error is kept: the engine asks for it */
    done |= 1u << h;
  }
  return done;
}

static uint64_t accept_cycle(const dut *d, unsigned h) { return of_c(d)->h[h].accepted; }

static bool trace_open(dut *d, const char *path) {
  dut_cva6 *c = of(d);
  c->trace_path = path;
  return cva6_trace_open(c->h[0].sim, path, c->error, sizeof c->error);
}
static void trace_close(dut *d) { cva6_trace_close(of(d)->h[0].sim); }

static const char *error(const dut *d) { return of_c(d)->error[0] ? of_c(d)->error : NULL; }

/* A GTKWave save file: the wrapper's ports (tb/cva6/cva6_mmu_top.sv). */
static const wave_signal request_signals[] = {
    {"clk_i", 1},        {"rst_ni", 1},       {"req_valid_i", 1}, {"req_ready_o", 1},
    {"req_vaddr_i", 64}, {"req_kind_i", 2},   {"req_priv_i", 2},  {"req_virt_i", 1},
    {"req_hlv_i", 1},    {"req_hlvx_i", 1},   {"rsp_valid_o", 1}, {"rsp_fault_o", 1},
    {"rsp_paddr_o", 56}, {"rsp_cause_o", 64}, {"rsp_tval_o", 64}, {"rsp_gpaddr_o", 41},
};
static const wave_signal csr_signals[] = {
    {"satp_i", 64},       {"vsatp_i", 64},       {"hgatp_i", 64},       {"mstatus_sum_i", 1},
    {"mstatus_mxr_i", 1}, {"vsstatus_sum_i", 1}, {"vsstatus_mxr_i", 1},
};
static const wave_signal fence_signals[] = {
    {"fence_vma_i", 1},   {"fence_vvma_i", 1},    {"fence_gvma_i", 1},  {"fence_virt_i", 1}, {"fence_vaddr_i", 64},
    {"fence_asid_i", 16}, {"fence_gpaddr_i", 64}, {"fence_vmid_i", 14}, {"fence_busy_o", 1},
};
static const wave_signal mem_signals[] = {
    {"mem_req_valid_o", 1}, {"mem_req_addr_o", 56}, {"mem_req_kill_o", 1},
    {"mem_req_ready_i", 1}, {"mem_rsp_valid_i", 1}, {"mem_rsp_data_i", 64},
};

#define COUNT(a) (unsigned)(sizeof(a) / sizeof((a)[0]))

static bool write_gtkw(const dut *d, const char *gtkw, const char *fst, uint64_t marker_cycle) {
  (void)d;
  /* cva6_sim.cpp dumps twice a cycle: cycle n's rising edge is at time 2n + 1 */
  FILE *f = waves_gtkw_begin(gtkw, fst, 2 * marker_cycle + 1);
  if (!f) return false;
  waves_group(f, "request and response", "TOP.cva6_mmu_top", request_signals, COUNT(request_signals), 16);
  waves_group(f, "CSRs", "TOP.cva6_mmu_top", csr_signals, COUNT(csr_signals), 16);
  waves_group(f, "fences", "TOP.cva6_mmu_top", fence_signals, COUNT(fence_signals), 16);
  waves_group(f, "page-table port", "TOP.cva6_mmu_top", mem_signals, COUNT(mem_signals), 16);
  bool ok = !ferror(f);
  return fclose(f) == 0 && ok;
}

static void free_cva6(dut *d) {
  dut_cva6 *c = of(d);
  for (unsigned h = 0; h < MM_MAX_HARTS; h++)
    cva6_free(c->h[h].sim);
  free(c);
}

static const dut_ops cva6_ops = {
    .cycle = cycle,
    .set_csrs = set_csrs,
    .post = post,
    .poke = poke,
    .tick = tick,
    .accept_cycle = accept_cycle,
    .trace_open = trace_open,
    .trace_close = trace_close,
    .write_gtkw = write_gtkw,
    .error = error,
    .free = free_cva6,
};

static dut *create_variant(cva6_variant v, const char *name, const dut_config *cfg, char *err, size_t errlen) {
  if (cfg->bug || cfg->mutant_build) {
    snprintf(err, errlen, "%s: no injected bugs (they are the project's RTL's)", name);
    return NULL;
  }
  dut_cva6 *c = calloc(1, sizeof *c);
  if (!c) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  c->cfg = *cfg;
  c->variant = v;
  for (unsigned h = 0; h < cfg->harts; h++) {
    c->h[h].sim = cva6_new(v, cfg->bus->mem, cfg->mem_latency, err, errlen);
    if (!c->h[h].sim) {
      free_cva6(&c->base);
      return NULL;
    }
    cva6_set_reader(c->h[h].sim, read_word, c);
  }
  c->base = (dut){.ops = &cva6_ops, .name = name};
  return &c->base;
}

static dut *create_s(const dut_config *cfg, char *err, size_t errlen) {
  return create_variant(CVA6_SV39, "cva6", cfg, err, errlen);
}
static dut *create_h(const dut_config *cfg, char *err, size_t errlen) {
  return create_variant(CVA6_SV39_H, "cva6-h", cfg, err, errlen);
}
static dut *create_st(const dut_config *cfg, char *err, size_t errlen) {
  return create_variant(CVA6_SV39_SHARED, "cva6-shared", cfg, err, errlen);
}

#define CVA6_TLBS "instruction and data L1 TLBs of 16 entries each, fully associative"

static const dut_profile profile_s = {.timing = DUT_TIMING_FREE,
                                      .pa_bits = 56,
                                      .choices = MM_CHOICE_G_BEFORE_PRIV | MM_CHOICE_MXR_IMPLICIT,
                                      .tlbs = CVA6_TLBS,
                                      .known = cva6_known,
                                      .n_known = CVA6_KNOWN_S,
                                      .suspect = cva6_suspect};
static const dut_profile profile_h = {.h = true,
                                      .timing = DUT_TIMING_FREE,
                                      .pa_bits = 56,
                                      .choices = MM_CHOICE_G_BEFORE_PRIV | MM_CHOICE_MXR_IMPLICIT,
                                      .tlbs = CVA6_TLBS,
                                      .known = cva6_known,
                                      .n_known = CVA6_KNOWN_H,
                                      .suspect = cva6_suspect};
static const dut_profile profile_st = {.timing = DUT_TIMING_FREE,
                                       .pa_bits = 56,
                                       .choices = MM_CHOICE_G_BEFORE_PRIV | MM_CHOICE_MXR_IMPLICIT,
                                       .tlbs = CVA6_TLBS ", and a shared TLB of 2 ways x 64 sets behind them",
                                       .known = cva6_known,
                                       .n_known = CVA6_KNOWN_COUNT,
                                       .suspect = cva6_suspect};

const dut_class dut_cva6_class = {.name = "cva6",
                                  .summary = "CVA6's MMU, Sv39 (third_party/cva6; timing-free comparison)",
                                  .create = create_s,
                                  .profile = &profile_s};
const dut_class dut_cva6_h_class = {.name = "cva6-h",
                                    .summary = "CVA6's MMU with the H extension, Sv39 over Sv39x4 (timing-free)",
                                    .create = create_h,
                                    .profile = &profile_h};
const dut_class dut_cva6_shared_class = {.name = "cva6-shared",
                                         .summary = "CVA6's MMU, Sv39, with its shared TLB (timing-free)",
                                         .create = create_st,
                                         .profile = &profile_st};
