/*
 * The model on a thread of its own (cosim_int.h, model_thread): the
 * lockstep loop drives the DUT on the caller's thread while the model runs
 * ahead on a second one, at most MT_AHEAD completions ahead of the
 * comparisons. The two share the feed (feed_share: its locks; its memory
 * image is written before the thread starts) and the stage of completions (under
 * lock); the model's side (its harts, scheduler, memory system and value
 * checker) belongs to the thread until it is joined, the DUT's side to the
 * loop. The loop never reports from here: on a failure it returns
 * COSIM_RETRY and the run starts again on one thread.
 */
#include <assert.h>
#include <stdlib.h>
#include <unistd.h>

#include "cosim_int.h"

/* Whether two threads pay: both sides run, nothing is printed as it happens (--verbose's lines would
 * interleave with the value checker's), no coverage (a re-run would count it twice), a DUT that does its own
 * data access (a translate-only one reads the model's memory) and a second core. */
static bool worth_it(const cosim *c) {
  const cosim_config *cfg = c->cfg;
  if (c->mt.off || !c->use_model || !c->use_rtl || c->free_mode || c->trace || cfg->verbose || cfg->cov ||
      !c->profile->data)
    return false;
  return cosim_second_thread(cfg);
}

bool cosim_second_thread(const cosim_config *cfg) {
  return cfg->threads ? cfg->threads > 1 : sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

static void wake(pthread_cond_t *cv, pthread_mutex_t *m) {
  pthread_mutex_lock(m);
  pthread_cond_signal(cv);
  pthread_mutex_unlock(m);
}

/* The model is as far ahead as it may go (and nobody waits for it). */
static bool ahead(model_thread *mt) {
  return atomic_load(&mt->produced) - atomic_load(&mt->consumed) >= MT_AHEAD && !atomic_load(&mt->stop) &&
         !atomic_load(&mt->main_waiting);
}

static void *model_thread_main(void *arg) {
  cosim *c = arg;
  model_thread *mt = &c->mt;
  for (;;) {
    if (atomic_load(&mt->stop)) break;
    bool timed = c->model_runs++ % TIME_SAMPLE == 0;
    double t0 = timed ? cosim_now() : 0;
    bool more = mm_sched_step(&c->sched) && !c->failed;
    uint64_t next = more ? mm_sched_next_time(&c->sched) : UINT64_MAX;
    if (timed) c->stats->model_seconds += TIME_SAMPLE * (cosim_now() - t0);
    atomic_store(&mt->progress, next);
    if (!more) atomic_store(&mt->done, true);
    if (atomic_load(&mt->main_waiting)) wake(&mt->to_main, &mt->lock);
    if (!more) break;
    /* far enough ahead: wait for the comparisons, unless the loop waits for the model */
    if (!ahead(mt)) continue;
    pthread_mutex_lock(&mt->lock);
    atomic_store(&mt->model_waiting, true);
    while (ahead(mt))
      pthread_cond_wait(&mt->to_model, &mt->lock);
    atomic_store(&mt->model_waiting, false);
    pthread_mutex_unlock(&mt->lock);
  }
  return NULL;
}

bool cosim_mt_start(cosim *c) {
  model_thread *mt = &c->mt;
  if (!worth_it(c)) return false;
  feed_start(c->feed); /* the memory image, written to every side now, before the sides run apart */
  /* adaptive: a lock the other thread holds for a few instructions is waited for spinning, not sleeping */
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
  bool locks = !pthread_mutex_init(&mt->lock, &attr);
  pthread_mutexattr_destroy(&attr);
  if (!locks) return false;
  if (pthread_cond_init(&mt->to_main, NULL)) goto no_to_main;
  if (pthread_cond_init(&mt->to_model, NULL)) goto no_to_model;
  atomic_store(&mt->progress, 0);
  mt->on = true;
  feed_share(c->feed, true);
  if (!pthread_create(&mt->tid, NULL, model_thread_main, c)) return true;
  feed_share(c->feed, false);
  mt->on = false;
  pthread_cond_destroy(&mt->to_model);
no_to_model:
  pthread_cond_destroy(&mt->to_main);
no_to_main:
  pthread_mutex_destroy(&mt->lock);
  return false;
}

void cosim_mt_push(cosim *c, unsigned h, const completion *k) {
  model_thread *mt = &c->mt;
  pthread_mutex_lock(&mt->lock);
  bool ok = cosim_completions_push(&mt->stage[h], k);
  if (ok) atomic_fetch_add(&mt->produced, 1);
  pthread_mutex_unlock(&mt->lock);
  if (!ok) {
    free(k->obs);
    cosim_fail(c, "out of memory");
  }
}

/* Appends o to the list (free when it cannot grow). */
static void keep(mm_obs ***list, unsigned *n, unsigned *cap, mm_obs *o) {
  if (*n == *cap) {
    unsigned want = *cap ? 2 * *cap : 64;
    mm_obs **p = realloc(*list, want * sizeof *p);
    if (!p) {
      free(o);
      return;
    }
    *list = p;
    *cap = want;
  }
  (*list)[(*n)++] = o;
}

void cosim_mt_back(cosim *c, mm_obs *o) { keep(&c->mt.back, &c->mt.n_back, &c->mt.cap_back, o); }

void cosim_mt_returned(cosim *c) {
  model_thread *mt = &c->mt;
  assert(!c->n_pool && "called with the model's pool empty");
  pthread_mutex_lock(&mt->lock);
  /* the pool's list (empty) and the returned one change places */
  mm_obs **pool = c->pool;
  unsigned cap = c->cap_pool;
  c->pool = mt->ret;
  c->n_pool = mt->n_ret;
  c->cap_pool = mt->cap_ret;
  mt->ret = pool;
  mt->n_ret = 0;
  mt->cap_ret = cap;
  pthread_mutex_unlock(&mt->lock);
}

/* Under the lock: the stage to the loop's queues, the comparisons counted, and the model woken when it
 * waits for them. */
static void hand_over(cosim *c) {
  model_thread *mt = &c->mt;
  mt->seen = atomic_load(&mt->done) ? UINT64_MAX : atomic_load(&mt->progress);
  for (unsigned h = 0; h < c->cfg->harts; h++) {
    completions *q = &mt->stage[h];
    while (q->n) {
      completion k = cosim_completions_pop(q);
      if (!cosim_completion_to(c, h, &k)) {
        free(k.obs);
        cosim_fail(c, "out of memory");
      }
    }
  }
  for (; mt->n_back; mt->n_back--)
    keep(&mt->ret, &mt->n_ret, &mt->cap_ret, mt->back[mt->n_back - 1]);
  atomic_fetch_add(&mt->consumed, mt->compared);
  mt->compared = 0;
  /* The model sets model_waiting under the lock before it looks at consumed: it sees the count, or is woken.
   * It is woken once it is at most half as far ahead as it may go, by the second hand-over after it stopped
   * (they come every quarter): one wake-up of the other core (a system call, about 10-15 us here) per half
   * window, and the model back at work while the loop still has half a window to compare. */
  if (atomic_load(&mt->model_waiting) && atomic_load(&mt->produced) - atomic_load(&mt->consumed) <= MT_AHEAD / 2)
    pthread_cond_signal(&mt->to_model);
}

/* Whether the loop has what it waits for: every completion responding by edge e (hart < 0), or one for hart. */
static bool ready(const cosim *c, uint64_t e, int hart) { return hart < 0 ? c->mt.seen > e : c->mh[hart].done.n > 0; }

/* Hands over until the loop has what it waits for, or the model is done. */
static void wait_for(cosim *c, uint64_t e, int hart) {
  model_thread *mt = &c->mt;
  pthread_mutex_lock(&mt->lock);
  hand_over(c);
  while (!ready(c, e, hart) && mt->seen != UINT64_MAX) {
    atomic_store(&mt->main_waiting, true);
    pthread_cond_signal(&mt->to_model);
    /* the model stores its progress, then looks for a waiting loop: one of the two sees the other */
    if (atomic_load(&mt->progress) == mt->seen && !atomic_load(&mt->done)) pthread_cond_wait(&mt->to_main, &mt->lock);
    atomic_store(&mt->main_waiting, false);
    hand_over(c);
  }
  pthread_mutex_unlock(&mt->lock);
}

void cosim_mt_upto(cosim *c, uint64_t e) {
  if (e >= c->mt.seen) wait_for(c, e, -1);
}

bool cosim_mt_more(cosim *c, unsigned h) {
  if (!c->mh[h].done.n) wait_for(c, 0, (int)h);
  return c->mh[h].done.n > 0;
}

void cosim_mt_compared(cosim *c) {
  if (++c->mt.compared < MT_AHEAD / 4) return;
  pthread_mutex_lock(&c->mt.lock);
  hand_over(c);
  pthread_mutex_unlock(&c->mt.lock);
}

void cosim_mt_join(cosim *c, bool stop) {
  model_thread *mt = &c->mt;
  if (!mt->on) return;
  if (stop) atomic_store(&mt->stop, true);
  pthread_mutex_lock(&mt->lock);
  atomic_store(&mt->main_waiting, true); /* the model does not wait for comparisons any more */
  pthread_cond_signal(&mt->to_model);
  pthread_mutex_unlock(&mt->lock);
  pthread_join(mt->tid, NULL);
  mt->on = false;
  feed_share(c->feed, false);
  hand_over(c);
  for (unsigned h = 0; h < MM_MAX_HARTS; h++)
    free(mt->stage[h].e);
  for (; mt->n_ret; mt->n_ret--) /* the thread is gone: its pool is the run's again */
    cosim_obs_put_pool(c, mt->ret[mt->n_ret - 1]);
  free(mt->back);
  free(mt->ret);
  pthread_cond_destroy(&mt->to_model);
  pthread_cond_destroy(&mt->to_main);
  pthread_mutex_destroy(&mt->lock);
}
