/*
 * Replay files: the stimulus of one co-simulation run written down, so that
 * the run can be repeated without its generator, edited by hand, or cut
 * down by the shrinker (tb/cosim/shrink.h). A replay is the options of the
 * run it came from and the events of sw/stim.h exactly as the feed
 * (tb/cosim/feed.h) read them, in stream order; run from a replay, both
 * sides see those events and nothing else, so a recorded run replayed gives
 * the same requests, cycles and outcome.
 *
 * The file is text, one statement a line (README.md, "Replay files"):
 *
 *   mmucosim-replay 1                  the version, always the first line
 *   # a comment                        blank lines and comments anywhere
 *   harts 2                            the options, each once, before any event:
 *   tlb 16                               harts 1..4, tlb (a power of two up to
 *   latency 4                            256), latency 1..1000, serial 0|1, the
 *   serial 0                             seed the stream came from, bug (0:
 *   seed 1                               none), mutant-build 0|1
 *   bug 0
 *   mutant-build 0
 *   mem    hart=0 gap=0 pa=0x80000000 value=0x2000400f note="..."
 *   csr    hart=1 gap=0 csr=satp value=0x8000000000080000
 *   access hart=0 gap=2 va=0x1000 type=r priv=S virt=0 op=load size=8 wdata=0x0
 *   fence  hart=1 gap=0 kind=sfence.vma has_addr=1 addr=0x1000 has_id=0 id=0
 *   poke   hart=0 gap=0 pa=0x80001008 value=0x2000000f
 *   sync   hart=0 gap=0
 *
 * An event is its kind and key=value fields in any order, each once: hart and
 * gap always, then every field sw/stim.h gives that kind; note="..." (C
 * escapes \" \\ \n \t \xHH) is the one optional field. Numbers are decimal
 * or 0x hex. A malformed file is refused before anything runs, with one
 * line "FILE:LINE: what is wrong".
 */
#ifndef MM_REPLAY_H
#define MM_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "feed.h"
#include "sw/stim.h"

#define REPLAY_VERSION 1
#define REPLAY_MAX_GAP 100000 /* a gap's limit, cycles (the generator's are below 40) */
#define REPLAY_MAX_BUG 1000   /* bug numbers the reader takes; the run checks the build has it */

/* The options of the run a replay came from. */
typedef struct replay_options {
  unsigned harts;       /* 1..MM_MAX_HARTS; every event's hart is below it */
  unsigned tlb_entries; /* a power of two, 1..MM_TLB_MAX_ENTRIES */
  unsigned mem_latency; /* 1..MM_LATENCY_MAX */
  bool serial;
  uint64_t seed; /* the seed of the stream it came from (the events are the replay's own) */
  unsigned bug;  /* 0: none */
  bool mutant_build;
} replay_options;

typedef struct replay {
  replay_options opt;
  stim_event *ev; /* the events, in stream order */
  size_t n, cap;
  char **notes; /* the notes read from a file, which ev[i].note point into (a copy of another replay's
                   events points into that one's) */
  size_t n_notes, cap_notes;
} replay;

/* Reads a replay file. On failure returns false with "PATH:LINE: what is
 * wrong" (or "PATH: why it cannot be read") in err, and *out empty. */
bool replay_read(const char *path, replay *out, char *err, size_t errlen);
/* The same from text in memory (path names it in messages). */
bool replay_parse(const char *path, const char *text, size_t len, replay *out, char *err, size_t errlen);
/* Writes r to path; comment (may be NULL, may hold several lines) goes into
 * the header. False with a message in err when it cannot be written. */
bool replay_write(const char *path, const replay *r, const char *comment, char *err, size_t errlen);
/* The same into an open stream. */
void replay_print(FILE *out, const replay *r, const char *comment);
void replay_free(replay *r);

/* Appends an event (its note is not copied: it must outlive r). False when
 * out of memory. */
bool replay_push(replay *r, const stim_event *ev);
/* Whether ev becomes a request of the run (an access or fence; software's
 * store, once a request came before it: started says whether one did). */
bool replay_is_request(const stim_event *ev, bool started);
/* The requests of r, numbered as the feed numbers them. */
unsigned replay_requests(const replay *r);
/* Whether every event's hart is below harts; else the first one outside. */
bool replay_harts_fit(const replay *r, unsigned harts, size_t *bad);

/* r's events in order, then the end of the stream (r must outlive the
 * source). Out of memory: a source without next, which feed_new refuses. */
feed_source replay_source(const replay *r);
/* Passes src's events through, appending each to log (which must outlive
 * the source; the notes are not copied). Closing it closes src. Out of
 * memory: src closed, and a source without next. */
feed_source replay_tee(feed_source src, replay *log);
/* The events the first limit requests of src need, in stream order (the
 * stream up to its limit-th request, or to its end): what the feed reads
 * of it in a run to completion. Closes src. False when out of memory. */
bool replay_collect(feed_source src, unsigned limit, replay *out);

/* A request's kind for "fails the same way" (mmucosim shrink): an access's
 * data operation and its privilege, U or S (translated, unless the
 * translation is Bare) or M (never translated), or a fence's kind. */
unsigned replay_request_class(const stim_event *ev);
/* "a U/S-mode load", "an M-mode store", "a U/S-mode access without data",
 * "sfence.vma", ... */
const char *replay_class_name(unsigned cls, char *buf, size_t len);

#endif
