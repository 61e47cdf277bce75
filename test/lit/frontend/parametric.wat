;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; drop and select: select takes its first operand when the condition is non-zero; the typed
;; form works on references too.
(module
  (func (param i32 i64 i64) (result i64)
    (select (local.get 1) (local.get 2) (local.get 0)))
  (func (param i32 f32) (result f32)
    (drop (f32.neg (local.get 1)))
    (select (result f32) (local.get 1) (f32.const 1) (local.get 0)))
  (func (param i32 externref) (result externref)
    (select (result externref) (local.get 1) (ref.null extern) (local.get 0)))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       wasm.poll
;; CHECK-NEXT:  [[A:%.*]] = memref.load {{.*}} : memref<i64>
;; CHECK-NEXT:  [[B:%.*]] = memref.load {{.*}} : memref<i64>
;; CHECK-NEXT:  [[C2:%.*]] = memref.load {{.*}} : memref<i32>
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  [[COND:%.*]] = arith.cmpi ne, [[C2]], [[ZERO]] : i32
;; CHECK-NEXT:  [[R:%.*]] = arith.select [[COND]], [[A]], [[B]] : i64
;; CHECK-NEXT:  return [[R]] : i64

;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:       arith.negf
;; CHECK-NEXT:  [[A:%.*]] = memref.load {{.*}} : memref<f32>
;; CHECK-NEXT:  [[B:%.*]] = arith.constant 1.000000e+00 : f32
;; CHECK:       [[COND:%.*]] = arith.cmpi ne,
;; CHECK-NEXT:  arith.select [[COND]], [[A]], [[B]] : f32

;; CHECK-LABEL: func.func @wasm_f2(%arg0: !llvm.ptr, %arg1: i32, %arg2: i64) -> i64
;; CHECK:       [[A:%.*]] = memref.load {{.*}} : memref<i64>
;; CHECK-NEXT:  [[NULL:%.*]] = arith.constant 0 : i64
;; CHECK:       arith.select {{.*}}, [[A]], [[NULL]] : i64
