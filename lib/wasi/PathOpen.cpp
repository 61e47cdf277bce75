// path_open: resolves the path in the sandbox, opens the last component relative to the
// directory holding it with O_NOFOLLOW, and gives the new descriptor the rights asked for, as
// far as its type, its access mode and the directory's inheriting rights allow.
#include "Call.h"

#include "strata/wasi/PathResolver.h"

#include <fcntl.h>

namespace strata::wasi {

using namespace abi;

static int hostOpenFlags(uint32_t oflags, uint32_t fdflags, Rights rights, bool directory) {
  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  bool read = rights & kReadRights, write = rights & kWriteRights;
  if (write)
    flags |= read ? O_RDWR : O_WRONLY;
  else
    flags |= O_RDONLY;
  if (oflags & kOflagCreat)
    flags |= O_CREAT;
  if (oflags & kOflagExcl)
    flags |= O_EXCL;
  if (oflags & kOflagTrunc)
    flags |= O_TRUNC;
  if ((oflags & kOflagDirectory) || directory)
    flags |= O_DIRECTORY;
  if (fdflags & kFdflagAppend)
    flags |= O_APPEND;
  if (fdflags & kFdflagNonblock)
    flags |= O_NONBLOCK;
  if (fdflags & kFdflagSync)
    flags |= O_SYNC;
  else if (fdflags & kFdflagDsync)
    flags |= O_DSYNC;
  if (fdflags & kFdflagRsync)
    flags |= O_RSYNC;
  return flags;
}

Errno pathOpen(Call &call) {
  uint32_t dirFd = call.u32(0), lookup = call.u32(1), pathPointer = call.u32(2),
           pathLength = call.u32(3), oflags = call.u32(4), fdflags = call.u32(7),
           fdOut = call.u32(8);
  Rights base = call.u64(5), inheriting = call.u64(6);
  FdEntry *directory;
  if (Errno error = lookupDirectory(call, dirFd, kRightPathOpen, directory);
      error != Errno::Success)
    return error;
  if ((oflags & ~uint32_t(kOflagsAll)) || (fdflags & ~uint32_t(kFdflagsAll)))
    return Errno::Inval;
  if (((oflags & kOflagCreat) && !directory->has(kRightPathCreateFile)) ||
      ((oflags & kOflagTrunc) && !directory->has(kRightPathFilestatSetSize)))
    return Errno::Notcapable;
  // Checked before anything happens, so a bad pointer never leaves a file behind.
  if (!call.memory.contains(fdOut, 4))
    return Errno::Fault;
  std::string path;
  if (Errno error = readPath(call, pathPointer, pathLength, path); error != Errno::Success)
    return error;

  // O_CREAT|O_EXCL never follows a link in the last position, as on the host.
  bool exclusive = (oflags & kOflagCreat) && (oflags & kOflagExcl);
  bool follow = (lookup & kLookupSymlinkFollow) && !exclusive;
  ResolvedPath resolved;
  if (Errno error = resolvePath(directory->host.get(), path, follow, resolved);
      error != Errno::Success)
    return error;
  // A directory is only ever read: rights to write one are granted as nothing, not refused.
  bool wantsDirectory = (oflags & kOflagDirectory) || resolved.mustBeDirectory;
  Rights access = wantsDirectory ? base & ~kWriteRights : base;
  bool writes = (access & kWriteRights) || (oflags & (kOflagCreat | kOflagTrunc));
  if (writes && directory->readOnly) {
    // Like a read-only mount: a missing file without O_CREAT is still noent.
    struct stat info;
    if (!(oflags & kOflagCreat) &&
        fstatat(resolved.parent, resolved.name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0)
      return hostError();
    return Errno::Rofs;
  }
  int flags = hostOpenFlags(oflags, fdflags, access, resolved.mustBeDirectory);
  int fd;
  do
    fd = openat(resolved.parent, resolved.name.c_str(), flags, 0666);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return hostError();

  std::unique_ptr<FdEntry> entry;
  // A new descriptor inherits at most what the directory passes on.
  if (Errno error = describeHostFd(UniqueFd(fd), base & directory->rightsInheriting,
                                   inheriting & directory->rightsInheriting, entry);
      error != Errno::Success)
    return error;
  entry->readOnly = directory->readOnly;
  std::optional<uint32_t> number = call.fds().insert(std::move(entry));
  if (!number)
    return Errno::Mfile;
  call.memory.storeAt<uint32_t>(fdOut, *number);
  return Errno::Success;
}

} // namespace strata::wasi
