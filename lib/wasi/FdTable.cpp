#include "strata/wasi/FdTable.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cerrno>

namespace strata::wasi {

using namespace abi;

static FileType socketType(int fd) {
  int type = 0;
  socklen_t length = sizeof type;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_DGRAM)
    return FileType::SocketDgram;
  return FileType::SocketStream;
}

Errno describeHostFd(UniqueFd fd, Rights requestedBase, Rights requestedInheriting,
                     std::unique_ptr<FdEntry> &out) {
  struct stat info;
  if (fstat(fd.get(), &info) != 0)
    return fromHostErrno(errno);
  int flags = fcntl(fd.get(), F_GETFL);
  if (flags < 0)
    return fromHostErrno(errno);

  auto entry = std::make_unique<FdEntry>();
  Rights allowed = kFileRights;
  Rights inheriting = 0;
  switch (info.st_mode & S_IFMT) {
  case S_IFREG:
    entry->type = FileType::RegularFile;
    break;
  case S_IFDIR:
    entry->type = FileType::Directory;
    allowed = kDirectoryRights;
    inheriting = kRightsAll;
    break;
  case S_IFCHR:
    entry->type = FileType::CharacterDevice;
    allowed = kStreamRights;
    break;
  case S_IFBLK:
    entry->type = FileType::BlockDevice;
    break;
  case S_IFSOCK:
    entry->type = socketType(fd.get());
    allowed = kSocketRights;
    entry->isStream = true;
    break;
  case S_IFIFO: // WASI has no type for pipes
    entry->type = FileType::Unknown;
    allowed = kStreamRights;
    entry->isStream = true;
    break;
  default:
    entry->type = FileType::Unknown;
    break;
  }
  // The host's access mode decides what reading and writing rights the descriptor can have.
  if (entry->type != FileType::Directory) {
    int mode = flags & O_ACCMODE;
    if (mode == O_WRONLY || (flags & O_PATH))
      allowed &= ~kReadRights;
    if (mode == O_RDONLY || (flags & O_PATH))
      allowed &= ~kWriteRights;
  }
  entry->rightsBase = requestedBase & allowed;
  entry->rightsInheriting = requestedInheriting & inheriting;
  entry->host = std::move(fd);
  out = std::move(entry);
  return Errno::Success;
}

std::optional<uint32_t> FdTable::insert(std::unique_ptr<FdEntry> entry) {
  for (uint32_t fd = 0; fd < entries_.size(); ++fd)
    if (!entries_[fd]) {
      entries_[fd] = std::move(entry);
      return fd;
    }
  if (entries_.size() >= kMaxDescriptors)
    return std::nullopt;
  entries_.push_back(std::move(entry));
  return uint32_t(entries_.size() - 1);
}

bool FdTable::erase(uint32_t fd) {
  if (!find(fd))
    return false;
  entries_[fd].reset();
  trim();
  return true;
}

void FdTable::trim() {
  while (!entries_.empty() && !entries_.back())
    entries_.pop_back();
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  if (!find(from) || !find(to))
    return Errno::Badf;
  if (from != to) {
    entries_[to] = std::move(entries_[from]); // closes what `to` held
    trim();
  }
  return Errno::Success;
}

} // namespace strata::wasi
