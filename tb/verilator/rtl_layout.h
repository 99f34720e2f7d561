// The RTL's packed structs, read and written where the RTL says their
// fields lie: rtl/mmu_sim_top.sv's constant layout outputs (lay_<field>_lsb_o,
// lay_<field>_width_o, lay_<struct>_bits_o), read once at start-up into a
// Layout, so that no bit offset of mmu_pkg is written in C++. Used by the
// one harness over the Verilated RTL (tb/verilator/rtl.cpp), whose wide ports
// are VlWide. The fields are named once, in rtl/layout.txt.
//
// Per-hart ports are packed arrays of structs: hart h's struct starts at h
// times the struct's width (base below).
#ifndef MM_RTL_LAYOUT_H
#define MM_RTL_LAYOUT_H

extern "C" {
#include "model/bus.h"
#include "model/mmu.h"
#include "model/obs.h"
#include "model/pma.h"
#include "model/pte.h"
#include "model/tlb.h"
#include "model/walk.h"
}

#include <verilated.h>

#include <cassert>
#include <cstdint>
#include <cstdio>

#include "mmu_layout.h" // LAYOUT_FIELDS(X): generated from rtl/layout.txt

namespace rtl_layout {

// A field of a packed struct: its lowest bit and width (from the RTL).
struct Field {
  unsigned lsb = 0, width = 0;
};

// Every field a harness touches, by the names of mmu_sim_top's lay_* ports:
// LAYOUT_FIELDS(X), generated from rtl/layout.txt (rtl/gen_layout.awk).
// The struct widths, by the names of the lay_<struct>_bits_o ports.
#define LAYOUT_WIDTHS(X) X(req) X(csr) X(rsp) X(mem) X(mrsp) X(bus) X(bus_rdata)

struct Layout {
#define LAYOUT_WIDTH_MEMBER(name) unsigned name##_bits = 0;
  LAYOUT_WIDTHS(LAYOUT_WIDTH_MEMBER) // req, csr, rsp: the per-hart strides
#undef LAYOUT_WIDTH_MEMBER
#define LAYOUT_MEMBER(name) Field name;
  LAYOUT_FIELDS(LAYOUT_MEMBER)
#undef LAYOUT_MEMBER
};

// The layout a model reports (valid after its first evaluation).
template <class M> Layout read_layout(const M &m) {
  Layout l;
#define LAYOUT_READ_WIDTH(name) l.name##_bits = m.lay_##name##_bits_o;
  LAYOUT_WIDTHS(LAYOUT_READ_WIDTH)
#undef LAYOUT_READ_WIDTH
#define LAYOUT_READ(name) l.name = Field{m.lay_##name##_lsb_o, m.lay_##name##_width_o};
  LAYOUT_FIELDS(LAYOUT_READ)
#undef LAYOUT_READ
  return l;
}

// A port wider than 64 bits: 32-bit words, least significant first.
template <std::size_t N> using Wide = VlWide<N>;
template <class W> struct WideWords;
template <std::size_t N> struct WideWords<VlWide<N>> { static constexpr unsigned value = N; };
template <class W> constexpr unsigned kBitsOf = 32 * WideWords<W>::value;

// The bits of a build's ports, to check the layout against.
struct PortBits {
  unsigned req, csr, rsp, mem, mrsp, bus, line;
};

// Whether the layout fits the ports (the per-hart struct arrays, the bus
// line); else a one-line message in err.
inline bool layout_fits(const Layout &l, const PortBits &p, char *err, size_t errlen) {
  if (l.req_bits * MM_MAX_HARTS > p.req || l.csr_bits * MM_MAX_HARTS > p.csr || l.rsp_bits * MM_MAX_HARTS > p.rsp ||
      l.mem_bits > p.mem || l.mrsp_bits > p.mrsp || l.bus_bits > p.bus) {
    snprintf(err, errlen, "the RTL's struct layout does not fit its ports (NumHarts must be %d)", MM_MAX_HARTS);
    return false;
  }
  // A line is 64 bytes: 8 words from the data field's lsb, and the answer port.
  if (l.bus_wdata.width != 8 * LINE_BYTES || l.bus_rdata_bits != 8 * LINE_BYTES || l.bus_rdata_bits > p.line) {
    snprintf(err, errlen, "the RTL's bus line is %u bits, not %u", l.bus_wdata.width, 8 * LINE_BYTES);
    return false;
  }
  return true;
}

// Bits [base + f.lsb, +f.width) of a wide port, up to 64 bits.
template <std::size_t N> uint64_t get_field(const Wide<N> &w, unsigned base, const Field &f) {
  unsigned lsb = base + f.lsb, word = lsb / 32, shift = lsb % 32;
  uint64_t v = (uint64_t)w[word] >> shift;
  if (32 - shift < f.width && word + 1 < N) v |= (uint64_t)w[word + 1] << (32 - shift);
  if (64 - shift < f.width && word + 2 < N) v |= (uint64_t)w[word + 2] << (64 - shift);
  return f.width < 64 ? v & ((1ull << f.width) - 1) : v;
}

template <std::size_t N> void put_field(Wide<N> &w, unsigned base, const Field &f, uint64_t v) {
  for (unsigned done = 0; done < f.width;) {
    unsigned bit = base + f.lsb + done, word = bit / 32, shift = bit % 32;
    unsigned n = 32 - shift < f.width - done ? 32 - shift : f.width - done;
    uint32_t mask = (n == 32 ? ~0u : ((1u << n) - 1)) << shift;
    w[word] = (w[word] & ~mask) | ((uint32_t)(v >> done) << shift & mask);
    done += n;
  }
}

// Sizes: the RTL's log2, the C side's bytes.
inline unsigned log2_size(unsigned bytes) { return bytes >= 8 ? 3 : bytes >= 4 ? 2 : bytes >= 2 ? 1 : 0; }

// Hart h's CSR inputs (the struct at base) from the CSRs.
template <std::size_t N> void put_csrs(Wide<N> &w, unsigned base, const Layout &l, const mm_csrs &c) {
  put_field(w, base, l.csr_satp, c.satp);
  put_field(w, base, l.csr_vsatp, c.vsatp);
  put_field(w, base, l.csr_hgatp, c.hgatp);
  put_field(w, base, l.csr_mstatus_sum, (c.mstatus & MSTATUS_SUM) != 0);
  put_field(w, base, l.csr_mstatus_mxr, (c.mstatus & MSTATUS_MXR) != 0);
  put_field(w, base, l.csr_vsstatus_sum, (c.vsstatus & MSTATUS_SUM) != 0);
  put_field(w, base, l.csr_vsstatus_mxr, (c.vsstatus & MSTATUS_MXR) != 0);
  put_field(w, base, l.csr_menvcfg_adue, (c.menvcfg & ENVCFG_ADUE) != 0);
  put_field(w, base, l.csr_menvcfg_pbmte, (c.menvcfg & ENVCFG_PBMTE) != 0);
  put_field(w, base, l.csr_henvcfg_adue, (c.henvcfg & ENVCFG_ADUE) != 0);
  put_field(w, base, l.csr_henvcfg_pbmte, (c.henvcfg & ENVCFG_PBMTE) != 0);
}

// A request with every field zero but those set after it.
template <std::size_t N> void clear_request(Wide<N> &w, unsigned base, const Layout &l) {
  put_field(w, base, l.req_is_fence, 0);
  put_field(w, base, l.req_va, 0);
  put_field(w, base, l.req_access, 0);
  put_field(w, base, l.req_priv, 0);
  put_field(w, base, l.req_virt, 0);
  put_field(w, base, l.req_hlvx, 0);
  put_field(w, base, l.req_data_op, 0);
  put_field(w, base, l.req_size, 0);
  put_field(w, base, l.req_wdata, 0);
  put_field(w, base, l.req_fence_kind, 0);
  put_field(w, base, l.req_fence_has_addr, 0);
  put_field(w, base, l.req_fence_has_id, 0);
  put_field(w, base, l.req_fence_id, 0);
  put_field(w, base, l.req_fence_addr, 0);
}

// Hart h's request port (the struct at base) for an access. A data
// operation's req.type must be the permission it checks (LOAD: load, FETCH:
// fetch, STORE and CBOs: store), and a LOAD's, STORE's or FETCH's size 1, 2,
// 4 or 8 (the caller's bugs otherwise: assert).
template <std::size_t N> void put_access(Wide<N> &w, unsigned base, const Layout &l, const mm_req &req) {
  const bool sized = req.data_op == MM_DATA_LOAD || req.data_op == MM_DATA_STORE || req.data_op == MM_DATA_FETCH;
  assert(!sized || req.size == 1 || req.size == 2 || req.size == 4 || req.size == 8);
  assert(req.data_op == MM_DATA_NONE || req.type == (req.data_op == MM_DATA_LOAD    ? MM_LOAD
                                                     : req.data_op == MM_DATA_FETCH ? MM_FETCH
                                                                                    : MM_STORE));
  clear_request(w, base, l);
  put_field(w, base, l.req_va, req.va);
  put_field(w, base, l.req_access, req.type);
  put_field(w, base, l.req_priv, req.priv);
  put_field(w, base, l.req_virt, req.virt);
  put_field(w, base, l.req_hlvx, req.hlvx);
  put_field(w, base, l.req_data_op, req.data_op);
  put_field(w, base, l.req_size, sized ? log2_size(req.size) : 0);
  put_field(w, base, l.req_wdata, req.data_op == MM_DATA_STORE ? req.wdata : 0);
}

// Hart h's request port for a fence.
template <std::size_t N> void put_fence(Wide<N> &w, unsigned base, const Layout &l, const mm_fence &fence) {
  clear_request(w, base, l);
  put_field(w, base, l.req_is_fence, 1);
  put_field(w, base, l.req_fence_kind, fence.kind);
  put_field(w, base, l.req_fence_has_addr, fence.has_addr);
  put_field(w, base, l.req_fence_has_id, fence.has_id);
  put_field(w, base, l.req_fence_id, fence.id);
  put_field(w, base, l.req_fence_addr, fence.addr);
}

// Hart h's response (the struct at base) into the outcome fields of out.
template <std::size_t N> void get_response(const Wide<N> &w, unsigned base, const Layout &l, mm_obs *out) {
  out->ok = get_field(w, base, l.rsp_ok);
  out->cause = (uint8_t)get_field(w, base, l.rsp_cause);
  out->gpa = get_field(w, base, l.rsp_gpa);
  out->pa = get_field(w, base, l.rsp_pa);
  out->pbmt = (uint8_t)get_field(w, base, l.rsp_pbmt);
  out->tlb_hit = get_field(w, base, l.rsp_tlb_hit);
  out->load_data = get_field(w, base, l.rsp_load_data);
  out->mtype = (uint8_t)get_field(w, base, l.rsp_mtype);
  out->cache_hit = get_field(w, base, l.rsp_cache_hit);
}

// The bus transaction on the bus request port (a write's data too); the
// caller sets hart and cycle.
template <std::size_t N> mm_bus_txn get_bus_txn(const Wide<N> &w, const Layout &l) {
  mm_bus_txn t{};
  t.write = get_field(w, 0, l.bus_write);
  bool line = get_field(w, 0, l.bus_line);
  t.size = line ? LINE_BYTES : (uint8_t)(1u << get_field(w, 0, l.bus_size));
  t.beats = line ? 8 : 1;
  t.addr = get_field(w, 0, l.bus_addr);
  t.mask = get_field(w, 0, l.bus_mask);
  if (t.write)
    for (unsigned k = 0; k < 8; k++)
      t.data[k] = get_field(w, 0, Field{l.bus_wdata.lsb + 64 * k, 64});
  return t;
}

} // namespace rtl_layout

#endif
