/* The subcommands of the mmucosim command line; each returns the exit status. */
#ifndef MM_CLI_H
#define MM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int cmd_vec(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_regress(int argc, char **argv);
int cmd_mutants(int argc, char **argv);
int cmd_color(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_shrink(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* An option's number (decimal, or hex after 0x; a leading 0 is still
 * decimal) in lo..hi; else a one-line error
 * "mmucosim CMD: OPT 'ARG': expected a number in lo..hi" and false. */
bool cli_number(const char *cmd, const char *opt, const char *arg, uint64_t lo, uint64_t hi, uint64_t *out);

/* A seed option: a number as cli_number takes it, or 'random' (one from the
 * clock, which the caller prints so that the run can be repeated). */
bool cli_seed(const char *cmd, const char *arg, uint64_t *seed);

/* A TLB size the RTL is built for (4 or 16 entries); else a one-line error and false. */
bool cli_rtl_tlb(const char *cmd, const char *arg, unsigned *entries);

/* A shard, "I/N": share I of N, I counting from 1 (1 <= I <= N <= CLI_SHARDS_MAX); else a
 * one-line error and false. */
#define CLI_SHARDS_MAX 10000
bool cli_shard(const char *cmd, const char *arg, unsigned *index, unsigned *count);

/* mkdir -p DIR; else a one-line error in err and false. */
bool cli_mkdir_p(const char *dir, char *err, size_t errlen);
/* mkdir -p DIR; else a one-line error and false. */
bool cli_make_dir(const char *cmd, const char *dir);
/* Writes text to path; else a one-line error and false. */
bool cli_write_file(const char *cmd, const char *path, const char *text);

#endif
