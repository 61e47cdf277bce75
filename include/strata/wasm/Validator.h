// The validator: the complete WebAssembly 2.0 validation algorithm over a decoded Module. On
// success it fills Module::functionInfo (locals, maximum operand height, control table, loop
// table) and sets Module::validated. Errors carry the byte offset, the function index and the
// spec's reason ("type mismatch", "unknown local 7", ...). Depends on support/ and wasm/ only.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace strata::wasm {

/// Validates the module-level rules and then every function body. On failure the module stays
/// unvalidated and its functionInfo untouched.
Status validateModule(Module &module);

/// Validates one defined function (index in the function index space); fills its FunctionInfo.
/// Recomputes the module-wide facts on every call: to validate many functions, use a
/// FunctionValidator.
Status validateFunction(const Module &module, uint32_t functionIndex, FunctionInfo &info);

/// Implementation limits beyond the spec's, reported as validation errors.
constexpr uint32_t kMaxLocals = 50000; // parameters included
constexpr uint32_t kMaxOperandSlots = 1u << 20;
/// Operand types recorded at the loop headers of one function (LoopInfo::operandTypes), as a
/// multiple of the body's size plus a constant: keeps the loop table linear in the input.
constexpr uint32_t kLoopOperandsPerByte = 16;
constexpr uint32_t kLoopOperandsBase = 4096;

/// Checks a constant expression (global initializer, segment offset, element item) and that it
/// yields one value of type `expected`. In 2.0 `global.get` may only name an immutable imported
/// global.
Status validateConstExpr(const Module &module, const ConstExpr &expr, ValType expected);

/// The functions `ref.func` may name inside function bodies (the spec's C.refs): those named
/// anywhere outside function bodies and the start section, i.e. in exports, global
/// initializers and element segments. Indexed by function index; out-of-range names are skipped.
std::vector<bool> collectDeclaredFunctions(const Module &module);

/// Validates function bodies one after another and reuses its stacks, so a whole module costs
/// no allocation per instruction. Not thread-safe: a parallel validator uses one per thread over
/// the same module. Checks only function bodies, though it is safe on any decoded module.
///
/// In unreachable code the operand stack may hold operands of unknown type; LoopInfo records
/// them as i32 (they are dead: no path reaches the loop with them live).
class FunctionValidator {
public:
  /// `declared` is collectDeclaredFunctions(module); both must outlive the validator.
  FunctionValidator(const Module &module, const std::vector<bool> &declared);
  ~FunctionValidator();
  FunctionValidator(const FunctionValidator &) = delete;
  FunctionValidator &operator=(const FunctionValidator &) = delete;

  /// Validates a defined function (index in the function index space); fills `info`.
  Status validate(uint32_t functionIndex, FunctionInfo &info);

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace strata::wasm
