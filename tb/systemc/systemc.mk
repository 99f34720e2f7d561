# The TLM-2.0 MMU component and the SystemC platform (included by the top
# Makefile after rtl/rtl.mk). The RTL behind the component is rtl/rtl.mk's
# Verilated C++ models through the one harness (tb/verilator/rtl.h).
#
# Defines
#   SC_LIB    $(BUILD)/libmmusc.a: the component (mmu_tlm.h), the memory target,
#             the traffic generator and the platform; a platform links it with
#             $(SC_CLIBS) (the harness and the RTL among them) and $(SC_LDLIBS)
#   SC_BIN    $(BUILD)/mmusc: the example platform (tb/systemc/sc_main.cpp)
#   SC_TEST   $(BUILD)/tests/sc_agree: the test that the model and the RTL
#             agree under SystemC, and that an injected bug makes them differ
# Targets
#   sc-tests  run $(SC_TEST) (its last line: "systemc: N passed, N failed")
#   sc-bench  the component's speed: the model through TLM against direct C
#             calls, the RTL under SystemC against the C harness
#
# SystemC 2.3.4 from Debian: C++17, headers in /usr/include, a shared
# library (pkg-config systemc).

SC_CXX      ?= g++
SC_CXXFLAGS ?= -std=c++17 -O2 -g -Wall -Wextra -Werror
SC_CPPFLAGS := -I. -MMD -MP $(shell pkg-config --cflags systemc 2>/dev/null)
SC_LDLIBS   := $(shell pkg-config --libs systemc 2>/dev/null || echo -lsystemc) $(RTL_LDLIBS)

SC_MAINS := tb/systemc/sc_main.cpp tb/systemc/sc_agree.cpp
SC_SRC   := $(filter-out $(SC_MAINS),$(wildcard tb/systemc/*.cpp))
SC_OBJS  := $(patsubst %.cpp,$(BUILD)/obj/%.o,$(SC_SRC))
SC_LIB   := $(BUILD)/libmmusc.a
SC_BIN   := $(BUILD)/mmusc
SC_TEST  := $(BUILD)/tests/sc_agree
# What the component links from the C side: the model, its memory system
# and devices (side.h), the comparator's table (compare.h), the stimulus, and
# the RTL's harness with the Verilated models (a library before those it uses).
SC_CLIBS := $(BUILD)/libtb.a $(RTL_LIBS) $(BUILD)/libsw.a $(BUILD)/libmodel.a $(BUILD)/libdevices.a

.PHONY: sc-tests sc-bench

# The objects wait for the generated bug list (tb/verilator/rtl.h's builds).
$(BUILD)/obj/tb/systemc/%.o: tb/systemc/%.cpp | $(RTL_BUGS)
	@mkdir -p $(@D)
	$(SC_CXX) $(SC_CPPFLAGS) $(SC_CXXFLAGS) -c $< -o $@

$(SC_LIB): $(SC_OBJS)
	rm -f $@ && ar rcs $@ $^

$(SC_BIN): $(BUILD)/obj/tb/systemc/sc_main.o $(SC_LIB) $(SC_CLIBS)
	$(SC_CXX) $(SC_CXXFLAGS) $^ $(SC_LDLIBS) -o $@

$(SC_TEST): $(BUILD)/obj/tb/systemc/sc_agree.o $(SC_LIB) $(SC_CLIBS)
	@mkdir -p $(@D)
	$(SC_CXX) $(SC_CXXFLAGS) $^ $(SC_LDLIBS) -o $@

sc-tests: $(SC_TEST)
	$(SC_TEST)

# The same stimulus (seed 1, 1 hart, TLB 16, latency 4) each way, best of three; the ratios of the speeds.
SC_BENCH_MODEL_REQUESTS ?= 2000000
SC_BENCH_RTL_REQUESTS   ?= 50000
sc-bench: $(SC_BIN) $(BUILD)/mmucosim
	@bench/systemc_ratio.sh $(BUILD)/mmucosim $(SC_BIN) model $(SC_BENCH_MODEL_REQUESTS)
	@bench/systemc_ratio.sh $(BUILD)/mmucosim $(SC_BIN) rtl $(SC_BENCH_RTL_REQUESTS)
