/*
 * The mismatch classes CVA6's MMU shows against the model, triaged (README,
 * "Third-party MMU: CVA6"): each with its signature (tb/cosim/known.h), its
 * verdict and its replay, tests/cva6/<id>.replay.
 */
#ifndef MM_CVA6_KNOWN_H
#define MM_CVA6_KNOWN_H

#include "tb/cosim/known.h"

/* Every class; the Sv39 and shared-TLB builds' profiles take the first
 * CVA6_KNOWN_S of them, the H build's the first CVA6_KNOWN_H (the shared
 * TLB's own class is last). */
extern const dut_known cva6_known[];
#define CVA6_KNOWN_S     4
#define CVA6_KNOWN_H     12
#define CVA6_KNOWN_COUNT 13

/* A walk that agreed with the model (a fault) after which CVA6's TLB may hold
 * the translation anyway: a reserved Svnapot encoding or pointer bits. */
bool cva6_suspect(const known_case *k);

#endif
