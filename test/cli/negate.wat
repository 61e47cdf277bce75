;; One export taking a number, for arguments that look like options (-5).
(module
  (func (export "negate") (param i64) (result i64)
    (i64.sub (i64.const 0) (local.get 0))))
