;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=llvm --bounds-checks=guard-pages %t.wasm | FileCheck %s --check-prefix=GUARD
;; RUN: strata compile --emit=llvm --bounds-checks=guard-pages -O1 %t.wasm | FileCheck %s --check-prefix=O1
;; RUN: strata compile --emit=llvm --bounds-checks=explicit %t.wasm | FileCheck %s --check-prefix=EXPLICIT
;; RUN: strata compile --emit=llvm --bounds-checks=guard-pages --no-exact-traps %t.wasm | FileCheck %s --check-prefix=RELAXED
;; With guard pages an access that may be out of bounds is its own check: it is volatile, so it
;; is never removed, hoisted, sunk or swapped, and it is untagged, so no store to a global moves
;; across it. From -O2 on, an innermost loop whose accesses can be bounded before it is
;; versioned: one check of the whole range against the memory's size selects a copy with plain
;; (vectorizable) accesses; the copy with faulting accesses runs otherwise. Explicit checks
;; need neither. An access whose every possible address lies within the memory's declared
;; minimum (a value range, or a constant that unrolling produced) is plain from -O1 on.
;; --no-exact-traps (only for measuring the cost) leaves every access plain: x - x folds to 0
;; and its two loads, which may trap, are gone.
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  ;; wasm_f0: the sum of n words from p.
  (func (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))
  ;; wasm_f1: the length of a string: the trip count is unknown before the loop.
  (func (param $p i32) (result i32)
    (local $q i32)
    (local.set $q (local.get $p))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (i32.load8_u (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $l)))
    (i32.sub (local.get $q) (local.get $p)))
  ;; wasm_f2: a store to a global, then a load.
  (func (param $p i32) (result i32)
    (global.set $g (i32.const 1))
    (i32.load (local.get $p)))
  ;; wasm_f3: x - x.
  (func (param $p i32) (result i32)
    (i32.sub (i32.load (local.get $p)) (i32.load (local.get $p))))
  ;; wasm_f4: a masked index within the first page cannot fault; with one more bit it can.
  (func (param $i i32) (result i32)
    (i32.add (i32.load (i32.and (local.get $i) (i32.const 0xfffc)))
             (i32.load8_u (i32.and (local.get $i) (i32.const 0x1ffff)))))
  ;; wasm_f5: a static table walked by a loop of constant trip count: unrolled, its addresses
  ;; are constants inside the first page.
  (func (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (i32.load offset=1024 (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 4))))
    (local.get $sum)))

;; GUARD-LABEL: define {{.*}} @wasm_f0(
;; GUARD:         %strata.memory.size = load i64
;; GUARD:         icmp ule i64 %{{[0-9]+}}, %strata.memory.size
;; GUARD:       {{.*}}.faulting:
;; GUARD:         load volatile i32
;; GUARD:         load <{{[0-9]+}} x i32>, ptr %{{[0-9]+}}, align 1, !tbaa
;; GUARD-LABEL: define {{.*}} @"wasm_f0$array"(
;; GUARD-LABEL: define {{.*}} @wasm_f1(
;; GUARD-NOT:     strata.memory.size
;; GUARD:         load volatile i8
;; GUARD-LABEL: define {{.*}} @"wasm_f1$array"(
;; GUARD-LABEL: define {{.*}} @wasm_f2(
;; GUARD:         store i32 1, ptr
;; GUARD:         load volatile i32
;; GUARD-LABEL: define {{.*}} @"wasm_f2$array"(
;; GUARD-LABEL: define {{.*}} @wasm_f3(
;; GUARD:         load volatile i32
;; GUARD-LABEL: define {{.*}} @"wasm_f3$array"(
;; GUARD-LABEL: define {{.*}} @wasm_f4(
;; GUARD:         load i32, ptr %{{[0-9]+}}, align 1, !tbaa
;; GUARD:         load volatile i8
;; GUARD-LABEL: define {{.*}} @"wasm_f4$array"(
;; GUARD-LABEL: define {{.*}} @wasm_f5(
;; GUARD-NOT:     volatile
;; GUARD:         ret i32

;; O1-LABEL: define {{.*}} @wasm_f0(
;; O1-NOT:     strata.memory.size
;; O1:         load volatile i32
;; O1-LABEL: define {{.*}} @"wasm_f0$array"(

;; EXPLICIT-NOT: volatile
;; EXPLICIT-NOT: strata.memory.size
;; RELAXED-NOT: volatile
;; RELAXED-LABEL: define {{.*}} @wasm_f3(
;; RELAXED-NOT:     load i32
;; RELAXED:         ret i32 0
;; RELAXED-LABEL: define {{.*}} @"wasm_f3$array"(
