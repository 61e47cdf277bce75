// RUN: strata-opt %s --convert-wasm-to-llvm="guard-pages=true probe-store-ends=true" | FileCheck %s --check-prefixes=CHECK,PROBE
// RUN: strata-opt %s --convert-wasm-to-llvm=guard-pages=true | FileCheck %s --check-prefixes=CHECK,NOPROBE
// RUN: strata-opt %s --convert-wasm-to-llvm="probe-store-ends=true" | FileCheck %s --check-prefixes=CHECK,NOPROBE
// probe-store-ends (on for every target but x86-64): with guard pages, a store wider than a
// byte that may fault first reads its last byte (a faulting load), so that a store straddling the end
// of memory faults before any of its bytes is written. An in-bounds store, a one-byte store
// and explicit checks need no probe.

// CHECK-LABEL: func.func @wide
// PROBE:         %[[LAST:.*]] = llvm.getelementptr inbounds %[[P:.*]][7] : (!llvm.ptr) -> !llvm.ptr, i8
// PROBE-NEXT:    %[[B:.*]] = llvm.load %[[LAST]] {alignment = 1 : i64, tbaa = [#[[TAG:.*]]]} : !llvm.ptr -> i8
// PROBE-NEXT:    llvm.call @strata.faulting_load.i8(%[[B]])
// PROBE-NEXT:    llvm.store volatile %{{.*}}, %[[P]] {alignment = 1 : i64, tbaa = [#[[TAG]]]} : i64, !llvm.ptr
// NOPROBE-NOT:   strata.faulting_load
// CHECK:         return
func.func @wide(%vmctx: !llvm.ptr, %a: i32, %v: i64) {
  wasm.store %v, %a offset 16 width 8 : i64
  return
}

// CHECK-LABEL: func.func @narrow
// CHECK-NOT:     strata.faulting_load
// CHECK:         llvm.store
// CHECK-LABEL: func.func @in_bounds
// CHECK-NOT:     strata.faulting_load
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
