// Shared types of the MMU: PTE and translation-CSR fields (model/pte.h), the
// hart's request and response ports (model/walk.h's mm_req, model/tlb.h's
// mm_fence, model/obs.h's outcome), TLB entries (model/tlb.h's
// mm_tlb_entry), the memory-system port (model/port.h's mm_memop), the bus
// (model/bus.h's mm_bus_txn), the memory types (model/pma.h), the tree
// PLRU the TLB and the cache share (model/plru.h), and the injected-bug
// numbers of the mutant build (rtl/mutants.txt).
//
// tb/verilator/rtl.cpp finds every field it touches through mmu_sim_top's
// layout outputs; enum values are the C headers' and must stay so.

package mmu_pkg;

  // ---------------------------------------------------------------------------
  // Page-table entries (privileged spec 4.4.1, Svnapot, Svpbmt)
  // ---------------------------------------------------------------------------

  typedef enum logic [1:0] {
    PbmtPma  = 2'd0,
    PbmtNc   = 2'd1,
    PbmtIo   = 2'd2,
    PbmtRsvd = 2'd3
  } pbmt_e;

  // PTE bits 7:0. The TLB keeps these of each leaf: the hit path reads U, R,
  // W, X and D, and V tells whether the stage was on (a Bare stage leaves 0).
  typedef struct packed {
    logic d;  // dirty
    logic a;  // accessed
    logic g;  // global
    logic u;  // user (for the G-stage: required on every leaf)
    logic x;  // executable
    logic w;  // writable
    logic r;  // readable
    logic v;  // valid
  } pte_flags_t;

  typedef struct packed {
    logic        n;      // 63: Svnapot
    pbmt_e       pbmt;   // 62:61
    logic [6:0]  rsvd;   // 60:54, must be zero
    logic [43:0] ppn;    // 53:10
    logic [1:0]  rsw;    // 9:8, for software
    pte_flags_t  flags;  // 7:0
  } pte_t;

  // ---------------------------------------------------------------------------
  // Translation CSRs: satp, vsatp, hgatp, and the bits of mstatus, vsstatus,
  // menvcfg and henvcfg a translation reads
  // ---------------------------------------------------------------------------

  typedef enum logic [3:0] {
    ModeBare = 4'd0,
    ModeSv39 = 4'd8,  // hgatp: Sv39x4
    ModeSv48 = 4'd9   // hgatp: Sv48x4
  } atp_mode_e;

  // satp and vsatp bit for bit; for hgatp, id[13:0] is the VMID and
  // id[15:14] (hgatp bits 59:58) read as zero.
  typedef struct packed {
    atp_mode_e   mode;  // 63:60
    logic [15:0] id;    // 59:44, ASID or VMID
    logic [43:0] ppn;   // 43:0, root table
  } atp_t;

  typedef struct packed {
    atp_t satp;
    atp_t vsatp;
    atp_t hgatp;
    logic mstatus_sum;
    logic mstatus_mxr;
    logic vsstatus_sum;
    logic vsstatus_mxr;
    logic menvcfg_adue;   // Svadu: hardware A/D updates
    logic menvcfg_pbmte;  // Svpbmt enabled
    logic henvcfg_adue;   // read as zero while menvcfg's bit is clear
    logic henvcfg_pbmte;
  } mmu_csr_t;

  // ---------------------------------------------------------------------------
  // Hart request and response ports
  // ---------------------------------------------------------------------------

  // Values as model/walk.h's mm_access and mm_priv.
  typedef enum logic [1:0] {
    AccLoad  = 2'd0,
    AccStore = 2'd1,
    AccFetch = 2'd2
  } access_e;

  typedef enum logic [1:0] {
    PrivU = 2'd0,
    PrivS = 2'd1,
    PrivM = 2'd3   // not translated: pa = va
  } priv_e;

  // What an access does after its translation; values as model/walk.h's
  // mm_data_op (tests/test_rtl_build.c holds every shared enum against C).
  typedef enum logic [2:0] {
    DataNone     = 3'd0,  // translate only: the response after the translation
    DataLoad     = 3'd1,
    DataStore    = 3'd2,
    DataFetch    = 3'd3,  // a load of instruction bytes
    DataCboClean = 3'd4,  // CBOs are translated as stores
    DataCboFlush = 3'd5,
    DataCboInval = 3'd6
  } data_op_e;

  // Values as model/tlb.h's mm_fence_kind (checked as above).
  typedef enum logic [1:0] {
    FenceSfenceVma  = 2'd0,  // V=0 entries
    FenceHfenceVvma = 2'd1,  // V=1 entries of the current VMID
    FenceHfenceGvma = 2'd2,  // V=1 entries of one VMID or of all
    FenceData       = 2'd3   // FENCE: drains the write-combining buffer, leaves the TLB
  } fence_e;

  typedef struct packed {
    logic [63:0] va;
    access_e     access;   // the permission checked; a data operation sets its own
    priv_e       priv;
    logic        virt;     // V=1: vsatp over hgatp
    logic        hlvx;     // HLVX: a load checked for X in place of R at both stages (model/walk.h)
    data_op_e    data_op;
    logic [1:0]  size;     // LOAD, STORE, FETCH: log2 of 1, 2, 4 or 8 bytes
    logic [63:0] wdata;    // STORE: the value in the low bytes
  } access_req_t;

  typedef struct packed {
    fence_e      kind;
    logic        has_addr;  // rs1 != x0
    logic        has_id;    // rs2 != x0
    logic [15:0] id;        // ASID (SFENCE.VMA, HFENCE.VVMA) or VMID (HFENCE.GVMA)
    logic [63:0] addr;      // VA, or GPA for HFENCE.GVMA
  } fence_req_t;

  typedef struct packed {
    logic        is_fence;
    access_req_t access;  // when !is_fence
    fence_req_t  fence;   // when is_fence
  } mmu_req_t;

  typedef enum logic [4:0] {
    CauseNone             = 5'd0,   // with ok clear: instruction address misaligned
    CauseFetchAccessFault = 5'd1,
    CauseLoadMisaligned   = 5'd4,
    CauseLoadAccessFault  = 5'd5,
    CauseStoreMisaligned  = 5'd6,
    CauseStoreAccessFault = 5'd7,   // stores and CBOs
    CauseFetchPageFault   = 5'd12,
    CauseLoadPageFault    = 5'd13,
    CauseStorePageFault   = 5'd15,
    CauseFetchGuestFault  = 5'd20,
    CauseLoadGuestFault   = 5'd21,
    CauseStoreGuestFault  = 5'd23
  } cause_e;

  // Cause 0 is both "none" and a misaligned fetch: an enum holds a value once.
  localparam cause_e CauseFetchMisaligned = CauseNone;

  // The memory type of a data access; values as model/pma.h's mm_mtype.
  typedef enum logic [1:0] {
    MtMain = 2'd0,  // cacheable main memory: through the cache
    MtNc   = 2'd1,  // Svpbmt NC: through the write-combining buffer
    MtIo   = 2'd2   // Svpbmt IO or PMA I/O: one bus transaction each
  } mtype_e;

  typedef struct packed {
    logic        ok;
    cause_e      cause;      // when !ok
    logic [63:0] gpa;        // guest-page faults; else 0
    logic [63:0] pa;         // when ok; else 0
    pbmt_e       pbmt;       // when ok
    logic        tlb_hit;    // served by the TLB (outcome included)
    logic [63:0] load_data;  // LOAD, FETCH: the value, zero-extended; else 0
    mtype_e      mtype;      // of the data access; MtMain when there was none
    logic        cache_hit;  // the data access's first cache lookup hit
  } mmu_rsp_t;

  // ---------------------------------------------------------------------------
  // TLB entries
  // ---------------------------------------------------------------------------

  // log2 of the page size: 12, 16, 21, 30, 39. The order is the size order.
  typedef enum logic [2:0] {
    Page4K   = 3'd0,
    Page64K  = 3'd1,
    Page2M   = 3'd2,
    Page1G   = 3'd3,
    Page512G = 3'd4
  } page_size_e;

  typedef struct packed {
    logic        valid;
    logic        virt;         // V=1 translation
    logic        global;       // matches every ASID
    logic [15:0] asid;         // satp.ASID (V=0) or vsatp.ASID (V=1)
    logic [13:0] vmid;         // hgatp.VMID; 0 for V=0 entries
    page_size_e  size;
    pbmt_e       pbmt;         // resulting memory type
    logic [51:0] vpn;          // va[63:12], page offset bits zero
    logic [43:0] ppn;          // pa[55:12], page offset bits zero
    logic [43:0] gppn;         // guest physical page (V=1)
    pte_flags_t  leaf_flags;   // single-/VS-stage leaf; 0 when that stage is Bare
    pte_flags_t  gleaf_flags;  // G-stage leaf; 0 when Bare or V=0
  } tlb_entry_t;

  // ---------------------------------------------------------------------------
  // The memory-system port (DESIGN.md, "The memory system port"): a hart's
  // requests, the walker's and then the data access, through the arbiter to
  // the memory system, one at a time; kinds as model/port.h's mm_op_kind.
  // ---------------------------------------------------------------------------

  typedef enum logic [2:0] {
    MemPteRead  = 3'd0,  // the walker's PTE read: 8 bytes, MtMain
    MemPteCas   = 3'd1,  // the walker's atomic A/D update: writes wdata if the word is cmp
    MemLoad     = 3'd2,  // a LOAD or FETCH: answers the aligned word holding addr
    MemStore    = 3'd3,
    MemCboClean = 3'd4,  // on the 64-byte line holding addr
    MemCboFlush = 3'd5,
    MemCboInval = 3'd6,
    MemFence    = 3'd7   // FENCE: drains the write-combining buffer
  } mem_kind_e;

  typedef struct packed {
    mem_kind_e   kind;
    mtype_e      mtype;
    logic [55:0] addr;   // exact physical address (the walker's: 8-byte aligned)
    logic [1:0]  size;   // log2 bytes (3 for the walker's; 0 for a CBO or FENCE)
    logic [63:0] wdata;  // STORE: the value in its byte lanes; PTE_CAS: the new PTE
    logic [7:0]  mask;   // STORE: the bytes of the aligned word written; else 0
    logic [63:0] cmp;    // PTE_CAS: the PTE the update was computed from; else 0
  } mem_req_t;

  typedef struct packed {
    logic [63:0] rdata;  // PTE_READ, LOAD: the aligned word; PTE_CAS: the word found
    logic        hit;    // the access's first cache lookup hit (MAIN and CBOs)
  } mem_rsp_t;

  // ---------------------------------------------------------------------------
  // The bus (model/bus.h): one transaction at a time, answered after a fixed
  // latency. A line is 64 bytes at a line-aligned address, mask one bit per
  // byte; a single beat is 1, 2, 4 or 8 bytes at its exact address, its data
  // and mask in the aligned word's byte lanes (bits 63:0 and 7:0).
  // ---------------------------------------------------------------------------

  localparam int unsigned BusLineBytes = 64;

  typedef struct packed {
    logic         write;
    logic         line;   // 8 beats of 8 bytes; else a single beat
    logic [55:0]  addr;
    logic [1:0]   size;   // single beat: log2 bytes; a line: 0
    logic [511:0] wdata;  // a write's bytes; 0 for a read
    logic [63:0]  mask;   // bytes written; 0 for a read
  } bus_req_t;

  // ---------------------------------------------------------------------------
  // Injected bugs of the mutant build only: bug_e, generated from
  // rtl/mutants.txt (rtl/gen_bugs.awk); bug sites use `MMU_BUG (rtl/mmu_bug.svh)
  // ---------------------------------------------------------------------------

`ifdef MMU_MUTANTS
`include "mmu_bugs.svh"
`endif

  // ---------------------------------------------------------------------------
  // Helpers shared by the TLB's hit path and the walker (model/walk.c)
  // ---------------------------------------------------------------------------

  // Low page-number bits a page of this size takes from the address.
  function automatic logic [51:0] vpn_keep_mask(page_size_e size);
    unique case (size)
      Page4K:   return {52{1'b1}};
      Page64K:  return {{48{1'b1}}, 4'b0};
      Page2M:   return {{43{1'b1}}, 9'b0};
      Page1G:   return {{34{1'b1}}, 18'b0};
      default:  return {{25{1'b1}}, 27'b0};
    endcase
  endfunction

  // Page offset bits of an address within a page of this size.
  function automatic logic [55:0] offset_mask(page_size_e size);
    unique case (size)
      Page4K:   return 56'h0000_0000_000fff;
      Page64K:  return 56'h0000_0000_00ffff;
      Page2M:   return 56'h0000_0000_1fffff;
      Page1G:   return 56'h0000_003fff_ffff;
      default:  return 56'h0000_7fff_ffffff;
    endcase
  endfunction

  function automatic logic type_allowed(logic r, logic w, logic x, access_e access, logic mxr);
    unique case (access)
      AccLoad:  return r | (mxr & x);
      AccStore: return w;
      AccFetch: return x;
      default:  return 1'b0;
    endcase
  endfunction

  // Step 6 for a single-stage or VS-stage leaf; sum and mxr are the effective bits; hlvx: an
  // HLVX, a load for which X takes the place of R (model/walk.h mm_leaf_allows_hlvx).
  function automatic logic leaf_allows(logic u, logic r, logic w, logic x, access_e access,
                                       priv_e priv, logic sum, logic mxr, logic hlvx);
    if (priv == PrivU && !u) return 1'b0;
    // Supervisor code never runs from U pages; SUM opens them to loads and stores.
    if (priv == PrivS && u && (access == AccFetch || !sum)) return 1'b0;
    return hlvx ? x : type_allowed(r, w, x, access, mxr);
  endfunction

  // Step 6 for a G-stage leaf: every G-stage access counts as a U-mode access (hlvx: X for R).
  function automatic logic gleaf_allows(logic u, logic r, logic w, logic x, access_e access,
                                        logic mxr, logic hlvx);
    return u & (hlvx ? x : type_allowed(r, w, x, access, mxr));
  endfunction

  // The permission a data operation's translation checks (CBOs: a store's).
  function automatic access_e data_op_access(data_op_e op, access_e translate_only);
    unique case (op)
      DataLoad:                                   return AccLoad;
      DataFetch:                                  return AccFetch;
      DataStore, DataCboClean, DataCboFlush,
      DataCboInval:                               return AccStore;
      default:                                    return translate_only;
    endcase
  endfunction

  function automatic cause_e page_fault_cause(access_e access);
    unique case (access)
      AccLoad:  return CauseLoadPageFault;
      AccStore: return CauseStorePageFault;
      default:  return CauseFetchPageFault;
    endcase
  endfunction

  function automatic cause_e guest_fault_cause(access_e access);
    unique case (access)
      AccLoad:  return CauseLoadGuestFault;
      AccStore: return CauseStoreGuestFault;
      default:  return CauseFetchGuestFault;
    endcase
  endfunction

  // ---------------------------------------------------------------------------
  // Tree pseudo-LRU (model/plru.h), shared by the TLB (one tree) and the
  // cache (one per set): over n = 2^levels leaves, node 1 is the root, node
  // k has children 2k and 2k+1, leaves n..2n-1 stand for the ways (entries).
  // A node's bit 1 means the victim is on the right. Trees are given in
  // PlruMaxBits bits (bit 0 unused), callers pass and take their low n bits.
  // ---------------------------------------------------------------------------

  localparam int unsigned PlruMaxLevels = 6;  // up to 64 ways or entries
  localparam int unsigned PlruMaxBits   = 1 << PlruMaxLevels;

  // Marks leaf idx most recently used: every node on its path points away.
  function automatic logic [PlruMaxBits-1:0] plru_touch(logic [PlruMaxBits-1:0] tree,
                                                        int unsigned levels, int unsigned idx);
    int unsigned node;
    node = (1 << levels) + idx;
    for (int unsigned l = 0; l < PlruMaxLevels; l++) begin
      if (l < levels) begin
        tree[node >> 1] = !node[0];
        node = node >> 1;
      end
    end
    return tree;
  endfunction

  // Follows the bits from the root to a leaf.
  function automatic int unsigned plru_victim(logic [PlruMaxBits-1:0] tree, int unsigned levels);
    int unsigned node;
    node = 1;
    for (int unsigned l = 0; l < PlruMaxLevels; l++) begin
      if (l < levels) node = 2 * node + (tree[node] ? 1 : 0);
    end
    return node - (1 << levels);
  endfunction

endpackage
