// Main memory and the MMIO devices as one TLM-2.0 target: what stands behind
// the MMU component's initiator socket in the example platform. It owns one
// side (tb/cosim/side.h: the sparse memory, the register block and the frame
// buffer behind an mm_bus) and serves each incoming bus transaction with
// mm_bus_access() on it, the code both sides of the co-simulation serve
// their buses with. It answers at once, with no delay of its own: the bus's
// latency is the MMU component's (its memory system's timing depends on it).
// Software errors (beats outside every device, lines to a device that takes
// no bursts) are counted in the side's bus, never fatal.
#ifndef MMUSC_MEM_TARGET_H
#define MMUSC_MEM_TARGET_H

extern "C" {
#include "tb/cosim/side.h"
}

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <functional>

namespace mmusc {

// The transactions a target served, by kind.
struct bus_counts {
  uint64_t lines_read = 0, lines_written = 0, beats_read = 0, beats_written = 0;
};

class mem_target : public sc_core::sc_module {
public:
  tlm_utils::simple_target_socket<mem_target> socket;

  explicit mem_target(sc_core::sc_module_name name);
  ~mem_target() override;

  // The memory and devices (to load an image, to look at the devices).
  side &memory() { return *side_; }
  const bus_counts &counts() const { return counts_; }
  // Called with every transaction served (a read with its data) and the
  // time the bus took it (the simulation time plus the annotated delay).
  std::function<void(const mm_bus_txn &, const sc_core::sc_time &)> observer;

private:
  void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);

  side *side_;
  bus_counts counts_;
};

} // namespace mmusc

#endif
