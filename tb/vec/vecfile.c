#include "vecfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/pte.h"

#define MAX_TOKENS 8

typedef struct parser {
  const char *path;
  unsigned line;
  char *err;
  size_t errlen;
  vec_file *out;
  bool header_seen;
  int pending;     /* index of the access awaiting its expect ok/fault, or -1 */
  bool in_expects; /* after an access's outcome: expect mem lines may follow */
} parser;

bool vec_verror(char *err, size_t errlen, const char *path, unsigned line, const char *fmt, va_list ap) {
  int n = snprintf(err, errlen, "%s:%u: ", path, line);
  if (n >= 0 && (size_t)n < errlen) vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
  return false;
}

static bool fail(parser *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vec_verror(p->err, p->errlen, p->path, p->line, fmt, ap);
  va_end(ap);
  return false;
}

const char *vec_pbmt_name(unsigned pbmt) {
  static const char *name[] = {"pma", "nc", "io", "rsvd"};
  return name[pbmt & 3];
}

bool vec_parse_u64(const char *s, uint64_t *v) {
  int base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
  }
  if (!*s) return false;
  uint64_t acc = 0;
  for (; *s; s++) {
    unsigned d;
    if (*s >= '0' && *s <= '9')
      d = (unsigned)(*s - '0');
    else if (base == 16 && *s >= 'a' && *s <= 'f')
      d = (unsigned)(*s - 'a' + 10);
    else if (base == 16 && *s >= 'A' && *s <= 'F')
      d = (unsigned)(*s - 'A' + 10);
    else
      return false;
    if (acc > (UINT64_MAX - d) / (unsigned)base) return false;
    acc = acc * (unsigned)base + d;
  }
  *v = acc;
  return true;
}

static bool number(parser *p, const char *tok, const char *what, uint64_t *v) {
  if (!vec_parse_u64(tok, v)) return fail(p, "%s '%s' is not a 64-bit number (0x hex or decimal)", what, tok);
  return true;
}

static bool phys_addr(parser *p, const char *tok, const char *what, uint64_t *pa) {
  if (!number(p, tok, what, pa)) return false;
  if (*pa > PA_MASK) return fail(p, "%s %s is beyond the 56-bit physical address space", what, tok);
  if (*pa & 7) return fail(p, "%s %s is not 8-byte aligned", what, tok);
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
  static const char usage[] = "access r|w|x VA priv=U|S virt=0|1";
  if (!expect_tokens(p, ntok, 5, 5, usage)) return false;
  s->kind = VEC_ACCESS;
  if (!strcmp(tok[1], "r"))
    s->req.type = MM_LOAD;
  else if (!strcmp(tok[1], "w"))
    s->req.type = MM_STORE;
  else if (!strcmp(tok[1], "x"))
    s->req.type = MM_FETCH;
  else
    return fail(p, "access type '%s' is not r, w or x", tok[1]);
  if (!number(p, tok[2], "virtual address", &s->req.va)) return false;
  if (s->req.va & 7) return fail(p, "virtual address %s is not 8-byte aligned (accesses are 8 bytes wide)", tok[2]);
  const char *priv = keyed(tok[3], "priv");
  if (!priv || (strcmp(priv, "U") && strcmp(priv, "S"))) return fail(p, "'%s': expected priv=U or priv=S", tok[3]);
  s->req.priv = priv[0] == 'U' ? MM_PRIV_U : MM_PRIV_S;
  const char *virt = keyed(tok[4], "virt");
  if (!virt || (strcmp(virt, "0") && strcmp(virt, "1"))) return fail(p, "'%s': expected virt=0 or virt=1", tok[4]);
  s->req.virt = virt[0] == '1';
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
    if (!number(p, pa, "pa", &s->addr)) return false;
    unsigned t;
    for (t = 0; t < 3 && strcmp(pbmt, vec_pbmt_name(t)); t++)
      continue;
    if (t == 3) return fail(p, "pbmt '%s' is not pma, nc or io", pbmt);
    s->pbmt = (uint8_t)t;
  } else if (!strcmp(tok[1], "fault")) {
    static const char usage[] = "expect fault cause=C [gpa=G]";
    if (!expect_tokens(p, ntok, 3, 4, usage)) return false;
    s->kind = VEC_EXPECT_FAULT;
    const char *cause = keyed(tok[2], "cause");
    uint64_t c;
    if (!cause) return fail(p, "expected '%s'", usage);
    if (!number(p, cause, "cause", &c)) return false;
    bool guest = cause_is_guest_page_fault((unsigned)c);
    if (!guest && c != CAUSE_LOAD_PAGE_FAULT && c != CAUSE_STORE_PAGE_FAULT && c != CAUSE_FETCH_PAGE_FAULT)
      return fail(p, "cause %s is not a page fault (12, 13, 15) or guest-page fault (20, 21, 23)", cause);
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
    return fail(p, "unknown expectation '%s' (ok, fault or mem)", tok[1]);
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
      return fail(p, "unknown CSR '%s' (satp, vsatp, hgatp, mstatus, vsstatus, menvcfg, henvcfg)", tok[1]);
    if (!number(p, tok[2], "value", &s.value)) return false;
  } else if (!strcmp(tok[0], "access")) {
    if (!parse_access(p, tok, ntok, &s)) return false;
  } else if (!strcmp(tok[0], "expect")) {
    if (!parse_expect(p, tok, ntok, &s)) return false;
  } else if (!strcmp(tok[0], "mmuvec")) {
    return fail(p, "'mmuvec' may appear only once, as the first statement");
  } else {
    return fail(p, "unknown statement '%s'", tok[0]);
  }
  return check_order(p, &s) && push(p, &s);
}

bool vec_parse(const char *path, const char *text, vec_file *out, char *err, size_t errlen) {
  *out = (vec_file){0};
  parser p = {.path = path, .err = err, .errlen = errlen, .out = out, .pending = -1};
  out->path = strdup(path);
  if (!out->path) {
    snprintf(err, errlen, "%s: out of memory", path);
    return false;
  }
  bool ok = true;
  const char *at = text;
  while (ok && *at) {
    const char *end = strchr(at, '\n');
    size_t len = end ? (size_t)(end - at) : strlen(at);
    char *line = malloc(len + 1);
    if (!line) {
      snprintf(err, errlen, "%s: out of memory", path);
      ok = false;
      break;
    }
    memcpy(line, at, len);
    line[len] = '\0';
    p.line++;
    ok = parse_line(&p, line);
    free(line);
    at = end ? end + 1 : at + len;
  }
  if (ok && !p.header_seen) {
    p.line = p.line ? p.line : 1;
    ok = fail(&p, "empty file: expected 'mmuvec 1'");
  } else if (ok && p.pending >= 0) {
    ok = fail(&p, "the access at line %u has no 'expect ok' or 'expect fault'", out->stmts[p.pending].line);
  }
  if (!ok) vec_free(out);
  return ok;
}

char *vec_read_text(const char *path, size_t *len_out, char *err, size_t errlen) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, len = 0;
  char *text = malloc(cap);
  size_t got;
  while (text && (got = fread(text + len, 1, cap - len - 1, fp)) > 0) {
    len += got;
    if (len + 1 == cap) {
      char *grown = realloc(text, cap * 2);
      if (!grown) {
        free(text);
        text = NULL;
        break;
      }
      text = grown;
      cap *= 2;
    }
  }
  int read_errno = ferror(fp) ? errno : 0;
  fclose(fp);
  if (!text || read_errno) {
    snprintf(err, errlen, "%s: cannot read: %s", path, text ? strerror(read_errno) : "out of memory");
    free(text);
    return NULL;
  }
  text[len] = '\0';
  if (memchr(text, '\0', len)) {
    unsigned line = 1;
    for (const char *c = text; *c; c++)
      line += *c == '\n';
    snprintf(err, errlen, "%s:%u: binary data (a NUL byte) in a text file", path, line);
    free(text);
    return NULL;
  }
  *len_out = len;
  return text;
}

bool vec_read(const char *path, vec_file *out, char *err, size_t errlen) {
  *out = (vec_file){0};
  size_t len;
  char *text = vec_read_text(path, &len, err, errlen);
  if (!text) return false;
  bool ok = vec_parse(path, text, out, err, errlen);
  free(text);
  return ok;
}

void vec_free(vec_file *f) {
  free(f->path);
  free(f->stmts);
  *f = (vec_file){0};
}
