// SIMD instructions other than loads and stores (SimdMemory.cpp). Most are one operation on
// the lanes of one shape; a table gives each its kind and shape, and one emitter per kind
// serves every shape. The rest (constants, shuffles, bitwise operations, narrowing, extending,
// dot products, conversions) are translated one by one. Float lanes keep the scalar rules of
// Float.cpp: min and max propagate NaN and order -0 below +0, and results that LLVM might fold
// to a signalling NaN are quieted (always for min and max, for arithmetic when an operand is a
// constant).
#include "FunctionBuilder.h"
#include "SimdEmitter.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <array>
#include <cstring>

namespace strata::mlirtier {

using ::mlir::arith::CmpFPredicate;
using ::mlir::arith::CmpIPredicate;
using wasm::Opcode;
namespace arith = ::mlir::arith;
namespace math = ::mlir::math;
namespace LLVM = ::mlir::LLVM;

namespace {

/// A lane shape: the named shape of the instruction (for width changes, its result's).
enum class Shape : uint8_t { I8, I16, I32, I64, F32, F64 };

unsigned laneCount(Shape shape) {
  static constexpr unsigned kLanes[] = {16, 8, 4, 2, 4, 2};
  return kLanes[unsigned(shape)];
}
unsigned laneBits(Shape shape) {
  static constexpr unsigned kBits[] = {8, 16, 32, 64, 32, 64};
  return kBits[unsigned(shape)];
}
bool isFloat(Shape shape) { return shape == Shape::F32 || shape == Shape::F64; }

/// What an instruction of the table computes on its shape's lanes.
enum class Kind : uint8_t {
  Add, Sub, Mul, Neg, Abs, MinS, MinU, MaxS, MaxU, AvgrU, AddSatS, AddSatU, SubSatS, SubSatU,
  Popcnt, Shl, ShrS, ShrU, AllTrue, Bitmask,
  Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU,
  FEq, FNe, FLt, FGt, FLe, FGe,
  FAdd, FSub, FMul, FDiv, FMin, FMax, FPmin, FPmax, FAbs, FNeg, FSqrt, FCeil, FFloor, FTrunc,
  FNearest,
  Splat, ExtractS, ExtractU, Extract, Replace,
  // Width changes: the shape is the result's, the operands have lanes half as wide.
  NarrowS, NarrowU, ExtendLowS, ExtendHighS, ExtendLowU, ExtendHighU,
  ExtmulLowS, ExtmulHighS, ExtmulLowU, ExtmulHighU, ExtaddPairwiseS, ExtaddPairwiseU,
};

struct LaneOp {
  Opcode opcode;
  Kind kind;
  Shape shape;
};

// clang-format off
constexpr LaneOp kLaneOps[] = {
  {Opcode::I8x16Splat, Kind::Splat, Shape::I8}, {Opcode::I16x8Splat, Kind::Splat, Shape::I16},
  {Opcode::I32x4Splat, Kind::Splat, Shape::I32}, {Opcode::I64x2Splat, Kind::Splat, Shape::I64},
  {Opcode::F32x4Splat, Kind::Splat, Shape::F32}, {Opcode::F64x2Splat, Kind::Splat, Shape::F64},
  {Opcode::I8x16ExtractLaneS, Kind::ExtractS, Shape::I8},
  {Opcode::I8x16ExtractLaneU, Kind::ExtractU, Shape::I8},
  {Opcode::I16x8ExtractLaneS, Kind::ExtractS, Shape::I16},
  {Opcode::I16x8ExtractLaneU, Kind::ExtractU, Shape::I16},
  {Opcode::I32x4ExtractLane, Kind::Extract, Shape::I32},
  {Opcode::I64x2ExtractLane, Kind::Extract, Shape::I64},
  {Opcode::F32x4ExtractLane, Kind::Extract, Shape::F32},
  {Opcode::F64x2ExtractLane, Kind::Extract, Shape::F64},
  {Opcode::I8x16ReplaceLane, Kind::Replace, Shape::I8},
  {Opcode::I16x8ReplaceLane, Kind::Replace, Shape::I16},
  {Opcode::I32x4ReplaceLane, Kind::Replace, Shape::I32},
  {Opcode::I64x2ReplaceLane, Kind::Replace, Shape::I64},
  {Opcode::F32x4ReplaceLane, Kind::Replace, Shape::F32},
  {Opcode::F64x2ReplaceLane, Kind::Replace, Shape::F64},

  {Opcode::I8x16Eq, Kind::Eq, Shape::I8}, {Opcode::I8x16Ne, Kind::Ne, Shape::I8},
  {Opcode::I8x16LtS, Kind::LtS, Shape::I8}, {Opcode::I8x16LtU, Kind::LtU, Shape::I8},
  {Opcode::I8x16GtS, Kind::GtS, Shape::I8}, {Opcode::I8x16GtU, Kind::GtU, Shape::I8},
  {Opcode::I8x16LeS, Kind::LeS, Shape::I8}, {Opcode::I8x16LeU, Kind::LeU, Shape::I8},
  {Opcode::I8x16GeS, Kind::GeS, Shape::I8}, {Opcode::I8x16GeU, Kind::GeU, Shape::I8},
  {Opcode::I16x8Eq, Kind::Eq, Shape::I16}, {Opcode::I16x8Ne, Kind::Ne, Shape::I16},
  {Opcode::I16x8LtS, Kind::LtS, Shape::I16}, {Opcode::I16x8LtU, Kind::LtU, Shape::I16},
  {Opcode::I16x8GtS, Kind::GtS, Shape::I16}, {Opcode::I16x8GtU, Kind::GtU, Shape::I16},
  {Opcode::I16x8LeS, Kind::LeS, Shape::I16}, {Opcode::I16x8LeU, Kind::LeU, Shape::I16},
  {Opcode::I16x8GeS, Kind::GeS, Shape::I16}, {Opcode::I16x8GeU, Kind::GeU, Shape::I16},
  {Opcode::I32x4Eq, Kind::Eq, Shape::I32}, {Opcode::I32x4Ne, Kind::Ne, Shape::I32},
  {Opcode::I32x4LtS, Kind::LtS, Shape::I32}, {Opcode::I32x4LtU, Kind::LtU, Shape::I32},
  {Opcode::I32x4GtS, Kind::GtS, Shape::I32}, {Opcode::I32x4GtU, Kind::GtU, Shape::I32},
  {Opcode::I32x4LeS, Kind::LeS, Shape::I32}, {Opcode::I32x4LeU, Kind::LeU, Shape::I32},
  {Opcode::I32x4GeS, Kind::GeS, Shape::I32}, {Opcode::I32x4GeU, Kind::GeU, Shape::I32},
  {Opcode::I64x2Eq, Kind::Eq, Shape::I64}, {Opcode::I64x2Ne, Kind::Ne, Shape::I64},
  {Opcode::I64x2LtS, Kind::LtS, Shape::I64}, {Opcode::I64x2GtS, Kind::GtS, Shape::I64},
  {Opcode::I64x2LeS, Kind::LeS, Shape::I64}, {Opcode::I64x2GeS, Kind::GeS, Shape::I64},
  {Opcode::F32x4Eq, Kind::FEq, Shape::F32}, {Opcode::F32x4Ne, Kind::FNe, Shape::F32},
  {Opcode::F32x4Lt, Kind::FLt, Shape::F32}, {Opcode::F32x4Gt, Kind::FGt, Shape::F32},
  {Opcode::F32x4Le, Kind::FLe, Shape::F32}, {Opcode::F32x4Ge, Kind::FGe, Shape::F32},
  {Opcode::F64x2Eq, Kind::FEq, Shape::F64}, {Opcode::F64x2Ne, Kind::FNe, Shape::F64},
  {Opcode::F64x2Lt, Kind::FLt, Shape::F64}, {Opcode::F64x2Gt, Kind::FGt, Shape::F64},
  {Opcode::F64x2Le, Kind::FLe, Shape::F64}, {Opcode::F64x2Ge, Kind::FGe, Shape::F64},

  {Opcode::I8x16Abs, Kind::Abs, Shape::I8}, {Opcode::I8x16Neg, Kind::Neg, Shape::I8},
  {Opcode::I8x16Popcnt, Kind::Popcnt, Shape::I8}, {Opcode::I8x16AllTrue, Kind::AllTrue, Shape::I8},
  {Opcode::I8x16Bitmask, Kind::Bitmask, Shape::I8},
  {Opcode::I8x16NarrowI16x8S, Kind::NarrowS, Shape::I8},
  {Opcode::I8x16NarrowI16x8U, Kind::NarrowU, Shape::I8},
  {Opcode::I8x16Shl, Kind::Shl, Shape::I8}, {Opcode::I8x16ShrS, Kind::ShrS, Shape::I8},
  {Opcode::I8x16ShrU, Kind::ShrU, Shape::I8}, {Opcode::I8x16Add, Kind::Add, Shape::I8},
  {Opcode::I8x16AddSatS, Kind::AddSatS, Shape::I8}, {Opcode::I8x16AddSatU, Kind::AddSatU, Shape::I8},
  {Opcode::I8x16Sub, Kind::Sub, Shape::I8}, {Opcode::I8x16SubSatS, Kind::SubSatS, Shape::I8},
  {Opcode::I8x16SubSatU, Kind::SubSatU, Shape::I8}, {Opcode::I8x16MinS, Kind::MinS, Shape::I8},
  {Opcode::I8x16MinU, Kind::MinU, Shape::I8}, {Opcode::I8x16MaxS, Kind::MaxS, Shape::I8},
  {Opcode::I8x16MaxU, Kind::MaxU, Shape::I8}, {Opcode::I8x16AvgrU, Kind::AvgrU, Shape::I8},

  {Opcode::I16x8ExtaddPairwiseI8x16S, Kind::ExtaddPairwiseS, Shape::I16},
  {Opcode::I16x8ExtaddPairwiseI8x16U, Kind::ExtaddPairwiseU, Shape::I16},
  {Opcode::I16x8Abs, Kind::Abs, Shape::I16}, {Opcode::I16x8Neg, Kind::Neg, Shape::I16},
  {Opcode::I16x8AllTrue, Kind::AllTrue, Shape::I16}, {Opcode::I16x8Bitmask, Kind::Bitmask, Shape::I16},
  {Opcode::I16x8NarrowI32x4S, Kind::NarrowS, Shape::I16},
  {Opcode::I16x8NarrowI32x4U, Kind::NarrowU, Shape::I16},
  {Opcode::I16x8ExtendLowI8x16S, Kind::ExtendLowS, Shape::I16},
  {Opcode::I16x8ExtendHighI8x16S, Kind::ExtendHighS, Shape::I16},
  {Opcode::I16x8ExtendLowI8x16U, Kind::ExtendLowU, Shape::I16},
  {Opcode::I16x8ExtendHighI8x16U, Kind::ExtendHighU, Shape::I16},
  {Opcode::I16x8Shl, Kind::Shl, Shape::I16}, {Opcode::I16x8ShrS, Kind::ShrS, Shape::I16},
  {Opcode::I16x8ShrU, Kind::ShrU, Shape::I16}, {Opcode::I16x8Add, Kind::Add, Shape::I16},
  {Opcode::I16x8AddSatS, Kind::AddSatS, Shape::I16}, {Opcode::I16x8AddSatU, Kind::AddSatU, Shape::I16},
  {Opcode::I16x8Sub, Kind::Sub, Shape::I16}, {Opcode::I16x8SubSatS, Kind::SubSatS, Shape::I16},
  {Opcode::I16x8SubSatU, Kind::SubSatU, Shape::I16}, {Opcode::I16x8Mul, Kind::Mul, Shape::I16},
  {Opcode::I16x8MinS, Kind::MinS, Shape::I16}, {Opcode::I16x8MinU, Kind::MinU, Shape::I16},
  {Opcode::I16x8MaxS, Kind::MaxS, Shape::I16}, {Opcode::I16x8MaxU, Kind::MaxU, Shape::I16},
  {Opcode::I16x8AvgrU, Kind::AvgrU, Shape::I16},
  {Opcode::I16x8ExtmulLowI8x16S, Kind::ExtmulLowS, Shape::I16},
  {Opcode::I16x8ExtmulHighI8x16S, Kind::ExtmulHighS, Shape::I16},
  {Opcode::I16x8ExtmulLowI8x16U, Kind::ExtmulLowU, Shape::I16},
  {Opcode::I16x8ExtmulHighI8x16U, Kind::ExtmulHighU, Shape::I16},

  {Opcode::I32x4ExtaddPairwiseI16x8S, Kind::ExtaddPairwiseS, Shape::I32},
  {Opcode::I32x4ExtaddPairwiseI16x8U, Kind::ExtaddPairwiseU, Shape::I32},
  {Opcode::I32x4Abs, Kind::Abs, Shape::I32}, {Opcode::I32x4Neg, Kind::Neg, Shape::I32},
  {Opcode::I32x4AllTrue, Kind::AllTrue, Shape::I32}, {Opcode::I32x4Bitmask, Kind::Bitmask, Shape::I32},
  {Opcode::I32x4ExtendLowI16x8S, Kind::ExtendLowS, Shape::I32},
  {Opcode::I32x4ExtendHighI16x8S, Kind::ExtendHighS, Shape::I32},
  {Opcode::I32x4ExtendLowI16x8U, Kind::ExtendLowU, Shape::I32},
  {Opcode::I32x4ExtendHighI16x8U, Kind::ExtendHighU, Shape::I32},
  {Opcode::I32x4Shl, Kind::Shl, Shape::I32}, {Opcode::I32x4ShrS, Kind::ShrS, Shape::I32},
  {Opcode::I32x4ShrU, Kind::ShrU, Shape::I32}, {Opcode::I32x4Add, Kind::Add, Shape::I32},
  {Opcode::I32x4Sub, Kind::Sub, Shape::I32}, {Opcode::I32x4Mul, Kind::Mul, Shape::I32},
  {Opcode::I32x4MinS, Kind::MinS, Shape::I32}, {Opcode::I32x4MinU, Kind::MinU, Shape::I32},
  {Opcode::I32x4MaxS, Kind::MaxS, Shape::I32}, {Opcode::I32x4MaxU, Kind::MaxU, Shape::I32},
  {Opcode::I32x4ExtmulLowI16x8S, Kind::ExtmulLowS, Shape::I32},
  {Opcode::I32x4ExtmulHighI16x8S, Kind::ExtmulHighS, Shape::I32},
  {Opcode::I32x4ExtmulLowI16x8U, Kind::ExtmulLowU, Shape::I32},
  {Opcode::I32x4ExtmulHighI16x8U, Kind::ExtmulHighU, Shape::I32},

  {Opcode::I64x2Abs, Kind::Abs, Shape::I64}, {Opcode::I64x2Neg, Kind::Neg, Shape::I64},
  {Opcode::I64x2AllTrue, Kind::AllTrue, Shape::I64}, {Opcode::I64x2Bitmask, Kind::Bitmask, Shape::I64},
  {Opcode::I64x2ExtendLowI32x4S, Kind::ExtendLowS, Shape::I64},
  {Opcode::I64x2ExtendHighI32x4S, Kind::ExtendHighS, Shape::I64},
  {Opcode::I64x2ExtendLowI32x4U, Kind::ExtendLowU, Shape::I64},
  {Opcode::I64x2ExtendHighI32x4U, Kind::ExtendHighU, Shape::I64},
  {Opcode::I64x2Shl, Kind::Shl, Shape::I64}, {Opcode::I64x2ShrS, Kind::ShrS, Shape::I64},
  {Opcode::I64x2ShrU, Kind::ShrU, Shape::I64}, {Opcode::I64x2Add, Kind::Add, Shape::I64},
  {Opcode::I64x2Sub, Kind::Sub, Shape::I64}, {Opcode::I64x2Mul, Kind::Mul, Shape::I64},
  {Opcode::I64x2ExtmulLowI32x4S, Kind::ExtmulLowS, Shape::I64},
  {Opcode::I64x2ExtmulHighI32x4S, Kind::ExtmulHighS, Shape::I64},
  {Opcode::I64x2ExtmulLowI32x4U, Kind::ExtmulLowU, Shape::I64},
  {Opcode::I64x2ExtmulHighI32x4U, Kind::ExtmulHighU, Shape::I64},

  {Opcode::F32x4Ceil, Kind::FCeil, Shape::F32}, {Opcode::F32x4Floor, Kind::FFloor, Shape::F32},
  {Opcode::F32x4Trunc, Kind::FTrunc, Shape::F32}, {Opcode::F32x4Nearest, Kind::FNearest, Shape::F32},
  {Opcode::F32x4Abs, Kind::FAbs, Shape::F32}, {Opcode::F32x4Neg, Kind::FNeg, Shape::F32},
  {Opcode::F32x4Sqrt, Kind::FSqrt, Shape::F32}, {Opcode::F32x4Add, Kind::FAdd, Shape::F32},
  {Opcode::F32x4Sub, Kind::FSub, Shape::F32}, {Opcode::F32x4Mul, Kind::FMul, Shape::F32},
  {Opcode::F32x4Div, Kind::FDiv, Shape::F32}, {Opcode::F32x4Min, Kind::FMin, Shape::F32},
  {Opcode::F32x4Max, Kind::FMax, Shape::F32}, {Opcode::F32x4Pmin, Kind::FPmin, Shape::F32},
  {Opcode::F32x4Pmax, Kind::FPmax, Shape::F32},
  {Opcode::F64x2Ceil, Kind::FCeil, Shape::F64}, {Opcode::F64x2Floor, Kind::FFloor, Shape::F64},
  {Opcode::F64x2Trunc, Kind::FTrunc, Shape::F64}, {Opcode::F64x2Nearest, Kind::FNearest, Shape::F64},
  {Opcode::F64x2Abs, Kind::FAbs, Shape::F64}, {Opcode::F64x2Neg, Kind::FNeg, Shape::F64},
  {Opcode::F64x2Sqrt, Kind::FSqrt, Shape::F64}, {Opcode::F64x2Add, Kind::FAdd, Shape::F64},
  {Opcode::F64x2Sub, Kind::FSub, Shape::F64}, {Opcode::F64x2Mul, Kind::FMul, Shape::F64},
  {Opcode::F64x2Div, Kind::FDiv, Shape::F64}, {Opcode::F64x2Min, Kind::FMin, Shape::F64},
  {Opcode::F64x2Max, Kind::FMax, Shape::F64}, {Opcode::F64x2Pmin, Kind::FPmin, Shape::F64},
  {Opcode::F64x2Pmax, Kind::FPmax, Shape::F64},
};
// clang-format on

const LaneOp *findLaneOp(Opcode opcode) {
  static const auto kByOpcode = [] {
    std::array<const LaneOp *, wasm::kOpcodeCount> table{};
    for (const LaneOp &op : kLaneOps)
      table[unsigned(op.opcode)] = &op;
    return table;
  }();
  return kByOpcode[unsigned(opcode)];
}

CmpIPredicate intPredicate(Kind kind) {
  switch (kind) {
  case Kind::Eq:
    return CmpIPredicate::eq;
  case Kind::Ne:
    return CmpIPredicate::ne;
  case Kind::LtS:
    return CmpIPredicate::slt;
  case Kind::LtU:
    return CmpIPredicate::ult;
  case Kind::GtS:
    return CmpIPredicate::sgt;
  case Kind::GtU:
    return CmpIPredicate::ugt;
  case Kind::LeS:
    return CmpIPredicate::sle;
  case Kind::LeU:
    return CmpIPredicate::ule;
  case Kind::GeS:
    return CmpIPredicate::sge;
  default:
    return CmpIPredicate::uge;
  }
}

CmpFPredicate floatPredicate(Kind kind) {
  switch (kind) {
  case Kind::FEq:
    return CmpFPredicate::OEQ;
  case Kind::FNe:
    return CmpFPredicate::UNE;
  case Kind::FLt:
    return CmpFPredicate::OLT;
  case Kind::FGt:
    return CmpFPredicate::OGT;
  case Kind::FLe:
    return CmpFPredicate::OLE;
  default:
    return CmpFPredicate::OGE;
  }
}

/// True for a value that is a constant in the Wasm code (v128.const, seen through bitcasts).
bool isConstant(Value value) {
  while (auto cast = value.getDefiningOp<LLVM::BitcastOp>())
    value = cast.getArg();
  return value.getDefiningOp<arith::ConstantOp>() != nullptr;
}

} // namespace

bool FunctionBuilder::simd(const wasm::Instruction &ins) {
  if (wasm::info(ins.op).prefix != 0xfd)
    return false;
  if (simdMemory(ins))
    return true;
  SimdEmitter e(builder_, loc_);
  if (const LaneOp *op = findLaneOp(ins.op)) {
    simdLanes(e, unsigned(op->kind), unsigned(op->shape), ins.lane);
    return true;
  }
  Type i8 = e.i(8), i16 = e.i(16), i32 = e.i(32);
  auto binary = [&](auto &&fn) {
    Value rhs = pop(), lhs = pop();
    push(e.v128(fn(lhs, rhs)));
  };
  auto unary = [&](auto &&fn) { push(e.v128(fn(pop()))); };
  auto allOnes = [&] { return e.splatInt(v128_, -1); };
  switch (ins.op) {
  case Opcode::V128Const: {
    llvm::SmallVector<int32_t, 4> words(4);
    std::memcpy(words.data(), ins.v128, 16);
    push(emit<arith::ConstantOp>(builder_.getI32VectorAttr(words)));
    return true;
  }
  case Opcode::I8x16Shuffle: {
    Value b = e.as(pop(), 16, i8), a = e.as(pop(), 16, i8);
    llvm::SmallVector<int32_t, 16> mask(ins.v128, ins.v128 + 16);
    push(e.v128(e.shuffle(a, b, mask)));
    return true;
  }
  case Opcode::I8x16Swizzle:
    // Lane k is a[b[k]], or 0 when b[k] > 15: by lane, since LLVM IR has no variable shuffle.
    binary([&](Value a, Value b) {
      a = e.as(a, 16, i8);
      b = e.as(b, 16, i8);
      Value result = e.zero(e.vec(16, i8));
      Value limit = e.constInt(i8, 16), zero = e.constInt(i8, 0), low = e.constInt(i8, 15);
      for (unsigned k = 0; k < 16; ++k) {
        Value index = e.extract(b, k);
        Value lane = e.emit<LLVM::ExtractElementOp>(
            a, e.emit<arith::ExtUIOp>(i32, e.emit<arith::AndIOp>(index, low)));
        Value inRange = e.emit<arith::CmpIOp>(CmpIPredicate::ult, index, limit);
        result = e.insert(result, e.emit<arith::SelectOp>(inRange, lane, zero), k);
      }
      return result;
    });
    return true;
  case Opcode::V128Not:
    unary([&](Value a) { return e.emit<arith::XOrIOp>(a, allOnes()); });
    return true;
  case Opcode::V128And:
    binary([&](Value a, Value b) { return e.emit<arith::AndIOp>(a, b); });
    return true;
  case Opcode::V128Andnot:
    binary([&](Value a, Value b) {
      return e.emit<arith::AndIOp>(a, e.emit<arith::XOrIOp>(b, allOnes()));
    });
    return true;
  case Opcode::V128Or:
    binary([&](Value a, Value b) { return e.emit<arith::OrIOp>(a, b); });
    return true;
  case Opcode::V128Xor:
    binary([&](Value a, Value b) { return e.emit<arith::XOrIOp>(a, b); });
    return true;
  case Opcode::V128Bitselect: {
    Value mask = pop(), b = pop(), a = pop();
    Value fromA = e.emit<arith::AndIOp>(a, mask);
    Value fromB = e.emit<arith::AndIOp>(b, e.emit<arith::XOrIOp>(mask, allOnes()));
    push(e.emit<arith::OrIOp>(fromA, fromB));
    return true;
  }
  case Opcode::V128AnyTrue: {
    Value bits = e.emit<LLVM::BitcastOp>(e.i(128), pop());
    push(fromBool(e.emit<arith::CmpIOp>(CmpIPredicate::ne, bits, e.constInt(e.i(128), 0))));
    return true;
  }
  case Opcode::I16x8Q15mulrSatS:
    // (a * b + 2^14) >> 15 in 32 bits; only -32768 * -32768 leaves the i16 range.
    binary([&](Value a, Value b) {
      Value wideA = e.extend(e.as(a, 8, i16), i32, true);
      Value wideB = e.extend(e.as(b, 8, i16), i32, true);
      Value product = e.emit<arith::MulIOp>(wideA, wideB);
      Value rounded = e.emit<arith::AddIOp>(product, e.splatInt(e.vec(8, i32), 0x4000));
      Value shifted = e.emit<arith::ShRSIOp>(rounded, e.splatInt(e.vec(8, i32), 15));
      Value clamped = e.emit<arith::MinSIOp>(shifted, e.splatInt(e.vec(8, i32), 0x7fff));
      return e.truncate(clamped, i16);
    });
    return true;
  case Opcode::I32x4DotI16x8S:
    binary([&](Value a, Value b) {
      Value product = e.emit<arith::MulIOp>(e.extend(e.as(a, 8, i16), i32, true),
                                            e.extend(e.as(b, 8, i16), i32, true));
      return e.emit<arith::AddIOp>(e.everyOther(product, 0), e.everyOther(product, 1));
    });
    return true;
  case Opcode::I32x4TruncSatF32x4S:
  case Opcode::I32x4TruncSatF32x4U:
    unary([&](Value a) {
      bool isSigned = ins.op == Opcode::I32x4TruncSatF32x4S;
      return e.intrinsic(isSigned ? "llvm.fptosi.sat" : "llvm.fptoui.sat", e.vec(4, i32),
                         e.as(a, 4, f32_));
    });
    return true;
  case Opcode::I32x4TruncSatF64x2SZero:
  case Opcode::I32x4TruncSatF64x2UZero:
    unary([&](Value a) {
      bool isSigned = ins.op == Opcode::I32x4TruncSatF64x2SZero;
      Value two = e.intrinsic(isSigned ? "llvm.fptosi.sat" : "llvm.fptoui.sat", e.vec(2, i32),
                              e.as(a, 2, f64_));
      return e.concat(two, e.zero(e.vec(2, i32)));
    });
    return true;
  case Opcode::F32x4ConvertI32x4S:
    unary([&](Value a) { return e.emit<arith::SIToFPOp>(e.vec(4, f32_), e.as(a, 4, i32)); });
    return true;
  case Opcode::F32x4ConvertI32x4U:
    unary([&](Value a) { return e.emit<arith::UIToFPOp>(e.vec(4, f32_), e.as(a, 4, i32)); });
    return true;
  case Opcode::F64x2ConvertLowI32x4S:
    unary([&](Value a) {
      return e.emit<arith::SIToFPOp>(e.vec(2, f64_), e.slice(e.as(a, 4, i32), 0, 2));
    });
    return true;
  case Opcode::F64x2ConvertLowI32x4U:
    unary([&](Value a) {
      return e.emit<arith::UIToFPOp>(e.vec(2, f64_), e.slice(e.as(a, 4, i32), 0, 2));
    });
    return true;
  case Opcode::F32x4DemoteF64x2Zero:
    unary([&](Value a) {
      Value two = e.emit<arith::TruncFOp>(e.vec(2, f32_), e.as(a, 2, f64_));
      return e.concat(two, e.zero(e.vec(2, f32_)));
    });
    return true;
  case Opcode::F64x2PromoteLowF32x4:
    unary([&](Value a) {
      return e.emit<arith::ExtFOp>(e.vec(2, f64_), e.slice(e.as(a, 4, f32_), 0, 2));
    });
    return true;
  default:
    return false;
  }
}

void FunctionBuilder::simdLanes(SimdEmitter &e, unsigned kindIndex, unsigned shapeIndex,
                                uint32_t laneIndex) {
  Kind kind = Kind(kindIndex);
  Shape shape = Shape(shapeIndex);
  unsigned lanes = laneCount(shape), bits = laneBits(shape);
  Type element = shape == Shape::F32 ? f32_ : shape == Shape::F64 ? f64_ : e.i(bits);
  ::mlir::VectorType type = e.vec(lanes, element);
  // Width changes read lanes half as wide, twice as many.
  Type narrow = e.i(bits / 2);
  auto popLanes = [&] { return e.as(pop(), lanes, element); };
  auto popNarrow = [&] { return e.as(pop(), lanes * 2, narrow); };
  auto result = [&](Value value) { push(e.v128(value)); };
  auto binary = [&]<typename OpTy>() {
    Value rhs = popLanes(), lhs = popLanes();
    result(e.emit<OpTy>(lhs, rhs));
  };
  auto saturating = [&](const char *name) {
    Value rhs = popLanes(), lhs = popLanes();
    result(e.intrinsic(name, type, {lhs, rhs}));
  };
  auto shift = [&]<typename OpTy>() {
    Value count = pop(), value = popLanes();
    count = emit<arith::AndIOp>(count, constInt(i32_, bits - 1));
    if (bits < 32)
      count = emit<arith::TruncIOp>(element, count);
    else if (bits > 32)
      count = emit<arith::ExtUIOp>(element, count);
    result(e.emit<OpTy>(value, e.splat(count, lanes)));
  };
  // Float arithmetic: a constant operand invites LLVM to fold an identity, which may hand a
  // signalling NaN through; quiet the result then.
  auto floatArithmetic = [&]<typename OpTy>() {
    Value rhs = popLanes(), lhs = popLanes();
    Value value = e.emit<OpTy>(lhs, rhs);
    if (isConstant(lhs) || isConstant(rhs))
      value = quietNaN(value, lhs, rhs);
    result(value);
  };
  auto floatUnary = [&]<typename OpTy>() { result(e.emit<OpTy>(popLanes())); };
  auto extendHalf = [&](bool high, bool isSigned) {
    Value half = e.slice(popNarrow(), high ? lanes : 0, lanes);
    result(e.extend(half, element, isSigned));
  };
  auto extmul = [&](bool high, bool isSigned) {
    Value rhs = e.slice(popNarrow(), high ? lanes : 0, lanes);
    Value lhs = e.slice(popNarrow(), high ? lanes : 0, lanes);
    result(e.emit<arith::MulIOp>(e.extend(lhs, element, isSigned),
                                 e.extend(rhs, element, isSigned)));
  };

  switch (kind) {
  case Kind::Add:
    return binary.template operator()<arith::AddIOp>();
  case Kind::Sub:
    return binary.template operator()<arith::SubIOp>();
  case Kind::Mul:
    return binary.template operator()<arith::MulIOp>();
  case Kind::MinS:
    return binary.template operator()<arith::MinSIOp>();
  case Kind::MinU:
    return binary.template operator()<arith::MinUIOp>();
  case Kind::MaxS:
    return binary.template operator()<arith::MaxSIOp>();
  case Kind::MaxU:
    return binary.template operator()<arith::MaxUIOp>();
  case Kind::Neg:
    return result(e.emit<arith::SubIOp>(e.zero(type), popLanes()));
  case Kind::Abs:
    return result(e.emit<math::AbsIOp>(popLanes()));
  case Kind::Popcnt:
    return result(e.emit<math::CtPopOp>(popLanes()));
  case Kind::AvgrU: {
    // (a + b + 1) >> 1 in lanes twice as wide.
    Value rhs = popLanes(), lhs = popLanes();
    Type wide = e.i(bits * 2);
    ::mlir::VectorType wideType = e.vec(lanes, wide);
    Value sum = e.emit<arith::AddIOp>(e.extend(lhs, wide, false), e.extend(rhs, wide, false));
    sum = e.emit<arith::AddIOp>(sum, e.splatInt(wideType, 1));
    return result(e.truncate(e.emit<arith::ShRUIOp>(sum, e.splatInt(wideType, 1)), element));
  }
  case Kind::AddSatS:
    return saturating("llvm.sadd.sat");
  case Kind::AddSatU:
    return saturating("llvm.uadd.sat");
  case Kind::SubSatS:
    return saturating("llvm.ssub.sat");
  case Kind::SubSatU:
    return saturating("llvm.usub.sat");
  case Kind::Shl:
    return shift.template operator()<arith::ShLIOp>();
  case Kind::ShrS:
    return shift.template operator()<arith::ShRSIOp>();
  case Kind::ShrU:
    return shift.template operator()<arith::ShRUIOp>();
  case Kind::AllTrue: {
    Value nonZero = e.emit<arith::CmpIOp>(CmpIPredicate::ne, popLanes(), e.zero(type));
    push(fromBool(e.intrinsic("llvm.vector.reduce.and", i1_, nonZero)));
    return;
  }
  case Kind::Bitmask: {
    Value negative = e.emit<arith::CmpIOp>(CmpIPredicate::slt, popLanes(), e.zero(type));
    Value bitsValue = e.emit<LLVM::BitcastOp>(e.i(lanes), negative);
    push(emit<arith::ExtUIOp>(i32_, bitsValue));
    return;
  }
  case Kind::Eq:
  case Kind::Ne:
  case Kind::LtS:
  case Kind::LtU:
  case Kind::GtS:
  case Kind::GtU:
  case Kind::LeS:
  case Kind::LeU:
  case Kind::GeS:
  case Kind::GeU: {
    Value rhs = popLanes(), lhs = popLanes();
    return result(e.mask(e.emit<arith::CmpIOp>(intPredicate(kind), lhs, rhs), element));
  }
  case Kind::FEq:
  case Kind::FNe:
  case Kind::FLt:
  case Kind::FGt:
  case Kind::FLe:
  case Kind::FGe: {
    Value rhs = popLanes(), lhs = popLanes();
    return result(e.mask(e.emit<arith::CmpFOp>(floatPredicate(kind), lhs, rhs), e.i(bits)));
  }
  case Kind::FAdd:
    return floatArithmetic.template operator()<arith::AddFOp>();
  case Kind::FSub:
    return floatArithmetic.template operator()<arith::SubFOp>();
  case Kind::FMul:
    return floatArithmetic.template operator()<arith::MulFOp>();
  case Kind::FDiv:
    return floatArithmetic.template operator()<arith::DivFOp>();
  case Kind::FMin:
  case Kind::FMax: {
    Value rhs = popLanes(), lhs = popLanes();
    Value value = kind == Kind::FMin ? e.emit<arith::MinimumFOp>(lhs, rhs)
                                     : e.emit<arith::MaximumFOp>(lhs, rhs);
    return result(quietNaN(value, lhs, rhs));
  }
  case Kind::FPmin:
  case Kind::FPmax: {
    // pmin: b < a ? b : a; pmax: a < b ? b : a (no NaN or signed-zero rules).
    Value rhs = popLanes(), lhs = popLanes();
    Value pickRhs = kind == Kind::FPmin ? e.emit<arith::CmpFOp>(CmpFPredicate::OLT, rhs, lhs)
                                        : e.emit<arith::CmpFOp>(CmpFPredicate::OLT, lhs, rhs);
    return result(e.emit<arith::SelectOp>(pickRhs, rhs, lhs));
  }
  case Kind::FAbs:
    return floatUnary.template operator()<math::AbsFOp>();
  case Kind::FNeg:
    return floatUnary.template operator()<arith::NegFOp>();
  case Kind::FSqrt:
    return floatUnary.template operator()<math::SqrtOp>();
  case Kind::FCeil:
    return floatUnary.template operator()<math::CeilOp>();
  case Kind::FFloor:
    return floatUnary.template operator()<math::FloorOp>();
  case Kind::FTrunc:
    return floatUnary.template operator()<math::TruncOp>();
  case Kind::FNearest:
    return floatUnary.template operator()<math::RoundEvenOp>();
  case Kind::Splat: {
    Value scalar = pop();
    if (bits < 32)
      scalar = emit<arith::TruncIOp>(element, scalar);
    return result(e.splat(scalar, lanes));
  }
  case Kind::ExtractS:
  case Kind::ExtractU:
  case Kind::Extract: {
    Value lane = e.extract(popLanes(), laneIndex);
    if (kind == Kind::ExtractS)
      lane = emit<arith::ExtSIOp>(i32_, lane);
    else if (kind == Kind::ExtractU)
      lane = emit<arith::ExtUIOp>(i32_, lane);
    push(lane);
    return;
  }
  case Kind::Replace: {
    Value scalar = pop(), vector = popLanes();
    if (bits < 32)
      scalar = emit<arith::TruncIOp>(element, scalar);
    return result(e.insert(vector, scalar, laneIndex));
  }
  case Kind::NarrowS:
  case Kind::NarrowU: {
    // Signed wide lanes of a then b, saturated to the narrow signed or unsigned range.
    Type wide = e.i(bits * 2);
    ::mlir::VectorType wideType = e.vec(lanes / 2, wide);
    int64_t low = kind == Kind::NarrowS ? -(int64_t(1) << (bits - 1)) : 0;
    int64_t high = kind == Kind::NarrowS ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
    auto clamp = [&](Value value) {
      value = e.emit<arith::MaxSIOp>(value, e.splatInt(wideType, low));
      return e.truncate(e.emit<arith::MinSIOp>(value, e.splatInt(wideType, high)), element);
    };
    Value rhs = e.as(pop(), lanes / 2, wide), lhs = e.as(pop(), lanes / 2, wide);
    return result(e.concat(clamp(lhs), clamp(rhs)));
  }
  case Kind::ExtendLowS:
    return extendHalf(false, true);
  case Kind::ExtendHighS:
    return extendHalf(true, true);
  case Kind::ExtendLowU:
    return extendHalf(false, false);
  case Kind::ExtendHighU:
    return extendHalf(true, false);
  case Kind::ExtmulLowS:
    return extmul(false, true);
  case Kind::ExtmulHighS:
    return extmul(true, true);
  case Kind::ExtmulLowU:
    return extmul(false, false);
  case Kind::ExtmulHighU:
    return extmul(true, false);
  case Kind::ExtaddPairwiseS:
  case Kind::ExtaddPairwiseU: {
    bool isSigned = kind == Kind::ExtaddPairwiseS;
    Value value = popNarrow();
    return result(e.emit<arith::AddIOp>(e.extend(e.everyOther(value, 0), element, isSigned),
                                        e.extend(e.everyOther(value, 1), element, isSigned)));
  }
  }
}

} // namespace strata::mlirtier
