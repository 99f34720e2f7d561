/* The subcommands of the mmucosim command line; each returns the exit status. */
#ifndef MM_CLI_H
#define MM_CLI_H

int cmd_vec(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_regress(int argc, char **argv);
int cmd_mutants(int argc, char **argv);

#endif
