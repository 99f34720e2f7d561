/*
 * Constrained-random stimulus: builds page tables in memory the way an OS
 * and a hypervisor would (host address spaces with ASIDs, guests with VMIDs
 * whose VS-stage tables live in guest RAM behind a G-stage map), then issues
 * a stream of accesses, fences, CSR changes and page-table edits aimed at the
 * corners the model knows: every page size, permissions with SUM/MXR, A/D
 * with ADUE on and off, PBMT, reserved bits and encodings, misaligned
 * superpages, non-canonical addresses, guest-page faults, ASID/VMID switches,
 * TLB capacity, each fence's scope, several harts sharing tables.
 *
 * The generator never predicts outcomes: the model decides them. The stream
 * is a pure function of the seed and the hart count. Every event names its
 * hart: run concurrently, each hart takes its own events in order, its next
 * request gap cycles after its previous response; run one request at a
 * time, the stream's order is the order (tb/cosim/cosim.h).
 */
#ifndef MM_STIM_H
#define MM_STIM_H

#include <stdbool.h>
#include <stdint.h>

#include "model/tlb.h"
#include "model/walk.h"

typedef enum stim_kind {
  STIM_MEM,    /* software writes a word (a PTE) */
  STIM_CSR,    /* a hart's CSR changes */
  STIM_ACCESS, /* a translation request */
  STIM_FENCE,  /* a fence request */
  STIM_POKE,   /* another agent stores value at pa right after a walker next reads pa */
  STIM_SYNC,   /* every hart waits here until all have come (a barrier, as software's IPIs make one);
                  run one request at a time, nothing */
} stim_kind;

typedef struct stim_event {
  stim_kind kind;
  unsigned hart;    /* every event but SYNC: the hart it concerns (MEM: the hart whose software stores; POKE:
                       the hart whose next PTE read of pa it follows) */
  unsigned gap;     /* ACCESS, FENCE, MEM: idle cycles the hart leaves after its previous request (0..8) */
  mm_csr_id csr;    /* CSR */
  uint64_t pa;      /* MEM */
  uint64_t value;   /* MEM, CSR */
  mm_req req;       /* ACCESS */
  mm_fence fence;   /* FENCE */
  const char *note; /* what the event aims at, for reports */
} stim_event;

typedef struct stim stim;

stim *stim_new(uint64_t seed, unsigned harts);
void stim_free(stim *s);
/* The next event; the stream never ends. */
void stim_next(stim *s, stim_event *ev);

#endif
