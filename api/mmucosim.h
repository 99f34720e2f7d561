/*
 * libmmucosim: the golden model of mmucosim as a library, for testbenches
 * outside this repository (C and C++ programs found with pkg-config, and
 * SystemVerilog through DPI-C: api/mmucosim_pkg.sv imports every function
 * here as it stands).
 *
 * One model is the system the co-simulation compares against the RTL: up to
 * MMC_MAX_HARTS harts, each with its own CSRs and L1 TLB, sharing one memory
 * system (the 128 KiB cache, the write-combining buffer, the bus) over its own
 * sparse main memory from 0x8000_0000. The I/O region below it has no device
 * here: its reads give zero and its writes go nowhere.
 *
 * The types are the ones DPI-C passes by value, so the same functions serve
 * both: the model is an opaque handle (a chandle), numbers are int (SV int)
 * and uint64_t (SV longint unsigned), text is const char * (SV string). No
 * pointer into the model's own structures crosses this boundary: a request's
 * outcome, its accesses at the memory system and its bus transactions are
 * read back field by field after it (mmc_ok() ... mmc_op(), mmc_bus()).
 *
 * Requests are served one at a time, each to its end, with the timing the
 * RTL has when one request is in flight in the whole system (model/mmu.h):
 * cycles from the acceptance to the response, and the cycle each access and
 * bus transaction is taken, counted from the acceptance.
 *
 * Errors: a function that takes arguments it cannot use returns a negative
 * MMC_E* code (mmc_strerror() names it) and changes nothing. The library
 * never prints and never exits.
 */
#ifndef MMUCOSIM_H
#define MMUCOSIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MMC_VERSION_MAJOR 0
#define MMC_VERSION_MINOR 1
#define MMC_VERSION_PATCH 0

#define MMC_MAX_HARTS 4 /* harts of one model */

/* Error codes (negative returns). */
#define MMC_OK      0
#define MMC_EHART   (-1) /* no such hart */
#define MMC_EARG    (-2) /* a field out of its range, or one that contradicts another */
#define MMC_EADDR   (-3) /* a memory word's address not 8-byte aligned or beyond 56 bits */
#define MMC_ECONFIG (-4) /* harts, TLB entries or latency out of range */
#define MMC_ENOMEM  (-5)

/* CSRs (mmc_csr_write, mmc_csr_read). */
#define MMC_CSR_SATP     0
#define MMC_CSR_VSATP    1
#define MMC_CSR_HGATP    2
#define MMC_CSR_MSTATUS  3
#define MMC_CSR_VSSTATUS 4
#define MMC_CSR_MENVCFG  5
#define MMC_CSR_HENVCFG  6

/* A request's access type (the permission the translation checks). */
#define MMC_LOAD  0
#define MMC_STORE 1
#define MMC_FETCH 2
/* Privilege; M-mode requests are not translated. */
#define MMC_PRIV_U 0
#define MMC_PRIV_S 1
#define MMC_PRIV_M 3
/* What a request does after its translation; a data operation's type must be
 * its own (LOAD: MMC_LOAD, FETCH: MMC_FETCH, STORE and CBOs: MMC_STORE). */
#define MMC_OP_NONE      0 /* translate only */
#define MMC_OP_LOAD      1
#define MMC_OP_STORE     2
#define MMC_OP_FETCH     3
#define MMC_OP_CBO_CLEAN 4
#define MMC_OP_CBO_FLUSH 5
#define MMC_OP_CBO_INVAL 6

/* Fences. */
#define MMC_SFENCE_VMA  0
#define MMC_HFENCE_VVMA 1
#define MMC_HFENCE_GVMA 2
#define MMC_FENCE       3 /* FENCE: drains the write-combining buffer */

/* Fields of an access at the memory system (mmc_op). */
#define MMC_F_KIND   0  /* MMC_MEM_* below */
#define MMC_F_HART   1  /* the hart whose access it is */
#define MMC_F_STAGE  2  /* a PTE's stage: 0 single, 1 VS, 2 G; 255 not a PTE */
#define MMC_F_LEVEL  3  /* a PTE's level, 0 the leaf-most; 255 not a PTE */
#define MMC_F_MTYPE  4  /* memory type: 0 main, 1 NC, 2 IO */
#define MMC_F_SIZE   5  /* bytes (0 for a CBO or FENCE) */
#define MMC_F_MASK   6  /* a store's bytes of the aligned word */
#define MMC_F_HIT    7  /* its first cache lookup hit */
#define MMC_F_PA     8  /* physical address */
#define MMC_F_DATA   9  /* read or load: the word answered; A/D update: the new PTE; store: its lanes */
#define MMC_F_CMP    10 /* A/D update: the PTE memory must hold */
#define MMC_F_OLD    11 /* A/D update: the PTE memory held (it took effect when OLD == CMP) */
#define MMC_F_CYCLES 12 /* cycles from its taking to its answer */
#define MMC_F_CYCLE  13 /* the cycle it was taken, from the request's acceptance */
/* Kinds of access (MMC_F_KIND), as the RTL's memory-system port numbers them. */
#define MMC_MEM_PTE_READ  0
#define MMC_MEM_PTE_CAS   1
#define MMC_MEM_LOAD      2
#define MMC_MEM_STORE     3
#define MMC_MEM_CBO_CLEAN 4
#define MMC_MEM_CBO_FLUSH 5
#define MMC_MEM_CBO_INVAL 6
#define MMC_MEM_FENCE     7

/* Fields of a bus transaction (mmc_bus). */
#define MMC_B_WRITE 0
#define MMC_B_SIZE  1 /* bytes: 1, 2, 4, 8, or 64 for a line */
#define MMC_B_BEATS 2 /* 1, or 8 for a line */
#define MMC_B_HART  3
#define MMC_B_ADDR  4
#define MMC_B_MASK  5 /* bytes written */
#define MMC_B_CYCLE 6 /* the cycle the bus took it, from the request's acceptance */
#define MMC_B_DATA  7 /* + beat (0..7): the beat's 8 bytes */

typedef struct mmc_model mmc_model;

/* "0.1.0" */
const char *mmc_version(void);
/* The message of an error code. */
const char *mmc_strerror(int code);

/* "" when a model of this configuration can be made, else why not (one
 * line). harts 1..MMC_MAX_HARTS; tlb_entries per hart, a power of two up to
 * 256; latency the bus's, 1..1000 cycles. */
const char *mmc_config_check(int harts, int tlb_entries, int latency);
/* A model with every CSR zero (Bare), empty TLBs and cache, memory all zero;
 * NULL when mmc_config_check() objects or memory runs out. */
mmc_model *mmc_new(int harts, int tlb_entries, int latency);
void mmc_free(mmc_model *m);
int mmc_harts(const mmc_model *m);

/* Writes a CSR with its WARL rules: MMC_OK, 1 when the write was ignored
 * (satp with an unsupported MODE), or an error. */
int mmc_csr_write(mmc_model *m, int hart, int csr, uint64_t value);
/* The value a CSR holds (0 for a bad hart or CSR). */
uint64_t mmc_csr_read(const mmc_model *m, int hart, int csr);
/* "satp", "vsatp", "hgatp", "mstatus", "vsstatus", "menvcfg", "henvcfg" to
 * MMC_CSR_*, or MMC_EARG. */
int mmc_csr_by_name(const char *name);

/* A word of memory (pa 8-byte aligned, below 2^56) as the system sees it,
 * written or read outside any request, with no timing and no bus
 * transaction: the cached line's copy if the cache holds it, else memory's.
 * This is how page tables and data are laid out before the first request. */
int mmc_mem_write(mmc_model *m, uint64_t pa, uint64_t value);
uint64_t mmc_mem_read(const mmc_model *m, uint64_t pa);

/* One request on a hart, served to its end: the misaligned check, the
 * translation (TLB, walk), then the data operation. size: 1, 2, 4 or 8 for
 * a load, store or fetch (else ignored); wdata: a store's value. Returns
 * MMC_OK (the outcome may be a fault: mmc_ok()) or an error. */
int mmc_access(mmc_model *m, int hart, uint64_t va, int type, int priv, int virt, int op, int size, uint64_t wdata);
/* Translation only: mmc_access() with MMC_OP_NONE. */
int mmc_translate(mmc_model *m, int hart, uint64_t va, int type, int priv, int virt);
/* A fence on a hart (kind MMC_SFENCE_VMA ...; addr used when has_addr, the
 * ASID or VMID id (0..65535) when has_id). Returns the TLB entries it
 * dropped, or an error. */
int mmc_fence(mmc_model *m, int hart, int kind, int has_addr, uint64_t addr, int has_id, int id);

/* The outcome of the last request (access or fence). */
int mmc_ok(const mmc_model *m);             /* 1: translated (and the data access done) */
int mmc_cause(const mmc_model *m);          /* the exception cause when not ok */
uint64_t mmc_pa(const mmc_model *m);        /* the physical address when ok */
uint64_t mmc_gpa(const mmc_model *m);       /* a guest-page fault's guest physical address */
int mmc_pbmt(const mmc_model *m);           /* 0 PMA, 1 NC, 2 IO */
int mmc_tlb_hit(const mmc_model *m);        /* served by the TLB */
int mmc_mtype(const mmc_model *m);          /* the data access's memory type: 0 main, 1 NC, 2 IO */
int mmc_cache_hit(const mmc_model *m);      /* the data access's first cache lookup hit */
uint64_t mmc_load_data(const mmc_model *m); /* a load's or fetch's value, zero-extended */
int mmc_cycles(const mmc_model *m);         /* from its acceptance to its response */
/* Its accesses at the memory system, in order (the walk's PTE reads and A/D
 * updates, then the data access or the FENCE), and the bus transactions it
 * caused; a field (MMC_F_*, MMC_B_*) of access or transaction i, 0 when out
 * of range. */
int mmc_n_ops(const mmc_model *m);
uint64_t mmc_op(const mmc_model *m, int i, int field);
int mmc_n_bus(const mmc_model *m);
uint64_t mmc_bus(const mmc_model *m, int i, int field);

#ifdef __cplusplus
}
#endif

#endif
