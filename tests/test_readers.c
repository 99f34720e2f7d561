/*
 * The readers of files (vectors, replay files, coverage files, lackey
 * traces, the report's tab-separated tables) take nothing on trust, and agree (model/textin.h): a table of
 * inputs, each given to every reader after that reader's own valid start,
 * with what must come back: lines of any length with the right line
 * numbers, CRLF read as LF, a blank line of spaces or '\r' skipped, a NUL
 * byte named as one, every number checked at its full width, and input
 * echoed escaped and shortened so that a message is one line holding
 * "FILE:LINE:" and its reason. Then each reader's own cases from issue 19:
 * a vector's cause=4294967316, coverage counts of -1, 2^64 and sums past
 * 2^64-1, a lackey access past 2^64.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/cov.h"
#include "model/textin.h"
#include "sw/scenarios/trace.h"
#include "tb/cosim/replay.h"
#include "tb/report/report.h"
#include "tb/vec/vecfile.h"

typedef enum reader { R_VEC, R_REPLAY, R_COV, R_TRACE, R_TSV, N_READERS } reader;
static const char *const reader_name[N_READERS] = {"vec", "replay", "cov", "trace", "tsv"};

/* Each reader's valid start (its line count: the lines before the case's). */
static const char *const head[N_READERS] = {
    "mmuvec 1\n",
    "mmucosim-replay 1\nharts 1\ntlb 16\nlatency 4\nserial 0\nseed 1\nbug 0\nmutant-build 0\n",
    "ok/sv39/4K/load/U 3\n",
    "I  0401ab70,3\n",
    "a\tb\n",
};
static const unsigned head_lines[N_READERS] = {1, 8, 1, 1, 1};
/* A valid statement of each, and one that each refuses. */
static const char *const good[N_READERS] = {"mem 0x1000 0x5", "sync hart=0 gap=0", "ok/sv39/4K/store/U 1",
                                            " L 1fff000708,8", "1\t2"};
static const char *const bad[N_READERS] = {"bogus 1 2", "bogus", "ok/sv39/4K/load/U x", " Q 1,1", "1"};

/* text (len bytes) read by r as the file "in/put.x"; false with err on a refusal. */
static bool read_as(reader r, const char *text, size_t len, char *err, size_t errlen, unsigned *items) {
  *items = 0;
  switch (r) {
  case R_VEC: {
    vec_file f;
    if (!vec_parse_text("in/put.x", text, len, &f, err, errlen)) return false;
    *items = (unsigned)f.n;
    vec_free(&f);
    return true;
  }
  case R_REPLAY: {
    replay rp;
    if (!replay_parse("in/put.x", text, len, &rp, err, errlen)) return false;
    *items = (unsigned)rp.n;
    replay_free(&rp);
    return true;
  }
  case R_COV: {
    mm_cov *c = malloc(sizeof *c);
    cr_assert(c);
    mm_cov_init(c);
    bool ok = mm_cov_parse(c, "in/put.x", text, len, err, errlen);
    for (unsigned b = 0; b < mm_cov_bins(); b++)
      *items += c->count[b] != 0;
    free(c);
    return ok;
  }
  case R_TRACE: {
    trace_reader tr;
    trace_open_mem(&tr, "in/put.x", text, len);
    trace_rec rec;
    int got;
    while ((got = trace_next(&tr, &rec, err, errlen)) == 1)
      ++*items;
    trace_close(&tr);
    return got == 0;
  }
  case R_TSV: {
    report_table t;
    if (!report_table_parse(&t, "in/put.x", text, len, err, errlen)) return false;
    *items = t.rows;
    report_table_free(&t);
    return true;
  }
  case N_READERS: break;
  }
  return false;
}

/* head[r] + body (body_len bytes). */
static char *with_head(reader r, const char *body, size_t body_len, size_t *len) {
  size_t h = strlen(head[r]);
  char *text = malloc(h + body_len + 1);
  cr_assert(text);
  memcpy(text, head[r], h);
  memcpy(text + h, body, body_len);
  text[h + body_len] = '\0';
  *len = h + body_len;
  return text;
}

/* What a one-line message is: no byte outside printable ASCII, and not cut off. */
static void assert_one_line(const char *err, size_t errlen, const char *what) {
  for (const unsigned char *c = (const unsigned char *)err; *c; c++)
    cr_assert(*c >= 0x20 && *c < 0x7f, "%s: byte %#x in the message '%s'", what, *c, err);
  cr_assert_lt(strlen(err), errlen - 1, "%s: the message filled its buffer (cut off?): '%s'", what, err);
}

Test(readers, every_reader_skips_blank_lines_of_spaces_tabs_and_cr) {
  for (unsigned r = 0; r < N_READERS; r++) {
    char body[200];
    int n = snprintf(body, sizeof body, "\n   \n\t\n\r\n \r\n%s\n", good[r]);
    size_t len;
    char *text = with_head(r, body, (size_t)n, &len);
    char err[512] = "";
    unsigned items;
    cr_expect(read_as(r, text, len, err, sizeof err, &items), "%s: %s", reader_name[r], err);
    free(text);
  }
}

Test(readers, every_reader_reads_crlf_as_lf) {
  for (unsigned r = 0; r < N_READERS; r++) {
    char lf[200], crlf[400];
    int n = snprintf(lf, sizeof lf, "%s%s\n%s\n", head[r], good[r], good[r]);
    size_t m = 0;
    for (int i = 0; i < n; i++) {
      if (lf[i] == '\n') crlf[m++] = '\r';
      crlf[m++] = lf[i];
    }
    char err[512] = "";
    unsigned items_lf, items_crlf;
    cr_assert(read_as(r, lf, (size_t)n, err, sizeof err, &items_lf), "%s LF: %s", reader_name[r], err);
    cr_assert(read_as(r, crlf, m, err, sizeof err, &items_crlf), "%s CRLF: %s", reader_name[r], err);
    cr_expect_eq(items_lf, items_crlf, "%s: %u items with LF, %u with CRLF", reader_name[r], items_lf, items_crlf);
    /* and an error in a CRLF file names the same line as in the LF one */
    n = snprintf(lf, sizeof lf, "%s%s\r\n%s\r\n", head[r], good[r], bad[r]);
    cr_assert(!read_as(r, lf, (size_t)n, err, sizeof err, &items_crlf), "%s: '%s' accepted", reader_name[r], bad[r]);
    char want[64];
    snprintf(want, sizeof want, "in/put.x:%u: ", head_lines[r] + 2);
    cr_expect(strstr(err, want) == err, "%s: '%s' does not start with '%s'", reader_name[r], err, want);
  }
}

Test(readers, every_reader_takes_lines_of_any_length_and_counts_them_right) {
  /* a 100 000-byte line (a comment where the format has them, else a blank one), then an error */
  size_t long_len = 100000;
  for (unsigned r = 0; r < N_READERS; r++) {
    char *body = malloc(long_len + 100);
    cr_assert(body);
    bool comments = r != R_TRACE && r != R_TSV;
    body[0] = comments ? '#' : ' ';
    memset(body + 1, comments ? 'c' : ' ', long_len - 1);
    size_t n = long_len + (size_t)sprintf(body + long_len, "\n%s\n", bad[r]);
    size_t len;
    char *text = with_head(r, body, n, &len);
    char err[512] = "";
    unsigned items;
    cr_assert(!read_as(r, text, len, err, sizeof err, &items), "%s: '%s' accepted", reader_name[r], bad[r]);
    char want[64];
    snprintf(want, sizeof want, "in/put.x:%u: ", head_lines[r] + 2);
    cr_expect(strstr(err, want) == err, "%s: '%s' does not start with '%s'", reader_name[r], err, want);
    free(text);
    free(body);
  }
}

Test(readers, every_reader_names_a_nul_byte_with_its_line_and_column) {
  for (unsigned r = 0; r < N_READERS; r++) {
    char body[200];
    int n = snprintf(body, sizeof body, "%s\nab", good[r]);
    body[n++] = '\0';
    n += sprintf(body + n, "cd\n");
    size_t len;
    char *text = with_head(r, body, (size_t)n, &len);
    char err[512] = "";
    unsigned items;
    cr_assert(!read_as(r, text, len, err, sizeof err, &items), "%s: a NUL byte accepted", reader_name[r]);
    char want[96];
    snprintf(want, sizeof want, "in/put.x:%u: a NUL byte at column 3", head_lines[r] + 2);
    cr_expect(strstr(err, want) == err, "%s: '%s' does not start with '%s'", reader_name[r], err, want);
    free(text);
  }
}

/* A token with a newline, an escape sequence or 5 000 bytes, where each reader echoes it. */
typedef struct echo_case {
  reader r;
  char before[40], after[64]; /* around the token (arrays: Criterion copies the parameters to its workers) */
  char reason[32];            /* what the message must still say */
} echo_case;

static echo_case echo_cases[] = {
    {R_VEC, "access r ", " priv=S virt=0\nexpect ok pa=0x0 pbmt=pma\n", "is not a 64-bit number"},
    {R_VEC, "", " 1 2\n", "unknown statement"},
    {R_REPLAY, "sync hart=", " gap=0\n", "not a number"},
    {R_REPLAY, "sync hart=0 gap=0 ", "=1\n", "sync has no such field"},
    {R_COV, "ok/sv39/4K/load/U ", "\n", "is not a number"},
    {R_COV, "", " 1\n", "no bin named"},
};

ParameterizedTestParameters(readers, echoed_input_is_escaped_and_short) {
  return cr_make_param_array(echo_case, echo_cases, sizeof echo_cases / sizeof echo_cases[0]);
}

ParameterizedTest(echo_case *c, readers, echoed_input_is_escaped_and_short) {
  static const char escape[] = "\x1b[2J\x1b[31mred\x7f\x80\xff";
  char *token = malloc(6000);
  cr_assert(token);
  for (unsigned kind = 0; kind < 2; kind++) {
    if (kind == 0)
      snprintf(token, 6000, "%s", escape);
    else {
      memset(token, 'z', 5000);
      token[5000] = '\0';
    }
    char body[6200];
    int n = snprintf(body, sizeof body, "%s%s%s", c->before, token, c->after);
    size_t len;
    char *text = with_head(c->r, body, (size_t)n, &len);
    char err[512] = "";
    unsigned items;
    cr_assert(!read_as(c->r, text, len, err, sizeof err, &items), "%s: accepted", reader_name[c->r]);
    char what[64];
    snprintf(what, sizeof what, "%s, %s token", reader_name[c->r], kind ? "a long" : "an escape");
    assert_one_line(err, sizeof err, what);
    char want[64];
    snprintf(want, sizeof want, "in/put.x:%u: ", head_lines[c->r] + 1);
    cr_expect(strstr(err, want) == err, "%s: '%s' does not start with '%s'", what, err, want);
    cr_expect(strstr(err, c->reason), "%s: '%s' lost its reason '%s'", what, err, c->reason);
    if (kind == 0) cr_expect(strstr(err, "\\x1b[2J"), "%s: the escape not shown as \\x1b: '%s'", what, err);
    free(text);
  }
  free(token);
}

Test(readers, a_newline_inside_a_replay_value_stays_escaped) {
  /* a quoted value unescapes \n: echoed raw, it would split the message */
  static const char body[] = "sync hart=\"0\\n1\" gap=0\n";
  size_t len;
  char *text = with_head(R_REPLAY, body, sizeof body - 1, &len);
  char err[512] = "";
  unsigned items;
  cr_assert(!read_as(R_REPLAY, text, len, err, sizeof err, &items));
  assert_one_line(err, sizeof err, "replay");
  cr_expect(strstr(err, "in/put.x:9: hart=\"0\\x0a1\": only a note is quoted"), "'%s'", err);
  free(text);
}

Test(readers, a_path_with_a_newline_is_escaped_in_the_message) {
  vec_file f;
  char err[512] = "";
  cr_assert(!vec_parse("two\nlines.vec", "mmuvec 1\nbogus\n", &f, err, sizeof err));
  assert_one_line(err, sizeof err, "vec");
  cr_expect(strstr(err, "two\\x0alines.vec:2: unknown statement"), "'%s'", err);
}

/* ---- each reader's numbers at their full width ---- */

static bool vec_fault_cause(const char *cause, char *err, size_t errlen) {
  char text[200];
  snprintf(text, sizeof text, "mmuvec 1\naccess r 0x1000 priv=S virt=0\nexpect fault cause=%s\n", cause);
  vec_file f;
  bool ok = vec_parse("c.vec", text, &f, err, errlen);
  if (ok) vec_free(&f);
  return ok;
}

Test(readers, vec_cause_is_checked_before_it_is_narrowed) {
  char err[512];
  cr_assert(vec_fault_cause("20", err, sizeof err), "%s", err);
  cr_assert(vec_fault_cause("0xd", err, sizeof err), "%s", err);
  static const char *const refused[] = {"276", "4294967316", "4294967308", "0x10000000000000014", "-20", "20x"};
  for (unsigned i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    cr_expect(!vec_fault_cause(refused[i], err, sizeof err), "cause=%s accepted", refused[i]);
    cr_expect(strstr(err, "c.vec:3: "), "cause=%s: '%s'", refused[i], err);
  }
  cr_expect(!vec_fault_cause("4294967316", err, sizeof err));
  cr_expect(strstr(err, "c.vec:3: cause 4294967316 is not a page fault"), "'%s'", err);
}

Test(readers, txt_u64_refuses_what_exceeds_64_bits) {
  static const struct {
    const char *s;
    bool ok;
    uint64_t v;
  } cases[] = {
      {"0", true, 0},
      {"18446744073709551615", true, UINT64_MAX},
      {"0xffffffffffffffff", true, UINT64_MAX},
      {"0x00000000000000000001", true, 1},
      {"18446744073709551616", false, 0},
      {"0x10000000000000000", false, 0},
      {"-1", false, 0},
      {"+1", false, 0},
      {" 1", false, 0},
      {"1 ", false, 0},
      {"0x", false, 0},
      {"", false, 0},
      {"12a", false, 0},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint64_t v = 12345;
    bool ok = txt_u64(cases[i].s, &v);
    cr_expect_eq(ok, cases[i].ok, "'%s': %s", cases[i].s, ok ? "accepted" : "refused");
    if (ok && cases[i].ok) cr_expect_eq(v, cases[i].v, "'%s': %#" PRIx64 ", want %#" PRIx64, cases[i].s, v, cases[i].v);
  }
}

/* ---- coverage counts ---- */

static int bin_of(const char *name) {
  int b = mm_cov_find(name);
  cr_assert_geq(b, 0, "no bin %s", name);
  return b;
}

Test(readers, cov_count_minus_one_and_oversized_counts_are_refused) {
  mm_cov *c = malloc(sizeof *c);
  cr_assert(c);
  mm_cov_init(c);
  static const char *const refused[] = {"-1", "18446744073709551616", "99999999999999999999999", "1.5", "0x"};
  char err[512];
  for (unsigned i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    char text[128];
    snprintf(text, sizeof text, "# counts\nok/sv39/4K/load/U %s\n", refused[i]);
    cr_expect(!mm_cov_parse(c, "x.cov", text, strlen(text), err, sizeof err), "count %s accepted", refused[i]);
    cr_expect(strstr(err, "x.cov:2: count '"), "count %s: '%s'", refused[i], err);
  }
  static const char max[] = "ok/sv39/4K/load/U 18446744073709551615\n";
  cr_assert(mm_cov_parse(c, "x.cov", max, sizeof max - 1, err, sizeof err), "%s", err);
  cr_expect_eq(c->count[bin_of("ok/sv39/4K/load/U")], UINT64_MAX, "2^64-1 read as %" PRIu64,
               c->count[bin_of("ok/sv39/4K/load/U")]);
  free(c);
}

Test(readers, cov_sums_past_2_to_the_64_are_refused_and_leave_the_counts_as_they_were) {
  mm_cov *c = malloc(sizeof *c);
  cr_assert(c);
  mm_cov_init(c);
  char err[512];
  static const char first[] = "ok/sv39/4K/load/U 18446744073709551615\nok/sv39/4K/store/U 7\n";
  cr_assert(mm_cov_parse(c, "a.cov", first, sizeof first - 1, err, sizeof err), "%s", err);
  /* a second file adding 1 to the full bin: refused, and its other counts not added either */
  static const char second[] = "ok/sv39/4K/store/U 5\nok/sv39/4K/load/U 1\n";
  cr_assert(!mm_cov_parse(c, "b.cov", second, sizeof second - 1, err, sizeof err), "the sum wrapped silently");
  cr_expect(strstr(err, "b.cov:2: bin ok/sv39/4K/load/U: the counts added up exceed"), "'%s'", err);
  cr_expect_eq(c->count[bin_of("ok/sv39/4K/load/U")], UINT64_MAX);
  cr_expect_eq(c->count[bin_of("ok/sv39/4K/store/U")], 7, "a refused file's counts were added");
  /* one file naming a bin twice past 2^64-1 */
  mm_cov_init(c);
  static const char twice[] = "ok/sv39/4K/load/U 9223372036854775808\nok/sv39/4K/load/U 9223372036854775808\n";
  cr_assert(!mm_cov_parse(c, "t.cov", twice, sizeof twice - 1, err, sizeof err), "the sum wrapped to 0");
  cr_expect(strstr(err, "t.cov:2: "), "'%s'", err);
  cr_expect_eq(c->count[bin_of("ok/sv39/4K/load/U")], 0);
  free(c);
}

Test(readers, cov_merge_saturates_instead_of_wrapping_to_empty) {
  mm_cov *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  cr_assert(a && b);
  mm_cov_init(a);
  mm_cov_init(b);
  unsigned bin = (unsigned)bin_of("ok/sv39/4K/load/U");
  a->count[bin] = UINT64_MAX - 1;
  b->count[bin] = 2;
  mm_cov_merge(a, b);
  cr_expect_eq(a->count[bin], UINT64_MAX, "merged to %" PRIu64 ", want 2^64-1", a->count[bin]);
  mm_cov_tally g[MM_COV_GROUPS];
  mm_cov_tally all = mm_cov_count(a, g);
  cr_expect_eq(all.hit, 1, "the saturated bin counts as hit (%u hit)", all.hit);
  free(a);
  free(b);
}

/* ---- lackey traces: an access past 2^64 ---- */

Test(readers, trace_access_past_2_to_the_64_is_malformed_like_any_bad_line) {
  static const char text[] = "==1== banner\n L fffffffffffffff8,8\n L fffffffffffffffc,8\n";
  trace_reader tr;
  trace_open_mem(&tr, "t.trace", text, sizeof text - 1);
  trace_rec rec;
  char err[512] = "";
  cr_assert_eq(trace_next(&tr, &rec, err, sizeof err), 1, "%s", err);
  cr_expect_eq(rec.addr, 0xfffffffffffffff8ull, "addr %#" PRIx64, rec.addr);
  cr_assert_eq(trace_next(&tr, &rec, err, sizeof err), -1, "an access wrapping past 2^64 was read");
  cr_expect(strstr(err, "t.trace:3: the access runs past the last address"), "'%s'", err);
  trace_close(&tr);
}

Test(readers, cov_find_names_every_bin_back_and_nothing_else) {
  char name[200];
  for (unsigned b = 0; b < mm_cov_bins(); b++) {
    mm_cov_bin_name(b, name, sizeof name);
    cr_assert_eq(mm_cov_find(name), (int)b, "'%s' found as %d, want %u", name, mm_cov_find(name), b);
  }
  static const char *const none[] = {"",
                                     "ok",
                                     "ok/",
                                     "ok/sv39/4K/load",
                                     "ok/sv39/4K/load/U/",
                                     "/ok",
                                     "ok//4K/load/U",
                                     "ok/sv39/4K/load/U/x",
                                     "ok/sv39/4K/load/u",
                                     "okk/sv39/4K/load/U",
                                     "ok/sv39/4K/loa/U",
                                     "a/b/c/d/e/f/g"};
  for (unsigned i = 0; i < sizeof none / sizeof none[0]; i++)
    cr_expect_eq(mm_cov_find(none[i]), -1, "'%s' found as bin %d", none[i], mm_cov_find(none[i]));
}

Test(readers, cov_reads_a_regression_file_in_linear_time) {
  /* the checked-in regression counts, 40 times over: each of some 40 000 lines a name looked up */
  FILE *f = fopen("tests/coverage/regress.cov", "rb");
  cr_assert(f, "tests/coverage/regress.cov");
  char *one = malloc(1 << 16);
  cr_assert(one);
  size_t n = fread(one, 1, 1 << 16, f);
  fclose(f);
  cr_assert(n > 0 && n < 1 << 16);
  char *many = malloc(40 * n);
  cr_assert(many);
  for (unsigned i = 0; i < 40; i++)
    memcpy(many + i * n, one, n);
  mm_cov *c = malloc(sizeof *c);
  cr_assert(c);
  mm_cov_init(c);
  char err[512];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  cr_assert(mm_cov_parse(c, "many.cov", many, 40 * n, err, sizeof err), "%s", err);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  /* looked up by naming every bin in turn this took 1.6 s at -O3 without sanitizers; by parts 4 ms */
  cr_expect_lt(secs, 1.0, "%zu bytes read in %.3f s", 40 * n, secs);
  free(c);
  free(many);
  free(one);
}

Test(readers, replay_hex_escape_takes_exactly_two_hex_digits) {
  static const char *const refused[] = {"\\x\t1", "\\x\r1", "\\x\v1", "\\x 1", "\\x+1",
                                        "\\x-1",  "\\x1",   "\\x00",  "\\xg1", "\\x0x"};
  char err[512];
  for (unsigned i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    char body[64];
    int n = snprintf(body, sizeof body, "sync hart=0 gap=0 note=\"%s\"\n", refused[i]);
    size_t len;
    char *text = with_head(R_REPLAY, body, (size_t)n, &len);
    replay r;
    bool ok = replay_parse("q.replay", text, len, &r, err, sizeof err);
    if (ok) replay_free(&r);
    char shown[TXT_SHOW_SIZE];
    cr_expect(!ok, "note=\"%s\" accepted", txt_show(shown, refused[i]));
    cr_expect(strstr(err, "q.replay:9: "), "'%s'", err);
    free(text);
  }
}

Test(readers, vec_expected_pa_is_a_physical_address) {
  char err[512];
  vec_file f;
  static const char *const refused[] = {"0x100000000000000", "0xffffffffffffffff", "0x80000004"};
  for (unsigned i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    char text[200];
    snprintf(text, sizeof text, "mmuvec 1\naccess r 0x1000 priv=S virt=0\nexpect ok pa=%s pbmt=pma\n", refused[i]);
    bool ok = vec_parse("p.vec", text, &f, err, sizeof err);
    if (ok) vec_free(&f);
    cr_expect(!ok, "pa=%s accepted", refused[i]);
    cr_expect(strstr(err, "p.vec:3: pa "), "pa=%s: '%s'", refused[i], err);
  }
}

Test(readers, tsv_header_columns_are_bounded) {
  size_t cols = REPORT_TABLE_MAX_COLS + 1;
  char *text = malloc(2 * cols + 8);
  cr_assert(text);
  size_t n = 0;
  for (size_t c = 0; c < cols; c++) {
    text[n++] = 'h';
    text[n++] = c + 1 < cols ? '\t' : '\n';
  }
  report_table t;
  char err[512];
  cr_assert(!report_table_parse(&t, "w.tsv", text, n, err, sizeof err), "%zu columns accepted", cols);
  cr_expect(strstr(err, "w.tsv:1: 1025 columns: at most 1024"), "'%s'", err);
  text[n - 3] = '\n'; /* one column fewer: at the limit */
  cr_assert(report_table_parse(&t, "w.tsv", text, n - 2, err, sizeof err), "%s", err);
  cr_expect_eq(t.cols, REPORT_TABLE_MAX_COLS);
  report_table_free(&t);
  free(text);
}

/* n testcases that passed (junit.c's layout), then one that failed; the text to free. */
static char *junit_text(unsigned n) {
  char *xml = malloc((size_t)n * 120 + 400);
  cr_assert(xml);
  size_t at = (size_t)sprintf(xml, "<?xml version=\"1.0\"?>\n<testsuites>\n  <testsuite name=\"regress\">\n");
  for (unsigned i = 0; i < n; i++)
    at += (size_t)sprintf(xml + at,
                          "    <testcase classname=\"regress\" name=\"run %u\" time=\"0.1\">\n    </testcase>\n", i);
  sprintf(xml + at,
          "    <testcase classname=\"regress\" name=\"a &amp; b\" time=\"1\">\n"
          "      <failure message=\"MISMATCH &lt;here&gt;\"/>\n    </testcase>\n  </testsuite>\n</testsuites>\n");
  return xml;
}

Test(readers, junit_failures_are_listed_decoded_in_linear_time) {
  char *xml = junit_text(3);
  char *html;
  size_t len;
  FILE *out = open_memstream(&html, &len);
  cr_assert(out);
  cr_assert_eq(report_junit_failures(out, xml), 1);
  fclose(out);
  cr_expect(strstr(html, "<li><b>a &amp; b</b>: MISMATCH &lt;here&gt;"), "%s", html);
  free(html);
  free(xml);
  /* 20 000 passing runs: each testcase's search used to run to the end of the file */
  xml = junit_text(20000);
  out = fopen("/dev/null", "w");
  cr_assert(out);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  cr_assert_eq(report_junit_failures(out, xml), 1);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  fclose(out);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  cr_expect_lt(secs, 1.0, "20 000 testcases scanned in %.3f s", secs);
  free(xml);
}
