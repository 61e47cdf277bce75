// The baseline tier's stencils: one function per interpreter instruction (OpList.def), compiled
// by clang-19 at build time for the build's target and never linked. extract_stencils.py turns
// the object file into tables of machine code and holes; the emitter (StencilEmitter.cpp) copies
// a stencil per instruction and patches its holes with the instruction's operands. An
// instruction's semantics come from the interpreter's own rows and Semantics.h, so both tiers
// compute with one definition.
//
// A stencil runs on the interpreter's frame (DESIGN decision 2) and ends in a tail call of the
// next instruction's code (STRATA_CONTINUE) or a branch target (STRATA_TARGETk), all in the
// preserve_none convention so that the chain's arguments stay in registers. It returns to the
// dispatch loop, which entered it through strata_stencil_enter, with an exit code: the
// instruction's code offset in the low half and, in the high half, 0 for "run this instruction
// in the loop" (calls, returns, polls that fire) or a trap kind plus one.
//
// Holes are the addresses of undefined symbols:
//   STRATA_SLOTk    operand word k (after the handler words) as a slot, times 8: a byte offset
//   STRATA_IMMk     operand word k as an immediate
//   STRATA_TARGETk  the branch target whose offset is operand word k
//   STRATA_CODE_OFFSET, STRATA_CONTINUE, and STRATA_ADDR (a jump table; on x86-64 its two halves
//                   STRATA_ADDR_LO and STRATA_ADDR_HI, since holes there are 32 bits)
// Any other undefined symbol is a function of the host (a runtime helper, or libm), which the
// emitter reaches through a veneer.

#include "Semantics.h"
#include "SimdSemantics.h"
#include "Slots.h"

#include "baseline/ResultRegister.h"
#include "baseline/RuntimeHelpers.h"
#include "strata/interp/Interpreter.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>

using namespace strata;
using interp::InstanceContext;
using runtime::TrapKind;
namespace sem = interp::sem;

#define CC __attribute__((preserve_none))
#define ENTRY_PARAMS                                                                               \
  uint64_t *fp, uint8_t *memBase, uint64_t memSize, InstanceContext *ctx,                          \
      const std::atomic<bool> *poll, const interp::CompiledFunction *self,                         \
      interp::NativeCalls *calls
#define ENTRY_ARGS fp, memBase, memSize, ctx, poll, self, calls
// `acc`, `sacc` and `dacc`: the result registers (ResultRegister.h) for integers, f32 and f64,
// meaningful only where the emitter says so.
#define PARAMS ENTRY_PARAMS, uint64_t acc, float sacc, double dacc
#define ARGS ENTRY_ARGS, acc, sacc, dacc

extern "C" {
#define HOLES(Prefix)                                                                              \
  extern char Prefix##0[], Prefix##1[], Prefix##2[], Prefix##3[], Prefix##4[], Prefix##5[],        \
      Prefix##6[], Prefix##7[], Prefix##8[];
HOLES(STRATA_SLOT)
HOLES(STRATA_IMM)
#undef HOLES
extern char STRATA_CODE_OFFSET[];
#if defined(__x86_64__)
extern char STRATA_ADDR_LO[], STRATA_ADDR_HI[];
#define ADDRESS_HOLE(Name)                                                                         \
  (uintptr_t(holeValue(Name##_LO)) | uintptr_t(holeValue(Name##_HI)) << 32)
#else
extern char STRATA_ADDR[];
#define ADDRESS_HOLE(Name) uintptr_t(Name)
#endif
CC uint64_t STRATA_CONTINUE(PARAMS);
CC uint64_t STRATA_TARGET0(PARAMS);
CC uint64_t STRATA_TARGET1(PARAMS);
CC uint64_t STRATA_TARGET2(PARAMS);
CC uint64_t STRATA_TARGET3(PARAMS);
}

namespace {

using Stencil = CC uint64_t(PARAMS);

/// A 32-bit immediate hole. On x86-64 the small code model lets the compiler assume a
/// symbol's address is below 2^31 and sign-extend it; the empty asm makes it load the value
/// into a register as the 32 bits it is.
inline uint32_t holeValue(const char *hole) {
  uint32_t value = uint32_t(uintptr_t(hole));
#if defined(__x86_64__)
  asm("" : "+r"(value));
#endif
  return value;
}

template <typename T> inline T get(const uint64_t *fp, uintptr_t byteOffset) {
  const char *at = reinterpret_cast<const char *>(fp) + byteOffset;
  if constexpr (sizeof(T) == 16) {
    // Two 8-byte loads: each takes its half from the store buffer whether the v128 was
    // stored in one piece or in two (a 16-byte load over two stores waits for the cache).
    T value;
#if defined(__SSE2__)
    __m128i low = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(at));
    __m128i high = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(at + 8));
    asm("" : "+x"(low), "+x"(high)); // not combined into one load again
    __m128i whole = _mm_unpacklo_epi64(low, high);
    std::memcpy(&value, &whole, 16);
#else
    uint64_t halves[2];
    std::memcpy(&halves[0], at, 8);
    std::memcpy(&halves[1], at + 8, 8);
    asm("" : "+r"(halves[0]), "+r"(halves[1])); // not combined into one load again
    std::memcpy(&value, halves, 16);
#endif
    return value;
  } else if constexpr (sizeof(T) == 8) {
    uint64_t bits;
    std::memcpy(&bits, at, 8);
    return std::bit_cast<T>(bits);
  } else {
    uint32_t bits;
    std::memcpy(&bits, at, 4);
    return std::bit_cast<T>(bits);
  }
}

/// Writes a slot as the interpreter does (Slots.h): 32-bit values zero-extended.
template <typename T> inline void put(uint64_t *fp, uintptr_t byteOffset, T value) {
  char *at = reinterpret_cast<char *>(fp) + byteOffset;
  if constexpr (sizeof(T) == 16) {
#if defined(__SSE2__)
    __m128i whole;
    std::memcpy(&whole, &value, 16);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(at), whole);
#else
    std::memcpy(at, &value, 16);
#endif
  } else if constexpr (sizeof(T) == 8) {
    uint64_t bits = std::bit_cast<uint64_t>(value);
    std::memcpy(at, &bits, 8);
  } else {
    uint64_t bits = std::bit_cast<uint32_t>(value);
    std::memcpy(at, &bits, 8);
  }
}

/// An immediate of type T in operand words k (and k + 1 for 64 bits).
template <typename T> inline T immediate(const char *low, const char *high) {
  if constexpr (sizeof(T) == 8)
    return std::bit_cast<T>(uint64_t(holeValue(low)) | uint64_t(holeValue(high)) << 32);
  else
    return std::bit_cast<T>(holeValue(low));
}

#if defined(__x86_64__)
template <typename T> inline T movedImmediate(const char *hole) {
  uint64_t value;
  if constexpr (sizeof(T) == 8) {
    asm("movabsq %1, %0" : "=r"(value) : "i"(hole));
  } else {
    asm("movl %1, %k0" : "=r"(value) : "i"(hole));
    __builtin_assume(value <= UINT32_MAX);
  }
  return T(value);
}
#endif

/// Operand word k of type T, as get<T> would read the slot the previous instruction wrote:
/// from `acc` in the variant that takes it from the integer register (a float operand as the
/// bits a `Copy` left there), from `sacc` or `dacc` in the one that takes a float operand from
/// the float registers, else from its slot. A v128 never travels in a register, nor an integer
/// in a float one: those variants read the slot.
template <typename T, int k, int fromRegister, int fromFloatRegister>
inline T operand(const uint64_t *fp, uintptr_t byteOffset, uint64_t acc, float sacc,
                 double dacc) {
  if constexpr (k == fromRegister && sizeof(T) == 8)
    return std::bit_cast<T>(acc);
  else if constexpr (k == fromRegister && sizeof(T) == 4)
    return std::bit_cast<T>(uint32_t(acc));
  else if constexpr (k == fromFloatRegister && std::is_same_v<T, double>)
    return dacc;
  else if constexpr (k == fromFloatRegister && std::is_same_v<T, float>)
    return sacc;
  else
    return get<T>(fp, byteOffset);
}

/// The result register's bits for a value of type T: a slot's, 32-bit values zero-extended.
template <typename T> inline uint64_t toRegister(T value) {
  if constexpr (sizeof(T) == 8)
    return std::bit_cast<uint64_t>(value);
  else
    return std::bit_cast<uint32_t>(value);
}

/// Leaves a result of type T in its result register (ResultRegister.h), if it has one.
template <typename T> inline void keepResult(T value, uint64_t &acc, float &sacc, double &dacc) {
  if constexpr (baseline::kResultRegister<T> == baseline::ResultRegister::Integer)
    acc = toRegister(value);
  else if constexpr (std::is_same_v<T, float>)
    sacc = value;
  else if constexpr (std::is_same_v<T, double>)
    dacc = value;
}

/// The operand a stencil takes from the integer and from the float result register: none,
/// unless a variant says so (STENCIL_FROM).
constexpr int kFromRegister = -1, kFromFloatRegister = -1;

inline uint64_t exitCode(uint32_t kind) {
  return uint64_t(kind) << 32 | holeValue(STRATA_CODE_OFFSET);
}

} // namespace

#define SLOT(k) uintptr_t(STRATA_SLOT##k)
#define IMM(k) holeValue(STRATA_IMM##k)
#define IMM_T(T, k, k1) immediate<T>(STRATA_IMM##k, STRATA_IMM##k1)
// An immediate moved into a register by one instruction, for the constants: on x86-64 a
// `movl` whose 32-bit hole the compiler knows to be zero-extended (no copy after the asm that
// keeps IMM from being sign-extended), and a `movabsq` whose 64-bit hole takes operand words k
// and k1 = k + 1 (the emitter's rule for a 64-bit immediate hole).
#if defined(__x86_64__)
#define IMM_MOVED(k) movedImmediate<uint32_t>(STRATA_IMM##k)
#define IMM64_MOVED(k, k1) movedImmediate<uint64_t>(STRATA_IMM##k)
#else
#define IMM_MOVED(k) IMM(k)
#define IMM64_MOVED(k, k1) IMM_T(uint64_t, k, k1)
#endif
#define STENCIL(Name) extern "C" CC uint64_t strata_stencil_##Name(PARAMS)
// A stencil and its variants that take operand word k from the integer result register
// (Name__r<k>) or the float one (Name__f<k>) instead of its slot: the body reads operands
// through OPERAND and writes results through RESULT. With REGISTER_VARIANTS empty (the SIMD
// rows, whose operands are v128s) only the stencil itself is made.
#define STENCIL_FROM(Name, k, kFloat, ...)                                                         \
  STENCIL(Name) {                                                                                  \
    [[maybe_unused]] constexpr int kFromRegister = (k), kFromFloatRegister = (kFloat);             \
    FLOAT_RESULTS_LIVE_IN();                                                                       \
    __VA_ARGS__                                                                                    \
  }
// x86-64's scalar conversions and square roots write only the low lanes of their destination,
// so the one that lands in `sacc` or `dacc` would wait for the register's last value, often a
// loop's running sum, making a chain of iterations that need not be one. Seen live at entry,
// the registers get LLVM's dependency-breaking zeroing before such a write (a dead argument
// counts as written long ago, and gets none). aarch64 writes whole registers.
#if defined(__x86_64__)
#define FLOAT_RESULTS_LIVE_IN() asm("" ::"x"(sacc), "x"(dacc))
#else
#define FLOAT_RESULTS_LIVE_IN()
#endif
#define REGISTER_VARIANT(Name, k, ...)                                                             \
  STENCIL_FROM(Name##__r##k, k, -1, __VA_ARGS__)                                                   \
  STENCIL_FROM(Name##__f##k, -1, k, __VA_ARGS__)
#define STENCILS_FROM_1(Name, k1, ...)                                                             \
  STENCIL_FROM(Name, -1, -1, __VA_ARGS__)                                                          \
  REGISTER_VARIANTS(REGISTER_VARIANT(Name, k1, __VA_ARGS__))
#define STENCILS_FROM_2(Name, k1, k2, ...)                                                         \
  STENCILS_FROM_1(Name, k1, __VA_ARGS__)                                                           \
  REGISTER_VARIANTS(REGISTER_VARIANT(Name, k2, __VA_ARGS__))
#define REGISTER_VARIANTS(...) __VA_ARGS__
#define OPERAND(T, k)                                                                              \
  operand<T, k, kFromRegister, kFromFloatRegister>(fp, SLOT(k), acc, sacc, dacc)
// Lets the result registers go: a stencil that calls a function and leaves no result in them
// says so after the call, before NEXT(), so that it need not keep them across the call (the
// asm makes them whatever some register holds, at no cost).
#if defined(__x86_64__)
#define FORGET_RESULT() asm("" : "=r"(acc), "=x"(sacc), "=x"(dacc))
#else
#define FORGET_RESULT() asm("" : "=r"(acc), "=w"(sacc), "=w"(dacc))
#endif
// Writes the result to slot 0 and, for the types ResultRegister.h names, to `acc`, `sacc` or
// `dacc`.
#define RESULT(T, value)                                                                           \
  do {                                                                                             \
    T result_ = (value);                                                                           \
    put<T>(fp, SLOT(0), result_);                                                                  \
    keepResult(result_, acc, sacc, dacc);                                                          \
  } while (0)
#define NEXT() [[clang::musttail]] return STRATA_CONTINUE(ARGS)
#define JUMP(k) [[clang::musttail]] return STRATA_TARGET##k(ARGS)
#define TRAP_WITH(kind) return exitCode(uint32_t(kind) + 1)
#define TRAP(Kind) TRAP_WITH(TrapKind::Kind)
// Leaves the instruction to the dispatch loop.
#define RUN_IN_LOOP() return exitCode(0)
// A loop back-edge to operand k's target. It counts down the function's loop countdown as the
// interpreter does; when that runs out or a stop is requested, the dispatch loop runs the
// branch, which polls and asks the tier hooks (OSR).
#define BACK_EDGE(k)                                                                               \
  do {                                                                                             \
    int32_t left = self->loopCountdown.load(std::memory_order_relaxed) - 1;                        \
    self->loopCountdown.store(left, std::memory_order_relaxed);                                    \
    if (left < 0 || poll->load(std::memory_order_relaxed)) [[unlikely]]                            \
      RUN_IN_LOOP();                                                                               \
    JUMP(k);                                                                                       \
  } while (0)
// The same without the countdown, for engines with no tier above (StencilCompiler's
// `tierAbove` false): the back-edge stencils' `__uncounted` copies.
#define BACK_EDGE_UNCOUNTED(k)                                                                     \
  do {                                                                                             \
    if (poll->load(std::memory_order_relaxed)) [[unlikely]]                                        \
      RUN_IN_LOOP();                                                                               \
    JUMP(k);                                                                                       \
  } while (0)

// The dispatch loop's way in: an ordinary C function that calls the chain.
extern "C" uint64_t strata_stencil_enter(const void *code, ENTRY_PARAMS) {
  return reinterpret_cast<Stencil *>(const_cast<void *>(code))(ENTRY_ARGS, 0, 0.0f, 0.0);
}

// Numeric rows (NumericOps.def). Operand 0 is the destination.
#define INTERP_UNARY(Name, In, Out, Fn)                                                            \
  STENCILS_FROM_1(Name, 1, {                                                                       \
    RESULT(Out, Fn(OPERAND(In, 1)));                                                               \
    NEXT();                                                                                        \
  })
#define INTERP_UNARY_TRAP(Name, In, Out, Fn)                                                       \
  STENCILS_FROM_1(Name, 1, {                                                                       \
    Out value;                                                                                     \
    TrapKind trap;                                                                                 \
    if (!Fn(OPERAND(In, 1), value, trap)) [[unlikely]]                                             \
      TRAP_WITH(trap);                                                                             \
    RESULT(Out, value);                                                                            \
    NEXT();                                                                                        \
  })
#define INTERP_BINARY(Name, In, Out, Fn)                                                           \
  STENCILS_FROM_2(Name, 1, 2, {                                                                    \
    RESULT(Out, Fn(OPERAND(In, 1), OPERAND(In, 2)));                                               \
    NEXT();                                                                                        \
  })
#define INTERP_IBINARY(Name, In, Out, Fn)                                                          \
  INTERP_BINARY(Name, In, Out, Fn)                                                                 \
  STENCILS_FROM_1(Name##Imm, 1, {                                                                  \
    RESULT(Out, Fn(OPERAND(In, 1), IMM_T(In, 2, 3)));                                              \
    NEXT();                                                                                        \
  })
#define INTERP_IBINARY_TRAP(Name, In, Out, Fn)                                                     \
  STENCILS_FROM_2(Name, 1, 2, {                                                                    \
    Out value;                                                                                     \
    TrapKind trap;                                                                                 \
    if (!Fn(OPERAND(In, 1), OPERAND(In, 2), value, trap)) [[unlikely]]                             \
      TRAP_WITH(trap);                                                                             \
    RESULT(Out, value);                                                                            \
    NEXT();                                                                                        \
  })                                                                                               \
  STENCILS_FROM_1(Name##Imm, 1, {                                                                  \
    Out value;                                                                                     \
    TrapKind trap;                                                                                 \
    if (!Fn(OPERAND(In, 1), IMM_T(In, 2, 3), value, trap)) [[unlikely]]                            \
      TRAP_WITH(trap);                                                                             \
    RESULT(Out, value);                                                                            \
    NEXT();                                                                                        \
  })
// Compare-and-branch forms: a, b|imm, target, branching with Branch (JUMP or BACK_EDGE). An
// immediate takes sizeof(In) / 4 words, so the target is operand 2 after a 32-bit immediate and
// 3 after a 64-bit one.
#define COMPARE_AND_BRANCH(SlotForm, ImmForm, In, Fn, Branch)                                     \
  STENCILS_FROM_2(SlotForm, 0, 1, {                                                                \
    if (Fn(OPERAND(In, 0), OPERAND(In, 1)))                                                        \
      Branch(2);                                                                                   \
    NEXT();                                                                                        \
  })                                                                                               \
  STENCILS_FROM_1(ImmForm, 0, {                                                                    \
    if (Fn(OPERAND(In, 0), IMM_T(In, 1, 2))) {                                                     \
      if constexpr (sizeof(In) == 8)                                                               \
        Branch(3);                                                                                 \
      else                                                                                         \
        Branch(2);                                                                                 \
    }                                                                                              \
    NEXT();                                                                                        \
  })
#define INTERP_ICOMPARE(Name, In, Fn)                                                              \
  STENCILS_FROM_2(Name, 1, 2, {                                                                    \
    RESULT(uint32_t, Fn(OPERAND(In, 1), OPERAND(In, 2)));                                          \
    NEXT();                                                                                        \
  })                                                                                               \
  STENCILS_FROM_1(Name##Imm, 1, {                                                                  \
    RESULT(uint32_t, Fn(OPERAND(In, 1), IMM_T(In, 2, 3)));                                         \
    NEXT();                                                                                        \
  })                                                                                               \
  COMPARE_AND_BRANCH(BrIf##Name, BrIf##Name##Imm, In, Fn, JUMP)                                    \
  COMPARE_AND_BRANCH(BrIf##Name##Loop, BrIf##Name##ImmLoop, In, Fn, BACK_EDGE)                     \
  COMPARE_AND_BRANCH(BrIf##Name##Loop__uncounted, BrIf##Name##ImmLoop__uncounted, In, Fn,          \
                     BACK_EDGE_UNCOUNTED)
#define INTERP_SHIFT(Name, Fn)                                                                     \
  STENCIL(Name) {                                                                                  \
    put<sem::V128>(fp, SLOT(0), Fn(get<sem::V128>(fp, SLOT(1)), get<uint32_t>(fp, SLOT(2))));      \
    NEXT();                                                                                        \
  }
#define INTERP_TERNARY(Name, Fn)                                                                   \
  STENCIL(Name) {                                                                                  \
    put<sem::V128>(fp, SLOT(0),                                                                    \
                   Fn(get<sem::V128>(fp, SLOT(1)), get<sem::V128>(fp, SLOT(2)),                    \
                      get<sem::V128>(fp, SLOT(3))));                                               \
    NEXT();                                                                                        \
  }
#define INTERP_EXTRACT_LANE(Name, Out, Fn)                                                         \
  STENCIL(Name) {                                                                                  \
    put<Out>(fp, SLOT(0), Fn(get<sem::V128>(fp, SLOT(1)), IMM(2)));                                \
    NEXT();                                                                                        \
  }
#define INTERP_REPLACE_LANE(Name, In, Fn)                                                          \
  STENCIL(Name) {                                                                                  \
    put<sem::V128>(fp, SLOT(0), Fn(get<sem::V128>(fp, SLOT(1)), get<In>(fp, SLOT(2)), IMM(3)));    \
    NEXT();                                                                                        \
  }
#define INTERP_SCALAR_ROWS_ONLY
#include "NumericOps.def"
#undef REGISTER_VARIANTS
#define REGISTER_VARIANTS(...)
#include "SimdOps.def"
#undef INTERP_UNARY
#undef INTERP_UNARY_TRAP
#undef INTERP_BINARY
#undef INTERP_IBINARY
#undef INTERP_IBINARY_TRAP
#undef INTERP_ICOMPARE
#undef REGISTER_VARIANTS
#define REGISTER_VARIANTS(...) __VA_ARGS__

// Loads and stores (MemoryOps.def), four times. The checked stencils compare like the
// interpreter: the effective address is the u32 operand plus the u32 offset in 64 bits. The
// guarded ones (`guarded_` + the row's name) leave the check to the memory's guard region:
// the fault handler makes a fault in one return the instruction's trap exit from the chain,
// so they must not touch the stack pointer or, on aarch64, the link register
// (extract_stencils.py checks that), and must write nothing before the access that faults.
// Each mode comes twice: for offsets below 2^31, which x86-64 folds into the access as a
// (sign-extended) displacement, and for larger ones (`__wide`, without register variants),
// whose offset is loaded as the 32-bit value it is.
#define CHECKED_ADDRESS(addressSlot, offsetImm, bytes)                                             \
  uint64_t address = uint64_t(OPERAND(uint32_t, addressSlot)) + MEMORY_OFFSET(offsetImm);          \
  if (address + (bytes) > memSize) [[unlikely]]                                                    \
    TRAP(MemoryOutOfBounds)
#define STORE_PROBE(bytes)
#define MEMORY_OFFSET(k) uint64_t(uintptr_t(STRATA_IMM##k))
#define MEMORY_STENCILS_FROM_1(Name, k1, ...) STENCILS_FROM_1(Name, k1, __VA_ARGS__)
#define MEMORY_STENCILS_FROM_2(Name, k1, k2, ...) STENCILS_FROM_2(Name, k1, k2, __VA_ARGS__)
#include "MemoryStencils.inc"
#undef MEMORY_OFFSET
#undef MEMORY_STENCILS_FROM_1
#undef MEMORY_STENCILS_FROM_2
#define MEMORY_OFFSET(k) uint64_t(IMM(k))
#define MEMORY_STENCILS_FROM_1(Name, k1, ...) STENCIL_FROM(Name##__wide, -1, -1, __VA_ARGS__)
#define MEMORY_STENCILS_FROM_2(Name, k1, k2, ...) STENCIL_FROM(Name##__wide, -1, -1, __VA_ARGS__)
#include "MemoryStencils.inc"
#undef MEMORY_OFFSET
#undef MEMORY_STENCILS_FROM_1
#undef MEMORY_STENCILS_FROM_2
#undef CHECKED_ADDRESS
#undef STORE_PROBE

#define CHECKED_ADDRESS(addressSlot, offsetImm, bytes)                                             \
  uint64_t address = uint64_t(OPERAND(uint32_t, addressSlot)) + MEMORY_OFFSET(offsetImm);          \
  (void)memSize
// A store that straddles the end of memory writes nothing. x86-64 faults before writing a
// byte of one instruction's store; aarch64 may write the first page's part first, and a v128
// store may be two instructions: so such stores first read their last byte.
#if defined(__x86_64__)
#define STORE_PROBE(bytes)                                                                         \
  if constexpr ((bytes) > 8)                                                                       \
    (void)*reinterpret_cast<volatile uint8_t *>(memBase + address + (bytes) - 1)
#else
#define STORE_PROBE(bytes)                                                                         \
  if constexpr ((bytes) > 1)                                                                       \
    (void)*reinterpret_cast<volatile uint8_t *>(memBase + address + (bytes) - 1)
#endif
#define MEMORY_OFFSET(k) uint64_t(uintptr_t(STRATA_IMM##k))
#define MEMORY_STENCILS_FROM_1(Name, k1, ...) STENCILS_FROM_1(guarded_##Name, k1, __VA_ARGS__)
#define MEMORY_STENCILS_FROM_2(Name, k1, k2, ...)                                                  \
  STENCILS_FROM_2(guarded_##Name, k1, k2, __VA_ARGS__)
#include "MemoryStencils.inc"
#undef MEMORY_OFFSET
#undef MEMORY_STENCILS_FROM_1
#undef MEMORY_STENCILS_FROM_2
#define MEMORY_OFFSET(k) uint64_t(IMM(k))
#define MEMORY_STENCILS_FROM_1(Name, k1, ...)                                                      \
  STENCIL_FROM(guarded_##Name##__wide, -1, -1, __VA_ARGS__)
#define MEMORY_STENCILS_FROM_2(Name, k1, k2, ...)                                                  \
  STENCIL_FROM(guarded_##Name##__wide, -1, -1, __VA_ARGS__)
#include "MemoryStencils.inc"
#undef MEMORY_OFFSET
#undef MEMORY_STENCILS_FROM_1
#undef MEMORY_STENCILS_FROM_2
#undef CHECKED_ADDRESS
#undef STORE_PROBE

#include "InternalStencils.inc"
