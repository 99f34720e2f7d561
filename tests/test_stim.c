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
