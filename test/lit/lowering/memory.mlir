// RUN: strata-opt %s --convert-wasm-to-llvm | FileCheck %s --check-prefixes=CHECK,EXPLICIT
// RUN: strata-opt %s --convert-wasm-to-llvm=guard-pages=true | FileCheck %s --check-prefixes=CHECK,GUARD,MARKED
// RUN: strata-opt %s --convert-wasm-to-llvm="guard-pages=true volatile-loads=true" | FileCheck %s --check-prefixes=CHECK,GUARD,VOLATILE
// Linear memory: base + zext(addr) + offset, align 1; an explicit check of addr + offset +
// width against the size (VMContext.memory -> MemoryInstance, base at +0, size at +8) unless
// the access is in_bounds or guard pages catch it.

// With guard pages the accesses that may fault have the alias type "wasm state", the parent of
// linear memory's and the globals' types but not of the runtime's: they stay ordered with
// stores to memory and globals, while the call-depth counter and other runtime fields move
// freely around them.
// GUARD-DAG: #[[STATE:tbaa_type_desc[0-9]*]] = #llvm.tbaa_type_desc<id = "wasm state", members = {<#tbaa_root, 0>}>
// GUARD-DAG: #[[FAULTING:tbaa_tag[0-9]*]] = #llvm.tbaa_tag<base_type = #[[STATE]], access_type = #[[STATE]], offset = 0>
// GUARD-DAG: #llvm.tbaa_type_desc<id = "linear memory", members = {<#[[STATE]], 0>}>
// GUARD-DAG: #llvm.tbaa_type_desc<id = "runtime", members = {<#tbaa_root, 0>}>

// The runtime functions used are declared; a trap never returns.
// EXPLICIT-DAG: llvm.func @strata_rt_trap(!llvm.ptr, i32, i32, i32) attributes {no_unwind, passthrough = ["noreturn", "cold"]}
// CHECK-DAG: llvm.func @strata_rt_memory_grow(!llvm.ptr, i32) -> i32
// The markers touch only memory nobody else can reach: LLVM neither removes them nor orders
// loads and stores around them; and they cost the inliner nothing.
// MARKED-DAG: llvm.func @strata.faulting_load.f64(f64) attributes {memory = #llvm.memory_effects<other = none, argMem = none, inaccessibleMem = readwrite>, no_unwind, passthrough = {{\[\["call-inline-cost", "0"\]\]}}, will_return}
// EXPLICIT-NOT: strata.faulting_load
// VOLATILE-NOT: strata.faulting_load

// CHECK-LABEL: func.func @load
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr, %[[A:.*]]: i32)
// CHECK:         %[[MEM:.*]] = llvm.load %[[VM]] invariant {{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[IDX:.*]] = llvm.zext %[[A]] : i32 to i64
// EXPLICIT:      %[[END:.*]] = llvm.add %[[IDX]], %{{.*}} : i64
// EXPLICIT:      %[[SIZEP:.*]] = llvm.getelementptr inbounds %[[MEM]][8]
// EXPLICIT:      %[[SIZE:.*]] = llvm.load %[[SIZEP]] {{.*}} -> i64
// EXPLICIT:      %[[OOB:.*]] = llvm.icmp "ugt" %[[END]], %[[SIZE]] : i64
// EXPLICIT:      %[[KIND:.*]] = llvm.mlir.constant(1 : i32) : i32
// EXPLICIT:      llvm.cond_br %[[OOB]] weights([1, 1048576]), ^[[TRAP:.*]], ^[[OK:bb[0-9]+]]
// EXPLICIT:    ^[[OK]]:
// GUARD-NOT:     llvm.icmp
// CHECK:         %[[BASE:.*]] = llvm.load %[[MEM]] invariant {{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK:         %[[P:.*]] = llvm.getelementptr inbounds %[[BASE]][%[[IDX]]] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// CHECK:         %[[P2:.*]] = llvm.getelementptr inbounds %[[P]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// EXPLICIT:      %[[V:.*]] = llvm.load %[[P2]] {alignment = 1 : i64, tbaa = {{.*}}} : !llvm.ptr -> i16
// MARKED:        %[[V:.*]] = llvm.load %[[P2]] {alignment = 1 : i64, tbaa = [#[[FAULTING]]]} : !llvm.ptr -> i16
// MARKED-NEXT:   llvm.call @strata.faulting_load.i16(%[[V]]) : (i16) -> ()
// VOLATILE:      %[[V:.*]] = llvm.load volatile %[[P2]] {alignment = 1 : i64, tbaa = [#[[FAULTING]]]} : !llvm.ptr -> i16
// CHECK:         llvm.sext %[[V]] : i16 to i32
// EXPLICIT:    ^[[TRAP]]:
// EXPLICIT-NEXT: %[[FN:.*]] = llvm.mlir.constant(4 : i32) : i32
// EXPLICIT-NEXT: %[[NOOFF:.*]] = llvm.mlir.constant(-1 : i32) : i32
// EXPLICIT-NEXT: llvm.call @strata_rt_trap(%[[VM]], %[[KIND]], %[[FN]], %[[NOOFF]])
// EXPLICIT-NEXT: llvm.unreachable
func.func @load(%vmctx: !llvm.ptr, %a: i32) -> i32 attributes {wasm.function_index = 4 : i32} {
  %0 = wasm.load %a offset 100 width 2 {sign_extend} : i32
  return %0 : i32
}

// A cached base is used as is; in_bounds and constant-free offsets need no check or second
// address step.
// CHECK-LABEL: func.func @store
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr, %[[A:.*]]: i32, %[[V:.*]]: i64)
// CHECK-NOT:     llvm.icmp
// CHECK:         %[[MEM:.*]] = llvm.load %[[VM]] invariant
// CHECK:         %[[BASE:.*]] = llvm.load %[[MEM]] invariant
// CHECK:         %[[IDX:.*]] = llvm.zext %[[A]] : i32 to i64
// CHECK-NEXT:    %[[P:.*]] = llvm.getelementptr inbounds %[[BASE]][%[[IDX]]]
// CHECK-NEXT:    %[[T:.*]] = llvm.trunc %[[V]] : i64 to i32
// CHECK-NEXT:    llvm.store %[[T]], %[[P]] {alignment = 1 : i64, tbaa = {{.*}}} : i32, !llvm.ptr
func.func @store(%vmctx: !llvm.ptr, %a: i32, %v: i64) {
  %base = wasm.memory_base
  wasm.store %v, %a base %base offset 0 width 4 {in_bounds} : i64
  return
}

// With guard pages an access that may fault is the check: a marker call takes its value, so
// that it stays even when the value is unused (volatile-loads=true: volatile instead).
// CHECK-LABEL: func.func @unused
// EXPLICIT:      llvm.load %{{.*}} {alignment = 1 : i64, tbaa = {{.*}}} : !llvm.ptr -> f64
// MARKED:        %[[U:.*]] = llvm.load %{{.*}} {alignment = 1 : i64, tbaa = [#[[FAULTING]]]} : !llvm.ptr -> f64
// MARKED-NEXT:   llvm.call @strata.faulting_load.f64(%[[U]]) : (f64) -> ()
// VOLATILE:      llvm.load volatile %{{.*}} {alignment = 1 : i64, tbaa = [#[[FAULTING]]]} : !llvm.ptr -> f64
func.func @unused(%vmctx: !llvm.ptr, %a: i32) {
  %0 = wasm.load %a offset 0 width 8 : f64
  return
}

// memory.size is the size in bytes over 64 KiB; memory.grow and the bulk operations are
// runtime calls.
// CHECK-LABEL: func.func @size_and_grow
// CHECK:         %[[SIZE:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// CHECK:         %[[PAGES:.*]] = llvm.lshr %[[SIZE]], %{{.*}} : i64
// CHECK:         %[[P32:.*]] = llvm.trunc %[[PAGES]] : i64 to i32
// CHECK:         llvm.call @strata_rt_memory_grow(%arg0, %[[P32]]) : (!llvm.ptr, i32) -> i32
// CHECK:         llvm.call @strata_rt_memory_fill(%arg0, %[[P32]], %[[P32]], %[[P32]])
// CHECK:         llvm.call @strata_rt_memory_copy(%arg0, %[[P32]], %[[P32]], %[[P32]])
// CHECK:         %[[SEG:.*]] = llvm.mlir.constant(3 : i32) : i32
// CHECK:         llvm.call @strata_rt_memory_init(%arg0, %[[SEG]], %[[P32]], %[[P32]], %[[P32]])
// CHECK:         %[[SEG2:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:         llvm.call @strata_rt_data_drop(%arg0, %[[SEG2]])
func.func @size_and_grow(%vmctx: !llvm.ptr) -> i32 {
  %0 = wasm.memory_size
  %1 = wasm.memory_grow %0
  wasm.memory_fill %0, %0, %0
  wasm.memory_copy %0, %0, %0
  wasm.memory_init %0, %0, %0 segment 3
  wasm.data_drop segment 2
  return %1 : i32
}
