;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=llvm -O0 %t.wasm | FileCheck %s --check-prefix=O0
;; RUN: strata compile --emit=llvm -O1 %t.wasm | FileCheck %s --check-prefix=OPT
;; RUN: strata compile --emit=llvm -O2 %t.wasm | FileCheck %s --check-prefix=OPT
;; RUN: strata compile --emit=llvm -O3 %t.wasm | FileCheck %s --check-prefix=OPT
;; RUN: strata compile --emit=llvm -O2 --llvm-pipeline=clang %t.wasm | FileCheck %s --check-prefixes=OPT,CLANG
;; RUN: strata compile --emit=llvm -O2 --llvm-pipeline=lean %t.wasm | FileCheck %s --check-prefixes=OPT,LEAN
;; RUN: strata compile --emit=asm -O2 --fast-isel %t.wasm | FileCheck %s --check-prefix=FASTISEL
;; RUN: not strata compile --emit=llvm --llvm-pipeline=O2 %t.wasm 2>&1 | FileCheck %s --check-prefix=BADPIPELINE
;; RUN: strata compile --emit=llvm-mlir --func=1 %t.wasm | FileCheck %s --check-prefix=FUNC
;; RUN: strata compile --emit=opt-mlir --no-wasm-opt %t.wasm | FileCheck %s --check-prefix=NOOPT
;; RUN: strata compile --emit=llvm-mlir --bounds-checks=guard-pages %t.wasm | FileCheck %s --check-prefix=GUARD
;; RUN: strata compile --emit=llvm-mlir --bounds-checks=explicit %t.wasm | FileCheck %s --check-prefix=EXPLICIT
;; RUN: not strata compile --emit=asm --target=no-such-arch %t.wasm 2>&1 | FileCheck %s --check-prefix=BADTARGET
;; RUN: not strata compile --emit=obj %t.wasm 2>&1 | FileCheck %s --check-prefix=NOOUT
;; The options of strata compile reach the pipeline.
(module
  (memory 1)
  (func (param i32) (result i32) (i32.load (local.get 0)))
  (func (param i32) (result i32) (i32.mul (call 0 (local.get 0)) (i32.const 3))))

;; At -O0 nothing is inlined; from -O1 on, wasm_f0 is inlined into wasm_f1, by either
;; pipeline. Clang's marks functions local_unnamed_addr (GlobalOpt); the lean one runs no
;; interprocedural pass but the inliner and the inference of function attributes.
;; CLANG: define {{.*}} @wasm_f0({{.*}}) local_unnamed_addr
;; LEAN-NOT: local_unnamed_addr
;; FASTISEL-LABEL: wasm_f1:
;; FASTISEL: retq
;; BADPIPELINE: --llvm-pipeline must be `lean` or `clang`
;; O0-LABEL: define {{.*}} @wasm_f1(
;; O0:         call {{.*}} @wasm_f0(
;; OPT-LABEL: define {{.*}} @wasm_f1(
;; OPT-NOT:    call {{.*}} @wasm_f0(
;; OPT:        ret i32

;; --func=1 compiles only wasm_f1, which then calls wasm_f0 through the switchboard.
;; FUNC-NOT:   llvm.func @wasm_f0(
;; FUNC:       llvm.func @wasm_f1(
;; FUNC:       llvm.call @strata_rt_call_function
;; FUNC-NOT:   llvm.func @wasm_f0(

;; --no-wasm-opt keeps mem2reg, canonicalize and cse, not the wasm passes.
;; NOOPT-NOT:   memref.
;; NOOPT-NOT:   wasm.memory_base
;; NOOPT:       wasm.load %arg1 offset 0 width 4 : i32

;; GUARD-LABEL: llvm.func @wasm_f0(
;; GUARD-NOT:     llvm.icmp "ugt"
;; GUARD-LABEL: llvm.func @wasm_f0$array(
;; EXPLICIT-LABEL: llvm.func @wasm_f0(
;; EXPLICIT:       llvm.icmp "ugt"
;; EXPLICIT-LABEL: llvm.func @wasm_f0$array(

;; BADTARGET: error: target 'no-such-arch{{.*}}'
;; NOOUT: --emit=obj needs -o OUT
