// CVA6's MMU (third_party/cva6: cva6_mmu with its TLBs, shared TLB and page-table walker) behind a
// plain port list, driven the way CVA6's core drives it, so that a C harness can translate one
// request at a time and serve the walker's page-table reads from its own memory.
//
// How CVA6 drives it, and how this wrapper does:
//  - Loads and stores (load_store_unit.sv): lsu_req_i with lsu_vaddr_i and lsu_is_store_i, held
//    every cycle until lsu_valid_o; the answer (lsu_paddr_o or lsu_exception_o) comes at the
//    earliest the cycle after the request (the DTLB is looked up, its result registered). On a
//    miss the request stays up while the shared TLB and the walker fill the DTLB, then it hits.
//  - Fetches (frontend, the instruction cache): icache_areq_i.fetch_req with fetch_vaddr, held until
//    icache_areq_o.fetch_valid, which a hit raises in the same cycle.
//  - CSRs (csr_regfile.sv): translation is on for a request below M when satp (V=0) or vsatp (V=1)
//    is Sv39; the G-stage when V=1 and hgatp is Sv39x4; loads and stores see the same (no MPRV
//    here), and HLV/HSV/HLVX translate as V=1 at the request's privilege (hstatus.SPVP).
//  - Fences (controller.sv): SFENCE.VMA pulses flush_tlb_i (V=0) or flush_tlb_vvma_i (V=1) with
//    flush_i, HFENCE.VVMA flush_tlb_vvma_i, HFENCE.GVMA flush_tlb_gvma_i, for one cycle, with rs1
//    and rs2 as the operands (a zero operand stands for x0 in CVA6).
//
// The request handshake: req_valid_i while req_ready_o is up takes the request; it goes to the MMU
// from the next cycle on and is held there until the MMU answers, which rsp_valid_o shows for one
// cycle; then the wrapper is idle for at least one cycle (CVA6's registered DTLB result of the last
// cycle of a request must not answer the next one). Fences are taken only while idle.
//
// The walker's memory port: mem_req_valid_o with mem_req_addr_o (a PTE's physical address, 8-byte
// aligned) until mem_req_ready_i (CVA6's grant); the answer (mem_rsp_valid_i with mem_rsp_data_i)
// comes one cycle or more after the grant. A read killed after its grant (mem_req_kill_o, a fence
// while walking) is still answered, and its data is dropped by the walker.
module cva6_mmu_top
  import cva6_types_pkg::*;
(
    input logic clk_i,
    input logic rst_ni,

    // Translation request
    input  logic        req_valid_i,
    output logic        req_ready_o,
    input  logic [63:0] req_vaddr_i,
    input  logic [ 1:0] req_kind_i,   // 0 load, 1 store, 2 fetch
    input  logic [ 1:0] req_priv_i,   // 0 U, 1 S, 3 M
    input  logic        req_virt_i,   // V: two-stage (vsatp over hgatp)
    input  logic        req_hlv_i,    // HLV/HSV/HLVX: a hypervisor load or store as the guest's
    input  logic        req_hlvx_i,   // HLVX: execute permission read as read permission

    // Response
    output logic        rsp_valid_o,
    output logic        rsp_fault_o,
    output logic [55:0] rsp_paddr_o,
    output logic [63:0] rsp_cause_o,
    output logic [63:0] rsp_tval_o,
    output logic [40:0] rsp_gpaddr_o,  // tval2: the guest physical address of a guest-page fault

    // CSRs
    input logic [63:0] satp_i,
    input logic [63:0] vsatp_i,
    input logic [63:0] hgatp_i,
    input logic        mstatus_sum_i,
    input logic        mstatus_mxr_i,
    input logic        vsstatus_sum_i,
    input logic        vsstatus_mxr_i,

    // Fences: one cycle, while idle
    input  logic        fence_vma_i,     // SFENCE.VMA (with req_virt_i: as executed with V=1)
    input  logic        fence_vvma_i,    // HFENCE.VVMA
    input  logic        fence_gvma_i,    // HFENCE.GVMA
    input  logic        fence_virt_i,    // V of the hart executing an SFENCE.VMA
    input  logic [63:0] fence_vaddr_i,   // rs1 (SFENCE.VMA, HFENCE.VVMA); 0: every address
    input  logic [15:0] fence_asid_i,    // rs2 (SFENCE.VMA, HFENCE.VVMA); 0: every ASID
    input  logic [63:0] fence_gpaddr_i,  // HFENCE.GVMA's guest physical address (rs1 << 2, as ex_stage.sv)
    input  logic [13:0] fence_vmid_i,    // rs2 of HFENCE.GVMA; 0: every VMID
    output logic        fence_busy_o,    // the shared TLB is still flushing

    // The walker's page-table reads
    output logic        mem_req_valid_o,
    output logic [55:0] mem_req_addr_o,
    output logic        mem_req_kill_o,
    input  logic        mem_req_ready_i,
    input  logic        mem_rsp_valid_i,
    input  logic [63:0] mem_rsp_data_i
);

  localparam logic [3:0] ModeSv39 = 4'd8;
  localparam logic [1:0] PrivM = 2'd3;

  // The request held while the MMU works on it.
  logic busy_q;
  logic [63:0] vaddr_q;
  logic [1:0] kind_q, priv_q;
  logic virt_q, hlv_q, hlvx_q;

  assign req_ready_o = !busy_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q  <= 1'b0;
      vaddr_q <= '0;
      kind_q  <= '0;
      priv_q  <= '0;
      virt_q  <= 1'b0;
      hlv_q   <= 1'b0;
      hlvx_q  <= 1'b0;
    end else if (!busy_q && req_valid_i) begin
      busy_q  <= 1'b1;
      vaddr_q <= req_vaddr_i;
      kind_q  <= req_kind_i;
      priv_q  <= req_priv_i;
      virt_q  <= req_virt_i;
      hlv_q   <= req_hlv_i;
      hlvx_q  <= req_hlvx_i;
    end else if (rsp_valid_o) begin
      busy_q <= 1'b0;
    end
  end

  wire fetch = kind_q == 2'd2;
  // The virtualization mode of the request (HLV/HSV/HLVX: V=1), and while idle that of the fence.
  wire v = busy_q ? (virt_q || hlv_q) : fence_virt_i;
  // csr_regfile.sv's en_translation_o and en_g_translation_o for this request.
  wire en_s = priv_q != PrivM && (v ? vsatp_i[63:60] == ModeSv39 : satp_i[63:60] == ModeSv39);
  wire en_g = cva6_config_pkg::CVA6ConfigHExtEn && priv_q != PrivM && v && hgatp_i[63:60] == ModeSv39;

  icache_arsp_t  fetch_req;
  icache_areq_t  fetch_rsp;
  exception_t    lsu_ex, no_ex;
  logic          lsu_valid;
  logic [CVA6Cfg.PLEN-1:0] lsu_paddr;
  dcache_req_i_t ptw_req;
  dcache_req_o_t ptw_rsp;

  // Outputs the core uses and this port list does not (Verilator's lint skips *unused* names).
  logic unused_hs_ld_st, unused_dtlb_hit, unused_itlb_miss, unused_dtlb_miss;
  logic [CVA6Cfg.PPNW-1:0] unused_dtlb_ppn;
  logic unused_inputs;
  assign unused_inputs = ^{hgatp_i[59:58], fence_gpaddr_i[63:CVA6Cfg.GPLEN]};

  assign no_ex = '0;
  assign fetch_req.fetch_req = busy_q && fetch;
  assign fetch_req.fetch_vaddr = vaddr_q;

  // sfence.vma in V=1 flushes the VS-stage entries, as controller.sv does.
  wire flush_tlb = fence_vma_i && !fence_virt_i;
  wire flush_vvma = fence_vvma_i || (fence_vma_i && fence_virt_i);

  cva6_mmu #(
      .CVA6Cfg       (CVA6Cfg),
      .icache_areq_t (icache_areq_t),
      .icache_arsp_t (icache_arsp_t),
      .dcache_req_i_t(dcache_req_i_t),
      .dcache_req_o_t(dcache_req_o_t),
      .exception_t   (exception_t),
      .HYP_EXT       (CVA6Cfg.RVH ? 1 : 0)
  ) i_cva6_mmu (
      .clk_i,
      .rst_ni,
      .flush_i                 (fence_vma_i || fence_vvma_i || fence_gvma_i),
      .enable_translation_i    (fetch && en_s),
      .enable_g_translation_i  (fetch && en_g),
      .en_ld_st_translation_i  (!fetch && en_s),
      .en_ld_st_g_translation_i(!fetch && en_g),
      .icache_areq_i           (fetch_req),
      .icache_areq_o           (fetch_rsp),
      .misaligned_ex_i         (no_ex),
      .lsu_req_i               (busy_q && !fetch),
      .lsu_vaddr_i             (vaddr_q),
      .lsu_tinst_i             ('0),
      .lsu_is_store_i          (kind_q == 2'd1),
      .csr_hs_ld_st_inst_o     (unused_hs_ld_st),
      .lsu_dtlb_hit_o          (unused_dtlb_hit),
      .lsu_dtlb_ppn_o          (unused_dtlb_ppn),
      .lsu_valid_o             (lsu_valid),
      .lsu_paddr_o             (lsu_paddr),
      .lsu_exception_o         (lsu_ex),
      .priv_lvl_i              (priv_q),
      .v_i                     (v),
      .ld_st_priv_lvl_i        (priv_q),
      .ld_st_v_i               (v),
      .sum_i                   (mstatus_sum_i),
      .vs_sum_i                (vsstatus_sum_i),
      .mxr_i                   (mstatus_mxr_i),
      .vmxr_i                  (vsstatus_mxr_i),
      .mbe_i                   (1'b0),
      .hlvx_inst_i             (hlvx_q),
      .hs_ld_st_inst_i         (hlv_q),
      .satp_ppn_i              (satp_i[CVA6Cfg.PPNW-1:0]),
      .vsatp_ppn_i             (vsatp_i[CVA6Cfg.PPNW-1:0]),
      .hgatp_ppn_i             (hgatp_i[CVA6Cfg.PPNW-1:0]),
      .asid_i                  (satp_i[44+:CVA6Cfg.ASID_WIDTH]),
      .vs_asid_i               (vsatp_i[44+:CVA6Cfg.ASID_WIDTH]),
      .asid_to_be_flushed_i    (fence_asid_i[CVA6Cfg.ASID_WIDTH-1:0]),
      .vmid_i                  (hgatp_i[44+:CVA6Cfg.VMID_WIDTH]),
      .vmid_to_be_flushed_i    (fence_vmid_i[CVA6Cfg.VMID_WIDTH-1:0]),
      .vaddr_to_be_flushed_i   (fence_vaddr_i[CVA6Cfg.VLEN-1:0]),
      .gpaddr_to_be_flushed_i  (fence_gpaddr_i[CVA6Cfg.GPLEN-1:0]),
      .flush_tlb_i             (flush_tlb),
      .flush_tlb_vvma_i        (flush_vvma),
      .flush_tlb_gvma_i        (fence_gvma_i),
      .shared_tlb_flush_busy_o (fence_busy_o),
      .itlb_miss_o             (unused_itlb_miss),
      .dtlb_miss_o             (unused_dtlb_miss),
      .req_port_i              (ptw_rsp),
      .req_port_o              (ptw_req),
      .pmpcfg_i                ('0),
      .pmpaddr_i               ('0)
  );

  // The walker's port as a plain read port. The address is whole from the request on (the walker
  // drives index and tag from one register), so the tag's one-cycle delay is not needed here.
  assign mem_req_valid_o = ptw_req.data_req;
  assign mem_req_addr_o = {ptw_req.address_tag, ptw_req.address_index};
  assign mem_req_kill_o = ptw_req.kill_req;
  always_comb begin
    ptw_rsp             = '0;
    ptw_rsp.data_gnt    = mem_req_ready_i;
    ptw_rsp.data_rvalid = mem_rsp_valid_i;
    ptw_rsp.data_rdata  = mem_rsp_data_i;
  end

  // The response, from the side the request went to.
  exception_t ex;
  assign ex = fetch ? fetch_rsp.fetch_exception : lsu_ex;
  assign rsp_valid_o = busy_q && (fetch ? fetch_rsp.fetch_valid : lsu_valid);
  assign rsp_fault_o = ex.valid;
  assign rsp_paddr_o = fetch ? fetch_rsp.fetch_paddr : lsu_paddr;
  assign rsp_cause_o = ex.cause;
  assign rsp_tval_o = ex.tval;
  assign rsp_gpaddr_o = ex.tval2;

  // The port's fields the walker drives and a read port has no use for: no writes, one id, the
  // cache's tag timing and byte enables.
  logic unused_ptw_fields;
  assign unused_ptw_fields = ^{ptw_req.data_wdata, ptw_req.data_wuser, ptw_req.data_we, ptw_req.data_be,
                               ptw_req.data_size, ptw_req.data_id, ptw_req.tag_valid, ptw_req.cbo_op,
                               ex.tinst, ex.gva, ex.timing};

endmodule
