;; Values that cross the host boundary unchanged: v128 parameters and results (carried by every
;; engine, with or without SIMD instructions) and lane-wise NaN patterns in expected results.
(module
  (func (export "v128_id") (param v128) (result v128) (local.get 0))
  (func (export "v128_pick") (param i32 v128 v128) (result v128)
    (select (local.get 1) (local.get 2) (local.get 0)))
)

(assert_return (invoke "v128_id" (v128.const i32x4 1 2 3 0xffffffff))
               (v128.const i32x4 1 2 3 0xffffffff))
(assert_return (invoke "v128_id" (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 0xff))
               (v128.const i16x8 0x0100 0x0302 0x0504 0x0706 0x0908 0x0b0a 0x0d0c 0xff0e))
(assert_return (invoke "v128_id" (v128.const f32x4 nan -nan nan:0x600000 1.5))
               (v128.const f32x4 nan:canonical nan:canonical nan:arithmetic 1.5))
(assert_return (invoke "v128_pick" (i32.const 0) (v128.const f64x2 1 2) (v128.const f64x2 -0.0 nan))
               (v128.const f64x2 -0.0 nan:canonical))
(assert_return (invoke "v128_pick" (i32.const 1) (v128.const i64x2 -1 2) (v128.const i64x2 0 0))
               (v128.const i64x2 -1 2))
