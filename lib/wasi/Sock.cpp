// Sockets: preview 1 cannot create, bind or connect one; sock_accept, sock_recv, sock_send and
// sock_shutdown work on socket descriptors the host hands in (a standard stream may be one).
// Anything else is notsock, as on the host.
#include "Call.h"

#include <fcntl.h>
#include <sys/socket.h>

namespace strata::wasi {

using namespace abi;

static bool isSocket(const FdEntry &entry) {
  return entry.type == FileType::SocketStream || entry.type == FileType::SocketDgram;
}

Errno sockAccept(Call &call) {
  FdEntry *listener = call.fds().find(call.u32(0));
  if (!listener)
    return Errno::Badf;
  uint32_t flags = call.u32(1), fdOut = call.u32(2);
  if (flags & ~uint32_t(kFdflagNonblock))
    return Errno::Inval;
  if (!isSocket(*listener))
    return Errno::Notsock;
  if (!listener->has(kRightSockAccept))
    return Errno::Notcapable;
  if (!call.memory.contains(fdOut, 4))
    return Errno::Fault;
  int hostFlags = SOCK_CLOEXEC | ((flags & kFdflagNonblock) ? SOCK_NONBLOCK : 0);
  int fd;
  do
    fd = accept4(listener->host.get(), nullptr, nullptr, hostFlags);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return hostError();
  std::unique_ptr<FdEntry> entry;
  if (Errno error = describeHostFd(UniqueFd(fd), kSocketRights, 0, entry); error != Errno::Success)
    return error;
  std::optional<uint32_t> number = call.fds().insert(std::move(entry));
  if (!number)
    return Errno::Mfile;
  call.memory.storeAt<uint32_t>(fdOut, *number);
  return Errno::Success;
}

Errno sockRecv(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdRead, entry); error != Errno::Success)
    return error;
  uint32_t iovs = call.u32(1), count = call.u32(2), flags = call.u32(3), lengthOut = call.u32(4),
           flagsOut = call.u32(5);
  if (flags & ~uint32_t(kRiflagPeek | kRiflagWaitall))
    return Errno::Inval;
  if (!call.memory.contains(lengthOut, 4) || !call.memory.contains(flagsOut, 2))
    return Errno::Fault;
  std::vector<iovec> buffers;
  if (Errno error = gatherIovecs(call, iovs, count, buffers); error != Errno::Success)
    return error;
  struct msghdr message = {};
  message.msg_iov = buffers.data();
  message.msg_iovlen = buffers.size();
  int hostFlags =
      ((flags & kRiflagPeek) ? MSG_PEEK : 0) | ((flags & kRiflagWaitall) ? MSG_WAITALL : 0);
  ssize_t received;
  do
    received = recvmsg(entry->host.get(), &message, hostFlags);
  while (received < 0 && errno == EINTR);
  if (received < 0)
    return hostError();
  call.memory.storeAt<uint32_t>(lengthOut, uint32_t(received));
  call.memory.storeAt<uint16_t>(flagsOut, (message.msg_flags & MSG_TRUNC) ? kRoflagTruncated : 0);
  return Errno::Success;
}

Errno sockSend(Call &call) {
  FdEntry *entry;
  if (Errno error = lookupFd(call, call.u32(0), kRightFdWrite, entry); error != Errno::Success)
    return error;
  uint32_t iovs = call.u32(1), count = call.u32(2), flags = call.u32(3), lengthOut = call.u32(4);
  if (flags != 0) // the snapshot defines no send flags
    return Errno::Inval;
  if (!call.memory.contains(lengthOut, 4))
    return Errno::Fault;
  std::vector<iovec> buffers;
  if (Errno error = gatherIovecs(call, iovs, count, buffers); error != Errno::Success)
    return error;
  struct msghdr message = {};
  message.msg_iov = buffers.data();
  message.msg_iovlen = buffers.size();
  ssize_t sent;
  do
    sent = sendmsg(entry->host.get(), &message, MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  if (sent < 0)
    return hostError();
  call.memory.storeAt<uint32_t>(lengthOut, uint32_t(sent));
  return Errno::Success;
}

Errno sockShutdown(Call &call) {
  FdEntry *entry = call.fds().find(call.u32(0));
  if (!entry)
    return Errno::Badf;
  int how;
  switch (call.u32(1)) {
  case kSdflagRd:
    how = SHUT_RD;
    break;
  case kSdflagWr:
    how = SHUT_WR;
    break;
  case kSdflagRd | kSdflagWr:
    how = SHUT_RDWR;
    break;
  default:
    return Errno::Inval;
  }
  if (!isSocket(*entry))
    return Errno::Notsock;
  if (!entry->has(kRightSockShutdown))
    return Errno::Notcapable;
  if (shutdown(entry->host.get(), how) != 0)
    return hostError();
  return Errno::Success;
}

} // namespace strata::wasi
