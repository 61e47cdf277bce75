// Names and numbers compiled code shares with the engine (Compiler.h): the OSR continuation's
// symbols and the layout of the tiering counters (the other symbols: Symbols.cpp).
#include "strata/mlir/Compiler.h"

namespace strata::mlirtier {

std::string osrFunctionSymbol(uint32_t index, uint32_t loop) {
  return functionSymbol(index) + "$osr" + (loop == kOutermostLoops ? "" : std::to_string(loop));
}

std::string osrArrayThunkSymbol(uint32_t index, uint32_t loop) {
  return osrFunctionSymbol(index, loop) + "$array";
}

void *NativeCode::osrArrayThunk(uint32_t index, uint32_t loop) const {
  return lookup(osrArrayThunkSymbol(index, loop));
}

uint32_t loopCounterIndex(const wasm::Module &module, uint32_t function, uint32_t loop) {
  uint32_t index = module.numFunctions();
  size_t defined = function - module.numImportedFunctions;
  for (size_t i = 0; i < defined && i < module.functionInfo.size(); ++i)
    index += uint32_t(module.functionInfo[i].loops.size());
  return index + loop;
}

uint32_t counterCount(const wasm::Module &module) {
  return loopCounterIndex(module, module.numFunctions(), 0);
}

} // namespace strata::mlirtier
