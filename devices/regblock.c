#include "regblock.h"

#include <string.h>

void regblock_init(regblock *r) { memset(r, 0, sizeof *r); }

static uint64_t low_bytes(uint64_t v, unsigned size) { return size >= 8 ? v : v & ((1ull << (8 * size)) - 1); }

static uint64_t regblock_read(void *dev, uint64_t offset, unsigned size) {
  regblock *r = dev;
  unsigned shift = 8 * (unsigned)(offset & 7);
  uint64_t v = 0;
  switch (offset & ~7ull) {
  case 0x00: v = REGBLOCK_ID; break;
  case 0x08: v = r->scratch; break;
  case 0x10:
    r->pops++;
    if (r->count) {
      v = r->fifo[r->head];
      r->head = (r->head + 1) % REGBLOCK_FIFO_DEPTH;
      r->count--;
    }
    break;
  case 0x18: v = r->count; break;
  case 0x20: v = r->n_log; break;
  default: break;
  }
  return low_bytes(v >> shift, size);
}

static void regblock_write_reg(void *dev, uint64_t offset, unsigned size, uint64_t value) {
  regblock *r = dev;
  unsigned shift = 8 * (unsigned)(offset & 7);
  uint64_t mask = low_bytes(~0ull, size) << shift;
  value = low_bytes(value, size);
  switch (offset & ~7ull) {
  case 0x08: r->scratch = (r->scratch & ~mask) | (value << shift); break;
  case 0x10:
    r->pushes++;
    if (r->count < REGBLOCK_FIFO_DEPTH) {
      r->fifo[(r->head + r->count) % REGBLOCK_FIFO_DEPTH] = value;
      r->count++;
    }
    break;
  case 0x20:
    if (r->n_log < REGBLOCK_LOG_MAX)
      r->log[r->n_log] = (regblock_write){.offset = offset, .size = size, .value = value};
    r->n_log++;
    break;
  default: break;
  }
}

mm_device regblock_device(regblock *r, uint64_t base) {
  return (mm_device){
      .name = "regblock", .base = base, .size = 0x1000, .read = regblock_read, .write = regblock_write_reg, .dev = r};
}
