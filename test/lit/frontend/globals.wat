;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Globals of every type, imported ones first in the index space; references are i64.
(module
  (import "env" "g" (global $imported i32))
  (global $a (mut i64) (i64.const 1))
  (global $b (mut f32) (f32.const 2))
  (global $c (mut f64) (f64.const 3))
  (global $d (mut funcref) (ref.null func))
  (func (result i32)
    (global.set $a (i64.add (global.get $a) (i64.extend_i32_u (global.get $imported))))
    (global.set $b (global.get $b))
    (global.set $c (global.get $c))
    (global.set $d (global.get $d))
    (global.get $imported))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       [[A:%.*]] = wasm.global_get 1 : i64
;; CHECK-NEXT:  [[G:%.*]] = wasm.global_get 0 : i32
;; CHECK-NEXT:  [[EXT:%.*]] = arith.extui [[G]] : i32 to i64
;; CHECK-NEXT:  [[SUM:%.*]] = arith.addi [[A]], [[EXT]] : i64
;; CHECK-NEXT:  wasm.global_set 1, [[SUM]] : i64
;; CHECK-NEXT:  [[B:%.*]] = wasm.global_get 2 : f32
;; CHECK-NEXT:  wasm.global_set 2, [[B]] : f32
;; CHECK-NEXT:  [[C:%.*]] = wasm.global_get 3 : f64
;; CHECK-NEXT:  wasm.global_set 3, [[C]] : f64
;; CHECK-NEXT:  [[D:%.*]] = wasm.global_get 4 : i64
;; CHECK-NEXT:  wasm.global_set 4, [[D]] : i64
;; CHECK-NEXT:  [[R:%.*]] = wasm.global_get 0 : i32
;; CHECK-NEXT:  return [[R]] : i32
