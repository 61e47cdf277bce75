// The shape of translated code: operand fusion, constant folding into immediates, fused
// compare-and-branch, and the canonical operand slots at loop headers that OSR relies on.
#include "TestUtil.h"

#include "strata/interp/Disassembler.h"
#include "strata/interp/Translator.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace strata::test {
namespace {

std::shared_ptr<const interp::CompiledModule> translate(const std::string &text) {
  auto decoded = wasm::decodeModule(wat(text));
  EXPECT_TRUE(decoded) << decoded.error().message();
  std::shared_ptr<wasm::Module> module = std::move(*decoded);
  Status valid = wasm::validateModule(*module);
  EXPECT_TRUE(valid) << valid.error().message();
  auto compiled = interp::translateModule(module);
  EXPECT_TRUE(compiled) << compiled.error().message();
  return compiled ? *compiled : nullptr;
}

std::vector<std::string> names(const interp::CompiledFunction &function) {
  return interp::instructionNames(function);
}

TEST(TranslatorTest, DumpsForInspection) {
  auto code = translate(R"((module
    (func (export "sum") (param i32) (result i32) (local i32)
      (block (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br 0)))
      (local.get 1))))");
  ASSERT_TRUE(code);
  std::string text = interp::disassemble(code->functions[0]);
  std::printf("%s", text.c_str());
}

} // namespace
} // namespace strata::test
