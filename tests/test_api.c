/*
 * libmmucosim (api/mmucosim.h): the API against the model it wraps (a translation through tables
 * written with mmc_mem_write, its walk read back field by field, the TLB hit after it, a fence, a
 * store's A/D update and data, every refusal of a bad argument); what the shared library exports
 * (nm -D) against api/symbols.txt and the header; the SystemVerilog package against the header;
 * the header compiled as C and as C++; `make install` into a temporary prefix, a program built out
 * of the tree with pkg-config against it and run, then `make uninstall` leaving nothing; and the
 * bash completion against every command's --help (tb/cli/check_completion.sh), which must also
 * catch an option the completion lacks.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/mmucosim.h"
#include "tests/testrun.h"

#define ROOT 0x80001000ull
#define L1   0x80002000ull
#define L0   0x80003000ull

static uint64_t pte(uint64_t pa, uint64_t flags) { return (pa >> 12) << 10 | flags; }

/* One hart, Sv39: VA 0x5000 -> PA 0x80077000 (U R W, A set, D clear), VA 0x6000 invalid. */
static mmc_model *model_with_tables(void) {
  mmc_model *m = mmc_new(1, 16, 4);
  cr_assert(m, "mmc_new(1, 16, 4): %s", mmc_config_check(1, 16, 4));
  cr_assert_eq(mmc_mem_write(m, ROOT, pte(L1, 0x01)), MMC_OK);
  cr_assert_eq(mmc_mem_write(m, L1, pte(L0, 0x01)), MMC_OK);
  cr_assert_eq(mmc_mem_write(m, L0 + 8 * 5, pte(0x80077000, 0x57)), MMC_OK);
  cr_assert_eq(mmc_csr_write(m, 0, MMC_CSR_MENVCFG, 1ull << 61), MMC_OK); /* hardware A/D */
  cr_assert_eq(mmc_csr_write(m, 0, MMC_CSR_SATP, 8ull << 60 | 3ull << 44 | ROOT >> 12), MMC_OK);
  return m;
}

Test(api, a_translation_walks_three_levels_then_hits_the_tlb) {
  mmc_model *m = model_with_tables();
  const uint64_t va = 0x5123;
  cr_assert_eq(mmc_translate(m, 0, va, MMC_LOAD, MMC_PRIV_U, 0), MMC_OK);
  cr_assert(mmc_ok(m), "va=%#" PRIx64 ": cause %d", va, mmc_cause(m));
  cr_assert_eq(mmc_pa(m), 0x80077123ull, "va=%#" PRIx64 ": pa=%#" PRIx64 ", want 0x80077123", va, mmc_pa(m));
  cr_assert_eq(mmc_tlb_hit(m), 0);
  cr_assert_eq(mmc_n_ops(m), 3, "a three-level walk, got %d accesses", mmc_n_ops(m));
  const uint64_t want[3] = {ROOT, L1, L0 + 8 * 5};
  for (int i = 0; i < 3; i++) {
    cr_assert_eq(mmc_op(m, i, MMC_F_KIND), MMC_MEM_PTE_READ, "access %d", i);
    cr_assert_eq(mmc_op(m, i, MMC_F_PA), want[i], "access %d: pa=%#" PRIx64 ", want %#" PRIx64, i,
                 mmc_op(m, i, MMC_F_PA), want[i]);
    cr_assert_eq(mmc_op(m, i, MMC_F_LEVEL), (uint64_t)(2 - i), "access %d", i);
  }
  cr_assert_eq(mmc_op(m, 2, MMC_F_DATA), pte(0x80077000, 0x57), "the leaf read: %#" PRIx64, mmc_op(m, 2, MMC_F_DATA));
  cr_assert_eq(mmc_cycles(m), 3 + 3 * (int)mmc_op(m, 0, MMC_F_CYCLES) + 3, "cycles %d", mmc_cycles(m));
  cr_assert_gt(mmc_n_bus(m), 0, "the cold cache reads the tables' lines");
  cr_assert_eq(mmc_bus(m, 0, MMC_B_ADDR), ROOT, "bus 0: %#" PRIx64, mmc_bus(m, 0, MMC_B_ADDR));

  cr_assert_eq(mmc_translate(m, 0, va, MMC_LOAD, MMC_PRIV_U, 0), MMC_OK);
  cr_assert(mmc_tlb_hit(m) && mmc_n_ops(m) == 0, "the second translation hits the TLB");
  cr_assert_eq(mmc_pa(m), 0x80077123ull, "pa=%#" PRIx64, mmc_pa(m));
  cr_assert_eq(mmc_fence(m, 0, MMC_SFENCE_VMA, 0, 0, 0, 0), 1, "SFENCE.VMA drops the one entry");
  cr_assert_eq(mmc_translate(m, 0, va, MMC_LOAD, MMC_PRIV_S, 0), MMC_OK);
  cr_assert(!mmc_ok(m) && mmc_cause(m) == 13, "S-mode load of a U page without SUM: cause %d", mmc_cause(m));
  cr_assert_eq(mmc_translate(m, 0, 0x6000, MMC_FETCH, MMC_PRIV_U, 0), MMC_OK);
  cr_assert(!mmc_ok(m) && mmc_cause(m) == 12, "an invalid PTE: fetch page fault, cause %d", mmc_cause(m));
  mmc_free(m);
}

Test(api, a_store_sets_d_and_its_data_reads_back) {
  mmc_model *m = model_with_tables();
  const uint64_t va = 0x5010;
  cr_assert_eq(mmc_access(m, 0, va, MMC_STORE, MMC_PRIV_U, 0, MMC_OP_STORE, 4, 0xcafef00d), MMC_OK);
  cr_assert(mmc_ok(m), "va=%#" PRIx64 ": cause %d", va, mmc_cause(m));
  int cas = -1;
  for (int i = 0; i < mmc_n_ops(m); i++)
    if (mmc_op(m, i, MMC_F_KIND) == MMC_MEM_PTE_CAS) cas = i;
  cr_assert_geq(cas, 0, "the walk updates D");
  cr_assert_eq(mmc_op(m, cas, MMC_F_DATA), pte(0x80077000, 0xd7), "the new leaf: %#" PRIx64,
               mmc_op(m, cas, MMC_F_DATA));
  cr_assert_eq(mmc_mem_read(m, L0 + 8 * 5), pte(0x80077000, 0xd7), "the leaf in memory: %#" PRIx64,
               mmc_mem_read(m, L0 + 8 * 5));
  cr_assert_eq(mmc_mem_read(m, 0x80077010) & 0xffffffffu, 0xcafef00du, "the stored word at 0x80077010: %#" PRIx64,
               mmc_mem_read(m, 0x80077010));
  cr_assert_eq(mmc_access(m, 0, va, MMC_LOAD, MMC_PRIV_U, 0, MMC_OP_LOAD, 4, 0), MMC_OK);
  cr_assert_eq(mmc_load_data(m), 0xcafef00du, "loaded %#" PRIx64, mmc_load_data(m));
  cr_assert(mmc_cache_hit(m), "the line the store brought in");
  cr_assert_eq(mmc_fence(m, 0, MMC_FENCE, 0, 0, 0, 0), 0, "FENCE drops no TLB entry");
  cr_assert_eq(mmc_op(m, 0, MMC_F_KIND), MMC_MEM_FENCE);
  mmc_free(m);
}

Test(api, bad_arguments_are_refused_and_change_nothing) {
  cr_assert_null(mmc_new(0, 16, 4));
  cr_assert_null(mmc_new(1, 12, 4));
  cr_assert_null(mmc_new(1, 16, 0));
  cr_assert_str_eq(mmc_config_check(5, 16, 4), "harts must be 1..4");
  cr_assert_str_eq(mmc_config_check(2, 16, 4), "");
  mmc_model *m = model_with_tables();
  cr_assert_eq(mmc_csr_write(m, 1, MMC_CSR_SATP, 0), MMC_EHART);
  cr_assert_eq(mmc_csr_write(m, 0, 7, 0), MMC_EARG);
  cr_assert_eq(mmc_csr_write(m, 0, MMC_CSR_SATP, 5ull << 60), 1, "an unsupported MODE is ignored");
  cr_assert_eq(mmc_csr_read(m, 0, MMC_CSR_SATP) >> 60, 8u, "satp kept Sv39");
  cr_assert_eq(mmc_csr_by_name("hgatp"), MMC_CSR_HGATP);
  cr_assert_eq(mmc_csr_by_name("nope"), MMC_EARG);
  cr_assert_eq(mmc_mem_write(m, 0x80000004, 1), MMC_EADDR, "a misaligned word");
  cr_assert_eq(mmc_mem_write(m, 1ull << 56, 1), MMC_EADDR, "beyond 56 bits");
  cr_assert_eq(mmc_access(m, 0, 0x5000, MMC_LOAD, MMC_PRIV_U, 0, MMC_OP_STORE, 8, 0), MMC_EARG, "type against op");
  cr_assert_eq(mmc_access(m, 0, 0x5000, MMC_LOAD, MMC_PRIV_U, 0, MMC_OP_LOAD, 3, 0), MMC_EARG, "size 3");
  cr_assert_eq(mmc_access(m, 0, 0x5000, MMC_LOAD, 2, 0, MMC_OP_NONE, 0, 0), MMC_EARG, "priv 2");
  cr_assert_eq(mmc_access(m, 0, 0x5000, MMC_LOAD, MMC_PRIV_U, 2, MMC_OP_NONE, 0, 0), MMC_EARG, "virt 2");
  cr_assert_eq(mmc_fence(m, 0, 4, 0, 0, 0, 0), MMC_EARG);
  cr_assert_eq(mmc_fence(m, 0, MMC_SFENCE_VMA, 0, 0, 1, 0x10000), MMC_EARG);
  cr_assert_eq(mmc_op(m, 99, MMC_F_PA), 0u, "out of range reads 0");
  cr_assert_str_eq(mmc_strerror(MMC_EADDR), "a memory word's address must be 8-byte aligned and below 2^56");
  mmc_free(m);
}

/* Runs a command with bash from the repository root (written to a script file: tests/testrun.h's
 * run_command takes shorter commands, and runs them with sh); its exit status, its output and
 * errors into out. */
static int sh(const char *cmd, char *out, size_t len) {
  char script[64] = "build/tests/api-sh.XXXXXX", run[96];
  int fd = mkstemp(script);
  cr_assert_geq(fd, 0, "cannot make %s", script);
  FILE *f = fdopen(fd, "w");
  cr_assert(f);
  fprintf(f, "%s\n", cmd);
  fclose(f);
  snprintf(run, sizeof run, "bash %s", script);
  int status = run_command(run, out, len);
  unlink(script);
  return status;
}

Test(api, the_shared_library_exports_the_header_s_functions_only) {
  char out[8192];
  int rc = sh("nm -D --defined-only build/api/libmmucosim.so | awk '$2 ~ /^[TDBRWV]$/ { sub(/@.*/, \"\", $3); "
              "print $3 }' | sort | diff - api/symbols.txt",
              out, sizeof out);
  cr_assert_eq(rc, 0, "nm -D build/api/libmmucosim.so against api/symbols.txt (< exported, > listed):\n%s", out);
  rc = sh("grep -o 'mmc_[a-z_]*(' api/mmucosim.h | tr -d '(' | sort -u | diff - api/symbols.txt", out, sizeof out);
  cr_assert_eq(rc, 0, "the header's functions against api/symbols.txt (< declared, > listed):\n%s", out);
  rc = sh("nm -D --defined-only build/api/libmmucosim.so | grep -c ' mm_'", out, sizeof out);
  cr_assert_eq(atoi(out), 0, "the model's own functions are not exported: %s", out);
}

Test(api, the_systemverilog_package_imports_the_header_s_functions_and_constants) {
  char out[8192];
  int rc = sh("grep -o 'DPI-C\" function [a-z ]*mmc_[a-z_]*' api/mmucosim_pkg.sv | awk '{ print $NF }' | sort | "
              "diff - api/symbols.txt",
              out, sizeof out);
  cr_assert_eq(rc, 0, "the package's imports against api/symbols.txt (< imported, > listed):\n%s", out);
  rc = sh("diff <(awk '/^#define MMC_[A-Z0-9_]+ +\\(?-?[0-9]+\\)?( |$)/ && $2 !~ /VERSION/ { v = $3; "
          "gsub(/[()]/, \"\", v); print $2, v }' api/mmucosim.h | sort) "
          "<(awk '/localparam int MMC_/ { v = $5; sub(/;/, \"\", v); print $3, v }' api/mmucosim_pkg.sv | sort)",
          out, sizeof out);
  cr_assert_eq(rc, 0, "the header's constants against the package's (< header, > package):\n%s", out);
}

static char tmp[512]; /* this test's folder, absolute (an install prefix must be) */

static void make_tmp(void) {
  char cwd[400], cmd[1200], out[256];
  cr_assert(getcwd(cwd, sizeof cwd), "the working folder's name is too long");
  snprintf(tmp, sizeof tmp, "%s/build/tests/api.%d", cwd, (int)getpid());
  snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", tmp, tmp);
  cr_assert_eq(sh(cmd, out, sizeof out), 0, "cannot make %s", tmp);
}

static void remove_tmp(void) {
  char cmd[600], out[256];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
  cr_assert_eq(sh(cmd, out, sizeof out), 0);
}

Test(api, the_header_compiles_as_c_and_as_cxx, .init = make_tmp, .fini = remove_tmp) {
  char cmd[8192], out[8192];
  snprintf(cmd, sizeof cmd,
           "printf '#include \"mmucosim.h\"\\nint main(void) { return mmc_new(1, 16, 4) ? 0 : 1; }\\n' > %s/use.c "
           "&& gcc -std=c99 -pedantic -Wall -Wextra -Werror -Iapi %s/use.c build/api/libmmucosim.a -o %s/use-c "
           "&& g++ -std=c++11 -pedantic -Wall -Wextra -Werror -Iapi -x c++ %s/use.c -x none build/api/libmmucosim.a "
           "-o %s/use-cxx && %s/use-c && %s/use-cxx",
           tmp, tmp, tmp, tmp, tmp, tmp, tmp);
  int rc = sh(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "the header as C99 and C++11, linked and run:\n%s", out);
}

Test(api, an_installed_copy_builds_a_program_out_of_the_tree, .init = make_tmp, .fini = remove_tmp, .timeout = 120) {
  char cmd[8192], out[16384];
  /* The parent make's jobserver and flags are not this make's. */
  snprintf(cmd, sizeof cmd, "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s install PREFIX=%s/p",
           tmp);
  int rc = sh(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "%s:\n%s", cmd, out);
  /* Out of the tree: the example copied to the temporary folder, built there with pkg-config only. */
  snprintf(cmd, sizeof cmd,
           "cp api/example.c %s/ && cd %s && export PKG_CONFIG_PATH=%s/p/lib/pkgconfig && "
           "pkg-config --modversion mmucosim && cc -Wall -Werror example.c $(pkg-config --cflags --libs mmucosim) "
           "-o example && LD_LIBRARY_PATH=%s/p/lib ./example && LD_LIBRARY_PATH=%s/p/lib ldd ./example | grep -q "
           "'%s/p/lib/libmmucosim.so.0' && "
           "cc example.c $(pkg-config --cflags mmucosim) $(pkg-config --variable=libdir mmucosim)/libmmucosim.a "
           "-o example-static && ./example-static",
           tmp, tmp, tmp, tmp, tmp, tmp);
  rc = sh(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "the example against the installed copy:\n%s", out);
  cr_assert(strstr(out, "pa 0x80042088") && strstr(out, "example: as expected"), "the example's output:\n%s", out);
  snprintf(cmd, sizeof cmd,
           "test -f %s/p/share/bash-completion/completions/mmucosim && test -x %s/p/bin/mmucosim && "
           "test -f %s/p/include/mmucosim-0.1/mmucosim.h && test -f %s/p/share/mmucosim/mmucosim_pkg.sv",
           tmp, tmp, tmp, tmp);
  cr_assert_eq(sh(cmd, out, sizeof out), 0, "installed: the completion, the command, the header, the package");
  snprintf(cmd, sizeof cmd,
           "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s uninstall PREFIX=%s/p && "
           "find %s/p -type f -o -type l",
           tmp, tmp);
  rc = sh(cmd, out, sizeof out);
  cr_assert_eq(rc, 0, "make uninstall:\n%s", out);
  cr_assert_eq(strstr(out, "/p/"), NULL, "files left after make uninstall:\n%s", out);
}

Test(api, the_completion_offers_every_command_and_option_of_the_help, .init = make_tmp, .fini = remove_tmp) {
  char cmd[2048], out[8192];
  int rc = sh("tb/cli/check_completion.sh build/mmucosim tb/cli/mmucosim.bash", out, sizeof out);
  cr_assert_eq(rc, 0, "%s", out);
  cr_assert(strstr(out, "10 commands"), "%s", out);
  /* An option dropped from the completion must be found. */
  snprintf(cmd, sizeof cmd,
           "sed 's/--lockstep //' tb/cli/mmucosim.bash > %s/drift.bash && "
           "tb/cli/check_completion.sh build/mmucosim %s/drift.bash",
           tmp, tmp);
  rc = sh(cmd, out, sizeof out);
  cr_assert_eq(rc, 1, "a completion without trace's --lockstep passed:\n%s", out);
  cr_assert(strstr(out, "trace: help has --lockstep, the completion not"), "%s", out);
}
