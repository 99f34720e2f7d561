/*
 * The page-table walk: the architectural outcome of one access, by the
 * privileged specification's "virtual address translation process" (4.3.2),
 * extended to two stages by the H extension (9.5), with Svnapot, Svpbmt and
 * Svadu. It has no TLB and no timing: mmu.h puts those around it.
 *
 * Besides the outcome, a walk records every memory access it makes, in order
 * (the PTE reads and the A/D write-backs), which is what a hardware walker
 * puts on its memory port; the co-simulation compares that list.
 *
 * Choices where the specification leaves room (shared/vectors/FORMAT.md fixes
 * the first ones; the rest are this model's, and the RTL follows them):
 *  - A two-stage walk sets the VS-stage leaf's A/D only after a G-stage check
 *    of the page holding that PTE as a store (W, and the G-stage A/D of that
 *    page set with it). The write therefore precedes the translation of the
 *    final guest physical address, so a guest-page fault there can come
 *    after VS-stage writes.
 *  - Each implicit read of a VS-stage table sets the G-stage A bit of the page
 *    holding it (before the PTE is read, even if the walk faults later); the
 *    G-stage D bit of that page is set only for a VS-stage PTE write.
 *  - All VS-stage checks complete before the final G-stage translation.
 *  - Svnapot: the A/D update writes the one PTE the address indexes.
 *  - mstatus.MXR never makes an execute-only G-stage page readable for the
 *    implicit reads of VS-stage tables (the page needs R).
 *  - henvcfg.ADUE and henvcfg.PBMTE read as zero while menvcfg's are clear,
 *    and a write to henvcfg then leaves them as they were: each shows its
 *    stored value again once menvcfg sets its bit (ENVCFG_TIED_TO_MENVCFG).
 *  - Memory type: the single-/VS-stage leaf's PBMT if nonzero, else the
 *    G-stage leaf's, else PMA.
 *  - Non-leaf PTEs with any of A, D, U, N or PBMT set, and PTEs with bits
 *    60:54 set, are reserved encodings and fault (as Spike does).
 *  - A write to satp with an unsupported MODE has no effect (the spec's rule;
 *    Spike writes ASID and PPN anyway, the model follows the spec). vsatp's
 *    and hgatp's fields are WARL one by one (the H extension says so for
 *    both): an unsupported MODE keeps the old MODE while ASID/VMID and PPN are
 *    written, as Spike does; hgatp.PPN[1:0] read as zero.
 *  - An A/D update is an atomic compare-and-swap on the memory port: it
 *    writes the updated PTE only if memory still holds the value the walk
 *    read (step 8: "this update and the loading of pte in step 2 must be
 *    atomic"). If the PTE changed in between, nothing is written and the
 *    translation restarts from the first stage's root (no TLB lookup); the
 *    accesses of every attempt are recorded, in order.
 *  - The G-stage leaf that maps a VS-stage table page is remembered for the
 *    VS-stage PTE write at that level: the write re-checks that leaf (and
 *    sets its D bit) without walking the G-stage again.
 */
#ifndef MM_WALK_H
#define MM_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"
#include "port.h"
#include "pte.h"

typedef enum mm_access { MM_LOAD = 0, MM_STORE = 1, MM_FETCH = 2 } mm_access;
/* M-mode requests are not translated (pa = va); the walk never sees them. */
typedef enum mm_priv { MM_PRIV_U = 0, MM_PRIV_S = 1, MM_PRIV_M = 3 } mm_priv;

/* What a request does after its translation (DESIGN.md, "The data path"). */
typedef enum mm_data_op {
  MM_DATA_NONE = 0,      /* translate only: the response comes after the translation */
  MM_DATA_LOAD = 1,      /* type MM_LOAD */
  MM_DATA_STORE = 2,     /* type MM_STORE */
  MM_DATA_FETCH = 3,     /* type MM_FETCH */
  MM_DATA_CBO_CLEAN = 4, /* type MM_STORE: translated as a store */
  MM_DATA_CBO_FLUSH = 5,
  MM_DATA_CBO_INVAL = 6,
} mm_data_op;

/* "translate", "load", "store", "fetch", "cbo.clean", "cbo.flush", "cbo.inval"; "?" out of range. */
const char *mm_data_op_name(unsigned op);

/* The CSR state a translation reads; only the fields of pte.h matter. */
typedef struct mm_csrs {
  uint64_t satp, vsatp, hgatp;
  uint64_t mstatus, vsstatus;
  uint64_t menvcfg, henvcfg;
  uint32_t choices; /* MM_CHOICE_*: the implementation's choices where the specification leaves room (not a CSR) */
} mm_csrs;

/*
 * Named choices (mm_csrs.choices), where the specification leaves room or an
 * MMU under test makes a documented choice; 0, the model's defaults (above),
 * is what the project's RTL and the vectors follow. A DUT's profile selects
 * its own (tb/cosim/dut.h), and the comparison holds it to them.
 *  - MM_CHOICE_G_BEFORE_PRIV: with hardware A/D updating off, a two-stage
 *    walk checks the VS-stage leaf's R/W/X (with MXR) and its A and D, then
 *    translates the final guest physical address through the G-stage, and
 *    only then checks the VS leaf against the privilege (U, SUM) (step 6 of
 *    the translation process against the H extension's "the G-stage
 *    translation of the guest physical address": the order is open,
 *    riscv/riscv-isa-manual issue 3094; CVA6's walker checks R/W/X and A/D
 *    and fills its TLB, whose hit path checks the G-stage's permissions and
 *    then the privilege). A VS leaf whose U bit denies the access while the
 *    G-stage denies it too raises the guest-page fault, and the VS-stage's
 *    privilege fault comes after the G-stage's reads.
 *  - MM_CHOICE_MXR_IMPLICIT: mstatus.MXR makes an execute-only G-stage page
 *    readable for the implicit reads of VS-stage tables too ("MXR ... makes
 *    loads from pages marked executable succeed"; whether an implicit read
 *    counts is not said; CVA6 lets it).
 */
#define MM_CHOICE_G_BEFORE_PRIV (1u << 0)
#define MM_CHOICE_MXR_IMPLICIT  (1u << 1)

typedef enum mm_csr_id {
  MM_CSR_SATP,
  MM_CSR_VSATP,
  MM_CSR_HGATP,
  MM_CSR_MSTATUS,
  MM_CSR_VSSTATUS,
  MM_CSR_MENVCFG,
  MM_CSR_HENVCFG,
} mm_csr_id;

/* Writes a CSR with its WARL rules (see above). Returns false if the write
 * was ignored (satp with an unsupported MODE). */
bool mm_csr_write(mm_csrs *csrs, mm_csr_id id, uint64_t value);
/* Name ("satp", ...) to id; false if unknown. */
bool mm_csr_by_name(const char *name, mm_csr_id *id);

typedef struct mm_req {
  uint64_t va;
  mm_access type; /* the permission the translation checks */
  mm_priv priv;
  bool virt;       /* V=1: two-stage (vsatp over hgatp) */
  bool hlvx;       /* HLVX: a load (type MM_LOAD, virt) whose page must be executable at both stages, read
                      permission not needed (MXR has nothing to add); U/SUM as for a load */
  uint8_t data_op; /* mm_data_op; MM_DATA_NONE (0) for translation only */
  uint8_t size;    /* LOAD, STORE, FETCH: 1, 2, 4 or 8 bytes, naturally aligned */
  uint64_t wdata;  /* STORE: the value, in the low size bytes */
} mm_req;

/* Upper bound: Sv48 over Sv48x4 reads 4 x (4 G-stage PTEs + 1 A write +
 * 1 VS PTE), writes 2 for the VS leaf's A/D, and walks the final GPA (5):
 * 31 an attempt; a walk restarts after each failed update, and with
 * several harts racing for one PTE it can lose a few times in a row: room
 * for five attempts. */
#define MM_WALK_MAX_OPS 160

/* Why a walk faulted (what the coverage model records: model/cov.h). */
typedef enum mm_fault_reason {
  MM_FR_NONE = 0,
  MM_FR_ADDRESS,       /* a VA not sign-extended, a GPA beyond the x4 width */
  MM_FR_INVALID,       /* V clear */
  MM_FR_W_WITHOUT_R,   /* the reserved encoding W=1, R=0 */
  MM_FR_RESERVED,      /* bits 60:54 set */
  MM_FR_PBMT_RESERVED, /* PBMT 3 */
  MM_FR_PBMT_OFF,      /* a nonzero PBMT while PBMTE is clear */
  MM_FR_POINTER_BITS,  /* A, D, U, N or PBMT on a pointer */
  MM_FR_NO_LEAF,       /* a pointer at level 0 */
  MM_FR_NAPOT,         /* N on a superpage or with a bad ppn[3:0] */
  MM_FR_MISALIGNED,    /* a superpage with nonzero low PPN bits */
  MM_FR_PERMISSION,    /* the leaf does not allow the access (U/SUM/MXR/R/W/X) */
  MM_FR_AD,            /* A (or D for a store) clear while hardware updating is off */
  MM_FR_COUNT
} mm_fault_reason;

/* What a G-stage translation was for. */
typedef enum mm_gwhat {
  MM_G_FINAL = 0,  /* the access's guest physical address */
  MM_G_VS_ROOT,    /* the VS-stage root table's PTE (implicit) */
  MM_G_VS_POINTER, /* a lower VS-stage table's PTE (implicit) */
  MM_G_VS_LEAF,    /* the VS-stage leaf PTE's address: its read, and its A/D write (implicit) */
  MM_G_COUNT
} mm_gwhat;

#define MM_WALK_MAX_G 6 /* G-stage translations in one attempt: 4 VS levels, the final address */

/* A stage as its atp and envcfg CSRs configure it (walk.c: stage_config_of). */
typedef struct mm_stage_config {
  uint64_t root; /* address of the root table (a GPA for the VS-stage) */
  int levels;    /* 3 (Sv39, Sv39x4) or 4 (Sv48, Sv48x4) */
  int widen;     /* extra root index bits: 2 for the x4 G-stage, else 0 */
  mm_stage stage;
  bool pbmte; /* PBMT may be nonzero */
  bool adue;  /* hardware A/D update; else A/D faults */
} mm_stage_config;

/* A leaf PTE as a stage's walk found it, and where it lives. */
typedef struct mm_stage_leaf {
  uint64_t pte;     /* value, after any A/D update */
  uint64_t pte_pa;  /* physical address of the PTE */
  uint64_t pte_gpa; /* its guest physical address (VS-stage; else = pte_pa) */
  int level;        /* level at which the walk stopped */
  int shift;        /* log2 of the page size: 12, 16, 21, 30, 39 */
  bool global;      /* G on the leaf or on any PTE above it */
  uint64_t out;     /* translated address */
} mm_stage_leaf;

/* A G-stage translation the walk has finished: the log's accesses
 * [first, end) were its, and leaf its outcome. A replay takes it from here
 * instead of going through those accesses again. */
typedef struct mm_walk_gdone {
  uint16_t first, end;
  uint64_t addr; /* the GPA it translated */
  mm_stage_leaf leaf;
} mm_walk_gdone;

#define MM_WALK_MAX_GDONE (2 * MM_WALK_MAX_G) /* kept for a replay; later ones are replayed access by access */

typedef struct mm_walk {
  /* outcome */
  bool ok;
  uint8_t cause; /* exception cause when !ok */
  uint64_t gpa;  /* guest physical address of a guest-page fault */
  uint64_t pa;   /* translated physical address when ok */
  uint8_t pbmt;  /* PBMT_PMA, PBMT_NC or PBMT_IO when ok */
  /* what a TLB keeps (valid when ok) */
  uint8_t shift;      /* size of the combined page: 12, 16, 21, 30 or 39 */
  bool global;        /* a G bit on the single-/VS-stage path */
  uint64_t leaf_pte;  /* single-/VS-stage leaf after its A/D update; 0: stage Bare */
  uint64_t gleaf_pte; /* G-stage leaf of the final address after A/D; 0: stage Bare */
  uint64_t gpa_final; /* guest physical address of the access (virt) */
  /* what the last attempt saw, for the coverage model (not compared) */
  uint8_t fault_reason;              /* mm_fault_reason (MM_FR_NONE when ok) */
  uint8_t fault_stage;               /* mm_stage of the fault */
  int8_t fault_level;                /* the level the fault was found at; -1 before any PTE */
  uint64_t fault_pte;                /* the PTE it was found at (0 before any PTE) */
  uint8_t leaf_level;                /* the single-/VS-stage leaf's level (ok, that stage on) */
  uint8_t gleaf_level;               /* the final G-stage leaf's level (ok, G-stage on) */
  unsigned n_g;                      /* the G-stage translations it made, in order: */
  uint64_t g_addr[MM_WALK_MAX_G];    /* each one's GPA */
  uint8_t g_vs_level[MM_WALK_MAX_G]; /* the VS level whose PTE it was for; 0xff: the final address */
  /* the memory accesses, in order, with their answers */
  unsigned n_ops;
  mm_memop ops[MM_WALK_MAX_OPS];
  unsigned n_answered; /* ops[0..n_answered) have their answers (the replay log) */
  unsigned n_gdone;    /* the G-stage translations finished within ops[0..n_answered), in order */
  mm_walk_gdone gdone[MM_WALK_MAX_GDONE];
  /* the stages, decoded from the CSRs at the walk's first run (they do not change under a walk) */
  bool cfg_known, first_on, g_on; /* first_on: the single or VS-stage is not Bare; g_on: a G-stage walk */
  mm_stage_config first_cfg, g_cfg;
  mm_csrs cfg_csrs; /* the CSRs they were decoded from: a replay asserts that they are the same */
} mm_walk;

/*
 * The walk is a coroutine over a memory port that may make it wait at any
 * access (another hart holds the bus). It is a pure function of the CSRs,
 * the request and the answers its accesses got, so a suspended walk resumes
 * by replay: mm_walk_run() runs it from the start, answering the accesses of
 * ops[0..n_answered) from that log without touching the port, and puts the
 * next access to the port. If the port answers, the walk goes on; if not, it
 * returns false with that access in ops[n_ops - 1], unanswered, and the
 * caller gives it its answer (mm_walk_answer) before running it again. A
 * replayed access that differs from its log entry is the caller's bug (the
 * CSRs or the request changed under a suspended walk): it asserts. A G-stage
 * translation the walk finished (gdone) is not replayed access by access: the
 * replay takes its outcome and skips its accesses, so that a two-stage walk
 * suspended at each of its two dozen accesses is not run two dozen times over.
 *
 *   mm_walk_start(&w);
 *   while (!mm_walk_run(&w, csrs, req, port))
 *     ... later: mm_walk_answer(&w, &answered_op);
 */
void mm_walk_start(mm_walk *w);
/* True when the walk is done (its outcome filled), false when it waits. */
bool mm_walk_run(mm_walk *w, const mm_csrs *csrs, const mm_req *req, const mm_port *port);
/* The answer of the access the walk waits for (data or old, and cycles). */
void mm_walk_answer(mm_walk *w, const mm_memop *answer);
/* The same with the accesses kept in the caller's log[MM_WALK_MAX_OPS]
 * instead of w->ops (a hart walks straight into its observation). */
bool mm_walk_run_into(mm_walk *w, mm_memop *log, const mm_csrs *csrs, const mm_req *req, const mm_port *port);
void mm_walk_answer_into(mm_walk *w, mm_memop *log, const mm_memop *answer);

/* The whole walk on a port that always answers (asserts that it does). */
void mm_walk_translate_port(const mm_csrs *csrs, const mm_port *port, const mm_req *req, mm_walk *out);
/* The whole walk on the sparse memory (a port of latency 1). */
void mm_walk_translate(const mm_csrs *csrs, mm_mem *mem, const mm_req *req, mm_walk *out);

/* Permission checks of one leaf (step 6), shared by the walk and the TLB's
 * hit path, inline for the hit path's sake. True when the access is
 * allowed; mxr and sum are the effective bits. */
static inline bool mm_type_allowed(uint64_t pte, mm_access type, bool mxr) {
  switch (type) {
  case MM_LOAD: return (pte & PTE_R) || (mxr && (pte & PTE_X));
  case MM_STORE: return (pte & PTE_W) != 0;
  case MM_FETCH: return (pte & PTE_X) != 0;
  }
  return false;
}

/* A single-stage or VS-stage leaf. */
static inline bool mm_leaf_allows(uint64_t pte, mm_access type, mm_priv priv, bool sum, bool mxr) {
  if (priv == MM_PRIV_U && !(pte & PTE_U)) return false;
  /* Supervisor code never runs from U pages; SUM opens them to loads/stores. */
  if (priv == MM_PRIV_S && (pte & PTE_U) && (type == MM_FETCH || !sum)) return false;
  return mm_type_allowed(pte, type, mxr);
}

/* HLVX (the H extension: "the memory being read must be executable in both
 * stages of address translation, but read permission is not required"): a
 * leaf of the VS stage, checked as a load for U and SUM; of the G stage. */
static inline bool mm_leaf_allows_hlvx(uint64_t pte, mm_priv priv, bool sum) {
  if (priv == MM_PRIV_U && !(pte & PTE_U)) return false;
  if (priv == MM_PRIV_S && (pte & PTE_U) && !sum) return false;
  return (pte & PTE_X) != 0;
}
static inline bool mm_gleaf_allows_hlvx(uint64_t gpte) { return (gpte & PTE_U) && (gpte & PTE_X); }

/* A G-stage leaf: every G-stage access counts as a U-mode access. */
static inline bool mm_gleaf_allows(uint64_t gpte, mm_access type, bool mxr) {
  return (gpte & PTE_U) && mm_type_allowed(gpte, type, mxr);
}

/* Effective bits for a request (vsstatus for V=1). */
static inline bool mm_eff_sum(const mm_csrs *csrs, bool virt) {
  return ((virt ? csrs->vsstatus : csrs->mstatus) & MSTATUS_SUM) != 0;
}
static inline bool mm_eff_mxr_vs(const mm_csrs *csrs, bool virt) {
  return (csrs->mstatus & MSTATUS_MXR) || (virt && (csrs->vsstatus & MSTATUS_MXR));
}
static inline bool mm_eff_mxr_g(const mm_csrs *csrs) { return (csrs->mstatus & MSTATUS_MXR) != 0; }

/* Page-fault cause of an access type, and its guest-page-fault cause. */
uint8_t mm_page_fault_cause(mm_access type);
uint8_t mm_guest_page_fault_cause(mm_access type);

const char *mm_access_name(mm_access type); /* "r", "w", "x" */

#endif
