;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu --bounds-checks=explicit %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu --bounds-checks=guard-pages %t.wasm | FileCheck %s --check-prefix=GUARD
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu --bounds-checks=explicit %t.wasm | FileCheck %s --check-prefix=A64
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu --bounds-checks=explicit -O0 %t.wasm | FileCheck %s --check-prefix=O0
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu --bounds-checks=explicit -O0 --no-wasm-opt %t.wasm | FileCheck %s --check-prefix=NOOPT
;; An explicit check is addr + offset + width compared with the memory's size (MemoryInstance
;; + 8) before the access; guard pages leave no compare at all; a check that
;; wasm-bounds-check-elim proves redundant disappears.
(module
  (memory 1)
  ;; wasm_f0: one checked load.
  (func (param i32) (result i32) (i32.load offset=16 (local.get 0)))
  ;; wasm_f1: the second load is covered by the first, which reaches further.
  (func (param i32) (result i32)
    (i32.add (i32.load offset=4 (local.get 0)) (i32.load (local.get 0))))
  ;; wasm_f2: a constant address inside the first page needs no check.
  (func (result i32) (i32.load (i32.const 100))))

;; X64-LABEL: wasm_f0:
;; X64:         movl %esi, %[[ADDR:e[a-z0-9]+]]
;; X64-NEXT:    leaq 20(%[[ADDR64:r[a-z0-9]+]]), %[[END:r[a-z0-9]+]]
;; X64-NEXT:    cmpq 8(%[[MEM:r[a-z0-9]+]]), %[[END]]
;; X64-NEXT:    ja .LBB0_[[OOB:[0-9]+]]
;; X64:         movl 16(%{{r[a-z0-9]+}},%[[ADDR64]]), %eax
;; X64:       .LBB0_[[OOB]]:
;; X64-NEXT:    movl $1, %esi
;; X64-LABEL: wasm_f1:
;; X64:         cmpq 8(%{{r[a-z0-9]+}}),
;; X64-NOT:     cmpq 8(%
;; X64:         movl (%{{r[a-z0-9]+}},%[[ADDR:r[a-z0-9]+]]), %eax
;; X64-NEXT:    addl 4(%{{r[a-z0-9]+}},%[[ADDR]]), %eax
;; X64-LABEL: wasm_f2:
;; X64-NOT:     cmpq 8(%
;; X64:         movl 100(%{{r[a-z0-9]+}}), %eax
;; X64-NOT:     cmpq 8(%
;; X64-LABEL: wasm_f2$array:

;; GUARD-LABEL: wasm_f0:
;; GUARD-NOT:     cmpq 8(%
;; GUARD:         movl 16(%{{r[a-z0-9]+}},%{{r[a-z0-9]+}}), %eax
;; GUARD-NOT:     cmpq 8(%
;; GUARD-LABEL: wasm_f1:
;; GUARD-NOT:     cmpq 8(%
;; GUARD:         addl 4(%
;; GUARD-NOT:     cmpq 8(%
;; GUARD-LABEL: wasm_f2:

;; A64-LABEL: wasm_f0:
;; A64:         mov [[ADDR:w[0-9]+]], w1
;; A64:         ldr [[SIZE:x[0-9]+]], [{{x[0-9]+}}, #8]
;; A64:         add [[END:x[0-9]+]], {{x[0-9]+}}, #20
;; A64:         cmp [[END]], [[SIZE]]
;; A64-NEXT:    b.hi
;; A64-LABEL: wasm_f1:
;; A64:         cmp
;; A64:         cmp
;; A64-NOT:     cmp
;; A64:         ldp w{{[0-9]+}}, w{{[0-9]+}}, [x{{[0-9]+}}]
;; A64-LABEL: wasm_f1$array:

;; At -O0, where LLVM removes nothing, wasm-bounds-check-elim alone leaves one check in
;; wasm_f1 and none in wasm_f2; without the wasm-level passes each access keeps its own.
;; O0-LABEL: wasm_f1:
;; O0:           cmpq 8(%
;; O0-NOT:       cmpq 8(%
;; O0-LABEL: wasm_f1$array:
;; NOOPT-LABEL: wasm_f1:
;; NOOPT-COUNT-2: cmpq 8(%
;; NOOPT-LABEL: wasm_f1$array:
