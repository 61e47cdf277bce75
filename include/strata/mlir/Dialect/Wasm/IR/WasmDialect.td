//===- WasmDialect.td - the wasm dialect ---------------------------------===//
// The operations that carry WebAssembly runtime semantics. Arithmetic and control flow use
// upstream arith, math, cf and func; everything that touches the instance (linear memory,
// globals, tables, calls through the function table, traps, stack and interrupt checks,
// tiering hooks) is a wasm op, lowered by -convert-wasm-to-llvm against the VMContext layout.
//===----------------------------------------------------------------------===//
#ifndef STRATA_DIALECT_WASM_DIALECT
#define STRATA_DIALECT_WASM_DIALECT

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Wasm_Dialect : Dialect {
  let name = "wasm";
  let cppNamespace = "::strata::wasmir";
  let summary = "WebAssembly runtime semantics";
  let description = [{
    Every function of the dialect's users takes the instance's VMContext (`!llvm.ptr`) as its
    first argument; wasm ops find it there, so they carry no context operand. References
    (funcref, externref) are i64: a pointer, 0 for null.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
  let useDefaultAttributePrinterParser = 1;
}

class Wasm_Op<string mnemonic, list<Trait> traits = []> :
    Op<Wasm_Dialect, mnemonic, traits>;

// The trap kinds, numbered as runtime::TrapKind.
def Wasm_TrapKind : I32EnumAttr<"TrapKind", "why execution stops", [
    I32EnumAttrCase<"unreachable", 0>,
    I32EnumAttrCase<"memory_out_of_bounds", 1>,
    I32EnumAttrCase<"table_out_of_bounds", 2>,
    I32EnumAttrCase<"indirect_call_type_mismatch", 3>,
    I32EnumAttrCase<"undefined_element", 4>,
    I32EnumAttrCase<"null_reference", 5>,
    I32EnumAttrCase<"uninitialized_element", 6>,
    I32EnumAttrCase<"integer_divide_by_zero", 7>,
    I32EnumAttrCase<"integer_overflow", 8>,
    I32EnumAttrCase<"invalid_conversion", 9>,
    I32EnumAttrCase<"call_stack_exhausted", 10>,
    I32EnumAttrCase<"interrupted", 11>]> {
  let cppNamespace = "::strata::wasmir";
  let genSpecializedAttr = 0;
}
def Wasm_TrapKindAttr : EnumAttr<Wasm_Dialect, Wasm_TrapKind, "trap_kind">;

// Where a tiering counter sits.
def Wasm_CounterKind : I32EnumAttr<"CounterKind", "what a counter counts", [
    I32EnumAttrCase<"call", 0>,
    I32EnumAttrCase<"loop", 1>]> {
  let cppNamespace = "::strata::wasmir";
  let genSpecializedAttr = 0;
}
def Wasm_CounterKindAttr : EnumAttr<Wasm_Dialect, Wasm_CounterKind, "counter_kind">;

#endif // STRATA_DIALECT_WASM_DIALECT
