;; An exported function that calls another, which traps: under gdb, a breakpoint on the
;; runtime's trap function shows both Wasm functions' native frames in the backtrace.
(module
  (func $inner (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const 3)) (then unreachable))
    (i32.add (local.get 0) (i32.const 1)))
  (func $outer (export "run") (param i32) (result i32)
    (call $inner (local.get 0))))
