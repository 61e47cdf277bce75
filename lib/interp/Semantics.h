// The exact semantics of WebAssembly's numeric instructions, as small inline functions the
// interpreter's handlers call (NumericOps.def names one per instruction). Integers wrap, shifts
// take their count modulo the width, and float results follow the spec's NaN rules: hardware
// arithmetic already yields a canonical NaN from canonical inputs and an arithmetic NaN
// otherwise, while abs, neg and copysign work on the bits so they never touch a payload.
// Depends on runtime/Trap.h only.
#pragma once

#include "strata/runtime/Trap.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace strata::interp::sem {

using runtime::TrapKind;

template <typename T> using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
template <typename T> constexpr T kShiftMask = T(sizeof(T) * 8 - 1);

// Integer arithmetic (on unsigned types, so overflow wraps).
template <typename T> inline T add(T a, T b) { return a + b; }
template <typename T> inline T sub(T a, T b) { return a - b; }
template <typename T> inline T mul(T a, T b) { return a * b; }
template <typename T> inline T bitAnd(T a, T b) { return a & b; }
template <typename T> inline T bitOr(T a, T b) { return a | b; }
template <typename T> inline T bitXor(T a, T b) { return a ^ b; }
template <typename T> inline T shl(T a, T b) { return T(a << (b & kShiftMask<T>)); }
template <typename T> inline T shrU(T a, T b) { return T(a >> (b & kShiftMask<T>)); }
template <typename T> inline T shrS(T a, T b) {
  return T(std::make_signed_t<T>(a) >> (b & kShiftMask<T>)); // arithmetic since C++20
}
template <typename T> inline T rotl(T a, T b) { return std::rotl(a, int(b & kShiftMask<T>)); }
template <typename T> inline T rotr(T a, T b) { return std::rotr(a, int(b & kShiftMask<T>)); }
template <typename T> inline T clz(T a) { return T(std::countl_zero(a)); }
template <typename T> inline T ctz(T a) { return T(std::countr_zero(a)); }
template <typename T> inline T popcnt(T a) { return T(std::popcount(a)); }
template <typename T> inline uint32_t eqz(T a) { return a == 0; }

// Division: traps instead of undefined behaviour.
template <typename T> inline bool divS(T a, T b, T &r, TrapKind &trap) {
  using S = std::make_signed_t<T>;
  if (b == 0) {
    trap = TrapKind::IntegerDivideByZero;
    return false;
  }
  if (S(a) == std::numeric_limits<S>::min() && S(b) == -1) {
    trap = TrapKind::IntegerOverflow;
    return false;
  }
  r = T(S(a) / S(b));
  return true;
}
template <typename T> inline bool divU(T a, T b, T &r, TrapKind &trap) {
  if (b == 0) {
    trap = TrapKind::IntegerDivideByZero;
    return false;
  }
  r = a / b;
  return true;
}
template <typename T> inline bool remS(T a, T b, T &r, TrapKind &trap) {
  using S = std::make_signed_t<T>;
  if (b == 0) {
    trap = TrapKind::IntegerDivideByZero;
    return false;
  }
  // INT_MIN % -1 is 0 in WebAssembly, but overflows in C++.
  r = S(b) == -1 ? 0 : T(S(a) % S(b));
  return true;
}
template <typename T> inline bool remU(T a, T b, T &r, TrapKind &trap) {
  if (b == 0) {
    trap = TrapKind::IntegerDivideByZero;
    return false;
  }
  r = a % b;
  return true;
}

// Comparisons; the operand type carries the signedness.
template <typename T> inline uint32_t eq(T a, T b) { return a == b; }
template <typename T> inline uint32_t ne(T a, T b) { return a != b; }
template <typename T> inline uint32_t lt(T a, T b) { return a < b; }
template <typename T> inline uint32_t gt(T a, T b) { return a > b; }
template <typename T> inline uint32_t le(T a, T b) { return a <= b; }
template <typename T> inline uint32_t ge(T a, T b) { return a >= b; }

// Sign extension in place.
template <typename T, typename Narrow> inline T extendS(T a) {
  return T(std::make_signed_t<T>(Narrow(a)));
}

// Float arithmetic. +, -, *, / and sqrt are IEEE operations whose NaN results the spec allows.
template <typename F> inline F fadd(F a, F b) { return a + b; }
template <typename F> inline F fsub(F a, F b) { return a - b; }
template <typename F> inline F fmul(F a, F b) { return a * b; }
template <typename F> inline F fdiv(F a, F b) { return a / b; }
template <typename F> inline F fsqrt(F a) { return std::sqrt(a); }
// libm's rounding functions may return a signalling NaN unchanged; the spec wants it quiet.
template <typename F> inline F fceil(F a) { return a != a ? a + a : std::ceil(a); }
template <typename F> inline F ffloor(F a) { return a != a ? a + a : std::floor(a); }
template <typename F> inline F ftrunc(F a) { return a != a ? a + a : std::trunc(a); }
// The default rounding mode is round-half-to-even, which nearbyint follows.
template <typename F> inline F fnearest(F a) { return a != a ? a + a : std::nearbyint(a); }

template <typename F> inline F fmin(F a, F b) {
  if (a != a || b != b)
    return a + b; // a NaN, canonical when the inputs are
  if (a == b)
    return std::signbit(a) ? a : b; // min(-0, +0) = -0
  return a < b ? a : b;
}
template <typename F> inline F fmax(F a, F b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return std::signbit(a) ? b : a; // max(-0, +0) = +0
  return a > b ? a : b;
}

template <typename F> constexpr Bits<F> kSignBit = Bits<F>(1) << (sizeof(F) * 8 - 1);
template <typename F> inline F fabs(F a) {
  return std::bit_cast<F>(Bits<F>(std::bit_cast<Bits<F>>(a) & ~kSignBit<F>));
}
template <typename F> inline F fneg(F a) {
  return std::bit_cast<F>(Bits<F>(std::bit_cast<Bits<F>>(a) ^ kSignBit<F>));
}
template <typename F> inline F fcopysign(F a, F b) {
  return std::bit_cast<F>(Bits<F>((std::bit_cast<Bits<F>>(a) & ~kSignBit<F>) |
                                  (std::bit_cast<Bits<F>>(b) & kSignBit<F>)));
}

template <typename F> inline uint32_t feq(F a, F b) { return a == b; }
template <typename F> inline uint32_t fne(F a, F b) { return a != b; }
template <typename F> inline uint32_t flt(F a, F b) { return a < b; }
template <typename F> inline uint32_t fgt(F a, F b) { return a > b; }
template <typename F> inline uint32_t fle(F a, F b) { return a <= b; }
template <typename F> inline uint32_t fge(F a, F b) { return a >= b; }

// Float to integer. `Low` and `High` bound the inputs whose truncation fits the integer type:
// valid exactly when Low < x < High. Both are exact in F (see NumericOps.def).
template <typename I, typename F> struct TruncBounds;
template <> struct TruncBounds<int32_t, float> {
  static constexpr float kLow = -2147483904.0f, kHigh = 2147483648.0f;
};
template <> struct TruncBounds<int32_t, double> {
  static constexpr double kLow = -2147483649.0, kHigh = 2147483648.0;
};
template <> struct TruncBounds<uint32_t, float> {
  static constexpr float kLow = -1.0f, kHigh = 4294967296.0f;
};
template <> struct TruncBounds<uint32_t, double> {
  static constexpr double kLow = -1.0, kHigh = 4294967296.0;
};
template <> struct TruncBounds<int64_t, float> {
  static constexpr float kLow = -9223373136366403584.0f, kHigh = 9223372036854775808.0f;
};
template <> struct TruncBounds<int64_t, double> {
  static constexpr double kLow = -9223372036854777856.0, kHigh = 9223372036854775808.0;
};
template <> struct TruncBounds<uint64_t, float> {
  static constexpr float kLow = -1.0f, kHigh = 18446744073709551616.0f;
};
template <> struct TruncBounds<uint64_t, double> {
  static constexpr double kLow = -1.0, kHigh = 18446744073709551616.0;
};

/// Trapping truncation; `R` is the slot type the result is stored as.
template <typename I, typename F, typename R> inline bool trunc(F x, R &r, TrapKind &trap) {
  if (x != x) {
    trap = TrapKind::InvalidConversion;
    return false;
  }
  if (!(x > TruncBounds<I, F>::kLow && x < TruncBounds<I, F>::kHigh)) {
    trap = TrapKind::IntegerOverflow;
    return false;
  }
  r = R(I(x));
  return true;
}

/// Saturating truncation: NaN is 0, out-of-range inputs clamp.
template <typename I, typename F, typename R> inline R truncSat(F x) {
  if (x != x)
    return 0;
  if (!(x > TruncBounds<I, F>::kLow))
    return R(std::numeric_limits<I>::min());
  if (!(x < TruncBounds<I, F>::kHigh))
    return R(std::numeric_limits<I>::max());
  return R(I(x));
}

/// Integer to float: `I` is the source's signedness, the conversion rounds to nearest even.
template <typename I, typename F, typename T> inline F convert(T a) { return F(I(a)); }

inline uint32_t wrap(uint64_t a) { return uint32_t(a); }
inline uint64_t extendI32S(uint32_t a) { return uint64_t(int64_t(int32_t(a))); }
inline uint64_t extendI32U(uint32_t a) { return a; }
inline float demote(double a) { return float(a); }
inline double promote(float a) { return double(a); }

} // namespace strata::interp::sem
