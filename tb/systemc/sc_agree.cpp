// The test of `make test` for the SystemC component (an sc_main-driven
// test), all in one simulation:
//  - the same seeds on a platform with the golden model and one with the
//    Verilated RTL (platform.h) must agree on every response, every bus
//    transaction and every annotated delay;
//  - an injected RTL bug (the mutant build) must make them disagree;
//  - directed requests to each implementation get the responses mmu_tlm.h
//    promises: malformed requests' statuses, faults with their causes, a
//    store read back, a payload without an extension, an IO beat.
// One line per check, each with its seed, then "systemc: N passed, N
// failed", the line the top Makefile sums; the exit status is 1 when a
// check failed.
#include <systemc>
#include <tlm>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "tb/systemc/platform.h"

extern "C" {
#include "model/mmu.h"
#include "model/pma.h"
#include "model/pte.h"
}

#include <tlm_utils/simple_initiator_socket.h>

namespace {

struct check {
  uint64_t seed;
  unsigned harts, latency, requests;
  unsigned bug; // 0: the two must agree; else the RTL's injected bug, which must make them differ
};

// Harts 1..4, latencies 1..30; three bugs: 8 (d_not_set_on_store, in the
// walker's A/D write-back), 25 (dirty_victim_dropped, in the cache) and 39
// (load_sign_extended: seen only in the response's 64-bit value, not in the
// payload's bytes).
const check checks[] = {
    {1, 1, 1, 8000, 0}, {2, 2, 4, 8000, 0},  {3, 3, 7, 8000, 0},  {4, 4, 2, 8000, 0},   {5, 2, 9, 8000, 0},
    {6, 1, 3, 8000, 0}, {7, 4, 30, 3000, 0}, {1, 2, 4, 20000, 8}, {1, 2, 4, 20000, 25}, {1, 2, 4, 20000, 39},
};

const char *const kBugReport = "build/tests/sc_agree_bug%u.txt";

// Directed requests to one implementation of the component, with memory
// behind it; each response checked against what mmu_tlm.h promises.
class prober : public sc_core::sc_module {
public:
  tlm_utils::simple_initiator_socket<prober> socket;
  mmusc::mem_target memory;
  mmusc::mmu_tlm mmu;
  std::vector<std::string> failures;
  unsigned checked = 0;

  SC_HAS_PROCESS(prober);
  prober(sc_core::sc_module_name name, const mmusc::mmu_config &cfg)
      : sc_core::sc_module(name), socket("socket"), memory("memory"), mmu("mmu", cfg) {
    socket.bind(mmu.req);
    mmu.mem.bind(memory.socket);
    SC_THREAD(run);
  }

private:
  // One request: the payload as set, with ext (or none); its status and, for
  // a fault, its cause must be the ones given.
  void expect(const char *what, tlm::tlm_command cmd, uint64_t addr, unsigned len, mmusc::mmu_ext *ext,
              tlm::tlm_response_status want, int cause = -1, const unsigned char *be = nullptr) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(data_);
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_byte_enable_ptr(const_cast<unsigned char *>(be));
    gp.set_byte_enable_length(be ? len : 0);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    if (ext) gp.set_extension(ext);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    wait(delay);
    if (ext) gp.clear_extension(ext);
    checked++;
    char msg[200];
    if (gp.get_response_status() != want) {
      tlm::tlm_generic_payload wanted;
      wanted.set_response_status(want);
      snprintf(msg, sizeof msg, "%s at %#" PRIx64 ": status %s, want %s", what, addr, gp.get_response_string().c_str(),
               wanted.get_response_string().c_str());
      failures.push_back(msg);
    } else if (cause >= 0 && ext && ext->cause != cause) {
      snprintf(msg, sizeof msg, "%s at %#" PRIx64 ": cause %u, want %d", what, addr, ext->cause, cause);
      failures.push_back(msg);
    }
  }

  mmusc::mmu_ext access(mm_priv priv, mm_data_op op) {
    mmusc::mmu_ext x;
    x.priv = priv;
    x.data_op = op;
    return x;
  }

  void run() {
    using tlm::TLM_IGNORE_COMMAND;
    using tlm::TLM_READ_COMMAND;
    using tlm::TLM_WRITE_COMMAND;
    wait(mmusc::mmu_ready_time(mmu.config()));
    mmusc::mmu_ext x = access(MM_PRIV_M, MM_DATA_LOAD);
    x.hart = mmu.config().harts;
    expect("a load by a hart it does not have", TLM_READ_COMMAND, DRAM_BASE, 8, &x, tlm::TLM_COMMAND_ERROR_RESPONSE);
    x = access(MM_PRIV_M, MM_DATA_LOAD);
    expect("a load with a write command", TLM_WRITE_COMMAND, DRAM_BASE, 8, &x, tlm::TLM_COMMAND_ERROR_RESPONSE);
    expect("a load of 3 bytes", TLM_READ_COMMAND, DRAM_BASE, 3, &x, tlm::TLM_COMMAND_ERROR_RESPONSE);
    x = access(MM_PRIV_M, MM_DATA_STORE);
    const unsigned char be[4] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_ENABLED, TLM_BYTE_ENABLED};
    expect("a store leaving a byte out", TLM_WRITE_COMMAND, DRAM_BASE, 4, &x, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE, -1,
           be);
    x = access(MM_PRIV_M, MM_DATA_LOAD);
    expect("a misaligned load", TLM_READ_COMMAND, DRAM_BASE + 4, 8, &x, tlm::TLM_ADDRESS_ERROR_RESPONSE,
           CAUSE_LOAD_MISALIGNED);
    expect("a load beyond 56 bits", TLM_READ_COMMAND, 1ull << 63, 8, &x, tlm::TLM_ADDRESS_ERROR_RESPONSE,
           CAUSE_LOAD_ACCESS_FAULT);
    // A store, read back by a payload without an extension (hart 0, S-mode, satp Bare: pa = va).
    x = access(MM_PRIV_M, MM_DATA_STORE);
    const uint64_t value = 0x1122334455667788ull, at = DRAM_BASE + 0x1000;
    for (unsigned i = 0; i < 8; i++)
      data_[i] = (unsigned char)(value >> (8 * i));
    expect("an M-mode store", TLM_WRITE_COMMAND, at, 8, &x, tlm::TLM_OK_RESPONSE);
    memset(data_, 0, sizeof data_);
    expect("a plain read", TLM_READ_COMMAND, at + 4, 4, nullptr, tlm::TLM_OK_RESPONSE);
    uint64_t got = data_[0] | (uint64_t)data_[1] << 8 | (uint64_t)data_[2] << 16 | (uint64_t)data_[3] << 24;
    if (got != value >> 32) {
      char msg[160];
      snprintf(msg, sizeof msg, "a plain read at %#" PRIx64 ": %#" PRIx64 ", want %#" PRIx64, at + 4, got, value >> 32);
      failures.push_back(msg);
    }
    expect("an ignore command without an extension", TLM_IGNORE_COMMAND, at, 0, nullptr,
           tlm::TLM_COMMAND_ERROR_RESPONSE);
    // Sv39 over an empty root table: a page fault.
    x = mmusc::mmu_ext{};
    x.op = mmusc::mmu_op::csr_write;
    x.csr = MM_CSR_SATP;
    x.value = (uint64_t)SATP_MODE_SV39 << 60 | (DRAM_BASE + 0x100000) >> 12;
    expect("a satp write", TLM_IGNORE_COMMAND, 0, 0, &x, tlm::TLM_OK_RESPONSE);
    x = access(MM_PRIV_S, MM_DATA_LOAD);
    expect("an S-mode load through an empty table", TLM_READ_COMMAND, 0x1000, 8, &x, tlm::TLM_ADDRESS_ERROR_RESPONSE,
           CAUSE_LOAD_PAGE_FAULT);
    // An IO beat reaches the memory target as one beat write.
    const uint64_t beats = memory.counts().beats_written;
    x = access(MM_PRIV_M, MM_DATA_STORE);
    expect("an IO store", TLM_WRITE_COMMAND, REGBLOCK_BASE + 8, 4, &x, tlm::TLM_OK_RESPONSE);
    if (memory.counts().beats_written != beats + 1) {
      char msg[160];
      snprintf(msg, sizeof msg, "an IO store at %#" PRIx64 ": %" PRIu64 " beat writes at the memory, want 1",
               (uint64_t)(REGBLOCK_BASE + 8), memory.counts().beats_written - beats);
      failures.push_back(msg);
    }
    x = mmusc::mmu_ext{};
    x.op = mmusc::mmu_op::fence;
    x.fence.kind = MM_FENCE_SFENCE_VMA;
    expect("an SFENCE.VMA", TLM_IGNORE_COMMAND, 0, 0, &x, tlm::TLM_OK_RESPONSE);
    if (x.cycles != MM_T_FENCE) failures.push_back("an SFENCE.VMA: " + std::to_string(x.cycles) + " cycles, want 2");
    done = true;
  }

  unsigned char data_[8] = {};

public:
  bool done = false;
};

} // namespace

int sc_main(int, char **) {
  using namespace mmusc;
  const unsigned n = sizeof checks / sizeof checks[0];
  std::vector<std::unique_ptr<platform>> platforms;
  std::vector<std::unique_ptr<agreement>> agreements;
  std::vector<FILE *> reports;
  std::vector<traffic *> gens;
  for (unsigned k = 0; k < n; k++) {
    const check &c = checks[k];
    platform_config cfg;
    cfg.seed = c.seed;
    cfg.requests = c.requests;
    cfg.mmu.harts = c.harts;
    cfg.mmu.bus_latency = c.latency;
    platform *m = new platform(("model_" + std::to_string(k)).c_str(), cfg);
    cfg.mmu.impl = mmu_impl::rtl;
    cfg.mmu.bug = c.bug;
    platform *r = new platform(("rtl_" + std::to_string(k)).c_str(), cfg);
    platforms.emplace_back(m);
    platforms.emplace_back(r);
    gens.push_back(&m->gen);
    gens.push_back(&r->gen);
    // An expected mismatch's report goes to a file, an unexpected one to the output.
    FILE *report = stdout;
    if (c.bug) {
      char path[64];
      snprintf(path, sizeof path, kBugReport, c.bug);
      report = fopen(path, "w");
      if (!report) {
        fprintf(stderr, "sc_agree: cannot write %s\n", path);
        return 2;
      }
    }
    reports.push_back(report);
    agreements.emplace_back(new agreement(*m, *r, report));
  }
  std::vector<std::unique_ptr<prober>> probers;
  for (mmu_impl impl : {mmu_impl::model, mmu_impl::rtl}) {
    mmu_config cfg;
    cfg.impl = impl;
    cfg.harts = 2;
    probers.emplace_back(new prober((std::string("probe_") + mmu_impl_name(impl)).c_str(), cfg));
  }
  stopper stop("stop", gens);
  tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));
  sc_core::sc_start();

  unsigned passed = 0;
  for (unsigned k = 0; k < n; k++) {
    const check &c = checks[k];
    const agreement &a = *agreements[k];
    const traffic &model = platforms[2 * k]->gen, &rtl = platforms[2 * k + 1]->gen;
    bool ok;
    printf("sc_agree: seed %" PRIu64 ", %u hart%s, latency %u: ", c.seed, c.harts, c.harts == 1 ? "" : "s", c.latency);
    if (!c.bug) {
      ok = !a.mismatched() && a.compared() == c.requests && model.stats().requests == c.requests &&
           rtl.stats().requests == c.requests && a.bus_compared() > 0 && model.stats().errors == 0;
      printf("model and RTL agree on %u of %u requests and %" PRIu64 " bus transactions: %s\n", a.compared(),
             c.requests, a.bus_compared(), ok ? "passed" : "FAILED");
    } else {
      char path[64];
      snprintf(path, sizeof path, kBugReport, c.bug);
      ok = a.mismatched();
      if (ok)
        printf("injected bug %u makes them differ at request %u (report: %s): passed\n", c.bug, a.mismatch_request(),
               path);
      else
        printf("injected bug %u survived %u requests: FAILED\n", c.bug, a.compared());
    }
    passed += ok;
    if (reports[k] != stdout) fclose(reports[k]);
  }
  for (const auto &p : probers) {
    const bool ok = p->done && p->failures.empty();
    printf("sc_agree: %s: %u directed requests get the responses mmu_tlm.h promises: %s\n", p->mmu.name(), p->checked,
           ok ? "passed" : "FAILED");
    for (const std::string &f : p->failures)
      printf("  %s\n", f.c_str());
    passed += ok;
  }
  const unsigned total = n + (unsigned)probers.size();
  printf("systemc: %u passed, %u failed\n", passed, total - passed);
  return passed == total ? 0 : 1;
}

// Our own main, so that the copyright banner SystemC prints before sc_main is
// switched off first.
int main(int argc, char **argv) {
  mmusc::systemc_quiet();
  return sc_core::sc_elab_and_sim(argc, argv);
}
