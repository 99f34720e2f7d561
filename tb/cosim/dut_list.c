/* Finding a DUT by name among the build's (dut.h). */
#include <string.h>

#include "tb/cosim/dut.h"

const dut_class *dut_class_find(const char *name) {
  for (unsigned i = 0; i < dut_class_count(); i++)
    if (!strcmp(dut_class_at(i)->name, name)) return dut_class_at(i);
  return NULL;
}
