/* The single-threaded pthread subset of include/pthread.h. */
#include <errno.h>
#include <pthread.h>

static const void *values[PTHREAD_KEYS_MAX];
static unsigned char used[PTHREAD_KEYS_MAX];

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *)) {
  (void)destructor; /* the one thread never exits before the program */
  for (unsigned i = 0; i < PTHREAD_KEYS_MAX; ++i)
    if (!used[i]) {
      used[i] = 1;
      values[i] = 0;
      *key = i;
      return 0;
    }
  return EAGAIN;
}

int pthread_key_delete(pthread_key_t key) {
  if (key >= PTHREAD_KEYS_MAX || !used[key])
    return EINVAL;
  used[key] = 0;
  return 0;
}

int pthread_setspecific(pthread_key_t key, const void *value) {
  if (key >= PTHREAD_KEYS_MAX || !used[key])
    return EINVAL;
  values[key] = value;
  return 0;
}

void *pthread_getspecific(pthread_key_t key) {
  return key < PTHREAD_KEYS_MAX && used[key] ? (void *)values[key] : 0;
}

int pthread_once(pthread_once_t *control, void (*routine)(void)) {
  if (*control == PTHREAD_ONCE_INIT) {
    *control = 1;
    routine();
  }
  return 0;
}

int pthread_mutexattr_init(pthread_mutexattr_t *attributes) { (void)attributes; return 0; }
int pthread_mutexattr_settype(pthread_mutexattr_t *attributes, int type) {
  (void)attributes;
  return type == PTHREAD_MUTEX_NORMAL || type == PTHREAD_MUTEX_RECURSIVE ? 0 : EINVAL;
}
int pthread_mutexattr_destroy(pthread_mutexattr_t *attributes) { (void)attributes; return 0; }
int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attributes) {
  (void)mutex;
  (void)attributes;
  return 0;
}
int pthread_mutex_lock(pthread_mutex_t *mutex) { (void)mutex; return 0; }
int pthread_mutex_unlock(pthread_mutex_t *mutex) { (void)mutex; return 0; }
int pthread_mutex_destroy(pthread_mutex_t *mutex) { (void)mutex; return 0; }
