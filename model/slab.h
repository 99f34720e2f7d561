/*
 * Zeroed memory handed out in order from 2 MiB slabs, never given back one
 * piece at a time: the storage of the sparse memory's blocks (mem.c) and of
 * the value checker's lines (tb/cosim/scoreboard.c). A slab is a huge page
 * where the kernel gives one (MADV_HUGEPAGE), so a run that touches new
 * memory pays one fault per 2 MiB, and no allocator's heap grows a page at a
 * time under it (a thread's malloc arena grows with one mprotect call a step).
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <stddef.h>

#define MM_SLAB_BYTES (2u << 20)

typedef struct mm_slabs {
  void **slabs;
  size_t n, cap;
  size_t used; /* bytes taken from the newest slab */
} mm_slabs;

/* bytes (a multiple of 8, at most MM_SLAB_BYTES) of zeroed memory, 8-byte
 * aligned (aligned to the size when every piece taken has that power-of-two
 * size), that stay until mm_slabs_free; NULL when out of memory. */
void *mm_slab_take(mm_slabs *s, size_t bytes);
/* Gives back every slab; s is empty again. */
void mm_slabs_free(mm_slabs *s);

#endif
