// WebAssembly types: value types, function types, limits, table/memory/global types, and the
// feature set. Depends on the standard library only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::wasm {

/// Value types, numbered by their binary encoding.
enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
};

inline bool isNumType(ValType t) {
  return t == ValType::I32 || t == ValType::I64 || t == ValType::F32 || t == ValType::F64;
}
inline bool isRefType(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
/// Interpreter frames give every value one 64-bit slot and a v128 two.
inline unsigned slotCount(ValType t) { return t == ValType::V128 ? 2 : 1; }
/// The slots of a sequence of values (locals, or operands from the bottom up).
inline unsigned slotCount(const std::vector<ValType> &types) {
  unsigned slots = 0;
  for (ValType t : types)
    slots += slotCount(t);
  return slots;
}
/// True when `byte` encodes a value type.
bool isValTypeByte(uint8_t byte);
const char *toString(ValType t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;

  bool operator==(const FuncType &) const = default;
  /// "(i32, i64) -> (f32)".
  std::string toString() const;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;

  bool operator==(const Limits &) const = default;
  /// Import matching: `*this` (the provided entity) fits within `required`.
  bool isSubtypeOf(const Limits &required) const;
};

struct TableType {
  ValType elemType = ValType::FuncRef;
  Limits limits;
  bool operator==(const TableType &) const = default;
};

struct MemoryType {
  Limits limits; // in 64 KiB pages
  bool operator==(const MemoryType &) const = default;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;
  bool operator==(const GlobalType &) const = default;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char *toString(ExternKind kind);

constexpr uint32_t kPageSize = 65536;
constexpr uint32_t kMaxPages = 65536; // 4 GiB for a 32-bit memory
constexpr uint64_t kMaxTableSize = 0xffffffffu;

/// Optional parts of the language; the default is exactly WebAssembly 2.0.
struct Features {
  bool simd = true;
  bool bulkMemory = true;
  bool referenceTypes = true;
  bool multiValue = true;
  bool signExtension = true;
  bool saturatingConversions = true;
  bool mutableGlobals = true;
  bool multiMemory = false; // beyond 2.0: more than one memory per module

  bool operator==(const Features &) const = default;
};


} // namespace strata::wasm
