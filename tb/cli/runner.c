/* The job runner (runner.h): forked children, a pipe each, one poll loop. */
#include "runner.h"

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A child's exit statuses when it cannot send its record. */
enum { CHILD_NO_LOG = 121, CHILD_NO_MEMORY, CHILD_NO_PIPE };

/* One child process in flight. */
typedef struct slot {
  pid_t pid;          /* 0: the slot is free */
  int fd;             /* the pipe's read end */
  unsigned job;       /* the job it runs */
  double start;       /* when it was forked */
  size_t got;         /* bytes of its record read so far */
  bool overflow;      /* it sent more than a record */
  bool timed_out;     /* killed for running past the timeout */
  bool stopped;       /* killed by stop_first */
  unsigned char *rec; /* the record: the status (an int), then the result */
} slot;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static size_t record_size(const runner *r) { return sizeof(int) + r->result_size; }

void runner_log_path(const runner *r, unsigned i, char *buf, size_t len) {
  char label[128];
  r->label(r->ctx, i, label, sizeof label);
  snprintf(buf, len, "%s/%s.log", r->dir, label);
}

static bool write_all(int fd, const void *buf, size_t n) {
  const unsigned char *p = buf;
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k;
    n -= (size_t)k;
  }
  return true;
}

/* The child: its output to the job's log, the job, its record to the pipe.
 * _exit, not exit: the parent's stdio buffers and exit handlers are not its own. */
static void child(const runner *r, unsigned job, int wfd) {
  char log[512];
  runner_log_path(r, job, log, sizeof log);
  int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) _exit(CHILD_NO_LOG);
  dup2(fd, STDOUT_FILENO);
  dup2(fd, STDERR_FILENO);
  if (fd > STDERR_FILENO) close(fd);
  setvbuf(stdout, NULL, _IOLBF, 0); /* the log in the order of writing, stderr's lines (assertions) among stdout's */
  unsigned char *rec = calloc(1, record_size(r));
  if (!rec) _exit(CHILD_NO_MEMORY);
  int rc = r->run(r->ctx, job, rec + sizeof(int));
  memcpy(rec, &rc, sizeof rc);
  fflush(NULL);
  _exit(write_all(wfd, rec, record_size(r)) ? 0 : CHILD_NO_PIPE);
}

static bool start(const runner *r, slot *slots, slot *s, unsigned job, char *err, size_t errlen) {
  int p[2];
  if (pipe(p)) {
    snprintf(err, errlen, "pipe: %s", strerror(errno));
    return false;
  }
  fflush(NULL); /* or the child would write the parent's buffered output again */
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, errlen, "fork: %s", strerror(errno));
    close(p[0]);
    close(p[1]);
    return false;
  }
  if (pid == 0) {
    close(p[0]);
    for (unsigned k = 0; k < r->parallel; k++)
      if (slots[k].pid) close(slots[k].fd);
    child(r, job, p[1]);
  }
  close(p[1]);
  unsigned char *rec = s->rec;
  *s = (slot){.pid = pid, .fd = p[0], .job = job, .start = now(), .rec = rec};
  return true;
}

/* Reads what the child sent; true at the end of its pipe. */
static bool drain(const runner *r, slot *s) {
  unsigned char buf[4096];
  ssize_t n = read(s->fd, buf, sizeof buf);
  if (n < 0) return errno != EINTR && errno != EAGAIN;
  if (n == 0) return true;
  size_t room = record_size(r) - s->got, take = (size_t)n < room ? (size_t)n : room;
  memcpy(s->rec + s->got, buf, take);
  s->got += take;
  s->overflow |= take < (size_t)n;
  return false;
}

/* The child's pipe has ended: waits for it and records its outcome. */
static void reap(runner *r, slot *s) {
  int status = 0;
  while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR) {
  }
  close(s->fd);
  runner_outcome *o = &r->outcomes[s->job];
  *o = (runner_outcome){.seconds = now() - s->start};
  if (s->stopped) {
    o->state = RUNNER_NOT_RUN;
  } else if (s->timed_out) {
    o->state = RUNNER_TIMED_OUT;
    snprintf(o->why, sizeof o->why, "timed out after %g s (killed)", r->timeout);
  } else if (s->got == record_size(r) && !s->overflow && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    o->state = RUNNER_DONE;
    memcpy(&o->rc, s->rec, sizeof o->rc);
    if (r->result_size) memcpy(r->results + (size_t)s->job * r->result_size, s->rec + sizeof(int), r->result_size);
  } else {
    o->state = RUNNER_CRASHED;
    if (WIFSIGNALED(status))
      snprintf(o->why, sizeof o->why, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_NO_LOG)
      snprintf(o->why, sizeof o->why, "could not open its log");
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
      snprintf(o->why, sizeof o->why, "exited with status %d without its result", WEXITSTATUS(status));
    else
      snprintf(o->why, sizeof o->why, "ended with %zu of the %zu bytes of its result", s->got, record_size(r));
  }
  s->pid = 0;
  s->fd = -1;
}

bool runner_failed(const runner *r, unsigned i) {
  const runner_outcome *o = &r->outcomes[i];
  return o->state != RUNNER_NOT_RUN && !(o->state == RUNNER_DONE && o->rc == 0);
}

const void *runner_result(const runner *r, unsigned i) { return r->results + (size_t)i * r->result_size; }

/* m:ss, or h:mm:ss. */
static void format_time(double s, char *buf, size_t len) {
  unsigned t = s > 0 ? (unsigned)(s + 0.5) : 0;
  if (t >= 3600)
    snprintf(buf, len, "%u:%02u:%02u", t / 3600, t / 60 % 60, t % 60);
  else
    snprintf(buf, len, "%u:%02u", t / 60, t % 60);
}

typedef struct progress {
  unsigned done, failed, running;
  double t0;
} progress;

/* "0:12 elapsed, ETA 0:40": the time left from the mean time per job so far. */
static void format_times(const runner *r, const progress *p, char *buf, size_t len) {
  double elapsed = now() - p->t0;
  char e[16], eta[16] = "-:--";
  format_time(elapsed, e, sizeof e);
  if (p->done) format_time(elapsed / p->done * (r->jobs - p->done), eta, sizeof eta);
  snprintf(buf, len, "%s elapsed, ETA %s", e, eta);
}

static void draw_line(const runner *r, const progress *p) {
  char times[64];
  format_times(r, p, times, sizeof times);
  fprintf(r->progress, "\r[%u/%u] %u running, %u failed; %s\033[K", p->done, r->jobs, p->running, p->failed, times);
  fflush(r->progress);
}

static void print_finished(const runner *r, const progress *p, unsigned i) {
  const runner_outcome *o = &r->outcomes[i];
  char label[128], times[64];
  r->label(r->ctx, i, label, sizeof label);
  format_times(r, p, times, sizeof times);
  const char *word = o->state == RUNNER_CRASHED     ? "CRASHED"
                     : o->state == RUNNER_TIMED_OUT ? "TIMED OUT"
                     : r->verdict                   ? r->verdict(r->ctx, i, o->rc)
                     : o->rc                        ? "FAIL"
                                                    : "pass";
  int width = snprintf(NULL, 0, "%u", r->jobs);
  fprintf(r->progress, "[%*u/%u] %s %s (%.2f s); %u failed; %s\n", width, p->done, r->jobs, label, word, o->seconds,
          p->failed, times);
}

bool runner_run(runner *r, char *err, size_t errlen) {
  r->outcomes = calloc(r->jobs ? r->jobs : 1, sizeof *r->outcomes);
  r->results = calloc(r->jobs ? r->jobs : 1, r->result_size ? r->result_size : 1);
  slot *slots = calloc(r->parallel, sizeof *slots);
  struct pollfd *pfd = calloc(r->parallel, sizeof *pfd);
  unsigned *polled = calloc(r->parallel, sizeof *polled);
  bool ok = r->outcomes && r->results && slots && pfd && polled;
  for (unsigned k = 0; ok && k < r->parallel; k++)
    ok = (slots[k].rec = malloc(record_size(r))) != NULL;
  if (!ok) snprintf(err, errlen, "out of memory");
  if (ok && !cli_mkdir_p(r->dir, err, errlen)) ok = false;
  progress p = {.t0 = now()};
  unsigned next = 0;
  bool stopping = false;
  while (ok && (p.running || (next < r->jobs && !stopping))) {
    for (unsigned k = 0; k < r->parallel && next < r->jobs && !stopping; k++) {
      if (slots[k].pid) continue;
      if (!start(r, slots, &slots[k], next, err, errlen)) {
        ok = false;
        break;
      }
      next++;
      p.running++;
    }
    if (!p.running) break;
    if (r->progress && r->tty) draw_line(r, &p);
    /* Wake for a child's pipe, the next timeout, and on a terminal every second. */
    int wait_ms = r->progress && r->tty ? 1000 : -1;
    unsigned n = 0;
    for (unsigned k = 0; k < r->parallel; k++) {
      if (!slots[k].pid) continue;
      pfd[n] = (struct pollfd){.fd = slots[k].fd, .events = POLLIN};
      polled[n++] = k;
      if (r->timeout > 0 && !slots[k].timed_out) {
        double left_ms = (slots[k].start + r->timeout - now()) * 1000;
        int ms = left_ms > 0 ? (int)left_ms + 1 : 0;
        if (wait_ms < 0 || ms < wait_ms) wait_ms = ms;
      }
    }
    if (poll(pfd, n, wait_ms) < 0 && errno != EINTR) {
      snprintf(err, errlen, "poll: %s", strerror(errno));
      ok = false;
      break;
    }
    for (unsigned m = 0; m < n; m++) {
      slot *s = &slots[polled[m]];
      if (!pfd[m].revents || !drain(r, s)) continue;
      unsigned job = s->job;
      bool counted = !s->stopped;
      reap(r, s);
      p.running--;
      if (!counted) continue;
      p.done++;
      bool failed = runner_failed(r, job);
      p.failed += failed;
      if (r->progress && !r->tty) print_finished(r, &p, job);
      if (failed && r->stop_first && !stopping) {
        stopping = true;
        for (unsigned k = 0; k < r->parallel; k++)
          if (slots[k].pid) {
            slots[k].stopped = true;
            kill(slots[k].pid, SIGKILL);
          }
      }
    }
    for (unsigned k = 0; r->timeout > 0 && k < r->parallel; k++)
      if (slots[k].pid && !slots[k].timed_out && !slots[k].stopped && now() - slots[k].start >= r->timeout) {
        slots[k].timed_out = true;
        kill(slots[k].pid, SIGKILL);
      }
  }
  if (!ok) /* the runner itself failed: no child is left behind */
    for (unsigned k = 0; slots && k < r->parallel; k++)
      if (slots[k].pid) {
        kill(slots[k].pid, SIGKILL);
        waitpid(slots[k].pid, NULL, 0);
        close(slots[k].fd);
      }
  if (r->progress && r->tty) {
    fputs("\r\033[K", r->progress);
    fflush(r->progress);
  }
  r->seconds = now() - p.t0;
  for (unsigned k = 0; slots && k < r->parallel; k++)
    free(slots[k].rec);
  free(slots);
  free(pfd);
  free(polled);
  return ok;
}

void runner_free(runner *r) {
  free(r->outcomes);
  free(r->results);
  r->outcomes = NULL;
  r->results = NULL;
}
