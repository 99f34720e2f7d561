/*
 * Paging out (kernel.h): user frames under a resident limit, the clock
 * algorithm over the reverse map using the hardware's A bit, and the
 * backing store, swap slots of one page each in the kernel's own memory
 * (the disk, outside the machine).
 */
#include <assert.h>
#include <stdlib.h>

#include "sw/kernel/kernel_int.h"

void kern_swap_release(kernel *k, int32_t slot) {
  if (slot >= 0) k->swap_free[k->n_swap_free++] = slot;
}

static kern_status swap_slot(kernel *k, int32_t *slot) {
  if (k->n_swap_free) {
    *slot = k->swap_free[--k->n_swap_free];
    return KERN_OK;
  }
  if (k->n_swap == k->cap_swap) {
    unsigned cap = k->cap_swap ? 2 * k->cap_swap : 64;
    uint64_t(*s)[KERN_PAGE_WORDS] = realloc(k->swap, cap * sizeof *s);
    int32_t *f = s ? realloc(k->swap_free, cap * sizeof *f) : NULL;
    if (s) k->swap = s;
    if (!f) return KERN_NOMEM;
    k->swap_free = f;
    k->cap_swap = cap;
  }
  *slot = (int32_t)k->n_swap++;
  return KERN_OK;
}

kern_status kern_user_frame(kernel *k, unsigned hart, uint64_t *pa) {
  k->hart = hart;
  kern_status st = KERN_OK;
  if (k->cfg.max_resident && k->resident >= k->cfg.max_resident) st = kern_evict_one(k, hart);
  while (st == KERN_OK) {
    st = kern_frame_alloc(k, pa);
    if (st != KERN_NOMEM) break;
    st = kern_evict_one(k, hart);
  }
  if (st == KERN_OK) k->resident++;
  return st;
}

void kern_user_put(kernel *k, uint64_t pa) {
  if (pa != k->zero_page && kern_frame_refs(k, pa) == 1) k->resident--;
  kern_frame_put(k, pa);
}

/* Pages out entry i, whose PTE reads pte: the PTE first (a swap entry, or
 * nothing for a page that is zero or in its file), the shootdown, then the
 * copy out of a dirty page and the frame freed. */
static kern_status evict(kernel *k, unsigned hart, unsigned i, uint64_t pte, const vma *v) {
  kpage *e = &k->pages[i];
  bool dirty = (pte & PTE_D) != 0;
  bool keep = v->kind == VMA_ANON && (dirty || e->slot >= 0); /* else the page is zero, or in its file */
  kern_status st = KERN_OK;
  if (keep && dirty && e->slot < 0) st = swap_slot(k, &e->slot);
  if (st == KERN_OK) st = kern_write(k, hart, e->pte, keep ? kern_swap_pte(i) : 0);
  if (st == KERN_OK) st = kern_shootdown(k, hart, e->s, e->va, false);
  if (st == KERN_OK && dirty) {
    uint64_t *words = NULL;
    if (v->kind == VMA_ANON) {
      words = k->swap[e->slot];
      k->stats.swap_outs++;
    } else {
      uint64_t page = v->file_page + (e->va - v->start) / KERN_PAGE;
      if (page < v->file->pages) words = &v->file->words[page * KERN_PAGE_WORDS];
      v->file->writebacks += words != NULL;
      k->stats.writebacks += words != NULL;
    }
    for (unsigned w = 0; words && w < KERN_PAGE_WORDS && st == KERN_OK; w++)
      st = kern_read(k, hart, e->pa + 8 * w, &words[w]);
  }
  if (st != KERN_OK) return st;
  k->stats.evictions++;
  kern_user_put(k, e->pa);
  if (keep) {
    e->resident = false;
    e->pa = 0;
  } else {
    kpage_remove(k, i);
  }
  return KERN_OK;
}

kern_status kern_evict_one(kernel *k, unsigned hart) {
  /* Two turns of the hand: the first may only clear A bits. */
  for (unsigned scanned = 0; k->n_pages && scanned <= 2 * k->n_pages; scanned++) {
    unsigned i = k->clock_hand;
    k->clock_hand = (i + 1) % k->n_pages;
    kpage *e = &k->pages[i];
    if (!e->s || !e->resident || e->pa == k->zero_page || kern_frame_refs(k, e->pa) != 1 || e->s->wp) continue;
    const vma *v = kern_vma_find(e->s, e->va);
    if (!v || v->kind == VMA_FIXED) continue;
    uint64_t pte;
    kern_status st = kern_read(k, hart, e->pte, &pte);
    if (st == KERN_OK && (pte & PTE_A)) {
      /* A second chance; no fence (see kernel.h). */
      st = kern_write(k, hart, e->pte, pte & ~PTE_A);
      if (st != KERN_OK) return st;
      continue;
    }
    if (st != KERN_OK) return st;
    return evict(k, hart, i, pte, v);
  }
  return KERN_NOMEM;
}

kern_status kern_swap_in(kernel *k, unsigned hart, unsigned i, const vma *v) {
  uint64_t pa;
  kern_status st = kern_user_frame(k, hart, &pa);
  if (st != KERN_OK) return st;
  kpage *e = &k->pages[i];
  assert(!e->resident && e->slot >= 0);
  /* The frame is zero: only the nonzero words need a store. */
  for (unsigned w = 0; w < KERN_PAGE_WORDS && st == KERN_OK; w++)
    if (k->swap[e->slot][w]) st = kern_write(k, hart, pa + 8 * w, k->swap[e->slot][w]);
  if (st == KERN_OK) st = kern_write(k, hart, e->pte, kern_leaf(v, pa));
  if (st != KERN_OK) return st;
  e->resident = true;
  e->pa = pa;
  k->stats.swap_ins++;
  return KERN_OK;
}
