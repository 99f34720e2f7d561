/*
 * The architectural walk, mm_walk_translate(), held against the privileged
 * specification (20211203, with the H extension, Svnapot, Svpbmt, Svadu) and
 * the choices of shared/vectors/FORMAT.md: a table of cases. Every expected
 * address and PTE value below is written from the specification by hand: the
 * pages a case maps are chosen so that the translated address is a sum that
 * can be read off the table (page base + the address bits below the page
 * size). The address layout: tests/walk_layout.h.
 */
#include <criterion/parameterized.h>

#include "walk_layout.h"

typedef enum scheme {
  SV39,        /* single stage */
  SV48,        /* single stage */
  SV39_SV39X4, /* VS-stage over G-stage */
  SV48_SV48X4,
  BARE_SV39X4, /* vsatp Bare: G-stage alone */
  BARE_SV48X4,
  SV39_BARE, /* hgatp Bare: VS-stage alone */
  SV48_BARE,
} scheme;

static const struct {
  unsigned first, g; /* satp/vsatp MODE, hgatp MODE */
  bool virt;
} schemes[] = {
    [SV39] = {SATP_MODE_SV39, SATP_MODE_BARE, false},       [SV48] = {SATP_MODE_SV48, SATP_MODE_BARE, false},
    [SV39_SV39X4] = {SATP_MODE_SV39, SATP_MODE_SV39, true}, [SV48_SV48X4] = {SATP_MODE_SV48, SATP_MODE_SV48, true},
    [BARE_SV39X4] = {SATP_MODE_BARE, SATP_MODE_SV39, true}, [BARE_SV48X4] = {SATP_MODE_BARE, SATP_MODE_SV48, true},
    [SV39_BARE] = {SATP_MODE_SV39, SATP_MODE_BARE, true},   [SV48_BARE] = {SATP_MODE_SV48, SATP_MODE_BARE, true},
};

static int mode_levels(unsigned mode) { return mode == SATP_MODE_SV39 ? 3 : 4; }

typedef struct walk_case {
  /* An array, not a pointer: Criterion copies the parameter into a new
   * process, where a pointer into this one's data is not valid. */
  char name[96];
  scheme scheme;
  uint64_t va;
  mm_access type;
  mm_priv priv;
  /* The S- or VS-stage (unused when Bare): the leaf, and a pointer PTE on
   * its path (level bad_level > 0) with the bits bad_flip flipped. */
  int level;
  uint64_t leaf;
  int bad_level;
  uint64_t bad_flip;
  /* The G-stage leaf for the final GPA at gmap (gleaf 0: a 1 GiB leaf GD ->
   * PD allowing everything), a pointer on its path to flip, and the bits of
   * the G leaves mapping VS tables (0: V R W U A D). */
  int glevel;
  uint64_t gmap, gleaf;
  int gbad_level;
  uint64_t gbad_flip;
  uint64_t gtable;
  /* CSRs */
  uint64_t status;     /* mstatus (V=0) or vsstatus (V=1): SUM, MXR */
  uint64_t mstatus;    /* V=1: mstatus (MXR, SUM) */
  uint64_t env_clear;  /* cleared from ADUE|PBMTE in menvcfg (V=0) or henvcfg (V=1) */
  uint64_t genv_clear; /* V=1: cleared from ADUE|PBMTE in menvcfg */
  /* Expected */
  bool ok;
  uint64_t pa;
  uint8_t pbmt;
  uint8_t shift; /* combined page size; 0: not checked */
  uint8_t cause;
  uint64_t gpa;        /* of a guest-page fault */
  uint64_t want_leaf;  /* S/VS leaf afterwards; 0: unchanged */
  uint64_t want_gleaf; /* G leaf afterwards; 0: unchanged */
} walk_case;

#define AS_S                .priv = MM_PRIV_S
#define AS_U                .priv = MM_PRIV_U
#define STORE               .type = MM_STORE
#define FETCH               .type = MM_FETCH
#define OK(pa_, shift_)     .ok = true, .pa = (pa_), .shift = (shift_)
#define OKT(pa_, shift_, t) OK(pa_, shift_), .pbmt = (t)
#define PF(c)               .ok = false, .cause = (c)
#define GPF(c, g)           .ok = false, .cause = (c), .gpa = (g)

/* A case at VA; name is prefixed with the scheme. */
#define C(SCH, name_, ...)                                                                                             \
  { .scheme = SCH, .name = #SCH ": " name_, .va = VA, __VA_ARGS__ }
/* The usual S/VS 4 KiB leaf for VA, at GD + 0x7000. */
#define L4K(bits) .level = 0, .leaf = LEAF(GD + 0x7000, bits)
/* G-stage leaves for the GPA GD + 0x7678 of L4K: 4 KiB and 2 MiB, to GP. */
#define G4K(bits) .glevel = 0, .gmap = GD + 0x7000, .gleaf = LEAF(GP, bits)
#define G2M(bits) .glevel = 1, .gmap = GD, .gleaf = LEAF(GP, bits)
#define G_INVALID (PTE_R | PTE_W | PTE_X | PTE_U | AD) /* everything but V */

#define SAME(x)  (x)
#define VIA_G(x) ((x)-GD + PD)

/*
 * S-stage (or VS-stage) cases valid in every scheme with a first stage:
 * XPA maps the data address to the PA (the identity, or the default G leaf).
 */

/* Page sizes (4.3.2 step 8: a superpage's low PPN bits come from the VA; Svnapot: ppn[3:0] from vpn[0]). */
#define FIRST_STAGE_CASES_1(SCH, XPA)                                                                                  \
  C(SCH, "4K load", AS_S, L4K(VRW | AD), OK(XPA(GD + 0x7678), 12)),                                                    \
      C(SCH, "4K store", AS_S, STORE, L4K(VRW | AD), OK(XPA(GD + 0x7678), 12)),                                        \
      C(SCH, "4K fetch", AS_S, FETCH, L4K(VX | AD), OK(XPA(GD + 0x7678), 12)),                                         \
      C(SCH, "2M load", AS_S, .level = 1, .leaf = LEAF(GD + 0x200000, VRW | AD), OK(XPA(GD + 0x345678), 21)),          \
      C(SCH, "1G load", AS_S, .level = 2, .leaf = LEAF(GD, VRW | AD), OK(XPA(GD + 0x12345678), 30)),                   \
      C(SCH, "64K napot load", AS_S, .level = 0, .leaf = LEAF(GD + 0x18000, PTE_N | VRW | AD),                         \
        OK(XPA(GD + 0x15678), 16)),                                                                                    \
      C(SCH, "64K napot store", AS_S, STORE, .level = 0, .leaf = LEAF(GD + 0x18000, PTE_N | VRW | AD),                 \
        OK(XPA(GD + 0x15678), 16)),                                                                                    \
      C(SCH, "leaf with G", AS_S, L4K(VRW | AD | PTE_G), OK(XPA(GD + 0x7678), 12)),                                    \
      C(SCH, "pointer with G", AS_S, L4K(VRW | AD), .bad_level = 1, .bad_flip = PTE_G, OK(XPA(GD + 0x7678), 12))

/* Step 3: V=0, W without R, reserved bits 60:54, PBMT=3, PBMT while PBMTE=0. */
#define FIRST_STAGE_CASES_2(SCH, XPA)                                                                                  \
  C(SCH, "V=0 load", AS_S, L4K(PTE_R | PTE_W | AD), PF(13)),                                                           \
      C(SCH, "V=0 store", AS_S, STORE, L4K(PTE_R | PTE_W | AD), PF(15)),                                               \
      C(SCH, "V=0 fetch", AS_S, FETCH, L4K(PTE_R | PTE_X | AD), PF(12)),                                               \
      C(SCH, "W without R load", AS_S, L4K(PTE_V | PTE_W | AD), PF(13)),                                               \
      C(SCH, "W without R store", AS_S, STORE, L4K(PTE_V | PTE_W | AD), PF(15)),                                       \
      C(SCH, "WX without R fetch", AS_S, FETCH, L4K(PTE_V | PTE_W | PTE_X | AD), PF(12)),                              \
      C(SCH, "reserved bit 54", AS_S, L4K(VRW | AD | RSV(54)), PF(13)),                                                \
      C(SCH, "reserved bit 57 store", AS_S, STORE, L4K(VRW | AD | RSV(57)), PF(15)),                                   \
      C(SCH, "reserved bit 60 on 2M", AS_S, .level = 1, .leaf = LEAF(GD + 0x200000, VRW | AD | RSV(60)), PF(13)),      \
      C(SCH, "PBMT=3", AS_S, L4K(VRW | AD | PB(3)), PF(13)),                                                           \
      C(SCH, "PBMT=3 fetch", AS_S, FETCH, L4K(VX | AD | PB(3)), PF(12)),                                               \
      C(SCH, "PBMT=NC", AS_S, L4K(VRW | AD | PB(1)), OKT(XPA(GD + 0x7678), 12, PBMT_NC)),                              \
      C(SCH, "PBMT=IO", AS_S, STORE, L4K(VRW | AD | PB(2)), OKT(XPA(GD + 0x7678), 12, PBMT_IO)),                       \
      C(SCH, "PBMT=NC on 1G", AS_S, .level = 2, .leaf = LEAF(GD, VRW | AD | PB(1)),                                    \
        OKT(XPA(GD + 0x12345678), 30, PBMT_NC)),                                                                       \
      C(SCH, "PBMT=NC, PBMTE=0", AS_S, L4K(VRW | AD | PB(1)), .env_clear = ENVCFG_PBMTE, PF(13)),                      \
      C(SCH, "PBMT=IO, PBMTE=0 store", AS_S, STORE, L4K(VRW | AD | PB(2)), .env_clear = ENVCFG_PBMTE, PF(15)),         \
      C(SCH, "PBMT=0, PBMTE=0", AS_S, L4K(VRW | AD), .env_clear = ENVCFG_PBMTE, OK(XPA(GD + 0x7678), 12))

/* Step 4: pointers with A, D, U (reserved), N (Svnapot), PBMT (Svpbmt) set; V=0 on a pointer. */
#define FIRST_STAGE_CASES_3(SCH, XPA)                                                                                  \
  C(SCH, "pointer with A", AS_S, L4K(VRW | AD), .bad_level = 1, .bad_flip = PTE_A, PF(13)),                            \
      C(SCH, "pointer with D", AS_S, L4K(VRW | AD), .bad_level = 1, .bad_flip = PTE_D, PF(13)),                        \
      C(SCH, "pointer with U", AS_U, L4K(VRW | AD | PTE_U), .bad_level = 1, .bad_flip = PTE_U, PF(13)),                \
      C(SCH, "pointer with N", AS_S, L4K(VRW | AD), .bad_level = 1, .bad_flip = PTE_N, PF(13)),                        \
      C(SCH, "pointer with PBMT=NC", AS_S, L4K(VRW | AD), .bad_level = 1, .bad_flip = PB(1), PF(13)),                  \
      C(SCH, "pointer with PBMT=IO fetch", AS_S, FETCH, L4K(VX | AD), .bad_level = 1, .bad_flip = PB(2), PF(12)),      \
      C(SCH, "pointer with reserved bit 59", AS_S, L4K(VRW | AD), .bad_level = 1, .bad_flip = RSV(59), PF(13)),        \
      C(SCH, "pointer with W only", AS_S, STORE, L4K(VRW | AD), .bad_level = 1, .bad_flip = PTE_W, PF(15)),            \
      C(SCH, "pointer with V=0", AS_S, L4K(VRW | AD), .bad_level = 1, .bad_flip = PTE_V, PF(13)),                      \
      C(SCH, "pointer at level 0", AS_S, L4K(PTE_V), PF(13)),                                                          \
      C(SCH, "pointer at level 0 fetch", AS_S, FETCH, L4K(PTE_V | PTE_G), PF(12))

/* Svnapot: N only on a level-0 leaf with ppn[3:0] = 1000. */
#define FIRST_STAGE_CASES_4(SCH, XPA)                                                                                  \
  C(SCH, "N on 2M", AS_S, .level = 1, .leaf = LEAF(GD + 0x200000, PTE_N | VRW | AD), PF(13)),                          \
      C(SCH, "N on 1G", AS_S, .level = 2, .leaf = LEAF(GD, PTE_N | VRW | AD), PF(13)),                                 \
      C(SCH, "napot ppn[3:0]=0000", AS_S, .level = 0, .leaf = LEAF(GD + 0x10000, PTE_N | VRW | AD), PF(13)),           \
      C(SCH, "napot ppn[3:0]=0100", AS_S, .level = 0, .leaf = LEAF(GD + 0x14000, PTE_N | VRW | AD), PF(13)),           \
      C(SCH, "napot ppn[3:0]=1100", AS_S, .level = 0, .leaf = LEAF(GD + 0x1c000, PTE_N | VRW | AD), PF(13)),           \
      C(SCH, "napot ppn[3:0]=1001 store", AS_S, STORE, .level = 0, .leaf = LEAF(GD + 0x19000, PTE_N | VRW | AD),       \
        PF(15))

/* Step 6: misaligned superpages. */
#define FIRST_STAGE_CASES_5(SCH, XPA)                                                                                  \
  C(SCH, "misaligned 2M", AS_S, .level = 1, .leaf = LEAF(GD + 0x201000, VRW | AD), PF(13)),                            \
      C(SCH, "misaligned 2M store", AS_S, STORE, .level = 1, .leaf = LEAF(GD + 0x201000, VRW | AD), PF(15)),           \
      C(SCH, "misaligned 1G (ppn[9])", AS_S, .level = 2, .leaf = LEAF(GD + 0x200000, VRW | AD), PF(13)),               \
      C(SCH, "misaligned 1G (ppn[0]) fetch", AS_S, FETCH, .level = 2, .leaf = LEAF(GD + 0x1000, VX | AD), PF(12))

/* Step 5: R/W/X/U, SUM, MXR. */
#define FIRST_STAGE_CASES_6(SCH, XPA)                                                                                  \
  C(SCH, "store to R-only", AS_S, STORE, L4K(VR | AD), PF(15)),                                                        \
      C(SCH, "fetch from RW", AS_S, FETCH, L4K(VRW | AD), PF(12)),                                                     \
      C(SCH, "fetch from R-only", AS_S, FETCH, L4K(VR | AD), PF(12)),                                                  \
      C(SCH, "load from X-only", AS_S, L4K(VX | AD), PF(13)),                                                          \
      C(SCH, "load from X-only, MXR", AS_S, L4K(VX | AD), .status = MSTATUS_MXR, OK(XPA(GD + 0x7678), 12)),            \
      C(SCH, "store to X-only, MXR", AS_S, STORE, L4K(VX | AD), .status = MSTATUS_MXR, PF(15)),                        \
      C(SCH, "load from RX", AS_S, L4K(VRX | AD), OK(XPA(GD + 0x7678), 12)),                                           \
      C(SCH, "U load of U page", AS_U, L4K(VRW | AD | PTE_U), OK(XPA(GD + 0x7678), 12)),                               \
      C(SCH, "U store to U page", AS_U, STORE, L4K(VRW | AD | PTE_U), OK(XPA(GD + 0x7678), 12)),                       \
      C(SCH, "U fetch from U page", AS_U, FETCH, L4K(VX | AD | PTE_U), OK(XPA(GD + 0x7678), 12)),                      \
      C(SCH, "U load of S page", AS_U, L4K(VRW | AD), PF(13)),                                                         \
      C(SCH, "U store to S page", AS_U, STORE, L4K(VRW | AD), PF(15)),                                                 \
      C(SCH, "U fetch from S page", AS_U, FETCH, L4K(VRWX | AD), PF(12)),                                              \
      C(SCH, "U load of S page, SUM", AS_U, L4K(VRW | AD), .status = MSTATUS_SUM, PF(13)),                             \
      C(SCH, "U load of X-only U page, MXR", AS_U, L4K(VX | AD | PTE_U), .status = MSTATUS_MXR,                        \
        OK(XPA(GD + 0x7678), 12)),                                                                                     \
      C(SCH, "S load of U page", AS_S, L4K(VRW | AD | PTE_U), PF(13)),                                                 \
      C(SCH, "S store to U page", AS_S, STORE, L4K(VRW | AD | PTE_U), PF(15)),                                         \
      C(SCH, "S load of U page, SUM", AS_S, L4K(VRW | AD | PTE_U), .status = MSTATUS_SUM, OK(XPA(GD + 0x7678), 12)),   \
      C(SCH, "S store to U page, SUM", AS_S, STORE, L4K(VRW | AD | PTE_U), .status = MSTATUS_SUM,                      \
        OK(XPA(GD + 0x7678), 12)),                                                                                     \
      C(SCH, "S fetch from U page", AS_S, FETCH, L4K(VRWX | AD | PTE_U), PF(12)),                                      \
      C(SCH, "S fetch from U page, SUM", AS_S, FETCH, L4K(VRWX | AD | PTE_U), .status = MSTATUS_SUM, PF(12)),          \
      C(SCH, "S load of X-only U page, SUM+MXR", AS_S, L4K(VX | AD | PTE_U), .status = MSTATUS_SUM | MSTATUS_MXR,      \
        OK(XPA(GD + 0x7678), 12)),                                                                                     \
      C(SCH, "S load of X-only U page, MXR only", AS_S, L4K(VX | AD | PTE_U), .status = MSTATUS_MXR, PF(13))

/* Step 7: A/D, Svadu (ADUE=1: set in memory) or Svade (ADUE=0: fault). */
#define FIRST_STAGE_CASES_7(SCH, XPA)                                                                                  \
  C(SCH, "load sets A", AS_S, L4K(VRW), OK(XPA(GD + 0x7678), 12), .want_leaf = LEAF(GD + 0x7000, VRW | PTE_A)),        \
      C(SCH, "store sets A and D", AS_S, STORE, L4K(VRW), OK(XPA(GD + 0x7678), 12),                                    \
        .want_leaf = LEAF(GD + 0x7000, VRW | AD)),                                                                     \
      C(SCH, "store sets D", AS_S, STORE, L4K(VRW | PTE_A), OK(XPA(GD + 0x7678), 12),                                  \
        .want_leaf = LEAF(GD + 0x7000, VRW | AD)),                                                                     \
      C(SCH, "fetch sets A", AS_S, FETCH, L4K(VX), OK(XPA(GD + 0x7678), 12),                                           \
        .want_leaf = LEAF(GD + 0x7000, VX | PTE_A)),                                                                   \
      C(SCH, "load leaves D clear", AS_S, L4K(VRW | PTE_A), OK(XPA(GD + 0x7678), 12)),                                 \
      C(SCH, "load sets A, keeps G and PBMT", AS_S, L4K(VRW | PTE_G | PB(1)), OKT(XPA(GD + 0x7678), 12, PBMT_NC),      \
        .want_leaf = LEAF(GD + 0x7000, VRW | PTE_G | PB(1) | PTE_A)),                                                  \
      C(SCH, "2M store sets A and D", AS_S, STORE, .level = 1, .leaf = LEAF(GD + 0x200000, VRW),                       \
        OK(XPA(GD + 0x345678), 21), .want_leaf = LEAF(GD + 0x200000, VRW | AD)),                                       \
      C(SCH, "1G fetch sets A", AS_S, FETCH, .level = 2, .leaf = LEAF(GD, VX), OK(XPA(GD + 0x12345678), 30),           \
        .want_leaf = LEAF(GD, VX | PTE_A)),                                                                            \
      C(SCH, "napot load sets A", AS_S, .level = 0, .leaf = LEAF(GD + 0x18000, PTE_N | VRW),                           \
        OK(XPA(GD + 0x15678), 16), .want_leaf = LEAF(GD + 0x18000, PTE_N | VRW | PTE_A)),                              \
      C(SCH, "A=0, ADUE=0 load", AS_S, L4K(VRW), .env_clear = ENVCFG_ADUE, PF(13)),                                    \
      C(SCH, "A=0, ADUE=0 store", AS_S, STORE, L4K(VRW | PTE_D), .env_clear = ENVCFG_ADUE, PF(15)),                    \
      C(SCH, "A=0, ADUE=0 fetch", AS_S, FETCH, L4K(VX), .env_clear = ENVCFG_ADUE, PF(12)),                             \
      C(SCH, "D=0, ADUE=0 store", AS_S, STORE, L4K(VRW | PTE_A), .env_clear = ENVCFG_ADUE, PF(15)),                    \
      C(SCH, "D=0, ADUE=0 load", AS_S, L4K(VRW | PTE_A), .env_clear = ENVCFG_ADUE, OK(XPA(GD + 0x7678), 12)),          \
      C(SCH, "A=0 without permission: fault, no write", AS_S, STORE, L4K(VR), PF(15)),                                 \
      C(SCH, "A=0 on misaligned 2M: fault, no write", AS_S, .level = 1, .leaf = LEAF(GD + 0x201000, VRW), PF(13)),     \
      C(SCH, "A=0 on bad napot: fault, no write", AS_S, .level = 0, .leaf = LEAF(GD + 0x10000, PTE_N | VRW), PF(13))

#define FIRST_STAGE_CASES(SCH, XPA)                                                                                    \
  FIRST_STAGE_CASES_1(SCH, XPA), FIRST_STAGE_CASES_2(SCH, XPA), FIRST_STAGE_CASES_3(SCH, XPA),                         \
      FIRST_STAGE_CASES_4(SCH, XPA), FIRST_STAGE_CASES_5(SCH, XPA), FIRST_STAGE_CASES_6(SCH, XPA),                     \
      FIRST_STAGE_CASES_7(SCH, XPA)

/* Cases of a VS-stage over a G-stage. LEAF_GPA is the GPA of the VS leaf
 * PTE of L4K (the third table for Sv39, the fourth for Sv48, index 0x145);
 * BEYOND is the first GPA the G-stage cannot translate (2^41 or 2^50). */

/* G-stage page sizes; the combined page is the smaller one. */
#define TWO_STAGE_CASES_1(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "G 4K", AS_S, L4K(VRW | AD), G4K(GOK), OK(GP + 0x678, 12)),                                                   \
      C(SCH, "G 2M", AS_S, L4K(VRW | AD), G2M(GOK), OK(GP + 0x7678, 12)),                                              \
      C(SCH, "G napot 64K", AS_S, L4K(VRW | AD), .glevel = 0, .gmap = GD + 0x7000,                                     \
        .gleaf = LEAF(GP + 0x8000, PTE_N | GOK), OK(GP + 0x7678, 12)),                                                 \
      C(SCH, "VS 2M over G 4K", AS_S, .level = 1, .leaf = LEAF(GD + 0x200000, VRW | AD), .glevel = 0,                  \
        .gmap = GD + 0x345000, .gleaf = LEAF(GP, GOK), OK(GP + 0x678, 12)),                                            \
      C(SCH, "VS 1G over G 2M", AS_S, .level = 2, .leaf = LEAF(GD, VRW | AD), .glevel = 1, .gmap = GD + 0x12200000,    \
        .gleaf = LEAF(GP, GOK), OK(GP + 0x145678, 21)),                                                                \
      C(SCH, "VS napot over G 2M", AS_S, .level = 0, .leaf = LEAF(GD + 0x18000, PTE_N | VRW | AD), G2M(GOK),           \
        OK(GP + 0x15678, 16))

/* G-stage leaf faults: guest-page faults at the GPA GD + 0x7678. */
#define TWO_STAGE_CASES_2(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "G leaf without U", AS_S, L4K(VRW | AD), G4K(VRWX | AD), GPF(21, GD + 0x7678)),                               \
      C(SCH, "G leaf without U, VU-mode", AS_U, L4K(VRW | AD | PTE_U), G4K(VRWX | AD), GPF(21, GD + 0x7678)),          \
      C(SCH, "G leaf V=0", AS_S, L4K(VRW | AD), G4K(G_INVALID), GPF(21, GD + 0x7678)),                                 \
      C(SCH, "G leaf V=0 store", AS_S, STORE, L4K(VRW | AD), G4K(G_INVALID), GPF(23, GD + 0x7678)),                    \
      C(SCH, "G leaf V=0 fetch", AS_S, FETCH, L4K(VRWX | AD), G4K(G_INVALID), GPF(20, GD + 0x7678)),                   \
      C(SCH, "G W without R", AS_S, STORE, L4K(VRW | AD), G4K(PTE_V | PTE_W | PTE_U | AD), GPF(23, GD + 0x7678)),      \
      C(SCH, "G reserved bit 55", AS_S, L4K(VRW | AD), G4K(GOK | RSV(55)), GPF(21, GD + 0x7678)),                      \
      C(SCH, "G PBMT=3", AS_S, L4K(VRW | AD), G4K(GOK | PB(3)), GPF(21, GD + 0x7678)),                                 \
      C(SCH, "G PBMT=NC, menvcfg.PBMTE=0", AS_S, L4K(VRW | AD), G4K(GOK | PB(1)), .genv_clear = ENVCFG_PBMTE,          \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "G N on 2M", AS_S, L4K(VRW | AD), G2M(PTE_N | GOK), GPF(21, GD + 0x7678)),                                \
      C(SCH, "G napot ppn[3:0]=0000", AS_S, L4K(VRW | AD), G4K(PTE_N | GOK), GPF(21, GD + 0x7678)),                    \
      C(SCH, "G misaligned 2M", AS_S, L4K(VRW | AD), .glevel = 1, .gmap = GD, .gleaf = LEAF(GP + 0x1000, GOK),         \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "G pointer at level 0", AS_S, L4K(VRW | AD), G4K(PTE_V), GPF(21, GD + 0x7678)),                           \
      C(SCH, "G pointer with A", AS_S, L4K(VRW | AD), G4K(GOK), .gbad_level = 1, .gbad_flip = PTE_A,                   \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "G pointer with D", AS_S, STORE, L4K(VRW | AD), G4K(GOK), .gbad_level = 1, .gbad_flip = PTE_D,            \
        GPF(23, GD + 0x7678)),                                                                                         \
      C(SCH, "G pointer with U", AS_S, L4K(VRW | AD), G4K(GOK), .gbad_level = 1, .gbad_flip = PTE_U,                   \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "G pointer with N", AS_S, FETCH, L4K(VRWX | AD), G4K(GOK), .gbad_level = 1, .gbad_flip = PTE_N,           \
        GPF(20, GD + 0x7678)),                                                                                         \
      C(SCH, "G pointer with PBMT=IO", AS_S, L4K(VRW | AD), G4K(GOK), .gbad_level = 1, .gbad_flip = PB(2),             \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "G pointer with V=0", AS_S, L4K(VRW | AD), G4K(GOK), .gbad_level = 1, .gbad_flip = PTE_V,                 \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "G pointer with G (ignored)", AS_S, L4K(VRW | AD), G4K(GOK), .gbad_level = 1, .gbad_flip = PTE_G,         \
        OK(GP + 0x678, 12)),                                                                                           \
      C(SCH, "G leaf with G (ignored)", AS_S, L4K(VRW | AD), G4K(GOK | PTE_G), OK(GP + 0x678, 12))

/* G-stage permissions: every access is a U-mode access; MXR from mstatus only. */
#define TWO_STAGE_CASES_3(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "G store to R-only", AS_S, STORE, L4K(VRW | AD), G4K(VRX | PTE_U | AD), GPF(23, GD + 0x7678)),                \
      C(SCH, "G fetch from RW", AS_S, FETCH, L4K(VRWX | AD), G4K(VRW | PTE_U | AD), GPF(20, GD + 0x7678)),             \
      C(SCH, "G load from X-only", AS_S, L4K(VRW | AD), G4K(VX | PTE_U | AD), GPF(21, GD + 0x7678)),                   \
      C(SCH, "G load from X-only, mstatus.MXR", AS_S, L4K(VRW | AD), G4K(VX | PTE_U | AD), .mstatus = MSTATUS_MXR,     \
        OK(GP + 0x678, 12)),                                                                                           \
      C(SCH, "G load from X-only, vsstatus.MXR", AS_S, L4K(VRW | AD), G4K(VX | PTE_U | AD), .status = MSTATUS_MXR,     \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "VS X-only, vsstatus.MXR", AS_S, L4K(VX | AD), G4K(GOK), .status = MSTATUS_MXR, OK(GP + 0x678, 12)),      \
      C(SCH, "VS X-only, mstatus.MXR", AS_S, L4K(VX | AD), G4K(GOK), .mstatus = MSTATUS_MXR, OK(GP + 0x678, 12)),      \
      C(SCH, "VS X-only, no MXR", AS_S, L4K(VX | AD), G4K(GOK), PF(13)),                                               \
      C(SCH, "VS and G X-only, vsstatus.MXR", AS_S, L4K(VX | AD), G4K(VX | PTE_U | AD), .status = MSTATUS_MXR,         \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "VS and G X-only, mstatus.MXR", AS_S, L4K(VX | AD), G4K(VX | PTE_U | AD), .mstatus = MSTATUS_MXR,         \
        OK(GP + 0x678, 12)),                                                                                           \
      C(SCH, "VS U page, mstatus.SUM only", AS_S, L4K(VRW | AD | PTE_U), .mstatus = MSTATUS_SUM, PF(13)),              \
      C(SCH, "VS U page, vsstatus.SUM", AS_S, L4K(VRW | AD | PTE_U), .status = MSTATUS_SUM, G4K(GOK),                  \
        OK(GP + 0x678, 12))

/* G-stage A/D. */
#define TWO_STAGE_CASES_4(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "G load sets A", AS_S, L4K(VRW | AD), G4K(VRWX | PTE_U), OK(GP + 0x678, 12),                                  \
    .want_gleaf = LEAF(GP, VRWX | PTE_U | PTE_A)),                                                                     \
      C(SCH, "G store sets A and D", AS_S, STORE, L4K(VRW | AD), G4K(VRWX | PTE_U), OK(GP + 0x678, 12),                \
        .want_gleaf = LEAF(GP, GOK)),                                                                                  \
      C(SCH, "G store sets D on 2M", AS_S, STORE, L4K(VRW | AD), G2M(VRWX | PTE_U | PTE_A), OK(GP + 0x7678, 12),       \
        .want_gleaf = LEAF(GP, GOK)),                                                                                  \
      C(SCH, "G A=0, menvcfg.ADUE=0", AS_S, L4K(VRW | AD), G4K(VRWX | PTE_U), .genv_clear = ENVCFG_ADUE,               \
        GPF(21, GD + 0x7678)),                                                                                         \
      C(SCH, "G D=0 store, menvcfg.ADUE=0", AS_S, STORE, L4K(VRW | AD), G4K(VRWX | PTE_U | PTE_A),                     \
        .genv_clear = ENVCFG_ADUE, GPF(23, GD + 0x7678)),                                                              \
      C(SCH, "G A=0 fetch, menvcfg.ADUE=0", AS_S, FETCH, L4K(VRWX | AD), G4K(VRWX | PTE_U), .genv_clear = ENVCFG_ADUE, \
        GPF(20, GD + 0x7678)),                                                                                         \
      C(SCH, "G A=0, henvcfg.ADUE=0 (G uses menvcfg)", AS_S, L4K(VRW | AD), G4K(VRWX | PTE_U),                         \
        .env_clear = ENVCFG_ADUE, OK(GP + 0x678, 12), .want_gleaf = LEAF(GP, VRWX | PTE_U | PTE_A))

/* The G leaves of the pages holding VS tables (implicit accesses: as U loads, without MXR). */
#define TWO_STAGE_CASES_5(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "VS table page X-only, mstatus.MXR", AS_S, L4K(VRW | AD), .gtable = VX | PTE_U | AD, .mstatus = MSTATUS_MXR,  \
    GPF(21, ROOT)),                                                                                                    \
      C(SCH, "VS table page without U", AS_S, L4K(VRW | AD), .gtable = VRW | AD, GPF(21, ROOT)),                       \
      C(SCH, "VS table page without U, store", AS_S, STORE, L4K(VRW | AD), .gtable = VRW | AD, GPF(23, ROOT)),         \
      C(SCH, "VS table page without U, fetch", AS_S, FETCH, L4K(VX | AD), .gtable = VRW | AD, GPF(20, ROOT)),          \
      C(SCH, "VS table page V=0", AS_S, L4K(VRW | AD), .gtable = G_INVALID, GPF(21, ROOT)),                            \
      C(SCH, "VS table page W without R", AS_S, L4K(VRW | AD), .gtable = PTE_V | PTE_W | PTE_U | AD, GPF(21, ROOT)),   \
      C(SCH, "VS table page A=0, menvcfg.ADUE=0", AS_S, L4K(VRW | AD), .gtable = VRW | PTE_U,                          \
        .genv_clear = ENVCFG_ADUE, GPF(21, ROOT)),                                                                     \
      C(SCH, "VS table page R-only, VS leaf A set", AS_S, L4K(VRW | AD), .gtable = VR | PTE_U | AD,                    \
        OK(PD + 0x7678, 12)),                                                                                          \
      C(SCH, "VS table page R-only, VS leaf A=0", AS_S, L4K(VRW), .gtable = VR | PTE_U | AD, GPF(21, LEAF_GPA)),       \
      C(SCH, "VS table page R-only, VS leaf D=0 store", AS_S, STORE, L4K(VRW | PTE_A), .gtable = VR | PTE_U | AD,      \
        GPF(23, LEAF_GPA)),                                                                                            \
      C(SCH, "VS table page R-only, VS leaf A=0, henvcfg.ADUE=0", AS_S, L4K(VRW), .gtable = VR | PTE_U | AD,           \
        .env_clear = ENVCFG_ADUE, PF(13))

/* GPA wider than the G-stage takes (Guest Physical Address Translation: bits 63:41 or 63:50 must be zero). */
#define TWO_STAGE_CASES_6(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "final GPA beyond the G-stage", AS_S, .level = 0, .leaf = LEAF(BEYOND + 0x7000, VRW | AD),                    \
    GPF(21, BEYOND + 0x7678)),                                                                                         \
      C(SCH, "final GPA beyond the G-stage, store", AS_S, STORE, .level = 0, .leaf = LEAF(BEYOND + 0x7000, VRW | AD),  \
        GPF(23, BEYOND + 0x7678)),                                                                                     \
      C(SCH, "final GPA beyond the G-stage, fetch", AS_S, FETCH, .level = 0, .leaf = LEAF(BEYOND + 0x7000, VX | AD),   \
        GPF(20, BEYOND + 0x7678))

/* All VS-stage checks come before the final G-stage translation. */
#define TWO_STAGE_CASES_7(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "VS perm fault wins over guest fault", AS_S, STORE, L4K(VR | AD), G4K(G_INVALID), PF(15)),                    \
      C(SCH, "VS SUM fault wins over guest fault", AS_S, L4K(VRW | AD | PTE_U), G4K(G_INVALID), PF(13)),               \
      C(SCH, "VS A fault wins over guest fault", AS_S, L4K(VRW), G4K(G_INVALID), .env_clear = ENVCFG_ADUE, PF(13)),    \
      C(SCH, "VS A written before final guest fault", AS_S, L4K(VRW), G4K(G_INVALID), GPF(21, GD + 0x7678),            \
        .want_leaf = LEAF(GD + 0x7000, VRW | PTE_A)),                                                                  \
      C(SCH, "VS A/D written before final guest fault", AS_S, STORE, L4K(VRW), G4K(G_INVALID), GPF(23, GD + 0x7678),   \
        .want_leaf = LEAF(GD + 0x7000, VRW | AD)),                                                                     \
      C(SCH, "VS A written, final G leaf without U", AS_S, L4K(VRW), G4K(VRWX | AD), GPF(21, GD + 0x7678),             \
        .want_leaf = LEAF(GD + 0x7000, VRW | PTE_A))

/* henvcfg.ADUE/PBMTE read as zero while menvcfg's are clear. */
#define TWO_STAGE_CASES_8(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "henvcfg.ADUE gated by menvcfg", AS_S, L4K(VRW), .genv_clear = ENVCFG_ADUE, PF(13)),                          \
      C(SCH, "henvcfg.ADUE=0, menvcfg.ADUE=1", AS_S, L4K(VRW), .env_clear = ENVCFG_ADUE, PF(13)),                      \
      C(SCH, "henvcfg.PBMTE gated by menvcfg", AS_S, L4K(VRW | AD | PB(1)), .genv_clear = ENVCFG_PBMTE, PF(13)),       \
      C(SCH, "henvcfg.PBMTE=0: VS PBMT faults", AS_S, L4K(VRW | AD | PB(1)), .env_clear = ENVCFG_PBMTE, PF(13)),       \
      C(SCH, "henvcfg.PBMTE=0: G PBMT works", AS_S, L4K(VRW | AD), G4K(GOK | PB(2)), .env_clear = ENVCFG_PBMTE,        \
        OKT(GP + 0x678, 12, PBMT_IO))

/* Memory type: the VS leaf's PBMT if nonzero, else the G leaf's, else PMA. */
#define TWO_STAGE_CASES_9(SCH, LEAF_GPA, BEYOND)                                                                       \
  C(SCH, "type: VS PMA, G PMA", AS_S, L4K(VRW | AD), G4K(GOK), OKT(GP + 0x678, 12, PBMT_PMA)),                         \
      C(SCH, "type: VS PMA, G NC", AS_S, L4K(VRW | AD), G4K(GOK | PB(1)), OKT(GP + 0x678, 12, PBMT_NC)),               \
      C(SCH, "type: VS PMA, G IO", AS_S, L4K(VRW | AD), G4K(GOK | PB(2)), OKT(GP + 0x678, 12, PBMT_IO)),               \
      C(SCH, "type: VS NC, G IO", AS_S, L4K(VRW | AD | PB(1)), G4K(GOK | PB(2)), OKT(GP + 0x678, 12, PBMT_NC)),        \
      C(SCH, "type: VS IO, G NC", AS_S, L4K(VRW | AD | PB(2)), G4K(GOK | PB(1)), OKT(GP + 0x678, 12, PBMT_IO)),        \
      C(SCH, "type: VS IO, G PMA", AS_S, L4K(VRW | AD | PB(2)), G4K(GOK), OKT(GP + 0x678, 12, PBMT_IO))

#define TWO_STAGE_CASES(SCH, LEAF_GPA, BEYOND)                                                                         \
  TWO_STAGE_CASES_1(SCH, LEAF_GPA, BEYOND), TWO_STAGE_CASES_2(SCH, LEAF_GPA, BEYOND),                                  \
      TWO_STAGE_CASES_3(SCH, LEAF_GPA, BEYOND), TWO_STAGE_CASES_4(SCH, LEAF_GPA, BEYOND),                              \
      TWO_STAGE_CASES_5(SCH, LEAF_GPA, BEYOND), TWO_STAGE_CASES_6(SCH, LEAF_GPA, BEYOND),                              \
      TWO_STAGE_CASES_7(SCH, LEAF_GPA, BEYOND), TWO_STAGE_CASES_8(SCH, LEAF_GPA, BEYOND),                              \
      TWO_STAGE_CASES_9(SCH, LEAF_GPA, BEYOND)

/* vsatp Bare: the VA is the GPA; GW is the G-stage's GPA width. */
#define BARE_G_CASES(SCH, GW)                                                                                          \
  {.scheme = SCH, .name = #SCH ": GPA in range, not Sv39-canonical", AS_S, .va = GD + 0x7678, OK(PD + 0x7678, 30)},    \
      {.scheme = SCH, .name = #SCH ": VU load", AS_U, .va = GD + 0x7678, OK(PD + 0x7678, 30)},                         \
      {.scheme = SCH, .name = #SCH ": G 4K", AS_S, .va = GD + 0x7678, G4K(GOK), OK(GP + 0x678, 12)},                   \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": G napot",                                                                                       \
       AS_S,                                                                                                           \
       .va = GD + 0x7678,                                                                                              \
       .glevel = 0,                                                                                                    \
       .gmap = GD + 0x7000,                                                                                            \
       .gleaf = LEAF(GP + 0x8000, PTE_N | GOK),                                                                        \
       OK(GP + 0x7678, 16)},                                                                                           \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": GPA at 2^GW",                                                                                   \
       AS_S,                                                                                                           \
       .va = (1ull << (GW)) | 0x678,                                                                                   \
       GPF(21, (1ull << (GW)) | 0x678)},                                                                               \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": GPA at 2^GW store",                                                                             \
       AS_S,                                                                                                           \
       STORE,                                                                                                          \
       .va = (1ull << (GW)) | 0x678,                                                                                   \
       GPF(23, (1ull << (GW)) | 0x678)},                                                                               \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": GPA at 2^GW fetch",                                                                             \
       AS_U,                                                                                                           \
       FETCH,                                                                                                          \
       .va = (1ull << (GW)) | 0x678,                                                                                   \
       GPF(20, (1ull << (GW)) | 0x678)},                                                                               \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": GPA with bit 63",                                                                               \
       AS_S,                                                                                                           \
       .va = 0x8000000000000678ull,                                                                                    \
       GPF(21, 0x8000000000000678ull)},                                                                                \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": G leaf without U",                                                                              \
       AS_S,                                                                                                           \
       .va = GD + 0x7678,                                                                                              \
       G4K(VRWX | AD),                                                                                                 \
       GPF(21, GD + 0x7678)},                                                                                          \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": G store sets A and D",                                                                          \
       AS_S,                                                                                                           \
       STORE,                                                                                                          \
       .va = GD + 0x7678,                                                                                              \
       G4K(VRWX | PTE_U),                                                                                              \
       OK(GP + 0x678, 12),                                                                                             \
       .want_gleaf = LEAF(GP, GOK)},                                                                                   \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": G X-only, vsstatus.MXR",                                                                        \
       AS_S,                                                                                                           \
       .va = GD + 0x7678,                                                                                              \
       G4K(VX | PTE_U | AD),                                                                                           \
       .status = MSTATUS_MXR,                                                                                          \
       GPF(21, GD + 0x7678)},                                                                                          \
      {.scheme = SCH,                                                                                                  \
       .name = #SCH ": G X-only, mstatus.MXR",                                                                         \
       AS_S,                                                                                                           \
       .va = GD + 0x7678,                                                                                              \
       G4K(VX | PTE_U | AD),                                                                                           \
       .mstatus = MSTATUS_MXR,                                                                                         \
       OK(GP + 0x678, 12)},                                                                                            \
  {                                                                                                                    \
    .scheme = SCH, .name = #SCH ": G PBMT=NC", AS_S, .va = GD + 0x7678, G4K(GOK | PB(1)), OKT(GP + 0x678, 12, PBMT_NC) \
  }

static walk_case walk_cases[] = {
    FIRST_STAGE_CASES(SV39, SAME),
    FIRST_STAGE_CASES(SV48, SAME),
    FIRST_STAGE_CASES(SV39_SV39X4, VIA_G),
    FIRST_STAGE_CASES(SV48_SV48X4, VIA_G),
    FIRST_STAGE_CASES(SV39_BARE, SAME),
    FIRST_STAGE_CASES(SV48_BARE, SAME),
    TWO_STAGE_CASES(SV39_SV39X4, 0x80002000ull + 0x145 * 8, (1ull << 41)),
    TWO_STAGE_CASES(SV48_SV48X4, 0x80003000ull + 0x145 * 8, (1ull << 50)),
    BARE_G_CASES(BARE_SV39X4, 41),
    BARE_G_CASES(BARE_SV48X4, 50),

    /* Sv39 only: canonical addresses are sign-extended from bit 38. */
    {.scheme = SV39, .name = "SV39: VA bit 38 set, upper clear", AS_S, .va = 0x4000000000ull, L4K(VRW | AD), PF(13)},
    {.scheme = SV39,
     .name = "SV39: VA bit 38 clear, upper set",
     AS_S,
     STORE,
     .va = 0xffffff8012345678ull,
     L4K(VRW | AD),
     PF(15)},
    {.scheme = SV39, .name = "SV39: VA bit 63 only", AS_S, FETCH, .va = 0x8000000012345678ull, L4K(VX | AD), PF(12)},
    {.scheme = SV39,
     .name = "SV39: high canonical VA",
     AS_S,
     .va = 0xffffffc012345678ull,
     L4K(VRW | AD),
     OK(GD + 0x7678, 12)},
    {.scheme = SV39,
     .name = "SV39: high canonical VA, 1G",
     AS_S,
     .va = 0xffffffc012345678ull,
     .level = 2,
     .leaf = LEAF(GD, VRW | AD),
     OK(GD + 0x12345678, 30)},
    {.scheme = SV39,
     .name = "SV39: root pointer with A",
     AS_S,
     .va = VA,
     L4K(VRW | AD),
     .bad_level = 2,
     .bad_flip = PTE_A,
     PF(13)},
    {.scheme = SV39,
     .name = "SV39: root pointer with U",
     AS_S,
     .va = VA,
     L4K(VRW | AD),
     .bad_level = 2,
     .bad_flip = PTE_U,
     PF(13)},
    {.scheme = SV39,
     .name = "SV39: 2M leaf under pointer with D",
     AS_S,
     .va = VA,
     .level = 1,
     .leaf = LEAF(GD + 0x200000, VRW | AD),
     .bad_level = 2,
     .bad_flip = PTE_D,
     PF(13)},

    /* Sv48 only: 512 GiB pages, canonical from bit 47, a fourth level. */
    {.scheme = SV48,
     .name = "SV48: 512G load",
     AS_S,
     .va = VA,
     .level = 3,
     .leaf = LEAF(GD, VRW | AD),
     OK(GD + 0x12345678, 39)},
    {.scheme = SV48,
     .name = "SV48: 512G high offset",
     AS_S,
     .va = 0x7654321008ull,
     .level = 3,
     .leaf = LEAF(GD, VRW | AD),
     OK(GD + 0x7654321008ull, 39)},
    {.scheme = SV48,
     .name = "SV48: 512G store sets A and D",
     AS_S,
     STORE,
     .va = VA,
     .level = 3,
     .leaf = LEAF(GD, VRW),
     OK(GD + 0x12345678, 39),
     .want_leaf = LEAF(GD, VRW | AD)},
    {.scheme = SV48,
     .name = "SV48: misaligned 512G (ppn[18])",
     AS_S,
     .va = VA,
     .level = 3,
     .leaf = LEAF(GD + 0x40000000, VRW | AD),
     PF(13)},
    {.scheme = SV48,
     .name = "SV48: misaligned 512G (ppn[0])",
     AS_S,
     STORE,
     .va = VA,
     .level = 3,
     .leaf = LEAF(GD + 0x1000, VRW | AD),
     PF(15)},
    {.scheme = SV48, .name = "SV48: N on 512G", AS_S, .va = VA, .level = 3, .leaf = LEAF(GD, PTE_N | VRW | AD), PF(13)},
    {.scheme = SV48,
     .name = "SV48: VA bit 38 is canonical",
     AS_S,
     .va = 0x4012345678ull,
     L4K(VRW | AD),
     OK(GD + 0x7678, 12)},
    {.scheme = SV48, .name = "SV48: VA bit 47 set, upper clear", AS_S, .va = 0x800000000000ull, L4K(VRW | AD), PF(13)},
    {.scheme = SV48,
     .name = "SV48: VA bit 47 clear, upper set",
     AS_S,
     FETCH,
     .va = 0xffff000012345678ull,
     L4K(VX | AD),
     PF(12)},
    {.scheme = SV48,
     .name = "SV48: high canonical VA",
     AS_S,
     .va = 0xffff800012345678ull,
     L4K(VRW | AD),
     OK(GD + 0x7678, 12)},
    {.scheme = SV48,
     .name = "SV48: root pointer with D",
     AS_S,
     .va = VA,
     L4K(VRW | AD),
     .bad_level = 3,
     .bad_flip = PTE_D,
     PF(13)},
    {.scheme = SV48,
     .name = "SV48: level-2 pointer with N",
     AS_S,
     .va = VA,
     L4K(VRW | AD),
     .bad_level = 2,
     .bad_flip = PTE_N,
     PF(13)},
    {.scheme = SV48,
     .name = "SV48: level-2 pointer with PBMT=NC",
     AS_S,
     .va = VA,
     L4K(VRW | AD),
     .bad_level = 2,
     .bad_flip = PB(1),
     PF(13)},

    /* Two-stage extras: 512 GiB pages, non-canonical guest VAs. */
    {.scheme = SV48_SV48X4,
     .name = "SV48_SV48X4: G 512G",
     AS_S,
     .va = VA,
     L4K(VRW | AD),
     .glevel = 3,
     .gmap = GD,
     .gleaf = LEAF(0x8000000000ull, GOK),
     OK(0x8000007678ull, 12)},
    {.scheme = SV48_SV48X4,
     .name = "SV48_SV48X4: G misaligned 512G",
     AS_S,
     .va = VA,
     L4K(VRW | AD),
     .glevel = 3,
     .gmap = GD,
     .gleaf = LEAF(0x8040000000ull, GOK),
     GPF(21, GD + 0x7678)},
    {.scheme = SV48_SV48X4,
     .name = "SV48_SV48X4: VS 512G over G 1G",
     AS_S,
     .va = VA,
     .level = 3,
     .leaf = LEAF(GD, VRW | AD),
     OK(PD + 0x12345678, 30)},
    {.scheme = SV39_SV39X4,
     .name = "SV39_SV39X4: non-canonical guest VA",
     AS_S,
     .va = 0x4000000000ull,
     L4K(VRW | AD),
     PF(13)},
    {.scheme = SV48_SV48X4,
     .name = "SV48_SV48X4: non-canonical guest VA",
     AS_S,
     STORE,
     .va = 0x800000000000ull,
     L4K(VRW | AD),
     PF(15)},
    {.scheme = SV39_BARE,
     .name = "SV39_BARE: non-canonical guest VA",
     AS_S,
     FETCH,
     .va = 0x4000000000ull,
     L4K(VX | AD),
     PF(12)},
};

/* Builds the case's tables and CSRs, runs the walk, checks the outcome and
 * the leaves left in memory. */
static void run_case(const walk_case *c) {
  const unsigned first_mode = schemes[c->scheme].first, g_mode = schemes[c->scheme].g;
  const bool virt = schemes[c->scheme].virt;
  mm_mem *mem = mm_mem_new();
  mm_csrs csrs = {0};
  pt_builder g, first;
  uint64_t leaf_pa = 0, gleaf_pa = 0, gleaf = 0;

  if (g_mode != SATP_MODE_BARE) {
    pt_init(&g, mem, G_ROOT, mode_levels(g_mode), 2, G_ROOT + 0x4000);
    csrs.hgatp = atp_make(g_mode, 0, G_ROOT);
  }
  if (first_mode != SATP_MODE_BARE) {
    pt_init(&first, mem, ROOT, mode_levels(first_mode), 0, ROOT + 0x1000);
    if (g_mode != SATP_MODE_BARE) must_attach_g(&first, &g, VS_PA_OFFSET, c->gtable ? c->gtable : VRW | PTE_U | AD);
    leaf_pa = must_map(&first, c->va, c->level, c->leaf);
    if (c->bad_level) {
      uint64_t slot = must_slot(&first, c->va, c->bad_level);
      mm_mem_write64(mem, slot, mm_mem_read64(mem, slot) ^ c->bad_flip);
    }
    *(virt ? &csrs.vsatp : &csrs.satp) = atp_make(first_mode, 0, ROOT);
  }
  if (g_mode != SATP_MODE_BARE) {
    int glevel = c->gleaf ? c->glevel : 2;
    uint64_t gmap = c->gleaf ? c->gmap : GD;
    gleaf = c->gleaf ? c->gleaf : LEAF(PD, GOK);
    gleaf_pa = must_map(&g, gmap, glevel, gleaf);
    if (c->gbad_level) {
      uint64_t slot = must_slot(&g, gmap, c->gbad_level);
      mm_mem_write64(mem, slot, mm_mem_read64(mem, slot) ^ c->gbad_flip);
    }
  }
  if (virt) {
    csrs.vsstatus = c->status;
    csrs.mstatus = c->mstatus;
    csrs.henvcfg = ENV_ALL & ~c->env_clear;
    csrs.menvcfg = ENV_ALL & ~c->genv_clear;
  } else {
    csrs.mstatus = c->status | c->mstatus;
    csrs.menvcfg = ENV_ALL & ~c->env_clear;
  }

  mm_req req = {.va = c->va, .type = c->type, .priv = c->priv, .virt = virt};
  mm_walk w;
  mm_walk_translate(&csrs, mem, &req, &w);

  if (c->ok) {
    cr_assert(w.ok, "%s: faulted with cause %u (gpa %#" PRIx64 "), want pa %#" PRIx64, c->name, w.cause, w.gpa, c->pa);
    assert_eq_hex(w.pa, c->pa, "%s: va %#" PRIx64 " pa", c->name, c->va);
    cr_assert_eq(w.pbmt, c->pbmt, "%s: pbmt %u, want %u", c->name, w.pbmt, c->pbmt);
    if (c->shift) cr_assert_eq(w.shift, c->shift, "%s: page shift %u, want %u", c->name, w.shift, c->shift);
  } else {
    cr_assert(!w.ok, "%s: translated to pa %#" PRIx64 ", want fault cause %u", c->name, w.pa, c->cause);
    cr_assert_eq(w.cause, c->cause, "%s: cause %u, want %u", c->name, w.cause, c->cause);
    if (cause_is_guest_page_fault(c->cause)) assert_eq_hex(w.gpa, c->gpa, "%s: gpa", c->name);
  }
  if (leaf_pa)
    assert_eq_hex(mm_mem_read64(mem, leaf_pa), c->want_leaf ? c->want_leaf : c->leaf, "%s: leaf at %#" PRIx64, c->name,
                  leaf_pa);
  if (gleaf_pa)
    assert_eq_hex(mm_mem_read64(mem, gleaf_pa), c->want_gleaf ? c->want_gleaf : gleaf, "%s: G leaf at %#" PRIx64,
                  c->name, gleaf_pa);
  mm_mem_free(mem);
}

ParameterizedTestParameters(walk, table) {
  return cr_make_param_array(walk_case, walk_cases, sizeof walk_cases / sizeof walk_cases[0]);
}

ParameterizedTest(walk_case *c, walk, table) { run_case(c); }
