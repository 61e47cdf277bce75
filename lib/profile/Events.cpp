#include "strata/profile/Events.h"

namespace strata::profile {

const char *eventKindName(EventKind kind) {
  switch (kind) {
  case EventKind::TierUpRequest:
    return "tier-up-request";
  case EventKind::CompileStart:
    return "compile-start";
  case EventKind::CompileEnd:
    return "compile-end";
  case EventKind::CodeInstalled:
    return "code-installed";
  case EventKind::OsrEntry:
    return "osr-entry";
  case EventKind::Trap:
    return "trap";
  }
  return "unknown";
}

} // namespace strata::profile
