// What CVA6's MMU needs from the core around it: its configuration, built by CVA6's own
// build_config_pkg from ours (cva6_config_pkg.sv), and the port types the core declares inside
// cva6.sv (so no file of CVA6's declares them for a standalone MMU). The layouts are CVA6's at the
// vendored commit (third_party/cva6/MANIFEST): the MMU reads and drives them field by field, so a
// layout that drifted from upstream would fail to elaborate or be caught by the comparison.
package cva6_types_pkg;

  localparam config_pkg::cva6_cfg_t CVA6Cfg = build_config_pkg::build_config(
      cva6_config_pkg::cva6_cfg
  );

  // An exception as the MMU reports it: cause, tval (the faulting virtual address), tval2 (the
  // guest physical address of a guest-page fault), tinst, gva (tval holds a guest address).
  typedef struct packed {
    logic [CVA6Cfg.XLEN-1:0]  cause;
    logic [CVA6Cfg.XLEN-1:0]  tval;
    logic [CVA6Cfg.GPLEN-1:0] tval2;
    logic [31:0]              tinst;
    logic                     gva;
    logic                     valid;
    logic                     timing;
  } exception_t;

  // The fetch side: the instruction cache's translation request and the MMU's answer.
  typedef struct packed {
    logic                    fetch_valid;
    logic [CVA6Cfg.PLEN-1:0] fetch_paddr;
    exception_t              fetch_exception;
  } icache_areq_t;

  typedef struct packed {
    logic                    fetch_req;
    logic [CVA6Cfg.VLEN-1:0] fetch_vaddr;
  } icache_arsp_t;

  // The data cache's request port, which the page-table walker uses for its PTE reads: the index
  // goes with the request, the tag a cycle after the grant (tag_valid), the data comes with rvalid.
  typedef struct packed {
    logic [CVA6Cfg.DCACHE_INDEX_WIDTH-1:0] address_index;
    logic [CVA6Cfg.DCACHE_TAG_WIDTH-1:0]   address_tag;
    logic [CVA6Cfg.XLEN-1:0]               data_wdata;
    logic [CVA6Cfg.DCACHE_USER_WIDTH-1:0]  data_wuser;
    logic                                  data_req;
    logic                                  data_we;
    logic [(CVA6Cfg.XLEN/8)-1:0]           data_be;
    logic [1:0]                            data_size;
    logic [CVA6Cfg.DcacheIdWidth-1:0]      data_id;
    logic                                  kill_req;
    logic                                  tag_valid;
    logic [7:0]                            cbo_op;
  } dcache_req_i_t;

  typedef struct packed {
    logic                                 data_gnt;
    logic                                 data_rvalid;
    logic [CVA6Cfg.DcacheIdWidth-1:0]     data_rid;
    logic [CVA6Cfg.XLEN-1:0]              data_rdata;
    logic [CVA6Cfg.DCACHE_USER_WIDTH-1:0] data_ruser;
  } dcache_req_o_t;

endpackage
