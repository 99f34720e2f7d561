/*
 * What the kernel's files (kernel.c, space.c, fault.c, swap.c) share and
 * nobody else needs: the reverse map of user pages, user frames (which may
 * page another one out), leaf PTEs through the builder, swap entries.
 */
#ifndef MM_KERNEL_INT_H
#define MM_KERNEL_INT_H

#include "sw/kernel/kernel.h"

/* A non-valid PTE that holds a paged-out page: its reverse-map entry. */
#define KERN_SWAP_TAG (1ull << 8) /* RSW bit 0, with V clear */
static inline bool kern_is_swap_pte(uint64_t pte) { return !(pte & PTE_V) && (pte & KERN_SWAP_TAG); }
static inline uint64_t kern_swap_pte(unsigned page) { return KERN_SWAP_TAG | ((uint64_t)page << PTE_PPN_SHIFT); }
static inline unsigned kern_swap_page(uint64_t pte) { return (unsigned)(pte >> PTE_PPN_SHIFT); }

/* Reverse map. */
kern_status kpage_add(kernel *k, space *s, uint64_t va, uint64_t pte_pa, uint64_t pa, unsigned *index);
int kpage_find(const kernel *k, const space *s, uint64_t va); /* -1: none */
void kpage_remove(kernel *k, unsigned index);

/* A zeroed frame for a user page (refs 1), paging one out first if the
 * resident limit or the pool says so. */
kern_status kern_user_frame(kernel *k, unsigned hart, uint64_t *pa);
/* A user page's frame loses a mapping. */
void kern_user_put(kernel *k, uint64_t pa);

/* The leaf PTE of va in s: its PA (tables made as needed) and value. */
kern_status kern_leaf_slot(kernel *k, unsigned hart, space *s, uint64_t va, uint64_t *slot);
/* Maps va to pte in s; *slot (may be NULL) = the PTE's PA. */
kern_status kern_set_leaf(kernel *k, unsigned hart, space *s, uint64_t va, uint64_t pte, uint64_t *slot);

/* The bits a new leaf of region v gets for frame pa: its prot with A and D
 * clear (the hardware sets them), V. */
static inline uint64_t kern_leaf(const vma *v, uint64_t pa) { return pt_pte(pa, v->prot | PTE_V); }

/* Reads reverse-map entry i's page back from its slot into a new frame,
 * mapped with v's bits (swap.c). */
kern_status kern_swap_in(kernel *k, unsigned hart, unsigned i, const vma *v);
/* Frees every space still alive (kernel_destroy). */
void kern_spaces_free(kernel *k);
/* Frees the swap slot (if any) of a page. */
void kern_swap_release(kernel *k, int32_t slot);

#endif
