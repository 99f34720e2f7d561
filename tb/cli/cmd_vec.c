/* mmucosim vec: replays vector files on the golden model. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tb/vec/vecrun.h"

static const char usage[] = "usage: mmucosim vec [options] FILE...\n"
                            "\n"
                            "Replays mmuvec files (shared/vectors/FORMAT.md) on the golden model and\n"
                            "reports every outcome that differs from the file's expectations, as\n"
                            "FILE:LINE: access ...: expected ..., got ...\n"
                            "\n"
                            "options:\n"
                            "  -v, --verbose   print every access with its outcome and its walk\n"
                            "                  (each PTE read and A/D write, in order)\n"
                            "  -q, --quiet     print only mismatches and errors, no summary\n"
                            "  -h, --help      this text\n"
                            "\n"
                            "exit status: 0 all accesses match; 1 a mismatch; 2 a bad file or usage\n";

int cmd_vec(int argc, char **argv) {
  static const struct option longopts[] = {
      {"verbose", no_argument, NULL, 'v'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  vec_opts opts = {.out = stdout};
  bool quiet = false;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'v': opts.verbose = true; break;
    case 'q': quiet = true; break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind >= argc) {
    fprintf(stderr, "mmucosim vec: no vector file given\n%s", usage);
    return 2;
  }
  vec_stats stats = {0};
  unsigned files = 0;
  for (int i = optind; i < argc; i++) {
    vec_file f;
    char err[512];
    if (!vec_read(argv[i], &f, err, sizeof err)) {
      fprintf(stderr, "mmucosim vec: %s\n", err);
      return 2;
    }
    vec_run(&f, &opts, &stats);
    vec_free(&f);
    files++;
  }
  if (!quiet)
    printf("vec: %u file%s, %u accesses: %u passed, %u failed (%u differences)\n", files, files == 1 ? "" : "s",
           stats.accesses, stats.accesses - stats.failed, stats.failed, stats.diffs);
  return stats.failed ? 1 : 0;
}
