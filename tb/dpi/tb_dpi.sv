`include "mmu_bug.svh"

// A SystemVerilog-only testbench of the MMU RTL (rtl/mmu_top.sv, used as it
// is) with the golden model as its reference, called through DPI-C
// (api/mmucosim_pkg.sv over libmmucosim): the shape of a UVM environment's
// scoreboard without UVM. A driver sends a seeded stream of requests to the
// harts' ports, one in flight at a time: accesses with data (loads, stores,
// fetches, CBOs) and translate-only ones over Sv39 page tables with 4 KiB,
// 2 MiB and 1 GiB pages, invalid, reserved and misaligned entries, PTEs
// with and without A/D, NC and IO memory types; fences; CSR changes (ASID,
// SUM, MXR, hardware A/D on and off); page-table edits as M-mode stores.
// Before each request goes to the RTL, the model predicts its response; a
// monitor records what the RTL does (the request's acceptance, each access at
// the memory-system port with its answer, each bus transaction, the
// response) and the scoreboard compares all of it with the prediction. The
// TB plays the bus: its own memory (an associative array) answers each
// transaction Latency edges after the bus takes it, as tb/verilator/rtl.cpp
// does. The model has a memory of its own: the two are never shared.
//
// Plusargs: +seed=N (default 1), +requests=N (default 400), +bug=N (an
// injected bug; the mutant build, +define+MMU_MUTANTS), +verbose.
// The first mismatch prints both sides and ends the run with $fatal; a clean
// run ends with `tb_dpi: seed S: N requests passed, 0 failed`.

module tb_dpi;
  import mmu_pkg::*;
  import mmucosim_pkg::*;

  localparam int unsigned NumHarts = 4;   // the RTL's default; the stream uses two
  localparam int unsigned UsedHarts = 2;
  localparam int unsigned TlbEntries = 16;
  localparam int unsigned Latency = 4;
  localparam longint unsigned Root = 64'h8000_1000, L1 = 64'h8000_2000, L0 = 64'h8000_3000;
  localparam int unsigned Leaves = 20;    // 4 KiB pages of the L0 table

  // ---------------------------------------------------------------------------
  // Clock, reset, the RTL
  // ---------------------------------------------------------------------------
  logic clk = 1'b0;
  logic rst_n = 1'b0;
  always #5 clk = ~clk;

  logic     [NumHarts-1:0] req_valid = '0, req_ready, rsp_valid;
  mmu_req_t [NumHarts-1:0] req = '0;
  mmu_csr_t [NumHarts-1:0] csr = '0;
  mmu_rsp_t [NumHarts-1:0] rsp;
  logic                    bus_req_valid, bus_rsp_valid = 1'b0;
  bus_req_t                bus_req;
  logic     [1:0]          bus_hart;
  logic     [511:0]        bus_rsp_rdata = '0;
  logic                    agent_ready, agent_done, agent_hit, mem_req_valid, mem_rsp_valid;
  mem_req_t                mem_req;
  logic     [1:0]          mem_req_hart;
  mem_rsp_t                mem_rsp;
  logic     [7:0]          bug = 8'd0;

  mmu_top #(
    .NumHarts  (NumHarts),
    .TlbEntries(TlbEntries)
  ) dut (
    .clk_i          (clk),
    .rst_ni         (rst_n),
    `MMU_BUG_CONNECT(bug)
    .req_valid_i    (req_valid),
    .req_ready_o    (req_ready),
    .req_i          (req),
    .csr_i          (csr),
    .rsp_valid_o    (rsp_valid),
    .rsp_o          (rsp),
    .bus_req_valid_o(bus_req_valid),
    .bus_req_ready_i(1'b1),
    .bus_req_o      (bus_req),
    .bus_hart_o     (bus_hart),
    .bus_rsp_valid_i(bus_rsp_valid),
    .bus_rsp_rdata_i(bus_rsp_rdata),
    .agent_wr_valid_i(1'b0),
    .agent_wr_ready_o(agent_ready),
    .agent_wr_addr_i (56'd0),
    .agent_wr_data_i (64'd0),
    .agent_wr_done_o (agent_done),
    .agent_wr_hit_o  (agent_hit),
    .mem_req_valid_o(mem_req_valid),
    .mem_req_o      (mem_req),
    .mem_req_hart_o (mem_req_hart),
    .mem_rsp_valid_o(mem_rsp_valid),
    .mem_rsp_o      (mem_rsp)
  );

  // ---------------------------------------------------------------------------
  // The bus: the TB's memory, the I/O region below 0x8000_0000 empty (reads
  // zero, writes dropped) as the model's bus has it without devices
  // ---------------------------------------------------------------------------
  longint unsigned mem[longint unsigned];  // by 8-byte word: pa >> 3

  function automatic longint unsigned mem_read(longint unsigned pa);
    if (pa < 64'h8000_0000 || mem.exists(pa >> 3) == 0) return 0;
    return mem[pa >> 3];
  endfunction

  function automatic void mem_write(longint unsigned pa, longint unsigned value, logic [7:0] mask);
    longint unsigned bits = 0;
    if (pa < 64'h8000_0000) return;
    for (int b = 0; b < 8; b++) if (mask[b]) bits |= 64'hff << (8 * b);
    mem[pa >> 3] = (mem_read(pa) & ~bits) | (value & bits);
  endfunction

  // The answers to come: the edge each is valid at, and its data.
  longint unsigned answer_due[$];
  logic [511:0] answer_data[$];

  // ---------------------------------------------------------------------------
  // The monitor: what the RTL did, per edge (values as they were before it)
  // ---------------------------------------------------------------------------
  typedef struct {
    int unsigned kind, size, mask, hit, cycle;
    longint unsigned pa, data, cmp;
  } op_t;
  typedef struct {
    int unsigned write, beats, cycle;
    longint unsigned addr;
  } txn_t;

  longint unsigned edge_no = 0;  // rising edges so far
  int unsigned cur_hart = 0;
  logic in_flight = 1'b0, accepted = 1'b0, responded = 1'b0;
  longint unsigned accept_edge = 0;
  mmu_rsp_t got;
  int unsigned got_cycles;
  op_t got_ops[$];
  txn_t got_bus[$];

  always @(posedge clk) begin
    edge_no = edge_no + 1;
    if (in_flight && !accepted && req_valid[cur_hart] && req_ready[cur_hart]) begin
      accepted = 1'b1;
      accept_edge = edge_no;
    end else if (in_flight && accepted && rsp_valid[cur_hart]) begin
      got = rsp[cur_hart];
      got_cycles = int'(edge_no - accept_edge);
      responded = 1'b1;
    end
    if (mem_req_valid) begin
      op_t op;
      op.kind = int'(mem_req.kind);
      op.size = (op.kind <= MMC_MEM_STORE) ? (1 << mem_req.size) : 0;
      op.mask = int'(mem_req.mask);
      op.pa = longint'(mem_req.addr);
      op.data = (op.kind == MMC_MEM_PTE_CAS || op.kind == MMC_MEM_STORE) ? mem_req.wdata : 0;
      op.cmp = mem_req.cmp;
      op.hit = 0;
      op.cycle = int'(edge_no - accept_edge);
      got_ops.push_back(op);
    end
    if (mem_rsp_valid && got_ops.size() > 0) begin
      int last = got_ops.size() - 1;
      if (got_ops[last].kind == MMC_MEM_PTE_READ || got_ops[last].kind == MMC_MEM_LOAD)
        got_ops[last].data = mem_rsp.rdata;
      got_ops[last].hit = int'(mem_rsp.hit);
    end
    if (bus_req_valid) begin
      txn_t t;
      logic [511:0] data = '0;
      longint unsigned base = longint'(bus_req.addr);
      t.write = int'(bus_req.write);
      t.beats = bus_req.line ? 8 : 1;
      t.addr = base;
      t.cycle = int'(edge_no - accept_edge);
      got_bus.push_back(t);
      if (bus_req.line) begin
        for (int w = 0; w < 8; w++) begin
          if (bus_req.write) mem_write(base + 8 * w, bus_req.wdata[64*w +: 64], bus_req.mask[8*w +: 8]);
          else data[64*w +: 64] = mem_read(base + 8 * w);
        end
      end else if (bus_req.write) begin
        mem_write(base & ~64'h7, bus_req.wdata[63:0], bus_req.mask[7:0]);
      end else begin
        longint unsigned lanes = (bus_req.size == 2'd3) ? ~64'h0
                               : ((64'h1 << (8 << bus_req.size)) - 1) << (8 * base[2:0]);
        data[63:0] = mem_read(base & ~64'h7) & lanes;
      end
      answer_due.push_back(edge_no + 64'(Latency));
      answer_data.push_back(data);
    end
  end

  // The bus answers, set between edges: valid in the cycle before their due edge.
  always @(negedge clk) begin
    while (answer_due.size() > 0 && answer_due[0] <= edge_no) begin
      void'(answer_due.pop_front());
      void'(answer_data.pop_front());
    end
    bus_rsp_valid <= answer_due.size() > 0 && answer_due[0] == edge_no + 1;
    bus_rsp_rdata <= (answer_due.size() > 0 && answer_due[0] == edge_no + 1) ? answer_data[0] : '0;
  end

  // ---------------------------------------------------------------------------
  // The driver: the ports as the stimulus process sets them, changed at
  // falling edges (a request held valid until the edge that takes it)
  // ---------------------------------------------------------------------------
  logic rst_next = 1'b0;
  mmu_csr_t [NumHarts-1:0] csr_next = '0;
  mmu_req_t post_req = '0;

  always @(negedge clk) begin
    rst_n <= rst_next;
    csr <= csr_next;
    if (in_flight && !accepted) begin
      req[cur_hart] <= post_req;
      req_valid <= NumHarts'(1) << cur_hart;
    end else begin
      req_valid <= '0;
    end
  end

  // ---------------------------------------------------------------------------
  // The model and the scoreboard
  // ---------------------------------------------------------------------------
  chandle model;
  longint unsigned rng;
  int unsigned seed = 1, requests = 400, passed = 0;
  // what the stream exercised, from the model's side of each request
  int unsigned walks = 0, hits = 0, faults = 0, fences = 0, ad_updates = 0, data_accesses = 0;
  bit verbose = 0;
  string what;  // the request, for reports

  function automatic longint unsigned rand64();
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
  endfunction
  function automatic int unsigned pick(int unsigned n);
    return int'(rand64() % 64'(n));
  endfunction

  // Both memories, before the first request.
  function automatic void image_write(longint unsigned pa, longint unsigned value);
    mem_write(pa, value, 8'hff);
    if (mmc_mem_write(model, pa, value) != MMC_OK) $fatal(1, "tb_dpi: mmc_mem_write(%h) refused", pa);
  endfunction

  // The hart's CSR port from the model's CSRs (the model applies the WARL rules).
  task automatic drive_csrs(int h);
    longint unsigned ms = mmc_csr_read(model, h, MMC_CSR_MSTATUS);
    longint unsigned vs = mmc_csr_read(model, h, MMC_CSR_VSSTATUS);
    longint unsigned me = mmc_csr_read(model, h, MMC_CSR_MENVCFG);
    longint unsigned he = mmc_csr_read(model, h, MMC_CSR_HENVCFG);
    csr_next[h].satp = atp_t'(mmc_csr_read(model, h, MMC_CSR_SATP));
    csr_next[h].vsatp = atp_t'(mmc_csr_read(model, h, MMC_CSR_VSATP));
    csr_next[h].hgatp = atp_t'(mmc_csr_read(model, h, MMC_CSR_HGATP));
    csr_next[h].mstatus_sum = ms[18];
    csr_next[h].mstatus_mxr = ms[19];
    csr_next[h].vsstatus_sum = vs[18];
    csr_next[h].vsstatus_mxr = vs[19];
    csr_next[h].menvcfg_adue = me[61];
    csr_next[h].menvcfg_pbmte = me[62];
    csr_next[h].henvcfg_adue = he[61];
    csr_next[h].henvcfg_pbmte = he[62];
  endtask

  task automatic csr_write(int h, int id, longint unsigned value);
    if (mmc_csr_write(model, h, id, value) < 0) $fatal(1, "tb_dpi: mmc_csr_write refused");
    drive_csrs(h);
  endtask

  task automatic mismatch(string field, longint unsigned want, longint unsigned have);
    $display("MISMATCH at request %0d (seed %0d, hart %0d, edge %0d): %s", passed, seed, cur_hart, edge_no, what);
    $display("  %s: model %h, rtl %h", field, want, have);
    $display("  model: ok=%0d cause=%0d pa=%h tlb_hit=%0d cycles=%0d, %0d accesses", mmc_ok(model),
             mmc_cause(model), mmc_pa(model), mmc_tlb_hit(model), mmc_cycles(model), mmc_n_ops(model));
    $display("  rtl:   ok=%0d cause=%0d pa=%h tlb_hit=%0d cycles=%0d, %0d accesses", got.ok, got.cause,
             got.pa, got.tlb_hit, got_cycles, got_ops.size());
    for (int i = 0; i < mmc_n_ops(model) || i < got_ops.size(); i++)
      $display("  access #%0d: model kind %0d pa %h data %h @+%0d | rtl %s", i,
               mmc_op(model, i, MMC_F_KIND), mmc_op(model, i, MMC_F_PA), mmc_op(model, i, MMC_F_DATA),
               mmc_op(model, i, MMC_F_CYCLE), i < got_ops.size() ?
               $sformatf("kind %0d pa %h data %h @+%0d", got_ops[i].kind, got_ops[i].pa, got_ops[i].data,
                         got_ops[i].cycle) : "none");
    $display("  re-run: +seed=%0d +requests=%0d%s", seed, passed + 1, bug != 0 ? $sformatf(" +bug=%0d", bug) : "");
    $display("tb_dpi: seed %0d: %0d requests passed, 1 failed", seed, passed);
    $fatal(1, "tb_dpi: the RTL differs from the model");
  endtask

  task automatic check(string field, longint unsigned want, longint unsigned have);
    if (want != have) mismatch(field, want, have);
  endtask

  // The RTL's response against the model's prediction, field by field.
  task automatic score();
    check("ok", 64'(mmc_ok(model)), 64'(got.ok));
    check("cause", 64'(mmc_cause(model)), 64'(got.cause));
    check("pa", mmc_pa(model), got.pa);
    check("gpa", mmc_gpa(model), got.gpa);
    check("pbmt", 64'(mmc_pbmt(model)), 64'(got.pbmt));
    check("tlb_hit", 64'(mmc_tlb_hit(model)), 64'(got.tlb_hit));
    check("mem type", 64'(mmc_mtype(model)), 64'(got.mtype));
    check("cache_hit", 64'(mmc_cache_hit(model)), 64'(got.cache_hit));
    check("load data", mmc_load_data(model), got.load_data);
    check("cycles", 64'(mmc_cycles(model)), 64'(got_cycles));
    check("memory accesses", 64'(mmc_n_ops(model)), 64'(got_ops.size()));
    foreach (got_ops[i]) begin
      string n = $sformatf("access #%0d ", i);
      check({n, "kind"}, mmc_op(model, i, MMC_F_KIND), 64'(got_ops[i].kind));
      check({n, "pa"}, mmc_op(model, i, MMC_F_PA), got_ops[i].pa);
      check({n, "data"}, mmc_op(model, i, MMC_F_DATA), got_ops[i].data);
      check({n, "cmp"}, mmc_op(model, i, MMC_F_CMP), got_ops[i].cmp);
      check({n, "size"}, mmc_op(model, i, MMC_F_SIZE), 64'(got_ops[i].size));
      check({n, "mask"}, mmc_op(model, i, MMC_F_MASK), 64'(got_ops[i].mask));
      check({n, "cache hit"}, mmc_op(model, i, MMC_F_HIT), 64'(got_ops[i].hit));
      check({n, "cycle"}, mmc_op(model, i, MMC_F_CYCLE), 64'(got_ops[i].cycle));
    end
    check("bus transactions", 64'(mmc_n_bus(model)), 64'(got_bus.size()));
    foreach (got_bus[i]) begin
      string n = $sformatf("bus #%0d ", i);
      check({n, "write"}, mmc_bus(model, i, MMC_B_WRITE), 64'(got_bus[i].write));
      check({n, "addr"}, mmc_bus(model, i, MMC_B_ADDR), got_bus[i].addr);
      check({n, "beats"}, mmc_bus(model, i, MMC_B_BEATS), 64'(got_bus[i].beats));
      check({n, "cycle"}, mmc_bus(model, i, MMC_B_CYCLE), 64'(got_bus[i].cycle));
    end
  endtask

  // One request on hart h's port, after its prediction: held valid from a
  // falling edge until taken, then run until its response.
  task automatic run_on_rtl(int h, mmu_req_t r);
    @(negedge clk);
    cur_hart = h;
    got_ops.delete();
    got_bus.delete();
    accepted = 1'b0;
    responded = 1'b0;
    in_flight = 1'b1;
    post_req = r;
    do begin
      @(negedge clk);
      if (edge_no - accept_edge > 100000 && accepted) $fatal(1, "tb_dpi: no response from hart %0d", h);
    end while (!responded);
    in_flight = 1'b0;
    score();
    passed++;
    if (r.is_fence) fences++;
    else if (mmc_ok(model) == 0) faults++;
    if (mmc_tlb_hit(model) != 0) hits++;
    for (int i = 0; i < mmc_n_ops(model); i++) begin
      int kind = int'(mmc_op(model, i, MMC_F_KIND));
      if (i == 0 && kind == MMC_MEM_PTE_READ) walks++;
      if (kind == MMC_MEM_PTE_CAS) ad_updates++;
      if (kind >= MMC_MEM_LOAD && kind < MMC_MEM_FENCE) data_accesses++;
    end
    if (verbose) $display("#%0d hart %0d %s -> ok=%0d pa=%h cycles=%0d", passed - 1, h, what, got.ok, got.pa,
                          got_cycles);
  endtask

  task automatic access(int h, longint unsigned va, int acc, int priv, int op, int size, longint unsigned wdata);
    mmu_req_t r = '0;
    int status = mmc_access(model, h, va, acc, priv, 0, op, size, wdata);
    if (status != MMC_OK) $fatal(1, "tb_dpi: mmc_access refused: %s", mmc_strerror(status));
    what = $sformatf("access va=%h type=%0d priv=%0d op=%0d size=%0d wdata=%h", va, acc, priv, op, size, wdata);
    r.access.va = va;
    r.access.access = access_e'(acc);
    r.access.priv = priv_e'(priv);
    r.access.data_op = data_op_e'(op);
    r.access.size = (op == MMC_OP_LOAD || op == MMC_OP_STORE || op == MMC_OP_FETCH) ? 2'($clog2(size)) : 2'd0;
    r.access.wdata = op == MMC_OP_STORE ? wdata : 64'd0;
    run_on_rtl(h, r);
  endtask

  task automatic fence(int h, int kind, int has_addr, longint unsigned addr, int has_id, int id);
    mmu_req_t r = '0;
    if (mmc_fence(model, h, kind, has_addr, addr, has_id, id) < 0) $fatal(1, "tb_dpi: mmc_fence refused");
    what = $sformatf("fence kind=%0d addr=%0d:%h id=%0d:%0d", kind, has_addr, addr, has_id, id);
    r.is_fence = 1'b1;
    r.fence.kind = fence_e'(kind);
    r.fence.has_addr = 1'(has_addr);
    r.fence.has_id = 1'(has_id);
    r.fence.id = 16'(id);
    r.fence.addr = addr;
    run_on_rtl(h, r);
  endtask

  // ---------------------------------------------------------------------------
  // The stimulus
  // ---------------------------------------------------------------------------
  function automatic longint unsigned pte(longint unsigned pa, longint unsigned flags);
    return ((pa >> 12) << 10) | flags;
  endfunction

  // A 4 KiB leaf's flags: mostly a user page that can be read (W, X, G, A, D
  // at random), else anything (invalid, W without R, a supervisor page); the
  // last four pages get a PBMT (NC, IO, reserved).
  function automatic longint unsigned leaf_flags(int i);
    longint unsigned f = rand64() & 64'hfe;
    if (pick(4) != 0) f = 64'h13 | (rand64() & 64'he4);
    else if (pick(4) != 0) f |= 64'h1;
    if (i >= Leaves - 4) f |= longint'(pick(4)) << 61;
    return f;
  endfunction

  function automatic longint unsigned leaf_pa(int i);
    return 64'h8010_0000 + 64'h1000 * longint'(i);
  endfunction

  function automatic void build_tables();
    image_write(Root + 8 * 0, pte(L1, 64'h01));
    image_write(Root + 8 * 2, pte(64'hC000_0000, 64'hdf));          // 1 GiB at VA 0x8000_0000, U RWX A D
    image_write(Root + 8 * 3, pte(L1, 64'h41));                     // a pointer with A: reserved
    image_write(L1 + 8 * 0, pte(L0, 64'h01));
    image_write(L1 + 8 * 1, pte(64'h8040_0000, 64'h57));            // 2 MiB at VA 0x20_0000, U R W A
    image_write(L1 + 8 * 3, pte(64'h8040_1000, 64'hc7));            // 2 MiB misaligned
    for (int i = 0; i < Leaves; i++) image_write(L0 + 8 * i, leaf_flags(i) | pte(leaf_pa(i), 0));
  endfunction

  // A virtual address of some kind, with an offset aligned to size.
  function automatic longint unsigned some_va(int size);
    longint unsigned off = rand64() & 64'h1f8 & ~(64'(size) - 64'd1);
    int unsigned kind = pick(20);  // drawn once: a case expression may be evaluated per item
    unique case (kind)
      0, 1:    return 64'h20_0000 + (rand64() & 64'h1f_f000) + off;   // the 2 MiB page
      2, 3:    return 64'h8000_0000 + (rand64() & 64'h3ff0_0000) + off;  // the 1 GiB page
      4:       return 64'h40_0000 + off;                               // invalid
      5:       return (pick(2) != 0 ? 64'h60_0000 : 64'hc000_0000) + off;   // misaligned, reserved pointer
      6:       return 64'h40_0000_0000 + off;                          // not canonical
      default: return 64'h1000 * longint'(pick(Leaves)) + off;         // a 4 KiB page
    endcase
  endfunction

  task automatic one_access(int h);
    int op = pick(7);
    int size = 1 << pick(4);
    int acc = op == MMC_OP_NONE ? int'(pick(3)) : op == MMC_OP_LOAD ? MMC_LOAD : op == MMC_OP_FETCH ? MMC_FETCH
                                                                                                     : MMC_STORE;
    longint unsigned va = some_va(size);
    if (pick(40) == 0) va |= 1;  // misaligned (faults when sized)
    access(h, va, acc, pick(4) != 0 ? MMC_PRIV_U : MMC_PRIV_S, op, size, rand64());
  endtask

  task automatic one_event(int h);
    int unsigned kind = pick(60);
    unique case (kind)
      0: fence(h, MMC_SFENCE_VMA, 0, 0, 0, 0);
      1: fence(h, MMC_SFENCE_VMA, 1, 64'h1000 * longint'(pick(Leaves)), 0, 0);
      2: fence(h, MMC_SFENCE_VMA, 0, 0, 1, int'(pick(3)));
      3: fence(h, MMC_FENCE, 0, 0, 0, 0);
      4: csr_write(h, MMC_CSR_MSTATUS, (longint'(pick(4)) << 18));           // SUM, MXR
      5: csr_write(h, MMC_CSR_MENVCFG, (longint'(pick(2)) << 61) | (64'h1 << 62));  // ADUE on/off, PBMTE
      6: csr_write(h, MMC_CSR_SATP, (64'h8 << 60) | ((64'(pick(2)) + 64'd1) << 44) | (Root >> 12));
      7: begin  // software edits a leaf: an M-mode store (its hart's TLB may keep the old one)
        int i = int'(pick(Leaves));
        access(h, L0 + 8 * i, MMC_STORE, MMC_PRIV_M, MMC_OP_STORE, 8, leaf_flags(i) | pte(leaf_pa(i), 0));
      end
      default: one_access(h);
    endcase
  endtask

  initial begin
    void'($value$plusargs("seed=%d", seed));
    void'($value$plusargs("requests=%d", requests));
    verbose = $test$plusargs("verbose");
    if ($value$plusargs("bug=%d", bug)) begin
`ifndef MMU_MUTANTS
      if (bug != 0) $fatal(1, "tb_dpi: +bug needs the mutant build (+define+MMU_MUTANTS)");
`endif
    end
    rng = 64'h9e37_79b9_7f4a_7c15 ^ longint'(seed);
    $display("tb_dpi: seed %0d, %0d requests, %0d harts, TLB %0d, latency %0d, model %s%s", seed, requests,
             UsedHarts, TlbEntries, Latency, mmc_version(), bug != 0 ? $sformatf(", injected bug %0d", bug) : "");
    model = mmc_new(UsedHarts, TlbEntries, Latency);
    if (model == null) $fatal(1, "tb_dpi: %s", mmc_config_check(UsedHarts, TlbEntries, Latency));
    build_tables();
    for (int h = 0; h < UsedHarts; h++) begin
      csr_write(h, MMC_CSR_MENVCFG, (64'h1 << 61) | (64'h1 << 62));
      csr_write(h, MMC_CSR_SATP, (64'h8 << 60) | (64'h1 << 44) | (Root >> 12));
    end
    repeat (2) @(negedge clk);
    rst_next = 1'b1;
    while (passed < requests) one_event(int'(pick(UsedHarts)));
    $display("tb_dpi: seed %0d: %0d requests passed, 0 failed (%0d walks, %0d A/D updates, %0d TLB hits, %0d faults, %0d data accesses, %0d fences)",
             seed, passed, walks, ad_updates, hits, faults, data_accesses, fences);
    mmc_free(model);
    $finish;
  end

endmodule
