/* CVA6's known mismatch classes (cva6_known.h): the signatures. */
#include "tb/cva6/cva6_known.h"

#include "model/pte.h"

static bool ref_faults(const known_case *k, mm_fault_reason why) { return !k->ref->ok && k->ref->fault_reason == why; }

/* N on a superpage leaf: reserved, a page fault; CVA6 translates, and keeps
 * the translation in its TLB (a hit then answers with the leaf's permissions). */
static bool napot_superpage(const known_case *k) { return ref_faults(k, MM_FR_NAPOT) && (k->dut->ok || !k->walked); }

/* A pointer PTE with A, D or U: reserved, a page fault; CVA6 follows it (and
 * translates, or faults further down, and keeps what it found in its TLB). */
static bool pointer_adu(const known_case *k) { return ref_faults(k, MM_FR_POINTER_BITS); }

/* MXR cleared: an execute-only page still loads from CVA6's TLB. */
static bool mxr_on_hit(const known_case *k) {
  uint64_t leaf = k->ref->fault_pte;
  return !k->walked && k->dut->ok && ref_faults(k, MM_FR_PERMISSION) && k->req->type == MM_LOAD && (leaf & PTE_X) &&
         !(leaf & PTE_R);
}

/* A non-canonical VA: CVA6 walks with its low bits before it faults. */
static bool noncanonical_walk(const known_case *k) {
  return ref_faults(k, MM_FR_ADDRESS) && !k->req->virt && k->walked && !k->dut->ok && k->dut->cause == k->ref->cause;
}

/* A 64 KiB VS-stage page: CVA6 translates the PTE's GPA without vpn[0][3:0]. */
static bool napot_vs_gpa(const known_case *k) {
  return k->req->virt && k->ref->ok && (k->ref->leaf_pte & PTE_N) && k->dut->ok && k->dut->pa != k->ref->pa;
}

/* The VS-stage leaf denies, the final G-stage translation too: CVA6 raises
 * the guest-page fault (the specification's order is open). */
static bool g_before_vs_permission(const known_case *k) {
  return k->req->virt && ref_faults(k, MM_FR_PERMISSION) && k->ref->fault_stage == MM_STAGE_VS && !k->dut->ok &&
         cause_is_guest_page_fault(k->dut->cause);
}

/* The shared TLB: an entry one access type filled serves the other's L1
 * miss without its R/X check. */
static bool shared_tlb_permission(const known_case *k) {
  uint64_t leaf = k->ref->fault_pte;
  bool fetch_of_data = k->req->type == MM_FETCH && !(leaf & PTE_X);
  bool load_of_code = k->req->type == MM_LOAD && (leaf & PTE_X) && !(leaf & PTE_R);
  return !k->walked && k->dut->ok && ref_faults(k, MM_FR_PERMISSION) && (fetch_of_data || load_of_code);
}

const dut_known cva6_known[CVA6_KNOWN_COUNT] = {
    {"napot-superpage", "a Svnapot N bit on a superpage leaf (reserved) translates instead of faulting",
     "CVA6 bug (no upstream issue found)", napot_superpage},
    {"pointer-adu", "a pointer PTE with A, D or U set (reserved) is followed instead of faulting",
     "CVA6 bug, openhwgroup/cva6#3420 (fixed by #3422 after the vendored commit)", pointer_adu},
    {"mxr-on-hit", "MXR cleared is not seen on a TLB hit: an execute-only page still loads",
     "CVA6 bug, openhwgroup/cva6#3298 (open)", mxr_on_hit},
    {"noncanonical-walk", "a non-canonical VA is walked with its low bits before the page fault",
     "CVA6 difference in the walk only (no upstream issue found)", noncanonical_walk},
    {"napot-vs-gpa", "a 64 KiB VS-stage page's GPA goes through the G-stage without vpn[0][3:0]",
     "CVA6 bug in a configuration it does not ship (H with Svnapot)", napot_vs_gpa},
    {"g-before-vs-permission", "VS-stage permission fault and G-stage fault: CVA6 raises the guest-page fault",
     "open in the specification, riscv/riscv-isa-manual#3094 (CVA6 and Rocket: G first)", g_before_vs_permission},
    {"shared-tlb-permission", "a shared-TLB entry serves the other access type's L1 miss without its R/X check",
     "CVA6 bug, openhwgroup/cva6#3573 (open)", shared_tlb_permission},
};
