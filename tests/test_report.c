/*
 * The report page (tb/report/report.h) and its plots: the TSV reader, the
 * escaping and base64 it relies on, the coverage table, a page made from a
 * sample of every data file (the scenarios' from real runs on the model,
 * the JUnit and coverage files from the project's own writers), the notes a
 * missing or malformed input gives; and that page loaded in a real headless
 * browser (tb/report/check_page.sh, Debian's chromium) with the plots that
 * tb/plots/plots.sh makes from the same data: every table and image must
 * render, and a page with a broken image or a table short must fail the
 * check. The browser is not instrumented: the sanitizer builds skip it.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sw/scenarios/scenario.h"
#include "tb/cli/junit.h"
#include "tb/cosim/machine.h"
#include "tb/report/report.h"
#include "tests/testrun.h"

static char dir[64]; /* this test's files: DIR/run, DIR/plots, DIR/index.html */

static void make_dirs(void) {
  mkdir("build", 0777);
  mkdir("build/tests", 0777);
  snprintf(dir, sizeof dir, "build/tests/report.%d", (int)getpid());
  char cmd[320];
  snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s/run/scenarios %s/plots %s/coverage/html", dir, dir, dir, dir);
  cr_assert_eq(system(cmd), 0, "cannot make %s", dir);
}

static void remove_dirs(void) {
  char cmd[96];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  cr_assert_eq(system(cmd), 0);
}

static void write_text(const char *name, const char *text) {
  char path[160];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  cr_assert(f, "cannot write %s", path);
  fputs(text, f);
  fclose(f);
}

/* A scenario run on the model, its data written as `mmucosim scenarios --data` writes it. */
static void write_scenario_data(const char *name) {
  tb_machine_config mc = TB_MACHINE_CONFIG_DEFAULT;
  mc.backend = COSIM_MODEL;
  const scenario *sc = scenario_find(name);
  cr_assert(sc, "no scenario %s", name);
  mc.harts = sc->harts;
  char err[256], file[96];
  machine *m = tb_machine_new_model(&mc, err, sizeof err);
  cr_assert(m, "%s", err);
  scenario_params p = {.seed = 1, .tlb_entries = 16};
  static scenario_result r;
  cr_assert(scenario_run(sc, m, &p, &r), "%s: %s", name, r.failure);
  tb_machine_free(m);
  cr_assert(r.data[0], "%s wrote no data", name);
  snprintf(file, sizeof file, "run/scenarios/%s.tsv", name);
  write_text(file, r.data);
}

/* Every input of the page: the regression's and the mutants' in the formats of `regress --tsv`,
 * `--junit`, `--coverage` and `mutants --tsv`; the scenarios' and a trace sweep's. */
/* An lcov tracefile as verilator_coverage --write-info gives it, with branch records as lcov adds
 * them (two files: 3 of 4 lines, 1 of 2 branches; the LF/LH summaries are not what counts), and
 * the genhtml page beside it. */
static const char sample_lcov[] = "TN:verilator_coverage\nSF:rtl/mmu_tlb.sv\nDA:10,5\nDA:11,0\nBRDA:12,0,0,3\n"
                                  "BRDA:12,0,1,-\nBRF:2\nBRH:1\nLF:2\nLH:9\nend_of_record\n"
                                  "SF:rtl/mmu_ptw.sv\nDA:7,1\nDA:8,2\nLF:2\nLH:2\nend_of_record\n";

static void sample_inputs(void) {
  write_text("coverage/rtl.info", sample_lcov);
  write_text("coverage/html/index.html", "<html><body>genhtml</body></html>\n");
  write_text("run/regress.tsv", "harts\ttlb\tlatency\tseed\trequests\tcycles\tseconds\tresult\n"
                                "1\t16\t1\t1\t20000\t412345\t0.21\tpass\n"
                                "2\t16\t7\t1\t3\t43\t0.00\tMISMATCH\n"
                                "4\t4\t1\t2\t20000\t398765\t0.25\tpass\n");
  junit_case cases[2] = {{.classname = "regress", .name = "h1-t16-l1-s1", .seconds = 0.21, .result = JUNIT_PASSED},
                         {.classname = "regress",
                          .name = "h2-t16-l7-s1",
                          .seconds = 0.01,
                          .result = JUNIT_FAILURE,
                          .message = "MISMATCH at request 0 (hart 0, edge 43)",
                          .out = "re-run: build/mmucosim run --seed 1 --requests 4 --harts 2 --latency 7\n"
                                 "log: build/regress/h2-t16-l7-s1.log\n"
                                 "waveform: gtkwave build/regress/fail-h2-t16-l7-s1.fst "
                                 "build/regress/fail-h2-t16-l7-s1.gtkw <&>\n"}};
  char path[160], err[256];
  snprintf(path, sizeof path, "%s/run/regress.xml", dir);
  cr_assert(junit_write(path, "regress", cases, 2, 0.22, err, sizeof err), "%s", err);
  static mm_cov cov;
  mm_cov_init(&cov);
  for (unsigned b = 0; b < mm_cov_bins(); b += 2)
    cov.count[b] = b + 1;
  snprintf(path, sizeof path, "%s/run/regress.cov", dir);
  cr_assert(mm_cov_write(&cov, path));
  snprintf(path, sizeof path, "%s/run/coverage.tsv", dir);
  cr_assert(report_cov_tsv(&cov, path, err, sizeof err), "%s", err);
  write_text("run/mutants.tsv", "bug\tname\tseed\trequests\tresult\n"
                                "-\tnone (control)\t-\t-\tpass, 10 seeds\n"
                                "1\tsfence_asid_drops_global\t1\t7113\tcaught\n"
                                "8\td_not_set_on_store\t1\t324\tcaught\n"
                                "10\tsome_bug\t-\t-\tSURVIVED 10 seeds\n"
                                "40\tarbiter_prio_sticks\t1\t4\tcaught\n");
  write_scenario_data("thrashing");
  write_scenario_data("kpti");
  write_scenario_data("page-coloring");
  write_text("run/trace-tlb.tsv", "tlb_entries\taccesses\trequests\ttlb_misses\ttlb_miss_ratio\n"
                                  "4\t1000\t1010\t200\t0.198\n16\t1000\t1010\t50\t0.0495\n64\t1000\t1010\t9\t0.0089\n");
  write_text("run/trace-cache.tsv", "cache_kib\tways\taccesses\tlookups\tcache_misses\tcache_miss_ratio\n"
                                    "4\t1\t1000\t1010\t300\t0.297\n8\t1\t1000\t1010\t100\t0.099\n"
                                    "4\t2\t1000\t1010\t250\t0.2475\n8\t2\t1000\t1010\t90\t0.0891\n"
                                    "4\t4\t1000\t1010\t240\t0.2376\n8\t4\t1000\t1010\t80\t0.0792\n"
                                    "4\t8\t1000\t1010\t230\t0.2277\n8\t8\t1000\t1010\t70\t0.0693\n");
  write_text("run/bench.txt", "model, TLB hit: 80 M translations/s <fast>\n");
}

/* The page of DIR's inputs, into DIR/NAME; returns report_write's verdict, missing and err filled. */
static bool make_page(const char *name, char *missing, size_t mlen, char *err, size_t elen) {
  char run[96], plots[96], path[160], lcov[128];
  snprintf(run, sizeof run, "%s/run", dir);
  snprintf(plots, sizeof plots, "%s/plots", dir);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(lcov, sizeof lcov, "%s/coverage/rtl.info", dir);
  report_inputs in = {
      .run_dir = run, .plot_dir = plots, .commit = "abc123<x>", .date = "2026-01-01", .lcov = lcov, .page_dir = dir};
  FILE *f = fopen(path, "w");
  cr_assert(f, "cannot write %s", path);
  bool ok = report_write(&in, f, missing, mlen, err, elen);
  fclose(f);
  return ok;
}

static char *read_page(const char *name) {
  char path[160];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "r");
  cr_assert(f, "cannot read %s", path);
  static char text[1 << 21];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  return text;
}

Test(report, a_table_is_read_by_its_header, .init = make_dirs, .fini = remove_dirs) {
  write_text("t.tsv", "a\tb\tresult\r\n1\t\tpass\n2\tx y\tMISMATCH\n");
  char path[160], err[256];
  snprintf(path, sizeof path, "%s/t.tsv", dir);
  report_table t;
  cr_assert(report_table_read(&t, path, err, sizeof err), "%s", err);
  cr_assert_eq(t.cols, 3);
  cr_assert_eq(t.rows, 2);
  cr_assert_str_eq(report_cell(&t, 0, "result"), "pass", "the header's CR is not part of the last column");
  cr_assert_str_eq(report_cell(&t, 0, "b"), "");
  cr_assert_str_eq(report_cell(&t, 1, "b"), "x y");
  cr_assert_null(report_cell(&t, 0, "nope"));
  cr_assert_null(report_cell(&t, 2, "a"));
  report_table_free(&t);
}

Test(report, a_malformed_table_is_refused_with_its_file_and_line, .init = make_dirs, .fini = remove_dirs) {
  char path[160], err[256], want[200];
  report_table t;
  write_text("bad.tsv", "a\tb\n1\t2\n3\n");
  snprintf(path, sizeof path, "%s/bad.tsv", dir);
  cr_assert_not(report_table_read(&t, path, err, sizeof err));
  snprintf(want, sizeof want, "%s:3: 1 columns, the header has 2", path);
  cr_assert_str_eq(err, want);
  write_text("empty.tsv", "");
  snprintf(path, sizeof path, "%s/empty.tsv", dir);
  cr_assert_not(report_table_read(&t, path, err, sizeof err));
  cr_assert(strstr(err, "empty.tsv:1: empty"), "%s", err);
  snprintf(path, sizeof path, "%s/none.tsv", dir);
  cr_assert_not(report_table_read(&t, path, err, sizeof err));
  cr_assert(strstr(err, "none.tsv: cannot read it"), "%s", err);
}

Test(report, text_is_escaped_and_bytes_are_base64) {
  char *buf;
  size_t len;
  FILE *f = open_memstream(&buf, &len);
  report_escape(f, "<a href=\"x\">&'</a>");
  fputc('|', f);
  /* RFC 4648's test vectors */
  const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  for (unsigned i = 0; i < 7; i++) {
    report_base64(f, (const unsigned char *)in[i], strlen(in[i]));
    fputc('|', f);
  }
  fclose(f);
  cr_assert_str_eq(buf, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;||Zg==|Zm8=|Zm9v|Zm9vYg==|Zm9vYmE=|Zm9vYmFy|");
  free(buf);
}

Test(report, coverage_groups_add_up_to_every_bin) {
  static mm_cov cov;
  mm_cov_init(&cov);
  cov.count[0] = 1;
  mm_cov_tally g[MM_COV_GROUPS];
  mm_cov_count(&cov, g);
  unsigned bins = 0, hit = 0;
  for (unsigned i = 0; i < MM_COV_GROUPS; i++) {
    cr_assert_leq(g[i].hit, g[i].reachable, "group %s", g[i].name);
    cr_assert_leq(g[i].reachable, g[i].bins, "group %s", g[i].name);
    bins += g[i].bins;
    hit += g[i].hit;
  }
  cr_assert_eq(bins, mm_cov_bins());
  cr_assert_eq(hit, mm_cov_unreachable(0) ? 0u : 1u);
}

Test(report, an_lcov_tracefile_adds_up_and_a_bad_count_names_its_line, .init = make_dirs, .fini = remove_dirs) {
  write_text("coverage/rtl.info", sample_lcov);
  char path[160], err[256];
  snprintf(path, sizeof path, "%s/coverage/rtl.info", dir);
  report_lcov l;
  cr_assert(report_lcov_read(&l, path, err, sizeof err), "%s", err);
  cr_assert(l.files == 2 && l.lines == 4 && l.lines_hit == 3 && l.branches == 2 && l.branches_hit == 1,
            "files %u, lines %lu/%lu, branches %lu/%lu", l.files, l.lines_hit, l.lines, l.branches_hit, l.branches);
  write_text("coverage/rtl.info", "SF:x.sv\nDA:1,2\nDA:2,two\n");
  cr_assert_not(report_lcov_read(&l, path, err, sizeof err));
  cr_assert(strstr(err, "rtl.info:3: 'DA:2,two': expected DA:LINE,COUNT"), "%s", err);
  write_text("coverage/rtl.info", "hello\n");
  cr_assert_not(report_lcov_read(&l, path, err, sizeof err));
  cr_assert(strstr(err, "not an lcov tracefile"), "%s", err);
  char rel[256];
  snprintf(path, sizeof path, "%s/coverage/rtl.info", dir);
  cr_assert(report_relative(dir, path, rel, sizeof rel));
  cr_assert_str_eq(rel, "coverage/rtl.info");
  char from[160];
  snprintf(from, sizeof from, "%s/run/scenarios", dir);
  cr_assert(report_relative(from, path, rel, sizeof rel));
  cr_assert_str_eq(rel, "../../coverage/rtl.info");
}

Test(report, every_coverage_bin_is_a_row_of_the_bins_file, .init = make_dirs, .fini = remove_dirs) {
  static mm_cov cov;
  mm_cov_init(&cov);
  unsigned unreachable = 0, reachable = 0;
  for (unsigned b = 0; b < mm_cov_bins(); b++) {
    if (mm_cov_unreachable(b) && !unreachable) unreachable = b;
    if (!mm_cov_unreachable(b) && !reachable) reachable = b;
  }
  cov.count[reachable] = 41;
  char path[160], err[256], name[160];
  snprintf(path, sizeof path, "%s/bins.tsv", dir);
  cr_assert(mm_cov_write_bins(&cov, path));
  report_table t;
  cr_assert(report_table_read(&t, path, err, sizeof err), "%s", err);
  cr_assert_eq(t.cols, 6);
  cr_assert_eq(t.rows, mm_cov_bins(), "a row per bin: %u rows, %u bins", t.rows, mm_cov_bins());
  mm_cov_bin_name(reachable, name, sizeof name);
  cr_assert_str_eq(report_cell(&t, reachable, "name"), name);
  cr_assert_str_eq(report_cell(&t, reachable, "count"), "41");
  cr_assert_str_eq(report_cell(&t, reachable, "reachable"), "1");
  cr_assert_str_eq(report_cell(&t, reachable, "group"), mm_cov_group_name(mm_cov_group_of(reachable)));
  cr_assert_str_eq(report_cell(&t, unreachable, "reachable"), "0");
  cr_assert_str_eq(report_cell(&t, unreachable, "reason"), mm_cov_unreachable(unreachable));
  report_table_free(&t);
}

Test(report, a_page_holds_every_input_escaped, .init = make_dirs, .fini = remove_dirs, .timeout = 60) {
  sample_inputs();
  char missing[2048], err[512];
  cr_assert(make_page("index.html", missing, sizeof missing, err, sizeof err), "%s", err);
  /* no plots in this test: only they are missing */
  cr_assert(strstr(missing, "plots/thrashing.png: make plots writes it"), "%s", missing);
  cr_assert_null(strstr(missing, "/run/"), "a data file missing:\n%s", missing);
  const char *page = read_page("index.html");
  const char *ids[] = {"regress-table", "coverage-table", "mutants-table",   "thrashing-table",
                       "kpti-table",    "coloring-table", "trace-tlb-table", "trace-cache-table"};
  for (unsigned i = 0; i < 8; i++) {
    char want[64];
    snprintf(want, sizeof want, "<table id=\"%s\">", ids[i]);
    cr_assert(strstr(page, want), "no %s", want);
  }
  cr_assert(strstr(page, "abc123&lt;x&gt;"), "the commit, escaped");
  cr_assert(strstr(page, "3 runs, 2 passed, 1 failed"));
  cr_assert(strstr(page, "<b>h2-t16-l7-s1</b>: MISMATCH at request 0 (hart 0, edge 43)"), "the failure by name");
  cr_assert(strstr(page, "re-run: build/mmucosim run --seed 1 --requests 4"), "its re-run command");
  cr_assert(strstr(page, "build/regress/fail-h2-t16-l7-s1.gtkw &lt;&amp;&gt;"), "its waveform, escaped");
  cr_assert(strstr(page, "3 of 4 injected bugs caught"));
  cr_assert(strstr(page, "&lt;fast&gt;"), "the bench figures, escaped");
  cr_assert_null(strstr(page, "<script"), "no script on the page");
  cr_assert_null(strstr(page, "http"), "nothing fetched from anywhere");
}

Test(report, a_missing_input_names_the_command_that_writes_it, .init = make_dirs, .fini = remove_dirs) {
  char missing[2048], err[512];
  cr_assert(make_page("index.html", missing, sizeof missing, err, sizeof err), "%s", err);
  cr_assert(strstr(missing, "run/regress.tsv: make run writes it"), "%s", missing);
  cr_assert(strstr(missing, "run/mutants.tsv: make run writes it"), "%s", missing);
  cr_assert(strstr(missing, "run/trace-tlb.tsv: make plots writes it"), "%s", missing);
  cr_assert(strstr(read_page("index.html"), "<p class=\"missing\">Not available: no <code>"));
}

Test(report, a_malformed_input_stops_the_page_with_its_line, .init = make_dirs, .fini = remove_dirs) {
  write_text("run/mutants.tsv", "bug\tname\tseed\trequests\tresult\n1\tx\t1\t5\n");
  char missing[2048], err[512];
  cr_assert_not(make_page("index.html", missing, sizeof missing, err, sizeof err));
  cr_assert(strstr(err, "run/mutants.tsv:2: 4 columns, the header has 5"), "%s", err);
}

#if defined(__SANITIZE_ADDRESS__)
#define BROWSER_SKIP cr_skip_test("the browser is not instrumented: the plain build runs it")
#else
#define BROWSER_SKIP (void)0
#endif

/* A copy of DIR/index.html with from replaced by to (the first time), as DIR/name. */
static void damaged_copy(const char *name, const char *from, const char *to) {
  const char *page = read_page("index.html");
  const char *at = strstr(page, from);
  cr_assert(at, "no '%s' in the page", from);
  char path[160];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  cr_assert(f);
  fprintf(f, "%.*s%s%s", (int)(at - page), page, to, at + strlen(from));
  fclose(f);
}

Test(report, the_page_renders_every_table_and_plot_in_a_browser, .init = make_dirs, .fini = remove_dirs,
     .timeout = 180) {
  BROWSER_SKIP;
  sample_inputs();
  static char out[8192];
  char cmd[400], missing[2048], err[512];
  snprintf(cmd, sizeof cmd, "tb/plots/plots.sh %s/run %s/plots", dir, dir);
  int rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "%s: exit %d\n%s", cmd, rc, out);
  cr_assert(strstr(out, "plots: 7 made, 0 skipped"), "%s", out);
  cr_assert(make_page("index.html", missing, sizeof missing, err, sizeof err), "%s", err);
  cr_assert_eq(missing[0], '\0', "missing inputs:\n%s", missing);
  snprintf(cmd, sizeof cmd, "tb/report/check_page.sh %s/index.html 8 7 2", dir);
  rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "%s: exit %d\n%s", cmd, rc, out);
  cr_assert(strstr(out, "8 tables and 7 images rendered, none broken, 2 links to files beside it, nothing fetched"),
            "%s", out);
  const char *page = read_page("index.html");
  cr_assert(strstr(page, "<a href=\"coverage/html/index.html\">the genhtml view</a>"), "the link to genhtml's view");
  cr_assert(strstr(page, "Lines 75.0% (3 of 4), branches 50.0% (1 of 2), over 2 source files"), "the lcov totals");

  /* ... and when the genhtml view the page links is not there. */
  snprintf(cmd, sizeof cmd, "mv %s/coverage/html %s/coverage/gone && tb/report/check_page.sh %s/index.html 8 7 2", dir,
           dir, dir);
  rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 1, "a dead link passed: exit %d\n%s", rc, out);
  cr_assert(strstr(out, "the link coverage/html/index.html leads nowhere"), "%s", out);

  /* The check must fail when an image does not decode or a table is short. */
  damaged_copy("broken.html", "base64,iVBOR", "base64,AAAA");
  snprintf(cmd, sizeof cmd, "tb/report/check_page.sh %s/broken.html 8 7 2", dir);
  rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 1, "a broken image passed: exit %d\n%s", rc, out);
  cr_assert(strstr(out, "images=6 broken=1"), "%s", out);
  damaged_copy("short.html", "<table id=\"kpti-table\">", "<div>");
  snprintf(cmd, sizeof cmd, "tb/report/check_page.sh %s/short.html 8 7 2", dir);
  rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 1, "a page a table short passed: exit %d\n%s", rc, out);
  cr_assert(strstr(out, "tables=7"), "%s", out);
}

Test(report, scenarios_write_their_data_where_asked, .init = make_dirs, .fini = remove_dirs, .timeout = 60) {
  static char out[16384];
  char cmd[256];
  snprintf(cmd, sizeof cmd, "build/mmucosim scenarios --backend model -q --data %s/new/dir thrashing kpti aslr", dir);
  int rc = run_command(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "%s: exit %d\n%s", cmd, rc, out);
  char path[160], err[256];
  report_table t;
  snprintf(path, sizeof path, "%s/new/dir/thrashing.tsv", dir);
  cr_assert(report_table_read(&t, path, err, sizeof err), "%s", err);
  cr_assert_eq(t.rows, 6, "working sets 4..24");
  cr_assert_str_eq(report_cell(&t, 5, "fault_rate"), "1.0000", "24 pages in 12 frames: every access faults");
  report_table_free(&t);
  snprintf(path, sizeof path, "%s/new/dir/kpti.tsv", dir);
  cr_assert(report_table_read(&t, path, err, sizeof err), "%s", err);
  cr_assert_str_eq(report_cell(&t, 2, "configuration"), "KPTI, no ASIDs");
  report_table_free(&t);
  snprintf(path, sizeof path, "%s/new/dir/aslr.tsv", dir);
  cr_assert_neq(access(path, F_OK), 0, "aslr has nothing to plot: no file");
}
