;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Locals are rank-0 allocas in the entry block (mem2reg promotes them later): parameters
;; start with their argument, declared locals with zero, references are i64.
(module
  (func (param i32 f64) (result f64)
    (local i64 f32 funcref externref i32)
    (local.set 6 (local.get 0))
    (local.tee 1 (f64.add (local.get 1) (local.get 1))))
)

;; CHECK-LABEL: func.func @wasm_f0(%arg0: !llvm.ptr, %arg1: i32, %arg2: f64) -> f64
;; CHECK-NEXT:  [[P0:%.*]] = memref.alloca() : memref<i32>
;; CHECK-NEXT:  memref.store %arg1, [[P0]][] : memref<i32>
;; CHECK-NEXT:  [[P1:%.*]] = memref.alloca() : memref<f64>
;; CHECK-NEXT:  memref.store %arg2, [[P1]][] : memref<f64>
;; CHECK-NEXT:  [[L2:%.*]] = memref.alloca() : memref<i64>
;; CHECK-NEXT:  [[ZERO64:%.*]] = arith.constant 0 : i64
;; CHECK-NEXT:  memref.store [[ZERO64]], [[L2]][] : memref<i64>
;; CHECK-NEXT:  [[L3:%.*]] = memref.alloca() : memref<f32>
;; CHECK-NEXT:  [[ZEROF:%.*]] = arith.constant 0.000000e+00 : f32
;; CHECK-NEXT:  memref.store [[ZEROF]], [[L3]][] : memref<f32>
;; CHECK-NEXT:  [[L4:%.*]] = memref.alloca() : memref<i64>
;; CHECK-NEXT:  memref.store [[ZERO64]], [[L4]][] : memref<i64>
;; CHECK-NEXT:  [[L5:%.*]] = memref.alloca() : memref<i64>
;; CHECK-NEXT:  memref.store [[ZERO64]], [[L5]][] : memref<i64>
;; CHECK-NEXT:  [[L6:%.*]] = memref.alloca() : memref<i32>
;; CHECK-NEXT:  [[ZERO32:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  memref.store [[ZERO32]], [[L6]][] : memref<i32>
;; CHECK-NEXT:  wasm.stack_check
;; CHECK-NEXT:  wasm.poll
;; CHECK-NEXT:  [[A:%.*]] = memref.load [[P0]][] : memref<i32>
;; CHECK-NEXT:  memref.store [[A]], [[L6]][] : memref<i32>
;; CHECK-NEXT:  [[B:%.*]] = memref.load [[P1]][] : memref<f64>
;; CHECK-NEXT:  [[C:%.*]] = memref.load [[P1]][] : memref<f64>
;; CHECK-NEXT:  [[SUM:%.*]] = arith.addf [[B]], [[C]] : f64
;; CHECK-NEXT:  memref.store [[SUM]], [[P1]][] : memref<f64>
;; CHECK-NEXT:  return [[SUM]] : f64
