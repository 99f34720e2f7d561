/*
 * The machine a kernel runs on, as software sees it: harts that take one
 * request at a time (a load, store, fetch or CBO, or a fence), CSR writes,
 * and the devices' state for a driver's checks. A fault is an outcome, not an
 * event: the request's observation says it faulted, and the caller (the
 * kernel, sw/kernel/kernel.h) goes to its handler, which decides from that
 * outcome alone.
 *
 * What stands behind the interface is the testbench's choice
 * (tb/cosim/machine.h): the golden model alone, the RTL alone, or both in
 * lockstep, where the RTL receives the same requests and every observation
 * is compared; the kernel sees the model's outcome and never the RTL's. The
 * first difference halts the machine: that request and every later one
 * return false, so that kernel code unwinds with KERN_HALTED.
 *
 * Memory before the first request is an image: the kernel may write and
 * read it directly (its boot page tables). From the first request on, memory
 * is reached only by requests (M-mode loads and stores through the cache,
 * as the walker's accesses go), and an image access is the caller's bug.
 *
 * The wrappers below count what every request did, from its observation, so
 * that a workload reports hit rates the same way on every backend.
 */
#ifndef MM_MACHINE_H
#define MM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/framebuf.h"
#include "devices/regblock.h"
#include "model/obs.h"
#include "model/tlb.h"
#include "model/walk.h"

typedef struct machine_ops {
  /* One access on a hart; false when the machine is halted (out then holds
   * the deciding side's observation, if it ran). */
  bool (*access)(void *ctx, unsigned hart, const mm_req *req, mm_obs *out);
  bool (*fence)(void *ctx, unsigned hart, const mm_fence *fence, mm_obs *out);
  /* A CSR write with its WARL rules; reads back the value it holds. */
  uint64_t (*csr_write)(void *ctx, unsigned hart, mm_csr_id id, uint64_t value);
  /* The image (before the first request): a word of every side's memory. */
  void (*image_write)(void *ctx, uint64_t pa, uint64_t value);
  uint64_t (*image_read)(void *ctx, uint64_t pa);
  /* The deciding side's devices, for a driver's checks. */
  const regblock *(*regs)(void *ctx);
  const framebuf *(*fb)(void *ctx);
} machine_ops;

/* What the requests did, counted from their observations. */
typedef struct machine_stats {
  uint64_t requests;          /* accesses and fences */
  uint64_t accesses, fences;  /* of which */
  uint64_t faults;            /* accesses that faulted (page, guest-page, access, misaligned) */
  uint64_t tlb_hits, walks;   /* translations the TLB served, and those that walked */
  uint64_t walk_reads;        /* the walks' PTE reads */
  uint64_t data_main;         /* data accesses to main memory (the cache) */
  uint64_t data_main_hits;    /* of which hit the cache */
  uint64_t data_nc, data_io;  /* uncached data accesses */
  uint64_t bus_lines_read;    /* bus transactions: line fills */
  uint64_t bus_lines_written; /* write-backs and write-combining drains */
  uint64_t bus_beats_read;    /* single beats (NC, IO) */
  uint64_t bus_beats_written; /* */
  uint64_t cycles;            /* the sum of the requests' cycles */
} machine_stats;

typedef struct machine {
  const machine_ops *ops;
  void *ctx;
  unsigned harts;      /* 1..MM_MAX_HARTS */
  bool started;        /* a request was issued: memory is reached by requests only */
  bool halted;         /* the backend stopped (a mismatch): no more requests */
  machine_stats stats; /* since the machine was made */
} machine;

/* The requests: each counts its observation and returns false once halted. */
bool machine_access(machine *m, unsigned hart, const mm_req *req, mm_obs *out);
bool machine_fence(machine *m, unsigned hart, const mm_fence *fence, mm_obs *out);
uint64_t machine_csr_write(machine *m, unsigned hart, mm_csr_id id, uint64_t value);
/* The image, before the first request only (asserts so). */
void machine_image_write(machine *m, uint64_t pa, uint64_t value);
uint64_t machine_image_read(machine *m, uint64_t pa);
const regblock *machine_regs(machine *m);
const framebuf *machine_fb(machine *m);

/* Adds one observation to the counts (the wrappers call it). */
void machine_count(machine_stats *st, const mm_req *req, const mm_obs *o);
/* Percentages for reports (0 when nothing was counted). */
double machine_tlb_hit_rate(const machine_stats *st);
double machine_cache_hit_rate(const machine_stats *st);

#endif
