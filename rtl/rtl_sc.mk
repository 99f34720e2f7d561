# The Verilated RTL as SystemC models (verilator --sc), behind the TLM-2.0
# component of tb/systemc/ (included by the top Makefile after rtl/rtl.mk,
# whose variant rule and flags it reuses).
#
# Defines
#   RTL_SC_LIB       $(BUILD)/rtl/sc/librtl_sc.a: the two SystemC variants and the
#                    Verilator runtime compiled for SystemC (VM_SC=1)
#   RTL_SC_VARIANTS  sc16 scmut: TLB of 16 entries, and the mutant build (16
#                    entries, +define+MMU_MUTANTS, bug number an input), each
#                    with its own --prefix (Vmmu_sc16, Vmmu_scmut)
#   RTL_SC_VFLAGS    rtl/rtl.mk's flags with --sc for --cc and without tracing
#   RTL_SC_CPPFLAGS  what C++ that includes their headers needs
# Targets
#   rtl-sc           build $(RTL_SC_LIB)
#
# The SystemC variants are Verilated after rtl/rtl.mk's three (order-only
# prerequisites), so `make -j2` still runs one Verilator build at a time.

RTL_SC_BUILD    := $(RTL_BUILD)/sc
RTL_SC_LIB      := $(RTL_SC_BUILD)/librtl_sc.a
RTL_SC_VARIANTS := sc16 scmut

# ---- Verilator flags: rtl/rtl.mk's, but ----
# a SystemC model (sc_in/sc_out ports, evaluated by SystemC's scheduler)
# instead of a C++ one, and no tracing: waveforms come from mmucosim's re-run
RTL_SC_VFLAGS := --sc $(filter-out --cc --trace-fst --trace-structs,$(RTL_VFLAGS))

# The Verilator runtime for SystemC models, compiled once (in sc16) for both
RTL_SC_RUNTIME_OBJS := verilated.o verilated_threads.o

RTL_SC_ARCHIVES := $(RTL_BUILD)/sc16/Vmmu_sc16__ALL.a $(RTL_BUILD)/scmut/Vmmu_scmut__ALL.a

# The models' headers and the runtime's (as system headers: they are not
# ours to keep warning-free), with the runtime's configuration.
RTL_SC_CPPFLAGS := -I$(RTL_GEN) -isystem $(VERILATOR_ROOT)/include -isystem $(VERILATOR_ROOT)/include/vltstd \
                   $(addprefix -isystem $(RTL_BUILD)/,$(RTL_SC_VARIANTS)) \
                   -DVM_TRACE=0 -DVM_COVERAGE=0 -DVM_SC=1

.PHONY: rtl-sc

$(eval $(call RTL_VARIANT_RULE,sc16,Vmmu_sc16,-GTlbEntries=16,$(RTL_SC_RUNTIME_OBJS),$(RTL_BUILD)/mut/Vmmu_mut__ALL.a,$(RTL_SC_VFLAGS)))
$(eval $(call RTL_VARIANT_RULE,scmut,Vmmu_scmut,-GTlbEntries=16 +define+MMU_MUTANTS,,$(RTL_BUILD)/sc16/Vmmu_sc16__ALL.a,$(RTL_SC_VFLAGS)))
$(RTL_SC_ARCHIVES): rtl/rtl_sc.mk

rtl-sc: $(RTL_SC_LIB)

# One archive: the variants' archives merged and the runtime.
$(RTL_SC_LIB): $(RTL_SC_ARCHIVES)
	@mkdir -p $(@D)
	rm -f $@
	{ echo "create $@"; for a in $(RTL_SC_ARCHIVES); do echo "addlib $$a"; done; \
	  for o in $(addprefix $(RTL_BUILD)/sc16/,$(RTL_SC_RUNTIME_OBJS)); do echo "addmod $$o"; done; \
	  echo save; echo end; } | ar -M
	ranlib $@
