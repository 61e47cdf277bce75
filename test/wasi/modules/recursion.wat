;; Recurses without end: the call stack is exhausted, a trap, never a crash. The store after
;; the call keeps the recursion from becoming a loop.
(module
  (memory (export "memory") 1)
  (func $down (param i32)
    (call $down (i32.add (local.get 0) (i32.const 1)))
    (i32.store (i32.const 0) (local.get 0)))
  (func (export "_start") (call $down (i32.const 0))))
