// The C API of tb/rtl.h over the Verilated rtl/mmu_top.sv. Three builds of
// the RTL link side by side (rtl/rtl.mk): TLBs of 4 and 16 entries
// (Vmmu_t4, Vmmu_t16) and the mutant build (Vmmu_mut); one harness drives
// whichever rtl_new() picks, through the port pointers of a Dut.
//
// The harness owns the clock and plays the memory: it takes every request
// on the memory port (ready is always high), reads the caller's mm_mem or
// compares and swaps a word of it at once, and presents the response (the
// word read, or the word the swap found) mem_latency edges later.

// tb/rtl.h and the model headers it includes are C: their functions
// (rtl_*, and mm_mem_* that the memory server calls) have C linkage.
extern "C" {
#include "rtl.h"
}

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <type_traits>

#include "Vmmu_mut.h"
#include "Vmmu_t16.h"
#include "Vmmu_t4.h"

namespace {

// ---------------------------------------------------------------------------
// Packed layouts of rtl/mmu_pkg.sv: bit offsets from the LSB of each struct.
// ---------------------------------------------------------------------------

// mmu_req_t = {is_fence, access_req_t {va, access, priv, virt},
//              fence_req_t {kind, has_addr, has_id, id, addr}}
constexpr unsigned kReqBits = 153;
constexpr unsigned kReqFenceAddr = 0, kReqFenceId = 64, kReqFenceHasId = 80, kReqFenceHasAddr = 81;
constexpr unsigned kReqFenceKind = 82, kReqVirt = 84, kReqPriv = 85, kReqAccess = 86, kReqVa = 88;
constexpr unsigned kReqIsFence = 152;
// mmu_csr_t = {satp, vsatp, hgatp, mstatus_sum, mstatus_mxr, vsstatus_sum,
//              vsstatus_mxr, menvcfg_adue, menvcfg_pbmte, henvcfg_adue, henvcfg_pbmte}
constexpr unsigned kCsrBits = 200;
constexpr unsigned kCsrHenvPbmte = 0, kCsrHenvAdue = 1, kCsrMenvPbmte = 2, kCsrMenvAdue = 3;
constexpr unsigned kCsrVsMxr = 4, kCsrVsSum = 5, kCsrMMxr = 6, kCsrMSum = 7;
constexpr unsigned kCsrHgatp = 8, kCsrVsatp = 72, kCsrSatp = 136;
// mmu_rsp_t = {ok, cause[4:0], gpa, pa, pbmt[1:0], tlb_hit}
constexpr unsigned kRspBits = 137;
constexpr unsigned kRspHit = 0, kRspPbmt = 1, kRspPa = 3, kRspGpa = 67, kRspCause = 131, kRspOk = 136;
// mem_req_t = {addr[55:0], write, wdata, cmp}
constexpr unsigned kMemBits = 185;
constexpr unsigned kMemCmp = 0, kMemWdata = 64, kMemWrite = 128, kMemAddr = 129;

// The CSR bits of model/pte.h the RTL reads.
constexpr unsigned kMstatusSum = 18, kMstatusMxr = 19, kEnvcfgAdue = 61, kEnvcfgPbmte = 62;

constexpr unsigned kHarts = 4;               // NumHarts of every build
constexpr uint64_t kTimeoutCycles = 1000000; // a request that takes longer is a hang

// Writes width bits (bits above 64 read as zero) at lsb.
template <std::size_t N> void put_bits(VlWide<N> &w, unsigned lsb, unsigned width, uint64_t v) {
  for (unsigned i = 0; i < width; i++) {
    unsigned b = lsb + i;
    uint32_t m = 1u << (b % 32);
    if (i < 64 && ((v >> i) & 1))
      w[b / 32] |= m;
    else
      w[b / 32] &= ~m;
  }
}

template <std::size_t N> uint64_t get_bits(const VlWide<N> &w, unsigned lsb, unsigned width) {
  uint64_t v = 0;
  for (unsigned i = 0; i < width; i++) {
    unsigned b = lsb + i;
    v |= (uint64_t)((w[b / 32] >> (b % 32)) & 1) << i;
  }
  return v;
}

using ReqWide = VlWide<(kHarts * kReqBits + 31) / 32>;
using CsrWide = VlWide<(kHarts * kCsrBits + 31) / 32>;
using RspWide = VlWide<(kHarts * kRspBits + 31) / 32>;
using MemWide = VlWide<(kMemBits + 31) / 32>;

// One Verilated build behind the same port pointers.
struct Dut {
  virtual ~Dut() = default;
  virtual void eval() = 0;
  virtual void trace(VerilatedFstC *tfp) = 0;
  virtual void final() = 0;

  CData *clk = nullptr, *rst_n = nullptr;
  CData *req_valid = nullptr, *req_ready = nullptr, *rsp_valid = nullptr;
  ReqWide *req = nullptr;
  CsrWide *csr = nullptr;
  RspWide *rsp = nullptr;
  CData *mem_req_valid = nullptr, *mem_req_ready = nullptr, *mem_req_hart = nullptr;
  MemWide *mem_req = nullptr;
  CData *mem_rsp_valid = nullptr;
  QData *mem_rsp_rdata = nullptr;
  CData *bug = nullptr; // the mutant build only
};

// A port's storage type (the model's members are references to it).
template <class P, class W> constexpr bool port_is = std::is_same<std::remove_reference_t<P>, W>::value;

template <class M> auto bug_port(M *m, int) -> decltype(&m->bug_i) { return &m->bug_i; }
template <class M> CData *bug_port(M *, long) { return nullptr; }

template <class M> struct DutOf final : Dut {
  std::unique_ptr<M> m;
  explicit DutOf(VerilatedContext *ctx) : m(new M{ctx, "TOP"}) {
    static_assert(port_is<decltype(m->req_i), ReqWide>, "req_i layout");
    static_assert(port_is<decltype(m->csr_i), CsrWide>, "csr_i layout");
    static_assert(port_is<decltype(m->rsp_o), RspWide>, "rsp_o layout");
    static_assert(port_is<decltype(m->mem_req_o), MemWide>, "mem_req_o layout");
    clk = &m->clk_i;
    rst_n = &m->rst_ni;
    req_valid = &m->req_valid_i;
    req_ready = &m->req_ready_o;
    rsp_valid = &m->rsp_valid_o;
    req = &m->req_i;
    csr = &m->csr_i;
    rsp = &m->rsp_o;
    mem_req_valid = &m->mem_req_valid_o;
    mem_req_ready = &m->mem_req_ready_i;
    mem_req_hart = &m->mem_req_hart_o;
    mem_req = &m->mem_req_o;
    mem_rsp_valid = &m->mem_rsp_valid_i;
    mem_rsp_rdata = &m->mem_rsp_rdata_i;
    bug = bug_port(m.get(), 0);
  }
  void eval() override { m->eval(); }
  void trace(VerilatedFstC *tfp) override { m->trace(tfp, 99); }
  void final() override { m->final(); }
};

// rtl/mutants.txt, in order (number = index + 1).
const char *const kBugNames[] = {
    "sfence_asid_drops_global",
    "sfence_va_keeps_superpages",
    "hit_ignores_sum",
    "hit_ignores_mxr",
    "gstage_width_40",
    "ppn_truncated_40",
    "missed_a_writeback",
    "d_not_set_on_store",
    "napot_wrong_va_bits",
    "plru_fill_only",
    "plru_victim_inverted",
    "hit_guest_fault_first",
    "nonleaf_u_unchecked",
    "mxr_on_implicit_vs",
    "asid_ignored",
    "gvma_drops_v0",
    "misaligned_superpage_unchecked",
    "vvma_ignores_vmid",
    "pbmt_ignores_pbmte",
    "holder_dirty_skipped",
    "cas_failure_ignored",
};
constexpr unsigned kBugCount = sizeof kBugNames / sizeof kBugNames[0];

} // namespace

struct rtl_sim {
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Dut> dut;
  std::unique_ptr<VerilatedFstC> tfp;
  rtl_config cfg{};
  uint64_t cycle = 0; // rising edges so far

  struct Pending {
    uint64_t due; // edge at which the response is valid
    uint64_t rdata;
  };
  std::deque<Pending> pending;
  mm_mem *mem = nullptr;   // memory of the request in progress
  rtl_resp *cur = nullptr; // where its transactions go
  bool hang_reported = false;

  struct Poke {
    bool armed = false;
    uint64_t pa = 0, value = 0;
  } poke; // rtl_poke_after_read()
};

namespace {

// Settles the inputs of the coming edge: the memory response due then, and
// the memory request the port takes at it.
void settle(rtl_sim *s) {
  Dut &d = *s->dut;
  uint64_t edge = s->cycle + 1;
  bool rsp = !s->pending.empty() && s->pending.front().due == edge;
  *d.mem_rsp_valid = rsp;
  *d.mem_rsp_rdata = rsp ? s->pending.front().rdata : 0;
  d.eval();
  if (!(*d.mem_req_valid && *d.mem_req_ready)) return;

  uint64_t addr = get_bits(*d.mem_req, kMemAddr, 56);
  bool write = get_bits(*d.mem_req, kMemWrite, 1);
  uint64_t cmp = write ? get_bits(*d.mem_req, kMemCmp, 64) : 0;
  uint64_t word = s->mem ? mm_mem_read64(s->mem, addr) : 0; // the answer, either way
  uint64_t data = write ? get_bits(*d.mem_req, kMemWdata, 64) : word;
  if (write && word == cmp && s->mem) mm_mem_write64(s->mem, addr, data);
  if (!write && s->poke.armed && addr == s->poke.pa && s->mem) {
    mm_mem_write64(s->mem, addr, s->poke.value);
    s->poke.armed = false;
  }
  s->pending.push_back({edge + s->cfg.mem_latency, word});
  if (s->cur && s->cur->n_txn < RTL_MAX_TXN)
    s->cur->txn[s->cur->n_txn++] = rtl_txn{edge, *d.mem_req_hart, write, addr, data, cmp, write ? word : 0};
}

// The rising edge (and the falling one after it).
void edge(rtl_sim *s) {
  Dut &d = *s->dut;
  if (s->tfp) s->tfp->dump(s->ctx->time());
  s->ctx->timeInc(1);
  *d.clk = 1;
  d.eval();
  s->cycle++;
  if (!s->pending.empty() && s->pending.front().due == s->cycle) s->pending.pop_front();
  if (s->tfp) s->tfp->dump(s->ctx->time());
  s->ctx->timeInc(1);
  *d.clk = 0;
}

void cycle(rtl_sim *s) {
  settle(s);
  edge(s);
}

// Drives one request (already packed into req_i) on hart h and runs the clock
// until its response; fills the timing and outcome fields of out.
void run_request(rtl_sim *s, unsigned h, rtl_resp *out) {
  Dut &d = *s->dut;
  const uint8_t bit = (uint8_t)(1u << h);
  s->cur = out;
  *d.req_valid |= bit;
  bool accepted = false;
  for (uint64_t n = 0; n < kTimeoutCycles; n++) {
    settle(s);
    bool done = false;
    if (!accepted && (*d.req_valid & *d.req_ready & bit)) {
      accepted = true;
      out->accept_cycle = s->cycle + 1;
    } else if (accepted && (*d.rsp_valid & bit)) {
      const unsigned base = h * kRspBits;
      out->resp_cycle = s->cycle + 1;
      out->ok = get_bits(*d.rsp, base + kRspOk, 1);
      out->cause = (uint8_t)get_bits(*d.rsp, base + kRspCause, 5);
      out->gpa = get_bits(*d.rsp, base + kRspGpa, 64);
      out->pa = get_bits(*d.rsp, base + kRspPa, 64);
      out->pbmt = (uint8_t)get_bits(*d.rsp, base + kRspPbmt, 2);
      out->tlb_hit = get_bits(*d.rsp, base + kRspHit, 1);
      done = true;
    }
    edge(s);
    if (accepted) *d.req_valid &= (uint8_t)~bit;
    if (done) {
      s->cur = nullptr;
      return;
    }
  }
  // A hang: report it as a response that matches nothing.
  if (!s->hang_reported)
    fprintf(stderr, "rtl: hart %u: no response in %llu cycles\n", h, (unsigned long long)kTimeoutCycles);
  s->hang_reported = true;
  *d.req_valid &= (uint8_t)~bit;
  out->ok = false;
  out->cause = 0xff;
  out->resp_cycle = s->cycle;
  s->cur = nullptr;
}

} // namespace

extern "C" {

bool rtl_tlb_size_supported(unsigned entries, bool mutants) {
  return mutants ? entries == 16 : (entries == 4 || entries == 16);
}

unsigned rtl_bug_count(void) { return kBugCount; }

const char *rtl_bug_name(unsigned bug) {
  if (bug == 0) return "none";
  return bug <= kBugCount ? kBugNames[bug - 1] : "unknown";
}

rtl_sim *rtl_new(const rtl_config *cfg, char *err, size_t errlen) {
  if (cfg->harts < 1 || cfg->harts > RTL_MAX_HARTS) {
    snprintf(err, errlen, "harts must be 1..%d", RTL_MAX_HARTS);
    return nullptr;
  }
  if (cfg->mem_latency < 1 || cfg->mem_latency > 1000) {
    snprintf(err, errlen, "memory latency must be 1..1000 cycles");
    return nullptr;
  }
  if (cfg->bug > kBugCount) {
    snprintf(err, errlen, "bug %u: the mutant build knows 1..%u", cfg->bug, kBugCount);
    return nullptr;
  }
  if (!rtl_tlb_size_supported(cfg->tlb_entries, cfg->bug != 0)) {
    snprintf(err, errlen, "the RTL is built with %s TLB entries, not %u", cfg->bug ? "16 (mutants)" : "4 or 16",
             cfg->tlb_entries);
    return nullptr;
  }
  rtl_sim *s = new rtl_sim;
  s->cfg = *cfg;
  s->ctx.reset(new VerilatedContext);
  s->ctx->traceEverOn(true);
  // An injected bug may trip an assertion: report it and go on, so that the
  // comparator reports the mismatch. Without bugs an assertion stops the run.
  s->ctx->fatalOnError(cfg->bug == 0);
  if (cfg->bug)
    s->dut.reset(new DutOf<Vmmu_mut>(s->ctx.get()));
  else if (cfg->tlb_entries == 4)
    s->dut.reset(new DutOf<Vmmu_t4>(s->ctx.get()));
  else
    s->dut.reset(new DutOf<Vmmu_t16>(s->ctx.get()));

  Dut &d = *s->dut;
  if (d.bug) *d.bug = (CData)cfg->bug;
  *d.mem_req_ready = 1;
  *d.rst_n = 0;
  for (int i = 0; i < 2; i++)
    cycle(s);
  *d.rst_n = 1;
  cycle(s);
  return s;
}

void rtl_free(rtl_sim *sim) {
  if (!sim) return;
  rtl_trace_close(sim);
  sim->dut->final();
  delete sim;
}

void rtl_set_csrs(rtl_sim *sim, unsigned hart, const mm_csrs *c) {
  CsrWide &w = *sim->dut->csr;
  const unsigned base = hart * kCsrBits;
  put_bits(w, base + kCsrSatp, 64, c->satp);
  put_bits(w, base + kCsrVsatp, 64, c->vsatp);
  put_bits(w, base + kCsrHgatp, 64, c->hgatp);
  put_bits(w, base + kCsrMSum, 1, c->mstatus >> kMstatusSum);
  put_bits(w, base + kCsrMMxr, 1, c->mstatus >> kMstatusMxr);
  put_bits(w, base + kCsrVsSum, 1, c->vsstatus >> kMstatusSum);
  put_bits(w, base + kCsrVsMxr, 1, c->vsstatus >> kMstatusMxr);
  put_bits(w, base + kCsrMenvAdue, 1, c->menvcfg >> kEnvcfgAdue);
  put_bits(w, base + kCsrMenvPbmte, 1, c->menvcfg >> kEnvcfgPbmte);
  put_bits(w, base + kCsrHenvAdue, 1, c->henvcfg >> kEnvcfgAdue);
  put_bits(w, base + kCsrHenvPbmte, 1, c->henvcfg >> kEnvcfgPbmte);
}

void rtl_access(rtl_sim *sim, unsigned hart, const mm_req *req, mm_mem *mem, rtl_resp *out) {
  memset(out, 0, sizeof *out);
  ReqWide &w = *sim->dut->req;
  const unsigned base = hart * kReqBits;
  put_bits(w, base, kReqBits, 0);
  put_bits(w, base + kReqVa, 64, req->va);
  put_bits(w, base + kReqAccess, 2, req->type);
  put_bits(w, base + kReqPriv, 1, req->priv);
  put_bits(w, base + kReqVirt, 1, req->virt);
  sim->mem = mem;
  run_request(sim, hart, out);
  sim->mem = nullptr;
}

void rtl_fence(rtl_sim *sim, unsigned hart, const mm_fence *fence, rtl_resp *out) {
  memset(out, 0, sizeof *out);
  ReqWide &w = *sim->dut->req;
  const unsigned base = hart * kReqBits;
  put_bits(w, base, kReqBits, 0);
  put_bits(w, base + kReqIsFence, 1, 1);
  put_bits(w, base + kReqFenceKind, 2, fence->kind);
  put_bits(w, base + kReqFenceHasAddr, 1, fence->has_addr);
  put_bits(w, base + kReqFenceHasId, 1, fence->has_id);
  put_bits(w, base + kReqFenceId, 16, fence->id);
  put_bits(w, base + kReqFenceAddr, 64, fence->addr);
  run_request(sim, hart, out);
}

void rtl_poke_after_read(rtl_sim *sim, uint64_t pa, uint64_t value) { sim->poke = {true, pa, value}; }

void rtl_idle(rtl_sim *sim, unsigned n) {
  for (unsigned i = 0; i < n; i++)
    cycle(sim);
}

uint64_t rtl_cycle(const rtl_sim *sim) { return sim->cycle; }

bool rtl_trace_open(rtl_sim *sim, const char *path) {
  rtl_trace_close(sim);
  sim->tfp.reset(new VerilatedFstC);
  sim->dut->trace(sim->tfp.get());
  sim->tfp->open(path);
  if (!sim->tfp->isOpen()) {
    sim->tfp.reset();
    return false;
  }
  return true;
}

void rtl_trace_close(rtl_sim *sim) {
  if (!sim->tfp) return;
  sim->tfp->close();
  sim->tfp.reset();
}

} // extern "C"
