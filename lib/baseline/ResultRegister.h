#pragma once
// The baseline tier's result registers. A stencil that writes a scalar result to its
// destination slot also leaves it in one of the chain's arguments `acc`, `sacc`, `dacc`
// (write-through: the frame stays complete, so OSR, traps and the dispatch loop see every
// value in its slot). The emitter then gives the next instruction, when it reads that slot and
// no branch or resume point lands between the two, the stencil variant that takes the operand
// from that register. This header is the one rule both sides follow.
#include <cstdint>
#include <type_traits>

namespace strata::baseline {

/// Where the stencils of rows whose result has type T leave it: integers (and `Copy`, which
/// moves any scalar as its bits) in `acc`, f32 in `sacc` and f64 in `dacc` (float loads
/// included); v128s in none. The
/// reader's variant is then `__r<k>` (integer) or `__f<k>` (float): each takes an operand of
/// its own register's kind from it and reads any other from the slot, so a reader is right
/// whatever its operand's type. An f32 and an f64 operand of one slot cannot follow each
/// other: the slot has one Wasm type there.
enum class ResultRegister : uint8_t { None, Integer, Float };
template <typename T>
inline constexpr ResultRegister kResultRegister = std::is_integral_v<T> && sizeof(T) <= 8
                                                      ? ResultRegister::Integer
                                                  : std::is_floating_point_v<T>
                                                      ? ResultRegister::Float
                                                      : ResultRegister::None;

} // namespace strata::baseline
