`include "mmu_bug.svh"

// A hart's page-table walker: the architectural walk of model/walk.c for
// Sv39 and Sv48, and the two-stage walk of the H extension where every
// VS-stage PTE address is first translated by the G-stage (Sv39x4/Sv48x4),
// with Svnapot, Svpbmt and Svadu. It makes the same memory accesses as the
// model, in the same order: PTE reads and A/D write-backs, one at a time.
// An A/D write-back is an atomic compare-and-swap against the PTE the update
// was computed from; if the memory answers that the PTE has changed since,
// the translation starts again from step 1 of the first stage (without a TLB
// lookup), and its accesses follow in the same walk.
//
// Timing: the walk starts the cycle after start_i. Each memory access is
// issued in the cycle after the previous one's response (or in the first
// cycle), and done_o comes in the cycle after the last response, so a walk
// of n accesses holds done_o at cycle 1 + sum of (T_k + 1) after start_i
// when the memory system answers access k after T_k cycles and the port is
// free. Its accesses are MAIN 8-byte PTE reads and compare-and-swaps. n counts every
// access, failed compare-and-swaps and a restart's too: a restart issues its
// first access in the cycle after the failed one's response, as any other.
//
// The choices where the specification leaves room are the model's (see
// model/walk.h): the G-stage leaf mapping a VS-stage table page is
// remembered (the "holder") and, before the VS leaf's A/D write, re-checked
// as a store and its D set; implicit VS-table reads set the G-stage A bit,
// never apply MXR; all VS-stage checks complete before the final G-stage
// walk; henvcfg's ADUE and PBMTE read as zero while menvcfg's are clear.

module mmu_ptw
  import mmu_pkg::*;
(
  input  logic        clk_i,
  input  logic        rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  // Walk request from the hart, taken when idle
  input  logic        start_i,
  input  access_req_t req_i,
  input  mmu_csr_t    csr_i,

  // Outcome, valid in the single cycle done_o is high
  output logic        done_o,
  output logic        ok_o,
  output cause_e      cause_o,        // when !ok_o
  output logic [63:0] fault_gpa_o,    // guest-page faults; else 0
  output logic [55:0] pa_o,           // when ok_o
  output pbmt_e       pbmt_o,         // when ok_o
  // What the TLB keeps (when ok_o)
  output page_size_e  size_o,         // the smaller of the two stages' page sizes
  output logic        global_o,       // a G bit on the single-/VS-stage path
  output pte_flags_t  leaf_flags_o,   // single-/VS-stage leaf after A/D; 0: Bare
  output pte_flags_t  gleaf_flags_o,  // G-stage leaf of the final address; 0: Bare
  output logic [55:0] gpa_o,          // guest physical address of the access

  // Memory-system port: PTE reads and compare-and-swaps
  output logic        mem_req_valid_o,
  input  logic        mem_req_ready_i,
  output mem_req_t    mem_req_o,
  input  logic        mem_rsp_valid_i,
  input  logic [63:0] mem_rsp_rdata_i
);

  // ---------------------------------------------------------------------------
  // The translation process (privileged spec 4.3.2, step numbers as in
  // model/walk.c), run once per stage; for the VS-stage, the address of step
  // 2 is a guest physical address that the G-stage translates first.
  //
  //  1. Let a be the root table's address (satp.ppn x PAGESIZE; for the
  //     G-stage hgatp.ppn with its low two bits clear, and a root index two
  //     bits wider), and i = LEVELS - 1. Before it: a VA whose bits above
  //     the mode's width are not all equal to the top bit, or a GPA wider
  //     than the x4 mode's, faults.
  //  2. Let pte be the PTE at a + va.vpn[i] x PTESIZE.
  //  3. If pte.v = 0, or pte.r = 0 and pte.w = 1, or any reserved bit or
  //     encoding is set (bits 60:54, PBMT = 3, PBMT != 0 without PBMTE),
  //     stop with a page fault.
  //  4. If pte.r = 1 or pte.x = 1, go to step 5. Otherwise pte points to
  //     the next level (its A, D, U, N and PBMT are reserved): i = i - 1;
  //     if i < 0 stop with a page fault, else a = pte.ppn x PAGESIZE and go
  //     to step 2.
  //  5. A leaf. Svnapot: N only at i = 0 with ppn[3:0] = 1000 (a 64 KiB page).
  //  6. If the access is not allowed by pte.r/w/x/u with the privilege,
  //     SUM and MXR, stop with a page fault.
  //  7. If i > 0 and pte.ppn[i-1:0] != 0, a misaligned superpage: fault.
  //  8. If pte.a = 0, or the access is a store and pte.d = 0: with Svade
  //     fault; with Svadu write the PTE with A (and D for a store) set,
  //     atomically: a compare-and-swap against pte. If the PTE no longer
  //     equals pte, nothing is written and the translation restarts at
  //     step 1 (of the VS-stage in a two-stage walk).
  //  9. Success: pa.ppn[LEVELS-1:i] = pte.ppn[LEVELS-1:i], the rest of the
  //     address (page offset, superpage low bits) comes from va.
  // A G-stage fault is a guest-page fault that reports the GPA.
  //
  // The FSM's states follow those steps; steps 3 to 7 take one cycle, in
  // which the next memory access (or the outcome) is chosen.
  // ---------------------------------------------------------------------------

  typedef enum logic [2:0] {
    StIdle,      // no walk
    StStep1,     // step 1: address checks, the root, the first PTE address
    StBusWait,   // the shared bus has not taken our request yet
    StStep2,     // step 2: a PTE read is in flight
    StStep3To7,  // steps 3 to 7 on the PTE just read; then step 2, 8 or 9
    StStep8,     // step 8: an A/D write-back is in flight
    StStep8Done  // step 8 done; then step 9, the write the first one needed, or,
                 // if the compare-and-swap failed, step 1 again
  } ptw_state_e;

  // What the access in flight (or just finished) is for.
  typedef enum logic [2:0] {
    OpFirstRead,    // a PTE of the single-/VS-stage, level lvl_q
    OpGTableRead,   // a G-stage PTE, translating a VS-stage PTE's address
    OpGFinalRead,   // a G-stage PTE, translating the final GPA
    OpFirstWrite,   // A/D of the single-/VS-stage leaf
    OpGTableWrite,  // A of the G-stage leaf of a VS-stage table page
    OpHolderWrite,  // D of that leaf, before the VS-stage leaf's A/D write
    OpGFinalWrite   // A/D of the G-stage leaf of the final GPA
  } ptw_op_e;

  ptw_state_e  state_q, state_d;
  ptw_state_e  state_decided;            // state_d unless the bus handshake decides
  ptw_op_e     op_q, op_d;
  mem_req_t    mem_req_q, mem_req_d;       // the request, while the bus is busy
  access_req_t req_q, req_d;               // the access being translated
  pte_t        pte_q, pte_d;               // the PTE just read (a write's answer is not kept)
  logic        cas_failed_q, cas_failed_d; // the write just answered found another PTE
  // Single-/VS-stage walk
  logic [1:0]  lvl_q, lvl_d;               // i
  logic [55:0] table_q, table_d;           // a (a GPA for the VS-stage)
  logic [55:0] first_pte_pa_q, first_pte_pa_d;  // physical address of its PTE at lvl_q
  logic        global_q, global_d;
  pte_t        leaf_q, leaf_d;             // its leaf after A/D; 0 until found
  page_size_e  leaf_size_q, leaf_size_d;
  logic [55:0] gpa_q, gpa_d;               // its output: the guest physical address
  // G-stage walk (of a VS-stage PTE address, or of the final GPA)
  logic [1:0]  glvl_q, glvl_d;
  logic [63:0] gaddr_q, gaddr_d;           // the GPA being translated
  logic [55:0] gpte_pa_q, gpte_pa_d;       // address of its PTE at glvl_q
  pte_t        gleaf_q, gleaf_d;           // its leaf after A/D; 0 until found
  page_size_e  gleaf_size_q, gleaf_size_d;
  // The G-stage leaf that maps the page of the current VS-stage PTE
  pte_t        holder_q, holder_d;
  logic [55:0] holder_pa_q, holder_pa_d;
  pte_t        holder_cmp_q, holder_cmp_d;  // that leaf as memory holds it: as read, or written

  // ---------------------------------------------------------------------------
  // Stage configuration (decode_vm_info)
  // ---------------------------------------------------------------------------

  typedef struct packed {
    logic        on;     // Sv39 or Sv48 (x4 for the G-stage); else Bare
    logic        sv48;
    logic [1:0]  top;    // LEVELS - 1
    logic [55:0] root;   // the root table's address (a GPA for the VS-stage)
    logic        pbmte;  // PBMT may be nonzero
    logic        adue;   // hardware A/D update; else A/D faults
  } stage_config_t;

  // A stage's walk from its atp and its envcfg bits: decode_vm_info.
  // C counterpart: model/walk.c, stage_config_of.
  function automatic stage_config_t stage_config_of(atp_mode_e mode, logic [43:0] ppn,
                                                    logic g_stage, logic pbmte, logic adue);
    stage_config_t cfg;
    cfg.on    = mode == ModeSv39 || mode == ModeSv48;
    cfg.sv48  = mode == ModeSv48;
    cfg.top   = cfg.sv48 ? 2'd3 : 2'd2;
    // The G-stage's root is 16 KiB aligned: hgatp.ppn's low two bits read as zero.
    cfg.root  = g_stage ? {ppn[43:2], 2'b00, 12'h000} : {ppn, 12'h000};
    cfg.pbmte = pbmte;
    cfg.adue  = adue;
    return cfg;
  endfunction

  stage_config_t first_cfg, g_cfg;
  logic        first_on, first_sv48, first_pbmte, first_adue;
  logic        g_on, g_sv48, g_pbmte, g_adue;
  logic [1:0]  first_top, g_top;
  logic [55:0] first_root, g_root;
  logic        sum, mxr_first, mxr_g, store;

  // henvcfg's bits read as zero while menvcfg's are clear.
  assign first_cfg   = stage_config_of(req_q.virt ? csr_i.vsatp.mode : csr_i.satp.mode,
                                       req_q.virt ? csr_i.vsatp.ppn : csr_i.satp.ppn, 1'b0,
                                       csr_i.menvcfg_pbmte && (!req_q.virt || csr_i.henvcfg_pbmte),
                                       csr_i.menvcfg_adue && (!req_q.virt || csr_i.henvcfg_adue));
  assign g_cfg       = stage_config_of(csr_i.hgatp.mode, csr_i.hgatp.ppn, 1'b1, csr_i.menvcfg_pbmte,
                                       csr_i.menvcfg_adue);
  assign first_on    = first_cfg.on;
  assign first_sv48  = first_cfg.sv48;
  assign first_top   = first_cfg.top;
  assign first_root  = first_cfg.root;
  assign first_pbmte = first_cfg.pbmte;
  assign first_adue  = first_cfg.adue;

  assign g_on    = req_q.virt && g_cfg.on;
  assign g_sv48  = g_cfg.sv48;
  assign g_top   = g_cfg.top;
  assign g_root  = g_cfg.root;
  assign g_pbmte = g_cfg.pbmte;
  assign g_adue  = g_cfg.adue;

  assign sum       = req_q.virt ? csr_i.vsstatus_sum : csr_i.mstatus_sum;
  assign mxr_first = csr_i.mstatus_mxr || (req_q.virt && csr_i.vsstatus_mxr);
  assign mxr_g     = csr_i.mstatus_mxr;
  assign store     = req_q.access == AccStore;

  // hgatp bits 59:58 (VMID's upper bits), the ASIDs and the rest of the CSRs
  // belong to the TLB's tag.
  logic unused_csr;
  assign unused_csr = ^{csr_i.satp.id, csr_i.vsatp.id, csr_i.hgatp.id, csr_i.hgatp.ppn[1:0]};
  // The data operation is the hart's, after the walk.
  logic unused_data_op;
  assign unused_data_op = ^{req_q.data_op, req_q.size, req_q.wdata};

  // ---------------------------------------------------------------------------
  // Address arithmetic
  // ---------------------------------------------------------------------------

  // vpn[lvl] of an address given as bits 47:12.
  function automatic logic [8:0] vpn_at(logic [47:12] vpn, logic [1:0] lvl);
    unique case (lvl)
      2'd0:    return vpn[20:12];
      2'd1:    return vpn[29:21];
      2'd2:    return vpn[38:30];
      default: return vpn[47:39];
    endcase
  endfunction

  // Step 2's address: a + vpn[i] x 8, the index 11 bits at a G-stage root.
  // C counterpart: model/walk.c, walk_stage's pte_gpa.
  function automatic logic [55:0] pte_addr(logic [55:0] table_pa, logic [10:0] idx);
    return table_pa + {42'h0, idx, 3'b000};
  endfunction

  // Step 2's address below the root: a + va.vpn[i] x 8.
  // C counterpart: model/walk.c, walk_stage's pte_gpa.
  function automatic logic [55:0] pte_addr_at(logic [55:0] table_pa, logic [47:12] vpn,
                                              logic [1:0] lvl);
    return pte_addr(table_pa, {2'b00, vpn_at(vpn, lvl)});
  endfunction

  // A G-stage root index has two more bits (a GPA given as bits 49:30).
  function automatic logic [10:0] groot_idx(logic [49:30] gpn, logic sv48);
    return sv48 ? gpn[49:39] : gpn[40:30];
  endfunction

  // Bits 63:VABITS all equal bit VABITS-1.
  // C counterpart: model/walk.c, walk_stage's address check.
  function automatic logic va_canonical(logic [63:38] va, logic sv48);
    if (sv48) return &va[63:47] || !(|va[63:47]);
    return &va[63:38] || !(|va[63:38]);
  endfunction

  // A guest physical address is VABITS + 2 wide.
  // C counterpart: model/walk.c, walk_stage's address check of the G-stage.
  function automatic logic gpa_fits(logic [63:40] gpa, logic sv48);
    if (sv48) return `MMU_BUG(BugGstageWidth40) ? gpa[63:49] == '0 : gpa[63:50] == '0;
    return `MMU_BUG(BugGstageWidth40) ? gpa[63:40] == '0 : gpa[63:41] == '0;
  endfunction

  // Step 9: the leaf's PPN above the page size, the address below it.
  // C counterpart: model/walk.c, walk_stage's step 9.
  // The address is given as its bits 38:0, all a page offset can take.
  function automatic logic [55:0] leaf_out(logic [43:0] leaf_ppn, page_size_e size,
                                           logic [38:0] addr);
    logic [43:0] ppn;
    logic [55:0] out;
    ppn = leaf_ppn;
    if (`MMU_BUG(BugPpnTruncated40)) ppn[43:40] = 4'h0;
    out = ({ppn, 12'h000} & ~offset_mask(size)) | ({17'h0, addr} & offset_mask(size));
    if (`MMU_BUG(BugNapotWrongVaBits) && size == Page64K) out[15:12] = addr[16:13];
    return out;
  endfunction

  // A PTE read, and step 8's compare-and-swap of old_pte by new_pte: 8 bytes
  // of main memory, wherever they are (the walker's accesses are MAIN).
  // Step 2's read. C counterpart: model/walk.c, pte_read.
  function automatic mem_req_t pte_read(logic [55:0] addr);
    return '{kind: MemPteRead, mtype: MtMain, addr: addr, size: 2'd3, wdata: 64'h0, mask: 8'h00,
             cmp: 64'h0};
  endfunction

  // Step 8's atomic A/D update.
  // C counterpart: model/walk.c, pte_update.
  function automatic mem_req_t pte_cas(logic [55:0] addr, pte_t old_pte, pte_t new_pte);
    return '{kind: MemPteCas, mtype: MtMain, addr: addr, size: 2'd3, wdata: new_pte, mask: 8'h00,
             cmp: old_pte};
  endfunction

  // ---------------------------------------------------------------------------
  // Steps 3, 4, 5 and 7 on one PTE
  // ---------------------------------------------------------------------------

  typedef struct packed {
    logic       fault;
    logic       leaf;
    page_size_e size;
  } pte_check_t;

  // Steps 3, 4, 5 and 7: the PTE's checks, leaf or pointer, page size.
  // C counterpart: model/walk.c, walk_stage's steps 3 to 7.
  function automatic pte_check_t pte_check(pte_t pte, logic [1:0] lvl, logic pbmte);
    pte_check_t c;
    logic [26:0] low_ppn;
    logic        unused_rsw;
    unused_rsw = ^pte.rsw;  // bits for software
    c.fault = 1'b0;
    c.leaf  = pte.flags.r || pte.flags.x;
    c.size  = Page4K;
    // Step 3: invalid, W without R, reserved bits, reserved or disabled PBMT.
    if (!pte.flags.v || (pte.flags.w && !pte.flags.r) || pte.rsvd != '0) c.fault = 1'b1;
    if (pte.pbmt == PbmtRsvd ||
        (pte.pbmt != PbmtPma && !pbmte && !`MMU_BUG(BugPbmtIgnoresPbmte))) c.fault = 1'b1;
    if (!c.leaf) begin
      // Step 4: a pointer; A, D, U, N and PBMT are reserved, level 0 has no next.
      if (pte.flags.a || pte.flags.d || (pte.flags.u && !`MMU_BUG(BugNonleafUUnchecked)) || pte.n ||
          pte.pbmt != PbmtPma || lvl == 2'd0) c.fault = 1'b1;
    end else begin
      // Step 5: the page size; Svnapot only at level 0 with ppn[3:0] = 1000.
      unique case (lvl)
        2'd0:    c.size = Page4K;
        2'd1:    c.size = Page2M;
        2'd2:    c.size = Page1G;
        default: c.size = Page512G;
      endcase
      if (pte.n) begin
        if (lvl != 2'd0 || pte.ppn[3:0] != 4'b1000) c.fault = 1'b1;
        c.size = Page64K;
      end
      // Step 7: a superpage's low PPN bits must be zero.
      unique case (lvl)
        2'd0:    low_ppn = '0;
        2'd1:    low_ppn = {18'h0, pte.ppn[8:0]};
        2'd2:    low_ppn = {9'h0, pte.ppn[17:0]};
        default: low_ppn = pte.ppn[26:0];
      endcase
      if (low_ppn != '0 && !`MMU_BUG(BugMisalignedSuperpageUnchecked)) c.fault = 1'b1;
    end
    return c;
  endfunction

  // ---------------------------------------------------------------------------
  // Steps 6 and 8 on a leaf
  // ---------------------------------------------------------------------------

  typedef struct packed {
    logic fault;  // step 6 denies the access, or step 8 needs a write without Svadu
    logic write;  // step 8: a compare-and-swap of the PTE as read by leaf
    pte_t leaf;   // the leaf after A/D (unless fault)
  } leaf_access_t;

  // Steps 6 and 8: the permission check's verdict, then the A/D update, written or not.
  // C counterpart: model/walk.c, leaf_access.
  function automatic leaf_access_t leaf_access(pte_t pte, logic allowed, logic is_store,
                                               logic adue);
    leaf_access_t r;
    logic need_a, need_d, skip_write;
    pte_t upd;  // pte with A (and D for a store) set
    need_a     = !pte.flags.a;
    need_d     = is_store && !pte.flags.d;
    skip_write = `MMU_BUG(BugMissedAWriteback) && !need_d;
    upd         = pte;
    upd.flags.a = 1'b1;
    if (is_store && !`MMU_BUG(BugDNotSetOnStore)) upd.flags.d = 1'b1;
    r = '{fault: 1'b0, write: 1'b0, leaf: pte};
    if (!allowed) begin
      r.fault = 1'b1;
    end else if ((!need_a && !need_d) || skip_write) begin
      r.leaf = need_a ? upd : pte;
    end else if (!adue) begin
      r.fault = 1'b1;
    end else begin
      r.write = 1'b1;
      r.leaf  = upd;
    end
    return r;
  endfunction

  // Writing a VS-stage PTE is an implicit store to its page: the page's G-stage leaf (the holder)
  // checked as a store, its A and D set.
  // C counterpart: model/walk.c, leaf_access of the holder.
  function automatic leaf_access_t holder_access(pte_t holder, logic adue);
    leaf_access_t r;
    r = '{fault: 1'b0, write: 1'b0, leaf: holder};
    if (!gleaf_allows(holder.flags.u, holder.flags.r, holder.flags.w, holder.flags.x, AccStore,
                      1'b0, 1'b0)) begin
      r.fault = 1'b1;
    end else if (holder.flags.a && holder.flags.d) begin
      r.write = 1'b0;
    end else if (!adue) begin
      r.fault = 1'b1;
    end else begin
      r.write        = 1'b1;
      r.leaf.flags.a = 1'b1;
      r.leaf.flags.d = 1'b1;
    end
    return r;
  endfunction

  typedef struct packed {
    logic        fault;   // the GPA is too wide: a guest-page fault
    logic [55:0] pte_pa;  // else its root PTE's address
  } g_start_t;

  // A G-stage walk's start: the GPA's width, then step 2's address in the root table.
  // C counterpart: model/walk.c, walk_stage's address check and step 1, G-stage.
  // The GPA is given as its bits 63:30, all the width check and the root index read.
  function automatic g_start_t g_walk_start(logic [63:30] gpa, logic [55:0] root, logic sv48);
    g_start_t r;
    r.fault  = !gpa_fits(gpa[63:40], sv48);
    r.pte_pa = pte_addr(root, groot_idx(gpa[49:30], sv48));
    return r;
  endfunction

  // ---------------------------------------------------------------------------
  // The walk's decisions (model/walk.c's functions)
  //
  // One cycle decides what follows a memory access (or the walk's start):
  // one memory request, a fault or success, and the registers' next values.
  // The model's walk is a recursion (translate_once calls walk_stage, whose
  // step 2 of the VS-stage calls walk_stage of the G-stage); here each step
  // is a function that ends in the next step's function, as far as the next
  // memory access, so the calls made in one cycle are the model's path from
  // one of its accesses to the next. The functions are called from the FSM's
  // always_comb only: they read the registers (the _q signals) and the
  // stages' configuration, and write the registers' next values (the _d
  // signals) and the cycle's outcome below, as walk.c's functions write
  // through their walker. (A decision struct passed by value through the
  // calls read as well, but Verilator copied all of it at every call: the
  // RTL ran 20 % slower.)
  // ---------------------------------------------------------------------------

  // The cycle's outcome
  logic        issue;             // a memory request: issue_req (mem_req_d), for op_d
  mem_req_t    issue_req;
  logic        finish_ok, finish_fault, fault_guest;
  logic [63:0] fault_addr;        // the GPA a guest-page fault reports
  logic [55:0] finish_pa;

  logic        is_gread;          // the PTE just read is a G-stage PTE
  logic        nested;            // the G-stage walk translates a VS-stage PTE's address
  logic [55:0] first_pte_gpa;     // address of the single-/VS-stage PTE at lvl_q

  assign is_gread      = op_q == OpGTableRead || op_q == OpGFinalRead;
  assign nested        = op_q == OpGTableRead || op_q == OpGTableWrite;
  assign first_pte_gpa = pte_addr_at(table_q, req_q.va[47:12], lvl_q);

  // The walk ends with a page fault.
  // C counterpart: model/walk.c, stage_fault of the single-/VS-stage.
  function automatic void page_fault();
    state_decided = StIdle;
    finish_fault  = 1'b1;
  endfunction

  // The walk ends with a guest-page fault, which reports the GPA.
  // C counterpart: model/walk.c, stage_fault of the G-stage.
  function automatic void guest_page_fault(logic [63:0] gpa);
    state_decided = StIdle;
    finish_fault  = 1'b1;
    fault_guest   = 1'b1;
    fault_addr    = gpa;
  endfunction

  // The walk ends with the physical address.
  // C counterpart: model/walk.c, translate_once's success (out->ok, out->pa).
  function automatic void translated(logic [55:0] pa);
    state_decided = StIdle;
    finish_ok     = 1'b1;
    finish_pa     = pa;
  endfunction

  // A memory access (op: what it is for).
  // C counterpart: model/walk.c, port_access (through pte_read or pte_update).
  function automatic void access(mem_req_t req, ptw_op_e op);
    issue     = 1'b1;
    issue_req = req;
    mem_req_d = req;
    op_d      = op;
  endfunction

  // The translation from the start: no leaf found yet, no G bit seen.
  // C counterpart: model/walk.c, translate_once's reset of its outcome.
  function automatic void outcome_reset();
    global_d = 1'b0;
    leaf_d   = '0;
    gleaf_d  = '0;
  endfunction

  // A walk taken: step 1 in the next cycle.
  // C counterpart: model/walk.c, mm_walk_run and translate_once's reset of its outcome.
  function automatic void walk_start(access_req_t req);
    req_d         = req;
    state_decided = StStep1;
    outcome_reset();
  endfunction

  // Step 9 of a G-stage walk. Of a VS-stage PTE's address: that PTE's read at
  // the physical address, its page's G-stage leaf remembered as the holder
  // (compared, at its write, as memory holds it: as written or as read). Of
  // the final GPA: the walk's end.
  // C counterpart: model/walk.c, walk_stage's step 9 of the G-stage; then the
  // VS-stage walk_stage's pte_read, or translate_once's success.
  function automatic void g_done();
    if (nested) begin
      holder_d       = gleaf_d;
      holder_pa_d    = gpte_pa_q;
      holder_cmp_d   = op_q == OpGTableWrite ? gleaf_q : pte_q;
      first_pte_pa_d = leaf_out(gleaf_d.ppn, gleaf_size_d, gaddr_q[38:0]);
      access(pte_read(first_pte_pa_d), OpFirstRead);
    end else begin
      translated(leaf_out(gleaf_d.ppn, gleaf_size_d, gaddr_q[38:0]));
    end
  endfunction

  // A G-stage walk of gpa (is_final: the access's own GPA; else a VS-stage
  // PTE's address): the GPA's width, step 1, the root PTE's read.
  // C counterpart: model/walk.c, walk_stage's address check and steps 1 and 2, G-stage.
  function automatic void g_start(logic [63:0] gpa, logic is_final);
    g_start_t gs;
    gs = g_walk_start(gpa[63:30], g_root, g_sv48);
    if (gs.fault) begin
      guest_page_fault(gpa);
    end else begin
      gaddr_d   = gpa;
      glvl_d    = g_top;
      gpte_pa_d = gs.pte_pa;
      access(pte_read(gs.pte_pa), is_final ? OpGFinalRead : OpGTableRead);
    end
  endfunction

  // Steps 3 to 8 on the G-stage PTE just read, at glvl_q: a fault, the next
  // level's read, or the leaf's permission check and A/D update. The
  // translation of a VS-stage PTE's address is an implicit load, never with
  // mstatus.MXR.
  // C counterpart: model/walk.c, walk_stage's steps 3 to 7 and leaf_access, G-stage.
  function automatic void decide_g_pte();
    pte_check_t   chk;
    leaf_access_t la;
    access_e      g_access;
    chk      = pte_check(pte_q, glvl_q, g_pbmte);
    g_access = nested ? AccLoad : req_q.access;
    if (chk.fault) begin
      guest_page_fault(gaddr_q);
    end else if (!chk.leaf) begin
      glvl_d    = glvl_q - 2'd1;
      gpte_pa_d = pte_addr_at({pte_q.ppn, 12'h000}, gaddr_q[47:12], glvl_q - 2'd1);
      access(pte_read(gpte_pa_d), op_q);
    end else begin
      gleaf_size_d = chk.size;
      la = leaf_access(pte_q, gleaf_allows(pte_q.flags.u, pte_q.flags.r, pte_q.flags.w,
                                           pte_q.flags.x, g_access,
                                           nested ? (`MMU_BUG(BugMxrOnImplicitVs) && mxr_g) : mxr_g,
                                           !nested && req_q.hlvx),
                       g_access == AccStore, g_adue);
      if (la.fault) begin
        guest_page_fault(gaddr_q);
      end else if (!la.write) begin
        gleaf_d = la.leaf;
        g_done();
      end else begin
        gleaf_d = la.leaf;
        access(pte_cas(gpte_pa_q, pte_q, la.leaf), nested ? OpGTableWrite : OpGFinalWrite);
      end
    end
  endfunction

  // Step 9 of the single-/VS-stage: its output is the GPA; with the G-stage
  // on, the G-stage walk of it, else the walk's end.
  // C counterpart: model/walk.c, walk_stage's step 9, then translate_once's G-stage walk.
  function automatic void first_done();
    gpa_d = leaf_out(leaf_d.ppn, leaf_size_d, req_q.va[38:0]);
    if (g_on) begin
      g_start({8'h00, gpa_d}, 1'b1);
    end else begin
      translated(gpa_d);
    end
  endfunction

  // Step 2 of the single-/VS-stage at level lvl of table tbl: its PTE's read;
  // a VS-stage PTE's address is a GPA, which the G-stage translates first.
  // C counterpart: model/walk.c, walk_stage's step 2 (walk_stage of the G-stage, pte_read).
  function automatic void first_read(logic [1:0] lvl, logic [55:0] tbl);
    lvl_d   = lvl;
    table_d = tbl;
    if (g_on) begin
      g_start({8'h00, pte_addr_at(tbl, req_q.va[47:12], lvl)}, 1'b0);
    end else begin
      first_pte_pa_d = pte_addr_at(tbl, req_q.va[47:12], lvl);
      access(pte_read(first_pte_pa_d), OpFirstRead);
    end
  endfunction

  // Step 8's compare-and-swap of the single-/VS-stage leaf: leaf_d, its A/D
  // set, for the PTE as read.
  // C counterpart: model/walk.c, leaf_access's pte_update.
  function automatic void first_write();
    access(pte_cas(first_pte_pa_q, pte_q, leaf_d), OpFirstWrite);
  endfunction

  // Step 8 of a single-/VS-stage leaf that needs its A/D written: for the
  // VS-stage, the holder first, checked as a store (its fault a guest-page
  // fault at the PTE's GPA) and its own A/D written if it needs them.
  // C counterpart: model/walk.c, leaf_access's call on the holder, then its pte_update.
  function automatic void first_leaf_update();
    leaf_access_t ha;
    if (!g_on || `MMU_BUG(BugHolderDirtySkipped)) begin
      first_write();
    end else begin
      ha = holder_access(holder_q, g_adue);
      if (ha.fault) begin
        guest_page_fault({8'h00, first_pte_gpa});
      end else if (ha.write) begin
        holder_d = ha.leaf;
        access(pte_cas(holder_pa_q, holder_cmp_q, ha.leaf), OpHolderWrite);
      end else begin
        first_write();
      end
    end
  endfunction

  // Steps 3 to 8 on the single-/VS-stage PTE just read, at lvl_q: a fault,
  // the next level's read, or the leaf's permission check and A/D update.
  // C counterpart: model/walk.c, walk_stage's steps 3 to 7 and leaf_access, single-/VS-stage.
  function automatic void decide_first_pte();
    pte_check_t   chk;
    leaf_access_t la;
    chk = pte_check(pte_q, lvl_q, first_pbmte);
    if (chk.fault) begin
      page_fault();
    end else if (!chk.leaf) begin
      global_d = global_q || pte_q.flags.g;
      first_read(lvl_q - 2'd1, {pte_q.ppn, 12'h000});
    end else begin
      global_d    = global_q || pte_q.flags.g;
      leaf_size_d = chk.size;
      la = leaf_access(pte_q, leaf_allows(pte_q.flags.u, pte_q.flags.r, pte_q.flags.w,
                                          pte_q.flags.x, req_q.access, req_q.priv, sum, mxr_first,
                                          req_q.hlvx), store, first_adue);
      if (la.fault) begin
        page_fault();
      end else if (!la.write) begin
        leaf_d = la.leaf;
        first_done();
      end else begin
        leaf_d = la.leaf;
        first_leaf_update();
      end
    end
  endfunction

  // Step 1 of the first stage (a walk's start, or its restart): the VA's
  // check and the root's PTE read; with the single-/VS-stage Bare (V=1, vsatp
  // Bare), the VA is the GPA the G-stage translates.
  // C counterpart: model/walk.c, translate_once, and walk_stage's address check and step 1.
  function automatic void translate_once();
    if (!first_on) begin
      gpa_d = req_q.va[55:0];
      g_start(req_q.va, 1'b1);
    end else if (!va_canonical(req_q.va[63:38], first_sv48)) begin
      page_fault();
    end else begin
      first_read(first_top, first_root);
    end
  endfunction

  // Step 8 done. A compare-and-swap that found another PTE: the PTE changed
  // since it was read, so the translation starts again. Else the holder's
  // write is followed by its VS-stage leaf's, and a leaf's by its stage's
  // step 9.
  // C counterpart: model/walk.c, pte_update's answer (w->restart: translate_once again), and
  // leaf_access's return to walk_stage.
  function automatic void decide_cas_done();
    if (cas_failed_q && !`MMU_BUG(BugCasFailureIgnored)) begin
      outcome_reset();
      translate_once();
    end else begin
      unique case (op_q)
        OpHolderWrite:                first_write();
        OpFirstWrite:                 first_done();
        OpGTableWrite, OpGFinalWrite: g_done();
        default:                      ;
      endcase
    end
  endfunction

  // ---------------------------------------------------------------------------
  // The FSM: every register keeps its value unless the cycle's decision, by
  // state, says otherwise
  // ---------------------------------------------------------------------------

  always_comb begin
    state_decided  = state_q;
    op_d           = op_q;
    mem_req_d      = mem_req_q;
    req_d          = req_q;
    lvl_d          = lvl_q;
    table_d        = table_q;
    first_pte_pa_d = first_pte_pa_q;
    global_d       = global_q;
    leaf_d         = leaf_q;
    leaf_size_d    = leaf_size_q;
    gpa_d          = gpa_q;
    glvl_d         = glvl_q;
    gaddr_d        = gaddr_q;
    gpte_pa_d      = gpte_pa_q;
    gleaf_d        = gleaf_q;
    gleaf_size_d   = gleaf_size_q;
    holder_d       = holder_q;
    holder_pa_d    = holder_pa_q;
    holder_cmp_d   = holder_cmp_q;
    issue          = 1'b0;
    issue_req      = '0;
    finish_ok      = 1'b0;
    finish_fault   = 1'b0;
    fault_guest    = 1'b0;
    fault_addr     = '0;
    finish_pa      = '0;

    unique case (state_q)
      StIdle:           if (start_i) walk_start(req_i);
      StStep1:          translate_once();
      StBusWait:        ;  // see the bus handshake below
      StStep2, StStep8: ;  // the response: see the bus handshake below
      StStep3To7: begin
        if (is_gread) decide_g_pte();
        else decide_first_pte();
      end
      StStep8Done:      decide_cas_done();
      default:          state_decided = StIdle;
    endcase
  end

  // The bus handshake, apart from the decisions above, which must not depend
  // on the memory port's inputs: the arbiter's ready depends on our valid,
  // and logic fed by the top's inputs costs Verilator an evaluation at every
  // input change instead of one per clock edge.
  assign mem_req_valid_o = issue || state_q == StBusWait;
  assign mem_req_o       = issue ? issue_req : mem_req_q;
  assign pte_d           = state_q == StStep2 && mem_rsp_valid_i ? mem_rsp_rdata_i : pte_q;
  // A compare-and-swap's answer is the word it found: the write failed if it
  // is not the PTE it was to replace.
  assign cas_failed_d    = state_q == StStep8 && mem_rsp_valid_i &&
                           mem_rsp_rdata_i != mem_req_q.cmp;

  always_comb begin
    state_d = state_decided;
    if (issue) begin
      state_d = !mem_req_ready_i ? StBusWait : issue_req.kind == MemPteCas ? StStep8 : StStep2;
    end else if (state_q == StBusWait && mem_req_ready_i) begin
      state_d = mem_req_q.kind == MemPteCas ? StStep8 : StStep2;
    end else if (state_q == StStep2 && mem_rsp_valid_i) begin
      state_d = StStep3To7;
    end else if (state_q == StStep8 && mem_rsp_valid_i) begin
      state_d = StStep8Done;
    end
  end

  // ---------------------------------------------------------------------------
  // Outcome
  // ---------------------------------------------------------------------------

  assign done_o      = finish_ok || finish_fault;
  assign ok_o        = finish_ok;
  assign cause_o     = !finish_fault ? CauseNone :
                       fault_guest ? guest_fault_cause(req_q.access) :
                                     page_fault_cause(req_q.access);
  assign fault_gpa_o = fault_guest ? fault_addr : '0;
  assign pa_o        = finish_pa;
  // The single-/VS-stage leaf's memory type if it has one, else the G-stage's.
  assign pbmt_o      = leaf_d.pbmt != PbmtPma ? leaf_d.pbmt : gleaf_d.pbmt;
  assign size_o      = !g_on ? leaf_size_d :
                       !first_on ? gleaf_size_d :
                       gleaf_size_d < leaf_size_d ? gleaf_size_d : leaf_size_d;
  assign global_o      = global_d;
  assign leaf_flags_o  = leaf_d.flags;
  assign gleaf_flags_o = gleaf_d.flags;
  assign gpa_o         = gpa_d;

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q        <= StIdle;
      op_q           <= OpFirstRead;
      mem_req_q      <= '0;
      req_q          <= '0;
      pte_q          <= '0;
      cas_failed_q   <= 1'b0;
      lvl_q          <= '0;
      table_q        <= '0;
      first_pte_pa_q <= '0;
      global_q       <= 1'b0;
      leaf_q         <= '0;
      leaf_size_q    <= Page4K;
      gpa_q          <= '0;
      glvl_q         <= '0;
      gaddr_q        <= '0;
      gpte_pa_q      <= '0;
      gleaf_q        <= '0;
      gleaf_size_q   <= Page4K;
      holder_q       <= '0;
      holder_pa_q    <= '0;
      holder_cmp_q   <= '0;
    end else begin
      state_q        <= state_d;
      op_q           <= op_d;
      mem_req_q      <= mem_req_d;
      req_q          <= req_d;
      pte_q          <= pte_d;
      cas_failed_q   <= cas_failed_d;
      lvl_q          <= lvl_d;
      table_q        <= table_d;
      first_pte_pa_q <= first_pte_pa_d;
      global_q       <= global_d;
      leaf_q         <= leaf_d;
      leaf_size_q    <= leaf_size_d;
      gpa_q          <= gpa_d;
      glvl_q         <= glvl_d;
      gaddr_q        <= gaddr_d;
      gpte_pa_q      <= gpte_pa_d;
      gleaf_q        <= gleaf_d;
      gleaf_size_q   <= gleaf_size_d;
      holder_q       <= holder_d;
      holder_pa_q    <= holder_pa_d;
      holder_cmp_q   <= holder_cmp_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------

  logic outstanding_q;  // a request was taken and its response has not come
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      outstanding_q <= 1'b0;
    end else if (mem_req_valid_o && mem_req_ready_i) begin
      outstanding_q <= 1'b1;
    end else if (mem_rsp_valid_i) begin
      outstanding_q <= 1'b0;
    end
  end

  // Same-cycle checks are immediate assertions at the clock edge, "if (a)
  // assert (b)" for a |-> b: they see what a concurrent assertion samples
  // (the flops before the edge and the logic they feed) without the copy of
  // every signal it reads that Verilator makes at each evaluation.
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // A walk never issues a memory request while one is outstanding.
      if (mem_req_valid_o) OneOutstanding: assert (!outstanding_q);
      // Responses come only for requests.
      if (mem_rsp_valid_i) RspExpected: assert (outstanding_q);
      // The hart starts a walk only when the walker is idle.
      if (start_i) StartIdle: assert (state_q == StIdle);
      // A compare-and-swap fails only as the answer to a write.
      if (cas_failed_q) begin
        CasFailOnWrite: assert (state_q == StStep8Done && mem_req_q.kind == MemPteCas);
      end
      // Only PTE reads and compare-and-swaps, of main memory; reads carry no
      // compare value.
      if (mem_req_valid_o) begin
        WalkerKinds: assert ((mem_req_o.kind == MemPteRead || mem_req_o.kind == MemPteCas) &&
                             mem_req_o.mtype == MtMain);
      end
      if (mem_req_valid_o && mem_req_o.kind == MemPteRead) begin
        ReadCmpZero: assert (mem_req_o.cmp == '0);
      end
    end
  end

  // A request stays on the bus, unchanged, until taken.
  ReqStable: assert property (@(posedge clk_i) disable iff (!rst_ni)
                              mem_req_valid_o && !mem_req_ready_i |=>
                              mem_req_valid_o && mem_req_o == $past(mem_req_o));

endmodule
