/*
 * The comparison of two observations of one request (model/obs.h): the
 * golden model's and the RTL's. One table of fields serves the verdict and
 * the report, so a field compared is a field reported and the other way
 * round; the memory accesses and the bus transactions are compared one by
 * one after them.
 */
#ifndef MM_COMPARE_H
#define MM_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "model/obs.h"
#include "sw/stim.h"

/* Whether the two observations agree on every compared field and access. */
bool obs_equal(const mm_obs *model, const mm_obs *rtl);
/* Whether two accesses agree (kind, hart, address, data, compare value,
 * value found, cycle taken); the stage and level are the model's annotation. */
bool memop_equal(const mm_memop *model, const mm_memop *rtl);

/* The differences of two observations, a bit each: bit i for the field
 * table's field i (compare.c: accepted at, cycles, ok, tlb_hit, pa, pbmt,
 * cause, gpa, mem type, cache_hit, load data, the numbers of memory accesses
 * and of bus transactions), OBS_DIFF_OPS when an access both sides made
 * differs, OBS_DIFF_BUS when a bus transaction both sides saw differs. 0
 * exactly when obs_equal. */
#define OBS_DIFF_OPS (1u << 13)
#define OBS_DIFF_BUS (1u << 14)
unsigned obs_diff(const mm_obs *model, const mm_obs *rtl);
/* The names of the differences in diff: "cycles, a memory access". */
int obs_diff_format(char *buf, size_t len, unsigned diff);

/* Whether two bus transactions agree in every field (the data of each beat). */
bool bus_txn_equal(const mm_bus_txn *model, const mm_bus_txn *rtl);
/* "read  S L2 0x80001008 0x... hit h0 @+4" */
void format_memop(char *buf, size_t len, const mm_memop *op);
/* "write line 0x80001000 d0:d1:... mMASK h0 @+12" */
void format_bus_txn(char *buf, size_t len, const mm_bus_txn *t);

/* Both sides field by field ("!=" marks a difference), then the accesses
 * side by side; fence requests (is_fence) show only what a fence has. */
void obs_report(FILE *out, const mm_obs *model, const mm_obs *rtl, bool is_fence);

/* What a history line keeps of an observation. */
typedef struct obs_brief {
  bool ok, tlb_hit, cache_hit;
  bool data, load; /* the request made a data access; a load or fetch */
  uint8_t cause, pbmt, mtype;
  uint64_t gpa, pa, load_data;
} obs_brief;

obs_brief obs_brief_of(const mm_obs *o);
/* The outcome in one line, as vector files write it, "hit" or "miss", and
 * the data access's memory type, cache hit and loaded value. */
int obs_format_outcome(char *buf, size_t len, const obs_brief *b);

/* A request of the stream in one line, for every report: "hart 0 access r
 * 0x1000 priv=U virt=0 load/8", "hart 1 sfence.vma addr=0x1000 asid=3". */
void format_event(char *buf, size_t len, const stim_event *ev);

#endif
