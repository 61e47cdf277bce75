#include "strata/runtime/Trap.h"

#include <cstdio>

namespace strata::runtime {

const char *trapMessage(TrapKind kind) {
  switch (kind) {
  case TrapKind::Unreachable: return "unreachable";
  case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
  case TrapKind::TableOutOfBounds: return "out of bounds table access";
  case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
  case TrapKind::UndefinedElement: return "undefined element";
  case TrapKind::NullReference: return "null reference";
  case TrapKind::UninitializedElement: return "uninitialized element";
  case TrapKind::IntegerDivideByZero: return "integer divide by zero";
  case TrapKind::IntegerOverflow: return "integer overflow";
  case TrapKind::InvalidConversion: return "invalid conversion to integer";
  case TrapKind::CallStackExhausted: return "call stack exhausted";
  case TrapKind::Interrupted: return "interrupted";
  case TrapKind::HostError: return "host function failed";
  case TrapKind::Exit: return "exit";
  }
  return "unknown trap";
}

std::string Trap::message() const {
  std::string text = trapMessage(kind_);
  if (kind_ == TrapKind::Exit && detail_.empty())
    return text + " with code " + std::to_string(exitCode_);
  if (!detail_.empty())
    text += ": " + detail_;
  return text;
}

std::string Trap::describe() const {
  std::string text = message();
  for (const TrapFrame &frame : trace_) {
    text += "\n  at ";
    if (!frame.module.empty())
      text += frame.module + ".";
    text += "func[" + std::to_string(frame.function) + "]";
    if (!frame.functionName.empty())
      text += " " + frame.functionName;
    if (frame.offset != ~uint64_t(0)) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, " @0x%llx",
                    static_cast<unsigned long long>(frame.offset));
      text += buffer;
    }
  }
  return text;
}

} // namespace strata::runtime
