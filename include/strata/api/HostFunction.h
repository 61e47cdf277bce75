// Binding C++ callables as host functions with typed signatures. The Wasm signature is derived
// from the callable's parameter and return types:
//   int32_t/uint32_t -> i32, int64_t/uint64_t -> i64, float -> f32, double -> f64,
//   runtime::V128 -> v128, FuncRef -> funcref, ExternRef -> externref;
//   return void, one of those, std::tuple<...> for several results, or Status / Expected<R>
//   to trap with the error's reason. An optional first parameter `Caller &` gives access to the
//   calling instance's memory.
#pragma once

#include "strata/api/Handles.h"
#include "strata/runtime/Function.h"

#include <array>
#include <cstring>
#include <utility>
#include <functional>
#include <tuple>
#include <type_traits>

namespace strata::api {

/// What a host function sees of its caller.
class Caller {
public:
  explicit Caller(runtime::HostCallContext &context) : context_(context) {}
  /// The calling instance's first memory; invalid when there is none.
  Memory memory() const { return Memory(context_.callerMemory()); }
  runtime::HostCallContext &context() const { return context_; }

private:
  runtime::HostCallContext &context_;
};

struct FuncRef {
  runtime::FunctionInstance *function = nullptr;
};
struct ExternRef {
  void *pointer = nullptr;
};

namespace detail {

template <typename T> struct WasmType;
template <> struct WasmType<int32_t> { static constexpr auto type = wasm::ValType::I32; };
template <> struct WasmType<uint32_t> { static constexpr auto type = wasm::ValType::I32; };
template <> struct WasmType<int64_t> { static constexpr auto type = wasm::ValType::I64; };
template <> struct WasmType<uint64_t> { static constexpr auto type = wasm::ValType::I64; };
template <> struct WasmType<float> { static constexpr auto type = wasm::ValType::F32; };
template <> struct WasmType<double> { static constexpr auto type = wasm::ValType::F64; };
template <> struct WasmType<runtime::V128> { static constexpr auto type = wasm::ValType::V128; };
template <> struct WasmType<FuncRef> { static constexpr auto type = wasm::ValType::FuncRef; };
template <> struct WasmType<ExternRef> { static constexpr auto type = wasm::ValType::ExternRef; };

template <typename T> T fromSlots(const uint64_t *slots) {
  if constexpr (std::is_same_v<T, runtime::V128>)
    return runtime::V128{slots[0], slots[1]};
  else if constexpr (std::is_same_v<T, FuncRef>)
    return FuncRef{runtime::toFunction(slots[0])};
  else if constexpr (std::is_same_v<T, ExternRef>)
    return ExternRef{reinterpret_cast<void *>(uintptr_t(slots[0]))};
  else {
    T value;
    std::memcpy(&value, slots, sizeof(T)); // little-endian: the low bytes of the slot
    return value;
  }
}

template <typename T> void toSlots(const T &value, uint64_t *slots) {
  if constexpr (std::is_same_v<T, runtime::V128>) {
    slots[0] = value.low;
    slots[1] = value.high;
  } else if constexpr (std::is_same_v<T, FuncRef>) {
    slots[0] = runtime::toRef(value.function);
  } else if constexpr (std::is_same_v<T, ExternRef>) {
    slots[0] = runtime::Ref(uintptr_t(value.pointer));
  } else {
    slots[0] = 0;
    std::memcpy(slots, &value, sizeof(T));
  }
}

template <typename T> constexpr unsigned slotsOf() {
  return std::is_same_v<T, runtime::V128> ? 2 : 1;
}

template <typename R> struct Results {
  static void types(std::vector<wasm::ValType> &out) { out.push_back(WasmType<R>::type); }
  static void store(const R &value, uint64_t *slots) { toSlots(value, slots); }
};
template <> struct Results<void> {
  static void types(std::vector<wasm::ValType> &) {}
};
template <> struct Results<Status> {
  static void types(std::vector<wasm::ValType> &) {}
};
template <typename... Rs> struct Results<std::tuple<Rs...>> {
  static void types(std::vector<wasm::ValType> &out) { (out.push_back(WasmType<Rs>::type), ...); }
  static void store(const std::tuple<Rs...> &values, uint64_t *slots) {
    std::apply(
        [&](const Rs &...v) {
          unsigned at = 0;
          ((toSlots(v, slots + at), at += slotsOf<Rs>()), ...);
        },
        values);
  }
};

template <typename T> struct Unwrap {
  using type = T;
  static constexpr bool isExpected = false;
};
template <typename T> struct Unwrap<Expected<T>> {
  using type = T;
  static constexpr bool isExpected = true;
};

template <typename Signature> struct Binder;

template <typename R, typename... Args> struct Binder<R(Args...)> {
  static constexpr bool takesCaller =
      sizeof...(Args) > 0 && std::is_same_v<std::tuple_element_t<0, std::tuple<Args..., void>>,
                                            Caller &>;

  template <typename... Ps> static void paramTypes(std::vector<wasm::ValType> &out) {
    (out.push_back(WasmType<std::decay_t<Ps>>::type), ...);
  }

  template <typename... Ps, size_t... I>
  static std::tuple<Ps...> readArgs([[maybe_unused]] const uint64_t *slots,
                                    std::index_sequence<I...>) {
    constexpr unsigned sizes[] = {slotsOf<Ps>()..., 0};
    [[maybe_unused]] constexpr auto offsets = [&] {
      std::array<unsigned, sizeof...(Ps) + 1> at{};
      for (size_t i = 0; i < sizeof...(Ps); ++i)
        at[i + 1] = at[i] + sizes[i];
      return at;
    }();
    return {fromSlots<Ps>(slots + offsets[I])...};
  }

  template <typename F, typename... Ps>
  static runtime::CallStatus invoke(F &f, runtime::HostCallContext &context,
                                    std::span<uint64_t> slots, Caller *caller) {
    // Read every argument before any result overwrites the shared slots.
    std::tuple<std::decay_t<Ps>...> args =
        readArgs<std::decay_t<Ps>...>(slots.data(), std::index_sequence_for<Ps...>{});
    auto callIt = [&]() -> decltype(auto) {
      if constexpr (takesCaller)
        return std::apply([&](auto &...a) -> R { return f(*caller, a...); }, args);
      else
        return std::apply([&](auto &...a) -> R { return f(a...); }, args);
    };
    using Plain = typename Unwrap<R>::type;
    if constexpr (std::is_same_v<R, Status>) {
      Status status = callIt();
      if (!status)
        return runtime::Trap(runtime::TrapKind::HostError, status.error().reason());
    } else if constexpr (Unwrap<R>::isExpected) {
      R result = callIt();
      if (!result)
        return runtime::Trap(runtime::TrapKind::HostError, result.error().reason());
      if constexpr (!std::is_void_v<Plain>)
        Results<Plain>::store(*result, slots.data());
    } else if constexpr (std::is_void_v<R>) {
      callIt();
    } else {
      Results<R>::store(callIt(), slots.data());
    }
    return {};
  }
};

template <typename... Ps> struct ParamPack {};

template <typename T> struct CallableSignature
    : CallableSignature<decltype(&std::decay_t<T>::operator())> {};
template <typename C, typename R, typename... Args>
struct CallableSignature<R (C::*)(Args...) const> {
  using type = R(Args...);
};
template <typename C, typename R, typename... Args> struct CallableSignature<R (C::*)(Args...)> {
  using type = R(Args...);
};
template <typename R, typename... Args> struct CallableSignature<R (*)(Args...)> {
  using type = R(Args...);
};
template <typename R, typename... Args> struct CallableSignature<R(Args...)> {
  using type = R(Args...);
};

template <typename R, typename... Args> struct Binding;
template <typename R, typename... Args> struct Binding<R(Args...)> {
  template <typename F>
  static void build(F f, wasm::FuncType &type, runtime::HostCallback &callback) {
    using B = Binder<R(Args...)>;
    if constexpr (B::takesCaller)
      buildWith<F, true>(std::move(f), type, callback, ParamsAfterCaller<Args...>{});
    else
      buildWith<F, false>(std::move(f), type, callback, ParamPack<Args...>{});
  }

private:
  template <typename First, typename... Rest> struct ParamsAfterCallerImpl {
    using type = ParamPack<Rest...>;
  };
  template <typename... As> using ParamsAfterCaller = typename ParamsAfterCallerImpl<As...>::type;

  template <typename F, bool WithCaller, typename... Ps>
  static void buildWith(F f, wasm::FuncType &type, runtime::HostCallback &callback,
                        ParamPack<Ps...>) {
    Binder<R(Args...)>::template paramTypes<Ps...>(type.params);
    Results<typename Unwrap<R>::type>::types(type.results);
    callback = [f = std::move(f)](runtime::HostCallContext &context,
                                  std::span<uint64_t> slots) mutable -> runtime::CallStatus {
      Caller caller(context);
      return Binder<R(Args...)>::template invoke<F, Ps...>(f, context, slots,
                                                           WithCaller ? &caller : nullptr);
    };
  }
};

} // namespace detail

/// The Wasm type and slot-level callback for a C++ callable (see the header comment).
template <typename F>
void bindHostFunction(F f, wasm::FuncType &type, runtime::HostCallback &callback) {
  using Signature = typename detail::CallableSignature<F>::type;
  detail::Binding<Signature>::build(std::move(f), type, callback);
}

} // namespace strata::api
