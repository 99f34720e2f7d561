/*
 * The Verilated RTL (rtl/mmu_sim_top.sv over rtl/mmu_top.sv) behind a C API.
 * C++ lives only in tb/verilator/rtl.cpp; callers see C types (the model's
 * request, CSR, fence, bus and observation structs) and never a Verilator
 * type.
 *
 * The harness owns the clock. rtl_access() and rtl_fence() drive one request
 * into a hart's port and run the clock until that hart's response. The RTL's
 * memory system (cache, write-combining buffer) puts its transactions on its
 * bus; the harness serves each one as the bus takes it, with mm_bus_access()
 * on the caller's mm_bus (main memory and devices, model/bus.h), and answers
 * it mem_latency edges later (L, the bus latency; the bus is always ready).
 * It fills the same observation record the model fills (model/obs.h): the
 * outcome with the data access's value, memory type and cache hit, the
 * cycles from acceptance to response, the accesses at the memory-system port
 * (ops[]: each with its answer, its answer time T and the cycle it was
 * taken) and the bus transactions (bus[]: each with the cycle the bus took
 * it), both counted from the request's acceptance. One request is in flight
 * at a time. Sizes are bytes here, log2 in the RTL: the harness converts.
 *
 * Cycle numbering: the cycle counter increments at every rising clock edge.
 * A request is accepted at the edge at which the port's valid and ready were
 * both high; its response at the edge at which the response's valid was
 * high. A bus transaction taken at edge s is answered at edge s + mem_latency.
 */
#ifndef MM_RTL_H
#define MM_RTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/bus.h"
#include "model/mem.h"
#include "model/mmu.h"
#include "model/obs.h"
#include "model/tlb.h"
#include "model/walk.h"

#define RTL_MAX_HARTS MM_MAX_HARTS /* NumHarts of every build */

typedef struct rtl_config {
  unsigned harts;       /* 1..RTL_MAX_HARTS */
  unsigned tlb_entries; /* one of the sizes built (rtl_tlb_size_supported) */
  unsigned mem_latency; /* the bus latency L, 1..MM_LATENCY_MAX */
  unsigned bug;         /* injected bug number (0: none); needs the mutant build */
  bool mutant_build;    /* use the mutant build even with bug 0 (the control run) */
} rtl_config;

typedef struct rtl_sim rtl_sim;

/* NULL and a one-line message in err on a bad configuration. */
rtl_sim *rtl_new(const rtl_config *cfg, char *err, size_t errlen);
void rtl_free(rtl_sim *sim);
bool rtl_tlb_size_supported(unsigned entries, bool mutants);

/* Drives a hart's CSR inputs (held until changed). */
void rtl_set_csrs(rtl_sim *sim, unsigned hart, const mm_csrs *csrs);
/* One request; its bus transactions are served on bus (NULL: reads give
 * zeros, writes go nowhere). out->bare and out->tlb_index are not known here
 * (false, -1), and each access's stage and level are MM_STAGE_UNKNOWN. A
 * data operation's req->type must be the permission it checks (LOAD: load,
 * FETCH: fetch, STORE and CBOs: store), and a LOAD's, STORE's or FETCH's
 * size 1, 2, 4 or 8 (the caller's bugs otherwise: assert). */
void rtl_access(rtl_sim *sim, unsigned hart, const mm_req *req, mm_bus *bus, mm_obs *out);
/* SFENCE.VMA, HFENCE.*: the TLB; FENCE (MM_FENCE_DATA): the memory system,
 * which may drain its write-combining buffer on bus. */
void rtl_fence(rtl_sim *sim, unsigned hart, const mm_fence *fence, mm_bus *bus, mm_obs *out);
/* Arms a poke at the coming edge: the harness, as another bus master, waits
 * for the memory system to take hart's next PTE read of pa (8-byte aligned)
 * after that edge and, once it is answered, stores value at pa through the
 * memory system's agent port (mmu_top's agent_wr_*: into the cached line,
 * which becomes dirty). One at a time; arming again replaces it. */
void rtl_poke(rtl_sim *sim, unsigned hart, uint64_t pa, uint64_t value);
/* Another bus master's coherent store of the 8-byte aligned word at pa,
 * through the memory system's agent port, between two of its requests (the
 * harts must be idle): runs the clock until it is performed. True if the
 * cache held the line (it took the word and is dirty); else the store went to
 * bus's memory, as the agent's own. */
bool rtl_agent_store(rtl_sim *sim, uint64_t pa, uint64_t value, mm_bus *bus);
/* Whether the last poke is still armed (it has not fired yet). */
bool rtl_poke_armed(const rtl_sim *sim);
/* Several harts' requests in flight at once, one per hart: rtl_post() sets
 * hart h's request (req, or fence) on its port, to be taken at edge
 * accept_at (its valid goes up in the cycle before; the hart must be idle
 * and not busy here); rtl_tick() runs one clock edge, serving the bus from
 * bus, and returns the harts (a bit each) whose response came at it, their
 * observations then complete. rtl_access() and rtl_fence() are a post and
 * ticks until the response. */
void rtl_post(rtl_sim *sim, unsigned hart, const mm_req *req, const mm_fence *fence, mm_obs *out, uint64_t accept_at);
bool rtl_busy(const rtl_sim *sim, unsigned hart);
unsigned rtl_tick(rtl_sim *sim, mm_bus *bus);
/* The edge at which hart's last request was taken. */
uint64_t rtl_hart_accept_cycle(const rtl_sim *sim, unsigned hart);

/* The first clock edge a request can be taken at, after rtl_new's reset
 * (two cycles low, one more). */
#define RTL_FIRST_EDGE 4

/* The edge at which the last request was accepted. */
uint64_t rtl_accept_cycle(const rtl_sim *sim);
/* Runs n idle cycles. */
void rtl_idle(rtl_sim *sim, unsigned n);
uint64_t rtl_cycle(const rtl_sim *sim);

/* The RTL's assertions (--assert: at most one TLB hit, one request at the memory system, ...). One
 * that fails is no message on the side: the harness catches Verilator's report of it (its file and
 * line, its instance path) at the edge it fired and keeps the first; the caller makes it the run's
 * failure. A simulation goes on after it (Verilator's fatal-on-error is off in every build). */
typedef struct rtl_assertion {
  unsigned count;  /* assertions failed so far */
  uint64_t cycle;  /* the edge the first fired at */
  int hart;        /* the hart of its instance (g_hart[N] in its path); -1: a block the harts share */
  char name[48];   /* its label ("HitOnehot"), or "?" when Verilator's message could not be read */
  char where[200]; /* the source line and the instance ("mmu_tlb.sv:299 mmu_sim_top.u_top.g_hart[1].u_hart.u_tlb") */
} rtl_assertion;
/* False when none has failed; else the first, and the count, in out. */
bool rtl_assertion_failed(const rtl_sim *sim, rtl_assertion *out);

/* FST waveform: open a file and dump from now on, until rtl_trace_close. */
bool rtl_trace_open(rtl_sim *sim, const char *path);
void rtl_trace_close(rtl_sim *sim);

/* The injected bugs of the mutant build (rtl/mutants.txt): their number (0
 * in a binary without it), and each one's name and description. */
unsigned rtl_bug_count(void);
const char *rtl_bug_name(unsigned bug);
const char *rtl_bug_description(unsigned bug);

#endif
