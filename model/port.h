/*
 * The one way the model reaches memory. Everything a hart does to physical
 * memory goes through an mm_port: today the walker's PTE reads and its
 * atomic A/D compare-and-swaps; the cache and the bus serve the same port
 * later. A port never knows who asks, and the walker never knows what sits
 * behind a port (the sparse memory, a cache, a bus with other harts on it).
 *
 * An access is an mm_memop: the requester fills kind, pa and, for a
 * compare-and-swap, data (the value to write) and cmp (the value memory must
 * hold); the port fills the answer: data for a read, old for a
 * compare-and-swap (the word it found; the write took effect iff old == cmp),
 * and cycles, the port's latency for this access.
 *
 * A port may not be able to answer at once (another hart holds the bus): it
 * then returns false, and the requester suspends until the answer is given
 * to it (mm_walk_answer). The sparse memory's port always answers.
 */
#ifndef MM_PORT_H
#define MM_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"

typedef enum mm_op_kind { MM_OP_READ = 0, MM_OP_CAS = 1 } mm_op_kind;
typedef enum mm_stage { MM_STAGE_S = 0, MM_STAGE_VS = 1, MM_STAGE_G = 2 } mm_stage;

#define MM_STAGE_UNKNOWN 0xff /* stage and level of an access the requester did not annotate */

/* One access at a memory port, with its answer. */
typedef struct mm_memop {
  uint8_t kind;    /* mm_op_kind */
  uint8_t hart;    /* the hart whose access it is */
  uint8_t stage;   /* mm_stage of the PTE accessed (S: single-stage), or MM_STAGE_UNKNOWN */
  uint8_t level;   /* level of that PTE in its table, 0 = leaf-most (MM_STAGE_UNKNOWN: unknown) */
  uint64_t pa;     /* 8-byte aligned physical address */
  uint64_t data;   /* read: the value returned; compare-and-swap: the value to write */
  uint64_t cmp;    /* compare-and-swap: the value memory must hold (the PTE the update was computed from); read: 0 */
  uint64_t old;    /* compare-and-swap: the value memory held; read: 0 */
  unsigned cycles; /* answer: cycles from the port taking the access to its answer */
  unsigned cycle;  /* cycle the port took it, counted from the request's acceptance */
} mm_memop;

typedef struct mm_port {
  /* Performs op and fills its answer; false: no answer yet (see above). */
  bool (*access)(void *ctx, mm_memop *op);
  void *ctx;
} mm_port;

/* The sparse memory as a port with a fixed latency: reads fire an armed
 * poke (mem.h), compare-and-swaps are mm_mem_cas. */
typedef struct mm_mem_port {
  mm_mem *mem;
  unsigned latency; /* cycles, >= 1 */
} mm_mem_port;

bool mm_mem_port_access(void *ctx, mm_memop *op);
static inline mm_port mm_port_of_mem(mm_mem_port *p) { return (mm_port){.access = mm_mem_port_access, .ctx = p}; }

#endif
