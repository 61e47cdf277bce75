;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=WASM
;; RUN: strata compile --emit=llvm-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=LLVMMLIR
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=A64
;; A loop inside a block, with operands below it: one under the block (height 0), one inside
;; the block (height 1) and the loop's parameter (height 2). With two locals, the operands
;; live in frame slots 2, 3 and 4, and the code after the loop consumes all three.
(module
  (func (param $n i32) (result i32) (local $i i32)
    i32.const 1000
    block (result i32)
      local.get $n
      i32.const 5
      loop (param i32) (result i32)
        local.get $i
        i32.add
        local.get $i
        i32.const 1
        i32.add
        local.tee $i
        local.get $n
        i32.lt_u
        br_if 0
      end
      i32.sub
    end
    i32.add))

;; WASM-LABEL: func.func @wasm_f0$osr0
;; WASM:          cf.br ^[[ENTRY:bb[0-9]+]]
;; WASM-NEXT:   ^[[ENTRY]]:
;; WASM-NEXT:     wasm.osr_load %arg1[0] : i32
;; WASM-NEXT:     memref.store
;; WASM-NEXT:     wasm.osr_load %arg1[1] : i32
;; WASM-NEXT:     memref.store
;; WASM-NEXT:     %[[H0:.*]] = wasm.osr_load %arg1[2] : i32
;; WASM-NEXT:     %[[H1:.*]] = wasm.osr_load %arg1[3] : i32
;; WASM-NEXT:     %[[H2:.*]] = wasm.osr_load %arg1[4] : i32
;; WASM-NEXT:     cf.br ^[[MERGE:bb[0-9]+]](%[[H0]], %[[H1]], %[[H2]] : i32, i32, i32)
;; WASM-NEXT:   ^[[MERGE]](%[[B0:.*]]: i32, %[[B1:.*]]: i32, %[[B2:.*]]: i32):
;; WASM-NEXT:     cf.br ^[[HEADER:bb[0-9]+]](%[[B2]] : i32)
;; WASM-NEXT:   ^[[HEADER]](%{{.*}}: i32):
;; WASM-NEXT:     wasm.poll
;; WASM:          %[[DIFF:.*]] = arith.subi %[[B1]], %{{.*}} : i32
;; WASM-NEXT:     arith.addi %[[B0]], %[[DIFF]] : i32

;; LLVMMLIR-LABEL: llvm.func @wasm_f0$osr0
;; LLVMMLIR:         llvm.getelementptr inbounds %arg1[16]
;; LLVMMLIR:         llvm.getelementptr inbounds %arg1[24]
;; LLVMMLIR:         llvm.getelementptr inbounds %arg1[32]

;; X64-LABEL: wasm_f0$osr0:
;; X64-DAG:     16(%rsi)
;; X64-DAG:     24(%rsi)
;; X64-DAG:     32(%rsi)
;; X64-LABEL: wasm_f0$osr0$array:

;; A64-LABEL: wasm_f0$osr0:
;; A64-DAG:     [x1, #16]
;; A64-DAG:     [x1, #24]
;; A64-DAG:     [x1, #32]
;; A64-LABEL: wasm_f0$osr0$array:
