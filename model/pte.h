/*
 * RISC-V page-table entry and translation-CSR fields (privileged spec 20211203,
 * with the H extension, Svnapot, Svpbmt and Svadu). One #define per field, in
 * the manner of Linux's pgtable-bits.h. Everything here is a constant or a
 * pure accessor: no state.
 */
#ifndef MM_PTE_H
#define MM_PTE_H

#include <stdint.h>

/* PTE bits 7:0 */
#define PTE_V   (1ull << 0) /* valid */
#define PTE_R   (1ull << 1) /* readable */
#define PTE_W   (1ull << 2) /* writable */
#define PTE_X   (1ull << 3) /* executable */
#define PTE_U   (1ull << 4) /* user-accessible (for the G-stage: required) */
#define PTE_G   (1ull << 5) /* global: present in every address space */
#define PTE_A   (1ull << 6) /* accessed */
#define PTE_D   (1ull << 7) /* dirty */
#define PTE_RWX (PTE_R | PTE_W | PTE_X)

#define PTE_PPN_SHIFT  10
#define PTE_PPN_BITS   44
#define PTE_PPN_MASK   (((1ull << PTE_PPN_BITS) - 1) << PTE_PPN_SHIFT)
#define PTE_RSVD_MASK  (0x7full << 54) /* bits 60:54, reserved: must be zero */
#define PTE_PBMT_SHIFT 61
#define PTE_PBMT_MASK  (3ull << PTE_PBMT_SHIFT) /* Svpbmt memory type */
#define PTE_N          (1ull << 63)             /* Svnapot: naturally aligned power-of-2 */

/* PBMT encodings; 3 is reserved. The model reports memory types with these. */
#define PBMT_PMA  0u
#define PBMT_NC   1u
#define PBMT_IO   2u
#define PBMT_RSVD 3u

/* Svnapot 64 KiB: ppn[3:0] of the leaf reads 0b1000 and 16 PTEs map the page. */
#define NAPOT_64K_BITS 4
#define NAPOT_64K_PPN  0x8ull

static inline uint64_t pte_ppn(uint64_t pte) { return (pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT; }
static inline unsigned pte_pbmt(uint64_t pte) { return (unsigned)((pte >> PTE_PBMT_SHIFT) & 3u); }
static inline int pte_is_leaf(uint64_t pte) { return (pte & PTE_RWX) != 0; }

/* satp / vsatp: MODE 63:60, ASID 59:44, PPN 43:0 */
#define SATP_MODE_SHIFT 60
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK  0xffffull
#define SATP_PPN_MASK   ((1ull << 44) - 1)
/* hgatp: MODE 63:60, VMID 57:44, PPN 43:0 (the low two bits of PPN read as zero) */
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID_MASK  0x3fffull

#define SATP_MODE_BARE 0u
#define SATP_MODE_SV39 8u /* in hgatp: Sv39x4 */
#define SATP_MODE_SV48 9u /* in hgatp: Sv48x4 */

static inline unsigned atp_mode(uint64_t atp) { return (unsigned)(atp >> SATP_MODE_SHIFT); }
static inline uint64_t atp_ppn(uint64_t atp) { return atp & SATP_PPN_MASK; }
static inline uint16_t satp_asid(uint64_t satp) { return (uint16_t)((satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK); }
static inline uint16_t hgatp_vmid(uint64_t hgatp) { return (uint16_t)((hgatp >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK); }

/* mstatus / vsstatus */
#define MSTATUS_SUM (1ull << 18) /* S-mode may load/store U pages */
#define MSTATUS_MXR (1ull << 19) /* loads from execute-only pages succeed */
/* menvcfg / henvcfg */
#define ENVCFG_ADUE  (1ull << 61) /* Svadu: hardware updates A/D */
#define ENVCFG_PBMTE (1ull << 62) /* Svpbmt enabled */
#define ENVCFG_STCE  (1ull << 63) /* Sstc enabled */
/* henvcfg bits that are read-only zero while menvcfg's bit is clear */
#define ENVCFG_TIED_TO_MENVCFG (ENVCFG_STCE | ENVCFG_PBMTE | ENVCFG_ADUE)

/* Exception causes (mcause) */
#define CAUSE_FETCH_MISALIGNED       0
#define CAUSE_FETCH_ACCESS_FAULT     1
#define CAUSE_LOAD_MISALIGNED        4
#define CAUSE_LOAD_ACCESS_FAULT      5
#define CAUSE_STORE_MISALIGNED       6
#define CAUSE_STORE_ACCESS_FAULT     7
#define CAUSE_FETCH_PAGE_FAULT       12
#define CAUSE_LOAD_PAGE_FAULT        13
#define CAUSE_STORE_PAGE_FAULT       15
#define CAUSE_FETCH_GUEST_PAGE_FAULT 20
#define CAUSE_LOAD_GUEST_PAGE_FAULT  21
#define CAUSE_STORE_GUEST_PAGE_FAULT 23

/* Guest-page faults (instruction, load, store/AMO): the causes that report a GPA. */
static inline int cause_is_guest_page_fault(unsigned cause) {
  return cause == CAUSE_FETCH_GUEST_PAGE_FAULT || cause == CAUSE_LOAD_GUEST_PAGE_FAULT ||
         cause == CAUSE_STORE_GUEST_PAGE_FAULT;
}

#define PA_BITS    56
#define PA_MASK    ((1ull << PA_BITS) - 1)
#define PAGE_SHIFT 12

#endif
