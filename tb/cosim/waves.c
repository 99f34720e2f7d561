#include "waves.h"

#include <inttypes.h>
#include <stdio.h>

/* GTKWave display flags: binary, hex, and the open/close marks of a group. */
#define GTKW_BIN         "@28"
#define GTKW_HEX         "@22"
#define GTKW_GROUP_OPEN  "@800200"
#define GTKW_GROUP_CLOSE "@1000200"

#define W_ENTRIES (-1) /* one bit per TLB entry: [E-1:0] */
#define W_PLRU    (-2) /* the PLRU tree: [E-1:1] */
#define W_INDEX   (-3) /* an entry index: [log2(E)-1:0] */
#define W_WORD    (-4) /* a physical word address: [55:3] */

/* The memory-system port as the memory system takes and answers it. */
static const wave_signal port_signals[] = {
    {"clk_i", 1},
    {"rst_ni", 1},
    {"mem_req_valid_o", 1},
    {"mem_req_hart_o", 2},
    {"mem_req_o.kind", 3},
    {"mem_req_o.mtype", 2},
    {"mem_req_o.addr", 56},
    {"mem_req_o.size", 2},
    {"mem_req_o.wdata", 64},
    {"mem_req_o.mask", 8},
    {"mem_req_o.cmp", 64},
    {"mem_rsp_valid_o", 1},
    {"mem_rsp_o.rdata", 64},
    {"mem_rsp_o.hit", 1},
};

/* The bus, and the agent port (another bus master's coherent store) beside it. */
static const wave_signal bus_signals[] = {
    {"bus_req_valid_o", 1},   {"bus_req_ready_i", 1},  {"bus_hart_o", 2},        {"bus_req_o.write", 1},
    {"bus_req_o.line", 1},    {"bus_req_o.addr", 56},  {"bus_req_o.size", 2},    {"bus_req_o.mask", 64},
    {"bus_req_o.wdata", 512}, {"bus_rsp_valid_i", 1},  {"bus_rsp_rdata_i", 512}, {"agent_wr_valid_i", 1},
    {"agent_wr_ready_o", 1},  {"agent_wr_addr_i", 56}, {"agent_wr_data_i", 64},  {"agent_wr_done_o", 1},
    {"agent_wr_hit_o", 1},
};

static const wave_signal memsys_signals[] = {
    {"state_q", 2},           {"hart_q", 2},        {"req_q.kind", 3},   {"req_q.mtype", 2},
    {"req_q.addr", 56},       {"req_q.size", 2},    {"req_q.wdata", 64}, {"req_q.mask", 8},
    {"req_q.cmp", 64},        {"looked_q", 1},      {"hit_q", 1},        {"done_q", 1},
    {"rdata_q", 64},          {"bus_op_q", 3},      {"bus_addr_q", 56},  {"bus_way_q", 2},
    {"rsp_valid_q", 1},       {"rsp_q.rdata", 64},  {"rsp_q.hit", 1},    {"agent_pending_q", 1},
    {"agent_word_q", W_WORD}, {"agent_data_q", 64}, {"agent_done_q", 1},
};

/* The cache of the build (128 KiB, 4 ways of 64 bytes: 512 sets). */
static const wave_signal cache_signals[] = {
    {"addr_i", W_WORD},    {"lookup_i", 1},       {"set", 9},         {"tag", 41},     {"hit_vec", 4},
    {"hit_o", 1},          {"hit_way_o", 2},      {"hit_dirty_o", 1}, {"word_o", 64},  {"victim_way_o", 2},
    {"victim_dirty_o", 1}, {"victim_addr_o", 56}, {"tree", 64},       {"way_i", 2},    {"write_i", 1},
    {"wdata_i", 64},       {"wmask_i", 8},        {"dirty_i", 1},     {"touch_i", 1},  {"clean_i", 1},
    {"inval_i", 1},        {"fill_i", 1},         {"line_read_i", 1}, {"line_o", 512},
};

static const wave_signal wcb_signals[] = {
    {"merge_i", 1}, {"addr_i", W_WORD}, {"wdata_i", 64}, {"mask_i", 8},   {"clear_i", 1},
    {"valid_q", 1}, {"line_q", 50},     {"mask_q", 64},  {"data_q", 512}, {"merge_full_o", 1},
};

static const wave_signal bug_signals[] = {{"bug_q", 8}};

/* The arbiter: who asks, who is granted, the priority pointer, whose
 * transaction is on the port, and each hart's grants passed over while it
 * asks (the fairness count of each hart). */
static const wave_signal arbiter_signals[] = {
    {"req_valid_i", 4},     {"req_ready_o", 4},     {"prio_q", 2},         {"busy_q", 1},          {"owner_q", 2},
    {"mem_req_valid_o", 1}, {"mem_req_ready_i", 1}, {"mem_req_hart_o", 2}, {"mem_rsp_valid_i", 1}, {"rsp_valid_o", 4},
    {"passed_q[0]", 4},     {"passed_q[1]", 4},     {"passed_q[2]", 4},    {"passed_q[3]", 4},
};

static const wave_signal hart_port_signals[] = {
    {"req_valid_i", 1},          {"req_ready_o", 1},         {"state_q", 2},
    {"req_q.is_fence", 1},       {"req_q.access.va", 64},    {"req_q.access.access", 2},
    {"req_q.access.priv", 2},    {"req_q.access.virt", 1},   {"req_q.access.data_op", 3},
    {"req_q.access.size", 2},    {"req_q.access.wdata", 64}, {"req_q.fence.kind", 2},
    {"req_q.fence.has_addr", 1}, {"req_q.fence.has_id", 1},  {"req_q.fence.id", 16},
    {"req_q.fence.addr", 64},    {"rsp_valid_o", 1},         {"rsp_q.ok", 1},
    {"rsp_q.cause", 5},          {"rsp_q.gpa", 64},          {"rsp_q.pa", 64},
    {"rsp_q.pbmt", 2},           {"rsp_q.tlb_hit", 1},       {"rsp_q.load_data", 64},
    {"rsp_q.mtype", 2},          {"rsp_q.cache_hit", 1},
};

/* The hart's data access at the memory system. */
static const wave_signal hart_data_signals[] = {
    {"dreq_valid_q", 1},    {"dreq_q.kind", 3},     {"dreq_q.mtype", 2},     {"dreq_q.addr", 56},
    {"dreq_q.size", 2},     {"dreq_q.wdata", 64},   {"dreq_q.mask", 8},      {"mem_req_valid_o", 1},
    {"mem_req_ready_i", 1}, {"mem_rsp_valid_i", 1}, {"mem_rsp_i.rdata", 64}, {"mem_rsp_i.hit", 1},
};

static const wave_signal tlb_signals[] = {
    {"lookup_virt_i", 1},
    {"lookup_asid_i", 16},
    {"lookup_vmid_i", 14},
    {"lookup_vpn_i", 52},
    {"lookup_hit_o", 1},
    {"hit_vec", W_ENTRIES},
    {"hit_idx", W_INDEX},
    {"touch_i", 1},
    {"fill_i", 1},
    {"victim_idx", W_INDEX},
    {"conflict_vec", W_ENTRIES},
    {"fence_i", 1},
    {"fence_vec", W_ENTRIES},
    {"plru_q", W_PLRU},
};

static const wave_signal ptw_signals[] = {
    {"start_i", 1},
    {"state_q", 3},
    {"op_q", 3},
    {"lvl_q", 2},
    {"glvl_q", 2},
    {"table_q", 56},
    {"gaddr_q", 64},
    {"gpa_q", 56},
    {"holder_pa_q", 56},
    {"mem_req_valid_o", 1},
    {"mem_req_ready_i", 1},
    {"mem_req_o.kind", 3},
    {"mem_req_o.addr", 56},
    {"mem_req_o.wdata", 64},
    {"mem_req_o.cmp", 64},
    {"mem_rsp_valid_i", 1},
    {"mem_rsp_rdata_i", 64},
    {"done_o", 1},
    {"ok_o", 1},
    {"cause_o", 5},
    {"fault_gpa_o", 64},
    {"pa_o", 56},
};

void waves_group(FILE *f, const char *title, const char *scope, const wave_signal *sig, unsigned n, unsigned entries) {
  unsigned index_bits = 0;
  while ((1u << index_bits) < entries)
    index_bits++;
  fprintf(f, "%s\n-%s\n", GTKW_GROUP_OPEN, title);
  for (unsigned i = 0; i < n; i++) {
    int msb = sig[i].width - 1, lsb = 0;
    if (sig[i].width == W_ENTRIES) msb = (int)entries - 1;
    if (sig[i].width == W_PLRU) msb = (int)entries - 1, lsb = 1;
    if (sig[i].width == W_INDEX) msb = index_bits ? (int)index_bits - 1 : 0;
    if (sig[i].width == W_WORD) msb = 55, lsb = 3;
    if (sig[i].width == 1)
      fprintf(f, "%s\n%s.%s\n", GTKW_BIN, scope, sig[i].name);
    else
      fprintf(f, "%s\n%s.%s[%d:%d]\n", GTKW_HEX, scope, sig[i].name, msb, lsb);
  }
  fprintf(f, "%s\n-%s\n", GTKW_GROUP_CLOSE, title);
}

/* The MMU system below the simulation top (rtl/mmu_sim_top.sv). */
#define TOP "TOP.mmu_sim_top.u_top"

#define COUNT(a) (unsigned)(sizeof(a) / sizeof((a)[0]))

FILE *waves_gtkw_begin(const char *path, const char *fst, uint64_t marker) {
  FILE *f = fopen(path, "w");
  if (!f) return NULL;
  fprintf(f, "[*] mmucosim failure waveform: the marker is at the failing request's acceptance\n");
  fprintf(f, "[dumpfile] \"%s\"\n", fst);
  fprintf(f, "[timestart] %" PRIu64 "\n", marker > 24 ? marker - 24 : 0);
  fprintf(f, "[size] 1600 900\n[signals_width] 360\n[sst_expanded] 1\n");
  fprintf(f, "*-4.000000 %" PRIu64 " -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1\n",
          marker);
  return f;
}

bool waves_write_gtkw(const char *path, const char *fst, unsigned harts, unsigned tlb_entries, bool mutant,
                      uint64_t marker_cycle) {
  /* tb/verilator/rtl.cpp dumps twice a cycle: rising edge n is at time 2n - 1. */
  FILE *f = waves_gtkw_begin(path, fst, marker_cycle ? 2 * marker_cycle - 1 : 0);
  if (!f) return false;
  waves_group(f, "memory-system port", TOP, port_signals, COUNT(port_signals), tlb_entries);
  if (mutant) waves_group(f, "injected bug", TOP, bug_signals, COUNT(bug_signals), tlb_entries);
  waves_group(f, "arbiter", TOP ".u_arbiter", arbiter_signals, COUNT(arbiter_signals), tlb_entries);
  waves_group(f, "memory system", TOP ".u_memsys", memsys_signals, COUNT(memsys_signals), tlb_entries);
  waves_group(f, "cache", TOP ".u_memsys.u_cache", cache_signals, COUNT(cache_signals), tlb_entries);
  waves_group(f, "write-combining buffer", TOP ".u_memsys.u_wcb", wcb_signals, COUNT(wcb_signals), tlb_entries);
  waves_group(f, "bus", TOP, bus_signals, COUNT(bus_signals), tlb_entries);
  for (unsigned h = 0; h < harts; h++) {
    char scope[96], title[64];
    snprintf(scope, sizeof scope, TOP ".g_hart[%u].u_hart", h);
    snprintf(title, sizeof title, "hart %u request/response", h);
    waves_group(f, title, scope, hart_port_signals, COUNT(hart_port_signals), tlb_entries);
    snprintf(title, sizeof title, "hart %u data access", h);
    waves_group(f, title, scope, hart_data_signals, COUNT(hart_data_signals), tlb_entries);
    snprintf(scope, sizeof scope, TOP ".g_hart[%u].u_hart.u_tlb", h);
    snprintf(title, sizeof title, "hart %u TLB", h);
    waves_group(f, title, scope, tlb_signals, COUNT(tlb_signals), tlb_entries);
    snprintf(scope, sizeof scope, TOP ".g_hart[%u].u_hart.u_ptw", h);
    snprintf(title, sizeof title, "hart %u walker", h);
    waves_group(f, title, scope, ptw_signals, COUNT(ptw_signals), tlb_entries);
  }
  return fclose(f) == 0;
}
