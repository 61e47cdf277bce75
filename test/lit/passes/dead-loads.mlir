// RUN: strata-opt %s --canonicalize --cse | FileCheck %s
// A load that may trap stays even when its value is unused, and is not merged with another
// across a store; a load proven in bounds is an ordinary read.

// CHECK-LABEL: func.func @unused
// CHECK-NEXT:    wasm.load %arg1 offset 0 width 4 : i32
// CHECK-NEXT:    return
func.func @unused(%vmctx: !llvm.ptr, %a: i32) {
  %0 = wasm.load %a offset 0 width 4 : i32
  %1 = wasm.load %a offset 4 width 4 {in_bounds} : i32
  return
}
