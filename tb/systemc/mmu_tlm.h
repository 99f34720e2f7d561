// The MMU and its memory system as one TLM-2.0 component (DESIGN.md,
// "SystemC"): the harts' MMUs (L1 TLB, walker), the shared cache and the
// write-combining buffer, with the golden C model or the Verilated RTL
// behind the same sockets, chosen by the constructor's configuration.
//
//   req  target socket: a hart's request, a generic payload with an mmu_ext
//        (mmu_ext.h): an access at a virtual address (a load's or fetch's
//        value comes back in its data, a store's value goes in it), a fence,
//        a CSR write, the poke test hook. Loosely timed: b_transport adds the
//        request's latency to the delay.
//   mem  initiator socket: what leaves the MMU and its memory system, the
//        bus transactions of model/bus.h (line fills and write-backs,
//        write-combining drains, single IO and NC beats) as generic payloads
//        with a bus_ext (bus_payload.h), each at the time the bus takes it.
//
// Timing (one cycle = config.clock): a request that b_transport receives at
// local time t (the simulation time plus its delay) is accepted one cycle
// edge later and answered `cycles` cycles after that; the initiator sees it
// end at t + (cycles + 1) clocks, and a bus transaction the bus took `cycle`
// cycles after the acceptance at t + (cycle + 1) clocks. The model adds that
// to the delay without waiting; the RTL, clocked by an sc_clock whose rising
// edges fall half a cycle after each multiple of the clock, waits for it in
// simulation time (it synchronizes first) and returns with a zero delay, so
// that both give the same times for requests made at multiples of the clock.
// The memory behind the socket must answer without waiting (the bus's
// latency is config.bus_latency, part of the memory system's timing); any
// delay it annotates is ignored.
//
// Errors come back in the payload's response status, never as exceptions: an
// architectural fault (page, guest-page and access faults, misalignment) as
// TLM_ADDRESS_ERROR_RESPONSE with the cause and guest physical address in the
// mmu_ext; a malformed request as TLM_COMMAND_ERROR_RESPONSE (bad hart,
// command or length), TLM_BYTE_ENABLE_ERROR_RESPONSE (byte enables that
// leave a byte out) or TLM_BURST_ERROR_RESPONSE (streaming width); an RTL
// that never answers as TLM_GENERIC_ERROR_RESPONSE (cause 0xff). A payload
// without an mmu_ext is an access by hart 0 in S-mode with V=0: a load for a
// read, a store for a write.
//
// One request is served at a time (DESIGN.md's known limit): the RTL's
// concurrent callers take turns.
#ifndef MMUSC_MMU_TLM_H
#define MMUSC_MMU_TLM_H

extern "C" {
#include "model/bus.h"
#include "model/obs.h"
}

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <string>

#include "tb/systemc/bus_payload.h"
#include "tb/systemc/mmu_ext.h"

namespace mmusc {

enum class mmu_impl { model, rtl };

struct mmu_config {
  mmu_impl impl = mmu_impl::model;
  unsigned harts = 1;        // 1..MM_MAX_HARTS
  unsigned tlb_entries = 16; // per hart; the model: a power of two up to 256; the RTL is built with 4 and 16
  unsigned bus_latency = 4;  // L, cycles from the bus taking a transaction to its answer, 1..MM_LATENCY_MAX
  sc_core::sc_time clock = sc_core::sc_time(10, sc_core::SC_NS); // one cycle (an even number of time units)
  unsigned bug = 0; // the RTL: an injected bug of the mutant build (rtl/mutants.txt), 0 none
};

// Whether a configuration can be built; else why, in one line.
bool mmu_config_check(const mmu_config &cfg, std::string *why);
const char *mmu_impl_name(mmu_impl impl);
// The injected bugs the RTL's mutant build knows (1..mmu_bug_count()).
unsigned mmu_bug_count();
// When the component takes its first request without waiting: after the
// RTL's reset (its third rising edge), three clocks; the same for the model,
// so that a platform that starts then sees the same times from both.
sc_core::sc_time mmu_ready_time(const mmu_config &cfg);

// What an implementation does for the component (backend.h).
class mmu_backend;

class mmu_tlm : public sc_core::sc_module {
public:
  tlm_utils::simple_target_socket<mmu_tlm> req;
  tlm_utils::simple_initiator_socket<mmu_tlm> mem;

  // cfg must pass mmu_config_check (else SC_REPORT_FATAL).
  mmu_tlm(sc_core::sc_module_name name, const mmu_config &cfg);
  ~mmu_tlm() override;

  const mmu_config &config() const { return cfg_; }

private:
  void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
  // A bus transaction out through mem, taken at the local time delay.
  void forward(mm_bus_txn *t, const sc_core::sc_time &delay);

  mmu_config cfg_;
  std::unique_ptr<mmu_backend> impl_;
  std::unique_ptr<mm_obs> obs_; // the request in flight's outcome
  bus_payload bus_;
};

} // namespace mmusc

#endif
