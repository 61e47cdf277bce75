// A descriptor's attributes and lifetime: fd_fdstat_*, fd_filestat_*, fd_advise, fd_allocate,
// fd_sync, fd_datasync, fd_close, fd_renumber, and the preopen queries fd_prestat_*.
#include "Call.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

namespace strata::wasi {

using namespace abi;

static uint16_t fdflagsOf(int hostFlags) {
  uint16_t flags = 0;
  if (hostFlags & O_APPEND)
    flags |= kFdflagAppend;
  if (hostFlags & O_NONBLOCK)
    flags |= kFdflagNonblock;
  if ((hostFlags & O_SYNC) == O_SYNC)
    flags |= kFdflagSync | kFdflagRsync; // Linux reads with O_RSYNC as O_SYNC
  else if (hostFlags & O_DSYNC)
    flags |= kFdflagDsync;
  return flags;
}

Errno fdFdstatGet(Call &call) {
  FdEntry *entry = call.fds().find(call.u32(0));
  if (!entry)
    return Errno::Badf;
  uint32_t out = call.u32(1);
  if (!call.memory.contains(out, FdstatLayout::kSize))
    return Errno::Fault;
  int hostFlags = fcntl(entry->host.get(), F_GETFL);
  if (hostFlags < 0)
    return hostError();
  std::memset(call.memory.at(out), 0, FdstatLayout::kSize);
  call.memory.storeAt<uint8_t>(out + FdstatLayout::kFileType, uint8_t(entry->type));
  call.memory.storeAt<uint16_t>(out + FdstatLayout::kFlags, fdflagsOf(hostFlags));
  call.memory.storeAt<uint64_t>(out + FdstatLayout::kRightsBase, entry->rightsBase);
  call.memory.storeAt<uint64_t>(out + FdstatLayout::kRightsInheriting, entry->rightsInheriting);
  return Errno::Success;
}

Errno fdFdstatSetFlags(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdFdstatSetFlags, entry);
      error != Errno::Success)
    return error;
  uint32_t wanted = call.u32(1);
  if (wanted & ~uint32_t(kFdflagsAll))
    return Errno::Inval;
  int hostFlags = fcntl(entry->host.get(), F_GETFL);
  if (hostFlags < 0)
    return hostError();
  // The host fixes the synchronization flags at open: they can be kept, not changed.
  uint16_t syncFlags = kFdflagDsync | kFdflagRsync | kFdflagSync;
  uint16_t current = fdflagsOf(hostFlags) & syncFlags;
  if ((wanted & syncFlags) && (wanted & syncFlags) != current)
    return Errno::Notsup;
  int updated = hostFlags & ~(O_APPEND | O_NONBLOCK);
  if (wanted & kFdflagAppend)
    updated |= O_APPEND;
  if (wanted & kFdflagNonblock)
    updated |= O_NONBLOCK;
  if (fcntl(entry->host.get(), F_SETFL, updated) != 0)
    return hostError();
  return Errno::Success;
}

Errno fdFdstatSetRights(Call &call) {
  FdEntry *entry = call.fds().find(call.u32(0));
  if (!entry)
    return Errno::Badf;
  Rights base = call.u64(1), inheriting = call.u64(2);
  // Rights can only be given up.
  if ((base & ~entry->rightsBase) || (inheriting & ~entry->rightsInheriting))
    return Errno::Notcapable;
  entry->rightsBase = base;
  entry->rightsInheriting = inheriting;
  return Errno::Success;
}

Errno fdFilestatGet(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdFilestatGet, entry);
      error != Errno::Success)
    return error;
  uint32_t out = call.u32(1);
  if (!call.memory.contains(out, FilestatLayout::kSize))
    return Errno::Fault;
  struct stat info;
  if (fstat(entry->host.get(), &info) != 0)
    return hostError();
  storeFilestat(call.memory, out, info);
  return Errno::Success;
}

Errno fdFilestatSetSize(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdFilestatSetSize, entry);
      error != Errno::Success)
    return error;
  uint64_t size = call.u64(1);
  if (size > uint64_t(INT64_MAX))
    return Errno::Inval;
  if (ftruncate(entry->host.get(), off_t(size)) != 0)
    return hostError();
  return Errno::Success;
}

Errno fdFilestatSetTimes(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdFilestatSetTimes, entry);
      error != Errno::Success)
    return error;
  if (Errno error = checkWritable(*entry); error != Errno::Success)
    return error;
  struct timespec times[2];
  if (Errno error = toTimespecs(call.u64(1), call.u64(2), call.u32(3), times);
      error != Errno::Success)
    return error;
  if (futimens(entry->host.get(), times) != 0)
    return hostError();
  return Errno::Success;
}

Errno fdAdvise(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdAdvise, entry); error != Errno::Success)
    return error;
  uint64_t offset = call.u64(1), length = call.u64(2);
  int advice;
  switch (call.u32(3)) {
  case kAdviceNormal:
    advice = POSIX_FADV_NORMAL;
    break;
  case kAdviceSequential:
    advice = POSIX_FADV_SEQUENTIAL;
    break;
  case kAdviceRandom:
    advice = POSIX_FADV_RANDOM;
    break;
  case kAdviceWillNeed:
    advice = POSIX_FADV_WILLNEED;
    break;
  case kAdviceDontNeed:
    advice = POSIX_FADV_DONTNEED;
    break;
  case kAdviceNoReuse:
    advice = POSIX_FADV_NOREUSE;
    break;
  default:
    return Errno::Inval;
  }
  if (offset > uint64_t(INT64_MAX) || length > uint64_t(INT64_MAX))
    return Errno::Inval;
  if (entry->isDirectory())
    return Errno::Badf; // advice is for file contents
  int error = posix_fadvise(entry->host.get(), off_t(offset), off_t(length), advice);
  return error ? fromHostErrno(error) : Errno::Success;
}

Errno fdAllocate(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdAllocate, entry); error != Errno::Success)
    return error;
  uint64_t offset = call.u64(1), length = call.u64(2);
  if (offset > uint64_t(INT64_MAX) || length > uint64_t(INT64_MAX) - offset)
    return Errno::Fbig;
  if (length == 0)
    return Errno::Inval;
  int error = posix_fallocate(entry->host.get(), off_t(offset), off_t(length));
  return error ? fromHostErrno(error) : Errno::Success;
}

Errno fdSync(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdSync, entry); error != Errno::Success)
    return error;
  return fsync(entry->host.get()) == 0 ? Errno::Success : hostError();
}

Errno fdDatasync(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdDatasync, entry); error != Errno::Success)
    return error;
  return fdatasync(entry->host.get()) == 0 ? Errno::Success : hostError();
}

Errno fdClose(Call &call) { return call.fds().erase(call.u32(0)) ? Errno::Success : Errno::Badf; }

Errno fdRenumber(Call &call) { return call.fds().renumber(call.u32(0), call.u32(1)); }

Errno fdPrestatGet(Call &call) {
  FdEntry *entry = call.fds().find(call.u32(0));
  if (!entry || !entry->preopenName)
    return Errno::Badf;
  uint32_t out = call.u32(1);
  if (!call.memory.contains(out, PrestatLayout::kSize))
    return Errno::Fault;
  std::memset(call.memory.at(out), 0, PrestatLayout::kSize);
  call.memory.storeAt<uint8_t>(out + PrestatLayout::kTag, kPreopenTypeDir);
  call.memory.storeAt<uint32_t>(out + PrestatLayout::kNameLen,
                                uint32_t(entry->preopenName->size()));
  return Errno::Success;
}

Errno fdPrestatDirName(Call &call) {
  FdEntry *entry = call.fds().find(call.u32(0));
  if (!entry || !entry->preopenName)
    return Errno::Badf;
  uint32_t buffer = call.u32(1), length = call.u32(2);
  if (!call.memory.contains(buffer, length))
    return Errno::Fault;
  const std::string &name = *entry->preopenName;
  if (length < name.size())
    return Errno::Nametoolong;
  std::memcpy(call.memory.at(buffer), name.data(), name.size());
  return Errno::Success;
}

} // namespace strata::wasi
