# The readers' fuzz targets (tests/fuzz/fuzz_*.c, README.md "Fuzzing"): vector files, replay files,
# coverage files, lackey traces, the report's tab-separated tables and JUnit files. Nothing here needs the RTL.
#
#   make fuzz        build each target with clang's libFuzzer, ASan and UBSan, and run each for
#                    FUZZ_SECONDS (default 60) from its corpus in tests/fuzz/<reader>/; new inputs go
#                    to build/fuzz/corpus/<reader>/, crashes to build/fuzz/crashes/<reader>/
#   make fuzz-tests  every corpus file through its target once (gcc, ASan and UBSan; part of make test)
#
#   FUZZ_SECONDS=600 make fuzz              longer runs
#   FUZZ_TARGETS="vec cov" make fuzz        some of the readers only
#   FUZZ_FLAGS="-jobs=2 -workers=2" ...     more libFuzzer options

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= vec replay cov trace tsv junit
FUZZ_FLAGS   ?=
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_CC      := clang
FUZZ_CFLAGS  := $(CSTD) -I. $(WARN) -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_HDRS     = $(wildcard model/*.h devices/*.h sw/*.h sw/*/*.h tb/*/*.h tests/fuzz/*.h)

# make deps installs clang too (make fuzz needs it; make test does not).
DEPS += clang
.PHONY: fuzz fuzz-tests fuzz-build fuzz-lint

# make lint checks the targets' format too.
lint: fuzz-lint
fuzz-lint:
	clang-format --dry-run -Werror $(wildcard tests/fuzz/*.c tests/fuzz/*.h)

# libFuzzer's build: the sources instrumented once (fuzzer-no-link), each target linked with -fsanitize=fuzzer.
$(FUZZ_DIR)/obj/%.o: %.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@
$(FUZZ_DIR)/fuzz-%: tests/fuzz/fuzz_%.c $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(SAN_SRC)) $(FUZZ_HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined $< $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(SAN_SRC)) -o $@

fuzz-build: deps
	$(MAKE) --no-print-directory $(patsubst %,$(FUZZ_DIR)/fuzz-%,$(FUZZ_TARGETS))

# Each target for FUZZ_SECONDS, one after the other; the closing lines give each one's executions and
# what it found (libFuzzer's own log in build/fuzz/<reader>.log).
fuzz: fuzz-build
	@rc=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/crashes/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/$$t.log)"; \
	  ASAN_OPTIONS=detect_leaks=1 $(FUZZ_DIR)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/crashes/$$t/ -dict=tests/fuzz/$$t.dict $(FUZZ_FLAGS) \
	    $(FUZZ_DIR)/corpus/$$t tests/fuzz/$$t > $(FUZZ_DIR)/$$t.log 2>&1 || rc=1; \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/$$t.log | tail -1); \
	  found=$$(ls $(FUZZ_DIR)/crashes/$$t | wc -l); \
	  echo "fuzz $$t: $${runs:-0} executions in $(FUZZ_SECONDS) s, $$found finding(s) in $(FUZZ_DIR)/crashes/$$t"; \
	  grep -m1 -E '^==[0-9]+==ERROR|^fuzz: |^SUMMARY' $(FUZZ_DIR)/$$t.log || true; \
	done; exit $$rc

# The corpus replay: gcc with the sanitizers of make test; each target's LLVMFuzzerTestOneInput renamed
# fuzz_<reader> so that one program holds all six (tests/fuzz/fuzz_replay_corpora.c).
$(FUZZ_DIR)/gcc/%.o: %.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -I. $(WARN) $(SANFLAGS) -c $< -o $@
$(FUZZ_DIR)/gcc/tests/fuzz/fuzz_%.o: tests/fuzz/fuzz_%.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -I. $(WARN) $(SANFLAGS) -DLLVMFuzzerTestOneInput=fuzz_$* -c $< -o $@
FUZZ_REPLAY_OBJ := $(patsubst %.c,$(FUZZ_DIR)/gcc/%.o,$(SAN_SRC) $(wildcard tests/fuzz/*.c))
$(FUZZ_DIR)/fuzz_replay_corpora: $(FUZZ_REPLAY_OBJ)
	$(CC) $(SANFLAGS) $^ -o $@

fuzz-tests: $(FUZZ_DIR)/fuzz_replay_corpora
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $< tests/fuzz
