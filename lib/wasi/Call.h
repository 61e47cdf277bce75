// What every WASI function implementation shares: the Call it receives (context, the caller's
// memory, the arguments, and a way to end the guest), the helpers that look descriptors up with
// their rights and read guest paths and buffers, and one declaration per function.
// Internal to lib/wasi.
#pragma once

#include "strata/runtime/Function.h"
#include "strata/runtime/Trap.h"
#include "strata/wasi/Abi.h"
#include "strata/wasi/Context.h"
#include "strata/wasi/Errno.h"
#include "strata/wasi/GuestMemory.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::wasi {

struct Call {
  WasiContext &wasi;
  runtime::HostCallContext &host;
  GuestMemory memory;
  const uint64_t *args;
  /// Set to end the guest instead of returning an errno (proc_exit, a fatal proc_raise).
  std::optional<runtime::Trap> trap;

  uint32_t u32(int i) const { return uint32_t(args[i]); }
  uint64_t u64(int i) const { return args[i]; }
  FdTable &fds() const { return wasi.fds(); }
};

using Handler = Errno (*)(Call &);

/// The current host errno as a WASI errno.
inline Errno hostError() { return fromHostErrno(errno); }

/// The descriptor `fd` with all of `rights`: badf when it is not open, or when it lacks the
/// right to read or write (as on the host); notcapable when it lacks another right.
Errno lookupFd(Call &call, uint32_t fd, abi::Rights rights, FdEntry *&out);
/// Like lookupFd, for a directory: notdir when `fd` is something else.
Errno lookupDirectory(Call &call, uint32_t fd, abi::Rights rights, FdEntry *&out);
/// rofs when `directory` lies beneath a read-only preopen.
inline Errno checkWritable(const FdEntry &directory) {
  return directory.readOnly ? Errno::Rofs : Errno::Success;
}

/// Reads a path argument: fault when out of bounds, then the checks of checkPathText.
Errno readPath(Call &call, uint32_t pointer, uint32_t length, std::string &out);

/// The host iovecs for `count` guest (c)iovecs at `pointer`, every buffer checked first: fault
/// when any is out of bounds, inval for more than the host takes in one call.
Errno gatherIovecs(Call &call, uint32_t pointer, uint32_t count, std::vector<iovec> &out);

/// The WASI file type of a host st_mode (pipes are unknown: WASI has no type for them).
abi::FileType fileTypeOf(mode_t mode);
/// Writes a filestat record; the caller has checked the range.
void storeFilestat(const GuestMemory &memory, uint32_t pointer, const struct stat &info);
/// The host's utimensat/futimens times for (atim, mtim, fst_flags); inval on bad flags.
Errno toTimespecs(uint64_t atim, uint64_t mtim, uint32_t flags, struct timespec out[2]);

// Blocks SIGPIPE on this thread (noting whether one was pending already), and restores the
// mask, taking back the signal the write raised.
bool blockSigpipe(sigset_t &previous, bool &wasPending);
void restoreSigpipe(const sigset_t &previous, bool wasPending, bool raised);
/// Runs a write on a pipe or socket with SIGPIPE blocked on this thread, and swallows the
/// signal it raised: a closed reader is the errno pipe for the guest, not the host's death.
template <typename F> auto withoutSigpipe(bool isStream, F write) -> decltype(write()) {
  if (!isStream)
    return write();
  sigset_t previous;
  bool wasPending = false;
  bool blocked = blockSigpipe(previous, wasPending);
  auto result = write();
  bool raised = result < 0 && errno == EPIPE;
  int saved = errno;
  if (blocked)
    restoreSigpipe(previous, wasPending, raised);
  errno = saved;
  return result;
}

// args, environ, clocks, random (ArgsEnviron.cpp, Clock.cpp, Random.cpp)
Errno argsGet(Call &);
Errno argsSizesGet(Call &);
Errno environGet(Call &);
Errno environSizesGet(Call &);
Errno clockResGet(Call &);
Errno clockTimeGet(Call &);
Errno randomGet(Call &);
// descriptors (FdIo.cpp, FdAttributes.cpp, FdReaddir.cpp)
Errno fdAdvise(Call &);
Errno fdAllocate(Call &);
Errno fdClose(Call &);
Errno fdDatasync(Call &);
Errno fdFdstatGet(Call &);
Errno fdFdstatSetFlags(Call &);
Errno fdFdstatSetRights(Call &);
Errno fdFilestatGet(Call &);
Errno fdFilestatSetSize(Call &);
Errno fdFilestatSetTimes(Call &);
Errno fdPread(Call &);
Errno fdPrestatGet(Call &);
Errno fdPrestatDirName(Call &);
Errno fdPwrite(Call &);
Errno fdRead(Call &);
Errno fdReaddir(Call &);
Errno fdRenumber(Call &);
Errno fdSeek(Call &);
Errno fdSync(Call &);
Errno fdTell(Call &);
Errno fdWrite(Call &);
// paths (PathOpen.cpp, PathOps.cpp)
Errno pathCreateDirectory(Call &);
Errno pathFilestatGet(Call &);
Errno pathFilestatSetTimes(Call &);
Errno pathLink(Call &);
Errno pathOpen(Call &);
Errno pathReadlink(Call &);
Errno pathRemoveDirectory(Call &);
Errno pathRename(Call &);
Errno pathSymlink(Call &);
Errno pathUnlinkFile(Call &);
// poll, process, sockets (Poll.cpp, Proc.cpp, Sock.cpp)
Errno pollOneoff(Call &);
Errno procExit(Call &);
Errno procRaise(Call &);
Errno schedYield(Call &);
Errno sockAccept(Call &);
Errno sockRecv(Call &);
Errno sockSend(Call &);
Errno sockShutdown(Call &);

/// The host clock for a WASI clock id; false for an unknown id.
bool hostClock(uint32_t id, clockid_t &out);

} // namespace strata::wasi
