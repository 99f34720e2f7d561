#include "vecrun.h"

#include <inttypes.h>
#include <stdlib.h>

#include "model/pte.h"

int vec_format_req(char *buf, size_t len, const mm_req *req) {
  return snprintf(buf, len, "%s %#" PRIx64 " priv=%c virt=%d", req->hlvx ? "hlvx" : mm_access_name(req->type), req->va,
                  req->priv == MM_PRIV_U   ? 'U'
                  : req->priv == MM_PRIV_M ? 'M'
                                           : 'S',
                  req->virt ? 1 : 0);
}

int vec_format_outcome(char *buf, size_t len, bool ok, unsigned cause, bool has_gpa, uint64_t gpa, uint64_t pa,
                       unsigned pbmt) {
  if (ok) return snprintf(buf, len, "ok pa=%#" PRIx64 " pbmt=%s", pa, vec_pbmt_name(pbmt));
  if (has_gpa) return snprintf(buf, len, "fault cause=%u gpa=%#" PRIx64, cause, gpa);
  return snprintf(buf, len, "fault cause=%u", cause);
}

static void format_outcome(char *buf, size_t len, const mm_walk *w) {
  vec_format_outcome(buf, len, w->ok, w->cause, cause_is_guest_page_fault(w->cause), w->gpa, w->pa, w->pbmt);
}

static void format_expect(char *buf, size_t len, const vec_stmt *e) {
  vec_format_outcome(buf, len, e->kind == VEC_EXPECT_OK, e->cause, e->has_gpa, e->addr, e->addr, e->pbmt);
}

static bool outcome_matches(const vec_stmt *e, const mm_walk *w) {
  if (e->kind == VEC_EXPECT_OK) return w->ok && w->pa == e->addr && w->pbmt == e->pbmt;
  return !w->ok && w->cause == e->cause && (!e->has_gpa || w->gpa == e->addr);
}

static void print_walk(FILE *out, const mm_walk *w) {
  static const char *stage[] = {"S", "VS", "G"};
  for (unsigned i = 0; i < w->n_ops; i++) {
    const mm_memop *op = &w->ops[i];
    fprintf(out, "    %-5s %-2s L%u 0x%012" PRIx64 " 0x%016" PRIx64 "\n", op->kind == MM_OP_READ ? "read" : "write",
            stage[op->stage], op->level, op->pa, op->data);
  }
}

typedef struct access_ctx {
  const vec_file *f;
  const vec_opts *opts;
  const vec_stmt *access;
  mm_walk walk;
  bool failed;
  unsigned diffs;
  bool expected[MM_WALK_MAX_OPS]; /* write op i is named by an expect mem */
} access_ctx;

static void report(access_ctx *a, unsigned line, const char *what) {
  char req[96];
  vec_format_req(req, sizeof req, &a->access->req);
  fprintf(a->opts->out, "%s:%u: access %s (line %u): %s\n", a->f->path, line, req, a->access->line, what);
  a->failed = true;
  a->diffs++;
}

static void check_expect_mem(access_ctx *a, const vec_stmt *e, const mm_mem *mem) {
  uint64_t got = mm_mem_read64(mem, e->addr);
  bool written = false;
  for (unsigned i = 0; i < a->walk.n_ops; i++) {
    const mm_memop *op = &a->walk.ops[i];
    if (op->kind == MM_OP_CAS && op->pa == e->addr) {
      a->expected[i] = true;
      written = true;
    }
  }
  if (got != e->value || !written) {
    char what[160];
    snprintf(what, sizeof what, "mem %#" PRIx64 ": expected 0x%016" PRIx64 " written, got 0x%016" PRIx64 "%s", e->addr,
             e->value, got, written ? "" : " (not written)");
    report(a, e->line, what);
  }
}

/* Words the access wrote that no expect mem names. */
static void check_unexpected_writes(access_ctx *a) {
  for (unsigned i = 0; i < a->walk.n_ops; i++) {
    const mm_memop *op = &a->walk.ops[i];
    if (op->kind != MM_OP_CAS || a->expected[i]) continue;
    bool named_later = false; /* the same word written twice: one expect names both */
    for (unsigned j = i + 1; j < a->walk.n_ops; j++)
      named_later |= a->walk.ops[j].kind == MM_OP_CAS && a->walk.ops[j].pa == op->pa && a->expected[j];
    if (named_later) continue;
    char what[160];
    snprintf(what, sizeof what, "unexpected write mem %#" PRIx64 " = 0x%016" PRIx64, op->pa, op->data);
    report(a, a->access->line, what);
  }
}

void vec_run(const vec_file *f, const vec_opts *opts, vec_stats *stats) {
  mm_mem *mem = mm_mem_new();
  if (!mem) {
    fprintf(stderr, "mmucosim: out of memory\n");
    exit(2);
  }
  mm_csrs csrs = {0};
  access_ctx a = {.f = f, .opts = opts};
  for (size_t i = 0; i < f->n; i++) {
    const vec_stmt *s = &f->stmts[i];
    switch (s->kind) {
    case VEC_MEM: mm_mem_write64(mem, s->addr, s->value); break;
    case VEC_CSR:
      if (!mm_csr_write(&csrs, s->csr, s->value) && opts->verbose)
        fprintf(opts->out, "%s:%u: note: unsupported MODE, write ignored\n", f->path, s->line);
      break;
    case VEC_ACCESS:
      a = (access_ctx){.f = f, .opts = opts, .access = s};
      mm_walk_translate(&csrs, mem, &s->req, &a.walk);
      stats->accesses++;
      break;
    case VEC_EXPECT_OK:
    case VEC_EXPECT_FAULT:
      if (!outcome_matches(s, &a.walk)) {
        char want[96], got[96], what[224];
        format_expect(want, sizeof want, s);
        format_outcome(got, sizeof got, &a.walk);
        snprintf(what, sizeof what, "expected %s, got %s", want, got);
        report(&a, s->line, what);
      }
      break;
    case VEC_EXPECT_MEM: check_expect_mem(&a, s, mem); break;
    }
    /* The access's expectations end here: look for writes nobody expected. */
    bool group_ends = i + 1 == f->n || f->stmts[i + 1].kind != VEC_EXPECT_MEM;
    if (a.access && s->kind != VEC_ACCESS && s->kind != VEC_MEM && s->kind != VEC_CSR && group_ends) {
      check_unexpected_writes(&a);
      if (opts->verbose) {
        char req[96], got[96];
        vec_format_req(req, sizeof req, &a.access->req);
        format_outcome(got, sizeof got, &a.walk);
        fprintf(opts->out, "%s:%u: %s %s: %s\n", f->path, a.access->line, a.failed ? "FAIL" : "ok  ", req, got);
        print_walk(opts->out, &a.walk);
      }
      stats->failed += a.failed;
      stats->diffs += a.diffs;
      a.access = NULL;
    }
  }
  mm_mem_free(mem);
}
