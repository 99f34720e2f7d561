/*
 * The sparse physical memory (model/mem.h): zero where never written, exact
 * round trips anywhere in the 56-bit space, growth of the block table, deep
 * clones, and storage only for blocks that hold something.
 */
#include <stdlib.h>

#include "model/bus.h"
#include "sw/lib/rng.h"
#include "testutil.h"

static mm_mem *mem;

static void mem_setup(void) {
  mem = mm_mem_new();
  cr_assert_not_null(mem);
}

static void mem_teardown(void) { mm_mem_free(mem); }

TestSuite(mem, .init = mem_setup, .fini = mem_teardown);

#define TOP_WORD (PA_MASK & ~7ull) /* last aligned word of the 56-bit space */

Test(mem, untouched_reads_zero) {
  static const uint64_t pas[] = {0, 8, 0xff8, 0x1000, 0x80000000, 0x123456789ab8, TOP_WORD};
  for (size_t i = 0; i < sizeof pas / sizeof pas[0]; i++)
    assert_eq_hex(mm_mem_read64(mem, pas[i]), 0, "read of untouched pa %#" PRIx64, pas[i]);
  cr_assert_eq(mm_mem_blocks(mem), 0, "reads allocated %zu blocks", mm_mem_blocks(mem));
}

Test(mem, round_trip_low_and_high) {
  static const struct {
    uint64_t pa, value;
  } words[] = {
      {0x0, 0x0123456789abcdefull},        {0x8, 0xfedcba9876543210ull},      {0xff8, 0xffffffffffffffffull},
      {0x80000000, 0x8000000000000001ull}, {TOP_WORD, 0xa5a5a5a55a5a5a5aull}, {TOP_WORD - 8, 0x1ull},
      {0x00fffffffffff000ull, 0x7ull},     {0x0080000000000000ull, 0x42ull},
  };
  size_t n = sizeof words / sizeof words[0];
  for (size_t i = 0; i < n; i++)
    mm_mem_write64(mem, words[i].pa, words[i].value);
  for (size_t i = 0; i < n; i++)
    assert_eq_hex(mm_mem_read64(mem, words[i].pa), words[i].value, "pa %#" PRIx64, words[i].pa);
  /* Neighbours of written words in the same block are still zero. */
  assert_eq_hex(mm_mem_read64(mem, 0x10), 0, "pa 0x10");
  assert_eq_hex(mm_mem_read64(mem, TOP_WORD - 16), 0, "pa %#" PRIx64, TOP_WORD - 16);
  /* Six blocks of 512 bytes: 0x0 (two words), 0xe00 (0xff8), 0x80000000,
   * 0x0080000000000000, 0x00fffffffffff000, and the top block
   * 0x00fffffffffffe00 (two words). */
  cr_assert_eq(MM_MEM_BLOCK_BYTES, 512, "the counts below are for 512-byte blocks");
  cr_assert_eq(mm_mem_blocks(mem), 6, "blocks = %zu, want 6", mm_mem_blocks(mem));
  /* Overwrite keeps one block and takes the new value. */
  mm_mem_write64(mem, 0x8, 0x99);
  assert_eq_hex(mm_mem_read64(mem, 0x8), 0x99, "pa 0x8 after overwrite");
  cr_assert_eq(mm_mem_blocks(mem), 6);
}

/* Frame number of the i-th frame of the growth test: an odd multiplier
 * modulo 2^44 is a bijection, so the frames are distinct and scattered. */
static uint64_t scattered_frame(uint64_t i) { return (i * 0x9e3779b97f4a7c15ull) & ((1ull << 44) - 1); }

Test(mem, many_frames_grow_the_table) {
  enum { N = 20000 }; /* the table starts with 64 slots */
  size_t blocks = 0;  /* a frame's two words share a block when the first is in the frame's last block */
  for (uint64_t i = 0; i < N; i++) {
    uint64_t base = scattered_frame(i) << PAGE_SHIFT;
    mm_mem_write64(mem, base + (i % 512) * 8, i + 1);
    mm_mem_write64(mem, base + 0xff8, ~i);
    blocks += ((i % 512) * 8 >> MM_MEM_BLOCK_SHIFT) == (0xff8 >> MM_MEM_BLOCK_SHIFT) ? 1 : 2;
  }
  cr_assert_eq(mm_mem_blocks(mem), blocks, "blocks = %zu, want %zu", mm_mem_blocks(mem), blocks);
  for (uint64_t i = 0; i < N; i++) {
    uint64_t base = scattered_frame(i) << PAGE_SHIFT;
    uint64_t pa = base + (i % 512) * 8;
    if (pa != base + 0xff8) assert_eq_hex(mm_mem_read64(mem, pa), i + 1, "frame %" PRIu64 " pa %#" PRIx64, i, pa);
    assert_eq_hex(mm_mem_read64(mem, base + 0xff8), ~i, "frame %" PRIu64 " pa %#" PRIx64, i, base + 0xff8);
  }
  /* Sequential frames too (the hash must spread them). */
  mm_mem *seq = mm_mem_new();
  for (uint64_t f = 0; f < 5000; f++)
    mm_mem_write64(seq, f << PAGE_SHIFT, f + 1);
  cr_assert_eq(mm_mem_blocks(seq), 5000);
  for (uint64_t f = 0; f < 5000; f++)
    assert_eq_hex(mm_mem_read64(seq, f << PAGE_SHIFT), f + 1, "pa %#" PRIx64, f << PAGE_SHIFT);
  mm_mem_free(seq);
}

Test(mem, clone_is_deep) {
  for (uint64_t f = 0; f < 200; f++)
    mm_mem_write64(mem, 0x80000000 + (f << PAGE_SHIFT) + 0x10, f * 3 + 1);
  mm_mem *copy = mm_mem_clone(mem);
  cr_assert_not_null(copy);
  cr_assert_eq(mm_mem_blocks(copy), 200, "clone blocks = %zu", mm_mem_blocks(copy));
  for (uint64_t f = 0; f < 200; f++) {
    uint64_t pa = 0x80000000 + (f << PAGE_SHIFT) + 0x10;
    assert_eq_hex(mm_mem_read64(copy, pa), f * 3 + 1, "clone pa %#" PRIx64, pa);
  }
  /* Writes to either side stay on that side, in shared and new blocks. */
  mm_mem_write64(mem, 0x80000010, 0xdead);
  mm_mem_write64(copy, 0x80001010, 0xbeef);
  mm_mem_write64(copy, 0x90000000, 0x77);
  assert_eq_hex(mm_mem_read64(copy, 0x80000010), 1, "clone after original's write");
  assert_eq_hex(mm_mem_read64(mem, 0x80001010), 4, "original after clone's write");
  assert_eq_hex(mm_mem_read64(mem, 0x90000000), 0, "original after clone's new block");
  cr_assert_eq(mm_mem_blocks(mem), 200);
  cr_assert_eq(mm_mem_blocks(copy), 201);
  mm_mem_free(copy); /* the original must survive its clone's death (ASan) */
  assert_eq_hex(mm_mem_read64(mem, 0x80002010), 7, "original after clone freed");
}

Test(mem, clone_of_empty) {
  mm_mem *copy = mm_mem_clone(mem);
  cr_assert_not_null(copy);
  cr_assert_eq(mm_mem_blocks(copy), 0);
  mm_mem_write64(copy, 0x1000, 5);
  cr_assert_eq(mm_mem_blocks(mem), 0);
  mm_mem_free(copy);
}

Test(mem, zero_write_to_untouched_block_allocates_nothing) {
  mm_mem_write64(mem, 0x80000000, 0);
  mm_mem_write64(mem, TOP_WORD, 0);
  cr_assert_eq(mm_mem_blocks(mem), 0, "zero writes allocated %zu blocks", mm_mem_blocks(mem));
  assert_eq_hex(mm_mem_read64(mem, 0x80000000), 0, "pa 0x80000000");
  /* In a block that exists, zero is an ordinary write. */
  mm_mem_write64(mem, 0x80000000, 0x1234);
  mm_mem_write64(mem, 0x80000000, 0);
  assert_eq_hex(mm_mem_read64(mem, 0x80000000), 0, "pa 0x80000000 after zeroing");
  cr_assert_eq(mm_mem_blocks(mem), 1);
}

typedef struct block_census {
  unsigned count;
  uint64_t sum_of_first_words;
  bool bad_base;
} block_census;

static void census(void *ctx, uint64_t block_pa, const uint64_t *words) {
  block_census *c = ctx;
  c->count++;
  c->sum_of_first_words += words[0];
  if (block_pa & (MM_MEM_BLOCK_BYTES - 1)) c->bad_base = true;
  if (words[0] != (block_pa >> MM_MEM_BLOCK_SHIFT)) c->bad_base = true;
  for (unsigned i = 1; i < MM_MEM_BLOCK_BYTES / 8; i++) /* the rest of a block was never written */
    if (words[i]) c->bad_base = true;
}

/* Every block once, at its address, with its words: a block's first word holds its block number. */
Test(mem, foreach_block_visits_each_block_once) {
  uint64_t want_sum = 0;
  for (uint64_t i = 1; i <= 100; i++) {
    uint64_t block = scattered_frame(i) << (PAGE_SHIFT - MM_MEM_BLOCK_SHIFT);
    mm_mem_write64(mem, block << MM_MEM_BLOCK_SHIFT, block);
    mm_mem_write64(mem, (block + 1) << MM_MEM_BLOCK_SHIFT, block + 1);
    want_sum += 2 * block + 1;
  }
  block_census c = {0};
  mm_mem_foreach_block(mem, census, &c);
  cr_assert_eq(c.count, 200, "visited %u blocks", c.count);
  cr_assert(!c.bad_base, "a block was reported at the wrong address or with other words");
  assert_eq_hex(c.sum_of_first_words, want_sum, "sum of first words");
}

Test(mem, free_null_is_harmless) {
  mm_mem_free(NULL);
  cr_assert_eq(mm_mem_blocks(mem), 0);
}

Test(mem, poke_fires_once_after_the_next_load_of_its_address) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000008, 0x11);
  mm_mem_arm_poke(mem, 0x80000008, 0x22);
  cr_assert(mm_mem_poke_armed(mem));
  assert_eq_hex(mm_mem_load(mem, 0x80000000), 0, "another address");
  assert_eq_hex(mm_mem_read64(mem, 0x80000008), 0x11, "a plain read does not fire it");
  assert_eq_hex(mm_mem_load(mem, 0x80000008), 0x11, "the load sees the value before the poke");
  assert_eq_hex(mm_mem_read64(mem, 0x80000008), 0x22, "then the poke lands");
  cr_assert(!mm_mem_poke_armed(mem));
  assert_eq_hex(mm_mem_load(mem, 0x80000008), 0x22, "one shot");
  mm_mem_free(mem);
}

/* Growing the table keeps an armed poke and every frame the bus-master accesses see. */
Test(mem, poke_and_recent_frames_survive_growth) {
  mm_mem *mem = mm_mem_new();
  mm_mem_write64(mem, 0x80000000, 1);
  assert_eq_hex(mm_mem_load(mem, 0x80000000), 1, "load at %#x", 0x80000000);
  mm_mem_arm_poke(mem, 0x80000000, 2);
  for (uint64_t f = 1; f < 1000; f++) /* many new frames: the table grows */
    mm_mem_write64(mem, 0x80000000 + (f << 12), f);
  cr_assert(mm_mem_poke_armed(mem), "the poke was lost when the table grew");
  assert_eq_hex(mm_mem_load(mem, 0x80000000), 1, "load at %#x", 0x80000000);
  assert_eq_hex(mm_mem_read64(mem, 0x80000000), 2, "the poke's store at %#x", 0x80000000);
  for (uint64_t f = 1; f < 1000; f++)
    assert_eq_hex(mm_mem_load(mem, 0x80000000 + (f << 12)), f, "load at %#" PRIx64, 0x80000000 + (f << 12));
  assert_eq_hex(mm_mem_cas(mem, 0x80005000, 5, 7), 5, "swap at %#x", 0x80005000);
  assert_eq_hex(mm_mem_read64(mem, 0x80005000), 7, "after the swap at %#x", 0x80005000);
  mm_mem_free(mem);
}

/* Whole lines against word-by-word writes and reads: the same words, the same blocks allocated (a line of zero
 * bytes into a block never written allocates none), over random lines, masks and values. */
Test(mem, a_line_at_a_time_is_the_words_one_at_a_time) {
  mm_mem *words = mm_mem_new();
  rng r;
  rng_seed(&r, 5);
  for (unsigned i = 0; i < 20000; i++) {
    uint64_t pa = 0x80000000 + ((uint64_t)rng_below(&r, 1u << 14) << 6); /* 16 K lines, in 2 K blocks */
    uint64_t data[8], mask = rng_chance(&r, 25) ? ~0ull : rng_next(&r) & rng_next(&r);
    for (unsigned w = 0; w < 8; w++)
      data[w] = rng_chance(&r, 30) ? 0 : rng_next(&r);
    mm_mem_write_line(mem, pa, data, mask);
    for (unsigned w = 0; w < 8; w++)
      mm_mem_write_masked(words, pa + 8 * w, data[w], (uint8_t)(mask >> (8 * w)));
    uint64_t got[8], near = pa ^ ((uint64_t)rng_below(&r, 64) << 6); /* a line near it, maybe never written */
    mm_mem_read_line(mem, near, got);
    for (unsigned w = 0; w < 8; w++)
      assert_eq_hex(got[w], mm_mem_read64(words, near + 8 * w), "write %u: line read at %#" PRIx64, i, near + 8 * w);
  }
  cr_assert_eq(mm_mem_blocks(mem), mm_mem_blocks(words), "blocks: %zu by lines, %zu by words", mm_mem_blocks(mem),
               mm_mem_blocks(words));
  uint64_t zero[8] = {0};
  size_t before = mm_mem_blocks(mem);
  mm_mem_write_line(mem, 0x123400000000ull, zero, ~0ull);
  cr_assert_eq(mm_mem_blocks(mem), before, "a line of zeros allocated a block at %#" PRIx64, 0x123400000000ull);
  mm_mem_free(words);
}
