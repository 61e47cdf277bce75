// Traps: the kinds WebAssembly execution can fail with, the spec's wording for each, and the
// Wasm stack trace (function index and byte offset per frame, innermost first).
// Depends on support/ only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace strata::runtime {

enum class TrapKind : uint8_t {
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  IndirectCallTypeMismatch,
  UndefinedElement,   // call_indirect past the end of the table
  NullReference,        // a null reference where one is needed
  UninitializedElement, // call_indirect through a null table entry
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversion,
  CallStackExhausted,
  Interrupted,
  HostError,          // a host function failed
  Exit,               // the guest asked to exit (e.g. WASI proc_exit); not an error of the code
};

/// The spec test suite's wording ("unreachable", "out of bounds memory access", ...).
const char *trapMessage(TrapKind kind);

struct TrapFrame {
  std::string module;     // instance name, may be empty
  uint32_t function = 0;  // index in the module's function index space
  std::string functionName; // from the name section, may be empty
  uint64_t offset = ~uint64_t(0); // byte offset in the module, when known
};

class Trap {
public:
  Trap(TrapKind kind, std::string detail = {}) : kind_(kind), detail_(std::move(detail)) {}

  TrapKind kind() const { return kind_; }
  /// Extra words from the host or the runtime, e.g. the exit code or the host's failure.
  const std::string &detail() const { return detail_; }
  int exitCode() const { return exitCode_; }
  void setExitCode(int code) { exitCode_ = code; }
  std::vector<TrapFrame> &trace() { return trace_; }
  const std::vector<TrapFrame> &trace() const { return trace_; }

  /// "out of bounds memory access" plus the detail, if any.
  std::string message() const;
  /// The message followed by one "  at func[3] <name> @0x1f" line per frame.
  std::string describe() const;

private:
  TrapKind kind_;
  std::string detail_;
  int exitCode_ = 0;
  std::vector<TrapFrame> trace_;
};

/// Success, or the trap that ended a call. Cheap on the success path.
class [[nodiscard]] CallStatus {
public:
  CallStatus() = default;
  CallStatus(Trap trap) : trap_(std::make_unique<Trap>(std::move(trap))) {}
  CallStatus(std::unique_ptr<Trap> trap) : trap_(std::move(trap)) {}

  explicit operator bool() const { return !trap_; }
  const Trap &trap() const { return *trap_; }
  Trap &trap() { return *trap_; }
  std::unique_ptr<Trap> takeTrap() { return std::move(trap_); }

private:
  std::unique_ptr<Trap> trap_;
};

} // namespace strata::runtime
