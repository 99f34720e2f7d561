/*
 * JUnit XML, the subset CI dashboards read and tests/junit.xsd describes:
 * <testsuites> with one <testsuite> holding a <testcase> per job, each with
 * its time, at most one of <failure>, <error> (the job crashed or could not
 * run) or <skipped>, and its <system-out> (the command that re-runs it, its
 * log). Counts and the total time are written on both suite elements.
 */
#ifndef MM_JUNIT_H
#define MM_JUNIT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum junit_result { JUNIT_PASSED, JUNIT_FAILURE, JUNIT_ERROR, JUNIT_SKIPPED } junit_result;

typedef struct junit_case {
  char classname[64]; /* "regress", "mutants" */
  char name[128];     /* the job: "h2-t16-l7-s3" */
  double seconds;
  junit_result result;
  char message[160]; /* a failure's, error's or skip's one line */
  char out[1024];    /* system-out: the re-run command, the log's path (may be empty) */
} junit_case;

/* Writes the file; false with a one-line message in err when it cannot. */
bool junit_write(const char *path, const char *suite, const junit_case *cases, unsigned n, double seconds, char *err,
                 size_t errlen);

#endif
