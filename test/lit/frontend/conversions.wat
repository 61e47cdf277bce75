;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Conversions: float to integer through wasm.trunc (trapping forms carry their offset,
;; saturating forms never trap), integer to float, demote/promote, reinterpretations as
;; bitcasts.
(module
  (func (param f32 f64) (result i32 i32 i64 i64)
    (i32.trunc_f32_s (local.get 0)) (i32.trunc_f64_u (local.get 1))
    (i64.trunc_f32_u (local.get 0)) (i64.trunc_f64_s (local.get 1)))
  (func (param f32 f64) (result i32 i32 i64 i64)
    (i32.trunc_sat_f32_s (local.get 0)) (i32.trunc_sat_f64_u (local.get 1))
    (i64.trunc_sat_f32_u (local.get 0)) (i64.trunc_sat_f64_s (local.get 1)))
  (func (param i32 i64) (result f32 f32 f64 f64)
    (f32.convert_i32_s (local.get 0)) (f32.convert_i64_u (local.get 1))
    (f64.convert_i32_u (local.get 0)) (f64.convert_i64_s (local.get 1)))
  (func (param f32 f64) (result f64 f32)
    (f64.promote_f32 (local.get 0)) (f32.demote_f64 (local.get 1)))
  (func (param i32 i64 f32 f64) (result f32 f64 i32 i64)
    (f32.reinterpret_i32 (local.get 0)) (f64.reinterpret_i64 (local.get 1))
    (i32.reinterpret_f32 (local.get 2)) (i64.reinterpret_f64 (local.get 3)))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       wasm.trunc {{.*}} {is_signed, offset = {{[0-9]+}} : i32} : f32 to i32
;; CHECK:       wasm.trunc {{.*}} {offset = {{[0-9]+}} : i32} : f64 to i32
;; CHECK:       wasm.trunc {{.*}} {offset = {{[0-9]+}} : i32} : f32 to i64
;; CHECK:       wasm.trunc {{.*}} {is_signed, offset = {{[0-9]+}} : i32} : f64 to i64

;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:       wasm.trunc {{.*}} {is_signed, saturating} : f32 to i32
;; CHECK:       wasm.trunc {{.*}} {saturating} : f64 to i32
;; CHECK:       wasm.trunc {{.*}} {saturating} : f32 to i64
;; CHECK:       wasm.trunc {{.*}} {is_signed, saturating} : f64 to i64

;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:       arith.sitofp {{.*}} : i32 to f32
;; CHECK:       arith.uitofp {{.*}} : i64 to f32
;; CHECK:       arith.uitofp {{.*}} : i32 to f64
;; CHECK:       arith.sitofp {{.*}} : i64 to f64

;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:       arith.extf {{.*}} : f32 to f64
;; CHECK:       arith.truncf {{.*}} : f64 to f32

;; CHECK-LABEL: func.func @wasm_f4(
;; CHECK:       arith.bitcast {{.*}} : i32 to f32
;; CHECK:       arith.bitcast {{.*}} : i64 to f64
;; CHECK:       arith.bitcast {{.*}} : f32 to i32
;; CHECK:       arith.bitcast {{.*}} : f64 to i64
