/*
 * A frame buffer: plain byte storage, meant to be mapped NC (its stores are
 * combined into bursts by the write-combining buffer), so it takes line
 * bursts as well as single beats. Reads return what was written; no side
 * effects.
 */
#ifndef MM_FRAMEBUF_H
#define MM_FRAMEBUF_H

#include <stdint.h>

#include "device.h"

#define FRAMEBUF_BYTES 0x10000

typedef struct framebuf {
  uint8_t pixels[FRAMEBUF_BYTES];
  uint64_t writes; /* single-beat writes received */
  uint64_t bursts; /* line writes received (the write-combining buffer's drains) */
} framebuf;

void framebuf_init(framebuf *f);
mm_device framebuf_device(framebuf *f, uint64_t base);

#endif
