# mmucosim: build, test, run and benchmark.
#
#   make deps    install the Debian packages the project uses (no-op when present)
#   make         build build/mmucosim
#   make test    build and pass every test: Verilator lint, model units (also under ASan/UBSan),
#                RTL smoke and lockstep co-simulation tests, vector replays, injected RTL bugs
#   make run     the default regression: lockstep runs over harts x TLB x latency x seeds, then vectors
#   make mutants show that the co-simulation catches every injected RTL bug
#   make bench   throughput: model, RTL alone, lockstep
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
OPT      ?= -O2 -g
CFLAGS   := $(CSTD) $(WARN) $(OPT)
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

CRITERION_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRITERION_LIBS   = $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

# Debian packages; dpkg-query tells which are missing.
DEPS := verilator libsystemc-dev libcriterion-dev gtkwave build-essential pkg-config zlib1g-dev clang-format
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

MODEL_SRC := $(wildcard model/*.c)
TB_SRC    := tb/vecfile.c tb/vecrun.c sw/stim.c
CLI_SRC   := tb/main.c tb/cli.c tb/cmd_vec.c tb/cmd_run.c tb/cmd_regress.c tb/cosim.c tb/waves.c
TEST_SRC  := $(wildcard tests/test_*.c)
TESTS     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
SAN_TESTS := $(patsubst tests/%.c,$(BUILD)/asan/%,$(filter-out tests/test_rtl_% tests/test_cosim.c,$(TEST_SRC)))

# The reference vectors: the project's copy, and shared/ beside the clone when it is there.
VECTORS        := $(wildcard tests/vectors/*.vec tests/vectors/reference/*.vec)
SHARED_SAMPLES := $(wildcard ../shared/vectors/samples/*.vec)

# The Verilated RTL (rtl/rtl.mk): RTL_LIBS, RTL_LDLIBS; targets rtl, rtl-lint, rtl-clean.
include rtl/rtl.mk

.PHONY: all deps test unit-tests san-tests vec-tests mutants run bench lint format clean

all: $(BUILD)/mmucosim

deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$(echo $$missing | sed 's/^/ /')"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	else echo "deps: all present"; fi

$(BUILD)/model/%.o: model/%.c $(wildcard model/*.h) | $(BUILD)/model
	$(CC) $(CFLAGS) -c $< -o $@
$(BUILD)/tb/%.o: tb/%.c $(wildcard model/*.h tb/*.h) | $(BUILD)/tb
	$(CC) $(CFLAGS) -c $< -o $@
$(BUILD)/sw/%.o: sw/%.c $(wildcard model/*.h sw/*.h) | $(BUILD)/sw
	$(CC) $(CFLAGS) -c $< -o $@
$(BUILD)/libmodel.a: $(patsubst %.c,$(BUILD)/%.o,$(MODEL_SRC) $(TB_SRC))
	ar rcs $@ $^
$(BUILD)/mmucosim: $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRC)) $(RTL_LIBS) $(BUILD)/libmodel.a
	$(CC) $(CFLAGS) $^ $(RTL_LDLIBS) -o $@

# Criterion tests: one binary per file, plus the same under ASan and UBSan.
$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libmodel.a | $(BUILD)/tests
	$(CC) $(CFLAGS) $(CRITERION_CFLAGS) $< $(BUILD)/libmodel.a $(CRITERION_LIBS) -o $@
# Tests of the RTL (test_rtl_*, test_cosim) link the Verilated RTL too; no sanitizer builds of them.
$(BUILD)/tests/test_rtl_%: tests/test_rtl_%.c tests/testutil.h $(BUILD)/libmodel.a $(RTL_LIBS) | $(BUILD)/tests
	$(CC) $(CFLAGS) $(CRITERION_CFLAGS) $< $(RTL_LIBS) $(BUILD)/libmodel.a $(CRITERION_LIBS) $(RTL_LDLIBS) -o $@
$(BUILD)/tests/test_cosim: tests/test_cosim.c tests/testutil.h $(patsubst %.c,$(BUILD)/%.o,tb/cosim.c tb/waves.c) $(RTL_LIBS) $(BUILD)/libmodel.a | $(BUILD)/tests
	$(CC) $(CFLAGS) $(CRITERION_CFLAGS) $< $(BUILD)/tb/cosim.o $(BUILD)/tb/waves.o $(RTL_LIBS) $(BUILD)/libmodel.a $(CRITERION_LIBS) $(RTL_LDLIBS) -o $@
$(BUILD)/asan/%: tests/%.c tests/testutil.h $(MODEL_SRC) $(TB_SRC) | $(BUILD)/asan
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) $(CRITERION_CFLAGS) $< $(MODEL_SRC) $(TB_SRC) $(CRITERION_LIBS) -o $@

$(BUILD)/bench_model: bench/bench_model.c $(BUILD)/libmodel.a
	$(CC) $(CSTD) $(WARN) -O2 -g $^ -o $@

$(BUILD)/model $(BUILD)/tb $(BUILD)/sw $(BUILD)/tests $(BUILD)/asan:
	mkdir -p $@

# Tests run from the repository root (they open tests/vectors/...).
unit-tests: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t --jobs 2; done
san-tests: $(SAN_TESTS)
	@set -e; for t in $(SAN_TESTS); do echo "== $$t (ASan+UBSan)"; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 $$t --jobs 2; done
vec-tests: $(BUILD)/mmucosim
	$(BUILD)/mmucosim vec $(VECTORS)

mutants: $(BUILD)/mmucosim
	$(BUILD)/mmucosim mutants

# The closing line sums every Criterion synthesis, the vector replay and the mutant table.
test: deps
	$(MAKE) -j2 all
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory rtl-lint unit-tests san-tests vec-tests mutants 2>&1 | tee $(BUILD)/test.log; \
	  status=$${PIPESTATUS[0]}; \
	  awk '/Synthesis:/ { for (i = 1; i <= NF; i++) { if ($$i == "Passing:") p += $$(i+1); \
	         if ($$i == "Failing:" || $$i == "Crashing:") f += $$(i+1) } } \
	       /^(vec|mutants): .* passed, .* failed/ { for (i = 1; i <= NF; i++) { if ($$i ~ /^passed/) p += $$(i-1); \
	         if ($$i ~ /^failed/) f += $$(i-1) } } \
	       END { printf "test: %d passed, %d failed\n", p, f }' $(BUILD)/test.log; \
	  exit $$status

# The default regression: the lockstep matrix (harts x TLB x latency x seeds), then the vectors.
run: deps
	$(MAKE) -j2 all
	$(BUILD)/mmucosim regress
	$(BUILD)/mmucosim vec $(VECTORS) $(SHARED_SAMPLES)

# Throughput: the model alone, the RTL alone, and the lockstep pair (the comparator's share printed).
bench: deps
	$(MAKE) all $(BUILD)/bench_model
	$(BUILD)/bench_model
	@echo "== RTL alone (4 harts simulated, 1 active, TLB 16, latency 4, seed 1)"
	$(BUILD)/mmucosim run --backend rtl --requests 50000 | tail -2
	@echo "== lockstep, model against RTL (same stream)"
	$(BUILD)/mmucosim run --backend both --requests 50000 | tail -2
	@echo "== lockstep, 4 harts, TLB 4, latency 1"
	$(BUILD)/mmucosim run --backend both --requests 50000 --harts 4 --tlb 4 --latency 1 | tail -2

lint: rtl-lint
	clang-format --dry-run -Werror model/*.[ch] tb/*.[ch] sw/*.[ch] tests/*.[ch] bench/*.c

format:
	clang-format -i model/*.[ch] tb/*.[ch] sw/*.[ch] tests/*.[ch] bench/*.c

clean:
	rm -rf $(BUILD)
