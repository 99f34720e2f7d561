/*
 * Replays every vector file (ours in tests/vectors/, and the reference
 * simulator's samples in tests/vectors/reference/) on the
 * golden model: each file must parse, hold accesses, and match throughout.
 * Then shows that the comparison can fail: a reference sample altered in
 * memory (an expected pa, an expected memory word, a dropped or an invented
 * 'expect mem') must be reported, at the altered line. Tests run from the
 * repository root.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb/vec/vecfile.h"
#include "tb/vec/vecrun.h"
#include "testutil.h"

#define OUR_VECTORS       "tests/vectors/*.vec"
#define REFERENCE_VECTORS "tests/vectors/reference/*.vec"
#define AD_SAMPLE         "tests/vectors/reference/sample_ad_pbmt.vec"

typedef struct vector_path {
  char path[256];
} vector_path;

static size_t count_matches(const char *pattern) {
  glob_t g;
  size_t n = glob(pattern, 0, NULL, &g) == 0 ? g.gl_pathc : 0;
  globfree(&g);
  return n;
}

static void free_paths(struct criterion_test_params *params) { cr_free(params->params); }

ParameterizedTestParameters(vectors, replay) {
  static const char *patterns[] = {OUR_VECTORS, REFERENCE_VECTORS};
  size_t n = count_matches(OUR_VECTORS) + count_matches(REFERENCE_VECTORS);
  vector_path *paths = cr_calloc(n ? n : 1, sizeof *paths);
  size_t k = 0;
  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
    glob_t g;
    if (glob(patterns[i], 0, NULL, &g) != 0) continue;
    for (size_t j = 0; j < g.gl_pathc && k < n; j++)
      snprintf(paths[k++].path, sizeof paths[0].path, "%s", g.gl_pathv[j]);
    globfree(&g);
  }
  return cr_make_param_array(vector_path, paths, k, free_paths);
}

/* Runs f with mismatch reports going to a temporary file; returns the
 * reports (malloc'd, NUL-terminated) and fills *stats. */
static char *run_capture(const vec_file *f, vec_stats *stats) {
  FILE *out = tmpfile();
  cr_assert_not_null(out, "tmpfile() failed");
  vec_opts opts = {.verbose = false, .out = out};
  *stats = (vec_stats){0};
  vec_run(f, &opts, stats);
  long len = ftell(out);
  cr_assert_geq(len, 0, "ftell on the report file failed");
  char *text = calloc((size_t)len + 1, 1);
  cr_assert_not_null(text);
  rewind(out);
  size_t got = fread(text, 1, (size_t)len, out);
  cr_assert_eq(got, (size_t)len, "short read of the report file");
  fclose(out);
  return text;
}

ParameterizedTest(vector_path *v, vectors, replay) {
  vec_file f;
  char err[512];
  cr_assert(vec_read(v->path, &f, err, sizeof err), "%s", err);
  cr_assert_gt(f.accesses, 0, "%s: no accesses", v->path);
  vec_stats stats;
  char *report = run_capture(&f, &stats);
  cr_expect_eq(stats.accesses, f.accesses, "%s: ran %u of %zu accesses", v->path, stats.accesses, f.accesses);
  cr_expect_eq(stats.failed, 0, "%s: %u of %u accesses differ:\n%s", v->path, stats.failed, stats.accesses, report);
  free(report);
  vec_free(&f);
}

/* A glob that finds nothing would make 'replay' vacuous. */
Test(vectors, files_present) {
  cr_assert_geq(count_matches(REFERENCE_VECTORS), 4, "reference samples missing (run from the repository root)");
  size_t ours = count_matches(OUR_VECTORS);
  cr_assert_geq(ours, 1, "no vector files in tests/vectors/");
  glob_t g;
  cr_assert_eq(glob(OUR_VECTORS, 0, NULL, &g), 0);
  size_t accesses = 0;
  for (size_t i = 0; i < g.gl_pathc; i++) {
    vec_file f;
    char err[512];
    cr_assert(vec_read(g.gl_pathv[i], &f, err, sizeof err), "%s", err);
    accesses += f.accesses;
    vec_free(&f);
  }
  globfree(&g);
  cr_expect_geq(accesses, 150, "our vector files hold only %zu accesses", accesses);
}

/* The example of FORMAT.md, verbatim. */
Test(vectors, format_example) {
  static const char text[] = "mmuvec 1\n"
                             "# Sv39, root table at 0x80000000, one 4 KiB page VA 0x1000 -> PA 0x80003000\n"
                             "csr satp 0x8000000000080000\n"
                             "csr menvcfg 0x6000000000000000\n"
                             "mem 0x80000000 0x0000000020000401\n"
                             "mem 0x80001000 0x0000000020000801\n"
                             "mem 0x80002008 0x0000000020000c17\n"
                             "access r 0x1008 priv=U virt=0\n"
                             "expect ok pa=0x80003008 pbmt=pma\n"
                             "expect mem 0x80002008 0x0000000020000c57\n"
                             "access w 0x1000 priv=S virt=0\n"
                             "expect fault cause=15\n";
  vec_file f;
  char err[512];
  cr_assert(vec_parse("example.vec", text, &f, err, sizeof err), "%s", err);
  vec_stats stats;
  char *report = run_capture(&f, &stats);
  cr_expect_eq(stats.accesses, 2);
  cr_expect_eq(stats.failed, 0, "%s", report);
  free(report);
  vec_free(&f);
}

/* --- Alterations of a reference sample. */

static char *read_text(const char *path) {
  FILE *fp = fopen(path, "rb");
  cr_assert_not_null(fp, "cannot open %s", path);
  cr_assert_eq(fseek(fp, 0, SEEK_END), 0);
  long len = ftell(fp);
  cr_assert_gt(len, 0, "%s is empty", path);
  rewind(fp);
  char *text = calloc((size_t)len + 1, 1);
  cr_assert_not_null(text);
  cr_assert_eq(fread(text, 1, (size_t)len, fp), (size_t)len, "short read of %s", path);
  fclose(fp);
  return text;
}

/* Start of the first line that begins with prefix, and its 1-based number. */
static char *find_line(char *text, const char *prefix, unsigned *line) {
  unsigned n = 1;
  for (char *at = text; *at; n++) {
    if (strncmp(at, prefix, strlen(prefix)) == 0) {
      *line = n;
      return at;
    }
    char *nl = strchr(at, '\n');
    if (!nl) break;
    at = nl + 1;
  }
  cr_assert_fail("no line begins with '%s'", prefix);
  return NULL;
}

/* A copy of text with the line at 'at' replaced by replacement (which may
 * hold several lines), or removed when replacement is NULL. */
static char *splice(const char *text, const char *at, const char *replacement) {
  const char *nl = strchr(at, '\n');
  const char *rest = nl ? nl + 1 : at + strlen(at);
  size_t head = (size_t)(at - text);
  size_t len = head + (replacement ? strlen(replacement) + 1 : 0) + strlen(rest) + 1;
  char *out = malloc(len);
  cr_assert_not_null(out);
  snprintf(out, len, "%.*s%s%s%s", (int)head, text, replacement ? replacement : "", replacement ? "\n" : "", rest);
  return out;
}

/* The current line at 'at', without its newline (malloc'd). */
static char *line_text(const char *at) {
  size_t n = strcspn(at, "\n");
  char *s = malloc(n + 1);
  cr_assert_not_null(s);
  memcpy(s, at, n);
  s[n] = '\0';
  return s;
}

/* Parses text as "altered.vec", runs it, and checks that exactly one access
 * fails with one difference reported at line 'line' containing 'what'. */
static void expect_one_difference(const char *text, unsigned line, const char *what) {
  vec_file f;
  char err[512];
  cr_assert(vec_parse("altered.vec", text, &f, err, sizeof err), "the altered sample no longer parses: %s", err);
  vec_stats stats;
  char *report = run_capture(&f, &stats);
  cr_expect_eq(stats.failed, 1, "want 1 failed access, got %u; report:\n%s", stats.failed, report);
  cr_expect_eq(stats.diffs, 1, "want 1 difference, got %u; report:\n%s", stats.diffs, report);
  char where[64];
  snprintf(where, sizeof where, "altered.vec:%u: ", line);
  cr_expect(strstr(report, where) != NULL, "report does not name line %u:\n%s", line, report);
  cr_expect(strstr(report, what) != NULL, "report does not say '%s':\n%s", what, report);
  free(report);
  vec_free(&f);
}

Test(vectors, unaltered_sample_passes) {
  char *text = read_text(AD_SAMPLE);
  vec_file f;
  char err[512];
  cr_assert(vec_parse("altered.vec", text, &f, err, sizeof err), "%s", err);
  vec_stats stats;
  char *report = run_capture(&f, &stats);
  cr_assert_eq(stats.failed, 0, "%s", report);
  cr_assert_str_empty(report);
  free(report);
  vec_free(&f);
  free(text);
}

Test(vectors, altered_pa_is_reported) {
  char *text = read_text(AD_SAMPLE);
  unsigned line;
  char *at = find_line(text, "expect ok pa=", &line);
  char *orig = line_text(at);
  uint64_t pa;
  char pbmt[8];
  cr_assert_eq(sscanf(orig, "expect ok pa=%" SCNx64 " pbmt=%7s", &pa, pbmt), 2, "cannot read '%s'", orig);
  char altered[96];
  snprintf(altered, sizeof altered, "expect ok pa=%#" PRIx64 " pbmt=%s", pa ^ 0x1000, pbmt);
  char *changed = splice(text, at, altered);
  char what[96];
  snprintf(what, sizeof what, "got ok pa=%#" PRIx64, pa);
  expect_one_difference(changed, line, what);
  free(changed);
  free(orig);
  free(text);
}

Test(vectors, altered_mem_value_is_reported) {
  char *text = read_text(AD_SAMPLE);
  unsigned line;
  char *at = find_line(text, "expect mem ", &line);
  char *orig = line_text(at);
  uint64_t addr, value;
  cr_assert_eq(sscanf(orig, "expect mem %" SCNx64 " %" SCNx64, &addr, &value), 2, "cannot read '%s'", orig);
  char altered[96];
  snprintf(altered, sizeof altered, "expect mem %#" PRIx64 " %#018" PRIx64, addr, value ^ 0x40); /* A bit */
  char *changed = splice(text, at, altered);
  char what[96];
  snprintf(what, sizeof what, "mem %#" PRIx64 ": expected %#018" PRIx64, addr, value ^ 0x40);
  expect_one_difference(changed, line, what);
  free(changed);
  free(orig);
  free(text);
}

Test(vectors, dropped_expect_mem_is_reported) {
  char *text = read_text(AD_SAMPLE);
  unsigned line;
  char *at = find_line(text, "expect mem ", &line);
  char *orig = line_text(at);
  uint64_t addr, value;
  cr_assert_eq(sscanf(orig, "expect mem %" SCNx64 " %" SCNx64, &addr, &value), 2, "cannot read '%s'", orig);
  /* The write is reported at the line of the access it belongs to. */
  unsigned access_line = 0, n = 1;
  for (const char *c = text; c < at; c++) {
    if (c == text || c[-1] == '\n') access_line = strncmp(c, "access ", 7) == 0 ? n : access_line;
    n += *c == '\n';
  }
  cr_assert_gt(access_line, 0, "no access before line %u", line);
  char *changed = splice(text, at, NULL);
  char what[96];
  snprintf(what, sizeof what, "unexpected write mem %#" PRIx64 " = %#018" PRIx64, addr, value);
  expect_one_difference(changed, access_line, what);
  free(changed);
  free(orig);
  free(text);
}

Test(vectors, invented_expect_mem_is_reported) {
  char *text = read_text(AD_SAMPLE);
  unsigned line;
  char *at = find_line(text, "expect fault cause=", &line);
  char *orig = line_text(at);
  /* The first fault writes nothing: claim that it wrote a word. */
  char both[160];
  snprintf(both, sizeof both, "%s\nexpect mem 0x1000 0x1", orig);
  char *changed = splice(text, at, both);
  expect_one_difference(changed, line + 1, "mem 0x1000: expected 0x0000000000000001 written");
  free(changed);
  free(orig);
  free(text);
}

Test(vectors, altered_fault_cause_is_reported) {
  char *text = read_text(AD_SAMPLE);
  unsigned line;
  char *at = find_line(text, "expect fault cause=13", &line);
  char *changed = splice(text, at, "expect fault cause=15");
  expect_one_difference(changed, line, "expected fault cause=15, got fault cause=13");
  free(changed);
  free(text);
}
