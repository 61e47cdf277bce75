;; Imports and exports across instances through `register`: functions, memories, tables and
;; mutable globals are shared, not copied; the spectest host module; link errors.
(module $A
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref)
  (global (export "g") (mut i32) (i32.const 10))
  (func $seven (export "seven") (result i32) (i32.const 7))
  (elem (i32.const 0) $seven)
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "get_g") (result i32) (global.get 0))
)
(register "A" $A)

(module $B
  (import "A" "seven" (func $seven (result i32)))
  (import "A" "mem" (memory 1))
  (import "A" "tab" (table 2 funcref))
  (import "A" "g" (global $g (mut i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i64" (global i64))
  (func $eight (result i32) (i32.const 8))
  (elem (i32.const 1) $eight)
  (func (export "call_seven") (result i32) (call $seven))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "call_table") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
  (func (export "bump") (global.set $g (i32.add (global.get $g) (i32.const 1))))
  (func (export "print") (param i32) (call $print (local.get 0)))
)

(assert_return (invoke $B "call_seven") (i32.const 7))
(invoke $B "store" (i32.const 5) (i32.const 99))
(assert_return (invoke $A "load" (i32.const 5)) (i32.const 99))
(assert_return (invoke $B "call_table" (i32.const 0)) (i32.const 7))
(assert_return (invoke $B "call_table" (i32.const 1)) (i32.const 8))
(invoke $B "bump")
(assert_return (invoke $A "get_g") (i32.const 11))
(assert_return (get $A "g") (i32.const 11))
(invoke $B "print" (i32.const 1))

(assert_unlinkable
  (module (import "A" "missing" (func)))
  "unknown import")
(assert_unlinkable
  (module (import "A" "seven" (func (param i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "g" (global i32)))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "mem" (memory 2)))
  "incompatible import type")
(assert_unlinkable
  (module (import "spectest" "table" (table 10 15 funcref)))
  "incompatible import type")

;; The spectest memory and table, imported on their own.
(module
  (import "spectest" "memory" (memory 1 2))
  (import "spectest" "table" (table 10 20 funcref))
  (func (export "size") (result i32) (i32.add (memory.size) (table.size 0)))
)
(assert_return (invoke "size") (i32.const 11))
