// RUN: strata-opt %s --convert-wasm-to-llvm | FileCheck %s
// Globals through VMContext.globals[i] (a pointer to the value's slots), references to
// functions as VMContext.functions[i], tables through runtime calls, tiering counters and OSR
// frame slots.

// CHECK-LABEL: func.func @globals
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr)
// CHECK:         %[[GP:.*]] = llvm.getelementptr inbounds %[[VM]][8]
// CHECK-NEXT:    %[[GLOBALS:.*]] = llvm.load %[[GP]] invariant {{.*}} -> !llvm.ptr
// CHECK:         %[[G2P:.*]] = llvm.getelementptr inbounds %[[GLOBALS]][16]
// CHECK-NEXT:    %[[G2:.*]] = llvm.load %[[G2P]] invariant {{.*}} -> !llvm.ptr
// CHECK-NEXT:    %[[V:.*]] = llvm.load %[[G2]] {alignment = 8 : i64, tbaa = {{.*}}} : !llvm.ptr -> f64
// CHECK-NEXT:    %[[G0:.*]] = llvm.load %[[GLOBALS]] invariant {{.*}} -> !llvm.ptr
// CHECK-NEXT:    llvm.store %[[V]], %[[G0]] {alignment = 8 : i64, tbaa = {{.*}}} : f64, !llvm.ptr
func.func @globals(%vmctx: !llvm.ptr) {
  %0 = wasm.global_get 2 : f64
  wasm.global_set 0, %0 : f64
  return
}

// CHECK-LABEL: func.func @references
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr, %[[I:.*]]: i32)
// CHECK:         %[[FP:.*]] = llvm.getelementptr inbounds %[[VM]][16]
// CHECK-NEXT:    %[[FUNCS:.*]] = llvm.load %[[FP]] invariant
// CHECK:         %[[F3P:.*]] = llvm.getelementptr inbounds %[[FUNCS]][24]
// CHECK-NEXT:    %[[F3:.*]] = llvm.load %[[F3P]] invariant
// CHECK-NEXT:    %[[REF:.*]] = llvm.ptrtoint %[[F3]] : !llvm.ptr to i64
// CHECK:         llvm.call @strata_rt_table_set(%[[VM]], %{{.*}}, %[[I]], %[[REF]]) : (!llvm.ptr, i32, i32, i64) -> ()
// CHECK:         %[[GOT:.*]] = llvm.call @strata_rt_table_get(%[[VM]], %{{.*}}, %[[I]]) : (!llvm.ptr, i32, i32) -> i64
// CHECK:         llvm.call @strata_rt_table_size(%[[VM]], %{{.*}}) : (!llvm.ptr, i32) -> i32
// CHECK:         llvm.call @strata_rt_table_grow(%[[VM]], %{{.*}}, %[[GOT]], %[[I]]) : (!llvm.ptr, i32, i64, i32) -> i32
// CHECK:         llvm.call @strata_rt_table_fill(%[[VM]], %{{.*}}, %[[I]], %[[GOT]], %[[I]])
// CHECK:         llvm.call @strata_rt_table_copy(%[[VM]], %{{.*}}, %{{.*}}, %[[I]], %[[I]], %[[I]])
// CHECK:         llvm.call @strata_rt_table_init(%[[VM]], %{{.*}}, %{{.*}}, %[[I]], %[[I]], %[[I]])
// CHECK:         llvm.call @strata_rt_elem_drop(%[[VM]], %{{.*}})
func.func @references(%vmctx: !llvm.ptr, %i: i32) -> i64 {
  %f = wasm.ref_func 3
  wasm.table_set 1 [%i], %f
  %0 = wasm.table_get 1 [%i]
  %1 = wasm.table_size 1
  %2 = wasm.table_grow 1, %0, %i
  wasm.table_fill 1, %i, %0, %i
  wasm.table_copy 0, 1, %i, %i, %i
  wasm.table_init 1, %i, %i, %i segment 2
  wasm.elem_drop segment 2
  return %0 : i64
}

// counters[N] += 1 when VMContext.counters is set.
// CHECK-LABEL: func.func @counter
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr)
// CHECK-NEXT:    %[[CP:.*]] = llvm.getelementptr inbounds %[[VM]][56]
// CHECK-NEXT:    %[[COUNTERS:.*]] = llvm.load %[[CP]] {{.*}} -> !llvm.ptr
// CHECK-NEXT:    %[[NULL:.*]] = llvm.mlir.zero
// CHECK-NEXT:    %[[ON:.*]] = llvm.icmp "ne" %[[COUNTERS]], %[[NULL]]
// CHECK-NEXT:    llvm.cond_br %[[ON]], ^[[BUMP:bb[0-9]+]], ^[[CONT:bb[0-9]+]]
// CHECK-NEXT:  ^[[CONT]]:
// CHECK-NEXT:    return
// CHECK-NEXT:  ^[[BUMP]]:
// CHECK-NEXT:    %[[N:.*]] = llvm.mlir.constant(5 : i64)
// CHECK-NEXT:    %[[SLOT:.*]] = llvm.getelementptr inbounds %[[COUNTERS]][%[[N]]] : (!llvm.ptr, i64) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[OLD:.*]] = llvm.load %[[SLOT]] {{.*}} -> i64
// CHECK-NEXT:    %[[ONE:.*]] = llvm.mlir.constant(1 : i64)
// CHECK-NEXT:    %[[NEW:.*]] = llvm.add %[[OLD]], %[[ONE]]
// CHECK-NEXT:    llvm.store %[[NEW]], %[[SLOT]]
// CHECK-NEXT:    llvm.br ^[[CONT]]
func.func @counter(%vmctx: !llvm.ptr) {
  wasm.counter loop 5
  return
}

// CHECK-LABEL: func.func @osr
// CHECK-SAME:    (%{{.*}}: !llvm.ptr, %[[FRAME:.*]]: !llvm.ptr)
// CHECK-NEXT:    %[[P:.*]] = llvm.getelementptr inbounds %[[FRAME]][24]
// CHECK-NEXT:    llvm.load %[[P]] {alignment = 4 : i64, tbaa = {{.*}}} : !llvm.ptr -> f32
// CHECK-NEXT:    llvm.load %[[FRAME]] {alignment = 8 : i64, tbaa = {{.*}}} : !llvm.ptr -> i64
func.func @osr(%vmctx: !llvm.ptr, %frame: !llvm.ptr) -> f32 {
  %0 = wasm.osr_load %frame [3] : f32
  %1 = wasm.osr_load %frame [0] : i64
  return %0 : f32
}
