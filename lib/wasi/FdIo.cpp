// Reading, writing and positioning: fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell.
// Buffers are the guest's own memory, every iovec checked before the host call.
#include "Call.h"

#include <unistd.h>

namespace strata::wasi {

using namespace abi;

/// A descriptor without the right to seek: a stream (spipe, as on the host), or a file whose
/// right the guest dropped (notcapable).
static Errno notSeekable(const FdEntry &entry) {
  return entry.type == FileType::RegularFile || entry.isDirectory() ? Errno::Notcapable
                                                                    : Errno::Spipe;
}

template <typename Io> static ssize_t retry(Io io) {
  ssize_t result;
  do
    result = io();
  while (result < 0 && errno == EINTR);
  return result;
}

static Errno transfer(Call &call, bool write, bool positioned) {
  uint32_t fd = call.u32(0), iovs = call.u32(1), count = call.u32(2);
  uint64_t offset = positioned ? call.u64(3) : 0;
  uint32_t doneOut = call.u32(positioned ? 4 : 3);
  FdEntry *entry;
  if (!write && call.fds().find(fd) && call.fds().find(fd)->isDirectory())
    return Errno::Isdir;
  if (Errno error = lookupFd(call, fd, write ? kRightFdWrite : kRightFdRead, entry);
      error != Errno::Success)
    return error;
  if (positioned && !entry->has(kRightFdSeek))
    return notSeekable(*entry);
  if (!call.memory.contains(doneOut, 4))
    return Errno::Fault;
  std::vector<iovec> buffers;
  if (Errno error = gatherIovecs(call, iovs, count, buffers); error != Errno::Success)
    return error;
  if (positioned && offset > uint64_t(INT64_MAX))
    return Errno::Inval;
  int host = entry->host.get();
  ssize_t done;
  if (write)
    done = withoutSigpipe(entry->isStream, [&] {
      return retry([&] {
        return positioned ? pwritev(host, buffers.data(), int(buffers.size()), off_t(offset))
                          : writev(host, buffers.data(), int(buffers.size()));
      });
    });
  else
    done = retry([&] {
      return positioned ? preadv(host, buffers.data(), int(buffers.size()), off_t(offset))
                        : readv(host, buffers.data(), int(buffers.size()));
    });
  if (done < 0)
    return hostError();
  call.memory.storeAt<uint32_t>(doneOut, uint32_t(done));
  return Errno::Success;
}

Errno fdRead(Call &call) { return transfer(call, false, false); }
Errno fdWrite(Call &call) { return transfer(call, true, false); }
Errno fdPread(Call &call) { return transfer(call, false, true); }
Errno fdPwrite(Call &call) { return transfer(call, true, true); }

Errno fdSeek(Call &call) {
  uint32_t fd = call.u32(0);
  int64_t offset = int64_t(call.u64(1));
  uint32_t whence = call.u32(2), out = call.u32(3);
  FdEntry *entry = call.fds().find(fd);
  if (!entry)
    return Errno::Badf;
  int hostWhence;
  switch (whence) {
  case kWhenceSet:
    hostWhence = SEEK_SET;
    break;
  case kWhenceCur:
    hostWhence = SEEK_CUR;
    break;
  case kWhenceEnd:
    hostWhence = SEEK_END;
    break;
  default:
    return Errno::Inval;
  }
  // Asking where one is needs only the right to tell.
  bool tellOnly = offset == 0 && whence == kWhenceCur;
  if (!entry->has(kRightFdSeek) && !(tellOnly && entry->has(kRightFdTell)))
    return notSeekable(*entry);
  if (!call.memory.contains(out, 8))
    return Errno::Fault;
  off_t position = lseek(entry->host.get(), off_t(offset), hostWhence);
  if (position < 0)
    return hostError();
  call.memory.storeAt<uint64_t>(out, uint64_t(position));
  return Errno::Success;
}

Errno fdTell(Call &call) {
  FdEntry *entry = call.fds().find(call.u32(0));
  if (!entry)
    return Errno::Badf;
  if (!entry->has(kRightFdTell))
    return notSeekable(*entry);
  uint32_t out = call.u32(1);
  if (!call.memory.contains(out, 8))
    return Errno::Fault;
  off_t position = lseek(entry->host.get(), 0, SEEK_CUR);
  if (position < 0)
    return hostError();
  call.memory.storeAt<uint64_t>(out, uint64_t(position));
  return Errno::Success;
}

} // namespace strata::wasi
