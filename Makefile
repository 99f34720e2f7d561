# mmucosim: build, test, run and benchmark.
#
#   make deps    install the Debian packages the project uses (no-op when present)
#   make         build build/mmucosim and build/mmusc (the SystemC platform)
#   make test    build and pass every test: Verilator lint, model units (also under ASan/UBSan),
#                RTL smoke and lockstep co-simulation tests, the regression runner, replay files and the
#                shrinker, vector replays, the SystemC agreement test, injected RTL bugs; JUnit XML of
#                the Criterion suites and the mutants in build/junit/
#   make run     the default regression: lockstep runs over harts x TLB x latency x seeds (parallel jobs,
#                one per core; logs in build/regress/) with its functional coverage, the injected bugs,
#                then vectors, then every kernel scenario in lockstep; tables, JUnit, TSV and coverage
#                counts in build/run/
#   make coverage the default regression on the RTL built with coverage: line, branch and toggle
#                coverage per module, and the functional coverage beside it
#   make mutants show that the co-simulation catches every injected RTL bug (parallel jobs, logs in
#                build/mutants/, JUnit XML in build/junit/mutants.xml)
#   make bench   throughput: model, RTL alone, lockstep; a 10 M-access trace on the model; regress -j 1
#                against one job per core; the SystemC component against direct C
#   make plots   the plots (gnuplot) of the runs' data files in build/run/; make report: build/report/
#                index.html, checked in headless chromium; make wave-shot: a failure's waveform as a PNG
#   make fuzz    the readers' libFuzzer targets, each for FUZZ_SECONDS (tests/fuzz/fuzz.mk)
#   make lint    Verilator lint (rtl/lint.vlt) and clang-format check
#   make clean   remove build/
#
# Generated files all go to build/.

SHELL    := /bin/bash
BUILD    := build
CC       := gcc
# -D_GNU_SOURCE: getopt_long and strdup in the command line; the model needs nothing.
CSTD     := -std=c11 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror
OPT      ?= -O3 -g
CFLAGS   := $(CSTD) $(WARN) $(OPT)
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

CRITERION_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRITERION_LIBS   = $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

# Debian packages; dpkg-query tells which are missing. libxml2-utils: xmllint, which checks the
# JUnit XML against tests/junit.xsd; parallel: GNU parallel, for tb/regress/nightly.sh's shards.
DEPS := verilator libsystemc-dev libcriterion-dev gtkwave build-essential pkg-config zlib1g-dev clang-format valgrind \
        libxml2-utils parallel gnuplot-nox chromium xvfb xauth x11-utils imagemagick lcov openssh-server openssh-client rsync
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Sources by folder; each folder is one library (build/libmodel.a, libsw.a, libtb.a).
MODEL_SRC := $(wildcard model/*.c)
DEV_SRC   := $(wildcard devices/*.c)
SW_SRC    := $(wildcard sw/*.c sw/*/*.c)
# tb/cosim/dut_model_only.c: the DUT list of the sanitizer builds (no Verilator); the others list dut_rtl.c's
TB_SRC    := $(filter-out tb/cli/main.c tb/cosim/dut_model_only.c,$(wildcard tb/*/*.c))
TEST_SRC  := $(wildcard tests/test_*.c)
TESTS     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
SAN_TESTS := $(patsubst tests/%.c,$(BUILD)/asan/%,$(filter-out tests/test_rtl_% tests/test_cosim% tests/test_regress%,$(TEST_SRC)))
# What the sanitizer builds compile from source: everything that does not need the RTL
# (the model-only machine of tb/cosim/machine.c included).
SAN_SRC   := $(MODEL_SRC) $(DEV_SRC) $(SW_SRC) tb/vec/vecfile.c tb/vec/vecrun.c tb/cli/cli.c \
             tb/cli/runner.c tb/cli/junit.c tb/cosim/side.c tb/cosim/machine.c tb/cosim/feed.c \
             tb/cosim/replay.c tb/cosim/shrink.c tb/cosim/cosim.c tb/cosim/compare.c tb/cosim/dut_model.c \
             tb/cosim/dut_list.c tb/cosim/dut_model_only.c tb/cosim/cosim_report.c tb/cosim/cosim_snap.c \
             tb/cosim/cosim_free.c tb/cosim/legal.c tb/cosim/cosim_mt.c tb/cosim/feed_ahead.c

# The reference vectors: the project's copy, and shared/ beside the clone when it is there.
VECTORS        := $(wildcard tests/vectors/*.vec tests/vectors/reference/*.vec)
SHARED_SAMPLES := $(wildcard ../shared/vectors/samples/*.vec)

# Includes name their folder from the repository root ("model/mmu.h"); the
# compiler writes each object's header dependencies (-MMD -MP) beside it.
CPPFLAGS := -I. -MMD -MP

# The Verilated RTL (rtl/rtl.mk): RTL_LIBS, RTL_LDLIBS; targets rtl, rtl-lint, rtl-clean.
include rtl/rtl.mk
# The TLM-2.0 component with its platform (tb/systemc/systemc.mk), the RTL behind it through the same
# harness: SC_BIN, SC_TEST; targets sc-tests, sc-bench.
include tb/systemc/systemc.mk
# The RTL with line and toggle coverage (rtl/rtl_cov.mk): RTL_COV_LIB; target rtl-cov.
include rtl/rtl_cov.mk
# The plots, the report page and the waveform picture (tb/report/report.mk): plots, report, wave-shot.
include tb/report/report.mk
# The library, its install, the DPI-C testbench and the shell completion (api/api.mk): lib, install, uninstall, dpi-tests.
include api/api.mk
# The value checker (tb/cosim/value.mk): its sources in the sanitizer builds; the planted-bug test's rule.
include tb/cosim/value.mk
# The readers' fuzz targets (tests/fuzz/fuzz.mk): fuzz, fuzz-tests.
include tests/fuzz/fuzz.mk
# The nightly over ssh against an sshd of its own (tb/regress/nightly.mk): sshlogin-tests.
include tb/regress/nightly.mk
# The included makefiles' first rules must not become the goal of a plain `make`.
.DEFAULT_GOAL := all

.PHONY: all deps test unit-tests san-tests vec-tests mutants run coverage bench lint format clean

# Keep the objects of the test programs (make would delete them as intermediate files).
.SECONDARY:

all: $(BUILD)/mmucosim $(SC_BIN)

deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$(echo $$missing | sed 's/^/ /')"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	else echo "deps: all present"; fi

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libmodel.a: $(call obj,$(MODEL_SRC))
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libdevices.a: $(call obj,$(DEV_SRC))
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libsw.a: $(call obj,$(SW_SRC))
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libtb.a: $(call obj,$(TB_SRC))
	rm -f $@ && ar rcs $@ $^

# Link order: a library before the ones it uses.
LIBS := $(BUILD)/libtb.a $(RTL_LIBS) $(BUILD)/libsw.a $(BUILD)/libmodel.a $(BUILD)/libdevices.a

# CVA6's MMU, vendored, in its wrapper (tb/cva6/cva6.mk): CVA6_LIB, CVA6_DUT (its DUT classes, which a
# program links before CVA6_LIB and LIBS); targets cva6, cva6-lint, cva6-manifest.
include tb/cva6/cva6.mk

$(BUILD)/mmucosim: $(call obj,tb/cli/main.c) $(CVA6_DUT) $(LIBS)
	$(CC) $(CFLAGS) $^ $(RTL_LDLIBS) -o $@

# mmucosim over the RTL built with line and toggle coverage (make coverage).
$(BUILD)/mmucosim-cov: $(call obj,tb/cli/main.c) $(subst $(RTL_LIBS),$(RTL_COV_LIB),$(LIBS))
	$(CC) $(CFLAGS) $^ $(RTL_LDLIBS) -o $@

# Criterion tests: one binary per file, each linking every library (the RTL
# is only pulled in by the tests that call it), plus the same under ASan and
# UBSan for the tests that do not need the RTL.
$(BUILD)/tests/%: $(call obj,tests/%.c) $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $^ $(CRITERION_LIBS) $(RTL_LDLIBS) -o $@
$(BUILD)/obj/tests/%.o: CFLAGS += $(CRITERION_CFLAGS)
$(BUILD)/asan/%: tests/%.c $(SAN_SRC) $(wildcard model/*.h devices/*.h sw/*.h sw/*/*.h tb/*/*.h tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -I. $(WARN) $(SANFLAGS) $(CRITERION_CFLAGS) $< $(SAN_SRC) $(CRITERION_LIBS) -o $@

$(BUILD)/bench_model: $(call obj,bench/bench_model.c) $(BUILD)/libsw.a $(BUILD)/libmodel.a $(BUILD)/libdevices.a
	$(CC) $(CFLAGS) $^ -o $@

-include $(shell find $(BUILD)/obj $(BUILD)/rtl/tb -name '*.d' 2>/dev/null)

# Tests run from the repository root (they open tests/vectors/...). Each Criterion suite
# also writes its JUnit XML to build/junit/ (test_walk.xml; asan-test_walk.xml).
JUNIT := $(BUILD)/junit
unit-tests: $(TESTS)
	@mkdir -p $(JUNIT)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t --jobs 2 --xml=$(JUNIT)/$${t##*/}.xml; done
san-tests: $(SAN_TESTS)
	@mkdir -p $(JUNIT)
	@set -e; for t in $(SAN_TESTS); do echo "== $$t (ASan+UBSan)"; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 $$t --jobs 2 \
	    --xml=$(JUNIT)/asan-$${t##*/}.xml; done
vec-tests: $(BUILD)/mmucosim
	$(BUILD)/mmucosim vec $(VECTORS)

# One job per injected bug, as many at once as there are cores (mmucosim mutants -j).
mutants: $(BUILD)/mmucosim
	@mkdir -p $(JUNIT)
	$(BUILD)/mmucosim mutants --junit $(JUNIT)/mutants.xml

# The closing line sums every Criterion synthesis, the vector replay, the
# SystemC agreement test and the mutant table.
test: deps
	$(MAKE) -j2 all
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory rtl-lint unit-tests san-tests vec-tests fuzz-tests sshlogin-tests sc-tests dpi-tests mutants 2>&1 | tee $(BUILD)/test.log; \
	  status=$${PIPESTATUS[0]}; \
	  awk '/Synthesis:/ { for (i = 1; i <= NF; i++) { if ($$i == "Passing:") p += $$(i+1); \
	         if ($$i == "Failing:" || $$i == "Crashing:") f += $$(i+1) } } \
	       /^(vec|mutants|systemc|dpi|fuzz|sshlogin): .* passed, .* failed/ { for (i = 1; i <= NF; i++) { if ($$i ~ /^passed/) p += $$(i-1); \
	         if ($$i ~ /^failed/) f += $$(i-1) } } \
	       END { printf "test: %d passed, %d failed\n", p, f }' $(BUILD)/test.log; \
	  exit $$status

# The default regression: the lockstep matrix (harts x TLB x latency x seeds, one job per core at
# once, each job's log in build/regress/) with the model's functional coverage of every run added up
# and reported (make stops when a reachable bin is empty), the injected bugs, then the vectors, then
# the kernel's scenarios in lockstep. Tables (TSV), JUnit and coverage counts stay in build/run/.
run: deps
	$(MAKE) -j2 all
	@mkdir -p $(BUILD)/run
	$(BUILD)/mmucosim regress --junit $(BUILD)/run/regress.xml --tsv $(BUILD)/run/regress.tsv \
	  --coverage $(BUILD)/run/regress.cov
	$(BUILD)/mmucosim coverage --unreachable $(BUILD)/run/regress.cov > $(BUILD)/run/coverage.txt || true
	$(BUILD)/mmucosim coverage $(BUILD)/run/regress.cov
	@echo "coverage: the report with every unreachable bin and its reason: $(BUILD)/run/coverage.txt"
	$(BUILD)/mmucosim mutants --junit $(BUILD)/run/mutants.xml --tsv $(BUILD)/run/mutants.tsv --dir $(BUILD)/run/mutants
	@for d in cva6 cva6-h cva6-shared; do \
	  echo "== CVA6's MMU ($$d), timing-free: the default regression; known classes counted, a new one fails"; \
	  $(BUILD)/mmucosim regress --dut $$d --dir $(BUILD)/run/$$d --junit $(BUILD)/run/$$d.xml --tsv $(BUILD)/run/$$d.tsv \
	    > $(BUILD)/run/$$d.txt; rc=$$?; grep -E '^regress: (known|timing|[0-9]+ passed|[0-9]+ failed|  )' $(BUILD)/run/$$d.txt; \
	  [ $$rc = 0 ] || { echo "make run: $$d: see $(BUILD)/run/$$d.txt"; exit 1; }; done
	$(BUILD)/mmucosim vec $(VECTORS) $(SHARED_SAMPLES)
	$(BUILD)/mmucosim scenarios --data $(BUILD)/run/scenarios
	$(MAKE) --no-print-directory trace-sweep

# Coverage: the default regression on the RTL built with line and toggle
# coverage (build/mmucosim-cov, rtl/rtl_cov.mk), each run writing its counts;
# then per module the RTL's line, branch and toggle points hit
# (tb/coverage/rtl_summary.sh over the merged counts; the sources annotated
# with their counts in build/coverage/annotated), and the model's functional
# coverage of the same runs beside it.
COV_DIR := $(BUILD)/coverage
coverage: deps
	$(MAKE) -j2 $(BUILD)/mmucosim $(BUILD)/mmucosim-cov
	rm -rf $(COV_DIR) && mkdir -p $(COV_DIR)/rtl
	MMUCOSIM_RTL_COVERAGE=$(COV_DIR)/rtl $(BUILD)/mmucosim-cov regress --dir $(COV_DIR)/regress \
	  --coverage $(COV_DIR)/functional.cov
	@echo "== RTL code coverage per module ($(COV_DIR)/rtl.dat; annotated sources: $(COV_DIR)/annotated)"
	tb/coverage/rtl_summary.sh $(COV_DIR)/rtl.dat $(COV_DIR)/rtl/*.dat
	verilator_coverage --annotate $(COV_DIR)/annotated $(COV_DIR)/rtl.dat > /dev/null
	$(MAKE) --no-print-directory rtl-lcov
	@echo "== functional coverage of the same runs ($(COV_DIR)/functional.cov; every bin: $(COV_DIR)/functional-bins.tsv)"
	$(BUILD)/mmucosim coverage --bins $(COV_DIR)/functional-bins.tsv $(COV_DIR)/functional.cov

# Throughput: the model alone, then the RTL alone against lockstep on the same
# stream, with the ratio of their speeds (bench/lockstep_ratio.sh), with one
# hart, four at once, and four one request at a time; CVA6's MMU alone against
# timing-free lockstep, in each of its three builds; a real program's trace;
# the regression's wall time with -j 1 and one job per core.
bench: deps
	$(MAKE) all $(BUILD)/bench_model
	$(BUILD)/bench_model
	@echo "== the model alone (run --backend model: 1 000 000 requests of seed 1, the value checker on; BENCH_BASE=BINARY: against another build)"
	@bench/model_alone.sh $(BUILD)/mmucosim $(BENCH_BASE)
	@echo "== RTL alone, then lockstep: 1 hart active (50 000 requests of seed 1; TLB 16, latency 4)"
	@bench/lockstep_ratio.sh $(BUILD)/mmucosim --requests 50000 2>&1 | grep -v '^run:'
	@echo "== RTL alone, then lockstep: 4 harts active at once (the same)"
	@bench/lockstep_ratio.sh $(BUILD)/mmucosim --requests 50000 --harts 4 2>&1 | grep -v '^run:'
	@echo "== RTL alone, then lockstep: 4 harts, one request in flight at a time (--serial)"
	@bench/lockstep_ratio.sh $(BUILD)/mmucosim --requests 50000 --harts 4 --serial 2>&1 | grep -v '^run:'
	@for d in cva6 cva6-h cva6-shared; do \
	  echo "== CVA6's MMU ($$d) alone, then timing-free lockstep (50 000 requests of seed 1)"; \
	  bench/lockstep_ratio.sh $(BUILD)/mmucosim --dut $$d --requests 50000 2>&1 | grep -v '^run:'; done
	@echo "== a real program's trace (sort -n of 4000 lines under valgrind lackey: about 10 M accesses) on the model"
	@seq 4000 -1 1 > $(BUILD)/bench_sort.txt
	@valgrind --tool=lackey --trace-mem=yes --log-file=$(BUILD)/bench_sort.trace sort -n $(BUILD)/bench_sort.txt >/dev/null
	$(BUILD)/mmucosim trace $(BUILD)/bench_sort.trace
	@rm -f $(BUILD)/bench_sort.trace $(BUILD)/bench_sort.txt
	@echo "== the default regression with one job at a time against one per core (bench/regress_speedup.sh)"
	@bench/regress_speedup.sh $(BUILD)/mmucosim
	@$(MAKE) --no-print-directory sc-bench

FORMAT_SRC = $(wildcard api/*.[ch] model/*.[ch] devices/*.[ch] sw/*.[ch] sw/*/*.[ch] tb/*/*.[ch] tb/*/*.cpp tests/*.[ch] bench/*.c)

lint: rtl-lint
	clang-format --dry-run -Werror $(FORMAT_SRC)

format:
	clang-format -i $(FORMAT_SRC)

clean:
	rm -rf $(BUILD)
