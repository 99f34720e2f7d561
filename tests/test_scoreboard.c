/* The value checker alone (tb/cosim/scoreboard.h), then in the engine over the model (no RTL: these also run
 * under the sanitizers). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/regblock.h"
#include "model/pma.h"
#include "sw/lib/rng.h"
#include "tb/cosim/cosim.h"
#include "tb/cosim/scoreboard.h"

static const sb_platform plat = {.main_base = DRAM_BASE,
                                 .regblock_base = REGBLOCK_BASE,
                                 .regblock_size = REGBLOCK_SIZE,
                                 .framebuf_base = FRAMEBUF_BASE,
                                 .framebuf_size = FRAMEBUF_SIZE};

static scoreboard *sb;
static uint64_t now; /* each access one edge after the one before */

static void setup(void) {
  sb = sb_new(&plat);
  cr_assert(sb);
  now = 10;
}
static void teardown(void) { sb_free(sb); }

static void add(sb_access a) {
  a.time = now;
  now += 3;
  cr_assert(sb_add(sb, &a));
}
static void store(uint64_t pa, unsigned size, uint64_t value, sb_mtype mt) {
  add((sb_access){.kind = SB_STORE, .mtype = (uint8_t)mt, .size = (uint8_t)size, .pa = pa, .value = value});
}
static void load(uint64_t pa, unsigned size, uint64_t got, sb_mtype mt) {
  add((sb_access){.kind = SB_LOAD, .mtype = (uint8_t)mt, .size = (uint8_t)size, .pa = pa, .got = got});
}
static unsigned wrong(void) {
  cr_assert(sb_flush(sb));
  cr_assert_eq(sb_get_stats(sb)->late, 0);
  return sb_get_stats(sb)->mismatches;
}
static const sb_mismatch *first(void) {
  unsigned n;
  const sb_mismatch *m = sb_mismatches(sb, &n);
  cr_assert(n >= 1, "no mismatch kept");
  return m;
}

TestSuite(scoreboard, .init = setup, .fini = teardown);

Test(scoreboard, a_load_returns_the_last_store) {
  store(0x80001000, 8, 0x1122334455667788, SB_MAIN);
  load(0x80001000, 8, 0x1122334455667788, SB_MAIN);
  store(0x80001000, 8, 0x99, SB_MAIN);
  load(0x80001000, 8, 0x99, SB_MAIN);
  cr_assert_eq(wrong(), 0, "pa=0x80001000: %u wrong values", wrong());
  cr_assert_eq(sb_get_stats(sb)->checked, 2);
}

Test(scoreboard, a_wrong_value_is_reported_at_its_first_wrong_byte) {
  store(0x80001000, 8, 0x1122334455667788, SB_MAIN);
  load(0x80001000, 8, 0x1122334400667788, SB_MAIN); /* byte 3 read as 00 */
  cr_assert_eq(wrong(), 1);
  const sb_mismatch *m = first();
  cr_assert_eq(m->why, SB_WRONG_VALUE);
  cr_assert_eq(m->addr, 0x80001003, "first wrong byte at %#" PRIx64 ", want 0x80001003", m->addr);
  cr_assert_eq(m->expected, 0x1122334455667788, "expected %#" PRIx64, m->expected);
  char line[400];
  sb_format_mismatch(line, sizeof line, m);
  cr_assert(strstr(line, "0x80001000") && strstr(line, "0x80001003"), "%s", line);
  cr_assert(strstr(line, "expected 88 77 66 55 44 33 22 11, got 88 77 66 00 44 33 22 11"), "%s", line);
  /* the image takes the value read: the same corruption is not reported again */
  load(0x80001000, 8, 0x1122334400667788, SB_MAIN);
  cr_assert_eq(wrong(), 1);
}

Test(scoreboard, sub_word_stores_land_in_their_bytes) {
  store(0x80002000, 8, 0, SB_MAIN);
  store(0x80002005, 1, 0xab, SB_MAIN);
  store(0x80002002, 2, 0xcdef, SB_MAIN);
  store(0x80002000, 1, 0x01, SB_MAIN);
  /* the walker's read of the word, a halfword and a byte load */
  add((sb_access){.kind = SB_PTE_READ, .size = 8, .pa = 0x80002000, .got = 0x0000ab00cdef0001});
  load(0x80002004, 2, 0xab00, SB_MAIN);
  load(0x80002005, 1, 0xab, SB_MAIN);
  cr_assert_eq(wrong(), 0);
  /* the byte lane a shared misunderstanding would use (bit 2 of the address dropped) */
  store(0x80002006, 1, 0x5a, SB_MAIN);
  load(0x80002006, 1, 0x00, SB_MAIN);
  cr_assert_eq(wrong(), 1);
  cr_assert_eq(first()->addr, 0x80002006, "at %#" PRIx64, first()->addr);
}

Test(scoreboard, a_narrow_load_must_be_zero_extended) {
  store(0x80003000, 2, 0x8001, SB_MAIN);
  load(0x80003000, 2, 0xffffffffffff8001, SB_MAIN);
  cr_assert_eq(wrong(), 1);
  cr_assert_eq(first()->why, SB_WRONG_EXTEND);
}

Test(scoreboard, accesses_are_checked_in_the_order_they_were_taken_not_added) {
  sb_access st = {.time = 40, .kind = SB_STORE, .mtype = SB_MAIN, .size = 8, .pa = 0x80004000, .value = 7};
  sb_access ld = {.time = 20, .kind = SB_LOAD, .mtype = SB_MAIN, .size = 8, .pa = 0x80004000, .got = 0};
  cr_assert(sb_add(sb, &st));
  cr_assert(sb_add(sb, &ld)); /* taken before the store: it reads the old zero */
  cr_assert(sb_advance(sb, 30));
  cr_assert_eq(sb_get_stats(sb)->checked, 1, "the store at edge 40 is not processed before edge 30");
  cr_assert(sb_flush(sb));
  cr_assert_eq(wrong(), 0);
}

/* Stores and loads of one word, added partly in the order they were taken and partly not (as a run's
 * requests complete: one request's accesses in order, an earlier-accepted request's after a later one's),
 * with ties at one edge, and the checker advanced in steps no further than the next access to be added:
 * each load was given the value of the last store before it in (edge, order added), so none is wrong and
 * none late; one load given another value is the one wrong. */
Test(scoreboard, accesses_added_in_and_out_of_order_are_processed_by_edge_then_order_added) {
  enum { N = 3000 };
  static sb_access a[N];
  static unsigned by_time[N];
  for (uint64_t seed = 1; seed <= 4; seed++) {
    rng r;
    rng_seed(&r, seed);
    uint64_t t = 100;
    for (unsigned i = 0; i < N; i++) {
      /* mostly forward, sometimes back by up to 40 edges, sometimes the same edge */
      unsigned step = rng_below(&r, 8);
      t = step == 0 ? t : step == 1 && t > 140 ? t - 1 - rng_below(&r, 40) : t + 1 + rng_below(&r, 5);
      bool st = rng_below(&r, 3) == 0;
      a[i] = (sb_access){.time = t,
                         .seq = i,
                         .kind = st ? SB_STORE : SB_LOAD,
                         .mtype = SB_MAIN,
                         .size = 8,
                         .pa = 0x80005000,
                         .value = st ? rng_next(&r) : 0};
      by_time[i] = i;
    }
    /* the order the checker must take them in: by edge, ties in the order added (insertion sort: stable) */
    for (unsigned i = 1; i < N; i++)
      for (unsigned j = i; j && a[by_time[j - 1]].time > a[by_time[j]].time; j--) {
        unsigned k = by_time[j];
        by_time[j] = by_time[j - 1];
        by_time[j - 1] = k;
      }
    uint64_t word = 0;
    for (unsigned i = 0; i < N; i++) {
      sb_access *x = &a[by_time[i]];
      if (x->kind == SB_STORE)
        word = x->value;
      else
        x->got = word;
    }
    /* in the last seed one load made wrong, one that a store follows (the image takes what a read returned) */
    unsigned bad = N;
    if (seed == 4)
      for (unsigned i = N / 2; i + 1 < N && bad == N; i++)
        if (a[by_time[i]].kind == SB_LOAD && a[by_time[i + 1]].kind == SB_STORE) bad = by_time[i];
    if (bad < N) a[bad].got ^= 0x100;
    sb_free(sb);
    sb = sb_new(&plat);
    cr_assert(sb);
    for (unsigned i = 0; i < N; i++) {
      cr_assert(sb_add(sb, &a[i]));
      if (rng_below(&r, 4)) continue;
      uint64_t floor = UINT64_MAX; /* no further than the earliest access still to come */
      for (unsigned j = i + 1; j < N; j++)
        if (a[j].time < floor) floor = a[j].time;
      cr_assert(sb_advance(sb, floor));
    }
    cr_assert(sb_flush(sb));
    const sb_stats *st = sb_get_stats(sb);
    cr_assert_eq(st->late, 0, "seed %" PRIu64 ": %u late", seed, (unsigned)st->late);
    cr_assert_eq(st->mismatches, bad < N, "seed %" PRIu64 ": %u wrong values at pa=0x80005000", seed,
                 (unsigned)st->mismatches);
    if (bad < N) cr_assert_eq(first()->a.seq, bad, "the wrong load is request %u, want %u", first()->a.seq, bad);
  }
}

Test(scoreboard, an_access_older_than_one_processed_is_counted_late) {
  sb_access a = {.time = 40, .kind = SB_LOAD, .mtype = SB_MAIN, .size = 8, .pa = 0x80004000};
  cr_assert(sb_add(sb, &a));
  cr_assert(sb_advance(sb, 50));
  a.time = 30;
  cr_assert(sb_add(sb, &a));
  cr_assert_eq(sb_get_stats(sb)->late, 1);
}

Test(scoreboard, fifo_reads_pop_in_order_and_registers_are_not_memory) {
  uint64_t fifo = REGBLOCK_BASE + 0x10;
  store(fifo, 8, 0x111, SB_IO);
  store(fifo, 4, 0x222, SB_IO);
  store(fifo, 8, 0x333, SB_IO);
  load(REGBLOCK_BASE + 0x18, 8, 3, SB_IO); /* COUNT */
  load(fifo, 8, 0x111, SB_IO);
  load(fifo, 8, 0x222, SB_IO);
  load(REGBLOCK_BASE, 8, REGBLOCK_ID, SB_IO);
  store(REGBLOCK_BASE, 8, 5, SB_IO); /* ID ignores writes */
  load(REGBLOCK_BASE, 8, REGBLOCK_ID, SB_IO);
  cr_assert_eq(wrong(), 0);
  load(fifo, 8, 0x111, SB_IO); /* popped already: the next is 0x333 */
  cr_assert_eq(wrong(), 1);
  cr_assert_eq(first()->why, SB_WRONG_REGISTER);
  cr_assert_eq(first()->expected, 0x333, "expected %#" PRIx64, first()->expected);
  load(fifo, 8, 0, SB_IO); /* empty: zero */
  cr_assert_eq(wrong(), 1);
}

Test(scoreboard, doorbell_writes_are_logged_in_order_and_nc_stores_never_reach_the_block) {
  store(REGBLOCK_BASE + 0x20, 8, 0xd1, SB_IO);
  store(REGBLOCK_BASE + 0x20, 4, 0xd2, SB_IO);
  store(REGBLOCK_BASE + 0x20, 8, 0xd3, SB_NC); /* through the buffer's line write, which the block refuses */
  store(REGBLOCK_BASE + 0x08, 8, 0x5c, SB_NC);
  load(REGBLOCK_BASE + 0x20, 8, 2, SB_IO);
  load(REGBLOCK_BASE + 0x08, 8, 0, SB_IO);
  cr_assert_eq(wrong(), 0);
  size_t n;
  const sb_doorbell *d = sb_doorbells(sb, &n);
  cr_assert_eq(n, 2);
  cr_assert(d[0].value == 0xd1 && d[1].value == 0xd2 && d[1].size == 4);
}

Test(scoreboard, nc_stores_reach_cached_readers_after_their_harts_fence) {
  uint64_t pa = 0xa0000040;
  store(pa, 8, 0x77, SB_NC);
  load(pa, 8, 0x77, SB_NC); /* the uncached path sees it at once */
  add((sb_access){.kind = SB_FENCE, .hart = 0});
  load(pa, 8, 0x00, SB_MAIN); /* after the fence a cached read must see it: the old bytes are wrong */
  cr_assert_eq(wrong(), 1);
  cr_assert_eq(first()->addr, pa, "at %#" PRIx64, first()->addr);
}

Test(scoreboard, a_line_under_mixed_types_is_taken_as_it_comes_until_flushed) {
  uint64_t pa = 0xa0000080;
  store(pa, 8, 0x77, SB_NC);
  load(pa, 8, 0x00, SB_MAIN); /* the NC store may sit in the buffer: mixed attributes, any value */
  load(pa, 8, 0x77, SB_NC);
  cr_assert_eq(wrong(), 0);
  cr_assert_eq(sb_get_stats(sb)->unchecked, 2);
  add((sb_access){.kind = SB_FENCE, .hart = 0});
  add((sb_access){.kind = SB_CBO_FLUSH, .pa = pa});
  load(pa, 8, 0x77, SB_MAIN); /* learned */
  load(pa, 8, 0x66, SB_MAIN); /* held to it */
  cr_assert_eq(wrong(), 1);
}

Test(scoreboard, a_compare_and_swap_writes_only_when_memory_holds_its_compare_value) {
  uint64_t pte = 0x80005008;
  cr_assert(sb_image(sb, pte, 0x2000000f));
  add((sb_access){.kind = SB_PTE_CAS, .size = 8, .pa = pte, .value = 0x200000cf, .cmp = 0x2000004f, .got = 0x2000000f});
  add((sb_access){.kind = SB_PTE_READ, .size = 8, .pa = pte, .got = 0x2000000f});
  add((sb_access){.kind = SB_PTE_CAS, .size = 8, .pa = pte, .value = 0x200000cf, .cmp = 0x2000000f, .got = 0x2000000f});
  add((sb_access){.kind = SB_PTE_READ, .size = 8, .pa = pte, .got = 0x200000cf});
  cr_assert_eq(wrong(), 0);
}

Test(scoreboard, another_agents_store_lands_after_that_harts_next_pte_read) {
  uint64_t pte = 0x80006000;
  cr_assert(sb_image(sb, pte, 0x11));
  add((sb_access){.kind = SB_POKE, .hart = 1, .pa = pte, .value = 0x22});
  add((sb_access){.kind = SB_PTE_READ, .hart = 0, .size = 8, .pa = pte, .got = 0x11}); /* another hart's */
  add((sb_access){.kind = SB_PTE_READ, .hart = 1, .size = 8, .pa = pte, .got = 0x11});
  add((sb_access){.kind = SB_PTE_READ, .hart = 0, .size = 8, .pa = pte, .got = 0x22});
  cr_assert_eq(wrong(), 0);
}

Test(scoreboard, cbo_inval_of_a_written_line_learns_its_bytes_again) {
  store(0x80007000, 8, 0x1234, SB_MAIN);
  store(0x80007038, 8, 0x5678, SB_MAIN);
  add((sb_access){.kind = SB_CBO_INVAL, .pa = 0x80007000});
  load(0x80007000, 8, 0, SB_MAIN); /* the discarded store's memory: either value is right */
  load(0x80007000, 8, 0, SB_MAIN);
  load(0x80007038, 8, 0x9abc, SB_MAIN); /* learning one word leaves the others of the line to learn */
  load(0x80007038, 8, 0x9abc, SB_MAIN);
  cr_assert_eq(wrong(), 0);
  cr_assert_eq(sb_get_stats(sb)->learned, 2);
}

Test(scoreboard, the_io_region_outside_every_device_reads_zero) {
  store(0x12000000, 8, 0x55, SB_IO);
  load(0x12000000, 8, 0, SB_IO);
  cr_assert_eq(wrong(), 0);
  load(0x12000000, 8, 0x55, SB_IO);
  cr_assert_eq(wrong(), 1);
  cr_assert_eq(first()->why, SB_WRONG_UNMAPPED);
}

Test(scoreboard, the_frame_buffer_is_plain_bytes_on_the_uncached_path) {
  uint64_t px = FRAMEBUF_BASE + 0x140;
  store(px, 4, 0xffee0011, SB_NC); /* combined, then drained: an IO read drains the buffer first */
  load(px, 4, 0xffee0011, SB_IO);
  load(px + 2, 2, 0xffee, SB_NC);
  cr_assert_eq(wrong(), 0);
  load(px, 1, 0x00, SB_IO);
  cr_assert_eq(wrong(), 1);
  cr_assert_eq(first()->addr, px, "at %#" PRIx64, first()->addr);
}

Test(scoreboard, a_pte_read_from_a_device_window_is_not_held_to_a_value) {
  add((sb_access){.kind = SB_PTE_READ, .size = 8, .pa = REGBLOCK_BASE + 0x10, .got = 0});
  add((sb_access){.kind = SB_PTE_READ, .size = 8, .pa = FRAMEBUF_BASE, .got = 0x1234});
  cr_assert_eq(wrong(), 0);
  cr_assert_eq(sb_get_stats(sb)->unchecked, 2);
  cr_assert_eq(sb_get_stats(sb)->pops, 0, "a PTE read of the FIFO's line pops nothing");
}

/* ---- in the engine, over the model alone and model against model ---------- */

/* M-mode traffic (untranslated, main memory through the cache): a byte stored at offset 5 of its word, read
 * back as a byte and as the word. */
static const char script_text[] = "mmucosim-replay 1\n"
                                  "harts 1\ntlb 16\nlatency 4\nserial 0\nseed 1\nbug 0\nmutant-build 0\n"
                                  "mem    hart=0 gap=0 pa=0x80100000 value=0x0807060504030201\n"
                                  "access hart=0 gap=0 va=0x80100005 type=w priv=M virt=0 op=store size=1 wdata=0xab\n"
                                  "access hart=0 gap=0 va=0x80100005 type=r priv=M virt=0 op=load size=1 wdata=0\n"
                                  "access hart=0 gap=0 va=0x80100000 type=r priv=M virt=0 op=load size=8 wdata=0\n";

static int run_script(cosim_backend backend, const char *dut, cosim_stats *st, char **out) {
  replay r;
  char err[256];
  cr_assert(replay_parse("value.replay", script_text, strlen(script_text), &r, err, sizeof err), "%s", err);
  size_t len;
  FILE *f = open_memstream(out, &len);
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.script = &r;
  cfg.requests = 100;
  cfg.backend = backend;
  cfg.dut = dut;
  cfg.wave_window = 0;
  cfg.out = f;
  int rc = cosim_run(&cfg, st);
  fclose(f);
  replay_free(&r);
  return rc;
}

Test(scoreboard_engine, the_model_alone_passes_the_value_checker) {
  cosim_stats st;
  char *out;
  int rc = run_script(COSIM_MODEL, NULL, &st, &out);
  cr_assert_eq(rc, 0, "%s%s", st.error, out);
  cr_assert_eq(st.value_mismatches, 0);
  cr_assert_eq(st.value_checked, 2, "checked %" PRIu64 " reads", st.value_checked);
  free(out);
}

Test(scoreboard_engine, the_default_stream_has_no_wrong_value_model_against_model, .timeout = 120) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.requests = 4000;
  cfg.harts = 4;
  cfg.dut = "model";
  cfg.wave_window = 0;
  cfg.out = stdout;
  cosim_stats st;
  int rc = cosim_run(&cfg, &st);
  cr_assert_eq(rc, 0, "rc %d: %s", rc, st.error);
  cr_assert_eq(st.value_mismatches, 0);
  cr_assert(st.value_checked > 1000, "checked only %" PRIu64 " reads", st.value_checked);
}
