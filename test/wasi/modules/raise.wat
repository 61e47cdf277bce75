;; proc_raise: signal 0 and an ignored one return success, SIGTERM (15) ends the guest with
;; exit code 143 (128 + 15).
(module
  (import "wasi_snapshot_preview1" "proc_raise" (func $raise (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (if (call $raise (i32.const 0)) (then unreachable))
    (if (call $raise (i32.const 16)) (then unreachable))
    (drop (call $raise (i32.const 15)))
    unreachable))
