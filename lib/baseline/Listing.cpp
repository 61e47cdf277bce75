#include "strata/baseline/Listing.h"

#include "StencilCompiler.h"

#include "strata/interp/Disassembler.h"
#include "strata/interp/Translator.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace strata::baseline {

namespace {

/// The lines of `text`, without their newlines.
std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> result;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos)
      end = text.size();
    result.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return result;
}

Status listFunction(StencilCompiler &compiler, const interp::CompiledFunction &function,
                    const Disassembler &disassemble, std::string &out) {
  std::vector<StencilCompiler::Placed> placed;
  uint32_t instructionBytes = 0;
  auto native = compiler.compileListed(function, placed, instructionBytes);
  if (!native)
    return native.takeError();
  const uint8_t *code = (*native)->code;
  std::vector<std::string> listed = lines(interp::disassemble(function));
  char header[160];
  std::snprintf(header, sizeof header,
                "; function %u: %zu instructions, %u bytes of code, %u bytes in all (jump "
                "tables, data, veneers)\n",
                function.index, placed.size(), instructionBytes, (*native)->codeSize);
  out += header;
  // One disassembly of the whole function; each instruction's line goes above the first
  // machine instruction at or after its stencil's start (a stencil may be empty).
  auto base = uint64_t(reinterpret_cast<uintptr_t>(code));
  auto text = disassemble(std::span(code, instructionBytes), base);
  if (!text)
    return text.takeError();
  size_t next = 0;
  auto listUpTo = [&](uint64_t address) {
    for (; next < placed.size() && base + placed[next].nativeOffset <= address; ++next) {
      out += ";" + (next < listed.size() ? listed[next] : std::string());
      if (placed[next].registerOperand >= 0) // ResultRegister.h
        out += "  (operand " + std::to_string(placed[next].registerOperand) +
               (placed[next].floatRegister ? " from the float result register)"
                                           : " from the result register)");
      out += "\n";
    }
  };
  for (const std::string &line : lines(*text)) {
    listUpTo(std::strtoull(line.c_str(), nullptr, 16));
    out += line + "\n";
  }
  listUpTo(UINT64_MAX);
  out += "\n";
  return Status::ok();
}

} // namespace

Expected<std::string> listBaselineCode(const std::shared_ptr<const wasm::Module> &module,
                                       std::optional<uint32_t> function, bool guardPages,
                                       bool tierAbove, const Disassembler &disassemble) {
  auto compiled = interp::translateModule(module, interp::TranslationMode::Lazy);
  if (!compiled)
    return compiled.takeError();
  StencilCompiler compiler(guardPages, tierAbove);
  std::string out;
  uint32_t first = function ? *function : module->numImportedFunctions;
  uint32_t last = function ? *function + 1 : module->numFunctions();
  for (uint32_t index = first; index < last; ++index) {
    if (Status translated = (*compiled)->ensureTranslated(index); !translated)
      return translated.takeError();
    if (Status listed = listFunction(compiler, (*compiled)->function(index), disassemble, out);
        !listed)
      return listed.takeError();
  }
  return out;
}

} // namespace strata::baseline
