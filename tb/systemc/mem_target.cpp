#include "tb/systemc/mem_target.h"

#include <new>

#include "tb/systemc/bus_payload.h"

namespace mmusc {

mem_target::mem_target(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket"), side_(side_new()) {
  if (!side_) throw std::bad_alloc();
  socket.register_b_transport(this, &mem_target::b_transport);
}

mem_target::~mem_target() { side_free(side_); }

void mem_target::b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay) {
  if (gp.is_read() == gp.is_write()) { // TLM_IGNORE_COMMAND: nothing to do
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  mm_bus_txn t;
  if (gp.get_streaming_width() < gp.get_data_length() || !txn_of_payload(gp, &t)) {
    gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  mm_bus_access(&side_->bus, &t);
  payload_answer(gp, t);
  uint64_t *count = t.beats == 8 ? (t.write ? &counts_.lines_written : &counts_.lines_read)
                                 : (t.write ? &counts_.beats_written : &counts_.beats_read);
  ++*count;
  if (observer) observer(t, sc_core::sc_time_stamp() + delay);
  gp.set_dmi_allowed(false);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace mmusc
