/*
 * CVA6's MMU, Verilated (tb/cva6/cva6_mmu_top.sv over third_party/cva6/), as
 * a C API: one request at a time, its outcome and the page-table reads its
 * walker made, served from the model's sparse memory (model/mem.h), so that
 * page tables built with sw/lib/pt.h and the golden model's walk (model/walk.h)
 * see the same memory.
 *
 * Builds (tb/cva6/cva6.mk): Sv39; Sv39 with the H extension (Sv39x4); Sv39
 * with CVA6's shared TLB. Each is configured by tb/cva6/cva6_config_pkg.sv:
 * L1 TLBs of 16 entries for fetches and for loads and stores each, Svnapot,
 * no PMP entries (the walker's PMP check allows every read).
 *
 * Timing: the harness owns the clock. A PTE read the walker asks for is
 * granted in the cycle it asks (the port is otherwise idle) and answered
 * `latency` cycles later. The CSRs are held on the wrapper's inputs: set them
 * between requests.
 *
 * What CVA6 does not do (the caller keeps its stimulus within it): Sv48,
 * hardware A/D updates (a leaf with A clear, or D clear for a store, faults;
 * nothing is written), Svpbmt (its PTE bits 62:61 are reserved to CVA6).
 */
#ifndef MM_CVA6_SIM_H
#define MM_CVA6_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/mem.h"
#include "model/tlb.h"
#include "model/walk.h"

typedef enum cva6_variant {
  CVA6_SV39 = 0,        /* RV64, Sv39, no H, no shared TLB */
  CVA6_SV39_H = 1,      /* with the H extension: Sv39 over Sv39x4 */
  CVA6_SV39_SHARED = 2, /* Sv39 with the shared TLB (2 ways x 64 sets) */
  CVA6_VARIANTS
} cva6_variant;

#define CVA6_MAX_READS 32 /* PTE reads of one request: 15 of an Sv39 over Sv39x4 walk, with room */

/* One request's outcome, as the MMU's response port gives it. */
typedef struct cva6_outcome {
  bool fault;       /* an exception: cause, tval, gpa */
  uint64_t pa;      /* !fault: the physical address */
  uint64_t cause;   /* mcause */
  uint64_t tval;    /* the faulting virtual address */
  uint64_t gpa;     /* tval2: the guest physical address of a guest-page fault (CVA6's bits 40:0) */
  unsigned cycles;  /* from the cycle the request went in to the cycle of its response */
  unsigned n_reads; /* the walker's PTE reads, in order: address and the data it was given */
  uint64_t read_pa[CVA6_MAX_READS];
  uint64_t read_data[CVA6_MAX_READS];
} cva6_outcome;

typedef struct cva6_sim cva6_sim;

/* A build of variant over mem (the caller's; it must outlive the sim; NULL
 * with a reader, cva6_set_reader, before the first request), its
 * walker's reads answered latency cycles (1..MM_LATENCY_MAX) after the
 * grant; reset. NULL with a message in err on impossible parameters. */
cva6_sim *cva6_new(cva6_variant variant, mm_mem *mem, unsigned latency, char *err, size_t err_size);
void cva6_free(cva6_sim *sim);
/* The walker's reads from read(ctx, pa) (an aligned word) instead of mem
 * (read NULL: from mem again): a testbench whose memory is elsewhere. */
typedef uint64_t (*cva6_read_fn)(void *ctx, uint64_t pa);
void cva6_set_reader(cva6_sim *sim, cva6_read_fn read, void *ctx);
/* Reset: every TLB entry gone, the walker idle. */
void cva6_reset(cva6_sim *sim);
/* The CSRs the next requests see: satp, vsatp, hgatp, mstatus.SUM/MXR, vsstatus.SUM/MXR. */
void cva6_set_csrs(cva6_sim *sim, const mm_csrs *csrs);
/* One translation (req->data_op, size and wdata are not used: CVA6's MMU
 * translates only). hlv: an HLV/HSV (V=1 at req->priv), hlvx: an HLVX. False
 * with a message in err if the MMU did not answer within its time limit. */
bool cva6_translate(cva6_sim *sim, const mm_req *req, bool hlv, bool hlvx, cva6_outcome *out, char *err,
                    size_t err_size);
/* SFENCE.VMA (virt: executed with V=1), HFENCE.VVMA, HFENCE.GVMA, with the
 * fence's operands (no operand: 0, which CVA6 reads as x0). False with a
 * message if the shared TLB's flush did not end in time. */
bool cva6_fence(cva6_sim *sim, const mm_fence *fence, bool virt, char *err, size_t err_size);
/* Dumps every signal of the MMU (FST, for GTKWave) to path from now on,
 * until cva6_trace_close or cva6_free; false with a message if it cannot be
 * opened. Tracing does not change what the MMU does (every flop starts at 0). */
bool cva6_trace_open(cva6_sim *sim, const char *path, char *err, size_t err_size);
void cva6_trace_close(cva6_sim *sim);
/* Cycles run since cva6_new. */
uint64_t cva6_cycles(const cva6_sim *sim);

const char *cva6_variant_name(cva6_variant variant); /* "sv39", "sv39-h", "sv39-shared" */
bool cva6_variant_has_h(cva6_variant variant);

#endif
