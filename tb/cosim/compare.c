#include "compare.h"

#include <inttypes.h>
#include <string.h>

#include "tb/vec/vecrun.h"

typedef struct obs_field {
  const char *name;
  bool hex;    /* print in hex (addresses), else in decimal */
  bool access; /* shown for accesses only, not for fences */
  uint64_t (*get)(const mm_obs *o);
} obs_field;

/* Every compared field of a request's observation, in report order (bit i of obs_diff): its name, whether
 * it prints in hex (addresses; else decimal), whether it is shown for accesses only (not for fences), and
 * the mm_obs member. One list: the table the reports read and the comparison obs_equal makes. */
#define OBS_FIELDS(X)                                                                                                  \
  X("accepted at", false, false, accept)                                                                               \
  X("cycles", false, false, cycles)                                                                                    \
  X("ok", false, true, ok)                                                                                             \
  X("tlb_hit", false, true, tlb_hit)                                                                                   \
  X("pa", true, true, pa)                                                                                              \
  X("pbmt", false, true, pbmt)                                                                                         \
  X("cause", false, true, cause)                                                                                       \
  X("gpa", true, true, gpa)                                                                                            \
  X("mem type", false, true, mtype)                                                                                    \
  X("cache_hit", false, true, cache_hit)                                                                               \
  X("load data", true, true, load_data)                                                                                \
  X("mem accesses", false, false, n_ops)                                                                               \
  X("bus txns", false, false, n_bus)

#define GETTER(name, hex, access, member)                                                                              \
  static uint64_t get_##member(const mm_obs *o) { return o->member; }
OBS_FIELDS(GETTER)
#undef GETTER

static const obs_field fields[] = {
#define ENTRY(name, hex, access, member) {name, hex, access, get_##member},
    OBS_FIELDS(ENTRY)
#undef ENTRY
};
#define N_FIELDS (sizeof fields / sizeof fields[0])
_Static_assert(1u << N_FIELDS == OBS_DIFF_OPS, "obs_diff: the access lists' bits follow the fields'");

bool memop_equal(const mm_memop *m, const mm_memop *r) {
  return m->kind == r->kind && m->hart == r->hart && m->mt == r->mt && m->size == r->size && m->mask == r->mask &&
         m->hit == r->hit && m->pa == r->pa && m->data == r->data && m->cmp == r->cmp && m->old == r->old &&
         m->cycle == r->cycle;
}

bool bus_txn_equal(const mm_bus_txn *m, const mm_bus_txn *r) {
  if (m->write != r->write || m->size != r->size || m->beats != r->beats || m->hart != r->hart || m->addr != r->addr ||
      m->mask != r->mask || m->cycle != r->cycle)
    return false;
  for (unsigned i = 0; i < m->beats && i < 8; i++)
    if (m->data[i] != r->data[i]) return false;
  return true;
}

bool obs_equal(const mm_obs *m, const mm_obs *r) {
  /* the fields straight, not through the table's getters: this runs once a request */
#define SAME(name, hex, access, member) &&m->member == r->member
  if (!(true OBS_FIELDS(SAME))) return false;
#undef SAME
  for (unsigned i = 0; i < m->n_ops; i++)
    if (!memop_equal(&m->ops[i], &r->ops[i])) return false;
  for (unsigned i = 0; i < m->n_bus; i++)
    if (!bus_txn_equal(&m->bus[i], &r->bus[i])) return false;
  return true;
}

unsigned obs_diff(const mm_obs *m, const mm_obs *r) {
  unsigned diff = 0;
  for (unsigned i = 0; i < N_FIELDS; i++)
    if (fields[i].get(m) != fields[i].get(r)) diff |= 1u << i;
  unsigned n = m->n_ops < r->n_ops ? m->n_ops : r->n_ops;
  for (unsigned i = 0; i < n; i++)
    if (!memop_equal(&m->ops[i], &r->ops[i])) diff |= OBS_DIFF_OPS;
  n = m->n_bus < r->n_bus ? m->n_bus : r->n_bus;
  for (unsigned i = 0; i < n; i++)
    if (!bus_txn_equal(&m->bus[i], &r->bus[i])) diff |= OBS_DIFF_BUS;
  return diff;
}

int obs_diff_format(char *buf, size_t len, unsigned diff) {
  int n = 0;
  if (len) buf[0] = '\0';
  for (unsigned i = 0; i < N_FIELDS + 2; i++) {
    if (!(diff & (1u << i)) || n < 0 || (size_t)n >= len) continue;
    const char *name = i < N_FIELDS ? fields[i].name : i == N_FIELDS ? "a memory access" : "a bus transaction";
    n += snprintf(buf + n, len - (size_t)n, "%s%s", n ? ", " : "", name);
  }
  if (!n) n = snprintf(buf, len, "nothing");
  return n;
}

/* "read  S L2 0x80001008 0x...", or a compare-and-swap "cas ADDR NEW if CMP"
 * with "(held OLD)" when memory did not hold CMP, so nothing was written. */
void format_memop(char *buf, size_t len, const mm_memop *op) {
  static const char *stage[] = {"S ", "VS", "G "};
  static const char *kind[] = {"read", "cas", "load", "store", "cbo.clean", "cbo.flush", "cbo.inval", "fence"};
  char where[24] = "";
  if (op->stage < 3)
    snprintf(where, sizeof where, "%s L%u ", stage[op->stage], op->level);
  else if (op->kind >= MM_OP_LOAD && op->kind != MM_OP_FENCE)
    snprintf(where, sizeof where, "%s/%u ", mm_mtype_name(op->mt), op->size);
  bool cas = op->kind == MM_OP_CAS;
  int n = snprintf(buf, len, "%-4s %s%#" PRIx64 " 0x%016" PRIx64, op->kind < 8 ? kind[op->kind] : "?", where, op->pa,
                   op->data);
  if (op->kind == MM_OP_STORE && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " m%02x", op->mask);
  if (op->hit && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " hit");
  if (cas && n > 0 && (size_t)n < len) {
    n += snprintf(buf + n, len - (size_t)n, " if 0x%016" PRIx64, op->cmp);
    if (op->old != op->cmp && n > 0 && (size_t)n < len)
      n += snprintf(buf + n, len - (size_t)n, " (held 0x%016" PRIx64 ")", op->old);
  }
  if (n > 0 && (size_t)n < len) snprintf(buf + n, len - (size_t)n, " h%u @+%u", op->hart, op->cycle);
}

void format_bus_txn(char *buf, size_t len, const mm_bus_txn *t) {
  int n =
      snprintf(buf, len, "%s %s %#" PRIx64 " ", t->write ? "write" : "read ", t->beats == 8 ? "line" : "beat", t->addr);
  unsigned words = t->beats == 8 ? 8 : 1;
  for (unsigned i = 0; i < words && n > 0 && (size_t)n < len; i++)
    n += snprintf(buf + n, len - (size_t)n, i ? ":%" PRIx64 : "%" PRIx64, t->data[i]);
  if (t->write && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " m%" PRIx64, t->mask);
  if (t->beats == 1 && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " /%u", t->size);
  if (n > 0 && (size_t)n < len) snprintf(buf + n, len - (size_t)n, " h%u @+%u", t->hart, t->cycle);
}

void obs_report(FILE *out, const mm_obs *m, const mm_obs *r, bool is_fence) {
  fprintf(out, "  %-12s %-20s%-18s    %s\n", "field", "", "model", "rtl");
  for (unsigned i = 0; i < N_FIELDS; i++) {
    const obs_field *f = &fields[i];
    uint64_t mv = f->get(m), rv = f->get(r);
    if (is_fence && f->access && mv == rv) continue; /* a fence has no outcome: shown only when it differs */
    const char *mark = mv != rv ? "!= " : "   ";
    if (f->hex)
      fprintf(out, "  %-12s %-20s0x%-16" PRIx64 " %s0x%" PRIx64 "\n", f->name, "", mv, mark, rv);
    else
      fprintf(out, "  %-12s %-20s%-18" PRIu64 " %s%" PRIu64 "\n", f->name, "", mv, mark, rv);
  }
  unsigned n = m->n_ops > r->n_ops ? m->n_ops : r->n_ops;
  if (!n) return;
  fprintf(out, "  memory accesses (model | rtl); hN: hart N's, @+N: taken N cycles after the acceptance:\n");
  for (unsigned i = 0; i < n; i++) {
    char left[192] = "-", right[192] = "-";
    if (i < m->n_ops) format_memop(left, sizeof left, &m->ops[i]);
    if (i < r->n_ops) format_memop(right, sizeof right, &r->ops[i]);
    bool same = i < m->n_ops && i < r->n_ops && memop_equal(&m->ops[i], &r->ops[i]);
    fprintf(out, "    #%-2u %-62s %s %s\n", i, left, same ? "| " : "!=", right);
  }
  n = m->n_bus > r->n_bus ? m->n_bus : r->n_bus;
  if (!n) return;
  fprintf(out, "  bus transactions (model | rtl):\n");
  for (unsigned i = 0; i < n; i++) {
    char left[192] = "-", right[192] = "-";
    if (i < m->n_bus) format_bus_txn(left, sizeof left, &m->bus[i]);
    if (i < r->n_bus) format_bus_txn(right, sizeof right, &r->bus[i]);
    bool same = i < m->n_bus && i < r->n_bus && bus_txn_equal(&m->bus[i], &r->bus[i]);
    fprintf(out, "    #%-2u %-62s %s %s\n", i, left, same ? "| " : "!=", right);
  }
}

obs_brief obs_brief_of(const mm_obs *o) {
  const mm_memop *last = o->n_ops ? &o->ops[o->n_ops - 1] : NULL;
  bool data = last && last->kind >= MM_OP_LOAD;
  return (obs_brief){.ok = o->ok,
                     .tlb_hit = o->tlb_hit,
                     .cache_hit = o->cache_hit,
                     .data = data,
                     .load = data && last->kind == MM_OP_LOAD,
                     .cause = o->cause,
                     .pbmt = o->pbmt,
                     .mtype = o->mtype,
                     .gpa = o->gpa,
                     .pa = o->pa,
                     .load_data = o->load_data};
}

int obs_format_outcome(char *buf, size_t len, const obs_brief *b) {
  int n = vec_format_outcome(buf, len, b->ok, b->cause, cause_is_guest_page_fault(b->cause), b->gpa, b->pa, b->pbmt);
  if (n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " %s", b->tlb_hit ? "tlb hit" : "tlb miss");
  if (b->data && n > 0 && (size_t)n < len)
    n += snprintf(buf + n, len - (size_t)n, ", %s%s", mm_mtype_name(b->mtype), b->cache_hit ? " cache hit" : "");
  if (b->load && n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " data=%#" PRIx64, b->load_data);
  return n;
}

/* "hart 0 access r 0x1000 priv=U virt=0 load/8", "hart 1 sfence.vma addr=0x1000 asid=3". */
void format_event(char *buf, size_t len, const stim_event *ev) {
  if (ev->kind == STIM_ACCESS) {
    const mm_req *q = &ev->req;
    char req[96];
    vec_format_req(req, sizeof req, q);
    int n = snprintf(buf, len, "hart %u access %s %s", ev->hart, req, mm_data_op_name(q->data_op));
    if (n > 0 && (size_t)n < len && q->data_op >= MM_DATA_LOAD && q->data_op <= MM_DATA_FETCH)
      n += snprintf(buf + n, len - (size_t)n, "/%u", q->size);
    if (n > 0 && (size_t)n < len && q->data_op == MM_DATA_STORE)
      snprintf(buf + n, len - (size_t)n, " data=%#" PRIx64, q->wdata);
    return;
  }
  const mm_fence *f = &ev->fence;
  int n = snprintf(buf, len, "hart %u %s", ev->hart, mm_fence_name(f->kind));
  if (f->has_addr && n >= 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, " addr=%#" PRIx64, f->addr);
  if (f->has_id && n >= 0 && (size_t)n < len)
    snprintf(buf + n, len - (size_t)n, " %s=%u", f->kind == MM_FENCE_HFENCE_GVMA ? "vmid" : "asid", f->id);
}
