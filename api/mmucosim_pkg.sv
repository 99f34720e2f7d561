// The golden model of mmucosim for SystemVerilog testbenches: every function
// of libmmucosim (api/mmucosim.h) imported through DPI-C, under the same
// names, with its constants. A model is a chandle; numbers are int and
// longint unsigned; nothing of the model's own structures crosses.
//
//   import mmucosim_pkg::*;
//   chandle m = mmc_new(1, 16, 4);               // harts, TLB entries, bus latency
//   void'(mmc_csr_write(m, 0, MMC_CSR_SATP, satp));
//   void'(mmc_mem_write(m, pte_addr, pte));
//   void'(mmc_access(m, 0, va, MMC_LOAD, MMC_PRIV_S, 0, MMC_OP_LOAD, 8, 0));
//   if (mmc_ok(m)) ... mmc_pa(m), mmc_load_data(m), mmc_cycles(m)
//   for (int i = 0; i < mmc_n_ops(m); i++) ... mmc_op(m, i, MMC_F_PA)
//
// Link the library with the simulator: Verilator takes libmmucosim.a (or
// -LDFLAGS -lmmucosim) on its command line; other simulators load
// libmmucosim.so (-sv_lib).

package mmucosim_pkg;

  localparam int MMC_MAX_HARTS = 4;

  localparam int MMC_OK      = 0;
  localparam int MMC_EHART   = -1;
  localparam int MMC_EARG    = -2;
  localparam int MMC_EADDR   = -3;
  localparam int MMC_ECONFIG = -4;
  localparam int MMC_ENOMEM  = -5;

  localparam int MMC_CSR_SATP     = 0;
  localparam int MMC_CSR_VSATP    = 1;
  localparam int MMC_CSR_HGATP    = 2;
  localparam int MMC_CSR_MSTATUS  = 3;
  localparam int MMC_CSR_VSSTATUS = 4;
  localparam int MMC_CSR_MENVCFG  = 5;
  localparam int MMC_CSR_HENVCFG  = 6;

  localparam int MMC_LOAD  = 0;
  localparam int MMC_STORE = 1;
  localparam int MMC_FETCH = 2;

  localparam int MMC_PRIV_U = 0;
  localparam int MMC_PRIV_S = 1;
  localparam int MMC_PRIV_M = 3;

  localparam int MMC_OP_NONE      = 0;
  localparam int MMC_OP_LOAD      = 1;
  localparam int MMC_OP_STORE     = 2;
  localparam int MMC_OP_FETCH     = 3;
  localparam int MMC_OP_CBO_CLEAN = 4;
  localparam int MMC_OP_CBO_FLUSH = 5;
  localparam int MMC_OP_CBO_INVAL = 6;

  localparam int MMC_SFENCE_VMA  = 0;
  localparam int MMC_HFENCE_VVMA = 1;
  localparam int MMC_HFENCE_GVMA = 2;
  localparam int MMC_FENCE       = 3;

  localparam int MMC_F_KIND   = 0;
  localparam int MMC_F_HART   = 1;
  localparam int MMC_F_STAGE  = 2;
  localparam int MMC_F_LEVEL  = 3;
  localparam int MMC_F_MTYPE  = 4;
  localparam int MMC_F_SIZE   = 5;
  localparam int MMC_F_MASK   = 6;
  localparam int MMC_F_HIT    = 7;
  localparam int MMC_F_PA     = 8;
  localparam int MMC_F_DATA   = 9;
  localparam int MMC_F_CMP    = 10;
  localparam int MMC_F_OLD    = 11;
  localparam int MMC_F_CYCLES = 12;
  localparam int MMC_F_CYCLE  = 13;

  localparam int MMC_MEM_PTE_READ  = 0;
  localparam int MMC_MEM_PTE_CAS   = 1;
  localparam int MMC_MEM_LOAD      = 2;
  localparam int MMC_MEM_STORE     = 3;
  localparam int MMC_MEM_CBO_CLEAN = 4;
  localparam int MMC_MEM_CBO_FLUSH = 5;
  localparam int MMC_MEM_CBO_INVAL = 6;
  localparam int MMC_MEM_FENCE     = 7;

  localparam int MMC_B_WRITE = 0;
  localparam int MMC_B_SIZE  = 1;
  localparam int MMC_B_BEATS = 2;
  localparam int MMC_B_HART  = 3;
  localparam int MMC_B_ADDR  = 4;
  localparam int MMC_B_MASK  = 5;
  localparam int MMC_B_CYCLE = 6;
  localparam int MMC_B_DATA  = 7;

  import "DPI-C" function string mmc_version();
  import "DPI-C" function string mmc_strerror(int code);
  import "DPI-C" function string mmc_config_check(int harts, int tlb_entries, int latency);
  import "DPI-C" function chandle mmc_new(int harts, int tlb_entries, int latency);
  import "DPI-C" function void mmc_free(chandle m);
  import "DPI-C" function int mmc_harts(chandle m);

  import "DPI-C" function int mmc_csr_write(chandle m, int hart, int csr, longint unsigned value);
  import "DPI-C" function longint unsigned mmc_csr_read(chandle m, int hart, int csr);
  import "DPI-C" function int mmc_csr_by_name(string name);

  import "DPI-C" function int mmc_mem_write(chandle m, longint unsigned pa, longint unsigned value);
  import "DPI-C" function longint unsigned mmc_mem_read(chandle m, longint unsigned pa);

  import "DPI-C" function int mmc_access(chandle m, int hart, longint unsigned va, int access_type, int priv,
                                         int virt, int op, int size, longint unsigned wdata);
  import "DPI-C" function int mmc_translate(chandle m, int hart, longint unsigned va, int access_type,
                                            int priv, int virt);
  import "DPI-C" function int mmc_fence(chandle m, int hart, int kind, int has_addr, longint unsigned addr,
                                        int has_id, int id);

  import "DPI-C" function int mmc_ok(chandle m);
  import "DPI-C" function int mmc_cause(chandle m);
  import "DPI-C" function longint unsigned mmc_pa(chandle m);
  import "DPI-C" function longint unsigned mmc_gpa(chandle m);
  import "DPI-C" function int mmc_pbmt(chandle m);
  import "DPI-C" function int mmc_tlb_hit(chandle m);
  import "DPI-C" function int mmc_mtype(chandle m);
  import "DPI-C" function int mmc_cache_hit(chandle m);
  import "DPI-C" function longint unsigned mmc_load_data(chandle m);
  import "DPI-C" function int mmc_cycles(chandle m);
  import "DPI-C" function int mmc_n_ops(chandle m);
  import "DPI-C" function longint unsigned mmc_op(chandle m, int i, int field);
  import "DPI-C" function int mmc_n_bus(chandle m);
  import "DPI-C" function longint unsigned mmc_bus(chandle m, int i, int field);

endpackage
