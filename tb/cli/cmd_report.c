/* mmucosim report: the regression's report page (tb/report/report.h). */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "tb/report/report.h"

static const char usage[] = "usage: mmucosim report [options]\n"
                            "\n"
                            "Writes one self-contained HTML page (plots inline as PNG data URIs, inline\n"
                            "style, no script, nothing fetched) from the data files the runs wrote: the\n"
                            "regression table with each failure's re-run command, log and waveform\n"
                            "(regress.tsv, regress.xml), coverage per group with the empty bins listed\n"
                            "(regress.cov), the injected bugs (mutants.tsv), the scenarios' measurements\n"
                            "(scenarios/thrashing.tsv, kpti.tsv, page-coloring.tsv), a real program's\n"
                            "trace swept over TLB and cache sizes (trace-tlb.tsv, trace-cache.tsv), the\n"
                            "bench figures (bench.txt), the plots (tb/plots/plots.sh), and the git commit\n"
                            "and date it was made from. `make run`, then `make report`, makes them all.\n"
                            "A missing input is noted on the page and named on stderr with the command\n"
                            "that writes it.\n"
                            "\n"
                            "options:\n"
                            "  -r, --run-dir DIR   the runs' data files (default build/run)\n"
                            "  -p, --plots DIR     the plots, NAME.png (default build/plots)\n"
                            "  -o, --out FILE      the page (default build/report/index.html)\n"
                            "      --lcov FILE     the RTL's code coverage, an lcov tracefile (default\n"
                            "                      build/coverage/rtl.info, make coverage): its totals, and\n"
                            "                      links to it and to genhtml's view in html/ beside it\n"
                            "  -h, --help          this text\n"
                            "\n"
                            "exit status: 0 the page written (inputs may be missing: see stderr); 2 bad\n"
                            "options, a malformed input ('FILE:LINE: what'), or the page not written\n";

/* What the working tree is: `git describe --always --dirty`, or "unknown" outside a clone. */
static void git_commit(char *buf, size_t len) {
  snprintf(buf, len, "unknown (not a git clone)");
  FILE *p = popen("git describe --always --dirty --abbrev=12 2>/dev/null", "r");
  if (!p) return;
  char line[128];
  if (fgets(line, sizeof line, p) && line[0] != '\n') {
    line[strcspn(line, "\n")] = '\0';
    snprintf(buf, len, "%s", line);
  }
  pclose(p);
}

int cmd_report(int argc, char **argv) {
  static const struct option longopts[] = {
      {"run-dir", required_argument, NULL, 'r'}, {"plots", required_argument, NULL, 'p'},
      {"out", required_argument, NULL, 'o'},     {"lcov", required_argument, NULL, 256},
      {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
  };
  const char *out_path = "build/report/index.html";
  report_inputs in = {.run_dir = "build/run", .plot_dir = "build/plots", .lcov = "build/coverage/rtl.info"};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "r:p:o:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'r': in.run_dir = optarg; break;
    case 'p': in.plot_dir = optarg; break;
    case 'o': out_path = optarg; break;
    case 256: in.lcov = optarg; break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind != argc) {
    fprintf(stderr, "mmucosim report: unexpected argument '%s' (see --help)\n", argv[optind]);
    return 2;
  }
  char dir[1024], commit[160], date[64];
  snprintf(dir, sizeof dir, "%s", out_path);
  if (!cli_make_dir("report", dirname(dir))) return 2;
  in.page_dir = dir;
  git_commit(commit, sizeof commit);
  time_t now = time(NULL);
  struct tm tm;
  strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %z", localtime_r(&now, &tm));
  in.commit = commit;
  in.date = date;
  FILE *f = fopen(out_path, "w");
  if (!f) {
    fprintf(stderr, "mmucosim report: cannot write %s\n", out_path);
    return 2;
  }
  char missing[4096], err[1200];
  bool ok = report_write(&in, f, missing, sizeof missing, err, sizeof err);
  ok &= !ferror(f);
  if (fclose(f) || !ok) {
    fprintf(stderr, "mmucosim report: %s\n", ok ? "cannot write the page" : err);
    remove(out_path);
    return 2;
  }
  for (char *line = strtok(missing, "\n"); line; line = strtok(NULL, "\n"))
    fprintf(stderr, "mmucosim report: %s\n", line);
  printf("report: %s (commit %s)\n", out_path, commit);
  return 0;
}
