#include "slab.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* A 2 MiB-aligned slab: twice its size mapped (mmap's pages are zero), the rest unmapped. */
static void *new_slab(void) {
  uint8_t *raw = mmap(NULL, 2 * MM_SLAB_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return NULL;
  uint8_t *slab = (uint8_t *)(((uintptr_t)raw + MM_SLAB_BYTES - 1) & ~(uintptr_t)(MM_SLAB_BYTES - 1));
  if (slab > raw) munmap(raw, (size_t)(slab - raw));
  if (slab + MM_SLAB_BYTES < raw + 2 * MM_SLAB_BYTES)
    munmap(slab + MM_SLAB_BYTES, (size_t)(raw + 2 * MM_SLAB_BYTES - slab - MM_SLAB_BYTES));
  madvise(slab, MM_SLAB_BYTES, MADV_HUGEPAGE);
  return slab;
}

void *mm_slab_take(mm_slabs *s, size_t bytes) {
  assert(bytes && bytes % 8 == 0 && bytes <= MM_SLAB_BYTES);
  if (!s->n || s->used + bytes > MM_SLAB_BYTES) {
    if (s->n == s->cap) {
      size_t cap = s->cap ? 2 * s->cap : 8;
      void **p = realloc(s->slabs, cap * sizeof *p);
      if (!p) return NULL;
      s->slabs = p;
      s->cap = cap;
    }
    void *slab = new_slab();
    if (!slab) return NULL;
    s->slabs[s->n++] = slab;
    s->used = 0;
  }
  void *p = (uint8_t *)s->slabs[s->n - 1] + s->used;
  s->used += bytes;
  return p;
}

void mm_slabs_free(mm_slabs *s) {
  for (size_t i = 0; i < s->n; i++)
    munmap(s->slabs[i], MM_SLAB_BYTES);
  free(s->slabs);
  *s = (mm_slabs){0};
}
