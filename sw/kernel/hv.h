/*
 * A hypervisor over the kernel (kernel.h): guests (vm) whose guest-physical
 * memory is mapped by G-stage tables (Sv39x4, a G-stage space of the host
 * kernel), each running a guest kernel, the same kernel code with
 * cfg.host set: its processes' VS-stage tables live in guest RAM, its
 * requests are V=1, and it reaches its guest-physical memory through the
 * hypervisor (a V=1 S-mode access with vsatp Bare: G-stage translation
 * only).
 *
 * Two fault handlers, one per stage: a guest's page fault (cause 12, 13,
 * 15 with V=1) goes to its guest kernel (kernel.h's handler); a guest-page
 * fault (20, 21, 23, at a guest physical address) comes here. Guest RAM is
 * backed lazily: the first access to a guest page takes a zeroed host
 * frame, mapped by a G-stage leaf.
 *
 * Merging (as KSM does): hv_merge() reads every backed page of the guests,
 * and maps pages with the same content to one host frame, read-only in the
 * G-stage (the other frames are freed), then fences the G-stage (HFENCE.GVMA
 * by VMID) on the harts that ran each guest. A guest-page fault on a merged
 * page (a store, or the walker's implicit A/D update of a VS-stage PTE in
 * it, which faults with the original access's type) splits it: a copy while
 * other guest pages still share the frame, the frame itself made writable
 * for the last one, and a G-stage fence.
 */
#ifndef MM_HV_H
#define MM_HV_H

#include <stdbool.h>
#include <stdint.h>

#include "sw/kernel/kernel.h"

typedef struct hv_stats {
  uint64_t guest_page_faults; /* guest-page faults handled */
  uint64_t backed;            /* guest pages given a host frame on first access */
  uint64_t merged;            /* guest pages merged into another's frame */
  uint64_t splits;            /* merged pages split again by a write */
  uint64_t split_copies;      /* of which copied (the frame was still shared) */
  uint64_t shootdowns;        /* G-stage shootdowns (a split, a merge) */
  uint64_t gfences;           /* HFENCE.GVMA sent */
  uint64_t ipis;              /* of which to a hart other than the hypervisor's */
} hv_stats;

typedef struct hv {
  kernel *host; /* frames, M-mode accesses, the G-stage tables */
  hv_stats stats;
} hv;

typedef struct vm {
  hv *hv;
  uint16_t vmid;
  space *g;           /* the G-stage map (a G-stage space of the host kernel) */
  uint64_t ram_gpa;   /* guest RAM: [ram_gpa, + ram_pages pages) */
  unsigned ram_pages; /* */
  uint64_t *backing;  /* per guest page: its host frame; 0 while unbacked */
  uint8_t ran_on;     /* harts that ran it */
  kern_host host;     /* what its guest kernel stands on */
  kernel guest;       /* the guest kernel; its pool is guest RAM */
} vm;

/* A guest with its G-stage root, empty RAM and a guest kernel of guest_cfg
 * (whose pool is made to be its RAM); false and a message on failure. */
bool hv_vm_init(hv *h, vm *v, uint16_t vmid, uint64_t ram_gpa, unsigned ram_pages, const kernel_config *guest_cfg,
                const char **why);
void hv_vm_destroy(vm *v);
/* Runs v on hart (hgatp with its VMID, henvcfg); its guest kernel then runs
 * its processes there. */
void hv_run(hv *h, vm *v, unsigned hart);
/* A guest-page fault of v on hart at gpa (type: the access that faulted). */
kern_status hv_guest_page_fault(vm *v, unsigned hart, uint64_t gpa, mm_access type);
/* Merges identical pages of the guests; *merged counts the pages that
 * gave up their frame. Runs on hart. */
kern_status hv_merge(hv *h, unsigned hart, vm **vms, unsigned n, unsigned *merged);

#endif
