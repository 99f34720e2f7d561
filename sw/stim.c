/* The generator's stream of events over its world (stim.h; the world: stim_world.c). */
#include <stdlib.h>
#include <string.h>

#include "stim_int.h"

static void switch_space(stim *s, unsigned h, int i) {
  const space *sp = &s->spaces[i];
  if (sp->vm < 0) {
    stim_write_csr(s, h, MM_CSR_SATP, stim_atp_of(sp), "satp: switch address space");
  } else {
    const vm *v = &s->vms[sp->vm];
    /* sometimes with hgatp bits 59:58 set too: beyond VMIDLEN, they read as zero */
    uint64_t warl =
        rng_chance(&s->rng, 10) ? (uint64_t)(1 + rng_below(&s->rng, 3)) << (HGATP_VMID_SHIFT + VMID_BITS) : 0;
    stim_write_csr(s, h, MM_CSR_HGATP,
                   ((uint64_t)v->mode << 60) | ((uint64_t)v->vmid << HGATP_VMID_SHIFT) | warl | (v->g.root >> 12),
                   "hgatp: switch guest");
    stim_write_csr(s, h, MM_CSR_VSATP, stim_atp_of(sp), "vsatp: switch guest address space");
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
    return stim_guest_data_gpa(r, &s->vms[sp->vm]) & ~7ull;
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
    return stim_random_va(r, stim_space_levels(sp)) & ~7ull;
  }
  if (roll < 98) { /* a page at a canonical boundary (vsatp Bare: the G-stage's width) */
    unsigned bits = sp->mode == SATP_MODE_BARE && sp->vm >= 0
                        ? 2 + 12 + 9 * (s->vms[sp->vm].mode == SATP_MODE_SV48 ? 4u : 3u)
                        : 12 + 9 * stim_space_levels(sp) - 1;
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
  /* A hypervisor's HLVX (a load checked for X at both stages) in one V=1 load of 8, decided by bits the
   * load does not use, so that the stream's other draws stay as they were. */
  req->hlvx = req->virt && req->type == MM_LOAD && (req->wdata >> 61) == 0;
}

/* M-mode (untranslated) accesses, as firmware or a driver makes them: the
 * devices' registers (IO by their PMA), the frame buffer, the pools, the
 * page tables themselves. */
static void gen_machine_access(stim *s) {
  rng *r = &s->rng;
  stim_event *ev = stim_emit(s, STIM_ACCESS, "M-mode access");
  ev->hart = rng_below(r, s->harts);
  static const uint64_t regs[] = {0x00, 0x08, 0x10, 0x10, 0x18, 0x20, 0x20, 0x28};
  uint64_t pa;
  unsigned roll = rng_below(r, 100);
  if (roll < 35)
    pa = REGBLOCK_BASE + regs[rng_below(r, 8)];
  else if (roll < 50)
    pa = FRAMEBUF_BASE + (rng_next(r) % FRAMEBUF_SIZE);
  else if (roll < 80)
    pa = (CACHED_POOL + (rng_next(r) % (CACHED_FRAMES * 4096ull))) | stim_region(s);
  else if (roll < 90)
    pa = (UNCACHED_POOL + (rng_next(r) % (UNCACHED_FRAMES * 4096ull))) | stim_region(s);
  else { /* the page tables of a region */
    const table_pool *t = &s->tables[rng_below(r, N_REGIONS)];
    pa = t->next > t->base ? t->base + (rng_next(r) % (t->next - t->base)) : t->base;
  }
  if (rng_chance(r, 4)) pa = (rng_next(r) | (1ull << 56)) & ~0xfffull; /* beyond the physical address space */
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
    stim_event *ev = stim_emit(s, STIM_ACCESS, "lines competing for one cache set");
    ev->hart = h;
    /* lines of the low pool and of its copies in the high regions: the same set and low tag bits */
    uint64_t pa = (CACHED_POOL + base + set + rng_below(r, lines) * way_bytes + (rng_below(r, 8) * 8)) |
                  s->region[rng_below(r, N_REGIONS)];
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
  stim_event *ev = stim_emit(s, STIM_ACCESS, note);
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
    stim_event *ev = stim_emit(s, STIM_ACCESS, "a run of stores in one line");
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
  stim_event *ev = stim_emit(s, STIM_FENCE, "fence");
  ev->hart = h;
  unsigned k = rng_below(r, 12);
  ev->fence.kind = k < 5    ? MM_FENCE_SFENCE_VMA
                   : k < 8  ? MM_FENCE_HFENCE_VVMA
                   : k < 10 ? MM_FENCE_HFENCE_GVMA
                            : MM_FENCE_DATA;
  ev->fence.has_addr = rng_chance(r, 50);
  ev->fence.has_id = rng_chance(r, 50);
  /* the operand: the hart's own ID, another in use, one that differs from it only in the high half, or
   * any of the width */
  const space *own = s->hart_space[h] >= 0 ? &s->spaces[s->hart_space[h]] : NULL;
  bool mine = own && rng_chance(r, 50);
  if (ev->fence.kind == MM_FENCE_HFENCE_GVMA) {
    ev->fence.addr = GUEST_RAM + (rng_next(r) % GUEST_RAM_SIZE);
    ev->fence.id =
        mine && own->vm >= 0 ? s->vms[own->vm].vmid : stim_pick_id(r, s->vms[rng_below(r, N_VM)].vmid, VMID_BITS);
  } else {
    ev->fence.addr = s->n_recent ? s->recent_va[rng_below(r, s->n_recent < RECENT ? s->n_recent : RECENT)] : 0;
    ev->fence.id = mine ? own->asid : stim_pick_id(r, s->spaces[rng_below(r, N_SPACES)].asid, ASID_BITS);
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
  case 0: stim_write_csr(s, h, MM_CSR_MSTATUS, (rng_next(r) & 3) << 18, "mstatus: SUM/MXR"); break;
  case 1: stim_write_csr(s, h, MM_CSR_VSSTATUS, (rng_next(r) & 3) << 18, "vsstatus: SUM/MXR"); break;
  case 2: stim_write_csr(s, h, MM_CSR_MENVCFG, envcfg_bits(r), "menvcfg: ADUE/PBMTE"); break;
  case 3: stim_write_csr(s, h, MM_CSR_HENVCFG, envcfg_bits(r), "henvcfg: ADUE/PBMTE"); break;
  case 4:
    stim_write_csr(s, h, MM_CSR_SATP, (10ull << 60) | (rng_next(r) & SATP_PPN_MASK), "satp: Sv57, unsupported");
    break;
  default: stim_write_csr(s, h, MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE, "menvcfg: ADUE, PBMTE"); break;
  }
}

/* Software edits a PTE (usually without the fence a correct OS would issue:
 * the TLB's stale entries are part of what is compared). */
static void gen_pte_edit(stim *s) {
  rng *r = &s->rng;
  unsigned roll = rng_below(r, 100);
  if (roll < 25) {
    stim_add_page(s, &s->spaces[rng_below(r, N_SPACES)]);
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
    uint64_t pte = (old & (PTE_PPN_MASK | PTE_N)) | (stim_make_leaf(r, 0, 0, false, true) & ~PTE_PPN_MASK & ~PTE_N);
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
      const uint64_t corners[] = {PTE_A, PTE_D, PTE_U, PTE_N, 1ull << PTE_PBMT_SHIFT, 1ull << (54 + rng_below(r, 7))};
      pte = (old & (reserved | PTE_RSVD_MASK)) ? old & ~(reserved | PTE_RSVD_MASK) : old | corners[rng_below(r, 6)];
      note = (old & reserved) ? "repair a G-stage pointer" : "corner in a G-stage pointer";
    }
    stim_write_word(s, slot, pte, note);
    return;
  }
  space *sp = &s->spaces[rng_below(r, N_SPACES)];
  if (!sp->n_pages) return;
  const page *pg = &sp->pages[rng_below(r, sp->n_pages)];
  uint64_t old = mm_mem_read64(s->shadow, pg->slot);
  if (roll < 97) { /* new permissions on the same frame */
    uint64_t bits =
        rng_chance(r, 40) ? PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D : stim_leaf_bits(r, false);
    uint64_t pte = (old & (PTE_PPN_MASK | PTE_N)) | (bits & ~PTE_N);
    unsigned n = (old & PTE_N) ? 16 : 1;
    for (unsigned k = 0; k < n; k++)
      stim_write_word(s, pg->slot + 8 * k, pte, "edit a leaf's permissions");
  } else if (roll < 99 && pg->shift == 12) { /* a level-0 leaf made a pointer: nothing below it */
    stim_write_word(s, pg->slot, old & ~(PTE_R | PTE_W | PTE_X), "a level-0 leaf made a pointer");
  } else { /* a corner in the table above: the level-1 pointer, or one higher up */
    uint64_t slot = 0;
    for (int level = sp->pt.levels - 1; level > 0; level--) {
      if (pt_find(&sp->pt, pg->va, level, &slot) != PT_OK) return;
      uint64_t pte = mm_mem_read64(s->shadow, slot);
      if (!(pte & PTE_V) || pte_is_leaf(pte)) return;
      if (level == 1 || rng_chance(r, 30)) break;
    }
    /* reserved bits (each of 60:54), the leaf-only ones, G, or RSW (software's: still a pointer) */
    const uint64_t corners[] = {PTE_U,
                                PTE_A,
                                PTE_D,
                                PTE_N,
                                1ull << PTE_PBMT_SHIFT,
                                1ull << (54 + rng_below(r, 7)),
                                PTE_G,
                                (uint64_t)(1 + rng_below(r, 3)) << 8};
    uint64_t pte = mm_mem_read64(s->shadow, slot);
    const uint64_t reserved = PTE_A | PTE_D | PTE_U | PTE_N | PTE_PBMT_MASK | PTE_RSVD_MASK;
    if ((pte & reserved) && rng_chance(r, 60)) /* software repairs what it broke */
      stim_write_word(s, slot, pte & ~reserved, "repair a non-leaf PTE");
    else
      stim_write_word(s, slot, pte ^ corners[rng_below(r, 8)], "corner in a non-leaf PTE");
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
  stim_write_word(s, slot, aged, "page aging: clear A and D");
  bool virt = s->spaces[si].vm >= 0;
  for (unsigned h = 0; h < s->harts; h++) {
    stim_event *f = stim_emit(s, STIM_FENCE, "page aging: shootdown");
    f->hart = h;
    f->fence = (mm_fence){.kind = virt ? MM_FENCE_HFENCE_GVMA : MM_FENCE_SFENCE_VMA, .has_addr = !virt, .addr = va};
  }
  static const uint64_t flips[] = {PTE_A, PTE_D, PTE_W, PTE_X, PTE_U, PTE_V};
  uint64_t value = aged ^ flips[rng_below(r, 6)];
  mm_mem_write64(s->shadow, slot, value);
  unsigned h = rng_below(r, s->harts);
  stim_event *ev = stim_emit(s, STIM_POKE, "PTE changed between a walk's read and its A/D update");
  ev->hart = h;
  ev->pa = slot;
  ev->value = value;
  if (s->hart_space[h] != si) switch_space(s, h, si);
  stim_event *a = stim_emit(s, STIM_ACCESS, "touch the aged page while its PTE changes");
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
  stim_event *a = stim_emit(s, STIM_ACCESS, note);
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
  stim_write_word(s, pg->slot, (old | PTE_V | PTE_R | PTE_W | PTE_U) & ~(PTE_A | PTE_D), "G-stage leaf race: age it");
  for (unsigned h = 0; h < s->harts; h++) {
    stim_event *f = stim_emit(s, STIM_FENCE, "G-stage leaf race: shootdown");
    f->hart = h;
    f->fence = (mm_fence){.kind = MM_FENCE_HFENCE_GVMA};
    f->gap = 0;
    if (s->hart_space[h] != si) switch_space(s, h, si);
  }
  stim_emit(s, STIM_SYNC, "G-stage leaf race: every hart at once");
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
  stim_write_word(s, slot, pte,
                  same_page ? "walker race: a PTE every hart walks to" : "walker race: one table, every hart");
  for (unsigned h = 0; h < s->harts; h++) {
    stim_event *f = stim_emit(s, STIM_FENCE, "walker race: shootdown");
    f->hart = h;
    f->fence = (mm_fence){.kind = virt ? MM_FENCE_HFENCE_GVMA : MM_FENCE_SFENCE_VMA};
    f->gap = 0;
  }
  for (unsigned h = 0; h < s->harts; h++)
    if (s->hart_space[h] != si) switch_space(s, h, si);
  stim_emit(s, STIM_SYNC, "walker race: every hart at once");
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
    stim_write_word(s, slot, old, "store race: clear A and D");
  }
  if (s->hart_space[walker] != si) switch_space(s, walker, si);
  stim_event *f = stim_emit(s, STIM_FENCE, "store race: shootdown on the walker");
  f->hart = walker;
  f->fence = (mm_fence){.kind = virt ? MM_FENCE_HFENCE_GVMA : MM_FENCE_SFENCE_VMA};
  stim_emit(s, STIM_SYNC, "store race: walker and writer at once");
  emit_touch(s, walker, va & ~7ull, old, virt, "store race: the walk")->gap = 0;
  static const uint64_t flips[] = {PTE_A, PTE_D, PTE_A | PTE_D, PTE_W, PTE_U, PTE_V};
  unsigned sw = s->sw_hart;
  s->sw_hart = writer;
  stim_write_word(s, slot, old ^ flips[rng_below(r, 6)], "store race: the PTE changes under the walk");
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
  stim_event *a = stim_emit(s, STIM_ACCESS, "stale switch: vsatp Bare, the global entry still hits");
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
  uint64_t frame = (CACHED_POOL + rng_below(r, CACHED_FRAMES) * 4096ull) | stim_region(s), line = (rng_next(r) & 0xfc0);
  uint64_t va = (0x3e00000000ull + rng_below(r, 64) * 4096ull);
  unsigned pbmt = rng_chance(r, 50) ? PBMT_NC : PBMT_IO;
  uint64_t slot;
  uint64_t pte = pt_pte(frame, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | ((uint64_t)pbmt << PTE_PBMT_SHIFT));
  if (pt_map(&sp->pt, va, 0, pte, &slot) != PT_OK) return;
  stim_event *m = stim_emit(s, STIM_ACCESS, "type change: the frame in the cache");
  m->hart = h;
  m->req = (mm_req){.va = frame | line, .type = MM_LOAD, .priv = MM_PRIV_M, .data_op = MM_DATA_LOAD, .size = 8};
  int si = (int)(sp - s->spaces);
  if (s->hart_space[h] != si) switch_space(s, h, si);
  stim_event *f = stim_emit(s, STIM_FENCE, "type change: the new mapping");
  f->hart = h;
  f->fence = (mm_fence){.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = va};
  stim_event *c = stim_emit(s, STIM_ACCESS, "type change: a CBO through the uncached mapping");
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
  uint64_t va = sp->mode == SATP_MODE_BARE ? gpa : stim_random_va(r, stim_space_levels(sp)) & ~0xfffull;
  uint64_t restore_slot = 0, restore_value = 0;
  const char *note = "a GPA at the edge of the G-stage's width";
  if (what == 0 && sp->mode != SATP_MODE_BARE) { /* a VS leaf to the edge */
    uint64_t slot;
    if (pt_map(&sp->pt, va, 0, pt_pte(gpa, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D), &slot) != PT_OK)
      return;
  } else if (what == 1) { /* the VS root at the edge, for one access */
    stim_write_csr(s, h, MM_CSR_VSATP,
                   ((uint64_t)sp->mode << 60) | ((uint64_t)sp->asid << SATP_ASID_SHIFT) | (gpa >> 12),
                   "vsatp: the root at the edge of the G-stage's width");
    note = "the VS root at the edge of the G-stage's width";
  } else if (what == 2) { /* a VS pointer to a table at the edge, for one access */
    uint64_t slot;
    if (pt_slot(&sp->pt, va, 1, &slot) != PT_OK) return;
    restore_slot = slot;
    restore_value = mm_mem_read64(s->shadow, slot);
    stim_write_word(s, slot, pt_pte(gpa, PTE_V), "a VS pointer to a table at the edge of the G-stage's width");
    note = "a VS table at the edge of the G-stage's width";
  }
  stim_event *a = stim_emit(s, STIM_ACCESS, note);
  a->hart = h;
  a->req = (mm_req){.va = va | (rng_next(r) & 0xff8),
                    .type = rng_chance(r, 50) ? MM_LOAD : MM_STORE,
                    .priv = MM_PRIV_U,
                    .virt = true};
  pick_data_op(r, &a->req);
  if (what == 1) stim_write_csr(s, h, MM_CSR_VSATP, stim_atp_of(sp), "vsatp: back to the space's root");
  if (restore_slot) stim_write_word(s, restore_slot, restore_value, "the VS pointer back");
}

/* An address space or a guest changes its ID, as an OS recycles ASIDs and a hypervisor VMIDs (the
 * tables stay): to one with a highest set bit anywhere in the width, to one that differs from its own
 * only in the high half, or back to its own. The harts running it switch to the new ID at once. */
static void gen_id_change(stim *s) {
  rng *r = &s->rng;
  if (rng_chance(r, 50)) {
    int si = (int)rng_below(r, N_SPACES);
    space *sp = &s->spaces[si];
    if (sp->mode == SATP_MODE_BARE) return;
    sp->asid = stim_pick_id(r, sp->asid_own, ASID_BITS);
    for (unsigned h = 0; h < s->harts; h++)
      if (s->hart_space[h] == si) switch_space(s, h, si);
  } else {
    int vi = (int)rng_below(r, N_VM);
    vm *v = &s->vms[vi];
    v->vmid = stim_pick_id(r, v->vmid_own, VMID_BITS);
    for (unsigned h = 0; h < s->harts; h++)
      if (s->hart_space[h] >= 0 && s->spaces[s->hart_space[h]].vm == vi) switch_space(s, h, s->hart_space[h]);
  }
}

/* An M-mode request of hart h at pa: an 8-byte load or store, or a CBO on its line. */
static stim_event *emit_machine(stim *s, unsigned h, uint64_t pa, mm_data_op op, const char *note) {
  stim_event *ev = stim_emit(s, STIM_ACCESS, note);
  ev->hart = h;
  bool load = op == MM_DATA_LOAD;
  ev->req = (mm_req){.va = pa & ~7ull,
                     .type = load ? MM_LOAD : MM_STORE,
                     .priv = MM_PRIV_M,
                     .data_op = op,
                     .size = op == MM_DATA_LOAD || op == MM_DATA_STORE ? 8 : 0,
                     .wdata = rng_next(&s->rng)};
  return ev;
}

/* An A/D compare-and-swap whose line is gone: a page's A and D cleared and its translation shot down on
 * a walker hart; then, at once, the walker touches the page (its walk reads the leaf PTE, then
 * compare-and-swaps it) while another hart flushes the PTE's line from the cache, again and again
 * (CBO.FLUSH, M-mode), so that a flush often lands between the walk's read and its compare-and-swap:
 * the swap misses and refills the line. The leaf is a host page's (S), a guest page's (VS: the G-stage
 * walk of the data's address sits between the read and the swap, a wide window) or a G-stage leaf. */
static void gen_cas_evict(stim *s) {
  rng *r = &s->rng;
  if (s->harts < 2) return;
  unsigned walker = rng_below(r, s->harts), evictor = (walker + 1 + rng_below(r, s->harts - 1)) % s->harts;
  uint64_t slot = 0, va = 0, pte;
  int si;
  bool gleaf = rng_chance(r, 25);
  if (gleaf) { /* a G-stage leaf, reached from VM 1's vsatp-Bare space */
    si = N_HOST + N_VS + 1;
    vm *v = &s->vms[1];
    if (!v->n_gpages || s->spaces[si].mode != SATP_MODE_BARE) return;
    const page *pg = &v->gpages[rng_below(r, v->n_gpages)];
    slot = pg->slot;
    va = pg->va + (rng_next(r) % (pg->shift >= 30 ? 1ull << 30 : 1ull << pg->shift) & ~7ull);
    pte = (mm_mem_read64(s->shadow, slot) | PTE_V | PTE_R | PTE_W | PTE_U) & ~(PTE_A | PTE_D);
  } else {
    unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
    if (!n) return;
    unsigned k = rng_below(r, n);
    slot = s->recent_slot[k];
    va = s->recent_va[k] & ~7ull;
    si = s->recent_space[k];
    if (!slot) return;
    pte = (mm_mem_read64(s->shadow, slot) | PTE_V | PTE_R | PTE_W) & ~(PTE_A | PTE_D);
  }
  bool virt = s->spaces[si].vm >= 0;
  stim_write_word(s, slot, pte, "CAS eviction: clear A and D");
  if (s->hart_space[walker] != si) switch_space(s, walker, si);
  stim_event *f = stim_emit(s, STIM_FENCE, "CAS eviction: shootdown on the walker");
  f->hart = walker;
  f->fence = (mm_fence){.kind = virt ? MM_FENCE_HFENCE_GVMA : MM_FENCE_SFENCE_VMA};
  stim_emit(s, STIM_SYNC, "CAS eviction: walker and evictor at once");
  emit_touch(s, walker, va, gleaf ? PTE_U : pte, virt, "CAS eviction: the walk")->gap = 0;
  for (unsigned i = 0, n = 6 + rng_below(r, 6); i < n; i++)
    emit_machine(s, evictor, slot, MM_DATA_CBO_FLUSH, "CAS eviction: flush the PTE's line")->gap = rng_below(r, 3);
}

/* A line seen through two memory types (an attribute alias, software's error, which the hardware
 * must survive the same way on both sides): a frame of the cached pool (any region) in the cache by
 * an M-mode access of one hart, and an NC or IO mapping of it in a host space through which the same
 * hart or another one loads or stores that line. Or the write-combining buffer and the cache holding
 * one line: an NC store to the line, then M-mode loads and stores of it (a miss that fills it while
 * the buffer holds it, then hits), another NC store (merged into the buffer, the cache holding the
 * line), then a CBO through the mapping or a FENCE. Barriers order the two harts' steps. */
static void gen_alias(stim *s) {
  rng *r = &s->rng;
  unsigned h = rng_below(r, s->harts), h2 = s->harts > 1 && rng_chance(r, 50) ? (h + 1) % s->harts : h;
  int si = (int)rng_below(r, 3); /* a host space with tables */
  space *sp = &s->spaces[si];
  uint64_t frame = (CACHED_POOL + rng_below(r, CACHED_FRAMES) * 4096ull) | stim_region(s);
  uint64_t line = rng_next(r) & 0xfc0, va = 0x3d00000000ull + rng_below(r, 64) * 4096ull;
  bool nc = rng_chance(r, 60), buffer = nc && rng_chance(r, 50);
  uint64_t slot,
      pte = pt_pte(frame, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | (uint64_t)(nc ? PBMT_NC : PBMT_IO) << PTE_PBMT_SHIFT);
  if (pt_map(&sp->pt, va, 0, pte, &slot) != PT_OK) return;
  if (s->hart_space[h2] != si) switch_space(s, h2, si);
  stim_event *f = stim_emit(s, STIM_FENCE, "alias: the uncached mapping");
  f->hart = h2;
  f->fence = (mm_fence){.kind = MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = va};
  const char *via = nc ? "alias: NC access to a cached line" : "alias: IO access to a cached line";
  if (!buffer) {
    emit_machine(s, h, frame | line, rng_chance(r, 50) ? MM_DATA_LOAD : MM_DATA_STORE, "alias: the line in the cache");
    stim_emit(s, STIM_SYNC, "alias: cached, then the uncached access");
    emit_touch(s, h2, va | line | (rng_next(r) & 0x38), pte, false, via)->req.priv = MM_PRIV_S;
    return;
  }
  emit_touch(s, h2, va | line, pte, false, "buffer and cache: an NC store into the buffer")->req.priv = MM_PRIV_S;
  s->q[s->tail - 1].req.type = MM_STORE;
  s->q[s->tail - 1].req.data_op = MM_DATA_STORE;
  stim_emit(s, STIM_SYNC, "buffer and cache: the buffer holds the line");
  emit_machine(s, h, frame | line | 8, MM_DATA_LOAD, "buffer and cache: a miss fills the buffered line");
  emit_machine(s, h, frame | line | 16, MM_DATA_STORE, "buffer and cache: a hit on the buffered line");
  stim_emit(s, STIM_SYNC, "buffer and cache: both hold the line");
  emit_touch(s, h2, va | line | 24, pte, false, "buffer and cache: NC store merged, the cache holding the line")
      ->req.priv = MM_PRIV_S;
  s->q[s->tail - 1].req.type = MM_STORE;
  s->q[s->tail - 1].req.data_op = MM_DATA_STORE;
  if (rng_chance(r, 50)) {
    stim_event *c = stim_emit(s, STIM_ACCESS, "buffer and cache: a CBO through the NC mapping");
    c->hart = h2;
    static const uint8_t cbo[] = {MM_DATA_CBO_CLEAN, MM_DATA_CBO_FLUSH, MM_DATA_CBO_INVAL};
    c->req = (mm_req){.va = va | line, .type = MM_STORE, .priv = MM_PRIV_S, .data_op = cbo[rng_below(r, 3)]};
  } else {
    stim_event *d = stim_emit(s, STIM_FENCE, "buffer and cache: FENCE drains the buffer");
    d->hart = h2;
    d->fence = (mm_fence){.kind = MM_FENCE_DATA};
  }
}

/* A pointer PTE with software's bits (RSW 9:8: still a pointer) or a reserved bit (60:54: the walk
 * faults), walked through at once: the pointer above a recently used page changes, that page's
 * translation is shot down on a hart in its space, the hart touches the page, and software puts the
 * pointer back. */
static void gen_pointer_field(stim *s) {
  rng *r = &s->rng;
  unsigned n = s->n_recent < RECENT ? s->n_recent : RECENT;
  if (!n) return;
  unsigned k = rng_below(r, n);
  int si = s->recent_space[k];
  space *sp = &s->spaces[si];
  if (sp->mode == SATP_MODE_BARE || !s->recent_slot[k]) return;
  uint64_t va = s->recent_va[k] & ~7ull, slot;
  int level = 1 + (int)rng_below(r, (unsigned)sp->pt.levels - 1);
  if (pt_find(&sp->pt, va, level, &slot) != PT_OK) return;
  uint64_t old = mm_mem_read64(s->shadow, slot);
  if (!(old & PTE_V) || pte_is_leaf(old)) return;
  uint64_t bit = rng_chance(r, 30) ? (uint64_t)rng_below(r, 4) << 8 : 1ull << (54 + rng_below(r, 7));
  stim_write_word(s, slot, (old & ~(3ull << 8)) | bit, "a pointer PTE with RSW or a reserved bit");
  unsigned h = rng_below(r, s->harts);
  bool virt = sp->vm >= 0;
  if (s->hart_space[h] != si) switch_space(s, h, si);
  stim_event *f = stim_emit(s, STIM_FENCE, "pointer field: shootdown");
  f->hart = h;
  f->fence = (mm_fence){.kind = virt ? MM_FENCE_HFENCE_VVMA : MM_FENCE_SFENCE_VMA, .has_addr = true, .addr = va};
  emit_touch(s, h, va, mm_mem_read64(s->shadow, s->recent_slot[k]), virt, "pointer field: walk through it");
  unsigned sw = s->sw_hart;
  s->sw_hart = h;
  stim_write_word(s, slot, old, "the pointer PTE back");
  s->sw_hart = sw;
}

void stim_next(stim *s, stim_event *ev) {
  rng *r = &s->rng;
  while (s->head == s->tail) {
    s->sw_hart = rng_below(r, s->harts);
    unsigned roll = rng_below(r, 100);
    if (roll < 67)
      gen_access(s);
    else if (roll < 68)
      gen_pointer_field(s);
    else if (roll < 69)
      gen_id_change(s);
    else if (roll < 70)
      gen_cas_evict(s);
    else if (roll < 71)
      gen_alias(s);
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
