;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s -DOP=addq
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s -DOP=subq
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s -DOP=imulq
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu %t.wasm | FileCheck %s -DOP=andq
;; An interpreter's dispatch loop: each case pops two words, stores the result in the lower
;; one, and goes back to the switch. Each case keeps its store right after its arithmetic:
;; LLVM's tail merging, which the MLIR tier turns off, would move the four identical stores
;; into one block that every case jumps to and that falls into the loop header, which then
;; loses its alignment (docs/mlir-tier.md, "Tail merging").
;; CHECK-LABEL: wasm_f0:
;; CHECK:      {{^}}	[[OP]]	(%{{[a-z0-9]+}},%{{[a-z0-9]+}}), %[[VALUE:[a-z0-9]+]]
;; CHECK-NEXT: {{^}}	movq	%[[VALUE]], (
(module
  (memory 1)
  (func (export "run") (param $code i32) (param $sp i32) (result i64) (local $pc i32)
    (loop $next
      (block $done
        (block $and
          (block $mul
            (block $sub
              (block $add
                (br_table $add $sub $mul $and $done
                  (i32.load8_u (i32.add (local.get $code) (local.get $pc)))))
              (local.set $sp (i32.sub (local.get $sp) (i32.const 8)))
              (i64.store (i32.sub (local.get $sp) (i32.const 8))
                (i64.add (i64.load (i32.sub (local.get $sp) (i32.const 8))) (i64.load (local.get $sp))))
              (br $next (local.set $pc (i32.add (local.get $pc) (i32.const 1)))))
            (local.set $sp (i32.sub (local.get $sp) (i32.const 8)))
            (i64.store (i32.sub (local.get $sp) (i32.const 8))
              (i64.sub (i64.load (i32.sub (local.get $sp) (i32.const 8))) (i64.load (local.get $sp))))
            (br $next (local.set $pc (i32.add (local.get $pc) (i32.const 1)))))
          (local.set $sp (i32.sub (local.get $sp) (i32.const 8)))
          (i64.store (i32.sub (local.get $sp) (i32.const 8))
            (i64.mul (i64.load (i32.sub (local.get $sp) (i32.const 8))) (i64.load (local.get $sp))))
          (br $next (local.set $pc (i32.add (local.get $pc) (i32.const 1)))))
        (local.set $sp (i32.sub (local.get $sp) (i32.const 8)))
        (i64.store (i32.sub (local.get $sp) (i32.const 8))
          (i64.and (i64.load (i32.sub (local.get $sp) (i32.const 8))) (i64.load (local.get $sp))))
        (br $next (local.set $pc (i32.add (local.get $pc) (i32.const 1))))))
    (i64.load (local.get $sp)))
)
