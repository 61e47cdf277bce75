// RUN: strata-opt %s --convert-wasm-to-llvm="guard-pages=true probe-store-ends=true" | FileCheck %s --check-prefixes=CHECK,PROBE
// RUN: strata-opt %s --convert-wasm-to-llvm=guard-pages=true | FileCheck %s --check-prefixes=CHECK,NOPROBE
// RUN: strata-opt %s --convert-wasm-to-llvm="probe-store-ends=true" | FileCheck %s --check-prefixes=CHECK,NOPROBE
// probe-store-ends (on for every target but x86-64): with guard pages, a store wider than a
// byte that may fault first reads its last byte, volatile, so that a store straddling the end
// of memory faults before any of its bytes is written. An in-bounds store, a one-byte store
// and explicit checks need no probe.

// CHECK-LABEL: func.func @wide
// PROBE:         %[[LAST:.*]] = llvm.getelementptr inbounds %[[P:.*]][7] : (!llvm.ptr) -> !llvm.ptr, i8
// PROBE-NEXT:    llvm.load volatile %[[LAST]] {alignment = 1 : i64} : !llvm.ptr -> i8
// PROBE-NEXT:    llvm.store volatile %{{.*}}, %[[P]] {alignment = 1 : i64} : i64, !llvm.ptr
// NOPROBE-NOT:   llvm.load volatile
// CHECK:         return
func.func @wide(%vmctx: !llvm.ptr, %a: i32, %v: i64) {
  wasm.store %v, %a offset 16 width 8 : i64
  return
}

// CHECK-LABEL: func.func @narrow
// CHECK-NOT:     llvm.load volatile
// CHECK:         llvm.store
// CHECK-LABEL: func.func @in_bounds
// CHECK-NOT:     llvm.load volatile
// CHECK:         llvm.store
func.func @narrow(%vmctx: !llvm.ptr, %a: i32, %v: i32) {
  wasm.store %v, %a offset 0 width 1 : i32
  return
}
func.func @in_bounds(%vmctx: !llvm.ptr, %a: i32, %v: i32) {
  %base = wasm.memory_base
  wasm.store %v, %a base %base offset 0 width 4 {in_bounds} : i32
  return
}
