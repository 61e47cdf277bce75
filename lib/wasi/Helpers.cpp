// The helpers of Call.h: descriptor lookup with rights, guest paths and iovecs, file metadata,
// and keeping SIGPIPE away from the host.
#include "Call.h"

#include "strata/wasi/PathResolver.h"

#include <limits.h>
#include <pthread.h>
#include <sys/socket.h>

#include <ctime>

namespace strata::wasi {

using namespace abi;

Errno lookupFd(Call &call, uint32_t fd, Rights rights, FdEntry *&out) {
  out = call.fds().find(fd);
  if (!out)
    return Errno::Badf;
  Rights missing = rights & ~out->rightsBase;
  if (!missing)
    return Errno::Success;
  // Reading a write-only file or writing a read-only one is badf on the host too.
  if (missing & (kRightFdRead | kRightFdWrite))
    return Errno::Badf;
  return Errno::Notcapable;
}

Errno lookupDirectory(Call &call, uint32_t fd, Rights rights, FdEntry *&out) {
  out = call.fds().find(fd);
  if (!out)
    return Errno::Badf;
  if (!out->isDirectory())
    return Errno::Notdir;
  return (rights & ~out->rightsBase) ? Errno::Notcapable : Errno::Success;
}

Errno readPath(Call &call, uint32_t pointer, uint32_t length, std::string &out) {
  if (!call.memory.contains(pointer, length))
    return Errno::Fault;
  if (length > kMaxPathLength)
    return Errno::Nametoolong;
  call.memory.readBytes(pointer, length, out);
  return checkPathText(out);
}

Errno gatherIovecs(Call &call, uint32_t pointer, uint32_t count, std::vector<iovec> &out) {
  if (!call.memory.containsArray(pointer, count, IovecLayout::kSize))
    return Errno::Fault;
  if (count > IOV_MAX)
    return Errno::Inval;
  out.clear();
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = uint64_t(pointer) + uint64_t(i) * IovecLayout::kSize;
    uint32_t buffer = call.memory.loadAt<uint32_t>(at + IovecLayout::kBuf);
    uint32_t length = call.memory.loadAt<uint32_t>(at + IovecLayout::kLen);
    if (!call.memory.contains(buffer, length))
      return Errno::Fault;
    out.push_back({call.memory.at(buffer), length});
  }
  return Errno::Success;
}

FileType fileTypeOf(mode_t mode) {
  switch (mode & S_IFMT) {
  case S_IFREG:
    return FileType::RegularFile;
  case S_IFDIR:
    return FileType::Directory;
  case S_IFCHR:
    return FileType::CharacterDevice;
  case S_IFBLK:
    return FileType::BlockDevice;
  case S_IFLNK:
    return FileType::SymbolicLink;
  case S_IFSOCK:
    return FileType::SocketStream;
  default:
    return FileType::Unknown;
  }
}

static uint64_t nanoseconds(const struct timespec &time) {
  if (time.tv_sec < 0)
    return 0; // WASI timestamps start at the epoch
  return uint64_t(time.tv_sec) * 1000000000u + uint64_t(time.tv_nsec);
}

void storeFilestat(const GuestMemory &memory, uint32_t pointer, const struct stat &info) {
  uint64_t at = pointer;
  memory.storeAt<uint64_t>(at + FilestatLayout::kDev, info.st_dev);
  memory.storeAt<uint64_t>(at + FilestatLayout::kIno, info.st_ino);
  memory.storeAt<uint64_t>(at + FilestatLayout::kFileType, 0); // the type byte and its padding
  memory.storeAt<uint8_t>(at + FilestatLayout::kFileType, uint8_t(fileTypeOf(info.st_mode)));
  memory.storeAt<uint64_t>(at + FilestatLayout::kNlink, info.st_nlink);
  memory.storeAt<uint64_t>(at + FilestatLayout::kFileSize, uint64_t(info.st_size));
  memory.storeAt<uint64_t>(at + FilestatLayout::kAtim, nanoseconds(info.st_atim));
  memory.storeAt<uint64_t>(at + FilestatLayout::kMtim, nanoseconds(info.st_mtim));
  memory.storeAt<uint64_t>(at + FilestatLayout::kCtim, nanoseconds(info.st_ctim));
}

static struct timespec oneTime(uint64_t value, bool set, bool now) {
  if (now)
    return {0, UTIME_NOW};
  if (!set)
    return {0, UTIME_OMIT};
  return {time_t(value / 1000000000u), long(value % 1000000000u)};
}

Errno toTimespecs(uint64_t atim, uint64_t mtim, uint32_t flags, struct timespec out[2]) {
  if (flags & ~uint32_t(kFstAll))
    return Errno::Inval;
  if (((flags & kFstAtim) && (flags & kFstAtimNow)) ||
      ((flags & kFstMtim) && (flags & kFstMtimNow)))
    return Errno::Inval;
  out[0] = oneTime(atim, flags & kFstAtim, flags & kFstAtimNow);
  out[1] = oneTime(mtim, flags & kFstMtim, flags & kFstMtimNow);
  return Errno::Success;
}

bool blockSigpipe(sigset_t &previous, bool &wasPending) {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  if (pthread_sigmask(SIG_BLOCK, &pipe, &previous) != 0)
    return false;
  sigset_t pending;
  wasPending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
  return true;
}

void restoreSigpipe(const sigset_t &previous, bool wasPending, bool raised) {
  if (raised && !wasPending) { // take back the signal this write raised
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

} // namespace strata::wasi
