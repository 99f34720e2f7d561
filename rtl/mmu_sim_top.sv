`include "mmu_bug.svh"

// The simulation top that tb/verilator/rtl.cpp drives: mmu_top with its
// packed-struct ports passed through unchanged, plus constant "layout"
// outputs that give, for every field the harness reads or writes, its lowest
// bit and its width in its struct, as the compiler lays out mmu_pkg. The
// harness reads them once at start-up, so no bit offset of a packed struct
// is written in C++: reorder, resize or rename a field here or in the
// package and the harness follows (or fails to compile), never silently
// misreads. Per-hart ports are packed arrays: hart h's struct starts at
// h times the struct's width, also given here.

// lay_<name>_lsb_o and lay_<name>_width_o: the place of field PATH of struct
// type T. The lowest bit is the lowest bit of the struct that, set alone,
// shows in the field (fields may be enums, so they are read, not written).
`define MMU_LAYOUT_PORTS(name) \
  output int unsigned lay_``name``_lsb_o, \
  output int unsigned lay_``name``_width_o,
`define MMU_LAYOUT(name, T, path) \
  function automatic int unsigned name``_lsb(); \
    T v; \
    int unsigned lsb; \
    lsb = $bits(T); \
    for (int unsigned i = $bits(T); i > 0; i--) begin \
      v = '0; \
      v[i-1] = 1'b1; \
      if ($bits(v.path)'(v.path) != '0) lsb = i - 1; \
    end \
    return lsb; \
  endfunction \
  function automatic int unsigned name``_width(); \
    T v; \
    v = '0; \
    return $bits(v.path); \
  endfunction \
  assign lay_``name``_lsb_o   = name``_lsb(); \
  assign lay_``name``_width_o = name``_width();

module mmu_sim_top
  import mmu_pkg::*;
#(
  parameter int unsigned NumHarts = 4,
  parameter int unsigned TlbEntries = 16,
  localparam int unsigned HartIdW = NumHarts > 1 ? $clog2(NumHarts) : 1
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  // mmu_top's ports, unchanged
  input  logic     [NumHarts-1:0] req_valid_i,
  output logic     [NumHarts-1:0] req_ready_o,
  input  mmu_req_t [NumHarts-1:0] req_i,
  input  mmu_csr_t [NumHarts-1:0] csr_i,
  output logic     [NumHarts-1:0] rsp_valid_o,
  output mmu_rsp_t [NumHarts-1:0] rsp_o,
  output logic                    bus_req_valid_o,
  input  logic                    bus_req_ready_i,
  output bus_req_t                bus_req_o,
  output logic     [HartIdW-1:0]  bus_hart_o,
  input  logic                    bus_rsp_valid_i,
  input  logic     [511:0]        bus_rsp_rdata_i,
  input  logic                    poke_valid_i,
  input  logic     [HartIdW-1:0]  poke_hart_i,
  input  logic     [55:0]         poke_addr_i,
  input  logic     [63:0]         poke_value_i,
  output logic                    poke_done_o,
  output logic                    mem_req_valid_o,
  output mem_req_t                mem_req_o,
  output logic     [HartIdW-1:0]  mem_req_hart_o,
  output logic                    mem_rsp_valid_o,
  output mem_rsp_t                mem_rsp_o,

  // The layout of the structs above (constants). A field wider than 64 bits
  // (the bus's line data) is read as consecutive 64-bit words from its lsb.
  output int unsigned             lay_req_bits_o,  // $bits(mmu_req_t): hart h's request at h times this
  output int unsigned             lay_csr_bits_o,  // $bits(mmu_csr_t)
  output int unsigned             lay_rsp_bits_o,  // $bits(mmu_rsp_t)
  output int unsigned             lay_mem_bits_o,  // $bits(mem_req_t)
  output int unsigned             lay_mrsp_bits_o, // $bits(mem_rsp_t)
  output int unsigned             lay_bus_bits_o,  // $bits(bus_req_t)
  `MMU_LAYOUT_PORTS(req_is_fence)
  `MMU_LAYOUT_PORTS(req_va)
  `MMU_LAYOUT_PORTS(req_access)
  `MMU_LAYOUT_PORTS(req_priv)
  `MMU_LAYOUT_PORTS(req_virt)
  `MMU_LAYOUT_PORTS(req_data_op)
  `MMU_LAYOUT_PORTS(req_size)
  `MMU_LAYOUT_PORTS(req_wdata)
  `MMU_LAYOUT_PORTS(req_fence_kind)
  `MMU_LAYOUT_PORTS(req_fence_has_addr)
  `MMU_LAYOUT_PORTS(req_fence_has_id)
  `MMU_LAYOUT_PORTS(req_fence_id)
  `MMU_LAYOUT_PORTS(req_fence_addr)
  `MMU_LAYOUT_PORTS(csr_satp)
  `MMU_LAYOUT_PORTS(csr_vsatp)
  `MMU_LAYOUT_PORTS(csr_hgatp)
  `MMU_LAYOUT_PORTS(csr_mstatus_sum)
  `MMU_LAYOUT_PORTS(csr_mstatus_mxr)
  `MMU_LAYOUT_PORTS(csr_vsstatus_sum)
  `MMU_LAYOUT_PORTS(csr_vsstatus_mxr)
  `MMU_LAYOUT_PORTS(csr_menvcfg_adue)
  `MMU_LAYOUT_PORTS(csr_menvcfg_pbmte)
  `MMU_LAYOUT_PORTS(csr_henvcfg_adue)
  `MMU_LAYOUT_PORTS(csr_henvcfg_pbmte)
  `MMU_LAYOUT_PORTS(rsp_ok)
  `MMU_LAYOUT_PORTS(rsp_cause)
  `MMU_LAYOUT_PORTS(rsp_gpa)
  `MMU_LAYOUT_PORTS(rsp_pa)
  `MMU_LAYOUT_PORTS(rsp_pbmt)
  `MMU_LAYOUT_PORTS(rsp_tlb_hit)
  `MMU_LAYOUT_PORTS(rsp_load_data)
  `MMU_LAYOUT_PORTS(rsp_mtype)
  `MMU_LAYOUT_PORTS(rsp_cache_hit)
  `MMU_LAYOUT_PORTS(mem_kind)
  `MMU_LAYOUT_PORTS(mem_mtype)
  `MMU_LAYOUT_PORTS(mem_addr)
  `MMU_LAYOUT_PORTS(mem_size)
  `MMU_LAYOUT_PORTS(mem_wdata)
  `MMU_LAYOUT_PORTS(mem_mask)
  `MMU_LAYOUT_PORTS(mem_cmp)
  `MMU_LAYOUT_PORTS(mrsp_rdata)
  `MMU_LAYOUT_PORTS(mrsp_hit)
  `MMU_LAYOUT_PORTS(bus_write)
  `MMU_LAYOUT_PORTS(bus_line)
  `MMU_LAYOUT_PORTS(bus_addr)
  `MMU_LAYOUT_PORTS(bus_size)
  `MMU_LAYOUT_PORTS(bus_wdata)
  `MMU_LAYOUT_PORTS(bus_mask)
  output int unsigned             lay_bus_rdata_bits_o  // $bits(bus_rsp_rdata_i)
);

  assign lay_req_bits_o = $bits(mmu_req_t);
  assign lay_csr_bits_o = $bits(mmu_csr_t);
  assign lay_rsp_bits_o = $bits(mmu_rsp_t);
  assign lay_mem_bits_o = $bits(mem_req_t);
  assign lay_mrsp_bits_o = $bits(mem_rsp_t);
  assign lay_bus_bits_o = $bits(bus_req_t);
  assign lay_bus_rdata_bits_o = $bits(bus_rsp_rdata_i);
  `MMU_LAYOUT(req_is_fence, mmu_req_t, is_fence)
  `MMU_LAYOUT(req_va, mmu_req_t, access.va)
  `MMU_LAYOUT(req_access, mmu_req_t, access.access)
  `MMU_LAYOUT(req_priv, mmu_req_t, access.priv)
  `MMU_LAYOUT(req_virt, mmu_req_t, access.virt)
  `MMU_LAYOUT(req_data_op, mmu_req_t, access.data_op)
  `MMU_LAYOUT(req_size, mmu_req_t, access.size)
  `MMU_LAYOUT(req_wdata, mmu_req_t, access.wdata)
  `MMU_LAYOUT(req_fence_kind, mmu_req_t, fence.kind)
  `MMU_LAYOUT(req_fence_has_addr, mmu_req_t, fence.has_addr)
  `MMU_LAYOUT(req_fence_has_id, mmu_req_t, fence.has_id)
  `MMU_LAYOUT(req_fence_id, mmu_req_t, fence.id)
  `MMU_LAYOUT(req_fence_addr, mmu_req_t, fence.addr)
  `MMU_LAYOUT(csr_satp, mmu_csr_t, satp)
  `MMU_LAYOUT(csr_vsatp, mmu_csr_t, vsatp)
  `MMU_LAYOUT(csr_hgatp, mmu_csr_t, hgatp)
  `MMU_LAYOUT(csr_mstatus_sum, mmu_csr_t, mstatus_sum)
  `MMU_LAYOUT(csr_mstatus_mxr, mmu_csr_t, mstatus_mxr)
  `MMU_LAYOUT(csr_vsstatus_sum, mmu_csr_t, vsstatus_sum)
  `MMU_LAYOUT(csr_vsstatus_mxr, mmu_csr_t, vsstatus_mxr)
  `MMU_LAYOUT(csr_menvcfg_adue, mmu_csr_t, menvcfg_adue)
  `MMU_LAYOUT(csr_menvcfg_pbmte, mmu_csr_t, menvcfg_pbmte)
  `MMU_LAYOUT(csr_henvcfg_adue, mmu_csr_t, henvcfg_adue)
  `MMU_LAYOUT(csr_henvcfg_pbmte, mmu_csr_t, henvcfg_pbmte)
  `MMU_LAYOUT(rsp_ok, mmu_rsp_t, ok)
  `MMU_LAYOUT(rsp_cause, mmu_rsp_t, cause)
  `MMU_LAYOUT(rsp_gpa, mmu_rsp_t, gpa)
  `MMU_LAYOUT(rsp_pa, mmu_rsp_t, pa)
  `MMU_LAYOUT(rsp_pbmt, mmu_rsp_t, pbmt)
  `MMU_LAYOUT(rsp_tlb_hit, mmu_rsp_t, tlb_hit)
  `MMU_LAYOUT(rsp_load_data, mmu_rsp_t, load_data)
  `MMU_LAYOUT(rsp_mtype, mmu_rsp_t, mtype)
  `MMU_LAYOUT(rsp_cache_hit, mmu_rsp_t, cache_hit)
  `MMU_LAYOUT(mem_kind, mem_req_t, kind)
  `MMU_LAYOUT(mem_mtype, mem_req_t, mtype)
  `MMU_LAYOUT(mem_addr, mem_req_t, addr)
  `MMU_LAYOUT(mem_size, mem_req_t, size)
  `MMU_LAYOUT(mem_wdata, mem_req_t, wdata)
  `MMU_LAYOUT(mem_mask, mem_req_t, mask)
  `MMU_LAYOUT(mem_cmp, mem_req_t, cmp)
  `MMU_LAYOUT(mrsp_rdata, mem_rsp_t, rdata)
  `MMU_LAYOUT(mrsp_hit, mem_rsp_t, hit)
  `MMU_LAYOUT(bus_write, bus_req_t, write)
  `MMU_LAYOUT(bus_line, bus_req_t, line)
  `MMU_LAYOUT(bus_addr, bus_req_t, addr)
  `MMU_LAYOUT(bus_size, bus_req_t, size)
  `MMU_LAYOUT(bus_wdata, bus_req_t, wdata)
  `MMU_LAYOUT(bus_mask, bus_req_t, mask)

  mmu_top #(
    .NumHarts  (NumHarts),
    .TlbEntries(TlbEntries)
  ) u_top (
    .clk_i,
    .rst_ni,
    `MMU_BUG_CONNECT(bug_i)
    .req_valid_i,
    .req_ready_o,
    .req_i,
    .csr_i,
    .rsp_valid_o,
    .rsp_o,
    .bus_req_valid_o,
    .bus_req_ready_i,
    .bus_req_o,
    .bus_hart_o,
    .bus_rsp_valid_i,
    .bus_rsp_rdata_i,
    .poke_valid_i,
    .poke_hart_i,
    .poke_addr_i,
    .poke_value_i,
    .poke_done_o,
    .mem_req_valid_o,
    .mem_req_o,
    .mem_req_hart_o,
    .mem_rsp_valid_o,
    .mem_rsp_o
  );

endmodule
