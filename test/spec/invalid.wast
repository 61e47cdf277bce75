;; Rejected modules: invalid ones (validation errors) and malformed binaries. Text-format
;; malformed modules are counted as skipped, since Strata reads binaries only.
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_invalid (module (func (local.get 0))) "unknown local")
(assert_invalid (module (func (br 1))) "unknown label")
(assert_invalid (module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))
                "global is immutable")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_malformed (module binary "\00asm\01\00\00\00\01\04\01\60\00") "unexpected end")
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
