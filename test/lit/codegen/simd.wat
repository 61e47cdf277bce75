;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu %t.wasm | FileCheck %s --check-prefix=A64
;; SIMD instructions become the target's vector instructions: SSE2 on x86-64 (the default CPU of
;; the triple), NEON on aarch64. No lane is handled by scalar code.
(module
  (func (param v128 v128) (result v128) (i8x16.add_sat_s (local.get 0) (local.get 1)))
  (func (param v128 v128) (result v128) (i32x4.dot_i16x8_s (local.get 0) (local.get 1)))
  (func (param v128 v128) (result v128) (f64x2.mul (local.get 0) (local.get 1)))
  (func (param v128 v128) (result v128) (i16x8.min_s (local.get 0) (local.get 1)))
  ;; A dot product against a loop-invariant operand: still one pmaddwd, not the widened
  ;; multiply LLVM builds once it hoists that operand's extension out of the loop.
  (memory 1)
  (func (param $n i32) (param $w v128) (result v128) (local $acc v128) (local $i i32)
    (loop $l
      (local.set $acc (i32x4.add (local.get $acc)
        (i32x4.dot_i16x8_s (v128.load (i32.shl (local.get $i) (i32.const 4))) (local.get $w))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc))
)

;; X64-LABEL: wasm_f0:
;; X64:         paddsb
;; X64-LABEL: wasm_f1:
;; X64:         pmaddwd
;; X64-LABEL: wasm_f2:
;; X64:         mulpd
;; X64-LABEL: wasm_f3:
;; X64:         pminsw
;; X64-LABEL: wasm_f4:
;; X64-NOT:     pmul
;; X64:         pmaddwd
;; X64-NOT:     pmul
;; X64-LABEL: wasm_f4$array:

;; A64-LABEL: wasm_f0:
;; A64:         sqadd v{{[0-9]+}}.16b
;; A64-LABEL: wasm_f1:
;; A64:         smull{{2?}} v{{[0-9]+}}.4s
;; A64-LABEL: wasm_f2:
;; A64:         fmul v{{[0-9]+}}.2d
;; A64-LABEL: wasm_f3:
;; A64:         smin v{{[0-9]+}}.8h
