#include "strata/wasi/PathResolver.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace strata::wasi {

static bool isUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = text[i];
    size_t extra;
    uint32_t min;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xe0) == 0xc0)
      extra = 1, min = 0x80;
    else if ((c & 0xf0) == 0xe0)
      extra = 2, min = 0x800;
    else if ((c & 0xf8) == 0xf0)
      extra = 3, min = 0x10000;
    else
      return false;
    if (text.size() - i <= extra)
      return false;
    uint32_t code = c & (0x3f >> extra);
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char next = text[i + k];
      if ((next & 0xc0) != 0x80)
        return false;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return false;
    i += extra + 1;
  }
  return true;
}

Errno checkPathText(std::string_view path) {
  if (path.empty())
    return Errno::Noent;
  if (path.size() > kMaxPathLength)
    return Errno::Nametoolong;
  if (path.find('\0') != std::string_view::npos)
    return Errno::Inval;
  if (!isUtf8(path))
    return Errno::Ilseq;
  return Errno::Success;
}

namespace {

/// The walk's state: the directories it has entered (for ".."), and the components still to
/// go, last first, so a symbolic link's target can be pushed in front of the rest.
class Walk {
public:
  explicit Walk(int root) : root_(root) {}

  int current() const { return entered_.empty() ? root_ : entered_.back().get(); }

  /// Queues the components of `text` in front of what remains.
  void push(std::string_view text) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= text.size()) {
      size_t slash = text.find('/', start);
      if (slash == std::string_view::npos)
        slash = text.size();
      if (slash > start)
        parts.push_back(text.substr(start, slash - start));
      start = slash + 1;
    }
    for (auto it = parts.rbegin(); it != parts.rend(); ++it)
      pending_.emplace_back(*it);
  }
  bool done() const { return pending_.empty(); }
  std::string next() {
    std::string component = std::move(pending_.back());
    pending_.pop_back();
    return component;
  }

  /// ".." : back to the directory before, unless that would leave the root.
  bool leave() {
    if (entered_.empty())
      return false;
    entered_.pop_back();
    return true;
  }
  Errno enter(const std::string &name) {
    int fd = openat(current(), name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
      return fromHostErrno(errno);
    entered_.emplace_back(fd);
    return Errno::Success;
  }

  /// Hands the current directory to `out`.
  void finish(ResolvedPath &out) {
    if (entered_.empty()) {
      out.parent = root_;
    } else {
      out.holder = std::move(entered_.back());
      out.parent = out.holder.get();
    }
  }

private:
  int root_;
  std::vector<UniqueFd> entered_;
  std::vector<std::string> pending_;
};

/// Reads `name` in `dir` if it is a symbolic link: success with its target, inval when it is
/// something else, noent when it does not exist.
Errno readLink(int dir, const std::string &name, std::string &target) {
  char buffer[PATH_MAX];
  ssize_t length = readlinkat(dir, name.c_str(), buffer, sizeof buffer);
  if (length < 0)
    return fromHostErrno(errno);
  if (size_t(length) >= sizeof buffer)
    return Errno::Nametoolong;
  target.assign(buffer, size_t(length));
  return Errno::Success;
}

} // namespace

Errno resolvePath(int dirFd, std::string_view path, bool followLast, ResolvedPath &out) {
  if (Errno error = checkPathText(path); error != Errno::Success)
    return error;
  if (path.front() == '/')
    return Errno::Notcapable; // absolute: outside every preopen by definition
  out = ResolvedPath();
  out.mustBeDirectory = path.back() == '/';
  Walk walk(dirFd);
  walk.push(path);
  int expansions = 0;
  std::string name = ".";
  while (!walk.done()) {
    std::string component = walk.next();
    bool last = walk.done();
    if (component == ".") {
      if (last)
        name = ".";
      continue;
    }
    if (component == "..") {
      if (!walk.leave())
        return Errno::Notcapable;
      if (last)
        name = ".";
      continue;
    }
    if (component.size() > NAME_MAX)
      return Errno::Nametoolong;
    if (last && !followLast && !out.mustBeDirectory) {
      name = std::move(component);
      break;
    }
    std::string target;
    Errno link = readLink(walk.current(), component, target);
    if (link == Errno::Success) {
      if (++expansions > kMaxSymlinkExpansions)
        return Errno::Loop;
      if (target.empty())
        return Errno::Noent;
      if (target.front() == '/')
        return Errno::Notcapable; // a link pointing out by an absolute path
      if (last && target.back() == '/')
        out.mustBeDirectory = true;
      walk.push(target);
      if (walk.done()) // a target of only slashes
        return Errno::Notcapable;
      continue;
    }
    if (link != Errno::Inval && link != Errno::Noent)
      return link;
    if (last) {
      name = std::move(component);
      break;
    }
    if (link == Errno::Noent)
      return Errno::Noent;
    if (Errno error = walk.enter(component); error != Errno::Success)
      return error;
  }
  walk.finish(out);
  out.name = std::move(name);
  if (out.mustBeDirectory && out.name != ".") {
    struct stat info;
    if (fstatat(out.parent, out.name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 &&
        !S_ISDIR(info.st_mode))
      return Errno::Notdir;
  }
  return Errno::Success;
}

} // namespace strata::wasi
