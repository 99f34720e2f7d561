/* The DUTs of a build without Verilator (the sanitizer builds): the golden
 * model alone, as a second instance (dut_model.c). */
#include "tb/cosim/dut.h"

static const dut_class *const classes[] = {&dut_model_class};

unsigned dut_class_count(void) { return sizeof classes / sizeof classes[0]; }
const dut_class *dut_class_at(unsigned i) { return i < dut_class_count() ? classes[i] : NULL; }
