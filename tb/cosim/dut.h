/*
 * A device under test, as the lockstep engine (tb/cosim/cosim.h) drives it:
 * an MMU system with harts that each take one request at a time, clocked
 * edge by edge, whose memory bus the testbench serves from its own side
 * (tb/cosim/side.h). The engine never knows what stands behind it: the
 * project's Verilated RTL (dut_rtl.c), or the golden model itself run as a
 * second, independent instance (dut_model.c), which lets the engine's own
 * loop be built and tested under the sanitizers without Verilator. A
 * third-party MMU's wrapper plugs in here.
 *
 * Timing: the first edge a request can be taken at is DUT_FIRST_EDGE (the
 * cycle counter stands at DUT_FIRST_EDGE - 1 after create). A request is
 * posted with the edge it is to be taken at (>= the next edge); tick runs one
 * edge and returns the harts whose responses came at it, each idle after.
 */
#ifndef MM_DUT_H
#define MM_DUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/bus.h"
#include "model/mmu.h"
#include "model/obs.h"

#define DUT_FIRST_EDGE 4

/* How the engine compares a DUT with the model (DESIGN.md, "Timing-free
 * comparison"). */
typedef enum dut_timing {
  DUT_CYCLE_EXACT = 0, /* every response at the model's edge, every access with its cycle (the project's RTL) */
  DUT_TIMING_FREE = 1, /* one request at a time: the outcome, the walk's accesses in order, legal TLB answers */
} dut_timing;

struct dut_known;
struct known_case;

/* What an MMU can do (docs/dut-contract.md, "Capability profile"). The
 * engine keeps its stimulus within it: a CSR write the DUT cannot take is
 * what a hart without the feature does with it (WARL: Sv48 in satp has no
 * effect, ADUE and PBMTE in menvcfg read as zero), and a request it cannot
 * take (V=1 without H) is skipped, counted with its reason. */
typedef struct dut_profile {
  bool sv48;         /* Sv48 (and Sv48x4 with h) */
  bool h;            /* the H extension: V=1 requests, vsatp and hgatp, HFENCE.* */
  bool svpbmt;       /* menvcfg.PBMTE (and henvcfg's) writable */
  bool svadu;        /* menvcfg.ADUE writable: the walker sets A and D itself */
  bool data;         /* the DUT does the data access after the translation (else it translates only) */
  unsigned pa_bits;  /* the width of the physical addresses it answers with (0: 64); wider bits are not compared */
  uint32_t choices;  /* the model's named choices it follows (model/walk.h MM_CHOICE_*; 0: the defaults) */
  dut_timing timing; /* the comparison it gets unless the run asks for the timing-free one */
  const char *tlbs;  /* its TLB organisation, in words */
  const struct dut_known *known; /* the mismatch classes triaged for it (tb/cosim/known.h), or NULL */
  unsigned n_known;
  /* A walk that agreed with the model after which the DUT's TLB may still
   * hold what the architecture does not (a reserved encoding it caches);
   * NULL: none. */
  bool (*suspect)(const struct known_case *k);
} dut_profile;

/* The project's RTL and the model: everything, cycle-exact. */
extern const dut_profile dut_profile_full;

/* A translate-only DUT has no memory of its own: its walker reads the
 * testbench's (the model's, coherent) through this. */
typedef uint64_t (*dut_mem_read_fn)(void *ctx, uint64_t pa);

typedef struct dut_config {
  unsigned harts;           /* 1..MM_MAX_HARTS */
  unsigned tlb_entries;     /* per hart */
  unsigned mem_latency;     /* the bus latency, 1..MM_LATENCY_MAX */
  unsigned bug;             /* an injected bug (the RTL's mutant build); 0: none */
  bool mutant_build;        /* the mutant build even with bug 0 (the control run) */
  mm_bus *bus;              /* the DUT's side: its memory and devices (outlives the DUT) */
  dut_mem_read_fn mem_read; /* a translate-only DUT's page-table reads (NULL: from bus's memory) */
  void *mem_ctx;
} dut_config;

typedef struct dut dut;

/* An assertion of the DUT that failed (its own checks: the RTL's --assert). */
typedef struct dut_assertion {
  unsigned count;  /* how many have failed so far */
  uint64_t cycle;  /* the edge the first fired at */
  int hart;        /* its hart; -1: a block the harts share */
  char name[48];   /* its label */
  char where[200]; /* its source line and instance */
} dut_assertion;

typedef struct dut_ops {
  /* The last edge simulated. */
  uint64_t (*cycle)(const dut *d);
  /* Hart h's CSRs, driven into its ports (the hart is idle). */
  void (*set_csrs)(dut *d, unsigned h, const mm_csrs *csrs);
  /* Hart h (idle) takes req (or fence: exactly one of them) at edge accept;
   * its observation goes to out (the caller's, until the response). */
  void (*post)(dut *d, unsigned h, const mm_req *req, const mm_fence *fence, mm_obs *out, uint64_t accept);
  /* Another agent stores value at pa right after hart h's walker next reads
   * pa (armed at the edge its posted request is taken, before the tick). */
  void (*poke)(dut *d, unsigned h, uint64_t pa, uint64_t value);
  /* One edge: a bit per hart whose response came. */
  unsigned (*tick)(dut *d);
  /* The edge hart h took its current request at (before: a value below the
   * posted edge). */
  uint64_t (*accept_cycle)(const dut *d, unsigned h);
  /* A waveform from the next edge into path; false when it cannot be
   * written (a DUT without waveforms: always). */
  bool (*trace_open)(dut *d, const char *path);
  void (*trace_close)(dut *d);
  /* The GTKWave save file for the waveform fst (NULL: none for this DUT). */
  bool (*write_gtkw)(const dut *d, const char *gtkw, const char *fst, uint64_t marker_cycle);
  /* Why the DUT cannot go on (a hang, an answer it cannot give), one line;
   * NULL: it can. NULL op: never. */
  const char *(*error)(const dut *d);
  void (*free)(dut *d);
  /* The first of its assertions that failed, and how many have (false: none; NULL: a DUT without
   * assertions). The engine asks after every edge: a failed one fails the run. */
  bool (*assertion)(const dut *d, dut_assertion *out);
} dut_ops;

struct dut {
  const dut_ops *ops;
  const char *name;
};

/* A kind of DUT, by name. */
typedef struct dut_class {
  const char *name;
  const char *summary;
  /* NULL and a one-line message in err on a configuration it cannot take. */
  dut *(*create)(const dut_config *cfg, char *err, size_t errlen);
  const dut_profile *profile; /* NULL: dut_profile_full */
} dut_class;

static inline const dut_profile *dut_class_profile(const dut_class *c) {
  return c->profile ? c->profile : &dut_profile_full;
}

/* The DUTs of this build (the first is the default); NULL when name is none
 * of them. */
const dut_class *dut_class_find(const char *name);
unsigned dut_class_count(void);
const dut_class *dut_class_at(unsigned i);

/* The golden model as a DUT (dut_model.c), in every build. */
extern const dut_class dut_model_class;
/* CVA6's MMU in its three builds (tb/cva6/dut_cva6.c): in the programs that
 * link it (mmucosim; weak elsewhere, so the class lists skip them). */
extern const dut_class dut_cva6_class, dut_cva6_h_class, dut_cva6_shared_class;

static inline uint64_t dut_cycle(const dut *d) { return d->ops->cycle(d); }
static inline void dut_free(dut *d) {
  if (d) d->ops->free(d);
}

#endif
