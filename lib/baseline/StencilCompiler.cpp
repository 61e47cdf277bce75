#include "StencilCompiler.h"

#include "Op.h"
#include "ResultRegister.h"
#include "SimdSemantics.h"
#include "Slots.h"

#include "strata/native/PerfSupport.h"
#include "strata/runtime/Instance.h"
#include "strata/runtime/Memory.h"
#include "strata/runtime/Trap.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace strata::baseline {

using interp::Op;

namespace {

const Stencil *findStencil(std::string_view name) {
  static const std::unordered_map<std::string_view, const Stencil *> kByName = [] {
    std::unordered_map<std::string_view, const Stencil *> byName;
    for (size_t i = 0; i < kStencilEntryCount; ++i)
      byName.emplace(kStencilEntries[i].name, &kStencilEntries[i].stencil);
    return byName;
  }();
  auto it = kByName.find(name);
  return it != kByName.end() ? it->second : nullptr;
}

/// By Op, the result register its stencils leave the result in: the rows whose stencils write
/// through RESULT (Stencils.cpp, MemoryStencils.inc, InternalStencils.inc), with
/// ResultRegister.h's rule for the result's type.
std::vector<ResultRegister> resultRegisters() {
  namespace sem = interp::sem;
  std::vector<ResultRegister> inRegister(interp::kOpCount, ResultRegister::None);
#define MARK(Name, Out) inRegister[unsigned(Op::Name)] = kResultRegister<Out>;
#define INTERP_UNARY(Name, In, Out, Fn) MARK(Name, Out)
#define INTERP_UNARY_TRAP(Name, In, Out, Fn) MARK(Name, Out)
#define INTERP_BINARY(Name, In, Out, Fn) MARK(Name, Out)
#define INTERP_IBINARY(Name, In, Out, Fn) MARK(Name, Out) MARK(Name##Imm, Out)
#define INTERP_IBINARY_TRAP(Name, In, Out, Fn) MARK(Name, Out) MARK(Name##Imm, Out)
#define INTERP_ICOMPARE(Name, In, Fn) MARK(Name, uint32_t) MARK(Name##Imm, uint32_t)
#include "NumericOps.def"
#define INTERP_LOAD(Name, Mem, Out) MARK(Name, Out)
#include "MemoryOps.def"
  MARK(Copy, uint64_t)
  MARK(Const32, uint32_t)
  MARK(Const64, uint64_t)
  MARK(GlobalGet, uint64_t)
#undef MARK
  return inRegister;
}

/// By Op, the operand word holding a load's or store's offset (CHECKED_ADDRESS in
/// MemoryStencils.inc), or kNoOffset.
constexpr uint8_t kNoOffset = 0xFF;
std::vector<uint8_t> offsetOperands() {
  std::vector<uint8_t> offsets(interp::kOpCount, kNoOffset);
#define INTERP_LOAD(Name, Mem, Out) offsets[unsigned(Op::Name)] = 2;
#define INTERP_STORE(Name, In, Mem) offsets[unsigned(Op::Name)] = 2;
#define INTERP_LOAD_VECTOR(Name, Bytes, Fn) offsets[unsigned(Op::Name)] = 2;
#define INTERP_LOAD_LANE(Name, Lane) offsets[unsigned(Op::Name)] = 3;
#define INTERP_STORE_LANE(Name, Lane) offsets[unsigned(Op::Name)] = 2;
#include "MemoryOps.def"
  return offsets;
}

bool hasExternalBranches(const Stencil &stencil) {
  for (uint32_t i = 0; i < stencil.numHoles; ++i)
    if (stencil.holes[i].value == HoleValue::External &&
        (stencil.holes[i].patch == Patch::Rel32 || stencil.holes[i].patch == Patch::Branch26))
      return true;
  return false;
}

#if defined(__x86_64__)
// jmp *0(%rip), then the address.
constexpr uint8_t kVeneer[] = {0xFF, 0x25, 0, 0, 0, 0};
#elif defined(__aarch64__)
// ldr x16, #8; br x16, then the address.
constexpr uint8_t kVeneer[] = {0x50, 0x00, 0x00, 0x58, 0x00, 0x02, 0x1F, 0xD6};
#endif
constexpr uint32_t kVeneerBytes = sizeof kVeneer + 8;

uint32_t read32(const uint8_t *at) {
  uint32_t value;
  std::memcpy(&value, at, 4);
  return value;
}
void write32(uint8_t *at, uint32_t value) { std::memcpy(at, &value, 4); }

/// Writes `value` (S + A) into the hole at `at`; false when it does not fit.
bool patch(uint8_t *at, Patch kind, uint64_t value) {
  int64_t delta = int64_t(value - uint64_t(uintptr_t(at)));
  switch (kind) {
  case Patch::Abs32:
    write32(at, uint32_t(value));
    return true;
  case Patch::Abs64:
    std::memcpy(at, &value, 8);
    return true;
  case Patch::Rel32:
    if (delta != int64_t(int32_t(delta)))
      return false;
    write32(at, uint32_t(int32_t(delta)));
    return true;
  case Patch::MovwG0:
  case Patch::MovwG1:
  case Patch::MovwG2:
  case Patch::MovwG3: {
    unsigned shift = 16 * (unsigned(kind) - unsigned(Patch::MovwG0));
    uint32_t imm = uint32_t(value >> shift) & 0xFFFF;
    write32(at, (read32(at) & ~(0xFFFFu << 5)) | imm << 5);
    return true;
  }
  case Patch::Branch26:
    if (delta < -(int64_t(1) << 27) || delta >= (int64_t(1) << 27))
      return false;
    write32(at, (read32(at) & 0xFC000000u) | (uint32_t(delta >> 2) & 0x03FFFFFFu));
    return true;
  case Patch::Branch19:
    if (delta < -(int64_t(1) << 20) || delta >= (int64_t(1) << 20))
      return false;
    write32(at, (read32(at) & ~(0x7FFFFu << 5)) | (uint32_t(delta >> 2) & 0x7FFFFu) << 5);
    return true;
  }
  return false;
}

} // namespace

StencilCompiler::StencilCompiler(bool guardPages, bool tierAbove)
    : guardPages_(guardPages), boundsChecks_(guardPages) {
  stencils_.resize(interp::kOpCount);
  guarded_.resize(interp::kOpCount);
  branchesToHost_.resize(interp::kOpCount);
  fromRegister_.resize(interp::kOpCount);
  resultRegister_ = resultRegisters();
  targetOperands_.resize(interp::kOpCount);
  offsetOperand_ = offsetOperands();
  wide_.resize(interp::kOpCount);
  std::vector<uintptr_t> handlers;
  for (unsigned op = 0; op < interp::kOpCount; ++op) {
    std::string name = interp::opName(Op(op));
    if (!tierAbove && findStencil(name + "__uncounted"))
      name += "__uncounted";
    const Stencil *guarded = guardPages ? findStencil("guarded_" + name) : nullptr;
    if (guarded && offsetOperand_[op] != kNoOffset && !findStencil("guarded_" + name + "__wide"))
      guarded = nullptr; // both offset forms guarded, or neither
    guarded_[op] = guarded != nullptr;
    stencils_[op] = guarded ? guarded : findStencil(name);
    branchesToHost_[op] = stencils_[op] && hasExternalBranches(*stencils_[op]);
    if (offsetOperand_[op] != kNoOffset) {
      wide_[op] = findStencil((guarded ? "guarded_" : "") + name + "__wide");
      if (wide_[op] && hasExternalBranches(*wide_[op]))
        branchesToHost_[op] = true;
    }
    if (stencils_[op]) {
      for (uint32_t i = 0; i < stencils_[op]->numHoles; ++i)
        if (stencils_[op]->holes[i].value == HoleValue::Target)
          targetOperands_[op] |= uint8_t(1u << stencils_[op]->holes[i].index);
      // A guarded stencil's variants are guarded too: the extractor may have dropped one.
      for (unsigned kind = 0; kind < 2; ++kind)
        for (unsigned k = 0; k < kRegisterOperands; ++k) {
          const Stencil *variant = findStencil((guarded ? "guarded_" : "") + name +
                                               (kind ? "__f" : "__r") + std::to_string(k));
          fromRegister_[op][kind * kRegisterOperands + k] = variant;
          if (variant && hasExternalBranches(*variant))
            branchesToHost_[op] = true;
        }
    }
    handlers.push_back(reinterpret_cast<uintptr_t>(interp::handlerAddress(Op(op))));
  }
  std::sort(handlers.begin(), handlers.end());
  handlers.erase(std::unique(handlers.begin(), handlers.end()), handlers.end());
  uintptr_t closest = UINTPTR_MAX;
  for (size_t i = 1; i < handlers.size(); ++i)
    closest = std::min(closest, handlers[i] - handlers[i - 1]);
  while (handlerShift_ < 16 && (uintptr_t(2) << handlerShift_) <= closest)
    ++handlerShift_;
  lowestHandler_ = handlers.front();
  opByHandler_.assign(((handlers.back() - lowestHandler_) >> handlerShift_) + 1, kNoOp);
  for (unsigned op = 0; op < interp::kOpCount; ++op) {
    uint16_t &entry = opByHandler_[(reinterpret_cast<uintptr_t>(interp::handlerAddress(Op(op))) -
                                    lowestHandler_) >>
                                   handlerShift_];
    if (entry == kNoOp) // instructions sharing a handler: the first one names it
      entry = uint16_t(op);
  }
  for (const ExternalSymbol *symbol = kExternalSymbols; symbol->name; ++symbol)
    externals_.push_back(symbol->address);
  if (const Stencil *enter = findStencil("enter"); enter && enter->numHoles == 0) {
    if (uint8_t *code = arena_.allocate(enter->size)) {
      std::memcpy(code, enter->code, enter->size);
      CodeArena::publish(code, enter->size);
      enter_ = reinterpret_cast<interp::FrameCode::Enter>(code);
    }
  }
}

StencilCompiler::~StencilCompiler() {
  for (auto &[handle, sites] : faultSites_)
    native::unregisterFaultReturns(handle);
}

namespace {
bool allMemoriesGuarded(const runtime::ModuleInstance &instance) {
  for (const runtime::MemoryInstance *memory : instance.memories())
    if (!memory->hasGuardRegion())
      return false;
  return true;
}
} // namespace

bool StencilCompiler::attach(const runtime::ModuleInstance &instance) {
  if (!boundsChecks_.guardPagesFor(instance)) // counted: explicit checks or a fallback
    return !guardPages_;
  native::installGuardPageHandler();
  for (const runtime::MemoryInstance *memory : instance.memories())
    native::registerGuardedMemory(memory);
  return true;
}

void StencilCompiler::detach(const runtime::ModuleInstance &instance) {
  if (!guardPages_ || !allMemoriesGuarded(instance))
    return;
  for (const runtime::MemoryInstance *memory : instance.memories())
    native::unregisterGuardedMemory(memory);
}

uint16_t StencilCompiler::opOf(const void *handler) const {
  uintptr_t at = reinterpret_cast<uintptr_t>(handler) - lowestHandler_;
  size_t index = at >> handlerShift_;
  if (index >= opByHandler_.size())
    return kNoOp;
  uint16_t op = opByHandler_[index];
  return op != kNoOp && interp::handlerAddress(Op(op)) == handler ? op : kNoOp;
}

/// Where each part of a function's native code goes: one stencil per instruction, then its
/// jump tables, the stencils' read-only data and the veneers to host functions.
struct StencilCompiler::Layout {
  std::vector<uint16_t> ops;             // each instruction's, in code order
  std::vector<const Stencil *> stencils; // parallel to ops: the stencil or variant copied
  std::vector<uint8_t> landing;          // by code offset: a branch target or a resume point
  std::vector<uint32_t> afterCalls;      // the code offsets calls return to
  std::vector<uint32_t> nativeAt;        // by interpreter code offset
  std::vector<const Stencil *> dataOf;
  std::vector<uint32_t> dataAt;                    // parallel to dataOf
  std::vector<uint32_t> veneerAt;                  // by external index, ~0 when none
  std::vector<native::FaultReturnSite> faultSites; // the guarded accesses, in code order
  uint32_t codeBytes = 0;
  uint32_t tablesAt = 0;
  uint32_t totalBytes = 0;
};

Expected<std::unique_ptr<const interp::FrameCode>>
StencilCompiler::compile(const wasm::Module &module, const interp::CompiledFunction &function) {
  thread_local Layout layout; // its vectors' capacity carries over
  auto native = compileWith(function, layout);
  if (native && native::perfWanted()) {
    auto begin = reinterpret_cast<uintptr_t>((*native)->code);
    native::NativeFunctionCode code{begin, begin + (*native)->codeSize, function.index, &module};
    code.tier = "baseline";
    native::announceToPerf({&code, 1});
  }
  return native;
}

Expected<std::unique_ptr<const interp::FrameCode>>
StencilCompiler::compileListed(const interp::CompiledFunction &function,
                               std::vector<Placed> &placed, uint32_t &instructionBytes) {
  Layout layout;
  auto native = compileWith(function, layout);
  if (!native)
    return native;
  placed.clear();
  const std::vector<uint32_t> &code = function.code;
  for (size_t at = 0, i = 0; at < code.size(); ++i) {
    const auto &variants = fromRegister_[layout.ops[i]];
    auto variant = std::find(variants.begin(), variants.end(), layout.stencils[i]);
    int index = variant == variants.end() ? -1 : int(variant - variants.begin());
    placed.push_back({uint32_t(at), layout.ops[i], layout.nativeAt[at],
                      index < 0 ? -1 : index % int(kRegisterOperands),
                      index >= int(kRegisterOperands)});
    at += interp::kHandlerWords + interp::operandWords(Op(layout.ops[i]), &code[at]);
  }
  instructionBytes = layout.codeBytes;
  return native;
}

Expected<std::unique_ptr<const interp::FrameCode>>
StencilCompiler::compileWith(const interp::CompiledFunction &function, Layout &layout) {
  auto start = std::chrono::steady_clock::now();
  if (!enter_)
    return Error("baseline: no executable memory for the entry stencil");
  const std::vector<uint32_t> &code = function.code;
  const Stencil *trailer = stencils_[unsigned(Op::Unreachable)];

  // Pass 1: the layout. An instruction that reads the slot its predecessor just wrote takes
  // it from the result register it is in (ResultRegister.h), unless control can land on it from
  // elsewhere: a branch target, a loop header, the function's entry, or the return from a call
  // (the dispatch loop resumes native code only at those). Forward targets are marked before
  // the scan reaches them; backward ones are loop headers.
  bool landsUnmarked = false; // a backward branch to a position not marked: no variants then
  auto markTarget = [&](size_t word, size_t at) {
    size_t target = size_t(int64_t(word) + int32_t(code[word]));
    if (target > at)
      layout.landing[target] = 1;
    else if (!layout.landing[target])
      landsUnmarked = true;
  };
  const uint64_t trapExit = uint64_t(uint32_t(runtime::TrapKind::MemoryOutOfBounds) + 1) << 32;
  uint32_t offset = 0, tableEntries = 0;
  auto note = [&](const Stencil &stencil, bool branchesToHost) {
    if (stencil.dataSize &&
        std::find(layout.dataOf.begin(), layout.dataOf.end(), &stencil) == layout.dataOf.end())
      layout.dataOf.push_back(&stencil);
    if (branchesToHost)
      for (uint32_t i = 0; i < stencil.numHoles; ++i)
        if (stencil.holes[i].value == HoleValue::External)
          layout.veneerAt[stencil.holes[i].index] = 0;
  };
  for (bool variants = true;; variants = false) {
    layout.ops.clear();
    layout.stencils.clear();
    layout.landing.assign(code.size() + 1, 0);
    layout.landing[0] = 1;
    for (const interp::LoopHeader &loop : function.loops)
      layout.landing[loop.codeOffset] = 1;
    layout.nativeAt.assign(code.size() + 1, 0);
    layout.dataOf.clear();
    layout.dataAt.clear();
    layout.veneerAt.assign(externals_.size(), ~0u);
    layout.faultSites.clear();
    layout.afterCalls.clear();
    landsUnmarked = false;
    offset = tableEntries = 0;
    constexpr uint32_t kNoSlot = ~0u;
    uint32_t slotInRegister = kNoSlot;
    unsigned registerKind = 0; // of the slot in a register: 0 integer, 1 float
    for (size_t at = 0; at < code.size();) {
      uint16_t op = opOf(interp::handlerAt(&code[at]));
      if (op == kNoOp || !stencils_[op])
        return Error("baseline: no stencil for the instruction at code offset " +
                     std::to_string(at) + " of function " + std::to_string(function.index));
      const uint32_t *operands = &code[at + interp::kHandlerWords];
      for (unsigned mask = targetOperands_[op], k = 0; mask; mask >>= 1, ++k)
        if (mask & 1)
          markTarget(at + interp::kHandlerWords + k, at);
      if (Op(op) == Op::BrTable)
        for (uint32_t i = 0; i <= operands[1]; ++i)
          markTarget(at + interp::kHandlerWords + 2 + i, at);
      const Stencil *chosen = stencils_[op];
      if (variants && slotInRegister != kNoSlot && !layout.landing[at])
        for (unsigned k = 0; k < kRegisterOperands; ++k)
          if (const Stencil *variant = fromRegister_[op][registerKind * kRegisterOperands + k];
              variant && operands[k] == slotInRegister) {
            chosen = variant;
            break;
          }
      if (offsetOperand_[op] != kNoOffset && operands[offsetOperand_[op]] >= 0x80000000u) {
        if (!wide_[op])
          return Error("baseline: no stencil for the offset of the instruction at code offset " +
                       std::to_string(at) + " of function " + std::to_string(function.index));
        chosen = wide_[op];
      }
      slotInRegister = resultRegister_[op] != ResultRegister::None ? operands[0] : kNoSlot;
      registerKind = resultRegister_[op] == ResultRegister::Float;
      const Stencil &stencil = *chosen;
      layout.ops.push_back(op);
      layout.stencils.push_back(chosen);
      layout.nativeAt[at] = offset;
      if (guarded_[op]) // its fault returns the instruction's trap exit (Stencils.cpp)
        layout.faultSites.push_back({offset, offset + stencil.size, trapExit | at});
      offset += stencil.size;
      if (Op(op) == Op::BrTable)
        tableEntries += operands[1] + 1;
      if (stencil.dataSize || branchesToHost_[op])
        note(stencil, branchesToHost_[op]);
      at += interp::kHandlerWords + interp::operandWords(Op(op), &code[at]);
      if (Op(op) == Op::Call || Op(op) == Op::CallIndirect) {
        layout.landing[at] = 1;
        layout.afterCalls.push_back(uint32_t(at));
      }
    }
    if (!landsUnmarked || !variants)
      break;
  }
  layout.nativeAt[code.size()] = offset;
  offset += trailer->size; // never reached: the translator ends every function with a return
  note(*trailer, branchesToHost_[unsigned(Op::Unreachable)]);
  layout.codeBytes = offset;
  offset = (offset + 15) & ~15u;
  layout.tablesAt = offset;
  offset += tableEntries * 8;
  for (const Stencil *stencil : layout.dataOf) {
    offset = (offset + 15) & ~15u;
    layout.dataAt.push_back(offset);
    offset += stencil->dataSize;
  }
  offset = (offset + 15) & ~15u;
  for (uint32_t &at : layout.veneerAt)
    if (at == 0) {
      at = offset;
      offset += kVeneerBytes;
    }
  layout.totalBytes = offset;

  uint8_t *base = arena_.allocate(layout.totalBytes);
  if (!base)
    return Error("baseline: no executable memory for function " + std::to_string(function.index));

  // Pass 2: copy and patch.
  for (size_t i = 0; i < externals_.size(); ++i)
    if (layout.veneerAt[i] != ~0u) {
      uint8_t *veneer = base + layout.veneerAt[i];
      std::memcpy(veneer, kVeneer, sizeof kVeneer);
      uint64_t address = uint64_t(uintptr_t(externals_[i]));
      std::memcpy(veneer + sizeof kVeneer, &address, 8);
    }
  for (size_t i = 0; i < layout.dataOf.size(); ++i)
    std::memcpy(base + layout.dataAt[i], layout.dataOf[i]->data, layout.dataOf[i]->dataSize);
  uint32_t tableAt = layout.tablesAt;
  auto emit = [&](const Stencil &stencil, size_t at, const uint32_t *operands) -> Status {
    uint8_t *out = base + layout.nativeAt[at];
    std::memcpy(out, stencil.code, stencil.size);
    uint64_t table = uint64_t(uintptr_t(base + tableAt));
    for (uint32_t h = 0; h < stencil.numHoles; ++h) {
      const Hole &hole = stencil.holes[h];
      uint64_t value = 0;
      switch (hole.value) {
      case HoleValue::Slot:
        value = uint64_t(operands[hole.index]) * 8;
        break;
      case HoleValue::Imm: // a 64-bit hole takes two words, low first
        value = hole.patch == Patch::Abs64
                    ? operands[hole.index] | uint64_t(operands[hole.index + 1]) << 32
                    : operands[hole.index];
        break;
      case HoleValue::Target: {
        size_t word = size_t(&operands[hole.index] - code.data());
        size_t target = size_t(int64_t(word) + int32_t(operands[hole.index]));
        value = uint64_t(uintptr_t(base + layout.nativeAt[target]));
        break;
      }
      case HoleValue::CodeOffset:
        value = at;
        break;
      case HoleValue::Continue:
        value = uint64_t(uintptr_t(out + stencil.size));
        break;
      case HoleValue::Addr:
        value = table;
        break;
      case HoleValue::AddrLo:
        value = uint32_t(table);
        break;
      case HoleValue::AddrHi:
        value = uint32_t(table >> 32);
        break;

      case HoleValue::Data: {
        size_t index = size_t(std::find(layout.dataOf.begin(), layout.dataOf.end(), &stencil) -
                              layout.dataOf.begin());
        value = uint64_t(uintptr_t(base + layout.dataAt[index]));
        break;
      }
      case HoleValue::External:
        value = hole.patch == Patch::Rel32 || hole.patch == Patch::Branch26
                    ? uint64_t(uintptr_t(base + layout.veneerAt[hole.index]))
                    : uint64_t(uintptr_t(externals_[hole.index]));
        break;
      }
      if (!patch(out + hole.offset, hole.patch, value + uint64_t(hole.addend)))
        return Error("baseline: a hole out of range at code offset " + std::to_string(at) +
                     " of function " + std::to_string(function.index));
    }
    return Status::ok();
  };
  for (size_t at = 0, i = 0; at < code.size(); ++i) {
    Op op = Op(layout.ops[i]);
    const uint32_t *operands = &code[at + interp::kHandlerWords];
    if (Status status = emit(*layout.stencils[i], at, operands); !status)
      return status.takeError();
    if (op == Op::BrTable) {
      uint32_t count = operands[1];
      for (uint32_t i = 0; i <= count; ++i) {
        size_t word = at + interp::kHandlerWords + 2 + i;
        size_t target = size_t(int64_t(word) + int32_t(code[word]));
        uint64_t address = uint64_t(uintptr_t(base + layout.nativeAt[target]));
        std::memcpy(base + tableAt + 8 * i, &address, 8);
      }
      tableAt += 8 * (count + 1);
    }
    at += interp::kHandlerWords + interp::operandWords(op, &code[at]);
  }
  if (Status status = emit(*trailer, code.size(), nullptr); !status)
    return status.takeError();
  CodeArena::publish(base, layout.totalBytes);

  if (!layout.faultSites.empty()) {
    size_t count = layout.faultSites.size();
    auto sites = std::make_unique<native::FaultReturnSite[]>(count);
    std::copy(layout.faultSites.begin(), layout.faultSites.end(), sites.get());
    native::FaultReturnsHandle handle =
        native::registerFaultReturns(base, layout.codeBytes, sites.get(), uint32_t(count));
    std::lock_guard lock(faultSitesMutex_);
    faultSites_.emplace_back(handle, std::move(sites));
  }

  auto native = std::make_unique<interp::FrameCode>();
  native->enter = enter_;
  native->code = base;
  native->codeSize = layout.totalBytes;
  auto addResumePoint = [&](uint32_t at) {
    native->resumePoints.push_back({at, layout.nativeAt[at]});
  };
  addResumePoint(0);
  for (const interp::LoopHeader &loop : function.loops)
    addResumePoint(loop.codeOffset);
  for (uint32_t at : layout.afterCalls)
    addResumePoint(at);
  std::sort(native->resumePoints.begin(), native->resumePoints.end(),
            [](const auto &a, const auto &b) { return a.codeOffset < b.codeOffset; });
  native->resumePoints.erase(
      std::unique(native->resumePoints.begin(), native->resumePoints.end(),
                  [](const auto &a, const auto &b) { return a.codeOffset == b.codeOffset; }),
      native->resumePoints.end());

  codeBytes_.fetch_add(layout.totalBytes, std::memory_order_relaxed);
  nanoseconds_.fetch_add(uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::steady_clock::now() - start)
                                      .count()),
                         std::memory_order_relaxed);
  return std::unique_ptr<const interp::FrameCode>(std::move(native));
}

} // namespace strata::baseline
