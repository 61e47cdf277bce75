;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir --func=0 --osr-loop=1 %t.wasm | FileCheck %s --check-prefix=WASM
;; RUN: strata compile --emit=wasm-mlir --func=0 --osr-loop=1 %t.wasm | FileCheck %s --check-prefix=TAIL
;; RUN: strata compile --emit=opt-mlir --func=0 --osr-loop=1 %t.wasm | FileCheck %s --check-prefix=OPT
;; RUN: strata compile --emit=opt-mlir --func=0 --osr-loop=1 %t.wasm | FileCheck %s --check-prefix=ONCE
;; RUN: strata compile --emit=llvm-mlir --func=0 --osr-loop=1 %t.wasm | FileCheck %s --check-prefix=LLVMMLIR
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu --func=0 --osr-loop=1 %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu --func=0 --osr-loop=1 %t.wasm | FileCheck %s --check-prefix=A64
;; OSR into the inner of two nested loops, peeled: the entry runs the inner loop in a copy of
;; its own. Leaving it, or starting the outer loop's next iteration, enters the outer loop
;; through a dispatch block: its argument selects the outer loop's top or the code after the
;; inner loop, so the rest of the outer iteration exists once. The code of the outer loop
;; before the inner one stays unreachable from the entry; the dispatch block is the only way
;; into the outer loop's cycle and takes its back-edge, so both loops are natural loops.
(module
  (func (param $n i32) (result i64) (local $i i32) (local $j i32) (local $s i64)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.mul (local.get $i) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $i (i32.sub (local.get $i) (i32.const -1)))
      (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))

;; WASM-LABEL: func.func @wasm_f0$osr1(%arg0: !llvm.ptr, %arg1: !llvm.ptr) -> i64
;; WASM-SAME:     wasm.osr_loop = 1 : i32
;; WASM:          cf.br ^[[ENTRY:bb[0-9]+]]
;; WASM-NEXT:   ^[[ENTRY]]:
;; WASM-NEXT:     wasm.osr_load %arg1[0] : i32
;; WASM:          wasm.osr_load %arg1[1] : i32
;; WASM:          wasm.osr_load %arg1[2] : i32
;; WASM:          wasm.osr_load %arg1[3] : i64
;; WASM-NEXT:     memref.store
;; WASM-NEXT:     cf.br ^[[PEELED:bb[0-9]+]]
;; The outer loop, entered at its top from the dispatch block only:
;; WASM-NEXT:   ^[[MERGE:bb[0-9]+]]:{{ *}}// pred: ^[[DISPATCH:bb[0-9]+]]
;; WASM-NEXT:     cf.br ^[[OUTER:bb[0-9]+]]
;; WASM-NEXT:   ^[[OUTER]]:{{ *}}// pred: ^[[MERGE]]
;; WASM-NEXT:     wasm.poll
;; WASM:        ^[[INNER:bb[0-9]+]]:{{ *}}// 2 preds
;; WASM-NEXT:     wasm.poll
;; WASM:          cf.cond_br %{{.*}}, ^[[INNER]], ^{{bb[0-9]+}}
;; After the inner loop: from the outer loop's own inner loop and from the dispatch block.
;; WASM:        ^[[AFTER_INNER:bb[0-9]+]]:{{ *}}// 2 preds: ^{{bb[0-9]+}}, ^[[DISPATCH]]
;; WASM:          cf.cond_br %{{.*}}, ^[[LATCH:bb[0-9]+]], ^[[EXIT:bb[0-9]+]]
;; WASM-NEXT:   ^[[LATCH]]:{{.*}}
;; WASM-NEXT:     %[[TOP:.*]] = arith.constant 0 : i32
;; WASM-NEXT:     cf.br ^[[DISPATCH]](%[[TOP]] : i32)
;; WASM:        ^[[EXIT]]:
;; WASM:          return
;; The peeled inner loop, left through the dispatch block:
;; WASM:        ^[[PEELED]]:{{ *}}// pred: ^[[ENTRY]]
;; WASM-NEXT:     cf.br ^[[PINNER:bb[0-9]+]]
;; WASM-NEXT:   ^[[PINNER]]:{{ *}}// 2 preds
;; WASM-NEXT:     wasm.poll
;; WASM:          cf.cond_br %{{.*}}, ^[[PINNER]], ^{{bb[0-9]+}}
;; WASM:          %[[REST:.*]] = arith.constant 1 : i32
;; WASM-NEXT:     cf.br ^[[DISPATCH]](%[[REST]] : i32)
;; WASM-NEXT:   ^[[DISPATCH]](%[[SELECT:.*]]: i32):{{ *}}// 2 preds
;; WASM-NEXT:     cf.switch %[[SELECT]] : i32, [
;; WASM-NEXT:       default: ^[[MERGE]],
;; WASM-NEXT:       1: ^[[AFTER_INNER]]
;; WASM-NEXT:     ]

;; The rest of the outer iteration (its i32.sub) is translated once.
;; TAIL:        arith.subi
;; TAIL-NOT:    arith.subi

;; All three loops survive: the outer loop, its inner loop and the peeled inner loop, each
;; polling at its header, and the entry's poll; the function returns from one place.
;; OPT-LABEL: func.func @wasm_f0$osr1
;; OPT:         wasm.osr_load %arg1[3] : i64
;; OPT-COUNT-3: wasm.poll
;; OPT-NOT:     wasm.poll
;; ONCE:        return
;; ONCE-NOT:    return

;; LLVMMLIR-LABEL: llvm.func @wasm_f0$osr1(%arg0: !llvm.ptr, %arg1: !llvm.ptr) -> i64
;; LLVMMLIR:         %[[P3:.*]] = llvm.getelementptr inbounds %arg1[24] : (!llvm.ptr) -> !llvm.ptr, i8
;; LLVMMLIR-NEXT:    llvm.load %[[P3]] {{.*}} : !llvm.ptr -> i64
;; LLVMMLIR-LABEL: llvm.func @wasm_f0$osr1$array

;; X64-LABEL: wasm_f0$osr1:
;; X64:         movq 24(%rsi), %{{r[a-z0-9]+}}
;; X64-LABEL: wasm_f0$osr1$array:

;; A64-LABEL: wasm_f0$osr1:
;; A64:         ldr x{{[0-9]+}}, [x1, #24]
;; A64-LABEL: wasm_f0$osr1$array:
