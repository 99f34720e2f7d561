`include "mmu_bug.svh"
`include "mmu_layout.svh"  // generated from rtl/layout.txt: the fields' ports and assigns
`include "mmu_ports.svh"   // generated from rtl/ports.txt: mmu_top's ports and their connections

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
// type T, for every row of rtl/layout.txt (build/gen/mmu_layout.svh expands
// these two macros over the rows). The lowest bit is the lowest bit of the struct that, set alone,
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
  `MMU_TOP_PARAMS  // mmu_top's (rtl/ports.txt, generated: build/gen/mmu_ports.svh)
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  // mmu_top's ports, unchanged (rtl/ports.txt, generated: build/gen/mmu_ports.svh)
  `MMU_TOP_PORTS

  // The layout of the structs above (constants). A field wider than 64 bits
  // (the bus's line data) is read as consecutive 64-bit words from its lsb.
  output int unsigned             lay_req_bits_o,  // $bits(mmu_req_t): hart h's request at h times this
  output int unsigned             lay_csr_bits_o,  // $bits(mmu_csr_t)
  output int unsigned             lay_rsp_bits_o,  // $bits(mmu_rsp_t)
  output int unsigned             lay_mem_bits_o,  // $bits(mem_req_t)
  output int unsigned             lay_mrsp_bits_o, // $bits(mem_rsp_t)
  output int unsigned             lay_bus_bits_o,  // $bits(bus_req_t)
  // every field of rtl/layout.txt: lay_<name>_lsb_o, lay_<name>_width_o
  `MMU_LAYOUT_FIELD_PORTS
  output int unsigned             lay_bus_rdata_bits_o  // $bits(bus_rsp_rdata_i)
);

  assign lay_req_bits_o = $bits(mmu_req_t);
  assign lay_csr_bits_o = $bits(mmu_csr_t);
  assign lay_rsp_bits_o = $bits(mmu_rsp_t);
  assign lay_mem_bits_o = $bits(mem_req_t);
  assign lay_mrsp_bits_o = $bits(mem_rsp_t);
  assign lay_bus_bits_o = $bits(bus_req_t);
  assign lay_bus_rdata_bits_o = $bits(bus_rsp_rdata_i);
  `MMU_LAYOUT_FIELD_ASSIGNS

  mmu_top #(
    .NumHarts  (NumHarts),
    .TlbEntries(TlbEntries)
  ) u_top (
    .clk_i,
    .rst_ni,
    `MMU_BUG_CONNECT(bug_i)
    `MMU_TOP_CONNECT
  );

endmodule
