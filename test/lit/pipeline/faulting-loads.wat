;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=llvm %t.wasm | FileCheck %s --check-prefix=MARKED
;; RUN: strata compile --emit=llvm --volatile-loads %t.wasm | FileCheck %s --check-prefix=VOLATILE
;; RUN: strata compile --emit=llvm %t.wasm | FileCheck %s --check-prefix=RELEASED
;; With guard pages a load that may fault is kept alive through the LLVM pipeline by a marker
;; call that takes its value, and is made volatile after it (releaseFaultingLoads), where the
;; markers go. So it is never removed, narrowed, or sunk past another trap, and its alias type
;; keeps it after a store to a global; but LLVM may hoist it out of a loop that writes nothing
;; (with --volatile-loads it stays in the loop, which is versioned instead), and runtime fields
;; move across it: a leaf function leaves the call-depth counter untouched.
;; RELEASED-NOT: strata.faulting_load
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  ;; wasm_f0: an unused load.
  (func (param $p i32)
    (drop (i32.load (local.get $p))))
  ;; wasm_f1: the low byte of a word: still a 4-byte load, which may reach past the end.
  (func (param $p i32) (result i32)
    (i32.and (i32.load (local.get $p)) (i32.const 255)))
  ;; wasm_f2: a load, then a division that may trap, then the load's value.
  (func (param $p i32) (param $d i32) (result i32) (local $x i32)
    (local.set $x (i32.load (local.get $p)))
    (i32.add (i32.div_u (i32.const 100) (local.get $d)) (local.get $x)))
  ;; wasm_f3: a store to a global, then a load.
  (func (param $p i32) (result i32)
    (global.set $g (i32.const 1))
    (i32.load (local.get $p)))
  ;; wasm_f4: a loop that reads the same word each time and writes nothing.
  (func (param $p i32) (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.xor (i32.mul (local.get $s) (i32.const 31)) (i32.load (local.get $p))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; wasm_f5: two loads of a word in a leaf function
  (func (param $p i32) (param $q i32) (result i32)
    (i32.sub (i32.load (local.get $p)) (i32.load (local.get $q))))
)

;; MARKED-LABEL: define {{.*}} @wasm_f0(
;; MARKED-NOT:     store
;; MARKED:         load volatile i32
;; MARKED-NOT:     store
;; MARKED:         ret void
;; MARKED-LABEL: define {{.*}} @wasm_f1(
;; MARKED:         %[[WORD:.*]] = load volatile i32
;; MARKED-NEXT:    and i32 %[[WORD]], 255
;; MARKED-LABEL: define {{.*}} @wasm_f2(
;; MARKED:         load volatile i32
;; MARKED:         icmp eq i32 %2, 0
;; MARKED:         udiv i32 100, %2
;; MARKED-LABEL: define {{.*}} @wasm_f3(
;; MARKED:         store i32 1, ptr
;; MARKED:         load volatile i32
;; MARKED-LABEL: define {{.*}} @wasm_f4(
;; MARKED:         load volatile i32
;; MARKED:         phi i32
;; MARKED-NOT:     load volatile
;; MARKED:         ret i32
;; MARKED-LABEL: define {{.*}} @wasm_f5(
;; MARKED:         load volatile i32
;; MARKED:         load volatile i32
;; MARKED-NOT:     store
;; MARKED:         ret i32

;; VOLATILE-LABEL: define {{.*}} @wasm_f4(
;; VOLATILE:         phi i32
;; VOLATILE:         load volatile i32
