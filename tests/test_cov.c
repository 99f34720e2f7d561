/*
 * The functional coverage model (model/cov.h): directed requests land in
 * the bins they should, fences are classified entry by entry, the files
 * read back and refuse malformed input with FILE:LINE (the default
 * regression's coverage: tests/test_cosim_coverage.c).
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cov.h"
#include "model/memsys.h"
#include "model/mmu.h"
#include "testutil.h"

#define ROOT 0x80100000ull

static mm_mem *mem;
static mm_hart hart;
static pt_builder pt;
static mm_cov *cov;

static void setup(void) {
  mem = mm_mem_new();
  cov = malloc(sizeof *cov);
  cr_assert(mem && cov);
  mm_cov_init(cov);
  mm_hart_params p = MM_HART_PARAMS_DEFAULT;
  const char *why;
  cr_assert(mm_hart_init(&hart, &p, &why), "%s", why);
  hart.cov = cov;
  mm_csr_write(&hart.csrs, MM_CSR_SATP, atp_make(SATP_MODE_SV39, 5, ROOT));
  mm_csr_write(&hart.csrs, MM_CSR_MENVCFG, ENVCFG_ADUE);
  pt_init(&pt, mem, ROOT, 3, 0, ROOT + 0x1000);
}

static void teardown(void) {
  mm_hart_destroy(&hart);
  mm_mem_free(mem);
  free(cov);
}

TestSuite(cov, .init = setup, .fini = teardown);

static uint64_t count(const char *bin) {
  int b = mm_cov_find(bin);
  cr_assert_geq(b, 0, "no bin named %s", bin);
  return cov->count[b];
}

static mm_obs access(uint64_t va, mm_access type, mm_priv priv) {
  mm_obs o;
  mm_req req = {.va = va, .type = type, .priv = priv};
  mm_hart_access(&hart, mem, &req, &o);
  return o;
}

Test(cov, a_walk_lands_in_its_bins) {
  const uint64_t va = 0x40200000; /* a 2 MiB page, A clear: the walk sets it */
  must_map(&pt, va, 1, pt_pte(0x90000000, PTE_V | PTE_R | PTE_W));
  mm_obs o = access(va + 0x1238, MM_LOAD, MM_PRIV_S);
  cr_assert(o.ok, "load at %#" PRIx64 ": cause %u", va, o.cause);
  cr_assert_eq(count("ok/sv39/2M/load/S"), 1);
  cr_assert_eq(count("ad/S/on/A"), 1, "the walk's A update");
  cr_assert_eq(count("pbmt/S/pma/pma"), 1);
  /* the same page again: a TLB hit, no walk bins */
  o = access(va + 8, MM_LOAD, MM_PRIV_S);
  cr_assert(o.tlb_hit, "second load at %#" PRIx64 " missed the TLB", va + 8);
  cr_assert_eq(count("ok/sv39/2M/load/S"), 1, "a hit counted as a walk");
  /* a U-mode load of this supervisor page: the hit path faults, no walk */
  o = access(va + 16, MM_LOAD, MM_PRIV_U);
  cr_assert(!o.ok && o.tlb_hit);
  cr_assert_eq(count("fault/sv39/load/U/page"), 1);
  cr_assert_eq(count("hit/load/page"), 1);
  cr_assert_eq(count("reason/S/permission"), 0, "a hit-path fault counted as a walk's");
  /* a store: D is clear, so it walks and the walk sets D */
  o = access(va + 24, MM_STORE, MM_PRIV_S);
  cr_assert(o.ok && !o.tlb_hit, "store at %#" PRIx64 ": cause %u", va + 24, o.cause);
  cr_assert_eq(count("ad/S/on/D"), 1);
}

Test(cov, canonical_boundaries_and_fault_reasons) {
  access(0x3ffffff000ull, MM_LOAD, MM_PRIV_S); /* the highest canonical page of Sv39's low half */
  access(0x4000000000ull, MM_LOAD, MM_PRIV_S); /* the first non-canonical one */
  cr_assert_eq(count("canon/sv39/low-top"), 1);
  cr_assert_eq(count("canon/sv39/low-top+1"), 1);
  cr_assert_eq(count("reason/S/address"), 1, "the non-canonical address");
  cr_assert_eq(count("reason/S/invalid"), 1, "the unmapped canonical page (V clear)");
}

Test(cov, a_fence_is_classified_entry_by_entry) {
  /* a global page and a private one of ASID 5 in the TLB; SFENCE.VMA by ASID 5 */
  must_map(&pt, 0x1000, 0, pt_pte(0x90001000, PTE_V | PTE_R | PTE_A | PTE_G));
  must_map(&pt, 0x2000, 0, pt_pte(0x90002000, PTE_V | PTE_R | PTE_A));
  cr_assert(access(0x1000, MM_LOAD, MM_PRIV_S).ok);
  cr_assert(access(0x2000, MM_LOAD, MM_PRIV_S).ok);
  mm_fence f = {.kind = MM_FENCE_SFENCE_VMA, .has_id = true, .id = 5};
  mm_hart_fence(&hart, NULL, &f, NULL);
  cr_assert_eq(count("fence/sfence.vma/id/keep-global"), 1, "the global entry stays");
  cr_assert_eq(count("fence/sfence.vma/id/drop-page"), 1, "the ASID's entry goes");
  cr_assert_null(mm_cov_unreachable((unsigned)mm_cov_find("fence/sfence.vma/id/keep-global")));
  cr_assert_not_null(mm_cov_unreachable((unsigned)mm_cov_find("fence/sfence.vma/id/drop-global")),
                     "by ASID, global entries stay: unreachable");
}

Test(cov, files_read_back_and_bad_ones_name_file_and_line) {
  must_map(&pt, 0x3000, 0, pt_pte(0x90003000, PTE_V | PTE_R | PTE_A));
  access(0x3000, MM_LOAD, MM_PRIV_S);
  const char *path = "build/tests/cov_roundtrip.cov";
  cr_assert(mm_cov_write(cov, path), "cannot write %s", path);
  mm_cov *back = malloc(sizeof *back);
  cr_assert(back);
  mm_cov_init(back);
  char err[256];
  cr_assert(mm_cov_read(back, path, err, sizeof err), "%s", err);
  for (unsigned b = 0; b < mm_cov_bins(); b++)
    cr_assert_eq(back->count[b], cov->count[b], "bin %u read back differently", b);
  static const struct {
    const char *text, *want;
  } bad[] = {
      {"ok/sv39/4K/load/U 3\nno/such/bin 1\n", ":2: no bin named 'no/such/bin'"},
      {"ok/sv39/4K/load/U three\n", ":1: count 'three' is not a number"},
      {"ok/sv39/4K/load/U 3 4\n", ":1: expected \"BIN COUNT\""},
  };
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    FILE *f = fopen("build/tests/cov_bad.cov", "w");
    cr_assert(f);
    fputs(bad[i].text, f);
    fclose(f);
    cr_assert(!mm_cov_read(back, "build/tests/cov_bad.cov", err, sizeof err), "case %u was accepted", i);
    cr_assert(strstr(err, "build/tests/cov_bad.cov") && strstr(err, bad[i].want), "case %u: \"%s\"", i, err);
  }
  cr_assert(!mm_cov_read(back, "build/tests/no_such_file.cov", err, sizeof err));
  free(back);
}

/* ---- value ranges ----------------------------------------------------- */

Test(cov, ids_land_in_their_highest_bit_and_pairs_in_the_bits_they_differ) {
  must_map(&pt, 0x5000, 0, pt_pte(0x90005000, PTE_V | PTE_R | PTE_A | (2ull << 8))); /* RSW 2: ignored */
  cr_assert(access(0x5000, MM_LOAD, MM_PRIV_S).ok, "load at %#x under ASID 5", 0x5000);
  cr_assert_eq(count("asid/satp/2"), 1, "ASID 5's highest set bit is 2");
  cr_assert_eq(count("ptefield/rsw-2/leaf"), 1, "the leaf's RSW");
  cr_assert_eq(count("ptefield/rsw-0/pointer"), 2, "the two pointers above it");
  /* the same VA under ASID 0x105: differs from 5 only in bit 8, the high half */
  mm_csr_write(&hart.csrs, MM_CSR_SATP, atp_make(SATP_MODE_SV39, 0x105, ROOT));
  cr_assert(access(0x5000, MM_LOAD, MM_PRIV_S).ok, "load at %#x under ASID 0x105", 0x5000);
  cr_assert_eq(count("asid/satp/8"), 1);
  cr_assert_eq(count("idpair/va-two-asids/high-only"), 1, "ASIDs 5 and 0x105 differ only in bit 8");
  cr_assert_eq(count("idpair/va-two-asids/low"), 0);
  /* SFENCE.VMA by ASID 0x8005: both entries stay, each differing from it in the high half only... */
  mm_fence f = {.kind = MM_FENCE_SFENCE_VMA, .has_id = true, .id = 0x8005};
  mm_hart_fence(&hart, NULL, &f, NULL);
  cr_assert_eq(count("asid/sfence.vma/15"), 1, "the operand's highest set bit is 15");
  cr_assert_eq(count("idpair/fence-keeps-asid/high-only"), 2, "two entries kept, 0x8000 and 0x8100 apart");
  /* ...and by ASID 4, they differ from it in a low bit */
  f.id = 4;
  mm_hart_fence(&hart, NULL, &f, NULL);
  cr_assert_eq(count("asid/sfence.vma/2"), 1);
  cr_assert_eq(count("idpair/fence-keeps-asid/low"), 2, "two entries kept, 1 and 0x101 apart");
  cr_assert_not_null(mm_cov_unreachable((unsigned)mm_cov_find("vmid/hgatp/14")), "VMIDLEN is 14");
}

/* The memory system's bins: each access as the cache and the buffer stand before it. */
Test(cov, the_memory_system_records_ranges_misses_and_aliases) {
  mm_bus bus;
  mm_bus_init(&bus, mem);
  mm_memsys ms;
  mm_memsys_params mp = {.cache = MM_CACHE_PARAMS_DEFAULT, .bus_latency = 2};
  const char *why;
  cr_assert(mm_memsys_init(&ms, &mp, &bus, &why), "%s", why);
  ms.cov = cov;
  const uint64_t pte = (1ull << 55) | 0x90010008ull, line = 0x90020000ull, nc_line = 0x4000a0030040ull;
  mm_memop op = {.kind = MM_OP_READ, .mt = MM_MT_MAIN, .size = 8, .pa = pte};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("pa/pte-read/miss/55"), 1, "a PTE read at %#" PRIx64, pte);
  op = (mm_memop){.kind = MM_OP_CAS, .mt = MM_MT_MAIN, .size = 8, .pa = pte, .data = PTE_A};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("cascache/S/hit"), 1, "the swap after its read at %#" PRIx64, pte);
  cr_assert_eq(count("pa/pte-cas/hit/55"), 1);
  /* another agent flushes the line; the next swap misses */
  op = (mm_memop){.kind = MM_OP_CBO_FLUSH, .mt = MM_MT_MAIN, .pa = pte};
  mm_memsys_access(&ms, &op);
  op = (mm_memop){.kind = MM_OP_CAS, .mt = MM_MT_MAIN, .size = 8, .pa = pte, .cmp = PTE_A, .data = PTE_A | PTE_D};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("cascache/S/miss"), 1, "the swap at %#" PRIx64 " after the flush", pte);
  /* a cached line loaded through NC: an alias, at one hart and at several */
  op = (mm_memop){.kind = MM_OP_LOAD, .mt = MM_MT_MAIN, .size = 8, .pa = line};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("pa/load/miss/0-31"), 1, "a load at %#" PRIx64, line);
  op = (mm_memop){.kind = MM_OP_LOAD, .mt = MM_MT_NC, .size = 8, .pa = line};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("alias/nc/load/one-hart"), 1, "an NC load of the cached line at %#" PRIx64, line);
  cr_assert_eq(count("pa/load/uncached/0-31"), 1);
  cov->harts = 2;
  op = (mm_memop){.kind = MM_OP_STORE, .mt = MM_MT_IO, .size = 8, .mask = 0xff, .pa = line};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("alias/io/store/several-harts"), 1, "an IO store to the cached line at %#" PRIx64, line);
  /* an NC store buffers a line the cache lacks; a cached load then fills it, a second one hits it */
  op = (mm_memop){.kind = MM_OP_STORE, .mt = MM_MT_NC, .size = 8, .mask = 0xff, .pa = nc_line};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("pa/store/uncached/40-47"), 1, "an NC store at %#" PRIx64, nc_line);
  op = (mm_memop){.kind = MM_OP_LOAD, .mt = MM_MT_MAIN, .size = 8, .pa = nc_line + 8};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("wcbcache/main-miss-buffered-line"), 1, "a load at %#" PRIx64, nc_line + 8);
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("wcbcache/main-hit-buffered-line"), 1, "again at %#" PRIx64, nc_line + 8);
  op = (mm_memop){.kind = MM_OP_STORE, .mt = MM_MT_NC, .size = 8, .mask = 0xff, .pa = nc_line + 16};
  mm_memsys_access(&ms, &op);
  cr_assert_eq(count("wcbcache/nc-store-to-cached-line"), 1, "an NC store at %#" PRIx64, nc_line + 16);
  cr_assert_not_null(mm_cov_unreachable((unsigned)mm_cov_find("pa/pte-read/uncached/55")));
  mm_memsys_destroy(&ms);
}
