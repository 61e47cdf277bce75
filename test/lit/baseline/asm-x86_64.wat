;; REQUIRES: target-x86_64
;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --tier=baseline --emit=asm --bounds-checks=explicit %t.wasm | FileCheck %s
;; RUN: strata compile --tier=baseline --emit=asm %t.wasm | FileCheck %s --check-prefix=GUARDED
;; RUN: strata compile --tier=baseline --emit=asm --no-tier-above %t.wasm \
;; RUN:   | FileCheck %s --check-prefix=ALONE
;; RUN: not strata compile --emit=asm --no-tier-above %t.wasm 2>&1 | FileCheck %s --check-prefix=ALONE-OPT
;; RUN: strata compile --tier=baseline --emit=asm --target=x86_64-linux-gnu --func=1 %t.wasm \
;; RUN:   | FileCheck %s --check-prefix=ONE
;; RUN: not strata compile --tier=baseline --emit=asm --target=aarch64-linux-gnu %t.wasm 2>&1 \
;; RUN:   | FileCheck %s --check-prefix=CROSS
;; RUN: not strata compile --tier=baseline --emit=llvm %t.wasm 2>&1 | FileCheck %s --check-prefix=STAGE
;; RUN: not strata compile --tier=baseline --emit=asm -O 3 %t.wasm 2>&1 | FileCheck %s --check-prefix=OPT
;; The baseline tier's code: each interpreter instruction, then the machine code copied from its
;; stencil with its holes patched. Slots are offsets from the frame pointer in %r12, the memory
;; base is %r13 and its size %r14; with explicit checks, loads compare the end of the access
;; with the size; with guard pages (the default) they leave that to the guard region. A result
;; also stays in %rcx, where the next instruction's register variant reads it.
(module
  (memory 1)
  (func $sum (param $p i32) (param $n i32) (result i32) (local $s i32)
    (loop $next
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func (export "run") (result i32) (call $sum (i32.const 0) (i32.const 10)))
  (func (export "high") (param $p i32) (result i32) (i32.load offset=0x80000000 (local.get $p))))

;; CHECK:      ; function 0: 7 instructions, [[CODE:[0-9]+]] bytes of code, {{[0-9]+}} bytes in all
;; CHECK-NEXT: ; 0 @{{[0-9a-f]+}} I32Load 4 0 0
;; CHECK-NEXT:   [[LOAD:[0-9a-f]+]]: movl (%r12), %eax
;; The offset (0) and the access's size (4) are one displacement.
;; CHECK-NEXT:   leaq 0x4(%rax), %rcx
;; CHECK-NEXT:   cmpq %r14, %rcx
;; CHECK-NEXT:   ja 0x[[OUT_OF_BOUNDS:[0-9a-f]+]]
;; The loaded value goes to its slot and stays in the result register, %rcx.
;; CHECK-NEXT:   movl (%r13,%rax), %ecx
;; CHECK-NEXT:   movq %rcx, 0x20(%r12)
;; The trap's exit: the instruction's code offset (0) and the trap kind plus one, high.
;; CHECK:        [[OUT_OF_BOUNDS]]: movl $0x0, %eax
;; CHECK:        retq
;; The add reads slot 4, which the load just wrote, from the register.
;; CHECK-NEXT: ; 5 @{{[0-9a-f]+}} I32Add 2 2 4  (operand 2 from the result register)
;; CHECK-NEXT:   addl 0x10(%r12), %ecx
;; CHECK-NEXT:   movq %rcx, 0x10(%r12)
;; Slot 0 was not the add's result: it is read from the frame.
;; CHECK-NEXT: ; 10 @{{[0-9a-f]+}} I32AddImm 0 0 4{{$}}
;; CHECK-NEXT:   movl $0x4, %ecx
;; CHECK-NEXT:   addl (%r12), %ecx
;; CHECK:      ; 20 @{{[0-9a-f]+}} BrIfLoop 1 -23  (operand 0 from the result register)
;; CHECK-NEXT:   testl %ecx, %ecx
;; The back-edge: the loop countdown, the poll flag, then the jump to the loop's first
;; instruction, which is never a register variant: control lands there from elsewhere.
;; CHECK-NEXT:   je 0x[[AFTER:[0-9a-f]+]]
;; CHECK-NEXT:   movl {{.*}}(%rsi), %eax
;; CHECK-NEXT:   leal -0x1(%rax), %ebx
;; CHECK-NEXT:   movl %ebx, {{.*}}(%rsi)
;; CHECK-NEXT:   testl %eax, %eax
;; CHECK-NEXT:   jle
;; CHECK-NEXT:   movzbl (%rdi), %eax
;; CHECK-NEXT:   testb $0x1, %al
;; CHECK-NEXT:   je 0x[[LOAD]]
;; CHECK:        [[AFTER]]: movq
;; CHECK:      ; 28 @{{[0-9a-f]+}} Ret
;; CHECK:      ; function 1: 4 instructions

;; GUARDED:      ; function 0: 7 instructions
;; GUARDED-NEXT: ; 0 @{{[0-9a-f]+}} I32Load 4 0 0
;; GUARDED-NEXT:   movl (%r12), %eax
;; GUARDED-NEXT:   movl (%r13,%rax), %ecx
;; GUARDED-NEXT:   movq %rcx, 0x20(%r12)
;; GUARDED-NEXT: ; 5 @{{[0-9a-f]+}} I32Add 2 2 4  (operand 2 from the result register)
;; GUARDED-NEXT:   addl 0x10(%r12), %ecx

;; A call: the callee's native code, found through its FrameCode, is called on the machine
;; stack.
;; ONE-NOT:    ; function 0:
;; ONE:        ; function 1: 4 instructions
;; ONE:        ; 8 @{{[0-9a-f]+}} Call 0 0
;; The callee's call countdown, for the tier hooks.
;; ONE:          leal -0x1(%rax), %ecx
;; ONE:          callq *{{.*}}(%r{{[a-z0-9]+}})
;; ONE:        ; 12 @{{[0-9a-f]+}} Ret

;; As the baseline engine runs it, with no tier above, the back-edge polls and jumps: no
;; countdown.
;; ALONE:      ; 20 @{{[0-9a-f]+}} BrIfLoop 1 -23  (operand 0 from the result register)
;; ALONE-NEXT:   testl %ecx, %ecx
;; ALONE-NEXT:   je
;; ALONE-NEXT:   movzbl (%rdi), %eax
;; ALONE-NEXT:   testb $0x1, %al
;; ALONE-NEXT:   je
;; Nor does a call count down its callee's countdown.
;; ALONE:      ; 8 @{{[0-9a-f]+}} Call 0 0
;; ALONE-NOT:    leal -0x1(%rax)
;; ALONE:        callq *{{.*}}(%r{{[a-z0-9]+}})
;; ALONE-OPT: --no-tier-above needs --tier=baseline

;; CROSS: the baseline tier's stencils of this build are for x86_64, not aarch64
;; STAGE: --tier=baseline shows --emit=asm only
;; OPT: --tier=baseline takes no -O

;; An offset of 2^31 or more is not a displacement (x86-64 sign-extends those): the offset is
;; loaded as 32 bits and added.
;; GUARDED:      ; function 2: 2 instructions
;; GUARDED-NEXT: ; 0 @{{[0-9a-f]+}} I32Load 0 0 -2147483648
;; GUARDED-NEXT:   movl (%r12), %eax
;; GUARDED-NEXT:   movl $0x80000000, %ecx
;; GUARDED-NEXT:   movl %ecx, %ecx
