/*
 * The normal RTL builds hold no test scaffolding: the state that only the
 * injected bugs use (the memory system's second-read flag and reservations,
 * the arbiter's runner-up, the bug select) exists in the mutant build's
 * Verilated model and in neither of the others. Read from the Verilated
 * models' root headers, which declare every signal the design keeps.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path) {
  FILE *f = fopen(path, "r");
  cr_assert(f, "cannot read %s (make rtl builds it)", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  cr_assert(text && fread(text, 1, (size_t)n, f) == (size_t)n, "cannot read %s", path);
  text[n] = '\0';
  fclose(f);
  return text;
}

static const char *const scaffolding[] = {"again_q", "resv_valid_q", "resv_word_q", "second_found", "bug_q"};
#define N_SCAFFOLDING (sizeof scaffolding / sizeof scaffolding[0])

Test(rtl_build, bug_only_state_is_in_the_mutant_build_alone) {
  static const char *const normal[] = {"build/rtl/t4/Vmmu_t4___024root.h", "build/rtl/t16/Vmmu_t16___024root.h"};
  for (unsigned b = 0; b < 2; b++) {
    char *text = slurp(normal[b]);
    for (unsigned i = 0; i < N_SCAFFOLDING; i++)
      cr_expect(!strstr(text, scaffolding[i]), "%s declares %s, a bug's state", normal[b], scaffolding[i]);
    free(text);
  }
  char *mut = slurp("build/rtl/mut/Vmmu_mut___024root.h");
  for (unsigned i = 0; i < N_SCAFFOLDING; i++)
    cr_expect(strstr(mut, scaffolding[i]) != NULL,
              "the mutant build lacks %s: the check above looks for a name "
              "the design does not use",
              scaffolding[i]);
  free(mut);
}
