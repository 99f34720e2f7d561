/*
 * The one interface between the bus and a device: single-beat reads and
 * writes of 1, 2, 4 or 8 bytes at an offset in the device's window, and, for
 * a device that takes them, line bursts (64 bytes, a byte mask). A
 * device is a struct of its own behind a pointer; the bus (model/bus.c)
 * finds it by address and never knows what it is. Devices use nothing of
 * the model.
 */
#ifndef MM_DEVICE_H
#define MM_DEVICE_H

#include <stdint.h>

typedef struct mm_device {
  const char *name;
  uint64_t base, size; /* the window in the physical address space */
  /* value of size bytes at offset (naturally aligned; zero-extended) */
  uint64_t (*read)(void *dev, uint64_t offset, unsigned size);
  /* writes the low size bytes of value at offset */
  void (*write)(void *dev, uint64_t offset, unsigned size, uint64_t value);
  /* A line (64 bytes at a 64-byte aligned offset); NULL: the device takes no
   * bursts (the bus reads zeros and drops the write, and counts the error) */
  void (*burst_read)(void *dev, uint64_t offset, uint8_t bytes[64]);
  void (*burst_write)(void *dev, uint64_t offset, const uint8_t bytes[64], uint64_t mask);
  void *dev;
} mm_device;

#endif
