/*
 * The mmuvec reader (tb/vecfile.c) against FORMAT.md: every malformed input
 * is refused with "PATH:LINE: message" naming the offending line (a table of
 * cases), vec_read's own failures (a missing file, a NUL byte), and the
 * forms the format allows (comments, blank lines, CRLF, decimal, uppercase
 * hex digits) are read with the right values.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tb/vec/vecfile.h"
#include "testutil.h"

#define H   "mmuvec 1\n"
#define ACC "access r 0x1000 priv=U virt=0\n"
#define OK  "expect ok pa=0x2000 pbmt=pma\n"

/* Held inline: Criterion hands parameters to a test in another process,
 * where pointers into this one would not be valid. */
typedef struct bad_case {
  char text[160]; /* the whole file */
  unsigned line;  /* line the message must name */
  char what[96];  /* part of the message */
} bad_case;

static bad_case bad_cases[] = {
    /* header */
    {"mmuvec 1\naccess hlvx 0x1000 priv=U virt=0\n", 2, "'hlvx' with virt=0: an HLVX is translated as with V=1"},
    {"mem 0x0 0x1\n", 1, "the first statement must be 'mmuvec 1'"},
    {"# comment\n\naccess r 0x0 priv=U virt=0\n", 3, "the first statement must be 'mmuvec 1'"},
    {"mmuvec 2\n", 1, "only 'mmuvec 1' is known"},
    {"mmuvec\n", 1, "only 'mmuvec 1' is known"},
    {"mmuvec 1 1\n", 1, "only 'mmuvec 1' is known"},
    {"mmuvec 0x1\n", 1, "only 'mmuvec 1' is known"},
    {H "mmuvec 1\n", 2, "'mmuvec' may appear only once"},
    {H ACC OK "mmuvec 1\n", 4, "'mmuvec' may appear only once"},
    {"", 1, "empty file"},
    {"\n\n", 2, "empty file"},
    {"# only a comment\n", 1, "empty file"},
    /* statements and CSRs */
    {H "memory 0x0 0x1\n", 2, "unknown statement 'memory'"},
    {H "\n# x\nMEM 0x0 0x1\n", 4, "unknown statement 'MEM'"},
    {H "csr sstatus 0x0\n", 2, "unknown CSR 'sstatus'"},
    {H "csr SATP 0x0\n", 2, "unknown CSR 'SATP'"},
    {H ACC "expect okay pa=0x0 pbmt=pma\n", 3, "unknown expectation 'okay'"},
    /* numbers */
    {H "mem 0x10 0x12g4\n", 2, "value '0x12g4' is not a 64-bit number"},
    {H "mem 0x10 12a\n", 2, "value '12a' is not a 64-bit number"},
    {H "mem 0x10 0x10000000000000000\n", 2, "value '0x10000000000000000' is not a 64-bit number"},
    {H "mem 0x10 18446744073709551616\n", 2, "value '18446744073709551616' is not a 64-bit number"},
    {H "mem 0x10 0x\n", 2, "value '0x' is not a 64-bit number"},
    {H "mem 0x 0x1\n", 2, "address '0x' is not a 64-bit number"},
    {H "csr satp -1\n", 2, "value '-1' is not a 64-bit number"},
    {H "csr satp +1\n", 2, "value '+1' is not a 64-bit number"},
    {H "access r 0x1g00 priv=U virt=0\n", 2, "virtual address '0x1g00' is not a 64-bit number"},
    {H ACC "expect ok pa=0xz pbmt=pma\n", 3, "pa '0xz' is not a 64-bit number"},
    {H ACC "expect fault cause=x13\n", 3, "cause 'x13' is not a 64-bit number"},
    {H "access r 0x1000 priv=U virt=1\nexpect fault cause=21 gpa=\n", 3, "gpa '' is not a 64-bit number"},
    /* addresses */
    {H "mem 0x1004 0x0\n", 2, "address 0x1004 is not 8-byte aligned"},
    {H "mem 0x80000001 0x0\n", 2, "is not 8-byte aligned"},
    {H "mem 0x100000000000000 0x0\n", 2, "address 0x100000000000000 is beyond the 56-bit physical address space"},
    {H "mem 0xfffffffffffffff8 0x0\n", 2, "beyond the 56-bit physical address space"},
    {H ACC OK "expect mem 0x100000000000000 0x0\n", 4, "beyond the 56-bit physical address space"},
    {H ACC OK "expect mem 0x2004 0x0\n", 4, "address 0x2004 is not 8-byte aligned"},
    {H "access r 0x1004 priv=U virt=0\n", 2, "virtual address 0x1004 is not 8-byte aligned"},
    /* access fields */
    {H "access l 0x1000 priv=U virt=0\n", 2, "access type 'l' is not r, w, x or hlvx"},
    {H "access R 0x1000 priv=U virt=0\n", 2, "access type 'R' is not r, w, x or hlvx"},
    {H "access r 0x1000 priv=M virt=0\n", 2, "'priv=M': expected priv=U or priv=S"},
    {H "access r 0x1000 priv=u virt=0\n", 2, "'priv=u': expected priv=U or priv=S"},
    {H "access r 0x1000 virt=0 priv=U\n", 2, "'virt=0': expected priv=U or priv=S"},
    {H "access r 0x1000 priv=S virt=2\n", 2, "'virt=2': expected virt=0 or virt=1"},
    {H "access r 0x1000 priv=S virt=01\n", 2, "'virt=01': expected virt=0 or virt=1"},
    {H "access r 0x1000 priv=S v=1\n", 2, "'v=1': expected virt=0 or virt=1"},
    /* missing fields */
    {H "mem 0x0\n", 2, "expected 'mem PA VALUE'"},
    {H "csr satp\n", 2, "expected 'csr NAME VALUE'"},
    {H "access r 0x1000 priv=U\n", 2, "expected 'access r|w|x|hlvx VA priv=U|S virt=0|1'"},
    {H "access\n", 2, "expected 'access r|w|x|hlvx VA priv=U|S virt=0|1'"},
    {H ACC "expect\n", 3, "expected 'expect ok|fault|mem ...'"},
    {H ACC "expect ok pa=0x2000\n", 3, "expected 'expect ok pa=PA pbmt=pma|nc|io'"},
    {H ACC "expect ok 0x2000 pbmt=pma\n", 3, "expected 'expect ok pa=PA pbmt=pma|nc|io'"},
    {H ACC "expect fault\n", 3, "expected 'expect fault cause=C [gpa=G]'"},
    {H ACC "expect fault code=13\n", 3, "expected 'expect fault cause=C [gpa=G]'"},
    {H ACC OK "expect mem 0x2000\n", 4, "expected 'expect mem PA VALUE'"},
    /* extra fields */
    {H "mem 0x0 0x1 0x2\n", 2, "expected 'mem PA VALUE'"},
    {H "csr satp 0x0 0x0\n", 2, "expected 'csr NAME VALUE'"},
    {H "access r 0x1000 priv=U virt=0 extra\n", 2, "expected 'access r|w|x|hlvx VA priv=U|S virt=0|1'"},
    {H ACC "expect ok pa=0x2000 pbmt=pma extra\n", 3, "expected 'expect ok pa=PA pbmt=pma|nc|io'"},
    {H ACC "expect fault cause=13 gpa=0x0 extra\n", 3, "expected 'expect fault cause=C [gpa=G]'"},
    {H ACC "expect fault cause=21 pa=0x1000\n", 3, "expected 'expect fault cause=C [gpa=G]'"},
    {H ACC OK "expect mem 0x2000 0x1 0x2\n", 4, "expected 'expect mem PA VALUE'"},
    {H "mem 1 2 3 4 5 6 7 8 9\n", 2, "too many fields"},
    {H "mmuvec 1 2 3 4 5 6 7 8 9\n", 2, "too many fields"},
    /* statement order */
    {H "expect ok pa=0x2000 pbmt=pma\n", 2, "'expect ok' without an access before it"},
    {H "expect fault cause=13\n", 2, "'expect fault' without an access before it"},
    {H ACC OK "expect ok pa=0x2000 pbmt=pma\n", 4, "'expect ok' without an access before it"},
    {H ACC "expect fault cause=13\nexpect fault cause=13\n", 4, "'expect fault' without an access before it"},
    {H ACC "access w 0x1000 priv=U virt=0\nexpect ok pa=0x2000 pbmt=pma\n", 3,
     "the access at line 2 has no 'expect ok' or 'expect fault'"},
    {H ACC "mem 0x0 0x0\n" OK, 3, "the access at line 2 has no 'expect ok' or 'expect fault'"},
    {H ACC "csr satp 0x0\n" OK, 3, "the access at line 2 has no 'expect ok' or 'expect fault'"},
    {H ACC, 2, "the access at line 2 has no 'expect ok' or 'expect fault'"},
    {H ACC "# trailing comment\n\n", 4, "the access at line 2 has no 'expect ok' or 'expect fault'"},
    {H ACC OK ACC, 4, "the access at line 4 has no 'expect ok' or 'expect fault'"},
    {H ACC "expect mem 0x2000 0x1\n" OK, 3, "the access at line 2 has no 'expect ok' or 'expect fault'"},
    {H "expect mem 0x2000 0x1\n", 2, "'expect mem' must follow an access's 'expect ok' or 'expect fault'"},
    {H ACC OK "csr satp 0x0\nexpect mem 0x2000 0x1\n", 5, "'expect mem' must follow"},
    {H ACC OK "mem 0x0 0x0\nexpect mem 0x2000 0x1\n", 5, "'expect mem' must follow"},
    /* causes, gpa, pbmt */
    {H ACC "expect fault cause=13 gpa=0x1000\n", 3, "gpa= is given only with a guest-page fault"},
    {H ACC "expect fault cause=12 gpa=0x0\n", 3, "gpa= is given only with a guest-page fault"},
    {H ACC "expect fault cause=14\n", 3, "cause 14 is not a page fault"},
    {H ACC "expect fault cause=5\n", 3, "cause 5 is not a page fault"},
    {H ACC "expect fault cause=0x16\n", 3, "cause 0x16 is not a page fault"},
    {H ACC "expect fault cause=22 gpa=0x1000\n", 3, "cause 22 is not a page fault"},
    {H ACC "expect ok pa=0x2000 pbmt=rsvd\n", 3, "pbmt 'rsvd' is not pma, nc or io"},
    {H ACC "expect ok pa=0x2000 pbmt=PMA\n", 3, "pbmt 'PMA' is not pma, nc or io"},
    {H ACC "expect ok pa=0x2000 pbmt=3\n", 3, "pbmt '3' is not pma, nc or io"},
    {H ACC "expect ok pa=0x2000 pbmt=\n", 3, "pbmt '' is not pma, nc or io"},
    /* line numbers with CRLF endings and comments */
    {"mmuvec 1\r\n\r\n# c\r\nbogus 1\r\n", 4, "unknown statement 'bogus'"},
    {"mmuvec 1\r\naccess r 0x1000 priv=U virt=0\r\n", 2, "the access at line 2 has no"},
};

ParameterizedTestParameters(vecfile, malformed) {
  return cr_make_param_array(bad_case, bad_cases, sizeof bad_cases / sizeof bad_cases[0]);
}

ParameterizedTest(bad_case *c, vecfile, malformed) {
  vec_file f;
  char err[512] = "";
  bool ok = vec_parse("t.vec", c->text, &f, err, sizeof err);
  if (ok) vec_free(&f);
  cr_assert(!ok, "accepted:\n%s", c->text);
  char prefix[32];
  snprintf(prefix, sizeof prefix, "t.vec:%u: ", c->line);
  cr_expect(strncmp(err, prefix, strlen(prefix)) == 0, "message '%s' does not start with '%s'; input:\n%s", err, prefix,
            c->text);
  cr_expect(strstr(err, c->what) != NULL, "message '%s' does not contain '%s'; input:\n%s", err, c->what, c->text);
  cr_expect(strchr(err, '\n') == NULL, "message '%s' is not one line", err);
}

/* --- vec_read */

/* Writes len bytes to a new temporary file; returns its path (malloc'd). */
static char *temp_file(const char *bytes, size_t len) {
  char *path = strdup("/tmp/test_vecfile_XXXXXX");
  cr_assert_not_null(path);
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0, "mkstemp failed");
  cr_assert_eq(write(fd, bytes, len), (ssize_t)len, "short write to %s", path);
  close(fd);
  return path;
}

Test(vecfile, read_missing_file) {
  vec_file f;
  char err[512] = "";
  cr_assert(!vec_read("tests/vectors/no_such_file.vec", &f, err, sizeof err));
  cr_expect(strstr(err, "tests/vectors/no_such_file.vec: cannot open") != NULL, "message: '%s'", err);
}

Test(vecfile, read_nul_byte) {
  static const char bytes[] = "mmuvec 1\nmem 0x0 0x0\n\0mem 0x8 0x0\n";
  char *path = temp_file(bytes, sizeof bytes - 1);
  vec_file f;
  char err[512] = "";
  bool ok = vec_read(path, &f, err, sizeof err);
  if (ok) vec_free(&f);
  cr_expect(!ok, "a file with a NUL byte was accepted");
  char want[128];
  snprintf(want, sizeof want, "%s:3: a NUL byte at column 1", path);
  cr_expect(strstr(err, want) != NULL, "message '%s' does not contain '%s'", err, want);
  unlink(path);
  free(path);
}

Test(vecfile, read_file) {
  static const char text[] = "mmuvec 1\nmem 0x8 0x1\naccess x 0x1000 priv=S virt=0\nexpect fault cause=12\n";
  char *path = temp_file(text, sizeof text - 1);
  vec_file f;
  char err[512] = "";
  cr_assert(vec_read(path, &f, err, sizeof err), "%s", err);
  cr_expect_str_eq(f.path, path);
  cr_expect_eq(f.n, 3);
  cr_expect_eq(f.accesses, 1);
  vec_free(&f);
  unlink(path);
  free(path);
}

Test(vecfile, read_large_file) {
  /* More than vec_read's first 64 KiB buffer. */
  size_t n = 5000, cap = 32 + n * 40, len = 0;
  char *text = malloc(cap);
  cr_assert_not_null(text);
  len += (size_t)snprintf(text + len, cap - len, "mmuvec 1\n");
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(text + len, cap - len, "mem %#zx 0x%zx\n", i * 8, i);
  char *path = temp_file(text, len);
  vec_file f;
  char err[512] = "";
  cr_assert(vec_read(path, &f, err, sizeof err), "%s", err);
  cr_expect_eq(f.n, n);
  assert_eq_hex(f.stmts[n - 1].addr, (n - 1) * 8, "last mem address");
  cr_expect_eq(f.stmts[n - 1].line, n + 1);
  vec_free(&f);
  unlink(path);
  free(path);
  free(text);
}

/* --- Accepted forms */

static void parse_ok(const char *text, vec_file *f) {
  char err[512] = "";
  cr_assert(vec_parse("t.vec", text, f, err, sizeof err), "%s; input:\n%s", err, text);
}

Test(vecfile, comments_and_blank_lines) {
  vec_file f;
  parse_ok("# leading comment\n"
           "\n"
           "   \t \n"
           "mmuvec 1   # header with a comment\n"
           "#mem 0x0 0x1\n"
           "\tmem 0x10 0x20#no space before the comment\n"
           "access r 0x1000 priv=U virt=0 # why\n"
           "\n"
           "# between an access and its expectation\n"
           "expect ok pa=0x2000 pbmt=nc\n"
           "   # between expectations\n"
           "expect mem 0x10 0x30\n",
           &f);
  cr_assert_eq(f.n, 4);
  cr_expect_eq(f.accesses, 1);
  cr_expect_eq(f.stmts[0].kind, VEC_MEM);
  cr_expect_eq(f.stmts[0].line, 6);
  assert_eq_hex(f.stmts[0].addr, 0x10, "mem address");
  assert_eq_hex(f.stmts[0].value, 0x20, "mem value");
  cr_expect_eq(f.stmts[1].kind, VEC_ACCESS);
  cr_expect_eq(f.stmts[1].line, 7);
  cr_expect_eq(f.stmts[2].kind, VEC_EXPECT_OK);
  cr_expect_eq(f.stmts[2].line, 10);
  cr_expect_eq(f.stmts[2].pbmt, PBMT_NC);
  cr_expect_eq(f.stmts[3].kind, VEC_EXPECT_MEM);
  cr_expect_eq(f.stmts[3].line, 12);
  vec_free(&f);
}

Test(vecfile, crlf_line_endings) {
  vec_file f;
  parse_ok("mmuvec 1\r\n"
           "\r\n"
           "csr hgatp 0x80000000000a0000\r\n"
           "access w 0x8 priv=S virt=1\r\n"
           "expect fault cause=23 gpa=0x8\r\n"
           "expect mem 0xa0000000 0x28001001\r\n",
           &f);
  cr_assert_eq(f.n, 4);
  cr_expect_eq(f.stmts[0].kind, VEC_CSR);
  cr_expect_eq(f.stmts[0].csr, MM_CSR_HGATP);
  assert_eq_hex(f.stmts[0].value, 0x80000000000a0000, "hgatp value");
  cr_expect_eq(f.stmts[1].line, 4);
  cr_expect_eq(f.stmts[1].req.type, MM_STORE);
  cr_expect_eq(f.stmts[1].req.priv, MM_PRIV_S);
  cr_expect(f.stmts[1].req.virt);
  assert_eq_hex(f.stmts[1].req.va, 0x8, "access va");
  cr_expect_eq(f.stmts[2].cause, 23);
  cr_expect(f.stmts[2].has_gpa);
  assert_eq_hex(f.stmts[2].addr, 0x8, "fault gpa");
  assert_eq_hex(f.stmts[3].addr, 0xa0000000, "expect mem address");
  assert_eq_hex(f.stmts[3].value, 0x28001001, "expect mem value");
  vec_free(&f);
}

Test(vecfile, decimal_numbers) {
  vec_file f;
  parse_ok("mmuvec 1\n"
           "mem 4096 18446744073709551615\n"
           "csr mstatus 262144\n"
           "access r 8 priv=U virt=0\n"
           "expect fault cause=13\n"
           "access x 4096 priv=U virt=1\n"
           "expect fault cause=20 gpa=4096\n"
           "mem 0 0\n",
           &f);
  cr_assert_eq(f.n, 7);
  cr_expect_eq(f.accesses, 2);
  assert_eq_hex(f.stmts[0].addr, 0x1000, "mem address");
  assert_eq_hex(f.stmts[0].value, UINT64_MAX, "mem value");
  cr_expect_eq(f.stmts[1].csr, MM_CSR_MSTATUS);
  assert_eq_hex(f.stmts[1].value, 0x40000, "mstatus value");
  assert_eq_hex(f.stmts[2].req.va, 0x8, "access va");
  cr_expect_eq(f.stmts[3].cause, 13);
  cr_expect(!f.stmts[3].has_gpa);
  cr_expect_eq(f.stmts[5].cause, 20);
  assert_eq_hex(f.stmts[5].addr, 0x1000, "fault gpa");
  vec_free(&f);
}

Test(vecfile, uppercase_hex_digits) {
  vec_file f;
  parse_ok("mmuvec 1\n"
           "mem 0xABCDEF8 0xDEADBEEFCAFEF00D\n"
           "csr satp 0x8000000000080ABC\n"
           "access r 0xFFFFFFFFFFFFFFF8 priv=S virt=0\n"
           "expect ok pa=0xFFFFFFFFFFFFF8 pbmt=io\n"
           "expect mem 0xFfFfFfFfFfFfF8 0xaBc\n",
           &f);
  cr_assert_eq(f.n, 5);
  assert_eq_hex(f.stmts[0].addr, 0xabcdef8, "mem address");
  assert_eq_hex(f.stmts[0].value, 0xdeadbeefcafef00d, "mem value");
  assert_eq_hex(f.stmts[1].value, 0x8000000000080abc, "satp value");
  assert_eq_hex(f.stmts[2].req.va, 0xfffffffffffffff8, "access va");
  assert_eq_hex(f.stmts[3].addr, 0xfffffffffffff8, "expected pa");
  cr_expect_eq(f.stmts[3].pbmt, PBMT_IO);
  assert_eq_hex(f.stmts[4].addr, 0xfffffffffffff8, "expect mem address (the highest aligned PA)");
  assert_eq_hex(f.stmts[4].value, 0xabc, "expect mem value");
  vec_free(&f);
}

Test(vecfile, every_csr_and_no_final_newline) {
  static const char *names[] = {"satp", "vsatp", "hgatp", "mstatus", "vsstatus", "menvcfg", "henvcfg"};
  static const mm_csr_id ids[] = {MM_CSR_SATP,     MM_CSR_VSATP,   MM_CSR_HGATP,  MM_CSR_MSTATUS,
                                  MM_CSR_VSSTATUS, MM_CSR_MENVCFG, MM_CSR_HENVCFG};
  char text[512];
  size_t len = (size_t)snprintf(text, sizeof text, "mmuvec 1");
  for (unsigned i = 0; i < 7; i++)
    len += (size_t)snprintf(text + len, sizeof text - len, "\ncsr %s %u", names[i], i);
  vec_file f;
  parse_ok(text, &f);
  cr_assert_eq(f.n, 7);
  for (unsigned i = 0; i < 7; i++) {
    cr_expect_eq(f.stmts[i].csr, ids[i], "csr %s", names[i]);
    cr_expect_eq(f.stmts[i].value, i, "csr %s", names[i]);
    cr_expect_eq(f.stmts[i].line, i + 2, "csr %s", names[i]);
  }
  vec_free(&f);
}

Test(vecfile, message_fits_a_small_buffer) {
  /* A short err buffer truncates the message but must not overflow. */
  vec_file f;
  char err[12];
  memset(err, 'x', sizeof err);
  cr_assert(!vec_parse("a_long_file_name.vec", H "bogus\n", &f, err, sizeof err));
  cr_expect(memchr(err, '\0', sizeof err) != NULL, "message not terminated");
}
