#include "memsys.h"

#include <assert.h>
#include <string.h>

#include "cov.h"
#include "mmu.h"

bool mm_memsys_init(mm_memsys *ms, const mm_memsys_params *p, mm_bus *bus, const char **why) {
  *ms = (mm_memsys){.bus = bus, .bus_latency = p->bus_latency};
  if (p->bus_latency < 1 || p->bus_latency > MM_LATENCY_MAX) {
    *why = "bus latency must be 1.." MM_STR(MM_LATENCY_MAX) " cycles";
    return false;
  }
  return mm_cache_init(&ms->cache, &p->cache, why);
}

void mm_memsys_destroy(mm_memsys *ms) { mm_cache_destroy(&ms->cache); }

void mm_memsys_arm_poke(mm_memsys *ms, unsigned hart, uint64_t pa, uint64_t value) {
  ms->poke_armed = true;
  ms->poke_hart = hart;
  ms->poke_pa = pa;
  ms->poke_value = value;
}

/* One bus transaction of the access op (the n-th): taken, served, reported. */
static void bus_do(mm_memsys *ms, const mm_memop *op, unsigned n, mm_bus_txn *t) {
  t->hart = op->hart;
  t->cycle = op->cycle + 2 + n * (ms->bus_latency + 2);
  mm_bus_access(ms->bus, t);
  if (t->write)
    ms->stats.bus_writes++;
  else
    ms->stats.bus_reads++;
  mm_obs *o = ms->sink;
  if (o && o->n_bus < MM_OBS_MAX_BUS) o->bus[o->n_bus++] = *t;
}

static void line_words(const uint8_t *bytes, uint64_t words[8]) {
  memcpy(words, bytes, LINE_BYTES); /* little-endian host, as the model assumes throughout */
}

/* The write-combining buffer's drain: one line write with its byte mask. */
static mm_bus_txn drain_txn(mm_memsys *ms) {
  mm_bus_txn t = {.write = true, .size = LINE_BYTES, .beats = 8, .addr = ms->wcb.line, .mask = ms->wcb.mask};
  line_words(ms->wcb.data, t.data);
  ms->wcb.valid = false;
  ms->wcb.mask = 0;
  ms->wcb.drains++;
  return t;
}

typedef enum step { STEP_ANSWER, STEP_BUS } step;

/* The state of one access across its DECODE steps. */
typedef struct access_state {
  bool looked_up; /* the first cache lookup happened (op->hit holds it) */
  bool applied;   /* an NC store merged, an NC/IO access put on the bus */
} access_state;

static int lookup(mm_memsys *ms, mm_memop *op, access_state *st) {
  int way = mm_cache_lookup(&ms->cache, op->pa);
  if (!st->looked_up) {
    st->looked_up = true;
    op->hit = way >= 0;
    if (way >= 0)
      ms->cache.stats.hits++;
    else
      ms->cache.stats.misses++;
  }
  return way;
}

/* A main-memory access: hit, or the write-back or fill the miss needs. */
static step decide_main(mm_memsys *ms, mm_memop *op, access_state *st, mm_bus_txn *t) {
  mm_cache *c = &ms->cache;
  unsigned set = mm_cache_set(c, op->pa);
  int way = lookup(ms, op, st);
  if (way >= 0) {
    unsigned w = (unsigned)way;
    uint64_t word = mm_cache_read_word(c, set, w, op->pa);
    switch (op->kind) {
    case MM_OP_READ: op->data = word; break;
    case MM_OP_LOAD: op->data = word; break;
    case MM_OP_CAS:
      op->old = word;
      if (word == op->cmp) mm_cache_write_word(c, set, w, op->pa, op->data, 0xff);
      break;
    case MM_OP_STORE: mm_cache_write_word(c, set, w, op->pa, op->data, op->mask); break;
    default: assert(0 && "not a main-memory access");
    }
    mm_cache_touch(c, set, w);
    return STEP_ANSWER;
  }
  unsigned v = mm_cache_victim(c, set);
  unsigned slot = mm_cache_slot(c, set, v);
  if (mm_cache_valid(c, slot) && c->dirty[slot]) {
    *t = (mm_bus_txn){
        .write = true, .size = LINE_BYTES, .beats = 8, .addr = c->line[slot] << c->line_shift, .mask = ~0ull};
    line_words(mm_cache_data(c, set, v), t->data);
    c->dirty[slot] = 0;
    c->stats.writebacks++;
    return STEP_BUS;
  }
  *t = (mm_bus_txn){.write = false, .size = LINE_BYTES, .beats = 8, .addr = mm_line_of(op->pa)};
  return STEP_BUS;
}

/* After a fill's bus read: install the line in the victim way. */
static void install(mm_memsys *ms, const mm_bus_txn *t) {
  mm_cache *c = &ms->cache;
  unsigned set = mm_cache_set(c, t->addr);
  unsigned v = mm_cache_victim(c, set);
  unsigned slot = mm_cache_slot(c, set, v);
  c->line[slot] = t->addr >> c->line_shift;
  c->dirty[slot] = 0;
  memcpy(mm_cache_data(c, set, v), t->data, LINE_BYTES);
  mm_cache_touch(c, set, v);
  c->stats.fills++;
}

static step decide_cbo(mm_memsys *ms, mm_memop *op, access_state *st, mm_bus_txn *t) {
  if (ms->wcb.valid) {
    *t = drain_txn(ms);
    return STEP_BUS;
  }
  mm_cache *c = &ms->cache;
  int way = lookup(ms, op, st);
  if (way < 0) return STEP_ANSWER;
  unsigned set = mm_cache_set(c, op->pa), slot = mm_cache_slot(c, set, (unsigned)way);
  bool dirty = c->dirty[slot];
  if (dirty && op->kind != MM_OP_CBO_INVAL) {
    *t = (mm_bus_txn){
        .write = true, .size = LINE_BYTES, .beats = 8, .addr = c->line[slot] << c->line_shift, .mask = ~0ull};
    line_words(mm_cache_data(c, set, (unsigned)way), t->data);
    c->dirty[slot] = 0;
    c->stats.writebacks++;
    if (op->kind == MM_OP_CBO_FLUSH) {
      mm_cache_invalidate(c, slot);
      c->stats.invalidations++;
    }
    return STEP_BUS;
  }
  if (op->kind != MM_OP_CBO_CLEAN) {
    mm_cache_invalidate(c, slot);
    c->dirty[slot] = 0;
    c->stats.invalidations++;
  }
  return STEP_ANSWER;
}

/* A single beat of an NC or IO access at its exact address and size. */
static void beat(const mm_memop *op, mm_bus_txn *t) {
  bool store = op->kind == MM_OP_STORE;
  *t = (mm_bus_txn){.write = store, .size = op->size, .beats = 1, .addr = op->pa};
  if (store) {
    t->data[0] = op->data;
    t->mask = op->mask;
  }
}

static step decide_uncached(mm_memsys *ms, mm_memop *op, access_state *st, mm_bus_txn *t) {
  bool store = op->kind == MM_OP_STORE;
  if (op->mt == MM_MT_NC && store) {
    if (st->applied) return STEP_ANSWER;
    if (ms->wcb.valid && !mm_wcb_holds_line(&ms->wcb, op->pa)) {
      *t = drain_txn(ms);
      return STEP_BUS;
    }
    mm_wcb_merge(&ms->wcb, op->pa, op->data, op->mask);
    st->applied = true;
    if (!mm_wcb_full(&ms->wcb)) return STEP_ANSWER;
    *t = drain_txn(ms);
    return STEP_BUS;
  }
  bool must_drain = op->mt == MM_MT_NC ? mm_wcb_holds_line(&ms->wcb, op->pa) : ms->wcb.valid;
  if (must_drain) {
    *t = drain_txn(ms);
    return STEP_BUS;
  }
  if (st->applied) return STEP_ANSWER;
  beat(op, t);
  st->applied = true;
  return STEP_BUS;
}

static step decide(mm_memsys *ms, mm_memop *op, access_state *st, mm_bus_txn *t) {
  switch (op->kind) {
  case MM_OP_READ:
  case MM_OP_CAS: return decide_main(ms, op, st, t);
  case MM_OP_LOAD:
  case MM_OP_STORE: return op->mt == MM_MT_MAIN ? decide_main(ms, op, st, t) : decide_uncached(ms, op, st, t);
  case MM_OP_CBO_CLEAN:
  case MM_OP_CBO_FLUSH:
  case MM_OP_CBO_INVAL: return decide_cbo(ms, op, st, t);
  case MM_OP_FENCE:
    if (!ms->wcb.valid) return STEP_ANSWER;
    *t = drain_txn(ms);
    return STEP_BUS;
  }
  assert(0 && "unknown memory-system access");
  return STEP_ANSWER;
}

/* A hit's bookkeeping: the PLRU touch, the counts, the answer's timing. */
static inline bool hit_done(mm_memsys *ms, unsigned set, unsigned w, mm_memop *op) {
  mm_cache_touch(&ms->cache, set, w);
  ms->cache.stats.hits++;
  ms->stats.accesses++;
  op->hit = 1;
  op->cycles = 2;
  return true;
}

/* A compare-and-swap's or a store's hit (out of line, so that a read's hit
 * saves no register). */
static __attribute__((noinline)) bool hit_write(mm_memsys *ms, unsigned set, unsigned w, mm_memop *op) {
  mm_cache *c = &ms->cache;
  if (op->kind == MM_OP_CAS) {
    op->old = mm_cache_read_word(c, set, w, op->pa);
    if (op->old == op->cmp) mm_cache_write_word(c, set, w, op->pa, op->data, 0xff);
  } else {
    mm_cache_write_word(c, set, w, op->pa, op->data, op->mask);
  }
  return hit_done(ms, set, w, op);
}

/* The common case first: a main-memory access that hits, answered in the
 * first DECODE (the same work decide_main does on a hit). */
static inline bool hit_fast(mm_memsys *ms, mm_memop *op) {
  if (op->kind == MM_OP_LOAD ? op->mt != MM_MT_MAIN
                             : op->kind > MM_OP_STORE || (op->kind == MM_OP_STORE && op->mt != MM_MT_MAIN))
    return false;
  mm_cache *c = &ms->cache;
  unsigned set = mm_cache_set(c, op->pa);
  int way = mm_cache_lookup_in(c, set, op->pa);
  if (way < 0) return false;
  if (op->kind != MM_OP_LOAD && op->kind != MM_OP_READ) return hit_write(ms, set, (unsigned)way, op);
  op->data = mm_cache_read_word(c, set, (unsigned)way, op->pa);
  return hit_done(ms, set, (unsigned)way, op);
}

/* Everything but hit_fast's case: the DECODE steps. */
static __attribute__((noinline)) bool access_decode(mm_memsys *ms, mm_memop *op) {
  bool uncached = (op->kind == MM_OP_LOAD || op->kind == MM_OP_STORE) && op->mt != MM_MT_MAIN;
  if (uncached && pma_is_main(op->pa) && mm_cache_holds(&ms->cache, op->pa)) {
    if (!ms->stats.alias_errors) {
      ms->stats.first_alias = ms->stats.accesses;
      ms->stats.first_alias_hart = op->hart;
    }
    ms->stats.alias_errors++;
  }
  ms->stats.accesses++;
  op->hit = 0;
  access_state st = {0};
  unsigned n = 0;
  for (;;) {
    mm_bus_txn t;
    if (decide(ms, op, &st, &t) == STEP_ANSWER) break;
    bus_do(ms, op, n++, &t);
    if (t.beats == 8 && !t.write) install(ms, &t);
    if (t.beats == 1 && !t.write) op->data = t.data[0];
  }
  op->cycles = 2 + n * (ms->bus_latency + 2);
  if (op->kind == MM_OP_READ && ms->poke_armed && op->pa == ms->poke_pa && op->hart == ms->poke_hart) {
    ms->poke_armed = false;
    ms->stats.pokes++;
    mm_memsys_backdoor_write(ms, op->pa, ms->poke_value);
  }
  return true;
}

/* mm_memsys_access() with coverage to record or a poke armed: the same steps. */
static __attribute__((noinline)) bool access_watched(mm_memsys *ms, mm_memop *op) {
  if (ms->cov) mm_cov_memsys(ms->cov, &ms->cache, &ms->wcb, op);
  if (!ms->poke_armed && hit_fast(ms, op)) return true;
  return access_decode(ms, op);
}

bool mm_memsys_access(void *ctx, mm_memop *op) {
  mm_memsys *ms = ctx;
  if (ms->cov || ms->poke_armed) return access_watched(ms, op);
  if (hit_fast(ms, op)) return true;
  return access_decode(ms, op);
}

void mm_memsys_backdoor_write(mm_memsys *ms, uint64_t pa, uint64_t value) {
  mm_cache *c = &ms->cache;
  int way = mm_cache_lookup(c, pa);
  if (way >= 0)
    mm_cache_write_word(c, mm_cache_set(c, pa), (unsigned)way, pa, value, 0xff);
  else
    mm_mem_write64(ms->bus->mem, pa & ~7ull, value);
}

uint64_t mm_memsys_backdoor_read(mm_memsys *ms, uint64_t pa) {
  mm_cache *c = &ms->cache;
  int way = mm_cache_lookup(c, pa);
  if (way >= 0) return mm_cache_read_word(c, mm_cache_set(c, pa), (unsigned)way, pa);
  return mm_mem_read64(ms->bus->mem, pa & ~7ull);
}
