// A traffic generator for the MMU component: the seeded stimulus of
// sw/stim.h (the co-simulation's: page tables for host and guest address
// spaces, then accesses with data, fences, CSR changes, page-table edits and
// page aging) as TLM-2.0 requests on its initiator socket, loosely timed
// with a quantum keeper. As tb/cosim/cosim.c applies the events:
//   STIM_MEM   before the first request: a direct write to the memory
//              target's memory (the initial image); after it, an M-mode
//              8-byte store request, the harts taking turns;
//   STIM_CSR   a CSR write request (mmu_ext op csr_write);
//   STIM_POKE  the component's poke hook (mmu_ext op poke), so that the
//              page-aging race of the stimulus happens on both sides;
//   STIM_ACCESS and STIM_FENCE: requests, each counted and (on demand)
//              recorded with its response, its latency and the bus
//              transactions the memory served while it was in flight.
#ifndef MMUSC_TRAFFIC_H
#define MMUSC_TRAFFIC_H

extern "C" {
#include "sw/stim.h"
}

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <functional>
#include <vector>

#include "tb/systemc/mem_target.h"
#include "tb/systemc/mmu_ext.h"

namespace mmusc {

struct traffic_config {
  uint64_t seed = 1;
  unsigned requests = 10000; // accesses and fences (software's stores after the first request included)
  unsigned harts = 1;        // the stimulus's harts: the component's
  sc_core::sc_time start;    // when the first event is applied (the component's reset: mmu_tlm::ready_time)
};

// One request as the initiator saw it.
struct request_record {
  unsigned index = 0;
  stim_event ev{}; // the request (a software store already an M-mode store)
  tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
  mmu_ext rsp;            // its extension after the response
  uint64_t load_data = 0; // a load's or fetch's value, from the payload's data
  sc_core::sc_time call, latency;
  std::vector<mm_bus_txn> bus;            // what the memory served while it was in flight, in order
  std::vector<sc_core::sc_time> bus_time; // the time the bus took each
};

// Counts of what the requests did, from their responses.
struct traffic_stats {
  unsigned requests = 0, accesses = 0, fences = 0, csr_writes = 0, pokes = 0;
  unsigned tlb_hits = 0, faults = 0, guest_faults = 0, errors = 0; // errors: responses other than OK and ADDRESS_ERROR
  unsigned data[3] = {0, 0, 0};                                    // data accesses by memory type (main, NC, IO)
  unsigned cache_hits = 0;
  uint64_t cycles = 0; // the sum of the requests' cycles
};

class traffic : public sc_core::sc_module {
public:
  tlm_utils::simple_initiator_socket<traffic> socket;

  // Every request's record as it completes; unset (the default), none is made.
  std::function<void(request_record &)> on_record;

  SC_HAS_PROCESS(traffic);
  traffic(sc_core::sc_module_name name, const traffic_config &cfg, mem_target &memory);
  ~traffic() override;

  // Stops after the request in flight.
  void stop() { stop_ = true; }
  bool finished() const { return finished_; }
  const sc_core::sc_event &done() const { return done_; }
  const traffic_stats &stats() const { return stats_; }
  const traffic_config &config() const { return cfg_; }
  // The local time after the last request.
  const sc_core::sc_time &end_time() const { return end_; }

private:
  void run();
  // Sends the payload set up in gp_/ext_; returns the delay it came back with.
  void send(sc_core::sc_time *call, sc_core::sc_time *end);
  // Applies one event that is not a request; true when it was one of those.
  bool apply(stim_event *ev);
  void request(unsigned index, const stim_event &ev);
  void count(const stim_event &ev);

  traffic_config cfg_;
  mem_target &memory_;
  stim *stim_;
  tlm_utils::tlm_quantumkeeper qk_;
  tlm::tlm_generic_payload gp_;
  mmu_ext ext_;
  unsigned char data_[8];
  bool started_ = false;   // the first request has been made: software's stores are requests from now on
  bool recording_ = false; // a request is in flight and on_record is set
  request_record rec_;
  traffic_stats stats_;
  bool stop_ = false, finished_ = false;
  sc_core::sc_event done_;
  sc_core::sc_time end_;
};

} // namespace mmusc

#endif
