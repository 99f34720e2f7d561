/*
 * libmmucosim (api/mmucosim.h) over the model: the harts of model/mmu.h on
 * one memory system (model/memsys.h) over a bus with main memory only. Every
 * argument is checked here, so that nothing a caller passes reaches one of
 * the model's asserts; the last request's observation is kept in the handle
 * and read back field by field.
 */
#include "api/mmucosim.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/bus.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "model/obs.h"

_Static_assert(MMC_MAX_HARTS == MM_MAX_HARTS, "a model's harts are the RTL's");
_Static_assert(MMC_CSR_HENVCFG == MM_CSR_HENVCFG && MMC_CSR_SATP == MM_CSR_SATP, "CSR numbers are model/walk.h's");
_Static_assert(MMC_OP_CBO_INVAL == MM_DATA_CBO_INVAL && MMC_MEM_FENCE == MM_OP_FENCE, "op numbers are the model's");
_Static_assert(MMC_FENCE == MM_FENCE_DATA && MMC_HFENCE_GVMA == MM_FENCE_HFENCE_GVMA, "fence kinds are model/tlb.h's");

struct mmc_model {
  unsigned harts;
  mm_hart hart[MM_MAX_HARTS];
  mm_mem *mem;
  mm_bus bus;
  mm_memsys memsys;
  mm_port port;
  mm_obs obs; /* the last request's */
};

#define MMC_STR(x)  MMC_STR_(x)
#define MMC_STR_(x) #x

const char *mmc_version(void) {
  return MMC_STR(MMC_VERSION_MAJOR) "." MMC_STR(MMC_VERSION_MINOR) "." MMC_STR(MMC_VERSION_PATCH);
}

const char *mmc_strerror(int code) {
  switch (code) {
  case MMC_OK: return "no error";
  case MMC_EHART: return "no such hart";
  case MMC_EARG: return "an argument out of its range";
  case MMC_EADDR: return "a memory word's address must be 8-byte aligned and below 2^56";
  case MMC_ECONFIG: return "a configuration out of range (mmc_config_check tells which)";
  case MMC_ENOMEM: return "out of memory";
  }
  return "unknown error code";
}

static bool power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

const char *mmc_config_check(int harts, int tlb_entries, int latency) {
  if (harts < 1 || harts > MM_MAX_HARTS) return "harts must be 1.." MM_STR(MM_MAX_HARTS);
  if (!power_of_two(tlb_entries) || tlb_entries > MM_TLB_MAX_ENTRIES)
    return "TLB entries must be a power of two, 1.." MM_STR(MM_TLB_MAX_ENTRIES);
  if (latency < 1 || latency > MM_LATENCY_MAX) return "latency must be 1.." MM_STR(MM_LATENCY_MAX) " cycles";
  return "";
}

mmc_model *mmc_new(int harts, int tlb_entries, int latency) {
  if (*mmc_config_check(harts, tlb_entries, latency)) return NULL;
  mmc_model *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->harts = (unsigned)harts;
  const char *why;
  unsigned made = 0;
  for (; made < m->harts; made++) {
    mm_hart_params p = {.tlb_entries = (unsigned)tlb_entries, .mem_latency = (unsigned)latency, .id = made};
    if (!mm_hart_init(&m->hart[made], &p, &why)) break;
  }
  m->mem = made == m->harts ? mm_mem_new() : NULL;
  if (m->mem) mm_bus_init(&m->bus, m->mem);
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = (unsigned)latency};
  if (!m->mem || !mm_memsys_init(&m->memsys, &mp, &m->bus, &why)) {
    mm_mem_free(m->mem);
    for (unsigned h = 0; h < made; h++)
      mm_hart_destroy(&m->hart[h]);
    free(m);
    return NULL;
  }
  m->port = mm_port_of_memsys(&m->memsys);
  mm_obs_reset(&m->obs);
  return m;
}

void mmc_free(mmc_model *m) {
  if (!m) return;
  mm_memsys_destroy(&m->memsys);
  mm_mem_free(m->mem);
  for (unsigned h = 0; h < m->harts; h++)
    mm_hart_destroy(&m->hart[h]);
  free(m);
}

int mmc_harts(const mmc_model *m) { return (int)m->harts; }

static bool hart_ok(const mmc_model *m, int hart) { return hart >= 0 && (unsigned)hart < m->harts; }

static uint64_t *csr_field(mm_csrs *c, int csr) {
  switch (csr) {
  case MMC_CSR_SATP: return &c->satp;
  case MMC_CSR_VSATP: return &c->vsatp;
  case MMC_CSR_HGATP: return &c->hgatp;
  case MMC_CSR_MSTATUS: return &c->mstatus;
  case MMC_CSR_VSSTATUS: return &c->vsstatus;
  case MMC_CSR_MENVCFG: return &c->menvcfg;
  case MMC_CSR_HENVCFG: return &c->henvcfg;
  }
  return NULL;
}

int mmc_csr_write(mmc_model *m, int hart, int csr, uint64_t value) {
  if (!hart_ok(m, hart)) return MMC_EHART;
  if (!csr_field(&m->hart[hart].csrs, csr)) return MMC_EARG;
  return mm_csr_write(&m->hart[hart].csrs, (mm_csr_id)csr, value) ? MMC_OK : 1;
}

uint64_t mmc_csr_read(const mmc_model *m, int hart, int csr) {
  if (!hart_ok(m, hart)) return 0;
  uint64_t *f = csr_field((mm_csrs *)&m->hart[hart].csrs, csr);
  return f ? *f : 0;
}

int mmc_csr_by_name(const char *name) {
  mm_csr_id id;
  return name && mm_csr_by_name(name, &id) ? (int)id : MMC_EARG;
}

static bool word_ok(uint64_t pa) { return (pa & 7) == 0 && pa <= PA_MASK; }

int mmc_mem_write(mmc_model *m, uint64_t pa, uint64_t value) {
  if (!word_ok(pa)) return MMC_EADDR;
  mm_memsys_backdoor_write(&m->memsys, pa, value);
  return MMC_OK;
}

uint64_t mmc_mem_read(const mmc_model *m, uint64_t pa) {
  return word_ok(pa) ? mm_memsys_backdoor_read((mm_memsys *)&m->memsys, pa) : 0;
}

/* The access type each data operation checks (MMC_OP_NONE: any). */
static int op_type(int op) {
  switch (op) {
  case MMC_OP_LOAD: return MMC_LOAD;
  case MMC_OP_FETCH: return MMC_FETCH;
  case MMC_OP_STORE:
  case MMC_OP_CBO_CLEAN:
  case MMC_OP_CBO_FLUSH:
  case MMC_OP_CBO_INVAL: return MMC_STORE;
  }
  return -1;
}

int mmc_access(mmc_model *m, int hart, uint64_t va, int type, int priv, int virt, int op, int size, uint64_t wdata) {
  if (!hart_ok(m, hart)) return MMC_EHART;
  if (type < MMC_LOAD || type > MMC_FETCH) return MMC_EARG;
  if (priv != MMC_PRIV_U && priv != MMC_PRIV_S && priv != MMC_PRIV_M) return MMC_EARG;
  if (virt != 0 && virt != 1) return MMC_EARG;
  if (op < MMC_OP_NONE || op > MMC_OP_CBO_INVAL || (op != MMC_OP_NONE && op_type(op) != type)) return MMC_EARG;
  bool sized = op == MMC_OP_LOAD || op == MMC_OP_STORE || op == MMC_OP_FETCH;
  if (sized && size != 1 && size != 2 && size != 4 && size != 8) return MMC_EARG;
  mm_req req = {.va = va,
                .type = (mm_access)type,
                .priv = (mm_priv)priv,
                .virt = virt != 0,
                .data_op = (uint8_t)op,
                .size = (uint8_t)(sized ? size : 0),
                .wdata = op == MMC_OP_STORE ? wdata : 0};
  m->memsys.sink = &m->obs;
  mm_hart_access_port(&m->hart[hart], &m->port, &req, &m->obs);
  m->memsys.sink = NULL;
  return MMC_OK;
}

int mmc_translate(mmc_model *m, int hart, uint64_t va, int type, int priv, int virt) {
  return mmc_access(m, hart, va, type, priv, virt, MMC_OP_NONE, 0, 0);
}

int mmc_fence(mmc_model *m, int hart, int kind, int has_addr, uint64_t addr, int has_id, int id) {
  if (!hart_ok(m, hart)) return MMC_EHART;
  if (kind < MMC_SFENCE_VMA || kind > MMC_FENCE || (has_addr != 0 && has_addr != 1) || (has_id != 0 && has_id != 1) ||
      id < 0 || id > 0xffff)
    return MMC_EARG;
  mm_fence f = {.kind = (mm_fence_kind)kind, .has_addr = has_addr, .has_id = has_id, .addr = addr, .id = (uint16_t)id};
  m->memsys.sink = &m->obs;
  unsigned dropped = mm_hart_fence(&m->hart[hart], &m->port, &f, &m->obs);
  m->memsys.sink = NULL;
  return (int)dropped;
}

int mmc_ok(const mmc_model *m) { return m->obs.ok; }
int mmc_cause(const mmc_model *m) { return m->obs.cause; }
uint64_t mmc_pa(const mmc_model *m) { return m->obs.pa; }
uint64_t mmc_gpa(const mmc_model *m) { return m->obs.gpa; }
int mmc_pbmt(const mmc_model *m) { return m->obs.pbmt; }
int mmc_tlb_hit(const mmc_model *m) { return m->obs.tlb_hit; }
int mmc_mtype(const mmc_model *m) { return m->obs.mtype; }
int mmc_cache_hit(const mmc_model *m) { return m->obs.cache_hit; }
uint64_t mmc_load_data(const mmc_model *m) { return m->obs.load_data; }
int mmc_cycles(const mmc_model *m) { return (int)m->obs.cycles; }
int mmc_n_ops(const mmc_model *m) { return (int)m->obs.n_ops; }
int mmc_n_bus(const mmc_model *m) { return (int)m->obs.n_bus; }

uint64_t mmc_op(const mmc_model *m, int i, int field) {
  if (i < 0 || (unsigned)i >= m->obs.n_ops) return 0;
  const mm_memop *op = &m->obs.ops[i];
  switch (field) {
  case MMC_F_KIND: return op->kind;
  case MMC_F_HART: return op->hart;
  case MMC_F_STAGE: return op->stage;
  case MMC_F_LEVEL: return op->level;
  case MMC_F_MTYPE: return op->mt;
  case MMC_F_SIZE: return op->size;
  case MMC_F_MASK: return op->mask;
  case MMC_F_HIT: return op->hit;
  case MMC_F_PA: return op->pa;
  case MMC_F_DATA: return op->data;
  case MMC_F_CMP: return op->cmp;
  case MMC_F_OLD: return op->old;
  case MMC_F_CYCLES: return op->cycles;
  case MMC_F_CYCLE: return op->cycle;
  }
  return 0;
}

uint64_t mmc_bus(const mmc_model *m, int i, int field) {
  if (i < 0 || (unsigned)i >= m->obs.n_bus) return 0;
  const mm_bus_txn *t = &m->obs.bus[i];
  if (field >= MMC_B_DATA && field < MMC_B_DATA + 8) return t->data[field - MMC_B_DATA];
  switch (field) {
  case MMC_B_WRITE: return t->write;
  case MMC_B_SIZE: return t->size;
  case MMC_B_BEATS: return t->beats;
  case MMC_B_HART: return t->hart;
  case MMC_B_ADDR: return t->addr;
  case MMC_B_MASK: return t->mask;
  case MMC_B_CYCLE: return t->cycle;
  }
  return 0;
}
