;; memory.fill, memory.copy (both directions of overlap), memory.init and data.drop, with their
;; bounds checks: an out-of-bounds range traps and writes nothing.
(module
  (memory 1)
  (data $d "\01\02\03\04\05")
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (data.drop $d))
)

(invoke "fill" (i32.const 10) (i32.const 0x1ff) (i32.const 3))
(assert_return (invoke "load8" (i32.const 9)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 10)) (i32.const 0xff))
(assert_return (invoke "load8" (i32.const 12)) (i32.const 0xff))
(assert_return (invoke "load8" (i32.const 13)) (i32.const 0))
(invoke "fill" (i32.const 65536) (i32.const 1) (i32.const 0))
(assert_trap (invoke "fill" (i32.const 65535) (i32.const 7) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 0))

(invoke "init" (i32.const 100) (i32.const 0) (i32.const 5))
(assert_return (invoke "load8" (i32.const 100)) (i32.const 1))
(assert_return (invoke "load8" (i32.const 104)) (i32.const 5))
(invoke "init" (i32.const 200) (i32.const 3) (i32.const 2))
(assert_return (invoke "load8" (i32.const 200)) (i32.const 4))
(assert_trap (invoke "init" (i32.const 0) (i32.const 4) (i32.const 2)) "out of bounds memory access")
(assert_trap (invoke "init" (i32.const 65535) (i32.const 0) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 0))

;; Overlapping copies move the bytes as if through a buffer.
(invoke "copy" (i32.const 101) (i32.const 100) (i32.const 4))
(assert_return (invoke "load8" (i32.const 101)) (i32.const 1))
(assert_return (invoke "load8" (i32.const 104)) (i32.const 4))
(invoke "copy" (i32.const 100) (i32.const 101) (i32.const 4))
(assert_return (invoke "load8" (i32.const 100)) (i32.const 1))
(assert_return (invoke "load8" (i32.const 103)) (i32.const 4))
(assert_trap (invoke "copy" (i32.const 65535) (i32.const 100) (i32.const 2)) "out of bounds memory access")
(assert_trap (invoke "copy" (i32.const 0) (i32.const -1) (i32.const 1)) "out of bounds memory access")
(invoke "copy" (i32.const 65536) (i32.const 65536) (i32.const 0))

(invoke "drop")
(invoke "init" (i32.const 0) (i32.const 0) (i32.const 0))
(assert_trap (invoke "init" (i32.const 0) (i32.const 0) (i32.const 1)) "out of bounds memory access")
