/*
 * The value checker: a scoreboard of memory values that knows only the
 * architecture. Lockstep compares the model with the RTL, and both were
 * written from one contract (DESIGN.md, "The data path"): a mistake made in
 * both passes it. The scoreboard holds the values to a reference that knows
 * nothing of caches, write-combining buffers or cycles: a flat byte-addressed
 * image of memory (sparse), updated by every store, A/D compare-and-swap and
 * other agent's store in the order the memory system serialized them, and
 * the rule that every load, fetch and PTE read returns the bytes of the last
 * store to them.
 *
 * Its inputs are the accesses of each request as the memory system took
 * them (sb_access: what, where, the value a read returned, the edge it was
 * taken at), added in any order as requests complete; sb_advance processes
 * those taken before an edge the caller promises no later access precedes,
 * in the order of their edges. The caller (tb/cosim/cosim_value.c) takes
 * them from the model's observations, which lockstep holds equal to the
 * RTL's.
 *
 * The architecture it knows:
 *   - Main memory from main_base up, plain bytes; the I/O region below it:
 *     the register block (devices/regblock.h: ID, SCRATCH, a FIFO whose
 *     reads pop in order, COUNT, a DOORBELL whose writes are logged), the
 *     frame buffer (plain bytes), and nothing else (reads zero, writes
 *     dropped). A device's registers are not memory: a read is the
 *     register's value, with the device's side effects. The register block
 *     takes single accesses only, so an NC store to it (which reaches a
 *     device only as part of the write-combining buffer's line) is dropped.
 *   - Memory types: MAIN accesses (and every PTE access) are coherent with
 *     each other; NC and IO accesses (uncached) with each other: an NC
 *     store is seen at once by every later uncached read, NC loads included.
 *     Across the two kinds the architecture promises a value only where
 *     software kept the attributes apart: an NC store is visible to cached
 *     readers once its hart has executed a FENCE (write-combining: until
 *     then it may sit in a buffer), and a line may be held by a cache after
 *     any cached access until a CBO.FLUSH or CBO.INVAL of it. An uncached
 *     access to a line a cache may hold, or a cached access to a line with
 *     an NC store not yet fenced, mixes the line's attributes (a software
 *     error, Svpbmt's "mismatched attributes"): its values are unspecified,
 *     the checker takes any value there until a CBO.FLUSH or CBO.INVAL of the
 *     line once those NC stores are fenced, and then learns each byte at its
 *     next read (memory holds one of the values written, which one the
 *     architecture does not say).
 *   - CBO.INVAL of a line written through a cache since it was last cleaned
 *     leaves either the written bytes or memory's older ones (the
 *     specification lets it flush or discard): the line's bytes are learned
 *     at their next read. CBO.CLEAN and CBO.FLUSH change no value.
 *   - A PTE access below main_base goes through the cache to a device's
 *     window: unchecked, and its line's values unspecified as above.
 *   - Another agent's store (the poke hook): armed with a hart, an address
 *     and a value, it lands right after that hart's next PTE read of the
 *     address (arming again replaces it).
 *
 * A byte's value is known from the initial image (sb_image) or a store;
 * never-written memory and the frame buffer read zero.
 *
 * Library code: it never prints; a wrong value is an sb_mismatch the caller
 * reports (sb_format_mismatch). After a wrong value the image takes the
 * value read, so that one corruption is reported once.
 */
#ifndef MM_SCOREBOARD_H
#define MM_SCOREBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sb_kind {
  SB_PTE_READ,  /* the walker reads 8 bytes (through the cache, wherever they are) */
  SB_PTE_CAS,   /* the walker's atomic A/D update: value written if memory holds cmp; got: the word found */
  SB_LOAD,      /* a load or fetch of size bytes; got: the value returned, zero-extended */
  SB_STORE,     /* size bytes of value */
  SB_CBO_CLEAN, /* Zicbom on the 64-byte line holding pa */
  SB_CBO_FLUSH,
  SB_CBO_INVAL,
  SB_FENCE, /* FENCE on hart: its NC stores before it are visible to every reader after it */
  SB_POKE,  /* another agent's 8-byte store of value right after hart's next PTE read of pa: armed at time */
} sb_kind;

typedef enum sb_mtype { SB_MAIN = 0, SB_NC = 1, SB_IO = 2 } sb_mtype; /* a data access's memory type */

/* One access, as the memory system took it. */
typedef struct sb_access {
  uint64_t time; /* the edge the memory system took it at (SB_POKE: armed at, after the accesses of that edge) */
  unsigned seq;  /* the request it belongs to (reports) */
  uint8_t kind;  /* sb_kind */
  uint8_t hart;
  uint8_t mtype; /* sb_mtype of a load or store (PTE accesses: MAIN) */
  uint8_t size;  /* a load or store: 1, 2, 4 or 8, naturally aligned; PTE accesses: 8 */
  uint64_t pa;
  uint64_t value; /* a store's (low size bytes), a compare-and-swap's new word, a poke's word */
  uint64_t cmp;   /* a compare-and-swap's expected word */
  uint64_t got;   /* what a read returned: a load's value, a PTE read's word, the word a CAS found */
} sb_access;

typedef struct sb_platform {
  uint64_t main_base;                    /* main memory from here up; the I/O region below */
  uint64_t regblock_base, regblock_size; /* the register block's window */
  uint64_t framebuf_base, framebuf_size; /* the frame buffer: plain bytes */
} sb_platform;

typedef enum sb_why {
  SB_WRONG_VALUE,    /* a read returned other bytes than the last store's */
  SB_WRONG_EXTEND,   /* a narrow load's value is not zero-extended */
  SB_WRONG_REGISTER, /* a register block read returned another value than the register's */
  SB_WRONG_UNMAPPED, /* a read of the I/O region outside every device returned other than zero */
} sb_why;

/* A wrong value: the read and what the architecture says it returns. */
typedef struct sb_mismatch {
  sb_access a;
  uint8_t why;         /* sb_why */
  uint64_t expected;   /* the value it should have returned (as got: zero-extended, or the word) */
  uint64_t addr;       /* the first wrong byte (the access's address when only the extension is wrong, or a
                          register's or an unmapped read's) */
  uint64_t reg;        /* SB_WRONG_REGISTER: the register's offset in the block's window */
  unsigned last_write; /* the request that last wrote the line (SB_NO_REQUEST: none since the image) */
} sb_mismatch;
#define SB_NO_REQUEST 0xffffffffu
#define SB_KEEP       16 /* mismatches kept in full; every one is counted */

typedef struct sb_stats {
  uint64_t accesses;    /* processed */
  uint64_t checked;     /* reads held to a value (loads, fetches, PTE reads, the words CASes found) */
  uint64_t learned;     /* of which with bytes learned (their value unspecified before, see above) */
  uint64_t unchecked;   /* reads of a line under mixed attributes, PTE accesses in the I/O region */
  uint64_t mixed_lines; /* times a line went under mixed attributes */
  uint64_t pops;        /* FIFO reads */
  uint64_t late;        /* accesses added after a later one was processed (the caller's promise broken) */
  unsigned mismatches;
} sb_stats;

/* A doorbell write, as the register block logs it. */
typedef struct sb_doorbell {
  uint64_t offset;
  unsigned size;
  uint64_t value;
  unsigned seq; /* the request that wrote it */
} sb_doorbell;

typedef struct scoreboard scoreboard;

/* NULL when out of memory. */
scoreboard *sb_new(const sb_platform *p);
void sb_free(scoreboard *sb);
/* A word of the initial image (before any access): 8 bytes at 8-aligned pa. */
bool sb_image(scoreboard *sb, uint64_t pa, uint64_t value);
/* Queues an access; false when out of memory. */
bool sb_add(scoreboard *sb, const sb_access *a);
/* Processes the queued accesses taken before edge floor, in edge order;
 * false when out of memory. */
bool sb_advance(scoreboard *sb, uint64_t floor);
/* Every queued access (the run is over). */
bool sb_flush(scoreboard *sb);

const sb_stats *sb_get_stats(const scoreboard *sb);
/* The mismatches kept (at most SB_KEEP of stats.mismatches), in order. */
const sb_mismatch *sb_mismatches(const scoreboard *sb, unsigned *n);
/* The doorbell writes so far, in order. */
const sb_doorbell *sb_doorbells(const scoreboard *sb, size_t *n);

/* "load/4 at 0x90001238 (nc) by hart 1, edge 4567: expected 11 22 33 44, got 11 22 00 00 (the line's last
 * write: request 1200)": bytes in address order. */
int sb_format_mismatch(char *buf, size_t len, const sb_mismatch *m);

#endif
