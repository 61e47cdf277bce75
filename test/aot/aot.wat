;; A module for ahead-of-time objects: recursion through direct calls, a memory access at the
;; end of memory, a trap two calls deep and a call through the table.
(module
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $fib)
  (type $unary (func (param i32) (result i32)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $load (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_via") (param i32) (result i32) (call $load (local.get 0)))
  (func (export "fib_indirect") (param i32) (result i32)
    (call_indirect (type $unary) (local.get 0) (i32.const 0))))
