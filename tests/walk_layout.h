/*
 * The hand-placed address layout and PTE shorthands of the walk's tests
 * (test_walk.c: the table of cases; test_walk_ops.c: the order of a walk's
 * memory accesses).
 *
 * The address layout:
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
 */
#ifndef MM_TEST_WALK_LAYOUT_H
#define MM_TEST_WALK_LAYOUT_H

#include "testutil.h"

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

#endif
