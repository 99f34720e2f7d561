/*
 * The memory bus and what sits behind it. The memory system (memsys.h) puts
 * transactions on the bus: line fills and write-backs of the cache, drains
 * of the write-combining buffer, single beats of NC and IO accesses. An
 * mm_bus is the target: main memory (the sparse memory, written by byte
 * masks) and the devices in the I/O region, found by address through the
 * one device interface (devices/device.h). Both sides of the co-simulation
 * own one and serve their bus transactions with mm_bus_access(), the model
 * from its memory system, the RTL's harness from the RTL's bus port.
 *
 * A transaction is a line (size 64, 8 beats, a line-aligned address, one
 * mask bit per byte) or a single beat (size 1, 2, 4 or 8 at its naturally
 * aligned address; data in the aligned 8-byte word's byte lanes, data[0],
 * the other lanes zero; mask bits 7:0 per byte of that word). I/O addresses
 * outside every device
 * read zero and drop writes; a line to a device that takes no bursts, too.
 * Those are software errors: counted, never fatal.
 */
#ifndef MM_BUS_H
#define MM_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"
#include "mem.h"

#define MM_BUS_MAX_DEVICES 4

typedef struct mm_bus_txn {
  bool write;
  uint8_t size;     /* bytes: 1, 2, 4, 8, or 64 (a line) */
  uint8_t beats;    /* 1, or 8 for a line */
  uint8_t hart;     /* whose request caused it */
  uint64_t addr;    /* the exact address of a single beat; the line's for a line */
  uint64_t data[8]; /* beats, 8 bytes each, little-endian; a single beat: data[0], in its byte lanes */
  uint64_t mask;    /* bytes written: bit i = byte i of the line, or of data[0] for a single beat */
  unsigned cycle;   /* cycle the bus took it, counted from the request's acceptance */
} mm_bus_txn;

typedef struct mm_bus_errors {
  unsigned unmapped;    /* single beats in the I/O region outside every device */
  unsigned burst_to_io; /* lines to an I/O address whose device (if any) takes no bursts */
} mm_bus_errors;

typedef struct mm_bus {
  mm_mem *mem; /* main memory; not owned */
  unsigned n_devices;
  mm_device devices[MM_BUS_MAX_DEVICES];
  mm_bus_errors errors;
  /* When set, mm_bus_access hands every transaction to forward instead of
   * serving it (a read's data is forward's to fill): the bus of a memory
   * system whose memory lies elsewhere (the SystemC component's initiator
   * socket). NULL (mm_bus_init's): served here. */
  void (*forward)(void *ctx, mm_bus_txn *t);
  void *forward_ctx;
} mm_bus;

void mm_bus_init(mm_bus *bus, mm_mem *mem);
/* Attaches a device at its window (it must not overlap another); false when full. */
bool mm_bus_attach(mm_bus *bus, const mm_device *dev);
/* Performs t: a write applies its masked bytes, a read fills t->data (or
 * forwards it, see above). */
void mm_bus_access(mm_bus *bus, mm_bus_txn *t);

/* The byte lanes of an access of size bytes at addr, in its aligned word:
 * mask bit i (byte i) for mm_lane_mask, all 8 bits of each byte for the bits. */
static inline uint8_t mm_lane_mask(uint64_t addr, unsigned size) { return (uint8_t)(((1u << size) - 1) << (addr & 7)); }
static inline uint64_t mm_lane_bits(uint64_t addr, unsigned size) {
  return (size >= 8 ? ~0ull : ((1ull << (8 * size)) - 1)) << (8 * (addr & 7));
}

/* The value an access of size bytes at addr reads from its aligned word:
 * (word & mm_lane_bits(addr, size)) >> (8 * (addr & 7)), zero-extended. */
static inline uint64_t mm_lane_value(uint64_t word, uint64_t addr, unsigned size) {
  uint64_t v = word >> (8 * (addr & 7));
  return size >= 8 ? v : v & ((1ull << (8 * size)) - 1);
}

/* A byte mask (bit i: byte i) as bits (all 8 bits of each byte it names):
 * bits 6:0 spread to bytes 6:0 by one multiply (their shifted copies do not
 * overlap), bit 7 to byte 7, then each byte's 1 times 0xff. */
static inline uint64_t mm_mask_bits(uint8_t mask) {
  uint64_t ones = (((mask & 0x7full) * 0x0002040810204081ull) & 0x0101010101010101ull) | (uint64_t)(mask >> 7) << 56;
  return ones * 0xff;
}

/* Byte-masked write of one 8-byte word of main memory (mask bit i: byte i). */
void mm_mem_write_masked(mm_mem *mem, uint64_t pa, uint64_t value, uint8_t mask);

#endif
