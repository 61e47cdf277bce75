;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Calls: imported functions come first in the index space (and get no func.func), direct
;; calls name the callee's index, call_indirect its table and expected type index, with the
;; table index as the last operand popped.
(module
  (type $binop (func (param i32 i64) (result f64)))
  (type $void (func))
  (import "env" "log" (func $log (param i32)))
  (table $other 1 funcref)
  (table $fns 4 funcref)
  (func $add (param i32 i64) (result f64)
    (call $log (local.get 0))
    (f64.convert_i64_s (local.get 1)))
  (func (param i32) (result f64)
    (call_indirect $fns (type $void) (local.get 0))
    (call_indirect $fns (type $binop) (i32.const 1) (i64.const 2) (local.get 0))
    (call $add (i32.const 3) (i64.const 4))
    (f64.add))
)

;; CHECK-NOT:   func.func @wasm_f0(
;; CHECK-LABEL: func.func @wasm_f1(%arg0: !llvm.ptr, %arg1: i32, %arg2: i64) -> f64
;; CHECK-SAME:    attributes {wasm.function_index = 1 : i32}
;; CHECK:       [[X:%.*]] = memref.load
;; CHECK-NEXT:  wasm.call 0([[X]]) : (i32) -> ()

;; CHECK-LABEL: func.func @wasm_f2(%arg0: !llvm.ptr, %arg1: i32) -> f64
;; CHECK-SAME:    attributes {wasm.function_index = 2 : i32}
;; CHECK:       [[I:%.*]] = memref.load
;; CHECK-NEXT:  wasm.call_indirect 1{{\[}}[[I]]] type 1() : () -> ()
;; CHECK-NEXT:  [[A:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  [[B:%.*]] = arith.constant 2 : i64
;; CHECK-NEXT:  [[J:%.*]] = memref.load
;; CHECK-NEXT:  [[R1:%.*]] = wasm.call_indirect 1{{\[}}[[J]]] type 0([[A]], [[B]]) : (i32, i64) -> f64
;; CHECK-NEXT:  [[C:%.*]] = arith.constant 3 : i32
;; CHECK-NEXT:  [[D:%.*]] = arith.constant 4 : i64
;; CHECK-NEXT:  [[R2:%.*]] = wasm.call 1([[C]], [[D]]) : (i32, i64) -> f64
;; CHECK-NEXT:  [[SUM:%.*]] = arith.addf [[R1]], [[R2]] : f64
;; CHECK-NEXT:  return [[SUM]] : f64
