#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

bool cli_number(const char *cmd, const char *opt, const char *arg, uint64_t lo, uint64_t hi, uint64_t *out) {
  /* Decimal, or hex after 0x: a leading zero is not octal ("010" is ten). */
  bool hex = arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X');
  const char *digits = hex ? arg + 2 : arg;
  char *end = NULL;
  errno = 0;
  bool well_formed = isxdigit((unsigned char)digits[0]) && (hex || isdigit((unsigned char)digits[0]));
  unsigned long long v = well_formed ? strtoull(digits, &end, hex ? 16 : 10) : 0;
  if (!well_formed || errno || *end || v < lo || v > hi) {
    fprintf(stderr, "mmucosim %s: %s '%s': expected a number in %" PRIu64 "..%" PRIu64 "\n", cmd, opt, arg, lo, hi);
    return false;
  }
  *out = v;
  return true;
}

bool cli_seed(const char *cmd, const char *arg, uint64_t *seed) {
  if (strcmp(arg, "random")) return cli_number(cmd, "--seed", arg, 0, UINT64_MAX, seed);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  *seed = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec;
  return true;
}

bool cli_rtl_tlb(const char *cmd, const char *arg, unsigned *entries) {
  uint64_t v;
  if (!cli_number(cmd, "--tlb", arg, 4, 16, &v)) return false;
  if (v != 4 && v != 16) {
    fprintf(stderr, "mmucosim %s: --tlb '%s': expected 4 or 16 (the sizes the RTL is built for)\n", cmd, arg);
    return false;
  }
  *entries = (unsigned)v;
  return true;
}

bool cli_shard(const char *cmd, const char *arg, unsigned *index, unsigned *count) {
  unsigned long long i = 0, n = 0;
  int used = 0;
  bool ok = isdigit((unsigned char)arg[0]) && sscanf(arg, "%llu/%llu%n", &i, &n, &used) == 2 && !arg[used] &&
            isdigit((unsigned char)strchr(arg, '/')[1]) && n >= 1 && n <= CLI_SHARDS_MAX && i >= 1 && i <= n;
  if (!ok) {
    fprintf(stderr, "mmucosim %s: --shard '%s': expected I/N with 1 <= I <= N <= %u (I counts from 1)\n", cmd, arg,
            CLI_SHARDS_MAX);
    return false;
  }
  *index = (unsigned)i;
  *count = (unsigned)n;
  return true;
}

bool cli_mkdir_p(const char *dir, char *err, size_t errlen) {
  char path[1024];
  if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
    snprintf(err, errlen, "%s: the path is too long", dir);
    return false;
  }
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char c = *p;
    *p = '\0';
    if (mkdir(path, 0777) && errno != EEXIST) {
      snprintf(err, errlen, "cannot make the directory %s: %s", path, strerror(errno));
      return false;
    }
    *p = c;
    if (!c) break;
  }
  struct stat sb;
  if (!stat(dir, &sb) && S_ISDIR(sb.st_mode)) return true;
  snprintf(err, errlen, "cannot make the directory %s: %s", dir, strerror(ENOTDIR));
  return false;
}

bool cli_make_dir(const char *cmd, const char *dir) {
  char err[1200];
  if (cli_mkdir_p(dir, err, sizeof err)) return true;
  fprintf(stderr, "mmucosim %s: %s\n", cmd, err);
  return false;
}

bool cli_write_file(const char *cmd, const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  bool ok = f && fputs(text, f) >= 0;
  if (f) ok &= fclose(f) == 0;
  if (!ok) fprintf(stderr, "mmucosim %s: cannot write %s: %s\n", cmd, path, strerror(errno));
  return ok;
}
