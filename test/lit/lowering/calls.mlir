// RUN: strata-opt %s --convert-wasm-to-llvm | FileCheck %s --check-prefixes=CHECK,DIRECT
// RUN: strata-opt %s --convert-wasm-to-llvm=direct-calls=false | FileCheck %s --check-prefixes=CHECK,TABLE
// A callee defined in the module is called directly (unless direct-calls=false); any other
// goes through its FunctionInstance in VMContext.functions: code(context, args...) when its
// NativeEntry has code, strata_rt_call_function with 64-bit slots otherwise.

// CHECK-LABEL: func.func @wasm_f0
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr, %[[X:.*]]: i32)
// CHECK:         %[[FUNCS:.*]] = llvm.load %{{.*}} invariant {{.*}} -> !llvm.ptr
// CHECK:         %[[SLOTS:.*]] = llvm.alloca %{{.*}} x i64 {alignment = 8 : i64}
// DIRECT:        %[[R1:.*]] = call @wasm_f1(%[[VM]], %[[X]]) : (!llvm.ptr, i32) -> f32
// TABLE:         llvm.getelementptr inbounds %[[FUNCS]][8]
// Import 5: the switchboard.
// CHECK:         %[[FP:.*]] = llvm.getelementptr inbounds %[[FUNCS]][40]
// CHECK-NEXT:    %[[FI:.*]] = llvm.load %[[FP]] invariant {{.*}} -> !llvm.ptr
// CHECK-NEXT:    %[[CODE:.*]] = llvm.load %[[FI]] atomic acquire {{.*}} -> !llvm.ptr
// CHECK-NEXT:    %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[INTERP:.*]] = llvm.icmp "eq" %[[CODE]], %[[NULL]] : !llvm.ptr
// CHECK-NEXT:    llvm.cond_br %[[INTERP]], ^[[SLOW:bb[0-9]+]], ^[[FAST:bb[0-9]+]]
// CHECK:       ^[[JOIN:bb[0-9]+]](%[[A:.*]]: i32, %[[B:.*]]: f64):
// CHECK:       ^[[SLOW]]:
// CHECK:         llvm.store %{{.*}}, %{{.*}} {{.*}} : i64, !llvm.ptr
// CHECK:         llvm.store %{{.*}}, %{{.*}} {{.*}} : i64, !llvm.ptr
// CHECK:         llvm.call @strata_rt_call_function(%[[VM]], %[[FI]], %[[SLOTS]])
// CHECK:         %[[S0:.*]] = llvm.load %{{.*}} {{.*}} -> i64
// CHECK:         %[[R0:.*]] = llvm.trunc %[[S0]] : i64 to i32
// CHECK:         %[[S1:.*]] = llvm.load %{{.*}} {{.*}} -> i64
// CHECK:         %[[R1B:.*]] = llvm.bitcast %[[S1]] : i64 to f64
// CHECK:         llvm.br ^[[JOIN]](%[[R0]], %[[R1B]] : i32, f64)
// CHECK:       ^[[FAST]]:
// CHECK-NEXT:    %[[CTXP:.*]] = llvm.getelementptr inbounds %[[FI]][8]
// CHECK-NEXT:    %[[CTX:.*]] = llvm.load %[[CTXP]] {{.*}} -> !llvm.ptr
// CHECK-NEXT:    %[[RS:.*]] = llvm.call %[[CODE]](%[[CTX]], %[[X]], %{{.*}}) : !llvm.ptr, (!llvm.ptr, i32, f32) -> !llvm.struct<(i32, f64)>
// CHECK-NEXT:    %[[E0:.*]] = llvm.extractvalue %[[RS]][0]
// CHECK-NEXT:    %[[E1:.*]] = llvm.extractvalue %[[RS]][1]
// CHECK-NEXT:    llvm.br ^[[JOIN]](%[[E0]], %[[E1]] : i32, f64)
func.func @wasm_f0(%vmctx: !llvm.ptr, %x: i32) -> i32 attributes {wasm.function_index = 0 : i32} {
  %r = wasm.call 1 (%x) : (i32) -> f32
  %a, %b = wasm.call 5 (%x, %r) : (i32, f32) -> (i32, f64)
  return %a : i32
}

func.func @wasm_f1(%vmctx: !llvm.ptr, %x: i32) -> f32 attributes {wasm.function_index = 1 : i32} {
  %0 = arith.uitofp %x : i32 to f32
  return %0 : f32
}

// call_indirect: VMContext.tables[t] -> TableInstance (elements at +0, size at +8); index out
// of range, null entry and a type id other than VMContext.typeIds[type] each trap.
// CHECK-LABEL: func.func @wasm_f2
// CHECK-SAME:    (%[[VM:.*]]: !llvm.ptr, %[[I:.*]]: i32)
// CHECK:         %[[TABLES:.*]] = llvm.load %{{.*}} invariant {{.*}} -> !llvm.ptr
// CHECK:         %[[TYPEIDS:.*]] = llvm.load %{{.*}} invariant {{.*}} -> !llvm.ptr
// CHECK:         %[[TP:.*]] = llvm.getelementptr inbounds %[[TABLES]][8]
// CHECK-NEXT:    %[[TABLE:.*]] = llvm.load %[[TP]] invariant
// CHECK-NEXT:    %[[IDX:.*]] = llvm.zext %[[I]] : i32 to i64
// CHECK-NEXT:    %[[SIZEP:.*]] = llvm.getelementptr inbounds %[[TABLE]][8]
// CHECK-NEXT:    %[[SIZE:.*]] = llvm.load %[[SIZEP]] {{.*}} -> i64
// CHECK-NEXT:    llvm.icmp "uge" %[[IDX]], %[[SIZE]] : i64
// CHECK-NEXT:    llvm.mlir.constant(4 : i32)
// CHECK-NEXT:    llvm.cond_br
// CHECK:         %[[ELEMS:.*]] = llvm.load %[[TABLE]] {{.*}} -> !llvm.ptr
// CHECK-NEXT:    %[[EP:.*]] = llvm.getelementptr inbounds %[[ELEMS]][%[[IDX]]] : (!llvm.ptr, i64) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[REF:.*]] = llvm.load %[[EP]] {{.*}} -> i64
// CHECK-NEXT:    llvm.mlir.constant(0 : i64)
// CHECK-NEXT:    llvm.icmp "eq" %[[REF]]
// CHECK-NEXT:    llvm.mlir.constant(6 : i32)
// CHECK-NEXT:    llvm.cond_br
// CHECK:         %[[FI:.*]] = llvm.inttoptr %[[REF]] : i64 to !llvm.ptr
// CHECK-NEXT:    %[[IDP:.*]] = llvm.getelementptr inbounds %[[FI]][16]
// CHECK-NEXT:    %[[ID:.*]] = llvm.load %[[IDP]] invariant {{.*}} -> i32
// CHECK-NEXT:    %[[WANTP:.*]] = llvm.getelementptr inbounds %[[TYPEIDS]][12]
// CHECK-NEXT:    %[[WANT:.*]] = llvm.load %[[WANTP]] invariant {{.*}} -> i32
// CHECK-NEXT:    llvm.icmp "ne" %[[ID]], %[[WANT]] : i32
// CHECK-NEXT:    llvm.mlir.constant(3 : i32)
// CHECK-NEXT:    llvm.cond_br
// CHECK:         llvm.load %[[FI]] atomic acquire
// CHECK:         llvm.call @strata_rt_trap(%[[VM]], %{{.*}}, %{{.*}}, %{{.*}})
func.func @wasm_f2(%vmctx: !llvm.ptr, %i: i32) attributes {wasm.function_index = 2 : i32} {
  wasm.call_indirect 1 [%i] type 3 () : () -> ()
  return
}
