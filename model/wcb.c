#include "wcb.h"

#include <assert.h>
#include <string.h>

void mm_wcb_merge(mm_wcb *b, uint64_t pa, uint64_t word, uint8_t mask) {
  assert(!b->valid || b->line == mm_line_of(pa));
  if (b->valid)
    b->merges++;
  else {
    b->valid = true;
    b->line = mm_line_of(pa);
    b->mask = 0;
    memset(b->data, 0, sizeof b->data);
  }
  unsigned off = (unsigned)(pa & (LINE_BYTES - 1) & ~7u);
  for (unsigned i = 0; i < 8; i++) {
    if (!((mask >> i) & 1)) continue;
    b->data[off + i] = (uint8_t)(word >> (8 * i));
    b->mask |= 1ull << (off + i);
  }
}
