#include "tlb.h"

#include <stdlib.h>

bool mm_tlb_init(mm_tlb *tlb, unsigned entries) {
  tlb->e = NULL;
  tlb->plru = NULL;
  tlb->entries = 0;
  if (entries == 0 || entries > MM_TLB_MAX_ENTRIES || (entries & (entries - 1))) return false;
  tlb->e = calloc(entries, sizeof *tlb->e);
  tlb->plru = calloc(entries, 1);
  if (!tlb->e || !tlb->plru) {
    mm_tlb_destroy(tlb);
    return false;
  }
  tlb->entries = entries;
  return true;
}

void mm_tlb_destroy(mm_tlb *tlb) {
  free(tlb->e);
  free(tlb->plru);
  tlb->e = NULL;
  tlb->plru = NULL;
  tlb->entries = 0;
}

static uint64_t page_mask(unsigned shift) { return shift >= 64 ? 0 : ~((1ull << shift) - 1); }

static bool context_matches(const mm_tlb_entry *e, bool virt, uint16_t vmid) {
  return e->valid && e->virt == virt && (!virt || e->vmid == vmid);
}

int mm_tlb_lookup(const mm_tlb *tlb, const mm_tlb_tag *tag) {
  for (unsigned i = 0; i < tlb->entries; i++) {
    const mm_tlb_entry *e = &tlb->e[i];
    if (context_matches(e, tag->virt, tag->vmid) && (e->global || e->asid == tag->asid) &&
        ((tag->va ^ e->va) & page_mask(e->shift)) == 0)
      return (int)i;
  }
  return -1;
}

/* Tree PLRU over a power-of-two number of entries: node k has children 2k
 * and 2k+1, leaves entries..2*entries-1 stand for the entries. */
void mm_tlb_touch(mm_tlb *tlb, unsigned i) {
  for (unsigned node = tlb->entries + i; node > 1; node >>= 1)
    tlb->plru[node >> 1] = (uint8_t)((node & 1) == 0); /* point away from the path taken */
}

unsigned mm_tlb_victim(const mm_tlb *tlb) {
  for (unsigned i = 0; i < tlb->entries; i++)
    if (!tlb->e[i].valid) return i;
  unsigned node = 1;
  while (node < tlb->entries)
    node = 2 * node + tlb->plru[node];
  return node - tlb->entries;
}

unsigned mm_tlb_fill(mm_tlb *tlb, const mm_tlb_entry *entry) {
  uint64_t new_mask = page_mask(entry->shift);
  for (unsigned i = 0; i < tlb->entries; i++) {
    mm_tlb_entry *e = &tlb->e[i];
    if (context_matches(e, entry->virt, entry->vmid) && (e->global || entry->global || e->asid == entry->asid) &&
        ((e->va ^ entry->va) & new_mask & page_mask(e->shift)) == 0)
      e->valid = false;
  }
  unsigned v = mm_tlb_victim(tlb);
  tlb->e[v] = *entry;
  tlb->e[v].valid = true;
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
    if (f->has_addr && ((f->addr ^ e->va) & page_mask(e->shift))) return false;
    return true;
  case MM_FENCE_HFENCE_GVMA: return e->virt && (!f->has_id || e->vmid == f->id);
  }
  return false;
}

unsigned mm_tlb_fence(mm_tlb *tlb, const mm_fence *fence, uint16_t vmid) {
  unsigned dropped = 0;
  for (unsigned i = 0; i < tlb->entries; i++) {
    if (fence_covers(&tlb->e[i], fence, vmid)) {
      tlb->e[i].valid = false;
      dropped++;
    }
  }
  return dropped;
}

unsigned mm_tlb_valid_count(const mm_tlb *tlb) {
  unsigned n = 0;
  for (unsigned i = 0; i < tlb->entries; i++)
    n += tlb->e[i].valid;
  return n;
}

const char *mm_fence_name(mm_fence_kind kind) {
  static const char *name[] = {"sfence.vma", "hfence.vvma", "hfence.gvma"};
  return name[kind];
}
