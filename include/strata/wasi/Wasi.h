// WASI preview 1 (wasi_snapshot_preview1): everything an embedder needs to run a command
// module. Create a WasiContext from a WasiConfig (arguments, environment, preopened
// directories, standard descriptors), link wasiFunctions(context) under kModuleName, call the
// module's `_start`, and read the exit code from a trap of kind TrapKind::Exit. See docs/wasi.md.
#pragma once

#include "strata/wasi/Context.h"
#include "strata/wasi/Errno.h"
#include "strata/wasi/Functions.h"
