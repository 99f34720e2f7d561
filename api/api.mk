# The golden model where other testbenches work (issue 18), included by the Makefile.
#
#   make lib         build/api/libmmucosim.a and libmmucosim.so.VERSION: the model with the C API of
#                    api/mmucosim.h (the shared library exports that API only: api/mmucosim.map)
#   make install     PREFIX=/usr/local (DESTDIR too): the libraries, the header in
#                    include/mmucosim-MAJOR.MINOR/, mmucosim.pc for pkg-config, the SystemVerilog package
#                    (share/mmucosim/mmucosim_pkg.sv), the mmucosim command and its bash completion
#   make uninstall   removes exactly what install put there (the same PREFIX)
#   make dpi-tests   the SystemVerilog testbench tb/dpi/tb_dpi.sv (Verilator --binary --timing) over the RTL
#                    with the model through DPI-C: clean on 3 seeds and on the mutant build with no bug,
#                    injected bug 8 caught; and the package's example api/example.sv; a closing
#                    `dpi: N passed, N failed` line
#   make rtl-lcov    after make coverage (which runs it): build/coverage/rtl.info and its genhtml view
# The library's test is tests/test_api.c (in unit-tests and san-tests, as every Criterion suite): the
# API, the exported symbols, the header as C and C++, an install and a program built out of the tree
# against it with pkg-config, and the completion against every command's --help.

MMC_VERSION := $(shell awk '$$1 ~ /^.define$$/ && $$2 ~ /^MMC_VERSION_(MAJOR|MINOR|PATCH)$$/ { v = v (v == "" ? "" : ".") $$3 } \
                       END { print v }' api/mmucosim.h)
MMC_MAJOR   := $(word 1,$(subst ., ,$(MMC_VERSION)))
MMC_API     := $(MMC_MAJOR).$(word 2,$(subst ., ,$(MMC_VERSION)))
API_DIR     := $(BUILD)/api
API_A       := $(API_DIR)/libmmucosim.a
API_SO      := $(API_DIR)/libmmucosim.so.$(MMC_VERSION)
API_SONAME  := libmmucosim.so.$(MMC_MAJOR)
# The library is the model (model/*.c) and the API over it; no devices, no testbench.
API_SRC     := $(MODEL_SRC) api/mmucosim.c

PREFIX     ?= /usr/local
DESTDIR    ?=
LIBDIR     ?= $(PREFIX)/lib
INCDIR     := $(PREFIX)/include/mmucosim-$(MMC_API)
PCDIR      ?= $(LIBDIR)/pkgconfig
SHAREDIR   := $(PREFIX)/share/mmucosim
BINDIR     ?= $(PREFIX)/bin
COMPDIR    ?= $(PREFIX)/share/bash-completion/completions

SAN_SRC += api/mmucosim.c

.PHONY: lib install uninstall dpi-tests

lib: $(API_A) $(API_SO)

$(API_A): $(patsubst %.c,$(BUILD)/obj/%.o,$(API_SRC))
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# The shared library's objects: position-independent, in build/pic/.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -c $< -o $@

# Their header dependencies (written beside them by -MMD), so that a changed model header rebuilds them.
-include $(shell find $(BUILD)/pic -name '*.d' 2>/dev/null)

# Only the API is exported (the version script's node MMUCOSIM_MAJOR); the model's own functions are local.
$(API_SO): $(patsubst %.c,$(BUILD)/pic/%.o,$(API_SRC)) api/mmucosim.map
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,$(API_SONAME) -Wl,--version-script=api/mmucosim.map -Wl,--no-undefined \
	  $(filter %.o,$^) -o $@
	ln -sf $(notdir $@) $(API_DIR)/$(API_SONAME)
	ln -sf $(notdir $@) $(API_DIR)/libmmucosim.so

# What install puts where; uninstall removes this list (and the folders it made, when empty).
INSTALLED := $(LIBDIR)/libmmucosim.a $(LIBDIR)/libmmucosim.so.$(MMC_VERSION) $(LIBDIR)/$(API_SONAME) \
             $(LIBDIR)/libmmucosim.so $(INCDIR)/mmucosim.h $(PCDIR)/mmucosim.pc $(SHAREDIR)/mmucosim_pkg.sv \
             $(BINDIR)/mmucosim $(COMPDIR)/mmucosim

install: $(API_A) $(API_SO) $(BUILD)/mmucosim
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(PCDIR) $(DESTDIR)$(SHAREDIR) \
	  $(DESTDIR)$(BINDIR) $(DESTDIR)$(COMPDIR)
	install -m 644 $(API_A) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(API_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf libmmucosim.so.$(MMC_VERSION) $(DESTDIR)$(LIBDIR)/$(API_SONAME)
	ln -sf $(API_SONAME) $(DESTDIR)$(LIBDIR)/libmmucosim.so
	install -m 644 api/mmucosim.h $(DESTDIR)$(INCDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCDIR@|$(INCDIR)|; s|@VERSION@|$(MMC_VERSION)|' \
	  api/mmucosim.pc.in > $(DESTDIR)$(PCDIR)/mmucosim.pc
	install -m 644 api/mmucosim_pkg.sv $(DESTDIR)$(SHAREDIR)/
	install -m 755 $(BUILD)/mmucosim $(DESTDIR)$(BINDIR)/
	install -m 644 tb/cli/mmucosim.bash $(DESTDIR)$(COMPDIR)/mmucosim
	@echo "install: libmmucosim $(MMC_VERSION) in $(DESTDIR)$(PREFIX) (pkg-config: PKG_CONFIG_PATH=$(DESTDIR)$(PCDIR))"

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(INCDIR) $(DESTDIR)$(SHAREDIR) 2>/dev/null
	@echo "uninstall: libmmucosim removed from $(DESTDIR)$(PREFIX)"

# ---- The SystemVerilog testbench over DPI-C ----
DPI_DIR := $(BUILD)/dpi
# The RTL as rtl/rtl.mk has it, without the harness's top (tb_dpi instantiates mmu_top).
DPI_RTL := $(filter-out rtl/mmu_sim_top.sv,$(RTL_SRC))
DPI_SRC := api/mmucosim_pkg.sv $(DPI_RTL) tb/dpi/tb_dpi.sv
DPI_VFLAGS :=
# a SystemVerilog-only testbench: its own main, delays and event controls
DPI_VFLAGS += --binary --timing
DPI_VFLAGS += --top-module tb_dpi
# rtl/mmu_bug.svh and the generated bug list
DPI_VFLAGS += +incdir+$(abspath rtl) +incdir+$(abspath $(RTL_GEN))
# the RTL's assertions on, every variable starting at 0, as in rtl/rtl.mk
DPI_VFLAGS += --assert --x-initial 0 --x-assign 0
# lint as the RTL's, the waivers of rtl/lint.vlt
DPI_VFLAGS += -Wall

# $(1): build name, $(2): extra flags. The static library is linked (Verilator compiles .c as C++).
define DPI_BUILD_RULE
$(DPI_DIR)/$(1)/Vtb_dpi: $(DPI_SRC) $(RTL_INC) $(RTL_BUGS) $(RTL_VLT) tb/dpi/tb_dpi.vlt $(API_A) api/api.mk
	@mkdir -p $(DPI_DIR)/$(1)
	@echo "== verilator tb_dpi ($(1))"
	$(VERILATOR) $(DPI_VFLAGS) $(2) --Mdir $(DPI_DIR)/$(1) -o Vtb_dpi \
	  $(abspath $(RTL_VLT) tb/dpi/tb_dpi.vlt $(DPI_SRC) $(API_A)) \
	  > $(DPI_DIR)/$(1)/build.log 2>&1 || { tail -30 $(DPI_DIR)/$(1)/build.log; exit 1; }
endef
$(eval $(call DPI_BUILD_RULE,rtl,))
$(eval $(call DPI_BUILD_RULE,mut,+define+MMU_MUTANTS))

# The package's own example (api/example.sv), as a user builds it: the package, the file, the library.
$(DPI_DIR)/example/Vexample: api/mmucosim_pkg.sv api/example.sv $(API_A)
	@mkdir -p $(@D)
	$(VERILATOR) --binary --timing --top-module example -Wno-UNUSEDPARAM --Mdir $(@D) \
	  $(abspath api/mmucosim_pkg.sv api/example.sv $(API_A)) > $(@D)/build.log 2>&1 || { tail -30 $(@D)/build.log; exit 1; }

# The example runs; clean on three seeds (the production RTL) and the mutant build with no bug on
# one; the injected bug 8 (D not set on a store) must be caught: a run that ends in a mismatch.
DPI_SEEDS := 1 2 3
dpi-tests: $(DPI_DIR)/rtl/Vtb_dpi $(DPI_DIR)/mut/Vtb_dpi $(DPI_DIR)/example/Vexample
	@p=0; f=0; \
	if $(DPI_DIR)/example/Vexample 2>&1 | grep -q '^example: as expected'; then p=$$((p+1)); \
	else f=$$((f+1)); echo "dpi: api/example.sv failed:"; $(DPI_DIR)/example/Vexample 2>&1 | tail -8; fi; \
	for s in $(DPI_SEEDS); do \
	  if $(DPI_DIR)/rtl/Vtb_dpi +seed=$$s > $(DPI_DIR)/seed-$$s.log 2>&1; then p=$$((p+1)); \
	  else f=$$((f+1)); echo "dpi: seed $$s failed:"; tail -20 $(DPI_DIR)/seed-$$s.log; fi; \
	  grep -h '^tb_dpi: seed' $(DPI_DIR)/seed-$$s.log; \
	done; \
	if $(DPI_DIR)/mut/Vtb_dpi +seed=1 +bug=0 > $(DPI_DIR)/control.log 2>&1; then p=$$((p+1)); \
	else f=$$((f+1)); echo "dpi: the mutant build with no bug failed:"; tail -20 $(DPI_DIR)/control.log; fi; \
	if ($(DPI_DIR)/mut/Vtb_dpi +seed=1 +bug=8 > $(DPI_DIR)/bug8.log 2>&1; exit $$?) 2> /dev/null; then \
	  f=$$((f+1)); echo "dpi: injected bug 8 was not caught ($(DPI_DIR)/bug8.log)"; \
	elif grep -q '^MISMATCH' $(DPI_DIR)/bug8.log; then p=$$((p+1)); \
	  echo "dpi: injected bug 8 caught: $$(grep -m1 '^MISMATCH' $(DPI_DIR)/bug8.log)"; \
	else f=$$((f+1)); echo "dpi: bug 8's run failed without a mismatch:"; tail -20 $(DPI_DIR)/bug8.log; fi; \
	echo "dpi: $$p passed, $$f failed"; [ $$f = 0 ]

# The API's test links the library itself (the model's objects are in it); the shared one must be there.
$(BUILD)/tests/test_api: $(API_A) | $(API_SO) $(BUILD)/mmucosim

# The RTL's merged coverage counts (make coverage's $(COV_DIR)/rtl.dat) as an lcov tracefile and its
# HTML view, for genhtml, a CI's coverage view, or the report page (which links them).
.PHONY: rtl-lcov
rtl-lcov:
	verilator_coverage --write-info $(BUILD)/coverage/rtl.info $(BUILD)/coverage/rtl.dat
	genhtml --quiet --branch-coverage --title "mmucosim RTL" --output-directory $(BUILD)/coverage/html \
	  $(BUILD)/coverage/rtl.info
	@echo "== RTL coverage as lcov: $(BUILD)/coverage/rtl.info; its HTML view: $(BUILD)/coverage/html/index.html"
