// Ahead-of-time objects: `strata compile --emit=obj` stamps the object with what its code was
// compiled from and for; loadAheadOfTime checks the stamp against the module and the engine's
// options, then links the object as the JIT links a unit it compiled itself.
#include "Pipeline.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <map>

namespace strata::mlirtier {
namespace pipeline {
namespace {

constexpr llvm::StringLiteral kStampSection = ".strata.aot";
constexpr llvm::StringLiteral kStampSymbol = "strata_aot_stamp";
constexpr llvm::StringLiteral kStampVersion = "strata-aot-1";

std::string hashOf(llvm::StringRef bytes) { return llvm::utohexstr(llvm::xxh3_64bits(bytes)); }

std::string moduleHash(const wasm::Module &module) {
  return hashOf(llvm::StringRef(reinterpret_cast<const char *>(module.bytes.data()),
                                module.bytes.size()));
}

const char *onOff(bool on) { return on ? "on" : "off"; }

/// The fields of a stamp, "name=value" separated by ';' after the version.
using Stamp = std::map<std::string, std::string, std::less<>>;

std::optional<Stamp> parseStamp(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ';');
  if (parts.empty() || parts.front() != kStampVersion)
    return std::nullopt;
  Stamp stamp;
  for (llvm::StringRef part : llvm::ArrayRef(parts).drop_front()) {
    auto [name, value] = part.split('=');
    stamp[name.str()] = value.str();
  }
  return stamp;
}

/// The options the code depends on, as stamp fields.
Stamp optionFields(const CompileOptions &options) {
  return {{"bounds-checks", options.guardPages ? "guard-pages" : "explicit"},
          {"exact-traps", options.volatileLoads ? "volatile" : onOff(options.exactTraps)},
          {"direct-calls", onOff(options.directCalls)},
          {"wasm-opt", onOff(options.wasmOptimizations)},
          {"counters", onOff(options.counters)}};
}

std::optional<std::string> readStamp(const llvm::object::ObjectFile &object) {
  for (const llvm::object::SectionRef &section : object.sections()) {
    llvm::Expected<llvm::StringRef> name = section.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (*name != kStampSection)
      continue;
    llvm::Expected<llvm::StringRef> contents = section.getContents();
    if (!contents) {
      llvm::consumeError(contents.takeError());
      return std::nullopt;
    }
    return contents->str();
  }
  return std::nullopt;
}

/// Why the stamped code cannot serve `module` with `options` on this machine; empty when it can.
std::string whyNotUsable(const Stamp &stamp, const wasm::Module &module,
                     const CompileOptions &options) {
  auto field = [&](llvm::StringRef name) {
    auto found = stamp.find(name);
    return found == stamp.end() ? std::string("(none)") : found->second;
  };
  if (field("module") != moduleHash(module))
    return "it was compiled from another module";
  llvm::Triple host(llvm::sys::getProcessTriple());
  if (field("arch") != host.getArchName())
    return "it holds " + field("arch") + " code; this machine is " + host.getArchName().str();
  // Code for the target's baseline runs on every CPU of the architecture; code for a CPU
  // (compiled without --target) only on that CPU with the same features.
  bool baseline = field("cpu") == "generic" && field("features") == hashOf("");
  std::string hostCpu = llvm::sys::getHostCPUName().str();
  if (!baseline && (field("cpu") != hostCpu || field("features") != hashOf(hostFeatures())))
    return "it was compiled for CPU " + field("cpu") + " and its features, this machine's is " +
           hostCpu + " (`strata compile --target=TRIPLE` compiles for any CPU of the "
           "architecture)";
  for (const auto &[name, wanted] : optionFields(options))
    if (field(name) != wanted)
      return "it was compiled with " + name + "=" + field(name) + ", this engine uses " + name +
             "=" + wanted;
  return "";
}

} // namespace

std::string aheadOfTimeStamp(const wasm::Module &module, const CompileOptions &options,
                             const llvm::TargetMachine &target) {
  std::string stamp = kStampVersion.str();
  auto add = [&](llvm::StringRef name, llvm::StringRef value) {
    stamp += ";" + name.str() + "=" + value.str();
  };
  add("module", moduleHash(module));
  add("arch", target.getTargetTriple().getArchName());
  add("cpu", target.getTargetCPU());
  add("features", hashOf(target.getTargetFeatureString()));
  for (const auto &[name, value] : optionFields(options))
    add(name, value);
  return stamp;
}

void addAheadOfTimeStamp(llvm::Module &module, const std::string &stamp) {
  llvm::Constant *text =
      llvm::ConstantDataArray::getString(module.getContext(), stamp, /*AddNull=*/false);
  auto *global = new llvm::GlobalVariable(module, text->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::ExternalLinkage, text, kStampSymbol);
  global->setSection(kStampSection);
}

} // namespace pipeline

Expected<std::unique_ptr<NativeCode>> loadAheadOfTime(const wasm::Module &module,
                                                      const CompileOptions &options,
                                                      const std::string &path) {
  using namespace pipeline;
  std::string where = "ahead-of-time object '" + path + "': ";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return Error(where + buffer.getError().message());
  llvm::StringRef bytes = (*buffer)->getBuffer();
  std::unique_ptr<llvm::object::ObjectFile> file = parseObject(bytes);
  if (!file)
    return Error(where + "not an object file");
  std::optional<std::string> text = readStamp(*file);
  std::optional<Stamp> stamp = text ? parseStamp(*text) : std::nullopt;
  if (!stamp)
    return Error(where + "no " + kStampVersion.str() + " stamp (`strata compile --emit=obj` "
                 "writes one)");
  if (std::string why = whyNotUsable(*stamp, module, options); !why.empty())
    return Error(where + "cannot run this module here: " + why);

  std::vector<std::string> symbols;
  for (uint32_t index = module.numImportedFunctions; index < module.numFunctions(); ++index) {
    symbols.push_back(functionSymbol(index));
    symbols.push_back(arrayThunkSymbol(index));
  }
  StageTimes times;
  auto code = loadIntoJit(llvm::SmallVector<char, 0>(bytes.begin(), bytes.end()), symbols, {},
                          times, module);
  if (!code)
    return Error(where + code.error().message());
  return code;
}

} // namespace strata::mlirtier
