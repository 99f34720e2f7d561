/* CVA6's known mismatch classes (cva6_known.h): the signatures. */
#include "tb/cva6/cva6_known.h"

#include "model/pte.h"

static bool ref_faults(const known_case *k, mm_fault_reason why) { return !k->ref->ok && k->ref->fault_reason == why; }

/* A TLB answer's signature holds of the walk of now or of what the translation it holds gives now. */
static bool either(const known_case *k, bool (*of)(const known_case *k, const mm_walk *w)) {
  return of(k, k->ref) || (!k->walked && k->held && of(k, k->held));
}

/* A reserved Svnapot encoding (N on a superpage leaf, or a 4 KiB leaf whose
 * ppn[3:0] is not 1000): a page fault; CVA6 translates it (at V=1: through
 * the G-stage, which may fault), and keeps it in its TLB. */
static bool napot_reserved(const known_case *k) {
  return ref_faults(k, MM_FR_NAPOT) &&
         (k->dut->ok || !k->walked || (k->req->virt && cause_is_guest_page_fault(k->dut->cause)));
}

/* A pointer PTE with A, D or U: reserved, a page fault; CVA6 follows it (and
 * translates, or faults further down, and keeps what it found in its TLB). */
static bool pointer_adu(const known_case *k) { return ref_faults(k, MM_FR_POINTER_BITS); }

/* MXR cleared: an execute-only page still loads from CVA6's TLB. */
static bool mxr_on_hit_of(const known_case *k, const mm_walk *w) {
  uint64_t leaf = w->fault_pte;
  return !k->walked && k->dut->ok && !w->ok && w->fault_reason == MM_FR_PERMISSION && k->req->type == MM_LOAD &&
         (leaf & PTE_X) && !(leaf & PTE_R);
}
static bool mxr_on_hit(const known_case *k) { return either(k, mxr_on_hit_of); }

/* A non-canonical VA (single stage, or the VS-stage of V=1): CVA6 walks with
 * its low bits before it faults (and, at V=1, may find a guest-page fault on
 * that walk first), or answers it from the TLB entry of the low bits' page. */
static bool noncanonical_walk(const known_case *k) {
  if (!ref_faults(k, MM_FR_ADDRESS) || k->ref->fault_stage == MM_STAGE_G) return false;
  /* walked with the low bits, or answered from the TLB entry of the low bits' page */
  return k->walked ? !k->dut->ok : k->dut->ok || k->dut->cause != k->ref->cause;
}

/* The model's walk read a Svnapot leaf (N, with R or X) of either stage. */
static bool leaf_napot(const mm_walk *w) {
  for (unsigned i = 0; i < w->n_ops; i++) {
    uint64_t pte = w->ops[i].data;
    if (w->ops[i].kind == MM_OP_READ && (pte & PTE_V) && (pte & PTE_N) && (pte & (PTE_R | PTE_X))) return true;
  }
  return false;
}

/* A 64 KiB page in a two-stage translation (a VS-stage or a G-stage leaf):
 * CVA6 takes the PTE's PPN without vpn[0][3:0] in place of ppn[3:0] (a
 * wrong page, or a G-stage fault at the wrong GPA). */
static bool napot_two_stage(const known_case *k) { return k->req->virt && leaf_napot(k->ref); }

/* On a TLB hit, CVA6 checks the G-stage leaf's permissions before the VS
 * leaf's R/W/X, A and D, where its walker checks those first: a VS
 * leaf that denies the access and a G-stage leaf that denies it too give the
 * guest-page fault from the TLB and the page fault from a walk. */
static bool hit_g_before_vs_of(const known_case *k, const mm_walk *w) {
  return !k->walked && !w->ok && (w->fault_reason == MM_FR_PERMISSION || w->fault_reason == MM_FR_AD) &&
         w->fault_stage == MM_STAGE_VS && !k->dut->ok && cause_is_guest_page_fault(k->dut->cause);
}
static bool hit_g_before_vs(const known_case *k) { return k->req->virt && either(k, hit_g_before_vs_of); }

/* A guest-page fault on a GPA wider than Sv39x4's 41 bits (vsatp Bare: the
 * GPA is the VA): CVA6's tval2 keeps bits 40:0. */
static bool gpa_truncated(const known_case *k) {
  return k->req->virt && ref_faults(k, MM_FR_ADDRESS) && k->ref->fault_stage == MM_STAGE_G && !k->dut->ok &&
         k->dut->cause == k->ref->cause && k->dut->gpa == (k->ref->gpa & ((1ull << 41) - 1));
}

/* A guest physical address beyond the G-stage's width (the final one, or a
 * VS-stage table's): the guest-page fault; CVA6 translates its low 41 bits,
 * or raises a page fault; and it raises that guest-page fault before a fault
 * the VS leaf itself has (the model: the leaf's checks first). */
static bool gpa_wide_page_fault(const known_case *k) {
  if (!k->req->virt) return false;
  if (ref_faults(k, MM_FR_ADDRESS) && k->ref->fault_stage == MM_STAGE_G)
    return k->dut->ok || !cause_is_guest_page_fault(k->dut->cause);
  /* hgatp Bare: the GPA is the physical address, 56 bits; CVA6 still asks 41 */
  if (k->ref->ok && k->csrs && atp_mode(k->csrs->hgatp) == SATP_MODE_BARE && (k->ref->gpa_final >> 41))
    return !k->dut->ok && cause_is_guest_page_fault(k->dut->cause);
  if (k->ref->ok) return false;
  /* a VS leaf that faults (its permissions, A/D) whose GPA is beyond 41 bits: CVA6 checks the width first */
  uint64_t leaf = k->ref->fault_pte;
  bool vs_leaf = k->ref->fault_stage == MM_STAGE_VS && (leaf & PTE_V) && (leaf & (PTE_R | PTE_X));
  return vs_leaf && (pte_ppn(leaf) >> (41 - 12)) != 0 && !k->dut->ok && cause_is_guest_page_fault(k->dut->cause);
}

/* HLVX: CVA6 applies HLVX's rule (X in place of R) to the G-stage check of
 * the pages holding the VS-stage tables too, which are implicit loads: a
 * guest-page fault at a table's GPA where the table page is readable but not
 * executable, and a table read from an execute-only page. */
static bool table_gpa(const mm_walk *w, uint64_t gpa) {
  for (unsigned i = 0; i < w->n_g && i < MM_WALK_MAX_G; i++)
    if (w->g_vs_level[i] != 0xff && w->g_addr[i] == gpa) return true;
  return false;
}
static bool hlvx_implicit_x(const known_case *k) {
  if (!k->req->hlvx) return false;
  /* a readable table page without X: CVA6 faults at it */
  if (!k->dut->ok && cause_is_guest_page_fault(k->dut->cause) && table_gpa(k->ref, k->dut->gpa)) return true;
  /* an execute-only table page: the model faults at it, CVA6 reads the table */
  return !k->ref->ok && cause_is_guest_page_fault(k->ref->cause) && k->ref->fault_stage == MM_STAGE_G &&
         table_gpa(k->ref, k->ref->gpa) && (k->dut->ok || k->dut->gpa != k->ref->gpa);
}

/* The G-stage leaf of a page holding a VS-stage table lacks U: the implicit
 * read must raise the guest-page fault (G-stage accesses are U-mode
 * accesses); CVA6 reads the table anyway. */
static bool g_table_no_u(const known_case *k) {
  if (!k->req->virt || !ref_faults(k, MM_FR_PERMISSION) || k->ref->fault_stage != MM_STAGE_G) return false;
  if (k->ref->fault_pte & PTE_U) return false;
  for (unsigned i = 0; i < k->ref->n_g && i < MM_WALK_MAX_G; i++)
    if (k->ref->g_vs_level[i] != 0xff && (k->ref->g_addr[i] >> 12) == (k->ref->gpa >> 12))
      return k->dut->ok || k->dut->cause != k->ref->cause || k->dut->gpa != k->ref->gpa;
  return false;
}

/* mstatus.MXR and the implicit reads of VS-stage tables through an
 * execute-only G-stage page: CVA6 lets MXR make them readable for a load or
 * a store (the choice MM_CHOICE_MXR_IMPLICIT) but not for a fetch: the fetch
 * raises the guest-page fault at the table. */
static bool mxr_implicit_fetch(const known_case *k) {
  if (!k->req->virt || k->req->type != MM_FETCH || k->walked == false || k->dut->ok) return false;
  if (!cause_is_guest_page_fault(k->dut->cause) || !(k->csrs && (k->csrs->mstatus & MSTATUS_MXR))) return false;
  for (unsigned i = 0; i < k->ref->n_g && i < MM_WALK_MAX_G; i++)
    if (k->ref->g_vs_level[i] != 0xff && (k->ref->g_addr[i] >> 12) == (k->dut->gpa >> 12)) return true;
  return false;
}

/* HLVX from the TLB: CVA6's hit path checks the entry as for a plain load
 * (R, or X with MXR), not for X: a page without X translates, one with X
 * but not R faults. */
static bool hlvx_on_hit_of(const known_case *k, const mm_walk *w) {
  return !k->walked && !w->ok && w->fault_reason == MM_FR_PERMISSION && k->dut->ok;
}
static bool hlvx_on_hit(const known_case *k) {
  if (!k->req->hlvx || k->walked) return false;
  if (k->dut->ok) return either(k, hlvx_on_hit_of);
  const mm_walk *w = k->held ? k->held : k->ref; /* the legal translation allows it: X without R */
  return w->ok && k->dut->cause == CAUSE_LOAD_PAGE_FAULT;
}

/* The shared TLB: an entry one access type filled serves the other's L1
 * miss without its R/X check. */
static bool shared_tlb_permission_of(const known_case *k, const mm_walk *w) {
  uint64_t leaf = w->fault_pte;
  bool fetch_of_data = k->req->type == MM_FETCH && !(leaf & PTE_X);
  bool load_of_code = k->req->type == MM_LOAD && (leaf & PTE_X) && !(leaf & PTE_R);
  return !k->walked && k->dut->ok && !w->ok && w->fault_reason == MM_FR_PERMISSION && (fetch_of_data || load_of_code);
}
static bool shared_tlb_permission(const known_case *k) { return either(k, shared_tlb_permission_of); }

const dut_known cva6_known[CVA6_KNOWN_COUNT] = {
    {"napot-reserved",
     "a reserved Svnapot encoding (N on a superpage, ppn[3:0] not 1000) translates instead of faulting",
     "CVA6 bug, openhwgroup/cva6#3486 (fixed after the vendored commit)", napot_reserved},
    {"pointer-adu", "a pointer PTE with A, D or U set (reserved) is followed instead of faulting",
     "CVA6 bug, openhwgroup/cva6#3420 (fixed by #3422 after the vendored commit)", pointer_adu},
    {"mxr-on-hit", "MXR cleared is not seen on a TLB hit: an execute-only page still loads",
     "CVA6 bug, openhwgroup/cva6#3298 (open)", mxr_on_hit},
    {"noncanonical-walk",
     "a non-canonical VA is walked with its low bits before the page fault, or hits their TLB entry",
     "CVA6 difference in the walk only (no upstream issue found)", noncanonical_walk},
    {"napot-two-stage", "a 64 KiB page at V=1 (VS or G leaf) takes the PTE's ppn[3:0] unpatched (wrong page or fault)",
     "CVA6 bug in a configuration it does not ship (H with Svnapot); G leaf: openhwgroup/cva6#3569", napot_two_stage},
    {"hit-g-before-vs", "a TLB hit checks the G-stage leaf before the VS leaf's R/W/X (the walker: the VS leaf first)",
     "CVA6 inconsistency between its hit path and its walker (no upstream issue found)", hit_g_before_vs},
    {"hlvx-implicit-x", "an HLVX requires X at the G-stage pages holding the VS tables (implicit loads: R)",
     "CVA6 bug, openhwgroup/cva6#3425 (fixed by #3435 after the vendored commit)", hlvx_implicit_x},
    {"g-table-no-u", "a VS table read through a G-stage leaf without U (a guest-page fault) goes on",
     "CVA6 bug: \"all memory accesses made at the G-stage are ... U-mode\" (no upstream issue found)", g_table_no_u},
    {"mxr-implicit-fetch", "MXR makes an execute-only G page readable for a load's VS-table reads, not for a fetch's",
     "CVA6 inconsistency (its walker's instruction and data paths; the VS-table reads are implicit loads for both)",
     mxr_implicit_fetch},
    {"hlvx-on-hit", "an HLVX answered from the TLB is checked as a plain load (R, or X with MXR), not for X",
     "CVA6 bug (the G stage's side: openhwgroup/cva6#3456, fixed by #3468 after the vendored commit)", hlvx_on_hit},
    {"gpa-truncated", "a guest-page fault on a GPA beyond 41 bits reports the GPA's bits 40:0",
     "CVA6 bug: htval/tval2 must be the faulting GPA (shifted) or zero (no upstream issue found)", gpa_truncated},
    {"gpa-wide",
     "a GPA beyond 41 bits: its low bits translated, a page fault for the guest-page fault, or that before the VS "
     "leaf's",
     "CVA6 bug, openhwgroup/cva6#3401 (a VS table's, fixed after the vendored commit), #3428 (a fetch's, open)",
     gpa_wide_page_fault},
    {"shared-tlb-permission", "a shared-TLB entry serves the other access type's L1 miss without its R/X check",
     "CVA6 bug, openhwgroup/cva6#3573 (open)", shared_tlb_permission},
};

bool cva6_suspect(const known_case *k) { return ref_faults(k, MM_FR_NAPOT) || ref_faults(k, MM_FR_POINTER_BITS); }
