// Round-robin arbiter of the harts' memory-system ports (each hart's walker
// accesses and data accesses) onto the memory system's one port. The port
// carries one transaction at a time: the arbiter grants a request, holds the
// port until its response comes, and routes the response to the hart that
// asked. After a grant, the hart after the winner has the highest priority.

module mmu_arbiter
  import mmu_pkg::*;
#(
  parameter int unsigned NumHarts = 4,
  localparam int unsigned HartIdW = NumHarts > 1 ? $clog2(NumHarts) : 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

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

  // The first requesting hart at or after prio_q.
  always_comb begin
    grant_found = 1'b0;
    grant       = prio_q;
    for (int unsigned k = 0; k < NumHarts; k++) begin
      logic [HartIdW-1:0] h;
      h = HartIdW'((32'(prio_q) + k) % NumHarts);
      if (!grant_found && req_valid_i[h]) begin
        grant_found = 1'b1;
        grant       = h;
      end
    end
  end

  always_comb begin
    busy_d  = busy_q;
    owner_d = owner_q;
    prio_d  = prio_q;

    mem_req_valid_o = !busy_q && grant_found;
    mem_req_o       = req_i[grant];
    mem_req_hart_o  = grant;
    req_ready_o     = '0;
    if (!busy_q) req_ready_o[grant] = mem_req_ready_i && grant_found;

    if (mem_req_valid_o && mem_req_ready_i) begin
      busy_d  = 1'b1;
      owner_d = grant;
      prio_d  = HartIdW'((32'(grant) + 1) % NumHarts);
    end else if (mem_rsp_valid_i) begin
      busy_d = 1'b0;
    end

    rsp_valid_o          = '0;
    rsp_valid_o[owner_q] = mem_rsp_valid_i;
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
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // Responses come only for a transaction on the port.
      if (mem_rsp_valid_i) RspWhenBusy: assert (busy_q);
      // One grant at a time.
      OneGrant: assert ($onehot0(req_ready_o));
    end
  end

endmodule
