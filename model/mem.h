/*
 * Sparse physical memory: a 56-bit physical address space in which only the
 * blocks that were written cost storage (MM_MEM_BLOCK_BYTES each, eight cache
 * lines: smaller than a page, since a run's stores are scattered). Memory
 * never written reads as zero. Blocks live in an open-addressed hash table
 * keyed by block number, so a read or write is one hash probe in the common
 * case.
 *
 * Accesses are 64-bit little-endian words at 8-byte aligned addresses; an
 * unaligned address or one beyond 56 bits is the caller's bug (assert).
 */
#ifndef MM_MEM_H
#define MM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mm_mem mm_mem;

mm_mem *mm_mem_new(void);
void mm_mem_free(mm_mem *mem);
uint64_t mm_mem_read64(const mm_mem *mem, uint64_t pa);
void mm_mem_write64(mm_mem *mem, uint64_t pa, uint64_t value);
/* The 8 words of the 64-byte line at pa (64-byte aligned), with one look-up. */
void mm_mem_read_line(const mm_mem *mem, uint64_t pa, uint64_t words[8]);
/* Writes the bytes of words that mask selects (bit i: byte i of the line at pa, 64-byte aligned); as
 * mm_mem_write64 word by word, with one look-up (bytes of zero into a block never written allocate nothing). */
void mm_mem_write_line(mm_mem *mem, uint64_t pa, const uint64_t words[8], uint64_t mask);
/* A read by a bus master (a walker): the same as mm_mem_read64, and it fires
 * an armed poke of that address. */
uint64_t mm_mem_load(mm_mem *mem, uint64_t pa);
/* An atomic compare-and-swap by a bus master: writes value if the word at
 * pa equals cmp; returns the word it found either way. */
uint64_t mm_mem_cas(mm_mem *mem, uint64_t pa, uint64_t cmp, uint64_t value);
/* Arms a one-shot poke: right after the next mm_mem_load of pa, the word
 * becomes value, as if another agent had stored it then. Models a PTE that
 * changes between a walker's read and its atomic A/D update. One poke at a
 * time; arming again replaces it. */
void mm_mem_arm_poke(mm_mem *mem, uint64_t pa, uint64_t value);
bool mm_mem_poke_armed(const mm_mem *mem);
#define MM_MEM_BLOCK_SHIFT 9
#define MM_MEM_BLOCK_BYTES (1u << MM_MEM_BLOCK_SHIFT)
/* Blocks allocated so far (a block holds a word that was written other than zero). */
size_t mm_mem_blocks(const mm_mem *mem);
/* A deep copy, so that two simulators can start from one image. */
mm_mem *mm_mem_clone(const mm_mem *mem);
/* Calls fn for every allocated block (its MM_MEM_BLOCK_BYTES / 8 words), in no particular order. */
void mm_mem_foreach_block(const mm_mem *mem, void (*fn)(void *ctx, uint64_t block_pa, const uint64_t *words),
                          void *ctx);

#endif
