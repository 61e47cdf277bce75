;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Constants are bit-exact: the extremes of both integer widths, the sign of zero, infinities
;; and NaNs with their payloads (printed as their bit patterns).
(module
  (func (result i32 i32 i32) (i32.const -2147483648) (i32.const 2147483647) (i32.const -1))
  (func (result i64 i64) (i64.const -9223372036854775808) (i64.const 0x7fffffffffffffff))
  (func (result f32 f32 f32 f32 f32)
    (f32.const -0.0) (f32.const nan) (f32.const nan:0x1) (f32.const -nan:0x200000)
    (f32.const -inf))
  (func (result f64 f64 f64 f64)
    (f64.const 0x1.5p-1022) (f64.const nan:0x4000000000001) (f64.const -nan) (f64.const inf))
)

;; CHECK-LABEL: func.func @wasm_f0(%arg0: !llvm.ptr) -> (i32, i32, i32)
;; CHECK:       [[A:%.*]] = arith.constant -2147483648 : i32
;; CHECK-NEXT:  [[B:%.*]] = arith.constant 2147483647 : i32
;; CHECK-NEXT:  [[C:%.*]] = arith.constant -1 : i32
;; CHECK-NEXT:  return [[A]], [[B]], [[C]] : i32, i32, i32

;; CHECK-LABEL: func.func @wasm_f1(%arg0: !llvm.ptr) -> (i64, i64)
;; CHECK:       arith.constant -9223372036854775808 : i64
;; CHECK-NEXT:  arith.constant 9223372036854775807 : i64

;; CHECK-LABEL: func.func @wasm_f2(%arg0: !llvm.ptr) -> (f32, f32, f32, f32, f32)
;; CHECK:       arith.constant -0.000000e+00 : f32
;; CHECK-NEXT:  arith.constant 0x7FC00000 : f32
;; CHECK-NEXT:  arith.constant 0x7F800001 : f32
;; CHECK-NEXT:  arith.constant 0xFFA00000 : f32
;; CHECK-NEXT:  arith.constant 0xFF800000 : f32

;; CHECK-LABEL: func.func @wasm_f3(%arg0: !llvm.ptr) -> (f64, f64, f64, f64)
;; CHECK:       arith.constant 2.9204094392907018E-308 : f64
;; CHECK-NEXT:  arith.constant 0x7FF4000000000001 : f64
;; CHECK-NEXT:  arith.constant 0xFFF8000000000000 : f64
;; CHECK-NEXT:  arith.constant 0x7FF0000000000000 : f64
