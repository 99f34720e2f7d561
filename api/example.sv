// libmmucosim from SystemVerilog in a few lines (the package api/mmucosim_pkg.sv, installed as
// share/mmucosim/mmucosim_pkg.sv): a model, an Sv39 page table written into its memory, a load
// through it, its outcome and its walk read back. Built by Verilator 5 (README, "The golden model
// in a SystemVerilog testbench") with --binary --timing, the package, this file and libmmucosim.a.
//
// It ends with $fatal unless the load translated to the mapped page after a three-level walk.

module example;
  import mmucosim_pkg::*;

  localparam longint unsigned Root = 64'h8000_1000, L1 = 64'h8000_2000, L0 = 64'h8000_3000;
  localparam longint unsigned Page = 64'h8004_2000;  // VA 0x4000_1000 maps here

  function automatic longint unsigned pte(longint unsigned pa, longint unsigned flags);
    return ((pa >> 12) << 10) | flags;
  endfunction

  initial begin
    chandle m = mmc_new(1, 16, 4);  // harts, TLB entries, bus latency
    longint unsigned va = 64'h4000_1088;
    void'(mmc_mem_write(m, Root + 8, pte(L1, 64'h01)));
    void'(mmc_mem_write(m, L1, pte(L0, 64'h01)));
    void'(mmc_mem_write(m, L0 + 8, pte(Page, 64'hd7)));  // D A U W R V
    void'(mmc_mem_write(m, Page + 64'h88, 64'h1122_3344_5566_7788));
    void'(mmc_csr_write(m, 0, MMC_CSR_SATP, (64'h8 << 60) | (64'h1 << 44) | (Root >> 12)));
    if (mmc_access(m, 0, va, MMC_LOAD, MMC_PRIV_U, 0, MMC_OP_LOAD, 8, 0) != MMC_OK) $fatal(1, "refused");
    $display("libmmucosim %s: load va %h: ok %0d pa %h data %h in %0d cycles", mmc_version(), va, mmc_ok(m),
             mmc_pa(m), mmc_load_data(m), mmc_cycles(m));
    for (int i = 0; i < mmc_n_ops(m); i++)
      $display("  access %0d: kind %0d pa %h data %h at +%0d", i, mmc_op(m, i, MMC_F_KIND),
               mmc_op(m, i, MMC_F_PA), mmc_op(m, i, MMC_F_DATA), mmc_op(m, i, MMC_F_CYCLE));
    if (mmc_ok(m) != 1 || mmc_pa(m) != Page + 64'h88 || mmc_n_ops(m) != 4) $fatal(1, "example: NOT as expected");
    $display("example: as expected");
    mmc_free(m);
    $finish;
  end
endmodule
