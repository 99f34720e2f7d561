#include "bus.h"

#include <stddef.h>
#include <string.h>

#include "pma.h"

void mm_bus_init(mm_bus *bus, mm_mem *mem) { *bus = (mm_bus){.mem = mem}; }

bool mm_bus_attach(mm_bus *bus, const mm_device *dev) {
  if (bus->n_devices == MM_BUS_MAX_DEVICES) return false;
  bus->devices[bus->n_devices++] = *dev;
  return true;
}

void mm_mem_write_masked(mm_mem *mem, uint64_t pa, uint64_t value, uint8_t mask) {
  if (!mask) return;
  uint64_t bytes = mm_mask_bits(mask);
  uint64_t old = mm_mem_read64(mem, pa);
  mm_mem_write64(mem, pa, (old & ~bytes) | (value & bytes));
}

static mm_device *device_at(mm_bus *bus, uint64_t addr) {
  for (unsigned i = 0; i < bus->n_devices; i++)
    if (addr >= bus->devices[i].base && addr - bus->devices[i].base < bus->devices[i].size) return &bus->devices[i];
  return NULL;
}

static void line_to_bytes(const uint64_t words[8], uint8_t bytes[64]) {
  for (unsigned i = 0; i < 64; i++)
    bytes[i] = (uint8_t)(words[i / 8] >> (8 * (i % 8)));
}

static void bytes_to_line(const uint8_t bytes[64], uint64_t words[8]) {
  for (unsigned w = 0; w < 8; w++) {
    words[w] = 0;
    for (unsigned i = 0; i < 8; i++)
      words[w] |= (uint64_t)bytes[8 * w + i] << (8 * i);
  }
}

static void line_access(mm_bus *bus, mm_bus_txn *t) {
  if (pma_is_main(t->addr)) {
    if (t->write)
      mm_mem_write_line(bus->mem, t->addr, t->data, t->mask);
    else
      mm_mem_read_line(bus->mem, t->addr, t->data);
    return;
  }
  mm_device *d = device_at(bus, t->addr);
  bool takes_bursts = d && (t->write ? d->burst_write != NULL : d->burst_read != NULL);
  if (!takes_bursts) {
    bus->errors.burst_to_io++;
    if (!t->write) memset(t->data, 0, sizeof t->data);
    return;
  }
  uint8_t bytes[64];
  if (t->write) {
    line_to_bytes(t->data, bytes);
    d->burst_write(d->dev, t->addr - d->base, bytes, t->mask);
  } else {
    d->burst_read(d->dev, t->addr - d->base, bytes);
    bytes_to_line(bytes, t->data);
  }
}

static void beat_access(mm_bus *bus, mm_bus_txn *t) {
  unsigned lane = (unsigned)(t->addr & 7);
  uint64_t word = t->addr & ~7ull;
  if (pma_is_main(t->addr)) {
    if (t->write)
      mm_mem_write_masked(bus->mem, word, t->data[0], (uint8_t)t->mask);
    else
      t->data[0] = mm_mem_read64(bus->mem, word) & mm_lane_bits(t->addr, t->size);
    return;
  }
  mm_device *d = device_at(bus, t->addr);
  if (!d) {
    bus->errors.unmapped++;
    if (!t->write) t->data[0] = 0;
    return;
  }
  if (t->write)
    d->write(d->dev, t->addr - d->base, t->size, t->data[0] >> (8 * lane));
  else
    t->data[0] = d->read(d->dev, t->addr - d->base, t->size) << (8 * lane);
}

void mm_bus_access(mm_bus *bus, mm_bus_txn *t) {
  if (bus->forward)
    bus->forward(bus->forward_ctx, t);
  else if (t->beats == 8)
    line_access(bus, t);
  else
    beat_access(bus, t);
}
