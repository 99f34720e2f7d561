# The Verilated RTL with line and toggle coverage, for `make coverage`
# (included by the top Makefile after rtl/rtl.mk, whose variant rule and
# flags it reuses).
#
# Defines
#   RTL_COV_LIB       $(BUILD)/rtl/cov/librtl_cov.a: the two coverage variants, the
#                     Verilator runtime compiled with coverage (VM_COVERAGE=1) and
#                     tb/verilator/rtl.cpp compiled for them (RTL_COVERAGE)
#   RTL_COV_VARIANTS  c4 c16: TLBs of 4 and 16 entries (no mutant build), each with
#                     its own --prefix (Vmmu_c4, Vmmu_c16)
#   RTL_COV_VFLAGS    rtl/rtl.mk's flags with --coverage-line --coverage-toggle
# Targets
#   rtl-cov           build $(RTL_COV_LIB)
#
# A binary linked with it writes each run's counts to
# $MMUCOSIM_RTL_COVERAGE/rtl-*.dat (verilator_coverage's format) when that
# variable names a directory. The variants are Verilated after the others
# (order-only prerequisites): one Verilator build at a time.

RTL_COV_BUILD    := $(RTL_BUILD)/cov
RTL_COV_LIB      := $(RTL_COV_BUILD)/librtl_cov.a
RTL_COV_VARIANTS := c4 c16

# ---- Verilator flags: rtl/rtl.mk's, and ----
# every statement and branch, and every bit of every signal, counted
RTL_COV_VFLAGS := $(RTL_VFLAGS) --coverage-line --coverage-toggle

# The Verilator runtime with coverage, compiled once (in c16) for both
RTL_COV_RUNTIME_OBJS := verilated.o verilated_cov.o verilated_fst_c.o verilated_threads.o

RTL_COV_ARCHIVES := $(RTL_BUILD)/c4/Vmmu_c4__ALL.a $(RTL_BUILD)/c16/Vmmu_c16__ALL.a

.PHONY: rtl-cov

$(eval $(call RTL_VARIANT_RULE,c4,Vmmu_c4,-GTlbEntries=4,,$(RTL_BUILD)/mut/Vmmu_mut__ALL.a,$(RTL_COV_VFLAGS)))
$(eval $(call RTL_VARIANT_RULE,c16,Vmmu_c16,-GTlbEntries=16,$(RTL_COV_RUNTIME_OBJS),$(RTL_BUILD)/c4/Vmmu_c4__ALL.a,$(RTL_COV_VFLAGS)))
$(RTL_COV_ARCHIVES): rtl/rtl_cov.mk

$(RTL_COV_BUILD)/rtl.o: tb/verilator/rtl.cpp $(RTL_COV_ARCHIVES)
	@mkdir -p $(@D)
	$(CXX) $(RTL_CXXFLAGS) -I. -I$(RTL_GEN) -MMD -MP -I$(VERILATOR_ROOT)/include -I$(VERILATOR_ROOT)/include/vltstd \
	  $(addprefix -I$(RTL_BUILD)/,$(RTL_COV_VARIANTS)) -DRTL_COVERAGE=1 \
	  -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_TRACE_VCD=0 -DVM_COVERAGE=1 -DVM_SC=0 -c $< -o $@

rtl-cov: $(RTL_COV_LIB)

# One archive: the variants' archives merged, the runtime, the C API.
$(RTL_COV_LIB): $(RTL_COV_ARCHIVES) $(RTL_COV_BUILD)/rtl.o
	rm -f $@
	{ echo "create $@"; for a in $(RTL_COV_ARCHIVES); do echo "addlib $$a"; done; \
	  for o in $(addprefix $(RTL_BUILD)/c16/,$(RTL_COV_RUNTIME_OBJS)) $(RTL_COV_BUILD)/rtl.o; do \
	    echo "addmod $$o"; done; echo save; echo end; } | ar -M
	ranlib $@

-include $(RTL_COV_BUILD)/rtl.d
