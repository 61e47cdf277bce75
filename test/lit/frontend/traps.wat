;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Trapping operations carry the byte offset of their instruction in the module, for the
;; trap's stack trace (offsets as wasm-objdump -d shows them).
(module
  (func (param i32 i32 f32) (result i32)
    (drop (i32.div_u (local.get 0) (local.get 1)))   ;; at 0x1f
    (drop (i32.rem_s (local.get 0) (local.get 1)))   ;; at 0x25
    (drop (i32.trunc_f32_u (local.get 2)))           ;; at 0x29
    (drop (i32.trunc_sat_f32_u (local.get 2)))       ;; never traps
    (if (local.get 0) (then (unreachable)))          ;; at 0x34
    (i32.const 0))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       wasm.trap_if {{.*}}, integer_divide_by_zero {offset = 31 : i32}
;; CHECK-NEXT:  arith.divui
;; CHECK:       wasm.trap_if {{.*}}, integer_divide_by_zero {offset = 37 : i32}
;; CHECK:       arith.remsi
;; CHECK:       wasm.trunc {{.*}} {offset = 41 : i32} : f32 to i32
;; CHECK:       wasm.trunc {{.*}} {saturating} : f32 to i32
;; CHECK:       wasm.trap unreachable {offset = 52 : i32}
