#include "framebuf.h"

#include <string.h>

void framebuf_init(framebuf *f) { memset(f, 0, sizeof *f); }

static uint64_t framebuf_read(void *dev, uint64_t offset, unsigned size) {
  const framebuf *f = dev;
  uint64_t v = 0;
  for (unsigned i = 0; i < size; i++)
    v |= (uint64_t)f->pixels[(offset + i) % FRAMEBUF_BYTES] << (8 * i);
  return v;
}

static void framebuf_write(void *dev, uint64_t offset, unsigned size, uint64_t value) {
  framebuf *f = dev;
  for (unsigned i = 0; i < size; i++)
    f->pixels[(offset + i) % FRAMEBUF_BYTES] = (uint8_t)(value >> (8 * i));
  f->writes++;
}

static void framebuf_burst_read(void *dev, uint64_t offset, uint8_t bytes[64]) {
  const framebuf *f = dev;
  for (unsigned i = 0; i < 64; i++)
    bytes[i] = f->pixels[(offset + i) % FRAMEBUF_BYTES];
}

static void framebuf_burst_write(void *dev, uint64_t offset, const uint8_t bytes[64], uint64_t mask) {
  framebuf *f = dev;
  for (unsigned i = 0; i < 64; i++)
    if ((mask >> i) & 1) f->pixels[(offset + i) % FRAMEBUF_BYTES] = bytes[i];
  f->bursts++;
}

mm_device framebuf_device(framebuf *f, uint64_t base) {
  return (mm_device){.name = "framebuf",
                     .base = base,
                     .size = FRAMEBUF_BYTES,
                     .read = framebuf_read,
                     .write = framebuf_write,
                     .burst_read = framebuf_burst_read,
                     .burst_write = framebuf_burst_write,
                     .dev = f};
}
