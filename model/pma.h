/*
 * The address map and memory types of the system (DESIGN.md, "The data
 * path"): main memory from DRAM_BASE up, the I/O region below it with the
 * devices' windows. Constants and pure functions only.
 */
#ifndef MM_PMA_H
#define MM_PMA_H

#include <stdbool.h>
#include <stdint.h>

#include "pte.h"

#define DRAM_BASE     0x80000000ull /* main memory (PMA: cacheable) from here to the top of the 56 bits */
#define REGBLOCK_BASE 0x10000000ull /* the register block (devices/regblock.h) */
#define REGBLOCK_SIZE 0x1000ull
#define FRAMEBUF_BASE 0x11000000ull /* the frame buffer (devices/framebuf.h) */
#define FRAMEBUF_SIZE 0x10000ull

#define LINE_BYTES 64u /* the cache's line, the write-combining buffer's, a bus burst's */

/* The memory type a data access takes. */
typedef enum mm_mtype {
  MM_MT_MAIN = 0, /* cacheable main memory: through the cache */
  MM_MT_NC = 1,   /* Svpbmt NC: non-cacheable, idempotent, weakly ordered: the write-combining buffer */
  MM_MT_IO = 2,   /* Svpbmt IO, or PMA I/O: non-cacheable, strongly ordered: one bus transaction each */
} mm_mtype;

static inline bool pma_is_main(uint64_t pa) { return pa >= DRAM_BASE; }

/* A translation's PBMT over the address's PMA. */
static inline mm_mtype mm_mtype_of(unsigned pbmt, uint64_t pa) {
  if (pbmt == PBMT_NC) return MM_MT_NC;
  if (pbmt == PBMT_IO) return MM_MT_IO;
  return pma_is_main(pa) ? MM_MT_MAIN : MM_MT_IO;
}

static inline const char *mm_mtype_name(unsigned mt) {
  return mt == MM_MT_MAIN ? "main" : mt == MM_MT_NC ? "nc" : mt == MM_MT_IO ? "io" : "?";
}

#endif
