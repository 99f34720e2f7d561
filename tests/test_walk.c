/*
 * The architectural walk, mm_walk_translate(), held against the privileged
 * specification (20211203, with the H extension, Svnapot, Svpbmt, Svadu) and
 * the choices of shared/vectors/FORMAT.md. Every expected address and PTE
 * value below is written from the specification by hand: the pages a case
 * maps are chosen so that the translated address is a sum that can be read
 * off the table (page base + the address bits below the page size).
 *
 * Address layout of every test in this file:
 *   ROOT            the S-stage or VS-stage root table (PA, or GPA), tables
 *                   taken from ROOT + 0x1000 upward in the order needed;
 *   VS_PA_OFFSET    with a G-stage, the VS table at GPA a is at PA a + this,
 *                   mapped by G-stage 4 KiB leaves;
 *   G_ROOT          the G-stage root (16 KiB), tables from G_ROOT + 0x4000;
 *   GD              the data: PA for a single stage, GPA for two stages;
 *   PD              by default one G-stage 1 GiB leaf maps GD to PD;
 *   GP              the PA of G-stage leaves that a case sets itself.
 * With VA 0x12345678: vpn[3] = vpn[2] = 0, vpn[1] = 0x91, vpn[0] = 0x145,
 * and the offsets in a 4 KiB, 64 KiB, 2 MiB and 1 GiB page are 0x678,
 * 0x5678, 0x145678 and 0x12345678.
 */
#include "testutil.h"

#include <criterion/parameterized.h>

#define ROOT         0x80000000ull
#define VS_PA_OFFSET 0x100000000ull
#define G_ROOT       0x200000000ull
#define GD           0x10000000000ull
#define PD           0x240000000ull
#define GP           0x300000000ull
#define VA           0x12345678ull

/* A PTE as a constant expression (static tables cannot call pte_make). */
#define LEAF(pa, bits) ((((uint64_t)(pa) >> PAGE_SHIFT) << PTE_PPN_SHIFT) | (bits))

#define VR       (PTE_V | PTE_R)
#define VX       (PTE_V | PTE_X)
#define VRW      (PTE_V | PTE_R | PTE_W)
#define VRX      (PTE_V | PTE_R | PTE_X)
#define VRWX     (PTE_V | PTE_R | PTE_W | PTE_X)
#define AD       (PTE_A | PTE_D)
#define PB(t)    ((uint64_t)(t) << PTE_PBMT_SHIFT)
#define RSV(bit) (1ull << (bit))
#define GOK      (VRWX | PTE_U | AD) /* a G-stage leaf that allows everything */
#define ENV_ALL  (ENVCFG_ADUE | ENVCFG_PBMTE)

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

/* ------------------------------------------------------------------------
 * The order of a walk's memory accesses and the values it writes, with the
 * tables placed by hand.
 */

typedef struct op_want {
  mm_op_kind kind;
  mm_stage stage;
  int level;
  uint64_t pa, data;
} op_want;

#define RD(st, lvl, pa_, data_)                                                                                        \
  { MM_OP_READ, MM_STAGE_##st, lvl, pa_, data_ }
#define WR(st, lvl, pa_, data_)                                                                                        \
  { MM_OP_CAS, MM_STAGE_##st, lvl, pa_, data_ }

static void check_ops(const mm_walk *w, const op_want *want, unsigned n) {
  for (unsigned i = 0; i < n && i < w->n_ops; i++) {
    const mm_memop *op = &w->ops[i];
    cr_assert(op->kind == want[i].kind && op->stage == want[i].stage && op->level == want[i].level,
              "op %u: kind %u stage %u level %u at %#" PRIx64 ", want kind %u stage %u level %u at %#" PRIx64, i,
              op->kind, op->stage, op->level, op->pa, want[i].kind, want[i].stage, want[i].level, want[i].pa);
    assert_eq_hex(op->pa, want[i].pa, "op %u pa", i);
    assert_eq_hex(op->data, want[i].data, "op %u (pa %#" PRIx64 ") data", i, op->pa);
  }
  cr_assert_eq(w->n_ops, n, "walk made %u memory accesses, want %u", w->n_ops, n);
}

static mm_walk walk_once(const mm_csrs *csrs, mm_mem *mem, uint64_t va, mm_access type, mm_priv priv, bool virt) {
  mm_req req = {.va = va, .type = type, .priv = priv, .virt = virt};
  mm_walk w;
  mm_walk_translate(csrs, mem, &req, &w);
  return w;
}

/* Sv39, VA 0x401008: vpn[2] = 0, vpn[1] = 2, vpn[0] = 1. Root 0x80000000 ->
 * 0x80001000 -> 0x80002000; the leaf maps 0x90000000 with V R W. */
Test(walk_ops, sv39_store_sets_a_and_d) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000000, 0x20000401); /* -> 0x80001000, V */
  mm_mem_write64(mem, 0x80001010, 0x20000801); /* -> 0x80002000, V */
  mm_mem_write64(mem, 0x80002008, 0x24000007); /* 0x90000000, V R W */
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  assert_eq_hex(w.pa, 0x90000008, "pa");
  static const op_want want[] = {
      RD(S, 2, 0x80000000, 0x20000401),
      RD(S, 1, 0x80001010, 0x20000801),
      RD(S, 0, 0x80002008, 0x24000007),
      WR(S, 0, 0x80002008, 0x240000c7),
  };
  check_ops(&w, want, 4);
  assert_eq_hex(mm_mem_read64(mem, 0x80002008), 0x240000c7, "leaf");
  assert_eq_hex(w.leaf_pte, 0x240000c7, "leaf_pte");
  cr_assert_eq(w.shift, 12);
  cr_assert(!w.global);
  /* A second store finds A and D set: reads only. */
  w = walk_once(&csrs, mem, 0x401ff8, MM_STORE, MM_PRIV_S, false);
  cr_assert(w.ok);
  assert_eq_hex(w.pa, 0x90000ff8, "pa");
  cr_assert_eq(w.n_ops, 3);
  mm_mem_free(mem);
}

/* Sv48, the same VA one level deeper: 0x80000000 -> 0x80001000 ->
 * 0x80002000 -> 0x80003000. A load sets A only. */
Test(walk_ops, sv48_load_sets_a) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000000, 0x20000401);
  mm_mem_write64(mem, 0x80001000, 0x20000801);
  mm_mem_write64(mem, 0x80002010, 0x20000c01);
  mm_mem_write64(mem, 0x80003008, 0x24000007);
  mm_csrs csrs = {.satp = 0x9000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  assert_eq_hex(w.pa, 0x90000008, "pa");
  static const op_want want[] = {
      RD(S, 3, 0x80000000, 0x20000401), RD(S, 2, 0x80001000, 0x20000801), RD(S, 1, 0x80002010, 0x20000c01),
      RD(S, 0, 0x80003008, 0x24000007), WR(S, 0, 0x80003008, 0x24000047),
  };
  check_ops(&w, want, 5);
  mm_mem_free(mem);
}

/*
 * Sv39 over Sv39x4, VA 0x401008 as above, all by hand:
 *   G root 0x100000000 (hgatp.PPN 0x100000). GPA 0x8000x000 has G vpn[2] = 2,
 *   vpn[1] = 0, vpn[0] = x: root[2] @0x100000010 -> 0x100004000;
 *   [0] @0x100004000 -> 0x100005000; G leaves @0x100005000 + 8x map the VS
 *   table pages GPA 0x8000x000 -> PA 0x28000x000 with V R W U (A, D clear).
 *   The data GPA 0x90000008: G vpn[2] = 2, vpn[1] = 0x80: a 2 MiB leaf
 *   @0x100004400 -> PA 0x300000000, V R W U (A, D clear).
 *   VS tables: root GPA 0x80000000 [0] -> 0x80001000 [2] -> 0x80002000 [1]
 *   = leaf GPA 0x90000000, V R W (A, D clear).
 */
static mm_mem *two_stage_tables(uint64_t vs_leaf, uint64_t g_data_leaf) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x100000010, 0x40001001);  /* G root[2] -> 0x100004000 */
  mm_mem_write64(mem, 0x100004000, 0x40001401);  /* G L1[0] -> 0x100005000 */
  mm_mem_write64(mem, 0x100004400, g_data_leaf); /* G L1[0x80]: 2 MiB data page */
  mm_mem_write64(mem, 0x100005000, 0xa0000017);  /* GPA 0x80000000 -> 0x280000000, V R W U */
  mm_mem_write64(mem, 0x100005008, 0xa0000417);  /* GPA 0x80001000 -> 0x280001000 */
  mm_mem_write64(mem, 0x100005010, 0xa0000817);  /* GPA 0x80002000 -> 0x280002000 */
  mm_mem_write64(mem, 0x280000000, 0x20000401);  /* VS root[0] -> GPA 0x80001000 */
  mm_mem_write64(mem, 0x280001010, 0x20000801);  /* VS L1[2] -> GPA 0x80002000 */
  mm_mem_write64(mem, 0x280002008, vs_leaf);     /* VS L0[1] */
  return mem;
}

static const mm_csrs two_stage_csrs = {
    .vsatp = 0x8000000000080000ull,
    .hgatp = 0x8000000000100000ull,
    .menvcfg = ENVCFG_ADUE,
    .henvcfg = ENVCFG_ADUE,
};

/* The first 15 accesses of every walk of two_stage_tables(): for each VS
 * level, the G-stage walk of the PTE's GPA (setting the G leaf's A), then the
 * VS PTE itself. */
#define TWO_STAGE_TABLE_READS(vs_leaf)                                                                                 \
  RD(G, 2, 0x100000010, 0x40001001), RD(G, 1, 0x100004000, 0x40001401), RD(G, 0, 0x100005000, 0xa0000017),             \
      WR(G, 0, 0x100005000, 0xa0000057), RD(VS, 2, 0x280000000, 0x20000401), RD(G, 2, 0x100000010, 0x40001001),        \
      RD(G, 1, 0x100004000, 0x40001401), RD(G, 0, 0x100005008, 0xa0000417), WR(G, 0, 0x100005008, 0xa0000457),         \
      RD(VS, 1, 0x280001010, 0x20000801), RD(G, 2, 0x100000010, 0x40001001), RD(G, 1, 0x100004000, 0x40001401),        \
      RD(G, 0, 0x100005010, 0xa0000817), WR(G, 0, 0x100005010, 0xa0000857), RD(VS, 0, 0x280002008, vs_leaf)

Test(walk_ops, two_stage_store_sets_every_a_and_d) {
  mm_mem *mem = two_stage_tables(0x24000007, 0xc0000017);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  assert_eq_hex(w.pa, 0x300000008, "pa");
  static const op_want want[] = {
      TWO_STAGE_TABLE_READS(0x24000007),
      WR(G, 0, 0x100005010, 0xa00008d7),  /* the page holding the VS leaf: D, as for an implicit store */
      WR(VS, 0, 0x280002008, 0x240000c7), /* VS leaf A and D */
      RD(G, 2, 0x100000010, 0x40001001),  /* the final GPA 0x90000008 */
      RD(G, 1, 0x100004400, 0xc0000017),
      WR(G, 1, 0x100004400, 0xc00000d7),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  /* Pages that only held VS tables read have A set, not D. */
  assert_eq_hex(mm_mem_read64(mem, 0x100005000), 0xa0000057, "G leaf of VS root page");
  assert_eq_hex(mm_mem_read64(mem, 0x100005008), 0xa0000457, "G leaf of VS L1 page");
  assert_eq_hex(mm_mem_read64(mem, 0x100005010), 0xa00008d7, "G leaf of VS L0 page");
  assert_eq_hex(mm_mem_read64(mem, 0x280002008), 0x240000c7, "VS leaf");
  assert_eq_hex(mm_mem_read64(mem, 0x100004400), 0xc00000d7, "G data leaf");
  assert_eq_hex(w.leaf_pte, 0x240000c7, "leaf_pte");
  assert_eq_hex(w.gleaf_pte, 0xc00000d7, "gleaf_pte");
  assert_eq_hex(w.gpa_final, 0x90000008, "gpa_final");
  cr_assert_eq(w.shift, 12, "shift %u: a 4 KiB VS page over a 2 MiB G page", w.shift);
  mm_mem_free(mem);
}

/* A load that sets the VS leaf's A writes that PTE: its page gets D too. */
Test(walk_ops, two_stage_load_writing_vs_a_sets_g_d_of_that_page) {
  mm_mem *mem = two_stage_tables(0x24000007, 0xc0000017);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  assert_eq_hex(w.pa, 0x300000008, "pa");
  static const op_want want[] = {
      TWO_STAGE_TABLE_READS(0x24000007), WR(G, 0, 0x100005010, 0xa00008d7), WR(VS, 0, 0x280002008, 0x24000047),
      RD(G, 2, 0x100000010, 0x40001001), RD(G, 1, 0x100004400, 0xc0000017), WR(G, 1, 0x100004400, 0xc0000057),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  mm_mem_free(mem);
}

/* With the VS leaf's A already set, no VS PTE is written: no G D anywhere. */
Test(walk_ops, two_stage_load_without_vs_write_sets_no_g_d) {
  mm_mem *mem = two_stage_tables(0x24000047, 0xc0000057);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  static const op_want want[] = {
      TWO_STAGE_TABLE_READS(0x24000047),
      RD(G, 2, 0x100000010, 0x40001001),
      RD(G, 1, 0x100004400, 0xc0000057),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  assert_eq_hex(mm_mem_read64(mem, 0x100005010), 0xa0000857, "G leaf of VS L0 page");
  mm_mem_free(mem);
}

/* Implicit reads set G-stage A even when the walk then faults (VS leaf V=0). */
Test(walk_ops, two_stage_g_a_set_even_if_walk_faults_later) {
  mm_mem *mem = two_stage_tables(0x24000006, 0xc0000017);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, true);
  cr_assert(!w.ok, "translated to %#" PRIx64, w.pa);
  cr_assert_eq(w.cause, CAUSE_LOAD_PAGE_FAULT);
  static const op_want want[] = {TWO_STAGE_TABLE_READS(0x24000006)};
  check_ops(&w, want, sizeof want / sizeof want[0]);
  assert_eq_hex(mm_mem_read64(mem, 0x100005000), 0xa0000057, "G leaf of VS root page");
  assert_eq_hex(mm_mem_read64(mem, 0x100005008), 0xa0000457, "G leaf of VS L1 page");
  assert_eq_hex(mm_mem_read64(mem, 0x100005010), 0xa0000857, "G leaf of VS L0 page");
  mm_mem_free(mem);
}

/* The VS leaf is written before the final GPA is translated: a store whose
 * final G leaf is invalid faults (23) after writing VS A/D. */
Test(walk_ops, two_stage_guest_fault_after_vs_write) {
  mm_mem *mem = two_stage_tables(0x24000007, 0xc0000016);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, true);
  cr_assert(!w.ok, "translated to %#" PRIx64, w.pa);
  cr_assert_eq(w.cause, CAUSE_STORE_GUEST_PAGE_FAULT, "cause %u", w.cause);
  assert_eq_hex(w.gpa, 0x90000008, "gpa");
  static const op_want want[] = {
      TWO_STAGE_TABLE_READS(0x24000007), WR(G, 0, 0x100005010, 0xa00008d7), WR(VS, 0, 0x280002008, 0x240000c7),
      RD(G, 2, 0x100000010, 0x40001001), RD(G, 1, 0x100004400, 0xc0000016),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  assert_eq_hex(mm_mem_read64(mem, 0x280002008), 0x240000c7, "VS leaf");
  mm_mem_free(mem);
}

/* A VS-stage fault (store to an R-only page) wins over the invalid final G
 * leaf, and nothing is written for the VS leaf. */
Test(walk_ops, two_stage_vs_fault_wins) {
  mm_mem *mem = two_stage_tables(0x24000003, 0xc0000016);
  mm_walk w = walk_once(&two_stage_csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, true);
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_STORE_PAGE_FAULT, "cause %u", w.cause);
  static const op_want want[] = {TWO_STAGE_TABLE_READS(0x24000003)};
  check_ops(&w, want, sizeof want / sizeof want[0]);
  mm_mem_free(mem);
}

/* menvcfg.ADUE=0 (so henvcfg.ADUE reads 0): the G leaf of the VS root page
 * has A clear, so the first implicit read faults, reported as the original
 * access type, at the GPA of the VS root PTE. */
Test(walk_ops, two_stage_svade_faults_on_first_table_page) {
  mm_mem *mem = two_stage_tables(0x24000007, 0xc0000017);
  mm_csrs csrs = two_stage_csrs;
  csrs.menvcfg = 0;
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_FETCH, MM_PRIV_S, true);
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_FETCH_GUEST_PAGE_FAULT, "cause %u", w.cause);
  assert_eq_hex(w.gpa, 0x80000000, "gpa");
  static const op_want want[] = {
      RD(G, 2, 0x100000010, 0x40001001),
      RD(G, 1, 0x100004000, 0x40001401),
      RD(G, 0, 0x100005000, 0xa0000017),
  };
  check_ops(&w, want, sizeof want / sizeof want[0]);
  mm_mem_free(mem);
}

/* Svnapot: 16 PTEs map the 64 KiB page VA 0x410000..0x41ffff; a store to
 * VA 0x415008 (vpn[0] = 0x15) writes A/D to that one PTE only. */
Test(walk_ops, napot_ad_writes_the_indexed_pte_only) {
  mm_mem *mem = mm_mem_new();
  const uint64_t napot = 0x8000000024002007ull; /* N, ppn 0x90008, V R W */
  mm_mem_write64(mem, 0x80000000, 0x20000401);
  mm_mem_write64(mem, 0x80001010, 0x20000801);
  for (unsigned i = 0x10; i < 0x20; i++)
    mm_mem_write64(mem, 0x80002000 + 8 * i, napot);
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_walk w = walk_once(&csrs, mem, 0x415008, MM_STORE, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  assert_eq_hex(w.pa, 0x90005008, "pa");
  cr_assert_eq(w.shift, 16);
  static const op_want want[] = {
      RD(S, 2, 0x80000000, 0x20000401),
      RD(S, 1, 0x80001010, 0x20000801),
      RD(S, 0, 0x800020a8, napot),
      WR(S, 0, 0x800020a8, 0x80000000240020c7ull),
  };
  check_ops(&w, want, 4);
  for (unsigned i = 0x10; i < 0x20; i++) {
    uint64_t pa = 0x80002000 + 8 * i;
    assert_eq_hex(mm_mem_read64(mem, pa), i == 0x15 ? 0x80000000240020c7ull : napot, "napot PTE at %#" PRIx64, pa);
  }
  mm_mem_free(mem);
}

/* The same for a VS-stage Svnapot page over Sv39x4 (tables by the builder). */
Test(walk_ops, napot_ad_two_stage) {
  mm_mem *mem = mm_mem_new();
  pt_builder g, vs;
  pt_init(&g, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
  must_attach_g(&vs, &g, VS_PA_OFFSET, VRW | PTE_U | AD);
  const uint64_t napot = LEAF(GD + 0x18000, PTE_N | VRW);
  /* The 16 PTEs from PA first; VA's (vpn[0] = 0x145) is the sixth. */
  const uint64_t first = must_map_napot(&vs, VA, napot);
  must_map(&g, GD, 2, LEAF(PD, GOK));
  mm_csrs csrs = {.vsatp = atp_make(SATP_MODE_SV39, 0, ROOT),
                  .hgatp = atp_make(SATP_MODE_SV39, 0, G_ROOT),
                  .menvcfg = ENV_ALL,
                  .henvcfg = ENV_ALL};
  mm_walk w = walk_once(&csrs, mem, VA, MM_LOAD, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  assert_eq_hex(w.pa, PD + 0x15678, "pa");
  unsigned writes = 0;
  for (unsigned i = 0; i < w.n_ops; i++) {
    if (w.ops[i].kind == MM_OP_CAS && w.ops[i].stage == MM_STAGE_VS) {
      writes++;
      assert_eq_hex(w.ops[i].pa, first + 5 * 8, "VS write");
    }
  }
  cr_assert_eq(writes, 1, "%u VS writes", writes);
  for (unsigned i = 0; i < 16; i++)
    assert_eq_hex(mm_mem_read64(mem, first + 8 * i), i == 5 ? napot | PTE_A : napot, "napot PTE %u at PA %#" PRIx64, i,
                  first + 8 * i);
  mm_mem_free(mem);
}

/* Address checks come before any memory access. */
Test(walk_ops, non_canonical_va_reads_nothing) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000008, 0x200000cf); /* a 1 GiB leaf at root[1], just to have something */
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .vsatp = 0x8000000000080000ull, .menvcfg = ENV_ALL};
  mm_walk w = walk_once(&csrs, mem, 0x4000000000ull, MM_LOAD, MM_PRIV_S, false);
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_LOAD_PAGE_FAULT);
  cr_assert_eq(w.n_ops, 0, "%u accesses", w.n_ops);
  w = walk_once(&csrs, mem, 0xfffffe0000000000ull, MM_STORE, MM_PRIV_U, true); /* VS Sv39, G Bare */
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_STORE_PAGE_FAULT);
  cr_assert_eq(w.n_ops, 0, "%u accesses", w.n_ops);
  mm_mem_free(mem);
}

/* VS tables at GPAs the G-stage cannot translate: the guest-page fault
 * reports the GPA of the implicit access (the PTE), before any access. */
Test(walk_ops, vs_root_beyond_gpa_width) {
  static const struct {
    unsigned mode;
    uint64_t root;
  } cases[] = {{SATP_MODE_SV39, 1ull << 41}, {SATP_MODE_SV48, 1ull << 50}};
  for (unsigned i = 0; i < 2; i++) {
    mm_mem *mem = mm_mem_new();
    mm_csrs csrs = {.vsatp = atp_make(cases[i].mode, 0, cases[i].root),
                    .hgatp = atp_make(cases[i].mode, 0, G_ROOT),
                    .menvcfg = ENV_ALL,
                    .henvcfg = ENV_ALL};
    mm_walk w = walk_once(&csrs, mem, 0x1000, MM_STORE, MM_PRIV_S, true);
    cr_assert(!w.ok, "mode %u: translated", cases[i].mode);
    cr_assert_eq(w.cause, CAUSE_STORE_GUEST_PAGE_FAULT, "mode %u: cause %u", cases[i].mode, w.cause);
    assert_eq_hex(w.gpa, cases[i].root, "mode %u: gpa", cases[i].mode);
    cr_assert_eq(w.n_ops, 0, "mode %u: %u accesses", cases[i].mode, w.n_ops);
    mm_mem_free(mem);
  }
}

/* A VS pointer to a table beyond 2^41: the VS PTE is read, then the next
 * implicit access faults at that table's PTE GPA. */
Test(walk_ops, vs_pointer_beyond_gpa_width) {
  mm_mem *mem = mm_mem_new();
  pt_builder g, vs;
  pt_init(&g, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
  pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
  must_attach_g(&vs, &g, VS_PA_OFFSET, VRW | PTE_U | AD);
  mm_mem_write64(mem, ROOT + VS_PA_OFFSET, LEAF(1ull << 41, PTE_V)); /* root[0] -> GPA 2^41 */
  mm_csrs csrs = {.vsatp = atp_make(SATP_MODE_SV39, 0, ROOT),
                  .hgatp = atp_make(SATP_MODE_SV39, 0, G_ROOT),
                  .menvcfg = ENV_ALL,
                  .henvcfg = ENV_ALL};
  mm_walk w = walk_once(&csrs, mem, VA, MM_LOAD, MM_PRIV_U, true);
  cr_assert(!w.ok);
  cr_assert_eq(w.cause, CAUSE_LOAD_GUEST_PAGE_FAULT, "cause %u", w.cause);
  assert_eq_hex(w.gpa, (1ull << 41) + 0x91 * 8, "gpa");
  cr_assert(w.n_ops > 0 && w.ops[w.n_ops - 1].stage == MM_STAGE_VS && w.ops[w.n_ops - 1].level == 2,
            "the last access should be the VS root PTE");
  mm_mem_free(mem);
}

/* The largest walk: Sv48 over Sv48x4, a store with every A and D clear.
 * 4 VS levels x (4 G reads + 1 G A write + 1 VS read) + the VS leaf's page D
 * and the VS leaf + 4 G reads and 1 write for the final GPA = 31. */
Test(walk_ops, largest_walk_fits) {
  mm_mem *mem = mm_mem_new();
  pt_builder g, vs;
  pt_init(&g, mem, G_ROOT, 4, 2, G_ROOT + 0x4000);
  pt_init(&vs, mem, ROOT, 4, 0, ROOT + 0x1000);
  must_attach_g(&vs, &g, VS_PA_OFFSET, VRW | PTE_U);
  must_map(&vs, VA, 0, LEAF(GD + 0x7000, VRW));
  must_map(&g, GD + 0x7000, 0, LEAF(GP, VRW | PTE_U));
  mm_csrs csrs = {.vsatp = atp_make(SATP_MODE_SV48, 0, ROOT),
                  .hgatp = atp_make(SATP_MODE_SV48, 0, G_ROOT),
                  .menvcfg = ENV_ALL,
                  .henvcfg = ENV_ALL};
  mm_walk w = walk_once(&csrs, mem, VA, MM_STORE, MM_PRIV_S, true);
  cr_assert(w.ok, "cause %u gpa %#" PRIx64, w.cause, w.gpa);
  assert_eq_hex(w.pa, GP + 0x678, "pa");
  cr_assert_eq(w.n_ops, 31, "%u accesses", w.n_ops);
  cr_assert_leq(w.n_ops, MM_WALK_MAX_OPS);
  unsigned writes = 0;
  for (unsigned i = 0; i < w.n_ops; i++)
    writes += w.ops[i].kind == MM_OP_CAS;
  cr_assert_eq(writes, 7, "%u writes", writes);
  mm_mem_free(mem);
}

/* The G bit: on the leaf or on a pointer above it makes the translation
 * global; G-stage G bits are ignored (hypervisor.adoc: "must be ignored by hardware"). */
Test(walk_ops, global_bit) {
  static const struct {
    uint64_t pointer_bits, leaf_bits, gleaf_bits;
    bool global;
  } cases[] = {
      {0, 0, 0, false},
      {0, PTE_G, 0, true},
      {PTE_G, 0, 0, true},
      {0, 0, PTE_G, false},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mm_mem *mem = mm_mem_new();
    pt_builder g, vs;
    pt_init(&g, mem, G_ROOT, 3, 2, G_ROOT + 0x4000);
    pt_init(&vs, mem, ROOT, 3, 0, ROOT + 0x1000);
    must_attach_g(&vs, &g, VS_PA_OFFSET, VRW | PTE_U | AD);
    must_map(&vs, VA, 0, LEAF(GD + 0x7000, VRW | AD | cases[i].leaf_bits));
    uint64_t ptr = must_slot(&vs, VA, 1);
    mm_mem_write64(mem, ptr, mm_mem_read64(mem, ptr) | cases[i].pointer_bits);
    must_map(&g, GD, 2, LEAF(PD, GOK | cases[i].gleaf_bits));
    mm_csrs csrs = {.vsatp = atp_make(SATP_MODE_SV39, 0, ROOT),
                    .hgatp = atp_make(SATP_MODE_SV39, 0, G_ROOT),
                    .menvcfg = ENV_ALL,
                    .henvcfg = ENV_ALL};
    mm_walk w = walk_once(&csrs, mem, VA, MM_LOAD, MM_PRIV_S, true);
    cr_assert(w.ok, "case %u: cause %u", i, w.cause);
    cr_assert_eq(w.global, cases[i].global, "case %u: global %d", i, w.global);
    mm_mem_free(mem);
  }
}

/* For V=0 only mstatus counts: vsstatus's SUM and MXR and henvcfg change
 * nothing (the VS CSRs do not affect the machine when V=0). */
Test(walk_ops, vs_csrs_ignored_when_v0) {
  static const struct {
    uint64_t leaf_bits;
    mm_access type;
    uint64_t vsstatus, henvcfg;
    uint8_t cause;
  } cases[] = {
      {VX | AD, MM_LOAD, MSTATUS_MXR, 0, CAUSE_LOAD_PAGE_FAULT},
      {VRW | AD | PTE_U, MM_STORE, MSTATUS_SUM, 0, CAUSE_STORE_PAGE_FAULT},
      {VRW | AD | PB(1), MM_LOAD, 0, ENV_ALL, CAUSE_LOAD_PAGE_FAULT},
      {VRW, MM_LOAD, 0, ENV_ALL, CAUSE_LOAD_PAGE_FAULT},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mm_mem *mem = mm_mem_new();
    pt_builder s;
    pt_init(&s, mem, ROOT, 3, 0, ROOT + 0x1000);
    must_map(&s, VA, 0, LEAF(GD + 0x7000, cases[i].leaf_bits));
    mm_csrs csrs = {
        .satp = atp_make(SATP_MODE_SV39, 0, ROOT), .vsstatus = cases[i].vsstatus, .henvcfg = cases[i].henvcfg};
    mm_walk w = walk_once(&csrs, mem, VA, cases[i].type, MM_PRIV_S, false);
    cr_assert(!w.ok, "case %u: translated to %#" PRIx64, i, w.pa);
    cr_assert_eq(w.cause, cases[i].cause, "case %u: cause %u", i, w.cause);
    mm_mem_free(mem);
  }
}

/* ------------------------------------------------------------------------
 * CSR writes and their WARL rules.
 */

/* satp: "the entire write has no effect". */
Test(csr, satp_ignores_unsupported_modes) {
  mm_csrs csrs = {0};
  const uint64_t sv39 = 0x8000123400080000ull; /* Sv39, ASID 0x1234, PPN 0x80000 */
  cr_assert(mm_csr_write(&csrs, MM_CSR_SATP, sv39));
  assert_eq_hex(csrs.satp, sv39, "satp after Sv39 write");
  for (unsigned mode = 1; mode < 16; mode++) {
    if (mode == SATP_MODE_SV39 || mode == SATP_MODE_SV48) continue;
    uint64_t value = ((uint64_t)mode << 60) | 0x0000567800090000ull;
    cr_assert(!mm_csr_write(&csrs, MM_CSR_SATP, value), "satp: MODE %u accepted", mode);
    assert_eq_hex(csrs.satp, sv39, "satp after a MODE %u write", mode);
  }
  const uint64_t sv48 = 0x9000000100090000ull;
  cr_assert(mm_csr_write(&csrs, MM_CSR_SATP, sv48));
  assert_eq_hex(csrs.satp, sv48, "satp after Sv48 write");
  cr_assert(mm_csr_write(&csrs, MM_CSR_SATP, 0));
  assert_eq_hex(csrs.satp, 0, "satp after Bare write");
}

/* hypervisor.adoc (20211203), vsatp: "When V=0, a write to vsatp with an
 * unsupported MODE value is not ignored as it is for satp. Instead, the
 * fields of vsatp are WARL in the normal way": MODE keeps its old value. */
Test(csr, vsatp_unsupported_mode_keeps_mode_takes_asid_and_ppn) {
  mm_csrs csrs = {0};
  const uint64_t sv39 = 0x8000123400080000ull;
  cr_assert(mm_csr_write(&csrs, MM_CSR_VSATP, sv39));
  for (unsigned mode = 1; mode < 16; mode++) {
    if (mode == SATP_MODE_SV39 || mode == SATP_MODE_SV48) continue;
    uint64_t value = ((uint64_t)mode << 60) | 0x0000567800090000ull;
    mm_csr_write(&csrs, MM_CSR_VSATP, value);
    assert_eq_hex(csrs.vsatp, 0x8000567800090000ull, "vsatp after a MODE %u write", mode);
  }
  cr_assert(mm_csr_write(&csrs, MM_CSR_VSATP, 0));
  mm_csr_write(&csrs, MM_CSR_VSATP, 0xa000000100070000ull);
  assert_eq_hex(csrs.vsatp, 0x0000000100070000ull, "vsatp: Bare kept after a MODE 10 write");
}

Test(csr, hgatp_clears_ppn_low_bits_and_bits_59_58) {
  mm_csrs csrs = {0};
  /* Sv39x4, bits 59:58 set, VMID 0x3fff (VMIDLEN 14), PPN 0x100003. */
  cr_assert(mm_csr_write(&csrs, MM_CSR_HGATP, 0x8ffff00000100003ull));
  assert_eq_hex(csrs.hgatp, 0x83fff00000100000ull, "hgatp");
  cr_assert_eq(hgatp_vmid(csrs.hgatp), 0x3fff);
  cr_assert(mm_csr_write(&csrs, MM_CSR_HGATP, 0x9000500000200001ull));
  assert_eq_hex(csrs.hgatp, 0x9000500000200000ull, "hgatp Sv48x4");
  cr_assert(mm_csr_write(&csrs, MM_CSR_HGATP, 0));
  assert_eq_hex(csrs.hgatp, 0, "hgatp Bare");
}

/*
 * Disabled: suspected model bug. hypervisor.adoc, hgatp: "A write to hgatp
 * with an unsupported MODE value is not ignored as it is for satp. Instead,
 * the fields of hgatp are WARL in the normal way, when so indicated." So the
 * VMID and PPN of such a write are taken (PPN[1:0] still read as zero) and
 * MODE reads back as some supported value (the model keeps the old MODE, as
 * Spike does).
 */
Test(csr, hgatp_unsupported_mode_is_not_ignored) {
  mm_csrs csrs = {0};
  cr_assert(mm_csr_write(&csrs, MM_CSR_HGATP, 0x8000100000100000ull)); /* Sv39x4, VMID 1 */
  mm_csr_write(&csrs, MM_CSR_HGATP, 0xa000200000300000ull);            /* Sv57x4 (unsupported), VMID 2 */
  unsigned mode = atp_mode(csrs.hgatp);
  cr_assert_eq(mode, SATP_MODE_SV39, "MODE %u, want the old MODE 8", mode);
  cr_assert_eq(hgatp_vmid(csrs.hgatp), 2, "VMID %u", hgatp_vmid(csrs.hgatp));
  assert_eq_hex(atp_ppn(csrs.hgatp), 0x300000, "hgatp.PPN");
}

Test(csr, other_csrs_and_names) {
  mm_csrs csrs = {0};
  static const char *names[] = {"satp", "vsatp", "hgatp", "mstatus", "vsstatus", "menvcfg", "henvcfg"};
  static const mm_csr_id want[] = {MM_CSR_SATP,     MM_CSR_VSATP,   MM_CSR_HGATP,  MM_CSR_MSTATUS,
                                   MM_CSR_VSSTATUS, MM_CSR_MENVCFG, MM_CSR_HENVCFG};
  for (unsigned i = 0; i < 7; i++) {
    mm_csr_id id;
    cr_assert(mm_csr_by_name(names[i], &id), "%s unknown", names[i]);
    cr_assert_eq(id, want[i], "%s -> %d", names[i], id);
  }
  mm_csr_id id;
  cr_assert(!mm_csr_by_name("sstatus", &id));
  cr_assert(!mm_csr_by_name("", &id));
  cr_assert(mm_csr_write(&csrs, MM_CSR_MSTATUS, MSTATUS_SUM | MSTATUS_MXR));
  cr_assert(mm_csr_write(&csrs, MM_CSR_VSSTATUS, MSTATUS_MXR));
  cr_assert(mm_csr_write(&csrs, MM_CSR_MENVCFG, ENV_ALL));
  cr_assert(mm_csr_write(&csrs, MM_CSR_HENVCFG, ENVCFG_PBMTE));
  assert_eq_hex(csrs.mstatus, MSTATUS_SUM | MSTATUS_MXR, "mstatus");
  assert_eq_hex(csrs.vsstatus, MSTATUS_MXR, "vsstatus");
  assert_eq_hex(csrs.menvcfg, ENV_ALL, "menvcfg");
  assert_eq_hex(csrs.henvcfg, ENVCFG_PBMTE, "henvcfg");
}

/* ------------------------------------------------------------------------
 * The A/D update is an atomic compare-and-swap: when the PTE changed between
 * the walk's read and its update (another agent stored to it), nothing is
 * written and the translation starts again from the root.
 */

/* Same tables as sv39_store_sets_a_and_d. */
static mm_mem *sv39_tables_for_cas(void) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000000, 0x20000401); /* -> 0x80001000, V */
  mm_mem_write64(mem, 0x80001010, 0x20000801); /* -> 0x80002000, V */
  mm_mem_write64(mem, 0x80002008, 0x24000007); /* 0x90000000, V R W */
  return mem;
}

Test(walk_ops, update_compares_what_it_read) {
  mm_mem *mem = sv39_tables_for_cas();
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  cr_assert_eq(w.n_ops, 4);
  assert_eq_hex(w.ops[3].cmp, 0x24000007, "the update's compare value");
  assert_eq_hex(w.ops[3].old, 0x24000007, "what memory held");
  assert_eq_hex(mm_mem_read64(mem, 0x80002008), 0x24000047, "leaf after the load (A set)");
  mm_mem_free(mem);
}

/* The leaf becomes V R A (another agent) right after the walk reads it: the
 * update fails, the walk restarts and finds A set: a load succeeds with no
 * write, and memory keeps the other agent's value. */
Test(walk_ops, changed_pte_restarts_the_walk) {
  mm_mem *mem = sv39_tables_for_cas();
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_mem_arm_poke(mem, 0x80002008, 0x24000043);
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_LOAD, MM_PRIV_S, false);
  cr_assert(w.ok, "cause %u", w.cause);
  assert_eq_hex(w.pa, 0x90000008, "pa");
  static const op_want want[] = {
      RD(S, 2, 0x80000000, 0x20000401), RD(S, 1, 0x80001010, 0x20000801), RD(S, 0, 0x80002008, 0x24000007),
      WR(S, 0, 0x80002008, 0x24000047), RD(S, 2, 0x80000000, 0x20000401), RD(S, 1, 0x80001010, 0x20000801),
      RD(S, 0, 0x80002008, 0x24000043),
  };
  check_ops(&w, want, 7);
  assert_eq_hex(w.ops[3].cmp, 0x24000007, "failed update's compare value");
  assert_eq_hex(w.ops[3].old, 0x24000043, "failed update found");
  assert_eq_hex(mm_mem_read64(mem, 0x80002008), 0x24000043, "leaf keeps the other agent's value");
  cr_assert(!mm_mem_poke_armed(mem));
  mm_mem_free(mem);
}

/* The same change seen by a store: the retried walk finds a read-only page. */
Test(walk_ops, changed_pte_is_checked_again) {
  mm_mem *mem = sv39_tables_for_cas();
  mm_csrs csrs = {.satp = 0x8000000000080000ull, .menvcfg = ENVCFG_ADUE};
  mm_mem_arm_poke(mem, 0x80002008, 0x24000043);
  mm_walk w = walk_once(&csrs, mem, 0x401008, MM_STORE, MM_PRIV_S, false);
  cr_assert(!w.ok, "translated to %#" PRIx64, w.pa);
  cr_assert_eq(w.cause, CAUSE_STORE_PAGE_FAULT);
  cr_assert_eq(w.n_ops, 7);
  assert_eq_hex(mm_mem_read64(mem, 0x80002008), 0x24000043, "leaf");
  mm_mem_free(mem);
}
