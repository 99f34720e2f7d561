/* The machine interface's wrappers: see machine.h. */
#include "sw/kernel/machine.h"

#include <assert.h>

void machine_count(machine_stats *st, const mm_req *req, const mm_obs *o) {
  st->requests++;
  st->cycles += o->cycles;
  if (!req) {
    st->fences++;
  } else {
    st->accesses++;
    st->faults += !o->ok;
    st->tlb_hits += o->tlb_hit;
  }
  for (unsigned i = 0; i < o->n_ops; i++) {
    const mm_memop *op = &o->ops[i];
    if (op->kind == MM_OP_READ) {
      st->walk_reads++;
    } else if (op->kind == MM_OP_LOAD || op->kind == MM_OP_STORE) {
      if (op->mt == MM_MT_MAIN) {
        st->data_main++;
        st->data_main_hits += op->hit;
      } else {
        *(op->mt == MM_MT_NC ? &st->data_nc : &st->data_io) += 1;
      }
    }
  }
  st->walks += mm_obs_walked(o);
  for (unsigned i = 0; i < o->n_bus; i++) {
    const mm_bus_txn *t = &o->bus[i];
    if (t->beats == 8)
      *(t->write ? &st->bus_lines_written : &st->bus_lines_read) += 1;
    else
      *(t->write ? &st->bus_beats_written : &st->bus_beats_read) += 1;
  }
}

bool machine_access(machine *m, unsigned hart, const mm_req *req, mm_obs *out) {
  assert(hart < m->harts);
  if (m->halted) return false;
  m->started = true;
  if (!m->ops->access(m->ctx, hart, req, out)) {
    m->halted = true;
    return false;
  }
  machine_count(&m->stats, req, out);
  return true;
}

bool machine_fence(machine *m, unsigned hart, const mm_fence *fence, mm_obs *out) {
  assert(hart < m->harts);
  if (m->halted) return false;
  m->started = true;
  mm_obs tmp;
  if (!out) out = &tmp;
  if (!m->ops->fence(m->ctx, hart, fence, out)) {
    m->halted = true;
    return false;
  }
  machine_count(&m->stats, NULL, out);
  return true;
}

uint64_t machine_csr_write(machine *m, unsigned hart, mm_csr_id id, uint64_t value) {
  assert(hart < m->harts);
  return m->ops->csr_write(m->ctx, hart, id, value);
}

void machine_image_write(machine *m, uint64_t pa, uint64_t value) {
  assert(!m->started && "the image is written before the first request only");
  m->ops->image_write(m->ctx, pa, value);
}

uint64_t machine_image_read(machine *m, uint64_t pa) {
  assert(!m->started && "the image is read before the first request only");
  return m->ops->image_read(m->ctx, pa);
}

const regblock *machine_regs(machine *m) { return m->ops->regs(m->ctx); }
const framebuf *machine_fb(machine *m) { return m->ops->fb(m->ctx); }

double machine_tlb_hit_rate(const machine_stats *st) {
  uint64_t n = st->tlb_hits + st->walks;
  return n ? 100.0 * (double)st->tlb_hits / (double)n : 0.0;
}

double machine_cache_hit_rate(const machine_stats *st) {
  return st->data_main ? 100.0 * (double)st->data_main_hits / (double)st->data_main : 0.0;
}
