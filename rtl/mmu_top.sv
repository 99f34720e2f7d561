`include "mmu_bug.svh"

// The MMU system: NumHarts harts, each an L1 TLB of TlbEntries entries and a
// page-table walker (mmu_hart), sharing the memory system (mmu_memsys: the
// cache, the write-combining buffer) through a round-robin arbiter; the
// memory system's bus is the top's memory port. Per-hart ports are packed
// arrays indexed by hart.
//
// Outputs for the testbench to observe the memory-system port: the request
// the memory system takes (valid in the cycle it is taken) with its hart,
// and the answer.
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

  // The bus: one transaction at a time (mmu_pkg's bus_req_t), answered after
  // a latency; a read's answer is its data
  output logic                    bus_req_valid_o,
  input  logic                    bus_req_ready_i,
  output bus_req_t                bus_req_o,
  output logic     [HartIdW-1:0]  bus_hart_o,       // whose request caused it
  input  logic                    bus_rsp_valid_i,
  input  logic     [511:0]        bus_rsp_rdata_i,

  // The agent port: another bus master's coherent store of an 8-byte word,
  // performed between two requests of the memory system (mmu_memsys)
  input  logic                    agent_wr_valid_i,
  output logic                    agent_wr_ready_o,
  input  logic     [55:0]         agent_wr_addr_i,
  input  logic     [63:0]         agent_wr_data_i,
  output logic                    agent_wr_done_o,  // performed at the last edge
  output logic                    agent_wr_hit_o,   // into the cached line (else memory's)

  // Observation of the memory-system port: a request taken, its answer
  output logic                    mem_req_valid_o,  // taken at this cycle's edge
  output mem_req_t                mem_req_o,
  output logic     [HartIdW-1:0]  mem_req_hart_o,
  output logic                    mem_rsp_valid_o,
  output mem_rsp_t                mem_rsp_o
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

  logic     [NumHarts-1:0] hart_req_valid, hart_req_ready, hart_rsp_valid;
  mem_req_t [NumHarts-1:0] hart_req;
  mem_rsp_t                hart_rsp;
  logic                    ms_req_valid, ms_req_ready, ms_rsp_valid;
  mem_req_t                ms_req;
  logic     [HartIdW-1:0]  ms_req_hart;
  mem_rsp_t                ms_rsp;

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
      .mem_req_valid_o(hart_req_valid[h]),
      .mem_req_ready_i(hart_req_ready[h]),
      .mem_req_o      (hart_req[h]),
      .mem_rsp_valid_i(hart_rsp_valid[h]),
      .mem_rsp_i      (hart_rsp)
    );
  end

  mmu_arbiter #(
    .NumHarts(NumHarts)
  ) u_arbiter (
    .clk_i,
    .rst_ni,
    `MMU_BUG_CONNECT(bug_q)
    .req_valid_i    (hart_req_valid),
    .req_ready_o    (hart_req_ready),
    .req_i          (hart_req),
    .rsp_valid_o    (hart_rsp_valid),
    .rsp_o          (hart_rsp),
    .mem_req_valid_o(ms_req_valid),
    .mem_req_ready_i(ms_req_ready),
    .mem_req_o      (ms_req),
    .mem_req_hart_o (ms_req_hart),
    .mem_rsp_valid_i(ms_rsp_valid),
    .mem_rsp_i      (ms_rsp)
  );

  mmu_memsys #(
    .NumHarts(NumHarts)
  ) u_memsys (
    .clk_i,
    .rst_ni,
    `MMU_BUG_CONNECT(bug_q)
    .req_valid_i    (ms_req_valid),
    .req_ready_o    (ms_req_ready),
    .req_i          (ms_req),
    .req_hart_i     (ms_req_hart),
    .rsp_valid_o    (ms_rsp_valid),
    .rsp_o          (ms_rsp),
    .bus_req_valid_o,
    .bus_req_ready_i,
    .bus_req_o,
    .bus_hart_o,
    .bus_rsp_valid_i,
    .bus_rsp_rdata_i,
    .agent_wr_valid_i,
    .agent_wr_ready_o,
    .agent_wr_addr_i,
    .agent_wr_data_i,
    .agent_wr_done_o,
    .agent_wr_hit_o
  );

  assign mem_req_valid_o = ms_req_valid && ms_req_ready;
  assign mem_req_o       = ms_req;
  assign mem_req_hart_o  = ms_req_hart;
  assign mem_rsp_valid_o = ms_rsp_valid;
  assign mem_rsp_o       = ms_rsp;

endmodule
