// Where the JIT puts linked units: code, read-only data and writable data of many units share
// pages, instead of each unit taking whole pages of its own. Private to lib/mlir/Pipeline.
#pragma once

#include "llvm/ExecutionEngine/JITLink/JITLinkMemoryManager.h"

#include <cstddef>
#include <memory>

namespace strata::mlirtier::pipeline {

/// A JITLink memory manager that packs units into shared slabs of memory mapped twice: once
/// where the code runs (executable, read-only or writable data, per slab) and once writable,
/// where the linker writes. A slab goes back to the system when its last unit goes.
std::unique_ptr<llvm::jitlink::JITLinkMemoryManager> createPackedMemoryManager();

} // namespace strata::mlirtier::pipeline
