;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; Linear memory: every load and store with its width in bytes, the memarg offset and
;; sign_extend for signed narrow loads (bounds checks and the base come from later passes);
;; memory.size/grow/fill/copy/init and data.drop.
(module
  (memory 1)
  (data $d "hello")
  (func (param i32) (result i32 i64 f32 f64)
    (i32.load offset=4 (local.get 0))
    (i64.load offset=0x10000 (local.get 0))
    (f32.load (local.get 0))
    (f64.load offset=8 (local.get 0)))
  (func (param i32) (result i32 i32 i32 i32)
    (i32.load8_s (local.get 0)) (i32.load8_u (local.get 0))
    (i32.load16_s offset=2 (local.get 0)) (i32.load16_u (local.get 0)))
  (func (param i32) (result i64 i64 i64 i64 i64 i64)
    (i64.load8_s (local.get 0)) (i64.load8_u (local.get 0))
    (i64.load16_s (local.get 0)) (i64.load16_u (local.get 0))
    (i64.load32_s (local.get 0)) (i64.load32_u offset=4294967295 (local.get 0)))
  (func (param i32 i64 f32 f64)
    (i32.store offset=3 (local.get 0) (i32.const 7))
    (i64.store (local.get 0) (local.get 1))
    (f32.store (local.get 0) (local.get 2))
    (f64.store (local.get 0) (local.get 3))
    (i32.store8 (local.get 0) (i32.const 1))
    (i32.store16 (local.get 0) (i32.const 2))
    (i64.store8 (local.get 0) (local.get 1))
    (i64.store16 (local.get 0) (local.get 1))
    (i64.store32 (local.get 0) (local.get 1)))
  (func (param i32) (result i32)
    (memory.fill (i32.const 1) (i32.const 2) (i32.const 3))
    (memory.copy (i32.const 4) (i32.const 5) (i32.const 6))
    (memory.init $d (i32.const 7) (i32.const 8) (i32.const 9))
    (data.drop $d)
    (drop (memory.grow (local.get 0)))
    (memory.size))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  wasm.load [[A]] offset 4 width 4 : i32
;; CHECK:       wasm.load {{.*}} offset 65536 width 8 : i64
;; CHECK:       wasm.load {{.*}} offset 0 width 4 : f32
;; CHECK:       wasm.load {{.*}} offset 8 width 8 : f64

;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:       wasm.load {{.*}} offset 0 width 1 {sign_extend} : i32
;; CHECK:       wasm.load {{.*}} offset 0 width 1 : i32
;; CHECK:       wasm.load {{.*}} offset 2 width 2 {sign_extend} : i32
;; CHECK:       wasm.load {{.*}} offset 0 width 2 : i32

;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:       wasm.load {{.*}} offset 0 width 1 {sign_extend} : i64
;; CHECK:       wasm.load {{.*}} offset 0 width 1 : i64
;; CHECK:       wasm.load {{.*}} offset 0 width 2 {sign_extend} : i64
;; CHECK:       wasm.load {{.*}} offset 0 width 2 : i64
;; CHECK:       wasm.load {{.*}} offset 0 width 4 {sign_extend} : i64
;; CHECK:       wasm.load {{.*}} offset 4294967295 width 4 : i64

;; The value comes first, then the address.
;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:       [[ADDR:%.*]] = memref.load
;; CHECK-NEXT:  [[SEVEN:%.*]] = arith.constant 7 : i32
;; CHECK-NEXT:  wasm.store [[SEVEN]], [[ADDR]] offset 3 width 4 : i32
;; CHECK:       wasm.store {{.*}} offset 0 width 8 : i64
;; CHECK:       wasm.store {{.*}} offset 0 width 4 : f32
;; CHECK:       wasm.store {{.*}} offset 0 width 8 : f64
;; CHECK:       wasm.store {{.*}} offset 0 width 1 : i32
;; CHECK:       wasm.store {{.*}} offset 0 width 2 : i32
;; CHECK:       wasm.store {{.*}} offset 0 width 1 : i64
;; CHECK:       wasm.store {{.*}} offset 0 width 2 : i64
;; CHECK:       wasm.store {{.*}} offset 0 width 4 : i64

;; CHECK-LABEL: func.func @wasm_f4(
;; CHECK:       [[C1:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  [[C2:%.*]] = arith.constant 2 : i32
;; CHECK-NEXT:  [[C3:%.*]] = arith.constant 3 : i32
;; CHECK-NEXT:  wasm.memory_fill [[C1]], [[C2]], [[C3]]
;; CHECK:       [[C4:%.*]] = arith.constant 4 : i32
;; CHECK-NEXT:  [[C5:%.*]] = arith.constant 5 : i32
;; CHECK-NEXT:  [[C6:%.*]] = arith.constant 6 : i32
;; CHECK-NEXT:  wasm.memory_copy [[C4]], [[C5]], [[C6]]
;; CHECK:       wasm.memory_init {{.*}} segment 0
;; CHECK-NEXT:  wasm.data_drop segment 0
;; CHECK-NEXT:  [[DELTA:%.*]] = memref.load
;; CHECK-NEXT:  wasm.memory_grow [[DELTA]]
;; CHECK-NEXT:  [[SIZE:%.*]] = wasm.memory_size
;; CHECK-NEXT:  return [[SIZE]] : i32
