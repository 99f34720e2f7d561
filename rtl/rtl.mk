# The Verilated RTL, as a static library that C code links (included by the
# top Makefile; `make -f rtl/rtl.mk rtl` works alone too).
#
# Defines
#   RTL_SRC      the SystemVerilog sources, package first
#   RTL_LIBS     what to link: $(BUILD)/rtl/librtl.a (the three Verilated
#                variants, the Verilator runtime and tb/verilator/rtl.cpp, the C API of
#                tb/verilator/rtl.h); it needs libmodel.a after it (mm_mem_*)
#   RTL_LDLIBS   the system libraries it needs: -lstdc++ -lm -lz -pthread -latomic
#   RTL_VARIANTS t4 t16 mut: TLB of 4 and 16 entries, and the mutant build
#                (16 entries, +define+MMU_MUTANTS), each Verilated with its own
#                --prefix (Vmmu_t4, Vmmu_t16, Vmmu_mut) into build/rtl/<variant>/
#   RTL_VFLAGS   the Verilator flags, one per line below
# Targets
#   rtl          build $(RTL_LIBS)
#   rtl-lint     verilator --lint-only -Wall --assert, normal and mutant; waivers only in rtl/lint.vlt
#   rtl-clean    remove build/rtl
# Knobs: VERILATOR, RTL_OPT_FAST (-O2), RTL_OPT_GLOBAL (-O2), RTL_CXXFLAGS.
#
# The variants are Verilated one after another (order-only prerequisites), so
# `make -j2` never runs two Verilator builds at once.

RTL_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

BUILD          ?= build
VERILATOR      ?= verilator
VERILATOR_ROOT ?= $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)
CXX            ?= g++

RTL_SRC   := rtl/mmu_pkg.sv rtl/mmu_tlb.sv rtl/mmu_ptw.sv rtl/mmu_hart.sv rtl/mmu_arbiter.sv rtl/mmu_cache.sv \
             rtl/mmu_wcb.sv rtl/mmu_memsys.sv rtl/mmu_top.sv rtl/mmu_sim_top.sv
RTL_INC   := rtl/mmu_bug.svh
# Generated from rtl/mutants.txt (rtl/gen_bugs.awk): bug_e for the package,
# MMU_BUGS(X) for C and C++ (tb/verilator/rtl.cpp)
RTL_GEN   := $(BUILD)/gen
# and from rtl/layout.txt (rtl/gen_layout.awk) the struct fields a harness reads: mmu_layout.svh for
# mmu_sim_top's layout outputs, mmu_layout.h (LAYOUT_FIELDS(X)) for tb/verilator/rtl_layout.h. RTL_BUGS
# names them all, with mmu_ports.svh (rtl/ports.txt by rtl/gen_ports.awk: mmu_sim_top's copy of mmu_top's
# ports): what the RTL and its harness include that is generated.
RTL_BUGS  := $(RTL_GEN)/mmu_bugs.svh $(RTL_GEN)/mmu_bugs.h $(RTL_GEN)/mmu_layout.svh $(RTL_GEN)/mmu_layout.h \
             $(RTL_GEN)/mmu_ports.svh
RTL_VLT   := rtl/lint.vlt
RTL_BUILD := $(BUILD)/rtl
RTL_LIB   := $(RTL_BUILD)/librtl.a

RTL_LIBS   := $(RTL_LIB)
RTL_LDLIBS := -lstdc++ -lm -lz -pthread -latomic

# Verilator's runtime prints with VL_PRINTF: the harness's function, declared by a header forced in
RTL_PRINT_FLAGS := -DVL_PRINTF=rtl_vl_printf -include $(abspath tb/verilator/rtl_print.h)

# ---- Verilator flags ----
RTL_VFLAGS :=
# C++ model only: no --exe, the harness is tb/verilator/rtl.cpp behind a C API
RTL_VFLAGS += --cc
# the top of the design
RTL_VFLAGS += --top-module mmu_sim_top
# `include search path: rtl/ (mmu_bug.svh) and the generated bug list
RTL_VFLAGS += +incdir+$(abspath rtl) +incdir+$(abspath $(RTL_GEN))
# FST tracing compiled in; off until tb/verilator/rtl.cpp opens a file (rtl_trace_open)
RTL_VFLAGS += --trace-fst
# packed structs appear as structs in GTKWave, not as flat vectors
RTL_VFLAGS += --trace-structs
# the RTL's assertions stay on (at most one TLB hit, one outstanding request...)
RTL_VFLAGS += --assert
# Verilator's own optimisations, all on
RTL_VFLAGS += -O3
# every variable starts at 0, the same with and without tracing (every flop is reset too)
RTL_VFLAGS += --x-initial 0
# X assignments (none expected) also give 0, never a random value
RTL_VFLAGS += --x-assign 0
# all lint warnings, fatal: the sources are clean; waivers only in rtl/lint.vlt
RTL_VFLAGS += -Wall
# the runtime prints through the harness (tb/verilator/rtl_print.h), which catches failed assertions
RTL_VFLAGS += -CFLAGS '$(RTL_PRINT_FLAGS)'
# NumHarts stays at its default (4): rtl_config.harts uses the first ones

# Optimisation of the generated C++ (verilated.mk's default is -Os; -O3
# measured no faster than -O2 here, and compiles slower)
RTL_OPT_FAST   ?= -O2
RTL_OPT_GLOBAL ?= -O2
RTL_MAKEFLAGS  := OPT_FAST=$(RTL_OPT_FAST) OPT_GLOBAL=$(RTL_OPT_GLOBAL)

# The Verilator runtime, compiled once (in the t16 variant) for all three
RTL_RUNTIME_OBJS := verilated.o verilated_fst_c.o verilated_threads.o

RTL_VARIANTS := t4 t16 mut
RTL_ARCHIVES := $(RTL_BUILD)/t4/Vmmu_t4__ALL.a $(RTL_BUILD)/t16/Vmmu_t16__ALL.a \
                $(RTL_BUILD)/mut/Vmmu_mut__ALL.a

# tb/verilator/rtl.cpp sees the three models' headers and the runtime's, with the
# runtime's configuration (tracing compiled in, FST, no SystemC, no coverage).
RTL_CXXFLAGS ?= -std=gnu++17 -O2 -g -Wall -Wextra -Wno-unused-parameter
RTL_CPPFLAGS := -I. -I$(RTL_GEN) -MMD -MP -I$(VERILATOR_ROOT)/include -I$(VERILATOR_ROOT)/include/vltstd \
                $(addprefix -I$(RTL_BUILD)/,$(RTL_VARIANTS)) \
                -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_TRACE_VCD=0 -DVM_COVERAGE=0 -DVM_SC=0 $(RTL_PRINT_FLAGS)

.PHONY: rtl rtl-lint rtl-clean

# A generated file: awk's options $(1) and script $(2) over the table $<, through a temporary file, so
# that a refused table never replaces the file.
RTL_GENERATE = @mkdir -p $(@D) && awk $(1) -f $(2) $< > $@.tmp && mv $@.tmp $@

$(RTL_GEN)/mmu_bugs.svh: rtl/mutants.txt rtl/gen_bugs.awk
	$(call RTL_GENERATE,-v out=sv,rtl/gen_bugs.awk)
$(RTL_GEN)/mmu_bugs.h: rtl/mutants.txt rtl/gen_bugs.awk
	$(call RTL_GENERATE,-v out=c,rtl/gen_bugs.awk)
$(RTL_GEN)/mmu_ports.svh: rtl/ports.txt rtl/gen_ports.awk rtl/gen_rows.awk
	$(call RTL_GENERATE,-f rtl/gen_rows.awk,rtl/gen_ports.awk)
$(RTL_GEN)/mmu_layout.svh: rtl/layout.txt rtl/gen_layout.awk rtl/gen_rows.awk
	$(call RTL_GENERATE,-v out=sv -f rtl/gen_rows.awk,rtl/gen_layout.awk)
$(RTL_GEN)/mmu_layout.h: rtl/layout.txt rtl/gen_layout.awk rtl/gen_rows.awk
	$(call RTL_GENERATE,-v out=c -f rtl/gen_rows.awk,rtl/gen_layout.awk)

rtl: $(RTL_LIB)

# $(1): variant directory, $(2): --prefix, $(3): extra Verilator flags,
# $(4): runtime objects to compile there, $(5): variant Verilated before it,
# $(6): the Verilator flags if not RTL_VFLAGS (rtl/rtl_cov.mk's coverage builds)
define RTL_VARIANT_RULE
$(RTL_BUILD)/$(1)/$(2)__ALL.a: $(RTL_SRC) $(RTL_INC) $(RTL_BUGS) $(RTL_VLT) rtl/rtl.mk tb/verilator/rtl_print.h | $(5)
	@mkdir -p $(RTL_BUILD)/$(1)
	@echo "== verilator $(1) ($(2))"
	@t0=$$$$(date +%s); \
	$(VERILATOR) $(or $(6),$(RTL_VFLAGS)) $(3) --prefix $(2) --Mdir $(RTL_BUILD)/$(1) \
	  $(abspath $(RTL_VLT) $(RTL_SRC)) && \
	$$(MAKE) --no-print-directory -s -C $(RTL_BUILD)/$(1) -f $(2).mk $(RTL_MAKEFLAGS) \
	  $(2)__ALL.a $(4) && touch $$@ && \
	echo "== $(1) built in $$$$(( $$$$(date +%s) - t0 )) s"
endef

$(eval $(call RTL_VARIANT_RULE,t4,Vmmu_t4,-GTlbEntries=4,,))
$(eval $(call RTL_VARIANT_RULE,t16,Vmmu_t16,-GTlbEntries=16,$(RTL_RUNTIME_OBJS),$(RTL_BUILD)/t4/Vmmu_t4__ALL.a))
$(eval $(call RTL_VARIANT_RULE,mut,Vmmu_mut,-GTlbEntries=16 +define+MMU_MUTANTS,,$(RTL_BUILD)/t16/Vmmu_t16__ALL.a))

$(RTL_BUILD)/tb/rtl.o: tb/verilator/rtl.cpp $(RTL_ARCHIVES)
	@mkdir -p $(@D)
	$(CXX) $(RTL_CXXFLAGS) $(RTL_CPPFLAGS) -c $< -o $@

# One archive: the variants' archives merged, the runtime, the C API.
$(RTL_LIB): $(RTL_ARCHIVES) $(RTL_BUILD)/tb/rtl.o
	rm -f $@
	{ echo "create $@"; for a in $(RTL_ARCHIVES); do echo "addlib $$a"; done; \
	  for o in $(addprefix $(RTL_BUILD)/t16/,$(RTL_RUNTIME_OBJS)) $(RTL_BUILD)/tb/rtl.o; do \
	    echo "addmod $$o"; done; echo save; echo end; } | ar -M
	ranlib $@

# --assert as in the builds, so that lint sees the assertions as they do.
rtl-lint: $(RTL_BUGS)
	$(VERILATOR) --lint-only -Wall --assert --top-module mmu_sim_top +incdir+rtl +incdir+$(RTL_GEN) \
	  $(RTL_VLT) $(RTL_SRC)
	$(VERILATOR) --lint-only -Wall --assert --top-module mmu_sim_top +incdir+rtl +incdir+$(RTL_GEN) \
	  +define+MMU_MUTANTS $(RTL_VLT) $(RTL_SRC)

rtl-clean:
	rm -rf $(RTL_BUILD)

.DEFAULT_GOAL := $(RTL_SAVED_DEFAULT_GOAL)
