/* mmucosim: one binary, one subcommand per job. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct subcommand {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} subcommand;

static const subcommand subcommands[] = {
    {"vec", cmd_vec, "replay mmuvec vector files on the golden model"},
    {"run", cmd_run, "one lockstep co-simulation run, model against RTL"},
    {"regress", cmd_regress, "the default co-simulation regression: seeds x configurations, a table"},
    {"mutants", cmd_mutants, "show that the co-simulation catches every injected RTL bug"},
    {"color", cmd_color, "page coloring on the model: misses of a naive and a colored frame allocator"},
    {"scenarios", cmd_scenarios, "the kernel's scenarios in lockstep (or on one backend), a table"},
    {"trace", cmd_trace, "replay a real program's memory trace (valgrind lackey) through the kernel"},
    {"coverage", cmd_coverage, "the functional coverage report of coverage files (run/regress --coverage)"},
    {"shrink", cmd_shrink, "cut a failing run down to a small replay file that fails the same way"},
    {"report", cmd_report, "one self-contained HTML page of the runs' data files and plots"},
};

static void usage(FILE *out) {
  fputs("usage: mmucosim COMMAND [options] [args]\n\ncommands:\n", out);
  for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
    fprintf(out, "  %-9s %s\n", subcommands[i].name, subcommands[i].summary);
  fputs("\n'mmucosim COMMAND --help' describes a command and its options.\n", out);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
    if (!strcmp(argv[1], subcommands[i].name)) return subcommands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "mmucosim: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
