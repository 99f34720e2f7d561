/*
 * Several harts' requests in flight at once over the one memory system, as
 * the RTL serves them: each hart holds at most one request; its accesses
 * to the memory system wait for the round-robin arbiter (rtl/mmu_arbiter.sv),
 * which grants one access at a time while the memory system is idle, the
 * hart after the last winner first. The scheduler predicts every grant, so
 * the cycle each access is taken, the data it finds (every other hart's
 * earlier writes and compare-and-swaps included, since the memory system
 * serves the accesses in grant order), each failed compare-and-swap and
 * restart, and the cycle each response arrives on each hart. It never reads
 * the RTL's state.
 *
 * The arbiter's rule, in cycles (edges): an access that is ready at edge r
 * (its valid up in the cycle before r) can be taken at any edge e >= r at
 * which the memory system is free; the memory system is free again at
 * e + T + 1 after taking an access at e that it answers T later. At each
 * edge at which it is free and some accesses are ready, the arbiter takes
 * the first ready one at or after its priority pointer (cyclically) and
 * moves the pointer to the hart after it. A request's accesses are ready as
 * mm_job says (walk: MM_T_FIRST_OP after the acceptance, then MM_T_PER_OP
 * after each answer; the data access at W).
 *
 * Requests come from a source that the scheduler asks whenever a hart is
 * idle; the source tells when the hart takes it (its acceptance cycle).
 * The scheduler runs events in time order: at each time, the arbiter
 * grants first, then requests accepted then start (their first cycle needs
 * no memory access, so the order matters only to the poke hook: a poke
 * armed at an acceptance applies to the accesses taken after that edge, as
 * in the RTL). Completed requests are handed back to the source.
 */
#ifndef MM_SCHED_H
#define MM_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "memsys.h"
#include "mmu.h"

/* A hart's next request, as the source gives it. */
typedef struct mm_sched_request {
  bool is_fence;
  mm_req req;      /* when !is_fence */
  mm_fence fence;  /* when is_fence */
  uint64_t accept; /* the cycle the hart takes it (>= the cycle the hart is idle from) */
  mm_obs *out;     /* where its observation goes (kept by the source until done); its bus transactions too */
  bool poke;       /* arm the memory system's poke hook for this hart at the acceptance (mm_memsys_arm_poke) */
  uint64_t poke_pa, poke_value;
  void *tag; /* the source's, handed back with the completion */
} mm_sched_request;

typedef struct mm_sched_source {
  /* Hart h is idle from cycle idle on: its next request, or false when it
   * has none (the hart stays idle until mm_sched_kick). */
  bool (*next)(void *ctx, unsigned h, uint64_t idle, mm_sched_request *r);
  /* Hart h's request completed: accepted at accept, response at response. */
  void (*done)(void *ctx, unsigned h, const mm_sched_request *r, uint64_t response);
  void *ctx;
} mm_sched_source;

/* The races, as the scheduler sees them when it grants (another hart "has
 * touched" a word when its request in flight has read or compare-and-swapped
 * it so far). */
typedef struct mm_sched_stats {
  uint64_t grants;          /* accesses the arbiter granted */
  uint64_t contended;       /* grants with another hart's access also ready */
  uint64_t waited;          /* grants later than the access was ready */
  uint64_t max_wait;        /* the longest an access waited, cycles */
  uint64_t max_in_flight;   /* the most requests in flight at once */
  uint64_t shared_reads;    /* PTE reads of a word another hart's walk in flight has touched */
  uint64_t cas_races;       /* A/D compare-and-swaps on a PTE another hart's walk in flight has touched, or that
                               another hart wrote since this walk read it */
  uint64_t cas_lost;        /* failed compare-and-swaps: another hart wrote the PTE since this walk read it */
  uint64_t store_races;     /* data stores to a PTE another hart's walk in flight has touched */
  uint64_t fences_in_walks; /* SFENCE.VMA/HFENCE.* accepted while another hart was walking */
} mm_sched_stats;

typedef enum mm_sched_state { MM_SCHED_IDLE, MM_SCHED_LOADED, MM_SCHED_WAITING } mm_sched_state;

typedef struct mm_sched_hart {
  mm_sched_state state;
  uint64_t idle;      /* IDLE: the cycle it is idle from */
  mm_sched_request r; /* LOADED (not started yet) or WAITING (in flight) */
  uint64_t ready;     /* WAITING: the cycle its pending access is ready */
  mm_job job;
  uint64_t touched; /* the words its request has read or compare-and-swapped so far, bit (pa >> 3) % 64 each:
                       a filter in front of the race counts' look through its accesses */
} mm_sched_hart;

/* The last writes to memory (successful compare-and-swaps and stores),
 * for the race counts: a walk's read is far fewer grants back than this. */
#define MM_SCHED_WRITES 256
typedef struct mm_sched_write {
  uint64_t word; /* pa >> 3 */
  uint64_t edge;
  unsigned hart;
} mm_sched_write;

/* The next event: a request's start (is_start, hart h) or a grant at t
 * (h the winner, ready the accesses ready then); any false: none. */
typedef struct mm_sched_event {
  bool any, is_start;
  unsigned h;
  uint64_t t;
  unsigned ready;
} mm_sched_event;

typedef struct mm_sched {
  unsigned n_harts;
  mm_hart *harts; /* [n_harts], the caller's */
  mm_memsys *ms;  /* the one memory system */
  mm_sched_source source;
  mm_port port; /* the harts' jobs' port: answers an access at once when its grant is certain */
  /* The last edge at which the source's answers for the idle harts are
   * final: a source that knows its stream (the co-simulation's drivers: a
   * hart that has no request now gets none while another's is in flight)
   * leaves it at UINT64_MAX; one whose requests arrive as time goes on (a
   * DUT clocked edge by edge) sets it to the edge it runs to. An access is
   * granted at once only up to it while a hart is idle. */
  uint64_t horizon;
  uint64_t ms_free; /* the first edge the arbiter can grant at */
  bool ask;         /* the idle harts are to be asked for requests (something changed since they were) */
  bool picked;      /* next holds the next event (nothing has run since it was worked out) */
  mm_sched_event next;
  unsigned prio; /* the arbiter's priority pointer */
  mm_sched_hart h[MM_MAX_HARTS];
  mm_sched_stats stats;
  struct mm_cov *cov; /* where the races go as coverage (model/cov.h); NULL: nowhere */
  mm_sched_write writes[MM_SCHED_WRITES];
  unsigned n_writes; /* ever recorded (the ring holds the last MM_SCHED_WRITES) */
} mm_sched;

/* The harts start idle from cycle start. */
void mm_sched_init(mm_sched *s, mm_hart *harts, unsigned n_harts, mm_memsys *ms, const mm_sched_source *source,
                   uint64_t start);
/* Runs the next event (a request's start, or a grant); false when there is
 * none (every hart idle and the source has nothing more). */
bool mm_sched_step(mm_sched *s);
/* The time of the next event (UINT64_MAX: none). */
uint64_t mm_sched_next_time(mm_sched *s);
/* Runs every event at or before time t; returns the time of the next one
 * (UINT64_MAX: none), which holds until the scheduler runs again, since
 * only its own events change what it will do. */
uint64_t mm_sched_run_until(mm_sched *s, uint64_t t);
/* Asks the source again for the idle harts that had no request (the
 * scheduler asks them itself after each completion and each request it
 * got; a source whose answers change otherwise calls this). */
void mm_sched_kick(mm_sched *s);
/* Requests in flight (started or loaded). */
unsigned mm_sched_in_flight(const mm_sched *s);

#endif
