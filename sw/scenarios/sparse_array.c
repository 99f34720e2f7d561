/*
 * A sparse array backed by demand paging: 2^36 eight-byte elements (512
 * GiB) in an Sv48 space. Elements at random indices (from the seed) are
 * written, others read. A read of a page nobody wrote maps the shared zero
 * page read-only (no frame); the first write to a page gives it a zeroed
 * frame of its own (from the zero page: copy-on-write without a copy).
 * Checks: every element reads what was last written there, or zero; the
 * data frames are exactly the distinct pages written.
 */
#include "sw/lib/rng.h"
#include "sw/scenarios/scenario.h"

#define ARRAY_VA 0x10000000000ull
#define ELEMS    (1ull << 36)
#define WRITES   48
#define READS    48

typedef struct sparse_ctx {
  uint64_t seed;
} sparse_ctx;

static uint64_t elem_va(uint64_t i) { return ARRAY_VA + 8 * i; }

/* The last value written at index i, or 0. */
static uint64_t shadow(const uint64_t *idx, const uint64_t *val, unsigned n, uint64_t i) {
  uint64_t v = 0;
  for (unsigned j = 0; j < n; j++)
    if (idx[j] == i) v = val[j];
  return v;
}

static unsigned distinct_pages(const uint64_t *idx, unsigned n) {
  unsigned d = 0;
  for (unsigned j = 0; j < n; j++) {
    bool seen = false;
    for (unsigned i = 0; i < j; i++)
      seen |= elem_va(idx[i]) >> PAGE_SHIFT == elem_va(idx[j]) >> PAGE_SHIFT;
    d += !seen;
  }
  return d;
}

static bool sparse_body(kernel *k, void *vctx, scenario_result *r) {
  sparse_ctx *c = vctx;
  rng g;
  rng_seed(&g, c->seed);
  space *s;
  SC_TRY(r, kern_space_new(k, &s));
  vma arr = {.start = ARRAY_VA, .end = elem_va(ELEMS), .prot = PTE_R | PTE_W | PTE_U, .zero_page = true};
  SC_TRY(r, kern_vma_add(k, 0, s, &arr));
  SC_TRY(r, kern_switch(k, 0, s));
  uint64_t idx[WRITES], val[WRITES], frames = k->stats.frames, tables = k->stats.tables;
  for (unsigned j = 0; j < WRITES; j++) {
    /* Reads between the writes, at random and next to a written element. */
    uint64_t i = j % 3 == 2 && j ? idx[j - 1] ^ 1 : rng_next(&g) % ELEMS, got;
    SC_TRY(r, kern_load(k, 0, elem_va(i), 8, &got));
    uint64_t want = shadow(idx, val, j, i);
    SC_CHECK(r, got == want, "element %#llx at va %#llx read %#llx, want %#llx", (unsigned long long)i,
             (unsigned long long)elem_va(i), (unsigned long long)got, (unsigned long long)want);
    idx[j] = j % 4 == 3 ? i : rng_next(&g) % ELEMS; /* now and then a page read before */
    val[j] = rng_next(&g) | 1;
    SC_TRY(r, kern_store(k, 0, elem_va(idx[j]), 8, val[j]));
  }
  for (unsigned j = 0; j < READS; j++) {
    uint64_t i = j % 2 ? rng_next(&g) % ELEMS : idx[j], got;
    SC_TRY(r, kern_load(k, 0, elem_va(i), 8, &got));
    uint64_t want = shadow(idx, val, WRITES, i);
    SC_CHECK(r, got == want, "element %#llx at va %#llx read %#llx, want %#llx", (unsigned long long)i,
             (unsigned long long)elem_va(i), (unsigned long long)got, (unsigned long long)want);
  }
  unsigned pages = distinct_pages(idx, WRITES);
  uint64_t data = k->stats.frames - frames - (k->stats.tables - tables);
  SC_CHECK(r, data == pages, "%llu data frames for %u distinct pages written", (unsigned long long)data, pages);
  SC_CHECK(r, k->stats.zero_maps > 0, "no read mapped the zero page");
  scenario_note(r,
                "a 512 GiB array (seed %llu): %u elements written on %u pages -> %llu data frames, %llu page tables, "
                "%llu reads mapped the zero page",
                (unsigned long long)c->seed, WRITES, pages, (unsigned long long)data,
                (unsigned long long)(k->stats.tables - tables), (unsigned long long)k->stats.zero_maps);
  return true;
}

bool scen_sparse_array(machine *m, const scenario_params *p, scenario_result *r) {
  sparse_ctx c = {.seed = p->seed};
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  cfg.levels = 4;
  return scenario_with_kernel(m, &cfg, sparse_body, &c, r);
}
