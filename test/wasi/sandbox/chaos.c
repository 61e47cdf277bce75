/* Calls the WASI functions many thousand times with arbitrary arguments: descriptors that may
 * or may not be open, pointers inside, at the edge of and past the memory, odd lengths and
 * flags, random bytes as paths. Nothing may crash the host or reach outside the sandbox; the
 * guest only checks that it gets to the end. Output pointers stay inside a scratch buffer (or
 * past the memory), so the program's own data survives; waits and allocations are kept short
 * and small, and it never exits early. Run by run_chaos.py with stdout and stdin on /dev/null. */
#include "../programs/common.h"

#include <stdint.h>

#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
typedef int32_t I;
typedef int64_t L;
IMPORT(args_get) I args_get(I, I);
IMPORT(args_sizes_get) I args_sizes_get(I, I);
IMPORT(environ_get) I environ_get(I, I);
IMPORT(environ_sizes_get) I environ_sizes_get(I, I);
IMPORT(clock_res_get) I clock_res_get(I, I);
IMPORT(clock_time_get) I clock_time_get(I, L, I);
IMPORT(fd_advise) I fd_advise(I, L, L, I);
IMPORT(fd_allocate) I fd_allocate(I, L, L);
IMPORT(fd_close) I fd_close(I);
IMPORT(fd_datasync) I fd_datasync(I);
IMPORT(fd_fdstat_get) I fd_fdstat_get(I, I);
IMPORT(fd_fdstat_set_flags) I fd_fdstat_set_flags(I, I);
IMPORT(fd_fdstat_set_rights) I fd_fdstat_set_rights(I, L, L);
IMPORT(fd_filestat_get) I fd_filestat_get(I, I);
IMPORT(fd_filestat_set_size) I fd_filestat_set_size(I, L);
IMPORT(fd_filestat_set_times) I fd_filestat_set_times(I, L, L, I);
IMPORT(fd_pread) I fd_pread(I, I, I, L, I);
IMPORT(fd_prestat_get) I fd_prestat_get(I, I);
IMPORT(fd_prestat_dir_name) I fd_prestat_dir_name(I, I, I);
IMPORT(fd_pwrite) I fd_pwrite(I, I, I, L, I);
IMPORT(fd_read) I fd_read(I, I, I, I);
IMPORT(fd_readdir) I fd_readdir(I, I, I, L, I);
IMPORT(fd_renumber) I fd_renumber(I, I);
IMPORT(fd_seek) I fd_seek(I, L, I, I);
IMPORT(fd_sync) I fd_sync(I);
IMPORT(fd_tell) I fd_tell(I, I);
IMPORT(fd_write) I fd_write(I, I, I, I);
IMPORT(path_create_directory) I path_create_directory(I, I, I);
IMPORT(path_filestat_get) I path_filestat_get(I, I, I, I, I);
IMPORT(path_filestat_set_times) I path_filestat_set_times(I, I, I, I, L, L, I);
IMPORT(path_link) I path_link(I, I, I, I, I, I, I);
IMPORT(path_open) I path_open(I, I, I, I, I, L, L, I, I);
IMPORT(path_readlink) I path_readlink(I, I, I, I, I, I);
IMPORT(path_remove_directory) I path_remove_directory(I, I, I);
IMPORT(path_rename) I path_rename(I, I, I, I, I, I);
IMPORT(path_symlink) I path_symlink(I, I, I, I, I);
IMPORT(path_unlink_file) I path_unlink_file(I, I, I);
IMPORT(poll_oneoff) I poll_oneoff(I, I, I, I);
IMPORT(proc_raise) I proc_raise(I);
IMPORT(sched_yield) I sched_yield(void);
IMPORT(random_get) I random_get(I, I);
IMPORT(sock_accept) I sock_accept(I, I, I);
IMPORT(sock_recv) I sock_recv(I, I, I, I, I, I);
IMPORT(sock_send) I sock_send(I, I, I, I, I);
IMPORT(sock_shutdown) I sock_shutdown(I, I);

#define SCRATCH 65536
static unsigned char scratch[SCRATCH];
static uint32_t end_of_memory;

static uint32_t pick(uint32_t n) { return next_random() % n; }

/* A pointer for data the host reads: in the scratch buffer, at the memory's end, or past it. */
static I in_ptr(void) {
  switch (pick(8)) {
  case 0: return (I)(end_of_memory - pick(16));
  case 1: return (I)(end_of_memory + pick(1000));
  case 2: return (I)0xffffffffu - (I)pick(8);
  case 3: return 0;
  default: return (I)(uintptr_t)(scratch + pick(SCRATCH - 64));
  }
}
/* A pointer the host writes to: the scratch buffer or out of bounds, never the program. At
 * most 512 bytes may be written at it. */
static I out_ptr(void) {
  uint32_t choice = pick(6);
  if (choice == 0)
    return (I)(end_of_memory - pick(8));
  if (choice == 1)
    return (I)0xfffffff0u;
  return (I)(uintptr_t)(scratch + pick(SCRATCH - 512));
}
static I length(void) {
  switch (pick(6)) {
  case 0: return 0;
  case 1: return (I)pick(0x10000000);
  case 2: return -1;
  default: return (I)pick(40);
  }
}
static I fd(void) { return pick(10) == 0 ? (I)next_random() : (I)pick(9); }
/* Mostly the sandbox (3) or the read-only preopen (4), for the path functions. */
static I dir(void) {
  uint32_t choice = pick(10);
  return choice < 5 ? 3 : choice < 7 ? 4 : fd();
}
/* A descriptor the program may lose: not the standard ones (stderr carries the result) nor
 * the sandbox's (the path functions need it). */
static I expendable(void) { return pick(10) == 0 ? (I)next_random() : 4 + (I)pick(5); }
/* A descriptor to write to: any but stderr. */
static I sink(void) {
  I number = fd();
  return number == 2 ? 1 : number;
}
static I flags(void) { return pick(4) == 0 ? (I)next_random() : (I)pick(32); }
static L big(void) { return pick(4) == 0 ? (L)next_random() << 32 | next_random() : (L)pick(4096); }

/* iovecs in the scratch buffer; their buffers, which the host reads from or (for `into`)
 * writes to, lie in the scratch buffer or where in_ptr() / out_ptr() point. */
static I iovecs(I *count, int into) {
  uint32_t at = pick(SCRATCH / 2) & ~7u;
  uint32_t n = pick(5);
  for (uint32_t i = 0; i < n; ++i) {
    I buffer = pick(3) ? (I)(uintptr_t)(scratch + SCRATCH / 2 + pick(SCRATCH / 4))
               : into  ? out_ptr()
                       : in_ptr();
    I size = (I)(into ? pick(512) : pick(4096));
    memcpy(scratch + at + 8 * i, &buffer, 4);
    memcpy(scratch + at + 8 * i + 4, &size, 4);
  }
  /* Extra iovecs would be stray bytes; for reads, only counts the host must refuse. */
  if (pick(8) == 0)
    *count = into ? 1025 + (I)pick(1 << 20) : length();
  else
    *count = (I)n;
  return (I)(uintptr_t)(scratch + at);
}

/* Short random names from a small alphabet, so calls meet each other's files. */
static I path(I *size) {
  static const char alphabet[] = "ab./";
  uint32_t at = SCRATCH - 256 + pick(64);
  uint32_t n = 1 + pick(12);
  for (uint32_t i = 0; i < n; ++i)
    scratch[at + i] = pick(16) ? (unsigned char)alphabet[pick(4)] : (unsigned char)next_random();
  *size = pick(10) ? (I)n : length();
  return pick(10) ? (I)(uintptr_t)(scratch + at) : in_ptr();
}

/* Subscriptions with waits of at most a millisecond. */
static I subscriptions(I *count) {
  uint32_t n = 1 + pick(4);
  unsigned char *at = scratch + 1024;
  for (uint32_t i = 0; i < n; ++i) {
    unsigned char *s = at + 48 * i;
    for (int k = 0; k < 48; ++k)
      s[k] = (unsigned char)next_random();
    /* The first is a short relative timeout, so no call can wait for ever on a descriptor
     * that never becomes ready (the write end of the stderr pipe, say). */
    s[8] = i == 0 ? 0 : (unsigned char)pick(4);
    uint32_t id = i == 0 ? 1 : pick(5), fd_number = pick(8);
    uint64_t timeout = pick(1000000);
    uint16_t clock_flags = i == 0 ? 0 : (uint16_t)pick(2);
    if (s[8] == 0) {
      memcpy(s + 16, &id, 4);
      memcpy(s + 24, &timeout, 8);
      memcpy(s + 40, &clock_flags, 2);
    } else {
      memcpy(s + 16, &fd_number, 4);
    }
  }
  *count = pick(10) ? (I)n : 0; /* none is inval */
  return (I)(uintptr_t)at;
}

int main(void) {
  end_of_memory = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
  unsigned counts[64] = {0};
  for (int round = 0; round < 30000; ++round) {
    I a, b, n;
    I result = 0;
    uint32_t which = pick(45);
    switch (which) {
    case 0: result = args_get(out_ptr(), out_ptr()); break;
    case 1: result = args_sizes_get(out_ptr(), out_ptr()); break;
    case 2: result = environ_get(out_ptr(), out_ptr()); break;
    case 3: result = environ_sizes_get(out_ptr(), out_ptr()); break;
    case 4: result = clock_res_get(flags(), out_ptr()); break;
    case 5: result = clock_time_get(flags(), big(), out_ptr()); break;
    case 6: result = fd_advise(fd(), big(), big(), flags()); break;
    case 7: result = fd_allocate(fd(), (L)pick(1 << 20), (L)pick(1 << 20)); break;
    case 8: result = pick(20) == 0 ? fd_close(expendable()) : 0; break;
    case 9: result = fd_datasync(fd()); break;
    case 10: result = fd_fdstat_get(fd(), out_ptr()); break;
    case 11: result = fd_fdstat_set_flags(fd(), flags() & ~2); break;
    case 12: result = fd_fdstat_set_rights(fd(), big(), big()); break;
    case 13: result = fd_filestat_get(fd(), out_ptr()); break;
    case 14: result = fd_filestat_set_size(fd(), big()); break;
    case 15: result = fd_filestat_set_times(fd(), big(), big(), flags()); break;
    case 16: a = iovecs(&n, 1); result = fd_pread(fd(), a, n, big(), out_ptr()); break;
    case 17: result = fd_prestat_get(fd(), out_ptr()); break;
    case 18: result = fd_prestat_dir_name(fd(), out_ptr(), length()); break;
    case 19: a = iovecs(&n, 0); result = fd_pwrite(sink(), a, n, big(), out_ptr()); break;
    case 20: a = iovecs(&n, 1); result = fd_read(fd(), a, n, out_ptr()); break;
    case 21: result = fd_readdir(fd(), out_ptr(), length() & 0x1ff, big(), out_ptr()); break;
    case 22: result = pick(20) == 0 ? fd_renumber(expendable(), expendable()) : 0; break;
    case 23: result = fd_seek(fd(), big() - 2048, flags() & 3, out_ptr()); break;
    case 24: result = fd_sync(fd()); break;
    case 25: result = fd_tell(fd(), out_ptr()); break;
    case 26: a = iovecs(&n, 0); result = fd_write(sink(), a, n, out_ptr()); break;
    case 27: a = path(&n); result = path_create_directory(dir(), a, n); break;
    case 28: a = path(&n); result = path_filestat_get(dir(), flags(), a, n, out_ptr()); break;
    case 29:
      a = path(&n);
      result = path_filestat_set_times(dir(), flags(), a, n, big(), big(), flags());
      break;
    case 30:
      a = path(&n);
      b = path(&n);
      result = path_link(dir(), flags(), a, n, dir(), b, n);
      break;
    case 31:
      a = path(&n);
      result = path_open(dir(), flags(), a, n, flags() & 15, big(), big(), flags() & ~2, out_ptr());
      break;
    case 32: a = path(&n); result = path_readlink(dir(), a, n, out_ptr(), length(), out_ptr()); break;
    case 33: a = path(&n); result = path_remove_directory(dir(), a, n); break;
    case 34:
      a = path(&n);
      b = path(&n);
      result = path_rename(dir(), a, n, dir(), b, n);
      break;
    case 35:
      a = path(&n);
      b = path(&n);
      result = path_symlink(a, n, dir(), b, n);
      break;
    case 36: a = path(&n); result = path_unlink_file(dir(), a, n); break;
    case 37: a = subscriptions(&n); result = poll_oneoff(a, out_ptr(), n, out_ptr()); break;
    case 38: result = proc_raise(pick(3) ? 0 : 16 + (I)pick(2)); break; /* ignored ones only */
    case 39: result = sched_yield(); break;
    case 40: result = random_get(out_ptr(), length() & 0x1ff); break;
    case 41: result = sock_accept(fd(), flags(), out_ptr()); break;
    case 42: a = iovecs(&n, 1); result = sock_recv(fd(), a, n, flags(), out_ptr(), out_ptr()); break;
    case 43: a = iovecs(&n, 0); result = sock_send(sink(), a, n, flags(), out_ptr()); break;
    case 44: result = sock_shutdown(fd(), flags()); break;
    }
    CHECK(result >= 0 && result <= 76);
    counts[which]++;
  }
  int every = 1;
  for (int i = 0; i < 45; ++i)
    every &= counts[i] > 0;
  fprintf(stderr, "every function called: %s\ndone\n", every ? "yes" : "no");
  return 0;
}
