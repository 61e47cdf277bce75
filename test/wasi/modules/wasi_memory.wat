;; Imports a memory from wasi_snapshot_preview1, which provides only functions.
(module
  (import "wasi_snapshot_preview1" "memory" (memory 1))
  (func (export "_start")))
