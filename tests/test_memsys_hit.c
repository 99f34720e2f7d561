/*
 * The memory system's hit path (model/memsys.c hit_fast, cache.h's lookup)
 * against the slow ways of doing the same: a memory system whose every
 * access takes the DECODE steps (a poke armed for a hart that never reads,
 * which keeps hit_fast out), and a cache lookup by a plain search of the
 * ways. A random stream of reads, compare-and-swaps, loads, stores, CBOs,
 * FENCEs and NC/IO accesses over a few conflicting lines, at 1 to 16 ways;
 * after every access both systems must hold the same answer, bus
 * transactions, statistics and cache state (lines, dirty bits, PLRU bits and
 * bytes). And the byte-lane helpers of bus.h against their definitions.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/bus.h"
#include "model/memsys.h"
#include "sw/lib/rng.h"
#include "testutil.h"

#define LINES 48 /* distinct main-memory lines the stream visits: more than a small cache holds */

/* The way holding pa's line by a plain search (the lookup before it compared every way at once). */
static int lookup_plain(const mm_cache *c, uint64_t pa) {
  unsigned set = mm_cache_set(c, pa);
  for (unsigned w = 0; w < c->ways; w++) {
    unsigned slot = mm_cache_slot(c, set, w);
    if (mm_cache_valid(c, slot) && c->line[slot] == pa >> MM_CACHE_LINE_SHIFT) return (int)w;
  }
  return -1;
}

typedef struct side {
  mm_mem *mem;
  mm_bus bus;
  mm_memsys ms;
  mm_obs sink; /* the access's bus transactions */
} side;

static void side_init(side *s, unsigned cache_bytes, unsigned ways, bool decode_only) {
  s->mem = mm_mem_new();
  mm_bus_init(&s->bus, s->mem);
  mm_memsys_params p = {.cache = {.size_bytes = cache_bytes, .ways = ways, .line_bytes = 64}, .bus_latency = 3};
  const char *why = NULL;
  cr_assert(mm_memsys_init(&s->ms, &p, &s->bus, &why), "memsys: %s", why);
  if (decode_only) mm_memsys_arm_poke(&s->ms, 3, 0, 0); /* hart 3 makes no access: the poke never fires */
  s->ms.sink = &s->sink;
}

static void side_free(side *s) {
  mm_memsys_destroy(&s->ms);
  mm_mem_free(s->mem);
}

static void expect_same_state(const side *a, const side *b, const char *what) {
  const mm_cache *ca = &a->ms.cache, *cb = &b->ms.cache;
  for (unsigned slot = 0; slot < ca->sets * ca->ways; slot++) {
    assert_eq_hex(ca->line[slot], cb->line[slot], "%s: slot %u's line", what, slot);
    cr_assert_eq(ca->dirty[slot], cb->dirty[slot], "%s: slot %u's dirty bit %u/%u", what, slot, ca->dirty[slot],
                 cb->dirty[slot]);
  }
  for (unsigned set = 0; set < ca->sets; set++)
    assert_eq_hex(ca->plru[set], cb->plru[set], "%s: set %u's PLRU bits", what, set);
  cr_assert(!memcmp(ca->data, cb->data, (size_t)ca->sets * ca->ways * 64), "%s: the cached bytes differ", what);
  cr_assert(!memcmp(&ca->stats, &cb->stats, sizeof ca->stats), "%s: cache hits %" PRIu64 "/%" PRIu64, what,
            ca->stats.hits, cb->stats.hits);
  cr_assert(a->ms.stats.accesses == b->ms.stats.accesses && a->ms.stats.bus_reads == b->ms.stats.bus_reads &&
                a->ms.stats.bus_writes == b->ms.stats.bus_writes &&
                a->ms.stats.alias_errors == b->ms.stats.alias_errors,
            "%s: memory-system statistics differ", what);
}

static void expect_same_answer(const mm_memop *a, const mm_memop *b, const side *sa, const side *sb, const char *what) {
  assert_eq_hex(a->data, b->data, "%s: data", what);
  assert_eq_hex(a->old, b->old, "%s: old", what);
  cr_assert(a->hit == b->hit && a->cycles == b->cycles, "%s: hit %u/%u cycles %u/%u", what, a->hit, b->hit, a->cycles,
            b->cycles);
  cr_assert_eq(sa->sink.n_bus, sb->sink.n_bus, "%s: %u and %u bus transactions", what, sa->sink.n_bus, sb->sink.n_bus);
  for (unsigned k = 0; k < sa->sink.n_bus; k++) {
    const mm_bus_txn *x = &sa->sink.bus[k], *y = &sb->sink.bus[k];
    cr_assert(x->write == y->write && x->size == y->size && x->beats == y->beats && x->cycle == y->cycle,
              "%s: bus transaction %u differs", what, k);
    assert_eq_hex(x->addr, y->addr, "%s: bus transaction %u's address", what, k);
    assert_eq_hex(x->mask, y->mask, "%s: bus transaction %u's mask", what, k);
    cr_assert(!memcmp(x->data, y->data, sizeof x->data), "%s: bus transaction %u's data", what, k);
  }
}

/* One random access of the stream (the line base sits in main memory, a few in the I/O region). */
static mm_memop random_op(rng *r, const uint64_t *lines) {
  static const uint8_t sizes[] = {1, 2, 4, 8};
  uint64_t line = lines[rng_below(r, LINES)];
  uint8_t size = sizes[rng_below(r, 4)];
  uint64_t pa = line | (rng_below(r, 64) & ~(uint64_t)(size - 1));
  mm_memop op = {.hart = 0, .stage = MM_STAGE_UNKNOWN, .level = MM_STAGE_UNKNOWN, .mt = MM_MT_MAIN, .pa = pa};
  unsigned pick = rng_below(r, 100);
  if (pick < 30) {
    op.kind = MM_OP_LOAD;
    op.size = size;
  } else if (pick < 55) {
    op.kind = MM_OP_STORE;
    op.size = size;
    op.data = rng_next(r) << (8 * (pa & 7));
    op.mask = mm_lane_mask(pa, size);
  } else if (pick < 75) {
    op.kind = MM_OP_READ;
    op.size = 8;
    op.pa = pa & ~7ull;
  } else if (pick < 87) {
    op.kind = MM_OP_CAS;
    op.size = 8;
    op.pa = pa & ~7ull;
    op.data = rng_next(r);
    op.cmp = rng_below(r, 2) ? 0 : rng_next(r); /* untouched memory holds 0: both outcomes happen */
  } else if (pick < 93) {
    op.kind = (uint8_t)(MM_OP_CBO_CLEAN + rng_below(r, 3));
    op.pa = line;
  } else if (pick < 95) {
    op.kind = MM_OP_FENCE;
    op.pa = 0;
  } else { /* NC or IO: through the buffer or straight to the bus, past the cache (an alias when it holds the line) */
    op.kind = rng_below(r, 2) ? MM_OP_LOAD : MM_OP_STORE;
    op.mt = (uint8_t)(rng_below(r, 2) ? MM_MT_NC : MM_MT_IO);
    op.size = size;
    if (op.kind == MM_OP_STORE) {
      op.data = rng_next(r) << (8 * (pa & 7));
      op.mask = mm_lane_mask(pa, size);
    }
  }
  return op;
}

typedef struct geometry {
  unsigned cache_bytes, ways;
} geometry;

static geometry geometries[] = {{1024, 1}, {1024, 2}, {2048, 4}, {4096, 8}, {4096, 16}, {8192, 4}};

ParameterizedTestParameters(memsys_hit, agrees_with_the_decode_steps) {
  return cr_make_param_array(geometry, geometries, sizeof geometries / sizeof geometries[0]);
}

ParameterizedTest(geometry *g, memsys_hit, agrees_with_the_decode_steps) {
  uint64_t seed = 0x417fa57ull + g->ways;
  printf("memsys_hit: seed %#" PRIx64 ", %u bytes, %u ways\n", seed, g->cache_bytes, g->ways);
  fflush(stdout);
  rng r;
  rng_seed(&r, seed);
  side fast, slow;
  side_init(&fast, g->cache_bytes, g->ways, false);
  side_init(&slow, g->cache_bytes, g->ways, true);
  /* lines a few way-spans apart (so they meet in the same sets), one with a bit set high up */
  uint64_t lines[LINES];
  unsigned way_span = g->cache_bytes / g->ways;
  for (unsigned i = 0; i < LINES; i++)
    lines[i] = DRAM_BASE + (uint64_t)(i % 6) * way_span + (uint64_t)(i / 6) * 64 * 3 + (i == 7 ? 1ull << 54 : 0);
  unsigned hits = 0, steps = 4000;
  for (unsigned step = 0; step < steps; step++) {
    mm_memop a = random_op(&r, lines), b = a;
    fast.sink.n_bus = slow.sink.n_bus = 0;
    int before = mm_cache_lookup(&fast.ms.cache, a.pa);
    cr_assert_eq(before, lookup_plain(&fast.ms.cache, a.pa), "step %u, pa %#" PRIx64 ": lookup %d, plain search %d",
                 step, a.pa, before, lookup_plain(&fast.ms.cache, a.pa));
    cr_assert(mm_memsys_access(&fast.ms, &a) && mm_memsys_access(&slow.ms, &b), "step %u: an access waited", step);
    char what[96];
    snprintf(what, sizeof what, "seed %#" PRIx64 ", %u ways, step %u, kind %u at %#" PRIx64, seed, g->ways, step,
             a.kind, a.pa);
    expect_same_answer(&a, &b, &fast, &slow, what);
    expect_same_state(&fast, &slow, what);
    hits += a.hit;
  }
  cr_assert_gt(hits, steps / 8, "seed %#" PRIx64 ": only %u of %u accesses hit (the test checks too little)", seed,
               hits, steps);
  cr_assert_eq(slow.ms.stats.pokes, 0, "the armed poke fired");
  side_free(&fast);
  side_free(&slow);
}

Test(memsys_hit, mask_bits_names_every_byte_of_the_mask) {
  for (unsigned mask = 0; mask < 256; mask++) {
    uint64_t want = 0;
    for (unsigned i = 0; i < 8; i++)
      if ((mask >> i) & 1) want |= 0xffull << (8 * i);
    assert_eq_hex(mm_mask_bits((uint8_t)mask), want, "mask %#x", mask);
  }
}

Test(memsys_hit, lane_value_is_the_masked_lanes_shifted_down) {
  rng r;
  rng_seed(&r, 5);
  for (unsigned k = 0; k < 2000; k++) {
    uint64_t word = rng_next(&r), addr = rng_next(&r);
    unsigned size = (unsigned)rng_below(&r, 17);
    uint64_t want = (word & mm_lane_bits(addr, size)) >> (8 * (addr & 7));
    assert_eq_hex(mm_lane_value(word, addr, size), want, "word %#" PRIx64 " at %#" PRIx64 ", size %u", word, addr,
                  size);
  }
}
