;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; br_table becomes cf.switch on the i32 index: case i goes to label i of the table, every other
;; index to the default. Branch values travel as arguments to every destination; a branch to
;; the function's label goes through the shared return block, one to a loop to its header.
(module
  (func (param i32) (result i32)
    (block $b2
      (block $b1
        (block $b0
          (br_table $b0 $b1 $b0 $b2 (local.get 0)))
        (return (i32.const 10)))
      (return (i32.const 11)))
    (i32.const 12))
  ;; With a value, and the function's own label as a target.
  (func (param i32) (result i32)
    (block $b (result i32)
      (br_table $b 1 $b (i32.const 5) (local.get 0))))
  ;; A loop target.
  (func (param i32)
    (loop $l
      (block $exit
        (br_table $l $exit (local.get 0)))))
  ;; Only a default label.
  (func (param i32) (result i32)
    (block $b (result i32)
      (br_table $b (i32.const 4) (local.get 0))))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       [[X:%.*]] = memref.load
;; CHECK-NEXT:  cf.switch [[X]] : i32, [
;; CHECK-NEXT:    default: ^[[B2:bb[0-9]+]],
;; CHECK-NEXT:    0: ^[[B0:bb[0-9]+]],
;; CHECK-NEXT:    1: ^[[B1:bb[0-9]+]],
;; CHECK-NEXT:    2: ^[[B0]]
;; CHECK-NEXT:  ]
;; CHECK-NEXT:  ^[[B0]]:
;; CHECK-NEXT:  [[TEN:%.*]] = arith.constant 10 : i32
;; CHECK-NEXT:  return [[TEN]] : i32
;; CHECK-NEXT:  ^[[B1]]:
;; CHECK-NEXT:  [[ELEVEN:%.*]] = arith.constant 11 : i32
;; CHECK-NEXT:  return [[ELEVEN]] : i32
;; CHECK-NEXT:  ^[[B2]]:
;; CHECK-NEXT:  [[TWELVE:%.*]] = arith.constant 12 : i32
;; CHECK-NEXT:  return [[TWELVE]] : i32

;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:       [[FIVE:%.*]] = arith.constant 5 : i32
;; CHECK-NEXT:  [[X:%.*]] = memref.load
;; CHECK-NEXT:  cf.switch [[X]] : i32, [
;; CHECK-NEXT:    default: ^[[B:bb[0-9]+]]([[FIVE]] : i32),
;; CHECK-NEXT:    0: ^[[B]]([[FIVE]] : i32),
;; CHECK-NEXT:    1: ^[[RET:bb[0-9]+]]([[FIVE]] : i32)
;; CHECK-NEXT:  ]
;; CHECK-NEXT:  ^[[B]]([[V:%.*]]: i32):
;; CHECK-NEXT:  return [[V]] : i32
;; CHECK-NEXT:  ^[[RET]]([[W:%.*]]: i32):
;; CHECK-NEXT:  return [[W]] : i32

;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:       cf.br ^[[HEADER:bb[0-9]+]]
;; CHECK-NEXT:  ^[[HEADER]]:
;; CHECK-NEXT:  wasm.poll
;; CHECK-NEXT:  [[X:%.*]] = memref.load
;; CHECK-NEXT:  cf.switch [[X]] : i32, [
;; CHECK-NEXT:    default: ^[[EXIT:bb[0-9]+]],
;; CHECK-NEXT:    0: ^[[HEADER]]
;; CHECK-NEXT:  ]
;; CHECK-NEXT:  ^[[EXIT]]:
;; CHECK-NEXT:  return

;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:       [[FOUR:%.*]] = arith.constant 4 : i32
;; CHECK-NEXT:  memref.load
;; CHECK-NEXT:  cf.br ^[[B:bb[0-9]+]]([[FOUR]] : i32)
;; CHECK-NEXT:  ^[[B]]([[V:%.*]]: i32):
;; CHECK-NEXT:  return [[V]] : i32
