// The C API of tb/verilator/rtl.h over the Verilated rtl/mmu_sim_top.sv.
// Three builds of the RTL link side by side (rtl/rtl.mk): TLBs of 4 and 16
// entries (Vmmu_t4, Vmmu_t16) and the mutant build (Vmmu_mut); one harness
// drives whichever rtl_new() picks, through the port pointers of a Dut.
//
// The ports are mmu_top's packed structs (per hart, packed arrays of them).
// Where each field lies comes from the RTL itself: mmu_sim_top's constant
// layout outputs, read once at start-up into a Layout, so no bit offset of
// mmu_pkg is written here.
//
// The harness owns the clock and plays the bus: it takes every transaction
// the RTL's memory system puts on its bus (ready is always high), serves it
// at once on the caller's mm_bus with the model's own mm_bus_access() (main
// memory and devices), and presents the answer mem_latency edges later. It
// watches the memory-system port (mmu_top's observation outputs) to record
// each access with its answer, and arms the memory system's poke hook.

// tb/verilator/rtl.h and the model headers it includes are C: their
// functions (rtl_*, and the mm_bus_* the bus server calls) have C linkage.
extern "C" {
#include "tb/verilator/rtl.h"
}

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cassert>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <type_traits>
#include <utility>

#include "Vmmu_mut.h"
#include "Vmmu_t16.h"
#include "Vmmu_t4.h"
#include "mmu_bugs.h"

namespace {

constexpr uint64_t kTimeoutCycles = 1000000; // a request that takes longer is a hang

// Per-hart ports: C arrays indexed by hart (Verilator 5.006 top-level unpacked ports).
// A field of a packed struct: its lowest bit and width (from the RTL).
struct Field {
  unsigned lsb = 0, width = 0;
};

// Every field the harness touches, by the names of mmu_sim_top's lay_* ports.
// clang-format off
#define LAYOUT_FIELDS(X)                                                                                               \
  X(req_is_fence) X(req_va) X(req_access) X(req_priv) X(req_virt) X(req_data_op) X(req_size) X(req_wdata)            \
  X(req_fence_kind) X(req_fence_has_addr) X(req_fence_has_id) X(req_fence_id) X(req_fence_addr)                        \
  X(csr_satp) X(csr_vsatp) X(csr_hgatp) X(csr_mstatus_sum) X(csr_mstatus_mxr) X(csr_vsstatus_sum) X(csr_vsstatus_mxr)  \
  X(csr_menvcfg_adue) X(csr_menvcfg_pbmte) X(csr_henvcfg_adue) X(csr_henvcfg_pbmte)                                    \
  X(rsp_ok) X(rsp_cause) X(rsp_gpa) X(rsp_pa) X(rsp_pbmt) X(rsp_tlb_hit) X(rsp_load_data) X(rsp_mtype) X(rsp_cache_hit) \
  X(mem_kind) X(mem_mtype) X(mem_addr) X(mem_size) X(mem_wdata) X(mem_mask) X(mem_cmp) X(mrsp_rdata) X(mrsp_hit)      \
  X(bus_write) X(bus_line) X(bus_addr) X(bus_size) X(bus_wdata) X(bus_mask)
// clang-format on

struct Layout {
  unsigned req_bits = 0, csr_bits = 0, rsp_bits = 0; // struct widths: the per-hart strides
  unsigned mem_bits = 0, mrsp_bits = 0, bus_bits = 0, bus_rdata_bits = 0;
#define LAYOUT_MEMBER(name) Field name;
  LAYOUT_FIELDS(LAYOUT_MEMBER)
#undef LAYOUT_MEMBER
};

// A port wider than 64 bits: 32-bit words, least significant first.
template <std::size_t N> using Wide = VlWide<N>;
template <class W> struct WideWords;
template <std::size_t N> struct WideWords<VlWide<N>> { static constexpr unsigned value = N; };
template <class W> constexpr unsigned kBitsOf = 32 * WideWords<W>::value;

// Bits [base + f.lsb, +f.width) of a wide port, up to 64 bits.
template <std::size_t N> uint64_t get_field(const Wide<N> &w, unsigned base, const Field &f) {
  unsigned lsb = base + f.lsb, word = lsb / 32, shift = lsb % 32;
  uint64_t v = (uint64_t)w[word] >> shift;
  if (32 - shift < f.width && word + 1 < N) v |= (uint64_t)w[word + 1] << (32 - shift);
  if (64 - shift < f.width && word + 2 < N) v |= (uint64_t)w[word + 2] << (64 - shift);
  return f.width < 64 ? v & ((1ull << f.width) - 1) : v;
}

template <std::size_t N> void put_field(Wide<N> &w, unsigned base, const Field &f, uint64_t v) {
  for (unsigned done = 0; done < f.width;) {
    unsigned bit = base + f.lsb + done, word = bit / 32, shift = bit % 32;
    unsigned n = 32 - shift < f.width - done ? 32 - shift : f.width - done;
    uint32_t mask = (n == 32 ? ~0u : ((1u << n) - 1)) << shift;
    w[word] = (w[word] & ~mask) | ((uint32_t)(v >> done) << shift & mask);
    done += n;
  }
}

// The port types of the builds (all three have the same ports).
template <class M> using PortOf = std::remove_reference_t<M>;
using ReqPort = PortOf<decltype(std::declval<Vmmu_t16>().req_i)>;
using CsrPort = PortOf<decltype(std::declval<Vmmu_t16>().csr_i)>;
using RspPort = PortOf<decltype(std::declval<Vmmu_t16>().rsp_o)>;
using MemPort = PortOf<decltype(std::declval<Vmmu_t16>().mem_req_o)>;
using MrspPort = PortOf<decltype(std::declval<Vmmu_t16>().mem_rsp_o)>;
using BusPort = PortOf<decltype(std::declval<Vmmu_t16>().bus_req_o)>;
using LinePort = PortOf<decltype(std::declval<Vmmu_t16>().bus_rsp_rdata_i)>;

// One Verilated build behind the same port pointers.
struct Dut {
  virtual ~Dut() = default;
  virtual void eval() = 0;
  virtual void trace(VerilatedFstC *tfp) = 0;
  virtual void final() = 0;
  virtual Layout layout() const = 0; // valid after the first eval

  CData *clk = nullptr, *rst_n = nullptr;
  CData *bug = nullptr; // the mutant build only
  CData *req_valid = nullptr, *req_ready = nullptr, *rsp_valid = nullptr;
  ReqPort *req = nullptr;
  CsrPort *csr = nullptr;
  RspPort *rsp = nullptr;
  // the bus
  CData *bus_req_valid = nullptr, *bus_req_ready = nullptr, *bus_hart = nullptr, *bus_rsp_valid = nullptr;
  BusPort *bus_req = nullptr;
  LinePort *bus_rsp_rdata = nullptr;
  // the poke hook
  CData *poke_valid = nullptr, *poke_done = nullptr, *poke_hart = nullptr;
  QData *poke_addr = nullptr, *poke_value = nullptr;
  // the memory-system port, observed
  CData *mem_req_valid = nullptr, *mem_req_hart = nullptr, *mem_rsp_valid = nullptr;
  MemPort *mem_req = nullptr;
  MrspPort *mem_rsp = nullptr;
};

template <class M> auto bug_port(M *m, int) -> decltype(&m->bug_i) { return &m->bug_i; }
template <class M> CData *bug_port(M *, long) { return nullptr; }

template <class M> struct DutOf final : Dut {
  std::unique_ptr<M> m;
  explicit DutOf(VerilatedContext *ctx) : m(new M{ctx, "TOP"}) {
    static_assert(std::is_same<PortOf<decltype(m->req_i)>, ReqPort>::value, "every build has the same ports");
    static_assert(std::is_same<PortOf<decltype(m->csr_i)>, CsrPort>::value, "every build has the same ports");
    static_assert(std::is_same<PortOf<decltype(m->rsp_o)>, RspPort>::value, "every build has the same ports");
    static_assert(std::is_same<PortOf<decltype(m->mem_req_o)>, MemPort>::value, "every build has the same ports");
    static_assert(std::is_same<PortOf<decltype(m->bus_req_o)>, BusPort>::value, "every build has the same ports");
    clk = &m->clk_i;
    rst_n = &m->rst_ni;
    bug = bug_port(m.get(), 0);
    req_valid = &m->req_valid_i;
    req_ready = &m->req_ready_o;
    rsp_valid = &m->rsp_valid_o;
    req = &m->req_i;
    csr = &m->csr_i;
    rsp = &m->rsp_o;
    bus_req_valid = &m->bus_req_valid_o;
    bus_req_ready = &m->bus_req_ready_i;
    bus_req = &m->bus_req_o;
    bus_hart = &m->bus_hart_o;
    bus_rsp_valid = &m->bus_rsp_valid_i;
    bus_rsp_rdata = &m->bus_rsp_rdata_i;
    poke_valid = &m->poke_valid_i;
    poke_hart = &m->poke_hart_i;
    poke_addr = &m->poke_addr_i;
    poke_value = &m->poke_value_i;
    poke_done = &m->poke_done_o;
    mem_req_valid = &m->mem_req_valid_o;
    mem_req = &m->mem_req_o;
    mem_req_hart = &m->mem_req_hart_o;
    mem_rsp_valid = &m->mem_rsp_valid_o;
    mem_rsp = &m->mem_rsp_o;
  }
  void eval() override { m->eval(); }
  void trace(VerilatedFstC *tfp) override { m->trace(tfp, 99); }
  void final() override { m->final(); }
  Layout layout() const override {
    Layout l;
    l.req_bits = m->lay_req_bits_o;
    l.csr_bits = m->lay_csr_bits_o;
    l.rsp_bits = m->lay_rsp_bits_o;
    l.mem_bits = m->lay_mem_bits_o;
    l.mrsp_bits = m->lay_mrsp_bits_o;
    l.bus_bits = m->lay_bus_bits_o;
    l.bus_rdata_bits = m->lay_bus_rdata_bits_o;
#define LAYOUT_READ(name) l.name = Field{m->lay_##name##_lsb_o, m->lay_##name##_width_o};
    LAYOUT_FIELDS(LAYOUT_READ)
#undef LAYOUT_READ
    return l;
  }
};

struct BugInfo {
  const char *name, *description;
};
#define MMU_BUG_INFO(num, name, description) {name, description},
const BugInfo kBugs[] = {MMU_BUGS(MMU_BUG_INFO)};
#undef MMU_BUG_INFO
static_assert(sizeof kBugs / sizeof kBugs[0] == MMU_BUG_COUNT, "rtl/mutants.txt, generated");

} // namespace

struct rtl_sim {
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Dut> dut;
  std::unique_ptr<VerilatedFstC> tfp;
  Layout lay;
  rtl_config cfg{};
  uint64_t cycle = 0;        // rising edges so far
  uint64_t accept_cycle = 0; // of the last request

  struct Pending {
    uint64_t due; // edge at which the bus answer is valid
    uint64_t data[8];
  };
  std::deque<Pending> pending; // bus answers to come
  mm_bus *bus = nullptr;       // the bus the requests in flight use
  // Per hart: its request in flight (one at most), posted to be taken at accept_at.
  struct HartRun {
    bool posted = false;       // waiting to be taken, or in flight
    bool accepted = false;     // taken (at accept_cycle)
    uint64_t accept_at = 0;    // the edge it is to be taken at (its valid goes up in the cycle before)
    uint64_t accept_cycle = 0; // the edge it was taken at
    uint64_t posted_cycle = 0; // when it was posted (for the hang check)
    mm_obs *out = nullptr;     // where its accesses and transactions go
  } hart[RTL_MAX_HARTS];
  mm_memop *open_op = nullptr; // the access at the memory-system port waiting for its answer
  uint64_t open_edge = 0;      // the edge that took it
  bool poke_armed = false;
  bool hang_reported = false;
};

namespace {

// Sizes: the RTL's log2, the C side's bytes.
unsigned log2_size(unsigned bytes) { return bytes >= 8 ? 3 : bytes >= 4 ? 2 : bytes >= 2 ? 1 : 0; }

// An access at the memory-system port, as the RTL's request shows it (the
// answer comes later: see record_answer).
void record_request(rtl_sim *s, uint64_t edge) {
  Dut &d = *s->dut;
  const Layout &l = s->lay;
  s->open_op = nullptr;
  unsigned h = *d.mem_req_hart;
  rtl_sim::HartRun &hr = s->hart[h < RTL_MAX_HARTS ? h : 0];
  mm_obs *cur = hr.posted ? hr.out : nullptr;
  if (!cur || cur->n_ops >= MM_OBS_MAX_OPS) return;
  mm_memop &op = cur->ops[cur->n_ops++];
  op = mm_memop{};
  op.kind = (uint8_t)get_field(*d.mem_req, 0, l.mem_kind);
  op.hart = (uint8_t)h;
  op.stage = op.level = MM_STAGE_UNKNOWN;
  op.mt = (uint8_t)get_field(*d.mem_req, 0, l.mem_mtype);
  bool sized = op.kind == MM_OP_READ || op.kind == MM_OP_CAS || op.kind == MM_OP_LOAD || op.kind == MM_OP_STORE;
  op.size = sized ? (uint8_t)(1u << get_field(*d.mem_req, 0, l.mem_size)) : 0;
  op.mask = (uint8_t)get_field(*d.mem_req, 0, l.mem_mask);
  op.pa = get_field(*d.mem_req, 0, l.mem_addr);
  if (op.kind == MM_OP_CAS || op.kind == MM_OP_STORE) op.data = get_field(*d.mem_req, 0, l.mem_wdata);
  op.cmp = get_field(*d.mem_req, 0, l.mem_cmp);
  op.cycle = (unsigned)(edge - hr.accept_cycle);
  s->open_op = &op;
  s->open_edge = edge;
}

void record_answer(rtl_sim *s, uint64_t edge) {
  Dut &d = *s->dut;
  const Layout &l = s->lay;
  mm_memop *op = s->open_op;
  s->open_op = nullptr;
  if (!op) return;
  uint64_t rdata = get_field(*d.mem_rsp, 0, l.mrsp_rdata);
  if (op->kind == MM_OP_CAS)
    op->old = rdata;
  else if (op->kind == MM_OP_READ || op->kind == MM_OP_LOAD)
    op->data = rdata;
  op->hit = (uint8_t)get_field(*d.mem_rsp, 0, l.mrsp_hit);
  op->cycles = (unsigned)(edge - s->open_edge);
}

// A bus transaction the bus takes at this edge: served now on the caller's
// bus, answered mem_latency edges later.
void serve_bus(rtl_sim *s, uint64_t edge) {
  Dut &d = *s->dut;
  const Layout &l = s->lay;
  mm_bus_txn t{};
  t.write = get_field(*d.bus_req, 0, l.bus_write);
  bool line = get_field(*d.bus_req, 0, l.bus_line);
  t.size = line ? LINE_BYTES : (uint8_t)(1u << get_field(*d.bus_req, 0, l.bus_size));
  t.beats = line ? 8 : 1;
  t.hart = *d.bus_hart;
  t.addr = get_field(*d.bus_req, 0, l.bus_addr);
  t.mask = get_field(*d.bus_req, 0, l.bus_mask);
  if (t.write)
    for (unsigned k = 0; k < 8; k++)
      t.data[k] = get_field(*d.bus_req, 0, Field{l.bus_wdata.lsb + 64 * k, 64});
  rtl_sim::HartRun &hr = s->hart[t.hart < RTL_MAX_HARTS ? t.hart : 0];
  mm_obs *cur = hr.posted ? hr.out : nullptr;
  t.cycle = cur ? (unsigned)(edge - hr.accept_cycle) : 0;
  if (s->bus) mm_bus_access(s->bus, &t);
  rtl_sim::Pending p{edge + s->cfg.mem_latency, {0}};
  if (!t.write) memcpy(p.data, t.data, sizeof p.data);
  s->pending.push_back(p);
  if (cur && cur->n_bus < MM_OBS_MAX_BUS) cur->bus[cur->n_bus++] = t;
}

// Settles the inputs of the coming edge (the bus answer due then), and
// records what happens at it: an access taken or answered at the memory-
// system port, a transaction the bus takes; the poke hook's firing.
void settle(rtl_sim *s) {
  Dut &d = *s->dut;
  uint64_t edge = s->cycle + 1;
  for (unsigned h = 0; h < RTL_MAX_HARTS; h++) {
    const rtl_sim::HartRun &hr = s->hart[h];
    if (hr.posted && !hr.accepted && hr.accept_at <= edge) *d.req_valid |= (uint8_t)(1u << h);
  }
  bool rsp = !s->pending.empty() && s->pending.front().due == edge;
  *d.bus_rsp_valid = rsp;
  for (unsigned k = 0; k < 8; k++) {
    uint64_t v = rsp ? s->pending.front().data[k] : 0;
    (*d.bus_rsp_rdata)[2 * k] = (uint32_t)v;
    (*d.bus_rsp_rdata)[2 * k + 1] = (uint32_t)(v >> 32);
  }
  d.eval();
  if (*d.poke_done) s->poke_armed = false;
  if (*d.mem_req_valid) record_request(s, edge);
  if (*d.mem_rsp_valid) record_answer(s, edge);
  if (*d.bus_req_valid && *d.bus_req_ready) serve_bus(s, edge);
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
  *d.poke_valid = 0; // the arming pulse is one cycle
  if (s->tfp) s->tfp->dump(s->ctx->time());
  s->ctx->timeInc(1);
  *d.clk = 0;
}

void cycle(rtl_sim *s) {
  settle(s);
  edge(s);
}

// The response of hart h at this edge, into its observation.
void take_response(rtl_sim *s, unsigned h, uint64_t edge) {
  Dut &d = *s->dut;
  const Layout &l = s->lay;
  rtl_sim::HartRun &hr = s->hart[h];
  mm_obs *out = hr.out;
  const unsigned base = h * l.rsp_bits;
  out->accept = hr.accept_cycle;
  out->cycles = (unsigned)(edge - hr.accept_cycle);
  out->ok = get_field(*d.rsp, base, l.rsp_ok);
  out->cause = (uint8_t)get_field(*d.rsp, base, l.rsp_cause);
  out->gpa = get_field(*d.rsp, base, l.rsp_gpa);
  out->pa = get_field(*d.rsp, base, l.rsp_pa);
  out->pbmt = (uint8_t)get_field(*d.rsp, base, l.rsp_pbmt);
  out->tlb_hit = get_field(*d.rsp, base, l.rsp_tlb_hit);
  out->load_data = get_field(*d.rsp, base, l.rsp_load_data);
  out->mtype = (uint8_t)get_field(*d.rsp, base, l.rsp_mtype);
  out->cache_hit = get_field(*d.rsp, base, l.rsp_cache_hit);
}

// One clock: the requests taken and the responses that come at this edge.
// Returns the harts (a bit each) whose response came.
unsigned tick(rtl_sim *s) {
  Dut &d = *s->dut;
  settle(s);
  uint64_t edge_no = s->cycle + 1;
  unsigned done = 0;
  for (unsigned h = 0; h < RTL_MAX_HARTS; h++) {
    rtl_sim::HartRun &hr = s->hart[h];
    const uint8_t bit = (uint8_t)(1u << h);
    if (!hr.posted) continue;
    if (!hr.accepted && (*d.req_valid & *d.req_ready & bit)) {
      hr.accepted = true;
      hr.accept_cycle = s->accept_cycle = edge_no;
    } else if (hr.accepted && (*d.rsp_valid & bit)) {
      take_response(s, h, edge_no);
      done |= bit;
    }
  }
  edge(s);
  for (unsigned h = 0; h < RTL_MAX_HARTS; h++) {
    rtl_sim::HartRun &hr = s->hart[h];
    if (hr.accepted) *d.req_valid &= (uint8_t) ~(1u << h);
    if (done & (1u << h)) hr.posted = hr.accepted = false;
    // A hang: report it as a response that matches nothing.
    if (hr.posted && s->cycle - hr.posted_cycle > kTimeoutCycles) {
      if (!s->hang_reported)
        fprintf(stderr, "rtl: hart %u: no response in %llu cycles\n", h, (unsigned long long)kTimeoutCycles);
      s->hang_reported = true;
      *d.req_valid &= (uint8_t) ~(1u << h);
      hr.out->ok = false;
      hr.out->cause = 0xff;
      hr.out->cycles = (unsigned)(s->cycle - hr.accept_cycle);
      hr.posted = hr.accepted = false;
      done |= 1u << h;
    }
  }
  return done;
}

// Marks hart h's request (already set on its port) posted, to be taken at accept_at.
void post(rtl_sim *s, unsigned h, mm_obs *out, uint64_t accept_at) {
  rtl_sim::HartRun &hr = s->hart[h];
  assert(!hr.posted && "one request in flight per hart");
  mm_obs_reset(out);
  hr = rtl_sim::HartRun{};
  hr.posted = true;
  hr.out = out;
  hr.accept_at = accept_at;
  hr.posted_cycle = s->cycle;
}

// Runs the clock until hart h's response.
void run_request(rtl_sim *s, unsigned h, mm_obs *out) {
  post(s, h, out, s->cycle + 1);
  while (!(tick(s) & (1u << h))) {
  }
}

} // namespace

extern "C" {

bool rtl_tlb_size_supported(unsigned entries, bool mutants) {
  return mutants ? entries == 16 : (entries == 4 || entries == 16);
}

unsigned rtl_bug_count(void) { return MMU_BUG_COUNT; }

const char *rtl_bug_name(unsigned bug) {
  if (bug == 0) return "none";
  return bug <= MMU_BUG_COUNT ? kBugs[bug - 1].name : "unknown";
}

const char *rtl_bug_description(unsigned bug) {
  if (bug == 0) return "no injected bug";
  return bug <= MMU_BUG_COUNT ? kBugs[bug - 1].description : "unknown";
}

rtl_sim *rtl_new(const rtl_config *cfg, char *err, size_t errlen) {
  if (cfg->harts < 1 || cfg->harts > RTL_MAX_HARTS) {
    snprintf(err, errlen, "harts must be 1..%d", RTL_MAX_HARTS);
    return nullptr;
  }
  if (cfg->mem_latency < 1 || cfg->mem_latency > MM_LATENCY_MAX) {
    snprintf(err, errlen, "memory latency must be 1..%d cycles", MM_LATENCY_MAX);
    return nullptr;
  }
  if (cfg->bug > MMU_BUG_COUNT) {
    snprintf(err, errlen, "bug %u: the mutant build knows 1..%u", cfg->bug, MMU_BUG_COUNT);
    return nullptr;
  }
  bool mutants = cfg->bug != 0 || cfg->mutant_build;
  if (!rtl_tlb_size_supported(cfg->tlb_entries, mutants)) {
    snprintf(err, errlen, "the RTL is built with %s TLB entries, not %u", mutants ? "16 (mutants)" : "4 or 16",
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
  if (mutants)
    s->dut.reset(new DutOf<Vmmu_mut>(s->ctx.get()));
  else if (cfg->tlb_entries == 4)
    s->dut.reset(new DutOf<Vmmu_t4>(s->ctx.get()));
  else
    s->dut.reset(new DutOf<Vmmu_t16>(s->ctx.get()));

  Dut &d = *s->dut;
  if (d.bug) *d.bug = (CData)cfg->bug;
  *d.bus_req_ready = 1;
  *d.rst_n = 0;
  for (int i = 0; i < 2; i++)
    cycle(s);
  *d.rst_n = 1;
  cycle(s);
  // Where the fields are, from the RTL's layout outputs; the per-hart struct
  // arrays must fit the ports the build has.
  s->lay = d.layout();
  const Layout &l = s->lay;
  if (l.req_bits * RTL_MAX_HARTS > kBitsOf<ReqPort> || l.csr_bits * RTL_MAX_HARTS > kBitsOf<CsrPort> ||
      l.rsp_bits * RTL_MAX_HARTS > kBitsOf<RspPort> || l.mem_bits > kBitsOf<MemPort> ||
      l.mrsp_bits > kBitsOf<MrspPort> || l.bus_bits > kBitsOf<BusPort>) {
    snprintf(err, errlen, "the RTL's struct layout does not fit its ports (NumHarts must be %d)", RTL_MAX_HARTS);
    rtl_free(s);
    return nullptr;
  }
  // A line is 64 bytes: 8 words from the data field's lsb, and the answer port.
  if (l.bus_wdata.width != 8 * LINE_BYTES || l.bus_rdata_bits != 8 * LINE_BYTES ||
      l.bus_rdata_bits > kBitsOf<LinePort>) {
    snprintf(err, errlen, "the RTL's bus line is %u bits, not %u", l.bus_wdata.width, 8 * LINE_BYTES);
    rtl_free(s);
    return nullptr;
  }
  return s;
}

void rtl_free(rtl_sim *sim) {
  if (!sim) return;
  rtl_trace_close(sim);
  sim->dut->final();
  delete sim;
}

void rtl_set_csrs(rtl_sim *sim, unsigned h, const mm_csrs *c) {
  CsrPort &w = *sim->dut->csr;
  const Layout &l = sim->lay;
  const unsigned base = h * l.csr_bits;
  put_field(w, base, l.csr_satp, c->satp);
  put_field(w, base, l.csr_vsatp, c->vsatp);
  put_field(w, base, l.csr_hgatp, c->hgatp);
  put_field(w, base, l.csr_mstatus_sum, (c->mstatus & MSTATUS_SUM) != 0);
  put_field(w, base, l.csr_mstatus_mxr, (c->mstatus & MSTATUS_MXR) != 0);
  put_field(w, base, l.csr_vsstatus_sum, (c->vsstatus & MSTATUS_SUM) != 0);
  put_field(w, base, l.csr_vsstatus_mxr, (c->vsstatus & MSTATUS_MXR) != 0);
  put_field(w, base, l.csr_menvcfg_adue, (c->menvcfg & ENVCFG_ADUE) != 0);
  put_field(w, base, l.csr_menvcfg_pbmte, (c->menvcfg & ENVCFG_PBMTE) != 0);
  put_field(w, base, l.csr_henvcfg_adue, (c->henvcfg & ENVCFG_ADUE) != 0);
  put_field(w, base, l.csr_henvcfg_pbmte, (c->henvcfg & ENVCFG_PBMTE) != 0);
}

// Hart h's request with every field zero but those set after it.
static unsigned clear_request(rtl_sim *sim, unsigned h) {
  const Layout &l = sim->lay;
  const unsigned base = h * l.req_bits;
  put_field(*sim->dut->req, base, l.req_is_fence, 0);
  put_field(*sim->dut->req, base, l.req_va, 0);
  put_field(*sim->dut->req, base, l.req_access, 0);
  put_field(*sim->dut->req, base, l.req_priv, 0);
  put_field(*sim->dut->req, base, l.req_virt, 0);
  put_field(*sim->dut->req, base, l.req_data_op, 0);
  put_field(*sim->dut->req, base, l.req_size, 0);
  put_field(*sim->dut->req, base, l.req_wdata, 0);
  put_field(*sim->dut->req, base, l.req_fence_kind, 0);
  put_field(*sim->dut->req, base, l.req_fence_has_addr, 0);
  put_field(*sim->dut->req, base, l.req_fence_has_id, 0);
  put_field(*sim->dut->req, base, l.req_fence_id, 0);
  put_field(*sim->dut->req, base, l.req_fence_addr, 0);
  return base;
}

static void set_access(rtl_sim *sim, unsigned h, const mm_req *req) {
  const Layout &l = sim->lay;
  ReqPort &w = *sim->dut->req;
  const bool sized = req->data_op == MM_DATA_LOAD || req->data_op == MM_DATA_STORE || req->data_op == MM_DATA_FETCH;
  assert(!sized || req->size == 1 || req->size == 2 || req->size == 4 || req->size == 8);
  assert(req->data_op == MM_DATA_NONE || req->type == (req->data_op == MM_DATA_LOAD    ? MM_LOAD
                                                       : req->data_op == MM_DATA_FETCH ? MM_FETCH
                                                                                       : MM_STORE));
  const unsigned base = clear_request(sim, h);
  put_field(w, base, l.req_va, req->va);
  put_field(w, base, l.req_access, req->type);
  put_field(w, base, l.req_priv, req->priv);
  put_field(w, base, l.req_virt, req->virt);
  put_field(w, base, l.req_data_op, req->data_op);
  put_field(w, base, l.req_size, sized ? log2_size(req->size) : 0);
  put_field(w, base, l.req_wdata, req->data_op == MM_DATA_STORE ? req->wdata : 0);
}

void rtl_access(rtl_sim *sim, unsigned h, const mm_req *req, mm_bus *bus, mm_obs *out) {
  set_access(sim, h, req);
  sim->bus = bus;
  run_request(sim, h, out);
}

static void set_fence(rtl_sim *sim, unsigned h, const mm_fence *fence) {
  const Layout &l = sim->lay;
  ReqPort &w = *sim->dut->req;
  const unsigned base = clear_request(sim, h);
  put_field(w, base, l.req_is_fence, 1);
  put_field(w, base, l.req_fence_kind, fence->kind);
  put_field(w, base, l.req_fence_has_addr, fence->has_addr);
  put_field(w, base, l.req_fence_has_id, fence->has_id);
  put_field(w, base, l.req_fence_id, fence->id);
  put_field(w, base, l.req_fence_addr, fence->addr);
}

void rtl_fence(rtl_sim *sim, unsigned h, const mm_fence *fence, mm_bus *bus, mm_obs *out) {
  set_fence(sim, h, fence);
  sim->bus = bus;
  run_request(sim, h, out);
}

void rtl_post(rtl_sim *sim, unsigned h, const mm_req *req, const mm_fence *fence, mm_obs *out, uint64_t accept_at) {
  assert(h < sim->cfg.harts && (req != NULL) != (fence != NULL));
  if (req)
    set_access(sim, h, req);
  else
    set_fence(sim, h, fence);
  post(sim, h, out, accept_at);
}

bool rtl_busy(const rtl_sim *sim, unsigned h) { return sim->hart[h].posted; }

unsigned rtl_tick(rtl_sim *sim, mm_bus *bus) {
  sim->bus = bus;
  return tick(sim);
}

uint64_t rtl_hart_accept_cycle(const rtl_sim *sim, unsigned h) { return sim->hart[h].accept_cycle; }

void rtl_poke(rtl_sim *sim, unsigned hart, uint64_t pa, uint64_t value) {
  Dut &d = *sim->dut;
  *d.poke_valid = 1;
  *d.poke_hart = (CData)hart;
  *d.poke_addr = pa;
  *d.poke_value = value;
  sim->poke_armed = true;
}

bool rtl_poke_armed(const rtl_sim *sim) { return sim->poke_armed; }

uint64_t rtl_accept_cycle(const rtl_sim *sim) { return sim->accept_cycle; }

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
