;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Tables, element segments and references: a reference is an i64, 0 for null.
(module
  (table $t0 2 funcref)
  (table $t1 3 externref)
  (table $t2 4 funcref)
  (elem $e funcref (ref.func $f))
  (elem $e2 funcref (ref.func $f) (ref.null func))
  (func $f (param i32 externref) (result i32)
    (table.set $t1 (local.get 0) (table.get $t1 (i32.const 1)))
    (table.fill $t1 (i32.const 0) (local.get 1) (i32.const 2))
    (table.copy $t1 $t1 (i32.const 0) (i32.const 1) (i32.const 1))
    (table.init $t0 $e (i32.const 0) (i32.const 0) (i32.const 1))
    (table.copy $t2 $t0 (i32.const 0) (i32.const 1) (i32.const 1))
    (table.init $t2 $e2 (i32.const 0) (i32.const 0) (i32.const 1))
    (elem.drop $e)
    (drop (table.grow $t0 (ref.func $f) (i32.const 4)))
    (drop (ref.is_null (local.get 1)))
    (table.size $t1))
)

;; CHECK-LABEL: func.func @wasm_f0(%arg0: !llvm.ptr, %arg1: i32, %arg2: i64) -> i32
;; CHECK:       [[I:%.*]] = memref.load
;; CHECK-NEXT:  [[ONE:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  [[REF:%.*]] = wasm.table_get 1{{\[}}[[ONE]]]
;; CHECK-NEXT:  wasm.table_set 1{{\[}}[[I]]], [[REF]]
;; CHECK-NEXT:  [[DEST:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  [[VAL:%.*]] = memref.load {{.*}} : memref<i64>
;; CHECK-NEXT:  [[SIZE:%.*]] = arith.constant 2 : i32
;; CHECK-NEXT:  wasm.table_fill 1, [[DEST]], [[VAL]], [[SIZE]]
;; CHECK:       wasm.table_copy 1, 1,
;; CHECK:       wasm.table_init 0, {{.*}} segment 0
;; CHECK:       wasm.table_copy 2, 0,
;; CHECK:       wasm.table_init 2, {{.*}} segment 1
;; CHECK-NEXT:  wasm.elem_drop segment 0
;; CHECK-NEXT:  [[FREF:%.*]] = wasm.ref_func 0
;; CHECK-NEXT:  [[DELTA:%.*]] = arith.constant 4 : i32
;; CHECK-NEXT:  wasm.table_grow 0, [[FREF]], [[DELTA]]
;; CHECK-NEXT:  [[X:%.*]] = memref.load {{.*}} : memref<i64>
;; CHECK-NEXT:  [[NULL:%.*]] = arith.constant 0 : i64
;; CHECK-NEXT:  [[ISNULL:%.*]] = arith.cmpi eq, [[X]], [[NULL]] : i64
;; CHECK-NEXT:  arith.extui [[ISNULL]] : i1 to i32
;; CHECK-NEXT:  [[N:%.*]] = wasm.table_size 1
;; CHECK-NEXT:  return [[N]] : i32
