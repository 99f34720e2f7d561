/*
 * MMIO: a driver (S-mode, the kernel's own space) and its devices.
 *  - The register block (devices/regblock.h) through an IO mapping (Svpbmt
 *    IO): every access is one bus transaction, in program order, never
 *    combined or cached. Checks: the ID reads back; a scratch write reads
 *    back; six FIFO pushes are counted, then six reads pop them once each,
 *    in order; five doorbell writes of several sizes reach the device's log
 *    once each, in order; the bus saw exactly one beat per access.
 *  - The frame buffer (devices/framebuf.h) through an NC mapping: stores
 *    merge in the write-combining buffer, a full line goes out as one
 *    burst, a FENCE drains a partial one. Checks: two full lines and a
 *    partial one are three bursts and no single beats; the pixels and the
 *    NC loads read back what was stored.
 */
#include "model/pma.h"
#include "sw/scenarios/scenario.h"

#define REGS_VA 0xffffffc010000000ull
#define FB_VA   0xffffffc011000000ull
#define FIFO_N  6

typedef struct mmio_counts {
  uint64_t beats_r, beats_w, lines_w;
} mmio_counts;

static mmio_counts counts(const machine *m) {
  return (mmio_counts){m->stats.bus_beats_read, m->stats.bus_beats_written, m->stats.bus_lines_written};
}

static bool io(kernel *k, mm_data_op op, uint64_t offset, unsigned size, uint64_t value, uint64_t *got,
               scenario_result *r) {
  mm_obs o;
  SC_TRY(r, kern_op(k, 0, MM_PRIV_S, op, REGS_VA + offset, size, value, &o));
  SC_CHECK(r, o.mtype == MM_MT_IO, "the register at va %#llx was reached as memory type %u, want IO",
           (unsigned long long)(REGS_VA + offset), o.mtype);
  if (got) *got = o.load_data;
  return true;
}

static bool regblock_driver(kernel *k, scenario_result *r) {
  const regblock *dev = machine_regs(k->m);
  mmio_counts c0 = counts(k->m);
  unsigned loads = 0, stores = 0;
  uint64_t got;
  if (!io(k, MM_DATA_LOAD, 0x00, 8, 0, &got, r)) return false;
  loads++;
  SC_CHECK(r, got == REGBLOCK_ID, "the ID register at va %#llx read %#llx", (unsigned long long)REGS_VA,
           (unsigned long long)got);
  if (!io(k, MM_DATA_STORE, 0x08, 8, 0x5c5c5c5c, NULL, r) || !io(k, MM_DATA_LOAD, 0x08, 8, 0, &got, r)) return false;
  stores++, loads++;
  SC_CHECK(r, got == 0x5c5c5c5c, "scratch at va %#llx read %#llx", (unsigned long long)(REGS_VA + 8),
           (unsigned long long)got);
  for (unsigned i = 0; i < FIFO_N; i++, stores++)
    if (!io(k, MM_DATA_STORE, 0x10, 8, 0xf1f0 + i, NULL, r)) return false;
  if (!io(k, MM_DATA_LOAD, 0x18, 8, 0, &got, r)) return false;
  loads++;
  SC_CHECK(r, got == FIFO_N, "COUNT read %llu after %u pushes", (unsigned long long)got, FIFO_N);
  for (unsigned i = 0; i < FIFO_N; i++, loads++) {
    if (!io(k, MM_DATA_LOAD, 0x10, 8, 0, &got, r)) return false;
    SC_CHECK(r, got == 0xf1f0 + i, "FIFO read %u at va %#llx gave %#llx, want %#x", i,
             (unsigned long long)(REGS_VA + 0x10), (unsigned long long)got, 0xf1f0 + i);
  }
  SC_CHECK(r, dev->pops == FIFO_N && dev->pushes == FIFO_N && dev->count == 0,
           "the FIFO saw %llu pushes and %llu pops, holds %u; want %u, %u, 0", (unsigned long long)dev->pushes,
           (unsigned long long)dev->pops, dev->count, FIFO_N, FIFO_N);
  static const struct {
    unsigned offset, size;
    uint64_t value;
  } bells[] = {{0x20, 8, 0xd00b}, {0x20, 4, 0x1234}, {0x22, 2, 0xbe}, {0x27, 1, 0x7}, {0x20, 8, ~0ull}};
  for (unsigned i = 0; i < 5; i++, stores++)
    if (!io(k, MM_DATA_STORE, bells[i].offset, bells[i].size, bells[i].value, NULL, r)) return false;
  SC_CHECK(r, dev->n_log == 5, "the doorbell logged %u writes, want 5", dev->n_log);
  for (unsigned i = 0; i < 5; i++)
    SC_CHECK(r,
             dev->log[i].offset == bells[i].offset && dev->log[i].size == bells[i].size &&
                 dev->log[i].value == bells[i].value,
             "doorbell write %u logged offset %#llx size %u value %#llx, want offset %#x size %u value %#llx", i,
             (unsigned long long)dev->log[i].offset, dev->log[i].size, (unsigned long long)dev->log[i].value,
             bells[i].offset, bells[i].size, (unsigned long long)bells[i].value);
  mmio_counts c1 = counts(k->m);
  SC_CHECK(r, c1.beats_r - c0.beats_r == loads && c1.beats_w - c0.beats_w == stores && c1.lines_w == c0.lines_w,
           "the bus saw %llu beat reads, %llu beat writes and %llu line writes for %u IO loads and %u IO stores",
           (unsigned long long)(c1.beats_r - c0.beats_r), (unsigned long long)(c1.beats_w - c0.beats_w),
           (unsigned long long)(c1.lines_w - c0.lines_w), loads, stores);
  scenario_note(r,
                "register block over IO: %u loads and %u stores, %u bus beats; FIFO %u pushes, %u pops; %u doorbell "
                "writes logged in order",
                loads, stores, loads + stores, FIFO_N, FIFO_N, dev->n_log);
  return true;
}

static uint64_t pixel(unsigned i) { return 0x9e1000000000000ull | i; }

static bool framebuffer(kernel *k, scenario_result *r) {
  const framebuf *fb = machine_fb(k->m);
  mmio_counts c0 = counts(k->m);
  uint64_t bursts = fb->bursts;
  /* Two full lines (eight 8-byte stores each), then three words of a third. */
  for (unsigned i = 0; i < 19; i++)
    SC_TRY(r, kern_op(k, 0, MM_PRIV_S, MM_DATA_STORE, FB_VA + 8 * i, 8, pixel(i), &(mm_obs){0}));
  mm_fence fence = {.kind = MM_FENCE_DATA};
  SC_CHECK(r, machine_fence(k->m, 0, &fence, NULL), "the machine halted");
  mmio_counts c1 = counts(k->m);
  SC_CHECK(r, fb->bursts - bursts == 3 && c1.lines_w - c0.lines_w == 3 && c1.beats_w == c0.beats_w,
           "19 NC stores over 3 lines gave %llu bursts (%llu line writes, %llu beats), want 3 bursts, no beat",
           (unsigned long long)(fb->bursts - bursts), (unsigned long long)(c1.lines_w - c0.lines_w),
           (unsigned long long)(c1.beats_w - c0.beats_w));
  for (unsigned i = 0; i < 19; i++) {
    uint64_t px = 0, va = FB_VA + 8 * i;
    for (unsigned b = 0; b < 8; b++)
      px |= (uint64_t)fb->pixels[8 * i + b] << (8 * b);
    mm_obs o;
    SC_TRY(r, kern_op(k, 0, MM_PRIV_S, MM_DATA_LOAD, va, 8, 0, &o));
    SC_CHECK(r, px == pixel(i) && o.load_data == pixel(i),
             "frame buffer at va %#llx holds %#llx, reads %#llx, want %#llx", (unsigned long long)va,
             (unsigned long long)px, (unsigned long long)o.load_data, (unsigned long long)pixel(i));
  }
  scenario_note(r, "frame buffer over NC: 19 stores -> %llu bursts (2 full lines, 1 drained by FENCE), 0 single beats",
                (unsigned long long)(fb->bursts - bursts));
  return true;
}

static bool mmio_body(kernel *k, void *ctx, scenario_result *r) {
  (void)ctx;
  space *s;
  SC_TRY(r, kern_space_new(k, &s));
  vma regs = {.start = REGS_VA,
              .end = REGS_VA + REGBLOCK_SIZE,
              .prot = PTE_R | PTE_W | (uint64_t)PBMT_IO << PTE_PBMT_SHIFT,
              .kind = VMA_FIXED,
              .fixed_pa = REGBLOCK_BASE};
  vma fb = {.start = FB_VA,
            .end = FB_VA + FRAMEBUF_SIZE,
            .prot = PTE_R | PTE_W | (uint64_t)PBMT_NC << PTE_PBMT_SHIFT,
            .kind = VMA_FIXED,
            .fixed_pa = FRAMEBUF_BASE};
  SC_TRY(r, kern_vma_add(k, 0, s, &regs));
  SC_TRY(r, kern_vma_add(k, 0, s, &fb));
  SC_TRY(r, kern_switch(k, 0, s));
  return regblock_driver(k, r) && framebuffer(k, r);
}

bool scen_mmio(machine *m, const scenario_params *p, scenario_result *r) {
  (void)p;
  kernel_config cfg = scenario_kernel_config(m, 0x90000000ull);
  return scenario_with_kernel(m, &cfg, mmio_body, NULL, r);
}
