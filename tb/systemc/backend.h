// The two implementations behind the MMU component's sockets (mmu_tlm.h):
// the golden C model (model_backend.cpp) and the Verilated RTL as a SystemC
// model (rtl_backend.cpp). The component checks every request before it
// reaches them, and turns their outcome into a response.
#ifndef MMUSC_BACKEND_H
#define MMUSC_BACKEND_H

extern "C" {
#include "model/bus.h"
#include "model/obs.h"
#include "model/tlb.h"
#include "model/walk.h"
}

#include <systemc>

#include <functional>
#include <memory>

#include "tb/systemc/mmu_tlm.h"

namespace mmusc {

// Where an implementation sends a bus transaction, with the local time the
// bus takes it (as a delay added to the simulation time); a read comes back
// with its data.
using bus_forward = std::function<void(mm_bus_txn *, const sc_core::sc_time &)>;

class mmu_backend {
public:
  virtual ~mmu_backend() = default;
  // One request of a hart; fills the outcome of out (ok .. cache_hit,
  // load_data, cycles) and moves delay on by the request's latency as
  // mmu_tlm.h gives it (or waits for it and leaves a zero delay).
  virtual void access(unsigned hart, const mm_req &req, mm_obs *out, sc_core::sc_time &delay) = 0;
  virtual void fence(unsigned hart, const mm_fence &fence, mm_obs *out, sc_core::sc_time &delay) = 0;
  // A CSR write with its WARL rules (mm_csr_write); takes no time.
  virtual void csr_write(unsigned hart, mm_csr_id csr, uint64_t value) = 0;
  // Arms the poke hook for hart's next page-table read of pa (model/memsys.h, mm_memsys_arm_poke).
  virtual void poke(unsigned hart, uint64_t pa, uint64_t value) = 0;
};

std::unique_ptr<mmu_backend> make_model_backend(const mmu_config &cfg, bus_forward forward);
// Builds SystemC objects: call during elaboration (the component's constructor).
std::unique_ptr<mmu_backend> make_rtl_backend(const mmu_config &cfg, bus_forward forward);
// The RTL builds' checks and facts (rtl_backend.cpp).
bool rtl_config_check(const mmu_config &cfg, std::string *why);
unsigned rtl_bug_count_sc();

} // namespace mmusc

#endif
