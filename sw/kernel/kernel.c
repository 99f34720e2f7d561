/*
 * The kernel's core (kernel.h): boot, frames, the kernel's own memory
 * accesses, ASIDs and switches, shootdowns, and the user-access loop that
 * sends page faults to the handler (fault.c).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "sw/kernel/kernel_int.h"

const char *kern_status_name(kern_status st) {
  switch (st) {
  case KERN_OK: return "ok";
  case KERN_FAULT: return "an unresolved fault";
  case KERN_NOMEM: return "out of frames";
  case KERN_HALTED: return "the machine halted (a mismatch)";
  }
  return "?";
}

static unsigned frame_index(const kernel *k, uint64_t pa) {
  assert(kern_in_pool(k, pa));
  return (unsigned)((pa - k->cfg.pool_base) / KERN_PAGE);
}

bool kern_in_pool(const kernel *k, uint64_t pa) {
  return pa >= k->cfg.pool_base && (pa - k->cfg.pool_base) / KERN_PAGE < k->cfg.pool_frames;
}

unsigned kern_frame_refs(const kernel *k, uint64_t pa) { return kern_in_pool(k, pa) ? k->refs[frame_index(k, pa)] : 0; }

static bool is_guest(const kernel *k) { return k->cfg.host != NULL; }

/* ---- the kernel's own memory accesses ---- */

/* An M-mode 8-byte load or store on hart (a guest's: through its host). */
static kern_status mem_op(kernel *k, unsigned hart, uint64_t pa, bool store, uint64_t *value) {
  assert(!(pa & 7));
  if (is_guest(k)) {
    const kern_host *h = k->cfg.host;
    return store ? h->write(h->ctx, hart, pa, *value) : h->read(h->ctx, hart, pa, value);
  }
  if (!k->m->started) {
    if (store)
      machine_image_write(k->m, pa, *value);
    else
      *value = machine_image_read(k->m, pa);
    return KERN_OK;
  }
  mm_req req = {.va = pa,
                .type = store ? MM_STORE : MM_LOAD,
                .priv = MM_PRIV_M,
                .data_op = store ? MM_DATA_STORE : MM_DATA_LOAD,
                .size = 8,
                .wdata = store ? *value : 0};
  mm_obs o;
  if (!machine_access(k->m, hart, &req, &o)) return KERN_HALTED;
  assert(o.ok && "an M-mode access of the kernel faulted");
  if (!store) *value = o.load_data;
  return KERN_OK;
}

kern_status kern_read(kernel *k, unsigned hart, uint64_t pa, uint64_t *value) {
  return mem_op(k, hart, pa, false, value);
}
kern_status kern_write(kernel *k, unsigned hart, uint64_t pa, uint64_t value) {
  return mem_op(k, hart, pa, true, &value);
}

kern_status kern_copy_page(kernel *k, unsigned hart, uint64_t dst, uint64_t src) {
  k->stats.copies++;
  for (unsigned i = 0; i < KERN_PAGE_WORDS; i++) {
    uint64_t v;
    kern_status st = kern_read(k, hart, src + 8 * i, &v);
    if (st == KERN_OK) st = kern_write(k, hart, dst + 8 * i, v);
    if (st != KERN_OK) return st;
  }
  return KERN_OK;
}

kern_status kern_zero_page(kernel *k, unsigned hart, uint64_t pa) {
  for (unsigned i = 0; i < KERN_PAGE_WORDS; i++) {
    kern_status st = kern_write(k, hart, pa + 8 * i, 0);
    if (st != KERN_OK) return st;
  }
  return KERN_OK;
}

/* ---- frames ---- */

/* A frame just taken from the pool: the kernel's, and zero. */
static kern_status claim(kernel *k, uint64_t pa) {
  unsigned i = frame_index(k, pa);
  k->refs[i] = 1;
  k->stats.frames++;
  if (!k->dirty[i]) return KERN_OK;
  k->stats.zeroed++;
  kern_status st = kern_zero_page(k, k->hart, pa);
  if (st == KERN_OK) k->dirty[i] = 0;
  return st;
}

kern_status kern_frame_alloc(kernel *k, uint64_t *pa) {
  bool got = k->cfg.colored ? frames_alloc_colored(k->pool, pa) : frames_alloc_naive(k->pool, pa);
  return got ? claim(k, *pa) : KERN_NOMEM;
}

kern_status kern_frames_alloc_range(kernel *k, unsigned n, unsigned align, uint64_t *pa) {
  if (!frames_alloc_range(k->pool, n, align, pa)) return KERN_NOMEM;
  kern_status st = KERN_OK;
  for (unsigned j = 0; j < n && st == KERN_OK; j++)
    st = claim(k, *pa + j * KERN_PAGE);
  return st;
}

void kern_frame_get(kernel *k, uint64_t pa) {
  unsigned i = frame_index(k, pa);
  assert(k->refs[i] > 0 && "kern_frame_get: a free frame");
  k->refs[i]++;
}

void kern_frame_put(kernel *k, uint64_t pa) {
  unsigned i = frame_index(k, pa);
  assert(k->refs[i] > 0 && "kern_frame_put: a free frame");
  if (--k->refs[i]) return;
  k->dirty[i] = 1;
  frames_free(k->pool, pa);
}

/* ---- boot ---- */

bool kernel_init(kernel *k, machine *m, const kernel_config *cfg, const char **why) {
  memset(k, 0, sizeof *k);
  k->m = m;
  k->cfg = *cfg;
  if (cfg->harts < 1 || cfg->harts > m->harts || cfg->asid_bits > 16 || (cfg->levels != 3 && cfg->levels != 4)) {
    *why = "kernel: harts beyond the machine's, more than 16 ASID bits, or levels not 3 or 4";
    return false;
  }
  k->pool = malloc(sizeof *k->pool);
  k->refs = calloc(cfg->pool_frames ? cfg->pool_frames : 1, sizeof *k->refs);
  k->dirty = calloc(cfg->pool_frames ? cfg->pool_frames : 1, 1);
  k->asid_map = calloc(1024, sizeof *k->asid_map);
  if (!k->pool || !k->refs || !k->dirty || !k->asid_map) {
    *why = "kernel: out of memory";
    kernel_destroy(k);
    return false;
  }
  if (!frames_init(k->pool, cfg->pool_base, cfg->pool_frames, cfg->colors)) {
    *why = "kernel: an impossible frame pool (unaligned, empty, too large, or colors not a power of two)";
    kernel_destroy(k);
    return false;
  }
  k->asid_gen = 1;
  k->asid_next = 1;
  /* Another kernel ran before on this machine: its translations go. */
  if (m->started && !is_guest(k)) {
    mm_fence all = {.kind = MM_FENCE_SFENCE_VMA};
    for (unsigned h = 0; h < cfg->harts; h++)
      if (!machine_fence(m, h, &all, NULL)) {
        *why = "kernel: the machine halted";
        kernel_destroy(k);
        return false;
      }
  }
  if (!is_guest(k))
    for (unsigned h = 0; h < cfg->harts; h++)
      machine_csr_write(m, h, MM_CSR_MENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE);
  if (kern_frame_alloc(k, &k->zero_page) != KERN_OK) {
    *why = "kernel: no frame for the zero page";
    kernel_destroy(k);
    return false;
  }
  return true;
}

void kernel_destroy(kernel *k) {
  kern_spaces_free(k);
  free(k->pool);
  free(k->refs);
  free(k->dirty);
  free(k->asid_map);
  free(k->pages);
  free(k->pages_free);
  free(k->swap);
  free(k->swap_free);
  memset(k, 0, sizeof *k);
}

/* ---- ASIDs and switches ---- */

#define ASID_SHIFT 16
static uint16_t asid_of(const space *s) { return (uint16_t)(s->asid_ctx & 0xffff); }
static bool asid_current(const kernel *k, const space *s) { return s->asid_ctx >> ASID_SHIFT == k->asid_gen; }
static bool asid_taken(const kernel *k, uint32_t a) { return (k->asid_map[a / 64] >> (a % 64)) & 1; }
static void asid_take(kernel *k, uint32_t a) { k->asid_map[a / 64] |= 1ull << (a % 64); }

static bool asid_search(kernel *k, uint32_t *found) {
  uint32_t limit = 1u << k->cfg.asid_bits;
  for (uint32_t a = k->asid_next; a < limit; a++)
    if (!asid_taken(k, a)) {
      *found = a;
      return true;
    }
  return false;
}

/* A new generation: the ASIDs running now are kept (their spaces move to it),
 * the rest are free again, and every hart must flush before its next switch. */
static void asid_rollover(kernel *k) {
  k->stats.rollovers++;
  k->asid_gen++;
  memset(k->asid_map, 0, 1024 * sizeof *k->asid_map);
  asid_take(k, 0);
  for (unsigned h = 0; h < k->cfg.harts; h++) {
    space *r = k->running[h];
    if (r) {
      asid_take(k, asid_of(r));
      r->asid_ctx = k->asid_gen << ASID_SHIFT | asid_of(r);
      r->ran_on = r->active_on;
    }
    k->flush_pending[h] = !k->cfg.skip_rollover_flush;
  }
  k->asid_next = 1;
}

static void asid_new(kernel *k, space *s) {
  uint32_t a;
  if (!asid_search(k, &a)) {
    asid_rollover(k);
    bool ok = asid_search(k, &a);
    assert(ok && "more harts than ASIDs");
    (void)ok;
  }
  asid_take(k, a);
  k->asid_next = a + 1;
  s->asid_ctx = k->asid_gen << ASID_SHIFT | a;
  s->ran_on = 0;
  k->stats.asids++;
}

uint64_t kern_atp(const kernel *k, const space *s) {
  unsigned mode = k->cfg.levels == 4 ? SATP_MODE_SV48 : SATP_MODE_SV39;
  return (uint64_t)mode << SATP_MODE_SHIFT | (uint64_t)asid_of(s) << SATP_ASID_SHIFT | s->pt.root >> PAGE_SHIFT;
}

static mm_fence_kind tlb_fence_kind(const kernel *k) {
  return is_guest(k) ? MM_FENCE_HFENCE_VVMA : MM_FENCE_SFENCE_VMA;
}

static kern_status flush_hart(kernel *k, unsigned hart) {
  mm_fence all = {.kind = tlb_fence_kind(k)};
  k->stats.switch_flushes++;
  return machine_fence(k->m, hart, &all, NULL) ? KERN_OK : KERN_HALTED;
}

kern_status kern_switch(kernel *k, unsigned hart, space *s) {
  assert(hart < k->cfg.harts);
  k->hart = hart;
  space *prev = k->running[hart];
  if (prev == s) return KERN_OK;
  k->stats.switches++;
  kern_status st = KERN_OK;
  if (k->cfg.asid_bits) {
    if (!asid_current(k, s)) asid_new(k, s);
    if (k->flush_pending[hart]) {
      k->flush_pending[hart] = false;
      st = flush_hart(k, hart);
    }
  } else {
    st = flush_hart(k, hart);
  }
  if (st != KERN_OK) return st;
  machine_csr_write(k->m, hart, is_guest(k) ? MM_CSR_VSATP : MM_CSR_SATP, kern_atp(k, s));
  if (prev) {
    prev->active_on &= (uint8_t) ~(1u << hart);
    if (!k->cfg.asid_bits) prev->ran_on &= (uint8_t) ~(1u << hart); /* flushed above */
  }
  s->active_on |= (uint8_t)(1u << hart);
  s->ran_on |= (uint8_t)(1u << hart);
  k->running[hart] = s;
  return KERN_OK;
}

void kern_idle(kernel *k, unsigned hart) {
  space *s = k->running[hart];
  if (!s) return;
  s->active_on &= (uint8_t) ~(1u << hart);
  k->running[hart] = NULL;
}

/* ---- shootdowns ---- */

static bool global_at(space *s, uint64_t va) {
  const vma *v = kern_vma_find(s, va);
  return v && (v->prot & PTE_G);
}

/* The fence that drops va (or the whole space) of s from one hart's TLB. */
static mm_fence fence_for(const kernel *k, space *s, uint64_t va, bool whole) {
  mm_fence f = {.kind = tlb_fence_kind(k), .has_addr = !whole, .addr = va};
  /* Global entries ignore an ASID-scoped fence: fence them by address alone. */
  if (k->cfg.asid_bits && (whole || !global_at(s, va))) {
    f.has_id = true;
    f.id = asid_of(s);
  }
  return f;
}

kern_status kern_shootdown(kernel *k, unsigned hart, space *s, uint64_t va, bool whole) {
  k->hart = hart;
  /* An old generation's ASID: every hart flushes before it can use it again. */
  if (k->cfg.asid_bits && !asid_current(k, s)) return KERN_OK;
  k->stats.shootdowns++;
  mm_fence f = fence_for(k, s, va, whole);
  for (unsigned t = 0; t < k->cfg.harts; t++) {
    if (k->cfg.lazy_shootdown && !(s->ran_on & (1u << t))) continue;
    k->stats.shoot_fences++;
    k->stats.ipis += t != hart;
    if (!machine_fence(k->m, t, &f, NULL)) return KERN_HALTED;
  }
  return KERN_OK;
}

kern_status kern_local_fence(kernel *k, unsigned hart, space *s, uint64_t va) {
  mm_fence f = fence_for(k, s, va, false);
  k->stats.local_fences++;
  return machine_fence(k->m, hart, &f, NULL) ? KERN_OK : KERN_HALTED;
}

/* ---- user accesses ---- */

static bool is_page_fault(unsigned cause) {
  return cause == CAUSE_LOAD_PAGE_FAULT || cause == CAUSE_STORE_PAGE_FAULT || cause == CAUSE_FETCH_PAGE_FAULT;
}

#define RETRIES 8 /* faults one access may take before the kernel gives up on it */

kern_status kern_access(kernel *k, unsigned hart, const mm_req *req0, mm_obs *out) {
  assert(k->running[hart] && "kern_access: nothing runs on the hart");
  mm_req req = *req0;
  req.virt = is_guest(k);
  for (unsigned tries = 0;; tries++) {
    if (!machine_access(k->m, hart, &req, out)) return KERN_HALTED;
    if (out->ok) return KERN_OK;
    if (tries == RETRIES) return KERN_FAULT;
    k->hart = hart;
    kern_status st;
    if (is_guest(k) && cause_is_guest_page_fault(out->cause))
      st = k->cfg.host->guest_page_fault(k->cfg.host->ctx, hart, out->gpa, req.type);
    else if (is_page_fault(out->cause))
      st = kern_fault(k, hart, req.va, req.type);
    else
      return KERN_FAULT; /* an access fault, a misaligned access: the program's */
    if (st != KERN_OK) return st;
  }
}

static const mm_access access_of[] = {
    [MM_DATA_LOAD] = MM_LOAD,       [MM_DATA_STORE] = MM_STORE,     [MM_DATA_FETCH] = MM_FETCH,
    [MM_DATA_CBO_CLEAN] = MM_STORE, [MM_DATA_CBO_FLUSH] = MM_STORE, [MM_DATA_CBO_INVAL] = MM_STORE};

kern_status kern_op(kernel *k, unsigned hart, mm_priv priv, mm_data_op op, uint64_t va, unsigned size, uint64_t wdata,
                    mm_obs *out) {
  assert(op != MM_DATA_NONE);
  bool sized = op == MM_DATA_LOAD || op == MM_DATA_STORE || op == MM_DATA_FETCH;
  mm_req req = {.va = va,
                .type = access_of[op],
                .priv = priv,
                .data_op = (uint8_t)op,
                .size = (uint8_t)(sized ? size : 0),
                .wdata = wdata};
  return kern_access(k, hart, &req, out);
}

kern_status kern_load(kernel *k, unsigned hart, uint64_t va, unsigned size, uint64_t *value) {
  mm_obs o;
  kern_status st = kern_op(k, hart, MM_PRIV_U, MM_DATA_LOAD, va, size, 0, &o);
  *value = o.load_data;
  return st;
}

kern_status kern_store(kernel *k, unsigned hart, uint64_t va, unsigned size, uint64_t value) {
  mm_obs o;
  return kern_op(k, hart, MM_PRIV_U, MM_DATA_STORE, va, size, value, &o);
}

kern_status kern_fetch(kernel *k, unsigned hart, uint64_t va, uint64_t *value) {
  mm_obs o;
  kern_status st = kern_op(k, hart, MM_PRIV_U, MM_DATA_FETCH, va, 4, 0, &o);
  *value = o.load_data;
  return st;
}
