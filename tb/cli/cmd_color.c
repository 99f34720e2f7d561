/* mmucosim color: page coloring, measured on the model (sw/scenarios/coloring.h). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "model/mmu.h"
#include "sw/scenarios/coloring.h"

static const char usage[] = "usage: mmucosim color [options]\n"
                            "\n"
                            "Page coloring on the model: one process's pages placed by a naive allocator\n"
                            "(the lowest free frame) and by a colored one (the colors in turn), on the same\n"
                            "pool, fragmented by an earlier process so that its lowest free frames all have\n"
                            "one color; then every line of every page read in several passes through the\n"
                            "MMU and the cache. Prints the misses of each side by side: the naive pages meet\n"
                            "in the same sets and keep evicting each other (conflict misses in every pass),\n"
                            "the colored ones miss only in the first pass.\n"
                            "\n"
                            "options:\n"
                            "  -p, --pages N      the working set in 4 KiB pages, 1..256 (default 16)\n"
                            "  -P, --passes N     passes over the working set, 2..1000 (default 4)\n"
                            "  -c, --cache-kib N  cache size in KiB, a power of two (default 128)\n"
                            "  -w, --ways N       cache ways, a power of two up to 64 (default 4)\n"
                            "  -h, --help         this text\n"
                            "\n"
                            "Numbers are decimal, or hex after 0x.\n"
                            "exit status: 0 done; 2 bad options\n";

int cmd_color(int argc, char **argv) {
  static const struct option longopts[] = {
      {"pages", required_argument, NULL, 'p'},
      {"passes", required_argument, NULL, 'P'},
      {"cache-kib", required_argument, NULL, 'c'},
      {"ways", required_argument, NULL, 'w'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  coloring_params p = COLORING_PARAMS_DEFAULT;
  uint64_t v;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "p:P:c:w:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'p':
      if (!cli_number("color", "--pages", optarg, 1, 256, &v)) return 2;
      p.pages = (unsigned)v;
      break;
    case 'P':
      if (!cli_number("color", "--passes", optarg, 2, 1000, &v)) return 2;
      p.passes = (unsigned)v;
      break;
    case 'c':
      if (!cli_number("color", "--cache-kib", optarg, 1, 1u << 20, &v)) return 2;
      p.cache.size_bytes = (unsigned)v * 1024;
      break;
    case 'w':
      if (!cli_number("color", "--ways", optarg, 1, 64, &v)) return 2;
      p.cache.ways = (unsigned)v;
      break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "mmucosim color: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }
  coloring_result r[2];
  const char *why = "";
  if (!coloring_run(&p, r, &why)) {
    fprintf(stderr, "mmucosim color: %s\n", why);
    return 2;
  }
  unsigned colors = p.cache.size_bytes / p.cache.ways / 4096;
  printf("color: %u pages read %u times, line by line (%" PRIu64 " loads); cache %u KiB, %u ways, 64-byte lines: %u "
         "colors\n",
         p.pages, p.passes, r[0].loads, p.cache.size_bytes / 1024, p.cache.ways, colors ? colors : 1);
  printf("%-10s %8s %10s %10s %18s %12s\n", "allocator", "colors", "loads", "misses", "after 1st pass", "cycles");
  for (unsigned i = 0; i < 2; i++)
    printf("%-10s %8u %10" PRIu64 " %10" PRIu64 " %18" PRIu64 " %12" PRIu64 "\n", r[i].allocator, r[i].colors_used,
           r[i].loads, r[i].misses, r[i].misses_after, r[i].cycles);
  printf("misses by color (naive | colored):");
  for (unsigned k = 0; k < (colors ? colors : 1) && k < 64; k++)
    printf(" %u:%" PRIu64 "|%" PRIu64, k, r[0].per_color[k], r[1].per_color[k]);
  printf("\n");
  return 0;
}
