#include "run_opts.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tb/cosim/dut.h"
#include "tb/cosim/known.h"
#include "tb/verilator/rtl.h"

void run_opts_init(run_opts *o) {
  *o = (run_opts){.cfg = COSIM_CONFIG_DEFAULT};
  o->cfg.out = stdout;
}

void run_opts_free(run_opts *o) { replay_free(&o->file); }

void run_opts_list_bugs(void) {
  for (unsigned b = 1; b <= rtl_bug_count(); b++)
    printf("%2u %-32s %s\n", b, rtl_bug_name(b), rtl_bug_description(b));
}

/* A bug this binary's mutant build has. */
static bool bug_exists(const char *cmd, unsigned bug, const char *where) {
  if (!rtl_bug_count()) {
    fprintf(stderr, "mmucosim %s: %s: this binary has no mutant build\n", cmd, where);
    return false;
  }
  if (bug > rtl_bug_count()) {
    fprintf(stderr, "mmucosim %s: %s: bug %u: expected 1..%u\n", cmd, where, bug, rtl_bug_count());
    return false;
  }
  return true;
}

int run_opts_take(run_opts *o, const char *cmd, int opt, const char *arg) {
  cosim_config *cfg = &o->cfg;
  uint64_t v;
  switch (opt) {
  case 's':
    if (!cli_seed(cmd, arg, &cfg->seed)) return -1;
    o->given |= GIVEN_SEED;
    return 1;
  case 'n':
    if (!cli_number(cmd, "--requests", arg, 1, 100000000, &v)) return -1;
    cfg->requests = (unsigned)v;
    o->given |= GIVEN_REQUESTS;
    return 1;
  case 'H':
    if (!cli_number(cmd, "--harts", arg, 1, MM_MAX_HARTS, &v)) return -1;
    cfg->harts = (unsigned)v;
    o->given |= GIVEN_HARTS;
    return 1;
  case 't':
    if (!cli_number(cmd, "--tlb", arg, 1, MM_TLB_MAX_ENTRIES, &v)) return -1;
    cfg->tlb_entries = (unsigned)v;
    o->given |= GIVEN_TLB;
    return 1;
  case 'l':
    if (!cli_number(cmd, "--latency", arg, 1, MM_LATENCY_MAX, &v)) return -1;
    cfg->mem_latency = (unsigned)v;
    o->given |= GIVEN_LATENCY;
    return 1;
  case 'w':
    if (!cli_number(cmd, "--wave-window", arg, 0, 1000000, &v)) return -1;
    cfg->wave_window = (unsigned)v;
    return 1;
  case 'b':
    if (!strcmp(arg, "model"))
      cfg->backend = COSIM_MODEL;
    else if (!strcmp(arg, "rtl"))
      cfg->backend = COSIM_RTL;
    else if (!strcmp(arg, "both"))
      cfg->backend = COSIM_BOTH;
    else {
      fprintf(stderr, "mmucosim %s: --backend '%s': expected model, rtl or both\n", cmd, arg);
      return -1;
    }
    return 1;
  case RUN_OPT_DUT:
    if (!dut_class_find(arg)) {
      fprintf(stderr, "mmucosim %s: --dut '%s': expected", cmd, arg);
      for (unsigned i = 0; i < dut_class_count(); i++)
        fprintf(stderr, "%s%s", i ? (i + 1 == dut_class_count() ? " or " : ", ") : " ", dut_class_at(i)->name);
      fprintf(stderr, "\n");
      return -1;
    }
    cfg->dut = arg;
    return 1;
  case RUN_OPT_BUG:
    if (!cli_number(cmd, "--bug", arg, 1, rtl_bug_count() ? rtl_bug_count() : 1, &v) ||
        !bug_exists(cmd, (unsigned)v, "--bug"))
      return -1;
    cfg->bug = (unsigned)v;
    o->given |= GIVEN_BUG;
    return 1;
  case RUN_OPT_LIST_BUGS: o->list_bugs = true; return 1;
  case RUN_OPT_MUTANT_BUILD:
    cfg->mutant_build = true;
    o->given |= GIVEN_BUG;
    return 1;
  case RUN_OPT_SERIAL:
    cfg->serial = true;
    o->given |= GIVEN_SERIAL;
    return 1;
  case RUN_OPT_TIMING_FREE: cfg->timing_free = true; return 1;
  case RUN_OPT_KNOWN_FAIL: cfg->known_fail = arg; return 1;
  case RUN_OPT_FAIL_PREFIX: cfg->fail_prefix = arg; return 1;
  case RUN_OPT_HISTORY:
    if (!cli_number(cmd, "--history", arg, 0, 64, &v)) return -1;
    cfg->history = (unsigned)v;
    return 1;
  case RUN_OPT_REPLAY: cfg->replay = arg; return 1;
  case RUN_OPT_RECORD: cfg->record = arg; return 1;
  case RUN_OPT_SNAPSHOTS: return cli_number(cmd, "--snapshots", arg, 0, UINT64_MAX, &cfg->snapshots) ? 1 : -1;
  case RUN_OPT_THREADS:
    if (!cli_number(cmd, "--threads", arg, 1, 2, &v)) return -1;
    cfg->threads = (unsigned)v;
    return 1;
  case 'v': cfg->verbose = true; return 1;
  case 'q': cfg->quiet = true; return 1;
  default: return 0;
  }
}

bool run_opts_finish(run_opts *o, const char *cmd) {
  cosim_config *cfg = &o->cfg;
  if (cfg->replay) {
    char err[512];
    if (!replay_read(cfg->replay, &o->file, err, sizeof err)) {
      fprintf(stderr, "mmucosim %s: %s\n", cmd, err);
      return false;
    }
    const replay_options *f = &o->file.opt;
    if (!(o->given & GIVEN_SEED)) cfg->seed = f->seed;
    if (!(o->given & GIVEN_REQUESTS)) cfg->requests = replay_requests(&o->file);
    if (!(o->given & GIVEN_HARTS)) cfg->harts = f->harts;
    if (!(o->given & GIVEN_SERIAL)) cfg->serial = f->serial;
    if (!(o->given & GIVEN_TLB)) cfg->tlb_entries = f->tlb_entries;
    if (!(o->given & GIVEN_LATENCY)) cfg->mem_latency = f->mem_latency;
    if (!(o->given & GIVEN_BUG)) {
      cfg->bug = f->bug;
      cfg->mutant_build = f->mutant_build;
      if (cfg->bug && !bug_exists(cmd, cfg->bug, cfg->replay)) return false;
    }
    cfg->script = &o->file;
  }
  if (cfg->backend == COSIM_MODEL && (cfg->bug || cfg->mutant_build)) {
    fprintf(stderr, "mmucosim %s: --bug and --mutant-build need the RTL (--backend rtl or both)%s\n", cmd,
            cfg->replay && !(o->given & GIVEN_BUG) ? "; the replay names a bug" : "");
    return false;
  }
  if (cfg->known_fail && strcmp(cfg->known_fail, "all")) {
    const dut_class *dc = dut_class_find(cfg->dut ? cfg->dut : dut_class_at(0)->name);
    const dut_profile *p = dc ? dut_class_profile(dc) : NULL;
    unsigned i = 0;
    while (p && i < p->n_known && strcmp(p->known[i].id, cfg->known_fail))
      i++;
    if (!p || i == p->n_known) {
      fprintf(stderr, "mmucosim %s: --known-fail '%s': not a known class of DUT %s (expected all", cmd, cfg->known_fail,
              dc ? dc->name : "?");
      for (unsigned k = 0; p && k < p->n_known; k++)
        fprintf(stderr, ", %s", p->known[k].id);
      fprintf(stderr, ")\n");
      return false;
    }
  }
  if (cfg->record && cfg->replay && !strcmp(cfg->record, cfg->replay)) {
    fprintf(stderr, "mmucosim %s: --record %s: the replay being run\n", cmd, cfg->record);
    return false;
  }
  return true;
}
