#include "mmu.h"

#include <assert.h>
#include <stddef.h>

#include "cov.h"
#include "pte.h"

bool mm_hart_init(mm_hart *hart, const mm_hart_params *params, const char **why) {
  *hart = (mm_hart){0};
  if (params->mem_latency < 1 || params->mem_latency > MM_LATENCY_MAX) {
    *why = "memory latency must be 1.." MM_STR(MM_LATENCY_MAX) " cycles";
    return false;
  }
  if (!mm_tlb_init(&hart->tlb, params->tlb_entries)) {
    *why = "TLB entries must be a power of two, 1.." MM_STR(MM_TLB_MAX_ENTRIES);
    return false;
  }
  if (params->id >= MM_MAX_HARTS) {
    *why = "hart number must be 0.." MM_STR(MM_MAX_HARTS) " - 1";
    return false;
  }
  mm_hitpred_clear(&hart->pred);
  hart->mem_latency = params->mem_latency;
  hart->id = params->id;
  return true;
}

void mm_hart_destroy(mm_hart *hart) { mm_tlb_destroy(&hart->tlb); }

unsigned mm_walk_cycles(unsigned n_ops, unsigned lat) { return MM_T_WALK + n_ops * (lat + MM_T_PER_OP); }

static bool translation_bare(const mm_csrs *c, bool virt) {
  if (!virt) return atp_mode(c->satp) == SATP_MODE_BARE;
  return atp_mode(c->vsatp) == SATP_MODE_BARE && atp_mode(c->hgatp) == SATP_MODE_BARE;
}

static mm_tlb_tag tag_of(const mm_csrs *c, const mm_req *req) {
  return (mm_tlb_tag){
      .virt = req->virt,
      .asid = satp_asid(req->virt ? c->vsatp : c->satp),
      .vmid = req->virt ? hgatp_vmid(c->hgatp) : 0,
      .va = req->va,
  };
}

/* The hit path: the walk's leaf checks, against the entry's saved leaves.
 * Returns false when the entry cannot serve the access (a store to a clean
 * page), which then walks. */
static bool serve_hit(const mm_hart *hart, const mm_tlb_entry *e, const mm_req *req, mm_obs *out) {
  const mm_csrs *c = &hart->csrs;
  uint64_t offset = req->va & ((1ull << e->shift) - 1);
  bool vs_ok = req->hlvx ? mm_leaf_allows_hlvx(e->leaf_pte, req->priv, mm_eff_sum(c, req->virt))
                         : mm_leaf_allows(e->leaf_pte, req->type, req->priv, mm_eff_sum(c, req->virt),
                                          mm_eff_mxr_vs(c, req->virt));
  if (e->leaf_pte && !vs_ok) {
    out->cause = mm_page_fault_cause(req->type);
    return true;
  }
  /* a store to a clean VS leaf walks before the G-stage leaf is checked, as the walk orders them (the VS
     leaf's A/D comes before the final G-stage translation: walk.h) */
  if (req->type == MM_STORE && e->leaf_pte && !(e->leaf_pte & PTE_D)) return false;
  bool g_ok =
      req->hlvx ? mm_gleaf_allows_hlvx(e->gleaf_pte) : mm_gleaf_allows(e->gleaf_pte, req->type, mm_eff_mxr_g(c));
  if (e->gleaf_pte && !g_ok) {
    out->cause = mm_guest_page_fault_cause(req->type);
    out->gpa = e->gpa | offset;
    return true;
  }
  if (req->type == MM_STORE && e->gleaf_pte && !(e->gleaf_pte & PTE_D)) return false;
  out->ok = true;
  out->pa = e->pa | offset;
  out->pbmt = e->pbmt;
  return true;
}

/* A hit the predictor knew (hitpred.h): the same observation as serve_hit's. */
static void serve_predicted(const mm_hitpred_slot *s, uint64_t va, mm_obs *out) {
  if (s->ok) {
    out->ok = true;
    out->pa = s->page | (va & 0xfff);
    out->pbmt = s->pbmt;
  } else {
    out->cause = s->cause;
    if (s->page) out->gpa = s->page | (va & 0xfff);
  }
}

/* Records a hit's answer (out, from serve_hit) in the predictor. */
static void predict(mm_hart *hart, const mm_req *req, unsigned index, const mm_obs *out) {
  mm_hitpred_slot *s = mm_hitpred_slot_of(&hart->pred, req->va >> 12);
  *s = (mm_hitpred_slot){.vpn = req->va >> 12,
                         .key = mm_hitpred_key(&hart->csrs, req),
                         .gen = hart->tlb.e[index].gen,
                         .page = (out->ok ? out->pa : out->gpa) & ~0xfffull,
                         .index = (uint16_t)index,
                         .ok = out->ok,
                         .cause = out->cause,
                         .pbmt = out->pbmt};
}

/* The TLB's part of a request: true when it answered (bare, M-mode, or a hit). */
static inline bool try_without_walk(mm_hart *hart, const mm_req *req, mm_obs *out, bool predictor_missed) {
  out->cycles = MM_T_HIT;
  if (!hart->cov && !predictor_missed) { /* the predictor first: its key rules out M-mode and bare translations */
    const mm_hitpred_slot *s = mm_hitpred_find(&hart->pred, &hart->tlb, req->va, mm_hitpred_key(&hart->csrs, req));
    if (s) {
      serve_predicted(s, req->va, out);
      out->tlb_hit = true;
      out->tlb_index = s->index;
      mm_tlb_touch(&hart->tlb, s->index);
      return true;
    }
  }
  if (req->priv == MM_PRIV_M || translation_bare(&hart->csrs, req->virt)) {
    out->ok = true;
    out->bare = true;
    out->pa = req->va;
    return true;
  }
  mm_tlb_tag tag = tag_of(&hart->csrs, req);
  int hit = mm_tlb_lookup(&hart->tlb, &tag);
  if (hart->cov) {
    if (hit >= 0)
      mm_cov_tlb_hit(hart->cov, hart, (unsigned)hit, &tag);
    else
      mm_cov_tlb_miss(hart->cov, hart, &tag);
  }
  if (hit < 0 || !serve_hit(hart, &hart->tlb.e[hit], req, out)) return false;
  if (!hart->cov) predict(hart, req, (unsigned)hit, out);
  out->tlb_hit = true;
  out->tlb_index = hit;
  mm_tlb_touch(&hart->tlb, (unsigned)hit);
  return true;
}

/* The hart's side of its port: names each access with the hart and the
 * cycle it is ready to go out (counted from the request's acceptance), and
 * keeps the clock. The port may answer at once, having taken the access at
 * op->cycle (the ready cycle, or later when a scheduler's arbiter made it
 * wait): the next access goes out MM_T_PER_OP after the answer. Or it may
 * not answer yet (no port, or a scheduler that cannot decide the grant now):
 * the access waits in job->pending until the scheduler has the memory system
 * take and answer it (mm_hart_resume). */
static bool job_port_access(void *ctx, mm_memop *op) {
  mm_job *job = ctx;
  op->hart = (uint8_t)job->hart->id;
  op->cycle = job->now;
  if (job->port && job->port->access(job->port->ctx, op)) {
    job->now = op->cycle + op->cycles + MM_T_PER_OP;
    return true;
  }
  job->pending = op;
  return false;
}

/* After the walk (its accesses already in out->ops): the outcome, the fill. */
static void finish_walk(mm_job *job) {
  mm_hart *hart = job->hart;
  const mm_req *req = &job->req;
  const mm_walk *w = &job->walk;
  mm_obs *out = job->out;
  out->n_ops = w->n_ops;
  out->cycles = job->now + MM_T_WALK - MM_T_FIRST_OP;
  out->ok = w->ok;
  if (!w->ok) {
    out->cause = w->cause;
    out->gpa = w->gpa;
    return;
  }
  out->pa = w->pa;
  out->pbmt = w->pbmt;
  mm_tlb_tag tag = tag_of(&hart->csrs, req);
  uint64_t page = ~((1ull << w->shift) - 1);
  mm_tlb_entry fill = {
      .virt = req->virt,
      .global = w->global,
      .asid = tag.asid,
      .vmid = tag.vmid,
      .shift = w->shift,
      .pbmt = w->pbmt,
      .va = req->va & page,
      .pa = w->pa & page,
      .gpa = w->gpa_final & page,
      .leaf_pte = w->leaf_pte,
      .gleaf_pte = w->gleaf_pte,
  };
  if (hart->cov) mm_cov_tlb_fill(hart->cov, hart, &fill);
  out->tlb_index = (int)mm_tlb_fill(&hart->tlb, &fill);
  if (hart->cov) mm_cov_tlb_filled(hart->cov, hart, (unsigned)out->tlb_index);
}

/* The access a data operation puts on the memory-system port. */
static const uint8_t data_kind[] = {
    [MM_DATA_LOAD] = MM_OP_LOAD,           [MM_DATA_STORE] = MM_OP_STORE,         [MM_DATA_FETCH] = MM_OP_LOAD,
    [MM_DATA_CBO_CLEAN] = MM_OP_CBO_CLEAN, [MM_DATA_CBO_FLUSH] = MM_OP_CBO_FLUSH, [MM_DATA_CBO_INVAL] = MM_OP_CBO_INVAL,
};

static bool sized(const mm_req *req) {
  return req->data_op == MM_DATA_LOAD || req->data_op == MM_DATA_STORE || req->data_op == MM_DATA_FETCH;
}

/* A request's data access (not a FENCE's) after its translation, in op. */
static inline void data_op_make(mm_memop *op, const mm_req *req, const mm_obs *out) {
  *op = (mm_memop){.kind = data_kind[req->data_op],
                   .stage = MM_STAGE_UNKNOWN,
                   .level = MM_STAGE_UNKNOWN,
                   .mt = (uint8_t)mm_mtype_of(out->pbmt, out->pa),
                   .size = sized(req) ? req->size : 0,
                   .pa = out->pa};
  if (req->data_op == MM_DATA_STORE) {
    uint64_t lane_pa = out->pa;
#ifdef MM_PLANTED_STORE_LANES_MOD4
    /* Never in a build but the value checker's test (tests/test_cosim_value.c, tb/cosim/value.mk): the
     * misunderstanding the RTL's mutant store_lanes_mod4 plants too, which lockstep cannot see. */
    lane_pa &= ~4ull;
#endif
    op->data = (req->wdata << (8 * (lane_pa & 7))) & mm_lane_bits(lane_pa, req->size);
    op->mask = mm_lane_mask(lane_pa, req->size);
  }
}

/* A request's data access answered, taken at op->cycle: the response at taken + T + 1. */
static inline void data_op_finish(const mm_memop *op, const mm_req *req, mm_obs *out) {
  out->cycles = op->cycle + op->cycles + 1;
  out->mtype = op->mt;
  out->cache_hit = op->hit;
  if (op->kind == MM_OP_LOAD) out->load_data = mm_lane_value(op->data, out->pa, req->size);
}

/* After a translation that succeeded in out->cycles (W): the data access
 * (or a FENCE's), ready at W. False when it waits. */
static bool data_access(mm_job *job) {
  mm_obs *out = job->out;
  assert(out->n_ops < MM_OBS_MAX_OPS);
  mm_memop *op = &out->ops[out->n_ops++];
  if (job->is_fence)
    *op = (mm_memop){.kind = MM_OP_FENCE, .stage = MM_STAGE_UNKNOWN, .level = MM_STAGE_UNKNOWN};
  else
    data_op_make(op, &job->req, out);
  job->phase = MM_JOB_DATA;
  job->now = out->cycles;
  return job_port_access(job, op);
}

/* The data access answered. */
static void finish_data(mm_job *job) {
  mm_obs *out = job->out;
  const mm_memop *op = &out->ops[out->n_ops - 1];
  job->phase = MM_JOB_DONE;
  if (job->is_fence)
    out->cycles = op->cycle + op->cycles + 1;
  else
    data_op_finish(op, &job->req, out);
}

/* The access faults, raised for a data access beyond the physical address space. */
static uint8_t access_fault_cause(mm_access type) {
  return type == MM_STORE   ? CAUSE_STORE_ACCESS_FAULT
         : type == MM_FETCH ? CAUSE_FETCH_ACCESS_FAULT
                            : CAUSE_LOAD_ACCESS_FAULT;
}

/* The misaligned exceptions, raised before any translation. */
static uint8_t misaligned_cause(mm_access type) {
  return type == MM_STORE ? CAUSE_STORE_MISALIGNED : type == MM_FETCH ? CAUSE_FETCH_MISALIGNED : CAUSE_LOAD_MISALIGNED;
}

/* After the translation: a fault or a translate-only request is done, else
 * the data access. False when it waits. */
static bool after_translation(mm_job *job) {
  mm_obs *out = job->out;
  const mm_req *req = &job->req;
  job->phase = MM_JOB_DONE;
  if (!out->ok || req->data_op == MM_DATA_NONE) return true;
  if (out->pa > PA_MASK) { /* a bare translation beyond the 56-bit physical space: nothing answers there */
    out->ok = false;
    out->pa = 0;
    out->pbmt = PBMT_PMA;
    out->cause = access_fault_cause(req->type);
    return true;
  }
  if (!data_access(job)) return false;
  finish_data(job);
  return true;
}

/* The walk, run (or resumed by replay) on the job's port. False when it waits. */
static bool walk(mm_job *job) {
  job->phase = MM_JOB_WALK;
  mm_port hport = {.access = job_port_access, .ctx = job};
  if (!mm_walk_run_into(&job->walk, job->out->ops, &job->hart->csrs, &job->req, &hport)) return false;
  finish_walk(job);
  return after_translation(job);
}

/* A job's fields but its walk (a walk starts only when the request walks:
 * the walk's record is large, and a TLB hit must cost nothing of it). */
static void job_init(mm_job *job, mm_hart *hart, const mm_port *port, mm_obs *out) {
  job->hart = hart;
  job->port = port;
  job->is_fence = false;
  job->out = out;
  job->phase = MM_JOB_DONE;
  job->now = MM_T_FIRST_OP;
  job->pending = NULL;
  job->walked = false;
}

/* What a request needs after its first cycle. */
typedef enum first_step { STEP_DONE, STEP_DATA, STEP_WALK } first_step;

/* The misaligned check and the TLB's part, which need no memory access. */
/* predictor_missed: the caller found no prediction for the request just now. */
static inline first_step begin_request(mm_hart *hart, const mm_req *req, mm_obs *out, bool predictor_missed) {
  mm_obs_reset(out);
  if (sized(req) && (req->va & (req->size - 1))) {
    out->cause = misaligned_cause(req->type);
    out->cycles = MM_T_HIT;
    return STEP_DONE;
  }
  if (!try_without_walk(hart, req, out, predictor_missed)) return STEP_WALK;
  return out->ok && req->data_op != MM_DATA_NONE ? STEP_DATA : STEP_DONE;
}

/* The rest, as a job. */
static bool continue_request(mm_hart *hart, mm_job *job, const mm_port *port, const mm_req *req, mm_obs *out,
                             first_step step) {
  job_init(job, hart, port, out);
  job->req = *req;
  if (step == STEP_DATA) return after_translation(job);
  mm_walk_start(&job->walk);
  job->walked = true;
  return walk(job);
}

/* A request done: its coverage. */
static inline void done(mm_hart *hart, const mm_req *req, const mm_obs *out, const mm_job *job) {
  if (hart->cov) mm_cov_request(hart->cov, hart, req, out, job && job->walked ? &job->walk : NULL);
}

bool mm_hart_begin(mm_hart *hart, mm_job *job, const mm_port *port, const mm_req *req, mm_obs *out) {
  job->phase = MM_JOB_DONE;
  job->pending = NULL;
  first_step step = begin_request(hart, req, out, false);
  if (step == STEP_DONE) {
    done(hart, req, out, NULL);
    return true;
  }
  if (!continue_request(hart, job, port, req, out, step)) return false;
  done(hart, req, out, job);
  return true;
}

bool mm_hart_begin_fence(mm_hart *hart, mm_job *job, const mm_port *port, const mm_fence *fence, mm_obs *out,
                         unsigned *dropped) {
  mm_obs_reset(out);
  job_init(job, hart, port, out);
  job->is_fence = true;
  out->ok = true;
  out->cycles = MM_T_FENCE;
  job->phase = MM_JOB_DONE;
  if (fence->kind != MM_FENCE_DATA) {
    if (hart->cov) mm_cov_fence(hart->cov, hart, fence, hgatp_vmid(hart->csrs.hgatp));
    unsigned n = mm_tlb_fence(&hart->tlb, fence, hgatp_vmid(hart->csrs.hgatp));
    if (dropped) *dropped = n;
    return true;
  }
  /* FENCE: the memory system drains its write-combining buffer. */
  if (dropped) *dropped = 0;
  if (!data_access(job)) return false;
  finish_data(job);
  return true;
}

bool mm_hart_resume(mm_job *job) {
  assert(job->pending && job->phase != MM_JOB_DONE && "mm_hart_resume: no access waits");
  mm_memop *op = job->pending;
  job->pending = NULL;
  if (job->phase == MM_JOB_DATA) {
    finish_data(job);
    if (!job->is_fence) done(job->hart, &job->req, job->out, job);
    return true;
  }
  /* A walk's access: its answer is in the log already (op is its entry). */
  mm_walk_answer_into(&job->walk, job->out->ops, op);
  job->now = op->cycle + op->cycles + MM_T_PER_OP;
  if (!walk(job)) return false;
  done(job->hart, &job->req, job->out, job);
  return true;
}

/* mm_hart_access_port() past the predictor: the whole request. */
static __attribute__((noinline)) void access_full(mm_hart *hart, const mm_port *port, const mm_req *req, mm_obs *out) {
  first_step step = begin_request(hart, req, out, true); /* a TLB hit without data stops here, with no job */
  if (step == STEP_DONE) {
    done(hart, req, out, NULL);
    return;
  }
  mm_job job;
  bool finished = continue_request(hart, &job, port, req, out, step);
  assert(finished && "mm_hart_access_port: the port made the request wait");
  (void)finished;
  done(hart, req, out, &job);
}

/* A predicted hit's data access (out holds the translation), on a port that
 * answers at once. */
static __attribute__((noinline)) void access_data_now(mm_hart *hart, const mm_port *port, const mm_req *req,
                                                      mm_obs *out) {
  mm_memop *op = &out->ops[0];
  out->n_ops = 1;
  data_op_make(op, req, out);
  op->hart = (uint8_t)hart->id;
  op->cycle = MM_T_HIT;
  bool answered = port->access(port->ctx, op);
  assert(answered && "mm_hart_access_port: the port made the request wait");
  (void)answered;
  data_op_finish(op, req, out);
}

/* The hit path the predictor knows (hitpred.h), with its data access on a
 * port that answers at once: the same observation, PLRU touch and access as
 * the full path's, without its job. Its calls are tail calls, so that a
 * translation-only hit saves no register. */
void mm_hart_access_port(mm_hart *hart, const mm_port *port, const mm_req *req, mm_obs *out) {
  const mm_hitpred_slot *s;
  if (hart->cov || (sized(req) && (req->va & (req->size - 1))) ||
      !(s = mm_hitpred_find(&hart->pred, &hart->tlb, req->va, mm_hitpred_key(&hart->csrs, req)))) {
    access_full(hart, port, req, out);
    return;
  }
  mm_obs_reset(out);
  out->cycles = MM_T_HIT;
  serve_predicted(s, req->va, out);
  out->tlb_hit = true;
  out->tlb_index = s->index;
  mm_tlb_touch(&hart->tlb, s->index);
  if (out->ok && req->data_op != MM_DATA_NONE) access_data_now(hart, port, req, out);
}

void mm_hart_access(mm_hart *hart, mm_mem *mem, const mm_req *req, mm_obs *out) {
  mm_mem_port p = {.mem = mem, .latency = hart->mem_latency};
  mm_port port = mm_port_of_mem(&p);
  mm_hart_access_port(hart, &port, req, out);
}

unsigned mm_hart_fence(mm_hart *hart, const mm_port *port, const mm_fence *fence, mm_obs *out) {
  mm_obs tmp;
  mm_job job;
  unsigned dropped = 0;
  assert((port || fence->kind != MM_FENCE_DATA) && "a data FENCE needs the memory-system port");
  bool done = mm_hart_begin_fence(hart, &job, port, fence, out ? out : &tmp, &dropped);
  assert(done && "mm_hart_fence: the port made the FENCE wait");
  (void)done;
  return dropped;
}
