// The example platform (build/mmusc) and its comparison: a traffic
// generator driving the seeded stimulus into the MMU component, memory and
// devices behind it (traffic.h -> mmu_tlm.h -> mem_target.h); the same seed
// on two platforms, one with the model and one with the RTL, in one
// simulation, compared request by request (agreement).
#ifndef MMUSC_PLATFORM_H
#define MMUSC_PLATFORM_H

extern "C" {
#include "model/obs.h"
}

#include <systemc>

#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "tb/systemc/mem_target.h"
#include "tb/systemc/mmu_tlm.h"
#include "tb/systemc/traffic.h"

namespace mmusc {

struct platform_config {
  mmu_config mmu;
  uint64_t seed = 1;
  unsigned requests = 10000;
  sc_core::sc_time quantum = sc_core::sc_time(10, sc_core::SC_US); // the generator's global quantum
};

class platform : public sc_core::sc_module {
public:
  mem_target memory;
  mmu_tlm mmu;
  traffic gen;

  platform(sc_core::sc_module_name name, const platform_config &cfg);
  // What its requests did: the mix, the data accesses, the bus, the time.
  void print_summary(FILE *out) const;
};

// Two platforms' records of the same stimulus, compared as they come: the
// response (status, outcome, the loaded value, the cycles), the latency the
// initiator saw, and every bus transaction the memory served (address,
// kind, size, beats, data, byte enables, hart, cycle, and the time it was
// taken). The first difference is reported (tb/cosim/compare.h's table and
// the times) and stops both generators.
class agreement {
public:
  agreement(platform &model, platform &rtl, FILE *report);
  uint64_t seed() const { return seed_; }
  bool mismatched() const { return mismatch_; }
  unsigned mismatch_request() const { return mismatch_request_; }
  unsigned compared() const { return compared_; }
  uint64_t bus_compared() const { return bus_compared_; }

private:
  void arrive(std::deque<request_record> &mine, std::deque<request_record> &theirs, request_record &r, bool model);
  void compare(const request_record &m, const request_record &r);
  void report(const request_record &m, const request_record &r);

  platform &model_, &rtl_;
  FILE *report_;
  uint64_t seed_;
  std::deque<request_record> model_q_, rtl_q_; // the side ahead's records, waiting for the other's
  std::unique_ptr<mm_obs> mo_, ro_;            // the two as observations, for obs_equal and obs_report
  bool mismatch_ = false;
  unsigned mismatch_request_ = 0, compared_ = 0;
  uint64_t bus_compared_ = 0;
};

// Before sc_elab_and_sim (from main): no copyright banner, and no line when
// the simulation stops (the platforms print their own).
void systemc_quiet();

// Stops the simulation once every generator given has finished (the RTL's
// clocks would run on forever).
class stopper : public sc_core::sc_module {
public:
  SC_HAS_PROCESS(stopper);
  stopper(sc_core::sc_module_name name, std::vector<traffic *> gens);

private:
  void run();
  std::vector<traffic *> gens_;
};

} // namespace mmusc

#endif
