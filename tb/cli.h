/* The subcommands of the mmucosim command line; each returns the exit status. */
#ifndef MM_CLI_H
#define MM_CLI_H

int cmd_vec(int argc, char **argv);

#endif
