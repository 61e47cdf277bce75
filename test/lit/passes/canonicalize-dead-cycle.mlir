// RUN: strata-opt %s --wasm-canonicalize | FileCheck %s
// wasm-canonicalize is the canonicalizer with cf.br's block merge declined where the branch's
// block uses values of its successor (only in a cycle the entry cannot reach).

// Live code merges as usual.
// CHECK-LABEL: func.func @merges
// CHECK-NEXT:    wasm.poll
// CHECK-NEXT:    %[[SUM:.*]] = arith.addi %arg1, %arg1 : i32
// CHECK-NEXT:    return %[[SUM]] : i32
func.func @merges(%vmctx: !llvm.ptr, %x: i32) -> i32 {
  wasm.poll
  cf.br ^next(%x : i32)
^next(%v: i32):
  %sum = arith.addi %v, %x : i32
  return %sum : i32
}

// $walk of test/fuzz/regressions/dead-cycle.wat as the frontend emits it, after mem2reg.
// Folding makes ^bb2..^bb11 unreachable, and there ^bb5 passes ^bb3's own argument back to
// it; MLIR's canonicalize frees ^bb3 while it is still used and crashes.
// CHECK-LABEL: func.func @wasm_f1
// CHECK-NEXT:    wasm.stack_check
// CHECK-NEXT:    wasm.poll
// CHECK-NEXT:    wasm.poll
// CHECK-NEXT:    wasm.trap unreachable {offset = 109 : i32}
// CHECK-NEXT:  {{^}}  }
  func.func @wasm_f1(%arg0: !llvm.ptr, %arg1: i32, %arg2: f64, %arg3: i64, %arg4: f32, %arg5: f32) -> f64 {
    %c0_i32 = arith.constant 0 : i32
    %c0_i64 = arith.constant 0 : i64
    wasm.stack_check
    wasm.poll
    cf.br ^bb1(%c0_i32, %c0_i64 : i32, i64)
  ^bb1(%0: i32, %1: i64):  // 2 preds: ^bb0, ^bb13
    wasm.poll
    %c0_i32_0 = arith.constant 0 : i32
    %2 = arith.cmpi ne, %0, %c0_i32_0 : i32
    cf.cond_br %2, ^bb2, ^bb12
  ^bb2:  // pred: ^bb1
    cf.br ^bb3(%1 : i64)
  ^bb3(%3: i64):  // 3 preds: ^bb2, ^bb5, ^bb9
    wasm.poll
    %4 = wasm.call 0() : () -> i32
    %c0_i32_1 = arith.constant 0 : i32
    %5 = arith.cmpi ne, %4, %c0_i32_1 : i32
    cf.cond_br %5, ^bb4, ^bb7
  ^bb4:  // pred: ^bb3
    %c0_i32_2 = arith.constant 0 : i32
    wasm.global_set 0, %c0_i32_2 : i32
    %c0_i32_3 = arith.constant 0 : i32
    %c0_i32_4 = arith.constant 0 : i32
    %c0_i32_5 = arith.constant 0 : i32
    %6 = arith.cmpi ne, %c0_i32_4, %c0_i32_5 : i32
    cf.cond_br %6, ^bb6(%c0_i32_3 : i32), ^bb5
  ^bb5:  // pred: ^bb4
    cf.br ^bb3(%3 : i64)
  ^bb6(%7: i32):  // pred: ^bb4
    cf.br ^bb8(%7 : i32)
  ^bb7:  // pred: ^bb3
    cf.br ^bb11
  ^bb8(%8: i32):  // pred: ^bb6
    %c0_i32_6 = arith.constant 0 : i32
    %9 = arith.cmpi ne, %8, %c0_i32_6 : i32
    cf.cond_br %9, ^bb9, ^bb10
  ^bb9:  // pred: ^bb8
    %c-32767_i64 = arith.constant -32767 : i64
    cf.br ^bb3(%c-32767_i64 : i64)
  ^bb10:  // pred: ^bb8
    %c-28_i32 = arith.constant -28 : i32
    wasm.trap  unreachable {offset = 105 : i32}
  ^bb11:  // pred: ^bb7
    cf.br ^bb13
  ^bb12:  // pred: ^bb1
    wasm.trap  unreachable {offset = 109 : i32}
  ^bb13:  // pred: ^bb11
    %c0_i64_7 = arith.constant 0 : i64
    %10 = arith.cmpi eq, %3, %c0_i64_7 : i64
    %11 = arith.extui %10 : i1 to i32
    %12 = wasm.load %11 offset 4 width 4 : i32
    %c0_i32_8 = arith.constant 0 : i32
    %c0_i32_9 = arith.constant 0 : i32
    %c0_i32_10 = arith.constant 0 : i32
    %13 = arith.cmpi ne, %c0_i32_9, %c0_i32_10 : i32
    cf.cond_br %13, ^bb1(%c0_i32_8, %3 : i32, i64), ^bb14
  ^bb14:  // pred: ^bb13
    wasm.trap  unreachable {offset = 127 : i32}
  }
