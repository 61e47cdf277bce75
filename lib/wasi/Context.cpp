#include "strata/wasi/Context.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

namespace strata::wasi {

using namespace abi;

static Status addStdio(FdTable &fds, int hostFd, const char *what) {
  int copy = fcntl(hostFd, F_DUPFD_CLOEXEC, 0);
  // A closed host stream reads as empty and swallows writes, so the guest's 0, 1 and 2 stay
  // taken and the preopens keep their numbers from 3 on.
  if (copy < 0 && errno == EBADF)
    copy = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (copy < 0)
    return Error(std::string("cannot use ") + what + " (descriptor " + std::to_string(hostFd) +
                 "): " + std::strerror(errno));
  std::unique_ptr<FdEntry> entry;
  if (Errno error = describeHostFd(UniqueFd(copy), kRightsAll, kRightsAll, entry);
      error != Errno::Success)
    return Error(std::string("cannot use ") + what + ": " + errnoName(error));
  // A directory as a standard stream is no preopen: give it no path rights.
  if (entry->isDirectory())
    entry->rightsBase = entry->rightsInheriting = 0;
  fds.insert(std::move(entry));
  return Status::ok();
}

static Status addPreopen(FdTable &fds, const Preopen &preopen) {
  int fd = open(preopen.hostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return Error("cannot open directory " + preopen.hostPath + ": " + std::strerror(errno));
  std::unique_ptr<FdEntry> entry;
  if (Errno error = describeHostFd(UniqueFd(fd), kDirectoryRights, kRightsAll, entry);
      error != Errno::Success)
    return Error("cannot use directory " + preopen.hostPath + ": " + errnoName(error));
  entry->readOnly = preopen.readOnly;
  entry->preopenName = preopen.guestPath;
  if (!fds.insert(std::move(entry)))
    return Error("too many preopened directories");
  return Status::ok();
}

Expected<std::unique_ptr<WasiContext>> WasiContext::create(const WasiConfig &config) {
  std::unique_ptr<WasiContext> context(new WasiContext());
  context->args_ = config.args;
  context->environment_ = config.environment;
  for (const std::string &entry : config.environment)
    if (entry.find('=') == std::string::npos || entry.find('\0') != std::string::npos)
      return Error("environment entry must be KEY=VALUE: " + entry);
  for (const std::string &arg : config.args)
    if (arg.find('\0') != std::string::npos)
      return Error("an argument contains a NUL byte");
  const int stdio[] = {config.stdinFd, config.stdoutFd, config.stderrFd};
  const char *names[] = {"stdin", "stdout", "stderr"};
  for (int i = 0; i < 3; ++i)
    if (Status status = addStdio(context->fds_, stdio[i], names[i]); !status)
      return status.takeError();
  for (const Preopen &preopen : config.preopens) {
    if (preopen.guestPath.empty())
      return Error("preopen " + preopen.hostPath + " needs a guest name");
    if (Status status = addPreopen(context->fds_, preopen); !status)
      return status.takeError();
  }
  return context;
}

} // namespace strata::wasi
