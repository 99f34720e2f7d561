/* JUnit XML (junit.h). */
#include "junit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Text as XML character data or an attribute value: the five special
 * characters escaped, control characters XML 1.0 forbids dropped. */
static void put_escaped(FILE *f, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&apos;", f); break;
    default:
      if (c >= 0x20 || c == '\n' || c == '\t') fputc(c, f);
    }
  }
}

static const char *const element[] = {
    [JUNIT_FAILURE] = "failure", [JUNIT_ERROR] = "error", [JUNIT_SKIPPED] = "skipped"};

bool junit_write(const char *path, const char *suite, const junit_case *cases, unsigned n, double seconds, char *err,
                 size_t errlen) {
  unsigned count[4] = {0};
  for (unsigned i = 0; i < n; i++)
    count[cases[i].result]++;
  FILE *f = fopen(path, "w");
  if (!f) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    return false;
  }
  char stamp[32], host[128] = "localhost";
  time_t t = time(NULL);
  struct tm tm;
  strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", localtime_r(&t, &tm));
  gethostname(host, sizeof host - 1);
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"", f);
  put_escaped(f, suite);
  fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n", n, count[JUNIT_FAILURE],
          count[JUNIT_ERROR], count[JUNIT_SKIPPED], seconds);
  fputs("  <testsuite name=\"", f);
  put_escaped(f, suite);
  fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\" timestamp=\"%s\" hostname=\"",
          n, count[JUNIT_FAILURE], count[JUNIT_ERROR], count[JUNIT_SKIPPED], seconds, stamp);
  put_escaped(f, host);
  fputs("\">\n", f);
  for (unsigned i = 0; i < n; i++) {
    const junit_case *c = &cases[i];
    fputs("    <testcase classname=\"", f);
    put_escaped(f, c->classname);
    fputs("\" name=\"", f);
    put_escaped(f, c->name);
    fprintf(f, "\" time=\"%.3f\">\n", c->seconds);
    if (c->result != JUNIT_PASSED) {
      fprintf(f, "      <%s message=\"", element[c->result]);
      put_escaped(f, c->message);
      fputs("\"/>\n", f);
    }
    if (c->out[0]) {
      fputs("      <system-out>", f);
      put_escaped(f, c->out);
      fputs("</system-out>\n", f);
    }
    fputs("    </testcase>\n", f);
  }
  fputs("  </testsuite>\n</testsuites>\n", f);
  bool ok = !ferror(f);
  ok &= fclose(f) == 0;
  if (!ok) snprintf(err, errlen, "cannot write %s", path);
  return ok;
}
