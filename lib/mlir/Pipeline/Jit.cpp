// The process-wide ORC LLJIT that compileToNative (CompileToNative.cpp) links objects into.
// Every compiled unit gets its own JITDylib, so the wasm_f<N> of different modules never
// clash, and the JITDylib goes away with its NativeCode. The strata_rt_* functions are
// absolute symbols of one shared JITDylib, bound by the library that defines them. The JIT
// itself is thread-safe; the little state around it is behind a mutex.
#include "JitMemory.h"
#include "Pipeline.h"

#include "strata/native/CodeMap.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ExecutionEngine/Orc/Debugging/DebuggerSupport.h"
#include "llvm/ExecutionEngine/Orc/EPCEHFrameRegistrar.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/Object/SymbolSize.h"
#include "llvm/Support/MemoryBuffer.h"

#include <atomic>
#include <map>
#include <mutex>

namespace strata::mlirtier {

namespace {
namespace orc = llvm::orc;

Error jitError(const char *what, llvm::Error error) {
  return Error(std::string(what) + ": " + llvm::toString(std::move(error)));
}

/// The process-wide JIT and the runtime's symbols.
class Jit {
public:
  static Expected<Jit *> get();

  void bind(std::span<const std::pair<const char *, void *>> symbols);
  Status registerWithDebugger();
  bool registeredWithDebugger() const { return debugger_.load(); }
  Expected<orc::JITDylib *> createUnit();
  void removeUnit(orc::JITDylib &unit);
  orc::LLJIT &lljit() { return *jit_; }

private:
  static std::mutex mutex_;

  Status defineRuntime(const std::string &name, void *address);

  std::unique_ptr<orc::LLJIT> jit_;
  orc::JITDylib *runtime_ = nullptr;
  std::map<std::string, void *> bound_;
  uint64_t units_ = 0;
  std::atomic<bool> debugger_{false};
};

std::mutex Jit::mutex_;

Expected<Jit *> Jit::get() {
  static Jit *instance = nullptr;
  std::lock_guard<std::mutex> lock(mutex_);
  if (instance)
    return instance;
  pipeline::initializeTargets();
  // The code is compiled before it reaches the JIT (Pipeline.h), so the JIT only links. The
  // objects have no initializers, so no platform: LLJIT's default one gives every JITDylib an IR
  // module of initializer support, about 10 KB that lives as long as the unit.
  // Units are linked by JITLink into shared pages (JitMemory.h), with their unwind tables
  // registered as LLJIT's own linking layer does.
  auto linkingLayer = [](orc::ExecutionSession &session, const llvm::Triple &)
      -> llvm::Expected<std::unique_ptr<orc::ObjectLayer>> {
    auto layer = std::make_unique<orc::ObjectLinkingLayer>(session,
                                                           pipeline::createPackedMemoryManager());
    auto registrar = orc::EPCEHFrameRegistrar::Create(session);
    if (!registrar)
      return registrar.takeError();
    layer->addPlugin(
        std::make_unique<orc::EHFrameRegistrationPlugin>(session, std::move(*registrar)));
    return layer;
  };
  auto jit = orc::LLJITBuilder()
                 .setPlatformSetUp(orc::setUpInactivePlatform)
                 .setObjectLinkingLayerCreator(linkingLayer)
                 .create();
  if (!jit)
    return jitError("cannot create the JIT", jit.takeError());
  auto state = std::make_unique<Jit>();
  state->jit_ = std::move(*jit);
  state->runtime_ = &state->jit_->getExecutionSession().createBareJITDylib("strata.runtime");
  instance = state.release(); // lives as long as the process: code may run until exit
  return instance;
}

Status Jit::defineRuntime(const std::string &name, void *address) {
  auto found = bound_.find(name);
  if (found != bound_.end() && found->second == address)
    return Status::ok();
  orc::SymbolStringPtr symbol = jit_->mangleAndIntern(name);
  if (found != bound_.end())
    if (llvm::Error error = runtime_->remove({symbol}))
      return jitError("cannot rebind a runtime function", std::move(error));
  orc::SymbolMap map;
  map[symbol] = {orc::ExecutorAddr::fromPtr(address),
                 llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  if (llvm::Error error = runtime_->define(orc::absoluteSymbols(std::move(map))))
    return jitError("cannot bind a runtime function", std::move(error));
  bound_[name] = address;
  return Status::ok();
}

void Jit::bind(std::span<const std::pair<const char *, void *>> symbols) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto &[name, address] : symbols)
    if (Status status = defineRuntime(name, address); !status)
      llvm::errs() << "strata: " << status.error().message() << "\n";
}

Status Jit::registerWithDebugger() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (debugger_)
    return Status::ok();
  if (llvm::Error error = orc::enableDebuggerSupport(*jit_))
    return jitError("cannot register code with the debugger", std::move(error));
  debugger_.store(true);
  return Status::ok();
}

Expected<orc::JITDylib *> Jit::createUnit() {
  std::lock_guard<std::mutex> lock(mutex_);
  auto unit = jit_->createJITDylib("strata.unit." + std::to_string(units_++));
  if (!unit)
    return jitError("cannot create a JITDylib", unit.takeError());
  unit->addToLinkOrder(*runtime_);
  return &*unit;
}

void Jit::removeUnit(orc::JITDylib &unit) {
  if (llvm::Error error = jit_->getExecutionSession().removeJITDylib(unit))
    llvm::consumeError(std::move(error));
}

class JitCode final : public NativeCode {
public:
  JitCode(Jit &jit, orc::JITDylib &unit, llvm::StringMap<void *> symbols, const StageTimes &times,
          std::vector<native::NativeFunctionCode> functions)
      : jit_(jit), unit_(unit), symbols_(std::move(symbols)), functions_(std::move(functions)) {
    times_ = times;
    native::registerNativeCode(functions_);
  }
  ~JitCode() override {
    native::unregisterNativeCode(functions_);
    jit_.removeUnit(unit_);
  }

  void *lookup(std::string_view symbol) const override {
    return symbols_.lookup(llvm::StringRef(symbol.data(), symbol.size()));
  }

private:
  Jit &jit_;
  orc::JITDylib &unit_;
  llvm::StringMap<void *> symbols_;
  std::vector<native::NativeFunctionCode> functions_;
};

/// The Wasm functions' code in a linked unit, for stack traces: wasm_f<N>, its continuations
/// wasm_f<N>$osr... and their thunks, at their addresses with their sizes in `object`.
std::vector<native::NativeFunctionCode> functionCode(const llvm::object::ObjectFile &object,
                                             const llvm::StringMap<void *> &addresses,
                                             const pipeline::SymbolRenames &renames,
                                             const wasm::Module &module) {
  std::map<std::string, std::string, std::less<>> originalNames;
  for (const auto &[original, renamed] : renames)
    originalNames[renamed] = original;
  std::vector<native::NativeFunctionCode> functions;
  for (const auto &[symbol, size] : llvm::object::computeSymbolSizes(object)) {
    llvm::Expected<llvm::StringRef> objectName = symbol.getName();
    if (!objectName) {
      llvm::consumeError(objectName.takeError());
      continue;
    }
    auto original = originalNames.find(*objectName);
    llvm::StringRef name = original != originalNames.end() ? llvm::StringRef(original->second)
                                                           : *objectName;
    llvm::StringRef rest = name;
    uint32_t index = 0;
    if (!rest.consume_front("wasm_f") || rest.consumeInteger(10, index))
      continue;
    llvm::StringRef variant = rest;
    bool thunk = rest.consume_back("$array");
    if (!(rest.empty() || rest.starts_with("$osr")))
      continue;
    void *address = addresses.lookup(name);
    if (!address || size == 0)
      continue;
    functions.push_back(
        {uintptr_t(address), uintptr_t(address) + size, index, &module, thunk, variant.str()});
  }
  return functions;
}

/// Adds `object` to `unit` and resolves `names` (under their new names where renamed), which
/// links and materializes the code.
Expected<llvm::StringMap<void *>> link(orc::LLJIT &jit, orc::JITDylib &unit, llvm::StringRef object,
                                       const std::vector<std::string> &names,
                                       const pipeline::SymbolRenames &renames) {
  auto objectName = [&](const std::string &name) {
    auto renamed = renames.find(name);
    return jit.mangleAndIntern(renamed != renames.end() ? renamed->second : name);
  };
  if (llvm::Error error =
          jit.addObjectFile(unit, llvm::MemoryBuffer::getMemBufferCopy(object, "wasm-unit")))
    return jitError("cannot add the code to the JIT", std::move(error));
  orc::SymbolLookupSet lookupSet;
  for (const std::string &name : names)
    lookupSet.add(objectName(name));
  auto resolved =
      jit.getExecutionSession().lookup(orc::makeJITDylibSearchOrder(&unit), std::move(lookupSet));
  if (!resolved)
    return jitError("cannot link the code", resolved.takeError());
  llvm::StringMap<void *> addresses;
  for (const std::string &name : names)
    addresses[name] = (*resolved)[objectName(name)].getAddress().toPtr<void *>();
  return addresses;
}

} // namespace

Expected<std::unique_ptr<NativeCode>> pipeline::loadIntoJit(llvm::SmallVector<char, 0> object,
                                                            const std::vector<std::string> &names,
                                                            const pipeline::SymbolRenames &renames,
                                                            StageTimes &times,
                                                            const wasm::Module &module) {
  auto jit = Jit::get();
  if (!jit)
    return jit.takeError();
  auto unit = (*jit)->createUnit();
  if (!unit)
    return unit.takeError();
  llvm::StringRef bytes(object.data(), object.size());
  std::unique_ptr<llvm::object::ObjectFile> file = parseObject(bytes);
  if (file)
    times.codeBytes += codeBytes(*file);
  Expected<llvm::StringMap<void *>> addresses = Error("");
  {
    StageTimer timer(times.codegen);
    addresses = link((*jit)->lljit(), **unit, bytes, names, renames);
  }
  if (!addresses) {
    (*jit)->removeUnit(**unit);
    return addresses.takeError();
  }
  std::vector<native::NativeFunctionCode> functions;
  if (file)
    functions = functionCode(*file, *addresses, renames, module);
  return std::unique_ptr<NativeCode>(std::make_unique<JitCode>(
      **jit, **unit, std::move(*addresses), times, std::move(functions)));
}

bool pipeline::registeredWithDebugger() {
  auto jit = Jit::get();
  return jit && (*jit)->registeredWithDebugger();
}

Status registerCodeWithDebugger() {
  auto jit = Jit::get();
  if (!jit)
    return jit.takeError();
  return (*jit)->registerWithDebugger();
}

void bindRuntimeFunctions(std::span<const std::pair<const char *, void *>> symbols) {
  auto jit = Jit::get();
  if (!jit) {
    llvm::errs() << "strata: " << jit.error().message() << "\n";
    return;
  }
  (*jit)->bind(symbols);
}

} // namespace strata::mlirtier
