/* For the tests that run the project's commands: a command's exit status and output. */
#ifndef MM_TESTRUN_H
#define MM_TESTRUN_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <sys/wait.h>

/* Runs a shell command, its standard output and error into out (cut to len). Returns the exit
 * status (-1: killed). */
static inline int run_command(const char *cmd, char *out, size_t len) {
  char full[1024];
  snprintf(full, sizeof full, "%s 2>&1", cmd);
  FILE *p = popen(full, "r");
  cr_assert(p, "cannot run %s", cmd);
  size_t n = fread(out, 1, len - 1, p);
  out[n] = '\0';
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif
