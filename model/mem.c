#include "mem.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "port.h"
#include "pte.h"
#include "slab.h"

#define BLOCK_WORDS (MM_MEM_BLOCK_BYTES / 8)

typedef struct block_slot {
  uint64_t key;    /* block number (pa >> MM_MEM_BLOCK_SHIFT) + 1; 0 marks an empty slot */
  uint64_t *words; /* BLOCK_WORDS words, in one of the memory's slabs */
} block_slot;

#define NEAR_BLOCKS 64 /* blocks found lately, by block number: a walk's tables and a run's hot lines */

struct mm_mem {
  block_slot *slots; /* open-addressed table, linear probing */
  size_t cap;        /* power of two, >= 16 */
  size_t used;       /* occupied slots; kept below 3/4 of cap */
  bool poke_armed;   /* mm_mem_arm_poke: fire on the next mm_mem_load of poke_pa */
  uint64_t poke_pa, poke_value;
  mm_slabs store; /* the blocks' words */
  /* A copy of table slots found lately, direct-mapped by key (a block's words never move and no block goes
   * away, so a copy stays right; a lookup through a const memory fills it too: it is a cache, not state). */
  block_slot near[NEAR_BLOCKS];
};

/* A zeroed block (model/slab.h says why from slabs; a block
 * smaller than a page keeps the kernel's zeroing to about the lines a run
 * writes: random stores touch a line or two of a page). */
static uint64_t *block_alloc(mm_mem *mem) {
  uint64_t *w = mm_slab_take(&mem->store, MM_MEM_BLOCK_BYTES);
  if (!w) abort(); /* out of memory: nothing sensible to return */
  return w;
}

static size_t hash_block(uint64_t key, size_t cap) {
  key *= 0x9e3779b97f4a7c15ull; /* Fibonacci hashing spreads sequential blocks */
  return (size_t)(key >> 17) & (cap - 1);
}

mm_mem *mm_mem_new(void) {
  mm_mem *mem = calloc(1, sizeof *mem);
  if (!mem) return NULL;
  mem->cap = 64;
  mem->slots = calloc(mem->cap, sizeof *mem->slots);
  if (!mem->slots) {
    free(mem);
    return NULL;
  }
  return mem;
}

void mm_mem_free(mm_mem *mem) {
  if (!mem) return;
  mm_slabs_free(&mem->store);
  free(mem->slots);
  free(mem);
}

static block_slot *mem_find(const mm_mem *mem, uint64_t key) {
  for (size_t i = hash_block(key, mem->cap);; i = (i + 1) & (mem->cap - 1)) {
    block_slot *s = &mem->slots[i];
    if (s->key == key || s->key == 0) return s;
  }
}

/* The words of block key (NULL: never written), through the near copies. */
static uint64_t *block_words(const mm_mem *mem, uint64_t key) {
  block_slot *n = (block_slot *)&mem->near[key & (NEAR_BLOCKS - 1)];
  if (n->key == key) return n->words;
  const block_slot *s = mem_find(mem, key);
  if (!s->key) return NULL;
  *n = *s;
  return s->words;
}

/* Doubles the table; the blocks and an armed poke stay as they are. */
static void mem_grow(mm_mem *mem) {
  mm_mem bigger = {.cap = mem->cap * 2};
  bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
  if (!bigger.slots) abort(); /* out of memory: nothing sensible to return */
  for (size_t i = 0; i < mem->cap; i++)
    if (mem->slots[i].key) *mem_find(&bigger, mem->slots[i].key) = mem->slots[i];
  free(mem->slots);
  mem->slots = bigger.slots;
  mem->cap = bigger.cap;
}

uint64_t mm_mem_read64(const mm_mem *mem, uint64_t pa) {
  assert((pa & 7) == 0 && pa <= PA_MASK);
  const uint64_t *w = block_words(mem, (pa >> MM_MEM_BLOCK_SHIFT) + 1);
  return w ? w[(pa >> 3) & (BLOCK_WORDS - 1)] : 0;
}

void mm_mem_write64(mm_mem *mem, uint64_t pa, uint64_t value) {
  assert((pa & 7) == 0 && pa <= PA_MASK);
  uint64_t key = (pa >> MM_MEM_BLOCK_SHIFT) + 1;
  uint64_t *w = block_words(mem, key);
  if (w) {
    w[(pa >> 3) & (BLOCK_WORDS - 1)] = value;
    return;
  }
  block_slot *s = mem_find(mem, key);
  if (!s->key) {
    if (value == 0) return; /* unwritten memory already reads as zero */
    if ((mem->used + 1) * 4 > mem->cap * 3) {
      mem_grow(mem);
      s = mem_find(mem, key);
    }
    s->words = block_alloc(mem);
    s->key = key;
    mem->used++;
  }
  s->words[(pa >> 3) & (BLOCK_WORDS - 1)] = value;
}

void mm_mem_read_line(const mm_mem *mem, uint64_t pa, uint64_t words[8]) {
  assert((pa & 63) == 0 && pa <= PA_MASK);
  const uint64_t *w = block_words(mem, (pa >> MM_MEM_BLOCK_SHIFT) + 1);
  if (!w) {
    memset(words, 0, 8 * sizeof *words);
    return;
  }
  memcpy(words, &w[(pa >> 3) & (BLOCK_WORDS - 1)], 8 * sizeof *words);
}

void mm_mem_write_line(mm_mem *mem, uint64_t pa, const uint64_t words[8], uint64_t mask) {
  assert((pa & 63) == 0 && pa <= PA_MASK);
  if (!mask) return;
  uint64_t *w = block_words(mem, (pa >> MM_MEM_BLOCK_SHIFT) + 1);
  if (!w) { /* a block never written: allocated by the first word other than zero, as mm_mem_write64 does */
    for (unsigned i = 0; i < 8; i++)
      mm_mem_write64(mem, pa + 8 * i, words[i] & mm_mask_bits((uint8_t)(mask >> (8 * i))));
    return;
  }
  uint64_t *line = &w[(pa >> 3) & (BLOCK_WORDS - 1)];
  for (unsigned i = 0; i < 8; i++) {
    uint64_t bits = mm_mask_bits((uint8_t)(mask >> (8 * i)));
    line[i] = (line[i] & ~bits) | (words[i] & bits);
  }
}

/* The word at pa for a bus master, NULL while its block was never written. */
static uint64_t *master_word(mm_mem *mem, uint64_t pa) {
  assert((pa & 7) == 0 && pa <= PA_MASK);
  uint64_t *w = block_words(mem, (pa >> MM_MEM_BLOCK_SHIFT) + 1);
  return w ? &w[(pa >> 3) & (BLOCK_WORDS - 1)] : NULL;
}

/* Another agent's store, right after the read it waited for (kept out of
 * the line of the loads, which almost never fire it). */
static __attribute__((noinline)) void fire_poke(mm_mem *mem) {
  mem->poke_armed = false;
  mm_mem_write64(mem, mem->poke_pa, mem->poke_value);
}

uint64_t mm_mem_load(mm_mem *mem, uint64_t pa) {
  const uint64_t *word = master_word(mem, pa);
  uint64_t value = word ? *word : 0;
  if (mem->poke_armed && mem->poke_pa == pa) fire_poke(mem);
  return value;
}

uint64_t mm_mem_cas(mm_mem *mem, uint64_t pa, uint64_t cmp, uint64_t value) {
  uint64_t *word = master_word(mem, pa);
  uint64_t old = word ? *word : 0;
  if (old != cmp) return old;
  if (word)
    *word = value;
  else
    mm_mem_write64(mem, pa, value);
  return old;
}

bool mm_mem_port_access(void *ctx, mm_memop *op) {
  const mm_mem_port *p = ctx;
  op->cycles = p->latency;
  switch (op->kind) {
  case MM_OP_READ: op->data = mm_mem_load(p->mem, op->pa); break;
  case MM_OP_CAS: op->old = mm_mem_cas(p->mem, op->pa, op->cmp, op->data); break;
  case MM_OP_LOAD: op->data = mm_mem_read64(p->mem, op->pa & ~7ull); break;
  case MM_OP_STORE: mm_mem_write_masked(p->mem, op->pa & ~7ull, op->data, op->mask); break;
  default: break; /* no cache, no buffer: CBOs and FENCEs have nothing to do */
  }
  return true;
}

void mm_mem_arm_poke(mm_mem *mem, uint64_t pa, uint64_t value) {
  assert((pa & 7) == 0 && pa <= PA_MASK);
  mem->poke_armed = true;
  mem->poke_pa = pa;
  mem->poke_value = value;
}

bool mm_mem_poke_armed(const mm_mem *mem) { return mem->poke_armed; }

size_t mm_mem_blocks(const mm_mem *mem) { return mem->used; }

mm_mem *mm_mem_clone(const mm_mem *mem) {
  mm_mem *copy = calloc(1, sizeof *copy);
  if (!copy) return NULL;
  copy->cap = mem->cap;
  copy->used = mem->used;
  copy->poke_armed = mem->poke_armed;
  copy->poke_pa = mem->poke_pa;
  copy->poke_value = mem->poke_value;
  copy->slots = calloc(copy->cap, sizeof *copy->slots);
  if (!copy->slots) abort();
  for (size_t i = 0; i < mem->cap; i++) {
    if (!mem->slots[i].key) continue;
    copy->slots[i].key = mem->slots[i].key;
    copy->slots[i].words = block_alloc(copy);
    memcpy(copy->slots[i].words, mem->slots[i].words, BLOCK_WORDS * sizeof(uint64_t));
  }
  return copy;
}

void mm_mem_foreach_block(const mm_mem *mem, void (*fn)(void *ctx, uint64_t block_pa, const uint64_t *words),
                          void *ctx) {
  for (size_t i = 0; i < mem->cap; i++)
    if (mem->slots[i].key) fn(ctx, (mem->slots[i].key - 1) << MM_MEM_BLOCK_SHIFT, mem->slots[i].words);
}
