;; A named hot function, exported and called once from a named driver: under jit and tiered its native code
;; is listed in the perf map under the name section's names, and perf attributes the loop's
;; samples to it.
(module
  (func $hot_loop (export "hot_loop") (param $n i32) (result i64) (local $i i32) (local $s i64)
    ;; A chain of multiplications, one per iteration, that LLVM can neither vectorize nor sum
    ;; in closed form: the time goes where the profile should show it.
    (loop $l
      (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 6364136223846793005))
                             (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func $driver (export "run") (param $n i32) (result i64)
    (call $hot_loop (local.get $n))))
