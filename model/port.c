#include "port.h"

bool mm_mem_port_access(void *ctx, mm_memop *op) {
  mm_mem_port *p = ctx;
  if (op->kind == MM_OP_READ)
    op->data = mm_mem_load(p->mem, op->pa);
  else
    op->old = mm_mem_cas(p->mem, op->pa, op->cmp, op->data);
  op->cycles = p->latency;
  return true;
}
