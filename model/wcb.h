/*
 * The write-combining buffer of the NC path: one line. Stores to the line
 * it holds merge into it (bytes and mask); the memory system drains it as
 * one line write with its byte mask (memsys.h says when).
 */
#ifndef MM_WCB_H
#define MM_WCB_H

#include <stdbool.h>
#include <stdint.h>

#include "pma.h"

typedef struct mm_wcb {
  bool valid;               /* holds data */
  uint64_t line;            /* line address (LINE_BYTES aligned), when valid */
  uint8_t data[LINE_BYTES]; /* the bytes mask says were written */
  uint64_t mask;            /* bit i: byte i of the line written */
  uint64_t merges, drains;  /* stores merged into a line already held; lines written out */
} mm_wcb;

static inline uint64_t mm_line_of(uint64_t pa) { return pa & ~(uint64_t)(LINE_BYTES - 1); }
static inline bool mm_wcb_holds_line(const mm_wcb *b, uint64_t pa) { return b->valid && b->line == mm_line_of(pa); }
static inline bool mm_wcb_full(const mm_wcb *b) { return b->valid && b->mask == ~0ull; }

/* Merges a store (word at pa's aligned word, byte mask) into the buffer,
 * which must be empty or hold pa's line. */
void mm_wcb_merge(mm_wcb *b, uint64_t pa, uint64_t word, uint8_t mask);

#endif
