#include "side.h"

#include <stdlib.h>

#include "model/pma.h"

side *side_new(void) {
  side *sd = calloc(1, sizeof *sd);
  if (!sd) return NULL;
  sd->mem = mm_mem_new();
  if (!sd->mem) {
    free(sd);
    return NULL;
  }
  mm_bus_init(&sd->bus, sd->mem);
  regblock_init(&sd->regs);
  framebuf_init(&sd->fb);
  mm_device d = regblock_device(&sd->regs, REGBLOCK_BASE);
  mm_bus_attach(&sd->bus, &d);
  d = framebuf_device(&sd->fb, FRAMEBUF_BASE);
  mm_bus_attach(&sd->bus, &d);
  return sd;
}

void side_free(side *sd) {
  if (!sd) return;
  mm_mem_free(sd->mem);
  free(sd);
}
