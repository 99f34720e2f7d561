/*
 * Replay files (tb/cosim/replay.h): a stream written and read back is the
 * same stream, field by field; every malformed file is refused with one
 * line "FILE:LINE: what is wrong"; the feed hands out the same requests from
 * a replay as from the generator. And the shrinker (tb/cosim/shrink.h) on a
 * test of its own: it keeps exactly what the failure needs, keeps to its
 * budget, and ends with a failing replay.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw/lib/rng.h"
#include "tb/cosim/feed.h"
#include "tb/cosim/replay.h"
#include "tb/cosim/shrink.h"

/* The first limit requests of seed's stream. */
static replay collect(uint64_t seed, unsigned harts, unsigned limit) {
  replay r = {.opt = {.harts = harts, .tlb_entries = 16, .mem_latency = 4, .seed = seed}};
  stim *s = stim_new(seed, harts);
  cr_assert(s);
  cr_assert(replay_collect(feed_source_stim(s), limit, &r));
  return r;
}

static char *print(const replay *r, size_t *len) {
  char *text = NULL;
  FILE *f = open_memstream(&text, len);
  cr_assert(f);
  replay_print(f, r, "a test\nof two lines");
  fclose(f);
  return text;
}

static void assert_same_event(const stim_event *a, const stim_event *b, size_t i) {
  cr_assert_eq(a->kind, b->kind, "event %zu: kind %d, read back %d", i, a->kind, b->kind);
  cr_assert_eq(a->hart, b->hart, "event %zu: hart %u, read back %u", i, a->hart, b->hart);
  cr_assert_eq(a->gap, b->gap, "event %zu: gap %u, read back %u", i, a->gap, b->gap);
  cr_assert_eq(a->csr, b->csr, "event %zu: csr %d, read back %d", i, a->csr, b->csr);
  cr_assert_eq(a->pa, b->pa, "event %zu: pa %#" PRIx64 ", read back %#" PRIx64, i, a->pa, b->pa);
  cr_assert_eq(a->value, b->value, "event %zu: value %#" PRIx64 ", read back %#" PRIx64, i, a->value, b->value);
  cr_assert_eq(a->req.va, b->req.va, "event %zu: va %#" PRIx64 ", read back %#" PRIx64, i, a->req.va, b->req.va);
  cr_assert_eq(a->req.type, b->req.type, "event %zu: type", i);
  cr_assert_eq(a->req.priv, b->req.priv, "event %zu: priv", i);
  cr_assert_eq(a->req.virt, b->req.virt, "event %zu: virt", i);
  cr_assert_eq(a->req.data_op, b->req.data_op, "event %zu: data_op", i);
  cr_assert_eq(a->req.size, b->req.size, "event %zu: size", i);
  cr_assert_eq(a->req.wdata, b->req.wdata, "event %zu: wdata %#" PRIx64 ", read back %#" PRIx64, i, a->req.wdata,
               b->req.wdata);
  cr_assert_eq(a->fence.kind, b->fence.kind, "event %zu: fence kind", i);
  cr_assert_eq(a->fence.has_addr, b->fence.has_addr, "event %zu: has_addr", i);
  cr_assert_eq(a->fence.has_id, b->fence.has_id, "event %zu: has_id", i);
  cr_assert_eq(a->fence.addr, b->fence.addr, "event %zu: fence addr %#" PRIx64 ", read back %#" PRIx64, i,
               a->fence.addr, b->fence.addr);
  cr_assert_eq(a->fence.id, b->fence.id, "event %zu: fence id", i);
  cr_assert_eq(a->req.hlvx, b->req.hlvx, "event %zu: hlvx", i);
  cr_assert_eq(!a->note, !b->note, "event %zu: note %s, read back %s", i, a->note ? a->note : "(none)",
               b->note ? b->note : "(none)");
  if (a->note) cr_assert_str_eq(a->note, b->note, "event %zu", i);
}

static void assert_round_trip(const replay *r) {
  size_t len;
  char *text = print(r, &len);
  replay back;
  char err[512];
  bool ok = replay_parse("t.replay", text, len, &back, err, sizeof err);
  cr_assert(ok, "read back: %s", err);
  cr_assert_eq(back.n, r->n, "%zu events written, %zu read back", r->n, back.n);
  cr_assert_eq(memcmp(&back.opt, &r->opt, sizeof back.opt), 0, "the options differ");
  for (size_t i = 0; i < r->n; i++)
    assert_same_event(&r->ev[i], &back.ev[i], i);
  replay_free(&back);
  free(text);
}

Test(replay, generated_streams_read_back_field_by_field) {
  for (unsigned harts = 1; harts <= 4; harts++) {
    replay r = collect(harts * 7, harts, 3000);
    r.opt.serial = harts == 3;
    r.opt.bug = harts;
    r.opt.mutant_build = harts == 2;
    r.opt.seed = UINT64_MAX - harts;
    cr_assert_eq(replay_requests(&r), 3000, "%u harts: %u requests collected", harts, replay_requests(&r));
    unsigned kinds = 0;
    for (size_t i = 0; i < r.n; i++)
      kinds |= 1u << r.ev[i].kind;
    unsigned want = harts > 1 ? 0x3f : 0x1f; /* barriers only come with several harts */
    cr_assert_eq(kinds & want, want, "%u harts: kinds seen %#x", harts, kinds);
    assert_round_trip(&r);
    replay_free(&r);
  }
}

Test(replay, odd_values_and_notes_read_back) {
  static const char *notes[] = {
      "",  "a \"quoted\" word", "back\\slash", "line\nbreak\ttab", "\x01\x1f\x7f", "caf\xc3\xa9 # not a comment", "=",
      NULL};
  replay r = {.opt = {.harts = 4, .tlb_entries = 256, .mem_latency = 1000, .seed = 0}};
  for (unsigned i = 0; i < sizeof notes / sizeof notes[0]; i++) {
    stim_event ev = {.kind = (stim_kind)(i % 6), .hart = i % 4, .gap = REPLAY_MAX_GAP, .note = notes[i]};
    switch (ev.kind) { /* every field the kind has, at its extremes */
    case STIM_MEM:
    case STIM_POKE:
      ev.pa = 0xfffffffffffff8ull; /* the highest word of the 56-bit space */
      ev.value = UINT64_MAX;
      break;
    case STIM_CSR:
      ev.csr = MM_CSR_HENVCFG;
      ev.value = UINT64_MAX;
      break;
    case STIM_ACCESS:
      ev.req = (mm_req){.va = UINT64_MAX,
                        .type = MM_FETCH,
                        .priv = MM_PRIV_M,
                        .virt = true,
                        .data_op = MM_DATA_FETCH,
                        .size = 8,
                        .wdata = UINT64_MAX};
      break;
    case STIM_FENCE:
      ev.fence = (mm_fence){.kind = MM_FENCE_DATA, .has_addr = false, .addr = UINT64_MAX, .has_id = true, .id = 0xffff};
      break;
    case STIM_SYNC: break;
    }
    cr_assert(replay_push(&r, &ev));
  }
  assert_round_trip(&r);
  free(r.ev);
}

/* The requests as the feed numbers them: image words before the first
 * access or fence are none, software's stores after it are. */
Test(replay, requests_are_counted_as_the_feed_numbers_them) {
  replay r = {0};
  stim_event mem = {.kind = STIM_MEM, .pa = 0x80000000}, access = {.kind = STIM_ACCESS}, csr = {.kind = STIM_CSR};
  cr_assert(replay_push(&r, &mem) && replay_push(&r, &csr) && replay_push(&r, &mem));
  cr_assert_eq(replay_requests(&r), 0);
  cr_assert(replay_push(&r, &access) && replay_push(&r, &mem) && replay_push(&r, &csr));
  cr_assert_eq(replay_requests(&r), 2);
  replay_free(&r);
  /* collect stops right after the limit-th request */
  r = collect(3, 2, 50);
  cr_assert_eq(replay_requests(&r), 50);
  cr_assert(replay_is_request(&r.ev[r.n - 1], true), "the last event collected is not a request");
  replay_free(&r);
}

/* ---- malformed files ---------------------------------------------------- */

#define HEAD "mmucosim-replay 1\nharts 2\ntlb 16\nlatency 4\nserial 0\nseed 1\nbug 0\nmutant-build 0\n"
#define MEM  "mem hart=0 gap=0 pa=0x80000000 value=1"
#define ACC  "access hart=0 gap=0 va=0x1000 type=r priv=S virt=0 size=8 wdata=0"

typedef struct bad_case {
  char text[400]; /* inline: Criterion passes parameters to another process */
  unsigned line;
  char what[120]; /* a part of the message */
} bad_case;

static bad_case bad[] = {
    {"", 1, "empty"},
    {"mmucosim-replay 2\n", 1, "unsupported replay version '2'"},
    {"mmucosim-replay\n", 1, "unsupported replay version ''"},
    {"mmucosim-replay 1 more\n", 1, "alone on the first line"},
    {"mmuvec 1\n", 1, "not a replay file"},
    {"\nmmucosim-replay 1\n", 1, "not a replay file"},
    {"# comment\nmmucosim-replay 1\n", 1, "not a replay file"},
    {"mmucosim-replay 1\nmmucosim-replay 1\n", 2, "may only be the first line"},
    {"mmucosim-replay 1\nharts 9\n", 2, "harts 9: expected 1..4"},
    {"mmucosim-replay 1\nharts 0\n", 2, "harts 0: expected 1..4"},
    {"mmucosim-replay 1\ntlb 12\n", 2, "tlb 12: expected a power of two"},
    {"mmucosim-replay 1\ntlb 512\n", 2, "tlb 512: expected 1..256"},
    {"mmucosim-replay 1\nlatency 0\n", 2, "latency 0: expected 1..1000"},
    {"mmucosim-replay 1\nserial 2\n", 2, "serial 2: expected 0 or 1"},
    {"mmucosim-replay 1\nseed x\n", 2, "seed x: not a number"},
    {"mmucosim-replay 1\nseed 18446744073709551616\n", 2, "not a number"},
    {"mmucosim-replay 1\nbug 1001\n", 2, "bug 1001: expected 0..1000"},
    {"mmucosim-replay 1\nmutant-build yes\n", 2, "mutant-build yes: expected 0 or 1"},
    {"mmucosim-replay 1\nharts 2\nharts 2\n", 3, "option 'harts' given twice (first at line 2)"},
    {"mmucosim-replay 1\nharts\n", 2, "expected 'harts VALUE'"},
    {"mmucosim-replay 1\nharts 1 2\n", 2, "expected 'harts VALUE'"},
    {"mmucosim-replay 1\nharts=2\n", 2, "a statement starts with its name"},
    {"mmucosim-replay 1\nharts 2\n" MEM "\n", 3, "missing options 'tlb', 'latency', 'serial', 'seed', 'bug'"},
    {"mmucosim-replay 1\nharts 2\ntlb 16\nlatency 4\nserial 0\nseed 1\nbug 0\n", 7,
     "missing option 'mutant-build' before"},
    {HEAD MEM "\nseed 2\n", 10, "option 'seed' after the first event"},
    {HEAD "jump hart=0\n", 9, "unknown statement 'jump'"},
    {HEAD "mem hart=0 gap=0 pa=0x80000000\n", 9, "mem without value="},
    {HEAD "sync\n", 9, "sync without hart="},
    {HEAD MEM " value=2\n", 9, "value= given twice"},
    {HEAD MEM " va=0\n", 9, "'va': mem has no such field (its fields: hart, gap, pa, value, note)"},
    {HEAD "mem hart=0 gap=0 pa=0x80000001 value=1\n", 9, "pa=0x80000001: not 8-byte aligned"},
    {HEAD "poke hart=0 gap=0 pa=0x100000000000000 value=1\n", 9, "beyond the 56-bit physical address space"},
    {HEAD "mem hart=2 gap=0 pa=0 value=1\n", 9, "hart=2: this replay has 2 harts (0..1)"},
    {HEAD "mem hart=0 gap=100001 pa=0 value=1\n", 9, "gap=100001: expected 0..100000"},
    {HEAD "mem hart=0 gap=0 pa=0 value=-1\n", 9, "value=-1: not a number"},
    {HEAD "mem hart= gap=0 pa=0 value=1\n", 9, "hart=: not a number"},
    {HEAD "mem hart=0 gap=0 pa=0 value=0x10000000000000000\n", 9, "not a number"},
    {HEAD "mem hart=0 gap=0 pa=0 value=1 1\n", 9, "'1': mem has no such field"},
    {HEAD "mem hart gap=0 pa=0 value=1\n", 9, "'hart': expected hart=VALUE"},
    {HEAD "mem =0 gap=0 pa=0 value=1\n", 9, "'=' without a field name"},
    {HEAD "mem ha\"rt=0\n", 9, "only a field's value may be quoted"},
    {HEAD "mem hart=0\"1\n", 9, "a quote inside a value"},
    {HEAD "mem hart=\"0\" gap=0 pa=0 value=1\n", 9, "hart=\"0\": only a note is quoted"},
    {HEAD MEM " note=plain\n", 9, "note=plain: a note is a quoted string"},
    {HEAD MEM " note=\"open\n", 9, "a string without its closing"},
    {HEAD MEM " note=\"end\\\n", 9, "a string without its closing"},
    {HEAD MEM " note=\"a\\qb\"\n", 9, "unknown escape '\\q'"},
    {HEAD MEM " note=\"a\\x4\"\n", 9, "takes two hex digits"},
    {HEAD MEM " note=\"a\\x00\"\n", 9, "takes two hex digits (not 00)"},
    {HEAD MEM " note=\"a\\x-1\"\n", 9, "takes two hex digits"},
    {HEAD MEM " note=\"a\x01\"\n", 9, "a control character (0x01) in a string"},
    {HEAD MEM " note=\"a\"b\n", 9, "expected a space after the closing"},
    {HEAD "csr hart=0 gap=0 csr=sstatus value=1\n", 9, "csr=sstatus: expected one of satp, vsatp, hgatp"},
    {HEAD ACC " op=load type=q\n", 9, "type= given twice"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=q priv=S virt=0 op=load size=8 wdata=0\n", 9,
     "type=q: expected one of r, w, x"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=r priv=H virt=0 op=load size=8 wdata=0\n", 9,
     "priv=H: expected U, S or M"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=r priv=S virt=2 op=load size=8 wdata=0\n", 9, "virt=2: expected 0 or 1"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=r priv=S virt=0 op=jump size=8 wdata=0\n", 9,
     "op=jump: expected one of none, load, store, fetch, cbo.clean, cbo.flush, cbo.inval"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=r priv=S virt=0 op=load size=3 wdata=0\n", 9,
     "size=3: expected 0, 1, 2, 4 or 8"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=r priv=S virt=0 op=load size=16 wdata=0\n", 9, "size=16: expected 0..8"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=w priv=S virt=0 op=load size=8 wdata=0\n", 9,
     "op=load with type=w: a load is type=r"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=r priv=S virt=0 op=cbo.flush size=0 wdata=0\n", 9,
     "a cbo.flush is type=w"},
    {HEAD "access hart=0 gap=0 va=0x1000 type=x priv=S virt=0 op=fetch size=0 wdata=0\n", 9,
     "size=0: a fetch is 1, 2, 4 or 8 bytes"},
    {HEAD ACC "\n", 9, "access without op="},
    {HEAD "access hart=0 gap=0 va=0x1000 type=hlvx priv=U virt=0 op=load size=4 wdata=0\n", 9,
     "type=hlvx with virt=0: an HLVX is translated as with V=1"},
    {HEAD "fence hart=0 gap=0 kind=tlbflush has_addr=0 addr=0 has_id=0 id=0\n", 9,
     "kind=tlbflush: expected one of sfence.vma, hfence.vvma, hfence.gvma, fence"},
    {HEAD "fence hart=0 gap=0 kind=fence has_addr=0 addr=0 has_id=1 id=65536\n", 9, "id=65536: expected 0..65535"},
    {HEAD "fence hart=0 gap=0 kind=fence has_addr=0 addr=0 has_id=0\n", 9, "fence without id="},
    {HEAD "sync hart=0 gap=0 a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10 k=11 l=12 m=13 n=14 o=15 p=16 q=17 r=18 s=19 "
          "t=20 u=21 v=22\n",
     9, "more than 24 words"},
};

ParameterizedTestParameters(replay, malformed) {
  return cr_make_param_array(bad_case, bad, sizeof bad / sizeof bad[0]);
}

/* One line, FILE:LINE: and what is wrong; nothing returned. */
ParameterizedTest(bad_case *c, replay, malformed) {
  replay r;
  char err[512], where[32];
  bool ok = replay_parse("t.replay", c->text, strlen(c->text), &r, err, sizeof err);
  cr_assert(!ok, "accepted: %s", c->text);
  snprintf(where, sizeof where, "t.replay:%u: ", c->line);
  cr_assert_eq(strncmp(err, where, strlen(where)), 0, "'%s' does not start with '%s'", err, where);
  cr_assert(strstr(err, c->what), "'%s' does not say '%s'", err, c->what);
  cr_assert(!strchr(err, '\n'), "'%s' is more than one line", err);
  cr_assert_eq(r.n, 0, "%zu events returned with an error", r.n);
  cr_assert_null(r.ev);
}

Test(replay, a_nul_byte_is_refused) {
  static const char text[] = HEAD MEM "\n" MEM "\0x\n";
  replay r;
  char err[256];
  cr_assert(!replay_parse("t.replay", text, sizeof text - 1, &r, err, sizeof err));
  cr_assert(strstr(err, "t.replay:10: a NUL byte"), "%s", err);
}

Test(replay, a_file_that_cannot_be_read_is_refused) {
  replay r;
  char err[256];
  cr_assert(!replay_read("build/tests/no/such.replay", &r, err, sizeof err));
  cr_assert(strstr(err, "build/tests/no/such.replay: cannot open"), "%s", err);
  cr_assert(!replay_read("tests", &r, err, sizeof err), "a folder was read as a replay");
}

Test(replay, comments_blanks_and_crlf_are_taken) {
  static const char text[] = "mmucosim-replay 1\r\n# options\r\n\r\nharts 1 # one\nserial 1\ntlb 4\nlatency 0x10\n"
                             "seed 010\nbug 3\nmutant-build 0\n  " ACC " op=load note=\"#1\"  # the load\n";
  replay r;
  char err[256];
  bool ok = replay_parse("t.replay", text, strlen(text), &r, err, sizeof err);
  cr_assert(ok, "%s", err);
  cr_assert_eq(r.n, 1);
  cr_assert_eq(r.opt.mem_latency, 16);
  cr_assert_eq(r.opt.seed, 10, "seed 010 is decimal ten, read %" PRIu64, r.opt.seed);
  cr_assert_eq(r.opt.bug, 3);
  cr_assert(r.opt.serial);
  cr_assert_str_eq(r.ev[0].note, "#1");
  cr_assert_eq(r.ev[0].req.va, 0x1000, "va %#" PRIx64, r.ev[0].req.va);
  replay_free(&r);
}

/* Random damage to a good file (bytes changed, inserted, deleted, the file
 * cut short): every result is read or refused with one line, never a crash
 * (the sanitizer build runs this too). */
Test(replay, damaged_files_are_read_or_refused_never_a_crash) {
  replay r = collect(9, 3, 40);
  size_t len;
  char *good = print(&r, &len);
  replay_free(&r);
  static const char pool[] = "=\"\\ #\n\t\r0x19afAF-_.:"
                             "\x01\x7f\xff";
  rng g;
  rng_seed(&g, 1);
  unsigned refused = 0;
  for (unsigned trial = 0; trial < 3000; trial++) {
    char *text = malloc(len + 16);
    cr_assert(text);
    memcpy(text, good, len);
    size_t n = len;
    for (unsigned k = 1 + rng_below(&g, 3); k && n; k--) {
      size_t at = rng_below(&g, (unsigned)n);
      char c = pool[rng_below(&g, sizeof pool - 1)];
      switch (rng_below(&g, 4)) {
      case 0: text[at] = c; break;
      case 1: /* insert */
        memmove(text + at + 1, text + at, n - at);
        text[at] = c;
        n++;
        break;
      case 2: /* delete */
        memmove(text + at, text + at + 1, n - at - 1);
        n--;
        break;
      case 3: n = at; break; /* cut short */
      }
    }
    char err[512];
    replay back;
    if (replay_parse("t.replay", text, n, &back, err, sizeof err)) {
      size_t bad;
      cr_assert(replay_harts_fit(&back, back.opt.harts, &bad), "trial %u: event %zu is on hart %u of %u", trial, bad,
                back.ev[bad].hart, back.opt.harts);
      replay_free(&back);
    } else {
      refused++;
      cr_assert_eq(strncmp(err, "t.replay:", 9), 0, "trial %u: '%s'", trial, err);
      cr_assert(!strchr(err, '\n'), "trial %u: '%s' is more than one line", trial, err);
    }
    free(text);
  }
  cr_assert_gt(refused, 1000, "only %u of 3000 damaged files refused", refused);
  free(good);
}

/* ---- the feed from a replay ---------------------------------------------- */

static void no_image(void *ctx, uint64_t pa, uint64_t value) {
  unsigned *n = ctx;
  (void)pa;
  (void)value;
  (*n)++;
}

static void no_csr(void *ctx, unsigned hart, mm_csr_id csr, uint64_t value) {
  (void)ctx;
  (void)hart;
  (void)csr;
  (void)value;
}

/* Every request a driver hands out, each done 3 cycles after it is taken. */
static unsigned drain(feed *f, unsigned harts, drive_request *out, unsigned max) {
  drive d;
  drive_init(&d, f, 0, false, no_csr, NULL, 4);
  uint64_t idle[MM_MAX_HARTS] = {4, 4, 4, 4};
  unsigned n = 0;
  for (bool any = true; any;) {
    any = false;
    uint64_t changes;
    do {
      changes = d.changes;
      for (unsigned h = 0; h < harts; h++) {
        drive_request q;
        if (n == max || !drive_next(&d, h, idle[h], &q)) continue;
        out[n++] = q;
        idle[h] = q.accept + 4;
        drive_done(&d, q.accept + 3);
        any = true;
      }
    } while (d.changes != changes);
  }
  return n;
}

Test(replay, the_feed_hands_out_the_same_requests_from_a_replay) {
  enum { HARTS = 3, LIMIT = 2000 };
  static drive_request a[LIMIT + 1], b[LIMIT + 1];
  unsigned image_a = 0, image_b = 0;
  feed *fa = feed_new(feed_source_stim(stim_new(11, HARTS)), HARTS, LIMIT, no_image, &image_a);
  unsigned na = drain(fa, HARTS, a, LIMIT + 1);
  feed_free(fa);
  replay r = collect(11, HARTS, LIMIT);
  feed *fb = feed_new(replay_source(&r), HARTS, LIMIT + 100, no_image, &image_b);
  unsigned nb = drain(fb, HARTS, b, LIMIT + 1);
  feed_free(fb);
  cr_assert_eq(na, LIMIT, "%u requests from the generator", na);
  cr_assert_eq(nb, LIMIT, "%u requests from the replay (it ends after %u)", nb, LIMIT);
  cr_assert_eq(image_a, image_b, "image words: %u from the generator, %u from the replay", image_a, image_b);
  for (unsigned i = 0; i < LIMIT; i++) {
    cr_assert_eq(a[i].seq, b[i].seq, "request %u: #%u, from the replay #%u", i, a[i].seq, b[i].seq);
    cr_assert_eq(a[i].accept, b[i].accept, "request %u: taken at %" PRIu64 ", from the replay %" PRIu64, i, a[i].accept,
                 b[i].accept);
    cr_assert_eq(a[i].poke, b[i].poke, "request %u: poke", i);
    cr_assert_eq(a[i].poke_pa, b[i].poke_pa, "request %u: poke pa %#" PRIx64 ", from the replay %#" PRIx64, i,
                 a[i].poke_pa, b[i].poke_pa);
    assert_same_event(&a[i].ev, &b[i].ev, i);
  }
  /* what a tee passes through it records */
  replay log = {0};
  fb = feed_new(replay_tee(replay_source(&r), &log), HARTS, LIMIT, no_image, &image_b);
  drain(fb, HARTS, b, LIMIT + 1);
  feed_free(fb);
  cr_assert_eq(log.n, r.n, "the tee recorded %zu of %zu events", log.n, r.n);
  for (size_t i = 0; i < r.n; i++)
    assert_same_event(&r.ev[i], &log.ev[i], i);
  free(log.ev);
  replay_free(&r);
}

/* ---- the shrinker on a test of its own ----------------------------------- */

/* Fails when every event marked "needed" is there with its hart, gap and
 * data, in order; needs the requests up to the last of them. */
typedef struct fake {
  const char *needed; /* the note of the events the failure needs */
  unsigned runs;
  bool gap_matters; /* the needed events must keep their gaps */
} fake;

static bool fake_fails(void *ctx, const replay *c, unsigned *needed) {
  fake *f = ctx;
  f->runs++;
  unsigned seen = 0, requests = 0, at = 0;
  for (size_t i = 0; i < c->n; i++) {
    requests += replay_is_request(&c->ev[i], requests > 0);
    if (c->ev[i].note != f->needed) continue;
    if (f->gap_matters && c->ev[i].gap != 3) return false;
    seen++;
    at = requests;
  }
  *needed = at;
  return seen == 4;
}

static replay planted(const char *mark) {
  replay r = collect(5, 2, 600);
  unsigned marked = 0, accesses = 0;
  for (size_t i = 0; i < r.n && marked < 4; i++)
    if (r.ev[i].kind == STIM_ACCESS && ++accesses % 100 == 0) { /* the 100th, 200th, 300th and 400th access */
      r.ev[i].note = mark;
      r.ev[i].gap = 3;
      marked++;
    }
  cr_assert_eq(marked, 4);
  return r;
}

Test(replay, shrink_keeps_exactly_what_the_failure_needs) {
  static const char mark[] = "needed";
  replay r = planted(mark);
  fake f = {.needed = mark, .gap_matters = true};
  shrink_test t = {.fails = fake_fails, .ctx = &f};
  shrink_params p = {.max_runs = 100000};
  shrink_stats st;
  cr_assert(shrink_replay(&r, &t, &p, &st));
  cr_assert_eq(r.n, 4, "%zu events left, want the 4 needed", r.n);
  unsigned needed;
  cr_assert(fake_fails(&f, &r, &needed), "the result does not fail");
  unsigned harts = 0; /* the harts of the needed events, renumbered 0.. */
  for (size_t i = 0; i < r.n; i++)
    if (r.ev[i].hart + 1 > harts) harts = r.ev[i].hart + 1;
  cr_assert_eq(r.opt.harts, harts, "%u harts left for events on harts 0..%u", r.opt.harts, harts - 1);
  for (size_t i = 0; i < r.n; i++) {
    cr_assert_eq(r.ev[i].gap, 3, "event %zu: its gap was simplified though the failure needs it", i);
    cr_assert_eq(r.ev[i].req.wdata, 0, "event %zu: store data %#" PRIx64 " not simplified", i, r.ev[i].req.wdata);
  }
  cr_assert_eq(st.runs + 1, f.runs);
  cr_assert(!st.budget_spent);
  cr_assert_lt(st.runs, 2000, "%u runs for 4 of about 1800 events", st.runs);
  replay_free(&r);
}

Test(replay, shrink_keeps_to_its_budget_and_ends_failing) {
  static const char mark[] = "needed";
  for (unsigned budget = 1; budget < 200; budget += 37) {
    replay r = planted(mark);
    size_t before = r.n;
    fake f = {.needed = mark};
    shrink_test t = {.fails = fake_fails, .ctx = &f};
    shrink_params p = {.max_runs = budget};
    shrink_stats st;
    cr_assert(shrink_replay(&r, &t, &p, &st));
    cr_assert_leq(st.runs, budget, "%u runs with a budget of %u", st.runs, budget);
    if (budget == 1) cr_assert(st.budget_spent, "budget 1: not spent");
    cr_assert_leq(r.n, before);
    unsigned needed;
    cr_assert(fake_fails(&f, &r, &needed), "budget %u: the result does not fail", budget);
    replay_free(&r);
  }
}

/* An HLVX access (type=hlvx: a load checked for X) reads back as one. */
Test(replay, an_hlvx_access_reads_back) {
  replay r = {0};
  stim_event ev = {.kind = STIM_ACCESS,
                   .hart = 0,
                   .req = {.va = 0x40201008,
                           .type = MM_LOAD,
                           .priv = MM_PRIV_U,
                           .virt = true,
                           .hlvx = true,
                           .data_op = MM_DATA_LOAD,
                           .size = 4}};
  cr_assert(replay_push(&r, &ev));
  r.opt.harts = 1;
  r.opt.tlb_entries = 16;
  r.opt.mem_latency = 4;
  size_t len;
  char *text = print(&r, &len);
  cr_assert(strstr(text, "type=hlvx"), "written as:\n%s", text);
  free(text);
  assert_round_trip(&r);
  replay_free(&r);
}
