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

/* Writes a .gtkw at path for the FST at fst of a design with harts harts of
 * tlb_entries entries (mutant: the mutant build, which has the bug
 * register); marker_cycle is the cycle the failing request was accepted. */
bool waves_write_gtkw(const char *path, const char *fst, unsigned harts, unsigned tlb_entries, bool mutant,
                      uint64_t marker_cycle);

#endif
