/*
 * The constrained-random stimulus: reproducible from its seed, well formed,
 * and reaching the corners it aims at, as judged by the model's outcomes over
 * a long run (every fault cause, every page size, hits, fences of every kind).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "devices/regblock.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "model/pma.h"
#include "model/pte.h"
#include "sw/stim.h"
#include "testutil.h"

static bool same_event(const stim_event *a, const stim_event *b) {
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case STIM_MEM:
  case STIM_POKE: return a->pa == b->pa && a->value == b->value;
  case STIM_CSR: return a->hart == b->hart && a->csr == b->csr && a->value == b->value;
  case STIM_SYNC: return true;
  case STIM_ACCESS:
    return a->hart == b->hart && a->req.va == b->req.va && a->req.type == b->req.type && a->req.priv == b->req.priv &&
           a->req.virt == b->req.virt;
  case STIM_FENCE:
    return a->hart == b->hart && a->fence.kind == b->fence.kind && a->fence.has_addr == b->fence.has_addr &&
           a->fence.has_id == b->fence.has_id && a->fence.addr == b->fence.addr && a->fence.id == b->fence.id;
  }
  return false;
}

Test(stim, same_seed_same_stream) {
  stim *a = stim_new(42, 3), *b = stim_new(42, 3);
  cr_assert(a && b);
  for (unsigned i = 0; i < 50000; i++) {
    stim_event ea, eb;
    stim_next(a, &ea);
    stim_next(b, &eb);
    cr_assert(same_event(&ea, &eb), "event %u differs between two generators of seed 42", i);
  }
  stim_free(a);
  stim_free(b);
}

Test(stim, different_seeds_differ) {
  stim *a = stim_new(1, 1), *b = stim_new(2, 1);
  unsigned differ = 0;
  for (unsigned i = 0; i < 5000; i++) {
    stim_event ea, eb;
    stim_next(a, &ea);
    stim_next(b, &eb);
    differ += !same_event(&ea, &eb);
  }
  cr_assert_gt(differ, 1000, "seeds 1 and 2 gave nearly the same stream (%u of 5000 events differ)", differ);
  stim_free(a);
  stim_free(b);
}

Test(stim, rejects_bad_hart_count) {
  cr_assert_null(stim_new(1, 0));
  cr_assert_null(stim_new(1, 9));
}

Test(stim, events_well_formed) {
  const unsigned harts = 4;
  stim *s = stim_new(7, harts);
  unsigned sized = 0, misaligned = 0;
  for (unsigned i = 0; i < 100000; i++) {
    stim_event ev;
    stim_next(s, &ev);
    if (ev.kind == STIM_MEM || ev.kind == STIM_POKE) {
      cr_assert_eq(ev.pa & 7, 0, "event %u: memory write at %#" PRIx64 " is not 8-byte aligned", i, ev.pa);
      cr_assert_leq(ev.pa, PA_MASK, "event %u: memory write at %#" PRIx64 " beyond 56 bits", i, ev.pa);
    } else {
      cr_assert_lt(ev.hart, harts, "event %u: hart %u of %u", i, ev.hart, harts);
    }
    if (ev.kind == STIM_ACCESS && ev.req.data_op >= MM_DATA_LOAD && ev.req.data_op <= MM_DATA_FETCH) {
      unsigned size = ev.req.size;
      cr_assert(size == 1 || size == 2 || size == 4 || size == 8, "event %u: size %u", i, size);
      sized++;
      misaligned += (ev.req.va & (size - 1)) != 0;
    }
  }
  /* A few accesses are misaligned on purpose (the misaligned faults); most are not. */
  cr_assert_gt(misaligned, 0, "no misaligned access in %u", sized);
  cr_assert_lt(misaligned * 20, sized, "%u misaligned accesses of %u", misaligned, sized);
  stim_free(s);
}

/* Drives the model (harts over its memory system) with the stream and
 * records what the outcomes reached. */
Test(stim, reaches_the_corners, .timeout = 60) {
  const unsigned harts = 2;
  stim *s = stim_new(1, harts);
  mm_mem *mem = mm_mem_new();
  mm_bus bus;
  mm_bus_init(&bus, mem);
  regblock regs;
  regblock_init(&regs);
  mm_device dev = regblock_device(&regs, REGBLOCK_BASE);
  mm_bus_attach(&bus, &dev);
  mm_memsys ms;
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = 4};
  const char *why;
  cr_assert(mm_memsys_init(&ms, &mp, &bus, &why));
  mm_port port = mm_port_of_memsys(&ms);
  mm_hart hart[2];
  mm_hart_params p = MM_HART_PARAMS_DEFAULT;
  for (unsigned h = 0; h < harts; h++)
    cr_assert(mm_hart_init(&hart[h], &p, &why));
  bool cause_seen[32] = {0}, shift_seen[64] = {0}, fence_seen[4] = {0}, op_seen[8] = {0};
  unsigned hits = 0, writes = 0, restarts = 0, bare = 0, virt_ok = 0, pbmt_seen[3] = {0}, mt_seen[3] = {0};
  unsigned data_hits = 0, data_misses = 0;
  bool started = false;
  for (unsigned requests = 0; requests < 40000;) {
    stim_event ev;
    stim_next(s, &ev);
    mm_obs r;
    switch (ev.kind) {
    case STIM_MEM:
      /* software's stores: before the first request into memory, after it through the cache */
      if (started)
        mm_memsys_backdoor_write(&ms, ev.pa, ev.value);
      else
        mm_mem_write64(mem, ev.pa, ev.value);
      break;
    case STIM_POKE: mm_memsys_arm_poke(&ms, ev.hart, ev.pa, ev.value); break;
    case STIM_SYNC: break; /* one request at a time: nothing to wait for */
    case STIM_CSR: mm_csr_write(&hart[ev.hart].csrs, ev.csr, ev.value); break;
    case STIM_FENCE:
      started = true;
      mm_hart_fence(&hart[ev.hart], &port, &ev.fence, &r);
      fence_seen[ev.fence.kind] = true;
      if (r.n_ops) op_seen[r.ops[0].kind] = true;
      requests++;
      break;
    case STIM_ACCESS:
      started = true;
      mm_hart_access_port(&hart[ev.hart], &port, &ev.req, &r);
      requests++;
      if (!r.ok) cause_seen[r.cause] = true;
      hits += r.tlb_hit;
      bare += r.bare;
      if (r.ok && !r.tlb_hit && !r.bare && r.tlb_index >= 0) {
        shift_seen[hart[ev.hart].tlb.e[r.tlb_index].shift] = true; /* the page size the walk filled */
        pbmt_seen[r.pbmt]++;
        virt_ok += ev.req.virt;
      }
      for (unsigned i = 0; i < r.n_ops; i++) {
        const mm_memop *op = &r.ops[i];
        writes += op->kind == MM_OP_CAS;
        restarts += op->kind == MM_OP_CAS && op->old != op->cmp;
        op_seen[op->kind] = true;
        if (op->kind >= MM_OP_LOAD && op->kind != MM_OP_FENCE) mt_seen[op->mt]++;
        if (op->kind == MM_OP_LOAD && op->mt == MM_MT_MAIN) *(op->hit ? &data_hits : &data_misses) += 1;
      }
      break;
    }
  }
  static const unsigned causes[] = {12, 13, 15, 20, 21, 23, 0, 4, 6, 5, 7};
  for (unsigned i = 0; i < sizeof causes / sizeof causes[0]; i++)
    cr_expect(cause_seen[causes[i]], "no access raised cause %u", causes[i]);
  static const unsigned shifts[] = {12, 16, 21, 30, 39};
  for (unsigned i = 0; i < 5; i++)
    cr_expect(shift_seen[shifts[i]], "no walk filled a 2^%u-byte page", shifts[i]);
  for (unsigned k = 0; k < 4; k++)
    cr_expect(fence_seen[k], "no %s", mm_fence_name((mm_fence_kind)k));
  for (unsigned t = 0; t < 3; t++)
    cr_expect_gt(pbmt_seen[t], 0, "no translation with memory type %u", t);
  for (unsigned k = 0; k < 8; k++)
    cr_expect(op_seen[k], "no memory-system access of kind %u", k);
  for (unsigned t = 0; t < 3; t++)
    cr_expect_gt(mt_seen[t], 50, "only %u data accesses of type %s", mt_seen[t], mm_mtype_name(t));
  cr_expect_gt(data_hits, 500, "only %u cached loads hit", data_hits);
  cr_expect_gt(data_misses, 500, "only %u cached loads missed", data_misses);
  cr_expect_gt(ms.wcb.merges, 10, "only %" PRIu64 " stores merged in the write-combining buffer", ms.wcb.merges);
  cr_expect_gt(ms.wcb.drains, 10, "only %" PRIu64 " drains", ms.wcb.drains);
  cr_expect_gt(ms.cache.stats.writebacks, 100, "only %" PRIu64 " write-backs", ms.cache.stats.writebacks);
  cr_expect_gt(regs.pops, 10, "only %" PRIu64 " FIFO reads", regs.pops);
  cr_expect_gt(regs.n_log, 10, "only %u doorbell writes", regs.n_log);
  cr_expect_gt(hits, 1000, "only %u TLB hits", hits);
  cr_expect_gt(writes, 100, "only %u A/D writes", writes);
  cr_expect_gt(restarts, 3, "only %u walks restarted after a failed atomic update", restarts);
  cr_expect_gt(bare, 10, "only %u bare accesses", bare);
  cr_expect_gt(virt_ok, 500, "only %u successful two-stage walks", virt_ok);
  for (unsigned h = 0; h < harts; h++)
    mm_hart_destroy(&hart[h]);
  mm_memsys_destroy(&ms);
  mm_mem_free(mem);
  stim_free(s);
}

/* ---- every value range (README, "Stimulus over the whole value range") ---- */

/* The highest set bit of v, or -1 for zero. */
static int top_bit(uint64_t v) { return v ? 63 - __builtin_clzll(v) : -1; }

/* The range of a physical address's highest set bit: 0 (below 2^32), 1 (32-39), 2 (40-47), 3 (48-54),
 * 4 (bit 55), as the coverage's pa bins count them. */
static unsigned pa_range(uint64_t pa) {
  int b = top_bit(pa);
  return b >= 55 ? 4 : b >= 48 ? 3 : b >= 40 ? 2 : b >= 32 ? 1 : 0;
}

Test(stim, ids_over_their_whole_width) {
  stim *s = stim_new(3, 4);
  cr_assert(s);
  bool asid_bit[17] = {0}, vmid_bit[17] = {0}, fence_asid_bit[17] = {0}, gvma_bit[17] = {0};
  uint16_t asids[512];
  unsigned n_asids = 0, hgatp_warl = 0;
  for (unsigned i = 0; i < 300000; i++) {
    stim_event ev;
    stim_next(s, &ev);
    if (ev.kind == STIM_CSR && (ev.csr == MM_CSR_SATP || ev.csr == MM_CSR_VSATP) && atp_mode(ev.value)) {
      uint16_t a = satp_asid(ev.value);
      asid_bit[top_bit(a) + 1] = true;
      bool known = false;
      for (unsigned k = 0; k < n_asids; k++)
        known |= asids[k] == a;
      if (!known && n_asids < 512) asids[n_asids++] = a;
    }
    if (ev.kind == STIM_CSR && ev.csr == MM_CSR_HGATP) {
      vmid_bit[top_bit(hgatp_vmid(ev.value)) + 1] = true;
      hgatp_warl += (ev.value >> (HGATP_VMID_SHIFT + 14) & 3) != 0; /* bits 59:58, beyond VMIDLEN */
    }
    if (ev.kind == STIM_FENCE && ev.fence.has_id && ev.fence.kind == MM_FENCE_HFENCE_GVMA) {
      cr_assert_lt(ev.fence.id, 1u << 14, "event %u: HFENCE.GVMA operand %#x beyond VMIDLEN", i, ev.fence.id);
      gvma_bit[top_bit(ev.fence.id) + 1] = true;
    } else if (ev.kind == STIM_FENCE && ev.fence.has_id && ev.fence.kind != MM_FENCE_DATA) {
      fence_asid_bit[top_bit(ev.fence.id) + 1] = true;
    }
  }
  for (int b = -1; b < 16; b++) {
    cr_expect(asid_bit[b + 1], "no satp/vsatp ASID with its highest set bit %d (-1: zero)", b);
    cr_expect(fence_asid_bit[b + 1], "no SFENCE.VMA/HFENCE.VVMA ASID operand with its highest set bit %d", b);
  }
  for (int b = -1; b < 14; b++) {
    cr_expect(vmid_bit[b + 1], "no hgatp VMID with its highest set bit %d (-1: zero)", b);
    cr_expect(gvma_bit[b + 1], "no HFENCE.GVMA VMID operand with its highest set bit %d", b);
  }
  cr_expect_gt(hgatp_warl, 0, "no hgatp write with bits 59:58 set");
  /* ASIDs that differ only in the top bit, and only in another bit of the high half, both in use */
  bool top_pair = false, high_pair = false;
  for (unsigned a = 0; a < n_asids; a++)
    for (unsigned b = 0; b < n_asids; b++) {
      unsigned x = (unsigned)(asids[a] ^ asids[b]);
      top_pair |= x == 0x8000;
      high_pair |= x && !(x & 0xff) && !(x & (x - 1)) && x != 0x8000;
    }
  cr_expect(top_pair, "no two ASIDs in use differ only in bit 15 (%u ASIDs seen)", n_asids);
  cr_expect(high_pair, "no two ASIDs in use differ only in one bit of 14:8 (%u ASIDs seen)", n_asids);
  stim_free(s);
}

Test(stim, physical_addresses_over_56_bits) {
  stim *s = stim_new(5, 2);
  cr_assert(s);
  uint64_t table_max[5] = {0}, leaf_max[5] = {0}, mmode_max[5] = {0};
  uint64_t low_table = 0, high_alias = 0; /* a table word below 2^32 and one at the same low bits above 2^47 */
  for (unsigned i = 0; i < 200000; i++) {
    stim_event ev;
    stim_next(s, &ev);
    if (ev.kind == STIM_MEM) {
      unsigned r = pa_range(ev.pa);
      if (ev.pa > table_max[r]) table_max[r] = ev.pa;
      if (r == 0 && !low_table) low_table = ev.pa;
      if ((ev.value & PTE_V) && pte_is_leaf(ev.value)) {
        uint64_t target = pte_ppn(ev.value) << PAGE_SHIFT;
        if (target > leaf_max[pa_range(target)]) leaf_max[pa_range(target)] = target;
      }
    }
    if (ev.kind == STIM_ACCESS && ev.req.priv == MM_PRIV_M && ev.req.va <= PA_MASK) {
      unsigned r = pa_range(ev.req.va);
      if (ev.req.va > mmode_max[r]) mmode_max[r] = ev.req.va;
    }
  }
  static const char *const ranges[] = {"below 2^32", "2^32..2^40", "2^40..2^48", "2^48..2^55", "bit 55"};
  for (unsigned r = 0; r < 5; r++) {
    cr_expect(table_max[r], "no page-table word written at an address %s", ranges[r]);
    cr_expect(leaf_max[r], "no leaf PTE pointing at an address %s", ranges[r]);
    if (r != 1) cr_expect(mmode_max[r], "no M-mode access at an address %s", ranges[r]);
    cr_log_info("range %s: table word up to %#" PRIx64 ", leaf target up to %#" PRIx64 ", M-mode up to %#" PRIx64,
                ranges[r], table_max[r], leaf_max[r], mmode_max[r]);
  }
  /* the regions hold the same layout: a high table frame has a low one's low 32 bits */
  stim *t = stim_new(5, 2);
  for (unsigned i = 0; i < 200000 && !high_alias; i++) {
    stim_event ev;
    stim_next(t, &ev);
    if (ev.kind == STIM_MEM && pa_range(ev.pa) >= 3 && (ev.pa & 0xffffffffull) == (low_table & 0xffffffffull))
      high_alias = ev.pa;
  }
  cr_expect(high_alias, "no page-table word above 2^48 at the low bits of %#" PRIx64, low_table);
  stim_free(t);
  stim_free(s);
}

Test(stim, pte_fields_every_pattern) {
  stim *s = stim_new(9, 2);
  cr_assert(s);
  bool rsw[2][4] = {{0}}, rsvd[2][7] = {{0}}, pbmt[4] = {0}, napot = false;
  for (unsigned i = 0; i < 300000; i++) {
    stim_event ev;
    stim_next(s, &ev);
    if (ev.kind != STIM_MEM || !(ev.value & PTE_V)) continue;
    unsigned leaf = pte_is_leaf(ev.value) ? 0 : 1;
    rsw[leaf][ev.value >> 8 & 3] = true;
    for (unsigned k = 0; k < 7; k++)
      rsvd[leaf][k] |= (ev.value >> (54 + k) & 1) != 0;
    if (!leaf) pbmt[pte_pbmt(ev.value)] = true;
    napot |= !leaf && (ev.value & PTE_N);
  }
  static const char *const what[] = {"leaf", "pointer"};
  for (unsigned l = 0; l < 2; l++) {
    for (unsigned v = 0; v < 4; v++)
      cr_expect(rsw[l][v], "no valid %s PTE written with RSW (bits 9:8) = %u", what[l], v);
    for (unsigned k = 0; k < 7; k++)
      cr_expect(rsvd[l][k], "no valid %s PTE written with reserved bit %u", what[l], 54 + k);
  }
  for (unsigned p = 0; p < 4; p++)
    cr_expect(pbmt[p], "no leaf PTE written with PBMT %u", p);
  cr_expect(napot, "no leaf PTE written with N");
  stim_free(s);
}

Test(stim, canonical_edges_of_every_mode) {
  stim *s = stim_new(11, 2);
  cr_assert(s);
  /* the page on each side of each boundary: Sv39, Sv48 (VAs), Sv39x4, Sv48x4 (the last GPA page inside) */
  static const uint64_t pages[] = {0x3ffffff000ull,       0xffffffc000000000ull, 0x7ffffffff000ull,
                                   0xffff800000000000ull, (1ull << 41) - 4096,   (1ull << 50) - 4096};
  unsigned touched[6] = {0}, mapped[6] = {0};
  for (unsigned i = 0; i < 300000; i++) {
    stim_event ev;
    stim_next(s, &ev);
    for (unsigned k = 0; k < 6; k++) {
      touched[k] += ev.kind == STIM_ACCESS && ev.req.priv != MM_PRIV_M && (ev.req.va & ~0xfffull) == pages[k];
      /* a GPA page: a VS leaf or a G-stage leaf pointing there */
      mapped[k] += ev.kind == STIM_MEM && (ev.value & PTE_V) && pte_is_leaf(ev.value) &&
                   pte_ppn(ev.value) << PAGE_SHIFT == pages[k];
    }
  }
  for (unsigned k = 0; k < 4; k++)
    cr_expect_gt(touched[k], 5, "only %u accesses to the page at %#" PRIx64, touched[k], pages[k]);
  for (unsigned k = 4; k < 6; k++)
    cr_expect_gt(mapped[k], 5, "only %u leaves pointing at the guest physical page at %#" PRIx64, mapped[k], pages[k]);
  stim_free(s);
}

/* The aimed scenarios, by the events they make: a flush of a PTE's line on another hart right after a
 * walker's shootdown (the compare-and-swap that misses), the attribute alias at one hart and at two,
 * the buffer and the cache holding one line. */
Test(stim, aimed_scenarios) {
  for (unsigned harts = 1; harts <= 4; harts += 3) {
    stim *s = stim_new(13, harts);
    cr_assert(s);
    unsigned flushes = 0, alias_same = 0, alias_other = 0, buffered = 0;
    unsigned cached_by = ~0u;
    uint64_t aged_pte = 0;
    for (unsigned i = 0; i < 200000; i++) {
      stim_event ev;
      stim_next(s, &ev);
      const char *note = ev.note ? ev.note : "";
      if (ev.kind == STIM_MEM && !strcmp(note, "CAS eviction: clear A and D")) aged_pte = ev.pa;
      if (ev.kind == STIM_ACCESS && !strcmp(note, "CAS eviction: flush the PTE's line")) {
        cr_assert_eq(ev.req.va, aged_pte, "the flush at %#" PRIx64 " is not of the PTE aged at %#" PRIx64, ev.req.va,
                     aged_pte);
        cr_assert_eq(ev.req.data_op, MM_DATA_CBO_FLUSH);
        flushes++;
      }
      if (ev.kind == STIM_ACCESS && !strcmp(note, "alias: the line in the cache")) cached_by = ev.hart;
      if (ev.kind == STIM_ACCESS && !strncmp(note, "alias: NC", 9) + !strncmp(note, "alias: IO", 9))
        *(ev.hart == cached_by ? &alias_same : &alias_other) += 1;
      buffered += ev.kind == STIM_ACCESS && !strcmp(note, "buffer and cache: a miss fills the buffered line");
    }
    if (harts > 1)
      cr_expect_gt(flushes, 100, "%u harts: only %u flushes of a PTE's line mid-walk", harts, flushes);
    else
      cr_expect_eq(flushes, 0, "one hart: %u flushes, but no other hart can make them mid-walk", flushes);
    cr_expect_gt(alias_same, 10, "%u harts: only %u aliases on the hart that cached the line", harts, alias_same);
    if (harts > 1) cr_expect_gt(alias_other, 10, "%u harts: only %u aliases on another hart", harts, alias_other);
    cr_expect_gt(buffered, 10, "%u harts: only %u lines both buffered and cached", harts, buffered);
    stim_free(s);
  }
}
