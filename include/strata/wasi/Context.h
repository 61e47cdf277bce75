// One guest process's WASI state: its arguments, its environment, and its descriptor table
// (stdin, stdout and stderr, then the preopened directories, then whatever the guest opens).
// The guest reaches nothing else of the host: no path outside the preopens, no variable that
// was not passed in. Depends on wasi/FdTable.h and support/.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasi/FdTable.h"

#include <memory>
#include <string>
#include <vector>

namespace strata::wasi {

/// A host directory the guest may use, under the name the guest sees it by.
struct Preopen {
  std::string hostPath;
  std::string guestPath;
  /// Nothing beneath it may be created, written, renamed or removed (errno rofs).
  bool readOnly = false;
};

struct WasiConfig {
  /// The guest's argv; the first is the program name.
  std::vector<std::string> args;
  /// "KEY=VALUE" entries: the whole environment the guest sees.
  std::vector<std::string> environment;
  /// Descriptors 3, 4, ... in this order.
  std::vector<Preopen> preopens;
  /// Host descriptors for the guest's 0, 1 and 2; each is duplicated, so the guest closing
  /// its own leaves the host's open.
  int stdinFd = 0;
  int stdoutFd = 1;
  int stderrFd = 2;
};

class WasiContext {
public:
  /// Opens the preopened directories and duplicates the standard descriptors; fails naming
  /// the directory or descriptor that cannot be opened.
  static Expected<std::unique_ptr<WasiContext>> create(const WasiConfig &config);

  const std::vector<std::string> &args() const { return args_; }
  const std::vector<std::string> &environment() const { return environment_; }
  FdTable &fds() { return fds_; }

private:
  WasiContext() = default;
  std::vector<std::string> args_;
  std::vector<std::string> environment_;
  FdTable fds_;
};

} // namespace strata::wasi
