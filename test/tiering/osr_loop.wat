;; One call, one long loop: under the tiered engine's default policy the loop pays for its own
;; compilation, and its frame continues in native code through an OSR continuation.
(module
  (func (export "run") (param $n i32) (result i64) (local $i i32) (local $s i64)
    (loop $l
      (local.set $s (i64.add (local.get $s)
                             (i64.mul (i64.extend_i32_u (local.get $i))
                                      (i64.extend_i32_u (i32.and (local.get $i) (i32.const 7))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))
