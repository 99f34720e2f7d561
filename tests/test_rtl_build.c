/*
 * The RTL's builds and what the RTL shares with C. The normal RTL builds hold no test scaffolding: the state that only
 * the injected bugs use (the memory system's second-read flag and reservations, the arbiter's runner-up, the bug
 * select) exists in the mutant build's Verilated model and in neither of the others. Read from the Verilated models'
 * root headers, which declare every signal the design keeps.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/pma.h"
#include "model/port.h"
#include "model/pte.h"
#include "model/tlb.h"
#include "model/walk.h"

static char *slurp(const char *path) {
  FILE *f = fopen(path, "r");
  cr_assert(f, "cannot read %s (make rtl builds it)", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  cr_assert(text && fread(text, 1, (size_t)n, f) == (size_t)n, "cannot read %s", path);
  text[n] = '\0';
  fclose(f);
  return text;
}

static const char *const scaffolding[] = {"again_q", "resv_valid_q", "resv_word_q", "second_found", "bug_q"};
#define N_SCAFFOLDING (sizeof scaffolding / sizeof scaffolding[0])

Test(rtl_build, bug_only_state_is_in_the_mutant_build_alone) {
  static const char *const normal[] = {"build/rtl/t4/Vmmu_t4___024root.h", "build/rtl/t16/Vmmu_t16___024root.h"};
  for (unsigned b = 0; b < 2; b++) {
    char *text = slurp(normal[b]);
    for (unsigned i = 0; i < N_SCAFFOLDING; i++)
      cr_expect(!strstr(text, scaffolding[i]), "%s declares %s, a bug's state", normal[b], scaffolding[i]);
    free(text);
  }
  char *mut = slurp("build/rtl/mut/Vmmu_mut___024root.h");
  for (unsigned i = 0; i < N_SCAFFOLDING; i++)
    cr_expect(strstr(mut, scaffolding[i]) != NULL,
              "the mutant build lacks %s: the check above looks for a name "
              "the design does not use",
              scaffolding[i]);
  free(mut);
}

/*
 * The SystemVerilog package's enums hold the C model's values (the contract
 * is one in two languages): every enumerator of the enums the two share is
 * read from rtl/mmu_pkg.sv and held against the C constant of the same
 * meaning; an enumerator this table does not know fails too, so that a value
 * added on one side only is seen.
 */
typedef struct enum_pair {
  const char *sv; /* the enumerator in rtl/mmu_pkg.sv */
  long c;         /* the C model's value */
} enum_pair;

static const enum_pair shared_enums[] = {
    {"PbmtPma", PBMT_PMA},
    {"PbmtNc", PBMT_NC},
    {"PbmtIo", PBMT_IO},
    {"PbmtRsvd", PBMT_RSVD},
    {"ModeBare", SATP_MODE_BARE},
    {"ModeSv39", SATP_MODE_SV39},
    {"ModeSv48", SATP_MODE_SV48},
    {"AccLoad", MM_LOAD},
    {"AccStore", MM_STORE},
    {"AccFetch", MM_FETCH},
    {"PrivU", MM_PRIV_U},
    {"PrivS", MM_PRIV_S},
    {"PrivM", MM_PRIV_M},
    {"DataNone", MM_DATA_NONE},
    {"DataLoad", MM_DATA_LOAD},
    {"DataStore", MM_DATA_STORE},
    {"DataFetch", MM_DATA_FETCH},
    {"DataCboClean", MM_DATA_CBO_CLEAN},
    {"DataCboFlush", MM_DATA_CBO_FLUSH},
    {"DataCboInval", MM_DATA_CBO_INVAL},
    {"FenceSfenceVma", MM_FENCE_SFENCE_VMA},
    {"FenceHfenceVvma", MM_FENCE_HFENCE_VVMA},
    {"FenceHfenceGvma", MM_FENCE_HFENCE_GVMA},
    {"FenceData", MM_FENCE_DATA},
    {"CauseNone", 0},
    {"CauseFetchAccessFault", CAUSE_FETCH_ACCESS_FAULT},
    {"CauseLoadMisaligned", CAUSE_LOAD_MISALIGNED},
    {"CauseLoadAccessFault", CAUSE_LOAD_ACCESS_FAULT},
    {"CauseStoreMisaligned", CAUSE_STORE_MISALIGNED},
    {"CauseStoreAccessFault", CAUSE_STORE_ACCESS_FAULT},
    {"CauseFetchPageFault", CAUSE_FETCH_PAGE_FAULT},
    {"CauseLoadPageFault", CAUSE_LOAD_PAGE_FAULT},
    {"CauseStorePageFault", CAUSE_STORE_PAGE_FAULT},
    {"CauseFetchGuestFault", CAUSE_FETCH_GUEST_PAGE_FAULT},
    {"CauseLoadGuestFault", CAUSE_LOAD_GUEST_PAGE_FAULT},
    {"CauseStoreGuestFault", CAUSE_STORE_GUEST_PAGE_FAULT},
    {"MtMain", MM_MT_MAIN},
    {"MtNc", MM_MT_NC},
    {"MtIo", MM_MT_IO},
    {"MemPteRead", MM_OP_READ},
    {"MemPteCas", MM_OP_CAS},
    {"MemLoad", MM_OP_LOAD},
    {"MemStore", MM_OP_STORE},
    {"MemCboClean", MM_OP_CBO_CLEAN},
    {"MemCboFlush", MM_OP_CBO_FLUSH},
    {"MemCboInval", MM_OP_CBO_INVAL},
    {"MemFence", MM_OP_FENCE},
};
#define N_SHARED_ENUMS (sizeof shared_enums / sizeof shared_enums[0])

/* The enums of mmu_pkg.sv whose values C shares (the others are the RTL's own). */
static const char *const shared_types[] = {"pbmt_e",  "atp_mode_e", "access_e", "priv_e",    "data_op_e",
                                           "fence_e", "cause_e",    "mtype_e",  "mem_kind_e"};

static bool shared_type(const char *name) {
  for (unsigned i = 0; i < sizeof shared_types / sizeof shared_types[0]; i++)
    if (!strcmp(shared_types[i], name)) return true;
  return false;
}

Test(rtl_build, the_packages_enums_hold_the_models_values) {
  char *text = slurp("rtl/mmu_pkg.sv");
  unsigned seen = 0, enums = 0;
  for (char *p = strstr(text, "typedef enum"); p; p = strstr(p + 1, "typedef enum")) {
    char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
    cr_assert(open && close, "rtl/mmu_pkg.sv: an enum without its braces");
    char type[64] = "";
    cr_assert(sscanf(close + 1, " %63[a-z0-9_]", type) == 1, "rtl/mmu_pkg.sv: an enum without a name");
    if (!shared_type(type)) continue;
    enums++;
    char *body = strndup(open + 1, (size_t)(close - open - 1)), *save = NULL;
    cr_assert(body, "out of memory");
    for (char *line = strtok_r(body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
      char name[64];
      unsigned width;
      char base;
      unsigned long value;
      if (sscanf(line, " %63[A-Za-z0-9_] = %u'%c%lu", name, &width, &base, &value) != 4) continue;
      cr_assert_eq(base, 'd', "%s: %s is not written in decimal", type, name);
      const enum_pair *pair = NULL;
      for (unsigned i = 0; i < N_SHARED_ENUMS; i++)
        if (!strcmp(shared_enums[i].sv, name)) pair = &shared_enums[i];
      cr_assert(pair, "%s: %s has no C counterpart in this test: add it (and to the model)", type, name);
      cr_expect_eq((long)value, pair->c, "%s: %s is %lu in rtl/mmu_pkg.sv, %ld in the model", type, name, value,
                   pair->c);
      seen++;
    }
    free(body);
  }
  free(text);
  cr_assert_eq(enums, sizeof shared_types / sizeof shared_types[0], "found %u of the shared enums", enums);
  cr_assert_eq(seen, N_SHARED_ENUMS, "rtl/mmu_pkg.sv has %u of the %zu enumerators this test knows", seen,
               N_SHARED_ENUMS);
}

/* The layout's generator refuses a bad table with FILE:LINE. */
Test(rtl_build, the_layout_generator_refuses_a_bad_line) {
  mkdir("build/tests", 0777);
  FILE *f = fopen("build/tests/bad_layout.txt", "w");
  cr_assert(f, "cannot write build/tests/bad_layout.txt");
  fputs("# a comment\nreq_va mmu_req_t access.va\nreq_va mmu_req_t access.va\n", f);
  fclose(f);
  int rc = system("awk -v out=c -f rtl/gen_rows.awk -f rtl/gen_layout.awk build/tests/bad_layout.txt > /dev/null 2> "
                  "build/tests/bad_layout.err");
  cr_assert_neq(rc, 0, "a name given twice was accepted");
  char *err = slurp("build/tests/bad_layout.err");
  cr_expect(strstr(err, "build/tests/bad_layout.txt:3: req_va is given twice"), "the message: %s", err);
  free(err);
}

/* A port list as "direction type name" rows with the type's spaces removed:
 * rtl/ports.txt's rows, or the ANSI port declarations of mmu_top.sv (but
 * clk_i, rst_ni and the mutant build's bug port, which the table leaves out). */
static unsigned port_rows(char *text, bool table, char rows[][240], unsigned max) {
  unsigned n = 0;
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *comment = strstr(line, "//");
    if (comment) *comment = '\0';
    if (table && strchr(line, '#')) *strchr(line, '#') = '\0';
    char dir[16], rest[160];
    if (sscanf(line, " %15s %159[^\n]", dir, rest) != 2 || (strcmp(dir, "input") && strcmp(dir, "output"))) continue;
    /* the name is the last word; the type the words before it, spaces removed */
    char *comma = strchr(rest, ',');
    if (comma) *comma = '\0';
    char compact[160] = "", name[64] = "", *wsave = NULL;
    for (char *word = strtok_r(rest, " \t", &wsave); word; word = strtok_r(NULL, " \t", &wsave)) {
      if (name[0]) strncat(compact, name, sizeof compact - strlen(compact) - 1);
      snprintf(name, sizeof name, "%s", word);
    }
    if (!strcmp(name, "clk_i") || !strcmp(name, "rst_ni")) continue;
    cr_assert_lt(n, max, "too many ports");
    int len2 = snprintf(rows[n++], 240, "%s %s %s", dir, compact, name);
    cr_assert(len2 > 0 && len2 < 240, "a port line too long: %s", line);
  }
  return n;
}

/* A parameter list as "kind name default" rows with the default's spaces removed: rtl/ports.txt's
 * parameter rows, or the parameter declarations of mmu_top.sv ("kind int unsigned Name = default,"). */
static unsigned param_rows(char *text, bool table, char rows[][240], unsigned max) {
  unsigned n = 0;
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *comment = strstr(line, table ? "#" : "//");
    if (comment) *comment = '\0';
    char kind[16], name[64], value[128] = "";
    if (table ? sscanf(line, " %15s %63s %127[^\n]", kind, name, value) != 3
              : sscanf(line, " %15s int unsigned %63s = %127[^\n]", kind, name, value) != 3)
      continue;
    if (strcmp(kind, "parameter") && strcmp(kind, "localparam")) continue;
    char compact[128];
    size_t k = 0;
    for (const char *c = value; *c && *c != ','; c++)
      if (*c != ' ' && *c != '\t') compact[k++] = *c; /* value holds at most 127 */
    compact[k] = '\0';
    cr_assert_lt(n, max, "too many parameters");
    snprintf(rows[n++], 240, "%s %s %s", kind, name, compact);
  }
  return n;
}

#define ROWS_MAX 64
#define ROW_LEN  240
typedef unsigned rows_fn(char *text, bool table, char rows[][ROW_LEN], unsigned max);

/* mmu_top.sv's list between open_mark and close_mark (what: its name) against rtl/ports.txt's, row by row. */
static void top_agrees_with_table(const char *what, const char *open_mark, const char *close_mark, rows_fn *rows) {
  char *top = slurp("rtl/mmu_top.sv"), *table = slurp("rtl/ports.txt");
  char *open = strstr(top, open_mark), *close = open ? strstr(open, close_mark) : NULL;
  cr_assert(open && close, "rtl/mmu_top.sv: no %s list", what);
  *close = '\0';
  static char top_rows[ROWS_MAX][ROW_LEN], table_rows[ROWS_MAX][ROW_LEN];
  unsigned nt = rows(open + strlen(open_mark), false, top_rows, ROWS_MAX);
  unsigned nr = rows(table, true, table_rows, ROWS_MAX);
  for (unsigned i = 0; i < nt && i < nr; i++)
    cr_expect_str_eq(top_rows[i], table_rows[i], "%s %u: rtl/mmu_top.sv has \"%s\", rtl/ports.txt \"%s\"", what, i,
                     top_rows[i], table_rows[i]);
  cr_assert_eq(nt, nr, "rtl/mmu_top.sv has %u of the %s list, rtl/ports.txt %u", nt, what, nr);
  cr_assert_gt(nt, 0u, "no %s read", what);
  free(top);
  free(table);
}

Test(rtl_build, mmu_tops_parameters_are_the_tables) { top_agrees_with_table("parameter", "#(\n", ") (\n", param_rows); }

Test(rtl_build, mmu_tops_ports_are_the_tables) {
  /* clk_i, rst_ni and the bug port are left out on both sides */
  top_agrees_with_table("port", ") (\n", ");\n", port_rows);
}
