// Symbol names, stage times and emit stages shared by the pipeline and the engine glue; in
// strata_mlir, which strata_jit links, so that both find them.
#include "strata/mlir/Compiler.h"

#include <algorithm>

namespace strata::mlirtier {

std::string functionSymbol(uint32_t index) { return "wasm_f" + std::to_string(index); }
std::string arrayThunkSymbol(uint32_t index) { return functionSymbol(index) + "$array"; }

void *NativeCode::function(uint32_t index) const { return lookup(functionSymbol(index)); }
void *NativeCode::arrayThunk(uint32_t index) const { return lookup(arrayThunkSymbol(index)); }

StageTimes &StageTimes::operator+=(const StageTimes &other) {
  frontend += other.frontend;
  mlirPasses += other.mlirPasses;
  toLlvmIr += other.toLlvmIr;
  llvmOpt += other.llvmOpt;
  codegen += other.codegen;
  codeBytes += other.codeBytes;
  wasmBytes += other.wasmBytes;
  largestFunctionBytes = std::max(largestFunctionBytes, other.largestFunctionBytes);
  largestLooplessFunctionBytes =
      std::max(largestLooplessFunctionBytes, other.largestLooplessFunctionBytes);
  unitsAtLevelZero += other.unitsAtLevelZero;
  return *this;
}

std::optional<EmitStage> parseEmitStage(std::string_view name) {
  if (name == "wasm-mlir")
    return EmitStage::WasmMlir;
  if (name == "opt-mlir")
    return EmitStage::OptMlir;
  if (name == "llvm-mlir")
    return EmitStage::LlvmMlir;
  if (name == "llvm")
    return EmitStage::Llvm;
  if (name == "asm")
    return EmitStage::Asm;
  if (name == "obj")
    return EmitStage::Obj;
  return std::nullopt;
}

std::optional<LlvmPipeline> parseLlvmPipeline(std::string_view name) {
  if (name == "lean")
    return LlvmPipeline::Lean;
  if (name == "clang")
    return LlvmPipeline::Clang;
  return std::nullopt;
}

std::string_view llvmPipelineName(LlvmPipeline pipeline) {
  return pipeline == LlvmPipeline::Lean ? "lean" : "clang";
}

} // namespace strata::mlirtier
