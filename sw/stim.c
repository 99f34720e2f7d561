#include "stim.h"

#include <stdlib.h>
#include <string.h>

#include "model/mem.h"
#include "model/mmu.h"
#include "model/pma.h"
#include "model/pte.h"
#include "sw/lib/pt.h"
#include "sw/lib/rng.h"

#define MAX_HARTS       MM_MAX_HARTS
#define MAX_PAGES       64 /* mapped pages remembered per space */
#define N_HOST          4  /* host spaces: Sv39, Sv39, Sv48, Bare */
#define N_VM            2  /* VM 0: Sv39x4, VM 1: Sv48x4 */
#define N_VS            2  /* VS spaces per VM (the second of VM 1 is Bare) */
#define N_SPACES        (N_HOST + N_VM * N_VS)
#define RECENT          8
#define HOST_TABLES     0x80000000ull  /* host page-table frames grow from here */
#define GUEST_RAM       0x80000000ull  /* GPA of guest RAM */
#define GUEST_TABLE_RAM (2ull << 20)   /* its first 2 MiB: VS tables, 4 KiB G pages */
#define GUEST_RAM_SIZE  (64ull << 20)  /* the rest: 2 MiB G pages */
#define GUEST_1G_GPA    (1ull << 30)   /* a 1 GiB G-stage page below guest RAM */
#define GUEST_512G_GPA  (512ull << 30) /* a 512 GiB G-stage page (Sv48x4 only) */
#define GUEST_HOT       (1ull << 20)   /* guest data pages mostly in the first 1 MiB of its data RAM */
#define GUEST_SMALL_GPA 0x20000000ull  /* 64 KiB (Svnapot) and 4 KiB G-stage pages: 1 MiB at 512 MiB */
#define N_SHARED        6              /* VAs every space of a kind maps (a kernel's shared half) */
#define CACHED_POOL     0x90000000ull  /* 4 KiB data frames of host pages mapped PMA: 2 MiB, 16 frames a color */
#define CACHED_FRAMES   512
#define UNCACHED_POOL   0xa0000000ull /* frames of host pages mapped NC or IO: 256 KiB */
#define UNCACHED_FRAMES 64

typedef struct page {
  uint64_t va; /* page base */
  unsigned shift;
  uint64_t slot; /* host PA of its leaf PTE (the first of 16 for NAPOT) */
} page;

typedef struct vm {
  unsigned mode; /* SATP_MODE_SV39 (Sv39x4) or SATP_MODE_SV48 (Sv48x4) */
  uint16_t vmid;
  pt_builder g;           /* the G-stage: host PAs, 16 KiB root, tables from stim.host_next */
  uint64_t host_base;     /* host PA of guest RAM */
  uint64_t gpa_next;      /* next free GPA for VS tables, below GUEST_RAM + GUEST_TABLE_RAM */
  page gpages[MAX_PAGES]; /* G-stage leaves, for edits */
  unsigned n_gpages;
} vm;

typedef struct space {
  int vm;        /* -1: a host space (satp); else the VM of a VS space */
  unsigned mode; /* SATP_MODE_* */
  uint16_t asid;
  pt_builder pt; /* its tables (not for Bare): host PAs, or a VS space's GPAs in guest RAM */
  page pages[MAX_PAGES];
  unsigned n_pages;
} space;

struct stim {
  rng rng; /* the one source of randomness: the stream is a function of the seed */
  unsigned harts;
  mm_mem *shadow;     /* what software wrote, to build tables on */
  uint64_t host_next; /* next free host frame for tables */
  vm vms[N_VM];
  space spaces[N_SPACES];
  int hart_space[MAX_HARTS];
  mm_csrs csrs[MAX_HARTS]; /* what software last wrote */
  uint64_t recent_va[RECENT];
  int recent_space[RECENT];
  uint64_t recent_slot[RECENT]; /* leaf PTE slot of that page, 0 if none */
  unsigned n_recent;
  unsigned sw_hart;             /* the hart whose software stores page tables now */
  uint64_t shared_va[N_SHARED]; /* mapped at the same VA in every host space, and in every VS space */
  stim_event *q;                /* pending events: q[head..tail) */
  size_t head, tail, cap;
};

/* The idle cycles before a request: mostly none, often a few. */
static unsigned pick_gap(rng *r) {
  unsigned roll = rng_below(r, 100);
  return roll < 55 ? 0 : roll < 85 ? 1 + rng_below(r, 2) : 3 + rng_below(r, 6);
}

static stim_event *emit(stim *s, stim_kind kind, const char *note) {
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

static void write_word(stim *s, uint64_t pa, uint64_t value, const char *note) {
  mm_mem_write64(s->shadow, pa, value);
  stim_event *ev = emit(s, STIM_MEM, note);
  ev->pa = pa;
  ev->value = value;
}

static void write_csr(stim *s, unsigned hart, mm_csr_id id, uint64_t value, const char *note) {
  mm_csr_write(&s->csrs[hart], id, value);
  stim_event *ev = emit(s, STIM_CSR, note);
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
  write_word(ctx, pa, pte, notes[kind]);
}
static const pt_ops shadow_ops = {shadow_read, shadow_write};

/* Where tables live: host frames (G-stages and host spaces share them), or
 * a VM's table RAM (its VS spaces share it), which can run out. */
static bool host_table(void *ctx, uint64_t *table) {
  stim *s = ctx;
  *table = s->host_next;
  s->host_next += 4096;
  return true;
}
static bool guest_table(void *ctx, uint64_t *table) {
  vm *guest = ctx;
  if (guest->gpa_next >= GUEST_RAM + GUEST_TABLE_RAM) return false;
  *table = guest->gpa_next;
  guest->gpa_next += 4096;
  return true;
}

/* A builder of host tables (guest NULL), or of a VM's VS tables in its RAM. */
static pt_builder stage(stim *s, vm *guest, uint64_t root, unsigned levels, int widen) {
  return (pt_builder){.root = root,
                      .levels = (int)levels,
                      .widen = widen,
                      .pa_offset = guest ? guest->host_base - GUEST_RAM : 0,
                      .ops = &shadow_ops,
                      .ops_ctx = s,
                      .alloc = guest ? guest_table : host_table,
                      .alloc_ctx = guest ? (void *)guest : s};
}

/* Leaf permission and attribute bits, mostly sensible, sometimes a corner. */
static uint64_t leaf_bits(rng *r, bool gstage) {
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
  if (rng_chance(r, 2)) b |= 1ull << (54 + rng_below(r, 7)); /* reserved bits 60:54 */
  if (rng_chance(r, 2)) b &= ~PTE_V;
  return b;
}

/* A leaf PTE for a page of 2^shift bytes at pa; sometimes misaligned. */
/* Where a host page of 2^shift bytes with memory type pbmt points: 4 KiB
 * and 64 KiB pages mostly at frames of the pools (cacheable pages in the
 * cached pool, NC and IO pages in the uncached pool or a device's window,
 * so that a line is rarely seen through two memory types), sometimes
 * anywhere; superpages anywhere. */
static uint64_t host_target(rng *r, unsigned pbmt, unsigned shift) {
  if (shift > 16 || rng_chance(r, 10)) return rng_next(r) & PA_MASK;
  uint64_t cached = CACHED_POOL + rng_below(r, CACHED_FRAMES) * 4096ull;
  uint64_t uncached = UNCACHED_POOL + rng_below(r, UNCACHED_FRAMES) * 4096ull;
  uint64_t fb = FRAMEBUF_BASE + rng_below(r, FRAMEBUF_SIZE / 4096) * 4096ull;
  unsigned roll = rng_below(r, 100);
  switch (pbmt) {
  case PBMT_NC: return roll < 50 ? fb : roll < 95 ? uncached : cached;
  case PBMT_IO: return roll < 40 ? REGBLOCK_BASE : roll < 60 ? fb : roll < 95 ? uncached : cached;
  default: return roll < 88 ? cached : roll < 94 ? REGBLOCK_BASE : fb; /* PMA: the devices are IO by their PMA */
  }
}

/* A leaf with the bits of leaf_bits() for a page at pa; sometimes misaligned. */
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

static uint64_t make_leaf(rng *r, uint64_t pa, int level, bool napot, bool gstage) {
  return leaf_with(r, leaf_bits(r, gstage), pa, level, napot);
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

static uint64_t random_va(rng *r, unsigned levels) {
  int va_bits = 12 + 9 * (int)levels;
  uint64_t va = rng_next(r) & ((1ull << va_bits) - 1);
  return (uint64_t)((int64_t)(va << (64 - va_bits)) >> (64 - va_bits)); /* canonical */
}

/* A GPA for a VS-stage data page: mostly mapped by the G-stage. */
static uint64_t guest_data_gpa(rng *r, const vm *v) {
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

static unsigned space_levels(const space *sp) { return sp->mode == SATP_MODE_SV48 ? 4 : 3; }

/* Maps one more page in a space. */
static void add_page(stim *s, space *sp) {
  if (sp->mode == SATP_MODE_BARE || sp->n_pages == MAX_PAGES) return;
  rng *r = &s->rng;
  vm *guest = sp->vm >= 0 ? &s->vms[sp->vm] : NULL;
  unsigned levels = space_levels(sp);
  bool napot;
  int level = pick_level(r, levels, &napot);
  unsigned shift = napot ? 16 : 12 + 9 * (unsigned)level;
  uint64_t va = random_va(r, levels) & ~((1ull << shift) - 1);
  uint64_t bits = leaf_bits(r, false);
  uint64_t target = guest ? guest_data_gpa(r, guest) : host_target(r, pte_pbmt(bits), shift);
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

static void build_vm(stim *s, unsigned i) {
  rng *r = &s->rng;
  vm *v = &s->vms[i];
  v->mode = i == 0 ? SATP_MODE_SV39 : SATP_MODE_SV48;
  v->vmid = (uint16_t)(1 + i);
  s->host_next = (s->host_next + 0x3fff) & ~0x3fffull; /* the x4 root is 16 KiB, aligned */
  v->g = stage(s, NULL, s->host_next, v->mode == SATP_MODE_SV48 ? 4 : 3, 2);
  s->host_next += 4 * 4096;
  v->host_base = (0x100000000ull + (uint64_t)i * 0x10000000ull); /* 4 GiB + i x 256 MiB */
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
                                      : make_leaf(r, 0, 1, false, true);
    leaf = (leaf & ~PTE_PPN_MASK) | pt_pte(v->host_base + off, 0);
    add_gpage(v, GUEST_RAM + off, 1, leaf);
  }
  add_gpage(v, GUEST_1G_GPA, 2, pt_pte(0x40000000ull * (4 + i), good));
  if (v->mode == SATP_MODE_SV48)
    add_gpage(v, GUEST_512G_GPA, 3, pt_pte(512ull << 30, good));
  else /* Sv39x4 has no 512 GiB leaf: the first GiB of that range, for the VS-stage's 512 GiB pages */
    add_gpage(v, GUEST_512G_GPA, 2, pt_pte(0x40000000ull * 6, good));
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
                              : CACHED_POOL + rng_below(r, CACHED_FRAMES) * 4096ull;
      if (guest) bits |= (uint64_t)(k % 3) << PTE_PBMT_SHIFT;
      uint64_t slot;
      if (pt_map(&sp->pt, s->shared_va[k], 0, pt_pte(target, bits), &slot) == PT_OK && sp->n_pages < MAX_PAGES)
        sp->pages[sp->n_pages++] = (page){.va = s->shared_va[k], .shift = 12, .slot = slot};
    }
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

static uint64_t atp_of(const space *sp) {
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
  s->host_next = HOST_TABLES;
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
    /* host and guest ASIDs overlap on purpose; the two guests' first spaces share one */
    sp->asid = (uint16_t)(i < N_HOST ? 1 + i % 3 : 1 + (i - N_HOST) % N_VS);
    if (sp->mode == SATP_MODE_BARE) continue;
    sp->pt = stage(s, sp->vm >= 0 ? &s->vms[sp->vm] : NULL, 0, space_levels(sp), 0);
    sp->pt.alloc(sp->pt.alloc_ctx, &sp->pt.root); /* the root comes from where its tables will */
    for (unsigned k = 0; k < 24; k++)
      add_page(s, sp);
  }
  map_shared(s);
  for (unsigned h = 0; h < harts; h++) {
    s->hart_space[h] = -1;
    write_csr(s, h, MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE, "menvcfg: ADUE, PBMTE");
    write_csr(s, h, MM_CSR_HENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE, "henvcfg: ADUE, PBMTE");
  }
  return s;
}

void stim_free(stim *s) {
  if (!s) return;
  mm_mem_free(s->shadow);
  free(s->q);
  free(s);
}

static void switch_space(stim *s, unsigned h, int i) {
  const space *sp = &s->spaces[i];
  if (sp->vm < 0) {
    write_csr(s, h, MM_CSR_SATP, atp_of(sp), "satp: switch address space");
  } else {
    const vm *v = &s->vms[sp->vm];
    write_csr(s, h, MM_CSR_HGATP,
              ((uint64_t)v->mode << 60) | ((uint64_t)v->vmid << HGATP_VMID_SHIFT) | (v->g.root >> 12),
              "hgatp: switch guest");
    write_csr(s, h, MM_CSR_VSATP, atp_of(sp), "vsatp: switch guest address space");
  }
  s->hart_space[h] = i;
}

/* An address in space si; *slot is the host PA of its leaf PTE when it is a
 * mapped page (0 otherwise), so the access can be shaped to its permissions. */
static uint64_t pick_va(stim *s, int si, const char **note, uint64_t *slot) {
  rng *r = &s->rng;
  const space *sp = &s->spaces[si];
  unsigned roll = rng_below(r, 100);
  *slot = 0;
  if (roll < 50) { /* locality: a page this space used lately, so the TLB hits */
    unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
    for (unsigned tries = 0, k = rng_below(r, n ? n : 1); n && tries < n; tries++, k = (k + 1) % n) {
      if (s->recent_space[k] != si) continue;
      *slot = s->recent_slot[k];
      if (rng_chance(r, 40)) { /* the same line: stores merge in the write-combining buffer, loads hit */
        *note = "recently used line";
        return (s->recent_va[k] & ~63ull) | (rng_next(r) & 0x38);
      }
      *note = "recently used page";
      return (s->recent_va[k] & ~0xfffull) | (rng_next(r) & 0xff8);
    }
  }
  if (sp->mode == SATP_MODE_BARE && sp->vm >= 0 && roll < 12) {
    /* vsatp Bare after a VS space without a fence: a global VS entry of the shared half still hits */
    *note = "a shared kernel VA (vsatp Bare: a stale global entry may hit)";
    return s->shared_va[rng_below(r, N_SHARED)] | (rng_next(r) & 0xff8);
  }
  if (sp->mode == SATP_MODE_BARE && sp->vm >= 0 && roll < 90) { /* vsatp Bare: the GPA the G-stage maps */
    *note = "guest physical address (vsatp Bare)";
    return guest_data_gpa(r, &s->vms[sp->vm]) & ~7ull;
  }
  if (roll < 60 && sp->mode != SATP_MODE_BARE) { /* the shared half, from whichever space */
    if (sp->mode == SATP_MODE_SV48 && rng_chance(r, 30)) {
      *note = "a 512 GiB page";
      return ((1ull << 39) << rng_below(r, 2)) | (rng_next(r) & ((1ull << 30) - 8)); /* the G-stage maps 1 GiB */
    }
    *note = "shared kernel page";
    return s->shared_va[rng_below(r, N_SHARED)] | (rng_next(r) & 0xff8);
  }
  if (roll < 93 && sp->n_pages) {
    const page *pg = &sp->pages[rng_below(r, sp->n_pages)];
    *note = "mapped page";
    *slot = pg->slot;
    return pg->va | (rng_next(r) & ((1ull << pg->shift) - 1) & ~7ull);
  }
  if (roll < 95) {
    *note = "random address";
    return random_va(r, space_levels(sp)) & ~7ull;
  }
  if (roll < 98) { /* a page at a canonical boundary (vsatp Bare: the G-stage's width) */
    unsigned bits = sp->mode == SATP_MODE_BARE && sp->vm >= 0
                        ? 2 + 12 + 9 * (s->vms[sp->vm].mode == SATP_MODE_SV48 ? 4u : 3u)
                        : 12 + 9 * space_levels(sp) - 1;
    uint64_t half = 1ull << bits, off = rng_next(r) & 0xff8;
    static const char *const side[] = {"the highest canonical page", "the first non-canonical page above",
                                       "the lowest canonical page", "the last non-canonical page below"};
    unsigned k = rng_below(r, sp->mode == SATP_MODE_BARE ? 2 : 4);
    *note = side[k];
    return (k == 0 ? half - 4096 : k == 1 ? half : k == 2 ? (uint64_t)0 - half : (uint64_t)0 - half - 4096) | off;
  }
  *note = "non-canonical or wide address";
  return rng_next(r) & ~7ull;
}

/* The size of a data access (bytes) and its address: naturally aligned
 * within the 8-byte word va names, but sometimes not (the misaligned faults). */
static unsigned pick_size(rng *r, uint64_t *va) {
  static const uint8_t sizes[] = {8, 8, 8, 4, 4, 2, 1, 1};
  unsigned size = sizes[rng_below(r, 8)];
  *va = (*va & ~7ull) + rng_below(r, 8 / size) * size;
  if (size > 1 && rng_chance(r, 2)) *va += 1 + rng_below(r, size - 1);
  return size;
}

/* What the access does after its translation, by the permission it needs. */
static void pick_data_op(rng *r, mm_req *req) {
  unsigned roll = rng_below(r, 100);
  switch (req->type) {
  case MM_LOAD: req->data_op = roll < 85 ? MM_DATA_LOAD : MM_DATA_NONE; break;
  case MM_STORE:
    req->data_op = roll < 78   ? MM_DATA_STORE
                   : roll < 81 ? MM_DATA_CBO_CLEAN
                   : roll < 84 ? MM_DATA_CBO_FLUSH
                   : roll < 87 ? MM_DATA_CBO_INVAL
                               : MM_DATA_NONE;
    break;
  case MM_FETCH: req->data_op = roll < 80 ? MM_DATA_FETCH : MM_DATA_NONE; break;
  }
  if (req->data_op == MM_DATA_LOAD || req->data_op == MM_DATA_STORE || req->data_op == MM_DATA_FETCH)
    req->size = (uint8_t)pick_size(r, &req->va);
  req->wdata = rng_next(r);
}

/* M-mode (untranslated) accesses, as firmware or a driver makes them: the
 * devices' registers (IO by their PMA), the frame buffer, the pools, the
 * page tables themselves. */
static void gen_machine_access(stim *s) {
  rng *r = &s->rng;
  stim_event *ev = emit(s, STIM_ACCESS, "M-mode access");
  ev->hart = rng_below(r, s->harts);
  static const uint64_t regs[] = {0x00, 0x08, 0x10, 0x10, 0x18, 0x20, 0x20, 0x28};
  uint64_t pa;
  unsigned roll = rng_below(r, 100);
  if (roll < 35)
    pa = REGBLOCK_BASE + regs[rng_below(r, 8)];
  else if (roll < 50)
    pa = FRAMEBUF_BASE + (rng_next(r) % FRAMEBUF_SIZE);
  else if (roll < 80)
    pa = CACHED_POOL + (rng_next(r) % (CACHED_FRAMES * 4096ull));
  else if (roll < 90)
    pa = UNCACHED_POOL + (rng_next(r) % (UNCACHED_FRAMES * 4096ull));
  else
    pa = HOST_TABLES + (rng_next(r) % (s->host_next - HOST_TABLES));
  if (rng_chance(r, 2)) pa = (rng_next(r) | (1ull << 56)) & ~0xfffull; /* beyond the physical address space */
  unsigned t = rng_below(r, 100);
  ev->req = (mm_req){.va = pa & ~7ull, .type = t < 48 ? MM_LOAD : t < 96 ? MM_STORE : MM_FETCH, .priv = MM_PRIV_M};
  pick_data_op(r, &ev->req);
  if (ev->req.data_op == MM_DATA_FETCH && rng_chance(r, 25)) { /* a jump to a misaligned target */
    ev->req.size = 4;
    ev->req.va = (ev->req.va & ~7ull) | 2;
  }
}

/* Lines competing for one cache set, as a program striding through an
 * array by a multiple of the way size does: M-mode loads and stores to five
 * or six lines of one set of the cached pool (addresses 32 KiB apart, with
 * the default 128 KiB 4-way cache), a CBO on one of them among them, so
 * that which line each miss evicts depends on the replacement state. */
static void gen_set_conflict(stim *s) {
  rng *r = &s->rng;
  unsigned h = rng_below(r, s->harts);
  const uint64_t way_bytes = 32 * 1024, pool = CACHED_FRAMES * 4096ull;
  uint64_t set = (rng_next(r) % way_bytes) & ~63ull;
  unsigned lines = 5 + rng_below(r, 2), n = 8 + rng_below(r, 8);
  uint64_t base = rng_below(r, (unsigned)(pool / way_bytes - lines)) * way_bytes;
  for (unsigned i = 0; i < n; i++) {
    stim_event *ev = emit(s, STIM_ACCESS, "lines competing for one cache set");
    ev->hart = h;
    uint64_t pa = CACHED_POOL + base + set + rng_below(r, lines) * way_bytes + (rng_below(r, 8) * 8);
    ev->req = (mm_req){.va = pa, .priv = MM_PRIV_M};
    unsigned roll = rng_below(r, 100);
    if (roll < 50) {
      ev->req.type = MM_LOAD;
      ev->req.data_op = MM_DATA_LOAD;
    } else if (roll < 85) {
      ev->req.type = MM_STORE;
      ev->req.data_op = MM_DATA_STORE;
    } else {
      ev->req.type = MM_STORE;
      ev->req.data_op = roll < 92 ? MM_DATA_CBO_CLEAN : roll < 96 ? MM_DATA_CBO_FLUSH : MM_DATA_CBO_INVAL;
    }
    if (ev->req.data_op == MM_DATA_LOAD || ev->req.data_op == MM_DATA_STORE) ev->req.size = 8;
    ev->req.wdata = rng_next(r);
  }
}

static void gen_access(stim *s) {
  rng *r = &s->rng;
  unsigned h = rng_below(r, s->harts);
  int si = s->hart_space[h];
  if (si < 0 || rng_chance(r, 12)) si = (int)rng_below(r, N_SPACES);
  if (si != s->hart_space[h]) switch_space(s, h, si);
  const char *note;
  uint64_t slot;
  uint64_t va = pick_va(s, si, &note, &slot);
  stim_event *ev = emit(s, STIM_ACCESS, note);
  ev->hart = h;
  unsigned t = rng_below(r, 10);
  ev->req = (mm_req){.va = va,
                     .type = t < 5   ? MM_LOAD
                             : t < 8 ? MM_STORE
                                     : MM_FETCH,
                     .priv = rng_chance(r, 55) ? MM_PRIV_U : MM_PRIV_S,
                     .virt = s->spaces[si].vm >= 0};
  /* Mostly an access the page allows, as software makes; else any. */
  uint64_t pte = slot ? mm_mem_read64(s->shadow, slot) : 0;
  if (slot && rng_chance(r, 85)) {
    ev->req.priv = (pte & PTE_U) ? MM_PRIV_U : MM_PRIV_S;
    if (pte & PTE_X && rng_chance(r, 25))
      ev->req.type = MM_FETCH;
    else if (pte & PTE_W && rng_chance(r, 50))
      ev->req.type = MM_STORE;
    else if (pte & PTE_R)
      ev->req.type = MM_LOAD;
  }
  pick_data_op(r, &ev->req);
  unsigned k = s->n_recent++ % RECENT;
  s->recent_va[k] = ev->req.va;
  s->recent_space[k] = si;
  s->recent_slot[k] = slot;
}

/* Software writing a run of a line, as a driver fills a frame buffer or
 * code copies a block: consecutive stores of one size, by one hart, in one
 * line of a page it used lately (an NC page's stores merge in the
 * write-combining buffer, an IO page's are each a transaction). */
static void gen_store_run(stim *s) {
  rng *r = &s->rng;
  unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
  if (!n) return;
  unsigned k = rng_below(r, n);
  int si = s->recent_space[k];
  unsigned h = rng_below(r, s->harts);
  if (s->hart_space[h] != si) switch_space(s, h, si);
  static const uint8_t sizes[] = {8, 8, 4, 2};
  unsigned size = sizes[rng_below(r, 4)];
  uint64_t line = s->recent_va[k] & ~63ull;
  unsigned first = rng_below(r, 64 / size), count = 2 + rng_below(r, 64 / size);
  for (unsigned i = 0; i < count && first + i < 64 / size; i++) {
    stim_event *ev = emit(s, STIM_ACCESS, "a run of stores in one line");
    ev->hart = h;
    ev->req = (mm_req){.va = line + (first + i) * size,
                       .type = MM_STORE,
                       .priv = (mm_mem_read64(s->shadow, s->recent_slot[k]) & PTE_U) ? MM_PRIV_U : MM_PRIV_S,
                       .virt = s->spaces[si].vm >= 0,
                       .data_op = MM_DATA_STORE,
                       .size = (uint8_t)size,
                       .wdata = rng_next(r)};
  }
}

static void gen_fence(stim *s) {
  rng *r = &s->rng;
  unsigned h = rng_below(r, s->harts);
  stim_event *ev = emit(s, STIM_FENCE, "fence");
  ev->hart = h;
  unsigned k = rng_below(r, 12);
  ev->fence.kind = k < 5    ? MM_FENCE_SFENCE_VMA
                   : k < 8  ? MM_FENCE_HFENCE_VVMA
                   : k < 10 ? MM_FENCE_HFENCE_GVMA
                            : MM_FENCE_DATA;
  ev->fence.has_addr = rng_chance(r, 50);
  ev->fence.has_id = rng_chance(r, 50);
  if (ev->fence.kind == MM_FENCE_HFENCE_GVMA) {
    ev->fence.addr = GUEST_RAM + (rng_next(r) % GUEST_RAM_SIZE);
    ev->fence.id = (uint16_t)(1 + rng_below(r, N_VM));
  } else {
    ev->fence.addr = s->n_recent ? s->recent_va[rng_below(r, s->n_recent < RECENT ? s->n_recent : RECENT)] : 0;
    ev->fence.id = (uint16_t)(1 + rng_below(r, 3));
  }
}

/* ADUE and PBMTE, each on three times in four: off, they turn every clear
 * A/D bit and every nonzero PBMT into a fault. */
static uint64_t envcfg_bits(rng *r) {
  return (rng_chance(r, 75) ? ENVCFG_ADUE : 0) | (rng_chance(r, 75) ? ENVCFG_PBMTE : 0);
}

static void gen_csr_change(stim *s) {
  rng *r = &s->rng;
  unsigned h = rng_below(r, s->harts);
  switch (rng_below(r, 6)) {
  case 0: write_csr(s, h, MM_CSR_MSTATUS, (rng_next(r) & 3) << 18, "mstatus: SUM/MXR"); break;
  case 1: write_csr(s, h, MM_CSR_VSSTATUS, (rng_next(r) & 3) << 18, "vsstatus: SUM/MXR"); break;
  case 2: write_csr(s, h, MM_CSR_MENVCFG, envcfg_bits(r), "menvcfg: ADUE/PBMTE"); break;
  case 3: write_csr(s, h, MM_CSR_HENVCFG, envcfg_bits(r), "henvcfg: ADUE/PBMTE"); break;
  case 4: write_csr(s, h, MM_CSR_SATP, (10ull << 60) | (rng_next(r) & SATP_PPN_MASK), "satp: Sv57, unsupported"); break;
  default: write_csr(s, h, MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE, "menvcfg: ADUE, PBMTE"); break;
  }
}

/* Software edits a PTE (usually without the fence a correct OS would issue:
 * the TLB's stale entries are part of what is compared). */
static void gen_pte_edit(stim *s) {
  rng *r = &s->rng;
  unsigned roll = rng_below(r, 100);
  if (roll < 25) {
    add_page(s, &s->spaces[rng_below(r, N_SPACES)]);
    return;
  }
  if (roll < 40) { /* a G-stage leaf: the pages holding VS tables, or guest RAM */
    vm *v = &s->vms[rng_below(r, N_VM)];
    uint64_t slot;
    if (rng_chance(r, 50) || !v->n_gpages) {
      uint64_t gpa = GUEST_RAM + (rng_next(r) % (v->gpa_next - GUEST_RAM)) / 4096 * 4096;
      if (pt_find(&v->g, gpa, 0, &slot) != PT_OK) return;
    } else {
      slot = v->gpages[rng_below(r, v->n_gpages)].slot;
    }
    uint64_t old = mm_mem_read64(s->shadow, slot);
    uint64_t pte = (old & (PTE_PPN_MASK | PTE_N)) | (make_leaf(r, 0, 0, false, true) & ~PTE_PPN_MASK & ~PTE_N);
    const char *note = "edit a G-stage leaf";
    unsigned how = rng_below(r, 100);
    if (how < 40) {
      pte = old | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D; /* repair */
    } else if (how < 65) {
      pte = old & ~(PTE_A | (rng_chance(r, 50) ? PTE_D : 0)); /* aging: the hypervisor clears A (and D) */
      note = "G-stage aging: clear A/D";
    } else if (how < 72 && !(old & PTE_N) && rng_chance(r, 50)) {
      pte = old | (1ull << PTE_PPN_SHIFT); /* a superpage's low PPN bit (a 4 KiB page: a new frame) */
      note = "G-stage leaf: low PPN bit";
    } else if (how < 74) {
      pte = old | PTE_N; /* N on a superpage, or with a 4 KiB page's PPN */
      note = "G-stage leaf: N";
    } else if (how < 76) {
      pte = old | ((uint64_t)PBMT_RSVD << PTE_PBMT_SHIFT);
      note = "G-stage leaf: PBMT 3";
    } else if (how < 84) {
      /* a pointer where a leaf was (a level-0 one: no next level), its leaf-only bits cleared or not */
      pte = old & ~(PTE_R | PTE_W | PTE_X | (rng_chance(r, 50) ? PTE_A | PTE_D | PTE_U | PTE_N | PTE_PBMT_MASK : 0));
      note = "G-stage leaf made a pointer";
    } else if (how < 90) { /* a G-stage pointer with a corner bit, or repaired */
      uint64_t gpa = GUEST_SMALL_GPA + (rng_next(r) % (1ull << 20));
      if (pt_find(&v->g, gpa, 1, &slot) != PT_OK) return;
      old = mm_mem_read64(s->shadow, slot);
      if (!(old & PTE_V) || pte_is_leaf(old)) return;
      const uint64_t reserved = PTE_A | PTE_D | PTE_U | PTE_N | PTE_PBMT_MASK;
      static const uint64_t corners[] = {PTE_A, PTE_D, PTE_U, PTE_N, 1ull << PTE_PBMT_SHIFT};
      pte = (old & reserved) ? old & ~reserved : old | corners[rng_below(r, 5)];
      note = (old & reserved) ? "repair a G-stage pointer" : "corner in a G-stage pointer";
    }
    write_word(s, slot, pte, note);
    return;
  }
  space *sp = &s->spaces[rng_below(r, N_SPACES)];
  if (!sp->n_pages) return;
  const page *pg = &sp->pages[rng_below(r, sp->n_pages)];
  uint64_t old = mm_mem_read64(s->shadow, pg->slot);
  if (roll < 97) { /* new permissions on the same frame */
    uint64_t bits = rng_chance(r, 40) ? PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D : leaf_bits(r, false);
    uint64_t pte = (old & (PTE_PPN_MASK | PTE_N)) | (bits & ~PTE_N);
    unsigned n = (old & PTE_N) ? 16 : 1;
    for (unsigned k = 0; k < n; k++)
      write_word(s, pg->slot + 8 * k, pte, "edit a leaf's permissions");
  } else if (roll < 99 && pg->shift == 12) { /* a level-0 leaf made a pointer: nothing below it */
    write_word(s, pg->slot, old & ~(PTE_R | PTE_W | PTE_X), "a level-0 leaf made a pointer");
  } else { /* a corner in the table above: the level-1 pointer, or one higher up */
    uint64_t slot = 0;
    for (int level = sp->pt.levels - 1; level > 0; level--) {
      if (pt_find(&sp->pt, pg->va, level, &slot) != PT_OK) return;
      uint64_t pte = mm_mem_read64(s->shadow, slot);
      if (!(pte & PTE_V) || pte_is_leaf(pte)) return;
      if (level == 1 || rng_chance(r, 30)) break;
    }
    static const uint64_t corners[] = {PTE_U, PTE_A, PTE_D, PTE_N, 1ull << PTE_PBMT_SHIFT, 1ull << 55, PTE_G};
    uint64_t pte = mm_mem_read64(s->shadow, slot);
    const uint64_t reserved = PTE_A | PTE_D | PTE_U | PTE_N | PTE_PBMT_MASK | PTE_RSVD_MASK;
    if ((pte & reserved) && rng_chance(r, 60)) /* software repairs what it broke */
      write_word(s, slot, pte & ~reserved, "repair a non-leaf PTE");
    else
      write_word(s, slot, pte ^ corners[rng_below(r, 7)], "corner in a non-leaf PTE");
  }
}

/* Page aging racing a store: software clears a recently used page's A/D
 * bits and shoots its translation down on every hart; then, as the page is
 * touched again, another agent changes the PTE between the walk's read and
 * its A/D update, so the atomic update fails and the walk restarts. */
static void gen_poke(stim *s) {
  rng *r = &s->rng;
  unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
  if (!n) return;
  unsigned k = rng_below(r, n);
  uint64_t slot = s->recent_slot[k], va = s->recent_va[k];
  int si = s->recent_space[k];
  if (!slot) return;
  uint64_t aged = mm_mem_read64(s->shadow, slot) & ~(PTE_A | PTE_D);
  write_word(s, slot, aged, "page aging: clear A and D");
  bool virt = s->spaces[si].vm >= 0;
  for (unsigned h = 0; h < s->harts; h++) {
    stim_event *f = emit(s, STIM_FENCE, "page aging: shootdown");
    f->hart = h;
    f->fence = (mm_fence){.kind = virt ? MM_FENCE_HFENCE_GVMA : MM_FENCE_SFENCE_VMA, .has_addr = !virt, .addr = va};
  }
  static const uint64_t flips[] = {PTE_A, PTE_D, PTE_W, PTE_X, PTE_U, PTE_V};
  uint64_t value = aged ^ flips[rng_below(r, 6)];
  mm_mem_write64(s->shadow, slot, value);
  unsigned h = rng_below(r, s->harts);
  stim_event *ev = emit(s, STIM_POKE, "PTE changed between a walk's read and its A/D update");
  ev->hart = h;
  ev->pa = slot;
  ev->value = value;
  if (s->hart_space[h] != si) switch_space(s, h, si);
  stim_event *a = emit(s, STIM_ACCESS, "touch the aged page while its PTE changes");
  a->hart = h;
  a->req = (mm_req){.va = va,
                    .type = rng_chance(r, 50) ? MM_STORE : MM_LOAD,
                    .priv = (aged & PTE_U) ? MM_PRIV_U : MM_PRIV_S,
                    .virt = virt};
}

/* Hart h touches va, a page whose leaf PTE is pte: an 8-byte load or store
 * at the privilege the page is for. */
static stim_event *emit_touch(stim *s, unsigned h, uint64_t va, uint64_t pte, bool virt, const char *note) {
  rng *r = &s->rng;
  stim_event *a = emit(s, STIM_ACCESS, note);
  a->hart = h;
  bool store = rng_chance(r, 50);
  a->req = (mm_req){.va = va,
                    .type = store ? MM_STORE : MM_LOAD,
                    .priv = (pte & PTE_U) ? MM_PRIV_U : MM_PRIV_S,
                    .virt = virt,
                    .data_op = store ? MM_DATA_STORE : MM_DATA_LOAD,
                    .size = 8,
                    .wdata = rng_next(r)};
  return a;
}

/* Page tables under several walkers at once: software changes a recently
 * used page's PTE (A/D cleared, or fresh permissions) and shoots it down on
 * every hart, then every hart touches it, or its neighbours in the same
 * table, at once: concurrent walks read the same PTEs and table lines, and
 * their A/D compare-and-swaps race. */
/* Walkers racing on one G-stage leaf: the hypervisor ages a G-stage page
 * (A/D cleared) and shoots it down on every hart; then every hart, in the
 * guest whose vsatp is Bare, touches that page at once: their A/D updates
 * of the G-stage leaf race. */
static void gen_gleaf_race(stim *s) {
  rng *r = &s->rng;
  const int si = N_HOST + N_VS + 1; /* VM 1's vsatp-Bare space */
  vm *v = &s->vms[1];
  if (!v->n_gpages || s->spaces[si].mode != SATP_MODE_BARE) return;
  const page *pg = &v->gpages[rng_below(r, v->n_gpages)];
  if (rng_chance(r, 40)) { /* often one of the largest (1 GiB, 512 GiB) */
    unsigned large[MAX_PAGES], n = 0;
    for (unsigned k = 0; k < v->n_gpages; k++)
      if (v->gpages[k].shift >= 30) large[n++] = k;
    if (n) pg = &v->gpages[large[rng_below(r, n)]];
  }
  uint64_t old = mm_mem_read64(s->shadow, pg->slot);
  write_word(s, pg->slot, (old | PTE_V | PTE_R | PTE_W | PTE_U) & ~(PTE_A | PTE_D), "G-stage leaf race: age it");
  for (unsigned h = 0; h < s->harts; h++) {
    stim_event *f = emit(s, STIM_FENCE, "G-stage leaf race: shootdown");
    f->hart = h;
    f->fence = (mm_fence){.kind = MM_FENCE_HFENCE_GVMA};
    f->gap = 0;
    if (s->hart_space[h] != si) switch_space(s, h, si);
  }
  emit(s, STIM_SYNC, "G-stage leaf race: every hart at once");
  uint64_t span = pg->shift >= 30 ? 1ull << 30 : 1ull << pg->shift;
  for (unsigned h = 0; h < s->harts; h++) {
    uint64_t gpa = pg->va + (rng_next(r) % span & ~7ull);
    emit_touch(s, h, gpa, PTE_U, true, "G-stage leaf race: the same G-stage leaf")->gap = rng_chance(r, 70) ? 0 : 1;
  }
}

static void gen_walker_race(stim *s) {
  rng *r = &s->rng;
  unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
  if (s->harts >= 2 && rng_chance(r, 30)) {
    gen_gleaf_race(s);
    return;
  }
  if (!n || s->harts < 2) return;
  unsigned k = rng_below(r, n);
  uint64_t slot = s->recent_slot[k], va = s->recent_va[k] & ~0xfffull;
  int si = s->recent_space[k];
  if (!slot) return;
  bool same_page = rng_chance(r, 60), virt = s->spaces[si].vm >= 0;
  uint64_t pte = mm_mem_read64(s->shadow, slot) & ~(PTE_A | PTE_D);
  if (rng_chance(r, 50)) pte |= PTE_V | PTE_R | PTE_W | PTE_U;
  write_word(s, slot, pte, same_page ? "walker race: a PTE every hart walks to" : "walker race: one table, every hart");
  for (unsigned h = 0; h < s->harts; h++) {
    stim_event *f = emit(s, STIM_FENCE, "walker race: shootdown");
    f->hart = h;
    f->fence = (mm_fence){.kind = virt ? MM_FENCE_HFENCE_GVMA : MM_FENCE_SFENCE_VMA};
    f->gap = 0;
  }
  for (unsigned h = 0; h < s->harts; h++)
    if (s->hart_space[h] != si) switch_space(s, h, si);
  emit(s, STIM_SYNC, "walker race: every hart at once");
  for (unsigned h = 0; h < s->harts; h++) {
    uint64_t at = (same_page ? va : va ^ ((uint64_t)(h + 1) << 12)) | (rng_next(r) & 0xff8);
    emit_touch(s, h, at, pte, virt, same_page ? "walker race: the same PTE" : "walker race: a neighbour PTE")->gap =
        rng_chance(r, 70) ? 0 : rng_below(r, 3);
  }
}

/* Software changes a PTE while another hart walks to it: one hart's TLB
 * entry is shot down, then, at once, it touches the page (a walk that reads
 * the PTE and may update its A/D bits) while another hart's software stores
 * a new value into that PTE a few cycles in, landing before the walk's
 * read, between its read and its A/D compare-and-swap, or after. */
static void gen_store_race(stim *s) {
  rng *r = &s->rng;
  unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
  if (!n || s->harts < 2) return;
  unsigned k = rng_below(r, n);
  uint64_t slot = s->recent_slot[k], va = s->recent_va[k];
  int si = s->recent_space[k];
  if (!slot) return;
  unsigned walker = rng_below(r, s->harts), writer = (walker + 1 + rng_below(r, s->harts - 1)) % s->harts;
  bool virt = s->spaces[si].vm >= 0;
  uint64_t old = mm_mem_read64(s->shadow, slot);
  if (rng_chance(r, 60)) { /* make the walk want an A/D update */
    old &= ~(PTE_A | PTE_D);
    write_word(s, slot, old, "store race: clear A and D");
  }
  if (s->hart_space[walker] != si) switch_space(s, walker, si);
  stim_event *f = emit(s, STIM_FENCE, "store race: shootdown on the walker");
  f->hart = walker;
  f->fence = (mm_fence){.kind = virt ? MM_FENCE_HFENCE_GVMA : MM_FENCE_SFENCE_VMA};
  emit(s, STIM_SYNC, "store race: walker and writer at once");
  emit_touch(s, walker, va & ~7ull, old, virt, "store race: the walk")->gap = 0;
  static const uint64_t flips[] = {PTE_A, PTE_D, PTE_A | PTE_D, PTE_W, PTE_U, PTE_V};
  unsigned sw = s->sw_hart;
  s->sw_hart = writer;
  write_word(s, slot, old ^ flips[rng_below(r, 6)], "store race: the PTE changes under the walk");
  s->sw_hart = sw;
  s->q[s->tail - 1].gap = rng_below(r, 40);
}

/* A guest switching its vsatp to Bare without a fence: the global entries
 * of its shared half, filled under paging, still hit (software's bug, but
 * the TLB's behaviour is defined: the hit path checks the stale leaf). */
static void gen_stale_switch(stim *s) {
  rng *r = &s->rng;
  const int paged = N_HOST + N_VS, bare = N_HOST + N_VS + 1; /* VM 1: Sv39, then Bare */
  if (s->spaces[bare].mode != SATP_MODE_BARE) return;
  unsigned h = rng_below(r, s->harts);
  uint64_t va = s->shared_va[1 + 2 * rng_below(r, N_SHARED / 2)] | (rng_next(r) & 0xff8); /* a global one */
  if (s->hart_space[h] != paged) switch_space(s, h, paged);
  emit_touch(s, h, va, PTE_U, true, "stale switch: fill under paging")->req.priv = MM_PRIV_S;
  switch_space(s, h, bare);
  stim_event *a = emit(s, STIM_ACCESS, "stale switch: vsatp Bare, the global entry still hits");
  a->hart = h;
  unsigned t = rng_below(r, 3);
  a->req = (mm_req){.va = va,
                    .type = t == 0   ? MM_LOAD
                            : t == 1 ? MM_STORE
                                     : MM_FETCH,
                    .priv = rng_chance(r, 50) ? MM_PRIV_U : MM_PRIV_S,
                    .virt = true};
  pick_data_op(r, &a->req);
}

/* A frame changing memory type, as a driver does before it maps a buffer
 * uncached: the frame is in the cache (touched through its cacheable PMA
 * address), a new NC or IO mapping of it appears, and software cleans,
 * flushes or invalidates the lines through that mapping. */
static void gen_type_change(stim *s) {
  rng *r = &s->rng;
  unsigned h = rng_below(r, s->harts);
  space *sp = &s->spaces[rng_below(r, 3)]; /* a host space with tables */
  uint64_t frame = CACHED_POOL + rng_below(r, CACHED_FRAMES) * 4096ull, line = (rng_next(r) & 0xfc0);
  uint64_t va = (0x3e00000000ull + rng_below(r, 64) * 4096ull);
  unsigned pbmt = rng_chance(r, 50) ? PBMT_NC : PBMT_IO;
  uint64_t slot;
  uint64_t pte = pt_pte(frame, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | ((uint64_t)pbmt << PTE_PBMT_SHIFT));
  if (pt_map(&sp->pt, va, 0, pte, &slot) != PT_OK) return;
  stim_event *m = emit(s, STIM_ACCESS, "type change: the frame in the cache");
  m->hart = h;
  m->req = (mm_req){.va = frame | line, .type = MM_LOAD, .priv = MM_PRIV_M, .data_op = MM_DATA_LOAD, .size = 8};
  int si = (int)(sp - s->spaces);
  if (s->hart_space[h] != si) switch_space(s, h, si);
  stim_event *f = emit(s, STIM_FENCE, "type change: the new mapping");
  f->hart = h;
  f->fence = (mm_fence){.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = va};
  stim_event *c = emit(s, STIM_ACCESS, "type change: a CBO through the uncached mapping");
  c->hart = h;
  static const uint8_t cbo[] = {MM_DATA_CBO_CLEAN, MM_DATA_CBO_FLUSH, MM_DATA_CBO_INVAL};
  c->req = (mm_req){.va = va | line, .type = MM_STORE, .priv = MM_PRIV_S, .data_op = cbo[rng_below(r, 3)]};
}

/* Guest physical addresses at the edge of the G-stage's x4 width (the last
 * page inside, the first outside), where each kind of address lands there:
 * the access's own GPA (a VS leaf pointing there; vsatp Bare: the address
 * itself), the VS root (vsatp's root there), a lower VS table (a VS pointer
 * to it). Software would not do this; an MMU must fault exactly at the edge. */
static void gen_gpa_edge(stim *s) {
  rng *r = &s->rng;
  unsigned h = rng_below(r, s->harts);
  int si = N_HOST + (int)rng_below(r, N_VM * N_VS);
  space *sp = &s->spaces[si];
  const vm *v = &s->vms[sp->vm];
  uint64_t edge = 1ull << (v->mode == SATP_MODE_SV48 ? 50 : 41);
  uint64_t gpa = rng_chance(r, 50) ? edge - 4096 : edge;
  if (s->hart_space[h] != si) switch_space(s, h, si);
  unsigned what = sp->mode == SATP_MODE_BARE ? 0 : rng_below(r, 3);
  uint64_t va = sp->mode == SATP_MODE_BARE ? gpa : random_va(r, space_levels(sp)) & ~0xfffull;
  uint64_t restore_slot = 0, restore_value = 0;
  const char *note = "a GPA at the edge of the G-stage's width";
  if (what == 0 && sp->mode != SATP_MODE_BARE) { /* a VS leaf to the edge */
    uint64_t slot;
    if (pt_map(&sp->pt, va, 0, pt_pte(gpa, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D), &slot) != PT_OK)
      return;
  } else if (what == 1) { /* the VS root at the edge, for one access */
    write_csr(s, h, MM_CSR_VSATP, ((uint64_t)sp->mode << 60) | ((uint64_t)sp->asid << SATP_ASID_SHIFT) | (gpa >> 12),
              "vsatp: the root at the edge of the G-stage's width");
    note = "the VS root at the edge of the G-stage's width";
  } else if (what == 2) { /* a VS pointer to a table at the edge, for one access */
    uint64_t slot;
    if (pt_slot(&sp->pt, va, 1, &slot) != PT_OK) return;
    restore_slot = slot;
    restore_value = mm_mem_read64(s->shadow, slot);
    write_word(s, slot, pt_pte(gpa, PTE_V), "a VS pointer to a table at the edge of the G-stage's width");
    note = "a VS table at the edge of the G-stage's width";
  }
  stim_event *a = emit(s, STIM_ACCESS, note);
  a->hart = h;
  a->req = (mm_req){.va = va | (rng_next(r) & 0xff8),
                    .type = rng_chance(r, 50) ? MM_LOAD : MM_STORE,
                    .priv = MM_PRIV_U,
                    .virt = true};
  pick_data_op(r, &a->req);
  if (what == 1) write_csr(s, h, MM_CSR_VSATP, atp_of(sp), "vsatp: back to the space's root");
  if (restore_slot) write_word(s, restore_slot, restore_value, "the VS pointer back");
}

void stim_next(stim *s, stim_event *ev) {
  rng *r = &s->rng;
  while (s->head == s->tail) {
    s->sw_hart = rng_below(r, s->harts);
    unsigned roll = rng_below(r, 100);
    if (roll < 71)
      gen_access(s);
    else if (roll < 72)
      gen_set_conflict(s);
    else if (roll < 75)
      gen_machine_access(s);
    else if (roll < 78)
      gen_store_run(s);
    else if (roll < 84)
      gen_fence(s);
    else if (roll < 90)
      gen_csr_change(s);
    else if (roll < 91)
      gen_poke(s);
    else if (roll < 93)
      gen_walker_race(s);
    else if (roll < 95)
      gen_store_race(s);
    else if (roll < 96)
      gen_gpa_edge(s);
    else if (roll < 97)
      gen_type_change(s);
    else if (roll < 98)
      gen_stale_switch(s);
    else
      gen_pte_edit(s);
  }
  *ev = s->q[s->head++];
}
