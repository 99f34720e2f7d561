// The C API of tb/verilator/rtl.h over the Verilated rtl/mmu_sim_top.sv.
// Three builds of the RTL link side by side (rtl/rtl.mk): TLBs of 4 and 16
// entries (Vmmu_t4, Vmmu_t16) and the mutant build (Vmmu_mut); one harness
// drives whichever rtl_new() picks, through the port pointers of a Dut.
//
// The ports are mmu_top's packed structs (per hart, packed arrays of them).
// Where each field lies comes from the RTL itself: mmu_sim_top's constant
// layout outputs, read once at start-up into a Layout and used to pack and
// unpack the structs (tb/verilator/rtl_layout.h; the fields are named once,
// in rtl/layout.txt), so no bit offset of mmu_pkg is written here.
//
// The harness owns the clock and plays the bus: it takes every transaction
// the RTL's memory system puts on its bus (ready is always high), serves it
// at once on the caller's mm_bus with the model's own mm_bus_access() (main
// memory and devices), and presents the answer mem_latency edges later. It
// watches the memory-system port (mmu_top's observation outputs) to record
// each access with its answer. It is also the other bus master of the poke
// (rtl_poke): when it sees the armed hart's PTE read of the armed word
// answered, it stores the value through the memory system's agent port.

// tb/verilator/rtl.h and the model headers it includes are C: their
// functions (rtl_*, and the mm_bus_* the bus server calls) have C linkage.
extern "C" {
#include "tb/verilator/rtl.h"
}

#include <verilated.h>
#include <verilated_fst_c.h>

#include <algorithm>
#include <cassert>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#ifdef RTL_COVERAGE
// The coverage build (rtl/rtl_cov.mk): line and toggle coverage, TLBs of 4
// and 16 entries, no mutant build; each run's counts go to a file.
#include <unistd.h>
#include <verilated_cov.h>

#include "Vmmu_c16.h"
#include "Vmmu_c4.h"
using Vmmu_t16 = Vmmu_c16;
using Vmmu_t4 = Vmmu_c4;
using Vmmu_mut = Vmmu_c16;
#else
#include "Vmmu_mut.h"
#include "Vmmu_t16.h"
#include "Vmmu_t4.h"
#endif
#include "mmu_bugs.h"
#include "tb/verilator/rtl_layout.h"
#include "tb/verilator/rtl_print.h"

namespace {

using namespace rtl_layout;

constexpr uint64_t kTimeoutCycles = 1000000; // a request that takes longer is a hang

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
  // the agent port: another bus master's coherent store
  CData *agent_wr_valid = nullptr, *agent_wr_ready = nullptr, *agent_wr_done = nullptr, *agent_wr_hit = nullptr;
  QData *agent_wr_addr = nullptr, *agent_wr_data = nullptr;
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
    agent_wr_valid = &m->agent_wr_valid_i;
    agent_wr_ready = &m->agent_wr_ready_o;
    agent_wr_addr = &m->agent_wr_addr_i;
    agent_wr_data = &m->agent_wr_data_i;
    agent_wr_done = &m->agent_wr_done_o;
    agent_wr_hit = &m->agent_wr_hit_o;
    mem_req_valid = &m->mem_req_valid_o;
    mem_req = &m->mem_req_o;
    mem_req_hart = &m->mem_req_hart_o;
    mem_rsp_valid = &m->mem_rsp_valid_o;
    mem_rsp = &m->mem_rsp_o;
  }
  void eval() override { m->eval(); }
  void trace(VerilatedFstC *tfp) override { m->trace(tfp, 99); }
  void final() override { m->final(); }
  Layout layout() const override { return read_layout(*m); }
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
  // The poke: another agent's store right after a hart's next PTE read of a word.
  struct Poke {
    bool armed = false;
    unsigned hart = 0;
    uint64_t pa = 0, value = 0;
  };
  Poke poke;               // armed (as of the last edge)
  Poke poke_next;          // armed at the coming edge (rtl_poke), replacing poke
  bool poke_fired = false; // the access in service is the armed read: store after its answer
  uint64_t poke_fired_pa = 0, poke_fired_value = 0;
  // The agent's store to drive at the coming edge (once the port is ready)
  bool agent_due = false;
  uint64_t agent_pa = 0, agent_value = 0;
  bool agent_performed = false, agent_hit = false; // the last store's, once agent_wr_done_o came
  bool hang_reported = false;
  rtl_assertion assertion{}; // the first that failed, and the count
};

namespace {

// The harness evaluating on this thread, for the print hook: Verilator's
// runtime names no model when it prints, only its thread's context (set
// beside this one before every evaluation).
thread_local rtl_sim *t_evaluating = nullptr;

// Verilator's report of a failed immediate assertion, "[T] %Error: FILE:LINE:
// Assertion failed in TOP.PATH.LABEL: 'assert' failed.", into a.
void parse_assertion(const char *text, uint64_t edge, rtl_assertion &a) {
  a.cycle = edge;
  a.hart = -1;
  snprintf(a.name, sizeof a.name, "?");
  snprintf(a.where, sizeof a.where, "%.180s", text);
  const char *err = strstr(text, "%Error: "), *in = strstr(text, ": Assertion failed in ");
  if (!err || !in || in < err) return;
  const char *file = err + strlen("%Error: "), *path = in + strlen(": Assertion failed in ");
  const char *end = strstr(path, ": ");
  if (!end) end = path + strlen(path);
  const char *dot = path;
  for (const char *p = path; p < end; p++)
    if (*p == '.') dot = p;
  if (dot == path) return;
  const char *top = strstr(path, "mmu_sim_top.");
  if (!top || top > dot) top = path;
  snprintf(a.name, sizeof a.name, "%.*s", (int)(end - dot - 1), dot + 1);
  // the instance: the path without Verilator's names of unnamed blocks (a loop's body)
  std::string inst;
  for (const char *p = top; p < dot;) {
    const char *q = std::find(p, dot, '.');
    if (strncmp(p, "unnamedblk", strlen("unnamedblk")) != 0) inst.append(inst.empty() ? "" : ".").append(p, q);
    p = q < dot ? q + 1 : dot;
  }
  snprintf(a.where, sizeof a.where, "%.*s %s", (int)(in - file), file, inst.c_str());
  if (const char *g = strstr(top, "g_hart[")) {
    if (g < dot) a.hart = atoi(g + strlen("g_hart["));
  }
}

} // namespace

extern "C" int rtl_vl_printf(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  char text[1024];
  int n = vsnprintf(text, sizeof text, format, ap);
  va_end(ap);
  rtl_sim *s = t_evaluating;
  // Verilator restates each failed assertion as "%Error: PATH:LINE: Verilog $stop" (an absolute path):
  // the assertion's own line says it all
  if (strstr(text, ": Verilog $stop")) return n;
  if (s && strstr(text, "Assertion failed in ")) {
    // the rising edge being evaluated: edge() counts it after the evaluation; the first is printed, the
    // rest counted (the run fails at the first)
    if (s->assertion.count++) return n;
    parse_assertion(text, s->cycle + 1, s->assertion);
  }
  fputs(text, stdout);
  return n;
}

namespace {

// An access at the memory-system port, as the RTL's request shows it (the
// answer comes later: see record_answer).
// The armed poke's read, taken at this edge (an arming at this edge is for later reads).
void match_poke(rtl_sim *s) {
  Dut &d = *s->dut;
  const Layout &l = s->lay;
  s->poke_fired = false;
  if (!s->poke.armed || *d.mem_req_hart != s->poke.hart) return;
  if (get_field(*d.mem_req, 0, l.mem_kind) != MM_OP_READ || get_field(*d.mem_req, 0, l.mem_addr) != s->poke.pa) return;
  s->poke.armed = false;
  s->poke_fired = true;
  s->poke_fired_pa = s->poke.pa;
  s->poke_fired_value = s->poke.value;
}

// The agent's store of a fired poke, driven once the agent port is ready.
void drive_agent(rtl_sim *s) {
  Dut &d = *s->dut;
  if (!s->agent_due || !*d.agent_wr_ready) return;
  *d.agent_wr_valid = 1;
  *d.agent_wr_addr = s->agent_pa;
  *d.agent_wr_data = s->agent_value;
  s->agent_due = false;
}

// The agent's store performed: a line the cache did not hold is memory's.
void agent_done(rtl_sim *s) {
  Dut &d = *s->dut;
  s->agent_performed = true;
  s->agent_hit = *d.agent_wr_hit;
  if (s->agent_hit || !s->bus) return;
  mm_mem_write64(s->bus->mem, s->agent_pa & ~7ull, s->agent_value);
}

void record_request(rtl_sim *s, uint64_t edge) {
  Dut &d = *s->dut;
  const Layout &l = s->lay;
  s->open_op = nullptr;
  match_poke(s);
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
  mm_bus_txn t = get_bus_txn(*d.bus_req, l);
  t.hart = *d.bus_hart;
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
// system port, a transaction the bus takes; the poke's store once the read
// it follows is answered, and once performed.
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
  if (*d.agent_wr_done) agent_done(s);
  if (*d.mem_req_valid) record_request(s, edge);
  if (*d.mem_rsp_valid) {
    record_answer(s, edge);
    if (s->poke_fired) {
      s->poke_fired = false;
      s->agent_due = true;
      s->agent_pa = s->poke_fired_pa;
      s->agent_value = s->poke_fired_value;
    }
  }
  drive_agent(s);
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
  *d.agent_wr_valid = 0; // a store is taken at the edge it is valid at (it was ready)
  if (s->poke_next.armed) {
    s->poke = s->poke_next;
    s->poke_next.armed = false;
  }
  if (s->tfp) s->tfp->dump(s->ctx->time());
  s->ctx->timeInc(1);
  *d.clk = 0;
}

void cycle(rtl_sim *s) {
  Verilated::threadContextp(s->ctx.get());
  t_evaluating = s;
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
  get_response(*d.rsp, base, l, out);
}

// One clock: the requests taken and the responses that come at this edge.
// Returns the harts (a bit each) whose response came.
unsigned tick(rtl_sim *s) {
  Verilated::threadContextp(s->ctx.get()); // several harnesses may run side by side: an assertion reports to ours
  t_evaluating = s;
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
#ifdef RTL_COVERAGE
  if (mutants) {
    snprintf(err, errlen, "this binary measures RTL coverage: it has no mutant build");
    return nullptr;
  }
#endif
  if (!rtl_tlb_size_supported(cfg->tlb_entries, mutants)) {
    snprintf(err, errlen, "the RTL is built with %s TLB entries, not %u", mutants ? "16 (mutants)" : "4 or 16",
             cfg->tlb_entries);
    return nullptr;
  }
  rtl_sim *s = new rtl_sim;
  s->cfg = *cfg;
  s->ctx.reset(new VerilatedContext);
  s->ctx->traceEverOn(true);
  // An assertion that fails does not abort: the print hook keeps it
  // (rtl_assertion_failed) and the caller makes it the run's failure, with
  // its report and waveform, in every build.
  s->ctx->fatalOnError(false);
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
  const PortBits ports = {kBitsOf<ReqPort>,  kBitsOf<CsrPort>, kBitsOf<RspPort>, kBitsOf<MemPort>,
                          kBitsOf<MrspPort>, kBitsOf<BusPort>, kBitsOf<LinePort>};
  if (!layout_fits(s->lay, ports, err, errlen)) {
    rtl_free(s);
    return nullptr;
  }
  return s;
}

bool rtl_assertion_failed(const rtl_sim *sim, rtl_assertion *out) {
  // Verilator counts every $stop, also one whose message the hook could not read
  unsigned errors = (unsigned)sim->ctx->errorCount();
  if (!sim->assertion.count && !errors) return false;
  *out = sim->assertion;
  if (!out->count) {
    out->cycle = sim->cycle;
    out->hart = -1;
    snprintf(out->name, sizeof out->name, "?");
    snprintf(out->where, sizeof out->where, "a Verilog $stop (see the log)");
  }
  if (errors > out->count) out->count = errors;
  return true;
}

void rtl_free(rtl_sim *sim) {
  if (!sim) return;
  if (t_evaluating == sim) t_evaluating = nullptr;
  rtl_trace_close(sim);
  // Verilator 5.006 erases a model's scopes from the thread's context, not
  // from the model's own: with several contexts alive (the SystemC platforms
  // side by side) that is another one, or one already freed. Make it this one.
  Verilated::threadContextp(sim->ctx.get());
  sim->dut->final();
#ifdef RTL_COVERAGE
  // This run's line and toggle counts, one file each (verilator_coverage merges them).
  if (const char *dir = getenv("MMUCOSIM_RTL_COVERAGE")) {
    char path[512];
    snprintf(path, sizeof path, "%s/rtl-%ld-%p-%llu.dat", dir, (long)getpid(), (void *)sim,
             (unsigned long long)sim->cycle);
    sim->ctx->coveragep()->write(path);
  }
#endif
  delete sim;
  Verilated::threadContextp(nullptr); // it was this one: none now (the next use sets its own)
}

void rtl_set_csrs(rtl_sim *sim, unsigned h, const mm_csrs *c) {
  put_csrs(*sim->dut->csr, h * sim->lay.csr_bits, sim->lay, *c);
}

void rtl_access(rtl_sim *sim, unsigned h, const mm_req *req, mm_bus *bus, mm_obs *out) {
  put_access(*sim->dut->req, h * sim->lay.req_bits, sim->lay, *req);
  sim->bus = bus;
  run_request(sim, h, out);
  sim->bus = nullptr;
}

void rtl_fence(rtl_sim *sim, unsigned h, const mm_fence *fence, mm_bus *bus, mm_obs *out) {
  put_fence(*sim->dut->req, h * sim->lay.req_bits, sim->lay, *fence);
  sim->bus = bus;
  run_request(sim, h, out);
  sim->bus = nullptr;
}

void rtl_post(rtl_sim *sim, unsigned h, const mm_req *req, const mm_fence *fence, mm_obs *out, uint64_t accept_at) {
  assert(h < sim->cfg.harts && (req != NULL) != (fence != NULL));
  if (req)
    put_access(*sim->dut->req, h * sim->lay.req_bits, sim->lay, *req);
  else
    put_fence(*sim->dut->req, h * sim->lay.req_bits, sim->lay, *fence);
  post(sim, h, out, accept_at);
}

bool rtl_busy(const rtl_sim *sim, unsigned h) { return sim->hart[h].posted; }

unsigned rtl_tick(rtl_sim *sim, mm_bus *bus) {
  sim->bus = bus;
  return tick(sim);
}

uint64_t rtl_hart_accept_cycle(const rtl_sim *sim, unsigned h) { return sim->hart[h].accept_cycle; }

void rtl_poke(rtl_sim *sim, unsigned hart, uint64_t pa, uint64_t value) {
  sim->poke_next = rtl_sim::Poke{true, hart, pa, value};
}

bool rtl_agent_store(rtl_sim *sim, uint64_t pa, uint64_t value, mm_bus *bus) {
  assert(!sim->agent_due && (pa & 7) == 0 && "one aligned agent store at a time");
  sim->bus = bus;
  sim->agent_due = true;
  sim->agent_pa = pa;
  sim->agent_value = value;
  sim->agent_performed = false;
  for (uint64_t n = 0; !sim->agent_performed && n < kTimeoutCycles; n++)
    cycle(sim);
  sim->bus = nullptr;
  return sim->agent_performed && sim->agent_hit;
}

bool rtl_poke_armed(const rtl_sim *sim) { return sim->poke.armed || sim->poke_next.armed; }

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
