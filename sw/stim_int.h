/*
 * The generator's inside (stim.h is its outside), shared by its two files:
 * stim_world.c builds the world the stream runs in (host and guest address
 * spaces, their page tables, the data pools, the shared kernel half) and
 * stim.c generates the stream of events over it. Not for other users.
 */
#ifndef MM_STIM_INT_H
#define MM_STIM_INT_H

#include "model/mem.h"
#include "model/mmu.h"
#include "model/pma.h"
#include "model/pte.h"
#include "stim.h"
#include "sw/lib/pt.h"
#include "sw/lib/rng.h"

#define MAX_HARTS       MM_MAX_HARTS
#define MAX_PAGES       64 /* mapped pages remembered per space */
#define N_HOST          4  /* host spaces: Sv39, Sv39, Sv48, Bare */
#define N_VM            2  /* VM 0: Sv39x4, VM 1: Sv48x4 */
#define N_VS            2  /* VS spaces per VM (the second of VM 1 is Bare) */
#define N_SPACES        (N_HOST + N_VM * N_VS)
#define RECENT          8
#define HOST_TABLES     0x80000000ull  /* host page-table frames grow from here */
#define GUEST_RAM       0x80000000ull  /* GPA of guest RAM */
#define GUEST_TABLE_RAM (2ull << 20)   /* its first 2 MiB: VS tables, 4 KiB G pages */
#define GUEST_RAM_SIZE  (64ull << 20)  /* the rest: 2 MiB G pages */
#define GUEST_1G_GPA    (1ull << 30)   /* a 1 GiB G-stage page below guest RAM */
#define GUEST_512G_GPA  (512ull << 30) /* a 512 GiB G-stage page (Sv48x4 only) */
#define GUEST_HOT       (1ull << 20)   /* guest data pages mostly in the first 1 MiB of its data RAM */
#define GUEST_SMALL_GPA 0x20000000ull  /* 64 KiB (Svnapot) and 4 KiB G-stage pages: 1 MiB at 512 MiB */
#define N_SHARED        6              /* VAs every space of a kind maps (a kernel's shared half) */
#define CACHED_POOL     0x90000000ull  /* 4 KiB data frames of host pages mapped PMA: 2 MiB, 16 frames a color */
#define CACHED_FRAMES   512
#define UNCACHED_POOL   0xa0000000ull /* frames of host pages mapped NC or IO: 256 KiB */
#define UNCACHED_FRAMES 64
/* Physical addresses over the whole 56 bits: page tables, pools and guest RAM are placed in four
 * regions, the same layout at each, differing only in address bits above 31 (a tag or an address
 * that a bug cut short meets another region's line with the same low bits): */
#define N_REGIONS  4
#define REGION_LOW 0 /* as they were: below 2^33 */
#define REGION_40  1 /* OR'd with 2^k, k in 40..47 (a seed's) */
#define REGION_48  2 /* 2^k, k in 48..54 */
#define REGION_TOP 3 /* 2^55, the top bit */
#define ASID_BITS  16
#define VMID_BITS  14 /* VMIDLEN: hgatp bits 59:58 read as zero */

/* Page-table frames of one region: from HOST_TABLES (OR its region's bit) up, 4 KiB each. */
typedef struct table_pool {
  uint64_t base; /* HOST_TABLES | the region's bit */
  uint64_t next; /* the next free frame */
} table_pool;

typedef struct page {
  uint64_t va; /* page base */
  unsigned shift;
  uint64_t slot; /* host PA of its leaf PTE (the first of 16 for NAPOT) */
} page;

typedef struct vm {
  unsigned mode;          /* SATP_MODE_SV39 (Sv39x4) or SATP_MODE_SV48 (Sv48x4) */
  uint16_t vmid;          /* its VMID now (gen_id_change moves it, 0..2^14-1) */
  uint16_t vmid_own;      /* the one it was built with, which it returns to */
  pt_builder g;           /* the G-stage: host PAs, 16 KiB root, tables from stim.host_next */
  uint64_t host_base;     /* host PA of guest RAM */
  uint64_t gpa_next;      /* next free GPA for VS tables, below GUEST_RAM + GUEST_TABLE_RAM */
  page gpages[MAX_PAGES]; /* G-stage leaves, for edits */
  unsigned n_gpages;
} vm;

typedef struct space {
  int vm;            /* -1: a host space (satp); else the VM of a VS space */
  unsigned mode;     /* SATP_MODE_* */
  uint16_t asid;     /* its ASID now (gen_id_change moves it; full 16 bits) */
  uint16_t asid_own; /* the one it was built with */
  pt_builder pt;     /* its tables (not for Bare): host PAs, or a VS space's GPAs in guest RAM */
  page pages[MAX_PAGES];
  unsigned n_pages;
} space;

struct stim {
  rng rng; /* the one source of randomness: the stream is a function of the seed */
  unsigned harts;
  mm_mem *shadow;               /* what software wrote, to build tables on */
  uint64_t region[N_REGIONS];   /* each region's high bit (0 for REGION_LOW) */
  table_pool tables[N_REGIONS]; /* host page-table frames, per region */
  vm vms[N_VM];
  space spaces[N_SPACES];
  int hart_space[MAX_HARTS];
  mm_csrs csrs[MAX_HARTS]; /* what software last wrote */
  uint64_t recent_va[RECENT];
  int recent_space[RECENT];
  uint64_t recent_slot[RECENT]; /* leaf PTE slot of that page, 0 if none */
  unsigned n_recent;
  unsigned sw_hart;             /* the hart whose software stores page tables now */
  uint64_t shared_va[N_SHARED]; /* mapped at the same VA in every host space, and in every VS space */
  stim_event *q;                /* pending events: q[head..tail) */
  size_t head, tail, cap;
};

/* The idle cycles before a request: mostly none, often a few. */

/* stim_world.c: an event appended to the stream (the caller fills its fields); software's store of a
 * word (a PTE) and a hart's CSR change, as events; a leaf's random permission and attribute bits, and a
 * leaf PTE of a level (napot: a 64 KiB Svnapot page); a random canonical VA of a mode's levels; a guest data
 * page's GPA; a space's levels; one more random page mapped in sp; a space's satp/vsatp value. */
stim_event *stim_emit(stim *s, stim_kind kind, const char *note);
void stim_write_word(stim *s, uint64_t pa, uint64_t value, const char *note);
void stim_write_csr(stim *s, unsigned hart, mm_csr_id id, uint64_t value, const char *note);
uint64_t stim_leaf_bits(rng *r, bool gstage);
uint64_t stim_make_leaf(rng *r, uint64_t pa, int level, bool napot, bool gstage);
uint64_t stim_random_va(rng *r, unsigned levels);
uint64_t stim_guest_data_gpa(rng *r, const vm *v);
unsigned stim_space_levels(const space *sp);
void stim_add_page(stim *s, space *sp);
uint64_t stim_atp_of(const space *sp);
/* A region's bit, picked: mostly the low one, else each high one alike. */
uint64_t stim_region(stim *s);
/* An ID of bits width: its home value, home with one bit of the high half flipped (often the top),
 * or any value with a highest set bit drawn uniformly (zero too). */
uint16_t stim_pick_id(rng *r, uint16_t home, unsigned bits);

#endif
