// Machine code back to assembly through LLVM's disassemblers (the MC layer's C interface).
#include "Pipeline.h"

#include "strata/mlir/Compiler.h"

#include "llvm-c/Disassembler.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

#include <cinttypes>
#include <cstdio>
#include <mutex>

namespace strata::mlirtier {

namespace {

/// Names a branch target by its absolute address (LLVM prints a bare displacement otherwise).
const char *nameBranchTarget(void *buffer, uint64_t value, uint64_t *referenceType,
                             uint64_t /*pc*/, const char **referenceName) {
  *referenceName = nullptr;
  if (*referenceType != LLVMDisassembler_ReferenceType_In_Branch)
    return nullptr;
  *referenceType = LLVMDisassembler_ReferenceType_InOut_None;
  std::snprintf(static_cast<char *>(buffer), 32, "0x%" PRIx64, value);
  return static_cast<const char *>(buffer);
}

} // namespace

Expected<std::string> disassemble(std::span<const uint8_t> code, uint64_t address,
                                  const std::string &triple) {
  pipeline::initializeTargets();
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeX86Disassembler();
    LLVMInitializeAArch64Disassembler();
  });
  std::string target = triple.empty() ? llvm::sys::getProcessTriple() : triple;
  char targetName[32];
  LLVMDisasmContextRef context =
      LLVMCreateDisasm(target.c_str(), targetName, 0, nullptr, nameBranchTarget);
  if (!context)
    return Error("no disassembler for target '" + target + "'");
  LLVMSetDisasmOptions(context, LLVMDisassembler_Option_PrintImmHex);
  // aarch64 instructions are 4 bytes; x86-64's undecodable bytes are skipped one at a time.
  const size_t skip = target.rfind("aarch64", 0) == 0 ? 4 : 1;
  std::string text;
  char line[256];
  for (size_t at = 0; at < code.size();) {
    auto *bytes = const_cast<uint8_t *>(code.data() + at);
    size_t size = LLVMDisasmInstruction(context, bytes, code.size() - at, address + at, line,
                                        sizeof line);
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "  %8" PRIx64 ":", address + at);
    text += prefix;
    if (size == 0) {
      size = std::min(skip, code.size() - at);
      for (size_t i = 0; i < size; ++i) {
        std::snprintf(line, sizeof line, "%s0x%02x", i ? ", " : "\t.byte\t", code[at + i]);
        text += line;
      }
    } else {
      text += line;
    }
    text += "\n";
    at += size;
  }
  LLVMDisasmDispose(context);
  return text;
}

} // namespace strata::mlirtier
