# The value checker (tb/cosim/scoreboard.{c,h}, its engine side tb/cosim/cosim_value.c), included by the
# Makefile before the rules that read SAN_SRC.
#
# The engine (cosim.c) calls it, so the sanitizer builds compile it too.
SAN_SRC += tb/cosim/scoreboard.c tb/cosim/cosim_value.c

# tests/test_cosim_value.c: the model with a planted bug (MM_PLANTED_STORE_LANES_MOD4 in model/mmu.c, the
# misunderstanding the RTL's mutant store_lanes_mod4 plants too) against that mutant, where lockstep sees
# nothing and the value checker sees the wrong bytes. Only this test links the planted object: it comes
# before libmodel.a, whose own mmu.o the linker then leaves out (the same symbols).
VALUE_PLANTED_OBJ := $(BUILD)/value/mmu_planted.o
$(VALUE_PLANTED_OBJ): model/mmu.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -DMM_PLANTED_STORE_LANES_MOD4 -c $< -o $@
-include $(VALUE_PLANTED_OBJ:.o=.d)

# (The Makefile's LIBS, spelled out: this file is read before it is defined.)
$(BUILD)/tests/test_cosim_value: $(BUILD)/obj/tests/test_cosim_value.o $(VALUE_PLANTED_OBJ) $(BUILD)/libtb.a \
                                 $(RTL_LIBS) $(BUILD)/libsw.a $(BUILD)/libmodel.a $(BUILD)/libdevices.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $^ $(CRITERION_LIBS) $(RTL_LDLIBS) -o $@
