#include "replay.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/mmu.h"
#include "model/pte.h"
#include "model/textin.h"

/* ---- the fields of an event, one table for the reader and the writer ---- */

typedef enum field_id {
  F_HART,
  F_GAP,
  F_CSR,
  F_PA,
  F_VALUE,
  F_VA,
  F_TYPE,
  F_PRIV,
  F_VIRT,
  F_OP,
  F_SIZE,
  F_WDATA,
  F_KIND,
  F_HAS_ADDR,
  F_ADDR,
  F_HAS_ID,
  F_ID,
  F_NOTE,
  N_FIELD_IDS
} field_id;

#define BIT(f) (1u << (f))

static const char *const field_name[N_FIELD_IDS] = {
    "hart", "gap",  "csr",   "pa",   "value",    "va",   "type",   "priv", "virt",
    "op",   "size", "wdata", "kind", "has_addr", "addr", "has_id", "id",   "note",
};

/* Each kind's statement and fields, written in field_id order; note is optional. */
static const struct event_syntax {
  const char *name;
  uint32_t fields;
} syntax[] = {
    [STIM_MEM] = {"mem", BIT(F_HART) | BIT(F_GAP) | BIT(F_PA) | BIT(F_VALUE) | BIT(F_NOTE)},
    [STIM_CSR] = {"csr", BIT(F_HART) | BIT(F_GAP) | BIT(F_CSR) | BIT(F_VALUE) | BIT(F_NOTE)},
    [STIM_ACCESS] = {"access", BIT(F_HART) | BIT(F_GAP) | BIT(F_VA) | BIT(F_TYPE) | BIT(F_PRIV) | BIT(F_VIRT) |
                                   BIT(F_OP) | BIT(F_SIZE) | BIT(F_WDATA) | BIT(F_NOTE)},
    [STIM_FENCE] = {"fence", BIT(F_HART) | BIT(F_GAP) | BIT(F_KIND) | BIT(F_HAS_ADDR) | BIT(F_ADDR) | BIT(F_HAS_ID) |
                                 BIT(F_ID) | BIT(F_NOTE)},
    [STIM_POKE] = {"poke", BIT(F_HART) | BIT(F_GAP) | BIT(F_PA) | BIT(F_VALUE) | BIT(F_NOTE)},
    [STIM_SYNC] = {"sync", BIT(F_HART) | BIT(F_GAP) | BIT(F_NOTE)},
};
#define N_KINDS (sizeof syntax / sizeof syntax[0])

/* mm_csr_id order (model/walk.h; mm_csr_by_name reads them back). */
static const char *const csr_name[] = {"satp", "vsatp", "hgatp", "mstatus", "vsstatus", "menvcfg", "henvcfg"};
#define N_CSRS (sizeof csr_name / sizeof csr_name[0])
/* mm_data_op order. */
static const char *const op_name[] = {"none", "load", "store", "fetch", "cbo.clean", "cbo.flush", "cbo.inval"};
#define N_OPS         (sizeof op_name / sizeof op_name[0])
#define N_FENCE_KINDS 4 /* mm_fence_name's */

/* The options, in the order they are written. */
typedef enum option_id { O_HARTS, O_TLB, O_LATENCY, O_SERIAL, O_SEED, O_BUG, O_MUTANT, N_OPTIONS } option_id;
static const char *const option_name[N_OPTIONS] = {"harts", "tlb", "latency", "serial", "seed", "bug", "mutant-build"};

/* ---- writing ------------------------------------------------------------ */

static void print_quoted(FILE *out, const char *s) {
  fputc('"', out);
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\')
      fprintf(out, "\\%c", *c);
    else if (*c == '\n')
      fputs("\\n", out);
    else if (*c == '\t')
      fputs("\\t", out);
    else if (*c < 0x20 || *c == 0x7f)
      fprintf(out, "\\x%02x", *c);
    else
      fputc(*c, out);
  }
  fputc('"', out);
}

static void print_field(FILE *out, field_id f, const stim_event *ev) {
  const mm_req *q = &ev->req;
  switch (f) {
  case F_HART: fprintf(out, "%u", ev->hart); break;
  case F_GAP: fprintf(out, "%u", ev->gap); break;
  case F_PA: fprintf(out, "%#" PRIx64, ev->pa); break;
  case F_VALUE: fprintf(out, "%#" PRIx64, ev->value); break;
  case F_CSR: fputs(csr_name[ev->csr], out); break;
  case F_VA: fprintf(out, "%#" PRIx64, q->va); break;
  case F_TYPE: fputs(q->hlvx ? "hlvx" : mm_access_name(q->type), out); break;
  case F_PRIV: fputc(q->priv == MM_PRIV_U ? 'U' : q->priv == MM_PRIV_S ? 'S' : 'M', out); break;
  case F_VIRT: fprintf(out, "%d", q->virt ? 1 : 0); break;
  case F_OP: fputs(op_name[q->data_op], out); break;
  case F_SIZE: fprintf(out, "%u", q->size); break;
  case F_WDATA: fprintf(out, "%#" PRIx64, q->wdata); break;
  case F_KIND: fputs(mm_fence_name(ev->fence.kind), out); break;
  case F_HAS_ADDR: fprintf(out, "%d", ev->fence.has_addr ? 1 : 0); break;
  case F_ADDR: fprintf(out, "%#" PRIx64, ev->fence.addr); break;
  case F_HAS_ID: fprintf(out, "%d", ev->fence.has_id ? 1 : 0); break;
  case F_ID: fprintf(out, "%u", ev->fence.id); break;
  case F_NOTE: print_quoted(out, ev->note); break;
  case N_FIELD_IDS: break;
  }
}

static void print_event(FILE *out, const stim_event *ev) {
  const struct event_syntax *k = &syntax[ev->kind];
  fprintf(out, "%-6s", k->name);
  for (unsigned f = 0; f < N_FIELD_IDS; f++) {
    if (!(k->fields & BIT(f)) || (f == F_NOTE && !ev->note)) continue;
    fprintf(out, " %s=", field_name[f]);
    print_field(out, (field_id)f, ev);
  }
  fputc('\n', out);
}

void replay_print(FILE *out, const replay *r, const char *comment) {
  fprintf(out, "mmucosim-replay %d\n", REPLAY_VERSION);
  fputs("# The events of a co-simulation run, in stream order (README.md, \"Replay files\");\n"
        "# run them with: mmucosim run --replay FILE\n",
        out);
  for (const char *c = comment; c && *c;) {
    const char *end = strchr(c, '\n');
    int len = end ? (int)(end - c) : (int)strlen(c);
    fprintf(out, "# %.*s\n", len, c);
    c += len + (end != NULL);
  }
  fprintf(out, "# %u requests, %zu events\n", replay_requests(r), r->n);
  const replay_options *o = &r->opt;
  const uint64_t value[N_OPTIONS] = {o->harts, o->tlb_entries, o->mem_latency, o->serial,
                                     o->seed,  o->bug,         o->mutant_build};
  for (unsigned i = 0; i < N_OPTIONS; i++)
    fprintf(out, "%s %" PRIu64 "\n", option_name[i], value[i]);
  for (size_t i = 0; i < r->n; i++)
    print_event(out, &r->ev[i]);
}

bool replay_write(const char *path, const replay *r, const char *comment, char *err, size_t errlen) {
  FILE *out = fopen(path, "w");
  if (!out) {
    snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
    return false;
  }
  replay_print(out, r, comment);
  bool ok = !ferror(out);
  if (fclose(out) != 0) ok = false;
  if (!ok) snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
  return ok;
}

/* ---- the events in memory ----------------------------------------------- */

void replay_free(replay *r) {
  for (size_t i = 0; i < r->n_notes; i++)
    free(r->notes[i]);
  free(r->notes);
  free(r->ev);
  *r = (replay){0};
}

bool replay_push(replay *r, const stim_event *ev) {
  if (r->n == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 256;
    stim_event *e = realloc(r->ev, cap * sizeof *e);
    if (!e) return false;
    r->ev = e;
    r->cap = cap;
  }
  r->ev[r->n++] = *ev;
  return true;
}

/* Keeps a note read from a file (taking the string). */
static bool own_note(replay *r, char *note) {
  if (r->n_notes == r->cap_notes) {
    size_t cap = r->cap_notes ? 2 * r->cap_notes : 64;
    char **n = realloc(r->notes, cap * sizeof *n);
    if (!n) return false;
    r->notes = n;
    r->cap_notes = cap;
  }
  r->notes[r->n_notes++] = note;
  return true;
}

bool replay_is_request(const stim_event *ev, bool started) {
  return ev->kind == STIM_ACCESS || ev->kind == STIM_FENCE || (ev->kind == STIM_MEM && started);
}

unsigned replay_requests(const replay *r) {
  unsigned n = 0;
  for (size_t i = 0; i < r->n; i++)
    n += replay_is_request(&r->ev[i], n > 0);
  return n;
}

bool replay_harts_fit(const replay *r, unsigned harts, size_t *bad) {
  for (size_t i = 0; i < r->n; i++)
    if (r->ev[i].hart >= harts) {
      *bad = i;
      return false;
    }
  return true;
}

/* The requests' classes: an access's data operation, plus 8 when it is an
 * M-mode (untranslated) one; 16 + a fence's kind. */
#define CLASS_M_MODE 8
#define CLASS_FENCE  16

unsigned replay_request_class(const stim_event *ev) {
  if (ev->kind == STIM_FENCE) return CLASS_FENCE + ev->fence.kind;
  if (ev->kind == STIM_MEM) return CLASS_M_MODE + MM_DATA_STORE; /* software's store: an M-mode store */
  return ev->req.data_op + (ev->req.priv == MM_PRIV_M ? CLASS_M_MODE : 0);
}

const char *replay_class_name(unsigned cls, char *buf, size_t len) {
  if (cls >= CLASS_FENCE)
    snprintf(buf, len, "%s", cls - CLASS_FENCE < N_FENCE_KINDS ? mm_fence_name(cls - CLASS_FENCE) : "?");
  else if ((cls & 7) == MM_DATA_NONE)
    snprintf(buf, len, "%s access without data", cls & CLASS_M_MODE ? "an M-mode" : "a U/S-mode");
  else
    snprintf(buf, len, "%s %s", cls & CLASS_M_MODE ? "an M-mode" : "a U/S-mode",
             (cls & 7) < N_OPS ? op_name[cls & 7] : "?");
  return buf;
}

/* ---- sources -------------------------------------------------------------- */

typedef struct replay_cursor {
  const replay *r;
  size_t i;
} replay_cursor;

static bool cursor_next(void *ctx, stim_event *ev) {
  replay_cursor *c = ctx;
  if (c->i == c->r->n) return false;
  *ev = c->r->ev[c->i++];
  return true;
}

feed_source replay_source(const replay *r) {
  replay_cursor *c = malloc(sizeof *c);
  if (!c) return (feed_source){0}; /* feed_new refuses it */
  *c = (replay_cursor){.r = r};
  return (feed_source){.next = cursor_next, .close = free, .ctx = c};
}

typedef struct tee {
  feed_source src;
  replay *log;
} tee;

static bool tee_next(void *ctx, stim_event *ev) {
  tee *t = ctx;
  if (!t->src.next(t->src.ctx, ev)) return false;
  if (!replay_push(t->log, ev)) abort(); /* a record as large as memory: nothing sensible is left to do */
  return true;
}

static void tee_close(void *ctx) {
  tee *t = ctx;
  if (t->src.close) t->src.close(t->src.ctx);
  free(t);
}

feed_source replay_tee(feed_source src, replay *log) {
  tee *t = malloc(sizeof *t);
  if (!t) {
    if (src.close) src.close(src.ctx);
    return (feed_source){0};
  }
  *t = (tee){.src = src, .log = log};
  return (feed_source){.next = tee_next, .close = tee_close, .ctx = t};
}

bool replay_collect(feed_source src, unsigned limit, replay *out) {
  unsigned requests = 0;
  bool ok = true;
  stim_event ev;
  while (requests < limit && src.next(src.ctx, &ev)) {
    requests += replay_is_request(&ev, requests > 0);
    if (!replay_push(out, &ev)) {
      ok = false;
      break;
    }
  }
  if (src.close) src.close(src.ctx);
  return ok;
}

/* ---- reading -------------------------------------------------------------- */

typedef struct parser {
  const char *path;
  unsigned line;
  char *err;
  size_t errlen;
  replay *out;
  bool header_seen;
  unsigned option_line[N_OPTIONS]; /* where each option was given (0: not yet) */
  bool events_seen;
  char shown[2][TXT_SHOW_SIZE]; /* input escaped for a message */
} parser;

/* Input s as a message quotes it (slot 0 or 1: two in one message). */
static const char *show(parser *p, unsigned slot, const char *s) { return txt_show(p->shown[slot], s); }

static bool fail(parser *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  txt_error(p->err, p->errlen, p->path, p->line, fmt, ap);
  va_end(ap);
  return false;
}

/* A statement's words: the first is its name; the others key=value, the
 * value of a quoted one unescaped in place. */
#define MAX_WORDS 24
typedef struct word {
  char *key, *value; /* value: NULL for a word without '=' */
  bool quoted;
} word;

/* Unescapes the string starting after the opening quote at *at, in place;
 * *at is left after the closing quote. */
static bool quoted_string(parser *p, char **at, char **value) {
  char *in = *at, *o = in;
  *value = in;
  for (;;) {
    unsigned char c = (unsigned char)*in++;
    if (!c) return fail(p, "a string without its closing '\"'");
    if (c == '"') break;
    if (c < 0x20 || c == 0x7f) return fail(p, "a control character (0x%02x) in a string: write it as \\x%02x", c, c);
    if (c != '\\') {
      *o++ = (char)c;
      continue;
    }
    c = (unsigned char)*in++;
    if (!c) return fail(p, "a string without its closing '\"'");
    if (c == '"' || c == '\\')
      *o++ = (char)c;
    else if (c == 'n')
      *o++ = '\n';
    else if (c == 't')
      *o++ = '\t';
    else if (c == 'x') {
      /* exactly two hex digits (strtoul would skip blanks and take a sign first) */
      char hex[3] = {in[0], in[0] ? in[1] : 0, 0};
      const char *end;
      uint64_t v = 0;
      if (!txt_digits(hex, 16, &v, &end) || end != hex + 2 || v == 0)
        return fail(p, "'\\x' in a string takes two hex digits (not 00)");
      *o++ = (char)v;
      in += 2;
    } else {
      return fail(p, "unknown escape '\\%s' in a string (\\\" \\\\ \\n \\t \\xHH)",
                  txt_show_n(p->shown[0], (const char *)&c, 1));
    }
  }
  *o = '\0';
  *at = in;
  return true;
}

/* Splits line into words; a '#' that starts a word starts a comment. */
static bool split(parser *p, char *line, word *w, unsigned *n) {
  *n = 0;
  char *at = line;
  for (;;) {
    while (txt_is_blank(*at))
      at++;
    if (!*at || *at == '#') return true;
    if (*n == MAX_WORDS) return fail(p, "more than %d words", MAX_WORDS);
    word *x = &w[(*n)++];
    *x = (word){.key = at};
    while (*at && !txt_is_blank(*at) && *at != '=' && *at != '"')
      at++;
    if (*at == '"')
      return fail(p, "'\"' in '%s': only a field's value may be quoted",
                  txt_show_n(p->shown[0], x->key, (size_t)(at - x->key)));
    if (*at == '=') {
      *at++ = '\0';
      if (!*x->key) return fail(p, "'=' without a field name before it");
      if (*at == '"') {
        at++;
        x->quoted = true;
        if (!quoted_string(p, &at, &x->value)) return false;
        if (*at && !txt_is_blank(*at))
          return fail(p, "%s=\"...\": expected a space after the closing '\"'", show(p, 0, x->key));
      } else {
        x->value = at;
        while (*at && !txt_is_blank(*at) && *at != '"')
          at++;
        if (*at == '"')
          return fail(p, "%s=: a quote inside a value (a quoted value starts with '\"')", show(p, 0, x->key));
      }
    }
    if (*at) *at++ = '\0';
  }
}

static bool number_in(parser *p, const char *what, const char *s, uint64_t lo, uint64_t hi, uint64_t *v) {
  if (!txt_u64(s, v))
    return fail(p, "%s%s: not a number (decimal, or hex after 0x; 64 bits at most)", what, show(p, 0, s));
  if (*v < lo || *v > hi) return fail(p, "%s%s: expected %" PRIu64 "..%" PRIu64, what, show(p, 0, s), lo, hi);
  return true;
}

static bool flag(parser *p, const char *what, const char *s, bool *v) {
  if (strcmp(s, "0") && strcmp(s, "1")) return fail(p, "%s%s: expected 0 or 1", what, show(p, 0, s));
  *v = s[0] == '1';
  return true;
}

static bool phys_addr(parser *p, const char *what, const char *s, uint64_t *pa) {
  if (!number_in(p, what, s, 0, UINT64_MAX, pa)) return false;
  if (*pa > PA_MASK) return fail(p, "%s%s: beyond the 56-bit physical address space", what, show(p, 0, s));
  if (*pa & 7) return fail(p, "%s%s: not 8-byte aligned (a word of memory)", what, show(p, 0, s));
  return true;
}

/* One of names[0..n); its index. */
static bool name_in(parser *p, const char *what, const char *s, const char *const *names, unsigned n, unsigned *v) {
  for (unsigned i = 0; i < n; i++)
    if (!strcmp(s, names[i])) {
      *v = i;
      return true;
    }
  char list[160] = "";
  for (unsigned i = 0; i < n; i++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
  return fail(p, "%s%s: expected one of %s", what, show(p, 0, s), list);
}

static bool parse_field(parser *p, field_id f, const char *s, stim_event *ev) {
  char what[16]; /* "hart=": the messages quote the field as written */
  snprintf(what, sizeof what, "%s=", field_name[f]);
  mm_req *q = &ev->req;
  uint64_t v = 0;
  unsigned i = 0;
  bool b = false;
  switch (f) {
  case F_HART:
    if (!number_in(p, what, s, 0, UINT64_MAX, &v)) return false;
    if (v >= p->out->opt.harts)
      return fail(p, "hart=%s: this replay has %u hart%s (0..%u)", show(p, 0, s), p->out->opt.harts,
                  p->out->opt.harts == 1 ? "" : "s", p->out->opt.harts - 1);
    ev->hart = (unsigned)v;
    return true;
  case F_GAP:
    if (!number_in(p, what, s, 0, REPLAY_MAX_GAP, &v)) return false;
    ev->gap = (unsigned)v;
    return true;
  case F_PA: return phys_addr(p, what, s, &ev->pa);
  case F_VALUE: return number_in(p, what, s, 0, UINT64_MAX, &ev->value);
  case F_CSR:
    if (!name_in(p, what, s, csr_name, N_CSRS, &i)) return false;
    ev->csr = (mm_csr_id)i;
    return true;
  case F_VA: return number_in(p, what, s, 0, UINT64_MAX, &q->va);
  case F_TYPE: {
    static const char *const types[] = {"r", "w", "x", "hlvx"}; /* hlvx: a load checked for X (walk.h) */
    if (!name_in(p, what, s, types, 4, &i)) return false;
    q->type = i == 3 ? MM_LOAD : (mm_access)i;
    q->hlvx = i == 3;
    return true;
  }
  case F_PRIV:
    if (strcmp(s, "U") && strcmp(s, "S") && strcmp(s, "M"))
      return fail(p, "priv=%s: expected U, S or M", show(p, 0, s));
    q->priv = s[0] == 'U' ? MM_PRIV_U : s[0] == 'S' ? MM_PRIV_S : MM_PRIV_M;
    return true;
  case F_VIRT:
    if (!flag(p, what, s, &b)) return false;
    q->virt = b;
    return true;
  case F_OP:
    if (!name_in(p, what, s, op_name, N_OPS, &i)) return false;
    q->data_op = (uint8_t)i;
    return true;
  case F_SIZE:
    if (!number_in(p, what, s, 0, 8, &v)) return false;
    if (v & (v - 1)) return fail(p, "size=%s: expected 0, 1, 2, 4 or 8", show(p, 0, s));
    q->size = (uint8_t)v;
    return true;
  case F_WDATA: return number_in(p, what, s, 0, UINT64_MAX, &q->wdata);
  case F_KIND: {
    static const char *const kinds[N_FENCE_KINDS] = {"sfence.vma", "hfence.vvma", "hfence.gvma", "fence"};
    if (!name_in(p, what, s, kinds, N_FENCE_KINDS, &i)) return false;
    ev->fence.kind = (mm_fence_kind)i;
    return true;
  }
  case F_HAS_ADDR: return flag(p, what, s, &ev->fence.has_addr);
  case F_ADDR: return number_in(p, what, s, 0, UINT64_MAX, &ev->fence.addr);
  case F_HAS_ID: return flag(p, what, s, &ev->fence.has_id);
  case F_ID:
    if (!number_in(p, what, s, 0, UINT16_MAX, &v)) return false;
    ev->fence.id = (uint16_t)v;
    return true;
  case F_NOTE:
  case N_FIELD_IDS: break;
  }
  return true;
}

/* What an access's fields must agree on: the permission its data operation
 * checks, and the size of a load, store or fetch. */
static bool check_access(parser *p, const mm_req *q) {
  static const int type_of_op[] = {-1, MM_LOAD, MM_STORE, MM_FETCH, MM_STORE, MM_STORE, MM_STORE};
  if (type_of_op[q->data_op] >= 0 && q->type != (mm_access)type_of_op[q->data_op])
    return fail(p, "op=%s with type=%s: a %s is type=%s", op_name[q->data_op], mm_access_name(q->type),
                op_name[q->data_op], mm_access_name((mm_access)type_of_op[q->data_op]));
  if (q->hlvx && !q->virt) return fail(p, "type=hlvx with virt=0: an HLVX is translated as with V=1");
  bool sized = q->data_op == MM_DATA_LOAD || q->data_op == MM_DATA_STORE || q->data_op == MM_DATA_FETCH;
  if (sized && q->size == 0) return fail(p, "size=0: a %s is 1, 2, 4 or 8 bytes", op_name[q->data_op]);
  return true;
}

static bool parse_event(parser *p, stim_kind kind, word *w, unsigned n) {
  const struct event_syntax *k = &syntax[kind];
  const char *value[N_FIELD_IDS] = {0};
  for (unsigned i = 1; i < n; i++) {
    unsigned f;
    for (f = 0; f < N_FIELD_IDS && strcmp(w[i].key, field_name[f]); f++)
      continue;
    if (f == N_FIELD_IDS || !(k->fields & BIT(f))) {
      char list[200] = "";
      for (unsigned g = 0; g < N_FIELD_IDS; g++)
        if (k->fields & BIT(g))
          snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? ", " : "", field_name[g]);
      return fail(p, "'%s': %s has no such field (its fields: %s)", show(p, 0, w[i].key), k->name, list);
    }
    if (!w[i].value) return fail(p, "'%s': expected %s=VALUE", show(p, 0, w[i].key), show(p, 1, w[i].key));
    if (value[f]) return fail(p, "%s= given twice", show(p, 0, w[i].key));
    if (f == F_NOTE && !w[i].quoted)
      return fail(p, "note=%s: a note is a quoted string, note=\"...\"", show(p, 0, w[i].value));
    if (f != F_NOTE && w[i].quoted)
      return fail(p, "%s=\"%s\": only a note is quoted", show(p, 0, w[i].key), show(p, 1, w[i].value));
    value[f] = w[i].value;
  }
  stim_event ev = {.kind = kind};
  for (unsigned f = 0; f < N_FIELD_IDS; f++) {
    if (!(k->fields & BIT(f)) || f == F_NOTE) continue;
    if (!value[f])
      return fail(p, "%s without %s= (every %s has its %s)", k->name, field_name[f], k->name, field_name[f]);
    if (!parse_field(p, (field_id)f, value[f], &ev)) return false;
  }
  if (kind == STIM_ACCESS && !check_access(p, &ev.req)) return false;
  if (value[F_NOTE]) {
    char *note = strdup(value[F_NOTE]);
    if (!note || !own_note(p->out, note)) {
      free(note);
      return fail(p, "out of memory");
    }
    ev.note = note;
  }
  if (!replay_push(p->out, &ev)) return fail(p, "out of memory");
  return true;
}

static bool parse_option(parser *p, option_id o, word *w, unsigned n) {
  const char *name = option_name[o];
  char what[24]; /* "harts ": the messages quote the option as written */
  snprintf(what, sizeof what, "%s ", name);
  if (p->events_seen) return fail(p, "option '%s' after the first event: the options come first", name);
  if (p->option_line[o]) return fail(p, "option '%s' given twice (first at line %u)", name, p->option_line[o]);
  if (n != 2 || w[1].value) return fail(p, "expected '%s VALUE'", name);
  const char *s = w[1].key;
  uint64_t v = 0;
  replay_options *opt = &p->out->opt;
  bool b = false;
  switch (o) {
  case O_HARTS:
    if (!number_in(p, what, s, 1, MM_MAX_HARTS, &v)) return false;
    opt->harts = (unsigned)v;
    break;
  case O_TLB:
    if (!number_in(p, what, s, 1, MM_TLB_MAX_ENTRIES, &v)) return false;
    if (v & (v - 1)) return fail(p, "tlb %s: expected a power of two", show(p, 0, s));
    opt->tlb_entries = (unsigned)v;
    break;
  case O_LATENCY:
    if (!number_in(p, what, s, 1, MM_LATENCY_MAX, &v)) return false;
    opt->mem_latency = (unsigned)v;
    break;
  case O_SERIAL:
    if (!flag(p, what, s, &b)) return false;
    opt->serial = b;
    break;
  case O_SEED:
    if (!number_in(p, what, s, 0, UINT64_MAX, &opt->seed)) return false;
    break;
  case O_BUG:
    if (!number_in(p, what, s, 0, REPLAY_MAX_BUG, &v)) return false;
    opt->bug = (unsigned)v;
    break;
  case O_MUTANT:
    if (!flag(p, what, s, &b)) return false;
    opt->mutant_build = b;
    break;
  case N_OPTIONS: break;
  }
  p->option_line[o] = p->line;
  return true;
}

/* Before the first event (or at the end of a file without one): every option given. */
static bool options_complete(parser *p) {
  char missing[160] = "";
  for (unsigned o = 0; o < N_OPTIONS; o++)
    if (!p->option_line[o])
      snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s'%s'", *missing ? ", " : "",
               option_name[o]);
  if (*missing) return fail(p, "missing option%s %s before the first event", strchr(missing, ',') ? "s" : "", missing);
  return true;
}

static bool parse_line(parser *p, char *line) {
  word w[MAX_WORDS];
  unsigned n;
  if (!p->header_seen) {
    char version[16];
    snprintf(version, sizeof version, "%d", REPLAY_VERSION);
    if (!split(p, line, w, &n)) return false;
    if (n < 1 || strcmp(w[0].key, "mmucosim-replay") || w[0].value)
      return fail(p, "not a replay file: the first line must be 'mmucosim-replay %d'", REPLAY_VERSION);
    if (n > 2) return fail(p, "expected 'mmucosim-replay %d' alone on the first line", REPLAY_VERSION);
    if (n != 2 || w[1].value || strcmp(w[1].key, version))
      return fail(p, "unsupported replay version '%s': this reader knows 'mmucosim-replay %d'",
                  show(p, 0, n >= 2 ? w[1].key : ""), REPLAY_VERSION);
    p->header_seen = true;
    return true;
  }
  if (!split(p, line, w, &n)) return false;
  if (n == 0) return true;
  if (w[0].value)
    return fail(p, "'%s=...': a statement starts with its name (an option or an event)", show(p, 0, w[0].key));
  for (unsigned o = 0; o < N_OPTIONS; o++)
    if (!strcmp(w[0].key, option_name[o])) return parse_option(p, (option_id)o, w, n);
  for (unsigned k = 0; k < N_KINDS; k++)
    if (!strcmp(w[0].key, syntax[k].name)) {
      if (!p->events_seen && !options_complete(p)) return false;
      p->events_seen = true;
      return parse_event(p, (stim_kind)k, w, n);
    }
  if (!strcmp(w[0].key, "mmucosim-replay")) return fail(p, "'mmucosim-replay' may only be the first line");
  return fail(p,
              "unknown statement '%s' (an option: harts, tlb, latency, serial, seed, bug, mutant-build; an event: "
              "mem, csr, access, fence, poke, sync)",
              show(p, 0, w[0].key));
}

static bool each_line(void *ctx, char *line, unsigned number) {
  parser *p = ctx;
  p->line = number;
  return parse_line(p, line);
}

/* The checks at the end of the file. */
static bool at_end(parser *p) {
  if (!p->header_seen) {
    p->line = 1;
    return fail(p, "empty: the first line must be 'mmucosim-replay %d'", REPLAY_VERSION);
  }
  return p->events_seen || options_complete(p);
}

/* The file at path (text NULL) or text's options and events into out; on failure out is empty. */
static bool parse_in(const char *path, const char *text, size_t len, replay *out, char *err, size_t errlen) {
  *out = (replay){0};
  parser p = {.path = path, .err = err, .errlen = errlen, .out = out};
  bool ok = txt_read_lines(path, text, len, each_line, &p, err, errlen) && at_end(&p);
  if (!ok) replay_free(out);
  return ok;
}

bool replay_parse(const char *path, const char *text, size_t len, replay *out, char *err, size_t errlen) {
  return parse_in(path, text, len, out, err, errlen);
}

bool replay_read(const char *path, replay *out, char *err, size_t errlen) {
  return parse_in(path, NULL, 0, out, err, errlen);
}
