;; Traps two calls deep: exit code 134, the trap and its stack trace on stderr.
(module
  (memory (export "memory") 1)
  (func $inner unreachable)
  (func $outer call $inner)
  (func (export "_start") call $outer))
