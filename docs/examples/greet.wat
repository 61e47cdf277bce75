;; The module the embedding example runs: it greets through a host function and computes
;; Fibonacci numbers.
(module
  (import "env" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from WebAssembly")
  (global $calls (export "calls") (mut i32) (i32.const 0))

  (func (export "greet")
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (call $print (i32.const 16) (i32.const 22)))

  (func $fib (export "fib") (param $n i32) (result i64)
    (if (result i64) (i32.lt_u (local.get $n) (i32.const 2))
      (then (i64.extend_i32_u (local.get $n)))
      (else (i64.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
