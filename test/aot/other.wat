;; Another module, whose object aot.wasm must refuse.
(module (func (export "fib") (param i32) (result i32) (local.get 0)))
