# The pictures and the report page (issue 11), included by the Makefile.
#
#   make plots       every plot, PNG and SVG, in build/plots/ (tb/plots/plots.sh), from the data files
#                    `make run` writes in build/run/; the model-only ones (the scenarios' measurements,
#                    a real program's trace swept over TLB and cache sizes) are made here when missing
#   make report      build/report/index.html (mmucosim report), then loaded in headless chromium
#                    (tb/report/check_page.sh): every table and image must render
#   make wave-shot   a planted bug's failure: its report in docs/wave-shot.txt and a GTKWave screenshot
#                    of its waveform, marker on the failing edge, in docs/wave-shot.png (Xvfb, import)
#   make bench-log   make bench, its figures also in build/run/bench.txt (for the report)

RUN_DATA := $(BUILD)/run
PLOT_DIR := $(BUILD)/plots

# The report's library is plain C: the sanitizer builds of the tests compile it too.
SAN_SRC += tb/report/report.c

.PHONY: plots report wave-shot bench-log trace-sweep readme-pictures

# A real program's trace (valgrind lackey of /bin/ls, about 0.8 M accesses; deleted after) swept
# on the model: one replay per TLB size and per cache size and ways, about 3 s.
trace-sweep: $(BUILD)/mmucosim
	@mkdir -p $(RUN_DATA)
	valgrind --tool=lackey --trace-mem=yes --log-file=$(RUN_DATA)/ls.trace /bin/ls / > /dev/null
	$(BUILD)/mmucosim trace --sweep $(RUN_DATA) $(RUN_DATA)/ls.trace; status=$$?; rm -f $(RUN_DATA)/ls.trace; exit $$status

plots: $(BUILD)/mmucosim
	@[ -s $(RUN_DATA)/scenarios/thrashing.tsv ] || \
	  $(BUILD)/mmucosim scenarios --backend model -q --data $(RUN_DATA)/scenarios thrashing kpti page-coloring
	@[ -s $(RUN_DATA)/trace-tlb.tsv ] || $(MAKE) --no-print-directory trace-sweep
	@if [ -s $(RUN_DATA)/regress.cov ]; then \
	  $(BUILD)/mmucosim coverage --tsv $(RUN_DATA)/coverage.tsv $(RUN_DATA)/regress.cov > /dev/null; \
	  [ $$? -le 1 ] || exit 2; fi
	tb/plots/plots.sh $(RUN_DATA) $(PLOT_DIR)

report: plots
	$(BUILD)/mmucosim report --run-dir $(RUN_DATA) --plots $(PLOT_DIR) --out $(BUILD)/report/index.html
	tb/report/check_page.sh $(BUILD)/report/index.html 8 7 \
	  $$(( $$([ -f $(BUILD)/coverage/rtl.info ] && echo 1 || echo 0) + $$([ -f $(BUILD)/coverage/html/index.html ] && echo 1 || echo 0) ))

bench-log:
	@mkdir -p $(RUN_DATA)
	@set -o pipefail; $(MAKE) --no-print-directory bench 2>&1 | tee $(RUN_DATA)/bench.txt

# The planted bug of the README's failure report (bug 40: the arbiter's priority sticks with its
# winner), its report beside the picture, its waveform opened in GTKWave on a virtual display with
# the save file's signal groups and the marker on the failing edge, and the screen grabbed.
WAVE_CMD := $(BUILD)/mmucosim run --bug 40 --harts 2 --requests 20000
wave-shot: $(BUILD)/mmucosim
	@mkdir -p docs
	@echo '$$ $(WAVE_CMD)' > docs/wave-shot.txt
	@$(WAVE_CMD) >> docs/wave-shot.txt; [ $$? = 1 ] || { echo "wave-shot: bug 40 was not caught"; exit 1; }
	xvfb-run -a -s "-screen 0 1600x900x24" tb/report/wave_shot.sh $(BUILD)/fail.fst $(BUILD)/fail.gtkw docs/wave-shot.png
	@echo "wave-shot: docs/wave-shot.png, its failure report in docs/wave-shot.txt"

# The README's pictures (docs/): the plots it shows, and the top of the report page as the browser
# draws it, made small (64-color PNG) by imagemagick. Run after `make run` and `make report`.
README_PLOTS := thrashing coloring trace-tlb trace-cache kpti
readme-pictures:
	@mkdir -p docs
	@for p in $(README_PLOTS); do convert $(PLOT_DIR)/$$p.png -colors 64 PNG8:docs/$$p.png || exit 1; done
	@work=$$(mktemp -d); \
	  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$$work \
	    --window-size=1200,1500 --screenshot=$$work/page.png file://$(CURDIR)/$(BUILD)/report/index.html \
	    > /dev/null 2>&1; \
	  convert $$work/page.png -resize 800x -colors 64 PNG8:docs/report-page.png; status=$$?; rm -rf $$work; \
	  exit $$status
	@echo "readme-pictures: docs/$(firstword $(README_PLOTS)).png ... docs/report-page.png"
