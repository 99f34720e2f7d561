/*
 * Fork with copy-on-write. A parent (two threads, harts 0 and 1) fills
 * eight pages, then forks two children; the three processes share every
 * page read-only (one frame each, three references). Child 1 (hart 1)
 * writes page 0; the parent (hart 0), child 2 (hart 2) and then child 1
 * write page 1; nobody writes the others. Each first write faults, and the
 * handler copies the page only while another process still shares it: page
 * 0 is copied once (for child 1), page 1 twice (for the parent and child 2),
 * and child 1, the last one holding page 1's original, gets it writable in
 * place. Checks: everyone reads its own data and the others' writes never
 * show through; three copies, one reuse; the unwritten pages keep one frame
 * for all three; a child that exits gives its references back.
 */
#include "sw/scenarios/scenario.h"

#define DATA_VA 0x20000000ull
#define PAGES   8

static uint64_t va_of(unsigned page) { return DATA_VA + page * KERN_PAGE; }
static uint64_t original(unsigned page) { return 0x0f0f000000000000ull | page; }

/* Reads page's first word on hart and checks it. */
static bool expect(kernel *k, unsigned hart, unsigned page, uint64_t want, const char *who, scenario_result *r) {
  uint64_t got;
  SC_TRY(r, kern_load(k, hart, va_of(page), 8, &got));
  SC_CHECK(r, got == want, "%s read %#llx at va %#llx, want %#llx", who, (unsigned long long)got,
           (unsigned long long)va_of(page), (unsigned long long)want);
  return true;
}

static bool frame_of(kernel *k, space *s, unsigned page, uint64_t *pa, scenario_result *r) {
  uint64_t pte;
  SC_TRY(r, kern_pte(k, 0, s, va_of(page), &pte));
  SC_CHECK(r, pte & PTE_V, "no mapping at va %#llx", (unsigned long long)va_of(page));
  *pa = pte_ppn(pte) << PAGE_SHIFT;
  return true;
}

static bool fork_body(kernel *k, void *ctx, scenario_result *r) {
  (void)ctx;
  space *parent, *child1, *child2;
  SC_TRY(r, kern_space_new(k, &parent));
  vma data = {.start = DATA_VA, .end = va_of(PAGES), .prot = PTE_R | PTE_W | PTE_U, .kind = VMA_ANON};
  SC_TRY(r, kern_vma_add(k, 0, parent, &data));
  /* Two threads of the parent fill the pages. */
  SC_TRY(r, kern_switch(k, 0, parent));
  SC_TRY(r, kern_switch(k, 1, parent));
  for (unsigned pg = 0; pg < PAGES; pg++)
    SC_TRY(r, kern_store(k, pg % 2, va_of(pg), 8, original(pg)));
  SC_TRY(r, kern_fork(k, 0, parent, &child1));
  SC_TRY(r, kern_fork(k, 0, parent, &child2));
  for (unsigned pg = 0; pg < PAGES; pg++) {
    uint64_t a = 0, b = 0, c = 0;
    if (!frame_of(k, parent, pg, &a, r) || !frame_of(k, child1, pg, &b, r) || !frame_of(k, child2, pg, &c, r))
      return false;
    SC_CHECK(r, a == b && b == c, "page at va %#llx: frames %#llx %#llx %#llx after fork, want one",
             (unsigned long long)va_of(pg), (unsigned long long)a, (unsigned long long)b, (unsigned long long)c);
    SC_CHECK(r, kern_frame_refs(k, a) == 3, "frame %#llx: %u references, want 3", (unsigned long long)a,
             kern_frame_refs(k, a));
  }
  kern_idle(k, 1);
  SC_TRY(r, kern_switch(k, 1, child1));
  SC_TRY(r, kern_switch(k, 2, child2));
  uint64_t copies = k->stats.cow_copies, reuses = k->stats.cow_reuses;
  /* Page 0: only child 1 writes. */
  SC_TRY(r, kern_store(k, 1, va_of(0), 8, 0xc1));
  if (!expect(k, 1, 0, 0xc1, "child 1", r) || !expect(k, 0, 0, original(0), "the parent", r) ||
      !expect(k, 2, 0, original(0), "child 2", r))
    return false;
  /* Page 1: all three write, the parent first. */
  SC_TRY(r, kern_store(k, 0, va_of(1), 8, 0xaa));
  SC_TRY(r, kern_store(k, 2, va_of(1), 8, 0xc2));
  if (!expect(k, 1, 1, original(1), "child 1", r)) return false;
  SC_TRY(r, kern_store(k, 1, va_of(1), 8, 0xc1));
  if (!expect(k, 0, 1, 0xaa, "the parent", r) || !expect(k, 2, 1, 0xc2, "child 2", r) ||
      !expect(k, 1, 1, 0xc1, "child 1", r))
    return false;
  for (unsigned pg = 2; pg < PAGES; pg++)
    if (!expect(k, pg % 3, pg, original(pg), "a reader", r)) return false;
  copies = k->stats.cow_copies - copies;
  reuses = k->stats.cow_reuses - reuses;
  SC_CHECK(r, copies == 3 && reuses == 1, "%llu copies and %llu in-place reuses, want 3 and 1",
           (unsigned long long)copies, (unsigned long long)reuses);
  uint64_t shared = 0;
  if (!frame_of(k, parent, 5, &shared, r)) return false;
  SC_CHECK(r, kern_frame_refs(k, shared) == 3, "unwritten page's frame %#llx: %u references, want 3",
           (unsigned long long)shared, kern_frame_refs(k, shared));
  /* Child 2 exits: its references go. */
  kern_idle(k, 2);
  SC_TRY(r, kern_space_destroy(k, 2, child2));
  SC_CHECK(r, kern_frame_refs(k, shared) == 2, "after child 2 exits, frame %#llx has %u references, want 2",
           (unsigned long long)shared, kern_frame_refs(k, shared));
  scenario_note(r, "3 processes share %u pages: %llu copies, %llu made writable in place, %llu shootdowns (%llu IPIs)",
                PAGES, (unsigned long long)copies, (unsigned long long)reuses, (unsigned long long)k->stats.shootdowns,
                (unsigned long long)k->stats.ipis);
  return true;
}

bool scen_fork_cow(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  return scenario_with_kernel(m, &cfg, fork_body, NULL, r);
}
