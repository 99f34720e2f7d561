#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

bool cli_number(const char *cmd, const char *opt, const char *arg, uint64_t lo, uint64_t hi, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = arg[0] == '-' || arg[0] == '\0' ? 0 : strtoull(arg, &end, 0);
  if (arg[0] == '-' || arg[0] == '\0' || errno || *end || v < lo || v > hi) {
    fprintf(stderr, "mmucosim %s: %s '%s': expected a number in %" PRIu64 "..%" PRIu64 "\n", cmd, opt, arg, lo, hi);
    return false;
  }
  *out = v;
  return true;
}
