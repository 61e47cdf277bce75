;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu %t.wasm | FileCheck %s --check-prefix=A64
;; i32.add is one add after the prologue's checks (the stack pointer against the thread's limit,
;; at the thread pointer plus the VMContext's offset, then the frames left under the depth limit, whose decrement and increment cancel out in a leaf),
;; and no other arithmetic. A function that neither loops nor calls does not poll.
(module
  (func (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))

;; X64-LABEL: wasm_f0:
;; X64:         movq 40(%rdi), %[[OFFSET:[a-z0-9]+]]
;; X64-NEXT:    cmpq %rsp, %fs:(%[[OFFSET]])
;; X64-NEXT:    ja .LBB0_[[EXHAUSTED:[0-9]+]]
;; X64-NEXT:    movq %fs:0, %[[TP:[a-z0-9]+]]
;; X64-NEXT:    movq 32(%[[TP]],%[[OFFSET]]), %[[DEPTH:[a-z0-9]+]]
;; X64-NEXT:    decq %[[DEPTH]]
;; X64-NEXT:    js .LBB0_[[TOO_DEEP:[0-9]+]]
;; X64-NEXT:    addl %esi, %edx
;; X64-NOT:     {{addl|leal}}
;; X64:         retq
;; X64:       .LBB0_[[EXHAUSTED]]:
;; X64:         callq strata_rt_trap@PLT
;; X64:       .LBB0_[[TOO_DEEP]]:
;; X64:         callq strata_rt_trap@PLT
;; X64-NOT:     strata_rt_poll

;; A64-LABEL: wasm_f0:
;; A64:         ldr [[OFFSET:x[0-9]+]], [x0, #40]
;; A64:         mrs [[TP:x[0-9]+]], TPIDR_EL0
;; A64:         mov [[SP:x[0-9]+]], sp
;; A64:         add [[LIMITS:x[0-9]+]], [[TP]], [[OFFSET]]
;; A64:         ldr [[LIMIT:x[0-9]+]], [[[LIMITS]]]
;; A64:         cmp [[LIMIT]], [[SP]]
;; A64-NEXT:    b.hi
;; A64-NEXT:    ldr [[DEPTH:x[0-9]+]], [[[LIMITS]], #32]
;; A64-NOT:     ldrb
;; A64-NOT:     add
;; A64:         add w0, w2, w1
;; A64-NOT:     add w
;; A64:         ret
