;; Instructions that read the result of the one before them. The baseline tier keeps that
;; result in a register too and gives the reader a stencil that takes it from there, except
;; where control can arrive from elsewhere (a branch target, a loop header, a call's return);
;; these cases cover each kind of reader and writer, and those landing places.
(module
  (memory 1)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08")
  (global $g (mut i32) (i32.const 7))
  (func $seven (result i32) (i32.const 7))

  ;; Loads and stores: the loaded value, an address and a stored value from the register.
  (func (export "load-add") (param $p i32) (result i32)
    (i32.add (i32.load (local.get $p)) (i32.const 1)))
  (func (export "add-load") (param $p i32) (result i32)
    (i32.load (i32.add (local.get $p) (i32.const 4))))
  (func (export "store-address") (param $p i32) (param $v i32) (result i32)
    (i32.store (i32.add (local.get $p) (i32.const 8)) (local.get $v))
    (i32.load offset=8 (local.get $p)))
  (func (export "store-value") (param $p i32) (param $v i32) (result i32)
    (i32.store (local.get $p) (i32.mul (local.get $v) (i32.const 3)))
    (i32.load (local.get $p)))
  (func (export "const-store") (param $p i32) (result i64)
    (i64.store (local.get $p) (i64.const 0x0123456789abcdef))
    (i64.load (local.get $p)))

  ;; 64-bit values, wrapping and extension.
  (func (export "i64-chain") (param $x i64) (result i32)
    (i32.wrap_i64 (i64.shr_u (i64.mul (local.get $x) (i64.const 0x100000001)) (i64.const 16))))
  (func (export "extend-chain") (param $x i32) (result i64)
    (i64.add (i64.extend_i32_s (i32.sub (local.get $x) (i32.const 10))) (i64.const 1)))

  ;; Conditions: br_if, select and br_table read a computed value.
  (func (export "compare-branch") (param $x i32) (result i32)
    (block $b
      (br_if $b (i32.eqz (i32.and (local.get $x) (i32.const 1))))
      (return (i32.const 1)))
    (i32.const 0))
  (func (export "select-condition") (param $x i32) (param $y i32) (result i32)
    (select (local.get $x) (local.get $y) (i32.lt_s (local.get $x) (local.get $y))))
  (func (export "table-index") (param $x i32) (result i32)
    (block $two
      (block $one
        (block $zero
          (br_table $zero $one $two (i32.rem_u (local.get $x) (i32.const 3))))
        (return (i32.const 10)))
      (return (i32.const 11)))
    (i32.const 12))

  ;; Globals, and floating-point readers of integer-register writers (a load's bits, a
  ;; constant); floating-point writers leave their result in the float registers, f32 and f64
  ;; apart, for readers of either kind.
  (func (export "global-chain") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.mul (global.get $g) (i32.const 2)))
  (func (export "float-load") (param $p i32) (param $v f64) (result f64)
    (f64.store (local.get $p) (local.get $v))
    (f64.mul (f64.load (local.get $p)) (f64.const 2)))
  (func (export "float-chain") (param $a f64) (param $b f64) (result f64)
    (f64.mul (f64.add (local.get $a) (local.get $b)) (local.get $a)))
  (func (export "float-bits") (param $x f32) (result i32)
    (i32.reinterpret_f32 (f32.neg (local.get $x))))
  (func (export "f32-chain") (param $a f32) (param $b f32) (result f32)
    (f32.sqrt (f32.mul (f32.add (local.get $a) (local.get $b)) (local.get $a))))
  (func (export "promote-demote") (param $a f32) (param $b f64) (result f32)
    (f32.demote_f64 (f64.add (f64.promote_f32 (f32.mul (local.get $a) (local.get $a)))
                             (local.get $b))))
  (func (export "f64-bits") (param $x f64) (result i64)
    (i64.reinterpret_f64 (f64.abs (local.get $x))))
  (func (export "nan-bits") (param $x i32) (result i32)
    (i32.reinterpret_f32 (f32.copysign (f32.reinterpret_i32 (local.get $x)) (f32.const -1))))
  (func (export "float-truncate") (param $a f64) (result i32)
    (i32.trunc_f64_s (f64.mul (f64.convert_i32_s (i32.trunc_f64_s (local.get $a))) (local.get $a))))
  (func (export "float-store") (param $p i32) (param $a f32) (param $b f64) (result f64)
    (f32.store (local.get $p) (f32.neg (local.get $a)))
    (f64.store offset=8 (local.get $p) (f64.neg (local.get $b)))
    (f64.add (f64.promote_f32 (f32.load (local.get $p))) (f64.load offset=8 (local.get $p))))
  (func (export "float-select") (param $a f64) (param $b f64) (result f64)
    (select (f64.sub (local.get $a) (local.get $b)) (local.get $b) (f64.lt (local.get $a) (local.get $b))))
  (func (export "float-block") (param $a f32) (param $c i32) (result f32)
    (f32.add
      (block $b (result f32)
        (drop (br_if $b (f32.mul (local.get $a) (f32.const 2)) (local.get $c)))
        (f32.mul (local.get $a) (f32.const 3)))
      (f32.const 0.5)))

  ;; Landing places. After the `if`, $y is read by an instruction whose predecessor in the
  ;; code wrote $y, but when the `then` arm is skipped the last value computed was $z's.
  (func (export "join") (param $x i32) (result i32)
    (local $y i32) (local $z i32)
    (local.set $y (i32.const 100))
    (local.set $z (i32.add (local.get $x) (i32.const 55)))
    (if (local.get $x)
      (then (local.set $y (i32.add (local.get $x) (i32.const 1)))))
    (i32.mul (local.get $y) (i32.const 2)))
  ;; A loop header: the first instruction of each iteration reads what the last one wrote.
  (func (export "loop-sum") (param $n i32) (result i32)
    (local $s i32) (local $i i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; A call's return: the caller reads the callee's result from its slot.
  (func (export "after-call") (param $x i32) (result i32)
    (i32.add (i32.mul (local.get $x) (i32.const 5)) (call $seven)))
  ;; A block's result arriving by a branch or by falling through.
  (func (export "block-result") (param $x i32) (result i32)
    (i32.add
      (block $b (result i32)
        (drop (br_if $b (i32.const 1000) (i32.ge_s (local.get $x) (i32.const 0))))
        (i32.sub (i32.const 0) (local.get $x)))
      (i32.const 1)))

  ;; Traps with the operand from the register.
  (func (export "load-past-end") (param $p i32) (result i32)
    (i32.load (i32.add (local.get $p) (i32.const 4))))
  (func (export "divide") (param $x i32) (param $y i32) (result i32)
    (i32.div_s (local.get $x) (i32.sub (local.get $y) (i32.const 1)))))

(assert_return (invoke "load-add" (i32.const 16)) (i32.const 67305986))
(assert_return (invoke "add-load" (i32.const 12)) (i32.const 67305985))
(assert_return (invoke "store-address" (i32.const 100) (i32.const 42)) (i32.const 42))
(assert_return (invoke "store-value" (i32.const 200) (i32.const 5)) (i32.const 15))
(assert_return (invoke "const-store" (i32.const 300)) (i64.const 0x0123456789abcdef))
(assert_return (invoke "i64-chain" (i64.const 0x12345)) (i32.const 591724545))
(assert_return (invoke "extend-chain" (i32.const 3)) (i64.const -6))
(assert_return (invoke "compare-branch" (i32.const 4)) (i32.const 0))
(assert_return (invoke "compare-branch" (i32.const 5)) (i32.const 1))
(assert_return (invoke "select-condition" (i32.const -5) (i32.const 2)) (i32.const -5))
(assert_return (invoke "select-condition" (i32.const 7) (i32.const -1)) (i32.const -1))
(assert_return (invoke "table-index" (i32.const 0)) (i32.const 10))
(assert_return (invoke "table-index" (i32.const 4)) (i32.const 11))
(assert_return (invoke "table-index" (i32.const 5)) (i32.const 12))
(assert_return (invoke "global-chain") (i32.const 16))
(assert_return (invoke "global-chain") (i32.const 18))
(assert_return (invoke "float-load" (i32.const 400) (f64.const 1.25)) (f64.const 2.5))
(assert_return (invoke "float-chain" (f64.const 1.5) (f64.const 2)) (f64.const 5.25))
(assert_return (invoke "float-bits" (f32.const 1.5)) (i32.const -1077936128))
(assert_return (invoke "f32-chain" (f32.const 1) (f32.const 3)) (f32.const 2))
(assert_return (invoke "promote-demote" (f32.const 1.5) (f64.const 0.25)) (f32.const 2.5))
(assert_return (invoke "f64-bits" (f64.const -2)) (i64.const 0x4000000000000000))
(assert_return (invoke "nan-bits" (i32.const 0x7fa00001)) (i32.const 0xffa00001))
(assert_return (invoke "float-truncate" (f64.const 2.75)) (i32.const 5))
(assert_return (invoke "float-store" (i32.const 512) (f32.const 1.5) (f64.const 2.25)) (f64.const -3.75))
(assert_return (invoke "float-select" (f64.const 1) (f64.const 4)) (f64.const -3))
(assert_return (invoke "float-select" (f64.const 5) (f64.const 4)) (f64.const 4))
(assert_return (invoke "float-block" (f32.const 2) (i32.const 1)) (f32.const 4.5))
(assert_return (invoke "float-block" (f32.const 2) (i32.const 0)) (f32.const 6.5))
(assert_return (invoke "join" (i32.const 0)) (i32.const 200))
(assert_return (invoke "join" (i32.const 4)) (i32.const 10))
(assert_return (invoke "loop-sum" (i32.const 10)) (i32.const 45))
(assert_return (invoke "loop-sum" (i32.const 1)) (i32.const 0))
(assert_return (invoke "after-call" (i32.const 3)) (i32.const 22))
(assert_return (invoke "block-result" (i32.const 5)) (i32.const 1001))
(assert_return (invoke "block-result" (i32.const -5)) (i32.const 6))
(assert_return (invoke "load-past-end" (i32.const 65528)) (i32.const 0))
(assert_trap (invoke "load-past-end" (i32.const 65530)) "out of bounds memory access")
(assert_return (invoke "divide" (i32.const 20) (i32.const 5)) (i32.const 5))
(assert_trap (invoke "divide" (i32.const 20) (i32.const 1)) "integer divide by zero")
