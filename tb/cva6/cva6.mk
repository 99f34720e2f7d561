# CVA6's MMU (third_party/cva6/, vendored) in the project's wrapper (tb/cva6/), Verilated as a
# static library that C code links through tb/cva6/cva6_sim.h. Included by the top Makefile.
#
# Defines
#   CVA6_SRC       the SystemVerilog sources, packages first (the vendored files, then ours)
#   CVA6_LIB       $(BUILD)/cva6/libcva6.a: the three Verilated variants and the harness
#                  tb/cva6/cva6_sim.cpp; it needs the Verilator runtime of $(RTL_LIBS) and
#                  libmodel.a after it
#   CVA6_DUT       the objects of CVA6's DUT classes and vector runner (tb/cva6/dut_cva6.c, cva6_vec.c)
#                  and $(CVA6_LIB), for a
#                  program to link before $(LIBS) (mmucosim, the CVA6 tests)
#   CVA6_VARIANTS  s, h, st: Sv39; Sv39 with the H extension; Sv39 with the shared TLB, each
#                  Verilated with its own --prefix (Vcva6_s, Vcva6_h, Vcva6_st) into build/cva6/<v>/
# Targets
#   cva6           build $(CVA6_LIB)
#   cva6-lint      verilator --lint-only -Wall over each variant: the wrapper has no waiver, the
#                  vendored files' are in third_party/cva6/cva6.vlt (make lint runs it too)
#   cva6-manifest  the vendored files against third_party/cva6/MANIFEST
#   cva6-clean     remove build/cva6
#
# The variants are Verilated one after another (order-only prerequisites): `make -j2` never runs
# two Verilator builds at once.

CVA6_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CVA6_TP  := third_party/cva6
CVA6_SRC := $(CVA6_TP)/core/include/config_pkg.sv tb/cva6/cva6_config_pkg.sv \
            $(CVA6_TP)/core/include/build_config_pkg.sv $(CVA6_TP)/core/include/riscv_pkg.sv \
            $(CVA6_TP)/core/include/ariane_pkg.sv $(CVA6_TP)/vendor/pulp-platform/common_cells/src/cf_math_pkg.sv \
            tb/cva6/cva6_types_pkg.sv \
            $(CVA6_TP)/core/cva6_mmu/cva6_mmu.sv $(CVA6_TP)/core/cva6_mmu/cva6_ptw.sv \
            $(CVA6_TP)/core/cva6_mmu/cva6_tlb.sv $(CVA6_TP)/core/cva6_mmu/cva6_shared_tlb.sv \
            $(CVA6_TP)/core/pmp/src/pmp.sv $(CVA6_TP)/core/pmp/src/pmp_entry.sv \
            $(CVA6_TP)/vendor/pulp-platform/common_cells/src/lzc.sv \
            $(CVA6_TP)/vendor/pulp-platform/common_cells/src/lfsr.sv \
            $(CVA6_TP)/common/local/util/sram.sv $(CVA6_TP)/common/local/util/tc_sram_wrapper.sv \
            $(CVA6_TP)/vendor/pulp-platform/tech_cells_generic/src/rtl/tc_sram.sv \
            tb/cva6/cva6_mmu_top.sv
CVA6_VLT   := $(CVA6_TP)/cva6.vlt
CVA6_BUILD := $(BUILD)/cva6
CVA6_LIB   := $(CVA6_BUILD)/libcva6.a

# ---- Verilator flags ----
CVA6_VFLAGS :=
# C++ model only: the harness is tb/cva6/cva6_sim.cpp behind a C API
CVA6_VFLAGS += --cc
# the wrapper is the top
CVA6_VFLAGS += --top-module cva6_mmu_top
# Verilator's own optimisations, all on
CVA6_VFLAGS += -O3
# every variable starts at 0 (CVA6 resets its flops; the SRAM's contents are not reset)
CVA6_VFLAGS += --x-initial 0
# X assignments give 0, never a random value
CVA6_VFLAGS += --x-assign 0
# all lint warnings, fatal: the vendored files' waivers in cva6.vlt, none for the wrapper
CVA6_VFLAGS += -Wall
# FST tracing compiled in; off until cva6_trace_open() opens a file
CVA6_VFLAGS += --trace-fst
# packed structs (the PTEs, the TLB updates, the cache port) appear as structs in GTKWave
CVA6_VFLAGS += --trace-structs

CVA6_MAKEFLAGS := OPT_FAST=-O2 OPT_GLOBAL=-O2

CVA6_DUT := $(BUILD)/obj/tb/cva6/dut_cva6.o $(BUILD)/obj/tb/cva6/cva6_vec.o $(CVA6_LIB)

CVA6_VARIANTS := s h st
CVA6_ARCHIVES := $(CVA6_BUILD)/s/Vcva6_s__ALL.a $(CVA6_BUILD)/h/Vcva6_h__ALL.a $(CVA6_BUILD)/st/Vcva6_st__ALL.a

CVA6_CXXFLAGS ?= -std=gnu++17 -O2 -g -Wall -Wextra -Wno-unused-parameter
CVA6_CPPFLAGS := -I. -MMD -MP -I$(VERILATOR_ROOT)/include -I$(VERILATOR_ROOT)/include/vltstd \
                 $(addprefix -I$(CVA6_BUILD)/,$(CVA6_VARIANTS)) \
                 -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_TRACE_VCD=0 -DVM_COVERAGE=0 -DVM_SC=0

.PHONY: cva6 cva6-lint cva6-manifest cva6-clean

cva6: $(CVA6_LIB)

# $(1): variant directory, $(2): --prefix, $(3): extra Verilator flags, $(4): variant Verilated before it
define CVA6_VARIANT_RULE
$(CVA6_BUILD)/$(1)/$(2)__ALL.a: $(CVA6_SRC) $(CVA6_VLT) tb/cva6/cva6.mk | $(4)
	@mkdir -p $(CVA6_BUILD)/$(1)
	@echo "== verilator cva6 $(1) ($(2))"
	@t0=$$$$(date +%s); \
	$(VERILATOR) $(CVA6_VFLAGS) $(3) --prefix $(2) --Mdir $(CVA6_BUILD)/$(1) $(abspath $(CVA6_VLT) $(CVA6_SRC)) && \
	$$(MAKE) --no-print-directory -s -C $(CVA6_BUILD)/$(1) -f $(2).mk $(CVA6_MAKEFLAGS) $(2)__ALL.a && \
	touch $$@ && echo "== cva6 $(1) built in $$$$(( $$$$(date +%s) - t0 )) s"
endef

$(eval $(call CVA6_VARIANT_RULE,s,Vcva6_s,,))
$(eval $(call CVA6_VARIANT_RULE,h,Vcva6_h,+define+MMUCOSIM_CVA6_RVH,$(CVA6_BUILD)/s/Vcva6_s__ALL.a))
$(eval $(call CVA6_VARIANT_RULE,st,Vcva6_st,+define+MMUCOSIM_CVA6_SHARED_TLB,$(CVA6_BUILD)/h/Vcva6_h__ALL.a))

$(CVA6_BUILD)/tb/cva6_sim.o: tb/cva6/cva6_sim.cpp $(CVA6_ARCHIVES)
	@mkdir -p $(@D)
	$(CXX) $(CVA6_CXXFLAGS) $(CVA6_CPPFLAGS) -c $< -o $@

# One archive: the variants' archives merged, and the C API. The Verilator runtime is
# $(RTL_LIBS)'s (one copy in a program).
$(CVA6_LIB): $(CVA6_ARCHIVES) $(CVA6_BUILD)/tb/cva6_sim.o
	rm -f $@
	{ echo "create $@"; for a in $(CVA6_ARCHIVES); do echo "addlib $$a"; done; \
	  echo "addmod $(CVA6_BUILD)/tb/cva6_sim.o"; echo save; echo end; } | ar -M
	ranlib $@

# The test that runs CVA6 against the model links the CVA6 library before the others.
$(BUILD)/tests/test_rtl_cva6: $(call obj,tests/test_rtl_cva6.c) $(CVA6_LIB) $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $^ $(CRITERION_LIBS) $(RTL_LDLIBS) -o $@

# The engine's timing-free comparison with CVA6's DUT classes (and the project's RTL).
$(BUILD)/tests/test_cosim_cva6: $(call obj,tests/test_cosim_cva6.c) $(CVA6_DUT) $(LIBS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $^ $(CRITERION_LIBS) $(RTL_LDLIBS) -o $@

cva6-lint:
	$(VERILATOR) --lint-only -Wall --top-module cva6_mmu_top $(CVA6_VLT) $(CVA6_SRC)
	$(VERILATOR) --lint-only -Wall --top-module cva6_mmu_top +define+MMUCOSIM_CVA6_RVH $(CVA6_VLT) $(CVA6_SRC)
	$(VERILATOR) --lint-only -Wall --top-module cva6_mmu_top +define+MMUCOSIM_CVA6_SHARED_TLB $(CVA6_VLT) $(CVA6_SRC)
lint: cva6-lint

cva6-manifest:
	$(CVA6_TP)/check_manifest.sh

cva6-clean:
	rm -rf $(CVA6_BUILD)

-include $(shell find $(CVA6_BUILD)/tb -name '*.d' 2>/dev/null)

.DEFAULT_GOAL := $(CVA6_SAVED_DEFAULT_GOAL)
