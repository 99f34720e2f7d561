#include "tb/systemc/bus_payload.h"

#include <cstring>

namespace mmusc {

namespace {

// A beat's bytes in the payload: the aligned word's lanes from addr's.
unsigned lane(const mm_bus_txn &t) { return (unsigned)(t.addr & 7); }

void word_to_bytes(uint64_t word, unsigned char *bytes, unsigned n) {
  for (unsigned i = 0; i < n; i++)
    bytes[i] = (unsigned char)(word >> (8 * i));
}

uint64_t bytes_to_word(const unsigned char *bytes, unsigned n) {
  uint64_t word = 0;
  for (unsigned i = 0; i < n; i++)
    word |= (uint64_t)bytes[i] << (8 * i);
  return word;
}

} // namespace

bus_payload::bus_payload() {
  gp_.set_extension(&ext_);
  gp_.set_data_ptr(data_);
  gp_.set_streaming_width(LINE_BYTES);
}

// The payload does not own its extension: take it back before it frees it.
bus_payload::~bus_payload() { gp_.clear_extension(&ext_); }

tlm::tlm_generic_payload &bus_payload::of(const mm_bus_txn &t) {
  const bool line = t.beats == 8;
  const unsigned len = line ? LINE_BYTES : t.size;
  gp_.set_command(t.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  gp_.set_address(t.addr);
  gp_.set_data_length(len);
  gp_.set_streaming_width(len);
  gp_.set_byte_enable_ptr(nullptr);
  gp_.set_byte_enable_length(0);
  gp_.set_dmi_allowed(false);
  gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  if (t.write && line) {
    memcpy(data_, t.data, LINE_BYTES); // little-endian host, as the model assumes
    if (t.mask != ~0ull) {
      for (unsigned i = 0; i < LINE_BYTES; i++)
        be_[i] = (t.mask >> i) & 1 ? TLM_BYTE_ENABLED : TLM_BYTE_DISABLED;
      gp_.set_byte_enable_ptr(be_);
      gp_.set_byte_enable_length(LINE_BYTES);
    }
  } else if (t.write) {
    word_to_bytes(t.data[0] >> (8 * lane(t)), data_, len);
  }
  ext_.hart = t.hart;
  ext_.beats = t.beats;
  ext_.cycle = t.cycle;
  return gp_;
}

void bus_payload::answer(mm_bus_txn *t) const {
  if (t->write) return;
  if (t->beats == 8)
    memcpy(t->data, data_, LINE_BYTES);
  else
    t->data[0] = bytes_to_word(data_, t->size) << (8 * lane(*t));
}

bool txn_of_payload(const tlm::tlm_generic_payload &gp, mm_bus_txn *t) {
  const unsigned len = gp.get_data_length();
  const uint64_t addr = gp.get_address();
  const bool line = len == LINE_BYTES;
  if (gp.is_read() == gp.is_write()) return false;
  if (!line && len != 1 && len != 2 && len != 4 && len != 8) return false;
  if (addr & (len - 1)) return false;
  *t = mm_bus_txn{};
  t->write = gp.is_write();
  t->size = (uint8_t)len;
  t->beats = line ? 8 : 1;
  t->addr = addr;
  const unsigned char *be = gp.get_byte_enable_ptr();
  const unsigned be_len = gp.get_byte_enable_length();
  uint64_t enabled = 0; // bit i: byte i of the payload
  for (unsigned i = 0; i < len; i++)
    if (!be || be[i % be_len] == TLM_BYTE_ENABLED) enabled |= 1ull << i;
  if (t->write && line) {
    memcpy(t->data, gp.get_data_ptr(), LINE_BYTES);
    t->mask = enabled;
  } else if (t->write) {
    t->data[0] = bytes_to_word(gp.get_data_ptr(), len) << (8 * lane(*t));
    t->mask = enabled << lane(*t);
  }
  if (const bus_ext *ext = gp.get_extension<bus_ext>()) {
    t->hart = (uint8_t)ext->hart;
    t->cycle = ext->cycle;
  }
  return true;
}

void payload_answer(tlm::tlm_generic_payload &gp, const mm_bus_txn &t) {
  if (t.write) return;
  if (t.beats == 8)
    memcpy(gp.get_data_ptr(), t.data, LINE_BYTES);
  else
    word_to_bytes(t.data[0] >> (8 * lane(t)), gp.get_data_ptr(), t.size);
}

} // namespace mmusc
