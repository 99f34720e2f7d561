#include "table.h"

#include <assert.h>

static void line(const table *t, const char *const *cells) {
  if (t->out) {
    for (unsigned i = 0; i < t->n; i++) {
      int w = t->cols[i].width;
      if (w)
        fprintf(t->out, "%s%*s", i ? " " : "", w, cells[i]);
      else
        fprintf(t->out, "  %s", cells[i]);
    }
    fputc('\n', t->out);
  }
  if (t->tsv) {
    for (unsigned i = 0; i < t->n; i++) {
      if (i) fputc('\t', t->tsv);
      for (const char *p = cells[i]; *p; p++)
        fputc(*p == '\t' || *p == '\n' ? ' ' : *p, t->tsv);
    }
    fputc('\n', t->tsv);
  }
}

void table_header(const table *t) {
  const char *names[64];
  assert(t->n <= 64);
  for (unsigned i = 0; i < t->n; i++)
    names[i] = t->cols[i].name;
  line(t, names);
}

void table_row(const table *t, const char *const *cells) { line(t, cells); }
