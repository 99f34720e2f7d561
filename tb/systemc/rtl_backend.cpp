// The Verilated RTL behind the MMU component: the one RTL harness of
// tb/verilator/rtl.h (the Verilated C++ models of rtl/rtl.mk, clocked by the
// harness's cycle engine), wrapped in a thin sc_module. It is the harness
// mmucosim uses, so the RTL has one reset, one hang policy and one
// bus-answer queue whatever drives it.
//
// Like the model's backend it never waits: a request runs to its response
// on the harness's clock, and its latency and each bus transaction's time
// are those cycles, added to the caller's delay (TLM-2.0's loosely-timed
// style). The harness's bus forwards every transaction to the component's
// initiator socket (model/bus.h's forward hook) instead of serving it.
extern "C" {
#include "tb/verilator/rtl.h"
}

#include <string>

#include "tb/systemc/backend.h"

namespace mmusc {

namespace {

class rtl_backend final : public sc_core::sc_module, public mmu_backend {
public:
  rtl_backend(sc_core::sc_module_name name, const mmu_config &cfg, bus_forward forward)
      : sc_core::sc_module(name), forward_(std::move(forward)), clock_(cfg.clock) {
    rtl_config rc = {};
    rc.harts = MM_MAX_HARTS;
    rc.tlb_entries = cfg.tlb_entries;
    rc.mem_latency = cfg.bus_latency;
    rc.bug = cfg.bug;
    rc.mutant_build = cfg.bug != 0;
    char err[256];
    sim_ = rtl_new(&rc, err, sizeof err);
    if (!sim_) SC_REPORT_FATAL("mmu_tlm", err); // rtl_config_check passed: a harness failure
    mm_bus_init(&bus_, nullptr);                // no memory of its own: everything goes out
    bus_.forward = &rtl_backend::forward;
    bus_.forward_ctx = this;
    for (unsigned h = 0; h < MM_MAX_HARTS; h++)
      rtl_set_csrs(sim_, h, &csrs_[h]);
  }

  ~rtl_backend() override { rtl_free(sim_); }

  void access(unsigned hart, const mm_req &req, mm_obs *out, sc_core::sc_time &delay) override {
    call_ = delay;
    rtl_access(sim_, hart, &req, &bus_, out);
    delay += (out->cycles + 1) * clock_;
  }

  void fence(unsigned hart, const mm_fence &fence, mm_obs *out, sc_core::sc_time &delay) override {
    call_ = delay;
    rtl_fence(sim_, hart, &fence, &bus_, out);
    delay += (out->cycles + 1) * clock_;
  }

  // The CSRs live here, as in the model's harts (their WARL rules); the RTL's ports follow.
  void csr_write(unsigned hart, mm_csr_id csr, uint64_t value) override {
    mm_csr_write(&csrs_[hart], csr, value);
    rtl_set_csrs(sim_, hart, &csrs_[hart]);
  }

  void poke(unsigned hart, uint64_t pa, uint64_t value) override { rtl_poke(sim_, hart, pa, value); }

private:
  // The bus's forward hook: a transaction taken t->cycle cycles after the
  // acceptance, one cycle after the call (as the model's backend times it).
  static void forward(void *ctx, mm_bus_txn *t) {
    rtl_backend *self = static_cast<rtl_backend *>(ctx);
    self->forward_(t, self->call_ + (t->cycle + 1) * self->clock_);
  }

  const bus_forward forward_;
  const sc_core::sc_time clock_;
  sc_core::sc_time call_; // the delay the request in flight came with
  rtl_sim *sim_ = nullptr;
  mm_bus bus_;
  mm_csrs csrs_[MM_MAX_HARTS] = {};
};

} // namespace

unsigned rtl_bug_count_sc() { return rtl_bug_count(); }

bool rtl_config_check(const mmu_config &cfg, std::string *why) {
  if (cfg.bug > rtl_bug_count()) {
    *why = "bug " + std::to_string(cfg.bug) + ": the mutant build knows 1.." + std::to_string(rtl_bug_count());
    return false;
  }
  if (!rtl_tlb_size_supported(cfg.tlb_entries, cfg.bug != 0)) {
    *why = std::string("the RTL is built with ") + (cfg.bug ? "16 (mutants)" : "4 or 16") + " TLB entries, not " +
           std::to_string(cfg.tlb_entries);
    return false;
  }
  if (cfg.bus_latency < 1 || cfg.bus_latency > MM_LATENCY_MAX) {
    *why = "bus latency " + std::to_string(cfg.bus_latency) + ": expected 1.." + std::to_string(MM_LATENCY_MAX);
    return false;
  }
  return true;
}

std::unique_ptr<mmu_backend> make_rtl_backend(const mmu_config &cfg, bus_forward forward) {
  return std::unique_ptr<mmu_backend>(new rtl_backend("rtl", cfg, std::move(forward)));
}

} // namespace mmusc
