#include "vecfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/pte.h"
#include "model/textin.h"

#define MAX_TOKENS 8

typedef struct parser {
  const char *path;
  unsigned line;
  char *err;
  size_t errlen;
  vec_file *out;
  bool header_seen;
  int pending;                  /* index of the access awaiting its expect ok/fault, or -1 */
  bool in_expects;              /* after an access's outcome: expect mem lines may follow */
  char shown[2][TXT_SHOW_SIZE]; /* input tokens escaped for a message */
} parser;

/* Token s of the line as a message quotes it (slot 0 or 1: two in one message). */
static const char *show(parser *p, unsigned slot, const char *s) { return txt_show(p->shown[slot], s); }

static bool fail(parser *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  txt_error(p->err, p->errlen, p->path, p->line, fmt, ap);
  va_end(ap);
  return false;
}

const char *vec_pbmt_name(unsigned pbmt) {
  static const char *name[] = {"pma", "nc", "io", "rsvd"};
  return name[pbmt & 3];
}

static bool number(parser *p, const char *tok, const char *what, uint64_t *v) {
  if (!txt_u64(tok, v)) return fail(p, "%s '%s' is not a 64-bit number (0x hex or decimal)", what, show(p, 0, tok));
  return true;
}

static bool phys_addr(parser *p, const char *tok, const char *what, uint64_t *pa) {
  if (!number(p, tok, what, pa)) return false;
  if (*pa > PA_MASK) return fail(p, "%s %s is beyond the 56-bit physical address space", what, show(p, 0, tok));
  if (*pa & 7) return fail(p, "%s %s is not 8-byte aligned", what, show(p, 0, tok));
  return true;
}

/* A key=value token; returns the value part or NULL. */
static const char *keyed(const char *tok, const char *key) {
  size_t n = strlen(key);
  return strncmp(tok, key, n) == 0 && tok[n] == '=' ? tok + n + 1 : NULL;
}

static bool expect_tokens(parser *p, int ntok, int lo, int hi, const char *usage) {
  if (ntok < lo || ntok > hi) return fail(p, "expected '%s'", usage);
  return true;
}

static bool push(parser *p, const vec_stmt *s) {
  vec_file *f = p->out;
  if (f->n == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 256;
    vec_stmt *grown = realloc(f->stmts, cap * sizeof *grown);
    if (!grown) return fail(p, "out of memory");
    f->stmts = grown;
    f->cap = cap;
  }
  f->stmts[f->n++] = *s;
  return true;
}

static bool parse_access(parser *p, char **tok, int ntok, vec_stmt *s) {
  static const char usage[] = "access r|w|x|hlvx VA priv=U|S virt=0|1";
  if (!expect_tokens(p, ntok, 5, 5, usage)) return false;
  s->kind = VEC_ACCESS;
  if (!strcmp(tok[1], "r"))
    s->req.type = MM_LOAD;
  else if (!strcmp(tok[1], "w"))
    s->req.type = MM_STORE;
  else if (!strcmp(tok[1], "x"))
    s->req.type = MM_FETCH;
  else if (!strcmp(tok[1], "hlvx")) /* the project's addition: HLVX, a load checked for X (model/walk.h) */
    s->req.type = MM_LOAD, s->req.hlvx = true;
  else
    return fail(p, "access type '%s' is not r, w, x or hlvx", show(p, 0, tok[1]));
  if (!number(p, tok[2], "virtual address", &s->req.va)) return false;
  if (s->req.va & 7)
    return fail(p, "virtual address %s is not 8-byte aligned (accesses are 8 bytes wide)", show(p, 0, tok[2]));
  const char *priv = keyed(tok[3], "priv");
  if (!priv || (strcmp(priv, "U") && strcmp(priv, "S")))
    return fail(p, "'%s': expected priv=U or priv=S", show(p, 0, tok[3]));
  s->req.priv = priv[0] == 'U' ? MM_PRIV_U : MM_PRIV_S;
  const char *virt = keyed(tok[4], "virt");
  if (!virt || (strcmp(virt, "0") && strcmp(virt, "1")))
    return fail(p, "'%s': expected virt=0 or virt=1", show(p, 0, tok[4]));
  s->req.virt = virt[0] == '1';
  if (s->req.hlvx && !s->req.virt) return fail(p, "'hlvx' with virt=0: an HLVX is translated as with V=1");
  return true;
}

static bool parse_expect(parser *p, char **tok, int ntok, vec_stmt *s) {
  if (ntok < 2) return fail(p, "expected 'expect ok|fault|mem ...'");
  if (!strcmp(tok[1], "ok")) {
    static const char usage[] = "expect ok pa=PA pbmt=pma|nc|io";
    if (!expect_tokens(p, ntok, 4, 4, usage)) return false;
    s->kind = VEC_EXPECT_OK;
    const char *pa = keyed(tok[2], "pa");
    const char *pbmt = keyed(tok[3], "pbmt");
    if (!pa || !pbmt) return fail(p, "expected '%s'", usage);
    if (!phys_addr(p, pa, "pa", &s->addr)) return false; /* else an expectation no access can meet */
    unsigned t;
    for (t = 0; t < 3 && strcmp(pbmt, vec_pbmt_name(t)); t++)
      continue;
    if (t == 3) return fail(p, "pbmt '%s' is not pma, nc or io", show(p, 0, pbmt));
    s->pbmt = (uint8_t)t;
  } else if (!strcmp(tok[1], "fault")) {
    static const char usage[] = "expect fault cause=C [gpa=G]";
    if (!expect_tokens(p, ntok, 3, 4, usage)) return false;
    s->kind = VEC_EXPECT_FAULT;
    const char *cause = keyed(tok[2], "cause");
    uint64_t c;
    if (!cause) return fail(p, "expected '%s'", usage);
    if (!number(p, cause, "cause", &c)) return false;
    /* Checked at its full width: narrowed first, 4294967316 would read as 20. */
    bool guest =
        c == CAUSE_LOAD_GUEST_PAGE_FAULT || c == CAUSE_STORE_GUEST_PAGE_FAULT || c == CAUSE_FETCH_GUEST_PAGE_FAULT;
    if (!guest && c != CAUSE_LOAD_PAGE_FAULT && c != CAUSE_STORE_PAGE_FAULT && c != CAUSE_FETCH_PAGE_FAULT)
      return fail(p, "cause %s is not a page fault (12, 13, 15) or guest-page fault (20, 21, 23)", show(p, 0, cause));
    s->cause = (uint8_t)c;
    if (ntok == 4) {
      const char *gpa = keyed(tok[3], "gpa");
      if (!gpa) return fail(p, "expected '%s'", usage);
      if (!guest) return fail(p, "gpa= is given only with a guest-page fault (20, 21, 23)");
      if (!number(p, gpa, "gpa", &s->addr)) return false;
      s->has_gpa = true;
    }
  } else if (!strcmp(tok[1], "mem")) {
    if (!expect_tokens(p, ntok, 4, 4, "expect mem PA VALUE")) return false;
    s->kind = VEC_EXPECT_MEM;
    if (!phys_addr(p, tok[2], "address", &s->addr) || !number(p, tok[3], "value", &s->value)) return false;
  } else {
    return fail(p, "unknown expectation '%s' (ok, fault or mem)", show(p, 0, tok[1]));
  }
  return true;
}

/* Statement order: every access is followed by one expect ok|fault, then
 * any expect mem lines. */
static bool check_order(parser *p, const vec_stmt *s) {
  if (s->kind == VEC_EXPECT_OK || s->kind == VEC_EXPECT_FAULT) {
    if (p->pending < 0)
      return fail(p, "'expect %s' without an access before it", s->kind == VEC_EXPECT_OK ? "ok" : "fault");
    p->pending = -1;
    p->in_expects = true;
    return true;
  }
  if (p->pending >= 0)
    return fail(p, "the access at line %u has no 'expect ok' or 'expect fault'", p->out->stmts[p->pending].line);
  if (s->kind == VEC_EXPECT_MEM) {
    if (!p->in_expects) return fail(p, "'expect mem' must follow an access's 'expect ok' or 'expect fault'");
    return true;
  }
  p->in_expects = false;
  if (s->kind == VEC_ACCESS) {
    p->pending = (int)p->out->n;
    p->out->accesses++;
  }
  return true;
}

static bool parse_line(parser *p, char *line) {
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  char *tok[MAX_TOKENS + 1];
  int ntok = 0;
  for (char *t = strtok(line, " \t\r\f\v"); t; t = strtok(NULL, " \t\r\f\v")) {
    if (ntok == MAX_TOKENS) return fail(p, "too many fields");
    tok[ntok++] = t;
  }
  if (ntok == 0) return true;

  if (!p->header_seen) {
    if (strcmp(tok[0], "mmuvec")) return fail(p, "the first statement must be 'mmuvec 1'");
    if (ntok != 2 || strcmp(tok[1], "1")) return fail(p, "unsupported format: only 'mmuvec 1' is known");
    p->header_seen = true;
    return true;
  }

  vec_stmt s = {.line = p->line};
  if (!strcmp(tok[0], "mem")) {
    if (!expect_tokens(p, ntok, 3, 3, "mem PA VALUE")) return false;
    s.kind = VEC_MEM;
    if (!phys_addr(p, tok[1], "address", &s.addr) || !number(p, tok[2], "value", &s.value)) return false;
  } else if (!strcmp(tok[0], "csr")) {
    if (!expect_tokens(p, ntok, 3, 3, "csr NAME VALUE")) return false;
    s.kind = VEC_CSR;
    if (!mm_csr_by_name(tok[1], &s.csr))
      return fail(p, "unknown CSR '%s' (satp, vsatp, hgatp, mstatus, vsstatus, menvcfg, henvcfg)", show(p, 0, tok[1]));
    if (!number(p, tok[2], "value", &s.value)) return false;
  } else if (!strcmp(tok[0], "access")) {
    if (!parse_access(p, tok, ntok, &s)) return false;
  } else if (!strcmp(tok[0], "expect")) {
    if (!parse_expect(p, tok, ntok, &s)) return false;
  } else if (!strcmp(tok[0], "mmuvec")) {
    return fail(p, "'mmuvec' may appear only once, as the first statement");
  } else {
    return fail(p, "unknown statement '%s'", show(p, 0, tok[0]));
  }
  return check_order(p, &s) && push(p, &s);
}

static bool each_line(void *ctx, char *line, unsigned number) {
  parser *p = ctx;
  p->line = number;
  return parse_line(p, line);
}

/* The checks at the end of the file. */
static bool at_end(parser *p) {
  if (!p->header_seen) {
    p->line = p->line ? p->line : 1;
    return fail(p, "empty file: expected 'mmuvec 1'");
  }
  if (p->pending >= 0)
    return fail(p, "the access at line %u has no 'expect ok' or 'expect fault'", p->out->stmts[p->pending].line);
  return true;
}

/* The file at path (text NULL) or text's statements into out; on failure out is empty. */
static bool parse_in(const char *path, const char *text, size_t len, vec_file *out, char *err, size_t errlen) {
  *out = (vec_file){0};
  parser p = {.path = path, .err = err, .errlen = errlen, .out = out, .pending = -1};
  out->path = strdup(path);
  bool ok =
      out->path ? txt_read_lines(path, text, len, each_line, &p, err, errlen) && at_end(&p) : fail(&p, "out of memory");
  if (!ok) vec_free(out);
  return ok;
}

bool vec_parse_text(const char *path, const char *text, size_t len, vec_file *out, char *err, size_t errlen) {
  return parse_in(path, text, len, out, err, errlen);
}

bool vec_parse(const char *path, const char *text, vec_file *out, char *err, size_t errlen) {
  return parse_in(path, text, strlen(text), out, err, errlen);
}

bool vec_read(const char *path, vec_file *out, char *err, size_t errlen) {
  return parse_in(path, NULL, 0, out, err, errlen);
}

void vec_free(vec_file *f) {
  free(f->path);
  free(f->stmts);
  *f = (vec_file){0};
}
