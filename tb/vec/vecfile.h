/*
 * Reader of mmuvec files (shared/vectors/FORMAT.md, version 1). It reads a
 * whole file into a list of statements, checking everything the format
 * states, so a run never starts on a malformed file: the first problem is
 * reported as "FILE:LINE: message" and nothing is returned.
 */
#ifndef MM_VECFILE_H
#define MM_VECFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/walk.h"

typedef enum vec_kind {
  VEC_MEM,          /* mem PA VALUE */
  VEC_CSR,          /* csr NAME VALUE */
  VEC_ACCESS,       /* access TYPE VA priv=P virt=V */
  VEC_EXPECT_OK,    /* expect ok pa=PA pbmt=T */
  VEC_EXPECT_FAULT, /* expect fault cause=C [gpa=G] */
  VEC_EXPECT_MEM,   /* expect mem PA VALUE */
} vec_kind;

typedef struct vec_stmt {
  vec_kind kind;
  unsigned line;
  mm_csr_id csr;  /* VEC_CSR */
  mm_req req;     /* VEC_ACCESS */
  uint64_t addr;  /* mem/expect mem: PA; expect ok: PA; expect fault: gpa */
  uint64_t value; /* mem/expect mem/csr: value */
  uint8_t pbmt;   /* expect ok */
  uint8_t cause;  /* expect fault */
  bool has_gpa;   /* expect fault */
} vec_stmt;

typedef struct vec_file {
  char *path;
  vec_stmt *stmts;
  size_t n, cap;
  size_t accesses;
} vec_file;

/* Reads path. On failure returns false and writes a one-line message naming
 * the file and line into err. */
bool vec_read(const char *path, vec_file *out, char *err, size_t errlen);
/* The same from text in memory (path names it in messages): len bytes (a
 * NUL byte among them is an error), or (vec_parse) up to its NUL. Lines end
 * at '\n' or "\r\n" and have any length (model/textin.h). */
bool vec_parse_text(const char *path, const char *text, size_t len, vec_file *out, char *err, size_t errlen);
bool vec_parse(const char *path, const char *text, vec_file *out, char *err, size_t errlen);
void vec_free(vec_file *f);

const char *vec_pbmt_name(unsigned pbmt); /* "pma", "nc", "io" */

#endif
