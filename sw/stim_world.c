/* The world the generator's stream runs in: its address spaces, page tables and pools (stim_int.h). */
#include <stdlib.h>
#include <string.h>

#include "stim_int.h"

static unsigned pick_gap(rng *r) {
  unsigned roll = rng_below(r, 100);
  return roll < 55 ? 0 : roll < 85 ? 1 + rng_below(r, 2) : 3 + rng_below(r, 6);
}

stim_event *stim_emit(stim *s, stim_kind kind, const char *note) {
  if (s->tail == s->cap) {
    if (s->head > 0) {
      memmove(s->q, s->q + s->head, (s->tail - s->head) * sizeof *s->q);
      s->tail -= s->head;
      s->head = 0;
    } else {
      s->cap = s->cap ? s->cap * 2 : 1024;
      s->q = realloc(s->q, s->cap * sizeof *s->q);
      if (!s->q) abort();
    }
  }
  stim_event *ev = &s->q[s->tail++];
  *ev = (stim_event){.kind = kind, .note = note, .hart = s->sw_hart};
  if (kind == STIM_ACCESS || kind == STIM_FENCE || kind == STIM_MEM) ev->gap = pick_gap(&s->rng);
  return ev;
}

void stim_write_word(stim *s, uint64_t pa, uint64_t value, const char *note) {
  mm_mem_write64(s->shadow, pa, value);
  stim_event *ev = stim_emit(s, STIM_MEM, note);
  ev->pa = pa;
  ev->value = value;
}

void stim_write_csr(stim *s, unsigned hart, mm_csr_id id, uint64_t value, const char *note) {
  mm_csr_write(&s->csrs[hart], id, value);
  stim_event *ev = stim_emit(s, STIM_CSR, note);
  ev->hart = hart;
  ev->csr = id;
  ev->value = value;
}

/* The builders write page tables as software does: into the shadow, each
 * word an event. */
static uint64_t shadow_read(void *ctx, uint64_t pa) {
  stim *s = ctx;
  return mm_mem_read64(s->shadow, pa);
}
static void shadow_write(void *ctx, uint64_t pa, uint64_t pte, pt_write_kind kind) {
  static const char *const notes[] = {
      [PT_WRITE_POINTER] = "page-table pointer", [PT_WRITE_LEAF] = "leaf PTE", [PT_WRITE_NAPOT] = "Svnapot leaf PTE"};
  stim *s = ctx;
  /* RSW (bits 9:8) is software's: a pointer with any pattern is still a pointer */
  if (kind == PT_WRITE_POINTER && rng_chance(&s->rng, 40)) pte |= (uint64_t)rng_below(&s->rng, 4) << 8;
  stim_write_word(ctx, pa, pte, notes[kind]);
}
static const pt_ops shadow_ops = {shadow_read, shadow_write};

/* Where tables live: host frames (G-stages and host spaces share them), or
 * a VM's table RAM (its VS spaces share it), which can run out. */
static bool host_table(void *ctx, uint64_t *table) {
  table_pool *p = ctx;
  *table = p->next;
  p->next += 4096;
  return true;
}
static bool guest_table(void *ctx, uint64_t *table) {
  vm *guest = ctx;
  if (guest->gpa_next >= GUEST_RAM + GUEST_TABLE_RAM) return false;
  *table = guest->gpa_next;
  guest->gpa_next += 4096;
  return true;
}

/* A builder of host tables from pool (guest NULL), or of a VM's VS tables in its RAM. */
static pt_builder stage(stim *s, table_pool *pool, vm *guest, uint64_t root, unsigned levels, int widen) {
  return (pt_builder){.root = root,
                      .levels = (int)levels,
                      .widen = widen,
                      .pa_offset = guest ? guest->host_base - GUEST_RAM : 0,
                      .ops = &shadow_ops,
                      .ops_ctx = s,
                      .alloc = guest ? guest_table : host_table,
                      .alloc_ctx = guest ? (void *)guest : (void *)pool};
}

/* Leaf permission and attribute bits, mostly sensible, sometimes a corner. */
uint64_t stim_leaf_bits(rng *r, bool gstage) {
  static const uint64_t perms[] = {PTE_R, PTE_R | PTE_W, PTE_R | PTE_X, PTE_R | PTE_W | PTE_X, PTE_X};
  uint64_t b = PTE_V | perms[rng_below(r, 5)];
  if (rng_chance(r, 2)) b = PTE_V | PTE_W | (rng_chance(r, 50) ? PTE_X : 0); /* reserved W without R */
  if (rng_chance(r, gstage ? 90 : 60)) b |= PTE_U;
  if (!gstage && rng_chance(r, 10)) b |= PTE_G;
  if (rng_chance(r, 85)) b |= PTE_A;
  if ((b & PTE_A) && rng_chance(r, 75)) b |= PTE_D;
  unsigned p = rng_below(r, 100);
  if (p < 10)
    b |= (uint64_t)PBMT_NC << PTE_PBMT_SHIFT;
  else if (p < 20)
    b |= (uint64_t)PBMT_IO << PTE_PBMT_SHIFT;
  else if (p < 21)
    b |= (uint64_t)PBMT_RSVD << PTE_PBMT_SHIFT;
  if (rng_chance(r, 2)) b |= 1ull << (54 + rng_below(r, 7));                                 /* reserved bits 60:54 */
  if (rng_chance(r, 1)) b |= (rng_next(r) & PTE_RSVD_MASK) | 1ull << (54 + rng_below(r, 7)); /* several */
  if (rng_chance(r, 30)) b |= (uint64_t)rng_below(r, 4) << 8; /* RSW, software's: ignored */
  if (rng_chance(r, 2)) b &= ~PTE_V;
  return b;
}

/* A leaf PTE for a page of 2^shift bytes at pa; sometimes misaligned. */
/* Where a host page of 2^shift bytes with memory type pbmt points: 4 KiB
 * and 64 KiB pages mostly at frames of the pools (cacheable pages in the
 * cached pool, NC and IO pages in the uncached pool or a device's window,
 * so that a line is rarely seen through two memory types), sometimes
 * anywhere; superpages anywhere. */
static uint64_t host_target(stim *s, unsigned pbmt, unsigned shift) {
  rng *r = &s->rng;
  if (shift > 16 || rng_chance(r, 10)) return rng_next(r) & PA_MASK;
  uint64_t cached = (CACHED_POOL + rng_below(r, CACHED_FRAMES) * 4096ull) | stim_region(s);
  uint64_t uncached = (UNCACHED_POOL + rng_below(r, UNCACHED_FRAMES) * 4096ull) | stim_region(s);
  uint64_t fb = FRAMEBUF_BASE + rng_below(r, FRAMEBUF_SIZE / 4096) * 4096ull;
  unsigned roll = rng_below(r, 100);
  switch (pbmt) {
  case PBMT_NC: return roll < 50 ? fb : roll < 95 ? uncached : cached;
  case PBMT_IO: return roll < 40 ? REGBLOCK_BASE : roll < 60 ? fb : roll < 95 ? uncached : cached;
  default: return roll < 88 ? cached : roll < 94 ? REGBLOCK_BASE : fb; /* PMA: the devices are IO by their PMA */
  }
}

/* A leaf with the bits of stim_leaf_bits() for a page at pa; sometimes misaligned. */
static uint64_t leaf_with(rng *r, uint64_t bits, uint64_t pa, int level, bool napot) {
  uint64_t ppn = pa >> 12;
  if (napot) ppn = (ppn & ~15ull) | NAPOT_64K_PPN;
  if (napot && rng_chance(r, 5)) ppn ^= 1ull << rng_below(r, 4);                       /* reserved NAPOT encoding */
  if (level > 0 && rng_chance(r, 3)) ppn |= 1ull << rng_below(r, 9 * (unsigned)level); /* misaligned superpage */
  uint64_t pte = bits | ((ppn << PTE_PPN_SHIFT) & PTE_PPN_MASK);
  if (napot) pte |= PTE_N;
  if (!napot && rng_chance(r, 2)) pte |= PTE_N; /* N on a 4 KiB or superpage leaf */
  return pte;
}

uint64_t stim_make_leaf(rng *r, uint64_t pa, int level, bool napot, bool gstage) {
  return leaf_with(r, stim_leaf_bits(r, gstage), pa, level, napot);
}

static int pick_level(rng *r, unsigned levels, bool *napot) {
  unsigned roll = rng_below(r, 100);
  *napot = false;
  if (roll < 55) return 0;
  if (roll < 70) {
    *napot = true;
    return 0;
  }
  if (roll < 85) return 1;
  if (roll < 95 || levels < 4) return 2;
  return 3;
}

uint64_t stim_random_va(rng *r, unsigned levels) {
  int va_bits = 12 + 9 * (int)levels;
  uint64_t va = rng_next(r) & ((1ull << va_bits) - 1);
  return (uint64_t)((int64_t)(va << (64 - va_bits)) >> (64 - va_bits)); /* canonical */
}

/* A GPA for a VS-stage data page: mostly mapped by the G-stage. */
uint64_t stim_guest_data_gpa(rng *r, const vm *v) {
  unsigned roll = rng_below(r, 100);
  if (roll < 35) return GUEST_RAM + GUEST_TABLE_RAM + (rng_next(r) % GUEST_HOT);
  if (roll < 45) return GUEST_RAM + GUEST_TABLE_RAM + (rng_next(r) % (GUEST_RAM_SIZE - GUEST_TABLE_RAM));
  if (roll < 60) return GUEST_RAM + (rng_next(r) % GUEST_TABLE_RAM); /* a page that holds VS tables */
  if (roll < 68) return GUEST_1G_GPA + (rng_next(r) % (1ull << 30));
  if (roll < 75) return GUEST_SMALL_GPA + (rng_next(r) % (1ull << 20));
  if (roll < 85 && v->mode == SATP_MODE_SV48) return GUEST_512G_GPA + (rng_next(r) % (512ull << 30));
  if (roll < 95) return rng_next(r) % (1ull << (v->mode == SATP_MODE_SV48 ? 50 : 41)); /* mostly unmapped */
  return rng_next(r) & PA_MASK; /* often beyond the G-stage's width */
}

unsigned stim_space_levels(const space *sp) { return sp->mode == SATP_MODE_SV48 ? 4 : 3; }

/* Maps one more page in a space. */
void stim_add_page(stim *s, space *sp) {
  if (sp->mode == SATP_MODE_BARE || sp->n_pages == MAX_PAGES) return;
  rng *r = &s->rng;
  vm *guest = sp->vm >= 0 ? &s->vms[sp->vm] : NULL;
  unsigned levels = stim_space_levels(sp);
  bool napot;
  int level = pick_level(r, levels, &napot);
  unsigned shift = napot ? 16 : 12 + 9 * (unsigned)level;
  uint64_t va = stim_random_va(r, levels) & ~((1ull << shift) - 1);
  uint64_t bits = stim_leaf_bits(r, false);
  uint64_t target = guest ? stim_guest_data_gpa(r, guest) : host_target(s, pte_pbmt(bits), shift);
  if (guest && level == 3 && rng_chance(r, 70)) target = GUEST_512G_GPA;
  if (guest && level == 2 && rng_chance(r, 50)) target = GUEST_1G_GPA;
  uint64_t leaf = leaf_with(r, bits, target & ~((1ull << shift) - 1), level, napot);
  uint64_t slot;
  pt_status st = napot ? pt_map_napot(&sp->pt, va, leaf, &slot) : pt_map(&sp->pt, va, level, leaf, &slot);
  if (st == PT_OK) sp->pages[sp->n_pages++] = (page){.va = va, .shift = shift, .slot = slot};
}

static void add_gpage(vm *v, uint64_t gpa, int level, uint64_t leaf) {
  uint64_t slot;
  if (pt_map(&v->g, gpa, level, leaf, &slot) == PT_OK && v->n_gpages < MAX_PAGES)
    v->gpages[v->n_gpages++] = (page){.va = gpa, .shift = 12 + 9 * (unsigned)level, .slot = slot};
}

/* VM i's VMID: VM 0's a random one, VM 1's VM 0's with one bit of the high half flipped (VMIDs that
 * meet in the TLB and differ only there). */
static uint16_t vm_vmid(stim *s, unsigned i) {
  if (i == 0) return (uint16_t)(rng_next(&s->rng) & ((1u << VMID_BITS) - 1));
  unsigned bit = rng_chance(&s->rng, 50) ? VMID_BITS - 1 : VMID_BITS / 2 + rng_below(&s->rng, VMID_BITS / 2 - 1);
  return (uint16_t)(s->vms[0].vmid_own ^ (1u << bit));
}

static void build_vm(stim *s, unsigned i) {
  rng *r = &s->rng;
  vm *v = &s->vms[i];
  v->mode = i == 0 ? SATP_MODE_SV39 : SATP_MODE_SV48;
  v->vmid = v->vmid_own = vm_vmid(s, i);
  /* VM 0's G-stage tables low, VM 1's at 2^40..2^47; VM 0's RAM at 4 GiB, VM 1's the same address
   * with a bit of 48..54 set, its 1 GiB and 512 GiB pages with bit 55 */
  table_pool *pool = &s->tables[i == 0 ? REGION_LOW : REGION_40];
  pool->next = (pool->next + 0x3fff) & ~0x3fffull; /* the x4 root is 16 KiB, aligned */
  v->g = stage(s, pool, NULL, pool->next, v->mode == SATP_MODE_SV48 ? 4 : 3, 2);
  pool->next += 4 * 4096;
  v->host_base = 0x100000000ull | (i ? s->region[REGION_48] : 0);
  const uint64_t far = i ? s->region[REGION_TOP] : 0;
  v->gpa_next = GUEST_RAM;
  const uint64_t good = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
  /* VS tables' pages: 4 KiB G-stage pages, readable and writable. */
  for (uint64_t off = 0; off < GUEST_TABLE_RAM; off += 4096)
    pt_map(&v->g, GUEST_RAM + off, 0, pt_pte(v->host_base + off, good), NULL); /* gen_pte_edit() finds them */
  /* The rest of guest RAM: 2 MiB G-stage pages, with random attributes. */
  for (uint64_t off = GUEST_TABLE_RAM; off < GUEST_RAM_SIZE; off += 2ull << 20) {
    unsigned p = rng_below(r, 8);
    uint64_t leaf = rng_chance(r, 80) ? good | (p == 0   ? (uint64_t)PBMT_NC << PTE_PBMT_SHIFT
                                                : p == 1 ? (uint64_t)PBMT_IO << PTE_PBMT_SHIFT
                                                         : 0)
                                      : stim_make_leaf(r, 0, 1, false, true);
    leaf = (leaf & ~PTE_PPN_MASK) | pt_pte(v->host_base + off, 0);
    add_gpage(v, GUEST_RAM + off, 1, leaf);
  }
  add_gpage(v, GUEST_1G_GPA, 2, pt_pte((0x40000000ull * (4 + i)) | far, good));
  if (v->mode == SATP_MODE_SV48)
    add_gpage(v, GUEST_512G_GPA, 3, pt_pte((512ull << 30) | far, good));
  else /* Sv39x4 has no 512 GiB leaf: the first GiB of that range, for the VS-stage's 512 GiB pages */
    add_gpage(v, GUEST_512G_GPA, 2, pt_pte(0x40000000ull * 6, good));
  /* the last page inside the x4 width (vsatp Bare reaches it: a translation at the edge) */
  uint64_t edge = 1ull << (v->mode == SATP_MODE_SV48 ? 50 : 41);
  add_gpage(v, edge - 4096, 0, pt_pte(v->host_base + GUEST_RAM_SIZE + (2ull << 20), good));
  /* 64 KiB (Svnapot) and 4 KiB G-stage pages, some not yet accessed or dirty (G-stage aging) */
  for (uint64_t off = 0; off < (1ull << 20); off += 64 * 1024) {
    uint64_t host = v->host_base + GUEST_RAM_SIZE + off, bits = good & ~(rng_chance(r, 30) ? PTE_A | PTE_D : 0);
    if (off < (512ull << 10)) {
      uint64_t slot;
      uint64_t napot = PTE_N | (((host >> 12 & ~15ull) | NAPOT_64K_PPN) << PTE_PPN_SHIFT) | bits;
      if (pt_map_napot(&v->g, GUEST_SMALL_GPA + off, napot, &slot) == PT_OK && v->n_gpages < MAX_PAGES)
        v->gpages[v->n_gpages++] = (page){.va = GUEST_SMALL_GPA + off, .shift = 16, .slot = slot};
    } else { /* 4 KiB pages of every memory type */
      for (uint64_t k = 0; k < 16; k++)
        add_gpage(v, GUEST_SMALL_GPA + off + k * 4096, 0, pt_pte(host + k * 4096, bits | ((k % 3) << PTE_PBMT_SHIFT)));
    }
  }
}

/* The shared half: N_SHARED VAs (below 2^38, canonical in every mode) mapped
 * in every host space, and in every VS space, half of them global, as a
 * kernel maps itself into every process: the same VA under several ASIDs
 * and VMIDs, global entries seen from other ASIDs. */
static void map_shared(stim *s) {
  rng *r = &s->rng;
  for (unsigned k = 0; k < N_SHARED; k++)
    s->shared_va[k] = (0x3f00000000ull + (uint64_t)k * 0x201000ull) & ~0xfffull;
  for (unsigned i = 0; i < N_SPACES; i++) {
    space *sp = &s->spaces[i];
    if (sp->mode == SATP_MODE_BARE) continue;
    vm *guest = sp->vm >= 0 ? &s->vms[sp->vm] : NULL;
    for (unsigned k = 0; k < N_SHARED; k++) {
      uint64_t bits = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | (k & 1 ? PTE_G : 0) | (k < 2 ? PTE_U : 0);
      /* a guest's: onto the 4 KiB G-stage pages of each memory type, with the same type (k % 3) */
      uint64_t target = guest ? GUEST_SMALL_GPA + (512ull << 10) + (uint64_t)k * 4096
                              : (CACHED_POOL + rng_below(r, CACHED_FRAMES) * 4096ull) | stim_region(s);
      if (guest) bits |= (uint64_t)(k % 3) << PTE_PBMT_SHIFT;
      uint64_t slot;
      if (pt_map(&sp->pt, s->shared_va[k], 0, pt_pte(target, bits), &slot) == PT_OK && sp->n_pages < MAX_PAGES)
        sp->pages[sp->n_pages++] = (page){.va = s->shared_va[k], .shift = 12, .slot = slot};
    }
    /* a supervisor 1 GiB page in every VS space, onto the G-stage's 1 GiB page */
    uint64_t slot1g;
    if (guest &&
        pt_map(&sp->pt, 0x3c00000000ull, 2, pt_pte(GUEST_1G_GPA, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D),
               &slot1g) == PT_OK &&
        sp->n_pages < MAX_PAGES)
      sp->pages[sp->n_pages++] = (page){.va = 0x3c00000000ull, .shift = 30, .slot = slot1g};
    /* a 512 GiB page in every Sv48 space (a guest's onto the G-stage's range there) */
    for (unsigned k = 0; sp->mode == SATP_MODE_SV48 && k < 2; k++) { /* a user page and a supervisor page */
      uint64_t va = (1ull << 39) << k, slot;
      uint64_t target = guest ? GUEST_512G_GPA : 0;
      uint64_t pte = pt_pte(target, PTE_V | PTE_R | PTE_W | PTE_X | (k ? 0 : PTE_U) | PTE_A | PTE_D);
      if (pt_map(&sp->pt, va, 3, pte, &slot) == PT_OK && sp->n_pages < MAX_PAGES)
        sp->pages[sp->n_pages++] = (page){.va = va, .shift = 39, .slot = slot};
    }
  }
}

/* A page on each side of the space's canonical boundaries: the highest of the low half and the lowest
 * of the high half (a VS space's onto guest data), mapped to succeed, so that both boundaries see
 * translations, not only faults. */
static void map_edges(stim *s, space *sp) {
  rng *r = &s->rng;
  vm *guest = sp->vm >= 0 ? &s->vms[sp->vm] : NULL;
  uint64_t half = 1ull << (12 + 9 * stim_space_levels(sp) - 1);
  const uint64_t vas[2] = {half - 4096, (uint64_t)0 - half};
  for (unsigned k = 0; k < 2 && sp->n_pages < MAX_PAGES; k++) {
    uint64_t target = guest ? GUEST_RAM + GUEST_TABLE_RAM + (rng_next(r) % GUEST_HOT)
                            : (CACHED_POOL + rng_below(r, CACHED_FRAMES) * 4096ull) | stim_region(s);
    uint64_t slot, pte = pt_pte(target & ~0xfffull, PTE_V | PTE_R | PTE_W | PTE_X | (k ? 0 : PTE_U) | PTE_A | PTE_D);
    if (pt_map(&sp->pt, vas[k], 0, pte, &slot) == PT_OK)
      sp->pages[sp->n_pages++] = (page){.va = vas[k], .shift = 12, .slot = slot};
  }
}

uint64_t stim_region(stim *s) {
  unsigned roll = rng_below(&s->rng, 100);
  return s->region[roll < 55 ? REGION_LOW : roll < 70 ? REGION_40 : roll < 85 ? REGION_48 : REGION_TOP];
}

uint16_t stim_pick_id(rng *r, uint16_t home, unsigned bits) {
  unsigned roll = rng_below(r, 100);
  if (roll < 40) return home;
  if (roll < 60) return (uint16_t)(home ^ (1u << (bits - 1)));
  if (roll < 75) return (uint16_t)(home ^ (1u << (bits / 2 + rng_below(r, bits - bits / 2))));
  unsigned top = rng_below(r, bits + 1); /* the highest set bit, or none */
  return top == bits ? 0 : (uint16_t)((1u << top) | (rng_next(r) & ((1u << top) - 1)));
}

uint64_t stim_atp_of(const space *sp) {
  if (sp->mode == SATP_MODE_BARE) return 0;
  return ((uint64_t)sp->mode << 60) | ((uint64_t)sp->asid << SATP_ASID_SHIFT) | (sp->pt.root >> 12);
}

stim *stim_new(uint64_t seed, unsigned harts) {
  if (harts == 0 || harts > MAX_HARTS) return NULL;
  stim *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  rng_seed(&s->rng, seed);
  s->harts = harts;
  s->shadow = mm_mem_new();
  if (!s->shadow) {
    free(s);
    return NULL;
  }
  s->region[REGION_40] = 1ull << (40 + rng_below(&s->rng, 8));
  s->region[REGION_48] = 1ull << (48 + rng_below(&s->rng, 7));
  s->region[REGION_TOP] = 1ull << 55;
  for (unsigned k = 0; k < N_REGIONS; k++)
    s->tables[k] = (table_pool){.base = HOST_TABLES | s->region[k], .next = HOST_TABLES | s->region[k]};
  for (unsigned v = 0; v < N_VM; v++)
    build_vm(s, v);
  for (unsigned i = 0; i < N_SPACES; i++) {
    space *sp = &s->spaces[i];
    if (i < N_HOST) {
      static const unsigned modes[N_HOST] = {SATP_MODE_SV39, SATP_MODE_SV39, SATP_MODE_SV48, SATP_MODE_BARE};
      sp->vm = -1;
      sp->mode = modes[i];
    } else {
      sp->vm = (int)((i - N_HOST) / N_VS);
      unsigned k = (i - N_HOST) % N_VS;
      sp->mode = k == 0 ? SATP_MODE_SV39 : (sp->vm == 1 ? SATP_MODE_BARE : SATP_MODE_SV48);
    }
    /* Full 16-bit ASIDs: host space 0's random, 1's with only the top bit flipped, 2's with another
     * bit of the high half; host and guest ASIDs overlap on purpose (the guests' first spaces have
     * space 0's, so that one ASID meets two VMIDs); the guests' second spaces differ in low bits. */
    static const unsigned host_region[N_HOST] = {REGION_LOW, REGION_TOP, REGION_48, REGION_LOW};
    uint16_t a0 = i == 0 ? (uint16_t)rng_next(&s->rng) : s->spaces[0].asid_own;
    sp->asid = i == 0                     ? a0
               : i == 1                   ? (uint16_t)(a0 ^ 0x8000u)
               : i == 2                   ? (uint16_t)(a0 ^ (1u << (8 + rng_below(&s->rng, 7))))
               : i < N_HOST               ? a0
               : (i - N_HOST) % N_VS == 0 ? a0
                                          : (uint16_t)(a0 ^ (1 + rng_below(&s->rng, 255)));
    sp->asid_own = sp->asid;
    if (sp->mode == SATP_MODE_BARE) continue;
    /* host spaces' tables low, at bit 55, at a bit of 48..54: the same frames' offsets in each */
    sp->pt = stage(s, i < N_HOST ? &s->tables[host_region[i]] : NULL, sp->vm >= 0 ? &s->vms[sp->vm] : NULL, 0,
                   stim_space_levels(sp), 0);
    sp->pt.alloc(sp->pt.alloc_ctx, &sp->pt.root); /* the root comes from where its tables will */
    for (unsigned k = 0; k < 24; k++)
      stim_add_page(s, sp);
    map_edges(s, sp);
  }
  map_shared(s);
  for (unsigned h = 0; h < harts; h++) {
    s->hart_space[h] = -1;
    stim_write_csr(s, h, MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE, "menvcfg: ADUE, PBMTE");
    stim_write_csr(s, h, MM_CSR_HENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE, "henvcfg: ADUE, PBMTE");
  }
  return s;
}

void stim_free(stim *s) {
  if (!s) return;
  mm_mem_free(s->shadow);
  free(s->q);
  free(s);
}
