/*
 * The report page: what a regression's runs measured, as one self-contained
 * HTML file a verification lead reads the morning after (mmucosim report).
 * Everything on it comes from the data files the runs wrote (run_dir:
 * regress.tsv, regress.xml, regress.cov, mutants.tsv, scenarios/NAME.tsv,
 * trace-tlb.tsv, trace-cache.tsv, bench.txt), the plots made from them
 * (plot_dir: NAME.png, tb/plots/plots.sh), and the RTL's code coverage
 * (an lcov tracefile, its genhtml view linked); nothing is typed in by hand. The
 * plots are inline (base64 data URIs), the style is inline, there is no
 * script: the page opens from a mail attachment as well as from a CI
 * artifact. Text from the files is escaped.
 *
 * An input that is missing leaves a note on the page and a line in the
 * caller's missing buffer naming the file and the command that writes it;
 * a malformed one (a TSV row with another number of columns than its
 * header, a coverage file the model does not read) fails with FILE:LINE.
 */
#ifndef MM_REPORT_H
#define MM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/cov.h"

/* A tab-separated table: a header line naming the columns, then a row a line. */
typedef struct report_table {
  unsigned cols; /* the header's columns, >= 1 */
  unsigned rows; /* data rows, the header not counted */
  char **cell;   /* (rows + 1) x cols, row-major: row 0 is the header */
  char *text;    /* the file's text, split in place */
} report_table;

/* false with "FILE:LINE: ..." (or "FILE: ..." when it cannot be read) in err on a missing, empty or
 * malformed file. Lines end at '\n' or "\r\n"; blank lines (spaces, tabs, '\r') are skipped; a NUL
 * byte is an error; the header has at most REPORT_TABLE_MAX_COLS columns, and every row as many. */
#define REPORT_TABLE_MAX_COLS 1024
bool report_table_read(report_table *t, const char *path, char *err, size_t errlen);
/* The same from text in memory (len bytes, copied; path names it in messages). */
bool report_table_parse(report_table *t, const char *path, const char *text, size_t len, char *err, size_t errlen);
void report_table_free(report_table *t);
/* The cell of data row r (0-based) in the column named so, or NULL. */
const char *report_cell(const report_table *t, unsigned r, const char *column);

/* The failed testcases of JUnit XML (what tb/cli/junit.c writes: name, message and system-out, its entities
 * decoded) as an HTML list, or a line saying that none failed; returns how many. */
unsigned report_junit_failures(FILE *out, const char *xml);

/* The groups as TSV (group, bins, reachable, hit, unreachable, empty), for the plot. */
bool report_cov_tsv(const mm_cov *c, const char *path, char *err, size_t errlen);

/* Text as HTML character data or a quoted attribute value. */
void report_escape(FILE *out, const char *s);
/* Bytes as base64 (RFC 4648, padded), for a data URI. */
void report_base64(FILE *out, const unsigned char *data, size_t n);

typedef struct report_inputs {
  const char *run_dir;  /* the runs' data files (build/run) */
  const char *plot_dir; /* the plots (build/plots) */
  const char *commit;   /* what the page was made from ("fd272c1", "fd272c1-dirty") */
  const char *date;     /* when */
  /* The RTL's code coverage as an lcov tracefile (build/coverage/rtl.info, `make coverage`), with
   * genhtml's view in html/ beside it; NULL: no such section. Linked from the page by a path
   * relative to page_dir, the page's folder (NULL: the paths as given). */
  const char *lcov;
  const char *page_dir;
} report_inputs;

/* The totals of an lcov tracefile: source files, lines found and hit, branches found and hit. */
typedef struct report_lcov {
  unsigned files;
  unsigned long lines, lines_hit, branches, branches_hit;
} report_lcov;
/* false with "FILE:LINE: ..." in err on a file that cannot be read or a malformed count. */
bool report_lcov_read(report_lcov *l, const char *path, char *err, size_t errlen);
/* The path of file as seen from the folder from_dir (both existing), into buf; false when one of
 * them does not resolve. */
bool report_relative(const char *from_dir, const char *file, char *buf, size_t len);

/* Writes the page to out. Missing inputs are noted on the page and, a line
 * each, in missing (NUL-terminated, cut when full); false and err on a
 * malformed input. */
bool report_write(const report_inputs *in, FILE *out, char *missing, size_t missing_len, char *err, size_t errlen);

#endif
