/*
 * mmap of a file. A 16-page file on the disk (the kernel's memory, outside
 * the machine) is mapped into a process with two threads (harts 0 and 1).
 * Pages are read from the file on their first access only; the mapping's
 * PTEs start clean, and the hardware sets D on the first store. munmap
 * writes back exactly the pages whose D is set, and shoots the mapping down
 * on both harts, so that a later access faults instead of reading through a
 * stale entry. Checks: loads return the file's words; reads and write-backs
 * count the pages touched and written; the file holds the stores and
 * nothing else changed.
 */
#include <stdlib.h>

#include "sw/scenarios/scenario.h"

#define FILE_VA    0x60000000ull
#define FILE_PAGES 16

static uint64_t file_word(unsigned page, unsigned w) { return 0xf11e000000000000ull | (uint64_t)page << 16 | w; }
static uint64_t va_of(unsigned page, unsigned w) { return FILE_VA + page * KERN_PAGE + 8 * w; }

static const unsigned reads[] = {0, 1, 2, 3, 4, 5, 6, 7, 12}; /* by either thread */
static const unsigned writes[] = {2, 5, 9};                   /* by thread 1 */

static bool mmap_body(kernel *k, void *ctx, scenario_result *r) {
  kfile *f = ctx;
  space *s;
  SC_TRY(r, kern_space_new(k, &s));
  vma map = {.start = FILE_VA,
             .end = FILE_VA + FILE_PAGES * KERN_PAGE,
             .prot = PTE_R | PTE_W | PTE_U,
             .kind = VMA_FILE,
             .file = f};
  SC_TRY(r, kern_vma_add(k, 0, s, &map));
  SC_TRY(r, kern_switch(k, 0, s));
  SC_TRY(r, kern_switch(k, 1, s));
  for (unsigned i = 0; i < sizeof reads / sizeof reads[0]; i++)
    for (unsigned w = 0; w < 4; w++) {
      uint64_t got, va = va_of(reads[i], 17 * w);
      SC_TRY(r, kern_load(k, (i + w) % 2, va, 8, &got));
      SC_CHECK(r, got == file_word(reads[i], 17 * w), "va %#llx read %#llx, want the file's %#llx",
               (unsigned long long)va, (unsigned long long)got, (unsigned long long)file_word(reads[i], 17 * w));
    }
  for (unsigned i = 0; i < sizeof writes / sizeof writes[0]; i++)
    SC_TRY(r, kern_store(k, 1, va_of(writes[i], 3), 8, 0x5707e00 + writes[i]));
  unsigned touched = 10; /* 0-7, 9, 12 */
  SC_CHECK(r, f->reads == touched, "%llu pages read from the file, want %u", (unsigned long long)f->reads, touched);
  SC_CHECK(r, f->writebacks == 0, "pages written back before munmap");
  SC_TRY(r, kern_munmap(k, 0, s, FILE_VA));
  SC_CHECK(r, f->writebacks == 3, "%llu pages written back, want the 3 with D set", (unsigned long long)f->writebacks);
  for (unsigned pg = 0; pg < FILE_PAGES; pg++)
    for (unsigned w = 0; w < KERN_PAGE_WORDS; w++) {
      bool stored = w == 3 && (pg == 2 || pg == 5 || pg == 9);
      uint64_t want = stored ? 0x5707e00 + pg : file_word(pg, w), got = f->words[pg * KERN_PAGE_WORDS + w];
      SC_CHECK(r, got == want, "the file's word %u of page %u is %#llx, want %#llx", w, pg, (unsigned long long)got,
               (unsigned long long)want);
    }
  uint64_t got;
  kern_status st = kern_load(k, 1, va_of(2, 3), 8, &got);
  SC_CHECK(r, st == KERN_FAULT, "after munmap, a load at va %#llx on hart 1 gave %s, want a fault",
           (unsigned long long)va_of(2, 3), kern_status_name(st));
  scenario_note(r, "a %u-page file mapped on 2 harts: %llu pages read in, %llu dirty pages written back on munmap",
                FILE_PAGES, (unsigned long long)f->reads, (unsigned long long)f->writebacks);
  return true;
}

bool scen_mmap_file(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  kfile f = {.pages = FILE_PAGES};
  f.words = malloc(FILE_PAGES * KERN_PAGE_WORDS * sizeof *f.words);
  if (!f.words) return scenario_fail(r, "out of memory");
  for (unsigned pg = 0; pg < FILE_PAGES; pg++)
    for (unsigned w = 0; w < KERN_PAGE_WORDS; w++)
      f.words[pg * KERN_PAGE_WORDS + w] = file_word(pg, w);
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  bool ok = scenario_with_kernel(m, &cfg, mmap_body, &f, r);
  free(f.words);
  return ok;
}
