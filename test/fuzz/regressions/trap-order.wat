;; The trap-order patterns of test/spec/trap_order.wast in the fuzzer's form: every export is
;; called in order with no arguments, and the memory's hash follows each call. The addresses
;; come from a global, so no tier sees them as constants. Before exact traps, jit at -O2 wrote
;; the counter and the stores too late and dropped the cancelled loads.
(module
  (memory (export "memory") 1)
  (global $count (export "count") (mut i32) (i32.const 0))
  (global $edge (mut i32) (i32.const 65528))
  (func $reset (global.set $count (i32.const 0)))

  (func (export "cancelled") (result i32)
    (local $p i32)
    (local.set $p (i32.add (global.get $edge) (i32.const 8)))
    (i32.sub (i32.load (local.get $p)) (i32.load (local.get $p))))

  (func (export "invariant-load") (result i32)
    (local $p i32) (local $i i32) (local $sum i32)
    (call $reset)
    (local.set $p (i32.add (global.get $edge) (i32.const 8)))
    (loop $l
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    (local.get $sum))
  (func (export "count-after-invariant-load") (result i32) (global.get $count))

  (func (export "counted-walk") (result i32)
    (local $i i32) (local $sum i32)
    (call $reset)
    (loop $l
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (local.set $sum (i32.add (local.get $sum)
        (i32.load (i32.add (global.get $edge) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
    (local.get $sum))
  (func (export "count-after-walk") (result i32) (global.get $count))

  (func (export "storing-walk")
    (local $i i32)
    (loop $l
      (i32.store (i32.add (global.get $edge) (i32.shl (local.get $i) (i32.const 2)))
                 (i32.add (local.get $i) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100)))))

  (func (export "store-then-bad-store")
    (i32.store (i32.const 4) (i32.const 9))
    (i32.store (i32.add (global.get $edge) (i32.const 8)) (i32.const 1)))
  (func (export "bad-store-then-store")
    (i32.store (i32.add (global.get $edge) (i32.const 8)) (i32.const 1))
    (i32.store (i32.const 12) (i32.const 9)))
  (func (export "straddling-store")
    (i64.store (i32.add (global.get $edge) (i32.const 4)) (i64.const -1)))
  (func (export "walk-in-bounds") (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (i32.load (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
    (local.get $sum)))
