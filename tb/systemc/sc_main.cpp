// mmusc: the example SystemC platform. A traffic generator drives the seeded
// stimulus of sw/stim.h into the TLM-2.0 MMU component, memory and devices
// behind it (platform.h); once with the golden model behind the component,
// once with the Verilated RTL, side by side in one simulation, compared
// request by request, and both summaries printed.
#include <systemc>
#include <tlm>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <getopt.h>
#include <memory>
#include <string>
#include <vector>

#include "tb/systemc/platform.h"

namespace {

const char usage[] = "usage: mmusc [options]\n"
                     "\n"
                     "The example SystemC platform: a traffic generator drives the seeded\n"
                     "co-simulation stimulus (accesses with data, fences, CSR writes, page-table\n"
                     "edits) into the TLM-2.0 MMU component, with memory and devices behind it.\n"
                     "With --backend both (the default) the seed runs on two platforms in one\n"
                     "simulation, the golden model's and the Verilated RTL's, and every response,\n"
                     "bus transaction and annotated delay is compared; the first difference is\n"
                     "reported.\n"
                     "\n"
                     "options:\n"
                     "  -b, --backend B     model, rtl or both (default both)\n"
                     "  -s, --seed N        stimulus seed (default 1; 'random' picks one and prints it)\n"
                     "  -S, --seeds N       consecutive seeds from --seed, side by side (default 1)\n"
                     "  -n, --requests N    requests per seed (default 10000)\n"
                     "  -H, --harts N       harts, 1..4 (default 1)\n"
                     "  -t, --tlb N         TLB entries per hart (default 16; the RTL is built with 4 and 16)\n"
                     "  -l, --latency N     bus latency in cycles, 1..1000 (default 4)\n"
                     "      --bug N         the RTL's injected bug N (its mutant build)\n"
                     "      --quantum N     the generator's global quantum in cycles (default 1000)\n"
                     "  -q, --quiet         only the result lines\n"
                     "  -h, --help          this text\n"
                     "\n"
                     "Numbers are decimal, or hex after 0x.\n"
                     "exit status: 0 the platforms agree (or one ran alone); 1 a mismatch; 2 bad options\n";

struct options {
  bool model = true, rtl = true;
  uint64_t seed = 1;
  unsigned seeds = 1, requests = 10000, quantum = 1000;
  unsigned harts = 1, tlb = 16, latency = 4, bug = 0;
  bool quiet = false;
};

// An option's number in lo..hi (decimal, or hex after 0x); else a one-line error.
bool number(const char *opt, const char *arg, uint64_t lo, uint64_t hi, uint64_t *out) {
  const bool hex = arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X');
  const char *digits = hex ? arg + 2 : arg;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = *digits && *digits != '-' && *digits != '+' ? strtoull(digits, &end, hex ? 16 : 10) : 0;
  if (!end || *end || errno || v < lo || v > hi) {
    fprintf(stderr, "mmusc: %s '%s': expected a number in %" PRIu64 "..%" PRIu64 "\n", opt, arg, lo, hi);
    return false;
  }
  *out = v;
  return true;
}

// -1: go on; else the exit status.
int parse(int argc, char **argv, options *o) {
  enum { OPT_BUG = 256, OPT_QUANTUM };
  static const struct option longopts[] = {
      {"backend", required_argument, nullptr, 'b'},
      {"seed", required_argument, nullptr, 's'},
      {"seeds", required_argument, nullptr, 'S'},
      {"requests", required_argument, nullptr, 'n'},
      {"harts", required_argument, nullptr, 'H'},
      {"tlb", required_argument, nullptr, 't'},
      {"latency", required_argument, nullptr, 'l'},
      {"bug", required_argument, nullptr, OPT_BUG},
      {"quantum", required_argument, nullptr, OPT_QUANTUM},
      {"quiet", no_argument, nullptr, 'q'},
      {"help", no_argument, nullptr, 'h'},
      {nullptr, 0, nullptr, 0},
  };
  uint64_t v;
  int c;
  while ((c = getopt_long(argc, argv, "b:s:S:n:H:t:l:qh", longopts, nullptr)) != -1) {
    switch (c) {
    case 'b':
      if (!strcmp(optarg, "model") || !strcmp(optarg, "rtl") || !strcmp(optarg, "both")) {
        o->model = strcmp(optarg, "rtl") != 0;
        o->rtl = strcmp(optarg, "model") != 0;
      } else {
        fprintf(stderr, "mmusc: --backend '%s': expected model, rtl or both\n", optarg);
        return 2;
      }
      break;
    case 's':
      if (!strcmp(optarg, "random"))
        o->seed = (uint64_t)time(nullptr) * 1000003u ^ (uint64_t)clock();
      else if (!number("--seed", optarg, 0, UINT64_MAX / 2, &o->seed))
        return 2;
      break;
    case 'S':
      if (!number("--seeds", optarg, 1, 64, &v)) return 2;
      o->seeds = (unsigned)v;
      break;
    case 'n':
      if (!number("--requests", optarg, 1, 100000000, &v)) return 2;
      o->requests = (unsigned)v;
      break;
    case 'H':
      if (!number("--harts", optarg, 1, 4, &v)) return 2;
      o->harts = (unsigned)v;
      break;
    case 't':
      if (!number("--tlb", optarg, 1, 256, &v)) return 2;
      o->tlb = (unsigned)v;
      break;
    case 'l':
      if (!number("--latency", optarg, 1, 1000, &v)) return 2;
      o->latency = (unsigned)v;
      break;
    case OPT_BUG:
      if (!number("--bug", optarg, 1, mmusc::mmu_bug_count(), &v)) return 2;
      o->bug = (unsigned)v;
      break;
    case OPT_QUANTUM:
      if (!number("--quantum", optarg, 1, 1000000, &v)) return 2;
      o->quantum = (unsigned)v;
      break;
    case 'q': o->quiet = true; break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "mmusc: unexpected argument '%s'\n", argv[optind]);
    return 2;
  }
  if (o->bug && !o->rtl) {
    fprintf(stderr, "mmusc: --bug needs the RTL (--backend rtl or both)\n");
    return 2;
  }
  return -1;
}

double now() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

} // namespace

int sc_main(int argc, char **argv) {
  using namespace mmusc;
  options o;
  int rc = parse(argc, argv, &o);
  if (rc >= 0) return rc;

  platform_config model_cfg, rtl_cfg;
  model_cfg.mmu.impl = mmu_impl::model;
  model_cfg.mmu.harts = o.harts;
  model_cfg.mmu.tlb_entries = o.tlb;
  model_cfg.mmu.bus_latency = o.latency;
  model_cfg.requests = o.requests;
  rtl_cfg = model_cfg;
  rtl_cfg.mmu.impl = mmu_impl::rtl;
  rtl_cfg.mmu.bug = o.bug;
  for (const platform_config *cfg : {&model_cfg, &rtl_cfg}) {
    std::string why;
    if ((cfg == &model_cfg ? o.model : o.rtl) && !mmu_config_check(cfg->mmu, &why)) {
      fprintf(stderr, "mmusc: %s: %s\n", mmu_impl_name(cfg->mmu.impl), why.c_str());
      return 2;
    }
  }
  tlm::tlm_global_quantum::instance().set(o.quantum * model_cfg.mmu.clock);

  std::vector<std::unique_ptr<platform>> platforms;
  std::vector<std::unique_ptr<agreement>> agreements;
  std::vector<traffic *> gens;
  for (unsigned k = 0; k < o.seeds; k++) {
    const uint64_t seed = o.seed + k;
    model_cfg.seed = rtl_cfg.seed = seed;
    platform *m = nullptr, *r = nullptr;
    if (o.model) {
      platforms.emplace_back(m = new platform(("model_" + std::to_string(seed)).c_str(), model_cfg));
      gens.push_back(&m->gen);
    }
    if (o.rtl) {
      platforms.emplace_back(r = new platform(("rtl_" + std::to_string(seed)).c_str(), rtl_cfg));
      gens.push_back(&r->gen);
    }
    if (m && r) agreements.emplace_back(new agreement(*m, *r, stdout));
  }
  stopper stop("stop", gens);

  printf("mmusc: seed %" PRIu64 "%s, %u requests, %u hart%s, latency %u, backend %s%s\n", o.seed,
         o.seeds > 1 ? ("..." + std::to_string(o.seed + o.seeds - 1)).c_str() : "", o.requests, o.harts,
         o.harts == 1 ? "" : "s", o.latency,
         o.model && o.rtl ? "both"
         : o.model        ? "model"
                          : "rtl",
         o.bug ? (", injected bug " + std::to_string(o.bug)).c_str() : "");
  fflush(stdout);
  const double t0 = now();
  sc_core::sc_start();
  const double seconds = now() - t0;

  unsigned requests = 0, agree = 0;
  for (const auto &p : platforms) {
    requests += p->gen.stats().requests;
    if (!o.quiet) p->print_summary(stdout);
  }
  for (const auto &a : agreements) {
    agree += !a->mismatched();
    if (!a->mismatched())
      printf("mmusc: seed %" PRIu64 ": the model and the RTL agree on %u requests and %" PRIu64 " bus transactions\n",
             a->seed(), a->compared(), a->bus_compared());
  }
  printf("mmusc: %u requests in %.3f s (%.0f requests/s)\n", requests, seconds, seconds > 0 ? requests / seconds : 0.0);
  if (!agreements.empty())
    printf("mmusc: %u seed%s agree, %u disagree\n", agree, agree == 1 ? "" : "s", (unsigned)agreements.size() - agree);
  return agree == agreements.size() ? 0 : 1;
}

// Our own main, so that the copyright banner SystemC prints before sc_main is
// switched off first.
int main(int argc, char **argv) {
  mmusc::systemc_quiet();
  return sc_core::sc_elab_and_sim(argc, argv);
}
