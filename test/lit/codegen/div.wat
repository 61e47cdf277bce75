;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu %t.wasm | FileCheck %s --check-prefix=A64
;; i32.div_s keeps its two traps: a zero divisor (integer_divide_by_zero, kind 7) and
;; INT_MIN / -1 (integer_overflow, kind 8), both before the division, with the instruction's
;; byte offset.
(module
  (func (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))

;; X64-LABEL: wasm_f0:
;; X64:         testl %[[D:e[a-z0-9]+]], %[[D]]
;; X64-NEXT:    je .LBB0_[[ZERO:[0-9]+]]
;; X64:         {{.*}}-2147483648
;; X64:         je .LBB0_[[OVERFLOW:[0-9]+]]
;; X64:         cltd
;; X64-NEXT:    idivl
;; X64:       .LBB0_[[ZERO]]:
;; X64-NEXT:    movl $7, %esi
;; X64:       .LBB0_[[OVERFLOW]]:
;; X64-NEXT:    movl $8, %esi
;; X64:         callq strata_rt_trap@PLT

;; A64-LABEL: wasm_f0:
;; A64:         cbz w{{[0-9]+}}, .LBB0_[[ZERO:[0-9]+]]
;; A64:         sdiv w0,
;; A64:       .LBB0_[[ZERO]]:
;; A64:         mov w1, #7
;; A64:         mov w1, #8
;; A64:         bl strata_rt_trap
