;; Grows the memory by 4 pages, writes a line into the new pages and prints it from there:
;; the host must see the memory as it is at each call.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $at i32)
    (if (i32.ne (memory.grow (i32.const 4)) (i32.const 1)) (then unreachable))
    (local.set $at (i32.const 0x40000))
    (i64.store (local.get $at) (i64.const 0x0a676e69776f7267)) ;; "growing\n"
    (i32.store (i32.const 0x4fff0) (i32.const 0x40000))
    (i32.store (i32.const 0x4fff4) (i32.const 8))
    (if (call $write (i32.const 1) (i32.const 0x4fff0) (i32.const 1) (i32.const 0x4fff8))
      (then unreachable))
    ;; Past the end of the grown memory: fault (21).
    (i32.store (i32.const 0x4fff0) (i32.const 0x4fffe))
    (if (i32.ne (call $write (i32.const 1) (i32.const 0x4fff0) (i32.const 1) (i32.const 0x4fff8))
                (i32.const 21))
      (then unreachable))))
