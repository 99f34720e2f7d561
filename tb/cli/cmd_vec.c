/* mmucosim vec: replays vector files on the golden model. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tb/cosim/dut.h"
#include "tb/cva6/cva6_vec.h"
#include "tb/vec/vecrun.h"

/* In the programs that link tb/cva6/cva6_vec.c (mmucosim); elsewhere NULL. */
extern bool cva6_vec_run(const char *dut, const vec_file *f, const vec_opts *opts, cva6_vec_stats *stats, char *err,
                         size_t errlen) __attribute__((weak));

static const char usage[] = "usage: mmucosim vec [options] FILE...\n"
                            "\n"
                            "Replays mmuvec files (shared/vectors/FORMAT.md) on the golden model and\n"
                            "reports every outcome that differs from the file's expectations, as\n"
                            "FILE:LINE: access ...: expected ..., got ...\n"
                            "\n"
                            "options:\n"
                            "      --dut NAME  run the accesses on a DUT instead of the model: cva6,\n"
                            "                  cva6-h or cva6-shared (CVA6's MMU, from reset, every\n"
                            "                  TLB flushed before each access); an access needing what\n"
                            "                  the build lacks (Sv48, hardware A/D, Svpbmt, V=1 without\n"
                            "                  H) is skipped and counted with its reason\n"
                            "  -v, --verbose   print every access with its outcome and its walk\n"
                            "                  (each PTE read and A/D write, in order)\n"
                            "  -q, --quiet     print only mismatches and errors, no summary\n"
                            "  -h, --help      this text\n"
                            "\n"
                            "exit status: 0 all accesses match; 1 a mismatch; 2 a bad file or usage\n";

int cmd_vec(int argc, char **argv) {
  static const struct option longopts[] = {
      {"dut", required_argument, NULL, 'd'},
      {"verbose", no_argument, NULL, 'v'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  vec_opts opts = {.out = stdout};
  bool quiet = false;
  const char *dut = NULL;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "vqh", longopts, NULL)) != -1) {
    switch (c) {
    case 'd': dut = optarg; break;
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
  if (dut && strcmp(dut, "model") && (!cva6_vec_run || strncmp(dut, "cva6", 4))) {
    fprintf(stderr, "mmucosim vec: --dut '%s': expected model%s\n", dut,
            cva6_vec_run ? ", cva6, cva6-h or cva6-shared" : " (this build has no CVA6)");
    return 2;
  }
  if (dut && !strcmp(dut, "model")) dut = NULL;
  cva6_vec_stats cs = {0};
  vec_stats stats = {0};
  unsigned files = 0;
  for (int i = optind; i < argc; i++) {
    vec_file f;
    char err[512];
    if (!vec_read(argv[i], &f, err, sizeof err)) {
      fprintf(stderr, "mmucosim vec: %s\n", err);
      return 2;
    }
    if (dut) {
      if (!cva6_vec_run(dut, &f, &opts, &cs, err, sizeof err)) {
        fprintf(stderr, "mmucosim vec: %s: %s\n", argv[i], err);
        vec_free(&f);
        return 2;
      }
    } else {
      vec_run(&f, &opts, &stats);
    }
    vec_free(&f);
    files++;
  }
  if (dut) {
    stats = cs.run;
    unsigned skipped = 0;
    for (unsigned k = 0; k < CVA6_SKIP_REASONS; k++)
      skipped += cs.skipped[k];
    if (!quiet) {
      printf("vec --dut %s: %u differences of known classes (counted); %u accesses skipped:", dut, cs.known, skipped);
      for (unsigned k = 0; k < CVA6_SKIP_REASONS; k++)
        if (cs.skipped[k]) printf(" %u %s;", cs.skipped[k], cva6_vec_skip_name((cva6_vec_skip)k));
      printf("\n");
    }
  }
  if (!quiet)
    printf("vec: %u file%s, %u accesses: %u passed, %u failed (%u differences)\n", files, files == 1 ? "" : "s",
           stats.accesses, stats.accesses - stats.failed, stats.failed, stats.diffs);
  return stats.failed ? 1 : 0;
}
