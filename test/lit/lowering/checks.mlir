// RUN: strata-opt %s --convert-wasm-to-llvm | FileCheck %s
// RUN: strata-opt %s --convert-wasm-to-llvm=poll-markers=true | FileCheck %s --check-prefix=MARKERS
// The thread's limits lie at the thread pointer plus VMContext.limitsThreadOffset. The
// prologue's stack check compares the stack pointer with limits->stackLimit and takes one frame
// of limits->depthLeft (the CallContext's depth limit); a poll reads the byte
// limits->interruptFlag points at (the pointer loaded once per call) and calls strata_rt_poll
// when it is set.

// CHECK-LABEL: func.func @wasm_f3
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr)
// CHECK-NEXT:    %[[OP:.*]] = llvm.getelementptr inbounds %[[VM]][40]
// CHECK-NEXT:    %[[OFFSET:.*]] = llvm.load %[[OP]] invariant {{.*}} -> i64
// CHECK-NEXT:    %[[TP:.*]] = llvm.call_intrinsic "llvm.thread.pointer"() : () -> !llvm.ptr
// CHECK-NEXT:    %[[LIMITS:.*]] = llvm.getelementptr %[[TP]][%[[OFFSET]]]
// CHECK-NEXT:    %[[FP:.*]] = llvm.getelementptr inbounds %[[LIMITS]][8]
// CHECK-NEXT:    %[[FLAG:.*]] = llvm.load %[[FP]] {{.*}} -> !llvm.ptr
// CHECK-NEXT:    %[[SP:.*]] = llvm.intr.stacksave : !llvm.ptr
// CHECK-NEXT:    %[[LIMIT:.*]] = llvm.load %[[LIMITS]] {{.*}} -> i64
// CHECK-NEXT:    %[[SPI:.*]] = llvm.ptrtoint %[[SP]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[LOW:.*]] = llvm.icmp "ult" %[[SPI]], %[[LIMIT]] : i64
// CHECK-NEXT:    %[[KIND:.*]] = llvm.mlir.constant(10 : i32) : i32
// CHECK-NEXT:    llvm.cond_br %[[LOW]] weights([1, 1048576]), ^[[EXHAUSTED:bb[0-9]+]], ^[[BB1:bb[0-9]+]]
// CHECK-NEXT:  ^[[BB1]]:
// CHECK-NEXT:    %[[DP:.*]] = llvm.getelementptr inbounds %[[LIMITS]][32]
// CHECK-NEXT:    %[[D0:.*]] = llvm.load %[[DP]] {{.*}} -> i64
// CHECK-NEXT:    %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT:    %[[D1:.*]] = llvm.sub %[[D0]], %[[ONE]] : i64
// CHECK-NEXT:    %[[ZERO64:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-NEXT:    %[[DEEP:.*]] = llvm.icmp "slt" %[[D1]], %[[ZERO64]] : i64
// CHECK-NEXT:    %[[KIND2:.*]] = llvm.mlir.constant(10 : i32) : i32
// CHECK-NEXT:    llvm.cond_br %[[DEEP]] weights([1, 1048576]), ^[[TOODEEP:bb[0-9]+]], ^[[BB2:bb[0-9]+]]
// CHECK-NEXT:  ^[[BB2]]:
// CHECK-NEXT:    llvm.store %[[D1]], %[[DP]]
// CHECK-NEXT:    %[[F1:.*]] = llvm.load %[[FLAG]] atomic monotonic {{.*}} -> i8
// CHECK-NEXT:    %[[ZERO:.*]] = llvm.mlir.constant(0 : i8) : i8
// CHECK-NEXT:    %[[SET:.*]] = llvm.icmp "ne" %[[F1]], %[[ZERO]] : i8
// CHECK-NEXT:    llvm.cond_br %[[SET]] weights([1, 1048576]), ^[[SLOW:bb[0-9]+]], ^[[BB3:bb[0-9]+]]
// CHECK-NEXT:  ^[[BB3]]:
// CHECK-NEXT:    cf.br ^[[LOOP:bb[0-9]+]]
// CHECK-NEXT:  ^[[LOOP]]:
// CHECK-NEXT:    %[[F2:.*]] = llvm.load %[[FLAG]] atomic monotonic {{.*}} -> i8
// CHECK:       ^[[EXHAUSTED]]:
// CHECK-NEXT:    llvm.mlir.constant(3 : i32)
// CHECK-NEXT:    llvm.mlir.constant(-1 : i32)
// CHECK-NEXT:    llvm.call @strata_rt_trap(%[[VM]], %[[KIND]]
// CHECK-NEXT:    llvm.unreachable
// CHECK-NEXT:  ^[[TOODEEP]]:
// CHECK-NEXT:    llvm.mlir.constant(3 : i32)
// CHECK-NEXT:    llvm.mlir.constant(-1 : i32)
// CHECK-NEXT:    llvm.call @strata_rt_trap(%[[VM]], %[[KIND2]]
// CHECK-NEXT:    llvm.unreachable
// CHECK-NEXT:  ^[[SLOW]]:
// CHECK-NEXT:    %[[INDEX:.*]] = llvm.mlir.constant(3 : i32) : i32
// CHECK-NEXT:    llvm.call @strata_rt_poll(%[[VM]], %[[INDEX]]) : (!llvm.ptr, i32) -> ()
// CHECK-NEXT:    llvm.br ^[[BB3]]
func.func @wasm_f3(%vmctx: !llvm.ptr) attributes {wasm.function_index = 3 : i32} {
  wasm.stack_check
  wasm.poll
  cf.br ^loop
^loop:
  wasm.poll
  cf.br ^loop
}

// With poll-markers each poll is an llvm.sideeffect for the pipeline to expand later.
// MARKERS-LABEL: func.func @wasm_f3
// MARKERS-NOT:     strata_rt_poll
// MARKERS:         llvm.cond_br
// MARKERS:         llvm.call_intrinsic "llvm.sideeffect"() : () -> ()
// MARKERS-NEXT:    cf.br ^[[LOOP:bb[0-9]+]]
// MARKERS-NEXT:  ^[[LOOP]]:
// MARKERS-NEXT:    llvm.call_intrinsic "llvm.sideeffect"() : () -> ()
// MARKERS-NEXT:    cf.br ^[[LOOP]]
// MARKERS-NOT:     strata_rt_poll
