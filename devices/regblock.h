/*
 * A register block: the device a driver talks to through IO mappings.
 *   0x00 ID        read: REGBLOCK_ID; writes ignored
 *   0x08 SCRATCH   read/write, 8 bytes
 *   0x10 FIFO      write: push the value (up to REGBLOCK_FIFO_DEPTH, then dropped);
 *                  read: pop the oldest (0 when empty): a read has a side effect
 *   0x18 COUNT     read: values in the FIFO; writes ignored
 *   0x20 DOORBELL  write: appended to the doorbell log (offset, size, value), in order;
 *                  read: the number of writes logged
 * Other offsets read zero and drop writes. Accesses narrower than 8 bytes
 * read or write the low bytes of the register at their offset's 8-byte slot.
 */
#ifndef MM_REGBLOCK_H
#define MM_REGBLOCK_H

#include <stdint.h>

#include "device.h"

#define REGBLOCK_ID         0x6d6d75636f73696dull /* "mmucosim" */
#define REGBLOCK_FIFO_DEPTH 16
#define REGBLOCK_LOG_MAX    4096 /* doorbell writes kept; the count goes on */

typedef struct regblock_write {
  uint64_t offset;
  unsigned size;
  uint64_t value;
} regblock_write;

typedef struct regblock {
  uint64_t scratch;
  uint64_t fifo[REGBLOCK_FIFO_DEPTH]; /* fifo[(head + i) % DEPTH], i < count */
  unsigned head, count;
  uint64_t pops, pushes; /* reads and writes of FIFO, counted */
  unsigned n_log;        /* doorbell writes, all of them */
  regblock_write log[REGBLOCK_LOG_MAX];
} regblock;

void regblock_init(regblock *r);
/* The device interface over r, at REGBLOCK_BASE. */
mm_device regblock_device(regblock *r, uint64_t base);

#endif
