;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; i64 instructions: the same guards as i32 at 64 bits, comparisons that still give i32, and
;; the conversions between the two integer widths.
(module
  (func (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  (func (param i64 i64) (result i64)
    (i64.div_u (local.get 0) (local.get 1)) (i64.rem_u (local.get 0) (local.get 1)) (i64.add))
  (func (param i64 i64) (result i64)
    (i64.shl (local.get 0) (local.get 1)) (i64.shr_s (local.get 0) (local.get 1)) (i64.sub)
    (i64.shr_u (local.get 0) (local.get 1)) (i64.mul))
  (func (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
  (func (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
  (func (param i64) (result i64)
    (i64.and (i64.clz (local.get 0)) (i64.or (i64.ctz (local.get 0)) (i64.xor (i64.popcnt (local.get 0)) (local.get 0)))))
  (func (param i64 i64) (result i32) (i64.ge_u (local.get 0) (local.get 1)))
  (func (param i64) (result i32) (i64.eqz (local.get 0)))
  (func (param i64) (result i64)
    (i64.extend8_s (local.get 0)) (i64.extend16_s) (i64.extend32_s))
  (func (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
  (func (param i32) (result i64)
    (i64.add (i64.extend_i32_s (local.get 0)) (i64.extend_i32_u (local.get 0))))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK-SAME:    %arg1: i64, %arg2: i64) -> i64
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0 : i64
;; CHECK-NEXT:  [[ISZERO:%.*]] = arith.cmpi eq, [[B]], [[ZERO]] : i64
;; CHECK-NEXT:  wasm.trap_if [[ISZERO]], integer_divide_by_zero
;; CHECK-NEXT:  [[M1:%.*]] = arith.constant -1 : i64
;; CHECK-NEXT:  [[ISM1:%.*]] = arith.cmpi eq, [[B]], [[M1]] : i64
;; CHECK-NEXT:  [[MIN:%.*]] = arith.constant -9223372036854775808 : i64
;; CHECK-NEXT:  [[ISMIN:%.*]] = arith.cmpi eq, [[A]], [[MIN]] : i64
;; CHECK-NEXT:  [[OVERFLOW:%.*]] = arith.andi [[ISMIN]], [[ISM1]] : i1
;; CHECK-NEXT:  wasm.trap_if [[OVERFLOW]], integer_overflow
;; CHECK-NEXT:  arith.divsi [[A]], [[B]] : i64

;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:       wasm.trap_if {{.*}}, integer_divide_by_zero
;; CHECK-NEXT:  [[M1:%.*]] = arith.constant -1 : i64
;; CHECK-NEXT:  [[ISM1:%.*]] = arith.cmpi eq, [[B:%.*]], [[M1]] : i64
;; CHECK-NEXT:  [[ONE:%.*]] = arith.constant 1 : i64
;; CHECK-NEXT:  [[DIVISOR:%.*]] = arith.select [[ISM1]], [[ONE]], [[B]] : i64
;; CHECK-NEXT:  arith.remsi {{.*}}, [[DIVISOR]] : i64

;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:       wasm.trap_if {{.*}}, integer_divide_by_zero
;; CHECK-NEXT:  arith.divui {{.*}} : i64
;; CHECK:       wasm.trap_if {{.*}}, integer_divide_by_zero
;; CHECK-NEXT:  arith.remui {{.*}} : i64

;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:       [[MASK:%.*]] = arith.constant 63 : i64
;; CHECK-NEXT:  [[COUNT:%.*]] = arith.andi {{.*}}, [[MASK]] : i64
;; CHECK-NEXT:  arith.shli {{.*}}, [[COUNT]] : i64
;; CHECK:       [[MASK:%.*]] = arith.constant 63 : i64
;; CHECK-NEXT:  [[COUNT:%.*]] = arith.andi {{.*}}, [[MASK]] : i64
;; CHECK-NEXT:  arith.shrsi {{.*}}, [[COUNT]] : i64
;; CHECK:       [[MASK:%.*]] = arith.constant 63 : i64
;; CHECK-NEXT:  [[COUNT:%.*]] = arith.andi {{.*}}, [[MASK]] : i64
;; CHECK-NEXT:  arith.shrui {{.*}}, [[COUNT]] : i64

;; CHECK-LABEL: func.func @wasm_f4(
;; CHECK:       [[MASK:%.*]] = arith.constant 63 : i64
;; CHECK-NEXT:  [[FWD:%.*]] = arith.andi [[B:%.*]], [[MASK]] : i64
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0 : i64
;; CHECK-NEXT:  [[NEG:%.*]] = arith.subi [[ZERO]], [[B]] : i64
;; CHECK-NEXT:  [[BWD:%.*]] = arith.andi [[NEG]], [[MASK]] : i64
;; CHECK-NEXT:  [[HI:%.*]] = arith.shli [[A:%.*]], [[FWD]] : i64
;; CHECK-NEXT:  [[LO:%.*]] = arith.shrui [[A]], [[BWD]] : i64
;; CHECK-NEXT:  arith.ori [[HI]], [[LO]] : i64
;; CHECK-LABEL: func.func @wasm_f5(
;; CHECK:       [[HI:%.*]] = arith.shrui [[A:%.*]], {{.*}} : i64
;; CHECK-NEXT:  [[LO:%.*]] = arith.shli [[A]], {{.*}} : i64
;; CHECK-NEXT:  arith.ori [[HI]], [[LO]] : i64

;; CHECK-LABEL: func.func @wasm_f6(
;; CHECK:       math.ctlz {{.*}} : i64
;; CHECK:       math.cttz {{.*}} : i64
;; CHECK:       math.ctpop {{.*}} : i64
;; CHECK:       arith.xori
;; CHECK-NEXT:  arith.ori
;; CHECK-NEXT:  arith.andi

;; CHECK-LABEL: func.func @wasm_f7(
;; CHECK-SAME:    -> i32
;; CHECK:       [[C:%.*]] = arith.cmpi uge, {{.*}} : i64
;; CHECK-NEXT:  [[R:%.*]] = arith.extui [[C]] : i1 to i32
;; CHECK-NEXT:  return [[R]] : i32
;; CHECK-LABEL: func.func @wasm_f8(
;; CHECK:       [[ZERO:%.*]] = arith.constant 0 : i64
;; CHECK-NEXT:  [[C:%.*]] = arith.cmpi eq, {{.*}}, [[ZERO]] : i64
;; CHECK-NEXT:  arith.extui [[C]] : i1 to i32

;; CHECK-LABEL: func.func @wasm_f9(
;; CHECK:       [[N8:%.*]] = arith.trunci {{.*}} : i64 to i8
;; CHECK-NEXT:  [[E8:%.*]] = arith.extsi [[N8]] : i8 to i64
;; CHECK-NEXT:  [[N16:%.*]] = arith.trunci [[E8]] : i64 to i16
;; CHECK-NEXT:  [[E16:%.*]] = arith.extsi [[N16]] : i16 to i64
;; CHECK-NEXT:  [[N32:%.*]] = arith.trunci [[E16]] : i64 to i32
;; CHECK-NEXT:  arith.extsi [[N32]] : i32 to i64

;; CHECK-LABEL: func.func @wasm_f10(
;; CHECK:       arith.trunci {{.*}} : i64 to i32
;; CHECK-LABEL: func.func @wasm_f11(
;; CHECK:       arith.extsi {{.*}} : i32 to i64
;; CHECK:       arith.extui {{.*}} : i32 to i64
