;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=WASM
;; RUN: strata compile --emit=opt-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=OPT
;; A loop in an if's then-branch: the condition and the else branch lie before the loop and
;; are left out; the then-branch's end joins the function's tail.
(module
  (func (param $n i32) (result i32) (local $i i32)
    (if (i32.gt_s (local.get $n) (i32.const 0))
      (then (loop
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (br_if 0 (i32.lt_s (local.get $i) (local.get $n)))))
      (else (local.set $i (i32.const -1))))
    (local.get $i)))

;; WASM-LABEL: func.func @wasm_f0$osr0
;; WASM-NOT:      arith.constant -1
;; WASM:          wasm.osr_load %arg1[0] : i32
;; WASM:          wasm.osr_load %arg1[1] : i32
;; WASM-NOT:      arith.constant -1
;; WASM:          return

;; OPT-LABEL: func.func @wasm_f0$osr0
;; OPT:         %[[N:.*]] = wasm.osr_load %arg1[0] : i32
;; OPT-NEXT:    %[[I:.*]] = wasm.osr_load %arg1[1] : i32
;; OPT-NEXT:    cf.br ^bb1(%[[I]] : i32)
;; OPT:       ^bb1(%[[X:.*]]: i32):
;; OPT-NEXT:    wasm.poll
;; OPT:         cf.cond_br
;; OPT:         return
