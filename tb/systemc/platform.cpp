#include "tb/systemc/platform.h"

extern "C" {
#include "model/pma.h"
#include "tb/cosim/compare.h"
#include "tb/vec/vecrun.h"
}

#include <cinttypes>
#include <cstdlib>

namespace mmusc {

namespace {

traffic_config traffic_of(const platform_config &cfg) {
  traffic_config t;
  t.seed = cfg.seed;
  t.requests = cfg.requests;
  t.harts = cfg.mmu.harts;
  t.start = mmu_ready_time(cfg.mmu);
  return t;
}

// A record as the observation the comparator's table knows: the response's
// fields, the loaded value, the bus transactions (no memory-system accesses:
// those do not cross a socket).
void obs_of(const request_record &r, mm_obs *o) {
  mm_obs_reset(o);
  o->ok = r.rsp.ok;
  o->cause = r.rsp.cause;
  o->gpa = r.rsp.gpa;
  o->pa = r.rsp.pa;
  o->pbmt = r.rsp.pbmt;
  o->tlb_hit = r.rsp.tlb_hit;
  o->mtype = r.rsp.mtype;
  o->cache_hit = r.rsp.cache_hit;
  o->load_data = r.rsp.load_data;
  o->cycles = r.rsp.cycles;
  for (const mm_bus_txn &t : r.bus)
    if (o->n_bus < MM_OBS_MAX_BUS) o->bus[o->n_bus++] = t;
}

const char *tlm_status(tlm::tlm_response_status st) {
  switch (st) {
  case tlm::TLM_OK_RESPONSE: return "ok";
  case tlm::TLM_ADDRESS_ERROR_RESPONSE: return "address error";
  case tlm::TLM_COMMAND_ERROR_RESPONSE: return "command error";
  case tlm::TLM_GENERIC_ERROR_RESPONSE: return "generic error";
  case tlm::TLM_INCOMPLETE_RESPONSE: return "incomplete";
  default: return "other error";
  }
}

} // namespace

platform::platform(sc_core::sc_module_name name, const platform_config &cfg)
    : sc_core::sc_module(name), memory("memory"), mmu("mmu", cfg.mmu), gen("gen", traffic_of(cfg), memory) {
  gen.socket.bind(mmu.req);
  mmu.mem.bind(memory.socket);
}

void platform::print_summary(FILE *out) const {
  const traffic_stats &st = gen.stats();
  const bus_counts &bus = memory.counts();
  const mmu_config &m = mmu.config();
  fprintf(out, "%s: seed %" PRIu64 ", %u hart%s, TLB %u, latency %u%s\n", mmu_impl_name(m.impl), gen.config().seed,
          m.harts, m.harts == 1 ? "" : "s", m.tlb_entries, m.bus_latency, m.bug ? ", injected bug" : "");
  fprintf(out,
          "  %u requests: %u accesses (%u TLB hits, %u faults of which %u guest-page), %u fences; %u CSR writes, "
          "%u pokes\n",
          st.requests, st.accesses, st.tlb_hits, st.faults, st.guest_faults, st.fences, st.csr_writes, st.pokes);
  fprintf(out,
          "  %u data accesses: %u main memory (%u cache hits), %u NC, %u IO; bus: %" PRIu64 " line reads, %" PRIu64
          " line writes, %" PRIu64 " beat reads, %" PRIu64 " beat writes\n",
          st.data[MM_MT_MAIN] + st.data[MM_MT_NC] + st.data[MM_MT_IO], st.data[MM_MT_MAIN], st.cache_hits,
          st.data[MM_MT_NC], st.data[MM_MT_IO], bus.lines_read, bus.lines_written, bus.beats_read, bus.beats_written);
  fprintf(out, "  %" PRIu64 " cycles in requests; simulated time %s at the last response%s\n", st.cycles,
          gen.end_time().to_string().c_str(), st.errors ? "; ERROR responses" : "");
}

agreement::agreement(platform &model, platform &rtl, FILE *report)
    : model_(model), rtl_(rtl), report_(report), seed_(model.gen.config().seed), mo_(new mm_obs), ro_(new mm_obs) {
  model.gen.on_record = [this](request_record &r) { arrive(model_q_, rtl_q_, r, true); };
  rtl.gen.on_record = [this](request_record &r) { arrive(rtl_q_, model_q_, r, false); };
}

void agreement::arrive(std::deque<request_record> &mine, std::deque<request_record> &theirs, request_record &r,
                       bool model) {
  if (mismatch_) return;
  if (theirs.empty()) {
    mine.push_back(r);
    return;
  }
  if (model)
    compare(r, theirs.front());
  else
    compare(theirs.front(), r);
  theirs.pop_front();
}

void agreement::compare(const request_record &m, const request_record &r) {
  obs_of(m, mo_.get());
  obs_of(r, ro_.get());
  bool same = m.index == r.index && m.status == r.status && m.load_data == r.load_data && m.call == r.call &&
              m.latency == r.latency && m.bus.size() == r.bus.size() && m.bus_time == r.bus_time &&
              obs_equal(mo_.get(), ro_.get());
  if (same) {
    compared_++;
    bus_compared_ += m.bus.size();
    return;
  }
  mismatch_ = true;
  mismatch_request_ = m.index;
  report(m, r);
  model_.gen.stop();
  rtl_.gen.stop();
}

void agreement::report(const request_record &m, const request_record &r) {
  char req[200];
  format_event(req, sizeof req, &m.ev);
  fprintf(report_, "MISMATCH at request %u (seed %" PRIu64 "): %s  [%s]\n", m.index, seed_, req,
          m.ev.note ? m.ev.note : "");
  obs_report(report_, mo_.get(), ro_.get(), m.ev.kind == STIM_FENCE);
  fprintf(report_, "  what the initiator saw (model | rtl):\n");
  const char *mark = m.status == r.status ? "   " : "!= ";
  fprintf(report_, "  %-33s%-18s %s%s\n", "response status", tlm_status(m.status), mark, tlm_status(r.status));
  mark = m.load_data == r.load_data ? "   " : "!= ";
  fprintf(report_, "  %-33s0x%-16" PRIx64 " %s0x%" PRIx64 "\n", "data (payload)", m.load_data, mark, r.load_data);
  mark = m.call == r.call ? "   " : "!= ";
  fprintf(report_, "  %-33s%-18s %s%s\n", "called at", m.call.to_string().c_str(), mark, r.call.to_string().c_str());
  mark = m.latency == r.latency ? "   " : "!= ";
  fprintf(report_, "  %-33s%-18s %s%s\n", "latency", m.latency.to_string().c_str(), mark,
          r.latency.to_string().c_str());
  size_t n = m.bus_time.size() > r.bus_time.size() ? m.bus_time.size() : r.bus_time.size();
  for (size_t i = 0; i < n; i++) {
    std::string a = i < m.bus_time.size() ? m.bus_time[i].to_string() : "-";
    std::string b = i < r.bus_time.size() ? r.bus_time[i].to_string() : "-";
    fprintf(report_, "  bus #%-2zu taken at %-18s %s %s\n", i, a.c_str(), a == b ? "| " : "!=", b.c_str());
  }
  fprintf(report_, "  re-run: build/mmusc --seed %" PRIu64 " --requests %u --harts %u --latency %u%s\n", seed_,
          m.index + 1, model_.mmu.config().harts, model_.mmu.config().bus_latency,
          rtl_.mmu.config().bug ? (" --bug " + std::to_string(rtl_.mmu.config().bug)).c_str() : "");
}

void systemc_quiet() {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

stopper::stopper(sc_core::sc_module_name name, std::vector<traffic *> gens)
    : sc_core::sc_module(name), gens_(std::move(gens)) {
  SC_THREAD(run);
}

void stopper::run() {
  for (traffic *g : gens_)
    if (!g->finished()) wait(g->done());
  sc_core::sc_stop();
}

} // namespace mmusc
