// The interpreter's pre-decoded code: each function of a module translated into a stream of
// 32-bit words, one instruction being a handler address (two words) followed by its operands,
// which are frame slot indexes, immediates and pre-resolved branch offsets. The frame is
// [locals | operand stack] (DESIGN decision 2): the operand at height h lives in slot
// numLocalSlots + h, and at every block boundary and loop header every operand is in that slot,
// so the loop table below describes the interpreter state at each loop header exactly.
// Depends on wasm/ only.
#pragma once

#include "strata/wasm/Module.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace strata::interp {

/// A loop header: where OSR may leave the interpreter (DESIGN decision 8).
struct LoopHeader {
  uint32_t loopIndex = 0;  // into wasm::FunctionInfo::loops
  uint32_t codeOffset = 0; // word offset of the loop's first instruction
  uint64_t wasmOffset = 0; // the loop opcode
  uint32_t height = 0;     // operand slots live at the header, the loop's parameters included
};

/// Maps a code position back to the WebAssembly instruction it came from.
struct PcEntry {
  uint32_t codeOffset;
  uint32_t wasmOffset; // relative to the module's start (modules are < 4 GiB)
};

struct CompiledFunction {
  uint32_t index = 0; // in the module's function index space
  uint32_t numParamSlots = 0;
  uint32_t numLocalSlots = 0; // parameters included
  uint32_t maxStackSlots = 0;
  uint32_t numResultSlots = 0;
  /// Slots a frame of this function needs: locals, operand stack, and room for results.
  uint32_t frameSlots = 0;
  std::vector<uint32_t> code;
  std::vector<PcEntry> pcMap; // sorted by codeOffset, one entry per translated instruction
  std::vector<LoopHeader> loops;

  /// The byte offset of the instruction at or before `codeOffset`, or ~0 when unknown.
  uint64_t wasmOffsetAt(uint32_t codeOffset) const;
};

/// Translation statistics, for docs/interpreter.md and benchmarks.
struct TranslationStats {
  uint64_t codeBytes = 0;   // WebAssembly function bodies translated
  uint64_t codeWords = 0;   // interpreter code produced
  uint64_t nanoseconds = 0; // wall time of the translation
};

struct CompiledModule {
  std::shared_ptr<const wasm::Module> module;
  std::vector<CompiledFunction> functions; // per defined function
  TranslationStats stats;

  const CompiledFunction &function(uint32_t functionIndex) const {
    return functions[functionIndex - module->numImportedFunctions];
  }
};

} // namespace strata::interp
