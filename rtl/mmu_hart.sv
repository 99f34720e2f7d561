`include "mmu_bug.svh"

// One hart's MMU (model/mmu.c): an L1 TLB in front of a page-table walker,
// serving one request at a time on a valid/ready port, then, for an access
// with a data operation, the data access at the memory system.
//
// Request flow:
//  0. A LOAD, STORE or FETCH not naturally aligned faults (cause 4, 6, 0)
//     before any lookup.
//  1. M-mode, or Bare (V=0 with satp Bare, or V=1 with vsatp and hgatp
//     Bare): pa = va, no TLB lookup. A data operation at a pa beyond 56 bits
//     (the VA's bits 63:56 set) is an access fault (cause 5 load, 7 store
//     and CBO, 1 fetch), without a memory-system request (DESIGN.md, the
//     amendment of "Requests" on branch datapath).
//  2. TLB lookup by {V, VMID, ASID, VA}. A hit re-checks the entry's leaves
//     with the current privilege, SUM and MXR: the single-/VS-stage leaf
//     first (page fault), then the G-stage leaf (guest-page fault at the
//     entry's GPA). A store to an entry whose D is clear in either leaf is
//     not served: it walks, so that D is set (or faults) in memory.
//  3. A miss walks; a walk that succeeds fills the TLB, one that faults
//     leaves nothing behind.
//  4. A data operation after a successful translation: one request to the
//     memory system (LOAD, STORE, CBO.*) of the translation's memory type
//     (pma.h: PBMT NC or IO, else MAIN from 0x8000_0000 up, else IO); a
//     LOAD's or FETCH's value is taken from the answered word.
// SFENCE.VMA and HFENCE.* go to the TLB; FENCE to the memory system.
//
// Timing, from the edge that takes the request to the edge that samples the
// response (L: memory latency; n: walk accesses; the bus free):
//   bare, M-mode, TLB hit (or a fault on the hit path), misaligned, fence:
//   W = 2 cycles; walk: W = 3 + sum over the walk's accesses of (T_k + 1),
//   T_k the memory system's answer time of access k.
// These are model/mmu.h's MM_T_HIT, MM_T_FENCE, MM_T_WALK and MM_T_PER_OP.
// A data access (and FENCE, with W = 2) is taken by the memory system W
// cycles after the request, and answered W + T + 1 cycles after it: where a
// translate-only request registers its response, this one registers the
// memory-system request instead, and registers the response at the answer.

module mmu_hart
  import mmu_pkg::*;
#(
  parameter int unsigned TlbEntries = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  // Request port
  input  logic        req_valid_i,
  output logic        req_ready_o,
  input  mmu_req_t    req_i,

  // Translation CSRs, sampled at every edge: a change reaches the request
  // taken at the same edge (hold them stable while a request is in progress)
  input  mmu_csr_t    csr_i,

  // Response port: valid for one cycle per request
  output logic        rsp_valid_o,
  output mmu_rsp_t    rsp_o,

  // Memory-system port, to the arbiter: the walker's accesses, then the data
  // access; one at a time
  output logic        mem_req_valid_o,
  input  logic        mem_req_ready_i,
  output mem_req_t    mem_req_o,
  input  logic        mem_rsp_valid_i,
  input  mem_rsp_t    mem_rsp_i
);

  typedef enum logic [1:0] {
    StIdle,   // ready for a request
    StServe,  // misaligned, M-mode, bare, TLB lookup and hit path, or fence; else start a walk
    StWalk,   // waiting for the walker
    StData    // the data access (or FENCE) at the memory system
  } hart_state_e;

  hart_state_e state_q, state_d;
  mmu_csr_t    csr_q;
  mmu_req_t    req_q, req_d;
  logic        rsp_valid_q, rsp_valid_d;
  mmu_rsp_t    rsp_q, rsp_d;
  // The data phase's memory-system request, and whether it is still to be taken
  mem_req_t    dreq_q, dreq_d;
  logic        dreq_valid_q, dreq_valid_d;

  // ---------------------------------------------------------------------------
  // Request context
  // ---------------------------------------------------------------------------

  access_req_t acc;
  logic        bare, machine, has_data, misaligned;
  logic [15:0] asid;
  logic [13:0] vmid;
  logic        sum, mxr_vs, mxr_g;

  assign acc    = req_q.access;
  assign bare   = acc.virt ? (csr_q.vsatp.mode == ModeBare && csr_q.hgatp.mode == ModeBare) :
                             csr_q.satp.mode == ModeBare;
  assign asid   = acc.virt ? csr_q.vsatp.id : csr_q.satp.id;
  assign vmid   = acc.virt ? csr_q.hgatp.id[13:0] : '0;
  assign sum    = acc.virt ? csr_q.vsstatus_sum : csr_q.mstatus_sum;
  assign mxr_vs = csr_q.mstatus_mxr || (acc.virt && csr_q.vsstatus_mxr);
  assign mxr_g  = csr_q.mstatus_mxr;

  assign machine  = acc.priv == PrivM;
  assign has_data = acc.data_op != DataNone;
  // Step 0: LOAD, STORE and FETCH are naturally aligned (CBOs act on a line).
  always_comb begin
    unique case (acc.size)
      2'd0:    misaligned = 1'b0;
      2'd1:    misaligned = acc.va[0];
      2'd2:    misaligned = acc.va[1:0] != '0;
      default: misaligned = acc.va[2:0] != '0;
    endcase
    if (acc.data_op != DataLoad && acc.data_op != DataStore && acc.data_op != DataFetch) begin
      misaligned = 1'b0;
    end
  end

  // hgatp bits 59:58 read as zero; the rest of the CSRs are the walker's.
  // The hit path reads the entry's translation, not its tag.
  logic unused_bits;
  assign unused_bits = ^{csr_q.hgatp.id[15:14], tlb_entry, ptw_gpa[11:0], leaf.a, leaf.g,
                         gleaf.a, gleaf.g, mem_rsp_i.hit};

  // ---------------------------------------------------------------------------
  // TLB and its hit path
  // ---------------------------------------------------------------------------

  logic       tlb_lookup, tlb_hit, tlb_touch, tlb_fill, tlb_fence;
  tlb_entry_t tlb_entry, fill_entry;

  // A Bare stage leaves its leaf 0 (V clear). G and A are not checked again.
  logic        leaf_on, gleaf_on, leaf_fail, gleaf_fail, store_clean, vs_clean, hit_served;
  logic        hit_sum, hit_mxr_vs, hit_mxr_g;
  logic [55:0] hit_offset;
  pte_flags_t  leaf, gleaf;
  mmu_rsp_t    hit_rsp;

  assign hit_sum    = sum || `MMU_BUG(BugHitIgnoresSum);
  assign hit_mxr_vs = mxr_vs && !`MMU_BUG(BugHitIgnoresMxr);
  assign hit_mxr_g  = mxr_g && !`MMU_BUG(BugHitIgnoresMxr);

  assign leaf        = tlb_entry.leaf_flags;
  assign gleaf       = tlb_entry.gleaf_flags;
  assign leaf_on     = leaf.v;
  assign gleaf_on    = gleaf.v;
  assign leaf_fail   = leaf_on && !leaf_allows(leaf.u, leaf.r, leaf.w, leaf.x, acc.access, acc.priv,
                                               hit_sum, hit_mxr_vs, acc.hlvx);
  assign gleaf_fail  = gleaf_on && !gleaf_allows(gleaf.u, gleaf.r, gleaf.w, gleaf.x, acc.access,
                                                 hit_mxr_g, acc.hlvx);
  assign store_clean = acc.access == AccStore &&
                       ((leaf_on && !leaf.d) || (gleaf_on && !gleaf.d));
  // A store to a clean VS leaf walks before the G-stage leaf is checked: the walk's order (the
  // VS-stage's A/D before the final G-stage translation; model/mmu.c serve_hit).
  assign vs_clean    = acc.access == AccStore && leaf_on && !leaf.d;
  assign hit_served  = tlb_hit && (leaf_fail || (!vs_clean && (gleaf_fail || !store_clean)));
  assign hit_offset  = acc.va[55:0] & offset_mask(tlb_entry.size);

  // Only a hit reads it: built only then, it costs no simulation time in the
  // other cycles.
  always_comb begin
    hit_rsp = '0;
    if (tlb_hit) begin
      hit_rsp.tlb_hit = 1'b1;
      if (leaf_fail && !(gleaf_fail && `MMU_BUG(BugHitGuestFaultFirst))) begin
        hit_rsp.cause = page_fault_cause(acc.access);
      end else if (gleaf_fail) begin
        hit_rsp.cause = guest_fault_cause(acc.access);
        hit_rsp.gpa   = {8'h00, {tlb_entry.gppn, 12'h000} | hit_offset};
      end else begin
        hit_rsp.ok   = 1'b1;
        hit_rsp.pa   = {8'h00, {tlb_entry.ppn, 12'h000} | hit_offset};
        hit_rsp.pbmt = tlb_entry.pbmt;
      end
    end
  end

  // The FSM consults the TLB only when it serves an access that translates.
  assign tlb_lookup = state_q == StServe && !req_q.is_fence && !misaligned && !machine && !bare;

  mmu_tlb #(
    .Entries(TlbEntries)
  ) u_tlb (
    .clk_i,
    .rst_ni,
    `MMU_BUG_CONNECT(bug_i)
    .lookup_i      (tlb_lookup),
    .lookup_virt_i (acc.virt),
    .lookup_asid_i (asid),
    .lookup_vmid_i (vmid),
    .lookup_vpn_i  (acc.va[63:12]),
    .lookup_hit_o  (tlb_hit),
    .lookup_entry_o(tlb_entry),
    .touch_i       (tlb_touch),
    .fill_i        (tlb_fill),
    .fill_entry_i  (fill_entry),
    .fence_i       (tlb_fence),
    .fence_req_i   (req_q.fence),
    .fence_vmid_i  (csr_q.hgatp.id[13:0])
  );

  // ---------------------------------------------------------------------------
  // Walker
  // ---------------------------------------------------------------------------

  logic        ptw_start, ptw_done, ptw_ok, ptw_global;
  cause_e      ptw_cause;
  logic [63:0] ptw_fault_gpa;
  logic [55:0] ptw_pa, ptw_gpa;
  pbmt_e       ptw_pbmt;
  page_size_e  ptw_size;
  pte_flags_t  ptw_leaf_flags, ptw_gleaf_flags;
  logic        ptw_req_valid;
  mem_req_t    ptw_req;

  mmu_ptw u_ptw (
    .clk_i,
    .rst_ni,
    `MMU_BUG_CONNECT(bug_i)
    .start_i        (ptw_start),
    .req_i          (acc),
    .csr_i          (csr_q),
    .done_o         (ptw_done),
    .ok_o           (ptw_ok),
    .cause_o        (ptw_cause),
    .fault_gpa_o    (ptw_fault_gpa),
    .pa_o           (ptw_pa),
    .pbmt_o         (ptw_pbmt),
    .size_o         (ptw_size),
    .global_o       (ptw_global),
    .leaf_flags_o   (ptw_leaf_flags),
    .gleaf_flags_o  (ptw_gleaf_flags),
    .gpa_o          (ptw_gpa),
    .mem_req_valid_o(ptw_req_valid),
    .mem_req_ready_i(mem_req_ready_i && state_q != StData),
    .mem_req_o      (ptw_req),
    .mem_rsp_valid_i(mem_rsp_valid_i && state_q != StData),
    .mem_rsp_rdata_i(mem_rsp_i.rdata)
  );

  // The walk's translation, tagged with the request's context, at page size.
  // Only a fill reads it: built only then (see hit_rsp).
  logic [51:0] fill_mask;
  always_comb begin
    fill_mask  = '0;
    fill_entry = '0;
    if (tlb_fill) begin
      fill_mask              = vpn_keep_mask(ptw_size);
      fill_entry.valid       = 1'b1;
      fill_entry.virt        = acc.virt;
      fill_entry.global      = ptw_global;
      fill_entry.asid        = asid;
      fill_entry.vmid        = vmid;
      fill_entry.size        = ptw_size;
      fill_entry.pbmt        = ptw_pbmt;
      fill_entry.vpn         = acc.va[63:12] & fill_mask;
      fill_entry.ppn         = ptw_pa[55:12] & fill_mask[43:0];
      fill_entry.gppn        = ptw_gpa[55:12] & fill_mask[43:0];
      fill_entry.leaf_flags  = ptw_leaf_flags;
      fill_entry.gleaf_flags = ptw_gleaf_flags;
    end
  end

  // ---------------------------------------------------------------------------
  // The data access (DESIGN.md, "The memory system port")
  // ---------------------------------------------------------------------------

  // The memory type (pma.h): the translation's PBMT if NC or IO, else MAIN
  // for main memory (from 0x8000_0000 up), else IO.
  function automatic mtype_e mtype_of(pbmt_e pbmt, logic [63:0] pa);
    if (pbmt == PbmtNc) return MtNc;
    if (pbmt == PbmtIo) return MtIo;
    return pa >= 64'h8000_0000 ? MtMain : MtIo;
  endfunction

  // The bytes of the aligned word an access of 2^size bytes at addr covers.
  function automatic logic [7:0] lane_mask(logic [2:0] offset, logic [1:0] size);
    logic [7:0] low;
    unique case (size)
      2'd0:    low = 8'h01;
      2'd1:    low = 8'h03;
      2'd2:    low = 8'h0f;
      default: low = 8'hff;
    endcase
    if (`MMU_BUG(BugStoreMaskUnshifted)) return low;
    return low << offset;
  endfunction

  function automatic logic [63:0] byte_bits(logic [7:0] mask);
    logic [63:0] bits;
    for (int unsigned b = 0; b < 8; b++) bits[8*b +: 8] = {8{mask[b]}};
    return bits;
  endfunction

  // The request of a translated data operation at physical address pa.
  function automatic mem_req_t data_request(data_op_e op, logic [1:0] size, logic [63:0] value,
                                            logic [63:0] pa, pbmt_e pbmt);
    mem_req_t r;
    logic [7:0] mask;
    logic [2:0] lane;  // the store's first byte lane in its word
    r       = '0;
    r.mtype = mtype_of(pbmt, pa);
    r.addr  = pa[55:0];
    unique case (op)
      DataLoad, DataFetch: begin
        r.kind = MemLoad;
        r.size = size;
      end
      DataStore: begin
        // The value in its byte lanes, the other lanes zero.
        lane    = `MMU_BUG(BugStoreLanesMod4) ? {1'b0, pa[1:0]} : pa[2:0];
        mask    = lane_mask(lane, size);
        r.kind  = MemStore;
        r.size  = size;
        r.mask  = mask;
        r.wdata = (value << {lane, 3'b000}) & byte_bits(mask);
      end
      DataCboClean: r.kind = MemCboClean;
      DataCboFlush: r.kind = MemCboFlush;
      default:      r.kind = MemCboInval;
    endcase
    return r;
  endfunction

  // FENCE: drains the write-combining buffer; no address.
  localparam mem_req_t FenceRequest = '{kind: MemFence, mtype: MtMain, default: '0};

  // A LOAD's or FETCH's value: its bytes of the answered word, zero-extended.
  function automatic logic [63:0] load_value(logic [63:0] word, logic [2:0] offset,
                                             logic [1:0] size);
    logic [63:0] v;
    v = word >> {offset, 3'b000};
    unique case (size)
      2'd0:    v = `MMU_BUG(BugLoadSignExtended) ? {{56{v[7]}}, v[7:0]} : {56'h0, v[7:0]};
      2'd1:    v = `MMU_BUG(BugLoadSignExtended) ? {{48{v[15]}}, v[15:0]} : {48'h0, v[15:0]};
      2'd2:    v = `MMU_BUG(BugLoadSignExtended) ? {{32{v[31]}}, v[31:0]} : {32'h0, v[31:0]};
      default: ;
    endcase
    return v;
  endfunction

  // A translating access the TLB does not serve walks. (Apart from the FSM
  // below, which reads the walker's outcome.)
  assign ptw_start = tlb_lookup && !hit_served;

  // The memory-system port: the walker's accesses, or the data access.
  assign mem_req_valid_o = state_q == StData ? dreq_valid_q : ptw_req_valid;
  assign mem_req_o       = state_q == StData ? dreq_q : ptw_req;

  // ---------------------------------------------------------------------------
  // FSM
  // ---------------------------------------------------------------------------

  // A translation that succeeded goes on to its data operation, if it has
  // one: the memory-system request is registered where the response would
  // be, so that the memory system takes it when the response would come.
  mmu_rsp_t    xlate_rsp;     // the translation's outcome, in StServe and StWalk
  hart_state_e state_busy_d;  // state_d but for taking a request

  // Taking a request, apart from the FSM below: logic fed by the top's inputs
  // costs Verilator an evaluation at every input change instead of one per
  // clock edge.
  always_comb begin
    state_d = state_busy_d;
    req_d   = req_q;
    if (state_q == StIdle && req_valid_i) begin
      state_d = StServe;
      req_d   = req_i;
      // A data operation's translation checks its own permission.
      req_d.access.access = data_op_access(req_i.access.data_op, req_i.access.access);
    end
  end

  always_comb begin
    logic to_data;  // the translation (or FENCE) is done: on to the memory system
    state_busy_d = state_q;
    rsp_valid_d  = 1'b0;
    rsp_d        = rsp_q;
    dreq_d       = dreq_q;
    dreq_valid_d = dreq_valid_q && !mem_req_ready_i;
    req_ready_o  = state_q == StIdle;
    tlb_touch    = 1'b0;
    tlb_fill     = 1'b0;
    tlb_fence    = 1'b0;
    xlate_rsp    = '0;
    to_data      = 1'b0;

    unique case (state_q)
      StIdle: ;  // taking a request: see above

      StServe: begin
        state_busy_d = StIdle;
        rsp_valid_d  = 1'b1;
        rsp_d        = '0;
        if (req_q.is_fence) begin
          rsp_d.ok  = 1'b1;
          to_data   = req_q.fence.kind == FenceData;
          tlb_fence = !to_data;
        end else if (misaligned) begin
          rsp_d.cause = acc.data_op == DataLoad ? CauseLoadMisaligned :
                        acc.data_op == DataStore ? CauseStoreMisaligned : CauseFetchMisaligned;
        end else if ((machine || bare) && has_data && acc.va[63:56] != '0) begin
          rsp_d.cause = acc.data_op == DataLoad ? CauseLoadAccessFault :
                        acc.data_op == DataFetch ? CauseFetchAccessFault : CauseStoreAccessFault;
        end else if (machine || bare) begin
          xlate_rsp.ok = 1'b1;
          xlate_rsp.pa = acc.va;
          rsp_d        = xlate_rsp;
          to_data      = has_data;
        end else if (hit_served) begin
          tlb_touch = 1'b1;
          xlate_rsp = hit_rsp;
          rsp_d     = xlate_rsp;
          to_data   = has_data && xlate_rsp.ok;
        end else begin  // ptw_start
          state_busy_d = StWalk;
          rsp_valid_d  = 1'b0;
        end
      end

      StWalk: begin
        if (ptw_done) begin
          state_busy_d    = StIdle;
          rsp_valid_d     = 1'b1;
          xlate_rsp.ok    = ptw_ok;
          xlate_rsp.cause = ptw_cause;
          xlate_rsp.gpa   = ptw_fault_gpa;
          xlate_rsp.pa    = ptw_ok ? {8'h00, ptw_pa} : '0;
          xlate_rsp.pbmt  = ptw_ok ? ptw_pbmt : PbmtPma;
          rsp_d           = xlate_rsp;
          tlb_fill        = ptw_ok;
          to_data         = has_data && ptw_ok;
        end
      end

      StData: begin
        if (mem_rsp_valid_i) begin
          state_busy_d = StIdle;
          rsp_valid_d  = 1'b1;
          if (!req_q.is_fence) begin
            rsp_d.mtype     = dreq_q.mtype;
            rsp_d.cache_hit = mem_rsp_i.hit;
            if (acc.data_op == DataLoad || acc.data_op == DataFetch) begin
              rsp_d.load_data = load_value(mem_rsp_i.rdata, dreq_q.addr[2:0], dreq_q.size);
            end
          end
        end
      end

      default: state_busy_d = StIdle;
    endcase

    // Where the response would be registered, the memory-system request is.
    if (to_data) begin
      state_busy_d = StData;
      rsp_valid_d  = 1'b0;
      dreq_valid_d = 1'b1;
      dreq_d       = req_q.is_fence ? FenceRequest :
                     data_request(acc.data_op, acc.size, acc.wdata, xlate_rsp.pa, xlate_rsp.pbmt);
    end
  end

  assign rsp_valid_o = rsp_valid_q;
  assign rsp_o       = rsp_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= StIdle;
      csr_q        <= '0;
      req_q        <= '0;
      rsp_valid_q  <= 1'b0;
      rsp_q        <= '0;
      dreq_q       <= '0;
      dreq_valid_q <= 1'b0;
    end else begin
      state_q      <= state_d;
      csr_q        <= csr_i;
      req_q        <= req_d;
      rsp_valid_q  <= rsp_valid_d;
      rsp_q        <= rsp_d;
      dreq_q       <= dreq_d;
      dreq_valid_q <= dreq_valid_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------

  // Same-cycle checks are immediate assertions at the clock edge, "if (a)
  // assert (b)" for a |-> b: they see what a concurrent assertion samples
  // (the flops before the edge and the logic they feed) without the copy of
  // every signal it reads that Verilator makes at each evaluation.
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // The walker answers only while the hart waits for it.
      if (ptw_done) WalkAnswered: assert (state_q == StWalk);
      // The walker is quiet during the data phase: the port is the data access's.
      if (state_q == StData) WalkerQuietInData: assert (!ptw_req_valid);
      // The data phase makes one request, answered once.
      if (mem_rsp_valid_i && state_q == StData) DataRequestOnce: assert (!dreq_valid_q);
      // A response carries a data access's fields only after one.
      if (rsp_valid_o && !has_data) begin
        NoDataWithoutAccess: assert (rsp_o.load_data == '0 && !rsp_o.cache_hit &&
                                     rsp_o.mtype == MtMain);
      end
    end
  end

  // Each request gets exactly one response: none while idle and not just done.
  RspAfterWork: assert property (@(posedge clk_i) disable iff (!rst_ni)
                                 rsp_valid_o |-> $past(state_q) != StIdle);

endmodule
