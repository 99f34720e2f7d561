/* Lackey traces: the line reader and the replay through the kernel (trace.h). */
#include "sw/scenarios/trace.h"

#include <ctype.h>

#define USER_TOP (1ull << 47) /* Sv48's user half */
#define POOL     0x100000000ull

static const char *skip_hex(const char *p, uint64_t *v, unsigned *digits) {
  *v = 0;
  *digits = 0;
  for (; isxdigit((unsigned char)*p); p++, (*digits)++) {
    unsigned d = isdigit((unsigned char)*p) ? (unsigned)(*p - '0') : (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
    *v = *v << 4 | d;
  }
  return p;
}

int trace_parse(const char *line, trace_rec *rec, const char **why) {
  if (line[0] == '=' && line[1] == '=') return 0;
  /* "I  ADDR,SIZE" or " K ADDR,SIZE" */
  const char *p;
  if (line[0] == 'I' && line[1] == ' ' && line[2] == ' ') {
    rec->kind = TRACE_FETCH;
    p = line + 3;
  } else if (line[0] == ' ' && (line[1] == 'L' || line[1] == 'S' || line[1] == 'M') && line[2] == ' ') {
    rec->kind = line[1] == 'L' ? TRACE_LOAD : line[1] == 'S' ? TRACE_STORE : TRACE_MODIFY;
    p = line + 3;
  } else {
    *why = "expected 'I  ADDR,SIZE', ' L|S|M ADDR,SIZE' or a '==PID==' line";
    return -1;
  }
  unsigned digits;
  p = skip_hex(p, &rec->addr, &digits);
  if (digits == 0 || digits > 16 || *p != ',') {
    *why = "expected a hex address of 1 to 16 digits, then ','";
    return -1;
  }
  p++;
  uint64_t size = 0;
  if (!isdigit((unsigned char)*p)) {
    *why = "expected a decimal size after ','";
    return -1;
  }
  for (; isdigit((unsigned char)*p) && size <= TRACE_MAX_SIZE; p++)
    size = size * 10 + (uint64_t)(*p - '0');
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  if (*p || size < 1 || size > TRACE_MAX_SIZE) {
    *why = "expected a size of 1 to 4096 bytes at the end of the line";
    return -1;
  }
  rec->size = (unsigned)size;
  return 1;
}

bool trace_begin(trace_run *t, machine *m, const trace_config *cfg, const char **why) {
  kernel_config kc = KERNEL_CONFIG_DEFAULT;
  kc.pool_base = POOL;
  kc.pool_frames = cfg->frames;
  kc.colored = cfg->colored;
  kc.max_resident = cfg->max_resident;
  kc.colors = cfg->colors;
  kc.levels = 4;
  t->st = (trace_stats){0};
  t->s = NULL;
  if (!kernel_init(&t->k, m, &kc, why)) return false;
  vma user = {.start = KERN_PAGE, .end = USER_TOP, .prot = PTE_R | PTE_W | PTE_X | PTE_U};
  if (kern_space_new(&t->k, &t->s) != KERN_OK || kern_vma_add(&t->k, 0, t->s, &user) != KERN_OK ||
      kern_switch(&t->k, 0, t->s) != KERN_OK) {
    *why = "no frame for the process's page tables";
    kernel_destroy(&t->k);
    return false;
  }
  return true;
}

/* One request for the aligned word holding va. */
static kern_status request(trace_run *t, mm_data_op op, uint64_t va) {
  mm_obs o;
  kern_status st = kern_op(&t->k, 0, MM_PRIV_U, op, va & ~7ull, 8, t->st.records, &o);
  if (st != KERN_OK) return st;
  t->st.requests++;
  t->st.tlb_hits += o.tlb_hit;
  t->st.walks += o.n_ops > 0 && o.ops[0].kind == MM_OP_READ;
  if (o.mtype == MM_MT_MAIN) {
    t->st.cache_lookups++;
    t->st.cache_hits += o.cache_hit;
  }
  return KERN_OK;
}

static kern_status access_words(trace_run *t, mm_data_op op, const trace_rec *rec) {
  uint64_t last = rec->addr + rec->size - 1;
  kern_status st = request(t, op, rec->addr);
  if (st == KERN_OK && last >> PAGE_SHIFT != rec->addr >> PAGE_SHIFT) st = request(t, op, last);
  return st;
}

kern_status trace_step(trace_run *t, const trace_rec *rec) {
  if (rec->addr < KERN_PAGE || rec->addr + rec->size > USER_TOP) {
    t->st.skipped++;
    return KERN_OK;
  }
  t->st.records++;
  t->st.by_kind[rec->kind]++;
  static const mm_data_op op[] = {[TRACE_FETCH] = MM_DATA_FETCH,
                                  [TRACE_LOAD] = MM_DATA_LOAD,
                                  [TRACE_STORE] = MM_DATA_STORE,
                                  [TRACE_MODIFY] = MM_DATA_LOAD};
  kern_status st = access_words(t, op[rec->kind], rec);
  if (st == KERN_OK && rec->kind == TRACE_MODIFY) st = access_words(t, MM_DATA_STORE, rec);
  return st;
}

void trace_end(trace_run *t) { kernel_destroy(&t->k); }
