/*
 * The engine's value checker (cosim_int.h): the scoreboard of
 * tb/cosim/scoreboard.h fed from the model's side of every run that has one
 * (lockstep, whatever the DUT, and the model alone). Each request the
 * model completes hands its accesses at the memory system to the
 * scoreboard, stamped with the edge each was taken at; the scoreboard
 * processes those before the earliest edge a request still in the
 * scheduler (or one to come) can take an access at. A wrong value is
 * reported as it is found, on the run's output, one line each:
 *
 *   VALUE MISMATCH at request 1234 (seed 5): load/4 at 0xa0001238 (nc) by hart 1, edge 48211:
 *     expected 11 22 33 44, got 11 22 00 00 (first wrong byte at 0xa000123a); the line's last write: request 1230
 *
 * (on one line), and the run fails (cosim_run returns 1) when lockstep found
 * nothing else.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "cosim_int.h"
#include "model/pma.h"

bool cosim_value_init(cosim *c) {
  if (!c->use_model) return true;
  sb_platform p = {.main_base = DRAM_BASE,
                   .regblock_base = REGBLOCK_BASE,
                   .regblock_size = REGBLOCK_SIZE,
                   .framebuf_base = FRAMEBUF_BASE,
                   .framebuf_size = FRAMEBUF_SIZE};
  c->sb = sb_new(&p);
  return c->sb != NULL;
}

void cosim_value_free(cosim *c) {
  cosim_value_thread_join(c);
  sb_free(c->sb);
  c->sb = NULL;
}

static void out_of_memory(cosim *c) {
  c->failed = true;
  if (!c->stats->error[0]) snprintf(c->stats->error, sizeof c->stats->error, "the value checker: out of memory");
}

void cosim_value_image(cosim *c, uint64_t pa, uint64_t value) {
  if (c->sb && !sb_image(c->sb, pa, value)) out_of_memory(c);
}

/* The mismatches found since the last call, one line each (quiet: the first only). */
static void report_new(cosim *c) {
  if (c->vt.on) return; /* the checker's thread runs on: reported once it is joined */
  if (c->mt.on) return; /* on the model's thread: the loop's thread reports them once it is joined */
  unsigned n;
  const sb_mismatch *m = sb_mismatches(c->sb, &n);
  for (; c->sb_reported < n; c->sb_reported++) {
    if (c->cfg->quiet && c->sb_reported) continue;
    char line[400];
    sb_format_mismatch(line, sizeof line, &m[c->sb_reported]);
    fprintf(c->cfg->out, "VALUE MISMATCH at request %u (seed %" PRIu64 "): %s\n", m[c->sb_reported].a.seq, c->cfg->seed,
            line);
  }
}

/* No access taken before this edge is still to come: the memory system's
 * next grant is at ms_free or later, and a request in the scheduler (or its
 * poke) is at its acceptance or later; a request not yet loaded is
 * accepted after the memory system is next free (a hart has no request
 * while another's is in flight only at a barrier or at the stream's end).
 * The timing-free loop (cosim_free.c) runs one request at a time. */
static uint64_t floor_of(const cosim *c) {
  if (c->free_mode) return c->last_response + 1; /* one request at a time, each done by its response */
  uint64_t f = c->sched.ms_free;
  for (unsigned h = 0; h < c->cfg->harts; h++)
    if (c->sched.h[h].state != MM_SCHED_IDLE && c->sched.h[h].r.accept < f) f = c->sched.h[h].r.accept;
  return f;
}

static sb_kind kind_of(unsigned op) {
  switch (op) {
  case MM_OP_READ: return SB_PTE_READ;
  case MM_OP_CAS: return SB_PTE_CAS;
  case MM_OP_LOAD: return SB_LOAD;
  case MM_OP_STORE: return SB_STORE;
  case MM_OP_CBO_CLEAN: return SB_CBO_CLEAN;
  case MM_OP_CBO_FLUSH: return SB_CBO_FLUSH;
  case MM_OP_CBO_INVAL: return SB_CBO_INVAL;
  default: return SB_FENCE;
  }
}

/* A request the model completed: its accesses, as the architecture sees
 * them. The data access is the request's (its translated address, size,
 * store value and loaded value), not the port's encoding of it. */

/* The next item of the checker's ring, for the model's thread to fill (it waits while the ring is full). */
static vt_item *vt_slot(cosim *c) {
  value_thread *vt = &c->vt;
  while (vt->tail_local - vt->head_seen == VT_RING) {
    vt->head_seen = atomic_load_explicit(&vt->head, memory_order_acquire);
    if (vt->tail_local - vt->head_seen == VT_RING) feed_nap();
  }
  vt_item *it = &vt->ring[vt->tail_local++ % VT_RING];
  /* the line a few items on, to be written soon: asked for now, while the checker's core may still hold it */
  __builtin_prefetch(&vt->ring[(vt->tail_local + VT_PREFETCH) % VT_RING], 1);
  it->floor = 0;
  return it;
}

/* Where the next access is made: the next item of the ring (it is the checker's then), or local, to be added
 * with add() on this thread. */
static sb_access *next_access(cosim *c, sb_access *local) { return c->vt.on ? &vt_slot(c)->a : local; }

/* The access made in next_access's place, to the checker now when it has no thread (false: out of memory). */
static bool add(cosim *c, const sb_access *a) { return c->vt.on || sb_add(c->sb, a); }

static void *value_thread_main(void *arg) {
  cosim *c = arg;
  value_thread *vt = &c->vt;
  uint64_t head = atomic_load(&vt->head);
  for (;;) {
    bool made = vt->ahead && feed_ahead_make(vt->ahead); /* the model's next events first: it waits on them */
    uint64_t tail = atomic_load_explicit(&vt->tail, memory_order_acquire);
    if (head == tail) {
      if (atomic_load(&vt->done) && head == atomic_load(&vt->tail)) break;
      if (!made) feed_nap();
      continue;
    }
    if (tail - head > VT_BATCH) tail = head + VT_BATCH; /* so that the stream is made again soon */
    double t0 = cosim_now();                            /* every batch: the thread has time to spare */
    bool ok = true;
    for (; head != tail && ok; head++) {
      const vt_item *it = &vt->ring[head % VT_RING];
      ok = it->a.kind == VT_NO_ACCESS || sb_add(c->sb, &it->a);
      if (ok && it->floor) ok = sb_advance(c->sb, it->floor);
      if ((head & 255) == 0) atomic_store_explicit(&vt->head, head, memory_order_release);
    }
    atomic_store_explicit(&vt->head, head, memory_order_release);
    c->stats->value_seconds += cosim_now() - t0;
    if (!ok) {
      out_of_memory(c);
      break;
    }
  }
  return NULL;
}

bool cosim_value_thread_wanted(const cosim *c) {
  return c->sb && !c->use_rtl && !c->cfg->verbose && cosim_second_thread(c->cfg);
}

bool cosim_value_thread_start(cosim *c) {
  value_thread *vt = &c->vt;
  if (!cosim_value_thread_wanted(c)) return false;
  feed_start(c->feed); /* the memory image into the checker now, before its thread runs */
  vt->ring = malloc(VT_RING * sizeof *vt->ring);
  if (!vt->ring) return false;
  atomic_store(&vt->head, 0);
  atomic_store(&vt->tail, 0);
  atomic_store(&vt->done, false);
  vt->tail_local = 0;
  vt->head_seen = 0;
  vt->on = true;
  if (vt->ahead) feed_ahead_elsewhere(vt->ahead, true);
  if (!pthread_create(&vt->tid, NULL, value_thread_main, c)) return true;
  if (vt->ahead) feed_ahead_elsewhere(vt->ahead, false);
  vt->on = false;
  free(vt->ring);
  vt->ring = NULL;
  return false;
}

void cosim_value_thread_join(cosim *c) {
  value_thread *vt = &c->vt;
  if (!vt->on) return;
  atomic_store_explicit(&vt->tail, vt->tail_local, memory_order_release);
  atomic_store(&vt->done, true);
  pthread_join(vt->tid, NULL);
  if (vt->ahead) feed_ahead_elsewhere(vt->ahead, false);
  vt->on = false;
  free(vt->ring);
  vt->ring = NULL;
}

void cosim_value_request(cosim *c, const drive_request *d, const mm_obs *o) {
  if (!c->sb) return;
  bool timed = !c->vt.on && c->sb_runs++ % TIME_SAMPLE == 0;
  double t0 = timed ? cosim_now() : 0;
  bool ok = true;
  uint64_t first = c->vt.tail_local; /* the request's first item in the ring */
  sb_access local, *a;
  if (d->poke) {
    a = next_access(c, &local);
    *a = (sb_access){.time = o->accept,
                     .seq = d->seq,
                     .kind = SB_POKE,
                     .hart = (uint8_t)d->ev.hart,
                     .pa = d->poke_pa,
                     .value = d->poke_value};
    ok = add(c, a);
  }
  const mm_req *req = &d->ev.req;
  for (unsigned i = 0; ok && i < o->n_ops; i++) {
    const mm_memop *op = &o->ops[i];
    a = next_access(c, &local); /* filled in place: the ring's item, on the model's thread */
    a->time = o->accept + op->cycle;
    a->seq = d->seq;
    a->kind = (uint8_t)kind_of(op->kind);
    a->hart = op->hart;
    a->mtype = op->mt;
    a->size = 8;
    a->pa = op->pa;
    a->value = a->cmp = a->got = 0;
    switch (op->kind) {
    case MM_OP_READ: a->got = op->data; break;
    case MM_OP_CAS:
      a->value = op->data;
      a->cmp = op->cmp;
      a->got = op->old;
      break;
    case MM_OP_LOAD:
    case MM_OP_STORE:
      a->pa = o->pa;
      a->size = req->size;
      a->value = req->wdata;
      a->got = o->load_data;
      break;
    default: a->pa = o->pa; break;
    }
    ok = add(c, a);
  }
  if (c->vt.on) { /* the floor on the request's last item (or one of its own), and its items to the checker */
    value_thread *vt = &c->vt;
    if (vt->tail_local == first) vt_slot(c)->a = (sb_access){.kind = VT_NO_ACCESS};
    vt->ring[(vt->tail_local - 1) % VT_RING].floor = floor_of(c);
    atomic_store_explicit(&vt->tail, vt->tail_local, memory_order_release);
  } else if (!ok || !sb_advance(c->sb, floor_of(c))) {
    out_of_memory(c);
  }
  report_new(c);
  if (timed) c->stats->value_seconds += TIME_SAMPLE * (cosim_now() - t0);
}

/* The doorbell writes the scoreboard expects against the model side's
 * register block's log; false (reported) at the first difference. */
static bool doorbells_agree(cosim *c) {
  size_t n;
  const sb_doorbell *want = sb_doorbells(c->sb, &n);
  const regblock *r = &c->model_side->regs;
  size_t kept = r->n_log < REGBLOCK_LOG_MAX ? r->n_log : REGBLOCK_LOG_MAX;
  for (size_t i = 0; i < n && i < kept; i++) {
    const regblock_write *w = &r->log[i];
    if (w->offset == want[i].offset && w->size == want[i].size && w->value == want[i].value) continue;
    fprintf(c->cfg->out,
            "VALUE MISMATCH at request %u (seed %" PRIu64 "): doorbell write %zu at %#" PRIx64
            ": the register block logged %u bytes %#" PRIx64 " at offset %#" PRIx64 ", expected %u bytes %#" PRIx64
            " at offset %#" PRIx64 "\n",
            want[i].seq, c->cfg->seed, i, (uint64_t)REGBLOCK_BASE + want[i].offset, w->size, w->value, w->offset,
            want[i].size, want[i].value, want[i].offset);
    c->stats->value_request = want[i].seq;
    c->stats->value_addr = REGBLOCK_BASE + want[i].offset;
    return false;
  }
  if (r->n_log == n) return true;
  fprintf(c->cfg->out,
          "VALUE MISMATCH at request %u (seed %" PRIu64
          "): the register block logged %u doorbell writes, expected %zu\n",
          n ? want[n - 1].seq : 0, c->cfg->seed, r->n_log, n);
  c->stats->value_request = n ? want[n - 1].seq : 0;
  c->stats->value_addr = REGBLOCK_BASE + 0x20;
  return false;
}

int cosim_value_finish(cosim *c, int rc) {
  if (!c->sb) return rc;
  if (rc == 0 && !sb_flush(c->sb)) out_of_memory(c); /* a run stopped early leaves its requests in flight out */
  report_new(c);
  const sb_stats *s = sb_get_stats(c->sb);
  cosim_stats *st = c->stats;
  st->value_checked = s->checked;
  st->value_unchecked = s->unchecked;
  st->value_mismatches = s->mismatches;
  unsigned n;
  const sb_mismatch *m = sb_mismatches(c->sb, &n);
  if (n) {
    st->value_request = m[0].a.seq;
    st->value_addr = m[0].addr;
  }
  if (rc == 0 && !n && !doorbells_agree(c)) st->value_mismatches++;
  if (c->failed) return 2;
  if (s->late) {
    snprintf(st->error, sizeof st->error,
             "the value checker: %" PRIu64 " memory accesses came after a later one was checked (the engine's order)",
             s->late);
    return 2;
  }
  if (rc == 0 && st->value_mismatches) {
    st->mismatch_request = st->value_request;
    st->mismatch_hart = n ? m[0].a.hart : 0;
    st->mismatch_edge = n ? m[0].a.time : 0;
    st->rerun_requests = c->cfg->requests;
    rc = 1;
  }
  return rc;
}
