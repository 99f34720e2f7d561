// The payload extensions of the TLM-2.0 MMU component (mmu_tlm.h): what a
// request to it carries besides a generic payload's command, address, data
// and byte enables, with the response's fields the payload has no room for;
// and what a bus transaction from it carries besides its command, address,
// data and byte enables.
#ifndef MMUSC_MMU_EXT_H
#define MMUSC_MMU_EXT_H

extern "C" {
#include "model/tlb.h"
#include "model/walk.h"
}

#include <tlm>

namespace mmusc {

// What a request to the MMU is. The generic payload's command must be
// TLM_READ_COMMAND for a LOAD or FETCH, TLM_WRITE_COMMAND for a STORE, and
// TLM_IGNORE_COMMAND for everything else.
enum class mmu_op : uint8_t {
  access,    // a hart's access at the virtual address (the payload's address)
  fence,     // SFENCE.VMA, HFENCE.VVMA, HFENCE.GVMA or FENCE (fence below; the address is fence.addr)
  csr_write, // a hart's CSR (csr, value) written with its WARL rules; no time passes
  poke,      // test hook: another agent's coherent store of value at the payload's (8-byte aligned) address,
             // made right after the memory system next answers hart's page-table read of it
};

struct mmu_ext : tlm::tlm_extension<mmu_ext> {
  // ---- the request ----
  mmu_op op = mmu_op::access;
  unsigned hart = 0;                 // 0 .. harts - 1 of the component
  mm_priv priv = MM_PRIV_S;          // U, S, or M (not translated: pa = va)
  bool virt = false;                 // V=1: two-stage translation (vsatp over hgatp)
  mm_data_op data_op = MM_DATA_NONE; // NONE (translate only), LOAD, STORE, FETCH, CBO.CLEAN/FLUSH/INVAL
  mm_access type = MM_LOAD;          // the permission a translate-only request checks (a data op implies its own)
  mm_fence fence{};                  // op fence
  mm_csr_id csr = MM_CSR_SATP;       // op csr_write
  uint64_t value = 0;                // op csr_write: the value written; op poke: the value stored

  // ---- the response (the payload's status says ok or not; a load's value is in its data) ----
  bool ok = false;        // the access translated and completed (a fence: always)
  uint8_t cause = 0;      // the exception cause when not ok (page, guest-page, access fault, misaligned)
  uint64_t gpa = 0;       // the guest physical address of a guest-page fault
  uint64_t pa = 0;        // the physical address when ok
  uint8_t pbmt = 0;       // PBMT_PMA, PBMT_NC or PBMT_IO when ok
  bool tlb_hit = false;   // the TLB served it (a fault on the hit path included)
  uint8_t mtype = 0;      // mm_mtype of the data access (MAIN when there was none)
  bool cache_hit = false; // the data access's first cache lookup hit
  uint64_t load_data = 0; // a load's or fetch's value as the hart's response carries it (zero-extended)
  unsigned cycles = 0;    // cycles from the acceptance to the response (the latency annotated is cycles + 1)

  tlm::tlm_extension_base *clone() const override { return new mmu_ext(*this); }
  void copy_from(const tlm::tlm_extension_base &other) override { *this = static_cast<const mmu_ext &>(other); }
};

// A bus transaction from the MMU (model/bus.h's mm_bus_txn): a line (64
// bytes, a write's byte enables when not all bytes are written) or a single
// beat of 1, 2, 4 or 8 bytes at its exact address.
struct bus_ext : tlm::tlm_extension<bus_ext> {
  unsigned hart = 0;  // whose request caused it
  unsigned beats = 1; // 8 for a line, 1 for a single beat
  unsigned cycle = 0; // the cycle the bus took it, counted from the request's acceptance

  tlm::tlm_extension_base *clone() const override { return new bus_ext(*this); }
  void copy_from(const tlm::tlm_extension_base &other) override { *this = static_cast<const bus_ext &>(other); }
};

} // namespace mmusc

#endif
