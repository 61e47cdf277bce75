/* What WASI leaves out of POSIX that the suite's programs call but never need in their
   workloads: file modes and owners (kept on output files as a courtesy), the effective user,
   advisory record locks (SQLite's unix VFS asks for them on database files; the workload keeps
   its database in memory). Included first in every wasm build. */
#pragma once
#include <fcntl.h>
#include <stdio.h> /* zstd's util.h names FILE without including it, as POSIX systems forgive */
#include <sys/types.h>
static inline int fchmod(int fd, mode_t mode) { (void)fd; (void)mode; return 0; }
static inline int chmod(const char *path, mode_t mode) { (void)path; (void)mode; return 0; }
static inline int fchown(int fd, uid_t owner, gid_t group) { (void)fd; (void)owner; (void)group; return 0; }
static inline int chown(const char *path, uid_t owner, gid_t group) { (void)path; (void)owner; (void)group; return 0; }
static inline uid_t geteuid(void) { return 0; }
#ifndef F_RDLCK
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#endif
