// A hart's L1 TLB (model/tlb.h, model/tlb.c): fully associative, tree
// pseudo-LRU replacement, holding the combined translation of one or two
// stages at the smaller page size (4 KiB, 64 KiB, 2 MiB, 1 GiB, 512 GiB).
//
// Lookup is combinational: every entry compares {V, VMID (V=1), ASID unless
// global, VA above the entry's page size}. The hart then serves the hit, and
// asks for touch_i (mark the entry most recently used), fill_i or fence_i in
// that same cycle; the three never come together.
//
// A fill first drops every entry that could hit together with the new one
// (same V and VMID, overlapping pages, same ASID or either global), so that
// at most one entry ever hits; it then takes the lowest invalid entry, or
// else the PLRU victim. Fences drop entries and leave the PLRU alone.

module mmu_tlb
  import mmu_pkg::*;
#(
  parameter int unsigned Entries = 16,  // power of two, >= 2
  localparam int unsigned IdxW = $clog2(Entries)
) (
  input  logic        clk_i,
  input  logic        rst_ni,

  // Lookup tag and result
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
  input  logic [13:0] fence_vmid_i,

  // Injected bug (mutant build; 0: none)
  input  logic [7:0]  bug_i
);

  tlb_entry_t entry_q [Entries];
  tlb_entry_t entry_d [Entries];
  // Tree PLRU, node 1 is the root, node k has children 2k and 2k+1; leaves
  // Entries..2*Entries-1 stand for the entries. 1: the victim is on the right.
  logic [Entries-1:1] plru_q, plru_d;

  logic [Entries-1:0] hit_vec;       // entry hits the lookup
  logic [Entries-1:0] conflict_vec;  // entry could hit together with the fill
  logic [Entries-1:0] fence_vec;     // entry is in the fence's scope
  logic [IdxW-1:0]    hit_idx;
  logic [IdxW-1:0]    victim_idx;

  logic bug_asid_ignored;
  assign bug_asid_ignored = (bug_i == BugAsidIgnored);

  // ---------------------------------------------------------------------------
  // Tree PLRU
  // ---------------------------------------------------------------------------

  // Marks entry idx most recently used: every node on its path points away.
  function automatic logic [Entries-1:1] plru_touch(logic [Entries-1:1] plru,
                                                    logic [IdxW-1:0] idx);
    logic [Entries-1:1] t;
    logic [IdxW:0]      node;
    t    = plru;
    node = {1'b1, idx};
    for (int unsigned l = 0; l < IdxW; l++) begin
      t[node[IdxW:1]] = ~node[0];
      node            = {1'b0, node[IdxW:1]};
    end
    return t;
  endfunction

  // Follows the tree bits from the root to a leaf.
  function automatic logic [IdxW-1:0] plru_victim(logic [Entries-1:1] plru, logic invert);
    logic [IdxW:0] node;
    node = {{IdxW{1'b0}}, 1'b1};
    for (int unsigned l = 0; l < IdxW; l++) begin
      node = {node[IdxW-1:0], plru[node[IdxW-1:0]] ^ invert};
    end
    return IdxW'(node - (IdxW + 1)'(Entries));
  endfunction

  // ---------------------------------------------------------------------------
  // Compare
  // ---------------------------------------------------------------------------

  // Valid, same V, and for V=1 the same VMID.
  function automatic logic context_matches(logic e_valid, logic e_virt, logic [13:0] e_vmid,
                                           logic tag_virt, logic [13:0] tag_vmid);
    return e_valid && e_virt == tag_virt && (!tag_virt || e_vmid == tag_vmid);
  endfunction

  logic [51:0] fill_mask;  // page-number bits the fill's page size keeps
  assign fill_mask = vpn_keep_mask(fill_entry_i.size);

  for (genvar i = 0; i < Entries; i++) begin : g_compare
    logic        asid_ok, fill_asid_ok, fill_overlap;
    logic        sfence_scope, fence_asid_ok, fence_addr_ok;
    logic [51:0] mask, fence_mask;
    assign mask = vpn_keep_mask(entry_q[i].size);  // page-number bits the entry keeps

    assign asid_ok = entry_q[i].global || entry_q[i].asid == lookup_asid_i || bug_asid_ignored;
    assign hit_vec[i] = context_matches(entry_q[i].valid, entry_q[i].virt, entry_q[i].vmid,
                                        lookup_virt_i, lookup_vmid_i) && asid_ok &&
                        ((lookup_vpn_i ^ entry_q[i].vpn) & mask) == '0;

    assign fill_asid_ok = entry_q[i].global || fill_entry_i.global ||
                          entry_q[i].asid == fill_entry_i.asid || bug_asid_ignored;
    assign fill_overlap = ((entry_q[i].vpn ^ fill_entry_i.vpn) & fill_mask & mask) == '0;
    assign conflict_vec[i] = context_matches(entry_q[i].valid, entry_q[i].virt, entry_q[i].vmid,
                                             fill_entry_i.virt, fill_entry_i.vmid) &&
                             fill_asid_ok && fill_overlap;

    // SFENCE.VMA: V=0 entries; HFENCE.VVMA: V=1 entries of the current VMID.
    assign sfence_scope = fence_req_i.kind == FenceSfenceVma ? !entry_q[i].virt :
                          entry_q[i].virt && (entry_q[i].vmid == fence_vmid_i ||
                                              bug_i == BugVvmaIgnoresVmid);
    // By ASID, global entries stay.
    assign fence_asid_ok = !fence_req_i.has_id ||
                           ((!entry_q[i].global || (bug_i == BugSfenceAsidDropsGlobal &&
                                                    fence_req_i.kind == FenceSfenceVma)) &&
                            entry_q[i].asid == fence_req_i.id);
    assign fence_mask = bug_i == BugSfenceVaKeepsSuper ? {52{1'b1}} : mask;
    assign fence_addr_ok = !fence_req_i.has_addr ||
                           ((fence_req_i.addr[63:12] ^ entry_q[i].vpn) & fence_mask) == '0;
    always_comb begin
      unique case (fence_req_i.kind)
        FenceSfenceVma, FenceHfenceVvma: begin
          fence_vec[i] = entry_q[i].valid && sfence_scope && fence_asid_ok && fence_addr_ok;
        end
        FenceHfenceGvma: begin
          // Entries do not keep which G-stage mappings a walk used: drop every
          // V=1 entry of the VMID, by address or not.
          fence_vec[i] = entry_q[i].valid && (entry_q[i].virt || bug_i == BugGvmaDropsV0) &&
                         (!fence_req_i.has_id || {2'b00, entry_q[i].vmid} == fence_req_i.id);
        end
        default: fence_vec[i] = 1'b0;
      endcase
    end
  end

  always_comb begin
    hit_idx = '0;
    for (int unsigned i = 0; i < Entries; i++) begin
      if (hit_vec[i]) hit_idx = IdxW'(i);
    end
  end

  assign lookup_hit_o   = |hit_vec;
  assign lookup_entry_o = entry_q[hit_idx];

  // The lowest invalid entry once the conflicts are dropped, else the PLRU victim.
  always_comb begin
    logic found;
    found      = 1'b0;
    victim_idx = plru_victim(plru_q, bug_i == BugPlruVictimInverted);
    for (int unsigned i = 0; i < Entries; i++) begin
      if (!found && !(entry_q[i].valid && !conflict_vec[i])) begin
        found      = 1'b1;
        victim_idx = IdxW'(i);
      end
    end
  end

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------

  always_comb begin
    plru_d = plru_q;
    if (fill_i) begin
      plru_d = plru_touch(plru_q, victim_idx);
    end else if (touch_i && lookup_hit_o && bug_i != BugPlruFillOnly) begin
      plru_d = plru_touch(plru_q, hit_idx);
    end
  end

  for (genvar i = 0; i < Entries; i++) begin : g_entry
    always_comb begin
      entry_d[i] = entry_q[i];
      if (fill_i && victim_idx == IdxW'(i)) begin
        entry_d[i]       = fill_entry_i;
        entry_d[i].valid = 1'b1;
      end else if ((fill_i && conflict_vec[i]) || (fence_i && fence_vec[i])) begin
        entry_d[i].valid = 1'b0;
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        entry_q[i] <= '0;
      end else begin
        entry_q[i] <= entry_d[i];
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      plru_q <= '0;
    end else begin
      plru_q <= plru_d;
    end
  end

  // ---------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------

  // Fills drop conflicting entries, so a lookup never hits two entries.
  HitOnehot: assert property (@(posedge clk_i) disable iff (!rst_ni) $onehot0(hit_vec));
  // The hart asks for one TLB update at a time.
  OneUpdate: assert property (@(posedge clk_i) disable iff (!rst_ni)
                              $onehot0({fill_i, touch_i, fence_i}));
  // Tree PLRU needs a power-of-two number of entries.
  if (Entries < 2 || (Entries & (Entries - 1)) != 0) begin : g_bad_entries
    $error("mmu_tlb: Entries must be a power of two >= 2");
  end

endmodule
