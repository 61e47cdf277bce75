;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu %t.wasm | FileCheck %s --check-prefix=A64
;; The loop header's poll does not keep LLVM from vectorizing the loop (it is a marker until
;; the LLVM pipeline is done), and the vector loop still polls: a byte load and a branch per
;; iteration, with strata_rt_poll out of line.
(module
  (memory 1)
  (func (param $p i32) (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block (loop
      (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s)
        (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br 0)))
    (local.get $s)))

;; X64-LABEL: wasm_f0:
;; X64:         movdqu
;; X64:         movzbl (%[[FLAG:r[a-z0-9]+]]), %[[BYTE:e[a-z0-9]+]]
;; X64-NEXT:    testb %{{[a-z0-9]+}}, %{{[a-z0-9]+}}
;; X64-NEXT:    jne .LBB0_[[SLOW:[0-9]+]]
;; X64:         paddd
;; X64-NEXT:    paddd
;; X64:       .LBB0_[[SLOW]]:
;; X64:         callq strata_rt_poll@PLT

;; A64-LABEL: wasm_f0:
;; A64:         ldp q{{[0-9]+}}, q{{[0-9]+}}
;; A64:         ldrb [[BYTE:w[0-9]+]], [x{{[0-9]+}}]
;; A64-NEXT:    cbnz [[BYTE]], .LBB0_[[SLOW:[0-9]+]]
;; A64:         add v{{[0-9]+}}.4s
;; A64-NEXT:    add v{{[0-9]+}}.4s
;; A64:       .LBB0_[[SLOW]]:
;; A64:         bl strata_rt_poll
