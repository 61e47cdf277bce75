;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir --func=0 --osr-loop=0 --osr-frame=7,0x7fc00001,0,40 %t.wasm | FileCheck %s --check-prefix=WASM
;; RUN: strata compile --emit=llvm --func=0 --osr-loop=0 --osr-frame=7,0x7fc00001,0,40 %t.wasm | FileCheck %s --check-prefix=LLVM
;; RUN: not strata compile --emit=wasm-mlir --func=0 --osr-loop=0 --osr-frame=1,2 %t.wasm 2>&1 | FileCheck %s --check-prefix=SIZE
;; RUN: not strata compile --emit=wasm-mlir --func=0 --osr-loop=0 --osr-frame=1,x %t.wasm 2>&1 | FileCheck %s --check-prefix=BAD
;; A continuation compiled for one entry: the frame's numbers (locals, then the operand the loop
;; carries) are constants, bit for bit (a NaN keeps its payload); a reference is still read
;; from the frame, as it points into the runtime.
(module
  (func (param $n i32) (result f32) (local $x f32) (local $r externref)
    (local.get $n)
    (loop (param i32) (result i32)
      (local.set $x (f32.add (local.get $x) (f32.const 1)))
      (i32.sub (i32.const 1))
      (local.tee $n)
      (br_if 0 (i32.ne (local.get $n) (i32.const 0)))
      (drop)
      (local.get $n)
      (br_if 0 (i32.eqz (ref.is_null (local.get $r)))))
    (drop)
    (local.get $x)))

;; WASM-LABEL: func.func @wasm_f0$osr0(%arg0: !llvm.ptr, %arg1: !llvm.ptr) -> f32
;; WASM:          cf.br ^[[ENTRY:bb[0-9]+]]
;; WASM-NEXT:   ^[[ENTRY]]:
;; WASM-NEXT:     %{{.*}} = arith.constant 7 : i32
;; WASM-NEXT:     memref.store
;; WASM-NEXT:     %{{.*}} = arith.constant 0x7FC00001 : f32
;; WASM-NEXT:     memref.store
;; WASM-NEXT:     %{{.*}} = wasm.osr_load %arg1[2] : i64
;; WASM-NEXT:     memref.store
;; WASM-NEXT:     %[[CARRIED:.*]] = arith.constant 40 : i32
;; WASM-NEXT:     cf.br ^{{bb[0-9]+}}(%[[CARRIED]] : i32)
;; WASM-NOT:      wasm.osr_load

;; Only the reference is loaded from the frame (slot 2, byte 16).
;; LLVM-LABEL: define {{.*}} @"wasm_f0$osr0"(ptr %0, ptr {{.*}}%1)
;; LLVM:         getelementptr inbounds i8, ptr %1, i64 16
;; LLVM-NOT:     ptr %1
;; LLVM-LABEL: define {{.*}} @"wasm_f0$osr0$array"

;; SIZE: function 0: a known OSR frame needs a single loop and one value per local and operand
;; BAD: strata compile: bad frame value in '--osr-frame=1,x'
