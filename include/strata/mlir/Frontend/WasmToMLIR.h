// The frontend: validated WebAssembly functions -> wasm-level MLIR (func, arith, math, cf,
// memref for locals, and wasm ops for everything that touches the instance). Includes MLIR
// headers: for lib/mlir and the tools built on it only.
//
// Function N (index in the module's function index space) becomes
//   func.func @wasm_f<N>(%vmctx: !llvm.ptr, params...) -> results
//       attributes {wasm.function_index = N : i32}
// Locals start as rank-0 memref.alloca (promoted by mem2reg), references are i64, the entry
// runs wasm.stack_check and wasm.poll, every loop header runs wasm.poll, and trapping ops carry
// their instruction's byte offset in the module as `offset`. Functions using SIMD fail with an
// error naming them.
//
// With FrontendOptions::osrLoop = L, function N becomes its continuation from loop L instead:
//   func.func @wasm_f<N>$osr<L>(%vmctx: !llvm.ptr, %frame: !llvm.ptr) -> results
//       attributes {wasm.function_index = N : i32, wasm.osr_loop = L : i32}
// whose entry reads local i from frame slot i and the operand at stack height h (bottom first,
// the loop's parameters last) from slot numLocals + h with wasm.osr_load, then branches to the
// loop's header; the code before the loop is left out. An inner loop's continuation is peeled:
// the rest of each enclosing loop's current iteration is a copy of its own, whose back-edge
// enters that loop from the top, so every loop stays a natural loop with one entry. With osrLoop = kOutermostLoops (Compiler.h)
// the continuation is @wasm_f<N>$osr(%vmctx, %frame, %loop: i32), whose entry switches on
// %loop to one such block of frame reads per reachable outermost loop (another loop traps).
//
// Counters (FrontendOptions::counters): `wasm.counter call N` at the entry of function N and
// `wasm.counter loop C` at loop headers, with C = loopCounterIndex(module, N, L) (Compiler.h),
// so calls and loops never share a counter.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace strata::mlirtier {

struct FrontendOptions {
  /// Emit wasm.counter at function entries and loop back-edges (for the tiered engine).
  bool counters = false;
  /// Locate each operation at its instruction, loc("wasm":OFFSET:0) with OFFSET its byte
  /// offset in the module; otherwise every operation of a function shares the location of the
  /// function's body. Unique locations cost about half the frontend's time on large functions.
  bool locations = false;
  /// Translate the continuation from this loop (an index into wasm::FunctionInfo::loops, dead
  /// loops included) instead of the whole function; needs exactly one function.
  std::optional<uint32_t> osrLoop;
  /// The interpreter frame F@L is entered with, when known (CompileOptions::osrFrame).
  std::vector<uint64_t> osrFrame;
};

/// Loads every dialect the frontend and the pipeline use into `context`.
void loadStrataDialects(::mlir::MLIRContext &context);

/// Translates `functions` (indexes of defined functions; every defined function when empty) of
/// a validated module into one MLIR module.
Expected<::mlir::OwningOpRef<::mlir::ModuleOp>>
translateToMLIR(::mlir::MLIRContext &context, const wasm::Module &module,
                std::span<const uint32_t> functions, const FrontendOptions &options = {});

} // namespace strata::mlirtier
