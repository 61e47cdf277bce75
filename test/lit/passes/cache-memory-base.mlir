// RUN: strata-opt %s --wasm-cache-memory-base | FileCheck %s
// One wasm.memory_base at the top of the entry block feeds every access of the function;
// other memory_base ops fold into it, and functions without accesses get none.

// CHECK-LABEL: func.func @accesses
// CHECK-NEXT:    %[[BASE:.*]] = wasm.memory_base
// CHECK-NOT:     wasm.memory_base
// CHECK:         wasm.load %{{.*}} base %[[BASE]] offset 0 width 4 : i32
// CHECK:       ^bb1:
// CHECK:         wasm.store %{{.*}}, %{{.*}} base %[[BASE]] offset 8 width 1 : i32
// CHECK:         wasm.load %{{.*}} base %[[BASE]] offset 0 width 8 : f64
func.func @accesses(%vmctx: !llvm.ptr, %a: i32) -> f64 {
  %x = wasm.load %a offset 0 width 4 : i32
  cf.br ^bb1
^bb1:
  wasm.store %x, %a offset 8 width 1 : i32
  %base = wasm.memory_base
  %y = wasm.load %a base %base offset 0 width 8 : f64
  return %y : f64
}

// CHECK-LABEL: func.func @no_accesses
// CHECK-NOT:     wasm.memory_base
func.func @no_accesses(%vmctx: !llvm.ptr, %a: i32) -> i32 {
  return %a : i32
}
