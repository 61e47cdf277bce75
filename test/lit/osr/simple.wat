;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=WASM
;; RUN: strata compile --emit=opt-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=OPT
;; RUN: strata compile --emit=llvm-mlir --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=LLVMMLIR
;; RUN: strata compile --emit=llvm --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=LLVM
;; RUN: strata compile --emit=asm --target=x86_64-linux-gnu --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=X64
;; RUN: strata compile --emit=asm --target=aarch64-linux-gnu --func=0 --osr-loop=0 %t.wasm | FileCheck %s --check-prefix=A64
;; RUN: not strata compile --emit=wasm-mlir --osr-loop=0 %t.wasm 2>&1 | FileCheck %s --check-prefix=NOFUNC
;; RUN: not strata compile --emit=wasm-mlir --func=0 --osr-loop=1 %t.wasm 2>&1 | FileCheck %s --check-prefix=NOLOOP
;; RUN: not strata compile --emit=wasm-mlir --func=1 --osr-loop=0 %t.wasm 2>&1 | FileCheck %s --check-prefix=DEADLOOP
;; The OSR continuation F@L of a sum loop: its entry reads the three locals from frame slots
;; 0-2 and goes to the loop header; the code before the loop is gone.
(module
  (func (param $n i32) (result i32) (local $i i32) (local $s i32)
    (local.set $s (i32.const 100)) ;; before the loop: not in F@L
    (block (loop
      (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br 0)))
    (local.get $s))
  (func (result i32)
    (return (i32.const 1))
    (loop (br 0))))

;; WASM-LABEL: func.func @wasm_f0$osr0(%arg0: !llvm.ptr, %arg1: !llvm.ptr) -> i32
;; WASM-SAME:     attributes {wasm.function_index = 0 : i32, wasm.osr_loop = 0 : i32}
;; WASM-NOT:      arith.constant 100
;; WASM:          %[[N:.*]] = memref.alloca() : memref<i32>
;; WASM:          %[[I:.*]] = memref.alloca() : memref<i32>
;; WASM:          %[[S:.*]] = memref.alloca() : memref<i32>
;; WASM:          wasm.stack_check
;; WASM-NEXT:     wasm.poll
;; WASM-NEXT:     cf.br ^[[ENTRY:bb[0-9]+]]
;; WASM-NEXT:   ^[[ENTRY]]:
;; WASM-NEXT:     %[[L0:.*]] = wasm.osr_load %arg1[0] : i32
;; WASM-NEXT:     memref.store %[[L0]], %[[N]][]
;; WASM-NEXT:     %[[L1:.*]] = wasm.osr_load %arg1[1] : i32
;; WASM-NEXT:     memref.store %[[L1]], %[[I]][]
;; WASM-NEXT:     %[[L2:.*]] = wasm.osr_load %arg1[2] : i32
;; WASM-NEXT:     memref.store %[[L2]], %[[S]][]
;; WASM-NEXT:     cf.br ^[[MERGE:bb[0-9]+]]
;; WASM-NEXT:   ^[[MERGE]]:
;; WASM-NEXT:     cf.br ^[[HEADER:bb[0-9]+]]
;; WASM-NEXT:   ^[[HEADER]]:
;; WASM-NEXT:     wasm.poll
;; WASM-NOT:      arith.constant 100
;; WASM:          return

;; After mem2reg the frame slots feed the loop's block arguments.
;; OPT-LABEL: func.func @wasm_f0$osr0
;; OPT-NOT:     memref.
;; OPT:         %[[N:.*]] = wasm.osr_load %arg1[0] : i32
;; OPT-NEXT:    %[[I:.*]] = wasm.osr_load %arg1[1] : i32
;; OPT-NEXT:    %[[S:.*]] = wasm.osr_load %arg1[2] : i32
;; OPT-NEXT:    cf.br ^bb1(%[[I]], %[[S]] : i32, i32)
;; OPT:         arith.cmpi uge, %{{.*}}, %[[N]] : i32

;; LLVMMLIR-LABEL: llvm.func @wasm_f0$osr0(%arg0: !llvm.ptr, %arg1: !llvm.ptr) -> i32
;; LLVMMLIR:         llvm.load %arg1 {{.*}} : !llvm.ptr -> i32
;; LLVMMLIR-NEXT:    %[[P1:.*]] = llvm.getelementptr inbounds %arg1[8] : (!llvm.ptr) -> !llvm.ptr, i8
;; LLVMMLIR-NEXT:    llvm.load %[[P1]] {{.*}} : !llvm.ptr -> i32
;; LLVMMLIR-NEXT:    %[[P2:.*]] = llvm.getelementptr inbounds %arg1[16] : (!llvm.ptr) -> !llvm.ptr, i8
;; LLVMMLIR-NEXT:    llvm.load %[[P2]] {{.*}} : !llvm.ptr -> i32
;; The thunk takes the frame pointer from slots[0] and writes the result there.
;; LLVMMLIR-LABEL: llvm.func @wasm_f0$osr0$array(%arg0: !llvm.ptr, %arg1: !llvm.ptr)
;; LLVMMLIR:         %[[SLOT:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
;; LLVMMLIR-NEXT:    %[[FRAME:.*]] = llvm.inttoptr %[[SLOT]] : i64 to !llvm.ptr
;; LLVMMLIR-NEXT:    %[[R:.*]] = llvm.call @wasm_f0$osr0(%arg0, %[[FRAME]])
;; LLVMMLIR-NEXT:    llvm.zext %[[R]] : i32 to i64
;; LLVMMLIR:         llvm.store

;; LLVM-LABEL: define dso_local i32 @"wasm_f0$osr0"(ptr %0, ptr nocapture readonly %1)
;; LLVM-DAG:     load i32, ptr %1, align 4
;; LLVM-DAG:     getelementptr inbounds i8, ptr %1, i64 8
;; LLVM-DAG:     getelementptr inbounds i8, ptr %1, i64 16
;; LLVM-LABEL: define dso_local void @"wasm_f0$osr0$array"(ptr
;; LLVM:         %[[SLOT:.*]] = load i64, ptr %1
;; LLVM-NEXT:    inttoptr i64 %[[SLOT]] to ptr

;; X64-LABEL: wasm_f0$osr0:
;; X64-DAG:     movl (%rsi), %{{[a-z0-9]+}}
;; X64-DAG:     movl 8(%rsi), %{{[a-z0-9]+}}
;; X64-DAG:     movl 16(%rsi), %{{[a-z0-9]+}}
;; X64-LABEL: wasm_f0$osr0$array:

;; A64-LABEL: wasm_f0$osr0:
;; A64-DAG:     ldr w{{[0-9]+}}, [x1]
;; A64-DAG:     ldr w{{[0-9]+}}, [x1, #8]
;; A64-DAG:     ldr w{{[0-9]+}}, [x1, #16]
;; A64-LABEL: wasm_f0$osr0$array:

;; NOFUNC: --osr-loop needs --func=INDEX
;; NOLOOP: error: function 0: loop 1 is not a reachable loop
;; DEADLOOP: error: function 1: loop 0 is not a reachable loop
