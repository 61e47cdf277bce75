// The v128 loads and stores. v128.load and v128.store are 16-byte wasm.load and wasm.store;
// the others are scalar accesses (so bounds checks and exact traps are the scalar ones) whose
// value is then widened, splatted or moved into or out of one lane.
#include "FunctionBuilder.h"
#include "SimdEmitter.h"

namespace strata::mlirtier {

using wasm::Opcode;
namespace arith = ::mlir::arith;

bool FunctionBuilder::simdMemory(const wasm::Instruction &ins) {
  SimdEmitter e(builder_, loc_);
  uint64_t offset = ins.memArg.offset;
  // A scalar load of `bytes` bytes as an integer lane of that width.
  auto loadLane = [&](Value addr, unsigned bytes) {
    Type slotType = bytes == 8 ? i64_ : i32_;
    Value value = emit<wasmir::LoadOp>(slotType, addr, Value(), offset, bytes, false);
    return bytes < 4 ? emit<arith::TruncIOp>(e.i(bytes * 8), value) : value;
  };
  // v128.loadNxM_s/u: 8 bytes of N-bit lanes, each extended to 2N bits.
  auto loadExtend = [&](unsigned bits, bool isSigned) {
    Value raw = emit<wasmir::LoadOp>(i64_, pop(), Value(), offset, 8, false);
    Value lanes = e.emit<::mlir::LLVM::BitcastOp>(e.vec(64 / bits, e.i(bits)), raw);
    push(e.v128(e.extend(lanes, e.i(bits * 2), isSigned)));
  };
  auto loadSplat = [&](unsigned bytes) {
    push(e.v128(e.splat(loadLane(pop(), bytes), 16 / bytes)));
  };
  auto loadZero = [&](unsigned bytes) {
    Value lane = loadLane(pop(), bytes);
    push(e.v128(e.insert(e.zero(e.vec(16 / bytes, e.i(bytes * 8))), lane, 0)));
  };
  auto loadLaneInto = [&](unsigned bytes) {
    Value vector = e.as(pop(), 16 / bytes, e.i(bytes * 8));
    Value lane = loadLane(pop(), bytes);
    push(e.v128(e.insert(vector, lane, ins.lane)));
  };
  auto storeLane = [&](unsigned bytes) {
    Value vector = e.as(pop(), 16 / bytes, e.i(bytes * 8));
    Value addr = pop();
    Value lane = e.extract(vector, ins.lane);
    if (bytes < 4)
      lane = emit<arith::ExtUIOp>(i32_, lane);
    create<wasmir::StoreOp>(addr, lane, Value(), offset, bytes);
  };
  switch (ins.op) {
  case Opcode::V128Load:
    push(emit<wasmir::LoadOp>(v128_, pop(), Value(), offset, 16, false));
    return true;
  case Opcode::V128Store: {
    Value value = pop(), addr = pop();
    create<wasmir::StoreOp>(addr, value, Value(), offset, 16);
    return true;
  }
  case Opcode::V128Load8x8S:
  case Opcode::V128Load8x8U:
    loadExtend(8, ins.op == Opcode::V128Load8x8S);
    return true;
  case Opcode::V128Load16x4S:
  case Opcode::V128Load16x4U:
    loadExtend(16, ins.op == Opcode::V128Load16x4S);
    return true;
  case Opcode::V128Load32x2S:
  case Opcode::V128Load32x2U:
    loadExtend(32, ins.op == Opcode::V128Load32x2S);
    return true;
  case Opcode::V128Load8Splat:
    loadSplat(1);
    return true;
  case Opcode::V128Load16Splat:
    loadSplat(2);
    return true;
  case Opcode::V128Load32Splat:
    loadSplat(4);
    return true;
  case Opcode::V128Load64Splat:
    loadSplat(8);
    return true;
  case Opcode::V128Load32Zero:
    loadZero(4);
    return true;
  case Opcode::V128Load64Zero:
    loadZero(8);
    return true;
  case Opcode::V128Load8Lane:
    loadLaneInto(1);
    return true;
  case Opcode::V128Load16Lane:
    loadLaneInto(2);
    return true;
  case Opcode::V128Load32Lane:
    loadLaneInto(4);
    return true;
  case Opcode::V128Load64Lane:
    loadLaneInto(8);
    return true;
  case Opcode::V128Store8Lane:
    storeLane(1);
    return true;
  case Opcode::V128Store16Lane:
    storeLane(2);
    return true;
  case Opcode::V128Store32Lane:
    storeLane(4);
    return true;
  case Opcode::V128Store64Lane:
    storeLane(8);
    return true;
  default:
    return false;
  }
}

} // namespace strata::mlirtier
