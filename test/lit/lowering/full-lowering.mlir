// RUN: strata-opt %s --mem2reg --strata-lower-to-llvm | FileCheck %s
// RUN: strata-opt %s --strata-lower-to-llvm | FileCheck %s --check-prefix=MEMREF
// The whole lowering leaves nothing but the llvm dialect: functions, thunks, arithmetic,
// control flow, and locals mem2reg could not promote.

// CHECK-NOT: func.
// CHECK-NOT: arith.
// CHECK-NOT: cf.
// CHECK-NOT: memref.
// CHECK-NOT: wasm.
// CHECK-NOT: unrealized_conversion_cast
// CHECK-LABEL: llvm.func @wasm_f0(
// CHECK-SAME:    %{{.*}}: !llvm.ptr, %{{.*}}: i32) -> !llvm.struct<(i32, i64)>
// CHECK:         llvm.intr.ctpop
// CHECK:         llvm.insertvalue
// CHECK:         llvm.return
// CHECK-LABEL: llvm.func @wasm_f0$array
// CHECK:         llvm.call @wasm_f0
// CHECK:         llvm.extractvalue
// MEMREF-NOT:    memref.
// MEMREF:        llvm.alloca
func.func @wasm_f0(%vmctx: !llvm.ptr, %x: i32) -> (i32, i64) attributes {wasm.function_index = 0 : i32} {
  %local = memref.alloca() : memref<i32>
  memref.store %x, %local[] : memref<i32>
  wasm.stack_check
  wasm.poll
  %c0 = arith.constant 0 : i32
  %v = memref.load %local[] : memref<i32>
  %z = arith.cmpi eq, %v, %c0 : i32
  cf.cond_br %z, ^zero, ^other
^zero:
  wasm.trap integer_divide_by_zero {offset = 3 : i32}
^other:
  %q = arith.divui %c0, %v : i32
  %p = math.ctpop %q : i32
  %w = wasm.load %p offset 0 width 8 : i64
  return %p, %w : i32, i64
}
