// RUN: strata-opt %s --convert-wasm-to-llvm | FileCheck %s
// Traps call strata_rt_trap(vmctx, kind, function index, byte offset) in a cold block that
// ends in unreachable; the function index is -1 outside wasm functions, the offset -1 when
// the op has none.

// CHECK-LABEL: func.func @trap
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr)
// CHECK-NEXT:    %[[KIND:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[FN:.*]] = llvm.mlir.constant(7 : i32) : i32
// CHECK-NEXT:    %[[OFF:.*]] = llvm.mlir.constant(42 : i32) : i32
// CHECK-NEXT:    llvm.call @strata_rt_trap(%[[VM]], %[[KIND]], %[[FN]], %[[OFF]]) : (!llvm.ptr, i32, i32, i32) -> ()
// CHECK-NEXT:    llvm.unreachable
func.func @trap(%vmctx: !llvm.ptr) attributes {wasm.function_index = 7 : i32} {
  wasm.trap unreachable {offset = 42 : i32}
}

// CHECK-LABEL: func.func @trap_if
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr, %[[C:.*]]: i1)
// CHECK-NEXT:    %[[KIND:.*]] = llvm.mlir.constant(7 : i32) : i32
// CHECK-NEXT:    llvm.cond_br %[[C]] weights([1, 1048576]), ^[[COLD:bb[0-9]+]], ^[[CONT:bb[0-9]+]]
// CHECK-NEXT:  ^[[CONT]]:
// CHECK-NEXT:    return
// CHECK-NEXT:  ^[[COLD]]:
// CHECK-NEXT:    %[[FN:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK-NEXT:    %[[OFF:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK-NEXT:    llvm.call @strata_rt_trap(%[[VM]], %[[KIND]], %[[FN]], %[[OFF]])
// CHECK-NEXT:    llvm.unreachable
func.func @trap_if(%vmctx: !llvm.ptr, %c: i1) {
  wasm.trap_if %c, integer_divide_by_zero
  return
}

// Trapping truncation: x must lie strictly between the exact bounds of the result type (or
// reach the lower bound itself when the float below it is not representable); the cold path
// tells NaN (invalid_conversion, 9) from overflow (integer_overflow, 8).
// CHECK-LABEL: func.func @trunc_f64_i32_s
// CHECK-SAME:    (%{{.*}}: !llvm.ptr, %[[X:.*]]: f64)
// -2147483649 and 2147483648 are printed as their bits.
// CHECK:         %[[LO:.*]] = llvm.mlir.constant(0xC1E0000000200000 : f64) : f64
// CHECK-NEXT:    %[[ABOVE:.*]] = llvm.fcmp "ogt" %[[X]], %[[LO]] : f64
// CHECK-NEXT:    %[[HI:.*]] = llvm.mlir.constant(0x41E0000000000000 : f64) : f64
// CHECK-NEXT:    %[[BELOW:.*]] = llvm.fcmp "olt" %[[X]], %[[HI]] : f64
// CHECK-NEXT:    %[[IN:.*]] = llvm.and %[[ABOVE]], %[[BELOW]]
// CHECK:         %[[OUT:.*]] = llvm.xor %[[IN]]
// CHECK-NEXT:    llvm.cond_br %[[OUT]] weights([1, 1048576]), ^[[COLD:bb[0-9]+]], ^[[CONT:bb[0-9]+]]
// CHECK:       ^[[CONT]]:
// CHECK-NEXT:    llvm.fptosi %[[X]] : f64 to i32
// CHECK:       ^[[COLD]]:
// CHECK-NEXT:    %[[NAN:.*]] = llvm.fcmp "uno" %[[X]], %[[X]] : f64
// CHECK-NEXT:    %[[INVALID:.*]] = llvm.mlir.constant(9 : i32) : i32
// CHECK-NEXT:    %[[OVERFLOW:.*]] = llvm.mlir.constant(8 : i32) : i32
// CHECK-NEXT:    %[[KIND:.*]] = llvm.select %[[NAN]], %[[INVALID]], %[[OVERFLOW]] : i1, i32
// CHECK-NEXT:    %[[FN:.*]] = llvm.mlir.constant(-1 : i32)
// CHECK-NEXT:    %[[OFF:.*]] = llvm.mlir.constant(12 : i32)
// CHECK-NEXT:    llvm.call @strata_rt_trap(%{{.*}}, %[[KIND]], %[[FN]], %[[OFF]])
func.func @trunc_f64_i32_s(%vmctx: !llvm.ptr, %x: f64) -> i32 {
  %0 = wasm.trunc %x {is_signed, offset = 12 : i32} : f64 to i32
  return %0 : i32
}

// CHECK-LABEL: func.func @trunc_bounds
// f32 -> i32 signed: -2^31 - 1 is not an f32, so x >= -2^31.
// CHECK:         llvm.mlir.constant(-2.14748365E+9 : f32)
// CHECK-NEXT:    llvm.fcmp "oge"
// CHECK-NEXT:    llvm.mlir.constant(2.14748365E+9 : f32)
// CHECK-NEXT:    llvm.fcmp "olt"
// CHECK:         llvm.fptosi %{{.*}} : f32 to i32
// f64 -> i64 signed: x >= -2^63, x < 2^63.
// CHECK:         llvm.mlir.constant(-9.2233720368547758E+18 : f64)
// CHECK-NEXT:    llvm.fcmp "oge"
// CHECK-NEXT:    llvm.mlir.constant(9.2233720368547758E+18 : f64)
// CHECK-NEXT:    llvm.fcmp "olt"
// CHECK:         llvm.fptosi %{{.*}} : f64 to i64
// f32 -> i32 unsigned: x > -1, x < 2^32.
// CHECK:         llvm.mlir.constant(-1.000000e+00 : f32)
// CHECK-NEXT:    llvm.fcmp "ogt"
// CHECK-NEXT:    llvm.mlir.constant(4.2949673E+9 : f32)
// CHECK-NEXT:    llvm.fcmp "olt"
// CHECK:         llvm.fptoui %{{.*}} : f32 to i32
// f64 -> i64 unsigned: x > -1, x < 2^64.
// CHECK:         llvm.mlir.constant(-1.000000e+00 : f64)
// CHECK-NEXT:    llvm.fcmp "ogt"
// CHECK-NEXT:    llvm.mlir.constant(1.8446744073709552E+19 : f64)
// CHECK-NEXT:    llvm.fcmp "olt"
// CHECK:         llvm.fptoui %{{.*}} : f64 to i64
func.func @trunc_bounds(%vmctx: !llvm.ptr, %f: f32, %d: f64) {
  %0 = wasm.trunc %f {is_signed} : f32 to i32
  %1 = wasm.trunc %d {is_signed} : f64 to i64
  %2 = wasm.trunc %f : f32 to i32
  %3 = wasm.trunc %d : f64 to i64
  return
}

// Saturating truncation is LLVM's fpto[su]i.sat.
// CHECK-LABEL: func.func @trunc_sat
// CHECK-NOT:     llvm.cond_br
// CHECK:         llvm.call_intrinsic "llvm.fptosi.sat"(%{{.*}}) : (f32) -> i64
// CHECK:         llvm.call_intrinsic "llvm.fptoui.sat"(%{{.*}}) : (f64) -> i32
func.func @trunc_sat(%vmctx: !llvm.ptr, %f: f32, %d: f64) {
  %0 = wasm.trunc %f {is_signed, saturating} : f32 to i64
  %1 = wasm.trunc %d {saturating} : f64 to i32
  return
}
