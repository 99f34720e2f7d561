/*
 * The one way the model reaches memory. Everything a hart does to physical
 * memory goes through an mm_port: the walker's PTE reads and atomic A/D
 * compare-and-swaps, and the data accesses after a translation. The memory
 * system (memsys.h: the cache, the write-combining buffer, the bus) is one
 * port, the bare sparse memory another. A port never knows who asks, and the
 * walker never knows what sits behind a port.
 *
 * An access is an mm_memop: the requester fills kind, mt, pa, size and, for
 * a compare-and-swap, data (the value to write) and cmp (the value memory
 * must hold), for a store data (in its byte lanes) and mask; the port fills
 * the answer: data for a read or load (the aligned 8-byte word holding pa;
 * an NC or IO load's other byte lanes zero), old for a compare-and-swap (the
 * word it found; the write took effect iff old == cmp), hit, and cycles, the
 * port's answer time for this access.
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
#include "pma.h"

typedef enum mm_op_kind {
  MM_OP_READ = 0,      /* the walker's PTE read: 8 bytes, main memory */
  MM_OP_CAS = 1,       /* the walker's atomic A/D update: 8 bytes, main memory */
  MM_OP_LOAD = 2,      /* a data load or fetch */
  MM_OP_STORE = 3,     /* a data store */
  MM_OP_CBO_CLEAN = 4, /* Zicbom, on the line holding pa */
  MM_OP_CBO_FLUSH = 5,
  MM_OP_CBO_INVAL = 6,
  MM_OP_FENCE = 7, /* FENCE: drains the write-combining buffer */
} mm_op_kind;
typedef enum mm_stage { MM_STAGE_S = 0, MM_STAGE_VS = 1, MM_STAGE_G = 2 } mm_stage;

#define MM_STAGE_UNKNOWN 0xff /* stage and level of an access the requester did not annotate */

/* One access at a memory port, with its answer. */
typedef struct mm_memop {
  uint8_t kind;    /* mm_op_kind */
  uint8_t hart;    /* the hart whose access it is */
  uint8_t stage;   /* mm_stage of the PTE accessed (S: single-stage), or MM_STAGE_UNKNOWN */
  uint8_t level;   /* level of that PTE in its table, 0 = leaf-most (MM_STAGE_UNKNOWN: unknown) */
  uint8_t mt;      /* mm_mtype (pma.h): MAIN for the walker's accesses */
  uint8_t size;    /* bytes: 1, 2, 4, 8 (8 for the walker's; 0 for a CBO or a FENCE) */
  uint8_t mask;    /* store: the bytes of the aligned word it writes (bit i: byte i); else 0 */
  uint8_t hit;     /* answer: the first cache lookup hit (MAIN and CBOs); else 0 */
  uint64_t pa;     /* physical address (the walker's: 8-byte aligned) */
  uint64_t data;   /* read/load: the word returned; compare-and-swap: the value to write; store: its lanes */
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
