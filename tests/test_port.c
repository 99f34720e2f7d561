/*
 * The memory port (model/port.h) and the walk as a coroutine over it
 * (model/walk.h): the sparse memory's port, and walks that are made to wait
 * at every access and resumed by replay, which must make the very same
 * accesses and reach the very same outcome as walks that never wait.
 */
#include <criterion/criterion.h>
#include <inttypes.h>

#include "model/mmu.h"
#include "model/port.h"
#include "model/walk.h"
#include "sw/stim.h"
#include "testutil.h"

Test(port, mem_port_reads_and_swaps_with_its_latency) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80001000, 0x1111);
  mm_mem_port p = {.mem = mem, .latency = 7};
  mm_port port = mm_port_of_mem(&p);
  mm_memop rd = {.kind = MM_OP_READ, .pa = 0x80001000};
  cr_assert(port.access(port.ctx, &rd));
  assert_eq_hex(rd.data, 0x1111, "read at %#x", 0x80001000);
  cr_assert_eq(rd.cycles, 7);
  mm_memop cas = {.kind = MM_OP_CAS, .pa = 0x80001000, .cmp = 0x2222, .data = 0x3333};
  cr_assert(port.access(port.ctx, &cas));
  assert_eq_hex(cas.old, 0x1111, "a failed swap at %#x finds", 0x80001000);
  assert_eq_hex(mm_mem_read64(mem, 0x80001000), 0x1111, "a failed swap at %#x writes nothing", 0x80001000);
  cas.cmp = 0x1111;
  cr_assert(port.access(port.ctx, &cas));
  assert_eq_hex(cas.old, 0x1111, "the swap at %#x finds", 0x80001000);
  assert_eq_hex(mm_mem_read64(mem, 0x80001000), 0x3333, "the swap at %#x writes", 0x80001000);
  cr_assert_eq(cas.cycles, 7);
  mm_mem_free(mem);
}

Test(port, mem_cas_returns_the_word_found) {
  mm_mem *mem = mm_mem_new();
  assert_eq_hex(mm_mem_cas(mem, 0x1000, 0, 5), 0, "untouched word at %#x", 0x1000);
  assert_eq_hex(mm_mem_read64(mem, 0x1000), 5, "word at %#x after the swap", 0x1000);
  assert_eq_hex(mm_mem_cas(mem, 0x1000, 4, 6), 5, "word at %#x", 0x1000);
  assert_eq_hex(mm_mem_read64(mem, 0x1000), 5, "word at %#x after a failed swap", 0x1000);
  mm_mem_free(mem);
}

/* A port that never answers at once: the test answers each access later,
 * from its own memory, as a busy bus would. */
typedef struct waiting_port {
  mm_memop asked; /* the access waiting for its answer */
  unsigned waits;
} waiting_port;

static bool wait_always(void *ctx, mm_memop *op) {
  waiting_port *w = ctx;
  w->asked = *op;
  w->waits++;
  return false;
}

/* Runs req's walk on a waiting port over mem until it is done. */
static unsigned walk_waiting(const mm_csrs *csrs, mm_mem *mem, const mm_req *req, mm_walk *out) {
  waiting_port wp = {0};
  mm_port port = {.access = wait_always, .ctx = &wp};
  mm_walk_start(out);
  unsigned resumes = 0;
  while (!mm_walk_run(out, csrs, req, &port)) {
    mm_memop answer = wp.asked;
    if (answer.kind == MM_OP_READ)
      answer.data = mm_mem_load(mem, answer.pa);
    else
      answer.old = mm_mem_cas(mem, answer.pa, answer.cmp, answer.data);
    answer.cycles = 3;
    mm_walk_answer(out, &answer);
    resumes++;
  }
  cr_assert_eq(wp.waits, resumes, "the port was asked %u times for %u answers", wp.waits, resumes);
  return resumes;
}

typedef struct block_check {
  const mm_mem *other;
  bool same;
} block_check;

/* Every word of a block of one memory equals the other memory's. */
static void block_visit(void *ctx, uint64_t block_pa, const uint64_t *words) {
  block_check *fc = ctx;
  for (unsigned i = 0; i < MM_MEM_BLOCK_BYTES / 8; i++)
    if (mm_mem_read64(fc->other, block_pa + 8 * i) != words[i]) fc->same = false;
}

/* Every access of a random stream (page tables, CSR changes, PTE edits and
 * races of the stimulus) walked twice from the same memory: once on a port
 * that always answers, once made to wait at every access. */
Test(port, a_walk_that_waits_at_every_access_does_what_one_that_never_waits_does, .timeout = 60) {
  stim *s = stim_new(7, 1);
  cr_assert(s);
  mm_mem *sync_mem = mm_mem_new(), *wait_mem = mm_mem_new();
  mm_csrs csrs = {0};
  unsigned walks = 0, resumes = 0, restarts = 0;
  while (walks < 3000) {
    stim_event ev;
    stim_next(s, &ev);
    if (ev.kind == STIM_MEM) {
      mm_mem_write64(sync_mem, ev.pa, ev.value);
      mm_mem_write64(wait_mem, ev.pa, ev.value);
    } else if (ev.kind == STIM_POKE) {
      mm_mem_arm_poke(sync_mem, ev.pa, ev.value);
      mm_mem_arm_poke(wait_mem, ev.pa, ev.value);
    } else if (ev.kind == STIM_CSR) {
      mm_csr_write(&csrs, ev.csr, ev.value);
    } else if (ev.kind == STIM_ACCESS) {
      mm_walk a, b;
      mm_walk_translate(&csrs, sync_mem, &ev.req, &a);
      unsigned n = walk_waiting(&csrs, wait_mem, &ev.req, &b);
      uint64_t va = ev.req.va;
      cr_assert_eq(n, b.n_ops, "va %#" PRIx64 ": %u resumes for %u accesses", va, n, b.n_ops);
      cr_assert_eq(a.n_ops, b.n_ops, "va %#" PRIx64 ": %u accesses, %u when waiting", va, a.n_ops, b.n_ops);
      for (unsigned i = 0; i < a.n_ops; i++) {
        const mm_memop *x = &a.ops[i], *y = &b.ops[i];
        cr_assert(x->kind == y->kind && x->pa == y->pa && x->data == y->data && x->cmp == y->cmp && x->old == y->old,
                  "va %#" PRIx64 " #%u: %s %#" PRIx64 " %#" PRIx64 ", when waiting %s %#" PRIx64 " %#" PRIx64, va, i,
                  x->kind ? "cas" : "read", x->pa, x->data, y->kind ? "cas" : "read", y->pa, y->data);
        restarts += x->kind == MM_OP_CAS && x->old != x->cmp;
      }
      cr_assert_eq(a.ok, b.ok, "va %#" PRIx64 ": ok %d, when waiting %d", va, a.ok, b.ok);
      assert_eq_hex(a.pa, b.pa, "va %#" PRIx64 ": pa", va);
      cr_assert_eq(a.cause, b.cause, "va %#" PRIx64 ": cause %u, when waiting %u", va, a.cause, b.cause);
      assert_eq_hex(a.gpa, b.gpa, "va %#" PRIx64 ": gpa", va);
      cr_assert_eq(a.pbmt, b.pbmt, "va %#" PRIx64 ": pbmt", va);
      walks++;
      resumes += n;
    }
  }
  block_check fc = {.other = wait_mem, .same = true};
  mm_mem_foreach_block(sync_mem, block_visit, &fc);
  cr_assert(fc.same, "the two memories differ after the walks");
  cr_assert_gt(resumes, walks, "only %u resumes in %u walks", resumes, walks);
  cr_assert_gt(restarts, 0, "no walk restarted after a failed compare-and-swap");
  stim_free(s);
  mm_mem_free(sync_mem);
  mm_mem_free(wait_mem);
}
