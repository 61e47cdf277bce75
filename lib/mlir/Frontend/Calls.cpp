// Direct and indirect calls. Both become wasm ops: the lowering decides between a direct call
// and the function table, and call_indirect carries its table and expected type index for the
// bounds, null and signature checks.
#include "FunctionBuilder.h"

#include "strata/wasm/ReturnedParam.h"

namespace strata::mlirtier {

using wasm::Opcode;

bool FunctionBuilder::call(const wasm::Instruction &ins) {
  if (ins.op != Opcode::Call && ins.op != Opcode::CallIndirect)
    return false;
  bool indirect = ins.op == Opcode::CallIndirect;
  const wasm::FuncType &type = indirect ? wasm_.types[ins.index] : wasm_.functionType(ins.index);
  llvm::SmallVector<Type, 2> results;
  for (wasm::ValType t : type.results)
    results.push_back(typeOf(t));
  Value index = indirect ? pop() : Value();
  llvm::SmallVector<Value, 8> args(top(type.params.size()));
  stack_.resize(stack_.size() - args.size());
  ::mlir::Operation *op;
  if (indirect) // immediates: type index, table
    op = create<wasmir::CallIndirectOp>(results, index, args, ins.index2, ins.index);
  else
    op = create<wasmir::CallOp>(results, ins.index, args);
  // A callee that returns a parameter unchanged (memset its destination) gives that argument:
  // LLVM would learn it from the callee's code, which it does not see in a unit of its own.
  if (std::optional<uint32_t> param = indirect ? std::nullopt : returnedParam(ins.index)) {
    push(args[*param]);
    return true;
  }
  for (Value result : op->getResults())
    push(result);
  return true;
}

std::optional<uint32_t> FunctionBuilder::returnedParam(uint32_t function) {
  auto [entry, inserted] = returnedParams_.try_emplace(function);
  if (inserted)
    entry->second = wasm::returnedParam(wasm_, function);
  return entry->second;
}

} // namespace strata::mlirtier
