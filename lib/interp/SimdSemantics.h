// The exact semantics of WebAssembly's SIMD instructions on 128-bit values, as small inline
// functions the interpreter's handlers call (SimdOps.def names one per instruction). Lanes are
// little-endian: lane i of an N-byte lane type is bytes [i*N, i*N+N). Integer lanes are held
// unsigned so arithmetic wraps; the float lanes reuse the scalar semantics of Semantics.h, so
// NaN results, min/max, rounding and saturating truncation match the scalar instructions.
// Private to lib/interp.
#pragma once

#include "Semantics.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace strata::interp::sem {

static_assert(std::endian::native == std::endian::little, "lanes are laid out little-endian");

/// A v128 value: its 16 bytes, in two frame slots (low half first).
struct V128 {
  uint64_t lo, hi;
};

template <typename L> constexpr unsigned kLanes = 16 / sizeof(L);

template <typename L> inline L lane(const V128 &v, unsigned i) {
  L x;
  std::memcpy(&x, reinterpret_cast<const uint8_t *>(&v) + i * sizeof(L), sizeof(L));
  return x;
}
template <typename L> inline void setLane(V128 &v, unsigned i, L x) {
  std::memcpy(reinterpret_cast<uint8_t *>(&v) + i * sizeof(L), &x, sizeof(L));
}

/// Applies `fn` to each lane of type L, giving a lane of type R (as many lanes as L has).
template <typename L, typename R = L, typename Fn> inline V128 mapLanes(V128 a, Fn fn) {
  static_assert(sizeof(R) == sizeof(L));
  V128 r{};
  for (unsigned i = 0; i < kLanes<L>; ++i)
    setLane<R>(r, i, R(fn(lane<L>(a, i))));
  return r;
}
template <typename L, typename R = L, typename Fn> inline V128 zipLanes(V128 a, V128 b, Fn fn) {
  static_assert(sizeof(R) == sizeof(L));
  V128 r{};
  for (unsigned i = 0; i < kLanes<L>; ++i)
    setLane<R>(r, i, R(fn(lane<L>(a, i), lane<L>(b, i))));
  return r;
}

/// The 16 bytes as a vector of lanes L in the compilers' vector extension, for rows that are
/// one vector instruction: g++ and clang then emit it. Through lane arrays, clang computes 8-
/// and 16-bit lanes as 64-bit arithmetic with masks (i16x8.add as four paddq and eight masks).
template <typename L> struct VectorType;
#define STRATA_VECTOR_TYPE(L)                                                                      \
  template <> struct VectorType<L> {                                                               \
    typedef L type __attribute__((vector_size(16)));                                               \
  };
STRATA_VECTOR_TYPE(uint8_t)
STRATA_VECTOR_TYPE(uint16_t)
STRATA_VECTOR_TYPE(uint32_t)
STRATA_VECTOR_TYPE(uint64_t)
STRATA_VECTOR_TYPE(int8_t)
STRATA_VECTOR_TYPE(int16_t)
STRATA_VECTOR_TYPE(int32_t)
STRATA_VECTOR_TYPE(int64_t)
#undef STRATA_VECTOR_TYPE
template <typename L> using Vector = typename VectorType<L>::type;
template <typename L> inline Vector<L> toVector(V128 a) {
  Vector<L> v;
  std::memcpy(&v, &a, 16);
  return v;
}
template <typename Vec> inline V128 fromVector(Vec v) {
  static_assert(sizeof(Vec) == 16);
  V128 a;
  std::memcpy(&a, &v, 16);
  return a;
}

template <typename L> using Unsigned = std::make_unsigned_t<L>;
template <typename L> using Signed = std::make_signed_t<L>;
/// The integer lane type as wide as the float lane type F.
template <typename F> using MaskOf = Bits<F>;

// Bitwise.
inline V128 vnot(V128 a) { return {~a.lo, ~a.hi}; }
inline V128 vand(V128 a, V128 b) { return {a.lo & b.lo, a.hi & b.hi}; }
inline V128 vandnot(V128 a, V128 b) { return {a.lo & ~b.lo, a.hi & ~b.hi}; }
inline V128 vor(V128 a, V128 b) { return {a.lo | b.lo, a.hi | b.hi}; }
inline V128 vxor(V128 a, V128 b) { return {a.lo ^ b.lo, a.hi ^ b.hi}; }
/// Bits of `a` where `mask` is set, of `b` elsewhere.
inline V128 bitselect(V128 a, V128 b, V128 mask) {
  return {(a.lo & mask.lo) | (b.lo & ~mask.lo), (a.hi & mask.hi) | (b.hi & ~mask.hi)};
}
inline uint32_t anyTrue(V128 a) { return (a.lo | a.hi) != 0; }

// Integer lanewise arithmetic; L is the unsigned lane type. Products are taken in at least
// 32 bits of unsigned arithmetic, so narrow lanes cannot overflow a promoted int.
template <typename L> using Wide = std::conditional_t<(sizeof(L) < 4), uint32_t, L>;
// Vector lanes wrap: they are not promoted to int.
template <typename L> inline V128 iadd(V128 a, V128 b) {
  return fromVector(toVector<L>(a) + toVector<L>(b));
}
template <typename L> inline V128 isub(V128 a, V128 b) {
  return fromVector(toVector<L>(a) - toVector<L>(b));
}
template <typename L> inline V128 imul(V128 a, V128 b) {
  return fromVector(toVector<L>(a) * toVector<L>(b));
}
template <typename L> inline V128 ineg(V128 a) {
  return mapLanes<L>(a, [](L x) { return L(Wide<L>(0) - Wide<L>(x)); });
}
/// |x| with wrapping: the most negative value stays itself.
template <typename L> inline V128 iabs(V128 a) {
  return mapLanes<L>(a, [](L x) { return Signed<L>(x) < 0 ? L(Wide<L>(0) - Wide<L>(x)) : x; });
}
template <typename L> inline V128 ipopcnt(V128 a) {
  return mapLanes<L>(a, [](L x) { return L(std::popcount(x)); });
}

/// Saturating add and sub; S is the lane type with its signedness.
template <typename S> inline S saturate(int64_t x) {
  if (x < int64_t(std::numeric_limits<S>::min()))
    return std::numeric_limits<S>::min();
  if (x > int64_t(std::numeric_limits<S>::max()))
    return std::numeric_limits<S>::max();
  return S(x);
}
template <typename S> inline V128 addSat(V128 a, V128 b) {
  return zipLanes<S>(a, b, [](S x, S y) { return saturate<S>(int64_t(x) + int64_t(y)); });
}
template <typename S> inline V128 subSat(V128 a, V128 b) {
  return zipLanes<S>(a, b, [](S x, S y) { return saturate<S>(int64_t(x) - int64_t(y)); });
}
template <typename S> inline V128 imin(V128 a, V128 b) {
  return zipLanes<S>(a, b, [](S x, S y) { return x < y ? x : y; });
}
template <typename S> inline V128 imax(V128 a, V128 b) {
  return zipLanes<S>(a, b, [](S x, S y) { return x > y ? x : y; });
}
/// Rounding average of unsigned lanes: (x + y + 1) / 2 without overflow.
template <typename L> inline V128 avgr(V128 a, V128 b) {
  return zipLanes<L>(a, b, [](L x, L y) { return L((uint32_t(x) + uint32_t(y) + 1) >> 1); });
}
/// i16x8.q15mulr_sat_s: (x * y + 2^14) >> 15, saturated.
inline V128 q15mulrSat(V128 a, V128 b) {
  return zipLanes<int16_t>(a, b, [](int16_t x, int16_t y) {
    return saturate<int16_t>((int64_t(x) * y + 0x4000) >> 15);
  });
}

// Shifts: the count is taken modulo the lane width.
template <typename L> inline V128 vshl(V128 a, uint32_t count) {
  unsigned n = count & (sizeof(L) * 8 - 1);
  return fromVector(toVector<L>(a) << n);
}
template <typename L> inline V128 vshrU(V128 a, uint32_t count) {
  unsigned n = count & (sizeof(L) * 8 - 1);
  return fromVector(toVector<L>(a) >> n);
}
template <typename L> inline V128 vshrS(V128 a, uint32_t count) {
  unsigned n = count & (sizeof(L) * 8 - 1);
  return fromVector(toVector<Signed<L>>(a) >> n);
}

// Comparisons: S carries the signedness; a vector comparison gives each lane all ones where
// true, as Wasm's does.
template <typename S> inline V128 veq(V128 a, V128 b) {
  return fromVector(toVector<S>(a) == toVector<S>(b));
}
template <typename S> inline V128 vne(V128 a, V128 b) {
  return fromVector(toVector<S>(a) != toVector<S>(b));
}
template <typename S> inline V128 vlt(V128 a, V128 b) {
  return fromVector(toVector<S>(a) < toVector<S>(b));
}
template <typename S> inline V128 vgt(V128 a, V128 b) {
  return fromVector(toVector<S>(a) > toVector<S>(b));
}
template <typename S> inline V128 vle(V128 a, V128 b) {
  return fromVector(toVector<S>(a) <= toVector<S>(b));
}
template <typename S> inline V128 vge(V128 a, V128 b) {
  return fromVector(toVector<S>(a) >= toVector<S>(b));
}
// Float comparisons: the mask lane is as wide as the float lane; NaN compares unordered.
template <typename F> inline V128 vfeq(V128 a, V128 b) {
  return zipLanes<F, MaskOf<F>>(a, b, [](F x, F y) { return MaskOf<F>(x == y ? ~0ull : 0); });
}
template <typename F> inline V128 vfne(V128 a, V128 b) {
  return zipLanes<F, MaskOf<F>>(a, b, [](F x, F y) { return MaskOf<F>(x != y ? ~0ull : 0); });
}
template <typename F> inline V128 vflt(V128 a, V128 b) {
  return zipLanes<F, MaskOf<F>>(a, b, [](F x, F y) { return MaskOf<F>(x < y ? ~0ull : 0); });
}
template <typename F> inline V128 vfgt(V128 a, V128 b) {
  return zipLanes<F, MaskOf<F>>(a, b, [](F x, F y) { return MaskOf<F>(x > y ? ~0ull : 0); });
}
template <typename F> inline V128 vfle(V128 a, V128 b) {
  return zipLanes<F, MaskOf<F>>(a, b, [](F x, F y) { return MaskOf<F>(x <= y ? ~0ull : 0); });
}
template <typename F> inline V128 vfge(V128 a, V128 b) {
  return zipLanes<F, MaskOf<F>>(a, b, [](F x, F y) { return MaskOf<F>(x >= y ? ~0ull : 0); });
}

// Reductions to an i32.
template <typename L> inline uint32_t allTrue(V128 a) {
  for (unsigned i = 0; i < kLanes<L>; ++i)
    if (lane<L>(a, i) == 0)
      return 0;
  return 1;
}
/// Bit i is the sign bit of lane i.
template <typename L> inline uint32_t bitmask(V128 a) {
  uint32_t mask = 0;
  for (unsigned i = 0; i < kLanes<L>; ++i)
    mask |= uint32_t(lane<L>(a, i) >> (sizeof(L) * 8 - 1)) << i;
  return mask;
}

// Width changes. `Narrow` and `WideS` carry signedness.
/// Lanes of `a` then `b`, each saturated from the signed wide type to Narrow.
template <typename WideS, typename Narrow> inline V128 narrow(V128 a, V128 b) {
  V128 r{};
  constexpr unsigned n = kLanes<WideS>;
  for (unsigned i = 0; i < n; ++i) {
    setLane<Narrow>(r, i, saturate<Narrow>(lane<WideS>(a, i)));
    setLane<Narrow>(r, n + i, saturate<Narrow>(lane<WideS>(b, i)));
  }
  return r;
}
/// The low (`high` false) or high half of Narrow lanes, each extended to WideT.
template <typename Narrow, typename WideT, bool high> inline V128 extend(V128 a) {
  V128 r{};
  constexpr unsigned n = kLanes<WideT>;
  for (unsigned i = 0; i < n; ++i)
    setLane<WideT>(r, i, WideT(lane<Narrow>(a, (high ? n : 0) + i)));
  return r;
}
/// Products of the extended low or high halves.
template <typename Narrow, typename WideT, bool high> inline V128 extmul(V128 a, V128 b) {
  V128 r{};
  constexpr unsigned n = kLanes<WideT>;
  using Product = std::conditional_t<(sizeof(WideT) < 8), int64_t, WideT>;
  for (unsigned i = 0; i < n; ++i) {
    Product x = Product(lane<Narrow>(a, (high ? n : 0) + i));
    Product y = Product(lane<Narrow>(b, (high ? n : 0) + i));
    using U = Unsigned<WideT>;
    setLane<U>(r, i, U(Unsigned<Product>(x) * Unsigned<Product>(y)));
  }
  return r;
}
/// Sums of adjacent pairs of Narrow lanes, in WideT.
template <typename Narrow, typename WideT> inline V128 extaddPairwise(V128 a) {
  V128 r{};
  for (unsigned i = 0; i < kLanes<WideT>; ++i)
    setLane<WideT>(r, i, WideT(WideT(lane<Narrow>(a, 2 * i)) + WideT(lane<Narrow>(a, 2 * i + 1))));
  return r;
}
/// i32x4.dot_i16x8_s: sums of adjacent signed products, wrapping.
inline V128 dotI16x8(V128 a, V128 b) {
  V128 r{};
  for (unsigned i = 0; i < 4; ++i) {
    uint32_t p0 = uint32_t(int32_t(lane<int16_t>(a, 2 * i)) * lane<int16_t>(b, 2 * i));
    uint32_t p1 = uint32_t(int32_t(lane<int16_t>(a, 2 * i + 1)) * lane<int16_t>(b, 2 * i + 1));
    setLane<uint32_t>(r, i, p0 + p1);
  }
  return r;
}

// Float lanewise: the scalar semantics per lane.
template <typename F, F (*Fn)(F)> inline V128 fmap(V128 a) { return mapLanes<F>(a, Fn); }
template <typename F, F (*Fn)(F, F)> inline V128 fzip(V128 a, V128 b) {
  return zipLanes<F>(a, b, Fn);
}
/// Pseudo-minimum and -maximum: b < a ? b : a, and a < b ? b : a (no NaN or zero rules).
template <typename F> inline F pmin(F a, F b) { return b < a ? b : a; }
template <typename F> inline F pmax(F a, F b) { return a < b ? b : a; }

// Conversions.
template <typename I, typename F> inline V128 truncSatLanes(V128 a) {
  return mapLanes<F, Unsigned<I>>(a, [](F x) { return truncSat<I, F, Unsigned<I>>(x); });
}
/// i32x4.trunc_sat_f64x2_*_zero: two truncated lanes, the upper two zero.
template <typename I> inline V128 truncSatF64x2Zero(V128 a) {
  V128 r{};
  for (unsigned i = 0; i < 2; ++i)
    setLane<uint32_t>(r, i, truncSat<I, double, uint32_t>(lane<double>(a, i)));
  return r;
}
template <typename I> inline V128 convertI32x4(V128 a) {
  return mapLanes<uint32_t, float>(a, [](uint32_t x) { return float(I(x)); });
}
template <typename I> inline V128 convertLowI32x4(V128 a) {
  V128 r{};
  for (unsigned i = 0; i < 2; ++i)
    setLane<double>(r, i, double(I(lane<uint32_t>(a, i))));
  return r;
}
inline V128 demoteF64x2Zero(V128 a) {
  V128 r{};
  for (unsigned i = 0; i < 2; ++i)
    setLane<float>(r, i, demote(lane<double>(a, i)));
  return r;
}
inline V128 promoteLowF32x4(V128 a) {
  V128 r{};
  for (unsigned i = 0; i < 2; ++i)
    setLane<double>(r, i, promote(lane<float>(a, i)));
  return r;
}

// Lanes in and out. `In` is the slot type (i32 for the narrow integer lanes).
template <typename L, typename In> inline V128 splat(In x) {
  V128 r{};
  for (unsigned i = 0; i < kLanes<L>; ++i)
    setLane<L>(r, i, L(x));
  return r;
}
/// Lane `i` as the slot type Out; L's signedness decides how a narrow lane extends.
template <typename L, typename Out> inline Out extractLane(V128 a, uint32_t i) {
  if constexpr (std::is_integral_v<L>)
    return Out(std::make_signed_t<Out>(lane<L>(a, i)));
  else
    return lane<L>(a, i);
}
/// `a` with lane i (a run-time index) set to x, computed on the two halves in registers:
/// setLane's byte store into a copy in memory makes the next 16-byte read of it wait for the
/// store to complete, which cost the lane loads of sha256's -msimd128 build 13%.
template <typename L> inline V128 withLane(V128 a, uint32_t i, L x) {
  constexpr unsigned kPerHalf = 8 / sizeof(L);
  constexpr uint64_t kLaneMask = sizeof(L) == 8 ? ~uint64_t(0) : (uint64_t(1) << 8 * sizeof(L)) - 1;
  using LaneBits = std::conditional_t<
      sizeof(L) == 1, uint8_t,
      std::conditional_t<sizeof(L) == 2, uint16_t,
                         std::conditional_t<sizeof(L) == 4, uint32_t, uint64_t>>>;
  LaneBits bits = std::bit_cast<LaneBits>(x);
  unsigned shift = (i % kPerHalf) * 8 * sizeof(L);
  auto insert = [&](uint64_t half) {
    return (half & ~(kLaneMask << shift)) | (uint64_t(bits) << shift);
  };
  return i < kPerHalf ? V128{insert(a.lo), a.hi} : V128{a.lo, insert(a.hi)};
}
template <typename L, typename In> inline V128 replaceLane(V128 a, In x, uint32_t i) {
  return withLane<L>(a, i, L(x));
}
/// i8x16.swizzle: lane i is a's lane b[i], or 0 when that index is out of range.
inline V128 swizzle(V128 a, V128 b) {
  V128 r{};
  for (unsigned i = 0; i < 16; ++i) {
    uint8_t index = lane<uint8_t>(b, i);
    setLane<uint8_t>(r, i, index < 16 ? lane<uint8_t>(a, index) : 0);
  }
  return r;
}
/// i8x16.shuffle: lane i is byte lanes[i] of the 32 bytes of a then b.
inline V128 shuffle(V128 a, V128 b, const uint8_t *lanes) {
  V128 r{};
  for (unsigned i = 0; i < 16; ++i)
    setLane<uint8_t>(r, i, lanes[i] < 16 ? lane<uint8_t>(a, lanes[i])
                                         : lane<uint8_t>(b, lanes[i] - 16));
  return r;
}

// Loads from memory bytes `p`.
/// v128.load{8x8,16x4,32x2}_{s,u}: 8 bytes of Narrow lanes, each extended.
template <typename Narrow, typename WideT> inline V128 loadExtend(const uint8_t *p) {
  V128 r{};
  for (unsigned i = 0; i < kLanes<WideT>; ++i) {
    Narrow x;
    std::memcpy(&x, p + i * sizeof(Narrow), sizeof(Narrow));
    setLane<WideT>(r, i, WideT(x));
  }
  return r;
}
template <typename L> inline V128 loadSplat(const uint8_t *p) {
  L x;
  std::memcpy(&x, p, sizeof(L));
  return splat<L>(x);
}
/// v128.load{32,64}_zero: the low lane from memory, the rest zero.
template <typename L> inline V128 loadZero(const uint8_t *p) {
  V128 r{};
  std::memcpy(&r, p, sizeof(L));
  return r;
}

} // namespace strata::interp::sem
