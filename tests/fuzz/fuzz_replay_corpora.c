/*
 * The fuzz corpora as a test (make fuzz-tests, part of make test): every
 * file under tests/fuzz/<reader>/ given to that reader's fuzz target, each in
 * a child process (a crash, a sanitizer report, an abort of a broken promise
 * or a hang of more than 10 s fails that file alone), built with gcc and the
 * same sanitizers as libFuzzer's build, no clang needed. Each target is
 * compiled with LLVMFuzzerTestOneInput renamed (fuzz.mk) so that all six
 * live in this one program.
 *
 * usage: fuzz_replay_corpora DIR   (DIR holding vec/, replay/, cov/, trace/, tsv/, junit/)
 * It prints each failing file, then "fuzz: N passed, M failed".
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int fuzz_vec(const uint8_t *data, size_t size);
int fuzz_replay(const uint8_t *data, size_t size);
int fuzz_cov(const uint8_t *data, size_t size);
int fuzz_trace(const uint8_t *data, size_t size);
int fuzz_tsv(const uint8_t *data, size_t size);
int fuzz_junit(const uint8_t *data, size_t size);

static const struct target {
  const char *name;
  int (*one)(const uint8_t *, size_t);
} targets[] = {{"vec", fuzz_vec},     {"replay", fuzz_replay}, {"cov", fuzz_cov},
               {"trace", fuzz_trace}, {"tsv", fuzz_tsv},       {"junit", fuzz_junit}};

#define TIMEOUT_S 10

/* The file's bytes (free them); NULL when it cannot be read. */
static uint8_t *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0, got;
  uint8_t *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0)
    if ((n += got) == cap) {
      uint8_t *more = realloc(buf, cap *= 2);
      if (!more) free(buf);
      buf = more;
    }
  fclose(f);
  *len = n;
  return buf;
}

/* 0 when target's run on path passed; else a reason in why. */
static int run_one(const struct target *t, const char *path, char *why, size_t len) {
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(why, len, "cannot fork");
    return 1;
  }
  if (pid == 0) {
    alarm(TIMEOUT_S);
    size_t n = 0;
    uint8_t *data = slurp(path, &n);
    if (!data) exit(3);
    t->one(data, n);
    free(data);
    exit(0);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0) {
    snprintf(why, len, "lost its child");
    return 1;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  if (WIFEXITED(status))
    snprintf(why, len, WEXITSTATUS(status) == 3 ? "cannot read it" : "exit status %d (a sanitizer report above)",
             WEXITSTATUS(status));
  else
    snprintf(why, len, "%s", WTERMSIG(status) == SIGALRM ? "hung (more than 10 s)" : strsignal(WTERMSIG(status)));
  return 1;
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR (with vec/, replay/, cov/, trace/, tsv/, junit/ corpora)\n", argv[0]);
    return 2;
  }
  unsigned passed = 0, failed = 0;
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", argv[1], targets[i].name);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) {
      printf("fuzz: %s: no corpus (cannot read %s)\n", targets[i].name, dir);
      failed++;
      continue;
    }
    unsigned files = 0;
    for (int k = 0; k < n; k++) {
      if (names[k]->d_name[0] != '.') {
        char path[2048], why[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]->d_name);
        files++;
        fflush(stdout);
        if (run_one(&targets[i], path, why, sizeof why)) {
          printf("fuzz: %s: FAILED: %s\n", path, why);
          failed++;
        } else {
          passed++;
        }
      }
      free(names[k]);
    }
    free(names);
    printf("fuzz: %s: %u corpus files replayed through its target\n", targets[i].name, files);
  }
  printf("fuzz: %u passed, %u failed\n", passed, failed);
  return failed ? 1 : 0;
}
