// The sandbox: resolving a guest path beneath a directory descriptor without ever leaving it.
// The resolver walks the path one component at a time with fd-relative calls: each directory
// is opened with O_NOFOLLOW relative to the one before, symbolic links are read and expanded
// here (never by the kernel), and ".." pops a directory this walk itself opened. A path that
// is absolute, or whose "..", or a symbolic link's target, would climb above the starting
// directory fails with notcapable. The caller then acts on the last component relative to the
// directory that holds it, with AT_SYMLINK_NOFOLLOW / O_NOFOLLOW, so a link swapped in
// meanwhile is never followed out. No string prefix is ever compared.
// Depends on wasi/Errno.h, wasi/UniqueFd.h and the C library.
#pragma once

#include "strata/wasi/Errno.h"
#include "strata/wasi/UniqueFd.h"

#include <string>
#include <string_view>

namespace strata::wasi {

/// Longer paths are nametoolong, as on the host.
inline constexpr size_t kMaxPathLength = 4095;
/// More symbolic links than this in one resolution are loop.
inline constexpr int kMaxSymlinkExpansions = 40;

struct ResolvedPath {
  /// The directory that holds the last component: the starting one, or `holder`.
  int parent = -1;
  UniqueFd holder;
  /// The last component: never empty, never with a '/'; "." names `parent` itself.
  std::string name;
  /// The path ended in '/': the last component must be a directory (if it exists).
  bool mustBeDirectory = false;
};

/// Checks a guest path as text: empty (noent), too long (nametoolong), a NUL byte (inval),
/// not UTF-8 (ilseq).
Errno checkPathText(std::string_view path);

/// Resolves `path` beneath `dirFd`. With `followLast`, a symbolic link in the last position is
/// expanded too (a trailing '/' implies it); without, the last component is returned as it is.
/// Intermediate components must be directories (notdir) that exist (noent).
Errno resolvePath(int dirFd, std::string_view path, bool followLast, ResolvedPath &out);

} // namespace strata::wasi
