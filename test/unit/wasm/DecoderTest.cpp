#include "strata/wasm/Decoder.h"
#include "strata/wasm/Disassembler.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::wasm;

namespace {

std::vector<uint8_t> header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

std::vector<uint8_t> withSections(std::initializer_list<std::vector<uint8_t>> sections) {
  std::vector<uint8_t> bytes = header();
  for (const auto &s : sections)
    bytes.insert(bytes.end(), s.begin(), s.end());
  return bytes;
}

std::string decodeError(const std::vector<uint8_t> &bytes) {
  auto module = decodeModule(bytes);
  return module ? std::string("<decoded>") : module.error().reason();
}

TEST(Decoder, EmptyModule) {
  auto module = decodeModule(header());
  ASSERT_TRUE(module) << module.error().message();
  EXPECT_EQ((*module)->numFunctions(), 0u);
}

TEST(Decoder, BadHeader) {
  EXPECT_EQ(decodeError({0x00, 0x61, 0x73}), "magic header not detected");
  EXPECT_EQ(decodeError({0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00}),
            "unknown binary version");
}

TEST(Decoder, SectionOrderAndIds) {
  // Two type sections.
  EXPECT_EQ(decodeError(withSections({{0x01, 0x01, 0x00}, {0x01, 0x01, 0x00}})),
            "unexpected content after last section");
  EXPECT_EQ(decodeError(withSections({{0x0d, 0x00}})), "malformed section id");
  // A section whose size says more than is there.
  EXPECT_EQ(decodeError(withSections({{0x01, 0x05, 0x00}})), "length out of bounds");
  // Size larger than the content needs.
  auto mismatch = decodeModule(withSections({{0x01, 0x02, 0x00, 0x00}}));
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().reason(), "section size mismatch");
  EXPECT_EQ(mismatch.error().offset(), 11u);
}

TEST(Decoder, CountsLargerThanTheInputAreRejectedBeforeAllocating) {
  // A type section claiming 2^32-1 types in 6 bytes.
  EXPECT_EQ(decodeError(withSections({{0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f}})),
            "length out of bounds");
}

TEST(Decoder, FunctionAndCodeCountsMustAgree) {
  // type () -> (); one function; no code section.
  EXPECT_EQ(decodeError(withSections({{0x01, 0x04, 0x01, 0x60, 0x00, 0x00}, {0x03, 0x02, 0x01, 0x00}})),
            "function and code section have inconsistent lengths");
}

TEST(Decoder, TooManyLocals) {
  // Two runs of 2^32-1 locals each.
  std::vector<uint8_t> body = {0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f,
                               0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b};
  std::vector<uint8_t> code = {0x0a, uint8_t(body.size() + 2), 0x01, uint8_t(body.size())};
  code.insert(code.end(), body.begin(), body.end());
  EXPECT_EQ(decodeError(withSections(
                {{0x01, 0x04, 0x01, 0x60, 0x00, 0x00}, {0x03, 0x02, 0x01, 0x00}, code})),
            "too many locals");
}

TEST(Decoder, MalformedKindsAndTypes) {
  // Import kind 4.
  EXPECT_EQ(decodeError(withSections({{0x02, 0x06, 0x01, 0x01, 'm', 0x01, 'f', 0x04}})),
            "malformed import kind");
  // Global of value type 0x40.
  EXPECT_EQ(decodeError(withSections({{0x06, 0x06, 0x01, 0x40, 0x00, 0x41, 0x00, 0x0b}})),
            "malformed value type");
  // Mutability 2.
  EXPECT_EQ(decodeError(withSections({{0x06, 0x06, 0x01, 0x7f, 0x02, 0x41, 0x00, 0x0b}})),
            "malformed mutability");
  // Bad UTF-8 in an export name.
  EXPECT_EQ(decodeError(withSections({{0x07, 0x05, 0x01, 0x01, 0xff, 0x00, 0x00}})),
            "malformed UTF-8 encoding");
}

TEST(Decoder, DataCountMustMatchData) {
  EXPECT_EQ(decodeError(withSections({{0x0c, 0x01, 0x01}})),
            "data count and data section have inconsistent lengths");
}

TEST(Decoder, EverySegmentEncoding) {
  auto bytes = test::wat(R"((module
    (table $t 10 funcref)
    (table $u 10 externref)
    (memory 1)
    (func $f) (func $g)
    (elem (i32.const 0) $f $g)                       ;; flags 0
    (elem func $f)                                   ;; flags 1
    (elem (table $t) (i32.const 2) func $g)          ;; flags 2
    (elem declare func $f)                           ;; flags 3
    (elem (i32.const 4) funcref (ref.func $f))       ;; flags 4
    (elem funcref (ref.null func))                   ;; flags 5
    (elem (table $u) (i32.const 0) externref (ref.null extern)) ;; flags 6
    (elem declare funcref (ref.func $g))             ;; flags 7
    (data (i32.const 8) "abc")
    (data "passive")
    (data (memory 0) (i32.const 16) "xyz")))");
  auto module = decodeModule(bytes);
  ASSERT_TRUE(module) << module.error().message();
  const Module &m = **module;
  ASSERT_EQ(m.elements.size(), 8u);
  EXPECT_EQ(m.elements[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.elements[0].items.size(), 2u);
  EXPECT_EQ(m.elements[0].items[1].instructions[0].op, Opcode::RefFunc);
  EXPECT_EQ(m.elements[0].items[1].instructions[0].index, 1u);
  EXPECT_EQ(m.elements[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.elements[2].tableIndex, 0u);
  EXPECT_EQ(m.elements[3].mode, SegmentMode::Declarative);
  EXPECT_EQ(m.elements[5].items[0].instructions[0].op, Opcode::RefNull);
  EXPECT_EQ(m.elements[6].tableIndex, 1u);
  EXPECT_EQ(m.elements[6].elemType, ValType::ExternRef);
  EXPECT_EQ(m.elements[7].mode, SegmentMode::Declarative);
  ASSERT_EQ(m.data.size(), 3u);
  EXPECT_EQ(m.data[1].mode, SegmentMode::Passive);
  EXPECT_EQ(std::string(m.bytes.begin() + m.data[1].bytesOffset,
                        m.bytes.begin() + m.data[1].bytesOffset + m.data[1].size),
            "passive");
  EXPECT_EQ(m.data[2].offset.instructions[0].bits, 16u);
}

TEST(Decoder, NameSectionAndImports) {
  auto bytes = test::wat(R"((module $mod
    (import "env" "f" (func $imported (param i32)))
    (import "env" "g" (global $gi (mut i64)))
    (func $add (param $x i32) (param $y i32) (result i32)
      local.get $x local.get $y i32.add)
    (export "add" (func $add))))");
  // wat2wasm only writes names when asked; add them with --debug-names through the helper.
  auto module = decodeModule(bytes);
  ASSERT_TRUE(module) << module.error().message();
  const Module &m = **module;
  EXPECT_EQ(m.numImportedFunctions, 1u);
  EXPECT_EQ(m.numImportedGlobals, 1u);
  EXPECT_TRUE(m.globals[0].type.isMutable);
  EXPECT_EQ(m.imports[0].module, "env");
  EXPECT_EQ(m.functionType(1).toString(), "(i32, i32) -> (i32)");
  ASSERT_NE(m.findExport("add"), nullptr);
  EXPECT_EQ(m.findExport("add")->index, 1u);
}

TEST(Decoder, ParsesNameSection) {
  // Custom section "name": module name "m", function 0 named "fn", local 0 of function 0 "x".
  std::vector<uint8_t> payload = {0x04, 'n', 'a', 'm', 'e',
                                  0x00, 0x02, 0x01, 'm',
                                  0x01, 0x05, 0x01, 0x00, 0x02, 'f', 'n',
                                  0x02, 0x06, 0x01, 0x00, 0x01, 0x00, 0x01, 'x'};
  std::vector<uint8_t> section = {0x00, uint8_t(payload.size())};
  section.insert(section.end(), payload.begin(), payload.end());
  auto module = decodeModule(withSections({section}));
  ASSERT_TRUE(module) << module.error().message();
  EXPECT_EQ((*module)->names.module, "m");
  EXPECT_EQ((*module)->functionName(0), "fn");
  EXPECT_EQ((*module)->names.locals[0][0], "x");
  EXPECT_EQ((*module)->customSections.size(), 1u);
}

TEST(Disassembler, ListsInstructionsWithImmediates) {
  auto bytes = test::wat(R"((module (memory 1)
    (func (param i32) (result i32)
      block (result i32)
        local.get 0
        i32.load offset=8
        i32.const -5
        i32.add
      end)))");
  auto module = decodeModule(bytes);
  ASSERT_TRUE(module);
  auto text = disassembleFunction(**module, 0);
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_NE(text->find("block (result i32)"), std::string::npos) << *text;
  EXPECT_NE(text->find("i32.load offset=8"), std::string::npos) << *text;
  EXPECT_NE(text->find("i32.const -5"), std::string::npos) << *text;
}

} // namespace
