// RUN: strata-opt %s --wasm-bounds-check-elim=min-memory-bytes=65536 | FileCheck %s
// RUN: strata-opt %s --wasm-bounds-check-elim | FileCheck %s --check-prefix=NOMIN
// An access is in bounds when a dominating access to the same address reached as far (memory
// never shrinks, so calls and memory.grow in between do not matter), or when its constant
// address ends inside the minimum memory size.

// CHECK-LABEL: func.func @same_address
// CHECK:         wasm.load %arg1 offset 8 width 4 : i32
// CHECK-NEXT:    wasm.load %arg1 offset 0 width 4 {in_bounds} : i32
// CHECK-NEXT:    wasm.load %arg1 offset 4 width 8 {in_bounds} : i64
// CHECK-NEXT:    wasm.memory_grow
// CHECK-NEXT:    wasm.store %{{.*}}, %arg1 offset 10 width 2 {in_bounds} : i32
// CHECK-NEXT:    wasm.load %arg1 offset 9 width 4 : i32
// CHECK-NEXT:    wasm.load %arg2 offset 0 width 1 : i32
func.func @same_address(%vmctx: !llvm.ptr, %a: i32, %b: i32) {
  %0 = wasm.load %a offset 8 width 4 : i32
  %1 = wasm.load %a offset 0 width 4 : i32
  %2 = wasm.load %a offset 4 width 8 : i64
  %3 = wasm.memory_grow %0
  wasm.store %1, %a offset 10 width 2 : i32
  %4 = wasm.load %a offset 9 width 4 : i32
  %5 = wasm.load %b offset 0 width 1 : i32
  return
}

// A check in one branch proves nothing for the other, nor for the join; a check before the
// branch proves both.
// CHECK-LABEL: func.func @dominance
// CHECK:         wasm.load %arg1 offset 0 width 4 : i32
// CHECK:       ^bb1:
// CHECK-NEXT:    wasm.load %arg1 offset 0 width 4 {in_bounds} : i32
// CHECK-NEXT:    wasm.load %arg2 offset 16 width 4 : i32
// CHECK:       ^bb2:
// CHECK-NEXT:    wasm.load %arg2 offset 16 width 4 : i32
// CHECK:       ^bb3:
// CHECK-NEXT:    wasm.load %arg2 offset 16 width 4 : i32
func.func @dominance(%vmctx: !llvm.ptr, %a: i32, %b: i32, %c: i1) {
  %0 = wasm.load %a offset 0 width 4 : i32
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %1 = wasm.load %a offset 0 width 4 : i32
  %2 = wasm.load %b offset 16 width 4 : i32
  cf.br ^bb3
^bb2:
  %3 = wasm.load %b offset 16 width 4 : i32
  cf.br ^bb3
^bb3:
  %4 = wasm.load %b offset 16 width 4 : i32
  return
}

// Constant addresses against the minimum size (one page here).
// CHECK-LABEL: func.func @constant_addresses
// CHECK-NEXT:    arith.constant 65532
// CHECK-NEXT:    wasm.load %{{.*}} offset 0 width 4 {in_bounds} : i32
// CHECK-NEXT:    wasm.load %{{.*}} offset 1 width 4 : i32
// CHECK-NEXT:    wasm.store %{{.*}}, %{{.*}} offset 0 width 4 {in_bounds} : i32
// NOMIN-LABEL: func.func @constant_addresses
// NOMIN:         wasm.load %{{.*}} offset 0 width 4 : i32
// NOMIN-NEXT:    wasm.load %{{.*}} offset 1 width 4 : i32
// NOMIN-NEXT:    wasm.store %{{.*}}, %{{.*}} offset 0 width 4 {in_bounds} : i32
func.func @constant_addresses(%vmctx: !llvm.ptr) {
  %c = arith.constant 65532 : i32
  %0 = wasm.load %c offset 0 width 4 : i32
  %1 = wasm.load %c offset 1 width 4 : i32
  wasm.store %0, %c offset 0 width 4 : i32
  return
}

// In a loop the header's check does not cover the body's next iteration with a new address.
// CHECK-LABEL: func.func @loop
// CHECK:       ^bb1(%[[P:.*]]: i32):
// CHECK-NEXT:    wasm.load %[[P]] offset 0 width 4 : i32
// CHECK-NEXT:    wasm.load %[[P]] offset 2 width 2 {in_bounds} : i32
func.func @loop(%vmctx: !llvm.ptr, %a: i32) {
  cf.br ^bb1(%a : i32)
^bb1(%p: i32):
  %0 = wasm.load %p offset 0 width 4 : i32
  %1 = wasm.load %p offset 2 width 2 : i32
  %c4 = arith.constant 4 : i32
  %next = arith.addi %p, %c4 : i32
  cf.br ^bb1(%next : i32)
}
