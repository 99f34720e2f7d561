/*
 * The tables regress and mutants print: fixed-width columns on stdout, and
 * the same cells as tab-separated values (a header line naming the columns,
 * then a line per row) in a file that plots and the report page read.
 */
#ifndef MM_TABLE_H
#define MM_TABLE_H

#include <stdio.h>

typedef struct table_col {
  const char *name;
  int width; /* right-aligned in width; negative: left-aligned; 0: the last column, after two spaces */
} table_col;

typedef struct table {
  const table_col *cols;
  unsigned n;
  FILE *out; /* the printed table (NULL: none) */
  FILE *tsv; /* the values (NULL: none) */
} table;

/* The column names, on both. */
void table_header(const table *t);
/* One row of t->n cells (a cell with a tab or newline has it replaced by a space in the TSV). */
void table_row(const table *t, const char *const *cells);

#endif
