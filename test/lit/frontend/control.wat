;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Structured control flow as cf blocks: joins take block results as arguments, loop headers
;; poll, blocks reached only by falling through need no join, and dead code is skipped.
(module
  ;; A block left by br_if carrying a value, and by falling through.
  (func (param i32) (result i32)
    (block (result i32)
      (br_if 0 (i32.const 10) (local.get 0))
      (drop)
      (i32.const 20)))
  ;; A counting loop: the header polls, br_if branches back to it.
  (func (param i32)
    (loop $l
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0))))
  ;; if/else with a result.
  (func (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
  ;; if without else, and nop.
  (func (param i32)
    (if (local.get 0) (then (nop))))
  ;; Code after br is dead, nested blocks and loops in it included.
  (func (param i32) (result i32)
    (block $out (result i32)
      (br $out (i32.const 7))
      (block (loop (br 0)))
      (i32.const 8)))
  ;; return from inside blocks, then unreachable.
  (func (param i32) (result i32)
    (block
      (br_if 0 (local.get 0))
      (return (i32.const 3)))
    (unreachable))
  ;; A block whose end nothing reaches makes what follows dead.
  (func (result i32)
    (block (return (i32.const 1)))
    (i32.const 2))
  ;; A comparison feeding a branch needs no i32 round trip.
  (func (param i32 i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (local.get 1))
      (then (local.get 0)) (else (local.get 1))))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       [[TEN:%.*]] = arith.constant 10 : i32
;; CHECK-NEXT:  [[X:%.*]] = memref.load
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  [[COND:%.*]] = arith.cmpi ne, [[X]], [[ZERO]] : i32
;; CHECK-NEXT:  cf.cond_br [[COND]], ^[[JOIN:bb[0-9]+]]([[TEN]] : i32), ^[[NEXT:bb[0-9]+]]
;; CHECK:       ^[[NEXT]]:
;; CHECK-NEXT:  [[TWENTY:%.*]] = arith.constant 20 : i32
;; CHECK-NEXT:  cf.br ^[[JOIN]]([[TWENTY]] : i32)
;; CHECK:       ^[[JOIN]]([[R:%.*]]: i32):
;; CHECK-NEXT:  return [[R]] : i32

;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:       wasm.stack_check
;; CHECK-NEXT:  wasm.poll
;; CHECK-NEXT:  cf.br ^[[HEADER:bb[0-9]+]]
;; CHECK-NEXT:  ^[[HEADER]]:
;; CHECK-NEXT:  wasm.poll
;; CHECK:       arith.subi
;; CHECK:       [[COND:%.*]] = arith.cmpi ne,
;; CHECK-NEXT:  cf.cond_br [[COND]], ^[[HEADER]], ^[[EXIT:bb[0-9]+]]
;; CHECK-NEXT:  ^[[EXIT]]:
;; CHECK-NEXT:  return
;; CHECK-NEXT:  }

;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:       cf.cond_br {{.*}}, ^[[THEN:bb[0-9]+]], ^[[ELSE:bb[0-9]+]]
;; CHECK-NEXT:  ^[[THEN]]:
;; CHECK-NEXT:  [[ONE:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  cf.br ^[[JOIN:bb[0-9]+]]([[ONE]] : i32)
;; CHECK-NEXT:  ^[[ELSE]]:
;; CHECK-NEXT:  [[TWO:%.*]] = arith.constant 2 : i32
;; CHECK-NEXT:  cf.br ^[[JOIN]]([[TWO]] : i32)
;; CHECK-NEXT:  ^[[JOIN]]([[R:%.*]]: i32):
;; CHECK-NEXT:  return [[R]] : i32

;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:       cf.cond_br {{.*}}, ^[[THEN:bb[0-9]+]], ^[[ELSE:bb[0-9]+]]
;; CHECK-NEXT:  ^[[THEN]]:
;; CHECK-NEXT:  cf.br ^[[JOIN:bb[0-9]+]]
;; CHECK-NEXT:  ^[[ELSE]]:
;; CHECK-NEXT:  cf.br ^[[JOIN]]
;; CHECK-NEXT:  ^[[JOIN]]:
;; CHECK-NEXT:  return

;; CHECK-LABEL: func.func @wasm_f4(
;; CHECK:       [[SEVEN:%.*]] = arith.constant 7 : i32
;; CHECK-NEXT:  cf.br ^[[JOIN:bb[0-9]+]]([[SEVEN]] : i32)
;; CHECK-NEXT:  ^[[JOIN]]([[R:%.*]]: i32):
;; CHECK-NEXT:  return [[R]] : i32
;; CHECK-NOT:   arith.constant 8
;; CHECK-NOT:   wasm.poll
;; CHECK:       }

;; CHECK-LABEL: func.func @wasm_f5(
;; CHECK:       cf.cond_br {{.*}}, ^[[AFTER:bb[0-9]+]], ^[[NEXT:bb[0-9]+]]
;; CHECK-NEXT:  ^[[NEXT]]:
;; CHECK-NEXT:  [[THREE:%.*]] = arith.constant 3 : i32
;; CHECK-NEXT:  return [[THREE]] : i32
;; CHECK-NEXT:  ^[[AFTER]]:
;; CHECK-NEXT:  wasm.trap unreachable {offset = {{[0-9]+}} : i32}
;; CHECK-NEXT:  }

;; CHECK-LABEL: func.func @wasm_f6(
;; CHECK:       [[ONE:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  return [[ONE]] : i32
;; CHECK-NEXT:  }

;; CHECK-LABEL: func.func @wasm_f7(
;; CHECK:       [[LT:%.*]] = arith.cmpi slt,
;; CHECK-NEXT:  arith.extui
;; CHECK-NEXT:  cf.cond_br [[LT]],
