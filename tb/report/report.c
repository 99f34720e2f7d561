/* The report page (report.h). */
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/textin.h"

/* A whole file, NUL-terminated; NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 14, n = 0;
  char *buf = malloc(cap + 1);
  for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
    n += got;
    if (n == cap) {
      char *more = realloc(buf, 2 * cap + 1);
      if (!more) free(buf);
      buf = more;
      cap *= 2;
    }
  }
  bool bad = ferror(f);
  fclose(f);
  if (!buf || bad) {
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

static bool table_fail(report_table *t, char *err, size_t errlen, const char *path, uint64_t line, const char *fmt,
                       ...) {
  va_list ap;
  va_start(ap, fmt);
  txt_error(err, errlen, path, line, fmt, ap);
  va_end(ap);
  report_table_free(t);
  return false;
}

/* t->text (len bytes, NUL-terminated after them) split in place into t's cells; blank lines skipped. */
static bool table_split(report_table *t, size_t len, const char *path, char *err, size_t errlen) {
  size_t cap = 0, used = 0; /* cells */
  char *line = t->text, *stop = t->text + len;
  for (uint64_t n = 1; line < stop; n++) {
    char *end = memchr(line, '\n', (size_t)(stop - line));
    size_t l = end ? (size_t)(end - line) : (size_t)(stop - line);
    line[l] = '\0';
    if (l && line[l - 1] == '\r') line[--l] = '\0';
    const char *nul = memchr(line, '\0', l);
    if (nul)
      return table_fail(t, err, errlen, path, n, "a NUL byte at column %zu: binary data, not text",
                        (size_t)(nul - line) + 1);
    if (!txt_blank(line)) {
      size_t cols = 1;
      for (const char *c = line; *c; c++)
        cols += *c == '\t';
      if (!t->cols && cols > REPORT_TABLE_MAX_COLS)
        return table_fail(t, err, errlen, path, n, "%zu columns: at most %u", cols, REPORT_TABLE_MAX_COLS);
      if (!t->cols) t->cols = (unsigned)cols;
      if (cols != t->cols) return table_fail(t, err, errlen, path, n, "%zu columns, the header has %u", cols, t->cols);
      if (used / cols > UINT_MAX) return table_fail(t, err, errlen, path, n, "more than %u rows", UINT_MAX);
      if (used + cols > cap) {
        size_t grown = cap ? 2 * cap : 64 * cols;
        char **cell = grown <= SIZE_MAX / sizeof *cell ? realloc(t->cell, grown * sizeof *cell) : NULL;
        if (!cell) return table_fail(t, err, errlen, path, n, "out of memory");
        t->cell = cell;
        cap = grown;
      }
      char **row = &t->cell[used];
      row[0] = line;
      for (size_t c = 1; c < cols; c++) {
        char *tab = strchr(row[c - 1], '\t');
        *tab = '\0';
        row[c] = tab + 1;
      }
      used += cols;
      t->rows = (unsigned)(used / cols - 1);
    }
    if (!end) break;
    line = end + 1;
  }
  if (!t->cols) return table_fail(t, err, errlen, path, 1, "empty: no header line");
  return true;
}

bool report_table_parse(report_table *t, const char *path, const char *text, size_t len, char *err, size_t errlen) {
  *t = (report_table){0};
  t->text = malloc(len + 1);
  if (!t->text) return table_fail(t, err, errlen, path, 1, "out of memory");
  memcpy(t->text, text, len);
  t->text[len] = '\0';
  return table_split(t, len, path, err, errlen);
}

bool report_table_read(report_table *t, const char *path, char *err, size_t errlen) {
  *t = (report_table){0};
  size_t len = 0;
  t->text = slurp(path, &len);
  if (!t->text) {
    snprintf(err, errlen, "%s: cannot read it: %s", path, strerror(errno));
    return false;
  }
  return table_split(t, len, path, err, errlen);
}

void report_table_free(report_table *t) {
  free(t->cell);
  free(t->text);
  *t = (report_table){0};
}

const char *report_cell(const report_table *t, unsigned r, const char *column) {
  if (r >= t->rows) return NULL;
  for (unsigned c = 0; c < t->cols; c++)
    if (!strcmp(t->cell[c], column)) return t->cell[(size_t)(r + 1) * t->cols + c];
  return NULL;
}

bool report_cov_tsv(const mm_cov *c, const char *path, char *err, size_t errlen) {
  mm_cov_tally g[MM_COV_GROUPS];
  mm_cov_count(c, g);
  FILE *f = fopen(path, "w");
  if (!f) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    return false;
  }
  fputs("group\tbins\treachable\thit\tunreachable\tempty\n", f);
  for (unsigned i = 0; i < MM_COV_GROUPS; i++)
    fprintf(f, "%s\t%u\t%u\t%u\t%u\t%u\n", g[i].name, g[i].bins, g[i].reachable, g[i].hit, g[i].bins - g[i].reachable,
            g[i].reachable - g[i].hit);
  bool ok = !ferror(f);
  ok &= fclose(f) == 0;
  if (!ok) snprintf(err, errlen, "cannot write %s", path);
  return ok;
}

void report_escape(FILE *out, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: fputc(*s, out);
    }
  }
}

void report_base64(FILE *out, const unsigned char *data, size_t n) {
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)data[i] << 16 | (i + 1 < n ? (unsigned)data[i + 1] << 8 : 0) | (i + 2 < n ? data[i + 2] : 0);
    fputc(digits[v >> 18 & 63], out);
    fputc(digits[v >> 12 & 63], out);
    fputc(i + 1 < n ? digits[v >> 6 & 63] : '=', out);
    fputc(i + 2 < n ? digits[v & 63] : '=', out);
  }
}

/* The page under construction. */
typedef struct page {
  const report_inputs *in;
  FILE *out;
  char *missing;
  size_t missing_len;
  char *err;
  size_t errlen;
} page;

static void path_of(char *buf, size_t len, const char *dir, const char *name) {
  snprintf(buf, len, "%s/%s", dir, name);
}

/* A missing input: a note on the page and a line for the caller. */
static void note_missing(page *pg, const char *path, const char *maker) {
  fprintf(pg->out, "<p class=\"missing\">Not available: no <code>");
  report_escape(pg->out, path);
  fprintf(pg->out, "</code> (<code>");
  report_escape(pg->out, maker);
  fprintf(pg->out, "</code> writes it).</p>\n");
  size_t n = strlen(pg->missing);
  if (n + 1 < pg->missing_len) snprintf(pg->missing + n, pg->missing_len - n, "no %s: %s writes it\n", path, maker);
}

/* The plot NAME.png of plot_dir inline, or a note. */
static void put_plot(page *pg, const char *name, const char *alt) {
  char path[1024], file[64];
  snprintf(file, sizeof file, "%s.png", name);
  path_of(path, sizeof path, pg->in->plot_dir, file);
  size_t n;
  char *png = slurp(path, &n);
  if (!png) {
    note_missing(pg, path, "make plots");
    return;
  }
  fprintf(pg->out, "<figure><img id=\"plot-%s\" alt=\"", name);
  report_escape(pg->out, alt);
  fputs("\" src=\"data:image/png;base64,", pg->out);
  report_base64(pg->out, (const unsigned char *)png, n);
  fputs("\"><figcaption>", pg->out);
  report_escape(pg->out, alt);
  fputs("</figcaption></figure>\n", pg->out);
  free(png);
}

/* A failed row: a result that is not a pass or a catch. */
static bool failed_result(const char *result) {
  return result && strncmp(result, "pass", 4) && strncmp(result, "caught", 6);
}

/* A TSV file of run_dir as an HTML table (rows whose result column failed marked); false on a
 * malformed file; *t holds it on return when it could be read (else t->cols is 0). */
static bool put_table(page *pg, const char *id, const char *name, const char *maker, report_table *t) {
  char path[1024];
  path_of(path, sizeof path, pg->in->run_dir, name);
  *t = (report_table){0};
  FILE *probe = fopen(path, "r");
  if (!probe) {
    note_missing(pg, path, maker);
    return true;
  }
  fclose(probe);
  if (!report_table_read(t, path, pg->err, pg->errlen)) return false;
  fprintf(pg->out, "<table id=\"%s\">\n<thead><tr>", id);
  for (unsigned c = 0; c < t->cols; c++) {
    fputs("<th>", pg->out);
    report_escape(pg->out, t->cell[c]);
    fputs("</th>", pg->out);
  }
  fputs("</tr></thead>\n<tbody>\n", pg->out);
  for (unsigned r = 0; r < t->rows; r++) {
    fputs(failed_result(report_cell(t, r, "result")) ? "<tr class=\"fail\">" : "<tr>", pg->out);
    for (unsigned c = 0; c < t->cols; c++) {
      fputs("<td>", pg->out);
      report_escape(pg->out, t->cell[(size_t)(r + 1) * t->cols + c]);
      fputs("</td>", pg->out);
    }
    fputs("</tr>\n", pg->out);
  }
  fputs("</tbody></table>\n", pg->out);
  return true;
}

/* XML character data or an attribute value, its entities decoded in place. */
static void xml_unescape(char *s) {
  static const struct {
    const char *entity;
    char c;
  } entities[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  char *to = s;
  for (const char *from = s; *from;) {
    size_t k = *from == '&' ? 0 : 5;
    while (k < 5 && strncmp(from, entities[k].entity, strlen(entities[k].entity)))
      k++;
    if (k < 5) {
      *to++ = entities[k].c;
      from += strlen(entities[k].entity);
    } else {
      *to++ = *from++;
    }
  }
  *to = '\0';
}

/* what in [from, stop), or NULL. It reads no further than the match: a search to the end of the file per
 * testcase made a file of many testcases quadratic (memmem under ASan checks its whole range first). */
static const char *find(const char *from, const char *stop, const char *what) {
  size_t n = strlen(what);
  for (const char *p = from; (size_t)(stop - p) >= n; p++) {
    p = memchr(p, what[0], (size_t)(stop - p) - n + 1);
    if (!p) return NULL;
    if (!memcmp(p, what, n)) return p;
  }
  return NULL;
}

/* The text between open and close within [from, limit), decoded, into buf (cut to len - 1 bytes); false
 * when absent. */
static bool xml_between(const char *from, const char *limit, const char *open, const char *close, char *buf,
                        size_t len) {
  const char *a = find(from, limit, open);
  if (!a) return false;
  a += strlen(open);
  const char *b = find(a, limit, close);
  if (!b) return false;
  size_t n = (size_t)(b - a) < len ? (size_t)(b - a) : len - 1;
  memcpy(buf, a, n);
  buf[n] = '\0';
  xml_unescape(buf);
  return true;
}

unsigned report_junit_failures(FILE *out, const char *xml) {
  unsigned failures = 0;
  const char *stop = xml + strlen(xml);
  for (const char *tc = find(xml, stop, "<testcase "); tc; tc = find(tc + 1, stop, "<testcase ")) {
    const char *end = find(tc, stop, "</testcase>");
    if (!end) break;
    char what[256], message[512], text[2048];
    if (!xml_between(tc, end, "<failure message=\"", "\"", message, sizeof message) &&
        !xml_between(tc, end, "<error message=\"", "\"", message, sizeof message))
      continue;
    if (!xml_between(tc, end, " name=\"", "\"", what, sizeof what)) snprintf(what, sizeof what, "?");
    if (!xml_between(tc, end, "<system-out>", "</system-out>", text, sizeof text)) text[0] = '\0';
    if (!failures++) fputs("<ul class=\"failures\">\n", out);
    fputs("<li><b>", out);
    report_escape(out, what);
    fputs("</b>: ", out);
    report_escape(out, message);
    fputs("<pre>", out);
    report_escape(out, text);
    fputs("</pre></li>\n", out);
  }
  if (failures)
    fputs("</ul>\n", out);
  else
    fputs("<p class=\"ok\">No failed run.</p>\n", out);
  return failures;
}

/* The failed testcases of a JUnit file of run_dir (report_junit_failures). */
static void put_failures(page *pg, const char *name, const char *maker) {
  char path[1024];
  path_of(path, sizeof path, pg->in->run_dir, name);
  char *xml = slurp(path, NULL);
  if (!xml) {
    note_missing(pg, path, maker);
    return;
  }
  report_junit_failures(pg->out, xml);
  free(xml);
}

static bool section_regression(page *pg) {
  fputs("<h2 id=\"regression\">Regression</h2>\n", pg->out);
  report_table t;
  if (!put_table(pg, "regress-table", "regress.tsv", "make run", &t)) return false;
  if (t.cols) {
    unsigned failed = 0;
    for (unsigned r = 0; r < t.rows; r++)
      failed += failed_result(report_cell(&t, r, "result"));
    fprintf(pg->out, "<p class=\"%s\">%u runs, %u passed, %u failed.</p>\n", failed ? "bad" : "ok", t.rows,
            t.rows - failed, failed);
  }
  report_table_free(&t);
  fputs("<h3>Failures: the command that re-runs each, its log and its waveform</h3>\n", pg->out);
  put_failures(pg, "regress.xml", "make run");
  return true;
}

static bool section_coverage(page *pg) {
  fputs("<h2 id=\"coverage\">Functional coverage</h2>\n", pg->out);
  char path[1024];
  path_of(path, sizeof path, pg->in->run_dir, "regress.cov");
  mm_cov *c = malloc(sizeof *c);
  if (!c) {
    snprintf(pg->err, pg->errlen, "out of memory");
    return false;
  }
  mm_cov_init(c);
  FILE *probe = fopen(path, "r");
  if (!probe) {
    note_missing(pg, path, "make run");
  } else {
    fclose(probe);
    if (!mm_cov_read(c, path, pg->err, pg->errlen)) {
      free(c);
      return false;
    }
    mm_cov_tally g[MM_COV_GROUPS];
    mm_cov_tally all = mm_cov_count(c, g);
    unsigned hit = all.hit, reach = all.reachable;
    fputs("<table id=\"coverage-table\">\n<thead><tr><th>group</th><th>bins</th><th>reachable</th><th>hit</th>"
          "<th>hit %</th><th>empty reachable bins</th></tr></thead>\n<tbody>\n",
          pg->out);
    for (unsigned i = 0; i < MM_COV_GROUPS; i++) {
      fprintf(pg->out, "<tr%s><td>%s</td><td>%u</td><td>%u</td><td>%u</td><td>%.1f</td><td class=\"bins\">",
              g[i].hit < g[i].reachable ? " class=\"fail\"" : "", g[i].name, g[i].bins, g[i].reachable, g[i].hit,
              g[i].reachable ? 100.0 * g[i].hit / g[i].reachable : 100.0);
      char name[160];
      unsigned listed = 0;
      for (unsigned b = 0, n = mm_cov_bins(); b < n; b++) {
        if (mm_cov_group_of(b) != (mm_cov_group)i || mm_cov_unreachable(b) || c->count[b]) continue;
        mm_cov_bin_name(b, name, sizeof name);
        fputs(listed++ ? ", <code>" : "<code>", pg->out);
        report_escape(pg->out, name);
        fputs("</code>", pg->out);
      }
      fputs("</td></tr>\n", pg->out);
    }
    fputs("</tbody></table>\n", pg->out);
    fprintf(pg->out, "<p class=\"%s\">%u of %u reachable bins hit (%.1f%%).</p>\n", hit < reach ? "bad" : "ok", hit,
            reach, reach ? 100.0 * hit / reach : 100.0);
  }
  free(c);
  put_plot(pg, "coverage", "Bins hit per coverage group");
  return true;
}

bool report_lcov_read(report_lcov *l, const char *path, char *err, size_t errlen) {
  *l = (report_lcov){0};
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: cannot read it", path);
    return false;
  }
  /* Counted from the records themselves (DA:line,count and BRDA:line,block,branch,taken), not
   * from LF/LH summaries, which verilator_coverage does not write. */
  char line[4096];
  unsigned no = 0;
  bool ok = true;
  while (ok && fgets(line, sizeof line, f)) {
    no++;
    line[strcspn(line, "\n")] = '\0';
    unsigned long at, block, branch, count;
    char taken[32];
    if (!strncmp(line, "SF:", 3)) {
      l->files++;
    } else if (!strncmp(line, "DA:", 3)) {
      ok = sscanf(line + 3, "%lu,%lu", &at, &count) == 2;
      if (ok) {
        l->lines++;
        l->lines_hit += count > 0;
      }
    } else if (!strncmp(line, "BRDA:", 5)) {
      ok = sscanf(line + 5, "%lu,%lu,%lu,%31s", &at, &block, &branch, taken) == 4;
      if (ok) {
        l->branches++;
        l->branches_hit += strcmp(taken, "-") && strtoul(taken, NULL, 10) > 0;
      }
    }
    if (!ok)
      snprintf(err, errlen, "%s:%u: '%.60s': expected %s", path, no, line,
               line[0] == 'D' ? "DA:LINE,COUNT" : "BRDA:LINE,BLOCK,BRANCH,TAKEN");
  }
  fclose(f);
  if (ok && !l->files) {
    snprintf(err, errlen, "%s: no source file (SF:) in it: not an lcov tracefile", path);
    ok = false;
  }
  return ok;
}

bool report_relative(const char *from_dir, const char *file, char *buf, size_t len) {
  char *from = realpath(from_dir, NULL), *to = realpath(file, NULL);
  char *folder = from ? malloc(strlen(from) + 2) : NULL;
  bool ok = folder && to && len > 0;
  if (ok) {
    /* from as a folder ("/x/build/report/"); the folders it shares with to ("/x/build/"); one
     * ../ for each of its folders below them; then the rest of to ("coverage/html/index.html"). */
    sprintf(folder, "%s/", from);
    size_t common = 0;
    for (size_t i = 0; folder[i] && folder[i] == to[i]; i++)
      if (folder[i] == '/') common = i + 1;
    size_t n = 0;
    buf[0] = '\0';
    for (const char *p = folder + common; *p; p++)
      if (*p == '/' && n < len) n += (size_t)snprintf(buf + n, len - n, "../");
    if (n < len) snprintf(buf + n, len - n, "%s", to + common);
  }
  free(folder);
  free(from);
  free(to);
  return ok;
}

/* A link to file, relative to the page when it can be. */
static void put_link(page *pg, const char *file, const char *text) {
  char rel[2048];
  if (!pg->in->page_dir || !report_relative(pg->in->page_dir, file, rel, sizeof rel))
    snprintf(rel, sizeof rel, "%s", file);
  fputs("<a href=\"", pg->out);
  report_escape(pg->out, rel);
  fputs("\">", pg->out);
  report_escape(pg->out, text);
  fputs("</a>", pg->out);
}

static double percent(unsigned long part, unsigned long whole) { return whole ? 100.0 * part / whole : 100.0; }

/* The RTL's code coverage: the tracefile's totals, links to it and to genhtml's view beside it. */
static bool section_rtl_coverage(page *pg) {
  if (!pg->in->lcov) return true;
  fputs("<h2 id=\"rtl-coverage\">RTL code coverage</h2>\n", pg->out);
  FILE *probe = fopen(pg->in->lcov, "r");
  if (!probe) {
    note_missing(pg, pg->in->lcov, "make coverage");
    return true;
  }
  fclose(probe);
  report_lcov l;
  if (!report_lcov_read(&l, pg->in->lcov, pg->err, pg->errlen)) return false;
  fprintf(pg->out, "<p id=\"rtl-coverage-totals\">Lines %.1f%% (%lu of %lu)", percent(l.lines_hit, l.lines),
          l.lines_hit, l.lines);
  if (l.branches)
    fprintf(pg->out, ", branches %.1f%% (%lu of %lu)", percent(l.branches_hit, l.branches), l.branches_hit, l.branches);
  fprintf(pg->out, ", over %u source files, from the lcov tracefile ", l.files);
  put_link(pg, pg->in->lcov, pg->in->lcov);
  fputs(" (<code>verilator_coverage --write-info</code>).", pg->out);
  char dir[1024], html[1100];
  snprintf(dir, sizeof dir, "%s", pg->in->lcov);
  char *slash = strrchr(dir, '/');
  snprintf(html, sizeof html, "%.*shtml/index.html", slash ? (int)(slash + 1 - dir) : 0, dir);
  probe = fopen(html, "r");
  if (probe) {
    fclose(probe);
    fputs(" The sources annotated, per file and line: ", pg->out);
    put_link(pg, html, "the genhtml view");
    fputs(".", pg->out);
  }
  fputs("</p>\n", pg->out);
  return true;
}

static bool section_mutants(page *pg) {
  fputs("<h2 id=\"mutants\">Injected bugs</h2>\n", pg->out);
  report_table t;
  if (!put_table(pg, "mutants-table", "mutants.tsv", "make run", &t)) return false;
  if (t.cols) {
    unsigned caught = 0, bugs = 0;
    for (unsigned r = 0; r < t.rows; r++) {
      const char *bug = report_cell(&t, r, "bug"), *result = report_cell(&t, r, "result");
      if (!bug || !strcmp(bug, "-")) continue; /* the control row */
      bugs++;
      caught += result && !strncmp(result, "caught", 6);
    }
    fprintf(pg->out, "<p class=\"%s\">%u of %u injected bugs caught.</p>\n", caught < bugs ? "bad" : "ok", caught,
            bugs);
  }
  report_table_free(&t);
  put_plot(pg, "mutants", "Requests until the co-simulation caught each injected bug (log scale)");
  return true;
}

/* A measurement: its table, then its plot. */
static bool measurement(page *pg, const char *title, const char *file, const char *maker, const char *plot,
                        const char *alt) {
  fprintf(pg->out, "<h3>%s</h3>\n", title);
  char id[80];
  snprintf(id, sizeof id, "%s-table", plot);
  report_table t;
  if (!put_table(pg, id, file, maker, &t)) return false;
  report_table_free(&t);
  put_plot(pg, plot, alt);
  return true;
}

static bool section_measurements(page *pg) {
  fputs("<h2 id=\"scenarios\">Scenario measurements</h2>\n", pg->out);
  if (!measurement(pg, "Thrashing", "scenarios/thrashing.tsv", "make run", "thrashing",
                   "Page-fault rate against working-set size, the frame count marked") ||
      !measurement(pg, "KPTI", "scenarios/kpti.tsv", "make run", "kpti",
                   "TLB misses per system call with and without ASIDs") ||
      !measurement(pg, "Page coloring", "scenarios/page-coloring.tsv", "make run", "coloring",
                   "Cache misses per page color, naive and colored frame allocator"))
    return false;
  fputs("<h2 id=\"trace\">A real program's trace on the model</h2>\n", pg->out);
  return measurement(pg, "TLB size", "trace-tlb.tsv", "make plots", "trace-tlb", "TLB miss ratio against TLB size") &&
         measurement(pg, "Cache size and ways", "trace-cache.tsv", "make plots", "trace-cache",
                     "Cache miss ratio against cache size, a line per associativity");
}

static void section_bench(page *pg) {
  fputs("<h2 id=\"bench\">Bench figures</h2>\n", pg->out);
  char path[1024];
  path_of(path, sizeof path, pg->in->run_dir, "bench.txt");
  char *text = slurp(path, NULL);
  if (!text) {
    note_missing(pg, path, "make bench-log");
    return;
  }
  fputs("<pre id=\"bench-figures\">", pg->out);
  report_escape(pg->out, text);
  fputs("</pre>\n", pg->out);
  free(text);
}

static const char style[] =
    "body{font-family:sans-serif;margin:1em auto;max-width:95em;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:0.5em 0;font-size:85%;display:block;overflow-x:auto}"
    "th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}"
    "td:first-child,th:first-child,td.bins{text-align:left}tr.fail td{background:#fdd}"
    "p.missing{color:#a60}p.bad{color:#b00;font-weight:bold}p.ok{color:#070}"
    "figure{margin:0.5em 0}img{max-width:100%}pre{background:#f6f6f6;padding:0.5em;overflow-x:auto}"
    "code{font-size:90%}nav a{margin-right:1em}";

bool report_write(const report_inputs *in, FILE *out, char *missing, size_t missing_len, char *err, size_t errlen) {
  page pg = {.in = in, .out = out, .missing = missing, .missing_len = missing_len, .err = err, .errlen = errlen};
  if (missing_len) missing[0] = '\0';
  fprintf(out,
          "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>mmucosim report</title>\n"
          "<style>%s</style>\n</head>\n<body>\n<h1>mmucosim: the regression report</h1>\n",
          style);
  fputs("<p id=\"provenance\">Made from commit <code>", out);
  report_escape(out, in->commit);
  fputs("</code> on ", out);
  report_escape(out, in->date);
  fputs(", from the data files in <code>", out);
  report_escape(out, in->run_dir);
  fputs("</code> and the plots in <code>", out);
  report_escape(out, in->plot_dir);
  fputs("</code>.</p>\n<nav><a href=\"#regression\">regression</a><a href=\"#coverage\">coverage</a>"
        "<a href=\"#rtl-coverage\">RTL coverage</a>"
        "<a href=\"#mutants\">injected bugs</a><a href=\"#scenarios\">scenarios</a><a href=\"#trace\">trace</a>"
        "<a href=\"#bench\">bench</a></nav>\n",
        out);
  bool ok = section_regression(&pg) && section_coverage(&pg) && section_rtl_coverage(&pg) && section_mutants(&pg) &&
            section_measurements(&pg);
  if (ok) section_bench(&pg);
  fputs("</body>\n</html>\n", out);
  return ok;
}
