/*
 * Address spaces (kernel.h): page tables through sw/lib/pt with the
 * kernel's memory accesses and frames, regions, the reverse map of user
 * pages, and what changes mappings: munmap, mprotect, moving a page, fork,
 * write tracking.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "sw/kernel/kernel_int.h"

#define SHOOT_EACH_MAX 8 /* pages shot down one by one; above, the whole ASID */

/* ---- the page-table builder over the kernel ---- */

static void note_error(kernel *k, kern_status st) {
  if (st != KERN_OK && k->pt_error == KERN_OK) k->pt_error = st;
}

static uint64_t pt_read(void *ctx, uint64_t pa) {
  kernel *k = ctx;
  uint64_t v = 0;
  k->stats.pt_reads++;
  kern_status st = kern_read(k, k->hart, pa, &v);
  note_error(k, st);
  return st == KERN_OK ? v : 0;
}

static void pt_write(void *ctx, uint64_t pa, uint64_t pte, pt_write_kind kind) {
  kernel *k = ctx;
  (void)kind;
  k->stats.pt_writes++;
  note_error(k, kern_write(k, k->hart, pa, pte));
}

static const pt_ops kern_pt_ops = {.read = pt_read, .write = pt_write};

static bool pt_alloc(void *ctx, uint64_t *table) {
  space *s = ctx;
  kernel *k = s->k;
  kern_status st = kern_frame_alloc(k, table);
  if (st == KERN_NOMEM && kern_evict_one(k, k->hart) == KERN_OK) st = kern_frame_alloc(k, table);
  if (st != KERN_OK) {
    note_error(k, st);
    return false;
  }
  if (s->n_tables == s->cap_tables) {
    unsigned cap = s->cap_tables ? 2 * s->cap_tables : 8;
    uint64_t *t = realloc(s->tables, cap * sizeof *t);
    if (!t) {
      kern_frame_put(k, *table);
      note_error(k, KERN_NOMEM);
      return false;
    }
    s->tables = t;
    s->cap_tables = cap;
  }
  s->tables[s->n_tables++] = *table;
  k->stats.tables++;
  return true;
}

/* The outcome of a builder call: an error inside a callback first. */
static kern_status pt_result(kernel *k, pt_status ps) {
  kern_status st = k->pt_error;
  k->pt_error = KERN_OK;
  if (st != KERN_OK) return st;
  if (ps == PT_NO_TABLE) return KERN_NOMEM;
  return ps == PT_OK ? KERN_OK : KERN_FAULT;
}

kern_status kern_leaf_slot(kernel *k, unsigned hart, space *s, uint64_t va, uint64_t *slot) {
  k->hart = hart;
  pt_status ps = pt_slot(&s->pt, va, 0, slot);
  return pt_result(k, ps);
}

kern_status kern_set_leaf(kernel *k, unsigned hart, space *s, uint64_t va, uint64_t pte, uint64_t *slot) {
  k->hart = hart;
  uint64_t at;
  pt_status ps = pt_map(&s->pt, va, 0, pte, &at);
  if (slot) *slot = at;
  return pt_result(k, ps);
}

kern_status kern_pte(kernel *k, unsigned hart, space *s, uint64_t va, uint64_t *pte) {
  k->hart = hart;
  uint64_t slot;
  *pte = 0;
  pt_status ps = pt_find(&s->pt, va, 0, &slot);
  if (ps == PT_INVALID_ABOVE) return pt_result(k, PT_OK);
  kern_status st = pt_result(k, ps);
  return st == KERN_OK ? kern_read(k, hart, slot, pte) : st;
}

/* ---- spaces and regions ---- */

/* Frees the space's own memory and forgets it. */
static void space_free(kernel *k, space *s) {
  for (unsigned i = 0; i < k->n_spaces; i++)
    if (k->spaces[i] == s) k->spaces[i] = k->spaces[--k->n_spaces];
  free(s->tables);
  free(s);
}

void kern_spaces_free(kernel *k) {
  while (k->n_spaces)
    space_free(k, k->spaces[0]);
}

/* A space whose root is frames frames from a PA aligned to them; widen
 * extra root index bits (a G-stage's 2). */
static kern_status space_new(kernel *k, space **out, unsigned frames, int widen) {
  assert(k->n_spaces < KERN_MAX_SPACES && "kern_space_new: too many spaces");
  space *s = calloc(1, sizeof *s);
  *out = s;
  if (!s) return KERN_NOMEM;
  k->spaces[k->n_spaces++] = s;
  s->k = k;
  s->pt = (pt_builder){
      .levels = k->cfg.levels, .widen = widen, .ops = &kern_pt_ops, .ops_ctx = k, .alloc = pt_alloc, .alloc_ctx = s};
  s->tables = malloc(frames * sizeof *s->tables);
  if (!s->tables) return KERN_NOMEM;
  s->cap_tables = frames;
  kern_status st = kern_frames_alloc_range(k, frames, frames, &s->pt.root);
  if (st != KERN_OK) return st;
  for (unsigned i = 0; i < frames; i++)
    s->tables[s->n_tables++] = s->pt.root + i * KERN_PAGE;
  k->stats.tables += frames;
  return KERN_OK;
}

kern_status kern_space_new(kernel *k, space **out) { return space_new(k, out, 1, 0); }
kern_status kern_gspace_new(kernel *k, space **out) { return space_new(k, out, 4, 2); }

vma *kern_vma_find(space *s, uint64_t va) {
  for (unsigned i = 0; i < s->n_vmas; i++)
    if (va >= s->vmas[i].start && va < s->vmas[i].end) return &s->vmas[i];
  return NULL;
}

kern_status kern_vma_add(kernel *k, unsigned hart, space *s, const vma *v) {
  assert(!(v->start & (KERN_PAGE - 1)) && !(v->end & (KERN_PAGE - 1)) && v->start < v->end);
  assert(s->n_vmas < KERN_MAX_VMAS && "kern_vma_add: too many regions");
  for (unsigned i = 0; i < s->n_vmas; i++)
    assert((v->end <= s->vmas[i].start || v->start >= s->vmas[i].end) && "kern_vma_add: regions overlap");
  s->vmas[s->n_vmas++] = *v;
  if (v->kind != VMA_FIXED) return KERN_OK;
  /* A fixed region is mapped now, accessed (and dirty if writable) already. */
  uint64_t bits = v->prot | PTE_V | PTE_A | ((v->prot & PTE_W) ? PTE_D : 0);
  for (uint64_t va = v->start; va < v->end; va += KERN_PAGE) {
    kern_status st = kern_set_leaf(k, hart, s, va, pt_pte(v->fixed_pa + (va - v->start), bits), NULL);
    if (st != KERN_OK) return st;
  }
  return KERN_OK;
}

/* ---- the reverse map ---- */

kern_status kpage_add(kernel *k, space *s, uint64_t va, uint64_t pte_pa, uint64_t pa, unsigned *index) {
  unsigned i;
  if (k->n_pages_free) {
    i = k->pages_free[--k->n_pages_free];
  } else {
    if (k->n_pages == k->cap_pages) {
      unsigned cap = k->cap_pages ? 2 * k->cap_pages : 64;
      kpage *p = realloc(k->pages, cap * sizeof *p);
      unsigned *f = p ? realloc(k->pages_free, cap * sizeof *f) : NULL;
      if (p) k->pages = p;
      if (!f) return KERN_NOMEM;
      k->pages_free = f;
      k->cap_pages = cap;
    }
    i = k->n_pages++;
  }
  k->pages[i] = (kpage){.s = s, .va = va, .pte = pte_pa, .pa = pa, .slot = -1, .resident = true};
  if (index) *index = i;
  return KERN_OK;
}

int kpage_find(const kernel *k, const space *s, uint64_t va) {
  for (unsigned i = 0; i < k->n_pages; i++)
    if (k->pages[i].s == s && k->pages[i].va == va) return (int)i;
  return -1;
}

void kpage_remove(kernel *k, unsigned index) {
  kpage *e = &k->pages[index];
  assert(e->s && "kpage_remove: a free entry");
  kern_swap_release(k, e->slot);
  *e = (kpage){.slot = -1};
  k->pages_free[k->n_pages_free++] = index;
}

/* ---- changing mappings ---- */

/* Shoots down the pages of a list, or the whole space when there are many. */
static kern_status shoot_pages(kernel *k, unsigned hart, space *s, const uint64_t *va, unsigned n, bool shootdown) {
  if (shootdown && n > SHOOT_EACH_MAX) return kern_shootdown(k, hart, s, 0, true);
  for (unsigned i = 0; i < n; i++) {
    kern_status st = shootdown ? kern_shootdown(k, hart, s, va[i], false) : kern_local_fence(k, hart, s, va[i]);
    if (st != KERN_OK) return st;
  }
  return KERN_OK;
}

/* Writes a dirty file page back to its file. */
static kern_status file_writeback(kernel *k, unsigned hart, const vma *v, uint64_t va, uint64_t pa) {
  uint64_t page = v->file_page + (va - v->start) / KERN_PAGE;
  if (page >= v->file->pages) return KERN_OK;
  uint64_t *words = &v->file->words[page * KERN_PAGE_WORDS];
  for (unsigned i = 0; i < KERN_PAGE_WORDS; i++) {
    kern_status st = kern_read(k, hart, pa + 8 * i, &words[i]);
    if (st != KERN_OK) return st;
  }
  v->file->writebacks++;
  k->stats.writebacks++;
  return KERN_OK;
}

/* Unmaps the tracked pages of s in region v: PTEs cleared and shot down
 * first, then dirty file pages written back and frames freed. */
static kern_status unmap_region(kernel *k, unsigned hart, space *s, const vma *v) {
  unsigned n = 0;
  for (unsigned i = 0; i < k->n_pages; i++)
    n += k->pages[i].s == s && k->pages[i].va >= v->start && k->pages[i].va < v->end;
  if (!n) return KERN_OK;
  unsigned *idx = malloc(n * sizeof *idx);
  uint64_t *va = malloc(n * sizeof *va);
  bool *dirty = malloc(n * sizeof *dirty);
  kern_status st = idx && va && dirty ? KERN_OK : KERN_NOMEM;
  unsigned m = 0;
  for (unsigned i = 0; i < k->n_pages && st == KERN_OK; i++) {
    kpage *e = &k->pages[i];
    if (e->s != s || e->va < v->start || e->va >= v->end) continue;
    uint64_t pte = 0;
    if (e->resident) st = kern_read(k, hart, e->pte, &pte);
    if (st == KERN_OK) st = kern_write(k, hart, e->pte, 0);
    idx[m] = i;
    va[m] = e->va;
    dirty[m++] = (pte & PTE_D) != 0;
  }
  if (st == KERN_OK) st = shoot_pages(k, hart, s, va, m, true);
  for (unsigned j = 0; j < m && st == KERN_OK; j++) {
    kpage *e = &k->pages[idx[j]];
    if (e->resident && v->kind == VMA_FILE && dirty[j]) st = file_writeback(k, hart, v, e->va, e->pa);
    if (e->resident) kern_user_put(k, e->pa);
    kpage_remove(k, idx[j]);
  }
  free(idx);
  free(va);
  free(dirty);
  return st;
}

kern_status kern_munmap(kernel *k, unsigned hart, space *s, uint64_t start) {
  k->hart = hart;
  vma *v = kern_vma_find(s, start);
  assert(v && v->start == start && "kern_munmap: no region starts there");
  kern_status st = KERN_OK;
  if (v->kind == VMA_FIXED) {
    for (uint64_t va = v->start; va < v->end && st == KERN_OK; va += KERN_PAGE) {
      uint64_t slot;
      st = kern_leaf_slot(k, hart, s, va, &slot);
      if (st == KERN_OK) st = kern_write(k, hart, slot, 0);
    }
    if (st == KERN_OK) st = kern_shootdown(k, hart, s, 0, true);
  } else {
    st = unmap_region(k, hart, s, v);
  }
  if (st != KERN_OK) return st;
  *v = s->vmas[--s->n_vmas];
  return KERN_OK;
}

#define PROT_BITS (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_PBMT_MASK)

kern_status kern_mprotect(kernel *k, unsigned hart, space *s, uint64_t start, uint64_t prot, bool shootdown) {
  k->hart = hart;
  vma *v = kern_vma_find(s, start);
  assert(v && v->start == start && v->kind != VMA_FIXED && "kern_mprotect: no anonymous or file region starts there");
  v->prot = prot;
  unsigned n = 0, cap = 16;
  uint64_t *changed = malloc(cap * sizeof *changed);
  kern_status st = changed ? KERN_OK : KERN_NOMEM;
  for (unsigned i = 0; i < k->n_pages && st == KERN_OK; i++) {
    kpage *e = &k->pages[i];
    if (e->s != s || !e->resident || e->va < v->start || e->va >= v->end) continue;
    uint64_t pte;
    st = kern_read(k, hart, e->pte, &pte);
    if (st != KERN_OK) break;
    uint64_t bits = prot;
    if (e->pa == k->zero_page || kern_frame_refs(k, e->pa) > 1) bits &= ~PTE_W; /* still shared */
    uint64_t now = (pte & ~PROT_BITS) | bits;
    if (now == pte) continue;
    st = kern_write(k, hart, e->pte, now);
    if (n == cap) {
      uint64_t *c = realloc(changed, 2 * cap * sizeof *c);
      if (!c) {
        st = KERN_NOMEM;
        break;
      }
      changed = c;
      cap *= 2;
    }
    if (st == KERN_OK) changed[n++] = e->va;
  }
  if (st == KERN_OK) st = shoot_pages(k, hart, s, changed, n, shootdown);
  free(changed);
  return st;
}

kern_status kern_move_page(kernel *k, unsigned hart, space *from, uint64_t va, space *to, uint64_t to_va) {
  k->hart = hart;
  int i = kpage_find(k, from, va);
  vma *tv = kern_vma_find(to, to_va);
  assert(tv && tv->kind == VMA_ANON && "kern_move_page: the destination is no anonymous region");
  if (i < 0 || !k->pages[i].resident || kern_frame_refs(k, k->pages[i].pa) != 1 || k->pages[i].pa == k->zero_page)
    return KERN_FAULT; /* nothing of its own there to give away */
  assert(kpage_find(k, to, to_va) < 0 && "kern_move_page: the destination page is mapped");
  uint64_t pa = k->pages[i].pa, slot;
  kern_status st = kern_write(k, hart, k->pages[i].pte, 0);
  if (st == KERN_OK) st = kern_shootdown(k, hart, from, va, false);
  /* Mapped dirty: its content is the writer's, in no slot or file. */
  if (st == KERN_OK) st = kern_set_leaf(k, hart, to, to_va, kern_leaf(tv, pa) | PTE_A | PTE_D, &slot);
  if (st != KERN_OK) return st;
  kpage *e = &k->pages[i];
  kern_swap_release(k, e->slot);
  *e = (kpage){.s = to, .va = to_va, .pte = slot, .pa = pa, .slot = -1, .resident = true};
  return KERN_OK;
}

kern_status kern_fork(kernel *k, unsigned hart, space *parent, space **out) {
  k->hart = hart;
  kern_status st = kern_space_new(k, out);
  space *child = *out;
  for (unsigned i = 0; i < parent->n_vmas && st == KERN_OK; i++) {
    assert(parent->vmas[i].kind != VMA_FILE && "kern_fork: a space with a file region");
    st = kern_vma_add(k, hart, child, &parent->vmas[i]);
  }
  unsigned n = k->n_pages; /* the child's entries come after */
  for (unsigned i = 0; i < n && st == KERN_OK; i++) {
    kpage e = k->pages[i];
    if (e.s != parent) continue;
    assert(e.resident && "kern_fork: a space with pages paged out");
    uint64_t pte, slot;
    st = kern_read(k, hart, e.pte, &pte);
    if (st == KERN_OK && (pte & PTE_W)) st = kern_write(k, hart, e.pte, pte & ~PTE_W);
    /* The child's copy is marked dirty: its content is in no slot of its own. */
    uint64_t child_pte = (pte & ~PTE_W) | PTE_A | PTE_D;
    if (st == KERN_OK) st = kern_set_leaf(k, hart, child, e.va, child_pte, &slot);
    if (st == KERN_OK) st = kpage_add(k, child, e.va, slot, e.pa, NULL);
    if (st == KERN_OK) kern_frame_get(k, e.pa);
  }
  /* The parent's writable entries go from every hart that may hold them. */
  return st == KERN_OK ? kern_shootdown(k, hart, parent, 0, true) : st;
}

kern_status kern_space_destroy(kernel *k, unsigned hart, space *s) {
  assert(!s->active_on && "kern_space_destroy: the space runs on a hart");
  k->hart = hart;
  kern_status st = KERN_OK;
  for (unsigned i = 0; i < s->n_vmas && st == KERN_OK; i++)
    if (s->vmas[i].kind == VMA_FILE) st = unmap_region(k, hart, s, &s->vmas[i]);
  for (unsigned i = 0; i < k->n_pages && st == KERN_OK; i++) {
    kpage *e = &k->pages[i];
    if (e->s != s) continue;
    if (e->resident) kern_user_put(k, e->pa);
    kpage_remove(k, i);
  }
  for (unsigned i = 0; i < s->n_tables; i++)
    kern_frame_put(k, s->tables[i]);
  space_free(k, s);
  return st;
}

/* ---- write tracking ---- */

kern_status kern_wp_begin(kernel *k, unsigned hart, space *s, kern_wp_log *log) {
  k->hart = hart;
  memset(log, 0, sizeof *log);
  s->wp = log;
  unsigned changed = 0;
  for (unsigned i = 0; i < k->n_pages; i++) {
    kpage *e = &k->pages[i];
    if (e->s != s || !e->resident) continue;
    uint64_t pte;
    kern_status st = kern_read(k, hart, e->pte, &pte);
    if (st == KERN_OK && (pte & PTE_W)) {
      st = kern_write(k, hart, e->pte, pte & ~PTE_W);
      changed++;
    }
    if (st != KERN_OK) return st;
  }
  return changed ? kern_shootdown(k, hart, s, 0, true) : KERN_OK;
}

kern_status kern_wp_end(kernel *k, unsigned hart, space *s, bool abort) {
  k->hart = hart;
  kern_wp_log *log = s->wp;
  assert(log && "kern_wp_end: no write tracking");
  kern_status st = KERN_OK;
  for (unsigned i = 0; i < log->n; i++) {
    if (abort && st == KERN_OK) st = kern_copy_page(k, hart, log->frame[i], log->shadow[i]);
    kern_frame_put(k, log->shadow[i]);
  }
  s->wp = NULL;
  return st;
}
