;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Multi-value: blocks, loops and ifs with parameters and several results, functions and calls
;; with several results.
(module
  (type $swap (func (param i32 i64) (result i64 i32)))
  (type $count (func (param i32) (result i32)))
  (func $two (result i32 i64) (i32.const 1) (i64.const 2))
  ;; A call with two results feeding a block that takes them as parameters and branches out
  ;; with two values.
  (func (param i32) (result i64 i32)
    (local i64)
    call $two
    block (type $swap)
      local.set 1
      local.set 0
      local.get 1
      local.get 0
      local.get 0
      br_if 0
      drop
      drop
      i64.const 7
      i32.const 8
    end)
  ;; A loop with a parameter: the header takes it as an argument, the back-edge passes it.
  (func (param i32) (result i32)
    local.get 0
    loop (type $count)
      i32.const 1
      i32.sub
      local.tee 0
      local.get 0
      br_if 0
    end)
  ;; An if with parameters; without else it passes them through as its results.
  (func (param i32 i32) (result i32)
    local.get 1
    local.get 0
    if (type $count)
      i32.const 1
      i32.add
    end)
  (func (param i32 i64) (result i64 i32)
    local.get 0
    local.get 1
    local.get 0
    if (type $swap)
      drop
      drop
      i64.const 3
      i32.const 4
    else
      local.set 1
      local.set 0
      local.get 1
      local.get 0
    end)
)

;; CHECK-LABEL: func.func @wasm_f0(%arg0: !llvm.ptr) -> (i32, i64)
;; CHECK:       [[A:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  [[B:%.*]] = arith.constant 2 : i64
;; CHECK-NEXT:  return [[A]], [[B]] : i32, i64

;; CHECK-LABEL: func.func @wasm_f1(%arg0: !llvm.ptr, %arg1: i32) -> (i64, i32)
;; CHECK:       [[CALL:%.*]]:2 = wasm.call 0() : () -> (i32, i64)
;; CHECK-NEXT:  memref.store [[CALL]]#1, [[L1:%.*]][] : memref<i64>
;; CHECK-NEXT:  memref.store [[CALL]]#0, [[L0:%.*]][] : memref<i32>
;; CHECK-NEXT:  [[X:%.*]] = memref.load [[L1]][] : memref<i64>
;; CHECK-NEXT:  [[Y:%.*]] = memref.load [[L0]][] : memref<i32>
;; CHECK:       cf.cond_br {{.*}}, ^[[JOIN:bb[0-9]+]]([[X]], [[Y]] : i64, i32), ^[[NEXT:bb[0-9]+]]
;; CHECK-NEXT:  ^[[NEXT]]:
;; CHECK-NEXT:  [[C7:%.*]] = arith.constant 7 : i64
;; CHECK-NEXT:  [[C8:%.*]] = arith.constant 8 : i32
;; CHECK-NEXT:  cf.br ^[[JOIN]]([[C7]], [[C8]] : i64, i32)
;; CHECK-NEXT:  ^[[JOIN]]([[R0:%.*]]: i64, [[R1:%.*]]: i32):
;; CHECK-NEXT:  return [[R0]], [[R1]] : i64, i32

;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:       [[INIT:%.*]] = memref.load
;; CHECK-NEXT:  cf.br ^[[HEADER:bb[0-9]+]]([[INIT]] : i32)
;; CHECK-NEXT:  ^[[HEADER]]([[P:%.*]]: i32):
;; CHECK-NEXT:  wasm.poll
;; CHECK-NEXT:  [[ONE:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  [[NEXT:%.*]] = arith.subi [[P]], [[ONE]] : i32
;; CHECK:       cf.cond_br {{.*}}, ^[[HEADER]]([[NEXT]] : i32), ^[[EXIT:bb[0-9]+]]
;; CHECK-NEXT:  ^[[EXIT]]:
;; CHECK-NEXT:  return [[NEXT]] : i32

;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:       [[P:%.*]] = memref.load
;; CHECK:       cf.cond_br {{.*}}, ^[[THEN:bb[0-9]+]], ^[[ELSE:bb[0-9]+]]
;; CHECK-NEXT:  ^[[THEN]]:
;; CHECK-NEXT:  [[ONE:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  [[SUM:%.*]] = arith.addi [[P]], [[ONE]] : i32
;; CHECK-NEXT:  cf.br ^[[JOIN:bb[0-9]+]]([[SUM]] : i32)
;; CHECK-NEXT:  ^[[ELSE]]:
;; CHECK-NEXT:  cf.br ^[[JOIN]]([[P]] : i32)
;; CHECK-NEXT:  ^[[JOIN]]([[R:%.*]]: i32):
;; CHECK-NEXT:  return [[R]] : i32

;; The else branch starts again from the if's parameters.
;; CHECK-LABEL: func.func @wasm_f4(
;; CHECK:       [[P0:%.*]] = memref.load
;; CHECK-NEXT:  [[P1:%.*]] = memref.load
;; CHECK:       cf.cond_br {{.*}}, ^[[THEN:bb[0-9]+]], ^[[ELSE:bb[0-9]+]]
;; CHECK-NEXT:  ^[[THEN]]:
;; CHECK-NEXT:  arith.constant 3 : i64
;; CHECK-NEXT:  arith.constant 4 : i32
;; CHECK-NEXT:  cf.br ^[[JOIN:bb[0-9]+]]
;; CHECK-NEXT:  ^[[ELSE]]:
;; CHECK-NEXT:  memref.store [[P1]], {{.*}} : memref<i64>
;; CHECK-NEXT:  memref.store [[P0]], {{.*}} : memref<i32>
;; CHECK:       cf.br ^[[JOIN]]
;; CHECK-NEXT:  ^[[JOIN]]({{.*}}: i64, {{.*}}: i32):
