/*
 * Text input, the one way every reader of the project takes it (vector
 * files, replay files, coverage files, lackey traces), so that they agree on
 * what a line, a blank line, a number and a message are:
 *
 *   - lines of any length, numbered from 1, read as text tools read them: a
 *     line ends at '\n', and a '\r' just before it belongs to the ending
 *     (a CRLF file reads like the same file with LF endings); the last line
 *     needs no '\n'; a NUL byte is reported as what it is, with its column;
 *   - a blank line is one of spaces, tabs and '\r' (or nothing);
 *   - a number is checked at its full width (64 bits) before any range
 *     check or narrowing, and overflow is an error, never a wrap or a cap;
 *   - input quoted in a message is escaped (every byte outside printable
 *     ASCII as \xNN, a backslash as \\) and shortened to TXT_SHOW_MAX bytes,
 *     so that a message stays one line that keeps its "FILE:LINE:" and its
 *     reason.
 *
 * No globals; it never prints: the readers return its messages.
 */
#ifndef MM_TEXTIN_H
#define MM_TEXTIN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A source of lines: a stream, or text in memory (which may hold NUL bytes). */
typedef struct txt_in {
  FILE *f;         /* NULL: the text in memory below */
  const char *mem; /* the text in memory */
  size_t mem_len;  /* its length */
  size_t mem_at;   /* where the next line starts */
  char *buf;       /* the current line, NUL-terminated (owned) */
  size_t cap;      /* buf's size */
  uint64_t line;   /* the current line's number, from 1 (0 before the first) */
  size_t nul_col;  /* after TXT_NUL: the NUL byte's column, from 1 */
} txt_in;

typedef enum txt_status {
  TXT_LINE,       /* a line */
  TXT_END,        /* no more lines */
  TXT_NUL,        /* the line holds a NUL byte (at column nul_col) */
  TXT_NOMEM,      /* a line larger than memory */
  TXT_READ_ERROR, /* the stream failed (errno says why) */
} txt_status;

void txt_from_file(txt_in *in, FILE *f);
void txt_from_mem(txt_in *in, const char *text, size_t len);
/* The next line into *line (NUL-terminated, without its ending; *len bytes),
 * valid until the next call; in->line is its number. */
txt_status txt_next(txt_in *in, char **line, size_t *len);
/* What a status other than TXT_LINE and TXT_END means, for a message
 * ("a NUL byte at column 3: binary data, not text"). */
const char *txt_why(const txt_in *in, txt_status st, char *buf, size_t len);
void txt_free(txt_in *in);

/* A reader's handling of one line (number from 1): false stops the reading, its message written. */
typedef bool txt_line_fn(void *ctx, char *line, unsigned number);
/* Each line of the file at path (text NULL), or of text's len bytes (path names it in messages),
 * through each, in order, until one returns false. A file that cannot be opened gives "PATH: cannot
 * open: why" in err; a line that cannot be read (a NUL byte, a read error, no memory, more than
 * UINT_MAX lines) "PATH:LINE: why". False on any of these. */
bool txt_read_lines(const char *path, const char *text, size_t len, txt_line_fn *each, void *ctx, char *err,
                    size_t errlen);

/* Whether a blank is c (space, tab, '\r', '\f', '\v'), and a line all blanks. */
static inline bool txt_is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool txt_blank(const char *s);

/* Digits of base 10 or 16 at s (at least one), as many as there are;
 * *end after them. False on no digit or when the value exceeds 64 bits. */
bool txt_digits(const char *s, unsigned base, uint64_t *v, const char **end);
/* A whole string as a number: decimal, or hexadecimal after 0x or 0X; no
 * sign, no blanks; false when it is not one or exceeds 64 bits. */
bool txt_u64(const char *s, uint64_t *v);

/* s (up to its NUL) escaped and shortened for a message, in buf; returns buf. */
#define TXT_SHOW_MAX  40
#define TXT_SHOW_SIZE (TXT_SHOW_MAX * 4 + 4)
const char *txt_show(char buf[TXT_SHOW_SIZE], const char *s);
/* The same for n bytes that may hold NUL bytes. */
const char *txt_show_n(char buf[TXT_SHOW_SIZE], const char *s, size_t n);

/* "PATH:LINE: " (the path escaped) and fmt's text into err (errlen bytes);
 * any byte of the result outside printable ASCII is escaped too. Returns
 * false, for `return txt_error(...)`. */
bool txt_error(char *err, size_t errlen, const char *path, uint64_t line, const char *fmt, va_list ap);

#endif
