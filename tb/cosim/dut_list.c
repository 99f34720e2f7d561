/* Finding a DUT by name among the build's (dut.h). */
#include <string.h>

#include "tb/cosim/dut.h"

const dut_profile dut_profile_full = {.sv48 = true,
                                      .h = true,
                                      .svpbmt = true,
                                      .svadu = true,
                                      .data = true,
                                      .timing = DUT_CYCLE_EXACT,
                                      .tlbs =
                                          "one TLB per hart, fully associative, tree-PLRU, of the run's --tlb entries"};

const dut_class *dut_class_find(const char *name) {
  for (unsigned i = 0; i < dut_class_count(); i++)
    if (!strcmp(dut_class_at(i)->name, name)) return dut_class_at(i);
  return NULL;
}
