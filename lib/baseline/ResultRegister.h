#pragma once
// The baseline tier's result register. A stencil that writes a scalar result to its
// destination slot also leaves it in the chain's `acc` argument (write-through: the frame
// stays complete, so OSR, traps and the dispatch loop see every value in its slot). The
// emitter then gives the next instruction, when it reads that slot and no branch or resume
// point lands between the two, the stencil variant that takes the operand from `acc`
// (`<name>__r<k>` for operand word k). This header is the one rule both sides follow.
#include <type_traits>

namespace strata::baseline {

/// Whether the stencils of rows whose result has type T set `acc`. Floating-point results do
/// not: moving them to an integer register costs what the slot's reload would. Loads move
/// floats as integer bits, so a float load followed by arithmetic still forwards.
template <typename T>
inline constexpr bool kResultInRegister = std::is_integral_v<T> && sizeof(T) <= 8;

} // namespace strata::baseline
