/* mmucosim coverage: the functional coverage report of coverage files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model/cov.h"
#include "tb/report/report.h"

static const char usage[] = "usage: mmucosim coverage [options] FILE...\n"
                            "\n"
                            "The functional coverage report (model/cov.h) of the coverage files that\n"
                            "runs wrote (mmucosim run --coverage, regress --coverage), added up: per\n"
                            "group the reachable bins and how many were hit, then every empty\n"
                            "reachable bin by name, and a closing line with the figure.\n"
                            "\n"
                            "options:\n"
                            "  -u, --unreachable     also list the bins no run can reach, each with the reason\n"
                            "  -b, --baseline FILE   fail (exit 1) when a bin hit in FILE (a coverage file)\n"
                            "                        is empty now, naming each\n"
                            "  -o, --output FILE     also write the added-up counts to FILE\n"
                            "      --tsv FILE        also write the groups as tab-separated values (group,\n"
                            "                        bins, reachable, hit, unreachable, empty), for the plot\n"
                            "      --bins FILE       also write every bin as tab-separated values: bin,\n"
                            "                        group, name, count, reachable (1/0), reason\n"
                            "  -h, --help            this text\n"
                            "\n"
                            "exit status: 0 every reachable bin hit (and none lost against the\n"
                            "baseline); 1 empty reachable bins, or bins lost; 2 bad options or files\n";

int cmd_coverage(int argc, char **argv) {
  static const struct option longopts[] = {
      {"unreachable", no_argument, NULL, 'u'},
      {"baseline", required_argument, NULL, 'b'},
      {"output", required_argument, NULL, 'o'},
      {"tsv", required_argument, NULL, 256},
      {"bins", required_argument, NULL, 257},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  bool unreachable = false;
  const char *baseline = NULL, *output = NULL, *tsv = NULL, *bins = NULL;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "ub:o:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'u': unreachable = true; break;
    case 'b': baseline = optarg; break;
    case 'o': output = optarg; break;
    case 256: tsv = optarg; break;
    case 257: bins = optarg; break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind >= argc) {
    fprintf(stderr, "mmucosim coverage: no coverage file (see --help)\n");
    return 2;
  }
  mm_cov *sum = malloc(sizeof *sum), *base = malloc(sizeof *base);
  if (!sum || !base) {
    fprintf(stderr, "mmucosim coverage: out of memory\n");
    free(sum);
    free(base);
    return 2;
  }
  mm_cov_init(sum);
  mm_cov_init(base);
  char err[512];
  int rc = 0;
  for (int i = optind; i < argc && !rc; i++)
    if (!mm_cov_read(sum, argv[i], err, sizeof err)) {
      fprintf(stderr, "mmucosim coverage: %s\n", err);
      rc = 2;
    }
  if (!rc && baseline && !mm_cov_read(base, baseline, err, sizeof err)) {
    fprintf(stderr, "mmucosim coverage: %s\n", err);
    rc = 2;
  }
  if (!rc && output && !mm_cov_write(sum, output)) {
    fprintf(stderr, "mmucosim coverage: cannot write %s\n", output);
    rc = 2;
  }
  if (!rc && bins && !mm_cov_write_bins(sum, bins)) {
    fprintf(stderr, "mmucosim coverage: cannot write %s\n", bins);
    rc = 2;
  }
  if (!rc && tsv && !report_cov_tsv(sum, tsv, err, sizeof err)) {
    fprintf(stderr, "mmucosim coverage: %s\n", err);
    rc = 2;
  }
  if (!rc) {
    unsigned empty = mm_cov_report(sum, stdout, unreachable);
    rc = empty ? 1 : 0;
    if (baseline) {
      unsigned lost = 0;
      char name[160];
      for (unsigned b = 0, n = mm_cov_bins(); b < n; b++) {
        if (!base->count[b] || sum->count[b]) continue;
        mm_cov_bin_name(b, name, sizeof name);
        printf("%s%s", lost++ ? ", " : "coverage: lost against the baseline: ", name);
      }
      if (lost) {
        printf("\n");
        rc = 1;
      } else {
        printf("coverage: every bin of the baseline %s still hit\n", baseline);
      }
    }
  }
  free(sum);
  free(base);
  return rc;
}
