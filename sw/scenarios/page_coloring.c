/*
 * Page coloring through the kernel: the colored frame allocator against the
 * naive one on a cache-hungry workload. An earlier process holds every
 * frame of the first half of the pool but those of color 0, so the lowest
 * free frames all have one color. A process then touches 16 pages (demand
 * zero fills, frames from each allocator in turn) and reads every line of
 * them in four passes. The naive pages share 4 KiB of cache sets per way
 * (4 ways: room for 4 pages) and evict each other in every pass; the
 * colored ones spread over the 8 colors and hit after the first pass.
 * Measured: data loads, cache misses, misses after the first pass, colors,
 * misses by color.
 * Checks: one color against eight; at least 90% of the naive later loads
 * miss, at most 1% of the colored ones.
 */
#include "sw/scenarios/scenario.h"

#define POOL_FRAMES 512
#define WS_VA       0x40000000ull
#define PAGES       16
#define PASSES      4
#define LINES       (KERN_PAGE / LINE_BYTES)
#define COLORS      8 /* the default cache's: 128 KiB of 4 ways, 4 KiB pages */

typedef struct color_ctx {
  const char *name;
  unsigned colors_used;
  uint64_t loads, misses, later_misses, cycles;
  uint64_t per_color[COLORS]; /* misses by the color of the frame read */
} color_ctx;

/* The earlier process: holds the first half of the pool but color 0. */
static bool fragment(kernel *k, scenario_result *r) {
  uint64_t pa[POOL_FRAMES / 2];
  for (unsigned i = 0; i < POOL_FRAMES / 2; i++)
    SC_CHECK(r, frames_alloc_naive(k->pool, &pa[i]), "the pool ran dry");
  for (unsigned i = 0; i < POOL_FRAMES / 2; i++)
    if (frames_color(k->pool, pa[i]) == 0) frames_free(k->pool, pa[i]);
  return true;
}

static bool color_body(kernel *k, void *vctx, scenario_result *r) {
  color_ctx *c = vctx;
  if (!fragment(k, r)) return false;
  space *s;
  SC_TRY(r, kern_space_new(k, &s));
  vma ws = {.start = WS_VA, .end = WS_VA + PAGES * KERN_PAGE, .prot = PTE_R | PTE_W | PTE_U};
  SC_TRY(r, kern_vma_add(k, 0, s, &ws));
  SC_TRY(r, kern_switch(k, 0, s));
  unsigned colors = 0, color_of[PAGES];
  for (unsigned pg = 0; pg < PAGES; pg++) {
    SC_TRY(r, kern_store(k, 0, WS_VA + pg * KERN_PAGE, 8, pg));
    uint64_t pte;
    SC_TRY(r, kern_pte(k, 0, s, WS_VA + pg * KERN_PAGE, &pte));
    color_of[pg] = frames_color(k->pool, pte_ppn(pte) << PAGE_SHIFT);
    SC_CHECK(r, color_of[pg] < COLORS, "page %u: color %u of a pool with %u colors", pg, color_of[pg], COLORS);
    colors |= 1u << color_of[pg];
  }
  c->colors_used = (unsigned)__builtin_popcount(colors);
  for (unsigned pass = 0; pass < PASSES; pass++)
    for (unsigned pg = 0; pg < PAGES; pg++)
      for (unsigned line = 0; line < LINES; line++) {
        mm_obs o;
        SC_TRY(r, kern_op(k, 0, MM_PRIV_U, MM_DATA_LOAD, WS_VA + pg * KERN_PAGE + line * LINE_BYTES, 8, 0, &o));
        c->loads++;
        c->cycles += o.cycles;
        c->misses += !o.cache_hit;
        c->later_misses += pass && !o.cache_hit;
        c->per_color[color_of[pg]] += !o.cache_hit;
      }
  return true;
}

bool scen_page_coloring(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  color_ctx runs[2] = {{.name = "naive"}, {.name = "colored"}};
  for (unsigned i = 0; i < 2; i++) {
    kernel_config cfg = scenario_kernel_config(m, 0x90000000ull + i * POOL_FRAMES * KERN_PAGE);
    cfg.pool_frames = POOL_FRAMES;
    cfg.colored = i == 1;
    if (!scenario_with_kernel(m, &cfg, color_body, &runs[i], r)) return false;
  }
  uint64_t later = runs[0].loads / PASSES * (PASSES - 1);
  scenario_note(r, "%u pages read line by line %u times on a fragmented pool (8 colors):", PAGES, PASSES);
  scenario_note(r, "%-10s %7s %8s %8s %16s %9s", "allocator", "colors", "loads", "misses", "after 1st pass", "cycles");
  for (unsigned i = 0; i < 2; i++)
    scenario_note(r, "%-10s %7u %8llu %8llu %16llu %9llu", runs[i].name, runs[i].colors_used,
                  (unsigned long long)runs[i].loads, (unsigned long long)runs[i].misses,
                  (unsigned long long)runs[i].later_misses, (unsigned long long)runs[i].cycles);
  scenario_data(r, "color\tnaive\tcolored");
  for (unsigned color = 0; color < COLORS; color++)
    scenario_data(r, "%u\t%llu\t%llu", color, (unsigned long long)runs[0].per_color[color],
                  (unsigned long long)runs[1].per_color[color]);
  SC_CHECK(r, runs[0].colors_used == 1 && runs[1].colors_used == 8, "the pages used %u colors (naive), %u (colored)",
           runs[0].colors_used, runs[1].colors_used);
  SC_CHECK(r, runs[0].later_misses * 10 >= later * 9, "naive: %llu misses in %llu later loads",
           (unsigned long long)runs[0].later_misses, (unsigned long long)later);
  SC_CHECK(r, runs[1].later_misses * 100 <= later, "colored: %llu misses in %llu later loads",
           (unsigned long long)runs[1].later_misses, (unsigned long long)later);
  return true;
}
