`include "mmu_bug.svh"

// The shared cache (model/cache.h): physically indexed and tagged, set
// associative, write-back and write-allocate, a tree PLRU per set (the
// TLB's tree, mmu_pkg's plru_touch/plru_victim). By default 128 KiB of 4
// ways of 64-byte lines: 512 sets indexed by address bits 14:6 (so 4 KiB
// frames come in 8 colors, bits 14:12), tags bits 55:15.
//
// This is the cache's state and its primitive operations; which of them a
// request uses, and when, is the memory system's (mmu_memsys):
//  - lookup of addr_i's line, combinational, in the cycles lookup_i asks for
//    it (the hit, the hit way's word at addr_i, and the victim a fill would
//    take: the lowest invalid way, else the PLRU victim);
//  - updates at the clock edge, on way_i of addr_i's set: write bytes of
//    addr_i's word, mark dirty, touch the PLRU, clean, invalidate, fill;
//  - the line of way_i of addr_i's set, for a write-back, while line_read_i.
//
// Speed: the data array is one memory of lines that only a fill or a write
// writes, and only the hit's word or a write-back's line reads, so Verilator
// never sweeps it; tags are one memory too. Valid, dirty and PLRU bits, the
// state a reset clears, are packed vectors.

module mmu_cache
  import mmu_pkg::*;
#(
  parameter int unsigned SizeBytes = 128 * 1024,  // power of two
  parameter int unsigned Ways = 4,                // power of two, 2..64
  parameter int unsigned LineBytes = 64,          // the bus moves 64-byte lines
  localparam int unsigned WayW = $clog2(Ways)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  `MMU_BUG_PORT  // the injected bug to switch on (mutant build only)

  input  logic [55:3]          addr_i,        // the request's aligned word

  // Lookup, in the cycles that ask for it (the outputs read 0 in the others)
  input  logic                 lookup_i,
  output logic                 hit_o,
  output logic [WayW-1:0]      hit_way_o,
  output logic                 hit_dirty_o,
  output logic [63:0]          word_o,        // the hit way's aligned word holding addr_i
  output logic [WayW-1:0]      victim_way_o,  // the way a fill takes
  output logic                 victim_dirty_o,  // it holds a line newer than memory
  output logic [55:0]          victim_addr_o, // that line's address

  // Updates at the edge, on way_i of addr_i's set
  input  logic [WayW-1:0]      way_i,
  input  logic                 write_i,       // bytes wmask_i of addr_i's aligned word
  input  logic [63:0]          wdata_i,       // in their byte lanes
  input  logic [7:0]           wmask_i,
  input  logic                 dirty_i,       // the line becomes dirty
  input  logic                 touch_i,       // the way becomes the set's most recently used
  input  logic                 clean_i,       // the line becomes clean (written back)
  input  logic                 inval_i,       // the line becomes invalid
  input  logic                 fill_i,        // the way holds addr_i's line, valid, clean; touched
  input  logic [LineBytes*8-1:0] fill_data_i,

  // The line of way_i in addr_i's set, while line_read_i (a write-back)
  input  logic                 line_read_i,
  output logic [LineBytes*8-1:0] line_o
);

  localparam int unsigned Sets  = SizeBytes / (Ways * LineBytes);
  localparam int unsigned OffW  = $clog2(LineBytes);
  localparam int unsigned IdxW  = $clog2(Sets);
  localparam int unsigned TagW  = 56 - IdxW - OffW;
  localparam int unsigned Slots = Sets * Ways;
  localparam int unsigned SlotW = $clog2(Slots);
  localparam int unsigned LineW = LineBytes * 8;

  // Tags and data: memories, one slot per {set, way}, never reset (valid_q says)
  logic [TagW-1:0]       tag_q  [Slots];
  logic [LineW-1:0]      data_q [Slots];
  // Per slot, and per set the tree bits of nodes 1..Ways-1
  logic [Slots-1:0]      valid_q, dirty_q;
  logic [Sets*(Ways-1)-1:0] plru_q;

  logic [IdxW-1:0]   set;
  logic [TagW-1:0]   tag;
  logic [SlotW-1:0]  base;       // the set's first slot
  logic [SlotW-1:0]  slot;       // way_i's slot in the set
  logic [Ways-1:0]   hit_vec;
  logic [PlruMaxBits-1:0] tree;  // the set's PLRU tree, node k at bit k

  // The set index is address bits IdxW+OffW-1:OffW (14:6).
  always_comb begin
    set = addr_i[OffW +: IdxW];
    // A color bit (address bit 12) dropped from the index: frames that
    // differ only there share a set and a tag.
    if (`MMU_BUG(BugSetIndexIgnoresColor)) set[12 - OffW] = 1'b0;
  end
  assign tag  = addr_i[55 -: TagW];
  assign base = SlotW'(set) << WayW;
  assign slot = base | SlotW'(way_i);

  always_comb begin
    tree = '0;
    tree[Ways-1:1] = plru_q[set * (Ways - 1) +: (Ways - 1)];
  end

  // ---------------------------------------------------------------------------
  // Lookup
  // ---------------------------------------------------------------------------

  // Only in the cycles that ask for it (see the TLB's lookup).
  always_comb begin
    hit_vec = '0;
    if (lookup_i) begin
      for (int unsigned w = 0; w < Ways; w++) begin
        hit_vec[w] = valid_q[base | SlotW'(w)] && tag_q[base | SlotW'(w)] == tag;
      end
    end
  end

  always_comb begin
    logic [SlotW-1:0] hit_slot;
    hit_way_o = '0;
    for (int unsigned w = 0; w < Ways; w++) begin
      if (hit_vec[w]) hit_way_o = WayW'(w);
    end
    hit_o       = |hit_vec;
    hit_slot    = base | SlotW'(hit_way_o);
    hit_dirty_o = hit_o && dirty_q[hit_slot];
    word_o      = '0;
    if (hit_o) word_o = data_q[hit_slot][addr_i[OffW-1:3] * 64 +: 64];
  end

  // The lowest invalid way, else the PLRU victim.
  always_comb begin
    logic             found;
    logic [SlotW-1:0] victim_slot;
    found          = 1'b0;
    victim_slot    = '0;
    victim_way_o   = '0;
    victim_dirty_o = 1'b0;
    victim_addr_o  = '0;
    if (lookup_i) begin
      victim_way_o = WayW'(plru_victim(tree, WayW));
      for (int unsigned w = 0; w < Ways; w++) begin
        if (!found && !valid_q[base | SlotW'(w)]) begin
          found        = 1'b1;
          victim_way_o = WayW'(w);
        end
      end
      victim_slot    = base | SlotW'(victim_way_o);
      victim_dirty_o = valid_q[victim_slot] && dirty_q[victim_slot];
      victim_addr_o  = {tag_q[victim_slot], set, OffW'(0)};
    end
  end

  always_comb begin
    line_o = '0;
    if (line_read_i) line_o = data_q[slot];
  end

  // ---------------------------------------------------------------------------
  // Updates
  // ---------------------------------------------------------------------------

  // A write's new line: the old one with the word's bytes replaced (built
  // only in a write's cycle).
  logic [LineW-1:0] write_line;
  always_comb begin
    logic [63:0] word;
    word       = '0;
    write_line = '0;
    if (write_i) begin
      write_line = data_q[slot];
      word       = write_line[addr_i[OffW-1:3] * 64 +: 64];
      for (int unsigned b = 0; b < 8; b++) begin
        if (wmask_i[b]) word[8 * b +: 8] = wdata_i[8 * b +: 8];
      end
      write_line[addr_i[OffW-1:3] * 64 +: 64] = word;
    end
  end

  // The set's tree after a touch of way_i (a fill touches its way too).
  logic [PlruMaxBits-1:0] tree_touched;
  always_comb begin
    tree_touched = '0;
    if (fill_i || touch_i) tree_touched = plru_touch(tree, WayW, int'(way_i));
  end
  // Nodes 1..Ways-1 are the set's; the rest of the shared format is not.
  logic unused_tree;
  assign unused_tree = ^{tree_touched[PlruMaxBits-1:Ways], tree_touched[0]};

  always_ff @(posedge clk_i) begin
    if (fill_i) begin
      tag_q[slot] <= tag;
      // The fill's data lost: the line keeps the victim's bytes under the new tag.
      if (!`MMU_BUG(BugFillKeepsVictimData)) data_q[slot] <= fill_data_i;
    end else if (write_i) begin
      data_q[slot] <= write_line;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      dirty_q <= '0;
      plru_q  <= '0;
    end else begin
      if (fill_i) begin
        valid_q[slot] <= 1'b1;
        dirty_q[slot] <= 1'b0;
      end else if (inval_i) begin
        valid_q[slot] <= 1'b0;
        dirty_q[slot] <= 1'b0;
      end else if (clean_i) begin
        dirty_q[slot] <= 1'b0;
      end else if (dirty_i) begin
        dirty_q[slot] <= 1'b1;
      end
      if (fill_i || touch_i) begin
        plru_q[set * (Ways - 1) +: (Ways - 1)] <= tree_touched[Ways-1:1];
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------

  // Same-cycle checks are immediate assertions at the clock edge, "if (a)
  // assert (b)" for a |-> b: they see what a concurrent assertion samples
  // (the flops before the edge and the logic they feed) without the copy of
  // every signal it reads that Verilator makes at each evaluation (here
  // valid_q and dirty_q, Slots bits each).
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // At most one way of a set holds a line: a fill takes a line that missed.
      HitOnehot: assert ($onehot0(hit_vec));
      // A fill, a write, an invalidation and a cleaning never come together.
      OneUpdate: assert ($onehot0({fill_i, write_i, inval_i, clean_i}));
      // Only a valid line is written, made dirty, cleaned or touched.
      if (write_i || dirty_i || clean_i || touch_i) UpdateValid: assert (valid_q[slot]);
      // A dirty line is valid.
      if (dirty_q[slot]) DirtyValid: assert (valid_q[slot]);
    end
  end
  // The parameters: powers of two, the bus's line.
  if (Ways < 2 || Ways > 64 || (Ways & (Ways - 1)) != 0) begin : g_bad_ways
    $error("mmu_cache: Ways must be a power of two, 2..64");
  end
  if (LineBytes != BusLineBytes) begin : g_bad_line
    $error("mmu_cache: LineBytes must be the bus line (64 bytes)");
  end
  if (Sets < 1 || (Sets & (Sets - 1)) != 0 ||
      Sets * Ways * LineBytes != SizeBytes) begin : g_bad_size
    $error("mmu_cache: SizeBytes must be a power of two multiple of Ways * LineBytes");
  end

endmodule
