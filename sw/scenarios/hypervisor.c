/*
 * A hypervisor (sw/kernel/hv.h) with two guests, one per hart (VMIDs 1 and
 * 2), each a guest kernel running one process over VS-stage tables in its
 * guest RAM, over the hypervisor's G-stage tables. Guest RAM starts
 * unbacked. Each process writes a library's content into two pages (the
 * same in both guests) and its own data into two others:
 *  - its first touch of a page is a page fault, handled by its guest kernel
 *    (a guest frame, mapped in the VS-stage table);
 *  - the guest kernel's own writes to its tables, and the process's first
 *    access to a new guest frame, are guest-page faults, handled by the
 *    hypervisor (a zeroed host frame behind the guest page).
 * Then the hypervisor merges identical pages (the library pages among
 * them) into one read-only frame each. Both guests still read their data.
 * Guest 1 writes a library page: a guest-page fault splits it (a copy),
 * guest 1 sees its write, guest 2 the old content.
 */
#include "sw/kernel/hv.h"
#include "sw/scenarios/scenario.h"

#define GUEST_RAM   0x80000000ull
#define GUEST_PAGES 64
#define LIB_VA      0x10000000ull
#define PRIV_VA     0x20000000ull
#define WORDS       16 /* words written per page */

static uint64_t lib_word(unsigned pg, unsigned w) { return 0x11b5000000000000ull | pg << 8 | w; }
static uint64_t priv_word(unsigned g, unsigned pg, unsigned w) { return 0x9e57000000000000ull | g << 16 | pg << 8 | w; }

typedef struct hv_ctx {
  hv h;
  vm vms[2];
  space *proc[2];
  unsigned merged;
} hv_ctx;

/* Guest g's process reads (or writes) a page's words and checks them. */
static bool guest_page(hv_ctx *c, unsigned g, uint64_t va, uint64_t (*want)(unsigned w, const void *), const void *arg,
                       bool store, scenario_result *r) {
  kernel *gk = &c->vms[g].guest;
  for (unsigned w = 0; w < WORDS; w++) {
    uint64_t got;
    if (store) {
      SC_TRY(r, kern_store(gk, g, va + 8 * w, 8, want(w, arg)));
      continue;
    }
    SC_TRY(r, kern_load(gk, g, va + 8 * w, 8, &got));
    SC_CHECK(r, got == want(w, arg), "guest %u read %#llx at va %#llx, want %#llx", g + 1, (unsigned long long)got,
             (unsigned long long)(va + 8 * w), (unsigned long long)want(w, arg));
  }
  return true;
}

typedef struct page_ref {
  unsigned g, pg;
} page_ref;
static uint64_t want_lib(unsigned w, const void *a) { return lib_word(((const page_ref *)a)->pg, w); }
static uint64_t want_priv(unsigned w, const void *a) {
  return priv_word(((const page_ref *)a)->g, ((const page_ref *)a)->pg, w);
}
static uint64_t want_new(unsigned w, const void *a) { return ~lib_word(((const page_ref *)a)->pg, w); }

static bool all_pages(hv_ctx *c, bool store, scenario_result *r) {
  for (unsigned g = 0; g < 2; g++)
    for (unsigned pg = 0; pg < 2; pg++) {
      page_ref ref = {g, pg};
      if (!guest_page(c, g, LIB_VA + pg * KERN_PAGE, want_lib, &ref, store, r) ||
          !guest_page(c, g, PRIV_VA + pg * KERN_PAGE, want_priv, &ref, store, r))
        return false;
    }
  return true;
}

static bool hv_body(kernel *host, void *vctx, scenario_result *r) {
  hv_ctx *c = vctx;
  c->h = (hv){.host = host};
  kernel_config gcfg = KERNEL_CONFIG_DEFAULT;
  gcfg.harts = 2;
  for (unsigned g = 0; g < 2; g++) {
    const char *why = "";
    SC_CHECK(r, hv_vm_init(&c->h, &c->vms[g], (uint16_t)(g + 1), GUEST_RAM, GUEST_PAGES, &gcfg, &why), "%s", why);
    hv_run(&c->h, &c->vms[g], g);
    kernel *gk = &c->vms[g].guest;
    SC_TRY(r, kern_space_new(gk, &c->proc[g]));
    vma lib = {.start = LIB_VA, .end = LIB_VA + 2 * KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U};
    vma priv = {.start = PRIV_VA, .end = PRIV_VA + 2 * KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U};
    SC_TRY(r, kern_vma_add(gk, g, c->proc[g], &lib));
    SC_TRY(r, kern_vma_add(gk, g, c->proc[g], &priv));
    SC_TRY(r, kern_switch(gk, g, c->proc[g]));
  }
  if (!all_pages(c, true, r) || !all_pages(c, false, r)) return false;
  for (unsigned g = 0; g < 2; g++)
    SC_CHECK(r, c->vms[g].guest.stats.faults >= 4, "guest %u's kernel handled %llu page faults, want one per page",
             g + 1, (unsigned long long)c->vms[g].guest.stats.faults);
  SC_CHECK(r, c->h.stats.backed > 8, "the hypervisor backed %llu guest pages", (unsigned long long)c->h.stats.backed);
  /* Merge, then both guests read everything from the merged frames. */
  unsigned frames = host->pool->free;
  vm *vms[2] = {&c->vms[0], &c->vms[1]};
  SC_TRY(r, hv_merge(&c->h, 0, vms, 2, &c->merged));
  SC_CHECK(r, c->merged >= 2, "%u pages merged, want the 2 library pages at least", c->merged);
  SC_CHECK(r, host->pool->free - frames == c->merged, "merging %u pages freed %u frames", c->merged,
           host->pool->free - frames);
  uint64_t lib0 = GUEST_RAM, lib_frames[2];
  for (unsigned g = 0; g < 2; g++) {
    uint64_t pte;
    SC_TRY(r, kern_pte(&c->vms[g].guest, g, c->proc[g], LIB_VA, &pte));
    lib0 = pte_ppn(pte) << PAGE_SHIFT;
    lib_frames[g] = c->vms[g].backing[(lib0 - GUEST_RAM) / KERN_PAGE];
  }
  SC_CHECK(r, lib_frames[0] == lib_frames[1], "the guests' library pages are host frames %#llx and %#llx, want one",
           (unsigned long long)lib_frames[0], (unsigned long long)lib_frames[1]);
  if (!all_pages(c, false, r)) return false;
  /* Guest 1 writes its library page: split, its own copy. */
  uint64_t splits = c->h.stats.split_copies;
  page_ref ref = {0, 0};
  if (!guest_page(c, 0, LIB_VA, want_new, &ref, true, r) || !guest_page(c, 0, LIB_VA, want_new, &ref, false, r))
    return false;
  ref.g = 1;
  if (!guest_page(c, 1, LIB_VA, want_lib, &ref, false, r)) return false;
  SC_CHECK(r, c->h.stats.split_copies > splits, "guest 1's write to a merged page made no copy");
  scenario_note(r,
                "2 guests: %llu + %llu guest page faults (guest kernels), %llu guest-page faults (hypervisor), %llu "
                "pages backed lazily",
                (unsigned long long)c->vms[0].guest.stats.faults, (unsigned long long)c->vms[1].guest.stats.faults,
                (unsigned long long)c->h.stats.guest_page_faults, (unsigned long long)c->h.stats.backed);
  scenario_note(r,
                "merged %u identical pages into shared read-only frames; split again on a write: %llu (%llu "
                "copied); %llu HFENCE.GVMA",
                c->merged, (unsigned long long)c->h.stats.splits, (unsigned long long)c->h.stats.split_copies,
                (unsigned long long)c->h.stats.gfences);
  return true;
}

bool scen_hypervisor(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  hv_ctx c = {0};
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  bool ok = scenario_with_kernel(m, &cfg, hv_body, &c, r);
  r->kernel.shootdowns += c.h.stats.shootdowns;
  r->kernel.shoot_fences += c.h.stats.gfences;
  r->kernel.ipis += c.h.stats.ipis;
  for (unsigned g = 0; g < 2; g++) {
    scenario_add_stats(r, &c.vms[g].guest.stats);
    hv_vm_destroy(&c.vms[g]);
  }
  return ok;
}
