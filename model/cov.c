#include "cov.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "pma.h"
#include "pte.h"
#include "textin.h"
#include "wcb.h"

/* ---- the bins ----------------------------------------------------------- */

/* A dimension of a group: its values' names. */
typedef struct dim {
  unsigned n;
  const char *const *name;
} dim;

#define DIM(...)                                                                                                       \
  {                                                                                                                    \
    sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), (const char *const[]) { __VA_ARGS__ }           \
  }

/* A group: the cross of up to four dimensions (unused ones have n = 0). */
typedef struct group {
  const char *name;
  dim d[4];
} group;

enum { OK_SV39, OK_SV48, OK_VS39, OK_VS48, OK_VSBARE };
enum { F_BARE, F_SV39, F_SV48, F_VS39, F_VS48, F_VSBARE };
enum { SZ_4K, SZ_64K, SZ_2M, SZ_1G, SZ_512G };
enum { K_PAGE, K_GUEST, K_ACCESS, K_MISALIGNED };
enum {
  FC_DROP_PAGE,
  FC_DROP_SUPER,
  FC_DROP_GLOBAL,
  FC_KEEP_GLOBAL,
  FC_KEEP_ASID,
  FC_KEEP_VMID,
  FC_KEEP_ADDR,
  FC_KEEP_V
};
enum { SC_ALL, SC_ADDR, SC_ID, SC_BOTH };
enum { TAG_VA_2ASID, TAG_ASID_2VMID, TAG_GLOBAL_OTHER_ASID, TAG_GLOBAL_OTHER_VMID };
enum { GW_FINAL, GW_ROOT, GW_LOWER };
enum { BUS_LINE_READ, BUS_LINE_WRITE_FULL, BUS_LINE_WRITE_PARTIAL, BUS_BEAT_READ, BUS_BEAT_WRITE };
enum { ID_SATP, ID_VSATP, ID_SFENCE, ID_VVMA };
enum { ID_HGATP, ID_GVMA };
enum { IDBIT_NONE, IDBIT_0 }; /* then one per bit: IDBIT_0 + k */
enum { PAIR_VA_2ASID, PAIR_ASID_2VMID, PAIR_FENCE_ASID, PAIR_FENCE_VMID, PAIR_GLOBAL_ASID, PAIR_GLOBAL_VMID };
enum { PAIR_LOW, PAIR_HIGH };
enum { PK_READ, PK_CAS, PK_LOAD, PK_STORE, PK_CBO };
enum { PS_HIT, PS_MISS, PS_UNCACHED };
enum { PR_31, PR_39, PR_47, PR_54, PR_55 };
enum { WC_NC_STORE_CACHED, WC_MAIN_HIT, WC_MAIN_MISS, WC_CBO };
enum { PF_RSW0, PF_BIT54 = 4 }; /* rsw-0..3, then bit-54..60 */
enum { VE_SV39, VE_SV48, VE_VS39, VE_VS48, VE_SV39X4, VE_SV48X4 };

static const group groups[MM_COV_GROUPS] = {
    [MM_COV_OK] = {"ok",
                   {DIM("sv39", "sv48", "vs-sv39", "vs-sv48", "vs-bare"), DIM("4K", "64K", "2M", "1G", "512G"),
                    DIM("load", "store", "fetch"), DIM("U", "S")}},
    [MM_COV_FAULT] = {"fault",
                      {DIM("bare", "sv39", "sv48", "vs-sv39", "vs-sv48", "vs-bare"), DIM("load", "store", "fetch"),
                       DIM("U", "S", "M"), DIM("page", "guest-page", "access", "misaligned")}},
    [MM_COV_REASON] = {"reason",
                       {DIM("S", "VS", "G"),
                        DIM("address", "invalid", "w-without-r", "reserved", "pbmt-reserved", "pbmt-off",
                            "pointer-bits", "no-leaf", "napot", "misaligned", "permission", "ad")}},
    [MM_COV_GFAULT] = {"gfault", {DIM("final", "vs-root", "vs-lower")}},
    [MM_COV_CANON] = {"canon",
                      {DIM("sv39", "sv48", "vs-sv39", "vs-sv48"),
                       DIM("low-top", "low-top+1", "high-bottom", "high-bottom-1")}},
    [MM_COV_GWIDTH] = {"gwidth",
                       {DIM("sv39x4", "sv48x4"), DIM("final", "vs-root", "vs-lower"), DIM("last-in", "first-out")}},
    [MM_COV_AD] = {"ad", {DIM("S", "VS", "G"), DIM("on", "off"), DIM("A", "D")}},
    [MM_COV_PBMT] = {"pbmt", {DIM("S", "VSxG", "G-only"), DIM("pma", "nc", "io"), DIM("pma", "nc", "io")}},
    [MM_COV_FENCE] = {"fence",
                      {DIM("sfence.vma", "hfence.vvma", "hfence.gvma"), DIM("all", "addr", "id", "addr+id"),
                       DIM("drop-page", "drop-superpage", "drop-global", "keep-global", "keep-other-asid",
                           "keep-other-vmid", "keep-other-addr", "keep-other-v")}},
    [MM_COV_TAGS] = {"tags",
                     {DIM("va-in-two-asids", "asid-in-two-vmids", "global-hit-other-asid", "global-miss-other-vmid")}},
    [MM_COV_TLB] = {"tlb",
                    {DIM("victim-0", "victim-1", "victim-2", "victim-3", "victim-4", "victim-5", "victim-6", "victim-7",
                         "victim-8", "victim-9", "victim-10", "victim-11", "victim-12", "victim-13", "victim-14",
                         "victim-15", "victim-hot")}},
    [MM_COV_HIT] = {"hit", {DIM("load", "store", "fetch"), DIM("page", "guest-page")}},
    [MM_COV_CAS] = {"cas", {DIM("S", "VS", "G"), DIM("L0", "L1", "L2", "L3")}},
    [MM_COV_RACE] = {"race",
                     {DIM("contended-2", "contended-3", "contended-4", "shared-read", "cas", "cas-lost", "store",
                          "fence-in-walk", "poke")}},
    [MM_COV_DATA] = {"data",
                     {DIM("main", "nc", "io"), DIM("load", "store", "fetch", "cbo.clean", "cbo.flush", "cbo.inval"),
                      DIM("hit", "miss")}},
    [MM_COV_BUS] = {"bus", {DIM("line-read", "line-write-full", "line-write-partial", "beat-read", "beat-write")}},
    [MM_COV_COLOR] = {"color", {DIM("0", "1", "2", "3", "4", "5", "6", "7"), DIM("hit", "miss")}},
#define ID_BITS DIM("none", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15")
    [MM_COV_ASID] = {"asid", {DIM("satp", "vsatp", "sfence.vma", "hfence.vvma"), ID_BITS}},
    [MM_COV_VMID] = {"vmid", {DIM("hgatp", "hfence.gvma"), ID_BITS}},
#undef ID_BITS
    [MM_COV_IDPAIR] = {"idpair",
                       {DIM("va-two-asids", "asid-two-vmids", "fence-keeps-asid", "fence-keeps-vmid", "global-hit-asid",
                            "global-miss-vmid"),
                        DIM("low", "high-only")}},
    [MM_COV_PA] = {"pa",
                   {DIM("pte-read", "pte-cas", "load", "store", "cbo"), DIM("hit", "miss", "uncached"),
                    DIM("0-31", "32-39", "40-47", "48-54", "55")}},
    [MM_COV_CASCACHE] = {"cascache", {DIM("S", "VS", "G"), DIM("hit", "miss")}},
    [MM_COV_ALIAS] = {"alias", {DIM("nc", "io"), DIM("load", "store"), DIM("one-hart", "several-harts")}},
    [MM_COV_WCBCACHE] = {"wcbcache",
                         {DIM("nc-store-to-cached-line", "main-hit-buffered-line", "main-miss-buffered-line",
                              "cbo-buffered-line")}},
    [MM_COV_PTEFIELD] = {"ptefield",
                         {DIM("rsw-0", "rsw-1", "rsw-2", "rsw-3", "bit-54", "bit-55", "bit-56", "bit-57", "bit-58",
                              "bit-59", "bit-60"),
                          DIM("leaf", "pointer")}},
    [MM_COV_VAEDGE] = {"vaedge",
                       {DIM("sv39", "sv48", "vs-sv39", "vs-sv48", "sv39x4", "sv48x4"), DIM("low-top", "high-bottom")}},
    [MM_COV_HLVX] = {"hlvx", {DIM("ok", "page-fault", "guest-page-fault"), DIM("walk", "hit")}},
};

static unsigned group_size(mm_cov_group g) {
  unsigned n = 1;
  for (unsigned k = 0; k < 4; k++)
    if (groups[g].d[k].n) n *= groups[g].d[k].n;
  return n;
}

static unsigned group_base(mm_cov_group g) {
  unsigned b = 0;
  for (unsigned k = 0; k < (unsigned)g; k++)
    b += group_size((mm_cov_group)k);
  return b;
}

unsigned mm_cov_bins(void) { return group_base(MM_COV_GROUPS); }

mm_cov_group mm_cov_group_of(unsigned bin) {
  for (unsigned g = 0; g < MM_COV_GROUPS; g++) {
    unsigned n = group_size((mm_cov_group)g);
    if (bin < n) return (mm_cov_group)g;
    bin -= n;
  }
  return MM_COV_GROUPS;
}

const char *mm_cov_group_name(mm_cov_group g) { return g < MM_COV_GROUPS ? groups[g].name : "?"; }

/* The bin's coordinates in its group (unused dimensions 0). */
static mm_cov_group coords(unsigned bin, unsigned v[4]) {
  mm_cov_group g = mm_cov_group_of(bin);
  unsigned i = bin - group_base(g);
  for (int k = 3; k >= 0; k--) {
    unsigned n = groups[g].d[k].n;
    v[k] = n ? i % n : 0;
    if (n) i /= n;
  }
  return g;
}

void mm_cov_bin_name(unsigned bin, char *buf, size_t len) {
  unsigned v[4];
  mm_cov_group g = coords(bin, v);
  int n = snprintf(buf, len, "%s", groups[g].name);
  for (unsigned k = 0; k < 4 && groups[g].d[k].n; k++)
    if (n > 0 && (size_t)n < len) n += snprintf(buf + n, len - (size_t)n, "/%s", groups[g].d[k].name[v[k]]);
}

/* The bin of group g at coordinates a, b, c, d. */
static unsigned bin_of(mm_cov_group g, unsigned a, unsigned b, unsigned c, unsigned d) {
  unsigned v[4] = {a, b, c, d}, i = 0;
  for (unsigned k = 0; k < 4; k++)
    if (groups[g].d[k].n) i = i * groups[g].d[k].n + v[k];
  return group_base(g) + i;
}

/* The index of the name of n bytes at s among names[0..count), or -1. */
static int name_index(const char *s, size_t n, const char *const *names, unsigned count) {
  for (unsigned i = 0; i < count; i++)
    if (strlen(names[i]) == n && !memcmp(s, names[i], n)) return (int)i;
  return -1;
}

/* Read a part at a time ("ok", then "sv39", ...), not by naming every bin in turn: a coverage file's
 * reader calls it for each line, and thousands of names per line made reading a file quadratic. */
int mm_cov_find(const char *name) {
  const char *part[5];
  size_t len[5];
  unsigned parts = 0;
  for (const char *at = name;; at++) {
    const char *end = strchr(at, '/');
    if (parts == 5) return -1;
    part[parts] = at;
    len[parts++] = end ? (size_t)(end - at) : strlen(at);
    if (!end) break;
    at = end;
  }
  for (unsigned g = 0; g < MM_COV_GROUPS; g++) {
    if (strlen(groups[g].name) != len[0] || memcmp(part[0], groups[g].name, len[0])) continue;
    unsigned v[4] = {0}, k;
    for (k = 0; k < 4 && groups[g].d[k].n; k++) {
      int i = k + 1 < parts ? name_index(part[k + 1], len[k + 1], groups[g].d[k].name, groups[g].d[k].n) : -1;
      if (i < 0) return -1;
      v[k] = (unsigned)i;
    }
    return k + 1 == parts ? (int)bin_of((mm_cov_group)g, v[0], v[1], v[2], v[3]) : -1;
  }
  return -1;
}

static inline void hit(mm_cov *c, mm_cov_group g, unsigned a, unsigned b, unsigned cc, unsigned d) {
  c->count[bin_of(g, a, b, cc, d)]++;
}

/* ---- what cannot be reached, and why: the one list -------------------- */

const char *mm_cov_unreachable(unsigned bin) {
  unsigned v[4];
  switch (coords(bin, v)) {
  case MM_COV_OK:
    if (v[1] == SZ_512G && (v[0] == OK_SV39 || v[0] == OK_VS39)) return "Sv39 has no level-3 leaf: no 512 GiB page";
    return NULL;
  case MM_COV_FAULT: {
    unsigned mode = v[0], priv = v[2], kind = v[3];
    if (priv == 2 && mode != F_BARE) return "M-mode does not translate";
    if (mode == F_BARE && (kind == K_PAGE || kind == K_GUEST)) return "nothing translates: no page fault";
    if ((mode == F_SV39 || mode == F_SV48) && kind == K_GUEST) return "V=0: no G-stage, no guest-page fault";
    if (mode != F_BARE && kind == K_ACCESS)
      return "a translated address has at most 56 bits and PMAs do not fault: no access fault after translation";
    return NULL;
  }
  case MM_COV_PBMT:
    if (v[0] != 1 && v[2] != 0) return "one stage: one leaf, one memory type (the second is listed as pma)";
    return NULL;
  case MM_COV_CANON:
  case MM_COV_GWIDTH:
  case MM_COV_GFAULT:
  case MM_COV_AD:
  case MM_COV_TAGS:
  case MM_COV_TLB:
  case MM_COV_HIT:
  case MM_COV_CAS:
  case MM_COV_RACE:
  case MM_COV_BUS:
  case MM_COV_COLOR:
  case MM_COV_ASID:
  case MM_COV_IDPAIR:
  case MM_COV_CASCACHE:
  case MM_COV_ALIAS:
  case MM_COV_WCBCACHE:
  case MM_COV_PTEFIELD: return NULL;
  case MM_COV_VMID:
    if (v[1] >= IDBIT_0 + 14 && v[0] == ID_HGATP) return "VMIDLEN is 14: hgatp bits 59:58 read as zero";
    if (v[1] >= IDBIT_0 + 14)
      return "HFENCE.GVMA's operand beyond VMIDMAX: the stimulus keeps it to 14 bits (model and RTL both compare "
             "bits 15:14, which the specification says to ignore: DESIGN.md, Known limits)";
    return NULL;
  case MM_COV_PA:
    if (v[1] == PS_UNCACHED && (v[0] == PK_READ || v[0] == PK_CAS))
      return "the walker's accesses are main memory: always through the cache";
    if (v[1] == PS_UNCACHED && v[0] == PK_CBO) return "CBOs look the cache up whatever the memory type";
    return NULL;
  case MM_COV_VAEDGE:
    if (v[0] >= VE_SV39X4 && v[1] == 1)
      return "a guest physical address has no upper half: the x4 width has one edge (gwidth has the page past it)";
    return NULL;
  case MM_COV_REASON: return NULL;
  case MM_COV_HLVX: return NULL;
  case MM_COV_FENCE: {
    unsigned kind = v[0], scope = v[1], what = v[2];
    bool addr = scope == SC_ADDR || scope == SC_BOTH, id = scope == SC_ID || scope == SC_BOTH;
    if (kind == MM_FENCE_HFENCE_GVMA) {
      if (what == FC_KEEP_ASID || what == FC_KEEP_GLOBAL)
        return "HFENCE.GVMA's id is a VMID: ASIDs and G do not matter";
      if (what == FC_KEEP_ADDR)
        return "HFENCE.GVMA by address drops every V=1 entry of the VMID (entries do not keep their G-stage mapping)";
      if (what == FC_KEEP_VMID && !id) return "HFENCE.GVMA without a VMID drops every VMID's entries";
      return NULL;
    }
    if (what == FC_KEEP_VMID && kind == MM_FENCE_SFENCE_VMA)
      return "SFENCE.VMA acts on V=0 entries, which have no VMID";
    if ((what == FC_KEEP_GLOBAL || what == FC_KEEP_ASID) && !id) return "no ASID given: every ASID, global entries too";
    if (what == FC_DROP_GLOBAL && id && !addr) return "by ASID: global entries stay";
    if (what == FC_DROP_GLOBAL && id) return "by ASID and address: global entries stay";
    if (what == FC_KEEP_ADDR && !addr) return "no address given: every address";
    if (what == FC_DROP_SUPER && !addr) return "no address given: a superpage is dropped as a page is";
    return NULL;
  }
  case MM_COV_DATA:
    if (v[0] != MM_MT_MAIN && v[1] < 3 && v[2] == 0)
      return "NC and IO loads, stores and fetches never look the cache up";
    return NULL;
  case MM_COV_GROUPS: break;
  }
  return "no such bin";
}

/* ---- recording ---------------------------------------------------------- */

void mm_cov_init(mm_cov *c) { memset(c, 0, sizeof *c); }

/* a + b, held at UINT64_MAX: a sum that wrapped would show a hit bin empty. */
static uint64_t add_saturated(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

void mm_cov_merge(mm_cov *a, const mm_cov *b) {
  for (unsigned i = 0, n = mm_cov_bins(); i < n; i++)
    a->count[i] = add_saturated(a->count[i], b->count[i]);
}

void mm_cov_race_hit(mm_cov *c, mm_cov_race r) { hit(c, MM_COV_RACE, r, 0, 0, 0); }
void mm_cov_race_add(mm_cov *c, mm_cov_race r, uint64_t n) {
  uint64_t *count = &c->count[bin_of(MM_COV_RACE, r, 0, 0, 0)];
  *count = add_saturated(*count, n);
}

/* The bin of an ID's highest set bit ("none": zero). */
static unsigned id_bit(unsigned id) {
  unsigned b = IDBIT_NONE;
  for (unsigned k = 0; k < 16; k++)
    if (id >> k & 1) b = IDBIT_0 + k;
  return b;
}

/* Two IDs that met: do they differ in a low bit, or only in the high half (ASID 15:8, VMID 13:7)? */
static void id_pair(mm_cov *c, unsigned kind, unsigned a, unsigned b, bool vmid) {
  unsigned x = a ^ b;
  if (!x) return;
  hit(c, MM_COV_IDPAIR, kind, (x & (vmid ? 0x7fu : 0xffu)) ? PAIR_LOW : PAIR_HIGH, 0, 0);
}

/* The range of a physical address's highest set bit. */
static unsigned pa_range(uint64_t pa) {
  return pa >> 55 ? PR_55 : pa >> 48 ? PR_54 : pa >> 40 ? PR_47 : pa >> 32 ? PR_39 : PR_31;
}

void mm_cov_memsys(mm_cov *c, const mm_cache *cache, const mm_wcb *wcb, const mm_memop *op) {
  unsigned kind;
  switch (op->kind) {
  case MM_OP_READ: kind = PK_READ; break;
  case MM_OP_CAS: kind = PK_CAS; break;
  case MM_OP_LOAD: kind = PK_LOAD; break;
  case MM_OP_STORE: kind = PK_STORE; break;
  case MM_OP_CBO_CLEAN:
  case MM_OP_CBO_FLUSH:
  case MM_OP_CBO_INVAL: kind = PK_CBO; break;
  default: return;
  }
  bool uncached = (kind == PK_LOAD || kind == PK_STORE) && op->mt != MM_MT_MAIN;
  bool cached = pma_is_main(op->pa) && mm_cache_holds(cache, op->pa), buffered = mm_wcb_holds_line(wcb, op->pa);
  hit(c, MM_COV_PA, kind, uncached ? PS_UNCACHED : cached ? PS_HIT : PS_MISS, pa_range(op->pa), 0);
  if (kind == PK_CAS && op->stage < 3) hit(c, MM_COV_CASCACHE, op->stage, cached ? 0 : 1, 0, 0);
  if (uncached && cached && op->mt <= MM_MT_IO)
    hit(c, MM_COV_ALIAS, op->mt == MM_MT_NC ? 0 : 1, kind == PK_STORE, c->harts > 1, 0);
  if (uncached && cached && op->mt == MM_MT_NC && kind == PK_STORE)
    hit(c, MM_COV_WCBCACHE, WC_NC_STORE_CACHED, 0, 0, 0);
  if (buffered && !uncached)
    hit(c, MM_COV_WCBCACHE, kind == PK_CBO ? WC_CBO : cached ? WC_MAIN_HIT : WC_MAIN_MISS, 0, 0, 0);
}

/* The valid PTEs a walk read: leaf or pointer, with their software and reserved bits. */
static void pte_fields(mm_cov *c, uint64_t pte) {
  if (!(pte & PTE_V)) return;
  unsigned where = pte_is_leaf(pte) ? 0 : 1;
  hit(c, MM_COV_PTEFIELD, PF_RSW0 + (unsigned)(pte >> 8 & 3), where, 0, 0);
  for (unsigned k = 0; k < 7; k++)
    if (pte >> (54 + k) & 1) hit(c, MM_COV_PTEFIELD, PF_BIT54 + k, where, 0, 0);
}

/* A translation that succeeded on either side of a canonical boundary of an n-bit space. */
static void va_edge(mm_cov *c, unsigned mode, unsigned n, uint64_t va) {
  uint64_t page = va >> PAGE_SHIFT, half = (1ull << (n - 1)) >> PAGE_SHIFT, top = ~0ull >> PAGE_SHIFT;
  if (page == half - 1) hit(c, MM_COV_VAEDGE, mode, 0, 0, 0);
  if (page == ((top - half + 1) & top)) hit(c, MM_COV_VAEDGE, mode, 1, 0, 0);
}

/* The IDs a translation used. */
static void ids_used(mm_cov *c, const mm_csrs *csrs, unsigned mode, bool g_on) {
  if (mode == F_SV39 || mode == F_SV48) hit(c, MM_COV_ASID, ID_SATP, id_bit(satp_asid(csrs->satp)), 0, 0);
  if (mode == F_VS39 || mode == F_VS48) hit(c, MM_COV_ASID, ID_VSATP, id_bit(satp_asid(csrs->vsatp)), 0, 0);
  if (g_on) hit(c, MM_COV_VMID, ID_HGATP, id_bit(hgatp_vmid(csrs->hgatp)), 0, 0);
}

/* The size bin of a leaf at level with PTE pte. */
static unsigned size_of(unsigned level, uint64_t pte) {
  if (level == 0) return (pte & PTE_N) ? SZ_64K : SZ_4K;
  return level == 1 ? SZ_2M : level == 2 ? SZ_1G : SZ_512G;
}

static unsigned type_of(mm_access t) { return t == MM_STORE ? 1 : t == MM_FETCH ? 2 : 0; }

/* The translation mode of a request (F_*), and whether the G-stage is on. */
static unsigned mode_of(const mm_csrs *csrs, const mm_req *req, bool *g_on) {
  *g_on = false;
  if (req->priv == MM_PRIV_M) return F_BARE;
  if (!req->virt) {
    unsigned m = atp_mode(csrs->satp);
    return m == SATP_MODE_SV39 ? F_SV39 : m == SATP_MODE_SV48 ? F_SV48 : F_BARE;
  }
  unsigned vs = atp_mode(csrs->vsatp), g = atp_mode(csrs->hgatp);
  *g_on = g == SATP_MODE_SV39 || g == SATP_MODE_SV48;
  if (vs == SATP_MODE_SV39) return F_VS39;
  if (vs == SATP_MODE_SV48) return F_VS48;
  return *g_on ? F_VSBARE : F_BARE;
}

static unsigned kind_of_cause(unsigned cause) {
  switch (cause) {
  case CAUSE_LOAD_ACCESS_FAULT:
  case CAUSE_STORE_ACCESS_FAULT:
  case CAUSE_FETCH_ACCESS_FAULT: return K_ACCESS;
  case CAUSE_LOAD_MISALIGNED:
  case CAUSE_STORE_MISALIGNED:
  case CAUSE_FETCH_MISALIGNED: return K_MISALIGNED;
  default: return cause_is_guest_page_fault(cause) ? K_GUEST : K_PAGE;
  }
}

/* The page at each side of the canonical boundaries of an n-bit space. */
static void canon(mm_cov *c, unsigned mode, unsigned n, uint64_t va) {
  uint64_t page = va >> PAGE_SHIFT, half = (1ull << (n - 1)) >> PAGE_SHIFT, top = ~0ull >> PAGE_SHIFT;
  uint64_t high_bottom = (top - half + 1) & top; /* the page of -2^(n-1) */
  if (page == half - 1) hit(c, MM_COV_CANON, mode, 0, 0, 0);
  if (page == half) hit(c, MM_COV_CANON, mode, 1, 0, 0);
  if (page == high_bottom) hit(c, MM_COV_CANON, mode, 2, 0, 0);
  if (page == ((high_bottom - 1) & top)) hit(c, MM_COV_CANON, mode, 3, 0, 0);
}

static unsigned pbmt_bin(uint64_t pte) {
  unsigned p = pte_pbmt(pte);
  return p == PBMT_NC ? 1 : p == PBMT_IO ? 2 : 0;
}

static void walk_bins(mm_cov *c, const mm_csrs *csrs, const mm_req *req, const mm_walk *w, unsigned mode, bool g_on) {
  unsigned type = type_of(req->type), priv = req->priv == MM_PRIV_U ? 0 : 1;
  if (w->ok) {
    unsigned ok_mode = mode == F_SV39   ? OK_SV39
                       : mode == F_SV48 ? OK_SV48
                       : mode == F_VS39 ? OK_VS39
                       : mode == F_VS48 ? OK_VS48
                                        : OK_VSBARE;
    unsigned size = ok_mode == OK_VSBARE ? size_of(w->gleaf_level, w->gleaf_pte) : size_of(w->leaf_level, w->leaf_pte);
    hit(c, MM_COV_OK, ok_mode, size, type, priv);
    if (!req->virt)
      hit(c, MM_COV_PBMT, 0, pbmt_bin(w->leaf_pte), 0, 0);
    else if (mode == F_VSBARE)
      hit(c, MM_COV_PBMT, 2, pbmt_bin(w->gleaf_pte), 0, 0);
    else
      hit(c, MM_COV_PBMT, 1, pbmt_bin(w->leaf_pte), pbmt_bin(w->gleaf_pte), 0);
  } else if (w->fault_reason != MM_FR_NONE) {
    hit(c, MM_COV_REASON, w->fault_stage, w->fault_reason - 1u, 0, 0);
    if (w->fault_reason == MM_FR_AD) {
      bool a_clear = !(w->fault_pte & PTE_A);
      hit(c, MM_COV_AD, w->fault_stage, 1, a_clear ? 0 : 1, 0);
    }
    if (w->fault_stage == MM_STAGE_G && w->n_g) {
      uint8_t l = w->g_vs_level[w->n_g - 1];
      int top = atp_mode(csrs->vsatp) == SATP_MODE_SV48 ? 3 : 2;
      hit(c, MM_COV_GFAULT, l == 0xff ? GW_FINAL : l == top ? GW_ROOT : GW_LOWER, 0, 0, 0);
    }
  }
  /* the G-stage width: the final GPA and each implicit one */
  if (g_on) {
    unsigned gmode = atp_mode(csrs->hgatp) == SATP_MODE_SV48 ? 1 : 0, width = gmode ? 50 : 41;
    int top = atp_mode(csrs->vsatp) == SATP_MODE_SV48 ? 3 : 2;
    for (unsigned i = 0; i < w->n_g; i++) {
      uint64_t page = w->g_addr[i] >> PAGE_SHIFT, edge = (1ull << width) >> PAGE_SHIFT;
      uint8_t l = w->g_vs_level[i];
      unsigned what = l == 0xff ? GW_FINAL : l == top ? GW_ROOT : GW_LOWER;
      if (page == edge - 1) hit(c, MM_COV_GWIDTH, gmode, what, 0, 0);
      if (page == edge) hit(c, MM_COV_GWIDTH, gmode, what, 1, 0);
    }
  }
}

void mm_cov_request(mm_cov *c, const mm_hart *hart, const mm_req *req, const mm_obs *o, const mm_walk *w) {
  if (req->hlvx && (o->ok || o->cause == CAUSE_LOAD_PAGE_FAULT || o->cause == CAUSE_LOAD_GUEST_PAGE_FAULT))
    hit(c, MM_COV_HLVX, o->ok ? 0 : o->cause == CAUSE_LOAD_GUEST_PAGE_FAULT ? 2 : 1, o->tlb_hit, 0, 0);
  const mm_csrs *csrs = &hart->csrs;
  bool g_on;
  unsigned mode = mode_of(csrs, req, &g_on), type = type_of(req->type);
  unsigned priv = req->priv == MM_PRIV_U ? 0 : req->priv == MM_PRIV_S ? 1 : 2;
  if (!o->ok) hit(c, MM_COV_FAULT, mode, type, priv, kind_of_cause(o->cause));
  if (o->tlb_hit && !o->ok) hit(c, MM_COV_HIT, type, cause_is_guest_page_fault(o->cause) ? 1 : 0, 0, 0);
  if (mode == F_SV39 || mode == F_SV48) canon(c, mode - F_SV39, mode == F_SV39 ? 39 : 48, req->va);
  if (mode == F_VS39 || mode == F_VS48) canon(c, 2 + mode - F_VS39, mode == F_VS39 ? 39 : 48, req->va);
  if (w) walk_bins(c, csrs, req, w, mode, g_on);
  ids_used(c, csrs, mode, g_on);
  if (o->ok && (mode == F_SV39 || mode == F_VS39)) va_edge(c, mode == F_SV39 ? VE_SV39 : VE_VS39, 39, req->va);
  if (o->ok && (mode == F_SV48 || mode == F_VS48)) va_edge(c, mode == F_SV48 ? VE_SV48 : VE_VS48, 48, req->va);
  if (o->ok && g_on) { /* the final GPA (vsatp Bare: the address itself) at the last page inside */
    bool x48 = atp_mode(csrs->hgatp) == SATP_MODE_SV48;
    uint64_t last = ((1ull << (x48 ? 50 : 41)) >> PAGE_SHIFT) - 1;
    bool at = mode == F_VSBARE && req->va >> PAGE_SHIFT == last;
    for (unsigned i = 0; w && i < w->n_g; i++)
      at |= w->g_vs_level[i] == 0xff && w->g_addr[i] >> PAGE_SHIFT == last;
    if (at) hit(c, MM_COV_VAEDGE, x48 ? VE_SV48X4 : VE_SV39X4, 0, 0, 0);
  }
  /* the accesses: A/D written, failed compare-and-swaps, the data access */
  for (unsigned i = 0; i < o->n_ops; i++) {
    const mm_memop *op = &o->ops[i];
    if (op->kind == MM_OP_READ) pte_fields(c, op->data);
    if (op->kind == MM_OP_CAS && op->stage < 3 && op->level < 4) {
      if (op->old != op->cmp) {
        hit(c, MM_COV_CAS, op->stage, op->level, 0, 0);
      } else {
        uint64_t set = op->data & ~op->cmp;
        if (set & PTE_A) hit(c, MM_COV_AD, op->stage, 0, 0, 0);
        if (set & PTE_D) hit(c, MM_COV_AD, op->stage, 0, 1, 0);
      }
    } else if (op->kind >= MM_OP_LOAD && op->kind <= MM_OP_CBO_INVAL && req->data_op >= MM_DATA_LOAD &&
               req->data_op <= MM_DATA_CBO_INVAL) {
      unsigned mt = op->mt < 3 ? op->mt : 0;
      hit(c, MM_COV_DATA, mt, req->data_op - MM_DATA_LOAD, op->hit ? 0 : 1, 0);
      if (mt == MM_MT_MAIN && (op->kind == MM_OP_LOAD || op->kind == MM_OP_STORE))
        hit(c, MM_COV_COLOR, (unsigned)(op->pa >> PAGE_SHIFT) & 7, op->hit ? 0 : 1, 0, 0);
    }
  }
  for (unsigned i = 0; i < o->n_bus; i++) {
    const mm_bus_txn *t = &o->bus[i];
    unsigned b = t->beats == 8 ? (!t->write          ? BUS_LINE_READ
                                  : t->mask == ~0ull ? BUS_LINE_WRITE_FULL
                                                     : BUS_LINE_WRITE_PARTIAL)
                               : (t->write ? BUS_BEAT_WRITE : BUS_BEAT_READ);
    hit(c, MM_COV_BUS, b, 0, 0, 0);
  }
}

/* Whether two entries could answer one lookup's VA (their pages overlap). */
static bool overlap(const mm_tlb_entry *a, const mm_tlb_entry *b) {
  uint64_t mask = a->shift > b->shift ? ~((1ull << a->shift) - 1) : ~((1ull << b->shift) - 1);
  return ((a->va ^ b->va) & mask) == 0;
}

void mm_cov_tlb_hit(mm_cov *c, const mm_hart *hart, unsigned i, const mm_tlb_tag *tag) {
  const mm_tlb_entry *e = &hart->tlb.e[i];
  c->hits[hart->id][i]++;
  if (e->global && e->asid != tag->asid) {
    hit(c, MM_COV_TAGS, TAG_GLOBAL_OTHER_ASID, 0, 0, 0);
    id_pair(c, PAIR_GLOBAL_ASID, e->asid, tag->asid, false);
  }
}

void mm_cov_tlb_miss(mm_cov *c, const mm_hart *hart, const mm_tlb_tag *tag) {
  if (!tag->virt) return;
  const mm_tlb *t = &hart->tlb;
  for (unsigned i = 0; i < t->entries; i++) {
    const mm_tlb_entry *e = &t->e[i];
    if (e->valid && e->virt && e->global && e->vmid != tag->vmid && ((e->va ^ tag->va) & e->mask) == 0) {
      hit(c, MM_COV_TAGS, TAG_GLOBAL_OTHER_VMID, 0, 0, 0);
      id_pair(c, PAIR_GLOBAL_VMID, e->vmid, tag->vmid, true);
      return;
    }
  }
}

void mm_cov_tlb_fill(mm_cov *c, const mm_hart *hart, const mm_tlb_entry *fill) {
  const mm_tlb *t = &hart->tlb;
  bool two_asids = false, two_vmids = false;
  for (unsigned i = 0; i < t->entries; i++) {
    const mm_tlb_entry *e = &t->e[i];
    if (!e->valid || e->virt != fill->virt || !overlap(e, fill)) continue;
    if (!e->global && !fill->global && e->asid != fill->asid && e->vmid == fill->vmid) {
      two_asids = true;
      id_pair(c, PAIR_VA_2ASID, e->asid, fill->asid, false);
    }
    if (e->virt && e->asid == fill->asid && e->vmid != fill->vmid) {
      two_vmids = true;
      id_pair(c, PAIR_ASID_2VMID, e->vmid, fill->vmid, true);
    }
  }
  if (two_asids) hit(c, MM_COV_TAGS, TAG_VA_2ASID, 0, 0, 0);
  if (two_vmids) hit(c, MM_COV_TAGS, TAG_ASID_2VMID, 0, 0, 0);
  c->fill_full[hart->id] = mm_tlb_valid_count(t) == t->entries;
  c->fill_victim[hart->id] = mm_tlb_victim(t);
}

void mm_cov_tlb_filled(mm_cov *c, const mm_hart *hart, unsigned i) {
  unsigned h = hart->id;
  if (c->fill_full[h] && i == c->fill_victim[h]) {
    if (i < 16) hit(c, MM_COV_TLB, i, 0, 0, 0);
    if (c->hits[h][i]) hit(c, MM_COV_TLB, 16, 0, 0, 0);
  }
  c->hits[h][i] = 0;
}

void mm_cov_fence(mm_cov *c, const mm_hart *hart, const mm_fence *f, uint16_t vmid) {
  if (f->kind > MM_FENCE_HFENCE_GVMA) return;
  unsigned scope = f->has_addr ? (f->has_id ? SC_BOTH : SC_ADDR) : (f->has_id ? SC_ID : SC_ALL);
  if (f->has_id && f->kind == MM_FENCE_HFENCE_GVMA)
    hit(c, MM_COV_VMID, ID_GVMA, id_bit(f->id), 0, 0);
  else if (f->has_id)
    hit(c, MM_COV_ASID, f->kind == MM_FENCE_SFENCE_VMA ? ID_SFENCE : ID_VVMA, id_bit(f->id), 0, 0);
  const mm_tlb *t = &hart->tlb;
  bool seen[8] = {0};
  for (unsigned i = 0; i < t->entries; i++) {
    const mm_tlb_entry *e = &t->e[i];
    if (!e->valid) continue;
    bool super = e->shift > PAGE_SHIFT;
    unsigned what;
    if (f->kind == MM_FENCE_HFENCE_GVMA) {
      if (!e->virt)
        what = FC_KEEP_V;
      else if (f->has_id && e->vmid != f->id) {
        what = FC_KEEP_VMID;
        id_pair(c, PAIR_FENCE_VMID, e->vmid, f->id, true);
      } else
        what = e->global ? FC_DROP_GLOBAL : super ? FC_DROP_SUPER : FC_DROP_PAGE;
    } else {
      bool want_virt = f->kind == MM_FENCE_HFENCE_VVMA;
      bool in_addr = !f->has_addr || ((e->va ^ f->addr) & e->mask) == 0;
      if (e->virt != want_virt)
        what = FC_KEEP_V;
      else if (want_virt && e->vmid != vmid) {
        what = FC_KEEP_VMID;
        id_pair(c, PAIR_FENCE_VMID, e->vmid, vmid, true);
      } else if (!in_addr)
        what = FC_KEEP_ADDR;
      else if (f->has_id && e->global)
        what = FC_KEEP_GLOBAL;
      else if (f->has_id && e->asid != f->id) {
        what = FC_KEEP_ASID;
        id_pair(c, PAIR_FENCE_ASID, e->asid, f->id, false);
      } else
        what = e->global ? FC_DROP_GLOBAL : super && f->has_addr ? FC_DROP_SUPER : FC_DROP_PAGE;
    }
    seen[what] = true;
  }
  for (unsigned w = 0; w < 8; w++)
    if (seen[w]) hit(c, MM_COV_FENCE, f->kind, scope, w, 0);
}

/* ---- files and the report -------------------------------------------- */

bool mm_cov_write(const mm_cov *c, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) return false;
  fprintf(f, "# mmucosim coverage: bin count\n");
  char name[160];
  for (unsigned b = 0, n = mm_cov_bins(); b < n; b++) {
    mm_cov_bin_name(b, name, sizeof name);
    fprintf(f, "%s %" PRIu64 "\n", name, c->count[b]);
  }
  return fclose(f) == 0;
}

bool mm_cov_write_bins(const mm_cov *c, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) return false;
  fprintf(f, "bin\tgroup\tname\tcount\treachable\treason\n");
  char name[160];
  for (unsigned b = 0, n = mm_cov_bins(); b < n; b++) {
    mm_cov_bin_name(b, name, sizeof name);
    const char *why = mm_cov_unreachable(b);
    fprintf(f, "%u\t%s\t%s\t%" PRIu64 "\t%d\t%s\n", b, mm_cov_group_name(mm_cov_group_of(b)), name, c->count[b],
            why == NULL, why ? why : "");
  }
  return fclose(f) == 0;
}

/* A coverage file's reader: its path for messages, the counts read so far
 * (added to c only once the whole file is read). */
typedef struct cov_reader {
  const char *path;
  uint64_t line;
  char *err;
  size_t errlen;
  const mm_cov *c;
  uint64_t *count; /* per bin, this file's */
  char shown[TXT_SHOW_SIZE];
} cov_reader;

static bool cov_fail(cov_reader *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  txt_error(r->err, r->errlen, r->path, r->line, fmt, ap);
  va_end(ap);
  return false;
}

/* "NAME COUNT", a blank line, or a comment (its first word starting with '#'). */
static bool cov_line(cov_reader *r, char *line) {
  char *tok[3];
  unsigned n = 0;
  for (char *at = line;;) {
    while (txt_is_blank(*at))
      at++;
    if (!*at || (n == 0 && *at == '#')) break;
    if (n == 3) break;
    tok[n++] = at;
    while (*at && !txt_is_blank(*at))
      at++;
    if (*at) *at++ = '\0';
  }
  if (n == 0) return true;
  if (n != 2) return cov_fail(r, "expected \"BIN COUNT\" (two words)");
  int b = mm_cov_find(tok[0]);
  if (b < 0) return cov_fail(r, "no bin named '%s'", txt_show(r->shown, tok[0]));
  uint64_t v;
  if (!txt_u64(tok[1], &v))
    return cov_fail(r, "count '%s' is not a number of 0..%" PRIu64, txt_show(r->shown, tok[1]), UINT64_MAX);
  /* The sum of what is read and what c holds must fit: refused, never capped nor wrapped. */
  if (v > UINT64_MAX - r->count[b] || r->count[b] + v > UINT64_MAX - r->c->count[b])
    return cov_fail(r, "bin %s: the counts added up exceed %" PRIu64, tok[0], UINT64_MAX);
  r->count[b] += v;
  return true;
}

static bool cov_each_line(void *ctx, char *line, unsigned number) {
  cov_reader *r = ctx;
  r->line = number;
  return cov_line(r, line);
}

/* The file at path (text NULL) or text's counts added to c, or none of them. */
static bool cov_parse_in(mm_cov *c, const char *path, const char *text, size_t len, char *err, size_t errlen) {
  cov_reader r = {.path = path, .line = 1, .err = err, .errlen = errlen, .c = c};
  r.count = calloc(MM_COV_MAX_BINS, sizeof *r.count);
  bool ok = r.count ? txt_read_lines(path, text, len, cov_each_line, &r, err, errlen) : cov_fail(&r, "out of memory");
  if (ok)
    for (unsigned b = 0, n = mm_cov_bins(); b < n; b++)
      c->count[b] += r.count[b];
  free(r.count);
  return ok;
}

bool mm_cov_parse(mm_cov *c, const char *path, const char *text, size_t len, char *err, size_t errlen) {
  return cov_parse_in(c, path, text, len, err, errlen);
}

bool mm_cov_read(mm_cov *c, const char *path, char *err, size_t errlen) {
  return cov_parse_in(c, path, NULL, 0, err, errlen);
}

mm_cov_tally mm_cov_count(const mm_cov *c, mm_cov_tally out[MM_COV_GROUPS]) {
  mm_cov_tally all = {.name = "all"};
  for (unsigned g = 0; g < MM_COV_GROUPS; g++) {
    unsigned base = group_base((mm_cov_group)g), n = group_size((mm_cov_group)g);
    mm_cov_tally t = {.name = groups[g].name, .bins = n};
    for (unsigned b = base; b < base + n; b++) {
      if (mm_cov_unreachable(b)) continue;
      t.reachable++;
      t.hit += c->count[b] > 0;
    }
    out[g] = t;
    all.bins += t.bins;
    all.reachable += t.reachable;
    all.hit += t.hit;
  }
  return all;
}

unsigned mm_cov_report(const mm_cov *c, FILE *out, bool verbose) {
  mm_cov_tally g[MM_COV_GROUPS + 1];
  g[MM_COV_GROUPS] = mm_cov_count(c, g);
  fprintf(out, "%-10s %8s %8s %8s %7s\n", "group", "bins", "reach", "hit", "hit%");
  for (unsigned i = 0; i <= MM_COV_GROUPS; i++)
    fprintf(out, "%-10s %8u %8u %8u %6.1f%%\n", g[i].name, g[i].bins, g[i].reachable, g[i].hit,
            g[i].reachable ? 100.0 * g[i].hit / g[i].reachable : 100.0);
  unsigned empty = 0, all_hit = g[MM_COV_GROUPS].hit, all_reach = g[MM_COV_GROUPS].reachable,
           unreach = g[MM_COV_GROUPS].bins - all_reach;
  char name[160];
  for (unsigned b = 0, n = mm_cov_bins(); b < n; b++) {
    if (mm_cov_unreachable(b) || c->count[b]) continue;
    if (!empty++) fprintf(out, "empty reachable bins:\n");
    mm_cov_bin_name(b, name, sizeof name);
    fprintf(out, "  %s\n", name);
  }
  fprintf(out, "coverage: %u of %u reachable bins hit (%.1f%%), %u empty; %u bins unreachable\n", all_hit, all_reach,
          all_reach ? 100.0 * all_hit / all_reach : 100.0, empty, unreach);
  if (verbose) {
    fprintf(out, "unreachable bins:\n");
    for (unsigned b = 0, n = mm_cov_bins(); b < n; b++) {
      const char *why = mm_cov_unreachable(b);
      if (!why) continue;
      mm_cov_bin_name(b, name, sizeof name);
      fprintf(out, "  %-44s %s%s\n", name, why, c->count[b] ? "  (BUT HIT)" : "");
    }
  }
  return empty;
}
