// The golden C model behind the MMU component: the model's harts over its
// memory system (model/mmu.h, model/memsys.h), whose bus forwards every
// transaction to the component's initiator socket (model/bus.h's forward
// hook) instead of serving it from a memory of its own. It never waits: a
// request's latency and each bus transaction's time are the cycles the
// model computes, added to the caller's delay.
extern "C" {
#include "model/memsys.h"
#include "model/mmu.h"
}

#include <cassert>

#include "tb/systemc/backend.h"

namespace mmusc {

namespace {

class model_backend final : public mmu_backend {
public:
  model_backend(const mmu_config &cfg, bus_forward forward) : forward_(std::move(forward)), clock_(cfg.clock) {
    const char *why = nullptr;
    for (unsigned h = 0; h < MM_MAX_HARTS; h++) {
      mm_hart_params p = {.tlb_entries = cfg.tlb_entries, .mem_latency = cfg.bus_latency, .id = h};
      bool ok = mm_hart_init(&harts_[h], &p, &why);
      assert(ok && "mmu_config_check passed");
      (void)ok;
    }
    mm_bus_init(&bus_, nullptr); // no memory of its own: everything goes out
    bus_.forward = &model_backend::forward;
    bus_.forward_ctx = this;
    mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = cfg.bus_latency};
    bool ok = mm_memsys_init(&ms_, &mp, &bus_, &why);
    assert(ok && "mmu_config_check passed");
    (void)ok;
    port_ = mm_port_of_memsys(&ms_);
  }

  ~model_backend() override {
    for (mm_hart &h : harts_)
      mm_hart_destroy(&h);
    mm_memsys_destroy(&ms_);
  }

  void access(unsigned hart, const mm_req &req, mm_obs *out, sc_core::sc_time &delay) override {
    call_ = delay;
    mm_hart_access_port(&harts_[hart], &port_, &req, out);
    delay += (out->cycles + 1) * clock_;
  }

  void fence(unsigned hart, const mm_fence &fence, mm_obs *out, sc_core::sc_time &delay) override {
    call_ = delay;
    mm_hart_fence(&harts_[hart], &port_, &fence, out);
    delay += (out->cycles + 1) * clock_;
  }

  void csr_write(unsigned hart, mm_csr_id csr, uint64_t value) override {
    mm_csr_write(&harts_[hart].csrs, csr, value);
  }

  void poke(unsigned hart, uint64_t pa, uint64_t value) override { mm_memsys_arm_poke(&ms_, hart, pa, value); }

private:
  // The bus's forward hook: a transaction taken t->cycle cycles after the
  // acceptance, one cycle after the call.
  static void forward(void *ctx, mm_bus_txn *t) {
    model_backend *self = static_cast<model_backend *>(ctx);
    self->forward_(t, self->call_ + (t->cycle + 1) * self->clock_);
  }

  bus_forward forward_;
  sc_core::sc_time clock_;
  sc_core::sc_time call_; // the delay the request in flight came with
  mm_hart harts_[MM_MAX_HARTS];
  mm_bus bus_;
  mm_memsys ms_;
  mm_port port_;
};

} // namespace

std::unique_ptr<mmu_backend> make_model_backend(const mmu_config &cfg, bus_forward forward) {
  return std::unique_ptr<mmu_backend>(new model_backend(cfg, std::move(forward)));
}

} // namespace mmusc
