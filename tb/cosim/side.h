/*
 * One side of the co-simulation: what stands behind its bus. Its own main
 * memory (the sparse memory) and its own devices (the register block, the
 * frame buffer) in the I/O region, behind an mm_bus (model/bus.h). The model
 * and the RTL each get one, so that neither ever sees the other's state; a
 * platform that runs one side alone (the SystemC example, a kernel scenario)
 * builds one the same way.
 */
#ifndef MM_SIDE_H
#define MM_SIDE_H

#include "devices/framebuf.h"
#include "devices/regblock.h"
#include "model/bus.h"
#include "model/mem.h"

typedef struct side {
  mm_mem *mem;
  mm_bus bus;
  regblock regs;
  framebuf fb;
} side;

/* NULL when out of memory. */
side *side_new(void);
void side_free(side *sd);

#endif
