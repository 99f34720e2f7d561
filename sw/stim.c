#include "stim.h"

#include <stdlib.h>
#include <string.h>

#include "model/mem.h"
#include "model/pte.h"

#define MAX_HARTS       8
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

typedef struct page {
  uint64_t va; /* page base */
  unsigned shift;
  uint64_t slot; /* host PA of its leaf PTE (the first of 16 for NAPOT) */
} page;

typedef struct vm {
  unsigned mode; /* SATP_MODE_SV39 (Sv39x4) or SATP_MODE_SV48 (Sv48x4) */
  uint16_t vmid;
  uint64_t groot;         /* host PA of the 16 KiB G-stage root */
  uint64_t host_base;     /* host PA of guest RAM */
  uint64_t gpa_next;      /* next free GPA for VS tables */
  page gpages[MAX_PAGES]; /* G-stage leaves, for edits */
  unsigned n_gpages;
} vm;

typedef struct space {
  int vm;        /* -1: a host space (satp); else the VM of a VS space */
  unsigned mode; /* SATP_MODE_* */
  uint16_t asid;
  uint64_t root; /* host PA, or GPA for a VS space */
  page pages[MAX_PAGES];
  unsigned n_pages;
} space;

struct stim {
  uint64_t rng;
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
  stim_event *q; /* pending events: q[head..tail) */
  size_t head, tail, cap;
};

static uint64_t rnd(stim *s) { /* splitmix64 */
  uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static unsigned below(stim *s, unsigned n) { return (unsigned)(rnd(s) % n); }
static bool chance(stim *s, unsigned percent) { return below(s, 100) < percent; }

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
  *ev = (stim_event){.kind = kind, .note = note};
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

/* Where tables of a translation domain live: host PAs, or a VM's GPAs. */
static uint64_t table_alloc(stim *s, vm *guest) {
  uint64_t a;
  if (guest) {
    if (guest->gpa_next >= GUEST_RAM + GUEST_TABLE_RAM) return 0;
    a = guest->gpa_next;
    guest->gpa_next += 4096;
  } else {
    a = s->host_next;
    s->host_next += 4096;
  }
  return a;
}
static uint64_t host_pa(const vm *guest, uint64_t addr) { return guest ? guest->host_base + (addr - GUEST_RAM) : addr; }

/* Writes the PTEs that map va at level (napot: a 64 KiB Svnapot page) to
 * leaf. Returns the host PA of the leaf slot, 0 when a leaf above blocks. */
static uint64_t map(stim *s, vm *guest, uint64_t root, int levels, int widen, uint64_t va, int level, bool napot,
                    uint64_t leaf) {
  uint64_t table = root;
  for (int i = levels - 1; i > level; i--) {
    int bits = 9 + (i == levels - 1 ? widen : 0);
    uint64_t slot = host_pa(guest, table + ((va >> (12 + 9 * i)) & ((1ull << bits) - 1)) * 8);
    uint64_t pte = mm_mem_read64(s->shadow, slot);
    if (!(pte & PTE_V) || (pte & PTE_RSVD_MASK)) {
      uint64_t t = table_alloc(s, guest);
      if (!t) return 0;
      pte = ((t >> 12) << PTE_PPN_SHIFT) | PTE_V;
      write_word(s, slot, pte, "page-table pointer");
    } else if (pte_is_leaf(pte)) {
      return 0;
    }
    table = pte_ppn(pte) << 12;
  }
  int bits = 9 + (level == levels - 1 ? widen : 0);
  uint64_t idx = (va >> (12 + 9 * level)) & ((1ull << bits) - 1);
  if (!napot) {
    uint64_t slot = host_pa(guest, table + idx * 8);
    write_word(s, slot, leaf, "leaf PTE");
    return slot;
  }
  uint64_t first = host_pa(guest, table + (idx & ~15ull) * 8);
  for (unsigned k = 0; k < 16; k++)
    write_word(s, first + 8 * k, leaf, "Svnapot leaf PTE");
  return first;
}

/* Leaf permission and attribute bits, mostly sensible, sometimes a corner. */
static uint64_t leaf_bits(stim *s, bool gstage) {
  static const uint64_t perms[] = {PTE_R, PTE_R | PTE_W, PTE_R | PTE_X, PTE_R | PTE_W | PTE_X, PTE_X};
  uint64_t b = PTE_V | perms[below(s, 5)];
  if (chance(s, 2)) b = PTE_V | PTE_W | (chance(s, 50) ? PTE_X : 0); /* reserved W without R */
  if (chance(s, gstage ? 90 : 60)) b |= PTE_U;
  if (!gstage && chance(s, 10)) b |= PTE_G;
  if (chance(s, 85)) b |= PTE_A;
  if ((b & PTE_A) && chance(s, 75)) b |= PTE_D;
  unsigned p = below(s, 100);
  if (p < 10)
    b |= (uint64_t)PBMT_NC << PTE_PBMT_SHIFT;
  else if (p < 20)
    b |= (uint64_t)PBMT_IO << PTE_PBMT_SHIFT;
  else if (p < 21)
    b |= (uint64_t)PBMT_RSVD << PTE_PBMT_SHIFT;
  if (chance(s, 2)) b |= 1ull << (54 + below(s, 7)); /* reserved bits 60:54 */
  if (chance(s, 2)) b &= ~PTE_V;
  return b;
}

/* A leaf PTE for a page of 2^shift bytes at pa; sometimes misaligned. */
static uint64_t make_leaf(stim *s, uint64_t pa, int level, bool napot, bool gstage) {
  uint64_t ppn = pa >> 12;
  if (napot) ppn = (ppn & ~15ull) | NAPOT_64K_PPN;
  if (napot && chance(s, 5)) ppn ^= 1ull << below(s, 4);                       /* reserved NAPOT encoding */
  if (level > 0 && chance(s, 3)) ppn |= 1ull << below(s, 9 * (unsigned)level); /* misaligned superpage */
  uint64_t pte = leaf_bits(s, gstage) | ((ppn << PTE_PPN_SHIFT) & PTE_PPN_MASK);
  if (napot) pte |= PTE_N;
  if (!napot && chance(s, 2)) pte |= PTE_N; /* N on a 4 KiB or superpage leaf */
  return pte;
}

static int pick_level(stim *s, unsigned levels, bool *napot) {
  unsigned r = below(s, 100);
  *napot = false;
  if (r < 55) return 0;
  if (r < 70) {
    *napot = true;
    return 0;
  }
  if (r < 85) return 1;
  if (r < 95 || levels < 4) return 2;
  return 3;
}

static uint64_t random_va(stim *s, unsigned levels) {
  int va_bits = 12 + 9 * (int)levels;
  uint64_t va = rnd(s) & ((1ull << va_bits) - 1);
  return (uint64_t)((int64_t)(va << (64 - va_bits)) >> (64 - va_bits)); /* canonical */
}

/* A GPA for a VS-stage data page: mostly mapped by the G-stage. */
static uint64_t guest_data_gpa(stim *s, const vm *v) {
  unsigned r = below(s, 100);
  if (r < 45) return GUEST_RAM + GUEST_TABLE_RAM + (rnd(s) % (GUEST_RAM_SIZE - GUEST_TABLE_RAM));
  if (r < 60) return GUEST_RAM + (rnd(s) % GUEST_TABLE_RAM); /* a page that holds VS tables */
  if (r < 75) return GUEST_1G_GPA + (rnd(s) % (1ull << 30));
  if (r < 85 && v->mode == SATP_MODE_SV48) return GUEST_512G_GPA + (rnd(s) % (512ull << 30));
  if (r < 95) return rnd(s) % (1ull << (v->mode == SATP_MODE_SV48 ? 50 : 41)); /* mostly unmapped */
  return rnd(s) & PA_MASK;                                                     /* often beyond the G-stage's width */
}

static unsigned space_levels(const space *sp) { return sp->mode == SATP_MODE_SV48 ? 4 : 3; }

/* Maps one more page in a space. */
static void add_page(stim *s, space *sp) {
  if (sp->mode == SATP_MODE_BARE || sp->n_pages == MAX_PAGES) return;
  vm *guest = sp->vm >= 0 ? &s->vms[sp->vm] : NULL;
  unsigned levels = space_levels(sp);
  bool napot;
  int level = pick_level(s, levels, &napot);
  unsigned shift = napot ? 16 : 12 + 9 * (unsigned)level;
  uint64_t va = random_va(s, levels) & ~((1ull << shift) - 1);
  uint64_t target = guest ? guest_data_gpa(s, guest) : (rnd(s) & PA_MASK);
  uint64_t leaf = make_leaf(s, target & ~((1ull << shift) - 1), level, napot, false);
  uint64_t slot = map(s, guest, sp->root, (int)levels, 0, va, level, napot, leaf);
  if (slot) sp->pages[sp->n_pages++] = (page){.va = va, .shift = shift, .slot = slot};
}

static void add_gpage(stim *s, vm *v, uint64_t gpa, int level, uint64_t leaf) {
  uint64_t slot = map(s, NULL, v->groot, v->mode == SATP_MODE_SV48 ? 4 : 3, 2, gpa, level, false, leaf);
  if (slot && v->n_gpages < MAX_PAGES)
    v->gpages[v->n_gpages++] = (page){.va = gpa, .shift = 12 + 9 * (unsigned)level, .slot = slot};
}

static void build_vm(stim *s, unsigned i) {
  vm *v = &s->vms[i];
  v->mode = i == 0 ? SATP_MODE_SV39 : SATP_MODE_SV48;
  v->vmid = (uint16_t)(1 + i);
  s->host_next = (s->host_next + 0x3fff) & ~0x3fffull; /* the x4 root is 16 KiB, aligned */
  v->groot = s->host_next;
  s->host_next += 4 * 4096;
  v->host_base = (0x100000000ull + (uint64_t)i * 0x10000000ull); /* 4 GiB + i x 256 MiB */
  v->gpa_next = GUEST_RAM;
  const uint64_t good = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
  /* VS tables' pages: 4 KiB G-stage pages, readable and writable. */
  for (uint64_t off = 0; off < GUEST_TABLE_RAM; off += 4096) {
    uint64_t pte = (((v->host_base + off) >> 12) << PTE_PPN_SHIFT) | good;
    map(s, NULL, v->groot, v->mode == SATP_MODE_SV48 ? 4 : 3, 2, GUEST_RAM + off, 0, false, pte);
  } /* gen_pte_edit() finds these through gpage_slot() */
  /* The rest of guest RAM: 2 MiB G-stage pages, with random attributes. */
  for (uint64_t off = GUEST_TABLE_RAM; off < GUEST_RAM_SIZE; off += 2ull << 20) {
    uint64_t leaf = chance(s, 80) ? good | (below(s, 4) == 0 ? (uint64_t)PBMT_NC << PTE_PBMT_SHIFT : 0)
                                  : make_leaf(s, 0, 1, false, true);
    leaf = (leaf & ~PTE_PPN_MASK) | (((v->host_base + off) >> 12) << PTE_PPN_SHIFT);
    add_gpage(s, v, GUEST_RAM + off, 1, leaf);
  }
  add_gpage(s, v, GUEST_1G_GPA, 2, ((0x40000000ull * (4 + i)) >> 12) << PTE_PPN_SHIFT | good);
  if (v->mode == SATP_MODE_SV48) add_gpage(s, v, GUEST_512G_GPA, 3, ((512ull << 30) >> 12) << PTE_PPN_SHIFT | good);
}

/* The G-stage leaf slot (host PA) that maps a guest table page. */
static uint64_t gpage_slot(stim *s, const vm *v, uint64_t gpa) {
  int levels = v->mode == SATP_MODE_SV48 ? 4 : 3;
  uint64_t table = v->groot;
  for (int i = levels - 1; i > 0; i--) {
    int bits = 9 + (i == levels - 1 ? 2 : 0);
    uint64_t pte = mm_mem_read64(s->shadow, table + ((gpa >> (12 + 9 * i)) & ((1ull << bits) - 1)) * 8);
    if (!(pte & PTE_V) || pte_is_leaf(pte)) return 0;
    table = pte_ppn(pte) << 12;
  }
  return table + ((gpa >> 12) & 511) * 8;
}

static uint64_t atp_of(const space *sp) {
  if (sp->mode == SATP_MODE_BARE) return 0;
  return ((uint64_t)sp->mode << 60) | ((uint64_t)sp->asid << SATP_ASID_SHIFT) | (sp->root >> 12);
}

stim *stim_new(uint64_t seed, unsigned harts) {
  if (harts == 0 || harts > MAX_HARTS) return NULL;
  stim *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->rng = seed;
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
    sp->asid = (uint16_t)(1 + i % 3); /* host and guest ASIDs overlap on purpose */
    if (sp->mode == SATP_MODE_BARE) continue;
    sp->root = table_alloc(s, sp->vm >= 0 ? &s->vms[sp->vm] : NULL);
    for (unsigned k = 0; k < 24; k++)
      add_page(s, sp);
  }
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
              ((uint64_t)v->mode << 60) | ((uint64_t)v->vmid << HGATP_VMID_SHIFT) | (v->groot >> 12),
              "hgatp: switch guest");
    write_csr(s, h, MM_CSR_VSATP, atp_of(sp), "vsatp: switch guest address space");
  }
  s->hart_space[h] = i;
}

/* An address in space si; *slot is the host PA of its leaf PTE when it is a
 * mapped page (0 otherwise), so the access can be shaped to its permissions. */
static uint64_t pick_va(stim *s, int si, const char **note, uint64_t *slot) {
  const space *sp = &s->spaces[si];
  unsigned r = below(s, 100);
  *slot = 0;
  if (r < 50) { /* locality: a page this space used lately, so the TLB hits */
    unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
    for (unsigned tries = 0, k = below(s, n ? n : 1); n && tries < n; tries++, k = (k + 1) % n) {
      if (s->recent_space[k] != si) continue;
      *note = "recently used page";
      *slot = s->recent_slot[k];
      return (s->recent_va[k] & ~0xfffull) | (rnd(s) & 0xff8);
    }
  }
  if (r < 93 && sp->n_pages) {
    const page *pg = &sp->pages[below(s, sp->n_pages)];
    *note = "mapped page";
    *slot = pg->slot;
    return pg->va | (rnd(s) & ((1ull << pg->shift) - 1) & ~7ull);
  }
  if (r < 97) {
    *note = "random address";
    return random_va(s, sp->mode == SATP_MODE_SV48 ? 4 : 3) & ~7ull;
  }
  *note = "non-canonical or wide address";
  return rnd(s) & ~7ull;
}

static void gen_access(stim *s) {
  unsigned h = below(s, s->harts);
  int si = s->hart_space[h];
  if (si < 0 || chance(s, 12)) si = (int)below(s, N_SPACES);
  if (si != s->hart_space[h]) switch_space(s, h, si);
  const char *note;
  uint64_t slot;
  uint64_t va = pick_va(s, si, &note, &slot);
  stim_event *ev = emit(s, STIM_ACCESS, note);
  ev->hart = h;
  unsigned t = below(s, 10);
  ev->req = (mm_req){.va = va,
                     .type = t < 5   ? MM_LOAD
                             : t < 8 ? MM_STORE
                                     : MM_FETCH,
                     .priv = chance(s, 55) ? MM_PRIV_U : MM_PRIV_S,
                     .virt = s->spaces[si].vm >= 0};
  /* Mostly an access the page allows, as software makes; else any. */
  uint64_t pte = slot ? mm_mem_read64(s->shadow, slot) : 0;
  if (slot && chance(s, 85)) {
    ev->req.priv = (pte & PTE_U) ? MM_PRIV_U : MM_PRIV_S;
    if (pte & PTE_X && chance(s, 25))
      ev->req.type = MM_FETCH;
    else if (pte & PTE_W && chance(s, 50))
      ev->req.type = MM_STORE;
    else if (pte & PTE_R)
      ev->req.type = MM_LOAD;
  }
  unsigned k = s->n_recent++ % RECENT;
  s->recent_va[k] = va;
  s->recent_space[k] = si;
  s->recent_slot[k] = slot;
}

static void gen_fence(stim *s) {
  unsigned h = below(s, s->harts);
  stim_event *ev = emit(s, STIM_FENCE, "fence");
  ev->hart = h;
  unsigned k = below(s, 10);
  ev->fence.kind = k < 5 ? MM_FENCE_SFENCE_VMA : k < 8 ? MM_FENCE_HFENCE_VVMA : MM_FENCE_HFENCE_GVMA;
  ev->fence.has_addr = chance(s, 50);
  ev->fence.has_id = chance(s, 50);
  if (ev->fence.kind == MM_FENCE_HFENCE_GVMA) {
    ev->fence.addr = GUEST_RAM + (rnd(s) % GUEST_RAM_SIZE);
    ev->fence.id = (uint16_t)(1 + below(s, N_VM));
  } else {
    ev->fence.addr = s->n_recent ? s->recent_va[below(s, s->n_recent < RECENT ? s->n_recent : RECENT)] : 0;
    ev->fence.id = (uint16_t)(1 + below(s, 3));
  }
}

/* ADUE and PBMTE, each on three times in four: off, they turn every clear
 * A/D bit and every nonzero PBMT into a fault. */
static uint64_t envcfg_bits(stim *s) { return (chance(s, 75) ? ENVCFG_ADUE : 0) | (chance(s, 75) ? ENVCFG_PBMTE : 0); }

static void gen_csr_change(stim *s) {
  unsigned h = below(s, s->harts);
  switch (below(s, 6)) {
  case 0: write_csr(s, h, MM_CSR_MSTATUS, (rnd(s) & 3) << 18, "mstatus: SUM/MXR"); break;
  case 1: write_csr(s, h, MM_CSR_VSSTATUS, (rnd(s) & 3) << 18, "vsstatus: SUM/MXR"); break;
  case 2: write_csr(s, h, MM_CSR_MENVCFG, envcfg_bits(s), "menvcfg: ADUE/PBMTE"); break;
  case 3: write_csr(s, h, MM_CSR_HENVCFG, envcfg_bits(s), "henvcfg: ADUE/PBMTE"); break;
  case 4: write_csr(s, h, MM_CSR_SATP, (10ull << 60) | (rnd(s) & SATP_PPN_MASK), "satp: Sv57, unsupported"); break;
  default: write_csr(s, h, MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE, "menvcfg: ADUE, PBMTE"); break;
  }
}

/* Software edits a PTE (usually without the fence a correct OS would issue:
 * the TLB's stale entries are part of what is compared). */
static void gen_pte_edit(stim *s) {
  unsigned r = below(s, 100);
  if (r < 25) {
    add_page(s, &s->spaces[below(s, N_SPACES)]);
    return;
  }
  if (r < 40) { /* a G-stage leaf: the pages holding VS tables, or guest RAM */
    vm *v = &s->vms[below(s, N_VM)];
    uint64_t slot;
    if (chance(s, 50) || !v->n_gpages) {
      slot = gpage_slot(s, v, GUEST_RAM + (rnd(s) % (v->gpa_next - GUEST_RAM)) / 4096 * 4096);
      if (!slot) return;
    } else {
      slot = v->gpages[below(s, v->n_gpages)].slot;
    }
    uint64_t old = mm_mem_read64(s->shadow, slot);
    uint64_t pte = (old & PTE_PPN_MASK) | (make_leaf(s, 0, 0, false, true) & ~PTE_PPN_MASK & ~PTE_N);
    if (chance(s, 50)) pte = old | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D; /* repair */
    write_word(s, slot, pte, "edit a G-stage leaf");
    return;
  }
  space *sp = &s->spaces[below(s, N_SPACES)];
  if (!sp->n_pages) return;
  const page *pg = &sp->pages[below(s, sp->n_pages)];
  uint64_t old = mm_mem_read64(s->shadow, pg->slot);
  if (r < 97) { /* new permissions on the same frame */
    uint64_t bits = chance(s, 40) ? PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D : leaf_bits(s, false);
    uint64_t pte = (old & (PTE_PPN_MASK | PTE_N)) | (bits & ~PTE_N);
    unsigned n = (old & PTE_N) ? 16 : 1;
    for (unsigned k = 0; k < n; k++)
      write_word(s, pg->slot + 8 * k, pte, "edit a leaf's permissions");
  } else { /* a corner in the table above: find the level-1 pointer */
    vm *guest = sp->vm >= 0 ? &s->vms[sp->vm] : NULL;
    unsigned levels = space_levels(sp);
    uint64_t table = sp->root;
    uint64_t slot = 0;
    for (int i = (int)levels - 1; i > 0; i--) {
      slot = host_pa(guest, table + ((pg->va >> (12 + 9 * i)) & 511) * 8);
      uint64_t pte = mm_mem_read64(s->shadow, slot);
      if (!(pte & PTE_V) || pte_is_leaf(pte)) return;
      if (i == 1 || chance(s, 30)) break;
      table = pte_ppn(pte) << 12;
    }
    static const uint64_t corners[] = {PTE_U, PTE_A, PTE_D, PTE_N, 1ull << PTE_PBMT_SHIFT, 1ull << 55, PTE_G};
    uint64_t pte = mm_mem_read64(s->shadow, slot);
    const uint64_t reserved = PTE_A | PTE_D | PTE_U | PTE_N | PTE_PBMT_MASK | PTE_RSVD_MASK;
    if ((pte & reserved) && chance(s, 60)) /* software repairs what it broke */
      write_word(s, slot, pte & ~reserved, "repair a non-leaf PTE");
    else
      write_word(s, slot, pte ^ corners[below(s, 7)], "corner in a non-leaf PTE");
  }
}

/* Page aging racing a store: software clears a recently used page's A/D
 * bits and shoots its translation down on every hart; then, as the page is
 * touched again, another agent changes the PTE between the walk's read and
 * its A/D update, so the atomic update fails and the walk restarts. */
static void gen_poke(stim *s) {
  unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
  if (!n) return;
  unsigned k = below(s, n);
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
  uint64_t value = aged ^ flips[below(s, 6)];
  mm_mem_write64(s->shadow, slot, value);
  stim_event *ev = emit(s, STIM_POKE, "PTE changed between a walk's read and its A/D update");
  ev->pa = slot;
  ev->value = value;
  unsigned h = below(s, s->harts);
  if (s->hart_space[h] != si) switch_space(s, h, si);
  stim_event *a = emit(s, STIM_ACCESS, "touch the aged page while its PTE changes");
  a->hart = h;
  a->req = (mm_req){.va = va,
                    .type = chance(s, 50) ? MM_STORE : MM_LOAD,
                    .priv = (aged & PTE_U) ? MM_PRIV_U : MM_PRIV_S,
                    .virt = virt};
}

void stim_next(stim *s, stim_event *ev) {
  while (s->head == s->tail) {
    unsigned r = below(s, 100);
    if (r < 78)
      gen_access(s);
    else if (r < 84)
      gen_fence(s);
    else if (r < 90)
      gen_csr_change(s);
    else if (r < 92)
      gen_poke(s);
    else
      gen_pte_edit(s);
  }
  *ev = s->q[s->head++];
}
