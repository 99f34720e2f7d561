`include "mmu_bug.svh"

// Round-robin arbiter of the harts' memory-system ports (each hart's walker
// accesses and data accesses) onto the memory system's one port. The port
// carries one transaction at a time: the arbiter grants a request, holds the
// port until its response comes, and routes the response to the hart that
// asked. After a grant, the hart after the winner has the highest priority
// (the rule the model's scheduler predicts: model/sched.h), so no requesting
// hart waits for more than NumHarts-1 grants to others (the Fair assertion).

module mmu_arbiter
  import mmu_pkg::*;
#(
  parameter int unsigned NumHarts = 4,
  localparam int unsigned HartIdW = NumHarts > 1 ? $clog2(NumHarts) : 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  // The harts' ports
  input  logic     [NumHarts-1:0]   req_valid_i,
  output logic     [NumHarts-1:0]   req_ready_o,
  input  mem_req_t [NumHarts-1:0]   req_i,
  output logic     [NumHarts-1:0]   rsp_valid_o,
  output mem_rsp_t                  rsp_o,

  // The memory system's port
  output logic                      mem_req_valid_o,
  input  logic                      mem_req_ready_i,
  output mem_req_t                  mem_req_o,
  output logic     [HartIdW-1:0]    mem_req_hart_o,
  input  logic                      mem_rsp_valid_i,
  input  mem_rsp_t                  mem_rsp_i
);

  logic               busy_q, busy_d;    // a transaction is on the port
  logic [HartIdW-1:0] owner_q, owner_d;  // whose it is
  logic [HartIdW-1:0] prio_q, prio_d;    // the hart with the highest priority
  logic               grant_found;
  logic [HartIdW-1:0] grant;
  logic               second_found;  // another hart requests too (the mutant build's)
  logic [HartIdW-1:0] second;        // the first after the winner
  logic [HartIdW-1:0] rsp_to;        // the hart the response goes to

  // The first requesting hart at or after prio_q.
  always_comb begin
    int unsigned skip;  // the search starts one late when several request (a bug's)
    skip        = `MMU_BUG(BugPrioSkipsPointer) && !$onehot0(req_valid_i) ? 1 : 0;
    grant_found = 1'b0;
    grant       = prio_q;
    for (int unsigned k = 0; k < NumHarts; k++) begin
      logic [HartIdW-1:0] h;
      h = HartIdW'((32'(prio_q) + k + skip) % NumHarts);
      if (!grant_found && req_valid_i[h]) begin
        grant_found = 1'b1;
        grant       = h;
      end
    end
  end

`ifdef MMU_MUTANTS
  // The next requesting hart after the winner (BugContendedDoubleReady's).
  always_comb begin
    second_found = 1'b0;
    second       = grant;
    for (int unsigned k = 1; k < NumHarts; k++) begin
      logic [HartIdW-1:0] h;
      h = HartIdW'((32'(grant) + k) % NumHarts);
      if (!second_found && grant_found && req_valid_i[h]) begin
        second_found = 1'b1;
        second       = h;
      end
    end
  end
`else
  assign second_found = 1'b0;
  assign second       = grant;
`endif

  always_comb begin
    busy_d  = busy_q;
    owner_d = owner_q;
    prio_d  = prio_q;

    mem_req_valid_o = !busy_q && grant_found;
    mem_req_o       = req_i[grant];
    mem_req_hart_o  = grant;
    req_ready_o     = '0;
    if (!busy_q) req_ready_o[grant] = mem_req_ready_i && grant_found;
    // Contended: the next requesting hart is told its access was taken too.
    if (`MMU_BUG(BugContendedDoubleReady) && !busy_q && mem_req_ready_i && second_found) begin
      req_ready_o[second] = 1'b1;
    end

    if (mem_req_valid_o && mem_req_ready_i) begin
      busy_d  = 1'b1;
      owner_d = grant;
      // The winner keeps the highest priority.
      prio_d  = `MMU_BUG(BugArbiterPrioSticks) ? grant : HartIdW'((32'(grant) + 1) % NumHarts);
    end else if (mem_rsp_valid_i) begin
      busy_d = 1'b0;
    end

    // The response goes to the hart the arbiter would grant next, when one waits.
    rsp_to              = `MMU_BUG(BugRspToWaiter) && grant_found ? grant : owner_q;
    rsp_valid_o         = '0;
    rsp_valid_o[rsp_to] = mem_rsp_valid_i;
  end

  assign rsp_o = mem_rsp_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q  <= 1'b0;
      owner_q <= '0;
      prio_q  <= '0;
    end else begin
      busy_q  <= busy_d;
      owner_q <= owner_d;
      prio_q  <= prio_d;
    end
  end

  // Same-cycle checks are immediate assertions at the clock edge, "if (a)
  // assert (b)" for a |-> b: they see what a concurrent assertion samples
  // (the flops before the edge and the logic they feed) without the copy of
  // every signal it reads that Verilator makes at each evaluation.
  // Fairness: the grants to other harts while a hart requests, since it was
  // last granted (saturating).
  logic [NumHarts-1:0][3:0] passed_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      passed_q <= '0;
    end else begin
      for (int unsigned h = 0; h < NumHarts; h++) begin
        if (!req_valid_i[h] || req_ready_o[h]) passed_q[h] <= '0;
        else if (mem_req_valid_o && mem_req_ready_i && passed_q[h] != '1) passed_q[h] <= passed_q[h] + 4'd1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // Responses come only for a transaction on the port.
      if (mem_rsp_valid_i) RspWhenBusy: assert (busy_q);
      // One grant per cycle, and only while the port is free.
      OneGrant: assert ($onehot0(req_ready_o));
      if (req_ready_o != '0) GrantWhenFree: assert (!busy_q && mem_req_ready_i);
      // No requesting hart is passed over more than NumHarts-1 times.
      for (int unsigned h = 0; h < NumHarts; h++) begin
        Fair: assert (passed_q[h] <= 4'(NumHarts - 1));
      end
    end
  end

endmodule
