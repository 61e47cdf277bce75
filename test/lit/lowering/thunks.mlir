// RUN: strata-opt %s --convert-wasm-to-llvm | FileCheck %s
// wasm_f<N>$array(vmctx, slots) for every function with a wasm.function_index: parameters
// from 64-bit slots, results back into slots 0.. (i32 zero-extended, floats as bits).

// CHECK-LABEL: func.func @wasm_f9$array
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr, %[[SLOTS:.*]]: !llvm.ptr)
// CHECK:         %[[S0:.*]] = llvm.load %{{.*}} {{.*}} -> i64
// CHECK-NEXT:    %[[A:.*]] = llvm.trunc %[[S0]] : i64 to i32
// CHECK:         %[[S1:.*]] = llvm.load %{{.*}} {{.*}} -> i64
// CHECK-NEXT:    %[[B32:.*]] = llvm.trunc %[[S1]] : i64 to i32
// CHECK-NEXT:    %[[B:.*]] = llvm.bitcast %[[B32]] : i32 to f32
// CHECK:         %[[S2:.*]] = llvm.load %{{.*}} {{.*}} -> i64
// CHECK-NEXT:    %[[C:.*]] = llvm.bitcast %[[S2]] : i64 to f64
// CHECK:         %[[S3:.*]] = llvm.load %{{.*}} {{.*}} -> i64
// CHECK-NEXT:    %[[R:.*]]:2 = call @wasm_f9(%[[VM]], %[[A]], %[[B]], %[[C]], %[[S3]]) : (!llvm.ptr, i32, f32, f64, i64) -> (f32, i32)
// CHECK:         %[[R0:.*]] = llvm.bitcast %[[R]]#0 : f32 to i32
// CHECK-NEXT:    %[[R0S:.*]] = llvm.zext %[[R0]] : i32 to i64
// CHECK:         llvm.store %[[R0S]], %{{.*}} {{.*}} : i64, !llvm.ptr
// CHECK:         %[[R1S:.*]] = llvm.zext %[[R]]#1 : i32 to i64
// CHECK:         llvm.store %[[R1S]], %{{.*}} {{.*}} : i64, !llvm.ptr
// CHECK-NEXT:    return
func.func @wasm_f9(%vmctx: !llvm.ptr, %a: i32, %b: f32, %c: f64, %d: i64) -> (f32, i32)
    attributes {wasm.function_index = 9 : i32} {
  return %b, %a : f32, i32
}

// No index, no thunk.
// CHECK-NOT: func.func @helper$array
func.func @helper(%vmctx: !llvm.ptr) {
  return
}
