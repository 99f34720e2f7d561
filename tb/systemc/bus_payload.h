// A bus transaction of model/bus.h as a TLM-2.0 generic payload, and back:
// the one conversion the MMU component (initiator) and the memory target
// use. A line is 64 bytes at its line address, with byte enables when a
// write does not write every byte (a write-combining drain); a single beat is
// its 1, 2, 4 or 8 bytes at its exact address (mm_bus_txn keeps them in the
// aligned word's byte lanes). The hart, the beats and the cycle ride in a
// bus_ext.
#ifndef MMUSC_BUS_PAYLOAD_H
#define MMUSC_BUS_PAYLOAD_H

extern "C" {
#include "model/bus.h"
}

#include <tlm>

#include "tb/systemc/mmu_ext.h"

namespace mmusc {

// The initiator's side: one payload, reused for every transaction.
class bus_payload {
public:
  bus_payload();
  ~bus_payload();
  bus_payload(const bus_payload &) = delete;
  bus_payload &operator=(const bus_payload &) = delete;

  // The payload for t (a write's data and byte enables).
  tlm::tlm_generic_payload &of(const mm_bus_txn &t);
  // After the transport: a read's data into t.
  void answer(mm_bus_txn *t) const;

private:
  tlm::tlm_generic_payload gp_;
  bus_ext ext_;
  unsigned char data_[LINE_BYTES];
  unsigned char be_[LINE_BYTES];
};

// The target's side: the transaction a payload carries; false when it is
// none (a length other than 1, 2, 4, 8 or 64, a beat not naturally aligned,
// a line not line-aligned, an ignore command).
bool txn_of_payload(const tlm::tlm_generic_payload &gp, mm_bus_txn *t);
// A read's data (served into t) into the payload.
void payload_answer(tlm::tlm_generic_payload &gp, const mm_bus_txn &t);

} // namespace mmusc

#endif
