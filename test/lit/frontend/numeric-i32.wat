;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; i32 arithmetic, bitwise operations, shifts, rotations, bit counts, comparisons and sign
;; extension: the guards that pin down LLVM's undefined and poison cases are part of the IR.
(module
  (func (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.rem_u (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.shr_u (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1)))
  (func (param i32) (result i32)
    (i32.xor (i32.or (i32.clz (local.get 0)) (i32.ctz (local.get 0)))
             (i32.and (i32.popcnt (local.get 0)) (i32.mul (local.get 0) (i32.sub (local.get 0) (local.get 0))))))
  (func (param i32 i32) (result i32) (i32.lt_s (local.get 0) (local.get 1)))
  (func (param i32) (result i32) (i32.eqz (local.get 0)))
  (func (param i32) (result i32) (i32.extend8_s (local.get 0)))
  (func (param i32) (result i32) (i32.extend16_s (local.get 0)))
  (func (param i32 i32) (result i32)
    (i32.eq (local.get 0) (local.get 1)) (i32.ne (local.get 0) (local.get 1)) (i32.add)
    (i32.lt_u (local.get 0) (local.get 1)) (i32.add)
    (i32.gt_s (local.get 0) (local.get 1)) (i32.add)
    (i32.gt_u (local.get 0) (local.get 1)) (i32.add)
    (i32.le_s (local.get 0) (local.get 1)) (i32.add)
    (i32.le_u (local.get 0) (local.get 1)) (i32.add)
    (i32.ge_s (local.get 0) (local.get 1)) (i32.add)
    (i32.ge_u (local.get 0) (local.get 1)) (i32.add))
)

;; CHECK-LABEL: func.func @wasm_f0(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[R:%.*]] = arith.addi [[A]], [[B]] : i32
;; CHECK-NEXT:  return [[R]] : i32

;; div_s: traps on a zero divisor, then on INT_MIN / -1, before the division.
;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  [[ISZERO:%.*]] = arith.cmpi eq, [[B]], [[ZERO]] : i32
;; CHECK-NEXT:  wasm.trap_if [[ISZERO]], integer_divide_by_zero {offset = {{[0-9]+}} : i32}
;; CHECK-NEXT:  [[M1:%.*]] = arith.constant -1 : i32
;; CHECK-NEXT:  [[ISM1:%.*]] = arith.cmpi eq, [[B]], [[M1]] : i32
;; CHECK-NEXT:  [[MIN:%.*]] = arith.constant -2147483648 : i32
;; CHECK-NEXT:  [[ISMIN:%.*]] = arith.cmpi eq, [[A]], [[MIN]] : i32
;; CHECK-NEXT:  [[OVERFLOW:%.*]] = arith.andi [[ISMIN]], [[ISM1]] : i1
;; CHECK-NEXT:  wasm.trap_if [[OVERFLOW]], integer_overflow {offset = {{[0-9]+}} : i32}
;; CHECK-NEXT:  [[R:%.*]] = arith.divsi [[A]], [[B]] : i32
;; CHECK-NEXT:  return [[R]]

;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  [[ISZERO:%.*]] = arith.cmpi eq, [[B]], [[ZERO]] : i32
;; CHECK-NEXT:  wasm.trap_if [[ISZERO]], integer_divide_by_zero
;; CHECK-NOT:   integer_overflow
;; CHECK-NEXT:  arith.divui [[A]], [[B]] : i32

;; rem_s: INT_MIN % -1 is 0 in Wasm but UB in LLVM, so -1 becomes 1 (x % 1 is 0 too).
;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  [[ISZERO:%.*]] = arith.cmpi eq, [[B]], [[ZERO]] : i32
;; CHECK-NEXT:  wasm.trap_if [[ISZERO]], integer_divide_by_zero
;; CHECK-NEXT:  [[M1:%.*]] = arith.constant -1 : i32
;; CHECK-NEXT:  [[ISM1:%.*]] = arith.cmpi eq, [[B]], [[M1]] : i32
;; CHECK-NEXT:  [[ONE:%.*]] = arith.constant 1 : i32
;; CHECK-NEXT:  [[DIVISOR:%.*]] = arith.select [[ISM1]], [[ONE]], [[B]] : i32
;; CHECK-NEXT:  [[R:%.*]] = arith.remsi [[A]], [[DIVISOR]] : i32
;; CHECK-NEXT:  return [[R]]

;; CHECK-LABEL: func.func @wasm_f4(
;; CHECK:       wasm.trap_if {{.*}}, integer_divide_by_zero
;; CHECK-NEXT:  arith.remui

;; Shift counts are taken modulo 32.
;; CHECK-LABEL: func.func @wasm_f5(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[MASK:%.*]] = arith.constant 31 : i32
;; CHECK-NEXT:  [[COUNT:%.*]] = arith.andi [[B]], [[MASK]] : i32
;; CHECK-NEXT:  arith.shli [[A]], [[COUNT]] : i32
;; CHECK-LABEL: func.func @wasm_f6(
;; CHECK:       [[COUNT:%.*]] = arith.andi {{.*}} : i32
;; CHECK-NEXT:  arith.shrsi {{.*}}, [[COUNT]] : i32
;; CHECK-LABEL: func.func @wasm_f7(
;; CHECK:       [[COUNT:%.*]] = arith.andi {{.*}} : i32
;; CHECK-NEXT:  arith.shrui {{.*}}, [[COUNT]] : i32

;; Rotations: x << (c & 31) | x >> (-c & 31).
;; CHECK-LABEL: func.func @wasm_f8(
;; CHECK:       [[A:%.*]] = memref.load
;; CHECK-NEXT:  [[B:%.*]] = memref.load
;; CHECK-NEXT:  [[MASK:%.*]] = arith.constant 31 : i32
;; CHECK-NEXT:  [[FWD:%.*]] = arith.andi [[B]], [[MASK]] : i32
;; CHECK-NEXT:  [[ZERO:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  [[NEG:%.*]] = arith.subi [[ZERO]], [[B]] : i32
;; CHECK-NEXT:  [[BWD:%.*]] = arith.andi [[NEG]], [[MASK]] : i32
;; CHECK-NEXT:  [[HI:%.*]] = arith.shli [[A]], [[FWD]] : i32
;; CHECK-NEXT:  [[LO:%.*]] = arith.shrui [[A]], [[BWD]] : i32
;; CHECK-NEXT:  arith.ori [[HI]], [[LO]] : i32
;; CHECK-LABEL: func.func @wasm_f9(
;; CHECK:       [[HI:%.*]] = arith.shrui
;; CHECK-NEXT:  [[LO:%.*]] = arith.shli
;; CHECK-NEXT:  arith.ori [[HI]], [[LO]] : i32

;; CHECK-LABEL: func.func @wasm_f10(
;; CHECK:       math.ctlz {{.*}} : i32
;; CHECK:       math.cttz {{.*}} : i32
;; CHECK:       arith.ori
;; CHECK:       math.ctpop {{.*}} : i32
;; CHECK:       arith.subi
;; CHECK-NEXT:  arith.muli
;; CHECK-NEXT:  arith.andi
;; CHECK-NEXT:  arith.xori

;; Comparisons give an i32 0 or 1.
;; CHECK-LABEL: func.func @wasm_f11(
;; CHECK:       [[C:%.*]] = arith.cmpi slt, {{.*}} : i32
;; CHECK-NEXT:  [[R:%.*]] = arith.extui [[C]] : i1 to i32
;; CHECK-NEXT:  return [[R]]
;; CHECK-LABEL: func.func @wasm_f12(
;; CHECK:       [[ZERO:%.*]] = arith.constant 0 : i32
;; CHECK-NEXT:  [[C:%.*]] = arith.cmpi eq, {{.*}}, [[ZERO]] : i32
;; CHECK-NEXT:  arith.extui [[C]] : i1 to i32

;; CHECK-LABEL: func.func @wasm_f13(
;; CHECK:       [[N:%.*]] = arith.trunci {{.*}} : i32 to i8
;; CHECK-NEXT:  arith.extsi [[N]] : i8 to i32
;; CHECK-LABEL: func.func @wasm_f14(
;; CHECK:       [[N:%.*]] = arith.trunci {{.*}} : i32 to i16
;; CHECK-NEXT:  arith.extsi [[N]] : i16 to i32

;; CHECK-LABEL: func.func @wasm_f15(
;; CHECK:       arith.cmpi eq,
;; CHECK:       arith.cmpi ne,
;; CHECK:       arith.cmpi ult,
;; CHECK:       arith.cmpi sgt,
;; CHECK:       arith.cmpi ugt,
;; CHECK:       arith.cmpi sle,
;; CHECK:       arith.cmpi ule,
;; CHECK:       arith.cmpi sge,
;; CHECK:       arith.cmpi uge,
