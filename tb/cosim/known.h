/*
 * Known mismatch classes of a DUT: a difference already triaged (README,
 * "Third-party MMU: CVA6"), with a signature that recognises it, so that a
 * run counts the mismatches that match one and goes on, while a mismatch of
 * no known class stops the run as any mismatch does. Each class names its
 * triage entry and the replay under tests/ that reproduces it.
 */
#ifndef MM_KNOWN_H
#define MM_KNOWN_H

#include <stdbool.h>

#include "model/obs.h"
#include "model/walk.h"

/* A timing-free mismatch, as a signature sees it. */
typedef struct known_case {
  const mm_req *req;
  const mm_csrs *csrs; /* the hart's CSRs at the request */
  const mm_walk *ref;  /* the model's walk over the same memory now */
  const mm_walk *held; /* a TLB answer: what the first legal translation for the page gives now (NULL: none) */
  const mm_obs *dut;   /* the DUT's answer */
  bool walked;         /* the DUT walked (else it answered from a TLB) */
  bool hit_legal_page; /* it answered from a TLB and an entry was legal for the page (with another answer) */
} known_case;

typedef struct dut_known {
  const char *id;      /* a short name: the replay is tests/<dut>/<id>.replay */
  const char *summary; /* one line: what differs */
  const char *verdict; /* "CVA6 bug", "CVA6 choice", ... and the upstream issue */
  bool (*match)(const known_case *k);
} dut_known;

#endif
