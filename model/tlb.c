#include "tlb.h"

#include <stdlib.h>

#include "plru.h"

bool mm_tlb_init(mm_tlb *tlb, unsigned entries) {
  *tlb = (mm_tlb){0};
  if (entries == 0 || entries > MM_TLB_MAX_ENTRIES || (entries & (entries - 1))) return false;
  tlb->e = calloc(entries, sizeof *tlb->e);
  if (!tlb->e) {
    mm_tlb_destroy(tlb);
    return false;
  }
  tlb->entries = entries;
  for (unsigned i = 0; i < entries; i++) /* no entry has generation 0 */
    tlb->e[i].gen = ++tlb->gen;
  for (unsigned i = 0; i < entries && entries <= 64; i++)
    plru_bits_path(entries, i, &tlb->plru_path[i], &tlb->plru_value[i]);
  return true;
}

void mm_tlb_destroy(mm_tlb *tlb) {
  free(tlb->e);
  tlb->e = NULL;
  tlb->entries = 0;
}

static uint64_t page_mask(unsigned shift) { return shift >= 64 ? 0 : ~((1ull << shift) - 1); }

/* Visits the valid entries: FOR_EACH_VALID(tlb, i) { ... e[i] ... }. */
#define FOR_EACH_VALID(tlb, i)                                                                                         \
  for (unsigned w_ = 0; w_ < ((tlb)->entries + 63) / 64; w_++)                                                         \
    for (uint64_t bits_ = (tlb)->valid[w_], i; bits_ && (i = w_ * 64 + (unsigned)__builtin_ctzll(bits_), 1);           \
         bits_ &= bits_ - 1)

/* Every change of an entry's validity (a fill, a drop) gives it a new generation. */
static void set_valid(mm_tlb *tlb, unsigned i, bool valid) {
  tlb->e[i].valid = valid;
  tlb->e[i].gen = ++tlb->gen;
  if (valid)
    tlb->valid[i / 64] |= 1ull << (i % 64);
  else
    tlb->valid[i / 64] &= ~(1ull << (i % 64));
}

static bool context_matches(const mm_tlb_entry *e, bool virt, uint16_t vmid) {
  return e->valid && e->virt == virt && (!virt || e->vmid == vmid);
}

static bool entry_hits(const mm_tlb_entry *e, const mm_tlb_tag *tag) {
  return ((tag->va ^ e->va) & e->mask) == 0 && context_matches(e, tag->virt, tag->vmid) &&
         (e->global || e->asid == tag->asid);
}

int mm_tlb_lookup(mm_tlb *tlb, const mm_tlb_tag *tag) {
  uint64_t vpn = tag->va >> 12;
  uint16_t *memo = &tlb->memo[(vpn * 0x9e3779b97f4a7c15ull) >> 58]; /* Fibonacci hashing: the top 6 bits */
  if (*memo && *memo <= tlb->entries && entry_hits(&tlb->e[*memo - 1], tag)) return *memo - 1;
  FOR_EACH_VALID(tlb, i) {
    if (entry_hits(&tlb->e[i], tag)) {
      *memo = (uint16_t)(i + 1);
      return (int)i;
    }
  }
  return -1;
}

unsigned mm_tlb_victim(const mm_tlb *tlb) {
  for (unsigned w = 0; w < (tlb->entries + 63) / 64; w++) {
    uint64_t invalid = ~tlb->valid[w];
    if (tlb->entries - 64 * w < 64) invalid &= (1ull << (tlb->entries - 64 * w)) - 1;
    if (invalid) return w * 64 + (unsigned)__builtin_ctzll(invalid);
  }
  return plru_bits_victim(tlb->plru, tlb->entries);
}

unsigned mm_tlb_fill(mm_tlb *tlb, const mm_tlb_entry *entry) {
  uint64_t new_mask = page_mask(entry->shift);
  FOR_EACH_VALID(tlb, i) {
    mm_tlb_entry *e = &tlb->e[i];
    if (((e->va ^ entry->va) & new_mask & e->mask) == 0 && context_matches(e, entry->virt, entry->vmid) &&
        (e->global || entry->global || e->asid == entry->asid))
      set_valid(tlb, (unsigned)i, false);
  }
  unsigned v = mm_tlb_victim(tlb);
  tlb->e[v] = *entry;
  tlb->e[v].mask = new_mask;
  set_valid(tlb, v, true);
  mm_tlb_touch(tlb, v);
  return v;
}

static bool fence_covers(const mm_tlb_entry *e, const mm_fence *f, uint16_t vmid) {
  if (!e->valid) return false;
  switch (f->kind) {
  case MM_FENCE_SFENCE_VMA:
  case MM_FENCE_HFENCE_VVMA:
    if (f->kind == MM_FENCE_SFENCE_VMA ? e->virt : (!e->virt || e->vmid != vmid)) return false;
    if (f->has_id && (e->global || e->asid != f->id)) return false;
    if (f->has_addr && ((f->addr ^ e->va) & e->mask)) return false;
    return true;
  case MM_FENCE_HFENCE_GVMA: return e->virt && (!f->has_id || e->vmid == f->id);
  case MM_FENCE_DATA: return false;
  }
  return false;
}

unsigned mm_tlb_fence(mm_tlb *tlb, const mm_fence *fence, uint16_t vmid) {
  unsigned dropped = 0;
  FOR_EACH_VALID(tlb, i) {
    if (fence_covers(&tlb->e[i], fence, vmid)) {
      set_valid(tlb, (unsigned)i, false);
      dropped++;
    }
  }
  return dropped;
}

unsigned mm_tlb_valid_count(const mm_tlb *tlb) {
  unsigned n = 0;
  for (unsigned w = 0; w < (tlb->entries + 63) / 64; w++)
    n += (unsigned)__builtin_popcountll(tlb->valid[w]);
  return n;
}

const char *mm_fence_name(mm_fence_kind kind) {
  static const char *name[] = {"sfence.vma", "hfence.vvma", "hfence.gvma", "fence"};
  return name[kind];
}
