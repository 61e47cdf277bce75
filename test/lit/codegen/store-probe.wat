;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu %t.wasm | FileCheck %s --check-prefix=A64
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu --bounds-checks=explicit %t.wasm | FileCheck %s --check-prefix=A64EXPLICIT
;; With guard pages, aarch64 reads a wide store's last byte before the store: an access that
;; crosses into the guard region may write its first bytes before it faults there, which x86-64
;; never does. A one-byte store needs no probe; explicit checks need none either.
(module
  (memory 1)
  (func (param i32 i64) (i64.store offset=16 (local.get 0) (local.get 1)))
  (func (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))

;; A64-LABEL: wasm_f0:
;; A64:         ldrb wzr, [[[ADDR:x[0-9]+]], #23]
;; A64-NEXT:    str x2, [[[ADDR]], #16]
;; A64-LABEL: wasm_f1:
;; A64-NOT:     ldrb
;; A64:         strb w2,
;; A64-LABEL: wasm_f1$array:

;; X64-LABEL: wasm_f0:
;; X64-NOT:     movb ({{.*}}), %
;; X64:         movq %rdx, 16(%{{r[a-z0-9]+}},%{{r[a-z0-9]+}})

;; A64EXPLICIT-LABEL: wasm_f0:
;; A64EXPLICIT-NOT:   ldrb wzr
;; A64EXPLICIT:       str x2,
