// fd_readdir: directory entries as dirent records followed by their names, paged by cookies.
// A listing starting at cookie 0 snapshots the directory; cookie N continues at the snapshot's
// Nth entry, so cookies stay valid while the guest changes the directory.
#include "Call.h"

#include <dirent.h>
#include <fcntl.h>

#include <algorithm>
#include <cstring>

namespace strata::wasi {

using namespace abi;

static FileType direntType(int directory, const struct dirent &entry) {
  switch (entry.d_type) {
  case DT_REG:
    return FileType::RegularFile;
  case DT_DIR:
    return FileType::Directory;
  case DT_CHR:
    return FileType::CharacterDevice;
  case DT_BLK:
    return FileType::BlockDevice;
  case DT_LNK:
    return FileType::SymbolicLink;
  case DT_SOCK:
    return FileType::SocketStream;
  case DT_FIFO:
    return FileType::Unknown;
  default:
    break;
  }
  struct stat info;
  if (fstatat(directory, entry.d_name, &info, AT_SYMLINK_NOFOLLOW) != 0)
    return FileType::Unknown;
  return fileTypeOf(info.st_mode);
}

static Errno snapshot(FdEntry &directory) {
  // A description of its own, so the listing never moves another reader's position.
  int fd = openat(directory.host.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return hostError();
  DIR *stream = fdopendir(fd);
  if (!stream) {
    Errno error = hostError();
    close(fd);
    return error;
  }
  directory.listing.clear();
  errno = 0;
  while (struct dirent *entry = readdir(stream)) {
    directory.listing.push_back({entry->d_name, entry->d_ino, direntType(fd, *entry)});
    errno = 0;
  }
  Errno error = errno ? hostError() : Errno::Success;
  closedir(stream);
  directory.hasListing = error == Errno::Success;
  return error;
}

Errno fdReaddir(Call &call) {
  FdEntry *directory;
  if (Errno error = lookupDirectory(call, call.u32(0), kRightFdReaddir, directory);
      error != Errno::Success)
    return error;
  uint32_t buffer = call.u32(1), length = call.u32(2), usedOut = call.u32(4);
  uint64_t cookie = call.u64(3);
  if (!call.memory.contains(buffer, length) || !call.memory.contains(usedOut, 4))
    return Errno::Fault;
  if (cookie == 0 || !directory->hasListing)
    if (Errno error = snapshot(*directory); error != Errno::Success)
      return error;

  uint32_t used = 0;
  uint8_t record[DirentLayout::kSize];
  for (uint64_t index = cookie; index < directory->listing.size() && used < length; ++index) {
    const DirListingEntry &entry = directory->listing[index];
    std::memset(record, 0, sizeof record);
    uint64_t next = index + 1;
    uint32_t nameLength = uint32_t(entry.name.size());
    std::memcpy(record + DirentLayout::kNext, &next, 8);
    std::memcpy(record + DirentLayout::kIno, &entry.inode, 8);
    std::memcpy(record + DirentLayout::kNamlen, &nameLength, 4);
    record[DirentLayout::kType] = uint8_t(entry.type);
    // The last record may be cut short: a full buffer tells the guest to ask again.
    uint32_t part = std::min<uint32_t>(DirentLayout::kSize, length - used);
    std::memcpy(call.memory.at(uint64_t(buffer) + used), record, part);
    used += part;
    part = std::min<uint32_t>(nameLength, length - used);
    std::memcpy(call.memory.at(uint64_t(buffer) + used), entry.name.data(), part);
    used += part;
  }
  call.memory.storeAt<uint32_t>(usedOut, used);
  return Errno::Success;
}

} // namespace strata::wasi
