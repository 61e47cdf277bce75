// The shape of translated code (interp-specific): operand fusion, constants as immediates,
// fused compare-and-branch, results written straight into locals, and the loop header table
// with operands materialized in their canonical slots, which OSR relies on.
#include "TestUtil.h"

#include "strata/interp/Disassembler.h"
#include "strata/interp/Translator.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace strata::test {
namespace {

using Names = std::vector<std::string>;

std::shared_ptr<const interp::CompiledModule>
translate(const std::string &text, interp::TranslationMode mode = interp::TranslationMode::Eager) {
  std::shared_ptr<const wasm::Module> module = loadModule(text);
  auto compiled = interp::translateModule(module, mode);
  EXPECT_TRUE(compiled) << compiled.error().message();
  return compiled ? *compiled : nullptr;
}

/// The instruction names of the module's only (or `index`th) function.
Names shape(const std::string &text, uint32_t index = 0) {
  auto code = translate(text);
  return code ? interp::instructionNames(code->function(index)) : Names{};
}

TEST(TranslatorTest, LocalsAndConstantsFoldIntoTheirConsumers) {
  // The loop body is four instructions: the fused exit test, the add writing local 1, the
  // subtraction with its immediate writing local 0, and the back-edge.
  EXPECT_EQ(shape(R"((module
    (func (param i32) (result i32) (local i32)
      (block (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br 0)))
      (local.get 1))))"),
            (Names{"BrUnless", "I32Add", "I32SubImm", "BrLoop", "Copy", "Ret"}));
}

TEST(TranslatorTest, ComparisonsFuseIntoBranches) {
  Names loop = shape(R"((module (func (param i32)
    (loop (br_if 0 (i32.lt_s (local.get 0) (i32.const 10)))))))");
  EXPECT_EQ(loop, (Names{"BrIfI32LtSImmLoop", "Ret"}));
  // `if` jumps over its then-branch on the negated comparison.
  Names branch = shape(R"((module (func (param i64 i64) (result i32)
    (if (result i32) (i64.eq (local.get 0) (local.get 1))
      (then (i32.const 1)) (else (i32.const 2))))))");
  EXPECT_EQ(branch.front(), "BrIfI64Ne");
  // A constant on the left mirrors the comparison.
  Names mirrored = shape(R"((module (func (param i32) (result i32)
    (i32.lt_u (i32.const 5) (local.get 0)))))");
  EXPECT_EQ(mirrored.front(), "I32GtUImm");
}

TEST(TranslatorTest, ImmediatesAndRetargetedResults) {
  Names wide = shape(R"((module (func (param i64) (result i64)
    (i64.add (local.get 0) (i64.const 0x100000000)))))");
  EXPECT_EQ(wide.front(), "I64AddImm");
  // Commutative operations take a constant from either side.
  Names left = shape(R"((module (func (param i32) (result i32)
    (i32.mul (i32.const 3) (local.get 0)))))");
  EXPECT_EQ(left.front(), "I32MulImm");
  // A constant stored to a local is one instruction; so is a load into a local.
  Names stores = shape(R"((module (memory 1) (func (param i32) (local i32)
    (local.set 1 (i32.const 5))
    (local.set 1 (i32.load (local.get 0))))))");
  EXPECT_EQ(stores, (Names{"Const32", "I32Load", "Ret"}));
}

TEST(TranslatorTest, LoopHeadersMatchTheValidatorsLoopTable) {
  auto decoded = wasm::decodeModule(wat(R"((module
    (func (param i32) (result i32)
      (local.get 0)
      (i32.const 7)
      (loop $a (param i32) (result i32)
        (block (br 0) (loop (br 0)))  ;; a loop in dead code
        (drop (i32.const 0)))
      (loop $b (result i32) (i32.const 3))
      (i32.add)
      (i32.add))))"));
  ASSERT_TRUE(decoded);
  std::shared_ptr<wasm::Module> module = std::move(*decoded);
  ASSERT_TRUE(wasm::validateModule(*module));
  auto compiled = interp::translateModule(module);
  ASSERT_TRUE(compiled);
  const interp::CompiledFunction &function = (*compiled)->function(0);
  const wasm::FunctionInfo &info = module->info(0);
  ASSERT_EQ(info.loops.size(), 3u);
  ASSERT_EQ(function.loops.size(), 2u); // the dead loop has no header
  EXPECT_EQ(function.loops[0].loopIndex, 0u);
  EXPECT_EQ(function.loops[1].loopIndex, 2u);
  for (const interp::LoopHeader &header : function.loops) {
    const wasm::LoopInfo &loop = info.loops[header.loopIndex];
    EXPECT_EQ(header.height, loop.height);
    EXPECT_EQ(header.wasmOffset, loop.offset);
  }
  // Entering loop $a, the local operand below its parameter was copied to its canonical slot
  // (numLocalSlots + 0) and the constant parameter written to the next one.
  std::string text = interp::disassemble(function);
  EXPECT_NE(text.find("Copy 1 0"), std::string::npos) << text;
  EXPECT_NE(text.find("Const32 2 7"), std::string::npos) << text;
}

TEST(TranslatorTest, LazyTranslationWaitsForTheFirstCall) {
  auto code = translate(R"((module (func (result i32) (i32.const 1)) (func)))",
                        interp::TranslationMode::Lazy);
  ASSERT_TRUE(code);
  EXPECT_FALSE(code->function(0).isTranslated());
  EXPECT_EQ(code->stats().functions, 0u);
  ASSERT_TRUE(code->ensureTranslated(0));
  EXPECT_TRUE(code->function(0).isTranslated());
  EXPECT_FALSE(code->function(1).isTranslated());
  EXPECT_EQ(code->stats().functions, 1u);
  ASSERT_TRUE(code->ensureTranslated(0)); // idempotent
  EXPECT_EQ(code->stats().functions, 1u);
}

TEST(TranslatorTest, V128ValuesTakeTwoSlots) {
  auto decoded = wasm::decodeModule(wat(R"((module (func (param v128 i32) (result i32)
    (local v128)
    (local.set 2 (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))
    (i32x4.extract_lane 3 (local.get 2)))))"));
  ASSERT_TRUE(decoded);
  std::shared_ptr<wasm::Module> module = std::move(*decoded);
  ASSERT_TRUE(wasm::validateModule(*module));
  auto compiled = interp::translateModule(module);
  ASSERT_TRUE(compiled) << compiled.error().message();
  const interp::CompiledFunction &function = (*compiled)->function(0);
  // Locals: v128 in slots 0-1, the i32 in 2, the v128 local in 3-4; the operand stack from 5,
  // where local.get 0 (read in place) takes 5-6 and the constant 7-8.
  std::string text = interp::disassemble(function);
  EXPECT_NE(text.find("V128Const 7 1 2 3 4"), std::string::npos) << text;
  EXPECT_NE(text.find("I32x4Add 3 0 7"), std::string::npos) << text; // written to the local
  EXPECT_NE(text.find("I32x4ExtractLane 0 3 3"), std::string::npos) << text;
}

TEST(TranslatorTest, EveryOpcodeIsTranslatable) {
  // Every WebAssembly 2.0 instruction either has an interpreter form in the tables or is
  // handled by the translator itself.
  const std::vector<wasm::Opcode> byHand = {wasm::Opcode::Unreachable,
                                            wasm::Opcode::Nop,
                                            wasm::Opcode::Block,
                                            wasm::Opcode::Loop,
                                            wasm::Opcode::If,
                                            wasm::Opcode::Else,
                                            wasm::Opcode::End,
                                            wasm::Opcode::Br,
                                            wasm::Opcode::BrIf,
                                            wasm::Opcode::BrTable,
                                            wasm::Opcode::Return,
                                            wasm::Opcode::Call,
                                            wasm::Opcode::CallIndirect,
                                            wasm::Opcode::Drop,
                                            wasm::Opcode::Select,
                                            wasm::Opcode::SelectT,
                                            wasm::Opcode::LocalGet,
                                            wasm::Opcode::LocalSet,
                                            wasm::Opcode::LocalTee,
                                            wasm::Opcode::GlobalGet,
                                            wasm::Opcode::GlobalSet,
                                            wasm::Opcode::TableGet,
                                            wasm::Opcode::TableSet,
                                            wasm::Opcode::MemorySize,
                                            wasm::Opcode::MemoryGrow,
                                            wasm::Opcode::I32Const,
                                            wasm::Opcode::I64Const,
                                            wasm::Opcode::F32Const,
                                            wasm::Opcode::F64Const,
                                            wasm::Opcode::I32ReinterpretF32,
                                            wasm::Opcode::I64ReinterpretF64,
                                            wasm::Opcode::F32ReinterpretI32,
                                            wasm::Opcode::F64ReinterpretI64,
                                            wasm::Opcode::RefNull,
                                            wasm::Opcode::RefIsNull,
                                            wasm::Opcode::RefFunc,
                                            wasm::Opcode::MemoryInit,
                                            wasm::Opcode::DataDrop,
                                            wasm::Opcode::MemoryCopy,
                                            wasm::Opcode::MemoryFill,
                                            wasm::Opcode::TableInit,
                                            wasm::Opcode::ElemDrop,
                                            wasm::Opcode::TableCopy,
                                            wasm::Opcode::TableGrow,
                                            wasm::Opcode::TableSize,
                                            wasm::Opcode::TableFill,
                                            wasm::Opcode::V128Const,
                                            wasm::Opcode::I8x16Shuffle};
  unsigned checked = 0;
  for (unsigned i = 0; i < wasm::kOpcodeCount; ++i) {
    const wasm::OpcodeInfo &info = wasm::kOpcodeInfo[i];
    wasm::Opcode opcode = wasm::Opcode(i);
    bool handled = std::find(byHand.begin(), byHand.end(), opcode) != byHand.end();
    EXPECT_TRUE(handled || interp::hasInterpreterForm(opcode)) << info.text;
    ++checked;
  }
  EXPECT_EQ(checked, wasm::kOpcodeCount);
}

} // namespace
} // namespace strata::test
