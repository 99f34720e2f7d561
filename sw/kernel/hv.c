/*
 * The hypervisor (hv.h): guests' G-stage maps, their guest kernels'
 * guest-physical accesses, lazy backing, merging and splitting.
 */
#include "sw/kernel/hv.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "sw/kernel/kernel_int.h"

#define GLEAF_RW (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D) /* G-stage leaves are user pages */
#define GLEAF_RO (PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)                 /* a merged page */

static uint64_t hgatp_of(const vm *v) {
  unsigned mode = v->hv->host->cfg.levels == 4 ? SATP_MODE_SV48 : SATP_MODE_SV39; /* x4 in hgatp */
  return (uint64_t)mode << SATP_MODE_SHIFT | (uint64_t)v->vmid << HGATP_VMID_SHIFT | v->g->pt.root >> PAGE_SHIFT;
}

/* HFENCE.GVMA of v's VMID (gpa, or all of it) on target, from hart. */
static kern_status gfence(vm *v, unsigned hart, unsigned target, uint64_t gpa, bool all) {
  mm_fence f = {.kind = MM_FENCE_HFENCE_GVMA, .has_addr = !all, .addr = gpa, .has_id = true, .id = v->vmid};
  v->hv->stats.gfences++;
  v->hv->stats.ipis += target != hart;
  return machine_fence(v->hv->host->m, target, &f, NULL) ? KERN_OK : KERN_HALTED;
}

/* The G-stage shootdown: every hart that ran v. */
static kern_status gshoot(vm *v, unsigned hart, uint64_t gpa, bool all) {
  v->hv->stats.shootdowns++;
  for (unsigned t = 0; t < v->hv->host->cfg.harts; t++) {
    if (!(v->ran_on & (1u << t))) continue;
    kern_status st = gfence(v, hart, t, gpa, all);
    if (st != KERN_OK) return st;
  }
  return KERN_OK;
}

kern_status hv_guest_page_fault(vm *v, unsigned hart, uint64_t gpa, mm_access type) {
  (void)type; /* a fault on a merged page splits it, whatever access (or implicit A/D write) it was */
  kernel *k = v->hv->host;
  k->hart = hart;
  v->hv->stats.guest_page_faults++;
  uint64_t page = gpa & ~(KERN_PAGE - 1);
  if (page < v->ram_gpa || page >= v->ram_gpa + v->ram_pages * KERN_PAGE) return KERN_FAULT;
  unsigned i = (unsigned)((page - v->ram_gpa) / KERN_PAGE);
  kern_status st;
  if (!v->backing[i]) {
    uint64_t frame;
    st = kern_frame_alloc(k, &frame);
    if (st == KERN_OK) st = kern_set_leaf(k, hart, v->g, page, pt_pte(frame, GLEAF_RW), NULL);
    if (st != KERN_OK) return st;
    v->backing[i] = frame;
    v->hv->stats.backed++;
    return gfence(v, hart, hart, page, false); /* invalid to valid: this hart only */
  }
  uint64_t pte;
  st = kern_pte(k, hart, v->g, page, &pte);
  if (st != KERN_OK) return st;
  if (pte & PTE_W) return gfence(v, hart, hart, page, false); /* a stale entry */
  uint64_t frame = v->backing[i];
  v->hv->stats.splits++;
  if (kern_frame_refs(k, frame) > 1) {
    uint64_t copy;
    st = kern_frame_alloc(k, &copy);
    if (st == KERN_OK) st = kern_copy_page(k, hart, copy, frame);
    if (st != KERN_OK) return st;
    kern_frame_put(k, frame);
    frame = copy;
    v->hv->stats.split_copies++;
  }
  st = kern_set_leaf(k, hart, v->g, page, pt_pte(frame, GLEAF_RW), NULL);
  if (st != KERN_OK) return st;
  v->backing[i] = frame;
  return gshoot(v, hart, page, false);
}

/* A guest kernel's access to its guest-physical memory: V=1 in S-mode with
 * vsatp Bare (the G-stage alone), its guest-page faults handled here. */
static kern_status guest_phys(vm *v, unsigned hart, uint64_t gpa, bool store, uint64_t *value) {
  machine *m = v->hv->host->m;
  machine_csr_write(m, hart, MM_CSR_VSATP, 0);
  mm_req req = {.va = gpa,
                .type = store ? MM_STORE : MM_LOAD,
                .priv = MM_PRIV_S,
                .virt = true,
                .data_op = store ? MM_DATA_STORE : MM_DATA_LOAD,
                .size = 8,
                .wdata = store ? *value : 0};
  kern_status st = KERN_OK;
  for (unsigned tries = 0;; tries++) {
    mm_obs o;
    if (!machine_access(m, hart, &req, &o)) {
      st = KERN_HALTED;
      break;
    }
    if (o.ok) {
      if (!store) *value = o.load_data;
      break;
    }
    if (!cause_is_guest_page_fault(o.cause) || tries == 4) {
      st = KERN_FAULT;
      break;
    }
    st = hv_guest_page_fault(v, hart, o.gpa, req.type);
    if (st != KERN_OK) break;
  }
  space *running = v->guest.running[hart];
  if (running) machine_csr_write(m, hart, MM_CSR_VSATP, kern_atp(&v->guest, running));
  return st;
}

static kern_status guest_read(void *ctx, unsigned hart, uint64_t gpa, uint64_t *value) {
  return guest_phys(ctx, hart, gpa, false, value);
}
static kern_status guest_write(void *ctx, unsigned hart, uint64_t gpa, uint64_t value) {
  return guest_phys(ctx, hart, gpa, true, &value);
}
static kern_status guest_gpf(void *ctx, unsigned hart, uint64_t gpa, mm_access type) {
  return hv_guest_page_fault(ctx, hart, gpa, type);
}

bool hv_vm_init(hv *h, vm *v, uint16_t vmid, uint64_t ram_gpa, unsigned ram_pages, const kernel_config *guest_cfg,
                const char **why) {
  memset(v, 0, sizeof *v);
  v->hv = h;
  v->vmid = vmid;
  v->ram_gpa = ram_gpa;
  v->ram_pages = ram_pages;
  v->backing = calloc(ram_pages ? ram_pages : 1, sizeof *v->backing);
  if (!v->backing || kern_gspace_new(h->host, &v->g) != KERN_OK) {
    *why = "hypervisor: no memory for a guest's G-stage";
    return false;
  }
  v->host = (kern_host){.read = guest_read, .write = guest_write, .guest_page_fault = guest_gpf, .ctx = v};
  kernel_config c = *guest_cfg;
  assert(c.asid_bits > 0 && "a guest kernel needs ASIDs: its own Bare accesses run with ASID 0");
  c.host = &v->host;
  c.pool_base = ram_gpa;
  c.pool_frames = ram_pages;
  return kernel_init(&v->guest, h->host->m, &c, why);
}

void hv_vm_destroy(vm *v) {
  kernel_destroy(&v->guest);
  free(v->backing);
  v->backing = NULL;
}

void hv_run(hv *h, vm *v, unsigned hart) {
  machine_csr_write(h->host->m, hart, MM_CSR_HGATP, hgatp_of(v));
  machine_csr_write(h->host->m, hart, MM_CSR_HENVCFG, ENVCFG_ADUE | ENVCFG_PBMTE);
  v->ran_on |= (uint8_t)(1u << hart);
}

/* A backed guest page and its content, for merging. */
typedef struct gpage {
  vm *v;
  unsigned index;  /* in v's RAM */
  bool read_only;  /* its G-stage leaf is already a merged one */
  uint64_t *words; /* its content */
} gpage;

static kern_status map_ro(kernel *k, unsigned hart, gpage *p, uint64_t frame) {
  p->read_only = true;
  p->v->backing[p->index] = frame;
  return kern_set_leaf(k, hart, p->v->g, p->v->ram_gpa + p->index * KERN_PAGE, pt_pte(frame, GLEAF_RO), NULL);
}

kern_status hv_merge(hv *h, unsigned hart, vm **vms, unsigned n, unsigned *merged) {
  kernel *k = h->host;
  k->hart = hart;
  *merged = 0;
  unsigned total = 0;
  for (unsigned g = 0; g < n; g++)
    for (unsigned i = 0; i < vms[g]->ram_pages; i++)
      total += vms[g]->backing[i] != 0;
  gpage *pages = calloc(total ? total : 1, sizeof *pages);
  uint64_t *words = malloc((total ? total : 1) * KERN_PAGE);
  bool *touched = calloc(n, sizeof *touched);
  kern_status st = pages && words && touched ? KERN_OK : KERN_NOMEM;
  unsigned np = 0;
  for (unsigned g = 0; g < n && st == KERN_OK; g++)
    for (unsigned i = 0; i < vms[g]->ram_pages && st == KERN_OK; i++) {
      uint64_t frame = vms[g]->backing[i];
      if (!frame) continue;
      gpage *p = &pages[np];
      *p = (gpage){.v = vms[g], .index = i, .words = &words[np++ * KERN_PAGE_WORDS]};
      p->read_only = kern_frame_refs(k, frame) > 1;
      for (unsigned w = 0; w < KERN_PAGE_WORDS && st == KERN_OK; w++)
        st = kern_read(k, hart, frame + 8 * w, &p->words[w]);
    }
  for (unsigned i = 0; i < np && st == KERN_OK; i++) {
    gpage *p = &pages[i];
    for (unsigned j = 0; j < i && st == KERN_OK; j++) {
      gpage *q = &pages[j];
      uint64_t frame = q->v->backing[q->index];
      if (p->v->backing[p->index] == frame || memcmp(p->words, q->words, KERN_PAGE)) continue;
      if (!q->read_only) st = map_ro(k, hart, q, frame);
      uint64_t old = p->v->backing[p->index];
      if (st == KERN_OK) st = map_ro(k, hart, p, frame);
      if (st != KERN_OK) break;
      kern_frame_get(k, frame);
      kern_frame_put(k, old);
      for (unsigned g = 0; g < n; g++)
        touched[g] |= vms[g] == p->v || vms[g] == q->v;
      (*merged)++;
      break;
    }
  }
  for (unsigned g = 0; g < n && st == KERN_OK; g++)
    if (touched[g]) st = gshoot(vms[g], hart, 0, true);
  h->stats.merged += *merged;
  free(pages);
  free(words);
  free(touched);
  return st;
}
