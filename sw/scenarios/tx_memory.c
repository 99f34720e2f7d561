/*
 * Transactional memory by write protection. A process holds eight pages.
 * A transaction begins: the kernel makes every page read-only (shot down).
 * The first store to a page faults; the handler logs the page with a copy
 * of its content (the undo log), makes it writable and lets the store go
 * on; further stores to it run at full speed. Reads never fault. An abort
 * copies the logged pages back; a commit drops the copies. Checks: the
 * write set is exactly the pages stored to, one fault each; after the
 * abort every word holds its old value, after the commit its new one.
 */
#include "sw/scenarios/scenario.h"

#define DATA_VA 0x50000000ull
#define PAGES   8

static uint64_t va_of(unsigned pg, unsigned w) { return DATA_VA + pg * KERN_PAGE + 8 * w; }
static uint64_t before(unsigned pg, unsigned w) { return 0xbef0000000000000ull | pg << 8 | w; }
static uint64_t inside(unsigned tx, unsigned pg, unsigned w) { return 0x7a00000000000000ull | tx << 16 | pg << 8 | w; }

static bool expect_all(kernel *k, unsigned tx, const unsigned *pages, unsigned n, bool committed, scenario_result *r) {
  for (unsigned pg = 0; pg < PAGES; pg++) {
    bool written = false;
    for (unsigned i = 0; i < n; i++)
      written |= pages[i] == pg;
    for (unsigned w = 0; w < 4; w++) {
      uint64_t got, want = written && committed ? inside(tx, pg, w) : before(pg, w);
      SC_TRY(r, kern_load(k, 0, va_of(pg, w), 8, &got));
      SC_CHECK(r, got == want, "after transaction %u, va %#llx read %#llx, want %#llx", tx,
               (unsigned long long)va_of(pg, w), (unsigned long long)got, (unsigned long long)want);
    }
  }
  return true;
}

/* One transaction storing to the given pages, then an abort or a commit. */
static bool transaction(kernel *k, space *s, unsigned tx, const unsigned *pages, unsigned n, bool commit,
                        scenario_result *r) {
  kern_wp_log log;
  SC_TRY(r, kern_wp_begin(k, 0, s, &log));
  uint64_t faults = k->stats.wp_faults;
  for (unsigned i = 0; i < n; i++)
    for (unsigned w = 0; w < 4; w++) {
      uint64_t got;
      SC_TRY(r, kern_load(k, 0, va_of((pages[i] + 1) % PAGES, w), 8, &got)); /* reads never fault */
      SC_TRY(r, kern_store(k, 0, va_of(pages[i], w), 8, inside(tx, pages[i], w)));
    }
  SC_CHECK(r, log.n == n && !log.overflow, "transaction %u logged %u pages, want %u", tx, log.n, n);
  SC_CHECK(r, k->stats.wp_faults - faults == n, "transaction %u took %llu write faults, want one per page (%u)", tx,
           (unsigned long long)(k->stats.wp_faults - faults), n);
  for (unsigned i = 0; i < n; i++)
    SC_CHECK(r, log.va[i] == DATA_VA + pages[i] * KERN_PAGE,
             "transaction %u's write set has va %#llx at %u, want %#llx", tx, (unsigned long long)log.va[i], i,
             (unsigned long long)(DATA_VA + pages[i] * KERN_PAGE));
  SC_TRY(r, kern_wp_end(k, 0, s, !commit));
  return expect_all(k, tx, pages, n, commit, r);
}

static bool tx_body(kernel *k, void *ctx, scenario_result *r) {
  (void)ctx;
  space *s;
  SC_TRY(r, kern_space_new(k, &s));
  vma data = {.start = DATA_VA, .end = DATA_VA + PAGES * KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U};
  SC_TRY(r, kern_vma_add(k, 0, s, &data));
  SC_TRY(r, kern_switch(k, 0, s));
  for (unsigned pg = 0; pg < PAGES; pg++)
    for (unsigned w = 0; w < 4; w++)
      SC_TRY(r, kern_store(k, 0, va_of(pg, w), 8, before(pg, w)));
  static const unsigned aborted[] = {1, 3, 6}, committed[] = {2, 5};
  if (!transaction(k, s, 1, aborted, 3, false, r)) return false;
  if (!transaction(k, s, 2, committed, 2, true, r)) return false;
  scenario_note(r,
                "transaction 1 wrote pages 1, 3, 6 and aborted (rolled back from its undo log); transaction 2 "
                "wrote pages 2, 5 and committed: %llu write-protection faults",
                (unsigned long long)k->stats.wp_faults);
  return true;
}

bool scen_tx_memory(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  return scenario_with_kernel(m, &cfg, tx_body, NULL, r);
}
