/*
 * Thrashing. A process may keep 12 pages in memory; it sweeps a working
 * set of W pages three times (the first pass stores a value in each page,
 * the others load it back and check it). Past 12 pages the kernel pages
 * out by the clock (a second chance for pages whose A bit the hardware
 * set), writes dirty pages to the backing store and reads them back on the
 * next fault. A cyclic sweep is the clock's worst case: once the working
 * set exceeds memory, nearly every access faults. Measured per W: faults,
 * the fault rate, pages written out and read back. Checks: the data
 * survives; up to 12 pages only the first touches fault; the fault rate
 * never falls as the working set grows; from 20 pages the later passes
 * fault on at least half their accesses.
 */
#include "sw/scenarios/scenario.h"

#define SET_VA   0x40000000ull
#define FRAMES   12
#define PASSES   3
#define MAX_SETS 6

static const unsigned sets[MAX_SETS] = {4, 8, 12, 16, 20, 24};

typedef struct thrash_row {
  unsigned pages;
  uint64_t accesses, faults, later_faults, outs, ins;
} thrash_row;

static uint64_t value(unsigned set, unsigned pg) { return 0x7a5e000000000000ull | set << 16 | pg; }

static bool sweep(kernel *k, unsigned set, thrash_row *row, scenario_result *r) {
  space *s;
  SC_TRY(r, kern_space_new(k, &s));
  vma v = {.start = SET_VA, .end = SET_VA + row->pages * KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U};
  SC_TRY(r, kern_vma_add(k, 0, s, &v));
  SC_TRY(r, kern_switch(k, 0, s));
  kernel_stats before = k->stats;
  for (unsigned pass = 0; pass < PASSES; pass++) {
    uint64_t faults = k->stats.faults;
    for (unsigned pg = 0; pg < row->pages; pg++) {
      uint64_t va = SET_VA + pg * KERN_PAGE + 8 * (pg % 8), got;
      if (pass == 0) {
        SC_TRY(r, kern_store(k, 0, va, 8, value(set, pg)));
      } else {
        SC_TRY(r, kern_load(k, 0, va, 8, &got));
        SC_CHECK(r, got == value(set, pg), "working set %u, pass %u: va %#llx read %#llx, want %#llx", row->pages, pass,
                 (unsigned long long)va, (unsigned long long)got, (unsigned long long)value(set, pg));
      }
      row->accesses++;
    }
    if (pass) row->later_faults += k->stats.faults - faults;
  }
  row->faults = k->stats.faults - before.faults;
  row->outs = k->stats.swap_outs - before.swap_outs;
  row->ins = k->stats.swap_ins - before.swap_ins;
  kern_idle(k, 0);
  SC_TRY(r, kern_space_destroy(k, 0, s));
  return true;
}

static bool thrash_body(kernel *k, void *ctx, scenario_result *r) {
  thrash_row *rows = ctx;
  for (unsigned i = 0; i < MAX_SETS; i++) {
    rows[i].pages = sets[i];
    if (!sweep(k, i, &rows[i], r)) return false;
  }
  return true;
}

bool scen_thrashing(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  thrash_row rows[MAX_SETS] = {0};
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  cfg.max_resident = FRAMES;
  if (!scenario_with_kernel(m, &cfg, thrash_body, rows, r)) return false;
  scenario_note(r, "%u frames for user pages, %u cyclic passes (clock replacement by the A bit):", FRAMES, PASSES);
  scenario_note(r, "%-12s %9s %7s %11s %16s %9s %9s", "working set", "accesses", "faults", "fault rate",
                "later-pass rate", "swap out", "swap in");
  for (unsigned i = 0; i < MAX_SETS; i++) {
    const thrash_row *w = &rows[i];
    uint64_t later = w->accesses - w->pages;
    scenario_note(r, "%-12u %9llu %7llu %10.1f%% %15.1f%% %9llu %9llu", w->pages, (unsigned long long)w->accesses,
                  (unsigned long long)w->faults, 100.0 * (double)w->faults / (double)w->accesses,
                  100.0 * (double)w->later_faults / (double)later, (unsigned long long)w->outs,
                  (unsigned long long)w->ins);
  }
  scenario_data(r, "working_set\tframes\taccesses\tfaults\tfault_rate\tlater_pass_rate\tswap_out\tswap_in");
  for (unsigned i = 0; i < MAX_SETS; i++) {
    const thrash_row *w = &rows[i];
    scenario_data(r, "%u\t%u\t%llu\t%llu\t%.4f\t%.4f\t%llu\t%llu", w->pages, FRAMES, (unsigned long long)w->accesses,
                  (unsigned long long)w->faults, (double)w->faults / (double)w->accesses,
                  (double)w->later_faults / (double)(w->accesses - w->pages), (unsigned long long)w->outs,
                  (unsigned long long)w->ins);
  }
  for (unsigned i = 0; i < MAX_SETS; i++) {
    const thrash_row *w = &rows[i];
    if (i)
      SC_CHECK(r, w->faults * rows[i - 1].accesses >= rows[i - 1].faults * w->accesses,
               "the fault rate fell from %u to %u pages", rows[i - 1].pages, w->pages);
    if (w->pages <= FRAMES)
      SC_CHECK(r, w->faults == w->pages, "a working set of %u pages in %u frames took %llu faults, want %u", w->pages,
               FRAMES, (unsigned long long)w->faults, w->pages);
    else if (w->pages >= FRAMES + 8)
      SC_CHECK(r, 2 * w->later_faults >= w->accesses - w->pages,
               "a working set of %u pages in %u frames: %llu faults in %llu later accesses, want half or more",
               w->pages, FRAMES, (unsigned long long)w->later_faults, (unsigned long long)(w->accesses - w->pages));
  }
  return true;
}
