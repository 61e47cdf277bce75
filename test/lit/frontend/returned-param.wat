;; RUN: wat2wasm %s -o %t.wasm && strata compile --emit=wasm-mlir --func=1 %t.wasm | FileCheck %s
;; A callee that returns a parameter unchanged (here memset's shape) gives the caller that
;; argument as the call's result, so a unit compiled without the callee still knows it: the
;; store goes to the constant address 1024, not to the call's result.
(module
  (memory 1)
  (func $fill (param $d i32) (param $v i32) (param $n i32) (result i32) (local $p i32)
    (local.set $p (local.get $d))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store8 (local.get $p) (local.get $v))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $d))
  (func (export "run")
    (i32.store8 (call $fill (i32.const 1024) (i32.const 0) (i32.const 64)) (i32.const 1)))
)

;; CHECK-LABEL: func.func @wasm_f1(
;; CHECK:         %[[DEST:.*]] = arith.constant 1024 : i32
;; CHECK:         %{{.*}} = wasm.call 0(%[[DEST]], %{{.*}}, %{{.*}}) : (i32, i32, i32) -> i32
;; CHECK:         wasm.store %{{.*}}, %[[DEST]] offset 0 width 1 : i32
