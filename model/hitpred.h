/*
 * The TLB's hit predictor: a small direct-mapped table in front of the fully
 * associative lookup (tlb.h) and the hit path's permission checks (mmu.h).
 *
 * What the hit path answers (the entry that hits; then a page fault, a
 * guest-page fault, or the PA and PBMT) is a pure function of the request's
 * 4 KiB page, access type and privilege, of a few CSR fields (V's context:
 * the ASID of satp or vsatp, hgatp's VMID; SUM; MXR of mstatus and of
 * vsstatus) and of the entry's content. A slot keeps the first two as its key
 * (the page, and a word packing the rest: mm_hitpred_key) with the answer and
 * the entry's generation. An entry never changes while it is valid, and
 * every fill or drop gives it a new generation (tlb.c), so a slot whose
 * entry still has the recorded generation describes that same entry, still
 * the only one that hits. A slot is thus exact or does not match: a CSR
 * write changes the key, a fence or a fill changes the generation; nothing
 * has to flush it. A store to a clean page (which walks) is never recorded.
 *
 * It saves the associative search and the checks' branches, nothing the RTL
 * does: the PLRU is touched and the observation filled as on the full path,
 * and a hart that records coverage does not use it (mm_cov_tlb_hit wants
 * the lookup). Invariant for the caller: slot.index < the TLB's entries.
 */
#ifndef MM_HITPRED_H
#define MM_HITPRED_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "pte.h"
#include "tlb.h"
#include "walk.h"

#define MM_HITPRED_SLOTS 256        /* power of two */
#define MM_HITPRED_EMPTY UINT64_MAX /* a slot's vpn that no VA has (va >> 12 < 2^52) */

typedef struct mm_hitpred_slot {
  uint64_t vpn;   /* the request's va >> 12; MM_HITPRED_EMPTY: nothing recorded */
  uint64_t key;   /* mm_hitpred_key() of the request */
  uint64_t gen;   /* the entry's generation (mm_tlb_entry.gen) when recorded */
  uint64_t page;  /* ok: PA of the 4 KiB frame; guest-page fault: GPA of the 4 KiB guest page; else 0 */
  uint16_t index; /* the entry that hit */
  bool ok;        /* the checks passed */
  uint8_t cause;  /* !ok: the fault's cause */
  uint8_t pbmt;   /* ok: the memory type */
} mm_hitpred_slot;

typedef struct mm_hitpred {
  mm_hitpred_slot slot[MM_HITPRED_SLOTS];
} mm_hitpred;

/* Empties every slot. */
static inline void mm_hitpred_clear(mm_hitpred *p) {
  memset(p, 0, sizeof *p);
  for (unsigned i = 0; i < MM_HITPRED_SLOTS; i++)
    p->slot[i].vpn = MM_HITPRED_EMPTY;
}

/* Everything of a request but its page that the hit path's answer depends
 * on, packed from the raw CSR fields (finer than the answer needs, never
 * coarser): satp's or vsatp's ASID (bits 15:0) and MODE (19:16); with V=1,
 * hgatp's VMID and MODE (39:20) and V (40); the privilege (42:41) and the
 * access type (44:43); SUM and MXR of mstatus or vsstatus (46:45),
 * mstatus.MXR (47) and HLVX (48). The modes make a bare translation's key one no hit ever
 * recorded, as M-mode's privilege does: the caller needs no other check. */
static inline uint64_t mm_hitpred_key(const mm_csrs *c, const mm_req *req) {
  bool virt = req->virt;
  uint64_t atp = virt ? c->vsatp : c->satp;
  uint64_t status = virt ? c->vsstatus : c->mstatus;
  uint64_t key = atp >> SATP_ASID_SHIFT;
  if (virt) key |= (c->hgatp >> HGATP_VMID_SHIFT) << 20 | 1ull << 40;
  key |= (uint64_t)req->priv << 41 | (uint64_t)req->type << 43;
  key |= (status & (MSTATUS_SUM | MSTATUS_MXR)) << (45 - 18) | (c->mstatus & MSTATUS_MXR) << (47 - 19);
  key |= (uint64_t)req->hlvx << 48;
  return key;
}

static inline mm_hitpred_slot *mm_hitpred_slot_of(mm_hitpred *p, uint64_t vpn) {
  return &p->slot[(vpn ^ (vpn >> 8) ^ (vpn >> 16)) & (MM_HITPRED_SLOTS - 1)];
}

/* The slot that predicts this request's hit, checked against the entry's
 * generation, or NULL. */
static inline const mm_hitpred_slot *mm_hitpred_find(mm_hitpred *p, const mm_tlb *tlb, uint64_t va, uint64_t key) {
  uint64_t vpn = va >> 12;
  const mm_hitpred_slot *s = mm_hitpred_slot_of(p, vpn);
  if (s->vpn != vpn || s->key != key || tlb->e[s->index].gen != s->gen) return NULL;
  return s;
}

#endif
