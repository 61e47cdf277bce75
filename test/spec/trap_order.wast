;; A trapping memory access stays in program order: everything the code did before it is
;; visible after the trap (memory, globals), nothing after it is, and an access whose value is
;; unused or cancels out still traps. Native tiers may not remove, hoist, sink or swap such an
;; access; these are the patterns an optimizer would otherwise use.
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "g") (result i32) (global.get $g))
  (func (export "at") (param $a i32) (result i32) (i32.load (local.get $a)))
  (func (export "reset")
    (global.set $g (i32.const 0))
    (i64.store (i32.const 0) (i64.const 0))
    (i64.store (i32.const 8) (i64.const 0))
    (i64.store (i32.const 65528) (i64.const 0)))

  ;; The loaded value cancels out (x - x): the loads are dead but still trap.
  (func (export "cancelled") (param $p i32) (result i32)
    (i32.sub (i32.load (local.get $p)) (i32.load (local.get $p))))
  ;; Loaded into a local that is never read.
  (func (export "unread") (param $p i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load (local.get $p)))
    (i32.const 5))

  ;; A store to a global, then the load: the global is written before the trap.
  (func (export "global-then-load") (param $p i32) (result i32)
    (global.set $g (i32.const 1))
    (i32.load (local.get $p)))
  ;; The load, then a store to a global: the global is not written.
  (func (export "load-then-global") (param $p i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load (local.get $p)))
    (global.set $g (i32.const 1))
    (local.get $x))
  ;; A store to memory, then the load.
  (func (export "store-then-load") (param $p i32) (result i32)
    (i32.store (i32.const 0) (i32.const 7))
    (i32.load (local.get $p)))
  ;; The load, then a store to memory that does not depend on it.
  (func (export "load-then-store") (param $p i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load (local.get $p)))
    (i32.store (i32.const 0) (i32.const 7))
    (local.get $x))

  ;; A loop-invariant load after a global's update in the same iteration: hoisted out of the
  ;; loop it would trap before the first update.
  (func (export "invariant-load") (param $p i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    (local.get $sum))
  ;; A counter kept in a global while a walk runs off the end of memory at its third step:
  ;; kept in a register across the loop, the global would not hold 3 at the trap.
  (func (export "counted-walk") (param $p i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (local.set $sum (i32.add (local.get $sum)
        (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
    (local.get $sum))
  ;; The same walk storing: two steps' stores land, the third traps, none after it.
  (func (export "storing-walk") (param $p i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                 (i32.add (local.get $i) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100)))))

  ;; Two accesses: a store in bounds, then one out of bounds; the first lands.
  (func (export "store-then-bad-store") (param $p i32)
    (i32.store (i32.const 4) (i32.const 9))
    (i32.store (local.get $p) (i32.const 1)))
  ;; Out of bounds first: the store after it does not land.
  (func (export "bad-store-then-store") (param $p i32)
    (i32.store (local.get $p) (i32.const 1))
    (i32.store (i32.const 4) (i32.const 9)))
  ;; An in-bounds store and an out-of-bounds load at independent addresses.
  (func (export "bad-load-then-store") (param $p i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load offset=8 (local.get $p)))
    (i32.store (i32.const 4) (i32.const 9))
    (local.get $x))
  ;; A partially out-of-bounds store writes nothing.
  (func (export "straddling-store")
    (i64.store (i32.const 65532) (i64.const -1)))
  (func (export "last-word") (result i32) (i32.load (i32.const 65532)))
)

(assert_trap (invoke "cancelled" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "cancelled" (i32.const -1)) "out of bounds memory access")
(assert_return (invoke "cancelled" (i32.const 100)) (i32.const 0))
(assert_trap (invoke "unread" (i32.const 65534)) "out of bounds memory access")
(assert_return (invoke "unread" (i32.const 65532)) (i32.const 5))

(invoke "reset")
(assert_trap (invoke "global-then-load" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "g") (i32.const 1))
(invoke "reset")
(assert_trap (invoke "load-then-global" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "g") (i32.const 0))
(invoke "reset")
(assert_trap (invoke "store-then-load" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "at" (i32.const 0)) (i32.const 7))
(invoke "reset")
(assert_trap (invoke "load-then-store" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "at" (i32.const 0)) (i32.const 0))

(invoke "reset")
(assert_trap (invoke "invariant-load" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "g") (i32.const 1))
(invoke "reset")
(assert_return (invoke "invariant-load" (i32.const 0)) (i32.const 0))
(assert_return (invoke "g") (i32.const 10))
(invoke "reset")
(assert_trap (invoke "counted-walk" (i32.const 65528)) "out of bounds memory access")
(assert_return (invoke "g") (i32.const 3))
(invoke "reset")
(assert_trap (invoke "storing-walk" (i32.const 65528)) "out of bounds memory access")
(assert_return (invoke "at" (i32.const 65528)) (i32.const 1))
(assert_return (invoke "at" (i32.const 65532)) (i32.const 2))

(invoke "reset")
(assert_trap (invoke "store-then-bad-store" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "at" (i32.const 4)) (i32.const 9))
(invoke "reset")
(assert_trap (invoke "bad-store-then-store" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "at" (i32.const 4)) (i32.const 0))
(invoke "reset")
(assert_trap (invoke "bad-load-then-store" (i32.const 65530)) "out of bounds memory access")
(assert_return (invoke "at" (i32.const 4)) (i32.const 0))
(invoke "reset")
(assert_trap (invoke "straddling-store") "out of bounds memory access")
(assert_return (invoke "last-word") (i32.const 0))
