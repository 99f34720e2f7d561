// The C API of tb/cva6/cva6_sim.h over the Verilated tb/cva6/cva6_mmu_top.sv.
// Three builds link side by side (tb/cva6/cva6.mk), each with its own
// --prefix; one harness drives whichever cva6_new() picks through the port
// pointers of a Dut, as tb/verilator/rtl.cpp does for the project's RTL.
//
// Each cycle: the inputs for the cycle are set with the clock low and
// evaluated; the harness reads the response and the walker's request, grants
// the request if no read is outstanding (CVA6's walker has one at a time),
// evaluates again, and raises the clock. A granted read is served from the
// sparse memory at once and its answer presented `latency` cycles later.
extern "C" {
#include "tb/cva6/cva6_sim.h"
#include "model/mmu.h" /* MM_LATENCY_MAX */
}

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdio>
#include <memory>

#include "Vcva6_h.h"
#include "Vcva6_s.h"
#include "Vcva6_st.h"

namespace {

constexpr unsigned kTimeoutCycles = 100000; // a request or fence that takes longer is a hang

// One Verilated build behind the same port pointers (every build has the same ports).
struct Dut {
  virtual ~Dut() = default;
  virtual void eval() = 0;
  virtual void final() = 0;
  virtual void trace(VerilatedFstC *tfp) = 0;

  CData *clk, *rst_n;
  CData *req_valid, *req_ready, *req_kind, *req_priv, *req_virt, *req_hlv, *req_hlvx;
  QData *req_vaddr;
  CData *rsp_valid, *rsp_fault;
  QData *rsp_paddr, *rsp_cause, *rsp_tval, *rsp_gpaddr;
  QData *satp, *vsatp, *hgatp;
  CData *sum, *mxr, *vsum, *vmxr;
  CData *fence_vma, *fence_vvma, *fence_gvma, *fence_virt, *fence_busy;
  QData *fence_vaddr, *fence_gpaddr;
  SData *fence_asid, *fence_vmid;
  CData *mem_req_valid, *mem_req_kill, *mem_req_ready, *mem_rsp_valid;
  QData *mem_req_addr, *mem_rsp_data;
};

template <class M> struct DutOf final : Dut {
  std::unique_ptr<M> m;
  explicit DutOf(VerilatedContext *ctx) : m(new M(ctx, "cva6")) {
    clk = &m->clk_i;
    rst_n = &m->rst_ni;
    req_valid = &m->req_valid_i;
    req_ready = &m->req_ready_o;
    req_vaddr = &m->req_vaddr_i;
    req_kind = &m->req_kind_i;
    req_priv = &m->req_priv_i;
    req_virt = &m->req_virt_i;
    req_hlv = &m->req_hlv_i;
    req_hlvx = &m->req_hlvx_i;
    rsp_valid = &m->rsp_valid_o;
    rsp_fault = &m->rsp_fault_o;
    rsp_paddr = &m->rsp_paddr_o;
    rsp_cause = &m->rsp_cause_o;
    rsp_tval = &m->rsp_tval_o;
    rsp_gpaddr = &m->rsp_gpaddr_o;
    satp = &m->satp_i;
    vsatp = &m->vsatp_i;
    hgatp = &m->hgatp_i;
    sum = &m->mstatus_sum_i;
    mxr = &m->mstatus_mxr_i;
    vsum = &m->vsstatus_sum_i;
    vmxr = &m->vsstatus_mxr_i;
    fence_vma = &m->fence_vma_i;
    fence_vvma = &m->fence_vvma_i;
    fence_gvma = &m->fence_gvma_i;
    fence_virt = &m->fence_virt_i;
    fence_busy = &m->fence_busy_o;
    fence_vaddr = &m->fence_vaddr_i;
    fence_asid = &m->fence_asid_i;
    fence_gpaddr = &m->fence_gpaddr_i;
    fence_vmid = &m->fence_vmid_i;
    mem_req_valid = &m->mem_req_valid_o;
    mem_req_addr = &m->mem_req_addr_o;
    mem_req_kill = &m->mem_req_kill_o;
    mem_req_ready = &m->mem_req_ready_i;
    mem_rsp_valid = &m->mem_rsp_valid_i;
    mem_rsp_data = &m->mem_rsp_data_i;
  }
  void eval() override { m->eval(); }
  void final() override { m->final(); }
  void trace(VerilatedFstC *tfp) override { m->trace(tfp, 99); }
};

} // namespace

struct cva6_sim {
  cva6_variant variant;
  mm_mem *mem;
  cva6_read_fn read = nullptr; // the page-table reads' source instead of mem, or none
  void *read_ctx = nullptr;
  unsigned latency;
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Dut> dut;
  std::unique_ptr<VerilatedFstC> tfp; // the waveform, while open
  uint64_t cycle = 0;
  // The read in flight: answered at cycle answer_at with data.
  bool outstanding = false;
  uint64_t answer_at = 0, answer_data = 0;
  cva6_outcome *log = nullptr; // where the reads of the request in flight go, or nowhere
};

// The first half of a cycle: its inputs with the clock low, evaluated, and
// the walker's request granted if no read is outstanding.
static void settle(cva6_sim *s) {
  Dut &d = *s->dut;
  *d.clk = 0;
  bool answer = s->outstanding && s->cycle == s->answer_at;
  *d.mem_rsp_valid = answer;
  *d.mem_rsp_data = answer ? s->answer_data : 0;
  *d.mem_req_ready = 0;
  d.eval();
  if (*d.mem_req_valid && (!s->outstanding || answer)) {
    *d.mem_req_ready = 1;
    d.eval();
  }
}

// The second half: the grant served from memory, the rising edge.
static void edge(cva6_sim *s) {
  Dut &d = *s->dut;
  if (s->outstanding && s->cycle == s->answer_at) s->outstanding = false;
  if (*d.mem_req_ready) {
    uint64_t pa = *d.mem_req_addr & PA_MASK & ~7ull;
    s->answer_data = s->read ? s->read(s->read_ctx, pa) : mm_mem_load(s->mem, pa);
    s->answer_at = s->cycle + s->latency;
    s->outstanding = true;
    if (s->log && s->log->n_reads < CVA6_MAX_READS) {
      s->log->read_pa[s->log->n_reads] = pa;
      s->log->read_data[s->log->n_reads] = s->answer_data;
    }
    if (s->log) s->log->n_reads++;
  }
  if (s->tfp) s->tfp->dump(s->ctx->time());
  s->ctx->timeInc(1);
  *d.clk = 1;
  d.eval();
  s->cycle++;
  if (s->tfp) s->tfp->dump(s->ctx->time());
  s->ctx->timeInc(1);
}

static void cycle(cva6_sim *s) {
  settle(s);
  edge(s);
}

static void clear_inputs(Dut &d) {
  *d.req_valid = 0;
  *d.fence_vma = *d.fence_vvma = *d.fence_gvma = *d.fence_virt = 0;
  *d.fence_vaddr = *d.fence_gpaddr = 0;
  *d.fence_asid = *d.fence_vmid = 0;
}

extern "C" {

const char *cva6_variant_name(cva6_variant variant) {
  switch (variant) {
  case CVA6_SV39: return "sv39";
  case CVA6_SV39_H: return "sv39-h";
  case CVA6_SV39_SHARED: return "sv39-shared";
  case CVA6_VARIANTS: break;
  }
  return "?";
}

bool cva6_variant_has_h(cva6_variant variant) { return variant == CVA6_SV39_H; }

cva6_sim *cva6_new(cva6_variant variant, mm_mem *mem, unsigned latency, char *err, size_t err_size) {
  if (variant >= CVA6_VARIANTS) {
    snprintf(err, err_size, "cva6: no build variant %d", (int)variant);
    return nullptr;
  }
  if (latency < 1 || latency > MM_LATENCY_MAX) {
    snprintf(err, err_size, "cva6: latency %u out of 1.." MM_STR(MM_LATENCY_MAX), latency);
    return nullptr;
  }
  auto *s = new cva6_sim;
  s->variant = variant;
  s->mem = mem;
  s->latency = latency;
  s->ctx.reset(new VerilatedContext);
  s->ctx->traceEverOn(true);
  switch (variant) {
  case CVA6_SV39: s->dut.reset(new DutOf<Vcva6_s>(s->ctx.get())); break;
  case CVA6_SV39_H: s->dut.reset(new DutOf<Vcva6_h>(s->ctx.get())); break;
  default: s->dut.reset(new DutOf<Vcva6_st>(s->ctx.get())); break;
  }
  cva6_reset(s);
  return s;
}

void cva6_set_reader(cva6_sim *sim, cva6_read_fn read, void *ctx) {
  sim->read = read;
  sim->read_ctx = ctx;
}

void cva6_free(cva6_sim *sim) {
  if (!sim) return;
  cva6_trace_close(sim);
  sim->dut->final();
  delete sim;
}

void cva6_reset(cva6_sim *sim) {
  Dut &d = *sim->dut;
  clear_inputs(d);
  sim->outstanding = false;
  *d.rst_n = 0;
  *d.clk = 0;
  d.eval();
  for (int i = 0; i < 2; i++)
    cycle(sim);
  *d.rst_n = 1;
  cycle(sim);
}

void cva6_set_csrs(cva6_sim *sim, const mm_csrs *csrs) {
  Dut &d = *sim->dut;
  *d.satp = csrs->satp;
  *d.vsatp = csrs->vsatp;
  *d.hgatp = csrs->hgatp;
  *d.sum = (csrs->mstatus & MSTATUS_SUM) != 0;
  *d.mxr = (csrs->mstatus & MSTATUS_MXR) != 0;
  *d.vsum = (csrs->vsstatus & MSTATUS_SUM) != 0;
  *d.vmxr = (csrs->vsstatus & MSTATUS_MXR) != 0;
}

bool cva6_translate(cva6_sim *sim, const mm_req *req, bool hlv, bool hlvx, cva6_outcome *out, char *err,
                    size_t err_size) {
  Dut &d = *sim->dut;
  *out = cva6_outcome{};
  // The wrapper is idle between requests (it answers with rsp_valid and drops busy at that edge).
  if (!*d.req_ready) {
    snprintf(err, err_size, "cva6: not ready for a request at cycle %llu", (unsigned long long)sim->cycle);
    return false;
  }
  *d.req_valid = 1;
  *d.req_vaddr = req->va;
  *d.req_kind = (CData)req->type;
  *d.req_priv = (CData)req->priv;
  *d.req_virt = req->virt;
  *d.req_hlv = hlv || hlvx;
  *d.req_hlvx = hlvx;
  sim->log = out;
  cycle(sim); // taken at this edge
  *d.req_valid = 0;
  uint64_t start = sim->cycle;
  bool done = false;
  for (unsigned n = 0; n < kTimeoutCycles && !done; n++) {
    settle(sim);
    // The response's cycle: its outputs as evaluated before the edge that ends it.
    done = *d.rsp_valid;
    if (done) {
      out->fault = *d.rsp_fault;
      out->pa = *d.rsp_paddr;
      out->cause = out->fault ? *d.rsp_cause : 0;
      out->tval = out->fault ? *d.rsp_tval : 0;
      out->gpa = out->fault ? *d.rsp_gpaddr : 0;
      out->cycles = (unsigned)(sim->cycle - start);
    }
    edge(sim);
  }
  sim->log = nullptr;
  if (!done) {
    snprintf(err, err_size, "cva6: no response to va %#llx within %u cycles", (unsigned long long)req->va,
             kTimeoutCycles);
    return false;
  }
  if (out->n_reads > CVA6_MAX_READS) {
    snprintf(err, err_size, "cva6: va %#llx: %u PTE reads, more than the %d kept", (unsigned long long)req->va,
             out->n_reads, CVA6_MAX_READS);
    return false;
  }
  return true;
}

bool cva6_fence(cva6_sim *sim, const mm_fence *fence, bool virt, char *err, size_t err_size) {
  Dut &d = *sim->dut;
  // Let a read still in flight come back (its walk ended with the last response).
  for (unsigned n = 0; sim->outstanding && n < kTimeoutCycles; n++)
    cycle(sim);
  switch (fence->kind) {
  case MM_FENCE_SFENCE_VMA:
    *d.fence_vma = 1;
    *d.fence_virt = virt;
    break;
  case MM_FENCE_HFENCE_VVMA: *d.fence_vvma = 1; break;
  case MM_FENCE_HFENCE_GVMA: *d.fence_gvma = 1; break;
  case MM_FENCE_DATA: return true; // no TLB effect
  }
  if (fence->kind == MM_FENCE_HFENCE_GVMA) {
    *d.fence_gpaddr = fence->has_addr ? fence->addr : 0;
    *d.fence_vmid = fence->has_id ? fence->id : 0;
  } else {
    *d.fence_vaddr = fence->has_addr ? fence->addr : 0;
    *d.fence_asid = fence->has_id ? fence->id : 0;
  }
  cycle(sim);
  clear_inputs(d);
  for (unsigned n = 0; n < kTimeoutCycles; n++) {
    settle(sim);
    if (!*d.fence_busy) return true;
    edge(sim);
  }
  snprintf(err, err_size, "cva6: the shared TLB still flushing after %u cycles", kTimeoutCycles);
  return false;
}

bool cva6_trace_open(cva6_sim *sim, const char *path, char *err, size_t err_size) {
  cva6_trace_close(sim);
  sim->tfp.reset(new VerilatedFstC);
  sim->dut->trace(sim->tfp.get());
  sim->tfp->open(path);
  if (!sim->tfp->isOpen()) {
    sim->tfp.reset();
    snprintf(err, err_size, "cva6: cannot open the waveform %s", path);
    return false;
  }
  return true;
}

void cva6_trace_close(cva6_sim *sim) {
  if (!sim->tfp) return;
  sim->tfp->close();
  sim->tfp.reset();
}

uint64_t cva6_cycles(const cva6_sim *sim) { return sim->cycle; }

} // extern "C"
