;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir %t.wasm | FileCheck %s
;; A v128 is vector<4xi32> in parameters, results, locals, globals and block arguments; each
;; instruction bitcasts it to its lanes. One function per instruction group.
(module
  (memory 1)
  (global $g (mut v128) (v128.const i64x2 0 0))
  (func (export "lanewise") (param v128 v128) (result v128)
    (i16x8.sub (i8x16.add (local.get 0) (local.get 1)) (local.get 1)))
  (func (export "compare") (param v128 v128) (result v128) (f64x2.lt (local.get 0) (local.get 1)))
  (func (export "saturate") (param v128 v128) (result v128) (i8x16.sub_sat_u (local.get 0) (local.get 1)))
  (func (export "shift") (param v128 i32) (result v128) (i64x2.shr_s (local.get 0) (local.get 1)))
  (func (export "reduce") (param v128) (result i32)
    (i32.add (i32x4.all_true (local.get 0)) (i8x16.bitmask (local.get 0))))
  (func (export "lanes") (param v128 f32) (result i32)
    (i8x16.extract_lane_s 3 (f32x4.replace_lane 1 (local.get 0) (local.get 1))))
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get 0) (local.get 1)))
  (func (export "narrow") (param v128 v128) (result v128) (i8x16.narrow_i16x8_u (local.get 0) (local.get 1)))
  (func (export "extend") (param v128) (result v128) (i32x4.extend_high_i16x8_s (local.get 0)))
  (func (export "minimum") (param v128 v128) (result v128) (f32x4.min (local.get 0) (local.get 1)))
  (func (export "convert") (param v128) (result v128) (i32x4.trunc_sat_f32x4_u (local.get 0)))
  (func (export "memory") (param i32 v128) (result v128)
    (v128.store offset=16 (local.get 0) (local.get 1))
    (v128.load16_lane 5 (local.get 0) (v128.load32_splat (local.get 0))))
  (func (export "global") (result v128) (global.get $g))
)

;; CHECK-LABEL: func.func @wasm_f0(%arg0: !llvm.ptr, %arg1: vector<4xi32>, %arg2: vector<4xi32>) -> vector<4xi32>
;; CHECK:         memref.alloca() : memref<vector<4xi32>>
;; CHECK:         llvm.bitcast %{{.*}} : vector<4xi32> to vector<16xi8>
;; CHECK:         arith.addi %{{.*}} : vector<16xi8>
;; CHECK:         llvm.bitcast %{{.*}} : vector<16xi8> to vector<4xi32>
;; CHECK:         arith.subi %{{.*}} : vector<8xi16>

;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:         %[[LT:.*]] = arith.cmpf olt, %{{.*}} : vector<2xf64>
;; CHECK:         arith.extsi %[[LT]] : vector<2xi1> to vector<2xi64>

;; CHECK-LABEL: func.func @wasm_f2(
;; CHECK:         llvm.call_intrinsic "llvm.usub.sat"(%{{.*}}) : (vector<16xi8>, vector<16xi8>) -> vector<16xi8>

;; The count is taken modulo 64 and widened to the lanes.
;; CHECK-LABEL: func.func @wasm_f3(
;; CHECK:         arith.andi %{{.*}}, %c63_i32 : i32
;; CHECK:         arith.extui %{{.*}} : i32 to i64
;; CHECK:         llvm.shufflevector %{{.*}} [0, 0] : vector<2xi64>
;; CHECK:         arith.shrsi %{{.*}} : vector<2xi64>

;; CHECK-LABEL: func.func @wasm_f4(
;; CHECK:         arith.cmpi ne, %{{.*}} : vector<4xi32>
;; CHECK:         llvm.call_intrinsic "llvm.vector.reduce.and"(%{{.*}}) : (vector<4xi1>) -> i1
;; CHECK:         %[[NEG:.*]] = arith.cmpi slt, %{{.*}} : vector<16xi8>
;; CHECK:         llvm.bitcast %[[NEG]] : vector<16xi1> to i16

;; CHECK-LABEL: func.func @wasm_f5(
;; CHECK:         llvm.insertelement %{{.*}} : vector<4xf32>
;; CHECK:         %[[LANE:.*]] = llvm.extractelement %{{.*}} : vector<16xi8>
;; CHECK:         arith.extsi %[[LANE]] : i8 to i32

;; CHECK-LABEL: func.func @wasm_f6(
;; CHECK:         llvm.shufflevector %{{.*}} [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23] : vector<16xi8>

;; Signed 16-bit lanes clamped to 0..255, then truncated and joined.
;; CHECK-LABEL: func.func @wasm_f7(
;; CHECK:         arith.maxsi %{{.*}} : vector<8xi16>
;; CHECK:         arith.minsi %{{.*}} : vector<8xi16>
;; CHECK:         arith.trunci %{{.*}} : vector<8xi16> to vector<8xi8>
;; CHECK:         llvm.shufflevector %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : vector<8xi8>

;; CHECK-LABEL: func.func @wasm_f8(
;; CHECK:         llvm.shufflevector %{{.*}} [4, 5, 6, 7] : vector<8xi16>
;; CHECK:         arith.extsi %{{.*}} : vector<4xi16> to vector<4xi32>

;; min propagates NaN and orders -0 below +0 (minimumf); a NaN result is quieted.
;; CHECK-LABEL: func.func @wasm_f9(
;; CHECK:         %[[MIN:.*]] = arith.minimumf %{{.*}} : vector<4xf32>
;; CHECK:         %[[NAN:.*]] = arith.cmpf uno, %{{.*}} : vector<4xf32>
;; CHECK:         arith.select %[[NAN]], %{{.*}}, %[[MIN]] : vector<4xi1>, vector<4xf32>

;; CHECK-LABEL: func.func @wasm_f10(
;; CHECK:         llvm.call_intrinsic "llvm.fptoui.sat"(%{{.*}}) : (vector<4xf32>) -> vector<4xi32>

;; A whole v128 is one 16-byte access; a lane or a splat is a scalar one.
;; CHECK-LABEL: func.func @wasm_f11(
;; CHECK:         wasm.store %{{.*}}, %{{.*}} offset 16 width 16 : vector<4xi32>
;; CHECK:         wasm.load %{{.*}} offset 0 width 4 : i32
;; CHECK:         wasm.load %{{.*}} offset 0 width 2 : i32
;; CHECK:         arith.trunci %{{.*}} : i32 to i16
;; CHECK:         llvm.insertelement %{{.*}} : vector<8xi16>

;; CHECK-LABEL: func.func @wasm_f12(
;; CHECK:         wasm.global_get 0 : vector<4xi32>
