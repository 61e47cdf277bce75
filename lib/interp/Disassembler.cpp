#include "strata/interp/Disassembler.h"

#include "Op.h"
#include "Slots.h"

#include <cstdio>

namespace strata::interp {

/// Calls `visit(op, pc)` for every instruction of `function`.
template <typename Visit>
static void forEachInstruction(const CompiledFunction &function, Visit visit) {
  const uint32_t *pc = function.code.data(), *end = pc + function.code.size();
  while (pc < end) {
    Op op = opForHandler(handlerAt(pc));
    visit(op, pc);
    if (op == Op::None)
      return;
    pc += kHandlerWords + operandWords(op, pc);
  }
}

std::string disassemble(const CompiledFunction &function) {
  std::string text;
  forEachInstruction(function, [&](Op op, const uint32_t *pc) {
    uint32_t offset = uint32_t(pc - function.code.data());
    char line[64];
    std::snprintf(line, sizeof line, "%5u @%-6llx %s", offset,
                  static_cast<unsigned long long>(function.wasmOffsetAt(offset)), opName(op));
    text += line;
    if (op != Op::None)
      for (unsigned i = 0; i < operandWords(op, pc); ++i)
        text += " " + std::to_string(int32_t(pc[kHandlerWords + i]));
    text += "\n";
  });
  return text;
}

std::vector<std::string> instructionNames(const CompiledFunction &function) {
  std::vector<std::string> names;
  forEachInstruction(function, [&](Op op, const uint32_t *) { names.push_back(opName(op)); });
  return names;
}

} // namespace strata::interp
