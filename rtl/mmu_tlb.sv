`include "mmu_bug.svh"

// A hart's L1 TLB (model/tlb.h, model/tlb.c): fully associative, tree
// pseudo-LRU replacement, holding the combined translation of one or two
// stages at the smaller page size (4 KiB, 64 KiB, 2 MiB, 1 GiB, 512 GiB).
//
// Lookup is combinational: every entry compares {V, VMID (V=1), ASID unless
// global, VA above the entry's page size}, in the cycles lookup_i asks for it
// (hit_vec, and so the hit, is zero in the others). The hart then serves the
// hit, and asks for touch_i (mark the entry most recently used), fill_i or
// fence_i in that same cycle; the three never come together.
//
// A fill first drops every entry that could hit together with the new one
// (same V and VMID, overlapping pages, same ASID or either global), so that
// at most one entry ever hits; it then takes the lowest invalid entry, or
// else the PLRU victim (mmu_pkg's tree, shared with the cache). Fences drop
// entries and leave the PLRU alone.

module mmu_tlb
  import mmu_pkg::*;
#(
  parameter int unsigned Entries = 16,  // power of two, >= 2
  localparam int unsigned IdxW = $clog2(Entries)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  // Lookup tag and result
  input  logic        lookup_i,       // compare in this cycle
  input  logic        lookup_virt_i,
  input  logic [15:0] lookup_asid_i,
  input  logic [13:0] lookup_vmid_i,
  input  logic [51:0] lookup_vpn_i,   // va[63:12]
  output logic        lookup_hit_o,
  output tlb_entry_t  lookup_entry_o,

  // Mark the entry that hits the lookup most recently used
  input  logic        touch_i,

  // Fill (fill_entry_i.valid is ignored: the entry becomes valid)
  input  logic        fill_i,
  input  tlb_entry_t  fill_entry_i,

  // Fence; fence_vmid_i is the hart's hgatp.VMID, the scope of HFENCE.VVMA
  input  logic        fence_i,
  input  fence_req_t  fence_req_i,
  input  logic [13:0] fence_vmid_i
);

  // The entries, one array per field: the compares then read narrow words, and
  // a fill writes one entry while a fence or a conflict only clears valid bits.
  // Tag
  logic [Entries-1:0] valid_q, valid_d;
  logic [Entries-1:0] virt_q;
  logic [Entries-1:0] global_q;
  logic [15:0]        asid_q [Entries];
  logic [13:0]        vmid_q [Entries];
  logic [51:0]        vpn_q  [Entries];
  logic [51:0]        mask_q [Entries];  // vpn_keep_mask(size): page-number bits the entry keeps
  // Translation: the rest of tlb_entry_t
  typedef struct packed {
    page_size_e  size;
    pbmt_e       pbmt;
    logic [43:0] ppn;
    logic [43:0] gppn;
    pte_flags_t  leaf_flags;
    pte_flags_t  gleaf_flags;
  } tlb_data_t;
  tlb_data_t          data_q [Entries];
  // Tree PLRU, node 1 is the root, node k has children 2k and 2k+1; leaves
  // Entries..2*Entries-1 stand for the entries. 1: the victim is on the right.
  logic [Entries-1:1] plru_q, plru_d;

  logic [Entries-1:0] hit_vec;       // entry hits the lookup
  logic [Entries-1:0] conflict_vec;  // entry could hit together with the fill
  logic [Entries-1:0] fence_vec;     // entry is in the fence's scope
  logic [IdxW-1:0]    hit_idx;
  logic [IdxW-1:0]    victim_idx;

  // The fill's entry becomes valid whatever its valid bit says.
  logic unused_fill_valid;
  assign unused_fill_valid = fill_entry_i.valid;

  // ---------------------------------------------------------------------------
  // Tree PLRU
  // ---------------------------------------------------------------------------

  // mmu_pkg's tree, the cache's too, over this TLB's entries.
  function automatic logic [Entries-1:1] tree_touch(logic [Entries-1:1] plru,
                                                    logic [IdxW-1:0] idx);
    logic [PlruMaxBits-1:0] t;
    t              = '0;
    t[Entries-1:1] = plru;
    t              = plru_touch(t, IdxW, int'(idx));
    return t[Entries-1:1];
  endfunction

  function automatic logic [IdxW-1:0] tree_victim(logic [Entries-1:1] plru);
    logic [PlruMaxBits-1:0] t;
    t              = '0;
    t[Entries-1:1] = plru;
    return IdxW'(plru_victim(t, IdxW));
  endfunction

  // ---------------------------------------------------------------------------
  // Compare
  // ---------------------------------------------------------------------------

  // Valid, same V, and for V=1 the same VMID.
  function automatic logic context_matches(logic e_valid, logic e_virt, logic [13:0] e_vmid,
                                           logic tag_virt, logic [13:0] tag_vmid);
    return e_valid && e_virt == tag_virt && (!tag_virt || e_vmid == tag_vmid);
  endfunction

  // The lookup, only in the cycles that ask for it: the compares are most of
  // the TLB's logic.
  always_comb begin
    hit_vec = '0;
    if (lookup_i) begin
      for (int unsigned i = 0; i < Entries; i++) begin
        hit_vec[i] = context_matches(valid_q[i], virt_q[i], vmid_q[i], lookup_virt_i,
                                     lookup_vmid_i) &&
                     (global_q[i] || asid_q[i] == lookup_asid_i || `MMU_BUG(BugAsidIgnored)) &&
                     ((lookup_vpn_i ^ vpn_q[i]) & mask_q[i]) == '0;
      end
    end
  end

  // The entries that could hit together with the fill. Only a fill reads them,
  // so they are computed (and the waveform shows them) only in its cycle.
  logic [51:0] fill_mask;  // page-number bits the fill's page size keeps
  always_comb begin
    fill_mask    = '0;
    conflict_vec = '0;
    if (fill_i) begin
      fill_mask = vpn_keep_mask(fill_entry_i.size);
      for (int unsigned i = 0; i < Entries; i++) begin
        conflict_vec[i] = context_matches(valid_q[i], virt_q[i], vmid_q[i], fill_entry_i.virt,
                                          fill_entry_i.vmid) &&
                          (global_q[i] || fill_entry_i.global || asid_q[i] == fill_entry_i.asid ||
                           `MMU_BUG(BugAsidIgnored)) &&
                          ((vpn_q[i] ^ fill_entry_i.vpn) & fill_mask & mask_q[i]) == '0;
      end
    end
  end

  // The entries in the fence's scope, computed only in a fence's cycle.
  always_comb begin
    fence_vec = '0;
    if (fence_i) begin
      for (int unsigned i = 0; i < Entries; i++) begin
        logic        scope, asid_ok, addr_ok;
        logic [51:0] fence_mask;
        // SFENCE.VMA: V=0 entries; HFENCE.VVMA: V=1 entries of the current VMID.
        scope = fence_req_i.kind == FenceSfenceVma ? !virt_q[i] :
                virt_q[i] && (vmid_q[i] == fence_vmid_i || `MMU_BUG(BugVvmaIgnoresVmid));
        // By ASID, global entries stay.
        asid_ok = !fence_req_i.has_id ||
                  ((!global_q[i] || (`MMU_BUG(BugSfenceAsidDropsGlobal) &&
                                     fence_req_i.kind == FenceSfenceVma)) &&
                   asid_q[i] == fence_req_i.id);
        fence_mask = `MMU_BUG(BugSfenceVaKeepsSuperpages) ? {52{1'b1}} : mask_q[i];
        addr_ok = !fence_req_i.has_addr ||
                  ((fence_req_i.addr[63:12] ^ vpn_q[i]) & fence_mask) == '0;
        unique case (fence_req_i.kind)
          FenceSfenceVma, FenceHfenceVvma: begin
            fence_vec[i] = valid_q[i] && scope && asid_ok && addr_ok;
          end
          FenceHfenceGvma: begin
            // Entries do not keep which G-stage mappings a walk used: drop every
            // V=1 entry of the VMID, by address or not.
            fence_vec[i] = valid_q[i] && (virt_q[i] || `MMU_BUG(BugGvmaDropsV0)) &&
                           (!fence_req_i.has_id || {2'b00, vmid_q[i]} == fence_req_i.id);
          end
          default: fence_vec[i] = 1'b0;
        endcase
      end
    end
  end

  always_comb begin
    hit_idx = '0;
    for (int unsigned i = 0; i < Entries; i++) begin
      if (hit_vec[i]) hit_idx = IdxW'(i);
    end
  end

  assign lookup_hit_o = |hit_vec;

  always_comb begin
    lookup_entry_o             = '0;
    lookup_entry_o.valid       = valid_q[hit_idx];
    lookup_entry_o.virt        = virt_q[hit_idx];
    lookup_entry_o.global      = global_q[hit_idx];
    lookup_entry_o.asid        = asid_q[hit_idx];
    lookup_entry_o.vmid        = vmid_q[hit_idx];
    lookup_entry_o.size        = data_q[hit_idx].size;
    lookup_entry_o.pbmt        = data_q[hit_idx].pbmt;
    lookup_entry_o.vpn         = vpn_q[hit_idx];
    lookup_entry_o.ppn         = data_q[hit_idx].ppn;
    lookup_entry_o.gppn        = data_q[hit_idx].gppn;
    lookup_entry_o.leaf_flags  = data_q[hit_idx].leaf_flags;
    lookup_entry_o.gleaf_flags = data_q[hit_idx].gleaf_flags;
  end

  // The lowest invalid entry once the conflicts are dropped, else the PLRU
  // victim; computed only in a fill's cycle.
  always_comb begin
    logic found;
    found      = 1'b0;
    victim_idx = '0;
    if (fill_i) begin
      // (the mutant's victim follows the tree's bits inverted: the tree of the inverted bits)
      victim_idx = tree_victim(`MMU_BUG(BugPlruVictimInverted) ? ~plru_q : plru_q);
      for (int unsigned i = 0; i < Entries; i++) begin
        if (!found && !(valid_q[i] && !conflict_vec[i])) begin
          found      = 1'b1;
          victim_idx = IdxW'(i);
        end
      end
    end
  end

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------

  always_comb begin
    plru_d = plru_q;
    if (fill_i) begin
      plru_d = tree_touch(plru_q, victim_idx);
    end else if (touch_i && lookup_hit_o && !`MMU_BUG(BugPlruFillOnly)) begin
      plru_d = tree_touch(plru_q, hit_idx);
    end
  end

  // A fill drops its conflicts and makes its victim valid; a fence drops its
  // scope (conflict_vec and fence_vec are zero outside their cycles).
  always_comb begin
    valid_d = valid_q & ~conflict_vec & ~fence_vec;
    if (fill_i) valid_d[victim_idx] = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      plru_q  <= '0;
    end else begin
      valid_q <= valid_d;
      plru_q  <= plru_d;
    end
  end

  // Only a fill writes an entry, and only its victim.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      virt_q   <= '0;
      global_q <= '0;
      for (int unsigned i = 0; i < Entries; i++) begin
        asid_q[i] <= '0;
        vmid_q[i] <= '0;
        vpn_q[i]  <= '0;
        mask_q[i] <= '0;
        data_q[i] <= '0;
      end
    end else if (fill_i) begin
      virt_q[victim_idx]   <= fill_entry_i.virt;
      global_q[victim_idx] <= fill_entry_i.global;
      asid_q[victim_idx]   <= fill_entry_i.asid;
      vmid_q[victim_idx]   <= fill_entry_i.vmid;
      vpn_q[victim_idx]    <= fill_entry_i.vpn;
      mask_q[victim_idx]   <= fill_mask;
      data_q[victim_idx]   <= '{size:        fill_entry_i.size,
                                pbmt:        fill_entry_i.pbmt,
                                ppn:         fill_entry_i.ppn,
                                gppn:        fill_entry_i.gppn,
                                leaf_flags:  fill_entry_i.leaf_flags,
                                gleaf_flags: fill_entry_i.gleaf_flags};
    end
  end

  // ---------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------

  // Tree PLRU needs a power-of-two number of entries.
  if (Entries < 2 || Entries > PlruMaxBits || (Entries & (Entries - 1)) != 0) begin : g_bad_entries
    $error("mmu_tlb: Entries must be a power of two, 2..64");
  end

  // Same-cycle checks are immediate assertions at the clock edge, "if (a)
  // assert (b)" for a |-> b: they see what a concurrent assertion samples
  // (the flops before the edge and the logic they feed) without the copy of
  // every signal it reads that Verilator makes at each evaluation.
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // Fills drop conflicting entries, so a lookup never hits two entries.
      HitOnehot: assert ($onehot0(hit_vec));
      // The hart asks for one TLB update at a time.
      OneUpdate: assert ($onehot0({fill_i, touch_i, fence_i}));
    end
  end

endmodule
