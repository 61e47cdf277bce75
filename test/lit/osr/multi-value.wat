;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=WASM
;; RUN: strata compile --emit=llvm-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=LLVMMLIR
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=A64
;; A loop with three parameters (Fibonacci pairs and a count) in a function with two results.
;; Locals k, t, u take slots 0-2, the loop's parameters slots 3-5; the thunk returns both
;; results in slots 0 and 1.
(module
  (func (param $k i32) (result i64 i32) (local $t i64) (local $u i64)
    i64.const 0
    i64.const 1
    local.get $k
    loop $l (param i64 i64 i32) (result i64 i64 i32)
      local.set $k
      local.set $t
      local.get $t
      i64.add
      local.set $u
      local.get $t
      local.get $u
      local.get $k
      i32.const 1
      i32.sub
      local.tee $k
      local.get $k
      br_if $l
    end
    drop
    i32.wrap_i64))

;; WASM-LABEL: func.func @wasm_f0$osr0(%arg0: !llvm.ptr, %arg1: !llvm.ptr) -> (i64, i32)
;; WASM:          wasm.osr_load %arg1[0] : i32
;; WASM:          wasm.osr_load %arg1[1] : i64
;; WASM:          wasm.osr_load %arg1[2] : i64
;; WASM-NEXT:     memref.store
;; WASM-NEXT:     %[[A:.*]] = wasm.osr_load %arg1[3] : i64
;; WASM-NEXT:     %[[B:.*]] = wasm.osr_load %arg1[4] : i64
;; WASM-NEXT:     %[[K:.*]] = wasm.osr_load %arg1[5] : i32
;; WASM-NEXT:     cf.br ^[[MERGE:bb[0-9]+]](%[[A]], %[[B]], %[[K]] : i64, i64, i32)
;; WASM-NEXT:   ^[[MERGE]](%[[MA:.*]]: i64, %[[MB:.*]]: i64, %[[MK:.*]]: i32):
;; WASM-NEXT:     cf.br ^[[HEADER:bb[0-9]+]](%[[MA]], %[[MB]], %[[MK]] : i64, i64, i32)
;; WASM-NEXT:   ^[[HEADER]](%{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i32):
;; WASM-NEXT:     wasm.poll
;; WASM:          return %{{.*}}, %{{.*}} : i64, i32

;; LLVMMLIR-LABEL: llvm.func @wasm_f0$osr0(%arg0: !llvm.ptr, %arg1: !llvm.ptr) -> !llvm.struct<(i64, i32)>
;; LLVMMLIR:         llvm.getelementptr inbounds %arg1[24]
;; LLVMMLIR:         llvm.getelementptr inbounds %arg1[32]
;; LLVMMLIR:         llvm.getelementptr inbounds %arg1[40]
;; LLVMMLIR-LABEL: llvm.func @wasm_f0$osr0$array
;; LLVMMLIR:         llvm.call @wasm_f0$osr0
;; LLVMMLIR:         llvm.extractvalue %{{.*}}[0]
;; LLVMMLIR:         llvm.extractvalue %{{.*}}[1]

;; X64-LABEL: wasm_f0$osr0:
;; X64-DAG:     24(%rsi)
;; X64-DAG:     32(%rsi)
;; X64-DAG:     40(%rsi)
;; X64-LABEL: wasm_f0$osr0$array:

;; A64-LABEL: wasm_f0$osr0:
;; The two i64 parameters come in one ldp.
;; A64-DAG:     ldp x{{[0-9]+}}, x{{[0-9]+}}, [x1, #24]
;; A64-DAG:     ldr w{{[0-9]+}}, [x1, #40]
;; A64-LABEL: wasm_f0$osr0$array:
