/*
 * The page-fault handler (kernel.h): what a fault means is decided from the
 * faulting access (address, type), the region and the PTE as the kernel
 * reads it back, in the order a reader can check:
 *   no region, or the region forbids the access       -> KERN_FAULT
 *   PTE not valid: a swap entry                        -> page in
 *                  a file region                       -> read the page
 *                  a read of a zero-page region        -> the zero page
 *                  an anonymous region                 -> a zeroed frame
 *                  a fixed region                      -> KERN_FAULT
 *   PTE valid and it allows the access (a stale entry) -> fence locally
 *   a store to a read-only PTE of a writable region:
 *       write tracking on: log the page with a copy first, then
 *       frame shared (or the zero page)                -> copy, remap, shoot down
 *       frame its own                                  -> make it writable
 *   a load or fetch the region allows but the PTE not  -> add the bits
 * Everything that only makes a mapping valid or adds a permission fences
 * the faulting hart alone; taking one away or changing the frame shoots
 * down (kernel.h).
 */
#include <assert.h>

#include "sw/kernel/kernel_int.h"

static kern_status segv(kernel *k) {
  k->stats.segv++;
  return KERN_FAULT;
}

/* A new page of region v at va, for an entry at PTE slot. */
static kern_status fill(kernel *k, unsigned hart, space *s, const vma *v, uint64_t va, uint64_t slot, mm_access type) {
  uint64_t pa, pte;
  kern_status st;
  if (v->kind == VMA_ANON && v->zero_page && type == MM_LOAD) {
    pa = k->zero_page;
    kern_frame_get(k, pa);
    pte = pt_pte(pa, (v->prot & ~PTE_W) | PTE_V);
    k->stats.zero_maps++;
  } else {
    st = kern_user_frame(k, hart, &pa);
    if (st != KERN_OK) return st;
    pte = kern_leaf(v, pa);
    if (v->kind == VMA_FILE) {
      uint64_t page = v->file_page + (va - v->start) / KERN_PAGE;
      const uint64_t *words = page < v->file->pages ? &v->file->words[page * KERN_PAGE_WORDS] : NULL;
      /* The frame is zero: only the nonzero words need a store. */
      for (unsigned w = 0; words && w < KERN_PAGE_WORDS; w++)
        if (words[w] && (st = kern_write(k, hart, pa + 8 * w, words[w])) != KERN_OK) return st;
      v->file->reads += words != NULL;
      k->stats.file_reads += words != NULL;
    } else {
      k->stats.zero_fills++;
    }
  }
  st = kern_write(k, hart, slot, pte);
  if (st == KERN_OK) st = kpage_add(k, s, va, slot, pa, NULL);
  return st;
}

/* Logs page va of s (frame pa) with a copy of its content, before its
 * first store under write tracking. */
static kern_status wp_log(kernel *k, unsigned hart, space *s, uint64_t va, uint64_t pa) {
  kern_wp_log *log = s->wp;
  k->stats.wp_faults++;
  for (unsigned i = 0; i < log->n; i++)
    if (log->va[i] == va) return KERN_OK;
  if (log->n == KERN_WP_MAX) {
    log->overflow = true;
    return KERN_OK;
  }
  uint64_t shadow;
  kern_status st = kern_frame_alloc(k, &shadow);
  if (st == KERN_OK) st = kern_copy_page(k, hart, shadow, pa);
  if (st != KERN_OK) return st;
  log->va[log->n] = va;
  log->frame[log->n] = pa;
  log->shadow[log->n++] = shadow;
  return KERN_OK;
}

/* A store to a read-only PTE of a writable region. */
static kern_status write_fault(kernel *k, unsigned hart, space *s, const vma *v, uint64_t va, uint64_t slot,
                               uint64_t pte) {
  uint64_t pa = pte_ppn(pte) << PAGE_SHIFT;
  bool shared = pa == k->zero_page || kern_frame_refs(k, pa) > 1;
  kern_status st = KERN_OK;
  if (s->wp) st = wp_log(k, hart, s, va, pa);
  if (st != KERN_OK) return st;
  if (!shared) {
    /* Its own frame: writable in place; only this hart's entry is stale. */
    k->stats.cow_reuses += !s->wp;
    st = kern_write(k, hart, slot, pte | PTE_W);
    return st == KERN_OK ? kern_local_fence(k, hart, s, va) : st;
  }
  uint64_t copy;
  st = kern_user_frame(k, hart, &copy);
  if (st != KERN_OK) return st;
  if (pa != k->zero_page) {
    st = kern_copy_page(k, hart, copy, pa);
    k->stats.cow_copies++;
  } else {
    k->stats.zero_fills++;
  }
  /* A copy's content is in no slot: mapped dirty. The zero page's is zero. */
  uint64_t bits = v->prot | PTE_V | (pa != k->zero_page ? PTE_A | PTE_D : 0);
  if (st == KERN_OK) st = kern_write(k, hart, slot, pt_pte(copy, bits));
  /* Every hart that may hold the old frame's translation. */
  if (st == KERN_OK) st = kern_shootdown(k, hart, s, va, false);
  if (st != KERN_OK) return st;
  int i = kpage_find(k, s, va);
  assert(i >= 0 && "write_fault: a mapped page the kernel does not track");
  k->pages[i].pa = copy;
  kern_user_put(k, pa);
  if (s->wp && s->wp->n && s->wp->va[s->wp->n - 1] == va) s->wp->frame[s->wp->n - 1] = copy;
  return KERN_OK;
}

kern_status kern_fault(kernel *k, unsigned hart, uint64_t va, mm_access type) {
  space *s = k->running[hart];
  assert(s && "kern_fault: nothing runs on the hart");
  k->hart = hart;
  k->stats.faults++;
  uint64_t page = va & ~(KERN_PAGE - 1);
  vma *v = kern_vma_find(s, va);
  if (!v || !mm_type_allowed(v->prot, type, false)) return segv(k);
  uint64_t slot, pte;
  kern_status st = kern_leaf_slot(k, hart, s, page, &slot);
  if (st == KERN_FAULT) return segv(k); /* a superpage above: not the kernel's */
  if (st == KERN_OK) st = kern_read(k, hart, slot, &pte);
  if (st != KERN_OK) return st;
  if (!(pte & PTE_V)) {
    if (v->kind == VMA_FIXED) return segv(k);
    if (kern_is_swap_pte(pte))
      st = kern_swap_in(k, hart, kern_swap_page(pte), v);
    else
      st = fill(k, hart, s, v, page, slot, type);
    return st == KERN_OK ? kern_local_fence(k, hart, s, page) : st;
  }
  if (mm_type_allowed(pte, type, false)) {
    k->stats.spurious++;
    return kern_local_fence(k, hart, s, page);
  }
  if (v->kind == VMA_FIXED) return segv(k);
  if (type == MM_STORE) return write_fault(k, hart, s, v, page, slot, pte);
  /* A permission the region has and the PTE lacks (after mprotect): add it. */
  st = kern_write(k, hart, slot, pte | (v->prot & (PTE_R | PTE_X)));
  return st == KERN_OK ? kern_local_fence(k, hart, s, page) : st;
}
