// The process: proc_exit ends the guest with a trap of kind Exit carrying the code;
// proc_raise ends it the same way for a signal whose default action terminates (code 128 + the
// signal's number, as a shell reports it), ignores the ones ignored by default, and cannot stop
// a guest; sched_yield yields the host thread.
#include "Call.h"

#include <sched.h>
#include <signal.h>

namespace strata::wasi {

using namespace abi;

Errno procExit(Call &call) {
  runtime::Trap trap(runtime::TrapKind::Exit);
  trap.setExitCode(int(call.u32(0)));
  call.trap = std::move(trap);
  return Errno::Success;
}

namespace {
struct SignalInfo {
  const char *name;
  int hostNumber; // the host's number of the same signal, for the exit code
};

SignalInfo signalInfo(uint32_t signal) {
  switch (signal) {
  case kSigHup:
    return {"SIGHUP", SIGHUP};
  case kSigInt:
    return {"SIGINT", SIGINT};
  case kSigQuit:
    return {"SIGQUIT", SIGQUIT};
  case kSigIll:
    return {"SIGILL", SIGILL};
  case kSigTrap:
    return {"SIGTRAP", SIGTRAP};
  case kSigAbrt:
    return {"SIGABRT", SIGABRT};
  case kSigBus:
    return {"SIGBUS", SIGBUS};
  case kSigFpe:
    return {"SIGFPE", SIGFPE};
  case kSigKill:
    return {"SIGKILL", SIGKILL};
  case kSigUsr1:
    return {"SIGUSR1", SIGUSR1};
  case kSigSegv:
    return {"SIGSEGV", SIGSEGV};
  case kSigUsr2:
    return {"SIGUSR2", SIGUSR2};
  case kSigAlrm:
    return {"SIGALRM", SIGALRM};
  case kSigTerm:
    return {"SIGTERM", SIGTERM};
  case kSigXcpu:
    return {"SIGXCPU", SIGXCPU};
  case kSigXfsz:
    return {"SIGXFSZ", SIGXFSZ};
  case kSigVtalrm:
    return {"SIGVTALRM", SIGVTALRM};
  case kSigProf:
    return {"SIGPROF", SIGPROF};
  case kSigPoll:
    return {"SIGPOLL", SIGPOLL};
  case kSigPwr:
    return {"SIGPWR", SIGPWR};
  case kSigSys:
    return {"SIGSYS", SIGSYS};
  default:
    return {nullptr, 0};
  }
}
} // namespace

Errno procRaise(Call &call) {
  uint32_t signal = call.u32(0);
  switch (signal) {
  case kSigNone: // only asks whether the process could be signalled
  case kSigPipe: // the snapshot makes this one ignored by default too
  case kSigChld:
  case kSigCont:
  case kSigUrg:
  case kSigWinch:
    return Errno::Success; // ignored by default
  case kSigStop:
  case kSigTstp:
  case kSigTtin:
  case kSigTtou:
    return Errno::Notsup; // a guest cannot be stopped apart from its host
  default:
    break;
  }
  SignalInfo info = signalInfo(signal);
  if (!info.name)
    return Errno::Inval;
  runtime::Trap trap(runtime::TrapKind::Exit, std::string("terminated by ") + info.name);
  trap.setExitCode(128 + info.hostNumber);
  call.trap = std::move(trap);
  return Errno::Success;
}

Errno schedYield(Call &) {
  sched_yield();
  return Errno::Success;
}

} // namespace strata::wasi
