;; RUN: wat2wasm %s -o %t.wasm
;; RUN: strata compile --emit=wasm-mlir --func=0 --osr-loop=outer %t.wasm | FileCheck %s --check-prefix=WASM
;; RUN: strata compile --emit=llvm --func=0 --osr-loop=outer %t.wasm | FileCheck %s --check-prefix=LLVM
;; One continuation for every outermost loop (the tiered engine's OSR unit): the entry switches
;; on the loop argument to one block of frame reads per outermost loop; another loop traps. The
;; second loop has a value under it on the operand stack and a parameter; the inner loop (1)
;; gets no entry, so the loops stay reducible.
(module
  (func (param $n i32) (result i32) (local $i i32) (local $j i32)
    (loop $a
      (loop $inner
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $j) (i32.const 10))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $a (i32.lt_u (local.get $i) (local.get $n))))
    (i32.const 100)
    (i32.const 7)
    (loop $b (param i32) (result i32)
      (local.set $j (i32.add (local.get $j) (i32.const 3)))
      (br_if $b (i32.add (i32.const 1)) (i32.lt_u (local.get $j) (local.get $n))))
    (i32.add)
    (i32.add (local.get $i))))

;; WASM-LABEL: func.func @wasm_f0$osr(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i32) -> i32
;; WASM-NOT:      wasm.osr_loop
;; WASM:          cf.switch %arg2 : i32, [
;; WASM-NEXT:       default: ^[[UNKNOWN:bb[0-9]+]],
;; WASM-NEXT:       0: ^[[LOOP0:bb[0-9]+]],
;; WASM-NEXT:       2: ^[[LOOP2:bb[0-9]+]]
;; WASM-NEXT:     ]
;; WASM:        ^[[LOOP0]]:
;; WASM-NEXT:     wasm.osr_load %arg1[0] : i32
;; WASM:          wasm.osr_load %arg1[2] : i32
;; WASM-NOT:      wasm.osr_load %arg1[3]
;; WASM:        ^[[LOOP2]]:
;; WASM-NEXT:     wasm.osr_load %arg1[0] : i32
;; WASM:          wasm.osr_load %arg1[2] : i32
;; WASM:          wasm.osr_load %arg1[3] : i32
;; WASM-NEXT:     wasm.osr_load %arg1[4] : i32
;; WASM:        ^[[UNKNOWN]]:
;; WASM-NEXT:     wasm.trap unreachable

;; LLVM-LABEL: define {{.*}} @"wasm_f0$osr"(ptr {{.*}}, ptr {{.*}}, i32 {{.*}})
;; LLVM:         switch i32
;; LLVM-LABEL: define {{.*}}void @"wasm_f0$osr$array"(ptr {{.*}}, ptr {{.*}})
