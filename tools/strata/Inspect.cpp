// strata inspect [--disassemble[=INDEX]] FILE.wasm: what a module holds, section by section.
#include "CommandLine.h"
#include "Commands.h"

#include "strata/wasm/Decoder.h"
#include "strata/wasm/Disassembler.h"
#include "strata/wasm/Validator.h"

#include <cinttypes>
#include <cstdio>
#include <optional>

namespace strata::tools {
namespace {

std::string limitsText(const wasm::Limits &limits) {
  std::string text = "min " + std::to_string(limits.min);
  if (limits.max)
    text += ", max " + std::to_string(*limits.max);
  return text;
}

std::string importTypeText(const wasm::Module &module, const wasm::Import &import) {
  switch (import.kind) {
  case wasm::ExternKind::Func:
    return import.funcTypeIndex < module.types.size()
               ? "type " + std::to_string(import.funcTypeIndex) + " " +
                     module.types[import.funcTypeIndex].toString()
               : "type " + std::to_string(import.funcTypeIndex);
  case wasm::ExternKind::Table:
    return std::string(wasm::toString(import.table.elemType)) + " " +
           limitsText(import.table.limits);
  case wasm::ExternKind::Memory:
    return limitsText(import.memory.limits);
  case wasm::ExternKind::Global:
    return std::string(import.global.isMutable ? "mut " : "") +
           wasm::toString(import.global.type);
  }
  return "";
}

void printModule(const wasm::Module &module) {
  std::printf("sections:\n");
  for (const wasm::SectionInfo &section : module.sections)
    std::printf("  %-10s at 0x%06" PRIx64 ", %" PRIu64 " bytes\n", wasm::toString(section.id),
                section.offset, section.payloadSize);
  std::printf("types: %zu\n", module.types.size());
  for (size_t i = 0; i < module.types.size(); ++i)
    std::printf("  type[%zu] %s\n", i, module.types[i].toString().c_str());
  std::printf("imports: %zu\n", module.imports.size());
  for (const wasm::Import &import : module.imports)
    std::printf("  %s %s.%s: %s\n", wasm::toString(import.kind), import.module.c_str(),
                import.name.c_str(), importTypeText(module, import).c_str());
  std::printf("functions: %u (%u imported)\n", module.numFunctions(), module.numImportedFunctions);
  for (uint32_t i = module.numImportedFunctions; i < module.numFunctions(); ++i) {
    const wasm::FunctionBody &body = module.body(i);
    std::string name = module.functionName(i);
    uint32_t typeIndex = module.functionTypes[i];
    std::printf("  func[%u] type %u, %" PRIu64 " bytes of code%s%s\n", i, typeIndex,
                body.codeEnd - body.bodyOffset, name.empty() ? "" : ", name ",
                name.c_str());
  }
  for (size_t i = 0; i < module.tables.size(); ++i)
    std::printf("table[%zu] %s %s\n", i, wasm::toString(module.tables[i].elemType),
                limitsText(module.tables[i].limits).c_str());
  for (size_t i = 0; i < module.memories.size(); ++i)
    std::printf("memory[%zu] %s (pages)\n", i, limitsText(module.memories[i].limits).c_str());
  for (size_t i = 0; i < module.globals.size(); ++i)
    std::printf("global[%zu] %s%s%s\n", i, module.globals[i].type.isMutable ? "mut " : "",
                wasm::toString(module.globals[i].type.type),
                i < module.numImportedGlobals ? " (imported)" : "");
  std::printf("exports: %zu\n", module.exports.size());
  for (const wasm::Export &e : module.exports)
    std::printf("  %s \"%s\" -> %u\n", wasm::toString(e.kind), e.name.c_str(), e.index);
  if (module.start)
    std::printf("start: func[%u]\n", *module.start);
  static const char *modes[] = {"active", "passive", "declarative"};
  for (size_t i = 0; i < module.elements.size(); ++i)
    std::printf("elem[%zu] %s, %s, %zu items\n", i, modes[int(module.elements[i].mode)],
                wasm::toString(module.elements[i].elemType), module.elements[i].items.size());
  for (size_t i = 0; i < module.data.size(); ++i)
    std::printf("data[%zu] %s, %u bytes\n", i, modes[int(module.data[i].mode)],
                module.data[i].size);
  for (const wasm::CustomSection &custom : module.customSections)
    std::printf("custom \"%s\", %" PRIu64 " bytes\n", custom.name.c_str(), custom.payloadSize);
  if (module.names.module)
    std::printf("module name: %s\n", module.names.module->c_str());
}

} // namespace

int runInspect(int argc, char **argv) {
  CommandLine commandLine(
      "inspect", "[--disassemble[=INDEX]] FILE.wasm",
      "Prints sections, types, imports, functions (code size, names), tables, memories,\n"
      "globals, exports, segments and custom sections.\n");
  commandLine.addOptions()("disassemble",
                           po::value<int64_t>()->implicit_value(-1, "")->value_name("INDEX"),
                           "also print the code of every function, or of function INDEX");
  commandLine.takePositionals(1, 1);
  if (std::optional<int> done = commandLine.parse(argc, argv))
    return *done;
  std::optional<int64_t> disassemble; // -1 = every function
  if (commandLine.values().count("disassemble"))
    disassemble = commandLine.values()["disassemble"].as<int64_t>();
  const char *path = commandLine.positionals().front().c_str();
  std::vector<uint8_t> bytes;
  if (!readFile(path, bytes))
    return 1;
  auto module = wasm::decodeModule(bytes);
  if (!module) {
    std::fprintf(stderr, "%s: error: %s\n", path, module.error().message().c_str());
    return 1;
  }
  printModule(**module);
  Status valid = wasm::validateModule(**module);
  std::printf("valid: %s\n", valid ? "yes" : ("no: " + valid.error().message()).c_str());
  if (!disassemble)
    return valid ? 0 : 1;
  const wasm::Module &m = **module;
  for (uint32_t i = m.numImportedFunctions; i < m.numFunctions(); ++i) {
    if (*disassemble >= 0 && i != uint64_t(*disassemble))
      continue;
    std::string name = m.functionName(i);
    std::printf("\nfunc[%u]%s%s %s:\n", i, name.empty() ? "" : " ", name.c_str(),
                m.functionTypes[i] < m.types.size() ? m.functionType(i).toString().c_str() : "");
    auto text = wasm::disassembleFunction(m, i);
    if (!text) {
      std::fprintf(stderr, "%s: error: %s\n", path, text.error().message().c_str());
      return 1;
    }
    std::fputs(text->c_str(), stdout);
  }
  return valid ? 0 : 1;
}

} // namespace strata::tools
