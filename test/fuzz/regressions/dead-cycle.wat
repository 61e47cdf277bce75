;; The MLIR tier's compiler crashed (heap corruption) on every configuration that compiled
;; $walk. $go is zero on every path, so once mem2reg and folding see that, the inner loop is a
;; cycle the entry cannot reach, in which a branch passes its successor's own block argument
;; back to it. MLIR 19's cf.br canonicalization merged that successor into the branch's block
;; and freed it while still in use. Calling $walk traps at its first `unreachable`.
(module
  (memory (export "memory") 1)
  (global $flag (export "flag") (mut i32) (i32.const 10))

  (func $never (result i32) (unreachable))

  (func $walk (export "walk") (result f64)
    (local $go i32) (local $wide i64)
    (loop $outer
      (if (local.get $go)
        (then
          (loop $inner
            (block $leave
              (if (result i32) (call $never)
                (then
                  (block (result i32)
                    (global.set $flag (i32.const 0))
                    (br_if 0 (i32.const 0) (i32.const 0))
                    (drop)
                    (br $inner)))
                (else (br $leave)))
              (if (result i32)
                (then (local.set $wide (i64.const -32767)) (br $inner))
                (else (i32.const -28)))
              (drop)
              (unreachable))))
        (else (unreachable)))
      (drop (i32.load offset=4 align=2 (i64.eqz (local.get $wide))))
      (local.set $go (i32.const 0))
      (br_if $outer (i32.const 0)))
    (unreachable)))
