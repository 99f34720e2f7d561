/*
 * A small kernel over the machine interface (machine.h): physical frames,
 * address spaces with ASIDs, a page-fault handler, TLB shootdowns, and the
 * paging policies the scenarios (sw/scenarios/) exercise. It runs in closed
 * loop: a user access is a request on a hart; when the outcome is a page
 * fault, the kernel's handler decides from that outcome (and its own
 * tables) what to do, fixes the mapping, and the access is retried. The
 * machine behind it may be the golden model alone, the RTL alone or both in
 * lockstep; the kernel never knows which.
 *
 * Memory. The kernel reaches physical memory as M-mode 8-byte loads and
 * stores on the hart it runs on (page tables, page copies, zeroing), through
 * the cache like the walker; before the machine's first request it writes
 * the image directly (boot page tables). A guest kernel (cfg.host set)
 * reaches its guest-physical memory through the hypervisor instead
 * (hv.h), and its requests are V=1.
 *
 * Frames come from one pool (sw/lib/frames.h), colored or naive. A frame
 * fresh from boot is known to be zero; a freed frame is zeroed through the
 * machine before its next use. Each frame has a reference count: the
 * mappings of a user page (copy-on-write after fork shares it), or 1 for a
 * frame the kernel owns (a page table, a shadow copy).
 *
 * Address spaces (space) hold a page-table root built by sw/lib/pt (the one
 * builder; its reads and writes are the kernel's memory accesses above, its
 * tables the kernel's frames) and regions (vma): anonymous memory filled on
 * first touch (zero page for reads if asked), a file's pages filled on first
 * touch and written back by the D bit, and fixed mappings made at once
 * (shared libraries with the G bit, device windows with a PBMT type).
 * Accessed and dirty bits are the hardware's (Svadu): the kernel maps pages
 * with A and D clear and reads them back.
 *
 * ASIDs (cfg.asid_bits, 0: none) are given out by generation, as Linux on
 * arm64 does: a space takes a fresh ASID of the current generation when it
 * is switched to; when they run out, the generation rolls over, the ASIDs
 * running now are kept, and every hart flushes its whole TLB before its
 * next switch (the flush recycling needs). Without ASIDs every switch
 * flushes the hart's TLB.
 *
 * Shootdown: after a PTE loses a permission or a frame, every hart that may
 * hold the old translation gets a fence for that address and ASID: the
 * kernel's own hart locally, the others by a request to them (an IPI), never
 * a global flush. Eager: every hart; lazy (cfg.lazy_shootdown): only harts
 * that ran the space under its current ASID. A space whose ASID belongs to
 * an old generation needs none (no hart can use its entries before the
 * rollover flush). Making an invalid PTE valid, or adding a permission,
 * fences only the faulting hart; another hart that still faults on a stale
 * entry finds the PTE already right and fences itself (a spurious fault).
 *
 * Paging out (cfg.max_resident, or an empty pool): the clock algorithm over
 * the resident user pages, using the A bit (cleared without a fence, as
 * Linux does on RISC-V: an entry still in a TLB may make a hot page look
 * cold); a dirty page goes to the backing store (swap slots in the kernel's
 * own memory, the disk) or back to its file; the PTE then holds a swap entry
 * (V clear). A clean page with a copy in its slot is not written again.
 *
 * Errors: kern_status for outcomes (a fault the handler cannot fix is
 * KERN_FAULT, what a SIGSEGV would be; KERN_NOMEM; KERN_HALTED when the
 * machine stopped on a mismatch); assert() for the caller's bugs.
 */
#ifndef MM_KERNEL_H
#define MM_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "model/mmu.h"
#include "sw/kernel/machine.h"
#include "sw/lib/frames.h"
#include "sw/lib/pt.h"

#define KERN_PAGE       4096ull
#define KERN_PAGE_WORDS 512u
#define KERN_MAX_VMAS   16
#define KERN_MAX_SPACES 64

typedef enum kern_status {
  KERN_OK = 0,
  KERN_FAULT,  /* the access faulted and the handler could not fix it (the program's error) */
  KERN_NOMEM,  /* no frame left, and nothing to page out */
  KERN_HALTED, /* the machine stopped (a mismatch in lockstep) */
} kern_status;

const char *kern_status_name(kern_status st);

typedef enum vma_kind {
  VMA_ANON,  /* private memory, zero-filled on first touch; copy-on-write after fork */
  VMA_FILE,  /* a file's pages, read on first touch; dirty ones (D) written back on unmap or eviction */
  VMA_FIXED, /* contiguous frames mapped when the region is made; a fault there is the program's error */
} vma_kind;

/* A file on the disk: its words live outside the machine's memory. */
typedef struct kfile {
  uint64_t *words;     /* pages * KERN_PAGE_WORDS */
  unsigned pages;      /* */
  uint64_t reads;      /* pages read into memory */
  uint64_t writebacks; /* pages written back */
} kfile;

typedef struct vma {
  uint64_t start, end; /* [start, end), page aligned */
  uint64_t prot;       /* the leaf bits of its pages: R, W, X, U, G and the PBMT field */
  vma_kind kind;
  bool zero_page;     /* ANON: a read maps the shared zero page read-only; a write, a frame of its own */
  kfile *file;        /* FILE: the file, whose page file_page is at start */
  uint64_t file_page; /* */
  uint64_t fixed_pa;  /* FIXED: the frame at start (the rest follow) */
} vma;

/* The write-protection log of one space (transactional memory): pages
 * written since kern_wp_begin, each with a copy of what it held before. */
#define KERN_WP_MAX 64
typedef struct kern_wp_log {
  unsigned n;
  uint64_t va[KERN_WP_MAX];     /* the page */
  uint64_t frame[KERN_WP_MAX];  /* its frame */
  uint64_t shadow[KERN_WP_MAX]; /* the kernel's copy of it as it was */
  bool overflow;                /* more pages than the log holds were written (not recorded) */
} kern_wp_log;

struct kernel;

typedef struct space {
  struct kernel *k;
  pt_builder pt;     /* the page tables; pt.root the root */
  uint64_t asid_ctx; /* generation << 16 | ASID; 0: none given yet */
  uint8_t ran_on;    /* harts that ran it under its current ASID */
  uint8_t active_on; /* harts running it now */
  unsigned n_vmas;   /* */
  vma vmas[KERN_MAX_VMAS];
  uint64_t *tables; /* the frames of its page tables (root first), freed with it */
  unsigned n_tables, cap_tables;
  kern_wp_log *wp; /* write tracking on (kern_wp_begin), or NULL */
} space;

/* A user page the kernel tracks (reverse map): a mapping of an ANON or FILE
 * region, in memory or paged out. */
typedef struct kpage {
  space *s;      /* NULL: a free entry */
  uint64_t va;   /* the page */
  uint64_t pte;  /* the PA of its leaf PTE (stable: tables live as long as the space) */
  uint64_t pa;   /* its frame, when resident */
  int32_t slot;  /* the swap slot holding a copy of it (-1: none) */
  bool resident; /* */
} kpage;

/* What stands under a guest kernel: the hypervisor (hv.h). */
typedef struct kern_host {
  kern_status (*read)(void *ctx, unsigned hart, uint64_t gpa, uint64_t *value);
  kern_status (*write)(void *ctx, unsigned hart, uint64_t gpa, uint64_t value);
  /* A guest-page fault of a guest's access (cause 20, 21 or 23 at gpa). */
  kern_status (*guest_page_fault)(void *ctx, unsigned hart, uint64_t gpa, mm_access type);
  void *ctx;
} kern_host;

typedef struct kernel_config {
  unsigned harts;           /* it runs on harts 0..harts-1 (at most the machine's) */
  uint64_t pool_base;       /* its frames: [pool_base, + pool_frames pages); physical (guest: guest-physical) */
  unsigned pool_frames;     /* 1..FRAMES_MAX */
  unsigned colors;          /* page colors of the cache (8 for the default cache); 1: none */
  bool colored;             /* frames by color in turn; else the lowest free (naive) */
  unsigned asid_bits;       /* 0: no ASIDs (a switch flushes the hart's TLB); 1..16 */
  bool lazy_shootdown;      /* skip harts that never ran the space */
  unsigned max_resident;    /* resident user pages before the clock pages one out; 0: the pool decides */
  int levels;               /* 3: Sv39, 4: Sv48 */
  const kern_host *host;    /* a guest kernel: vsatp, HFENCE.VVMA, V=1 requests, memory through host */
  bool skip_rollover_flush; /* a bug on purpose: ASIDs recycled without the TLB flush they need */
} kernel_config;

#define KERNEL_CONFIG_DEFAULT                                                                                          \
  ((kernel_config){.harts = 1,                                                                                         \
                   .pool_base = 0x90000000ull,                                                                         \
                   .pool_frames = 4096,                                                                                \
                   .colors = 8,                                                                                        \
                   .colored = true,                                                                                    \
                   .asid_bits = 16,                                                                                    \
                   .lazy_shootdown = true,                                                                             \
                   .levels = 3})

typedef struct kernel_stats {
  uint64_t faults;         /* page faults the handler saw */
  uint64_t segv;           /* of which it could not fix */
  uint64_t spurious;       /* of which the PTE already allowed (a stale entry): a local fence */
  uint64_t zero_fills;     /* pages given a zeroed frame on first touch */
  uint64_t zero_maps;      /* reads that mapped the shared zero page */
  uint64_t cow_copies;     /* copy-on-write faults that copied the page */
  uint64_t cow_reuses;     /* copy-on-write faults on the last mapping: made writable, no copy */
  uint64_t file_reads;     /* file pages read in */
  uint64_t writebacks;     /* dirty file pages written back */
  uint64_t swap_outs;      /* pages written to the backing store */
  uint64_t swap_ins;       /* pages read back from it */
  uint64_t evictions;      /* pages the clock took away */
  uint64_t wp_faults;      /* write-tracking faults (pages logged) */
  uint64_t shootdowns;     /* shootdown operations */
  uint64_t shoot_fences;   /* fences they sent, one per hart (the local one included) */
  uint64_t ipis;           /* of which to another hart */
  uint64_t local_fences;   /* fences on the kernel's own hart outside shootdowns */
  uint64_t switches;       /* address-space switches */
  uint64_t switch_flushes; /* whole-TLB flushes at a switch (no ASIDs, or a rollover) */
  uint64_t asids;          /* ASIDs given out */
  uint64_t rollovers;      /* ASID generations rolled over */
  uint64_t frames;         /* frames allocated */
  uint64_t zeroed;         /* frames zeroed through the machine before reuse */
  uint64_t copies;         /* pages copied through the machine */
  uint64_t tables;         /* page-table frames */
  uint64_t pt_reads;       /* the kernel's own loads of page tables */
  uint64_t pt_writes;      /* and its stores */
} kernel_stats;

typedef struct kernel {
  machine *m;
  kernel_config cfg;
  frames *pool;
  uint32_t *refs; /* per pool frame: its mappings, or 1 for a kernel-owned frame; 0 free */
  uint8_t *dirty; /* per pool frame: may hold nonzero words */
  uint64_t zero_page;
  unsigned hart;        /* the hart the kernel runs on now */
  kern_status pt_error; /* an error inside a page-table callback, returned by the call that made it */
  /* ASIDs */
  uint64_t asid_gen;
  uint64_t *asid_map; /* the current generation's ASIDs in use */
  uint32_t asid_next;
  space *spaces[KERN_MAX_SPACES]; /* alive */
  unsigned n_spaces;
  space *running[MM_MAX_HARTS];
  bool flush_pending[MM_MAX_HARTS];
  /* user pages, and the clock */
  kpage *pages;
  unsigned n_pages, cap_pages, clock_hand;
  unsigned *pages_free; /* a stack of free entries of pages[] */
  unsigned n_pages_free;
  unsigned resident;
  /* the backing store */
  uint64_t (*swap)[KERN_PAGE_WORDS];
  unsigned n_swap, cap_swap;
  int32_t *swap_free; /* a stack of free slots */
  unsigned n_swap_free;
  kernel_stats stats;
} kernel;

/* Boot: false (and a message) on an impossible configuration or no memory.
 * On a machine that has run before (another kernel), every hart's TLB is
 * flushed first. */
bool kernel_init(kernel *k, machine *m, const kernel_config *cfg, const char **why);
void kernel_destroy(kernel *k);

/* Frames: a zeroed frame the kernel owns (refs 1), and its release. */
kern_status kern_frame_alloc(kernel *k, uint64_t *pa);
void kern_frame_put(kernel *k, uint64_t pa);
/* One more reference to a frame in use (a page shared by merging). */
void kern_frame_get(kernel *k, uint64_t pa);
/* n consecutive zeroed frames from a PA aligned to align frames, each owned
 * by the kernel (a G-stage root, a library, a region's fixed frames). */
kern_status kern_frames_alloc_range(kernel *k, unsigned n, unsigned align, uint64_t *pa);
/* Whether pa is a frame of the pool, and its references (0: free, or not in the pool). */
bool kern_in_pool(const kernel *k, uint64_t pa);
unsigned kern_frame_refs(const kernel *k, uint64_t pa);

/* Memory as the kernel reaches it, on hart (see above). */
kern_status kern_read(kernel *k, unsigned hart, uint64_t pa, uint64_t *value);
kern_status kern_write(kernel *k, unsigned hart, uint64_t pa, uint64_t value);
kern_status kern_copy_page(kernel *k, unsigned hart, uint64_t dst, uint64_t src);
kern_status kern_zero_page(kernel *k, unsigned hart, uint64_t pa);

/* Address spaces (space.c): the kernel owns them; kernel_destroy frees
 * those still alive (in the program's memory only). */
kern_status kern_space_new(kernel *k, space **s);
/* A G-stage space (Sv39x4 or Sv48x4: a 16 KiB root) for a hypervisor's
 * guest-physical map (hv.h): mapped with kern_set_leaf and read with
 * kern_pte, never switched to. */
kern_status kern_gspace_new(kernel *k, space **s);
/* Unmaps everything (file pages written back), frees its frames and tables
 * and the space; it must not be running on any hart (kern_idle). */
kern_status kern_space_destroy(kernel *k, unsigned hart, space *s);
/* A region; nothing is mapped but a FIXED one's pages. */
kern_status kern_vma_add(kernel *k, unsigned hart, space *s, const vma *v);
vma *kern_vma_find(space *s, uint64_t va);
/* Removes the region at start: file pages written back by D, frames freed, shot down. */
kern_status kern_munmap(kernel *k, unsigned hart, space *s, uint64_t start);
/* New leaf bits for a region and its mapped pages; shootdown, or (false) a
 * fence on the kernel's own hart only: the bug the W^X scenario shows. */
kern_status kern_mprotect(kernel *k, unsigned hart, space *s, uint64_t start, uint64_t prot, bool shootdown);
/* Moves the frame of page va of from to page to_va of to (zero copy): from
 * loses it (shot down), to maps it with its region's bits. */
kern_status kern_move_page(kernel *k, unsigned hart, space *from, uint64_t va, space *to, uint64_t to_va);
/* Copy-on-write fork: child gets parent's regions and shares its pages read-only. */
kern_status kern_fork(kernel *k, unsigned hart, space *parent, space **child);
/* The leaf PTE of va (0 when none), read through the machine. */
kern_status kern_pte(kernel *k, unsigned hart, space *s, uint64_t va, uint64_t *pte);
/* Write tracking: every writable page of s becomes read-only (shot down),
 * and each first store to one is logged with a copy (log->n counts them). */
kern_status kern_wp_begin(kernel *k, unsigned hart, space *s, kern_wp_log *log);
/* Ends it; abort: every logged page gets its copy back. Frees the copies. */
kern_status kern_wp_end(kernel *k, unsigned hart, space *s, bool abort);

/* Runs s on hart: satp (vsatp for a guest) with its ASID. */
kern_status kern_switch(kernel *k, unsigned hart, space *s);
/* The satp (vsatp) value that runs s with its current ASID. */
uint64_t kern_atp(const kernel *k, const space *s);
/* The hart runs no space of this kernel any more (satp is left as it is). */
void kern_idle(kernel *k, unsigned hart);
/* Invalidates va of s (whole: every non-global entry of its ASID) on every
 * hart that may hold it. */
kern_status kern_shootdown(kernel *k, unsigned hart, space *s, uint64_t va, bool whole);
/* A fence of va on the kernel's own hart. */
kern_status kern_local_fence(kernel *k, unsigned hart, space *s, uint64_t va);

/* A user access on hart by the space running there: the request, and on a
 * page fault the handler and a retry. *out is the last outcome. */
kern_status kern_access(kernel *k, unsigned hart, const mm_req *req, mm_obs *out);
/* Shorthands: U-mode (priv) loads, stores and fetches of size bytes. */
kern_status kern_load(kernel *k, unsigned hart, uint64_t va, unsigned size, uint64_t *value);
kern_status kern_store(kernel *k, unsigned hart, uint64_t va, unsigned size, uint64_t value);
kern_status kern_fetch(kernel *k, unsigned hart, uint64_t va, uint64_t *value);
/* The same with a privilege and the whole outcome. */
kern_status kern_op(kernel *k, unsigned hart, mm_priv priv, mm_data_op op, uint64_t va, unsigned size, uint64_t wdata,
                    mm_obs *out);

/* The page-fault handler (fault.c): fixes the mapping of va in the space
 * running on hart for an access of type, or says KERN_FAULT. */
kern_status kern_fault(kernel *k, unsigned hart, uint64_t va, mm_access type);

/* Paging out one resident page by the clock (swap.c); KERN_NOMEM when none can go. */
kern_status kern_evict_one(kernel *k, unsigned hart);

#endif
