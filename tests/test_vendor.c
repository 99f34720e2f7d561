/*
 * The vendored CVA6 files (third_party/cva6/) against their manifest: the
 * folder as checked in must match it, and the check must catch a changed
 * byte, a missing file and a file the manifest does not list (each on a
 * copy of the folder in a temporary directory).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#define VENDOR "third_party/cva6"
#define CHECK  VENDOR "/check_manifest.sh"

/* Runs a shell command; its exit status (-1: did not run). */
static int run(const char *cmd) {
  int st = system(cmd);
  return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

/* A copy of the vendored folder in a new temporary directory: its path in dir. */
static void copy_vendor(char *dir, size_t n) {
  snprintf(dir, n, "%s/mmucosim-vendor-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  cr_assert_not_null(mkdtemp(dir), "mkdtemp %s", dir);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "cp -r " VENDOR "/. %s/", dir);
  cr_assert_eq(run(cmd), 0, "%s", cmd);
}

static void remove_dir(const char *dir) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  run(cmd);
}

/* The check's exit status on dir after the shell command change (run in dir). */
static int check_after(const char *change) {
  char dir[256], cmd[1024];
  copy_vendor(dir, sizeof dir);
  snprintf(cmd, sizeof cmd, "cd %s && %s", dir, change);
  cr_assert_eq(run(cmd), 0, "%s", cmd);
  snprintf(cmd, sizeof cmd, CHECK " %s 2>/dev/null >/dev/null", dir);
  int st = run(cmd);
  remove_dir(dir);
  return st;
}

Test(vendor, checked_in_files_match_manifest) { cr_assert_eq(run(CHECK), 0, CHECK " failed (its lines above)"); }

Test(vendor, a_copy_unchanged_passes) { cr_assert_eq(check_after("true"), 0, "an unchanged copy failed"); }

Test(vendor, one_changed_byte_fails) {
  /* The first byte of the walker turned from '/' into '#': same length. */
  cr_assert_eq(check_after("printf '#' | dd of=core/cva6_mmu/cva6_ptw.sv bs=1 seek=0 conv=notrunc 2>/dev/null"), 1,
               "a changed byte in cva6_ptw.sv was not caught");
}

Test(vendor, a_missing_file_fails) {
  cr_assert_eq(check_after("rm core/cva6_mmu/cva6_tlb.sv"), 1, "a missing file was not caught");
}

Test(vendor, an_unlisted_file_fails) {
  cr_assert_eq(check_after("echo module_x > core/cva6_mmu/extra.sv"), 1, "an extra file was not caught");
}

Test(vendor, a_licence_change_fails) {
  cr_assert_eq(check_after("echo >> LICENSE"), 1, "an edited licence file was not caught");
}
