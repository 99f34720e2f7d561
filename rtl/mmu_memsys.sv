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
// DECODE's decisions are functions named after model/memsys.c's: decide()
// picks decide_main, decide_cbo, decide_uncached (FENCE inline, as there);
// each takes the decision with every field at its default and returns it
// with what it decided (DESIGN.md has the table of functions).
//
// The agent port: another bus master's coherent store of one 8-byte aligned
// word. Taken at an edge while agent_wr_ready_o (one at a time), it waits
// for the memory system to be between requests (idle: a request taken at the
// same edge comes after it) and is performed at that edge, as model/memsys.c's
// mm_memsys_backdoor_write: a line the cache holds gets the word (it becomes
// dirty: the cache now owns the only copy of it; the PLRU is not touched);
// agent_wr_done_o pulses in the cycle after, with agent_wr_hit_o telling
// whether the cache held the line (if not, the store is the agent's and
// memory's: the memory system does nothing).

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

  // The agent port: another bus master's coherent store of a word
  input  logic               agent_wr_valid_i,
  output logic               agent_wr_ready_o,  // no store of the agent waits
  input  logic [55:0]        agent_wr_addr_i,   // 8-byte aligned
  input  logic [63:0]        agent_wr_data_i,
  output logic               agent_wr_done_o,   // the store was performed at the last edge
  output logic               agent_wr_hit_o     // with done: in the cached line (else memory's)
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
  logic               pte_read_done;       // a PTE read is answered now
  // The agent's store, taken and waiting for the memory system to be idle
  logic               agent_pending_q;
  logic [55:3]        agent_word_q;
  logic [63:0]        agent_data_q;
  logic               agent_done_q, agent_hit_q;
  logic               agent_do;            // it is performed at this edge

  // ---------------------------------------------------------------------------
  // The request
  // ---------------------------------------------------------------------------

  logic is_cbo, is_main;
  assign is_cbo      = req_q.kind == MemCboClean || req_q.kind == MemCboFlush ||
                       req_q.kind == MemCboInval;
  assign is_main     = req_q.mtype == MtMain;

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
    .addr_i        (agent_do ? agent_word_q : req_q.addr[55:3]),
    .lookup_i      (cache_lookup || agent_do),
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
  // DECODE's decisions (model/memsys.c's decide_* functions)
  // ---------------------------------------------------------------------------

  // The cache's lookup of the request's line, as DECODE reads it.
  typedef struct packed {
    logic            hit;
    logic [WayW-1:0] hit_way;
    logic            hit_dirty;
    logic [63:0]     word;          // the hit's word
    logic [WayW-1:0] victim_way;    // the way a fill takes
    logic            victim_dirty;
    logic [55:0]     victim_addr;
  } lookup_t;

  // The write-combining buffer, as DECODE reads it.
  typedef struct packed {
    logic        valid;
    logic [55:0] line_addr;
    logic        other_line;  // it holds a line other than the request's
    logic        merge_full;  // the request's bytes merged would fill it
  } wcb_state_t;

  // One decision: the answer with its data, or one bus transaction; and the
  // updates of the cache (on cache_way of the request's set) and the buffer
  // at the edge.
  typedef struct packed {
    logic            answer;
    logic [63:0]     rdata;
    bus_op_e         bus_op;         // the transaction, when !answer
    logic [55:0]     bus_addr;
    logic [WayW-1:0] bus_way;        // the way a write-back reads or a fill writes
    logic            done;           // the access is performed (an NC store merged)
    logic            pte_read_done;  // a PTE read is answered
    logic [WayW-1:0] cache_way;
    logic            cache_write;    // bytes cache_wmask of the word, in their lanes
    logic [63:0]     cache_wdata;
    logic [7:0]      cache_wmask;
    logic            cache_dirty, cache_touch, cache_clean, cache_inval;
    logic            wcb_merge;
  } decision_t;

  // A drain of the buffer.
  // C counterpart: model/memsys.c, drain_txn.
  function automatic decision_t drain(decision_t d, logic [55:0] line_addr);
    d.bus_op   = BusDrain;
    d.bus_addr = line_addr;
    return d;
  endfunction

  // A write-back of a dirty line.
  // C counterpart: model/memsys.c, the write-back mm_bus_txn of decide_main and decide_cbo.
  function automatic decision_t write_back(decision_t d, logic [55:0] line_addr,
                                           logic [WayW-1:0] way);
    d.bus_op   = BusWriteBack;
    d.bus_addr = line_addr;
    d.bus_way  = way;
    return d;
  endfunction

  // A main-memory access: the hit's access, or the write-back or fill its miss needs.
  // C counterpart: model/memsys.c, decide_main.
  function automatic decision_t decide_main(decision_t d, mem_req_t req, lookup_t c);
    if (c.hit) begin
      d.answer      = 1'b1;
      d.cache_way   = c.hit_way;
      d.cache_touch = !`MMU_BUG(BugPlruNotOnHit);
      unique case (req.kind)
        MemStore: begin
          d.cache_write = 1'b1;
          d.cache_wdata = req.wdata;
          d.cache_wmask = req.mask;
          d.cache_dirty = 1'b1;
        end
        MemPteCas: begin
          d.rdata = c.word;
          // The CAS succeeds on the hart's reservation, another hart's
          // write to the word since its read unseen.
          if (`MMU_BUG(BugCasIgnoresOtherWrites) && cas_reserved) d.rdata = req.cmp;
          if (d.rdata == req.cmp) begin
            d.cache_write = 1'b1;
            d.cache_wdata = req.wdata;
            d.cache_wmask = 8'hff;
            // The A/D update written, but the line left clean.
            d.cache_dirty = !`MMU_BUG(BugCasHitNotDirty);
          end
        end
        default: begin  // PTE_READ, LOAD
          d.rdata         = c.word;
          d.pte_read_done = req.kind == MemPteRead;
        end
      endcase
    end else if (c.victim_dirty && !`MMU_BUG(BugDirtyVictimDropped)) begin
      // The victim written back over the requested line.
      d = write_back(d, `MMU_BUG(BugWritebackWrongAddr) ? {req.addr[55:6], 6'h00} : c.victim_addr,
                     c.victim_way);
      d.cache_way   = c.victim_way;
      d.cache_clean = 1'b1;
    end else begin
      d.bus_op   = BusFill;
      d.bus_addr = {req.addr[55:6], 6'h00};
      d.bus_way  = c.victim_way;
    end
    return d;
  endfunction

  // A CBO: the buffer drained first; CLEAN writes a dirty line back, FLUSH also invalidates it,
  // INVAL drops it.
  // C counterpart: model/memsys.c, decide_cbo.
  function automatic decision_t decide_cbo(decision_t d, mem_req_t req, lookup_t c, wcb_state_t w);
    logic write_line;  // the hit's line is written back
    if (w.valid) begin
      d = drain(d, w.line_addr);
    end else begin
      d.cache_way = c.hit_way;
      if (!c.hit) begin
        d.answer = 1'b1;
      end else begin
        // A dirty line is written back but by INVAL (INVAL taken for FLUSH: by it too).
        write_line    = c.hit_dirty && (req.kind != MemCboInval || `MMU_BUG(BugCboInvalWritesBack));
        // CLEAN keeps the line, clean (CLEAN taken for FLUSH: the line is dropped too).
        d.cache_clean = req.kind == MemCboClean && c.hit_dirty && !`MMU_BUG(BugCboCleanInvalidates);
        d.cache_inval = req.kind != MemCboClean ||
                        (c.hit_dirty && `MMU_BUG(BugCboCleanInvalidates));
        if (write_line) begin
          d = write_back(d, {req.addr[55:6], 6'h00}, c.hit_way);
        end else begin
          d.answer = 1'b1;
        end
        // A CBO touching the PLRU as an access would.
        d.cache_touch = `MMU_BUG(BugPlruTouchedByCbo) && !d.cache_inval;
      end
    end
    return d;
  endfunction

  // An NC store merged in the buffer, an NC load or an IO access as one bus beat, the buffer
  // drained first where it must be.
  // C counterpart: model/memsys.c, decide_uncached.
  function automatic decision_t decide_uncached(decision_t d, mem_req_t req, wcb_state_t w);
    logic io_as_nc;
    // An IO store combined in the buffer, as if it were NC.
    io_as_nc = `MMU_BUG(BugIoStoreCombined) && req.mtype == MtIo && req.kind == MemStore;
    if ((req.mtype == MtNc && req.kind == MemStore) || io_as_nc) begin
      if (w.other_line && !`MMU_BUG(BugWcbMergeAcrossLines)) begin
        d = drain(d, w.line_addr);
      end else begin
        d.wcb_merge = 1'b1;
        d.done      = 1'b1;
        if (w.merge_full) begin
          d.bus_op   = BusDrain;
          d.bus_addr = {req.addr[55:6], 6'h00};
        end else begin
          d.answer = 1'b1;
        end
      end
    end else if (req.mtype == MtNc && req.kind == MemLoad) begin
      if (w.valid && !w.other_line && !`MMU_BUG(BugNcLoadSkipsDrain)) begin
        d = drain(d, w.line_addr);
      end else begin
        d.bus_op   = BusBeatRead;
        d.bus_addr = req.addr;
      end
    end else begin
      // IO load or store (and nothing else reaches here).
      if (w.valid && !`MMU_BUG(BugIoOvertakesWcb)) begin
        d = drain(d, w.line_addr);
      end else begin
        d.bus_op   = req.kind == MemStore ? BusBeatWrite : BusBeatRead;
        d.bus_addr = req.addr;
      end
    end
    return d;
  endfunction

  // DECODE: one decision on the current state; FENCE drains the buffer.
  // C counterpart: model/memsys.c, decide.
  function automatic decision_t decide(decision_t d, mem_req_t req, logic done,
                                       logic [63:0] beat_rdata, lookup_t c, wcb_state_t w);
    if (done) begin
      d.answer = 1'b1;
      d.rdata  = beat_rdata;
    end else if (req.kind == MemCboClean || req.kind == MemCboFlush ||
                 req.kind == MemCboInval) begin
      d = decide_cbo(d, req, c, w);
    end else if (req.kind == MemFence) begin
      if (w.valid && !`MMU_BUG(BugFenceSkipsDrain)) begin
        d = drain(d, w.line_addr);
      end else begin
        d.answer = 1'b1;
      end
    end else if (req.mtype == MtMain) begin
      d = decide_main(d, req, c);
    end else begin
      d = decide_uncached(d, req, w);
    end
    return d;
  endfunction

  // Another bus master's coherent store of a word: into the line if the cache holds it, which
  // becomes dirty.
  // C counterpart: model/memsys.c, mm_memsys_backdoor_write.
  function automatic decision_t agent_write(decision_t d, lookup_t c, logic [63:0] data);
    if (c.hit) begin
      d.cache_way   = c.hit_way;
      d.cache_write = 1'b1;
      d.cache_wdata = data;
      d.cache_wmask = 8'hff;
      d.cache_dirty = 1'b1;
    end
    return d;
  endfunction

  // ---------------------------------------------------------------------------
  // FSM
  // ---------------------------------------------------------------------------

  // DECODE looks the request's line up for MAIN accesses and for CBOs (once
  // the buffer is empty); apart from the FSM, which reads the lookup.
  assign cache_lookup = state_q == StDecode && !done_q &&
                        ((is_main && !is_cbo && req_q.kind != MemFence) || (is_cbo && !wcb_valid));

  assign agent_do = agent_pending_q && state_q == StIdle;

  // The FSM's next state and registers but for a bus answer (see below)
  memsys_state_e state_fsm_d;
  logic          done_fsm_d;

  lookup_t    look;
  wcb_state_t wcb_state;
  assign look      = '{hit: cache_hit, hit_way: cache_hit_way, hit_dirty: cache_hit_dirty,
                       word: cache_word, victim_way: cache_victim_way,
                       victim_dirty: cache_victim_dirty, victim_addr: cache_victim_addr};
  assign wcb_state = '{valid: wcb_valid, line_addr: wcb_line_addr, other_line: wcb_other_line,
                       merge_full: wcb_merge_full};

  always_comb begin
    decision_t dec;

    state_fsm_d = state_q;
    req_d       = req_q;
    hart_d      = hart_q;
    looked_d    = looked_q;
    hit_d       = hit_q;
    rsp_valid_d = 1'b0;
    rsp_d       = rsp_q;
    dec         = '{answer: 1'b0, rdata: '0, bus_op: bus_op_q, bus_addr: bus_addr_q,
                    bus_way: bus_way_q, done: done_q, pte_read_done: 1'b0, cache_way: bus_way_q,
                    cache_write: 1'b0, cache_wdata: '0, cache_wmask: '0, cache_dirty: 1'b0,
                    cache_touch: 1'b0, cache_clean: 1'b0, cache_inval: 1'b0, wcb_merge: 1'b0};

    unique case (state_q)
      StIdle: begin
        // The agent's store, between two requests.
        if (agent_do) dec = agent_write(dec, look, agent_data_q);
        if (req_valid_i) begin
          req_d       = req_i;
          hart_d      = req_hart_i;
          dec.done    = 1'b0;
          looked_d    = 1'b0;
          hit_d       = 1'b0;
          state_fsm_d = StDecode;
        end
      end

      StDecode: begin
        // The first lookup's hit is the answer's.
        // C counterpart: model/memsys.c, lookup.
        if (cache_lookup && !looked_q) begin
          looked_d = 1'b1;
          hit_d    = cache_hit;
        end
        dec = decide(dec, req_q, done_q, rdata_q, look, wcb_state);
        if (dec.answer) begin
          state_fsm_d = StIdle;
          rsp_valid_d = 1'b1;
          rsp_d       = '{rdata: dec.rdata, hit: hit_d};
        end else begin
          state_fsm_d = StBusReq;
        end
      end

      StBusReq, StBusWait: ;  // the bus's handshake and answer: see below

      default: state_fsm_d = StIdle;
    endcase

    done_fsm_d    = dec.done;
    bus_op_d      = dec.bus_op;
    bus_addr_d    = dec.bus_addr;
    bus_way_d     = dec.bus_way;
    pte_read_done = dec.pte_read_done;
    cache_way     = dec.cache_way;
    cache_write   = dec.cache_write;
    cache_wdata   = dec.cache_wdata;
    cache_wmask   = dec.cache_wmask;
    cache_dirty   = dec.cache_dirty;
    cache_touch   = dec.cache_touch;
    cache_clean   = dec.cache_clean;
    cache_inval   = dec.cache_inval;
    wcb_merge     = dec.wcb_merge;
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
  assign agent_wr_ready_o = !agent_pending_q;
  assign agent_wr_done_o  = agent_done_q;
  assign agent_wr_hit_o   = agent_hit_q;

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
      agent_pending_q <= 1'b0;
      agent_word_q <= '0;
      agent_data_q <= '0;
      agent_done_q <= 1'b0;
      agent_hit_q  <= 1'b0;
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
      if (agent_wr_valid_i && agent_wr_ready_o) begin
        agent_pending_q <= 1'b1;
        agent_word_q    <= agent_wr_addr_i[55:3];
        agent_data_q    <= agent_wr_data_i;
      end else if (agent_do) begin
        agent_pending_q <= 1'b0;
      end
      agent_done_q <= agent_do;
      agent_hit_q  <= agent_do && cache_hit;
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
      // the agent's store, between requests: the last one's hart's) drops
      // it, another hart's write does not.
      if (`MMU_BUG(BugCasIgnoresOtherWrites)) begin
        if (pte_read_done) begin
          resv_valid_q[hart_q] <= 1'b1;
          resv_word_q[hart_q]  <= req_q.addr[55:3];
        end
        if (cache_write && !pte_read_done) resv_valid_q[hart_q] <= 1'b0;
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
      // The agent stores one word at a time, 8-byte aligned.
      if (agent_wr_valid_i) begin
        AgentOneAtATime: assert (agent_wr_ready_o && agent_wr_addr_i[2:0] == '0);
      end
    end
  end

endmodule
