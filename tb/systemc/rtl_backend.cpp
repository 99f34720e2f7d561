// The Verilated RTL behind the MMU component: rtl/mmu_sim_top.sv built as a
// SystemC model (verilator --sc, rtl/rtl_sc.mk: TLB 16, Vmmu_sc16, and the
// mutant build, Vmmu_scmut), clocked by an sc_clock, its bus port bridged to
// the component's initiator socket.
//
// It plays the part of tb/verilator/rtl.cpp's harness in simulation time:
// the caller's thread presents a request on a hart's port and waits for the
// rising edges until that hart's response. At each rising edge it sees what
// the RTL showed before it (the signals' values, as the flops sample them):
// a request accepted, a response, a transaction the bus takes (sent out at
// once, half a cycle later in local time, and answered bus_latency edges
// later: the bus is always ready); after it, it sets the inputs for the next
// edge. The packed-struct ports are read and written through the layout
// outputs of mmu_sim_top (tb/verilator/rtl_layout.h), as rtl.cpp does; their
// sc_bv values are copied into VlWide words for that.
#include "Vmmu_sc16.h"
#include "Vmmu_scmut.h"
#include "mmu_bugs.h"
#include "tb/verilator/rtl_layout.h"

#include <deque>
#include <string>
#include <type_traits>
#include <utility>

#include "tb/systemc/backend.h"

namespace mmusc {

namespace {

using namespace rtl_layout;
using sc_core::sc_time;
// The inputs are written by the callers' threads, the reset thread and the
// poke method in turn (never two in one delta cycle); the outputs by the model.
template <class T> using sc_signal = sc_core::sc_signal<T, sc_core::SC_MANY_WRITERS>;

constexpr uint64_t kTimeoutCycles = 1000000; // a request that takes longer is a hang

// The value type of a model's port (sc_in<T>, sc_out<T>: T).
template <class P> using ValueOf = typename std::remove_reference_t<P>::data_type;

// sc_bv<W> and the VlWide words that hold its bits.
template <class Bv> struct BvWidth;
template <int W> struct BvWidth<sc_dt::sc_bv<W>> { static constexpr int value = W; };
template <class Bv> using WideOf = VlWide<(BvWidth<Bv>::value + 31) / 32>;

template <int W> void to_wide(const sc_dt::sc_bv<W> &bv, VlWide<(W + 31) / 32> &w) {
  for (int i = 0; i < (W + 31) / 32; i++)
    w[i] = bv.get_word(i);
}

template <int W> void to_bv(const VlWide<(W + 31) / 32> &w, sc_dt::sc_bv<W> &bv) {
  for (int i = 0; i < (W + 31) / 32; i++)
    bv.set_word(i, w[i]);
}

// The mutant build's bug input, bound only where it exists.
template <class M, class S> auto bind_bug(M &m, S &s, int) -> decltype(m.bug_i(s), void()) { m.bug_i(s); }
template <class M, class S> void bind_bug(M &, S &, long) {}

template <class M> class rtl_backend final : public sc_core::sc_module, public mmu_backend {
  using ReqBv = ValueOf<decltype(std::declval<M &>().req_i)>;
  using CsrBv = ValueOf<decltype(std::declval<M &>().csr_i)>;
  using RspBv = ValueOf<decltype(std::declval<M &>().rsp_o)>;
  using BusBv = ValueOf<decltype(std::declval<M &>().bus_req_o)>;
  using LineBv = ValueOf<decltype(std::declval<M &>().bus_rsp_rdata_i)>;
  using MemBv = ValueOf<decltype(std::declval<M &>().mem_req_o)>;
  using MrspBv = ValueOf<decltype(std::declval<M &>().mem_rsp_o)>;

public:
  SC_HAS_PROCESS(rtl_backend);

  rtl_backend(sc_core::sc_module_name name, const mmu_config &cfg, bus_forward forward)
      : sc_core::sc_module(name), cfg_(cfg), forward_(std::move(forward)),
        clk_("clk", cfg.clock, 0.5, cfg.clock / 2, true), dut_(new M("rtl")) {
    // An injected bug may trip an assertion: report it and go on, so that
    // the comparison shows the difference (the setting is the process's).
    if (cfg.bug) Verilated::threadContextp()->fatalOnError(false);
    M &m = *dut_;
    m.clk_i(clk_);
    m.rst_ni(rst_n_);
    bind_bug(m, bug_, 0);
    m.req_valid_i(req_valid_);
    m.req_ready_o(req_ready_);
    m.req_i(req_);
    m.csr_i(csr_);
    m.rsp_valid_o(rsp_valid_);
    m.rsp_o(rsp_);
    m.bus_req_valid_o(bus_req_valid_);
    m.bus_req_ready_i(bus_req_ready_);
    m.bus_req_o(bus_req_);
    m.bus_hart_o(bus_hart_);
    m.bus_rsp_valid_i(bus_rsp_valid_);
    m.bus_rsp_rdata_i(bus_rsp_rdata_);
    m.poke_valid_i(poke_valid_);
    m.poke_hart_i(poke_hart_);
    m.poke_addr_i(poke_addr_);
    m.poke_value_i(poke_value_);
    m.poke_done_o(poke_done_);
    m.mem_req_valid_o(mem_req_valid_);
    m.mem_req_o(mem_req_);
    m.mem_req_hart_o(mem_req_hart_);
    m.mem_rsp_valid_o(mem_rsp_valid_);
    m.mem_rsp_o(mem_rsp_);
#define BIND_WIDTH(name) m.lay_##name##_bits_o(lay_##name##_bits_);
    LAYOUT_WIDTHS(BIND_WIDTH)
#undef BIND_WIDTH
#define BIND_FIELD(name)                                                                                               \
  m.lay_##name##_lsb_o(lay_##name##_lsb_);                                                                             \
  m.lay_##name##_width_o(lay_##name##_width_);
    LAYOUT_FIELDS(BIND_FIELD)
#undef BIND_FIELD
    SC_THREAD(reset);
    SC_METHOD(poke_pulse);
    sensitive << clk_.posedge_event();
    dont_initialize();
  }

  ~rtl_backend() override { dut_->final(); }

  void access(unsigned hart, const mm_req &req, mm_obs *out, sc_time &delay) override {
    begin(delay);
    put_access(req_w_, hart * lay_.req_bits, lay_, req);
    run(hart, out);
    busy_.unlock();
  }

  void fence(unsigned hart, const mm_fence &fence, mm_obs *out, sc_time &delay) override {
    begin(delay);
    put_fence(req_w_, hart * lay_.req_bits, lay_, fence);
    run(hart, out);
    busy_.unlock();
  }

  // Between requests (CSRs change only then; the hook is armed before one).
  void csr_write(unsigned hart, mm_csr_id csr, uint64_t value) override {
    busy_.lock();
    mm_csr_write(&csrs_[hart], csr, value);
    if (ready_) drive_csrs();
    busy_.unlock();
  }

  void poke(unsigned hart, uint64_t pa, uint64_t value) override {
    busy_.lock();
    poke_hart_.write(hart);
    poke_addr_.write(pa);
    poke_value_.write(value);
    poke_valid_.write(true);
    busy_.unlock();
  }

private:
  struct Answer {
    uint64_t due; // the edge at which the bus's answer is valid
    uint64_t data[8];
  };

  // Reset as rtl.cpp does (two rising edges low, one high), then the layout.
  void reset() {
    rst_n_.write(false);
    bus_req_ready_.write(true);
    bug_.write(cfg_.bug);
    for (int i = 0; i < 2; i++)
      wait(clk_.posedge_event());
    rst_n_.write(true);
    wait(clk_.posedge_event());
    lay_ = read_layout(*dut_);
    const PortBits ports = {kBitsOf<WideOf<ReqBv>>, kBitsOf<WideOf<CsrBv>>,  kBitsOf<WideOf<RspBv>>,
                            kBitsOf<WideOf<MemBv>>, kBitsOf<WideOf<MrspBv>>, kBitsOf<WideOf<BusBv>>,
                            kBitsOf<WideOf<LineBv>>};
    char err[160];
    if (!layout_fits(lay_, ports, err, sizeof err)) SC_REPORT_FATAL("mmu_tlm", err);
    ready_ = true;
    drive_csrs();
    ready_event_.notify();
  }

  // Every hart's CSR inputs from the CSRs (which live here, as in the model's harts).
  void drive_csrs() {
    for (unsigned h = 0; h < MM_MAX_HARTS; h++)
      put_csrs(csr_w_, h * lay_.csr_bits, lay_, csrs_[h]);
    CsrBv bv;
    to_bv(csr_w_, bv);
    csr_.write(bv);
  }

  // The arming input is a one-cycle pulse (rtl/mmu_memsys.sv): down again
  // after the edge that took it, as rtl.cpp does.
  void poke_pulse() {
    if (poke_valid_.read()) poke_valid_.write(false);
  }

  // One request at a time, from a local time in step with the simulation,
  // after the reset, and after any clock edge at this instant.
  void begin(sc_time &delay) {
    busy_.lock();
    wait(delay);
    delay = sc_core::SC_ZERO_TIME;
    if (!ready_) wait(ready_event_);
    wait(sc_core::SC_ZERO_TIME);
  }

  // Drives the request set in req_w_ on hart h's port and waits for the
  // edges until its response; then half a cycle more.
  void run(unsigned h, mm_obs *out) {
    mm_obs_reset(out);
    const uint32_t bit = 1u << h;
    ReqBv bv;
    to_bv(req_w_, bv);
    req_.write(bv);
    req_valid_.write(req_valid_.read() | bit);
    bool accepted = false;
    uint64_t accept = 0;
    for (uint64_t edge = 1;; edge++) {
      wait(clk_.posedge_event());
      bool done = false;
      if (!answers_.empty() && answers_.front().due == edge) answers_.pop_front();
      if (bus_req_valid_.read()) serve_bus(edge, edge - accept);
      if (!accepted && (req_ready_.read() & bit)) {
        accepted = true;
        accept = edge;
        req_valid_.write(req_valid_.read() & ~bit);
      } else if (accepted && (rsp_valid_.read() & bit)) {
        WideOf<RspBv> w;
        to_wide(rsp_.read(), w);
        get_response(w, h * lay_.rsp_bits, lay_, out);
        out->cycles = (unsigned)(edge - accept);
        done = true;
      } else if (edge > kTimeoutCycles) { // a hang: a response that matches nothing
        SC_REPORT_WARNING("mmu_tlm", "the RTL gave no response in 1000000 cycles");
        req_valid_.write(req_valid_.read() & ~bit);
        out->ok = false;
        out->cause = 0xff;
        out->cycles = (unsigned)(accepted ? edge - accept : 0);
        done = true;
      }
      present_answer(edge + 1);
      if (done) break;
    }
    wait(cfg_.clock / 2);
  }

  // A transaction the bus takes at this edge: out through the socket now (at
  // the local time half a cycle on), its answer due bus_latency edges later.
  void serve_bus(uint64_t edge, uint64_t cycle) {
    WideOf<BusBv> w;
    to_wide(bus_req_.read(), w);
    mm_bus_txn t = get_bus_txn(w, lay_);
    t.hart = (uint8_t)bus_hart_.read();
    t.cycle = (unsigned)cycle;
    const sc_time now = sc_core::sc_time_stamp();
    forward_(&t, cfg_.clock / 2);
    if (sc_core::sc_time_stamp() != now) SC_REPORT_FATAL("mmu_tlm", "the memory behind the RTL waited in b_transport");
    Answer a{edge + cfg_.bus_latency, {0}};
    if (!t.write)
      for (unsigned k = 0; k < 8; k++)
        a.data[k] = t.data[k];
    answers_.push_back(a);
  }

  // The bus's answer for the coming edge, if one is due then; zeros otherwise.
  void present_answer(uint64_t edge) {
    const bool valid = !answers_.empty() && answers_.front().due == edge;
    if (!valid && !bus_rsp_valid_.read()) return;
    LineBv bv;
    for (unsigned k = 0; k < 8; k++) {
      uint64_t v = valid ? answers_.front().data[k] : 0;
      bv.set_word(2 * k, (uint32_t)v);
      bv.set_word(2 * k + 1, (uint32_t)(v >> 32));
    }
    bus_rsp_rdata_.write(bv);
    bus_rsp_valid_.write(valid);
  }

  const mmu_config cfg_;
  const bus_forward forward_;
  sc_core::sc_clock clk_;
  std::unique_ptr<M> dut_;
  Layout lay_;
  bool ready_ = false; // out of reset, layout read
  sc_core::sc_event ready_event_;
  sc_core::sc_mutex busy_;
  mm_csrs csrs_[MM_MAX_HARTS] = {};
  WideOf<ReqBv> req_w_{}; // the request port's words (every hart's)
  WideOf<CsrBv> csr_w_{};
  std::deque<Answer> answers_; // the bus's answers to come

  sc_signal<bool> rst_n_{"rst_n"};
  sc_signal<ValueOf<decltype(std::declval<M &>().req_valid_i)>> req_valid_{"req_valid"};
  sc_signal<ValueOf<decltype(std::declval<M &>().req_ready_o)>> req_ready_{"req_ready"};
  sc_signal<ReqBv> req_{"req"};
  sc_signal<CsrBv> csr_{"csr"};
  sc_signal<ValueOf<decltype(std::declval<M &>().rsp_valid_o)>> rsp_valid_{"rsp_valid"};
  sc_signal<RspBv> rsp_{"rsp"};
  sc_signal<bool> bus_req_valid_{"bus_req_valid"}, bus_req_ready_{"bus_req_ready"};
  sc_signal<BusBv> bus_req_{"bus_req"};
  sc_signal<ValueOf<decltype(std::declval<M &>().bus_hart_o)>> bus_hart_{"bus_hart"};
  sc_signal<bool> bus_rsp_valid_{"bus_rsp_valid"};
  sc_signal<LineBv> bus_rsp_rdata_{"bus_rsp_rdata"};
  sc_signal<bool> poke_valid_{"poke_valid"}, poke_done_{"poke_done"};
  sc_signal<ValueOf<decltype(std::declval<M &>().poke_hart_i)>> poke_hart_{"poke_hart"};
  sc_signal<ValueOf<decltype(std::declval<M &>().poke_addr_i)>> poke_addr_{"poke_addr"};
  sc_signal<ValueOf<decltype(std::declval<M &>().poke_value_i)>> poke_value_{"poke_value"};
  sc_signal<bool> mem_req_valid_{"mem_req_valid"}, mem_rsp_valid_{"mem_rsp_valid"};
  sc_signal<MemBv> mem_req_{"mem_req"};
  sc_signal<ValueOf<decltype(std::declval<M &>().mem_req_hart_o)>> mem_req_hart_{"mem_req_hart"};
  sc_signal<MrspBv> mem_rsp_{"mem_rsp"};
  sc_signal<uint32_t> bug_{"bug"};
#define WIDTH_SIGNAL(name) sc_signal<uint32_t> lay_##name##_bits_{"lay_" #name "_bits"};
  LAYOUT_WIDTHS(WIDTH_SIGNAL)
#undef WIDTH_SIGNAL
#define FIELD_SIGNALS(name)                                                                                            \
  sc_signal<uint32_t> lay_##name##_lsb_{"lay_" #name "_lsb"}, lay_##name##_width_{"lay_" #name "_width"};
  LAYOUT_FIELDS(FIELD_SIGNALS)
#undef FIELD_SIGNALS
};

} // namespace

unsigned rtl_bug_count_sc() { return MMU_BUG_COUNT; }

bool rtl_config_check(const mmu_config &cfg, std::string *why) {
  if (cfg.tlb_entries != 16) {
    *why = "the RTL is built for SystemC with 16 TLB entries, not " + std::to_string(cfg.tlb_entries);
    return false;
  }
  if (cfg.bug > MMU_BUG_COUNT) {
    *why = "bug " + std::to_string(cfg.bug) + ": the mutant build knows 1.." + std::to_string(MMU_BUG_COUNT);
    return false;
  }
  return true;
}

std::unique_ptr<mmu_backend> make_rtl_backend(const mmu_config &cfg, bus_forward forward) {
  if (cfg.bug) return std::unique_ptr<mmu_backend>(new rtl_backend<Vmmu_scmut>("rtl", cfg, std::move(forward)));
  return std::unique_ptr<mmu_backend>(new rtl_backend<Vmmu_sc16>("rtl", cfg, std::move(forward)));
}

} // namespace mmusc
