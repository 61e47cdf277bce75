;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir --func=0 %t.wasm | FileCheck %s --check-prefix=SCALAR
;; RUN: not strata compile --emit=wasm-mlir --func=1 %t.wasm 2>&1 | FileCheck %s --check-prefix=OPCODE
;; RUN: not strata compile --emit=wasm-mlir --func=2 %t.wasm 2>&1 | FileCheck %s --check-prefix=LOCAL
;; RUN: not strata compile --emit=wasm-mlir --func=3 %t.wasm 2>&1 | FileCheck %s --check-prefix=BLOCK
;; RUN: not strata compile --emit=wasm-mlir --func=4 %t.wasm 2>&1 | FileCheck %s --check-prefix=PARAM
;; RUN: not strata compile --emit=wasm-mlir --func=5 %t.wasm 2>&1 | FileCheck %s --check-prefix=CALL
;; RUN: not strata compile --emit=wasm-mlir %t.wasm 2>&1 | FileCheck %s --check-prefix=OPCODE
;; The MLIR tier has no SIMD: a function that uses a v128 value or a SIMD opcode anywhere, dead
;; code included, is rejected with an error naming it; other functions translate.
(module
  (func (result i32) (i32.const 1))
  (func (param i32) (result i32)
    (block (br_if 0 (local.get 0)) (return (i32.const 0)) (drop (v128.const i64x2 1 2)))
    (i32.const 1))
  (func (local v128))
  (func (block (result v128) (v128.const i32x4 0 0 0 0)) (drop))
  (func $simd (param v128))
  (func (call $simd (v128.const i32x4 0 0 0 0)))
)

;; SCALAR:      func.func @wasm_f0(
;; SCALAR-NOT:  func.func

;; OPCODE: error: function 1: SIMD is not supported by the MLIR tier (at byte 0x{{[0-9a-f]+}})
;; LOCAL:  error: function 2: SIMD is not supported by the MLIR tier
;; BLOCK:  error: function 3: SIMD is not supported by the MLIR tier
;; PARAM:  error: function 4: SIMD is not supported by the MLIR tier
;; CALL:   error: function 5: SIMD is not supported by the MLIR tier
