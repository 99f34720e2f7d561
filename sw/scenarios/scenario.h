/*
 * The kernel's scenarios: the workloads paging exists for, each a program
 * over the kernel (sw/kernel/kernel.h) on a machine (sw/kernel/machine.h)
 * with its own checks: data read back, faults taken, frames used,
 * transactions a device saw. A scenario stops at its first failed check
 * and says which (with the address in hex); its measurements go to notes,
 * one line each, for the command line to print, and those worth a plot to
 * data, a tab-separated table (mmucosim scenarios --data). The same scenario runs on
 * the model, on the RTL and in lockstep, where it is also a directed
 * co-simulation test.
 */
#ifndef MM_SCENARIO_H
#define MM_SCENARIO_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "sw/kernel/kernel.h"
#include "sw/kernel/machine.h"

typedef struct scenario_params {
  uint64_t seed;        /* the random choices (ASLR bases, addresses, values) */
  unsigned tlb_entries; /* the harts' TLB size, as a device tree would tell it: the measurements
                         * that compare TLB misses need the working set to fit (16) */
} scenario_params;

typedef struct scenario_result {
  bool passed;
  char failure[320];   /* the first check that failed */
  char notes[4096];    /* measurements, a line each */
  char data[4096];     /* the measurements to plot, tab-separated: a header line naming the
                        * columns, then a row a line; empty for a scenario without a table */
  kernel_stats kernel; /* summed over the kernels the scenario ran */
} scenario_result;

typedef struct scenario {
  const char *name;
  const char *summary;
  unsigned harts; /* the machine's harts it uses */
  bool (*run)(machine *m, const scenario_params *p, scenario_result *r);
} scenario;

unsigned scenario_count(void);
const scenario *scenario_at(unsigned i);
const scenario *scenario_find(const char *name);
/* Runs one on m (which has sc->harts harts); r->passed says how it went. */
bool scenario_run(const scenario *sc, machine *m, const scenario_params *p, scenario_result *r);

/* For the scenarios: a failed check (the first one is kept), a line of notes,
 * and a kernel's counts added to the result. */
bool scenario_fail(scenario_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void scenario_note(scenario_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line of the tab-separated data (the header first). */
void scenario_data(scenario_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void scenario_add_stats(scenario_result *r, const kernel_stats *st);

/* Boots a kernel of cfg on m, runs body on it, adds its counts to r and
 * frees it (and the spaces it still holds). */
typedef bool (*scenario_body)(kernel *k, void *ctx, scenario_result *r);
bool scenario_with_kernel(machine *m, const kernel_config *cfg, scenario_body body, void *ctx, scenario_result *r);
/* The default kernel on the machine's harts, with its pool at pool_base. */
kernel_config scenario_kernel_config(const machine *m, uint64_t pool_base);

/* A check: on failure the scenario returns false with the message. */
#define SC_CHECK(r, cond, ...)                                                                                         \
  do {                                                                                                                 \
    if (!(cond)) return scenario_fail((r), __VA_ARGS__);                                                               \
  } while (0)
/* A kernel call that must succeed. */
#define SC_TRY(r, call)                                                                                                \
  do {                                                                                                                 \
    kern_status sc_st_ = (call);                                                                                       \
    if (sc_st_ != KERN_OK) return scenario_fail((r), "%s: %s", #call, kern_status_name(sc_st_));                       \
  } while (0)

/* The scenarios, one file each. */
bool scen_shared_libs(machine *m, const scenario_params *p, scenario_result *r);
bool scen_fork_cow(machine *m, const scenario_params *p, scenario_result *r);
bool scen_asid_recycle(machine *m, const scenario_params *p, scenario_result *r);
bool scen_lazy_alloc(machine *m, const scenario_params *p, scenario_result *r);
bool scen_sparse_array(machine *m, const scenario_params *p, scenario_result *r);
bool scen_mmap_file(machine *m, const scenario_params *p, scenario_result *r);
bool scen_wx_patch(machine *m, const scenario_params *p, scenario_result *r);
bool scen_aslr(machine *m, const scenario_params *p, scenario_result *r);
bool scen_kpti(machine *m, const scenario_params *p, scenario_result *r);
bool scen_hypervisor(machine *m, const scenario_params *p, scenario_result *r);
bool scen_zero_copy(machine *m, const scenario_params *p, scenario_result *r);
bool scen_tx_memory(machine *m, const scenario_params *p, scenario_result *r);
bool scen_thrashing(machine *m, const scenario_params *p, scenario_result *r);
bool scen_page_coloring(machine *m, const scenario_params *p, scenario_result *r);
bool scen_mmio(machine *m, const scenario_params *p, scenario_result *r);

#endif
