;; Imports a function strata run does not provide.
(module
  (import "env" "host_function" (func))
  (memory (export "memory") 1)
  (func (export "_start")))
