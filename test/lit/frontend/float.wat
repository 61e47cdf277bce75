;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; f32 and f64 instructions: one arith or math op each, with Wasm's semantics (minimumf and
;; maximumf propagate NaN, ne is the unordered comparison, nearest rounds half to even). Where
;; LLVM could pass a signalling NaN through unquieted (min/max, identities such as x - 0 or
;; x * -1 that fold to x or -x), the result is a quiet NaN whenever an operand is NaN.
(module
  (func (param f32 f32) (result f32)
    (f32.add (local.get 0) (local.get 1)) (f32.sub (local.get 0) (local.get 1)) (f32.mul)
    (f32.div (local.get 0)))
  (func (param f64 f64) (result f64)
    (f64.min (local.get 0) (local.get 1)) (f64.max (local.get 0) (local.get 1))
    (f64.copysign))
  (func (param f32 f32) (result f32)
    (f32.min (local.get 0) (local.get 1)) (f32.max (local.get 0) (local.get 1))
    (f32.copysign))
  (func (param f64) (result f64)
    (f64.sqrt (f64.nearest (f64.trunc (f64.floor (f64.ceil (f64.neg (f64.abs (local.get 0)))))))))
  (func (param f32) (result f32)
    (f32.sqrt (f32.nearest (f32.trunc (f32.floor (f32.ceil (f32.neg (f32.abs (local.get 0)))))))))
  (func (param f64 f64) (result i32)
    (f64.eq (local.get 0) (local.get 1)) (f64.ne (local.get 0) (local.get 1)) (i32.add)
    (f64.lt (local.get 0) (local.get 1)) (i32.add)
    (f64.gt (local.get 0) (local.get 1)) (i32.add)
    (f64.le (local.get 0) (local.get 1)) (i32.add)
    (f64.ge (local.get 0) (local.get 1)) (i32.add))
  (func (param f32 f32) (result i32) (f32.ne (local.get 0) (local.get 1)))
  (func (param f64 f64) (result f64)
    (f64.div (f64.mul (f64.sub (f64.add (local.get 0) (local.get 1)) (local.get 1)) (local.get 1)) (local.get 1)))
  (func (param f32) (result f32) (f32.sub (local.get 0) (f32.const 0)))
  (func (param f64) (result f64) (f64.mul (f64.const -1) (local.get 0)))
  (func (param f32) (result f32) (f32.demote_f64 (f64.promote_f32 (local.get 0))))
  (func (param f32) (result f32) (f32.mul (local.get 0) (f32.const 3)))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[SUM:%.*]] = arith.addf [[A]], [[B]] : f32
;; CHECK:       [[DIFF:%.*]] = arith.subf {{.*}} : f32
;; CHECK-NEXT:  [[PROD:%.*]] = arith.mulf [[SUM]], [[DIFF]] : f32
;; CHECK:       arith.divf [[PROD]], {{.*}} : f32

;; min and max quiet a NaN operand: NaN + x is a quiet NaN.
;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[MIN:%.*]] = arith.minimumf [[A]], [[B]] : f64
;; CHECK-NEXT:  [[NAN:%.*]] = arith.cmpf uno, [[A]], [[B]] : f64
;; CHECK-NEXT:  [[QUIET:%.*]] = arith.addf [[A]], [[B]] : f64
;; CHECK-NEXT:  [[QMIN:%.*]] = arith.select [[NAN]], [[QUIET]], [[MIN]] : f64
;; CHECK:       [[MAX:%.*]] = arith.maximumf {{.*}} : f64
;; CHECK-NEXT:  arith.cmpf uno
;; CHECK-NEXT:  arith.addf
;; CHECK-NEXT:  [[QMAX:%.*]] = arith.select {{.*}}, {{.*}}, [[MAX]] : f64
;; CHECK-NEXT:  math.copysign [[QMIN]], [[QMAX]] : f64
;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:       arith.minimumf {{.*}} : f32
;; CHECK:       arith.maximumf {{.*}} : f32
;; CHECK:       math.copysign {{.*}} : f32

;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:       [[X:%.*]] = memref.load
;; CHECK-NEXT:  [[ABS:%.*]] = math.absf [[X]] : f64
;; CHECK-NEXT:  [[NEG:%.*]] = arith.negf [[ABS]] : f64
;; CHECK-NEXT:  [[CEIL:%.*]] = math.ceil [[NEG]] : f64
;; CHECK-NEXT:  [[FLOOR:%.*]] = math.floor [[CEIL]] : f64
;; CHECK-NEXT:  [[TRUNC:%.*]] = math.trunc [[FLOOR]] : f64
;; CHECK-NEXT:  [[NEAREST:%.*]] = math.roundeven [[TRUNC]] : f64
;; CHECK-NEXT:  [[SQRT:%.*]] = math.sqrt [[NEAREST]] : f64
;; CHECK-NEXT:  return [[SQRT]] : f64
;; CHECK-LABEL: func.func @wasm_f4(
;; CHECK:       math.absf {{.*}} : f32
;; CHECK-NEXT:  arith.negf {{.*}} : f32
;; CHECK-NEXT:  math.ceil {{.*}} : f32
;; CHECK-NEXT:  math.floor {{.*}} : f32
;; CHECK-NEXT:  math.trunc {{.*}} : f32
;; CHECK-NEXT:  math.roundeven {{.*}} : f32
;; CHECK-NEXT:  math.sqrt {{.*}} : f32

;; CHECK-LABEL: func.func @wasm_f5(
;; CHECK:       [[EQ:%.*]] = arith.cmpf oeq, {{.*}} : f64
;; CHECK-NEXT:  arith.extui [[EQ]] : i1 to i32
;; CHECK:       arith.cmpf une, {{.*}} : f64
;; CHECK:       arith.cmpf olt, {{.*}} : f64
;; CHECK:       arith.cmpf ogt, {{.*}} : f64
;; CHECK:       arith.cmpf ole, {{.*}} : f64
;; CHECK:       arith.cmpf oge, {{.*}} : f64
;; CHECK-LABEL: func.func @wasm_f6(
;; CHECK:       [[NE:%.*]] = arith.cmpf une, {{.*}} : f32
;; CHECK-NEXT:  arith.extui [[NE]] : i1 to i32

;; CHECK-LABEL: func.func @wasm_f7(
;; CHECK:       arith.addf {{.*}} : f64
;; CHECK-NEXT:  memref.load
;; CHECK-NEXT:  arith.subf {{.*}} : f64
;; CHECK-NEXT:  memref.load
;; CHECK-NEXT:  arith.mulf {{.*}} : f64
;; CHECK-NEXT:  memref.load
;; CHECK-NEXT:  [[R:%.*]] = arith.divf {{.*}} : f64
;; CHECK-NEXT:  return [[R]]

;; x - 0 folds to x: a NaN x is quieted explicitly.
;; CHECK-LABEL: func.func @wasm_f8(
;; CHECK:       [[X:%.*]] = memref.load
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0.000000e+00 : f32
;; CHECK-NEXT:  [[R:%.*]] = arith.subf [[X]], [[ZERO]] : f32
;; CHECK-NEXT:  [[NAN:%.*]] = arith.cmpf uno, [[X]], [[X]] : f32
;; CHECK-NEXT:  [[QUIET:%.*]] = arith.addf [[X]], [[X]] : f32
;; CHECK-NEXT:  [[Q:%.*]] = arith.select [[NAN]], [[QUIET]], [[R]] : f32
;; CHECK-NEXT:  return [[Q]] : f32

;; -1 * x folds to -x.
;; CHECK-LABEL: func.func @wasm_f9(
;; CHECK:       [[M1:%.*]] = arith.constant -1.000000e+00 : f64
;; CHECK-NEXT:  [[X:%.*]] = memref.load
;; CHECK-NEXT:  [[R:%.*]] = arith.mulf [[M1]], [[X]] : f64
;; CHECK-NEXT:  [[NAN:%.*]] = arith.cmpf uno, [[X]], [[X]] : f64
;; CHECK-NEXT:  [[QUIET:%.*]] = arith.addf [[X]], [[X]] : f64
;; CHECK-NEXT:  arith.select [[NAN]], [[QUIET]], [[R]] : f64

;; demote(promote(x)) folds to x.
;; CHECK-LABEL: func.func @wasm_f10(
;; CHECK:       [[X:%.*]] = memref.load
;; CHECK-NEXT:  [[WIDE:%.*]] = arith.extf [[X]] : f32 to f64
;; CHECK-NEXT:  [[R:%.*]] = arith.truncf [[WIDE]] : f64 to f32
;; CHECK-NEXT:  [[NAN:%.*]] = arith.cmpf uno, [[X]], [[X]] : f32
;; CHECK-NEXT:  [[QUIET:%.*]] = arith.addf [[X]], [[X]] : f32
;; CHECK-NEXT:  arith.select [[NAN]], [[QUIET]], [[R]] : f32

;; Other constants invite no fold.
;; CHECK-LABEL: func.func @wasm_f11(
;; CHECK:       [[R:%.*]] = arith.mulf
;; CHECK-NEXT:  return [[R]] : f32
