/*
 * Zero-copy page remapping. A writer (threads on harts 0 and 1) fills a
 * four-page buffer; the kernel then moves each page's frame into a
 * reader's space (vmsplice, a page flip): the writer's PTE is cleared and
 * shot down on both of its harts, the reader's PTE maps the same frame. The
 * reader (hart 1, after the writer's thread leaves it) reads the data.
 * Checks: the reader sees every word, its frames are the writer's old ones,
 * the kernel copied nothing; the writer's buffer is empty again (a new
 * zeroed page on its next touch, on either hart: no stale entry serves the
 * old frame).
 */
#include "sw/scenarios/scenario.h"

#define WBUF_VA 0x40000000ull
#define RBUF_VA 0x48000000ull
#define PAGES   4
#define WORDS   8 /* words written per page */

static uint64_t word(unsigned pg, unsigned w) { return 0x2e20c0b7000000ull | pg << 8 | w; }

static bool zero_copy_body(kernel *k, void *ctx, scenario_result *r) {
  (void)ctx;
  space *writer, *reader;
  SC_TRY(r, kern_space_new(k, &writer));
  SC_TRY(r, kern_space_new(k, &reader));
  vma wb = {.start = WBUF_VA, .end = WBUF_VA + PAGES * KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U};
  vma rb = {.start = RBUF_VA, .end = RBUF_VA + PAGES * KERN_PAGE, .prot = PTE_R | PTE_U};
  SC_TRY(r, kern_vma_add(k, 0, writer, &wb));
  SC_TRY(r, kern_vma_add(k, 0, reader, &rb));
  SC_TRY(r, kern_switch(k, 0, writer));
  SC_TRY(r, kern_switch(k, 1, writer));
  uint64_t old[PAGES];
  for (unsigned pg = 0; pg < PAGES; pg++) {
    for (unsigned w = 0; w < WORDS; w++)
      SC_TRY(r, kern_store(k, w % 2, WBUF_VA + pg * KERN_PAGE + 64 * w, 8, word(pg, w)));
    uint64_t pte;
    SC_TRY(r, kern_pte(k, 0, writer, WBUF_VA + pg * KERN_PAGE, &pte));
    old[pg] = pte_ppn(pte) << PAGE_SHIFT;
  }
  uint64_t copies = k->stats.copies, ipis = k->stats.ipis;
  for (unsigned pg = 0; pg < PAGES; pg++)
    SC_TRY(r, kern_move_page(k, 0, writer, WBUF_VA + pg * KERN_PAGE, reader, RBUF_VA + pg * KERN_PAGE));
  SC_CHECK(r, k->stats.ipis - ipis == PAGES, "%llu IPIs for %u pages moved from a space on 2 harts",
           (unsigned long long)(k->stats.ipis - ipis), PAGES);
  /* The writer's thread on hart 1 sees an empty buffer, not the old frame. */
  uint64_t got;
  SC_TRY(r, kern_load(k, 1, WBUF_VA + 64, 8, &got));
  SC_CHECK(r, got == 0, "the writer read %#llx at va %#llx after the move, want a new zeroed page",
           (unsigned long long)got, (unsigned long long)(WBUF_VA + 64));
  SC_TRY(r, kern_switch(k, 1, reader));
  for (unsigned pg = 0; pg < PAGES; pg++) {
    for (unsigned w = 0; w < WORDS; w++) {
      uint64_t va = RBUF_VA + pg * KERN_PAGE + 64 * w;
      SC_TRY(r, kern_load(k, 1, va, 8, &got));
      SC_CHECK(r, got == word(pg, w), "the reader read %#llx at va %#llx, want %#llx", (unsigned long long)got,
               (unsigned long long)va, (unsigned long long)word(pg, w));
    }
    uint64_t pte;
    SC_TRY(r, kern_pte(k, 1, reader, RBUF_VA + pg * KERN_PAGE, &pte));
    SC_CHECK(r, pte_ppn(pte) << PAGE_SHIFT == old[pg], "the reader's page at va %#llx is frame %#llx, want %#llx",
             (unsigned long long)(RBUF_VA + pg * KERN_PAGE), (unsigned long long)(pte_ppn(pte) << PAGE_SHIFT),
             (unsigned long long)old[pg]);
  }
  SC_CHECK(r, k->stats.copies == copies, "the kernel copied %llu pages",
           (unsigned long long)(k->stats.copies - copies));
  SC_TRY(r, kern_load(k, 0, WBUF_VA + 3 * KERN_PAGE, 8, &got));
  SC_CHECK(r, got == 0, "the writer read %#llx at va %#llx on hart 0, want 0", (unsigned long long)got,
           (unsigned long long)(WBUF_VA + 3 * KERN_PAGE));
  scenario_note(r, "%u pages moved writer -> reader: 0 copies, %llu IPIs to the writer's other hart", PAGES,
                (unsigned long long)(k->stats.ipis - ipis));
  return true;
}

bool scen_zero_copy(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  return scenario_with_kernel(m, &cfg, zero_copy_body, NULL, r);
}
