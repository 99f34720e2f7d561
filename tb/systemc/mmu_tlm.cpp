#include "tb/systemc/mmu_tlm.h"

extern "C" {
#include "model/mmu.h"
#include "model/pte.h"
}

#include "tb/systemc/backend.h"

namespace mmusc {

namespace {

// The permission a data operation checks (CBOs are translated as stores).
mm_access type_of(mm_data_op op, mm_access translate_only) {
  switch (op) {
  case MM_DATA_NONE: return translate_only;
  case MM_DATA_LOAD: return MM_LOAD;
  case MM_DATA_FETCH: return MM_FETCH;
  default: return MM_STORE;
  }
}

bool sized(mm_data_op op) { return op == MM_DATA_LOAD || op == MM_DATA_STORE || op == MM_DATA_FETCH; }

tlm::tlm_command command_of(mm_data_op op) {
  return op == MM_DATA_LOAD || op == MM_DATA_FETCH ? tlm::TLM_READ_COMMAND
         : op == MM_DATA_STORE                     ? tlm::TLM_WRITE_COMMAND
                                                   : tlm::TLM_IGNORE_COMMAND;
}

uint64_t bytes_to_word(const unsigned char *bytes, unsigned n) {
  uint64_t word = 0;
  for (unsigned i = 0; i < n; i++)
    word |= (uint64_t)bytes[i] << (8 * i);
  return word;
}

// Why a request cannot be served, as a response status (TLM_OK_RESPONSE: it can).
tlm::tlm_response_status check(const tlm::tlm_generic_payload &gp, const mmu_ext &x, unsigned harts) {
  if (x.hart >= harts) return tlm::TLM_COMMAND_ERROR_RESPONSE;
  switch (x.op) {
  case mmu_op::access: {
    const bool priv_ok = x.priv == MM_PRIV_U || x.priv == MM_PRIV_S || x.priv == MM_PRIV_M;
    if (x.data_op > MM_DATA_CBO_INVAL || !priv_ok || x.type > MM_FETCH) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    if (gp.get_command() != command_of(x.data_op)) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    if (!sized(x.data_op)) return tlm::TLM_OK_RESPONSE;
    const unsigned len = gp.get_data_length();
    if ((len != 1 && len != 2 && len != 4 && len != 8) || !gp.get_data_ptr()) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    if (gp.get_streaming_width() < len) return tlm::TLM_BURST_ERROR_RESPONSE;
    if (const unsigned char *be = gp.get_byte_enable_ptr())
      for (unsigned i = 0; i < len; i++)
        if (be[i % gp.get_byte_enable_length()] != TLM_BYTE_ENABLED) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
    return tlm::TLM_OK_RESPONSE;
  }
  case mmu_op::fence:
    return x.fence.kind <= MM_FENCE_DATA && gp.is_read() == gp.is_write() ? tlm::TLM_OK_RESPONSE
                                                                          : tlm::TLM_COMMAND_ERROR_RESPONSE;
  case mmu_op::csr_write:
    return x.csr <= MM_CSR_HENVCFG && gp.is_read() == gp.is_write() ? tlm::TLM_OK_RESPONSE
                                                                    : tlm::TLM_COMMAND_ERROR_RESPONSE;
  case mmu_op::poke:
    return !(gp.get_address() & 7) && gp.is_read() == gp.is_write() ? tlm::TLM_OK_RESPONSE
                                                                    : tlm::TLM_COMMAND_ERROR_RESPONSE;
  }
  return tlm::TLM_COMMAND_ERROR_RESPONSE;
}

// An outcome as a response: the status, the extension's fields, a load's value.
void respond(tlm::tlm_generic_payload &gp, mmu_ext &x, const mm_obs &o) {
  x.ok = o.ok;
  x.cause = o.cause;
  x.gpa = o.gpa;
  x.pa = o.pa;
  x.pbmt = o.pbmt;
  x.tlb_hit = o.tlb_hit;
  x.mtype = o.mtype;
  x.cache_hit = o.cache_hit;
  x.load_data = o.load_data;
  x.cycles = o.cycles;
  if (o.ok && gp.is_read())
    for (unsigned i = 0; i < gp.get_data_length(); i++)
      gp.get_data_ptr()[i] = (unsigned char)(o.load_data >> (8 * i));
  gp.set_response_status(o.ok              ? tlm::TLM_OK_RESPONSE
                         : o.cause == 0xff ? tlm::TLM_GENERIC_ERROR_RESPONSE
                                           : tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

} // namespace

const char *mmu_impl_name(mmu_impl impl) { return impl == mmu_impl::model ? "model" : "rtl"; }

unsigned mmu_bug_count() { return rtl_bug_count_sc(); }

sc_core::sc_time mmu_ready_time(const mmu_config &cfg) { return 3 * cfg.clock; }

bool mmu_config_check(const mmu_config &cfg, std::string *why) {
  if (cfg.harts < 1 || cfg.harts > MM_MAX_HARTS) {
    *why = "harts must be 1.." MM_STR(MM_MAX_HARTS);
    return false;
  }
  if (cfg.bus_latency < 1 || cfg.bus_latency > MM_LATENCY_MAX) {
    *why = "bus latency must be 1.." MM_STR(MM_LATENCY_MAX) " cycles";
    return false;
  }
  const sc_core::sc_time unit = sc_core::sc_get_time_resolution();
  if (cfg.clock < 2 * unit || (cfg.clock.value() & 1)) {
    *why = "the clock period must be an even number of time units (" + unit.to_string() + ")";
    return false;
  }
  if (cfg.impl == mmu_impl::rtl) return rtl_config_check(cfg, why);
  if (cfg.bug) {
    *why = "an injected bug needs the RTL";
    return false;
  }
  mm_hart hart;
  mm_hart_params p = {.tlb_entries = cfg.tlb_entries, .mem_latency = cfg.bus_latency, .id = 0};
  const char *w;
  if (!mm_hart_init(&hart, &p, &w)) {
    *why = w;
    return false;
  }
  mm_hart_destroy(&hart);
  return true;
}

mmu_tlm::mmu_tlm(sc_core::sc_module_name name, const mmu_config &cfg)
    : sc_core::sc_module(name), req("req"), mem("mem"), cfg_(cfg), obs_(new mm_obs) {
  std::string why;
  if (!mmu_config_check(cfg, &why)) SC_REPORT_FATAL("mmu_tlm", why.c_str());
  bus_forward forward = [this](mm_bus_txn *t, const sc_core::sc_time &delay) { this->forward(t, delay); };
  impl_ = cfg.impl == mmu_impl::model ? make_model_backend(cfg, forward) : make_rtl_backend(cfg, forward);
  req.register_b_transport(this, &mmu_tlm::b_transport);
}

mmu_tlm::~mmu_tlm() = default;

void mmu_tlm::forward(mm_bus_txn *t, const sc_core::sc_time &delay) {
  tlm::tlm_generic_payload &gp = bus_.of(*t);
  sc_core::sc_time d = delay;
  mem->b_transport(gp, d);
  bus_.answer(t);
}

void mmu_tlm::b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay) {
  mmu_ext plain; // a payload without an extension: hart 0, S-mode, a load or a store
  plain.data_op = gp.is_write() ? MM_DATA_STORE : gp.is_read() ? MM_DATA_LOAD : MM_DATA_NONE;
  mmu_ext *ext = gp.get_extension<mmu_ext>();
  mmu_ext &x = ext ? *ext : plain;
  tlm::tlm_response_status st = check(gp, x, cfg_.harts);
  gp.set_dmi_allowed(false);
  if (st != tlm::TLM_OK_RESPONSE || (!ext && x.data_op == MM_DATA_NONE)) {
    gp.set_response_status(st != tlm::TLM_OK_RESPONSE ? st : tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  mm_obs &o = *obs_;
  switch (x.op) {
  case mmu_op::access: {
    const unsigned len = sized(x.data_op) ? gp.get_data_length() : 0;
    mm_req r = {.va = gp.get_address(),
                .type = type_of(x.data_op, x.type),
                .priv = x.priv,
                .virt = x.virt,
                .hlvx = false,
                .data_op = (uint8_t)x.data_op,
                .size = (uint8_t)len,
                .wdata = x.data_op == MM_DATA_STORE ? bytes_to_word(gp.get_data_ptr(), len) : 0};
    impl_->access(x.hart, r, &o, delay);
    respond(gp, x, o);
    return;
  }
  case mmu_op::fence:
    impl_->fence(x.hart, x.fence, &o, delay);
    respond(gp, x, o);
    return;
  case mmu_op::csr_write: impl_->csr_write(x.hart, x.csr, x.value); break;
  case mmu_op::poke: impl_->poke(x.hart, gp.get_address(), x.value); break;
  }
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace mmusc
