/* Text input shared by the readers (textin.h). */
#include "textin.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void txt_from_file(txt_in *in, FILE *f) { *in = (txt_in){.f = f}; }

void txt_from_mem(txt_in *in, const char *text, size_t len) { *in = (txt_in){.mem = text, .mem_len = len}; }

void txt_free(txt_in *in) {
  free(in->buf);
  in->buf = NULL;
  in->cap = 0;
}

/* The next line from memory into in->buf, with its '\n' if it has one. */
static txt_status mem_line(txt_in *in, size_t *n) {
  if (in->mem_at >= in->mem_len) return TXT_END;
  const char *at = in->mem + in->mem_at;
  size_t left = in->mem_len - in->mem_at;
  const char *nl = memchr(at, '\n', left);
  *n = nl ? (size_t)(nl - at) + 1 : left;
  if (*n + 1 > in->cap) {
    size_t cap = in->cap ? in->cap : 256;
    while (cap < *n + 1)
      cap = cap > SIZE_MAX / 2 ? *n + 1 : cap * 2;
    char *grown = realloc(in->buf, cap);
    if (!grown) return TXT_NOMEM;
    in->buf = grown;
    in->cap = cap;
  }
  memcpy(in->buf, at, *n);
  in->buf[*n] = '\0';
  in->mem_at += *n;
  return TXT_LINE;
}

txt_status txt_next(txt_in *in, char **line, size_t *len) {
  size_t n = 0;
  if (in->f) {
    errno = 0;
    ssize_t got = getline(&in->buf, &in->cap, in->f);
    if (got < 0) {
      if (ferror(in->f)) return errno == ENOMEM ? TXT_NOMEM : TXT_READ_ERROR;
      return TXT_END;
    }
    n = (size_t)got;
  } else {
    txt_status st = mem_line(in, &n);
    if (st != TXT_LINE) return st;
  }
  in->line++;
  if (n && in->buf[n - 1] == '\n') n--;
  if (n && in->buf[n - 1] == '\r') n--;
  in->buf[n] = '\0';
  const char *nul = memchr(in->buf, '\0', n);
  if (nul) {
    in->nul_col = (size_t)(nul - in->buf) + 1;
    return TXT_NUL;
  }
  *line = in->buf;
  *len = n;
  return TXT_LINE;
}

const char *txt_why(const txt_in *in, txt_status st, char *buf, size_t len) {
  switch (st) {
  case TXT_NUL: snprintf(buf, len, "a NUL byte at column %zu: binary data, not text", in->nul_col); break;
  case TXT_NOMEM: snprintf(buf, len, "out of memory for a line"); break;
  case TXT_READ_ERROR: snprintf(buf, len, "cannot read: %s", strerror(errno)); break;
  case TXT_LINE:
  case TXT_END: snprintf(buf, len, "no error"); break;
  }
  return buf;
}

static bool read_error(char *err, size_t errlen, const char *path, uint64_t line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  txt_error(err, errlen, path, line, fmt, ap);
  va_end(ap);
  return false;
}

/* in's lines through each (txt_read_lines). */
static bool each_line(txt_in *in, const char *path, txt_line_fn *each, void *ctx, char *err, size_t errlen) {
  char *line;
  size_t len;
  txt_status st;
  bool ok = true;
  while (ok && (st = txt_next(in, &line, &len)) == TXT_LINE)
    ok = in->line <= UINT_MAX ? each(ctx, line, (unsigned)in->line)
                              : read_error(err, errlen, path, in->line, "more than %u lines", UINT_MAX);
  if (ok && st != TXT_END) {
    char why[80];
    /* a NUL's line was counted, a line that could not be read not */
    ok = read_error(err, errlen, path, in->line + (st != TXT_NUL), "%s", txt_why(in, st, why, sizeof why));
  }
  txt_free(in);
  return ok;
}

bool txt_read_lines(const char *path, const char *text, size_t len, txt_line_fn *each, void *ctx, char *err,
                    size_t errlen) {
  txt_in in;
  if (text) {
    txt_from_mem(&in, text, len);
    return each_line(&in, path, each, ctx, err, errlen);
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    return false;
  }
  txt_from_file(&in, f);
  bool ok = each_line(&in, path, each, ctx, err, errlen);
  fclose(f);
  return ok;
}

bool txt_blank(const char *s) {
  while (txt_is_blank(*s))
    s++;
  return !*s;
}

static int digit_of(char c, unsigned base) {
  int d = c >= '0' && c <= '9'   ? c - '0'
          : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                 : 99;
  return d < (int)base ? d : -1;
}

bool txt_digits(const char *s, unsigned base, uint64_t *v, const char **end) {
  uint64_t acc = 0;
  const char *p = s;
  for (int d; (d = digit_of(*p, base)) >= 0; p++) {
    if (acc > (UINT64_MAX - (unsigned)d) / base) return false;
    acc = acc * base + (unsigned)d;
  }
  if (p == s) return false;
  *v = acc;
  *end = p;
  return true;
}

bool txt_u64(const char *s, uint64_t *v) {
  unsigned base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
  }
  const char *end;
  uint64_t got;
  if (!txt_digits(s, base, &got, &end) || *end) return false;
  *v = got;
  return true;
}

const char *txt_show_n(char buf[TXT_SHOW_SIZE], const char *s, size_t n) {
  char *o = buf;
  size_t shown = n < TXT_SHOW_MAX ? n : TXT_SHOW_MAX;
  for (size_t i = 0; i < shown; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\\') {
      *o++ = '\\';
      *o++ = '\\';
    } else if (c < 0x20 || c >= 0x7f) {
      o += sprintf(o, "\\x%02x", c);
    } else {
      *o++ = (char)c;
    }
  }
  if (shown < n) o += sprintf(o, "...");
  *o = '\0';
  return buf;
}

const char *txt_show(char buf[TXT_SHOW_SIZE], const char *s) {
  return txt_show_n(buf, s, strnlen(s, TXT_SHOW_MAX + 1));
}

bool txt_error(char *err, size_t errlen, const char *path, uint64_t line, const char *fmt, va_list ap) {
  if (!errlen) return false;
  int n = snprintf(err, errlen, "%s:%" PRIu64 ": ", path, line);
  if (n >= 0 && (size_t)n < errlen) vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
  /* What a caller let through unescaped (a path's newline, say) is escaped here. */
  size_t bad = 0;
  for (const unsigned char *c = (const unsigned char *)err; *c; c++)
    bad += *c < 0x20 || *c >= 0x7f;
  if (!bad) return false;
  char *copy = strdup(err);
  if (!copy) {
    for (char *c = err; *c; c++)
      if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f) *c = '?';
    return false;
  }
  char *o = err, *stop = err + errlen - 1;
  for (const unsigned char *c = (const unsigned char *)copy; *c; c++) {
    if (*c >= 0x20 && *c < 0x7f) {
      if (o == stop) break;
      *o++ = (char)*c;
    } else {
      if (stop - o < 4) break;
      o += sprintf(o, "\\x%02x", *c);
    }
  }
  *o = '\0';
  free(copy);
  return false;
}
