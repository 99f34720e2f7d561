/*
 * The options of one co-simulation run, shared by `mmucosim run` and
 * `mmucosim shrink` (which runs the same configuration): getopt_long's table
 * entries, the help text, the handler of one option, and the last step,
 * which reads a --replay file and takes from it the options the command
 * line did not give.
 */
#ifndef MM_RUN_OPTS_H
#define MM_RUN_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "model/mmu.h"
#include "model/tlb.h"
#include "tb/cosim/cosim.h"
#include "tb/cosim/replay.h"

#define RUN_SHORTOPTS "s:n:H:t:l:w:b:vq"

/* Long-only options; a command's own start at RUN_OPT_END. */
enum {
  RUN_OPT_BUG = 256,
  RUN_OPT_LIST_BUGS,
  RUN_OPT_MUTANT_BUILD,
  RUN_OPT_FAIL_PREFIX,
  RUN_OPT_HISTORY,
  RUN_OPT_SERIAL,
  RUN_OPT_REPLAY,
  RUN_OPT_RECORD,
  RUN_OPT_SNAPSHOTS,
  RUN_OPT_DUT,
  RUN_OPT_TIMING_FREE,
  RUN_OPT_KNOWN_FAIL,
  RUN_OPT_THREADS,
  RUN_OPT_END
};

/* getopt_long's entries for the run options (a command's table lists them, then its own). */
/* clang-format off */
#define RUN_LONGOPTS \
  {"seed", required_argument, NULL, 's'}, \
  {"requests", required_argument, NULL, 'n'}, \
  {"harts", required_argument, NULL, 'H'}, \
  {"serial", no_argument, NULL, RUN_OPT_SERIAL}, \
  {"tlb", required_argument, NULL, 't'}, \
  {"latency", required_argument, NULL, 'l'}, \
  {"wave-window", required_argument, NULL, 'w'}, \
  {"backend", required_argument, NULL, 'b'}, \
  {"dut", required_argument, NULL, RUN_OPT_DUT}, \
  {"timing-free", no_argument, NULL, RUN_OPT_TIMING_FREE}, \
  {"known-fail", required_argument, NULL, RUN_OPT_KNOWN_FAIL}, \
  {"bug", required_argument, NULL, RUN_OPT_BUG}, \
  {"list-bugs", no_argument, NULL, RUN_OPT_LIST_BUGS}, \
  {"mutant-build", no_argument, NULL, RUN_OPT_MUTANT_BUILD}, \
  {"fail-prefix", required_argument, NULL, RUN_OPT_FAIL_PREFIX}, \
  {"history", required_argument, NULL, RUN_OPT_HISTORY}, \
  {"replay", required_argument, NULL, RUN_OPT_REPLAY}, \
  {"record", required_argument, NULL, RUN_OPT_RECORD}, \
  {"snapshots", required_argument, NULL, RUN_OPT_SNAPSHOTS}, \
  {"threads", required_argument, NULL, RUN_OPT_THREADS}, \
  {"verbose", no_argument, NULL, 'v'}, \
  {"quiet", no_argument, NULL, 'q'}

#define RUN_OPTIONS_HELP \
    "  -s, --seed N          stimulus seed (default 1; 'random' picks one from the\n" \
    "                        clock and prints it)\n" \
    "  -n, --requests N      accesses and fences to issue (default 10000; a replay:\n" \
    "                        all of its requests)\n" \
    "  -H, --harts N         harts, each with its own TLB and walker, 1.." MM_STR(MM_MAX_HARTS) " (default 1)\n" \
    "      --serial          one request in flight in the whole system, in stream\n" \
    "                        order (default: one per hart, all at once)\n" \
    "  -t, --tlb N           TLB entries per hart, a power of two up to " MM_STR(MM_TLB_MAX_ENTRIES) " (default 16;\n" \
    "                        the RTL is built for 4 and 16)\n" \
    "  -l, --latency N       memory port latency in cycles, 1.." MM_STR(MM_LATENCY_MAX) " (default 4)\n" \
    "  -w, --wave-window N   cycles of waveform before a failing response (default\n" \
    "                        200; 0: no waveform)\n" \
    "      --snapshots N     fork a waiting copy of the run every N cycles, so that\n" \
    "                        a failure's waveform runs on from the last one instead\n" \
    "                        of re-running from the start (default 1000000; 0: none)\n" \
    "      --threads N       1: one thread; 2: the model runs ahead on a second\n" \
    "                        thread while both sides run (a failure runs again on\n" \
    "                        one, which reports it); the model alone: the value\n" \
    "                        checker and the stimulus made ahead on a second\n" \
    "                        (default: 2 with two cores or more, 1 with --verbose\n" \
    "                        or --coverage)\n" \
    "  -b, --backend B       model, rtl or both (default both: lockstep comparison)\n" \
    "      --dut NAME        the device under test: rtl (the project's MMU RTL, the\n" \
    "                        default), model (a second instance of the golden\n" \
    "                        model: checks the engine itself; no waveform), cva6,\n" \
    "                        cva6-h or cva6-shared (CVA6's MMU: Sv39; with H;\n" \
    "                        with its shared TLB; compared timing-free)\n" \
    "      --timing-free     compare timing-free: one request at a time; outcomes,\n" \
    "                        walks in order, TLB answers a legal translation gives\n" \
    "                        (a DUT like CVA6 always is)\n" \
    "      --known-fail C    a mismatch of known class C of the DUT's triage (all:\n" \
    "                        of any) stops the run too (default: known classes are\n" \
    "                        counted and the run goes on)\n" \
    "      --bug N           select injected RTL bug N (mutant build; see --list-bugs)\n" \
    "      --list-bugs       list the injected bugs and exit\n" \
    "      --mutant-build    run the mutant build with no bug selected (the control run)\n" \
    "      --fail-prefix P   waveform files P.fst and P.gtkw (default build/fail)\n" \
    "      --history N       responses shown before a failure (default 8)\n" \
    "      --replay FILE     run a replay file's events instead of the seed's stream;\n" \
    "                        its options (harts, tlb, latency, serial, seed, bug)\n" \
    "                        hold unless given here\n" \
    "      --record FILE     write the events the run reads (the first --requests\n" \
    "                        requests need), in stream order, as a replay file\n" \
    "  -v, --verbose         print every request and its outcome as it completes\n" \
    "  -q, --quiet           print only a one-line result\n"
/* clang-format on */

/* What the command line gave; which of the options a replay file also has. */
typedef enum run_given {
  GIVEN_SEED = 1 << 0,
  GIVEN_REQUESTS = 1 << 1,
  GIVEN_HARTS = 1 << 2,
  GIVEN_SERIAL = 1 << 3,
  GIVEN_TLB = 1 << 4,
  GIVEN_LATENCY = 1 << 5,
  GIVEN_BUG = 1 << 6, /* --bug or --mutant-build */
} run_given;

typedef struct run_opts {
  cosim_config cfg;
  unsigned given; /* run_given bits */
  bool list_bugs; /* --list-bugs */
  replay file;    /* the --replay file's events (read by run_opts_finish) */
} run_opts;

void run_opts_init(run_opts *o);
/* One option of getopt_long (opt, with optarg arg). 1: a run option, taken;
 * 0: not a run option; -1: a bad one (reported on stderr as "mmucosim CMD: ..."). */
int run_opts_take(run_opts *o, const char *cmd, int opt, const char *arg);
/* After the options: reads the --replay file (cfg.script then holds its
 * events) and takes the options not given from it; checks what goes
 * together. False: reported on stderr (exit status 2). */
bool run_opts_finish(run_opts *o, const char *cmd);
void run_opts_free(run_opts *o);
/* Prints the injected bugs (--list-bugs). */
void run_opts_list_bugs(void);

#endif
