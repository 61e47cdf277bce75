// The in-memory form of a WebAssembly module, as the Decoder builds it and the Validator
// completes it with per-function side information. Once validated it is immutable and shared
// (std::shared_ptr<const Module>) by every engine and instance. Depends on support/ and wasm/.
#pragma once

#include "strata/wasm/Instruction.h"
#include "strata/wasm/Types.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata::wasm {

enum class SectionId : uint8_t {
  Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6,
  Export = 7, Start = 8, Element = 9, Code = 10, Data = 11, DataCount = 12,
};
const char *toString(SectionId id);

/// A constant expression: its instructions without the final `end`.
struct ConstExpr {
  uint64_t offset = 0; // byte offset of the first instruction
  std::vector<Instruction> instructions;
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t funcTypeIndex = 0; // Func
  TableType table;            // Table
  MemoryType memory;          // Memory
  GlobalType global;          // Global
  uint64_t offset = 0;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init; // empty for imported globals
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t tableIndex = 0;
  ConstExpr offset; // Active only
  ValType elemType = ValType::FuncRef;
  std::vector<ConstExpr> items; // each yields one reference
  uint64_t byteOffset = 0;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active; // never Declarative
  uint32_t memoryIndex = 0;
  ConstExpr offset; // Active only
  uint64_t bytesOffset = 0; // the segment's bytes, as an offset into Module::bytes
  uint32_t size = 0;
  uint64_t byteOffset = 0;
};

struct LocalRun {
  uint32_t count;
  ValType type;
};

struct FunctionBody {
  std::vector<LocalRun> locals; // declared locals, as encoded
  uint64_t bodyOffset = 0;      // first byte of the body (its local declarations)
  uint64_t codeOffset = 0;      // first instruction
  uint64_t codeEnd = 0;         // one past the final `end`
};

/// Where a section sits in the binary (its id byte, and its payload).
struct SectionInfo {
  SectionId id;
  uint64_t offset = 0;        // the id byte
  uint64_t payloadOffset = 0; // after the size
  uint64_t payloadSize = 0;
};

struct CustomSection {
  std::string name;
  uint64_t payloadOffset = 0; // after the name
  uint64_t payloadSize = 0;
};

/// What the "name" custom section gave; missing entries are simply absent.
struct Names {
  std::optional<std::string> module;
  std::map<uint32_t, std::string> functions;
  std::map<uint32_t, std::map<uint32_t, std::string>> locals;
};

/// A block, loop or if of a function body, in the order of their opening opcodes. Heights are
/// in 64-bit slots above the locals (a v128 takes two): the operand at height h lives in frame
/// slot numLocalSlots + h.
struct ControlInfo {
  enum Kind : uint8_t { Block, Loop, If } kind = Block;
  uint64_t startOffset = 0; // the block/loop/if opcode
  uint64_t elseOffset = 0;  // the else opcode of an if, or 0
  uint64_t endOffset = 0;   // the matching end opcode
  uint32_t baseHeight = 0;  // operand height below the block's parameters
  uint32_t paramSlots = 0;
  uint32_t resultSlots = 0;
};

/// LoopInfo::parent of a loop no other loop encloses.
inline constexpr uint32_t kNoLoop = UINT32_MAX;

/// The state at a loop header, which OSR maps from interpreter frames to native code, and the
/// loop's place among the function's loops, which every tier's OSR and tiering use.
struct LoopInfo {
  uint32_t controlIndex = 0;          // into FunctionInfo::controls
  uint64_t offset = 0;                // the loop opcode
  std::vector<ValType> operandTypes;  // every live operand at the header, bottom first,
                                      // the loop's parameters last
  uint32_t height = 0;                // in slots, parameters included
  uint32_t parent = kNoLoop;          // the innermost loop enclosing this one
  uint32_t root = 0;                  // the outermost loop enclosing this one, or itself
};

/// A `call` of a defined function (not an import).
struct CallSite {
  uint64_t offset = 0; // the call opcode
  uint32_t callee = 0; // in the function index space
};

/// Per-function facts the validator proves.
struct FunctionInfo {
  std::vector<ValType> localTypes; // parameters, then declared locals
  uint32_t numLocalSlots = 0;
  uint32_t maxStackSlots = 0;      // maximum operand height in slots
  std::vector<ControlInfo> controls;
  std::vector<LoopInfo> loops;      // in code order, so a loop's parent comes before it
  std::vector<CallSite> calls;      // in code order
};

class Module {
public:
  std::vector<uint8_t> bytes; // the binary, which offsets point into

  std::vector<FuncType> types;
  std::vector<Import> imports;
  // Index spaces, imports first.
  std::vector<uint32_t> functionTypes; // type index of every function
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<Global> globals;
  uint32_t numImportedFunctions = 0;
  uint32_t numImportedTables = 0;
  uint32_t numImportedMemories = 0;
  uint32_t numImportedGlobals = 0;

  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elements;
  std::vector<DataSegment> data;
  std::optional<uint32_t> dataCount;
  std::vector<FunctionBody> code; // defined functions only
  std::vector<SectionInfo> sections; // in binary order
  std::vector<CustomSection> customSections;
  Names names;
  /// What tools call the module when its name section names none (its file's name, say);
  /// may be empty.
  std::string label;

  Features features;
  bool validated = false;
  std::vector<FunctionInfo> functionInfo; // per defined function, set by the validator

  uint32_t numFunctions() const { return uint32_t(functionTypes.size()); }
  uint32_t numDefinedFunctions() const { return uint32_t(code.size()); }
  bool isImportedFunction(uint32_t index) const { return index < numImportedFunctions; }
  const FuncType &functionType(uint32_t index) const { return types[functionTypes[index]]; }
  const FunctionBody &body(uint32_t functionIndex) const {
    return code[functionIndex - numImportedFunctions];
  }
  const FunctionInfo &info(uint32_t functionIndex) const {
    return functionInfo[functionIndex - numImportedFunctions];
  }
  /// The name section's module name, else the label.
  const std::string &displayName() const { return names.module ? *names.module : label; }
  /// The function's name from the name section, or "" when it has none.
  std::string functionName(uint32_t index) const;
  const Export *findExport(std::string_view name) const;
  uint64_t codeSize() const; // bytes of all function bodies
};

} // namespace strata::wasm
