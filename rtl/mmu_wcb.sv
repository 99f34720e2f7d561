// The write-combining buffer of the NC path (model/wcb.h): one line. NC
// stores to the line it holds merge into it, bytes and mask; the memory
// system drains it as one line write with its byte mask and then clears it.
// Bytes outside the mask read as zero, so a drain's data is canonical.
//
// The memory system decides when to merge and when to drain (mmu_memsys):
// merge_i only while the buffer is empty or holds addr_i's line.

module mmu_wcb
  import mmu_pkg::*;
(
  input  logic         clk_i,
  input  logic         rst_ni,

  // Merge a store: its word's bytes (in their lanes) at aligned word addr_i
  input  logic         merge_i,
  input  logic [55:3]  addr_i,
  input  logic [63:0]  wdata_i,
  input  logic [7:0]   mask_i,
  // Empty the buffer (the drain's line write has been answered)
  input  logic         clear_i,

  // What it holds
  output logic         valid_o,       // holds data
  output logic [55:0]  line_addr_o,   // the line's address, when valid_o
  output logic [511:0] data_o,        // its bytes; zero outside mask_o
  output logic [63:0]  mask_o,        // bit i: byte i of the line written
  output logic         merge_full_o   // the mask would be full after merging mask_i at addr_i
);

  logic         valid_q;
  logic [49:0]  line_q;   // address bits 55:6
  logic [511:0] data_q;
  logic [63:0]  mask_q;
  logic [63:0]  merge_mask;  // mask_i at its word of the line
  logic [511:0] merge_bits;  // every bit of those bytes
  logic [511:0] merge_data;  // wdata_i at its word of the line

  assign merge_mask = {56'h0, mask_i} << {addr_i[5:3], 3'b000};

  // Built only in a merge's cycle: 512-bit logic costs simulation time.
  always_comb begin
    merge_bits = '0;
    merge_data = '0;
    if (merge_i) begin
      for (int unsigned b = 0; b < 64; b++) merge_bits[8 * b +: 8] = {8{merge_mask[b]}};
      merge_data = {448'h0, wdata_i} << {addr_i[5:3], 6'b000000};
    end
  end

  assign valid_o      = valid_q;
  assign line_addr_o  = {line_q, 6'h00};
  assign data_o       = data_q;
  assign mask_o       = mask_q;
  assign merge_full_o = (mask_q | merge_mask) == '1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      line_q  <= '0;
      data_q  <= '0;
      mask_q  <= '0;
    end else if (clear_i) begin
      valid_q <= 1'b0;
      line_q  <= '0;
      data_q  <= '0;
      mask_q  <= '0;
    end else if (merge_i) begin
      valid_q <= 1'b1;
      line_q  <= addr_i[55:6];
      mask_q  <= mask_q | merge_mask;
      data_q  <= (data_q & ~merge_bits) | (merge_data & merge_bits);
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
      // The buffer never merges across lines: a store merges into an empty
      // buffer or into the line it holds.
      if (merge_i && valid_q) NoMergeAcrossLines: assert (addr_i[55:6] == line_q);
      // A merge writes bytes, and the buffer holds data exactly when its mask
      // has a bit.
      if (merge_i) MergeWrites: assert (mask_i != '0);
      ValidIsMask: assert (valid_q == (mask_q != '0));
      // Merge and clear never come together.
      MergeOrClear: assert (!(merge_i && clear_i));
    end
  end

endmodule
