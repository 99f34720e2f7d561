/* Snapshots for a failure's waveform (cosim_int.h; the scheme: the comment above SNAP_KEEP). */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cosim_int.h"

uint64_t cosim_snap_every(const cosim_config *cfg) {
  uint64_t w = (uint64_t)cfg->wave_window * 10;
  return cfg->snapshots > w ? cfg->snapshots : w;
}

static bool io_full(int fd, void *buf, size_t n, bool write_it) {
  char *p = buf;
  while (n) {
    ssize_t k = write_it ? write(fd, p, n) : read(fd, p, n);
    if (k <= 0) return false;
    p += k;
    n -= (size_t)k;
  }
  return true;
}

static void snap_drop(snapshot *s) {
  close(s->fd); /* it reads the end and exits */
  waitpid(s->pid, NULL, 0);
}

void cosim_snap_drop_all(cosim *c) {
  for (unsigned i = 0; i < c->n_snap; i++)
    snap_drop(&c->snap[i]);
  c->n_snap = 0;
}

/* In the copy: wait for the parent's word; none (it went on, or is done
 * with us): exit. Else run on, the RTL alone, quietly, tracing the window. */
static void snap_wait(cosim *c, int fd) {
  snap_cmd cmd;
  if (!io_full(fd, &cmd, sizeof cmd, false)) _exit(0);
  int null = open("/dev/null", O_WRONLY);
  if (null >= 0) { /* the parent has reported; the run on says nothing */
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
  }
  cosim_config *cfg = malloc(sizeof *cfg);
  trace_plan *plan = malloc(sizeof *plan);
  char *fst = malloc(512);
  if (!cfg || !plan || !fst) _exit(3);
  *cfg = *c->cfg;
  cfg->verbose = false;
  cfg->quiet = true;
  cfg->out = fdopen(null >= 0 ? null : STDOUT_FILENO, "w");
  snprintf(fst, 512, "%s.fst", cfg->fail_prefix);
  *plan = (trace_plan){.path = fst, .from = cmd.from};
  c->cfg = cfg;
  c->use_model = false;
  c->trace = plan;
  c->stop_edge = cmd.stop;
  c->snap_fd = fd;
  c->next_snap = 0;
}

/* In the copy, at the stop: the trace closed, the result to the parent. */
void cosim_snap_finish(cosim *c) {
  snap_result r = {.first = c->trace->first, .last = dut_cycle(c->dut), .ok = c->trace->on};
  c->dut->ops->trace_close(c->dut);
  io_full(c->snap_fd, &r, sizeof r, true);
  _exit(0);
}

/* A copy of the run now, at edge e, kept as the newest snapshot. */
void cosim_snap_take(cosim *c, uint64_t e) {
  int sv[2];
  fflush(NULL);
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) return;
  pid_t pid = fork();
  if (pid < 0) {
    close(sv[0]);
    close(sv[1]);
    return;
  }
  if (pid == 0) { /* the copy: the older snapshots are not its own */
    close(sv[0]);
    for (unsigned i = 0; i < c->n_snap; i++)
      close(c->snap[i].fd);
    c->n_snap = 0;
    snap_wait(c, sv[1]);
    return;
  }
  close(sv[1]);
  if (c->n_snap == SNAP_KEEP) {
    snap_drop(&c->snap[0]);
    memmove(&c->snap[0], &c->snap[1], (SNAP_KEEP - 1) * sizeof c->snap[0]);
    c->n_snap--;
  }
  c->snap[c->n_snap++] = (snapshot){.pid = pid, .fd = sv[0], .edge = e};
}

/* The waveform of the failure from a snapshot: true when it was written
 * (*first..*last traced). */
bool cosim_snap_waves(cosim *c, uint64_t from, uint64_t stop, uint64_t *first, uint64_t *last) {
  int pick = -1;
  for (int i = (int)c->n_snap - 1; i >= 0; i--)
    if (c->snap[i].edge + c->cfg->wave_window <= from) {
      pick = i;
      break;
    }
  if (pick < 0) return false;
  snapshot *s = &c->snap[pick];
  snap_cmd cmd = {.from = from, .stop = stop};
  snap_result r = {0};
  bool ok = io_full(s->fd, &cmd, sizeof cmd, true) && io_full(s->fd, &r, sizeof r, false) && r.ok;
  *first = r.first;
  *last = r.last;
  return ok;
}