// The path_* functions other than path_open: each resolves its path(s) in the sandbox, then
// acts on the last component relative to the directory holding it, never following a link
// there (the resolver has expanded the ones it should).
#include "Call.h"

#include "strata/wasi/PathResolver.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace strata::wasi {

using namespace abi;

namespace {

/// A directory argument and a path argument, resolved.
struct PathArg {
  FdEntry *directory = nullptr;
  ResolvedPath resolved;
};

Errno resolveArg(Call &call, uint32_t fd, Rights right, uint32_t pointer, uint32_t length,
                 bool follow, PathArg &out) {
  if (Errno error = lookupDirectory(call, fd, right, out.directory); error != Errno::Success)
    return error;
  std::string path;
  if (Errno error = readPath(call, pointer, length, path); error != Errno::Success)
    return error;
  return resolvePath(out.directory->host.get(), path, follow, out.resolved);
}

bool exists(const ResolvedPath &path) {
  struct stat info;
  return fstatat(path.parent, path.name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
}

/// Under a read-only preopen, the error a read-only mount gives: exist when creating over an
/// existing name, noent when removing a missing one, rofs otherwise.
Errno readOnlyError(const PathArg &arg, bool creating) {
  if (!arg.directory->readOnly)
    return Errno::Success;
  bool present = exists(arg.resolved);
  if (creating && present)
    return Errno::Exist;
  if (!creating && !present)
    return Errno::Noent;
  return Errno::Rofs;
}

bool isDirectory(const ResolvedPath &path) {
  struct stat info;
  return fstatat(path.parent, path.name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 &&
         S_ISDIR(info.st_mode);
}

} // namespace

Errno pathCreateDirectory(Call &call) {
  PathArg arg;
  if (Errno error = resolveArg(call, call.u32(0), kRightPathCreateDirectory, call.u32(1),
                               call.u32(2), false, arg);
      error != Errno::Success)
    return error;
  if (Errno error = readOnlyError(arg, true); error != Errno::Success)
    return error;
  if (mkdirat(arg.resolved.parent, arg.resolved.name.c_str(), 0777) != 0)
    return hostError();
  return Errno::Success;
}

Errno pathFilestatGet(Call &call) {
  uint32_t out = call.u32(4);
  if (!call.memory.contains(out, FilestatLayout::kSize))
    return Errno::Fault;
  PathArg arg;
  bool follow = call.u32(1) & kLookupSymlinkFollow;
  if (Errno error = resolveArg(call, call.u32(0), kRightPathFilestatGet, call.u32(2), call.u32(3),
                               follow, arg);
      error != Errno::Success)
    return error;
  struct stat info;
  if (fstatat(arg.resolved.parent, arg.resolved.name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0)
    return hostError();
  storeFilestat(call.memory, out, info);
  return Errno::Success;
}

Errno pathFilestatSetTimes(Call &call) {
  struct timespec times[2];
  if (Errno error = toTimespecs(call.u64(4), call.u64(5), call.u32(6), times);
      error != Errno::Success)
    return error;
  PathArg arg;
  bool follow = call.u32(1) & kLookupSymlinkFollow;
  if (Errno error = resolveArg(call, call.u32(0), kRightPathFilestatSetTimes, call.u32(2),
                               call.u32(3), follow, arg);
      error != Errno::Success)
    return error;
  if (Errno error = readOnlyError(arg, false); error != Errno::Success)
    return error;
  if (utimensat(arg.resolved.parent, arg.resolved.name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
    return hostError();
  return Errno::Success;
}

Errno pathLink(Call &call) {
  PathArg from, to;
  bool follow = call.u32(1) & kLookupSymlinkFollow;
  if (Errno error = resolveArg(call, call.u32(0), kRightPathLinkSource, call.u32(2), call.u32(3),
                               follow, from);
      error != Errno::Success)
    return error;
  if (Errno error =
          resolveArg(call, call.u32(4), kRightPathLinkTarget, call.u32(5), call.u32(6), false, to);
      error != Errno::Success)
    return error;
  // A second name for a file under a read-only preopen would make it writable.
  if (from.directory->readOnly && !to.directory->readOnly)
    return Errno::Rofs;
  if (Errno error = readOnlyError(to, true); error != Errno::Success)
    return error;
  if (linkat(from.resolved.parent, from.resolved.name.c_str(), to.resolved.parent,
             to.resolved.name.c_str(), 0) != 0)
    return hostError();
  return Errno::Success;
}

Errno pathReadlink(Call &call) {
  uint32_t buffer = call.u32(3), length = call.u32(4), usedOut = call.u32(5);
  if (!call.memory.contains(buffer, length) || !call.memory.contains(usedOut, 4))
    return Errno::Fault;
  PathArg arg;
  if (Errno error =
          resolveArg(call, call.u32(0), kRightPathReadlink, call.u32(1), call.u32(2), false, arg);
      error != Errno::Success)
    return error;
  char target[PATH_MAX];
  ssize_t size = readlinkat(arg.resolved.parent, arg.resolved.name.c_str(), target, sizeof target);
  if (size < 0)
    return hostError();
  uint32_t copied = std::min<uint32_t>(uint32_t(size), length); // truncated, as on the host
  std::memcpy(call.memory.at(buffer), target, copied);
  call.memory.storeAt<uint32_t>(usedOut, copied);
  return Errno::Success;
}

Errno pathRemoveDirectory(Call &call) {
  PathArg arg;
  if (Errno error = resolveArg(call, call.u32(0), kRightPathRemoveDirectory, call.u32(1),
                               call.u32(2), false, arg);
      error != Errno::Success)
    return error;
  if (Errno error = readOnlyError(arg, false); error != Errno::Success)
    return error;
  if (unlinkat(arg.resolved.parent, arg.resolved.name.c_str(), AT_REMOVEDIR) != 0)
    return hostError();
  return Errno::Success;
}

Errno pathRename(Call &call) {
  PathArg from, to;
  if (Errno error = resolveArg(call, call.u32(0), kRightPathRenameSource, call.u32(1), call.u32(2),
                               false, from);
      error != Errno::Success)
    return error;
  if (Errno error = resolveArg(call, call.u32(3), kRightPathRenameTarget, call.u32(4), call.u32(5),
                               false, to);
      error != Errno::Success)
    return error;
  if (Errno error = readOnlyError(from, false); error != Errno::Success)
    return error;
  if (to.directory->readOnly)
    return Errno::Rofs;
  // "file" to "name/" is notdir on the host; the slash never reaches it here.
  if ((from.resolved.mustBeDirectory || to.resolved.mustBeDirectory) && exists(from.resolved) &&
      !isDirectory(from.resolved))
    return Errno::Notdir;
  if (renameat(from.resolved.parent, from.resolved.name.c_str(), to.resolved.parent,
               to.resolved.name.c_str()) != 0)
    return hostError();
  return Errno::Success;
}

Errno pathSymlink(Call &call) {
  std::string target;
  if (Errno error = readPath(call, call.u32(0), call.u32(1), target); error != Errno::Success)
    return error;
  // An absolute target could only ever point outside the sandbox.
  if (target.front() == '/')
    return Errno::Notcapable;
  PathArg arg;
  if (Errno error =
          resolveArg(call, call.u32(2), kRightPathSymlink, call.u32(3), call.u32(4), false, arg);
      error != Errno::Success)
    return error;
  if (Errno error = readOnlyError(arg, true); error != Errno::Success)
    return error;
  if (symlinkat(target.c_str(), arg.resolved.parent, arg.resolved.name.c_str()) != 0)
    return hostError();
  return Errno::Success;
}

Errno pathUnlinkFile(Call &call) {
  PathArg arg;
  if (Errno error =
          resolveArg(call, call.u32(0), kRightPathUnlinkFile, call.u32(1), call.u32(2), false, arg);
      error != Errno::Success)
    return error;
  if (arg.resolved.mustBeDirectory) // "name/" names a directory, which this does not remove
    return isDirectory(arg.resolved) ? Errno::Isdir
           : exists(arg.resolved)    ? Errno::Notdir
                                     : Errno::Noent;
  if (Errno error = readOnlyError(arg, false); error != Errno::Success)
    return error;
  if (unlinkat(arg.resolved.parent, arg.resolved.name.c_str(), 0) != 0)
    return hostError();
  return Errno::Success;
}

} // namespace strata::wasi
