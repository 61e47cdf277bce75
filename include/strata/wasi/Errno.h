// WASI errno values (wasi_snapshot_preview1) and their mapping from the host's errno. Every
// WASI function returns one; the host's own errors are translated, never passed through.
// Depends on nothing.
#pragma once

#include <cstdint>

namespace strata::wasi {

enum class Errno : uint16_t {
#define STRATA_WASI_ERRNO(Name, value, text, host) Name = value,
#include "strata/wasi/Errno.def"
};

/// The WASI errno for a host (Linux) errno; io for one WASI has no name for.
Errno fromHostErrno(int hostErrno);

/// The witx name ("noent", "notcapable", ...), or "unknown".
const char *errnoName(Errno error);

} // namespace strata::wasi
