/* The list of the kernel's scenarios and what they share (scenario.h). */
#include "sw/scenarios/scenario.h"

#include <stdio.h>
#include <string.h>

static const scenario list[] = {
    {"shared-libs", "read-only library pages with the G bit in many address spaces", 4, scen_shared_libs},
    {"fork-cow", "fork with copy-on-write: the first write copies, only for the writers", 3, scen_fork_cow},
    {"asid-recycle", "ASIDs recycled by generation, with the TLB flush that needs (and without it)", 2,
     scen_asid_recycle},
    {"lazy-alloc", "a huge reservation costs nothing until touched; a touch maps a zeroed frame", 1, scen_lazy_alloc},
    {"sparse-array", "a sparse array by demand paging: reads map the zero page, writes a frame", 1, scen_sparse_array},
    {"mmap-file", "a file mapped: pages read on first access, dirty ones (D) written back on unmap", 2, scen_mmap_file},
    {"wx-patch", "W^X code patching on several harts: the stale writable entry, and the shootdown", 3, scen_wx_patch},
    {"aslr", "random page-aligned bases from a seed, and their entropy", 1, scen_aslr},
    {"kpti", "separate user and kernel tables switched at every system call, with and without ASIDs", 1, scen_kpti},
    {"hypervisor", "guests over G-stage tables: guest faults, lazy backing, merged pages split on write", 2,
     scen_hypervisor},
    {"zero-copy", "a page moved from a writer's space to a reader's without a copy", 2, scen_zero_copy},
    {"tx-memory", "a transaction's write set by write-protection faults, rolled back on abort", 1, scen_tx_memory},
    {"thrashing", "a working set past the frames: clock by the A bit, a backing store, the fault rate", 1,
     scen_thrashing},
    {"page-coloring", "colored frames against naive ones on a cache-hungry workload", 1, scen_page_coloring},
    {"mmio", "a driver through IO mappings (in order, once) and a frame buffer through NC (bursts)", 1, scen_mmio},
};

unsigned scenario_count(void) { return sizeof list / sizeof list[0]; }
const scenario *scenario_at(unsigned i) { return i < scenario_count() ? &list[i] : NULL; }

const scenario *scenario_find(const char *name) {
  for (unsigned i = 0; i < scenario_count(); i++)
    if (!strcmp(list[i].name, name)) return &list[i];
  return NULL;
}

bool scenario_run(const scenario *sc, machine *m, const scenario_params *p, scenario_result *r) {
  memset(r, 0, sizeof *r);
  r->passed = sc->run(m, p, r);
  if (r->passed && m->halted) r->passed = scenario_fail(r, "the machine halted");
  return r->passed;
}

bool scenario_fail(scenario_result *r, const char *fmt, ...) {
  if (r->failure[0]) return false;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->failure, sizeof r->failure, fmt, ap);
  va_end(ap);
  return false;
}

/* Appends a formatted line to buf (dropped when it does not fit). */
static void append_line(char *buf, size_t size, const char *fmt, va_list ap) {
  size_t n = strlen(buf);
  if (n + 2 >= size) return;
  vsnprintf(buf + n, size - n - 1, fmt, ap);
  n = strlen(buf);
  buf[n] = '\n';
  buf[n + 1] = '\0';
}

void scenario_note(scenario_result *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  append_line(r->notes, sizeof r->notes, fmt, ap);
  va_end(ap);
}

void scenario_data(scenario_result *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  append_line(r->data, sizeof r->data, fmt, ap);
  va_end(ap);
}

bool scenario_with_kernel(machine *m, const kernel_config *cfg, scenario_body body, void *ctx, scenario_result *r) {
  kernel k;
  const char *why = "";
  if (!kernel_init(&k, m, cfg, &why)) return scenario_fail(r, "%s", why);
  bool ok = body(&k, ctx, r);
  scenario_add_stats(r, &k.stats);
  kernel_destroy(&k);
  return ok;
}

kernel_config scenario_kernel_config(const machine *m, uint64_t pool_base) {
  kernel_config cfg = KERNEL_CONFIG_DEFAULT;
  cfg.harts = m->harts;
  cfg.pool_base = pool_base;
  return cfg;
}

_Static_assert(sizeof(kernel_stats) % sizeof(uint64_t) == 0, "kernel_stats holds counts only");

void scenario_add_stats(scenario_result *r, const kernel_stats *st) {
  const uint64_t *from = (const uint64_t *)st;
  uint64_t *to = (uint64_t *)&r->kernel;
  for (size_t i = 0; i < sizeof *st / sizeof(uint64_t); i++)
    to[i] += from[i];
}
