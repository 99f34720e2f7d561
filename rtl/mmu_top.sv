`include "mmu_bug.svh"

// The MMU system: NumHarts harts, each an L1 TLB of TlbEntries entries and a
// page-table walker (mmu_hart), sharing one memory port through a
// round-robin arbiter. Per-hart ports are packed arrays indexed by hart.
//
// The mutant build (+define+MMU_MUTANTS) adds bug_i: the number of the
// injected bug to switch on (rtl/mutants.txt), 0 for none.

module mmu_top
  import mmu_pkg::*;
#(
  parameter int unsigned NumHarts = 4,
  parameter int unsigned TlbEntries = 16,
  localparam int unsigned HartIdW = NumHarts > 1 ? $clog2(NumHarts) : 1
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  // Per hart: requests, translation CSRs, responses
  input  logic     [NumHarts-1:0] req_valid_i,
  output logic     [NumHarts-1:0] req_ready_o,
  input  mmu_req_t [NumHarts-1:0] req_i,
  input  mmu_csr_t [NumHarts-1:0] csr_i,
  output logic     [NumHarts-1:0] rsp_valid_o,
  output mmu_rsp_t [NumHarts-1:0] rsp_o,

  // Memory port: one 8-byte read or compare-and-swap per request, answered
  // after a latency (mmu_pkg's mem_req_t)
  output logic                    mem_req_valid_o,
  input  logic                    mem_req_ready_i,
  output mem_req_t                mem_req_o,
  output logic     [HartIdW-1:0]  mem_req_hart_o,
  input  logic                    mem_rsp_valid_i,
  input  logic     [63:0]         mem_rsp_rdata_i
);

`ifdef MMU_MUTANTS
  // The injected bug, sampled (a flop rather than an input keeps it out of
  // the logic Verilator evaluates at every input change).
  logic [7:0] bug_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bug_q <= BugNone;
    end else begin
      bug_q <= bug_i;
    end
  end
`endif

  logic     [NumHarts-1:0] walk_req_valid, walk_req_ready, walk_rsp_valid;
  mem_req_t [NumHarts-1:0] walk_req;
  logic     [63:0]         walk_rsp_rdata;

  for (genvar h = 0; h < NumHarts; h++) begin : g_hart
    mmu_hart #(
      .TlbEntries(TlbEntries)
    ) u_hart (
      .clk_i,
      .rst_ni,
      `MMU_BUG_CONNECT(bug_q)
      .req_valid_i    (req_valid_i[h]),
      .req_ready_o    (req_ready_o[h]),
      .req_i          (req_i[h]),
      .csr_i          (csr_i[h]),
      .rsp_valid_o    (rsp_valid_o[h]),
      .rsp_o          (rsp_o[h]),
      .mem_req_valid_o(walk_req_valid[h]),
      .mem_req_ready_i(walk_req_ready[h]),
      .mem_req_o      (walk_req[h]),
      .mem_rsp_valid_i(walk_rsp_valid[h]),
      .mem_rsp_rdata_i(walk_rsp_rdata)
    );
  end

  mmu_arbiter #(
    .NumHarts(NumHarts)
  ) u_arbiter (
    .clk_i,
    .rst_ni,
    .req_valid_i    (walk_req_valid),
    .req_ready_o    (walk_req_ready),
    .req_i          (walk_req),
    .rsp_valid_o    (walk_rsp_valid),
    .rsp_rdata_o    (walk_rsp_rdata),
    .mem_req_valid_o,
    .mem_req_ready_i,
    .mem_req_o,
    .mem_req_hart_o,
    .mem_rsp_valid_i,
    .mem_rsp_rdata_i
  );

endmodule
