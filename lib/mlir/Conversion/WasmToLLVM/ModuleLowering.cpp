//===- ModuleLowering.cpp - what the lowering of a module shares ----------===//
#include "Lowering.h"

#include "strata/mlir/Conversion/WasmToLLVM.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace strata::mlirtier::lowering {

std::string arrayThunkName(FunctionOpInterface func) { return func.getName().str() + "$array"; }

std::optional<uint32_t> wasmFunctionIndex(Operation *func) {
  if (auto index = func->getAttrOfType<IntegerAttr>("wasm.function_index"))
    return uint32_t(index.getInt());
  return std::nullopt;
}

ModuleLowering::ModuleLowering(ModuleOp module, const LoweringOptions &options)
    : module_(module), options_(options) {
  for (Operation &op : *module.getBody()) {
    auto func = dyn_cast<FunctionOpInterface>(op);
    if (!func || func.isExternal())
      continue;
    // Direct calls go to @wasm_f<N> by name, so the symbol decides, not the attribute (an OSR
    // continuation wasm_f<N>$osr<L> shares N's attribute but is not F).
    StringRef name = func.getName();
    uint32_t index;
    if (name.consume_front("wasm_f") && !name.getAsInteger(10, index))
      functions_[index] = &op;
  }
}

Operation *ModuleLowering::definedFunction(uint32_t index) const {
  return functions_.lookup(index);
}

namespace {
enum class Kind { Void, I32, I64, Ptr };

struct Signature {
  const char *name;
  Kind result;
  SmallVector<Kind, 6> params;
};

const Signature kSignatures[] = {
#define STRATA_RT_FUNCTION(name, result, ...) {"strata_rt_" #name, result, {__VA_ARGS__}},
#define Void Kind::Void
#define I32 Kind::I32
#define I64 Kind::I64
#define Ptr Kind::Ptr
#include "strata/native/RuntimeFunctions.def"
#undef Void
#undef I32
#undef I64
#undef Ptr
};

Type typeOf(MLIRContext *context, Kind kind) {
  switch (kind) {
  case Kind::Void:
    return LLVM::LLVMVoidType::get(context);
  case Kind::I32:
    return IntegerType::get(context, 32);
  case Kind::I64:
    return IntegerType::get(context, 64);
  case Kind::Ptr:
    return LLVM::LLVMPointerType::get(context);
  }
  llvm_unreachable("unknown kind");
}
} // namespace

LLVM::LLVMFuncOp ModuleLowering::runtimeFunction(RuntimeFunction function) {
  LLVM::LLVMFuncOp &decl = runtime_[unsigned(function)];
  if (decl)
    return decl;
  const Signature &signature = kSignatures[unsigned(function)];
  MLIRContext *context = module_.getContext();
  if ((decl = module_.lookupSymbol<LLVM::LLVMFuncOp>(signature.name)))
    return decl;
  SmallVector<Type> params;
  for (Kind kind : signature.params)
    params.push_back(typeOf(context, kind));
  auto type = LLVM::LLVMFunctionType::get(typeOf(context, signature.result), params);
  OpBuilder builder(module_.getBodyRegion());
  decl = builder.create<LLVM::LLVMFuncOp>(module_.getLoc(), signature.name, type);
  decl.setNoUnwind(true);
  // A trap never returns, and a path that reaches one is cold: LLVM moves it out of line.
  if (function == RuntimeFunction::trap)
    decl.setPassthroughAttr(
        builder.getArrayAttr({builder.getStringAttr("noreturn"), builder.getStringAttr("cold")}));
  return decl;
}

LLVM::LLVMFuncOp ModuleLowering::faultingLoadMarker(Type type) {
  LLVM::LLVMFuncOp &decl = markers_[type];
  if (decl)
    return decl;
  std::string name = kFaultingLoadMarkerPrefix;
  llvm::raw_string_ostream(name) << type;
  if ((decl = module_.lookupSymbol<LLVM::LLVMFuncOp>(name)))
    return decl;
  MLIRContext *context = module_.getContext();
  auto signature = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {type});
  OpBuilder builder(module_.getBodyRegion());
  decl = builder.create<LLVM::LLVMFuncOp>(module_.getLoc(), name, signature);
  decl.setNoUnwind(true);
  decl.setWillReturn(true);
  decl.setMemoryAttr(LLVM::MemoryEffectsAttr::get(context, LLVM::ModRefInfo::NoModRef,
                                                  LLVM::ModRefInfo::NoModRef,
                                                  LLVM::ModRefInfo::ModRef));
  // The inliner would price each marker as a call (25 times a load), and leave a function
  // with many faulting loads out of its callers.
  decl.setPassthroughAttr(builder.getArrayAttr(
      {builder.getArrayAttr({builder.getStringAttr("call-inline-cost"), builder.getStringAttr("0")})}));
  return decl;
}

ArrayAttr ModuleLowering::accessTag(AccessKind kind) {
  ArrayAttr &tag = tags_[unsigned(kind)];
  if (tag)
    return tag;
  static constexpr const char *kNames[] = {"linear memory", "runtime", "global", "counter",
                                           "frame",         "slot",    kFaultingAccessType};
  MLIRContext *context = module_.getContext();
  auto scalar = [&](StringRef name, LLVM::TBAANodeAttr parent) {
    return LLVM::TBAATypeDescriptorAttr::get(context, name, LLVM::TBAAMemberAttr::get(parent, 0));
  };
  auto root = LLVM::TBAARootAttr::get(context, StringAttr::get(context, "strata"));
  // Linear memory and globals descend from the type of the accesses that may fault: those
  // stay ordered with every store a trap must leave behind, but not with the runtime's
  // fields, the counters or the slots.
  auto wasmState = scalar(kFaultingAccessType, root);
  StringRef name = kNames[unsigned(kind)];
  LLVM::TBAATypeDescriptorAttr type = kind == AccessKind::FaultingMemory ? wasmState
                                      : isWasmStateType(name)           ? scalar(name, wasmState)
                                                                        : scalar(name, root);
  tag = ArrayAttr::get(context, LLVM::TBAATagAttr::get(type, type, 0));
  return tag;
}

} // namespace strata::mlirtier::lowering
