/*
 * What every reader's fuzz target checks beyond "no crash, no sanitizer
 * report": a refusal's message is one line of printable ASCII that starts
 * with "fuzz.in:LINE: " (LINE from 1) and did not fill its buffer (so its
 * reason was not cut off). A broken promise aborts, which libFuzzer and the
 * corpus replay (fuzz_replay.c) report as a failure.
 */
#ifndef MM_FUZZ_H
#define MM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_PATH "fuzz.in"

static inline void fuzz_fail(const char *what, const char *err) {
  fprintf(stderr, "fuzz: %s: '%s'\n", what, err);
  abort();
}

static inline void fuzz_check_message(const char *err, size_t errlen) {
  for (const unsigned char *c = (const unsigned char *)err; *c; c++)
    if (*c < 0x20 || *c >= 0x7f) fuzz_fail("a byte outside printable ASCII in the message", err);
  if (strlen(err) >= errlen - 1) fuzz_fail("the message filled its buffer (its reason cut off?)", err);
  size_t n = strlen(FUZZ_PATH);
  const char *digits = err + n + 1;
  if (strncmp(err, FUZZ_PATH ":", n + 1) || *digits < '1' || *digits > '9')
    fuzz_fail("the message does not start with FILE:LINE", err);
  while (*digits >= '0' && *digits <= '9')
    digits++;
  if (digits[0] != ':' || digits[1] != ' ' || !digits[2]) fuzz_fail("no reason after FILE:LINE:", err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
