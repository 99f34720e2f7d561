#include "coloring.h"

#include <stdlib.h>
#include <string.h>

#include "devices/framebuf.h"
#include "model/bus.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "model/pte.h"
#include "sw/lib/frames.h"
#include "sw/lib/pt.h"

#define POOL_BASE   0x90000000ull /* the data frames */
#define POOL_FRAMES 1024
#define TABLES      0x88000000ull /* page tables, in frames of their own */
#define VA_BASE     0x40000000ull

/* An earlier process holds every frame of the pool's first half but those
 * of color 0, so the lowest free frames are all of one color. */
static void fragment(frames *f) {
  for (unsigned i = 0; i < POOL_FRAMES / 2; i++) {
    uint64_t pa = POOL_BASE + (uint64_t)i * 4096;
    if (frames_color(f, pa) != 0) {
      f->used[i] = 1;
      f->free--;
    }
  }
}

static bool run_one(const coloring_params *p, bool colored, coloring_result *r, const char **why) {
  memset(r, 0, sizeof *r);
  r->allocator = colored ? "colored" : "naive";
  bool ok = false;
  mm_mem *mem = mm_mem_new();
  frames *f = malloc(sizeof *f);
  mm_bus bus;
  mm_memsys ms;
  mm_hart hart;
  bool ms_up = false, hart_up = false;
  if (!mem || !f) {
    *why = "out of memory";
    goto out;
  }
  mm_bus_init(&bus, mem);
  mm_memsys_params mp = {.cache = p->cache, .bus_latency = p->bus_latency};
  if (!(ms_up = mm_memsys_init(&ms, &mp, &bus, why))) goto out;
  mm_hart_params hp = {.tlb_entries = 256, .mem_latency = p->bus_latency};
  if (!(hart_up = mm_hart_init(&hart, &hp, why))) goto out;
  unsigned colors = mm_cache_colors(&ms.cache);
  if (!frames_init(f, POOL_BASE, POOL_FRAMES, colors)) {
    *why = "frame pool";
    goto out;
  }
  fragment(f);

  /* The process's pages: VA_BASE + i * 4 KiB -> a frame of the allocator's choice. */
  pt_builder b;
  pt_init(&b, mem, TABLES, 3, 0, TABLES + 4096);
  uint64_t frame[256];
  uint64_t seen_colors = 0;
  for (unsigned i = 0; i < p->pages; i++) {
    bool got = colored ? frames_alloc_colored(f, &frame[i]) : frames_alloc_naive(f, &frame[i]);
    if (!got) {
      *why = "the frame pool ran dry";
      goto out;
    }
    seen_colors |= 1ull << frames_color(f, frame[i]);
    uint64_t slot;
    pt_map(&b, VA_BASE + (uint64_t)i * 4096, 0, pt_pte(frame[i], PTE_V | PTE_R | PTE_W | PTE_A | PTE_D), &slot);
  }
  r->colors_used = (unsigned)__builtin_popcountll(seen_colors);
  hart.csrs.satp = ((uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT) | (1ull << SATP_ASID_SHIFT) | (TABLES >> 12);
  hart.csrs.menvcfg = ENVCFG_ADUE | ENVCFG_PBMTE;

  mm_port port = mm_port_of_memsys(&ms);
  for (unsigned pass = 0; pass < p->passes; pass++) {
    for (unsigned i = 0; i < p->pages; i++) {
      for (unsigned line = 0; line < 4096 / LINE_BYTES; line++) {
        mm_req req = {.va = VA_BASE + (uint64_t)i * 4096 + line * LINE_BYTES,
                      .type = MM_LOAD,
                      .priv = MM_PRIV_S,
                      .data_op = MM_DATA_LOAD,
                      .size = 8};
        mm_obs o;
        mm_hart_access_port(&hart, &port, &req, &o);
        if (!o.ok) {
          *why = "a load of the working set faulted";
          goto out;
        }
        r->loads++;
        r->cycles += o.cycles;
        if (!o.cache_hit) {
          r->misses++;
          r->misses_after += pass > 0;
          r->per_color[frames_color(f, frame[i]) % 64]++;
        }
      }
    }
  }
  ok = true;
out:
  if (hart_up) mm_hart_destroy(&hart);
  if (ms_up) mm_memsys_destroy(&ms);
  free(f);
  mm_mem_free(mem);
  return ok;
}

bool coloring_run(const coloring_params *p, coloring_result out[2], const char **why) {
  if (p->pages < 1 || p->pages > 256 || p->passes < 2) {
    *why = "pages must be 1..256 and passes at least 2";
    return false;
  }
  return run_one(p, false, &out[0], why) && run_one(p, true, &out[1], why);
}
