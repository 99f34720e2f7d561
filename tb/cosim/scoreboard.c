/*
 * The value checker (scoreboard.h): a sparse image of memory in 64-byte
 * lines, each with its bytes (zero until written: memory never written reads
 * zero) and its state for the memory-type rules, made at its first access;
 * the register block's registers; and a queue of accesses ordered by the edge
 * each was taken at. Every access is to one line (naturally aligned, at most
 * 8 bytes; a CBO names a line), and a run's accesses are scattered, so a line
 * is the unit: a page would be mostly bytes nobody reads.
 */
#include "scoreboard.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/regblock.h"
#include "model/slab.h"

#define LINE_SHIFT 6
#define LINE_BYTES (1u << LINE_SHIFT)
#define NEAR_LINES 256 /* lines found lately, direct-mapped by line number */

/* A line's state. */
enum {
  L_CACHED = 1,  /* a cache may hold it: a cached access since its last CBO.FLUSH or CBO.INVAL */
  L_WRITTEN = 2, /* written through a cache since it was last cleaned (CBO.CLEAN, FLUSH, INVAL) */
  L_MIXED = 4,   /* under mixed attributes: its values unspecified (scoreboard.h) */
};

typedef struct line line;
typedef struct line_slot {
  uint64_t ln; /* the line's number */
  line *l;     /* NULL: a free slot */
} line_slot;

struct line {
  uint64_t ln;         /* pa >> LINE_SHIFT */
  uint64_t unknown;    /* bit i: byte i unspecified, learned at its next read */
  unsigned last_write; /* the request that last wrote the line (SB_NO_REQUEST: none) */
  uint8_t flags;       /* L_* */
  uint8_t pending;     /* the harts (a bit each) whose NC stores to the line are not fenced yet */
  uint8_t bytes[LINE_BYTES];
};

/* A queued access; key: the edge doubled (a poke's arming after the
 * accesses taken at its edge), then the hart (pokes armed at one edge, in
 * hart order); order: the order added, for the rest. */
typedef struct queued {
  uint64_t key, order;
  sb_access a;
} queued;

struct scoreboard {
  sb_platform plat;
  mm_slabs store;   /* the lines (never given back before sb_free) */
  line_slot *slots; /* open addressing by line number (the number beside the pointer: a probe reads no line) */
  size_t cap, n_lines;
  line *near[NEAR_LINES]; /* lines found lately (lines never move nor go away) */
  /* the queue: accesses added in order (the key no lower than the last one's) wait in run, a ring kept
   * sorted at no cost; the others in heap, a binary heap; the next to process is the lower of the two heads */
  queued *run;
  size_t run_head, n_run, cap_run; /* cap_run: 0 or a power of two */
  queued *heap;
  size_t n_heap, cap_heap;
  uint64_t added;
  uint64_t done_key; /* the key of the last access processed */
  bool any_done;
  line **pend; /* the lines with NC stores not fenced */
  size_t n_pend, cap_pend;
  struct {
    bool armed;
    unsigned hart;
    uint64_t pa, value;
  } poke;
  /* the register block */
  uint64_t scratch;
  uint64_t fifo[REGBLOCK_FIFO_DEPTH];
  unsigned head, count;
  sb_doorbell *bells;
  size_t n_bells, cap_bells;
  sb_stats stats;
  sb_mismatch kept[SB_KEEP];
};

/* ---- growing arrays --------------------------------------------------- */

static bool grow(void **a, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return true;
  size_t c = *cap ? 2 * *cap : 64;
  void *p = realloc(*a, c * size);
  if (!p) return false;
  *a = p;
  *cap = c;
  return true;
}

/* ---- lines -------------------------------------------------------------- */

static size_t slot_of(uint64_t ln, size_t cap) { return (size_t)((ln * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1); }

static bool rehash(scoreboard *sb) {
  size_t cap = sb->cap ? 2 * sb->cap : 1u << 15; /* a run touches hundreds of thousands of lines */
  line_slot *s = calloc(cap, sizeof *s);
  if (!s) return false;
  for (size_t i = 0; i < sb->cap; i++) {
    if (!sb->slots[i].l) continue;
    size_t k = slot_of(sb->slots[i].ln, cap);
    while (s[k].l)
      k = (k + 1) & (cap - 1);
    s[k] = sb->slots[i];
  }
  free(sb->slots);
  sb->slots = s;
  sb->cap = cap;
  return true;
}

/* The line holding pa (made when absent: all bytes zero); NULL when out of memory. */
static line *line_of(scoreboard *sb, uint64_t pa) {
  uint64_t ln = pa >> LINE_SHIFT;
  line **near = &sb->near[ln & (NEAR_LINES - 1)];
  if (*near && (*near)->ln == ln) return *near;
  if (2 * (sb->n_lines + 1) > sb->cap && !rehash(sb)) return NULL;
  size_t k = slot_of(ln, sb->cap);
  while (sb->slots[k].l && sb->slots[k].ln != ln)
    k = (k + 1) & (sb->cap - 1);
  if (!sb->slots[k].l) {
    line *l = mm_slab_take(&sb->store, sizeof *l);
    if (!l) return NULL;
    l->ln = ln;
    l->last_write = SB_NO_REQUEST;
    sb->slots[k] = (line_slot){ln, l};
    sb->n_lines++;
  }
  return *near = sb->slots[k].l;
}

/* ---- the life of a scoreboard -------------------------------------------- */

scoreboard *sb_new(const sb_platform *plat) {
  scoreboard *sb = calloc(1, sizeof *sb);
  if (!sb) return NULL;
  sb->plat = *plat;
  if (!rehash(sb)) {
    free(sb);
    return NULL;
  }
  return sb;
}

void sb_free(scoreboard *sb) {
  if (!sb) return;
  mm_slabs_free(&sb->store);
  free(sb->slots);
  free(sb->run);
  free(sb->heap);
  free(sb->pend);
  free(sb->bells);
  free(sb);
}

/* The image's bytes are read and written a word at a time, little-endian. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the line's bytes are taken as a little-endian word");

/* size bytes (1..8) at p as the low bytes of a word, and back. */
static uint64_t load_bytes(const uint8_t *p, unsigned size) {
  uint64_t v = 0;
  memcpy(&v, p, size);
  return v;
}

static void store_bytes(uint8_t *p, uint64_t v, unsigned size) { memcpy(p, &v, size); }

bool sb_image(scoreboard *sb, uint64_t pa, uint64_t value) {
  line *l = line_of(sb, pa);
  if (!l) return false;
  store_bytes(&l->bytes[pa & (LINE_BYTES - 1)], value, 8);
  return true;
}

const sb_stats *sb_get_stats(const scoreboard *sb) { return &sb->stats; }

const sb_mismatch *sb_mismatches(const scoreboard *sb, unsigned *n) {
  *n = sb->stats.mismatches < SB_KEEP ? sb->stats.mismatches : SB_KEEP;
  return sb->kept;
}

const sb_doorbell *sb_doorbells(const scoreboard *sb, size_t *n) {
  *n = sb->n_bells;
  return sb->bells;
}

/* ---- the queue ------------------------------------------------------------ */

static bool before(const queued *x, const queued *y) {
  return x->key != y->key ? x->key < y->key : x->order < y->order;
}

static uint64_t key_of(const sb_access *a) {
  bool poke = a->kind == SB_POKE;
  return ((2 * a->time + poke) << 8) | (poke ? a->hart : 0);
}

static queued *run_at(const scoreboard *sb, size_t i) { return &sb->run[(sb->run_head + i) & (sb->cap_run - 1)]; }

/* Room for one more in the run (doubled, its items in order from the start). */
static bool run_room(scoreboard *sb) {
  if (sb->n_run < sb->cap_run) return true;
  size_t cap = sb->cap_run ? 2 * sb->cap_run : 256;
  queued *r = malloc(cap * sizeof *r);
  if (!r) return false;
  for (size_t i = 0; i < sb->n_run; i++)
    r[i] = *run_at(sb, i);
  free(sb->run);
  sb->run = r;
  sb->cap_run = cap;
  sb->run_head = 0;
  return true;
}

bool sb_add(scoreboard *sb, const sb_access *a) {
  const uint64_t key = key_of(a);
  if (sb->any_done && key < sb->done_key) sb->stats.late++;
  /* in order: the order added breaks a tie, so the run stays sorted as the heap would order it */
  if (!sb->n_run || key >= run_at(sb, sb->n_run - 1)->key) {
    if (!run_room(sb)) return false;
    *run_at(sb, sb->n_run++) = (queued){.key = key, .order = sb->added++, .a = *a};
    return true;
  }
  if (!grow((void **)&sb->heap, &sb->cap_heap, sb->n_heap, sizeof *sb->heap)) return false;
  queued q = {.key = key, .order = sb->added++, .a = *a};
  size_t i = sb->n_heap++;
  while (i && before(&q, &sb->heap[(i - 1) / 2])) {
    sb->heap[i] = sb->heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  sb->heap[i] = q;
  return true;
}

static queued pop(scoreboard *sb) {
  queued top = sb->heap[0], last = sb->heap[--sb->n_heap];
  size_t i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= sb->n_heap) break;
    if (c + 1 < sb->n_heap && before(&sb->heap[c + 1], &sb->heap[c])) c++;
    if (!before(&sb->heap[c], &last)) break;
    sb->heap[i] = sb->heap[c];
    i = c;
  }
  if (sb->n_heap) sb->heap[i] = last;
  return top;
}

/* ---- checks ----------------------------------------------------------------- */

static void mismatch(scoreboard *sb, const sb_access *a, sb_why why, uint64_t expected, uint64_t addr,
                     unsigned last_write, uint64_t reg) {
  if (sb->stats.mismatches < SB_KEEP)
    sb->kept[sb->stats.mismatches] =
        (sb_mismatch){.a = *a, .why = why, .expected = expected, .addr = addr, .last_write = last_write, .reg = reg};
  sb->stats.mismatches++;
}

static uint64_t low_bytes(uint64_t v, unsigned size) { return size >= 8 ? v : v & ((1ull << (8 * size)) - 1); }

/* The bits of a line's unknown mask for size bytes at lane (size <= 8). */
static uint64_t byte_bits(unsigned lane, unsigned size) { return ((1ull << size) - 1) << lane; }

/* Bit i of b as all 8 bits of byte i. */
static uint64_t byte_mask_of(unsigned b) {
  uint64_t x = b & 0xff;
  x = (x | x << 28) & 0x0000000f0000000full;
  x = (x | x << 14) & 0x0003000300030003ull;
  x = (x | x << 7) & 0x0101010101010101ull;
  return x * 0xff;
}

/* A read of a's size bytes at its address, got in the low bytes, held to
 * the image of line l: unspecified bytes are learned, the others compared;
 * a wrong byte is reported and the image takes the bytes read. */
static void check_bytes(scoreboard *sb, line *l, const sb_access *a, uint64_t got) {
  unsigned lane = (unsigned)(a->pa & (LINE_BYTES - 1)), size = a->size;
  uint64_t span = low_bytes(~0ull, size), g = got & span;
  uint64_t unknown = byte_mask_of((unsigned)(l->unknown >> lane)) & span; /* the bytes learned now */
  uint64_t have = load_bytes(&l->bytes[lane], size);
  uint64_t diff = (have ^ g) & ~unknown;
  uint64_t expected = (have & ~unknown) | (g & unknown);
  bool wrong = diff != 0, learned = unknown != 0;
  sb->stats.checked++;
  sb->stats.learned += learned;
  if (learned || wrong) {
    store_bytes(&l->bytes[lane], g, size);
    l->unknown &= ~byte_bits(lane, size);
  }
  if (wrong)
    mismatch(sb, a, SB_WRONG_VALUE, expected, a->pa + (unsigned)__builtin_ctzll(diff) / 8, l->last_write, 0);
  else if (a->kind == SB_LOAD && got != g)
    mismatch(sb, a, SB_WRONG_EXTEND, expected, a->pa, l->last_write, 0);
}

/* size bytes of value at pa into the image of its line l. */
static void write_bytes(line *l, uint64_t pa, unsigned size, uint64_t value, unsigned seq) {
  unsigned lane = (unsigned)(pa & (LINE_BYTES - 1));
  store_bytes(&l->bytes[lane], value, size);
  l->unknown &= ~byte_bits(lane, size);
  l->last_write = seq;
}

static void mix(scoreboard *sb, line *l) {
  if (!(l->flags & L_MIXED)) sb->stats.mixed_lines++;
  l->flags |= L_MIXED;
}

/* An access through a cache (cached) or around it: the memory-type rules. */
static void touch(scoreboard *sb, line *l, bool cached) {
  if (cached ? l->pending != 0 : (l->flags & L_CACHED) != 0) mix(sb, l);
  if (cached) l->flags |= L_CACHED;
}

/* FENCE on hart h: its NC stores are visible to every reader. */
static void fence(scoreboard *sb, unsigned h) {
  for (size_t i = 0; i < sb->n_pend;) {
    line *l = sb->pend[i];
    l->pending &= (uint8_t) ~(1u << h);
    if (l->pending)
      i++;
    else
      sb->pend[i] = sb->pend[--sb->n_pend];
  }
}

static bool pend(scoreboard *sb, line *l, unsigned h) {
  if (!l->pending) {
    if (!grow((void **)&sb->pend, &sb->cap_pend, sb->n_pend, sizeof *sb->pend)) return false;
    sb->pend[sb->n_pend++] = l;
  }
  l->pending |= (uint8_t)(1u << h);
  return true;
}

static void cbo(line *l, unsigned kind) {
  uint8_t *f = &l->flags;
  if (kind == SB_CBO_CLEAN) {
    *f &= (uint8_t)~L_WRITTEN;
    return;
  }
  if (*f & L_MIXED) {
    if (l->pending) return; /* the NC stores may still land */
    *f &= (uint8_t)~L_MIXED;
    l->unknown = ~0ull;
  } else if (kind == SB_CBO_INVAL && (*f & L_WRITTEN)) {
    l->unknown = ~0ull;
  }
  *f &= (uint8_t) ~(L_CACHED | L_WRITTEN);
}

/* ---- the register block ------------------------------------------------- */

static bool doorbell(scoreboard *sb, uint64_t offset, unsigned size, uint64_t value, unsigned seq) {
  if (!grow((void **)&sb->bells, &sb->cap_bells, sb->n_bells, sizeof *sb->bells)) return false;
  sb->bells[sb->n_bells++] = (sb_doorbell){.offset = offset, .size = size, .value = value, .seq = seq};
  return true;
}

/* A single access to the register block (an NC store never reaches it:
 * the buffer's line write is one the device does not take). */
static bool regblock_access(scoreboard *sb, const sb_access *a) {
  uint64_t off = a->pa - sb->plat.regblock_base;
  unsigned shift = 8 * (unsigned)(off & 7);
  if (a->kind == SB_STORE) {
    if (a->mtype == SB_NC) return true;
    uint64_t v = low_bytes(a->value, a->size);
    switch (off & ~7ull) {
    case 0x08: {
      uint64_t m = low_bytes(~0ull, a->size) << shift;
      sb->scratch = (sb->scratch & ~m) | (v << shift);
      break;
    }
    case 0x10:
      if (sb->count < REGBLOCK_FIFO_DEPTH) sb->fifo[(sb->head + sb->count++) % REGBLOCK_FIFO_DEPTH] = v;
      break;
    case 0x20: return doorbell(sb, off, a->size, v, a->seq);
    default: break;
    }
    return true;
  }
  if (a->kind != SB_LOAD) { /* PTE accesses go to a line the device does not serve */
    if (a->kind == SB_PTE_READ || a->kind == SB_PTE_CAS) sb->stats.unchecked++;
    return true;
  }
  uint64_t v = 0;
  switch (off & ~7ull) {
  case 0x00: v = REGBLOCK_ID; break;
  case 0x08: v = sb->scratch; break;
  case 0x10:
    sb->stats.pops++;
    if (sb->count) {
      v = sb->fifo[sb->head];
      sb->head = (sb->head + 1) % REGBLOCK_FIFO_DEPTH;
      sb->count--;
    }
    break;
  case 0x18: v = sb->count; break;
  case 0x20: v = (uint32_t)sb->n_bells; break;
  default: break;
  }
  uint64_t expected = low_bytes(v >> shift, a->size);
  sb->stats.checked++;
  if (a->got != expected) mismatch(sb, a, SB_WRONG_REGISTER, expected, a->pa, SB_NO_REQUEST, off);
  return true;
}

/* ---- one access ------------------------------------------------------------- */

static bool in(uint64_t pa, uint64_t base, uint64_t size) { return pa >= base && pa - base < size; }

/* False when out of memory. */
static bool process(scoreboard *sb, const sb_access *a) {
  sb->stats.accesses++;
  if (a->kind == SB_FENCE) {
    fence(sb, a->hart);
    return true;
  }
  if (a->kind == SB_POKE) {
    sb->poke.armed = true;
    sb->poke.hart = a->hart;
    sb->poke.pa = a->pa;
    sb->poke.value = a->value;
    return true;
  }
  const sb_platform *pl = &sb->plat;
  bool io_region = a->pa < pl->main_base;
  bool pte = a->kind == SB_PTE_READ || a->kind == SB_PTE_CAS;
  if (io_region && in(a->pa, pl->regblock_base, pl->regblock_size)) return regblock_access(sb, a);
  bool unmapped = io_region && !in(a->pa, pl->framebuf_base, pl->framebuf_size);
  if (unmapped && (a->kind == SB_LOAD || a->kind == SB_STORE) && a->mtype != SB_MAIN) {
    if (a->kind == SB_LOAD) {
      sb->stats.checked++;
      if (a->got) mismatch(sb, a, SB_WRONG_UNMAPPED, 0, a->pa, SB_NO_REQUEST, 0);
    }
    return true;
  }
  line *l = line_of(sb, a->pa);
  if (!l) return false;
  if (a->kind >= SB_CBO_CLEAN) {
    cbo(l, a->kind);
    return true;
  }
  if (pte && io_region) mix(sb, l); /* a cache's line of a device: written back who knows when */
  bool cached = pte || a->mtype == SB_MAIN;
  touch(sb, l, cached);
  bool mixed = l->flags & L_MIXED;
  bool poke = a->kind == SB_PTE_READ && sb->poke.armed && sb->poke.hart == a->hart && sb->poke.pa == a->pa;
  if (poke) sb->poke.armed = false;
  switch (a->kind) {
  case SB_PTE_READ:
  case SB_LOAD:
    if (mixed)
      sb->stats.unchecked++;
    else
      check_bytes(sb, l, a, a->got);
    if (poke) {
      write_bytes(l, a->pa, 8, sb->poke.value, a->seq);
      l->flags |= L_WRITTEN;
    }
    return true;
  case SB_PTE_CAS: {
    if (mixed) {
      sb->stats.unchecked++;
      return true;
    }
    check_bytes(sb, l, a, a->got);
    if (a->got != a->cmp) return true; /* the image holds what the CAS found now */
    l->flags |= L_WRITTEN;
    write_bytes(l, a->pa, 8, a->value, a->seq);
    return true;
  }
  case SB_STORE:
    if (cached) l->flags |= L_WRITTEN;
    if (a->mtype == SB_NC && !pend(sb, l, a->hart)) return false;
    write_bytes(l, a->pa, a->size, a->value, a->seq);
    return true;
  default: return true;
  }
}

bool sb_advance(scoreboard *sb, uint64_t floor) {
  for (;;) {
    const queued *r = sb->n_run ? run_at(sb, 0) : NULL;
    const bool from_run = r && (!sb->n_heap || before(r, &sb->heap[0]));
    const queued *next = from_run ? r : sb->n_heap ? &sb->heap[0] : NULL;
    if (!next || next->a.time >= floor) return true;
    queued popped;
    if (from_run) { /* processed where it is: processing adds nothing, so its slot stays as it is meanwhile */
      sb->run_head = (sb->run_head + 1) & (sb->cap_run - 1);
      sb->n_run--;
    } else {
      popped = pop(sb);
      next = &popped;
    }
    sb->done_key = next->key;
    sb->any_done = true;
    if (!process(sb, &next->a)) return false;
  }
}

bool sb_flush(scoreboard *sb) { return sb_advance(sb, UINT64_MAX); }

/* ---- reports ------------------------------------------------------------- */

static const char *kind_name(unsigned k) {
  static const char *name[] = {"pte read",  "pte cas",   "load",  "store", "cbo.clean",
                               "cbo.flush", "cbo.inval", "fence", "poke"};
  return k < sizeof name / sizeof name[0] ? name[k] : "?";
}

static const char *register_name(uint64_t off) {
  switch (off & ~7ull) {
  case 0x00: return "ID";
  case 0x08: return "SCRATCH";
  case 0x10: return "FIFO (a pop)";
  case 0x18: return "COUNT";
  case 0x20: return "DOORBELL";
  default: return "no register";
  }
}

/* "11 22 33 44": size bytes of v, in address order. */
static int bytes_of(char *buf, size_t len, uint64_t v, unsigned size) {
  int n = 0;
  for (unsigned i = 0; i < size && (size_t)n < len; i++)
    n += snprintf(buf + n, len - (size_t)n, "%s%02x", i ? " " : "", (unsigned)(uint8_t)(v >> (8 * i)));
  return n;
}

int sb_format_mismatch(char *buf, size_t len, const sb_mismatch *m) {
  const sb_access *a = &m->a;
  static const char *mt[] = {"main", "nc", "io"};
  char head[160], exp[32], got[32], last[64] = "";
  snprintf(head, sizeof head, "%s/%u at %#" PRIx64 " (%s) by hart %u, edge %" PRIu64, kind_name(a->kind), a->size,
           a->pa, a->mtype < 3 ? mt[a->mtype] : "?", a->hart, a->time);
  if (m->why == SB_WRONG_REGISTER || m->why == SB_WRONG_UNMAPPED)
    return snprintf(buf, len, "%s: %s: expected %#" PRIx64 ", got %#" PRIx64, head,
                    m->why == SB_WRONG_UNMAPPED ? "no device there" : register_name(m->reg), m->expected, a->got);
  if (m->last_write != SB_NO_REQUEST) snprintf(last, sizeof last, "; the line's last write: request %u", m->last_write);
  if (m->why == SB_WRONG_EXTEND)
    return snprintf(buf, len, "%s: expected %#018" PRIx64 " (zero-extended), got %#018" PRIx64 "%s", head, m->expected,
                    a->got, last);
  bytes_of(exp, sizeof exp, m->expected, a->size);
  bytes_of(got, sizeof got, a->got, a->size);
  return snprintf(buf, len, "%s: expected %s, got %s (first wrong byte at %#" PRIx64 ")%s", head, exp, got, m->addr,
                  last);
}
