/*
 * libmmucosim in a few lines: one hart, an Sv39 page table written into the model's memory, a
 * load through it, the outcome and the walk read back. Build it against an installed copy:
 *
 *   cc example.c $(pkg-config --cflags --libs mmucosim) -o example && ./example
 *
 * It checks what it prints: exit status 0 when the load translated to the page the table maps,
 * walked three levels and read back what was stored, 1 otherwise.
 */
#include <inttypes.h>
#include <stdio.h>

#include <mmucosim.h>

#define ROOT 0x80001000u /* the tables: root, level 1, level 0 */
#define L1   0x80002000u
#define L0   0x80003000u
#define PAGE 0x80042000u /* the 4 KiB page VA 0x40001000 maps to */

static uint64_t pte(uint64_t pa, uint64_t flags) { return (pa >> 12) << 10 | flags; }

int main(void) {
  mmc_model *m = mmc_new(1, 16, 4); /* harts, TLB entries, bus latency */
  if (!m) return 1;
  const uint64_t va = 0x40001000u + 0x88;
  mmc_mem_write(m, ROOT + 8 * 1, pte(L1, 0x01)); /* VPN[2] = 1: a pointer */
  mmc_mem_write(m, L1 + 8 * 0, pte(L0, 0x01));   /* VPN[1] = 0 */
  mmc_mem_write(m, L0 + 8 * 1, pte(PAGE, 0xd7)); /* VPN[0] = 1: D A U W R V */
  mmc_mem_write(m, PAGE + 0x88, 0x1122334455667788u);
  mmc_csr_write(m, 0, MMC_CSR_SATP, 8ull << 60 | 1ull << 44 | ROOT >> 12); /* Sv39, ASID 1 */

  mmc_access(m, 0, va, MMC_LOAD, MMC_PRIV_U, 0, MMC_OP_LOAD, 8, 0);
  printf("libmmucosim %s: load va 0x%" PRIx64 ": ok %d pa 0x%" PRIx64 " data 0x%" PRIx64 " in %d cycles\n",
         mmc_version(), va, mmc_ok(m), mmc_pa(m), mmc_load_data(m), mmc_cycles(m));
  int walk = 0;
  for (int i = 0; i < mmc_n_ops(m); i++) {
    printf("  access %d: kind %d pa 0x%" PRIx64 " data 0x%016" PRIx64 " at +%d\n", i, (int)mmc_op(m, i, MMC_F_KIND),
           mmc_op(m, i, MMC_F_PA), mmc_op(m, i, MMC_F_DATA), (int)mmc_op(m, i, MMC_F_CYCLE));
    walk += mmc_op(m, i, MMC_F_KIND) == MMC_MEM_PTE_READ;
  }
  int good = mmc_ok(m) && mmc_pa(m) == PAGE + 0x88 && walk == 3 && mmc_load_data(m) == 0x1122334455667788u;
  mmc_translate(m, 0, va, MMC_LOAD, MMC_PRIV_U, 0); /* again: the TLB has it now */
  good = good && mmc_tlb_hit(m) && mmc_n_ops(m) == 0;
  printf("%s\n", good ? "example: as expected" : "example: NOT as expected");
  mmc_free(m);
  return good ? 0 : 1;
}
