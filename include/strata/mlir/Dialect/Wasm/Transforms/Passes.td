//===- Passes.td - the wasm dialect's passes -----------------------------===//
#ifndef STRATA_DIALECT_WASM_PASSES
#define STRATA_DIALECT_WASM_PASSES

include "mlir/Pass/PassBase.td"

def WasmCanonicalize : Pass<"wasm-canonicalize", "::mlir::func::FuncOp"> {
  let summary = "MLIR's canonicalizer, with cf.br's block merging kept out of dead cycles";
  let description = [{
    The patterns and settings of `canonicalize` (top-down, normal region simplification),
    except that cf.br's patterns do not fire on a branch whose block uses values of its
    single-predecessor successor. That only happens in a cycle the entry cannot reach (folding
    a constant condition leaves such cycles until region simplification erases them), and
    there MLIR 19's merge erases the successor while the branch still uses its arguments
    (llvm/llvm-project#126213): a use-after-free in the rewriter.
  }];
  let dependentDialects = ["::mlir::cf::ControlFlowDialect"];
}

def WasmCacheMemoryBase : Pass<"wasm-cache-memory-base", "::mlir::func::FuncOp"> {
  let summary = "load the linear-memory base once per function";
  let description = [{
    The base never moves, so one wasm.memory_base at the function's entry feeds every
    wasm.load and wasm.store of the function.
  }];
  let dependentDialects = ["::strata::wasmir::WasmDialect"];
}

def WasmBoundsCheckElimination : Pass<"wasm-bounds-check-elim", "::mlir::func::FuncOp"> {
  let summary = "mark memory accesses whose bounds check is redundant";
  let description = [{
    Memory never shrinks, so an access is in bounds when a dominating checked access to the
    same address value reached at least as far, or when its constant address lies inside the
    module's minimum memory size. Such accesses get `in_bounds`.
  }];
  let options = [
    Option<"minMemoryBytes", "min-memory-bytes", "uint64_t", /*default=*/"0",
           "the memory's minimum size in bytes (its declared minimum pages times 64 KiB)">
  ];
}

def ConvertWasmToLLVM : Pass<"convert-wasm-to-llvm", "::mlir::ModuleOp"> {
  let summary = "lower the wasm dialect to the llvm dialect against the VMContext layout";
  let description = [{
    Each wasm op becomes loads and stores at the VMContext's documented offsets, inline checks
    and calls of the runtime's strata_rt_* functions. `guard-pages` leaves the bounds checks of
    memory accesses to the memory's guard region; `exact-traps=false` lets LLVM move and
    remove the accesses that may fault. `poll-markers` lowers wasm.poll to a marker
    LLVM's vectorizer and unroller see through (they give up on loops with calls or atomic
    loads); the pipeline turns each marker into the flag test after the LLVM pipeline.

    Tiering counters: VMContext::counters is null or points at an array of uint64_t, and
    `wasm.counter <kind> N` adds one to counters[N] (not atomically: a store runs on one thread
    at a time). The frontend numbers the counters; the kind only says what is counted.

    Each function with a `wasm.function_index` N also gets its array thunk
    `wasm_f<N>$array(vmctx, slots)`: parameters from 64-bit slots, results back into slots 0..
    (an i32 zero-extended, floats as their bits).
  }];
  let options = [
    Option<"guardPages", "guard-pages", "bool", /*default=*/"false",
           "rely on guard pages instead of explicit bounds checks">,
    Option<"directCalls", "direct-calls", "bool", /*default=*/"true",
           "call functions defined in the same module directly, not through the table">,
    Option<"pollMarkers", "poll-markers", "bool", /*default=*/"false",
           "lower wasm.poll to llvm.sideeffect markers, expanded after the LLVM pipeline">,
    Option<"exactTraps", "exact-traps", "bool", /*default=*/"true",
           "with guard-pages, keep each access that may fault in program order (alias type "
           "`wasm state`; stores volatile, loads kept alive by a marker call); off: plain accesses, which "
           "LLVM may remove or move (traps may come at the wrong point; for measuring what "
           "exactness costs)">,
    Option<"probeStoreEnds", "probe-store-ends", "bool", /*default=*/"false",
           "with guard-pages and exact-traps, read a store's last byte before the store, so "
           "that one straddling the end of memory writes nothing (aarch64 may write part of it "
           "before the fault)">,
    Option<"volatileLoads", "volatile-loads", "bool", /*default=*/"false",
           "with guard-pages and exact-traps, make loads that may fault volatile instead of "
           "marking them (the older encoding, for measuring the difference)">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // STRATA_DIALECT_WASM_PASSES
