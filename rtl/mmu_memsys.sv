`include "mmu_bug.svh"

// The memory system (DESIGN.md, "The memory system: one request at a
// time"; model/memsys.h): behind the arbiter, in front of the bus. Main-
// memory accesses (the walkers' PTE reads and compare-and-swaps, MAIN loads
// and stores) go through the cache (mmu_cache), NC stores through the
// write-combining buffer (mmu_wcb), NC loads and IO accesses straight to the
// bus as single beats, CBOs to the cache, FENCE drains the buffer.
//
// It takes a request when idle. A DECODE cycle then decides one action on
// the current state, the answer or one bus transaction (with the state
// updates that go with it); after every bus transaction's answer it decides
// again, until it answers:
//   - MAIN: look up. A hit performs the access (PTE_CAS compares and
//     writes; a STORE writes its bytes; both make the line dirty) and
//     touches the set's PLRU: answer. A miss picks the victim (the lowest
//     invalid way, else the PLRU victim): a dirty victim is written back (a
//     line write; it becomes clean), else filled (a line read; it becomes
//     valid and clean, the PLRU touched), and DECODE looks up again.
//   - CBO: with the buffer holding data, drain it. Then look up: CLEAN of a
//     dirty line writes it back (it stays, clean); FLUSH of a dirty line
//     writes it back and invalidates it; FLUSH of a clean line and INVAL of
//     any line invalidate it (INVAL drops dirty data); else answer. CBOs
//     never touch the PLRU.
//   - NC STORE: with the buffer holding another line, drain it; else merge
//     the store; if the buffer is then full, drain it; answer once the store
//     is in.
//   - NC LOAD: with the buffer holding the same line, drain it; then one bus
//     read of the exact address and size; answer its data.
//   - IO LOAD/STORE: with the buffer holding data, drain it; then one bus
//     transaction of the exact address and size; answer.
//   - FENCE: with the buffer holding data, drain it; answer.
// A drain is one line write with the buffer's byte mask (a write-back's mask
// is the whole line); the buffer is empty once it is answered.
//
// Timing: taken at edge s, DECODE in the cycle after it; an answer decided
// there is valid in the next cycle (sampled at s + 2); a bus transaction
// decided there is offered in the next cycle, taken at s + 2 (the bus is
// always ready), answered L cycles later, and DECODE runs in the cycle after
// that answer. So a request with n bus transactions is answered at
// T = 2 + n * (L + 2), its transaction k taken at 2 + k * (L + 2).
//
// Test hook (DESIGN.md, "Test hooks"): a pulse of poke_valid_i arms an
// address, a value and a hart, another agent's coherent store (arming again
// replaces it). The memory system decides when it takes a request: a PTE_READ
// of that (8-byte aligned) address from that hart disarms it and, right
// after its answer (the read just filled or hit the line), the memory system
// writes the value into the cached line (dirty) and pulses poke_done_o. An
// arming pulse at the edge that takes the read arms for the next one.

module mmu_memsys
  import mmu_pkg::*;
#(
  parameter int unsigned NumHarts = 4,
  parameter int unsigned CacheBytes = 128 * 1024,
  parameter int unsigned CacheWays = 4,
  parameter int unsigned CacheLineBytes = 64,
  localparam int unsigned HartIdW = NumHarts > 1 ? $clog2(NumHarts) : 1,
  localparam int unsigned WayW = $clog2(CacheWays)
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  // The port, from the arbiter: taken when idle
  input  logic               req_valid_i,
  output logic               req_ready_o,
  input  mem_req_t           req_i,
  input  logic [HartIdW-1:0] req_hart_i,
  output logic               rsp_valid_o,
  output mem_rsp_t           rsp_o,

  // The bus: one transaction at a time; the answer of a read is its data
  output logic               bus_req_valid_o,
  input  logic               bus_req_ready_i,
  output bus_req_t           bus_req_o,
  output logic [HartIdW-1:0] bus_hart_o,      // whose request is being served
  input  logic               bus_rsp_valid_i,
  input  logic [511:0]       bus_rsp_rdata_i,

  // Test hook: another agent's store right after a PTE read
  input  logic               poke_valid_i,  // a one-cycle pulse arms
  input  logic [HartIdW-1:0] poke_hart_i,   // the hart whose PTE read it follows
  input  logic [55:0]        poke_addr_i,
  input  logic [63:0]        poke_value_i,
  output logic               poke_done_o
);

  typedef enum logic [1:0] {
    StIdle,     // ready for a request
    StDecode,   // decide the answer or a bus transaction
    StBusReq,   // the bus transaction is offered
    StBusWait   // the bus took it; waiting for its answer
  } memsys_state_e;

  // What the bus transaction in flight is for
  typedef enum logic [2:0] {
    BusFill,       // a line read into the cache's victim way
    BusWriteBack,  // a dirty line written out
    BusDrain,      // the write-combining buffer written out
    BusBeatRead,   // an NC or IO load
    BusBeatWrite   // an IO store
  } bus_op_e;

  memsys_state_e      state_q, state_d;
  mem_req_t           req_q, req_d;
  logic [HartIdW-1:0] hart_q, hart_d;
  logic               done_q, done_d;      // the access is performed: answer
  logic               looked_q, looked_d;  // the first cache lookup was made
  logic               hit_q, hit_d;        // and hit
  logic [63:0]        rdata_q, rdata_d;    // a single beat's answer, in its lanes
  bus_op_e            bus_op_q, bus_op_d;
  logic [55:0]        bus_addr_q, bus_addr_d;
  logic [WayW-1:0]    bus_way_q, bus_way_d;  // the cache way a write-back reads or a fill writes
  logic               rsp_valid_q, rsp_valid_d;
  mem_rsp_t           rsp_q, rsp_d;
  logic               poke_valid_q;
  logic [HartIdW-1:0] poke_hart_q;
  logic [55:0]        poke_addr_q;
  logic [63:0]        poke_value_q;
  logic               poke_done_q, poke_done_d;
  logic               pte_read_done;      // a PTE read is answered now
  logic               poke_fire_q;        // the request in service is the armed PTE read
  logic [63:0]        poke_fire_value_q;  // the value it stores after it

  // ---------------------------------------------------------------------------
  // The request
  // ---------------------------------------------------------------------------

  logic is_cbo, is_main, is_nc_store, is_nc_load;
  assign is_cbo      = req_q.kind == MemCboClean || req_q.kind == MemCboFlush ||
                       req_q.kind == MemCboInval;
  assign is_main     = req_q.mtype == MtMain;
  assign is_nc_store = req_q.mtype == MtNc && req_q.kind == MemStore;
  assign is_nc_load  = req_q.mtype == MtNc && req_q.kind == MemLoad;

  // The bytes an access of 2^size bytes covers in its aligned word.
  function automatic logic [63:0] lane_bits(logic [2:0] offset, logic [1:0] size);
    logic [63:0] low;
    unique case (size)
      2'd0:    low = 64'h0000_0000_0000_00ff;
      2'd1:    low = 64'h0000_0000_0000_ffff;
      2'd2:    low = 64'h0000_0000_ffff_ffff;
      default: low = '1;
    endcase
    return low << {offset, 3'b000};
  endfunction

  // ---------------------------------------------------------------------------
  // The cache and the write-combining buffer
  // ---------------------------------------------------------------------------

  logic                        cache_lookup, cache_hit, cache_hit_dirty, cache_victim_dirty;
  logic [WayW-1:0]             cache_hit_way, cache_victim_way, cache_way;
  logic [63:0]                 cache_word, cache_wdata;
  logic [55:0]                 cache_victim_addr;
  logic [7:0]                  cache_wmask;
  logic                        cache_write, cache_dirty, cache_touch, cache_clean, cache_inval;
  logic                        cache_fill, cache_line_read;
  logic [CacheLineBytes*8-1:0] cache_line;

  mmu_cache #(
    .SizeBytes(CacheBytes),
    .Ways     (CacheWays),
    .LineBytes(CacheLineBytes)
  ) u_cache (
    .clk_i,
    .rst_ni,
    `MMU_BUG_CONNECT(bug_i)
    .addr_i        (req_q.addr[55:3]),
    .lookup_i      (cache_lookup),
    .hit_o         (cache_hit),
    .hit_way_o     (cache_hit_way),
    .hit_dirty_o   (cache_hit_dirty),
    .word_o        (cache_word),
    .victim_way_o  (cache_victim_way),
    .victim_dirty_o(cache_victim_dirty),
    .victim_addr_o (cache_victim_addr),
    .way_i         (cache_way),
    .write_i       (cache_write),
    .wdata_i       (cache_wdata),
    .wmask_i       (cache_wmask),
    .dirty_i       (cache_dirty),
    .touch_i       (cache_touch),
    .clean_i       (cache_clean),
    .inval_i       (cache_inval),
    .fill_i        (cache_fill),
    .fill_data_i   (bus_rsp_rdata_i),
    .line_read_i   (cache_line_read),
    .line_o        (cache_line)
  );

  logic         wcb_merge, wcb_clear, wcb_valid, wcb_merge_full;
  logic [55:0]  wcb_line_addr;
  logic [511:0] wcb_data;
  logic [63:0]  wcb_mask;
  logic         wcb_other_line;  // the buffer holds a line other than the request's

  mmu_wcb u_wcb (
    .clk_i,
    .rst_ni,
    .merge_i     (wcb_merge),
    .addr_i      (req_q.addr[55:3]),
    .wdata_i     (req_q.wdata),
    .mask_i      (req_q.mask),
    .clear_i     (wcb_clear),
    .valid_o     (wcb_valid),
    .line_addr_o (wcb_line_addr),
    .data_o      (wcb_data),
    .mask_o      (wcb_mask),
    .merge_full_o(wcb_merge_full)
  );

  assign wcb_other_line = wcb_valid && wcb_line_addr[55:6] != req_q.addr[55:6];

  // ---------------------------------------------------------------------------
  // FSM
  // ---------------------------------------------------------------------------

  // DECODE looks the request's line up for MAIN accesses and for CBOs (once
  // the buffer is empty); apart from the FSM, which reads the lookup.
  assign cache_lookup = state_q == StDecode && !done_q &&
                        ((is_main && !is_cbo && req_q.kind != MemFence) || (is_cbo && !wcb_valid));

  // The FSM's next state and registers but for a bus answer (see below)
  memsys_state_e state_fsm_d;
  logic          done_fsm_d;

  logic poke_take;  // the request taken at this edge is the armed hart's PTE read of the armed word
  assign poke_take = state_q == StIdle && req_valid_i && poke_valid_q && req_i.kind == MemPteRead &&
                     req_i.addr == poke_addr_q && req_hart_i == poke_hart_q;
  logic poke_hits;  // the request in service is that read
  assign poke_hits = poke_fire_q;

  always_comb begin
    logic answer, io_as_nc;
    logic [63:0] answer_rdata;

    state_fsm_d  = state_q;
    req_d        = req_q;
    hart_d       = hart_q;
    done_fsm_d   = done_q;
    looked_d     = looked_q;
    hit_d        = hit_q;
    bus_op_d     = bus_op_q;
    bus_addr_d   = bus_addr_q;
    bus_way_d    = bus_way_q;
    rsp_valid_d  = 1'b0;
    rsp_d        = rsp_q;
    poke_done_d  = 1'b0;
    pte_read_done = 1'b0;
    cache_way    = bus_way_q;
    cache_write  = 1'b0;
    cache_wdata  = '0;
    cache_wmask  = '0;
    cache_dirty  = 1'b0;
    cache_touch  = 1'b0;
    cache_clean  = 1'b0;
    cache_inval  = 1'b0;
    wcb_merge    = 1'b0;
    answer       = 1'b0;
    answer_rdata = '0;
    // An IO store combined in the buffer, as if it were NC.
    io_as_nc     = `MMU_BUG(BugIoStoreCombined) && req_q.mtype == MtIo &&
                   req_q.kind == MemStore;

    unique case (state_q)
      StIdle: begin
        if (req_valid_i) begin
          req_d       = req_i;
          hart_d      = req_hart_i;
          done_fsm_d  = 1'b0;
          looked_d    = 1'b0;
          hit_d       = 1'b0;
          state_fsm_d = StDecode;
        end
      end

      StDecode: begin
        if (done_q) begin
          answer       = 1'b1;
          answer_rdata = rdata_q;
        end else if (is_cbo) begin
          if (wcb_valid) begin
            bus_op_d   = BusDrain;
            bus_addr_d = wcb_line_addr;
          end else begin  // cache_lookup
            cache_way = cache_hit_way;
            if (!looked_q) begin
              looked_d = 1'b1;
              hit_d    = cache_hit;
            end
            if (!cache_hit) begin
              answer = 1'b1;
            end else begin
              unique case (req_q.kind)
                MemCboClean: begin
                  if (cache_hit_dirty) begin
                    bus_op_d    = BusWriteBack;
                    bus_addr_d  = {req_q.addr[55:6], 6'h00};
                    bus_way_d   = cache_hit_way;
                    // CLEAN taken for FLUSH: the line is dropped too.
                    cache_clean = !`MMU_BUG(BugCboCleanInvalidates);
                    cache_inval = `MMU_BUG(BugCboCleanInvalidates);
                  end else begin
                    answer = 1'b1;
                  end
                end
                MemCboFlush: begin
                  cache_inval = 1'b1;
                  if (cache_hit_dirty) begin
                    bus_op_d   = BusWriteBack;
                    bus_addr_d = {req_q.addr[55:6], 6'h00};
                    bus_way_d  = cache_hit_way;
                  end else begin
                    answer = 1'b1;
                  end
                end
                default: begin
                  cache_inval = 1'b1;
                  // INVAL taken for FLUSH: dirty data written back.
                  if (`MMU_BUG(BugCboInvalWritesBack) && cache_hit_dirty) begin
                    bus_op_d   = BusWriteBack;
                    bus_addr_d = {req_q.addr[55:6], 6'h00};
                    bus_way_d  = cache_hit_way;
                  end else begin
                    answer = 1'b1;
                  end
                end
              endcase
              // A CBO touching the PLRU as an access would.
              cache_touch = `MMU_BUG(BugPlruTouchedByCbo) && !cache_inval;
            end
          end
        end else if (req_q.kind == MemFence) begin
          if (wcb_valid && !`MMU_BUG(BugFenceSkipsDrain)) begin
            bus_op_d   = BusDrain;
            bus_addr_d = wcb_line_addr;
          end else begin
            answer = 1'b1;
          end
        end else if (is_main) begin  // cache_lookup
          if (!looked_q) begin
            looked_d = 1'b1;
            hit_d    = cache_hit;
          end
          if (cache_hit) begin
            answer      = 1'b1;
            cache_way   = cache_hit_way;
            cache_touch = !`MMU_BUG(BugPlruNotOnHit);
            unique case (req_q.kind)
              MemStore: begin
                cache_write = 1'b1;
                cache_wdata = req_q.wdata;
                cache_wmask = req_q.mask;
                cache_dirty = 1'b1;
              end
              MemPteCas: begin
                answer_rdata = cache_word;
                // The CAS succeeds on the hart's reservation, another hart's
                // write to the word since its read unseen.
                if (`MMU_BUG(BugCasIgnoresOtherWrites) && cas_reserved) answer_rdata = req_q.cmp;
                if (answer_rdata == req_q.cmp) begin
                  cache_write = 1'b1;
                  cache_wdata = req_q.wdata;
                  cache_wmask = 8'hff;
                  // The A/D update written, but the line left clean.
                  cache_dirty = !`MMU_BUG(BugCasHitNotDirty);
                end
              end
              default: begin  // PTE_READ, LOAD
                answer_rdata  = cache_word;
                pte_read_done = req_q.kind == MemPteRead;
                // Another agent's store right after the PTE read.
                if (poke_hits) begin
                  cache_write = 1'b1;
                  cache_wdata = poke_fire_value_q;
                  cache_wmask = 8'hff;
                  cache_dirty = 1'b1;
                  poke_done_d = 1'b1;
                end
              end
            endcase
          end else if (cache_victim_dirty && !`MMU_BUG(BugDirtyVictimDropped)) begin
            bus_op_d    = BusWriteBack;
            // The victim written back over the requested line.
            bus_addr_d  = `MMU_BUG(BugWritebackWrongAddr) ? {req_q.addr[55:6], 6'h00} :
                                                           cache_victim_addr;
            bus_way_d   = cache_victim_way;
            cache_way   = cache_victim_way;
            cache_clean = 1'b1;
          end else begin
            bus_op_d   = BusFill;
            bus_addr_d = {req_q.addr[55:6], 6'h00};
            bus_way_d  = cache_victim_way;
          end
        end else if (is_nc_store || io_as_nc) begin
          if (wcb_other_line && !`MMU_BUG(BugWcbMergeAcrossLines)) begin
            bus_op_d   = BusDrain;
            bus_addr_d = wcb_line_addr;
          end else begin
            wcb_merge  = 1'b1;
            done_fsm_d = 1'b1;
            if (wcb_merge_full) begin
              bus_op_d   = BusDrain;
              bus_addr_d = {req_q.addr[55:6], 6'h00};
            end else begin
              answer = 1'b1;
            end
          end
        end else if (is_nc_load) begin
          if (wcb_valid && !wcb_other_line && !`MMU_BUG(BugNcLoadSkipsDrain)) begin
            bus_op_d   = BusDrain;
            bus_addr_d = wcb_line_addr;
          end else begin
            bus_op_d   = BusBeatRead;
            bus_addr_d = req_q.addr;
          end
        end else begin
          // IO load or store (and nothing else reaches here).
          if (wcb_valid && !`MMU_BUG(BugIoOvertakesWcb)) begin
            bus_op_d   = BusDrain;
            bus_addr_d = wcb_line_addr;
          end else begin
            bus_op_d   = req_q.kind == MemStore ? BusBeatWrite : BusBeatRead;
            bus_addr_d = req_q.addr;
          end
        end

        if (answer) begin
          state_fsm_d = StIdle;
          rsp_valid_d = 1'b1;
          rsp_d       = '{rdata: answer_rdata, hit: hit_d};
        end else begin
          state_fsm_d = StBusReq;
        end
      end

      StBusReq, StBusWait: ;  // the bus's handshake and answer: see below

      default: state_fsm_d = StIdle;
    endcase
  end

  // The bus's handshake and answer, apart from the FSM above: logic fed by
  // the top's inputs costs Verilator an evaluation at every input change
  // instead of one per clock edge. The answer ends the transaction; DECODE
  // decides again.
  always_comb begin
    logic bus_answer;
    bus_answer = state_q == StBusWait && bus_rsp_valid_i;
    state_d    = state_fsm_d;
    if (state_q == StBusReq && bus_req_ready_i) state_d = StBusWait;
    done_d     = done_fsm_d;
    rdata_d    = state_q == StIdle ? '0 : rdata_q;
    cache_fill = 1'b0;
    wcb_clear  = 1'b0;
    if (bus_answer) begin
      state_d = StDecode;
      unique case (bus_op_q)
        BusFill:     cache_fill = 1'b1;  // into bus_way_q
        BusDrain:    wcb_clear = 1'b1;
        BusBeatRead: begin
          rdata_d = bus_rsp_rdata_i[63:0] & lane_bits(req_q.addr[2:0], req_q.size);
          // The IO load's beat read a second time.
          done_d  = !(`MMU_BUG(BugIoLoadReadTwice) && req_q.mtype == MtIo && !again_q);
        end
        BusBeatWrite: done_d = 1'b1;
        default: ;  // a write-back: the line was made clean (or invalid) in DECODE
      endcase
    end
  end

  // ---------------------------------------------------------------------------
  // Ports
  // ---------------------------------------------------------------------------

  assign req_ready_o = state_q == StIdle && !rsp_valid_q;
  assign rsp_valid_o = rsp_valid_q;
  assign rsp_o       = rsp_q;
  assign bus_hart_o  = hart_q;
  assign poke_done_o = poke_done_q;

  // The bus request, from the state (its data only while it is offered: the
  // 512-bit paths cost simulation time).
  assign cache_line_read = state_q == StBusReq && bus_op_q == BusWriteBack;
  always_comb begin
    bus_req_valid_o = state_q == StBusReq;
    bus_req_o       = '0;
    if (bus_req_valid_o) begin
      bus_req_o.addr = bus_addr_q;
      unique case (bus_op_q)
        BusFill: bus_req_o.line = 1'b1;
        BusWriteBack: begin
          bus_req_o.write = 1'b1;
          bus_req_o.line  = 1'b1;
          bus_req_o.wdata = cache_line;
          bus_req_o.mask  = '1;
        end
        BusDrain: begin
          bus_req_o.write = 1'b1;
          bus_req_o.line  = 1'b1;
          bus_req_o.wdata = wcb_data;
          // Every byte of the line written, those never stored too.
          bus_req_o.mask  = `MMU_BUG(BugWcbDrainFullMask) ? '1 : wcb_mask;
        end
        BusBeatRead: bus_req_o.size = req_q.size;
        default: begin  // BusBeatWrite
          bus_req_o.write = 1'b1;
          bus_req_o.size  = req_q.size;
          bus_req_o.wdata = {448'h0, req_q.wdata};
          bus_req_o.mask  = {56'h0, req_q.mask};
        end
      endcase
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= StIdle;
      req_q        <= '0;
      hart_q       <= '0;
      done_q       <= 1'b0;
      looked_q     <= 1'b0;
      hit_q        <= 1'b0;
      rdata_q      <= '0;
      bus_op_q     <= BusFill;
      bus_addr_q   <= '0;
      bus_way_q    <= '0;
      rsp_valid_q  <= 1'b0;
      rsp_q        <= '0;
      poke_valid_q <= 1'b0;
      poke_hart_q  <= '0;
      poke_addr_q  <= '0;
      poke_value_q <= '0;
      poke_done_q  <= 1'b0;
      poke_fire_q  <= 1'b0;
      poke_fire_value_q <= '0;
    end else begin
      state_q      <= state_d;
      req_q        <= req_d;
      hart_q       <= hart_d;
      done_q       <= done_d;
      looked_q     <= looked_d;
      hit_q        <= hit_d;
      rdata_q      <= rdata_d;
      bus_op_q     <= bus_op_d;
      bus_addr_q   <= bus_addr_d;
      bus_way_q    <= bus_way_d;
      rsp_valid_q  <= rsp_valid_d;
      rsp_q        <= rsp_d;
      poke_done_q  <= poke_done_d;
      if (poke_valid_i) begin
        poke_valid_q <= 1'b1;
        poke_hart_q  <= poke_hart_i;
        poke_addr_q  <= poke_addr_i;
        poke_value_q <= poke_value_i;
      end else if (poke_take) begin
        poke_valid_q <= 1'b0;
      end
      if (state_q == StIdle && req_valid_i) begin
        poke_fire_q       <= poke_take;
        poke_fire_value_q <= poke_value_q;
      end
    end
  end

`ifdef MMU_MUTANTS
  // ---------------------------------------------------------------------------
  // Bug-only state: in the mutant build alone
  // ---------------------------------------------------------------------------

  // An IO load's beat was read once (BugIoLoadReadTwice reads it a second time).
  logic again_q;
  // Per hart, the word of its last PTE read, kept until that hart writes it:
  // BugCasIgnoresOtherWrites lets a CAS succeed on it.
  logic [NumHarts-1:0]       resv_valid_q;
  logic [NumHarts-1:0][52:0] resv_word_q;
  logic                      cas_reserved;  // the CAS's hart holds a reservation of its word
  assign cas_reserved = resv_valid_q[hart_q] && resv_word_q[hart_q] == req_q.addr[55:3];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      again_q      <= 1'b0;
      resv_valid_q <= '0;
      resv_word_q  <= '0;
    end else begin
      if (state_q == StIdle) again_q <= 1'b0;
      else if (state_q == StBusWait && bus_rsp_valid_i && bus_op_q == BusBeatRead) again_q <= 1'b1;
      // The reservations: a hart's PTE read sets its own; its own write (or
      // a poke) drops it, another hart's write does not.
      if (`MMU_BUG(BugCasIgnoresOtherWrites)) begin
        if (pte_read_done) begin
          resv_valid_q[hart_q] <= 1'b1;
          resv_word_q[hart_q]  <= req_q.addr[55:3];
        end
        if (cache_write && (!pte_read_done || poke_done_d)) resv_valid_q[hart_q] <= 1'b0;
      end
    end
  end
`else
  // The mutant build's state has no place here: its uses are constant.
  logic again_q, cas_reserved;
  assign again_q      = 1'b0;
  assign cas_reserved = 1'b0;
  logic unused_pte_read_done;
  assign unused_pte_read_done = pte_read_done;
`endif

  // ---------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------

  logic bus_busy_q;  // the bus took a transaction and has not answered it
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bus_busy_q <= 1'b0;
    end else if (bus_req_valid_o && bus_req_ready_i) begin
      bus_busy_q <= 1'b1;
    end else if (bus_rsp_valid_i) begin
      bus_busy_q <= 1'b0;
    end
  end

  // Same-cycle checks are immediate assertions at the clock edge, "if (a)
  // assert (b)" for a |-> b: they see what a concurrent assertion samples
  // (the flops before the edge and the logic they feed) without the copy of
  // every signal it reads that Verilator makes at each evaluation.
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // One request at a time: the port offers one only while the memory
      // system is idle (the arbiter holds the port until the answer).
      if (req_valid_i) OneRequest: assert (state_q == StIdle && !rsp_valid_q);
      // The bus carries one transaction at a time, and answers only that one.
      if (bus_req_valid_o) OneBusTransaction: assert (!bus_busy_q);
      if (bus_rsp_valid_i) BusAnswerExpected: assert (bus_busy_q && state_q == StBusWait);
      // The walker's accesses are MAIN.
      if (req_valid_i && (req_i.kind == MemPteRead || req_i.kind == MemPteCas)) begin
        WalkerMain: assert (req_i.mtype == MtMain);
      end
      // IO accesses never go through the write-combining buffer: only NC
      // stores merge.
      if (wcb_merge) IoNotBuffered: assert (req_q.mtype == MtNc && req_q.kind == MemStore);
      // NC and IO accesses never look the cache up.
      if (cache_lookup) UncachedNoLookup: assert (is_main || is_cbo);
      // A line transaction is line-aligned; a single beat is naturally
      // aligned. (From the bus request's registers: bus_req_o is wide.)
      if (bus_req_valid_o && bus_op_q != BusBeatRead && bus_op_q != BusBeatWrite) begin
        LineAligned: assert (bus_addr_q[5:0] == '0);
      end
      if (bus_req_valid_o && (bus_op_q == BusBeatRead || bus_op_q == BusBeatWrite)) begin
        BeatAligned: assert ((bus_addr_q[2:0] & ((3'd1 << req_q.size) - 3'd1)) == '0);
      end
      // A drain writes the line the buffer holds.
      if (bus_req_valid_o && bus_op_q == BusDrain) begin
        DrainOwnLine: assert (wcb_valid && bus_addr_q == wcb_line_addr);
      end
      // The poke fires on a PTE read only.
      if (poke_done_d) PokeOnRead: assert (req_q.kind == MemPteRead);
    end
  end

endmodule
