/*
 * The value checker catches what lockstep cannot: a bug planted in the model and in the RTL alike (a shared
 * misunderstanding of a store's byte lanes: bit 2 of the address dropped, so a byte stored at offset 5 of its
 * word lands in byte 1). This binary's model is built with MM_PLANTED_STORE_LANES_MOD4 (tb/cosim/value.mk);
 * the RTL's mutant build plants store_lanes_mod4. Lockstep of the two agrees on every field; the value checker,
 * which knows only the architecture, reports the wrong bytes.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb/cosim/cosim.h"
#include "tb/verilator/rtl.h"

static unsigned planted_bug(void) {
  for (unsigned b = 1; b <= rtl_bug_count(); b++)
    if (!strcmp(rtl_bug_name(b), "store_lanes_mod4")) return b;
  cr_assert_fail("rtl/mutants.txt has no store_lanes_mod4");
  return 0;
}

/* M-mode (untranslated, main memory through the cache): a byte stored at offset 5 of a word, read back as a
 * byte and as the word. */
static const char script_text[] = "mmucosim-replay 1\n"
                                  "harts 1\ntlb 16\nlatency 4\nserial 0\nseed 1\nbug 0\nmutant-build 0\n"
                                  "mem    hart=0 gap=0 pa=0x80100000 value=0x0807060504030201\n"
                                  "access hart=0 gap=0 va=0x80100005 type=w priv=M virt=0 op=store size=1 wdata=0xab\n"
                                  "access hart=0 gap=0 va=0x80100005 type=r priv=M virt=0 op=load size=1 wdata=0\n"
                                  "access hart=0 gap=0 va=0x80100000 type=r priv=M virt=0 op=load size=8 wdata=0\n";

/* Runs cfg (its output into *out); the replay script when script, else the seed's stream. */
static int run(cosim_config cfg, bool script, cosim_stats *st, char **out) {
  replay r;
  char err[256];
  if (script) {
    cr_assert(replay_parse("value.replay", script_text, strlen(script_text), &r, err, sizeof err), "%s", err);
    cfg.script = &r;
  }
  size_t len;
  FILE *f = open_memstream(out, &len);
  cfg.wave_window = 0;
  cfg.out = f;
  int rc = cosim_run(&cfg, st);
  fclose(f);
  if (script) replay_free(&r);
  return rc;
}

Test(cosim_value, a_bug_in_model_and_rtl_alike_passes_lockstep_and_fails_the_value_checker, .timeout = 120) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.bug = planted_bug();
  cfg.requests = 100;
  cosim_stats st;
  char *out;
  int rc = run(cfg, true, &st, &out);
  cr_assert_eq(rc, 1, "rc %d (%s): %s", rc, st.error, out);
  cr_assert(!st.mismatch, "lockstep found a difference: the planted bugs are not the same\n%s", out);
  cr_assert(st.value_mismatches >= 1, "the value checker found nothing:\n%s", out);
  /* the byte load at 0x80100005 reads the image's 06, not the ab stored there */
  cr_assert_eq(st.value_addr, 0x80100005, "first wrong byte at %#" PRIx64 ", want 0x80100005\n%s", st.value_addr, out);
  cr_assert(strstr(out, "VALUE MISMATCH at request 1") && strstr(out, "load/1 at 0x80100005") &&
                strstr(out, "expected ab, got 06"),
            "the report line:\n%s", out);
  free(out);
}

Test(cosim_value, the_planted_model_alone_fails_the_value_checker_too, .timeout = 60) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.backend = COSIM_MODEL;
  cfg.requests = 100;
  cosim_stats st;
  char *out;
  int rc = run(cfg, true, &st, &out);
  cr_assert_eq(rc, 1, "rc %d (%s): %s", rc, st.error, out);
  cr_assert_eq(st.value_addr, 0x80100005, "at %#" PRIx64 "\n%s", st.value_addr, out);
  cr_assert(strstr(out, "VALUE MISMATCH"), "%s", out);
  free(out);
}

/* Each planted half alone is a bug lockstep sees: the planted model against the correct RTL differs. */
Test(cosim_value, the_planted_model_against_the_correct_rtl_is_a_lockstep_mismatch, .timeout = 120) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.requests = 100;
  cosim_stats st;
  char *out;
  int rc = run(cfg, true, &st, &out);
  cr_assert_eq(rc, 1, "rc %d (%s): %s", rc, st.error, out);
  cr_assert(st.mismatch, "lockstep saw no difference:\n%s", out);
  cr_assert_eq(st.mismatch_request, 0, "the store (request 0) differs at the memory system; got request %u",
               st.mismatch_request);
  free(out);
}

/* The random stream (4 harts in flight) finds it too, and lockstep still nothing. */
Test(cosim_value, the_random_stream_finds_the_shared_bug_only_through_the_value_checker, .timeout = 300) {
  cosim_config cfg = COSIM_CONFIG_DEFAULT;
  cfg.bug = planted_bug();
  cfg.harts = 4;
  cfg.requests = 5000;
  cosim_stats st;
  char *out;
  int rc = run(cfg, false, &st, &out);
  cr_assert_eq(rc, 1, "rc %d (%s): %s", rc, st.error, out);
  cr_assert(!st.mismatch, "lockstep found a difference:\n%s", out);
  cr_assert(st.value_mismatches >= 1 && strstr(out, "VALUE MISMATCH at request"), "%s", out);
  char hex[32];
  snprintf(hex, sizeof hex, "%#" PRIx64, st.value_addr);
  cr_assert(strstr(out, hex), "the report names %s:\n%s", hex, out);
  free(out);
}
