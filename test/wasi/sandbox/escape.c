/* Tries to get out of the sandbox and to hurt the host through WASI, calling the functions
 * directly so no C library path handling stands in between. Preopens: fd 3 is the writable
 * sandbox ("."), fd 4 the read-only directory ("ro"); run_sandbox.py builds both, plus links
 * pointing out and a directory "outside" next to them, and checks afterwards that nothing
 * outside changed. Every line of output is compared with escape.expected. */
#include "../programs/common.h"

#include <stdint.h>
#include <wasi/api.h>

#define SANDBOX 3
#define READONLY 4

static const __wasi_rights_t kRead = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK |
                                     __WASI_RIGHTS_FD_TELL |
                                     __WASI_RIGHTS_FD_FILESTAT_GET |
                                     __WASI_RIGHTS_FD_FILESTAT_SET_TIMES;
static const __wasi_rights_t kWrite = kRead | __WASI_RIGHTS_FD_WRITE |
                                      __WASI_RIGHTS_FD_FILESTAT_SET_SIZE;
static const __wasi_rights_t kDir = ~(__wasi_rights_t)0 >> 34;

static void show(const char *what, __wasi_errno_t error) { printf("%s: %s\n", what, errname(error)); }

/* path_open with the given lookup and open flags; closes what it opened. */
static __wasi_errno_t open_at(int dir, const char *path, int follow, __wasi_oflags_t oflags,
                              __wasi_rights_t rights) {
  __wasi_fd_t fd;
  __wasi_errno_t error = __wasi_path_open(dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0,
                                          path, oflags, rights, kDir, 0, &fd);
  if (!error)
    (void)__wasi_fd_close(fd);
  return error;
}

/* The raw imports, for pointers and lengths the C library's wrappers would compute. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t
raw_path_open(int32_t fd, int32_t lookup, int32_t path, int32_t length, int32_t oflags,
              int64_t base, int64_t inheriting, int32_t fdflags, int32_t fd_out);

static __wasi_errno_t open_raw(uint32_t path, uint32_t length) {
  __wasi_fd_t fd;
  __wasi_errno_t error = (__wasi_errno_t)raw_path_open(SANDBOX, 0, (int32_t)path,
                                                       (int32_t)length, 0, (int64_t)kRead, 0, 0,
                                                       (int32_t)(uintptr_t)&fd);
  if (!error)
    (void)__wasi_fd_close(fd);
  return error;
}

static uint32_t memory_end(void) { return (uint32_t)__builtin_wasm_memory_size(0) * 65536u; }

static void escapes(void) {
  show("open inside.txt", open_at(SANDBOX, "inside.txt", 1, 0, kRead));
  show("open ../outside/secret.txt", open_at(SANDBOX, "../outside/secret.txt", 1, 0, kRead));
  show("open /etc/passwd", open_at(SANDBOX, "/etc/passwd", 1, 0, kRead));
  show("open sub/../../outside/secret.txt",
       open_at(SANDBOX, "sub/../../outside/secret.txt", 1, 0, kRead));
  show("open sub/../inside.txt", open_at(SANDBOX, "sub/../inside.txt", 1, 0, kRead));
  show("open ./sub/./../inside.txt", open_at(SANDBOX, "./sub/./../inside.txt", 1, 0, kRead));
  show("open link_abs (absolute link out)", open_at(SANDBOX, "link_abs", 1, 0, kRead));
  show("open link_up (relative link out)", open_at(SANDBOX, "link_up", 1, 0, kRead));
  show("open link_up without following", open_at(SANDBOX, "link_up", 0, 0, kRead));
  show("open sub/link_upup/secret.txt", open_at(SANDBOX, "sub/link_upup/secret.txt", 1, 0, kRead));
  show("open link_dir_up/outside/secret.txt",
       open_at(SANDBOX, "link_dir_up/outside/secret.txt", 1, 0, kRead));
  show("open link_self/inside.txt", open_at(SANDBOX, "link_self/inside.txt", 1, 0, kRead));
  show("open link_self/link_self/link_dir_up/sandbox/inside.txt",
       open_at(SANDBOX, "link_self/link_self/link_dir_up/sandbox/inside.txt", 1, 0, kRead));
  show("create ../outside/created.txt",
       open_at(SANDBOX, "../outside/created.txt", 1, __WASI_OFLAGS_CREAT, kWrite));
  show("create through link_up", open_at(SANDBOX, "link_up", 1, __WASI_OFLAGS_CREAT, kWrite));
  show("truncate through link_abs",
       open_at(SANDBOX, "link_abs", 1, __WASI_OFLAGS_TRUNC, kWrite));

  __wasi_filestat_t stat;
  show("filestat link_up, following",
       __wasi_path_filestat_get(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_up", &stat));
  show("filestat link_up, not following",
       __wasi_path_filestat_get(SANDBOX, 0, "link_up", &stat));
  printf("  it is a symbolic link: %s\n",
         stat.filetype == __WASI_FILETYPE_SYMBOLIC_LINK ? "yes" : "no");
  show("set times through link_up",
       __wasi_path_filestat_set_times(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_up", 0,
                                      0, __WASI_FSTFLAGS_MTIM_NOW));
  show("mkdir ../escaped", __wasi_path_create_directory(SANDBOX, "../escaped"));
  show("mkdir link_dir_up/escaped", __wasi_path_create_directory(SANDBOX, "link_dir_up/escaped"));
  show("rename inside.txt to ../outside/stolen.txt",
       __wasi_path_rename(SANDBOX, "inside.txt", SANDBOX, "../outside/stolen.txt"));
  show("rename inside.txt to link_dir_up/stolen.txt",
       __wasi_path_rename(SANDBOX, "inside.txt", SANDBOX, "link_dir_up/stolen.txt"));
  show("rename ../outside/secret.txt in",
       __wasi_path_rename(SANDBOX, "../outside/secret.txt", SANDBOX, "stolen.txt"));
  show("rename link_up itself", __wasi_path_rename(SANDBOX, "link_up", SANDBOX, "moved_link"));
  show("rename it back", __wasi_path_rename(SANDBOX, "moved_link", SANDBOX, "link_up"));
  show("hard link through link_up",
       __wasi_path_link(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_up", SANDBOX, "hard"));
  show("hard link ../outside/secret.txt",
       __wasi_path_link(SANDBOX, 0, "../outside/secret.txt", SANDBOX, "hard"));
  show("symlink to /etc/passwd", __wasi_path_symlink("/etc/passwd", SANDBOX, "abs_link"));
  show("symlink to ../outside", __wasi_path_symlink("../outside", SANDBOX, "escape_link"));
  show("open escape_link/secret.txt", open_at(SANDBOX, "escape_link/secret.txt", 1, 0, kRead));
  show("unlink escape_link", __wasi_path_unlink_file(SANDBOX, "escape_link"));
  show("unlink ../outside/secret.txt", __wasi_path_unlink_file(SANDBOX, "../outside/secret.txt"));
  show("unlink link_dir_up/outside/secret.txt",
       __wasi_path_unlink_file(SANDBOX, "link_dir_up/outside/secret.txt"));
  show("rmdir ../outside/dir", __wasi_path_remove_directory(SANDBOX, "../outside/dir"));
  show("rmdir .", __wasi_path_remove_directory(SANDBOX, "."));
  uint8_t target[64];
  __wasi_size_t used = 0;
  show("readlink link_up", __wasi_path_readlink(SANDBOX, "link_up", target, sizeof target, &used));
  printf("  \"%.*s\"\n", (int)used, (const char *)target);
  show("readlink ../outside", __wasi_path_readlink(SANDBOX, "../outside", target, 64, &used));
}

static void read_only(void) {
  show("ro: open data.txt to read", open_at(READONLY, "data.txt", 1, 0, kRead));
  show("ro: open data.txt to write", open_at(READONLY, "data.txt", 1, 0, kWrite));
  show("ro: create new.txt", open_at(READONLY, "new.txt", 1, __WASI_OFLAGS_CREAT, kWrite));
  show("ro: truncate data.txt", open_at(READONLY, "data.txt", 1, __WASI_OFLAGS_TRUNC, kRead));
  show("ro: open missing.txt to write", open_at(READONLY, "missing.txt", 1, 0, kWrite));
  show("ro: mkdir newdir", __wasi_path_create_directory(READONLY, "newdir"));
  show("ro: mkdir dir", __wasi_path_create_directory(READONLY, "dir"));
  show("ro: unlink data.txt", __wasi_path_unlink_file(READONLY, "data.txt"));
  show("ro: unlink missing.txt", __wasi_path_unlink_file(READONLY, "missing.txt"));
  show("ro: rmdir dir", __wasi_path_remove_directory(READONLY, "dir"));
  show("ro: rename data.txt out", __wasi_path_rename(READONLY, "data.txt", SANDBOX, "taken.txt"));
  show("ro: rename a file in", __wasi_path_rename(SANDBOX, "inside.txt", READONLY, "put.txt"));
  show("ro: hard link data.txt out", __wasi_path_link(READONLY, 0, "data.txt", SANDBOX, "hl"));
  show("ro: symlink", __wasi_path_symlink("data.txt", READONLY, "link"));
  show("ro: set times",
       __wasi_path_filestat_set_times(READONLY, 0, "data.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  __wasi_fd_t fd;
  CHECK(__wasi_path_open(READONLY, 0, "data.txt", 0, kWrite, 0, 0, &fd) == __WASI_ERRNO_ROFS);
  CHECK(__wasi_path_open(READONLY, 0, "data.txt", 0, kRead, 0, 0, &fd) == 0);
  __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
  __wasi_size_t done;
  show("ro: fd_write to a file opened to read", __wasi_fd_write(fd, &iov, 1, &done));
  show("ro: fd_filestat_set_times", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  show("ro: fd_filestat_set_size", __wasi_fd_filestat_set_size(fd, 0));
  (void)__wasi_fd_close(fd);
}

static void bad_pointers(void) {
  uint32_t end = memory_end();
  __wasi_size_t done;
  char buffer[16];
  show("fd_write, iovec array past the end",
       __wasi_fd_write(1, (const __wasi_ciovec_t *)(uintptr_t)(end - 4), 1, &done));
  __wasi_ciovec_t out = {(const uint8_t *)(uintptr_t)(end - 2), 10};
  show("fd_write, buffer past the end", __wasi_fd_write(1, &out, 1, &done));
  out.buf = (const uint8_t *)"ok\n";
  out.buf_len = 3;
  show("fd_write, result past the end",
       __wasi_fd_write(1, &out, 1, (__wasi_size_t *)(uintptr_t)(end - 2)));
  static __wasi_ciovec_t many[2000];
  for (int i = 0; i < 2000; ++i)
    many[i] = (__wasi_ciovec_t){(const uint8_t *)"", 0};
  show("fd_write, 2000 iovecs", __wasi_fd_write(1, many, 2000, &done));
  __wasi_iovec_t in = {(uint8_t *)(uintptr_t)(end - 1), 100};
  show("fd_read into a buffer past the end", __wasi_fd_read(0, &in, 1, &done));
  __wasi_fd_t fd;
  show("path_open, path past the end", open_raw(end - 3, 10));
  show("path_open, path at 0xfffffff0", open_raw(0xfffffff0u, 0x20));
  show("path_open, result past the end",
       __wasi_path_open(SANDBOX, 0, "created_by_bad_pointer", __WASI_OFLAGS_CREAT, kWrite, 0, 0,
                        (__wasi_fd_t *)(uintptr_t)(end - 1)));
  __wasi_filestat_t stat;
  show("  and no file was created", __wasi_path_filestat_get(SANDBOX, 0, "created_by_bad_pointer", &stat));
  __wasi_size_t count, size;
  show("args_sizes_get past the end",
       __wasi_args_sizes_get((__wasi_size_t *)(uintptr_t)end, &size));
  CHECK(__wasi_args_sizes_get(&count, &size) == 0);
  show("args_get, pointers past the end",
       __wasi_args_get((uint8_t **)(uintptr_t)(end - 2), (uint8_t *)buffer));
  show("environ_get, strings past the end",
       __wasi_environ_get((uint8_t **)buffer, (uint8_t *)(uintptr_t)(end - 1)));
  __wasi_timestamp_t time;
  show("clock_time_get, result past the end",
       __wasi_clock_time_get(0, 0, (__wasi_timestamp_t *)(uintptr_t)(end - 4)));
  show("clock_time_get, clock 99", __wasi_clock_time_get(99, 0, &time));
  show("clock_res_get, clock 99", __wasi_clock_res_get(99, &time));
  show("random_get past the end", __wasi_random_get((uint8_t *)(uintptr_t)(end - 10), 100));
  show("random_get at 0xffffffff", __wasi_random_get((uint8_t *)(uintptr_t)0xffffffffu, 2));
  show("random_get of 0 bytes at the end", __wasi_random_get((uint8_t *)(uintptr_t)end, 0));
  __wasi_event_t events[2];
  __wasi_subscription_t subscriptions[2];
  show("poll_oneoff with no subscriptions", __wasi_poll_oneoff(subscriptions, events, 0, &size));
  show("poll_oneoff, subscriptions past the end",
       __wasi_poll_oneoff((const __wasi_subscription_t *)(uintptr_t)(end - 8), events, 1, &size));
  show("fd_readdir into a buffer past the end",
       __wasi_fd_readdir(SANDBOX, (uint8_t *)(uintptr_t)(end - 4), 100, 0, &size));
  show("fd_prestat_dir_name past the end",
       __wasi_fd_prestat_dir_name(SANDBOX, (uint8_t *)(uintptr_t)(end - 1), 5));
  show("fd_filestat_get past the end",
       __wasi_fd_filestat_get(SANDBOX, (__wasi_filestat_t *)(uintptr_t)(end - 8)));
  show("path_filestat_get past the end",
       __wasi_path_filestat_get(SANDBOX, 0, "inside.txt", (__wasi_filestat_t *)(uintptr_t)end));
  show("path_readlink into a buffer past the end",
       __wasi_path_readlink(SANDBOX, "link_up", (uint8_t *)(uintptr_t)(end - 1), 8, &size));
  CHECK(__wasi_path_open(SANDBOX, 0, "inside.txt", 0, kRead, 0, 0, &fd) == 0);
  show("fd_seek, result past the end",
       __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, (__wasi_filesize_t *)(uintptr_t)end));
  show("fd_tell, result past the end", __wasi_fd_tell(fd, (__wasi_filesize_t *)(uintptr_t)end));
  (void)__wasi_fd_close(fd);
}

static void bad_paths(void) {
  __wasi_fd_t fd;
  static const char with_nul[] = "inside\0.txt";
  show("path with a NUL byte", open_raw((uint32_t)(uintptr_t)with_nul, sizeof with_nul - 1));
  show("path that is not UTF-8", __wasi_path_open(SANDBOX, 0, "\xff\xfe", 0, kRead, 0, 0, &fd));
  static char long_path[5000];
  memset(long_path, 'a', sizeof long_path - 1);
  show("path of 4999 bytes", __wasi_path_open(SANDBOX, 0, long_path, 0, kRead, 0, 0, &fd));
  show("empty path", __wasi_path_open(SANDBOX, 0, "", 0, kRead, 0, 0, &fd));
  show("path through a file", __wasi_path_open(SANDBOX, 0, "inside.txt/x", 0, kRead, 0, 0, &fd));
  show("symlink loop", __wasi_path_open(SANDBOX, 1, "loop", 0, kRead, 0, 0, &fd));
}

static void descriptors(void) {
  __wasi_prestat_t prestat;
  char name[8] = {0};
  show("fd_prestat_get(0)", __wasi_fd_prestat_get(0, &prestat));
  show("fd_prestat_get(3)", __wasi_fd_prestat_get(SANDBOX, &prestat));
  CHECK(__wasi_fd_prestat_dir_name(READONLY, (uint8_t *)name, 2) == 0);
  printf("  fd 4 is \"%s\"\n", name);
  show("fd_prestat_dir_name, too short", __wasi_fd_prestat_dir_name(READONLY, (uint8_t *)name, 1));
  show("fd_renumber onto a closed number", __wasi_fd_renumber(SANDBOX, 777));
  show("fd_close(777)", __wasi_fd_close(777));
  __wasi_fd_t file, dir;
  CHECK(__wasi_path_open(SANDBOX, 0, "inside.txt", 0, kWrite, 0, 0, &file) == 0);
  show("path_open relative to a file", __wasi_path_open(file, 0, "x", 0, kRead, 0, 0, &dir));
  __wasi_size_t used;
  uint8_t buffer[64];
  show("fd_readdir on a file", __wasi_fd_readdir(file, buffer, sizeof buffer, 0, &used));
  show("drop the right to write", __wasi_fd_fdstat_set_rights(file, kRead, 0));
  __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
  show("  then fd_write", __wasi_fd_write(file, &iov, 1, &used));
  show("  then take it back", __wasi_fd_fdstat_set_rights(file, kWrite, 0));
  show("drop the right to seek", __wasi_fd_fdstat_set_rights(file, __WASI_RIGHTS_FD_READ, 0));
  __wasi_filesize_t position;
  show("  then fd_seek", __wasi_fd_seek(file, 0, __WASI_WHENCE_SET, &position));
  (void)__wasi_fd_close(file);
  CHECK(__wasi_path_open(SANDBOX, 0, "sub", __WASI_OFLAGS_DIRECTORY, kDir, kDir, 0, &dir) == 0);
  __wasi_fdstat_t fdstat;
  CHECK(__wasi_fd_fdstat_get(dir, &fdstat) == 0);
  show("drop path_open from a directory",
       __wasi_fd_fdstat_set_rights(dir, fdstat.fs_rights_base & ~__WASI_RIGHTS_PATH_OPEN,
                                   fdstat.fs_rights_inheriting));
  show("  then path_open", __wasi_path_open(dir, 0, ".", 0, kRead, 0, 0, &file));
  (void)__wasi_fd_close(dir);
  show("fd_seek with whence 7", __wasi_fd_seek(SANDBOX, 0, 7, &position));
  show("fd_seek on stdout (a pipe)", __wasi_fd_seek(1, 0, __WASI_WHENCE_SET, &position));
  show("fd_fdstat_set_flags(stdout, sync)", __wasi_fd_fdstat_set_flags(1, __WASI_FDFLAGS_SYNC));
  show("fd_fdstat_set_flags(stdout, 0x100)", __wasi_fd_fdstat_set_flags(1, 0x100));
  show("fd_advise with advice 9", __wasi_fd_advise(SANDBOX, 0, 0, 9));
  show("fd_filestat_set_times with both mtim and mtim_now",
       __wasi_fd_filestat_set_times(SANDBOX, 0, 0, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW));
  show("sched_yield", __wasi_sched_yield());
  show("sock_shutdown(stdout, 0)", __wasi_sock_shutdown(1, 0));
  show("sock_shutdown(stdout, rd)", __wasi_sock_shutdown(1, __WASI_SDFLAGS_RD));
  show("sock_accept(3)", __wasi_sock_accept(SANDBOX, 0, &file));
  show("sock_accept(3) with flags 0xff", __wasi_sock_accept(SANDBOX, 0xff, &file));
}

static void poll_errors(void) {
  __wasi_subscription_t subscriptions[3];
  memset(subscriptions, 0, sizeof subscriptions);
  subscriptions[0].userdata = 1;
  subscriptions[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subscriptions[0].u.u.fd_read.file_descriptor = 555;
  subscriptions[1].userdata = 2;
  subscriptions[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subscriptions[1].u.u.clock.id = 99;
  subscriptions[2].userdata = 3;
  subscriptions[2].u.tag = __WASI_EVENTTYPE_CLOCK;
  subscriptions[2].u.u.clock.id = __WASI_CLOCKID_PROCESS_CPUTIME_ID;
  subscriptions[2].u.u.clock.timeout = 1000;
  __wasi_event_t events[3];
  __wasi_size_t count = 0;
  show("poll_oneoff with three bad subscriptions",
       __wasi_poll_oneoff(subscriptions, events, 3, &count));
  for (__wasi_size_t i = 0; i < count; ++i)
    printf("  event %llu: %s\n", (unsigned long long)events[i].userdata, errname(events[i].error));
}

int main(void) {
  escapes();
  read_only();
  bad_pointers();
  bad_paths();
  descriptors();
  poll_errors();
  show("fd_close(3)", __wasi_fd_close(SANDBOX));
  show("path_open through the closed preopen", open_at(SANDBOX, "inside.txt", 1, 0, kRead));
  printf("done\n");
  return 0;
}
