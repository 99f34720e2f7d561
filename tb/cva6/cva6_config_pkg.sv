// The CVA6 configuration mmucosim builds CVA6's MMU with: an RV64 core with Sv39, and, by build
// variant, the hypervisor extension (Sv39x4) and the shared L2 TLB. CVA6's own packages
// (riscv_pkg, ariane_pkg) read a few constants from a package of this name, so it is named as
// CVA6's configuration packages are; every CVA6 configuration file defines one, this is ours.
//
// Variants (Verilator +define+):
//   MMUCOSIM_CVA6_RVH         the H extension: two-stage translation, HLV/HSV/HLVX
//   MMUCOSIM_CVA6_SHARED_TLB  the shared TLB (2 ways x 64 sets in SRAM) behind the L1 TLBs
//
// Only the fields the MMU, its PTW, the TLBs and the PMP read matter; the rest take the values of
// CVA6's cv64a6_imafdch_sv39 configuration so that build_config_pkg::build_config() accepts them.
package cva6_config_pkg;

  localparam int unsigned CVA6ConfigXlen = 64;
  localparam int unsigned CVA6ConfigDataUserWidth = CVA6ConfigXlen;
  localparam bit CVA6ConfigRvfiTrace = 1'b0;

`ifdef MMUCOSIM_CVA6_RVH
  localparam bit CVA6ConfigHExtEn = 1'b1;
`else
  localparam bit CVA6ConfigHExtEn = 1'b0;
`endif
`ifdef MMUCOSIM_CVA6_SHARED_TLB
  localparam bit CVA6ConfigSharedTlb = 1'b1;
`else
  localparam bit CVA6ConfigSharedTlb = 1'b0;
`endif

  // L1 TLB entries (instruction and data each), shared TLB sets (of 2 ways).
  localparam int unsigned CVA6ConfigTlbEntries = 16;
  localparam int unsigned CVA6ConfigSharedTlbDepth = 64;

  localparam config_pkg::cva6_user_cfg_t cva6_cfg = '{
      XLEN: unsigned'(CVA6ConfigXlen),
      VLEN: unsigned'(64),
      RVA: bit'(1),
      RVB: bit'(1),
      ZKN: bit'(0),
      RVV: bit'(0),
      RVC: bit'(1),
      RVH: bit'(CVA6ConfigHExtEn),
      RVZCB: bit'(1),
      RVZCMP: bit'(0),
      RVZCMT: bit'(0),
      RVZiCond: bit'(1),
      RVZiCbom: bit'(0),
      RVZicntr: bit'(1),
      RVZihpm: bit'(1),
      RVF: bit'(1),
      RVD: bit'(1),
      XF16: bit'(0),
      XF16ALT: bit'(0),
      XF8: bit'(0),
      XFVec: bit'(0),
      PerfCounterEn: bit'(1),
      MmuPresent: bit'(1),
      RVS: bit'(1),
      RVU: bit'(1),
      SoftwareInterruptEn: bit'(1),
      DebugEn: bit'(1),
      DmBaseAddress: 64'h0,
      HaltAddress: 64'h800,
      ExceptionAddress: 64'h808,
      Sdtrig: bit'(0),
      SdtrigMcontrol6: bit'(0),
      SdtrigMcontrol6ExecAddr: bit'(0),
      SdtrigMcontrol6ExecData: bit'(0),
      SdtrigMcontrol6Store: bit'(0),
      SdtrigMcontrol6LoadAddr: bit'(0),
      SdtrigMcontrol6LoadData: bit'(0),
      SdtrigIcount: bit'(0),
      SdtrigEtrigger: bit'(0),
      SdtrigItrigger: bit'(0),
      SdtrigNrTriggers: int'(4),
      SdtrigTriggerChaining: bit'(0),
      SdtrigSupportedActions: 2'b01,
      SdtrigSupportedMatch: 10'b00_0000_0001,
      SdtrigSupportTextra: bit'(0),
      TvalEn: bit'(1),
      DirectVecOnly: bit'(0),
      // No PMP entries: the PTW's PMP check allows every read (the model has no PMP).
      NrPMPEntries: unsigned'(0),
      PMPCfgRstVal: {64{64'h0}},
      PMPAddrRstVal: {64{64'h0}},
      PMPEntryReadOnly: 64'd0,
      PMPNapotEn: bit'(1),
      NrNonIdempotentRules: unsigned'(0),
      NonIdempotentAddrBase: 1024'(0),
      NonIdempotentLength: 1024'(0),
      NrExecuteRegionRules: unsigned'(0),
      ExecuteRegionAddrBase: 1024'(0),
      ExecuteRegionLength: 1024'(0),
      NrCachedRegionRules: unsigned'(0),
      CachedRegionAddrBase: 1024'(0),
      CachedRegionLength: 1024'(0),
      CvxifEn: bit'(0),
      CoproType: config_pkg::COPRO_NONE,
      NOCType: config_pkg::NOC_TYPE_AXI4_ATOP,
      AxiAddrWidth: unsigned'(64),
      AxiDataWidth: unsigned'(64),
      AxiIdWidth: unsigned'(4),
      AxiUserWidth: unsigned'(CVA6ConfigDataUserWidth),
      AxiBurstWriteEn: bit'(0),
      MemTidWidth: unsigned'(2),
      IcacheByteSize: unsigned'(16384),
      IcacheSetAssoc: unsigned'(4),
      IcacheLineWidth: unsigned'(128),
      DCacheType: config_pkg::WT,
      DcacheIdWidth: int'(1),
      DcacheByteSize: unsigned'(32768),
      DcacheSetAssoc: unsigned'(8),
      DcacheLineWidth: unsigned'(128),
      DcacheFlushOnFence: 1'b0,
      DcacheFlushOnFenceI: 1'b0,
      DcacheInvalidateOnFlush: 1'b0,
      DataUserEn: unsigned'(0),
      WtDcacheWbufDepth: int'(8),
      FetchUserEn: unsigned'(0),
      FetchUserWidth: unsigned'(CVA6ConfigXlen),
      FpgaEn: bit'(0),
      FpgaAlteraEn: bit'(0),
      TechnoCut: bit'(0),
      SuperscalarEn: bit'(0),
      ALUBypass: bit'(0),
      NrCommitPorts: unsigned'(2),
      NrLoadPipeRegs: int'(1),
      NrStorePipeRegs: int'(0),
      NrScoreboardEntries: unsigned'(8),
      NrLoadBufEntries: unsigned'(2),
      MaxOutstandingStores: unsigned'(7),
      RASDepth: unsigned'(2),
      BTBEntries: unsigned'(32),
      BPType: config_pkg::BHT,
      BHTEntries: unsigned'(128),
      BHTHist: unsigned'(3),
      InstrTlbEntries: int'(CVA6ConfigTlbEntries),
      DataTlbEntries: int'(CVA6ConfigTlbEntries),
      UseSharedTlb: bit'(CVA6ConfigSharedTlb),
      SharedTlbDepth: int'(CVA6ConfigSharedTlbDepth),
      SvnapotEn: bit'(1)
  };

endpackage
