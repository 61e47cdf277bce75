// The guest's file descriptor table: WASI descriptor numbers to host descriptors, each with its
// file type, rights, the read-only mark of the preopen it came from and, for directories, the
// listing fd_readdir pages through. Depends on wasi/Abi.h, wasi/Errno.h and the C library.
#pragma once

#include "strata/wasi/Abi.h"
#include "strata/wasi/Errno.h"
#include "strata/wasi/UniqueFd.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::wasi {

struct DirListingEntry {
  std::string name;
  uint64_t inode = 0;
  abi::FileType type = abi::FileType::Unknown;
};

struct FdEntry {
  UniqueFd host;
  abi::FileType type = abi::FileType::Unknown;
  abi::Rights rightsBase = 0;
  abi::Rights rightsInheriting = 0;
  /// Beneath a read-only preopen: nothing may be created, changed or removed through it.
  bool readOnly = false;
  /// A pipe or a socket: a write to a closed peer raises SIGPIPE, which must not reach the host.
  bool isStream = false;
  /// The guest's name for a preopened directory; empty for every other descriptor.
  std::optional<std::string> preopenName;
  /// fd_readdir's snapshot of the directory, taken when a listing starts at cookie 0.
  std::vector<DirListingEntry> listing;
  bool hasListing = false;

  bool isDirectory() const { return type == abi::FileType::Directory; }
  bool has(abi::Rights rights) const { return (rightsBase & rights) == rights; }
};

/// A descriptor for an open host file: its type from fstat, its rights `requested` limited to
/// what the type and the host access mode allow. Fails with the host's error.
Errno describeHostFd(UniqueFd fd, abi::Rights requestedBase, abi::Rights requestedInheriting,
                     std::unique_ptr<FdEntry> &out);

class FdTable {
public:
  /// More descriptors than this are mfile, whatever the host allows.
  static constexpr uint32_t kMaxDescriptors = 1u << 20;

  FdEntry *find(uint32_t fd) const { return fd < entries_.size() ? entries_[fd].get() : nullptr; }
  /// Takes the lowest free number; nullopt when the table is full.
  std::optional<uint32_t> insert(std::unique_ptr<FdEntry> entry);
  /// Closes and frees `fd`; false when it is not open.
  bool erase(uint32_t fd);
  /// Moves `from` to `to`, closing what `to` held; both must be open (badf otherwise).
  Errno renumber(uint32_t from, uint32_t to);

private:
  void trim(); // drops free slots at the end
  std::vector<std::unique_ptr<FdEntry>> entries_;
};

} // namespace strata::wasi
