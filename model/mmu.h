/*
 * One hart's MMU: the L1 TLB of tlb.h in front of the walk of walk.h, with
 * the timing of the RTL. This is what the co-simulation holds against the
 * Verilog, request by request: outcome, TLB hit or miss, the walk's memory
 * accesses in order, and the cycle the response comes.
 *
 * Request flow (the RTL has the same):
 *  1. Bare (V=0 with satp Bare, or V=1 with vsatp and hgatp Bare): pa = va,
 *     no TLB lookup.
 *  2. Lookup by {V, VMID, ASID, VA}. On a hit, the entry's leaves are checked
 *     with the current privilege, SUM and MXR: the single-/VS-stage leaf
 *     first (page fault), then the G-stage leaf (guest-page fault at the
 *     entry's GPA). A store to an entry whose D is clear in either leaf is
 *     not a hit: it walks, so that D is set (or faults) in memory.
 *  3. A miss walks (the walk also makes the address checks: a non-canonical
 *     VA faults after a miss with no memory access), and a walk that succeeds
 *     fills the TLB.
 *
 * Timing, in cycles from the cycle the request is accepted to the cycle the
 * response is valid, with one request in flight in the whole system; c_k is
 * the port's answer time for access k (the memory latency L today):
 *     bare or TLB hit:    MM_T_HIT
 *     walk of n accesses: MM_T_WALK + sum of (c_k + MM_T_PER_OP)
 *     fence:              MM_T_FENCE
 * and the port takes access k at MM_T_FIRST_OP + sum over j < k of
 * (c_j + MM_T_PER_OP): each access goes out in the cycle after the answer
 * of the one before.
 *
 * Every access reaches memory through the hart's port (port.h); the walk is
 * a coroutine that can wait at each one (walk.h), so several harts' walks
 * can be kept in flight over one shared port.
 */
#ifndef MM_MMU_H
#define MM_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "hitpred.h"
#include "mem.h"
#include "obs.h"
#include "port.h"
#include "tlb.h"
#include "walk.h"

#define MM_T_HIT       2u
#define MM_T_WALK      3u
#define MM_T_PER_OP    1u
#define MM_T_FENCE     2u
#define MM_T_FIRST_OP  2u
#define MM_LATENCY_MAX 1000 /* memory port latency limit, cycles */
#define MM_MAX_HARTS   4    /* harts of the system (the RTL's NumHarts) */

/* A limit's value in a message: "1.." MM_STR(MM_LATENCY_MAX) */
#define MM_STR(x)  MM_STR_(x)
#define MM_STR_(x) #x

typedef struct mm_hart_params {
  unsigned tlb_entries; /* power of two, 1..MM_TLB_MAX_ENTRIES; default 16 */
  unsigned mem_latency; /* memory port latency in cycles, 1..MM_LATENCY_MAX */
  unsigned id;          /* the hart's number, 0..MM_MAX_HARTS-1; default 0 */
} mm_hart_params;

#define MM_HART_PARAMS_DEFAULT ((mm_hart_params){.tlb_entries = 16, .mem_latency = 4})

struct mm_cov;

typedef struct mm_hart {
  unsigned id; /* 0..MM_MAX_HARTS-1: names its accesses at the memory port */
  mm_csrs csrs;
  mm_tlb tlb;
  mm_hitpred pred; /* in front of the TLB's lookup (hitpred.h) */
  unsigned mem_latency;
  struct mm_cov *cov; /* where the hart records functional coverage (model/cov.h); NULL: nowhere */
} mm_hart;

/*
 * A request in flight on a hart, as a job that can wait at each access to
 * the memory system: what a scheduler needs to keep several harts' requests
 * in flight over one memory system (sched.h). mm_hart_begin() starts it;
 * with a port that answers at once it runs to the end (true). A port may
 * also decline an access (return false; or port NULL): the job stops there
 * (false) and the access waits in job->pending, ready to go out at job->now
 * (cycles from the acceptance); the scheduler sets pending->cycle to when
 * the memory system takes it, has the memory system answer it, and calls
 * mm_hart_resume(), until it returns true. A walk resumes by replay
 * (walk.h). A port that answers sets op->cycle to the cycle it took the
 * access (at or after the ready cycle it finds there): the scheduler's port
 * answers at once whenever no other hart could be granted first, so that a
 * walk that need not wait does not stop and replay.
 */
typedef enum mm_job_phase { MM_JOB_WALK, MM_JOB_DATA, MM_JOB_DONE } mm_job_phase;

typedef struct mm_job {
  struct mm_hart *hart;
  bool walked;         /* the request walked (job->walk holds its last attempt) */
  const mm_port *port; /* NULL: a scheduler answers the accesses */
  bool is_fence;
  mm_req req;  /* the request (not a fence) */
  mm_obs *out; /* the observation being filled */
  mm_job_phase phase;
  mm_walk walk;      /* the walk, when the request walks */
  unsigned now;      /* the cycle (from the acceptance) the next access is ready to go out */
  mm_memop *pending; /* the access that waits (in out->ops), or NULL */
} mm_job;

/* The accesses of a job in flight answered so far: job->out->ops[0..n)
 * (during the walk they are the walk's replay log, out->n_ops being set at
 * its end). */
static inline unsigned mm_job_answered(const mm_job *job) {
  if (job->phase == MM_JOB_WALK) return job->walk.n_answered;
  return job->out->n_ops - (job->pending ? 1u : 0u);
}

/* Returns false (and a message in *why) on impossible parameters. */
bool mm_hart_init(mm_hart *hart, const mm_hart_params *params, const char **why);
void mm_hart_destroy(mm_hart *hart);

/* A request as a job (see above): true when done, false when an access waits. */
bool mm_hart_begin(mm_hart *hart, mm_job *job, const mm_port *port, const mm_req *req, mm_obs *out);
/* A fence as a job (*dropped: the TLB entries it dropped). Only a FENCE
 * (MM_FENCE_DATA) has an access; the others are done at once. */
bool mm_hart_begin_fence(mm_hart *hart, mm_job *job, const mm_port *port, const mm_fence *fence, mm_obs *out,
                         unsigned *dropped);
/* After the scheduler had the memory system take (pending->cycle) and answer
 * job->pending: true when the request is done. */
bool mm_hart_resume(mm_job *job);

/* One request, its accesses on port (which must answer each at once):
 * the misaligned check, the translation (M-mode: none), then the data
 * operation if it has one (DESIGN.md, "The data path"); fills the whole
 * observation but the bus transactions (the memory system reports those). */
void mm_hart_access_port(mm_hart *hart, const mm_port *port, const mm_req *req, mm_obs *out);
/* The same on the sparse memory, with the hart's memory latency. */
void mm_hart_access(mm_hart *hart, mm_mem *mem, const mm_req *req, mm_obs *out);
/* One fence request; fills out (if not NULL) and returns the number of TLB
 * entries it dropped. SFENCE.VMA and HFENCE.*: MM_T_FENCE cycles, no access
 * (port may be NULL). FENCE: an MM_OP_FENCE access on port (the memory
 * system drains its write-combining buffer), MM_T_FENCE + T + 1 cycles. */
unsigned mm_hart_fence(mm_hart *hart, const mm_port *port, const mm_fence *fence, mm_obs *out);

/* Cycles a walk of n memory accesses takes with latency lat. */
unsigned mm_walk_cycles(unsigned n_ops, unsigned lat);

#endif
