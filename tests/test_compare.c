/* The comparison of two observations (tb/cosim/compare.h): obs_equal, the verdict the lockstep loop takes
 * once a request, and obs_diff, the differences a report names, must agree field by field. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>

#include "tb/cosim/compare.h"

/* A walk's two PTE reads and a load that missed the cache, with its line fill on the bus. */
static void example(mm_obs *o) {
  *o = (mm_obs){.ok = true,
                .pa = 0x80123458,
                .pbmt = PBMT_PMA,
                .mtype = MM_MT_MAIN,
                .load_data = 0x1122334455667788,
                .accept = 1000,
                .cycles = 23,
                .tlb_index = 3};
  o->n_ops = 3;
  o->ops[0] = (mm_memop){.kind = MM_OP_READ, .size = 8, .pa = 0x80001008, .data = 0x20048c01, .cycle = 1};
  o->ops[1] = (mm_memop){.kind = MM_OP_READ, .size = 8, .pa = 0x80123010, .data = 0x2004a8cf, .cycle = 6};
  o->ops[2] = (mm_memop){.kind = MM_OP_LOAD, .mt = MM_MT_MAIN, .size = 8, .pa = 0x80123458, .cycle = 12};
  o->n_bus = 1;
  o->bus[0] = (mm_bus_txn){.size = 64, .beats = 8, .addr = 0x80123440, .cycle = 13};
  for (unsigned i = 0; i < 8; i++)
    o->bus[0].data[i] = 0x0101010101010101ull * i;
}

/* Field i of the report's order (compare.h) changed in o. */
static void change_field(mm_obs *o, unsigned i) {
  switch (i) {
  case 0: o->accept++; break;
  case 1: o->cycles++; break;
  case 2: o->ok = !o->ok; break;
  case 3: o->tlb_hit = !o->tlb_hit; break;
  case 4: o->pa ^= 0x1000; break;
  case 5: o->pbmt = PBMT_NC; break;
  case 6: o->cause = 13; break;
  case 7: o->gpa = 0x4000; break;
  case 8: o->mtype = MM_MT_IO; break;
  case 9: o->cache_hit = !o->cache_hit; break;
  case 10: o->load_data ^= 0x80; break;
  case 11: o->n_ops--; break;
  case 12: o->n_bus--; break;
  default: cr_assert_fail("no field %u", i);
  }
}

Test(compare, equal_observations_are_equal_and_differ_in_nothing) {
  static mm_obs m, r;
  example(&m);
  example(&r);
  cr_assert(obs_equal(&m, &r));
  cr_assert_eq(obs_diff(&m, &r), 0);
}

Test(compare, each_compared_field_fails_the_verdict_and_is_the_one_difference_named) {
  static mm_obs m, r;
  for (unsigned i = 0; i < 13; i++) {
    example(&m);
    example(&r);
    change_field(&r, i);
    cr_assert(!obs_equal(&m, &r), "field %u changed: still equal (pa=%#" PRIx64 ")", i, r.pa);
    cr_assert_eq(obs_diff(&m, &r), 1u << i, "field %u changed: obs_diff %#x", i, obs_diff(&m, &r));
  }
}

Test(compare, an_access_or_a_bus_beat_that_differs_is_named_as_such) {
  static mm_obs m, r;
  example(&m);
  example(&r);
  r.ops[1].data ^= 1; /* the second PTE read returned another word */
  cr_assert(!obs_equal(&m, &r));
  cr_assert_eq(obs_diff(&m, &r), OBS_DIFF_OPS, "obs_diff %#x at pa=%#" PRIx64, obs_diff(&m, &r), r.ops[1].pa);
  example(&r);
  r.bus[0].data[7] ^= 1ull << 63; /* the fill's last beat */
  cr_assert(!obs_equal(&m, &r));
  cr_assert_eq(obs_diff(&m, &r), OBS_DIFF_BUS, "obs_diff %#x at addr=%#" PRIx64, obs_diff(&m, &r), r.bus[0].addr);
  char names[200];
  obs_diff_format(names, sizeof names, (1u << 1) | OBS_DIFF_BUS);
  cr_assert_str_eq(names, "cycles, a bus transaction");
}

Test(compare, what_only_the_model_tells_is_not_compared) {
  static mm_obs m, r;
  example(&m);
  example(&r);
  r.bare = true;
  r.tlb_index = -1;
  r.ops[0].stage = 2; /* the stage and level are the model's annotation */
  r.ops[0].level = 1;
  cr_assert(obs_equal(&m, &r), "pa=%#" PRIx64, r.pa);
  cr_assert_eq(obs_diff(&m, &r), 0);
}
