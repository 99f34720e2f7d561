/* Fuzz target: the JUnit files that mmucosim report reads for its failure list (report_junit_failures,
 * tb/report/report.h). It takes any text; the list names at most one failure per testcase. */
#include "tb/report/report.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *sink;
  if (!sink) sink = fopen("/dev/null", "w");
  char *xml = malloc(size + 1);
  if (!xml) return 0;
  memcpy(xml, data, size);
  xml[size] = '\0'; /* the report reads a file whole, up to a NUL */
  unsigned testcases = 0;
  for (const char *tc = strstr(xml, "<testcase "); tc; tc = strstr(tc + 1, "<testcase "))
    testcases++;
  if (report_junit_failures(sink, xml) > testcases) fuzz_fail("more failures than testcases", "");
  free(xml);
  return 0;
}
