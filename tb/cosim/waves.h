/*
 * GTKWave save files for failure waveforms: the MMU's signals in groups (the
 * memory-system port, the arbiter, the memory system, its cache and write-
 * combining buffer, the bus; the request and response ports of each hart,
 * its data access, its TLB, its walker), with the marker on the failing
 * request.
 */
#ifndef MM_WAVES_H
#define MM_WAVES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct wave_signal {
  const char *name; /* below the scope given to the group */
  int width;        /* 1: a bit; n > 1: [n-1:0]; or one of the sizes of waves.c (the project's RTL's) */
} wave_signal;

/* A save file's header for the FST at fst, the marker at time marker (NULL: cannot write path). */
FILE *waves_gtkw_begin(const char *path, const char *fst, uint64_t marker);
/* A group of signals below scope (entries: the TLB entries that size some of them). */
void waves_group(FILE *f, const char *title, const char *scope, const wave_signal *sig, unsigned n, unsigned entries);

/* Writes a .gtkw at path for the FST at fst of a design with harts harts of
 * tlb_entries entries (mutant: the mutant build, which has the bug
 * register); marker_cycle is the cycle the failing request was accepted. */
bool waves_write_gtkw(const char *path, const char *fst, unsigned harts, unsigned tlb_entries, bool mutant,
                      uint64_t marker_cycle);

#endif
