// Building blocks of the SIMD translation (Simd.cpp, SimdMemory.cpp). A v128 travels as
// vector<4xi32> (the wasm dialect's type for it); an instruction bitcasts it to its lane shape,
// computes with arith, math and llvm ops on those vectors, and bitcasts the result back, which
// costs nothing in LLVM. Lane moves use llvm.shufflevector, extractelement and insertelement,
// and the operations without an arith op (saturating arithmetic and truncation, reductions)
// call LLVM's intrinsics. Private to lib/mlir/Frontend.
#pragma once

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace strata::mlirtier {

class SimdEmitter {
public:
  SimdEmitter(::mlir::OpBuilder &builder, ::mlir::Location loc) : b_(builder), loc_(loc) {}

  template <typename OpTy, typename... Args> ::mlir::Value emit(Args &&...args) {
    return b_.create<OpTy>(loc_, std::forward<Args>(args)...)->getResult(0);
  }

  ::mlir::Type i(unsigned bits) { return b_.getIntegerType(bits); }
  ::mlir::VectorType vec(unsigned lanes, ::mlir::Type element) {
    return ::mlir::VectorType::get({int64_t(lanes)}, element);
  }
  /// `value` (any 128-bit vector) viewed as `lanes` lanes of `element`.
  ::mlir::Value as(::mlir::Value value, unsigned lanes, ::mlir::Type element) {
    ::mlir::Type type = vec(lanes, element);
    return value.getType() == type ? value : emit<::mlir::LLVM::BitcastOp>(type, value);
  }
  /// Back to the v128 carrier type.
  ::mlir::Value v128(::mlir::Value value) { return as(value, 4, i(32)); }

  ::mlir::Value constInt(::mlir::Type type, int64_t value) {
    return emit<::mlir::arith::ConstantOp>(b_.getIntegerAttr(type, value));
  }
  ::mlir::Value splatInt(::mlir::VectorType type, int64_t value) {
    return emit<::mlir::arith::ConstantOp>(::mlir::DenseElementsAttr::get(
        type, ::mlir::TypedAttr(b_.getIntegerAttr(type.getElementType(), value))));
  }
  ::mlir::Value zero(::mlir::VectorType type) {
    return emit<::mlir::arith::ConstantOp>(
        ::mlir::DenseElementsAttr::get(type, b_.getZeroAttr(type.getElementType())));
  }
  /// `scalar` in every lane of a vector of `lanes`.
  ::mlir::Value splat(::mlir::Value scalar, unsigned lanes) {
    ::mlir::VectorType type = vec(lanes, scalar.getType());
    ::mlir::Value undef = emit<::mlir::LLVM::PoisonOp>(type);
    ::mlir::Value first =
        emit<::mlir::LLVM::InsertElementOp>(undef, scalar, constInt(i(32), 0));
    llvm::SmallVector<int32_t, 16> mask(lanes, 0);
    return emit<::mlir::LLVM::ShuffleVectorOp>(first, first, mask);
  }
  ::mlir::Value shuffle(::mlir::Value a, ::mlir::Value b, llvm::ArrayRef<int32_t> mask) {
    return emit<::mlir::LLVM::ShuffleVectorOp>(a, b, mask);
  }
  /// Lanes [first, first + count) of `value`.
  ::mlir::Value slice(::mlir::Value value, unsigned first, unsigned count) {
    llvm::SmallVector<int32_t, 16> mask;
    for (unsigned k = 0; k < count; ++k)
      mask.push_back(int32_t(first + k));
    return shuffle(value, value, mask);
  }
  /// Every second lane of `value`, from `first`.
  ::mlir::Value everyOther(::mlir::Value value, unsigned first) {
    unsigned lanes = unsigned(::mlir::cast<::mlir::VectorType>(value.getType()).getNumElements());
    llvm::SmallVector<int32_t, 16> mask;
    for (unsigned k = first; k < lanes; k += 2)
      mask.push_back(int32_t(k));
    return shuffle(value, value, mask);
  }
  /// `a`'s lanes then `b`'s, as one vector twice as long.
  ::mlir::Value concat(::mlir::Value a, ::mlir::Value b) {
    unsigned lanes = unsigned(::mlir::cast<::mlir::VectorType>(a.getType()).getNumElements());
    llvm::SmallVector<int32_t, 16> mask;
    for (unsigned k = 0; k < 2 * lanes; ++k)
      mask.push_back(int32_t(k));
    return shuffle(a, b, mask);
  }
  ::mlir::Value extract(::mlir::Value vector, unsigned lane) {
    return emit<::mlir::LLVM::ExtractElementOp>(vector, constInt(i(32), lane));
  }
  ::mlir::Value insert(::mlir::Value vector, ::mlir::Value scalar, unsigned lane) {
    return emit<::mlir::LLVM::InsertElementOp>(vector, scalar, constInt(i(32), lane));
  }
  /// An LLVM intrinsic returning `result`.
  ::mlir::Value intrinsic(llvm::StringRef name, ::mlir::Type result, ::mlir::ValueRange args) {
    return b_.create<::mlir::LLVM::CallIntrinsicOp>(loc_, result, name, args)->getResult(0);
  }
  /// An integer vector widened (sign- or zero-extended) or narrowed lane by lane.
  ::mlir::Value extend(::mlir::Value value, ::mlir::Type element, bool isSigned) {
    auto type = ::mlir::cast<::mlir::VectorType>(value.getType());
    ::mlir::Type wide = vec(unsigned(type.getNumElements()), element);
    return isSigned ? emit<::mlir::arith::ExtSIOp>(wide, value)
                    : emit<::mlir::arith::ExtUIOp>(wide, value);
  }
  ::mlir::Value truncate(::mlir::Value value, ::mlir::Type element) {
    auto type = ::mlir::cast<::mlir::VectorType>(value.getType());
    return emit<::mlir::arith::TruncIOp>(vec(unsigned(type.getNumElements()), element), value);
  }
  /// An i1 vector as all-ones or zero lanes of `element`.
  ::mlir::Value mask(::mlir::Value flags, ::mlir::Type element) {
    return extend(flags, element, /*isSigned=*/true);
  }

private:
  ::mlir::OpBuilder &b_;
  ::mlir::Location loc_;
};

} // namespace strata::mlirtier
