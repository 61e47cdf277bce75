;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir %t.wasm | FileCheck %s --check-prefix=WASM
;; RUN: strata compile --emit=opt-mlir %t.wasm | FileCheck %s --check-prefix=OPT
;; RUN: strata compile --emit=llvm-mlir %t.wasm | FileCheck %s --check-prefix=LLVMMLIR
;; RUN: strata compile --emit=llvm %t.wasm | FileCheck %s --check-prefix=LLVM
;; RUN: strata compile --emit=llvm %t.wasm | FileCheck %s --check-prefix=DECL
;; RUN: strata compile --emit=asm %t.wasm | FileCheck %s --check-prefix=ASM
;; RUN: strata compile --emit=obj %t.wasm -o %t.o && llvm-readelf -h -s %t.o | FileCheck %s --check-prefix=OBJ
;; RUN: strata compile --emit=obj --target=aarch64-linux-gnu %t.wasm -o %t.a64.o && llvm-readelf -h -s %t.a64.o | FileCheck %s --check-prefix=OBJ64
;; Every stage of the pipeline, end to end, on a module with a memory, locals, calls and a loop.
(module
  (memory 1)
  (func $get (param i32) (result i32) (local i32)
    (local.set 1 (i32.load (local.get 0)))
    (i32.add (local.get 1) (i32.load16_u offset=2 (local.get 0))))
  (func (export "twice") (param i32) (result i32)
    (i32.add (call $get (local.get 0)) (call $get (i32.const 8))))
  (func (export "spin") (param i32)
    (loop (br_if 0 (i32.load (local.get 0))))))

;; WASM-LABEL: func.func @wasm_f0(%arg0: !llvm.ptr, %arg1: i32) -> i32 attributes {wasm.function_index = 0 : i32}
;; WASM:         memref.alloca() : memref<i32>
;; WASM:         wasm.stack_check
;; WASM:         wasm.poll
;; WASM:         wasm.load
;; WASM-LABEL: func.func @wasm_f1

;; The locals are promoted, the base is cached, the covered load is proven in bounds.
;; OPT-LABEL: func.func @wasm_f0
;; OPT-NOT:     memref.
;; OPT:         %[[BASE:.*]] = wasm.memory_base
;; OPT:         wasm.load %arg1 base %[[BASE]] offset 0 width 4 : i32
;; OPT-NEXT:    wasm.load %arg1 base %[[BASE]] offset 2 width 2 {in_bounds} : i32
;; OPT-LABEL: func.func @wasm_f1
;; OPT:         wasm.call 0

;; LLVMMLIR-NOT: func.func
;; LLVMMLIR-NOT: wasm.
;; LLVMMLIR-DAG: llvm.func @wasm_f0(%arg0: !llvm.ptr, %arg1: i32) -> i32
;; LLVMMLIR-DAG: llvm.func @wasm_f0$array(%arg0: !llvm.ptr, %arg1: !llvm.ptr)
;; LLVMMLIR-DAG: llvm.call @wasm_f0

;; The LLVM module has the host's triple and layout; polls are expanded.
;; LLVM:         target datalayout = "{{.+}}"
;; LLVM:         target triple = "{{.+}}"
;; LLVM-NOT:     llvm.sideeffect
;; LLVM:         define dso_local {{.*}}i32 @wasm_f0(ptr {{.*}}, i32 {{.*}})
;; LLVM-NOT:     call void @strata_rt_poll
;; LLVM:         define dso_local void @"wasm_f0$array"(ptr
;; LLVM:         define dso_local {{.*}}i32 @wasm_f1(ptr
;; LLVM:         define dso_local void @wasm_f2(ptr
;; LLVM:         load atomic i8, ptr %{{.*}} monotonic
;; LLVM:         call void @strata_rt_poll(ptr
;; DECL-NOT:     llvm.sideeffect
;; DECL:         declare void @strata_rt_trap(ptr, i32, i32, i32) {{.*}}#[[TRAP:[0-9]+]]
;; DECL-NOT:     llvm.sideeffect
;; DECL:         attributes #[[TRAP]] = { cold noreturn nounwind }

;; ASM:          wasm_f0:
;; ASM:          wasm_f0$array:
;; ASM:          wasm_f1:
;; ASM:          wasm_f1$array:

;; OBJ:          Class: ELF64
;; OBJ:          Type: REL
;; OBJ-DAG:      FUNC GLOBAL DEFAULT {{.*}} wasm_f0{{$}}
;; OBJ-DAG:      FUNC GLOBAL DEFAULT {{.*}} wasm_f1$array
;; OBJ-DAG:      NOTYPE GLOBAL DEFAULT UND strata_rt_trap

;; OBJ64:        Machine: AArch64
;; OBJ64:        FUNC GLOBAL DEFAULT {{.*}} wasm_f1{{$}}
