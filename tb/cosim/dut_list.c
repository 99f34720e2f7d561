/* Finding a DUT by name among the build's (dut.h). */
#include <string.h>

#include "model/pte.h"
#include "tb/cosim/dut.h"
#include "tb/cosim/known.h"

/* A store from V=1 that hits an entry whose VS leaf is clean while
 * hardware A/D updating is off, and whose G-stage leaf denies the write:
 * the hit path (model/mmu.c serve_hit, and the RTL's) raises the guest-page
 * fault, where the walk raises the VS-stage page fault first (its A/D check
 * is a VS-stage check, all of which come before the final G-stage
 * translation: model/walk.h). Found by the timing-free comparison of the
 * model against itself; the model and the RTL agree, so lockstep cannot. */
static bool hit_g_before_vs_ad(const known_case *k) {
  return !k->walked && k->req->virt && k->req->type == MM_STORE && !k->ref->ok && k->ref->fault_reason == MM_FR_AD &&
         k->ref->fault_stage == MM_STAGE_VS && !k->dut->ok && k->dut->cause == CAUSE_STORE_GUEST_PAGE_FAULT;
}

static const dut_known model_known[] = {
    {"hit-g-before-vs-ad", "a V=1 store hit on a clean VS leaf (A/D updating off) raises the G-stage fault first",
     "model error (the hit path against the walk), open: model/mmu.c serve_hit and the RTL's hit path",
     hit_g_before_vs_ad},
};

const dut_profile dut_profile_full = {.sv48 = true,
                                      .h = true,
                                      .svpbmt = true,
                                      .svadu = true,
                                      .data = true,
                                      .timing = DUT_CYCLE_EXACT,
                                      .tlbs =
                                          "one TLB per hart, fully associative, tree-PLRU, of the run's --tlb entries",
                                      .known = model_known,
                                      .n_known = sizeof model_known / sizeof model_known[0]};

const dut_class *dut_class_find(const char *name) {
  for (unsigned i = 0; i < dut_class_count(); i++)
    if (!strcmp(dut_class_at(i)->name, name)) return dut_class_at(i);
  return NULL;
}
