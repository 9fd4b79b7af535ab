// ThreadSanitizer builds only: C11 threads (<threads.h>) on top of the POSIX calls that
// TSan intercepts.
//
// librdkafka makes its threads, mutexes and condition variables with C11 threads. glibc
// implements those on its internal pthread entry points, which gcc 12's libtsan does not
// intercept: a thread from thrd_create() has no TSan state and crashes in its first malloc(),
// and locks taken with mtx_lock() are invisible, so every hand-over through librdkafka's
// queues would look like a race. Defined in the test executable, these functions take
// precedence over glibc's for librdkafka.
// pthread_mutexattr_settype() and PTHREAD_MUTEX_RECURSIVE, whatever -std the build uses.
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

static int to_thrd(int pthread_result) {
  switch (pthread_result) {
    case 0:
      return thrd_success;
    case ETIMEDOUT:
      return thrd_timedout;
    case EBUSY:
      return thrd_busy;
    case ENOMEM:
      return thrd_nomem;
    default:
      return thrd_error;
  }
}

struct start {
  thrd_start_t func;
  void* arg;
};

static void* run_start(void* p) {
  struct start s = *(struct start*)p;
  free(p);
  return (void*)(intptr_t)s.func(s.arg);
}

int thrd_create(thrd_t* thr, thrd_start_t func, void* arg) {
  struct start* s = malloc(sizeof *s);
  if (!s) return thrd_nomem;
  s->func = func;
  s->arg = arg;
  int err = pthread_create(thr, NULL, run_start, s);
  if (err) free(s);
  return to_thrd(err);
}

int thrd_join(thrd_t thr, int* res) {
  void* ret = NULL;
  int err = pthread_join(thr, &ret);
  if (!err && res) *res = (int)(intptr_t)ret;
  return to_thrd(err);
}

int mtx_init(mtx_t* mutex, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  if (type & mtx_recursive) pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  int err = pthread_mutex_init((pthread_mutex_t*)mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  return to_thrd(err);
}

int mtx_lock(mtx_t* mutex) { return to_thrd(pthread_mutex_lock((pthread_mutex_t*)mutex)); }

int mtx_unlock(mtx_t* mutex) { return to_thrd(pthread_mutex_unlock((pthread_mutex_t*)mutex)); }

void mtx_destroy(mtx_t* mutex) { pthread_mutex_destroy((pthread_mutex_t*)mutex); }

int cnd_init(cnd_t* cond) { return to_thrd(pthread_cond_init((pthread_cond_t*)cond, NULL)); }

int cnd_signal(cnd_t* cond) { return to_thrd(pthread_cond_signal((pthread_cond_t*)cond)); }

int cnd_broadcast(cnd_t* cond) { return to_thrd(pthread_cond_broadcast((pthread_cond_t*)cond)); }

int cnd_wait(cnd_t* cond, mtx_t* mutex) {
  return to_thrd(pthread_cond_wait((pthread_cond_t*)cond, (pthread_mutex_t*)mutex));
}

int cnd_timedwait(cnd_t* restrict cond, mtx_t* restrict mutex,
                  const struct timespec* restrict time_point) {
  return to_thrd(
      pthread_cond_timedwait((pthread_cond_t*)cond, (pthread_mutex_t*)mutex, time_point));
}

void cnd_destroy(cnd_t* cond) { pthread_cond_destroy((pthread_cond_t*)cond); }

void call_once(once_flag* flag, void (*func)(void)) { pthread_once(&flag->__data, func); }
