#include "frames.h"

#include <assert.h>
#include <string.h>

bool frames_init(frames *f, uint64_t base, unsigned count, unsigned colors) {
  if ((base & 0xfff) || count == 0 || count > FRAMES_MAX || colors == 0 || (colors & (colors - 1))) return false;
  memset(f, 0, sizeof *f);
  f->base = base;
  f->count = count;
  f->colors = colors;
  f->free = count;
  return true;
}

static uint64_t frame_pa(const frames *f, unsigned i) { return f->base + (uint64_t)i * 4096; }

static void take(frames *f, unsigned i, uint64_t *pa) {
  f->used[i] = 1;
  f->free--;
  *pa = frame_pa(f, i);
}

bool frames_alloc_naive(frames *f, uint64_t *pa) {
  for (unsigned i = 0; i < f->count; i++) {
    if (f->used[i]) continue;
    take(f, i, pa);
    return true;
  }
  return false;
}

bool frames_alloc_of_color(frames *f, unsigned color, uint64_t *pa) {
  for (unsigned i = 0; i < f->count; i++) {
    if (f->used[i] || frames_color(f, frame_pa(f, i)) != color) continue;
    take(f, i, pa);
    return true;
  }
  return false;
}

bool frames_alloc_colored(frames *f, uint64_t *pa) {
  for (unsigned k = 0; k < f->colors; k++) {
    unsigned color = (f->next_color + k) % f->colors;
    if (frames_alloc_of_color(f, color, pa)) {
      f->next_color = (color + 1) % f->colors;
      return true;
    }
  }
  return false;
}

bool frames_alloc_range(frames *f, unsigned n, unsigned align, uint64_t *pa) {
  assert(n > 0 && align > 0 && !(align & (align - 1)));
  for (unsigned i = 0; i + n <= f->count; i++) {
    if ((frame_pa(f, i) >> 12) & (align - 1)) continue;
    unsigned k = 0;
    while (k < n && !f->used[i + k])
      k++;
    if (k < n) continue;
    for (k = 0; k < n; k++)
      take(f, i + k, pa);
    *pa = frame_pa(f, i);
    return true;
  }
  return false;
}

void frames_free(frames *f, uint64_t pa) {
  assert(pa >= f->base && (pa - f->base) / 4096 < f->count && !(pa & 0xfff));
  unsigned i = (unsigned)((pa - f->base) / 4096);
  assert(f->used[i] && "frames_free: a frame that is not allocated");
  f->used[i] = 0;
  f->free++;
}
