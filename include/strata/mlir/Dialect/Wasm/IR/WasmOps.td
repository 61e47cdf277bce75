//===- WasmOps.td - wasm dialect operations ------------------------------===//
#ifndef STRATA_DIALECT_WASM_OPS
#define STRATA_DIALECT_WASM_OPS

include "strata/mlir/Dialect/Wasm/IR/WasmDialect.td"
include "mlir/Dialect/LLVMIR/LLVMTypes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Wasm_Ptr : LLVM_PointerInAddressSpace<0>;
// A v128 is vector<4xi32> wherever it is stored or passed; operations bitcast it to their lanes.
def Wasm_V128 : VectorOfLengthAndType<[4], [I32]>;
def Wasm_Number : AnyTypeOf<[I32, I64, F32, F64, Wasm_V128]>;
def Wasm_Value : AnyTypeOf<[I32, I64, F32, F64, Wasm_V128]>; // references are i64


//===----------------------------------------------------------------------===//
// Linear memory (memory 0)
//===----------------------------------------------------------------------===//

def Wasm_MemoryBaseOp : Wasm_Op<"memory_base", [Pure]> {
  let summary = "the base address of linear memory";
  let description = [{
    The base never moves (memories reserve their whole range up front), so one value serves
    the whole function. Produced by -wasm-cache-memory-base and fed to loads and stores.
  }];
  let results = (outs Wasm_Ptr:$base);
  let assemblyFormat = "attr-dict";
}

def Wasm_LoadOp : Wasm_Op<"load", [DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "load from linear memory, with its bounds check";
  let description = [{
    Reads `width` bytes at `addr + offset` (addr zero-extended to 64 bits) and extends them to
    the result type, sign-extending when `sign_extend` is set (a v128 is read whole, 16 bytes). Traps with memory_out_of_bounds when
    the access passes the memory's size, unless `in_bounds` says a dominating check or the
    memory's minimum size already proves it in range. `base`, when present, is the cached
    memory base.
  }];
  let arguments = (ins I32:$addr, Optional<Wasm_Ptr>:$base,
                       I64Attr:$offset, I32Attr:$width, UnitAttr:$sign_extend,
                       UnitAttr:$in_bounds);
  let results = (outs Wasm_Number:$result);
  let assemblyFormat = [{
    $addr (`base` $base^)? `offset` $offset `width` $width attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  // A load that may trap must survive when its value is unused: the possible trap is modeled
  // as a write, so it is neither dead nor merged across other effects. An in-bounds load only
  // reads.
  let extraClassDefinition = [{
    void $cppClass::getEffects(
        ::llvm::SmallVectorImpl<::mlir::SideEffects::EffectInstance<
            ::mlir::MemoryEffects::Effect>> &effects) {
      effects.emplace_back(::mlir::MemoryEffects::Read::get());
      if (!getInBounds())
        effects.emplace_back(::mlir::MemoryEffects::Write::get());
    }
  }];
}

def Wasm_StoreOp : Wasm_Op<"store", [MemoryEffects<[MemWrite]>]> {
  let summary = "store to linear memory, with its bounds check";
  let description = [{
    Writes the low `width` bytes of `value` at `addr + offset`; bounds as for wasm.load.
  }];
  let arguments = (ins I32:$addr, Wasm_Number:$value, Optional<Wasm_Ptr>:$base,
                       I64Attr:$offset, I32Attr:$width, UnitAttr:$in_bounds);
  let assemblyFormat = [{
    $value `,` $addr (`base` $base^)? `offset` $offset `width` $width attr-dict `:` type($value)
  }];
  let hasVerifier = 1;
}

def Wasm_MemorySizeOp : Wasm_Op<"memory_size", [MemoryEffects<[MemRead]>]> {
  let summary = "memory.size: the size in 64 KiB pages";
  let results = (outs I32:$pages);
  let assemblyFormat = "attr-dict";
}

def Wasm_MemoryGrowOp : Wasm_Op<"memory_grow"> {
  let summary = "memory.grow: the old size in pages, or -1";
  let arguments = (ins I32:$delta);
  let results = (outs I32:$result);
  let assemblyFormat = "$delta attr-dict";
}

def Wasm_MemoryFillOp : Wasm_Op<"memory_fill"> {
  let summary = "memory.fill";
  let arguments = (ins I32:$dest, I32:$value, I32:$size);
  let assemblyFormat = "$dest `,` $value `,` $size attr-dict";
}

def Wasm_MemoryCopyOp : Wasm_Op<"memory_copy"> {
  let summary = "memory.copy";
  let arguments = (ins I32:$dest, I32:$source, I32:$size);
  let assemblyFormat = "$dest `,` $source `,` $size attr-dict";
}

def Wasm_MemoryInitOp : Wasm_Op<"memory_init"> {
  let summary = "memory.init from a passive data segment";
  let arguments = (ins I32:$dest, I32:$source, I32:$size, I32Attr:$segment);
  let assemblyFormat = "$dest `,` $source `,` $size `segment` $segment attr-dict";
}

def Wasm_DataDropOp : Wasm_Op<"data_drop"> {
  let summary = "data.drop";
  let arguments = (ins I32Attr:$segment);
  let assemblyFormat = "`segment` $segment attr-dict";
}

//===----------------------------------------------------------------------===//
// Globals
//===----------------------------------------------------------------------===//

def Wasm_GlobalGetOp : Wasm_Op<"global_get", [MemoryEffects<[MemRead]>]> {
  let summary = "global.get";
  let arguments = (ins I32Attr:$index);
  let results = (outs Wasm_Value:$result);
  let assemblyFormat = "$index attr-dict `:` type($result)";
}

def Wasm_GlobalSetOp : Wasm_Op<"global_set", [MemoryEffects<[MemWrite]>]> {
  let summary = "global.set";
  let arguments = (ins Wasm_Value:$value, I32Attr:$index);
  let assemblyFormat = "$index `,` $value attr-dict `:` type($value)";
}

//===----------------------------------------------------------------------===//
// Tables and references
//===----------------------------------------------------------------------===//

def Wasm_TableGetOp : Wasm_Op<"table_get"> {
  let summary = "table.get (traps when out of bounds)";
  let arguments = (ins I32:$index, I32Attr:$table);
  let results = (outs I64:$result);
  let assemblyFormat = "$table `[` $index `]` attr-dict";
}

def Wasm_TableSetOp : Wasm_Op<"table_set"> {
  let summary = "table.set (traps when out of bounds)";
  let arguments = (ins I32:$index, I64:$value, I32Attr:$table);
  let assemblyFormat = "$table `[` $index `]` `,` $value attr-dict";
}

def Wasm_TableSizeOp : Wasm_Op<"table_size"> {
  let summary = "table.size";
  let arguments = (ins I32Attr:$table);
  let results = (outs I32:$result);
  let assemblyFormat = "$table attr-dict";
}

def Wasm_TableGrowOp : Wasm_Op<"table_grow"> {
  let summary = "table.grow: the old size, or -1";
  let arguments = (ins I64:$init, I32:$delta, I32Attr:$table);
  let results = (outs I32:$result);
  let assemblyFormat = "$table `,` $init `,` $delta attr-dict";
}

def Wasm_TableFillOp : Wasm_Op<"table_fill"> {
  let summary = "table.fill";
  let arguments = (ins I32:$dest, I64:$value, I32:$size, I32Attr:$table);
  let assemblyFormat = "$table `,` $dest `,` $value `,` $size attr-dict";
}

def Wasm_TableCopyOp : Wasm_Op<"table_copy"> {
  let summary = "table.copy";
  let arguments = (ins I32:$dest, I32:$source, I32:$size, I32Attr:$dest_table,
                       I32Attr:$source_table);
  let assemblyFormat = [{
    $dest_table `,` $source_table `,` $dest `,` $source `,` $size attr-dict
  }];
}

def Wasm_TableInitOp : Wasm_Op<"table_init"> {
  let summary = "table.init from an element segment";
  let arguments = (ins I32:$dest, I32:$source, I32:$size, I32Attr:$table, I32Attr:$segment);
  let assemblyFormat = "$table `,` $dest `,` $source `,` $size `segment` $segment attr-dict";
}

def Wasm_ElemDropOp : Wasm_Op<"elem_drop"> {
  let summary = "elem.drop";
  let arguments = (ins I32Attr:$segment);
  let assemblyFormat = "`segment` $segment attr-dict";
}

def Wasm_RefFuncOp : Wasm_Op<"ref_func", [Pure]> {
  let summary = "ref.func: the reference of a function of the instance";
  let arguments = (ins I32Attr:$function);
  let results = (outs I64:$result);
  let assemblyFormat = "$function attr-dict";
}

//===----------------------------------------------------------------------===//
// Calls through the function table
//===----------------------------------------------------------------------===//

def Wasm_CallOp : Wasm_Op<"call"> {
  let summary = "call a function of the instance's function index space";
  let description = [{
    A direct call to function `function`. When the callee is defined in the same MLIR module
    (symbol `wasm_f<N>`) and direct calls are allowed, the lowering calls it directly;
    otherwise it goes through the instance's function table (the switchboard), which also
    serves imports and functions compiled separately.
  }];
  let arguments = (ins I32Attr:$function, Variadic<Wasm_Value>:$args);
  let results = (outs Variadic<Wasm_Value>:$results);
  let assemblyFormat = [{
    $function `(` $args `)` attr-dict `:` functional-type($args, $results)
  }];
}

def Wasm_CallIndirectOp : Wasm_Op<"call_indirect"> {
  let summary = "call_indirect through a table, with its bounds, null and type checks";
  let arguments = (ins I32:$index, Variadic<Wasm_Value>:$args, I32Attr:$table,
                       I32Attr:$type_index);
  let results = (outs Variadic<Wasm_Value>:$results);
  let assemblyFormat = [{
    $table `[` $index `]` `type` $type_index `(` $args `)` attr-dict `:`
    functional-type($args, $results)
  }];
}

//===----------------------------------------------------------------------===//
// Traps and checks
//===----------------------------------------------------------------------===//

def Wasm_TrapOp : Wasm_Op<"trap", [Terminator]> {
  let summary = "stop execution with a trap";
  let arguments = (ins Wasm_TrapKindAttr:$kind, OptionalAttr<I32Attr>:$offset);
  let assemblyFormat = "$kind attr-dict";
}

def Wasm_TrapIfOp : Wasm_Op<"trap_if"> {
  let summary = "trap when the condition holds";
  let description = [{
    `offset` is the instruction's byte offset in the module, for the trap's stack trace.
  }];
  let arguments = (ins I1:$condition, Wasm_TrapKindAttr:$kind, OptionalAttr<I32Attr>:$offset);
  let assemblyFormat = "$condition `,` $kind attr-dict";
}

def Wasm_TruncOp : Wasm_Op<"trunc"> {
  let summary = "float to integer truncation, trapping or saturating";
  let description = [{
    Without `saturating`, a NaN traps with invalid_conversion and a value outside the result's
    range with integer_overflow. With it, NaN gives 0 and out-of-range values clamp.
  }];
  let arguments = (ins AnyTypeOf<[F32, F64]>:$input, UnitAttr:$is_signed, UnitAttr:$saturating,
                       OptionalAttr<I32Attr>:$offset);
  let results = (outs AnyTypeOf<[I32, I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
}

def Wasm_StackCheckOp : Wasm_Op<"stack_check"> {
  let summary = "function prologue: trap when the native stack is nearly exhausted";
  let assemblyFormat = "attr-dict";
}

def Wasm_PollOp : Wasm_Op<"poll"> {
  let summary = "interrupt check at a function entry or loop back-edge";
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Tiering hooks
//===----------------------------------------------------------------------===//

def Wasm_CounterOp : Wasm_Op<"counter"> {
  let summary = "bump a tiering counter (function entry or loop back-edge)";
  let arguments = (ins Wasm_CounterKindAttr:$kind, I32Attr:$index);
  let assemblyFormat = "$kind $index attr-dict";
}

def Wasm_OsrLoadOp : Wasm_Op<"osr_load", [MemoryEffects<[MemRead]>]> {
  let summary = "read one slot of the interpreter frame an OSR entry starts from";
  let description = [{
    In a continuation function F@L, the entry block reads each local and each live operand
    slot of the interpreter frame (slot numbers as in the loop table) with this op, then
    branches to the loop header. `frame` is the continuation's frame-buffer argument.
  }];
  let arguments = (ins Wasm_Ptr:$frame, I32Attr:$slot);
  let results = (outs Wasm_Value:$result);
  let assemblyFormat = "$frame `[` $slot `]` attr-dict `:` type($result)";
}

#endif // STRATA_DIALECT_WASM_OPS
