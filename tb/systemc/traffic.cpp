#include "tb/systemc/traffic.h"

extern "C" {
#include "model/pma.h"
#include "model/pte.h"
}

#include <new>

namespace mmusc {

traffic::traffic(sc_core::sc_module_name name, const traffic_config &cfg, mem_target &memory)
    : sc_core::sc_module(name), socket("socket"), cfg_(cfg), memory_(memory), stim_(stim_new(cfg.seed, cfg.harts)) {
  if (!stim_) throw std::bad_alloc();
  gp_.set_extension(&ext_);
  gp_.set_data_ptr(data_);
  SC_THREAD(run);
}

// The payload does not own its extension: take it back before it frees it.
traffic::~traffic() {
  gp_.clear_extension(&ext_);
  stim_free(stim_);
}

void traffic::send(sc_core::sc_time *call, sc_core::sc_time *end) {
  sc_core::sc_time delay = qk_.get_local_time();
  *call = sc_core::sc_time_stamp() + delay;
  gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(gp_, delay);
  *end = sc_core::sc_time_stamp() + delay;
  qk_.set(delay);
  if (qk_.need_sync()) qk_.sync();
}

bool traffic::apply(stim_event *ev) {
  sc_core::sc_time call, end;
  switch (ev->kind) {
  case STIM_MEM:
    if (!started_) {
      mm_mem_write64(memory_.memory().mem, ev->pa, ev->value);
      return true;
    }
    {
      mm_req store = {};
      store.va = ev->pa;
      store.type = MM_STORE;
      store.priv = MM_PRIV_M;
      store.data_op = MM_DATA_STORE;
      store.size = 8;
      store.wdata = ev->value;
      ev->kind = STIM_ACCESS;
      ev->req = store; /* on the hart the stream names */
    }
    return false;
  case STIM_CSR:
    gp_.set_command(tlm::TLM_IGNORE_COMMAND);
    gp_.set_data_length(0);
    ext_.op = mmu_op::csr_write;
    ext_.hart = ev->hart;
    ext_.csr = ev->csr;
    ext_.value = ev->value;
    send(&call, &end);
    stats_.csr_writes++;
    return true;
  case STIM_POKE:
    gp_.set_command(tlm::TLM_IGNORE_COMMAND);
    gp_.set_address(ev->pa);
    gp_.set_data_length(0);
    ext_.op = mmu_op::poke;
    ext_.hart = ev->hart;
    ext_.value = ev->value;
    send(&call, &end);
    stats_.pokes++;
    return true;
  case STIM_SYNC: return true; /* one request at a time: nothing to wait for */
  case STIM_ACCESS:
  case STIM_FENCE: started_ = true; return false;
  }
  return false;
}

void traffic::request(unsigned index, const stim_event &ev) {
  ext_.hart = ev.hart;
  if (ev.kind == STIM_FENCE) {
    ext_.op = mmu_op::fence;
    ext_.fence = ev.fence;
    gp_.set_command(tlm::TLM_IGNORE_COMMAND);
    gp_.set_address(ev.fence.addr);
    gp_.set_data_length(0);
  } else {
    const mm_req &r = ev.req;
    const mm_data_op op = (mm_data_op)r.data_op;
    const bool sized = op == MM_DATA_LOAD || op == MM_DATA_STORE || op == MM_DATA_FETCH;
    ext_.op = mmu_op::access;
    ext_.priv = r.priv;
    ext_.virt = r.virt;
    ext_.data_op = op;
    ext_.type = r.type;
    gp_.set_command(op == MM_DATA_STORE                         ? tlm::TLM_WRITE_COMMAND
                    : op == MM_DATA_LOAD || op == MM_DATA_FETCH ? tlm::TLM_READ_COMMAND
                                                                : tlm::TLM_IGNORE_COMMAND);
    gp_.set_address(r.va);
    gp_.set_data_length(sized ? r.size : 0);
    gp_.set_streaming_width(sized ? r.size : 0);
    for (unsigned i = 0; i < 8; i++)
      data_[i] = (unsigned char)(r.wdata >> (8 * i));
  }
  recording_ = (bool)on_record;
  if (recording_) {
    rec_.index = index;
    rec_.ev = ev;
    rec_.bus.clear();
    rec_.bus_time.clear();
  }
  sc_core::sc_time call, end;
  send(&call, &end);
  count(ev);
  if (!recording_) return;
  recording_ = false;
  rec_.status = gp_.get_response_status();
  rec_.rsp = ext_;
  rec_.load_data = 0;
  if (gp_.is_read() && gp_.is_response_ok())
    for (unsigned i = 0; i < gp_.get_data_length(); i++)
      rec_.load_data |= (uint64_t)data_[i] << (8 * i);
  rec_.call = call;
  rec_.latency = end - call;
  on_record(rec_);
}

void traffic::count(const stim_event &ev) {
  traffic_stats &st = stats_;
  st.requests++;
  st.cycles += ext_.cycles;
  if (ev.kind == STIM_FENCE) {
    st.fences++;
    return;
  }
  st.accesses++;
  st.tlb_hits += ext_.tlb_hit;
  tlm::tlm_response_status status = gp_.get_response_status();
  if (status == tlm::TLM_ADDRESS_ERROR_RESPONSE) {
    st.faults++;
    st.guest_faults += cause_is_guest_page_fault(ext_.cause);
  } else if (status != tlm::TLM_OK_RESPONSE) {
    st.errors++;
  } else if (ext_.data_op != MM_DATA_NONE) {
    st.data[ext_.mtype < 3 ? ext_.mtype : 0]++;
    st.cache_hits += ext_.mtype == MM_MT_MAIN && ext_.cache_hit;
  }
}

void traffic::run() {
  if (on_record)
    memory_.observer = [this](const mm_bus_txn &t, const sc_core::sc_time &when) {
      if (!recording_) return;
      rec_.bus.push_back(t);
      rec_.bus_time.push_back(when);
    };
  qk_.reset();
  wait(cfg_.start);
  for (unsigned index = 0; index < cfg_.requests && !stop_;) {
    stim_event ev;
    stim_next(stim_, &ev);
    if (apply(&ev)) continue;
    request(index++, ev);
  }
  end_ = sc_core::sc_time_stamp() + qk_.get_local_time();
  qk_.sync();
  finished_ = true;
  done_.notify();
}

} // namespace mmusc
