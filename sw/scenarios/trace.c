/* Lackey traces: the line reader and the replay through the kernel (trace.h). */
#include "sw/scenarios/trace.h"

#include <stdarg.h>

#define USER_TOP (1ull << 47) /* Sv48's user half */
#define POOL     0x100000000ull

int trace_parse(const char *line, trace_rec *rec, const char **why) {
  if (line[0] == '=' && line[1] == '=') return 0;
  const char *p = line;
  while (txt_is_blank(*p) || *p == '\n')
    p++;
  if (!*p) return 0; /* blank, as everywhere */
  /* "I  ADDR,SIZE" or " K ADDR,SIZE" */
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
  if (!txt_digits(p, 16, &rec->addr, &p) || *p != ',') {
    *why = "expected a hex address of at most 64 bits, then ','";
    return -1;
  }
  p++;
  if (*p < '0' || *p > '9') {
    *why = "expected a decimal size after ','";
    return -1;
  }
  uint64_t size = UINT64_MAX; /* past 64 bits: out of range like any other too large size */
  if (!txt_digits(p, 10, &size, &p))
    while (*p >= '0' && *p <= '9')
      p++;
  while (txt_is_blank(*p) || *p == '\n')
    p++;
  if (*p || size < 1 || size > TRACE_MAX_SIZE) {
    *why = "expected a size of 1 to 4096 bytes at the end of the line";
    return -1;
  }
  if (rec->addr > UINT64_MAX - (size - 1)) {
    *why = "the access runs past the last address, 2^64-1";
    return -1;
  }
  rec->size = (unsigned)size;
  return 1;
}

void trace_open_file(trace_reader *r, const char *path, FILE *f) {
  r->path = path;
  txt_from_file(&r->in, f);
}

void trace_open_mem(trace_reader *r, const char *path, const char *text, size_t len) {
  r->path = path;
  txt_from_mem(&r->in, text, len);
}

static int reader_fail(trace_reader *r, uint64_t line, char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  txt_error(err, errlen, r->path, line, fmt, ap);
  va_end(ap);
  return -1;
}

int trace_next(trace_reader *r, trace_rec *rec, char *err, size_t errlen) {
  char *line;
  size_t len;
  txt_status st;
  while ((st = txt_next(&r->in, &line, &len)) == TXT_LINE) {
    const char *why = "";
    int got = trace_parse(line, rec, &why);
    if (got < 0) return reader_fail(r, r->in.line, err, errlen, "%s", why);
    if (got) return 1;
  }
  if (st == TXT_END) return 0;
  char why[80];
  uint64_t at = r->in.line + (st != TXT_NUL); /* a NUL's line was counted, an unread one not */
  return reader_fail(r, at, err, errlen, "%s", txt_why(&r->in, st, why, sizeof why));
}

void trace_close(trace_reader *r) { txt_free(&r->in); }

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
  /* Every byte in the user space, or the access is skipped (counted); the
   * sum is not formed, so that no address near 2^64 wraps into range. */
  if (rec->addr < KERN_PAGE || rec->addr > USER_TOP || rec->size > USER_TOP - rec->addr) {
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
