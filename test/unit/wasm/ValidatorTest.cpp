// The validator: every class of validation error next to a close valid twin, and the side
// information (locals, heights, control and loop tables) it records for the tiers.
#include "TestUtil.h"

#include "strata/wasm/DirectCalls.h"
#include "strata/wasm/Decoder.h"
#include "strata/wasm/Validator.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>

namespace strata::wasm {
namespace {

std::unique_ptr<Module> decodeBytes(const std::vector<uint8_t> &bytes,
                                    const Features &features = {}) {
  auto module = decodeModule(bytes, features);
  if (!module) {
    ADD_FAILURE() << "decoding failed: " << module.error().message();
    return nullptr;
  }
  return std::move(*module);
}

std::unique_ptr<Module> decodeText(const std::string &text) { return decodeBytes(test::wat(text)); }

::testing::AssertionResult validBytes(const std::vector<uint8_t> &bytes,
                                      const Features &features = {}) {
  std::unique_ptr<Module> module = decodeBytes(bytes, features);
  if (!module)
    return ::testing::AssertionFailure() << "did not decode";
  Status status = validateModule(*module);
  if (!status)
    return ::testing::AssertionFailure() << status.error().message();
  if (!module->validated || module->functionInfo.size() != module->numDefinedFunctions())
    return ::testing::AssertionFailure() << "validated module lacks its function info";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult valid(const std::string &text) { return validBytes(test::wat(text)); }

/// Decodes, then expects validation to fail with a reason that starts with `reason`.
::testing::AssertionResult invalidBytes(const std::vector<uint8_t> &bytes,
                                        const std::string &reason, const Features &features = {}) {
  std::unique_ptr<Module> module = decodeBytes(bytes, features);
  if (!module)
    return ::testing::AssertionFailure() << "did not decode";
  Status status = validateModule(*module);
  if (status)
    return ::testing::AssertionFailure() << "validated, expected \"" << reason << "\"";
  if (module->validated)
    return ::testing::AssertionFailure() << "marked validated after an error";
  if (status.error().reason().rfind(reason, 0) != 0)
    return ::testing::AssertionFailure()
           << "failed with \"" << status.error().reason() << "\", expected \"" << reason << "\"";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult invalid(const std::string &text, const std::string &reason) {
  return invalidBytes(test::wat(text), reason);
}

/// A module with one function of the given signature and body.
std::string func(const std::string &signature, const std::string &body,
                 const std::string &rest = "") {
  return "(module " + rest + " (func " + signature + " " + body + "))";
}

/// The top-level sections of a binary without those of section id `id`.
std::vector<uint8_t> withoutSection(const std::vector<uint8_t> &bytes, uint8_t id) {
  std::vector<uint8_t> out(bytes.begin(), bytes.begin() + 8);
  size_t pos = 8;
  while (pos < bytes.size()) {
    size_t start = pos++;
    uint64_t size = 0;
    for (unsigned shift = 0;; shift += 7) {
      uint8_t byte = bytes[pos++];
      size |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        break;
    }
    pos += size;
    if (bytes[start] != id)
      out.insert(out.end(), bytes.begin() + start, bytes.begin() + pos);
  }
  return out;
}

//===--- Operand typing -------------------------------------------------------------------===//

TEST(ValidatorTest, NumericOperands) {
  EXPECT_TRUE(valid(func("(result i32)", "(i32.add (i32.const 1) (i32.const 2))")));
  EXPECT_TRUE(
      invalid(func("(result i32)", "(i32.add (i32.const 1) (i64.const 2))"), "type mismatch"));
  EXPECT_TRUE(invalid(func("(result i32)", "(i32.add (i32.const 1))"), "type mismatch"));
}

TEST(ValidatorTest, FunctionResults) {
  EXPECT_TRUE(valid(func("(result i32 i64)", "(i32.const 1) (i64.const 2)")));
  EXPECT_TRUE(invalid(func("(result i32 i64)", "(i64.const 2) (i32.const 1)"), "type mismatch"));
  EXPECT_TRUE(invalid(func("(result i32)", "(i32.const 1) (i32.const 2)"), "type mismatch"));
  EXPECT_TRUE(invalid(func("", "(i32.const 1)"), "type mismatch"));
}

TEST(ValidatorTest, DropNeedsAnOperand) {
  EXPECT_TRUE(valid(func("", "(drop (f32.const 1))")));
  EXPECT_TRUE(invalid(func("", "drop"), "type mismatch"));
}

TEST(ValidatorTest, UnreachableCodeIsPolymorphic) {
  EXPECT_TRUE(valid(func("(result i32)", "unreachable i32.add")));
  EXPECT_TRUE(valid(func("(result f64)", "(block (result f64) (br 0 (return (f64.const 1))))")));
  // Known operands are still typed after unreachable.
  EXPECT_TRUE(invalid(func("(result i32)", "unreachable (i64.const 0) i32.add"), "type mismatch"));
  // The polymorphic stack ends with its block.
  EXPECT_TRUE(invalid(func("(result i32)", "(block unreachable) i32.eqz"), "type mismatch"));
}

TEST(ValidatorTest, SimdOperandsComeFromTheTable) {
  EXPECT_TRUE(valid(
      func("(param v128) (result v128)", "(i8x16.add (local.get 0) (i8x16.splat (i32.const 1)))")));
  EXPECT_TRUE(invalid(func("(param v128) (result v128)", "(i8x16.add (local.get 0) (i32.const 1))"),
                      "type mismatch"));
  EXPECT_TRUE(valid(func("(param v128) (result i32)", "(i32x4.extract_lane 3 (local.get 0))")));
  EXPECT_TRUE(invalid(func("(param v128) (result i64)", "(i32x4.extract_lane 3 (local.get 0))"),
                      "type mismatch"));
}

//===--- Blocks and branches --------------------------------------------------------------===//

TEST(ValidatorTest, BlockParamsAndResults) {
  EXPECT_TRUE(valid(func(
      "(result i32)", "(i32.const 1) (i32.const 2) (block (param i32 i32) (result i32) i32.add)")));
  EXPECT_TRUE(invalid(func("(result i32)", "(i32.const 1) (i64.const 2) "
                                           "(block (param i32 i32) (result i32) i32.add)"),
                      "type mismatch"));
  // A block sees no operand from outside beyond its parameters.
  EXPECT_TRUE(
      invalid(func("(result i32)", "(i32.const 1) (block (result i32) i32.eqz)"), "type mismatch"));
  EXPECT_TRUE(
      invalid(func("", "(block (result i32) (i32.const 1) (i32.const 2)) drop"), "type mismatch"));
}

TEST(ValidatorTest, BlockTypeIndexMustExist) {
  EXPECT_TRUE(valid("(module (type (func (param i32) (result i32))) "
                    "(func (result i32) (i32.const 1) (block (type 0) (i32.eqz))))"));
  // The text format cannot name a missing type here: patch the block's type byte instead.
  std::vector<uint8_t> bytes = test::wat("(module (type (func (param i32) (result i32))) "
                                         "(func (result i32) (i32.const 1) (block (i32.eqz))))");
  const uint8_t emptyBlock[] = {0x02, 0x40, 0x45};
  auto at = std::search(bytes.begin(), bytes.end(), std::begin(emptyBlock), std::end(emptyBlock));
  ASSERT_NE(at, bytes.end());
  EXPECT_TRUE(invalidBytes(bytes, "type mismatch")); // an empty block sees no operand
  at[1] = 0x00;
  EXPECT_TRUE(validBytes(bytes));
  at[1] = 0x03;
  EXPECT_TRUE(invalidBytes(bytes, "unknown type 3"));
}

TEST(ValidatorTest, IfWithoutElsePassesItsParams) {
  EXPECT_TRUE(valid(func("(param i32) (result i32)",
                         "(local.get 0) (local.get 0) (if (param i32) (result i32) (then))")));
  EXPECT_TRUE(invalid(
      func("(param i32) (result i32)", "(local.get 0) (if (result i32) (then (i32.const 1)))"),
      "type mismatch"));
  EXPECT_TRUE(
      valid(func("(param i32) (result i32)",
                 "(local.get 0) (if (result i32) (then (i32.const 1)) (else (i32.const 2)))")));
  EXPECT_TRUE(
      invalid(func("(param i32) (result i32)",
                   "(local.get 0) (if (result i32) (then (i32.const 1)) (else (f32.const 2)))"),
              "type mismatch"));
  EXPECT_TRUE(invalid(func("(result i32)", "(i64.const 0) (if (result i32) (then (i32.const 1)) "
                                           "(else (i32.const 2)))"),
                      "type mismatch"));
}

TEST(ValidatorTest, BranchTargetsAndTypes) {
  EXPECT_TRUE(valid(func("(result i32)", "(block (result i32) (br 0 (i32.const 1)))")));
  EXPECT_TRUE(
      invalid(func("(result i32)", "(block (result i32) (br 0 (f32.const 1)))"), "type mismatch"));
  EXPECT_TRUE(invalid(func("", "(block (br 2))"), "unknown label 2"));
  // A loop's label takes its parameters, not its results.
  EXPECT_TRUE(valid(func("", "(i32.const 1) (loop (param i32) (result i32) (br 0)) drop")));
  EXPECT_TRUE(invalid(func("", "(f32.const 1) (loop (param f32) (result f32) (br 0 (i32.const 1))) "
                               "drop"),
                      "type mismatch"));
}

TEST(ValidatorTest, BrIfRefinesUnknownOperands) {
  EXPECT_TRUE(valid(func("(param i32) (result i32)",
                         "(block (result i32) (br_if 0 (i32.const 1) (local.get 0)))")));
  EXPECT_TRUE(invalid(func("(param i32) (result i32)",
                           "(block (result i32) (br_if 0 (i64.const 1) (local.get 0)))"),
                      "type mismatch"));
  // br_if leaves the label's types, so an unknown operand becomes an i32 afterwards.
  EXPECT_TRUE(invalid(func("(param i32) (result i32)",
                           "(block (result i32) unreachable (br_if 0 (local.get 0)) f32.neg "
                           "drop (i32.const 0))"),
                      "type mismatch"));
}

TEST(ValidatorTest, BrTableArities) {
  EXPECT_TRUE(valid(func("(param i32) (result i32)",
                         "(block $a (result i32) (block $b (result i32) "
                         "(br_table $a $b $a (i32.const 7) (local.get 0)))) ")));
  EXPECT_TRUE(invalid(func("(param i32) (result i32)",
                           "(block $a (result i32) (block $b (result i64) "
                           "(br_table $a $b $a (i32.const 7) (local.get 0))) drop (i32.const 0))"),
                      "type mismatch"));
  EXPECT_TRUE(invalid(func("(param i32)", "(block $a (block $b (result i32) "
                                          "(br_table $a $b (i32.const 7) (local.get 0))) drop)"),
                      "type mismatch"));
  // With an unknown operand, targets of one arity may differ in type (2.0's rule).
  EXPECT_TRUE(
      valid(func("(param i32)", "(block $a (result f32) (block $b (result i32) "
                                "unreachable (br_table $b $a $b)) drop (f32.const 0)) drop")));
  EXPECT_TRUE(invalid(func("(param i32)", "(block $a (block $b (result i32) "
                                          "unreachable (br_table $b $a $b)) drop)"),
                      "type mismatch"));
  EXPECT_TRUE(
      invalid(func("(param i32)", "(block (br_table 0 3 (local.get 0)))"), "unknown label"));
}

TEST(ValidatorTest, ReturnTypes) {
  EXPECT_TRUE(valid(func("(result i64)", "(block (result i64) (return (i64.const 1)))")));
  EXPECT_TRUE(invalid(func("(result i64)", "(block (return (i32.const 1))) (i64.const 0)"),
                      "type mismatch"));
}

//===--- Calls ----------------------------------------------------------------------------===//

TEST(ValidatorTest, Calls) {
  std::string callee = "(func $f (param i32 f64) (result i64) (i64.const 0))";
  EXPECT_TRUE(
      valid("(module " + callee + " (func (result i64) (call $f (i32.const 1) (f64.const 2))))"));
  EXPECT_TRUE(
      invalid("(module " + callee + " (func (result i64) (call $f (f64.const 2) (i32.const 1))))",
              "type mismatch"));
  EXPECT_TRUE(invalid(func("", "(call 9)"), "unknown function 9"));
}

TEST(ValidatorTest, CallIndirectNeedsAFuncrefTable) {
  std::string type = "(type $t (func (param i32) (result i32)))";
  std::string body = "(func (result i32) (call_indirect (type $t) (i32.const 1) (i32.const 0)))";
  EXPECT_TRUE(valid("(module " + type + " (table 1 funcref) " + body + ")"));
  EXPECT_TRUE(invalid("(module " + type + " (table 1 externref) " + body + ")", "type mismatch"));
  EXPECT_TRUE(invalid("(module " + type + " " + body + ")", "unknown table 0"));
  EXPECT_TRUE(invalid("(module (table 1 funcref) (func (call_indirect (type 4) (i32.const 0))))",
                      "unknown type 4"));
  EXPECT_TRUE(invalid("(module " + type + " (table 1 funcref) " +
                          "(func (result i32) (call_indirect (type $t) (i32.const 1) "
                          "(i64.const 0))))",
                      "type mismatch"));
}

//===--- Parametric instructions ----------------------------------------------------------===//

TEST(ValidatorTest, UntypedSelectOnlyForNumbersAndVectors) {
  EXPECT_TRUE(valid(func("(result f64)", "(select (f64.const 1) (f64.const 2) (i32.const 0))")));
  EXPECT_TRUE(valid(func("(param v128 v128) (result v128)",
                         "(select (local.get 0) (local.get 1) (i32.const 0))")));
  EXPECT_TRUE(invalid(func("(result f64)", "(select (f64.const 1) (f32.const 2) (i32.const 0))"),
                      "type mismatch"));
  EXPECT_TRUE(invalid(func("(param funcref funcref) (result funcref)",
                           "(select (local.get 0) (local.get 1) (i32.const 0))"),
                      "type mismatch"));
  EXPECT_TRUE(valid(func("(result i32)", "unreachable select")));
}

TEST(ValidatorTest, TypedSelect) {
  EXPECT_TRUE(valid(func("(param funcref funcref) (result funcref)",
                         "(select (result funcref) (local.get 0) (local.get 1) (i32.const 0))")));
  EXPECT_TRUE(invalid(func("(param funcref externref) (result funcref)",
                           "(select (result funcref) (local.get 0) (local.get 1) (i32.const 0))"),
                      "type mismatch"));
  EXPECT_TRUE(invalid(func("(result i32)", "(select (result i32 i32) (i32.const 0) (i32.const 0) "
                                           "(i32.const 0) (i32.const 0) (i32.const 1))"),
                      "invalid result arity"));
}

//===--- Variables ------------------------------------------------------------------------===//

TEST(ValidatorTest, Locals) {
  EXPECT_TRUE(
      valid(func("(param i32) (result i64)",
                 "(local i64) (local.set 1 (i64.extend_i32_u (local.get 0))) (local.get 1)")));
  EXPECT_TRUE(
      invalid(func("(param i32) (result i64)", "(local i64) (local.get 2)"), "unknown local 2"));
  EXPECT_TRUE(
      invalid(func("(param i32)", "(local i64) (local.set 1 (local.get 0))"), "type mismatch"));
  EXPECT_TRUE(valid(func("(param f32) (result f32)", "(local.tee 0 (f32.const 1))")));
  EXPECT_TRUE(
      invalid(func("(param f32) (result f64)", "(local.tee 0 (f32.const 1))"), "type mismatch"));
}

TEST(ValidatorTest, TooManyLocals) {
  auto declare = [](uint32_t count) {
    return func(
        "", "(local" + [&] {
          std::string types;
          for (uint32_t i = 0; i < count; ++i)
            types += " i32";
          return types;
        }() + ")");
  };
  EXPECT_TRUE(valid(declare(kMaxLocals)));
  EXPECT_TRUE(invalid(declare(kMaxLocals + 1), "too many locals"));
}

TEST(ValidatorTest, Globals) {
  std::string globals = "(global $c i32 (i32.const 1)) (global $m (mut i32) (i32.const 1))";
  EXPECT_TRUE(valid(func("", "(global.set $m (global.get $c))", globals)));
  EXPECT_TRUE(invalid(func("", "(global.set $c (global.get $m))", globals), "global is immutable"));
  EXPECT_TRUE(invalid(func("", "(global.set $m (f32.const 0))", globals), "type mismatch"));
  EXPECT_TRUE(invalid(func("(result i32)", "(global.get 2)", globals), "unknown global 2"));
}

//===--- Tables and references ------------------------------------------------------------===//

TEST(ValidatorTest, TableAccess) {
  std::string tables = "(table $f 1 funcref) (table $e 1 externref)";
  EXPECT_TRUE(valid(func("(param externref) (result i32)",
                         "(table.set $e (i32.const 0) (local.get 0)) "
                         "(drop (table.get $f (i32.const 0))) "
                         "(table.fill $e (i32.const 0) (local.get 0) (i32.const 1)) "
                         "(drop (table.grow $e (local.get 0) (i32.const 1))) (table.size $f)",
                         tables)));
  EXPECT_TRUE(
      invalid(func("(param externref)", "(table.set $f (i32.const 0) (local.get 0))", tables),
              "type mismatch"));
  EXPECT_TRUE(invalid(
      func("(param externref) (result i32)", "(table.grow $f (local.get 0) (i32.const 1))", tables),
      "type mismatch"));
  EXPECT_TRUE(invalid(func("(result i32)", "(table.size 2)", tables), "unknown table 2"));
  EXPECT_TRUE(invalid(func("", "(drop (table.get 2 (i32.const 0)))", tables), "unknown table 2"));
}

TEST(ValidatorTest, TableCopyAndInit) {
  std::string setup = "(table $f 1 funcref) (table $g 1 funcref) (table $e 1 externref) "
                      "(elem $fs funcref (ref.func $x)) (elem $es externref (ref.null extern)) "
                      "(func $x)";
  auto args = std::string(" (i32.const 0) (i32.const 0) (i32.const 0)");
  EXPECT_TRUE(
      valid(func("", "(table.copy $f $g" + args + ") (table.init $e $es" + args + ")", setup)));
  EXPECT_TRUE(invalid(func("", "(table.copy $f $e" + args + ")", setup), "type mismatch"));
  EXPECT_TRUE(invalid(func("", "(table.init $f $es" + args + ")", setup), "type mismatch"));
  EXPECT_TRUE(invalid(func("", "(table.init $f 4" + args + ")", setup), "unknown elem segment 4"));
  EXPECT_TRUE(valid(func("", "(elem.drop $fs)", setup)));
  EXPECT_TRUE(invalid(func("", "(elem.drop 2)", setup), "unknown elem segment 2"));
}

TEST(ValidatorTest, References) {
  EXPECT_TRUE(valid(func("(result i32)", "(ref.is_null (ref.null extern))")));
  EXPECT_TRUE(invalid(func("(result i32)", "(ref.is_null (i32.const 0))"), "type mismatch"));
  EXPECT_TRUE(valid(func("(result i32)", "unreachable ref.is_null")));
  EXPECT_TRUE(invalid(func("(result externref)", "(ref.null func)"), "type mismatch"));
}

TEST(ValidatorTest, RefFuncNeedsADeclaration) {
  std::string use = "(func $f (result funcref) (ref.func $f))";
  EXPECT_TRUE(invalid("(module " + use + ")", "undeclared function reference"));
  // The start section declares nothing.
  EXPECT_TRUE(invalid("(module " + use + " (func $s) (start $s) (func (drop (ref.func $s))))",
                      "undeclared function reference"));
  EXPECT_TRUE(valid("(module " + use + " (elem declare func $f))"));
  EXPECT_TRUE(valid("(module " + use + " (export \"f\" (func $f)))"));
  EXPECT_TRUE(valid("(module " + use + " (global funcref (ref.func $f)))"));
  EXPECT_TRUE(valid("(module " + use + " (table 1 funcref) (elem (i32.const 0) $f))"));
  EXPECT_TRUE(invalid(func("(result funcref)", "(ref.func 5)"), "unknown function 5"));
}

//===--- Memory ---------------------------------------------------------------------------===//

TEST(ValidatorTest, MemoryAccess) {
  EXPECT_TRUE(
      valid(func("(result i64)", "(i64.load offset=8 align=8 (i32.const 0))", "(memory 1)")));
  EXPECT_TRUE(invalid(func("(result i64)", "(i64.load (i32.const 0))"), "unknown memory 0"));
  EXPECT_TRUE(invalid(func("(result i64)", "(i64.load align=16 (i32.const 0))", "(memory 1)"),
                      "alignment must not be larger than natural"));
  EXPECT_TRUE(invalid(func("(result i32)", "(i32.load16_u align=4 (i32.const 0))", "(memory 1)"),
                      "alignment must not be larger than natural"));
  EXPECT_TRUE(
      invalid(func("(result i64)", "(i64.load (i64.const 0))", "(memory 1)"), "type mismatch"));
  EXPECT_TRUE(valid(func("(result i32)", "(memory.grow (memory.size))", "(memory 1)")));
  EXPECT_TRUE(invalid(func("(result i32)", "(memory.size)"), "unknown memory 0"));
  EXPECT_TRUE(invalid(func("", "(memory.fill (i32.const 0) (i32.const 0) (i32.const 0))"),
                      "unknown memory 0"));
}

TEST(ValidatorTest, SimdMemoryAndLanes) {
  std::string memory = "(memory 1)";
  EXPECT_TRUE(valid(func("(param v128) (result v128)",
                         "(v128.load16_lane align=2 7 (i32.const 0) (local.get 0))", memory)));
  EXPECT_TRUE(invalid(func("(param v128) (result v128)",
                           "(v128.load16_lane 8 (i32.const 0) (local.get 0))", memory),
                      "invalid lane index"));
  EXPECT_TRUE(invalid(func("(param v128) (result v128)",
                           "(v128.load16_lane align=4 0 (i32.const 0) (local.get 0))", memory),
                      "alignment must not be larger than natural"));
  EXPECT_TRUE(valid(func("(param v128) (result i32)", "(i8x16.extract_lane_u 15 (local.get 0))")));
  EXPECT_TRUE(invalid(func("(param v128) (result i32)", "(i8x16.extract_lane_u 16 (local.get 0))"),
                      "invalid lane index"));
  EXPECT_TRUE(invalid(func("(param v128) (result f64)", "(f64x2.extract_lane 2 (local.get 0))"),
                      "invalid lane index"));
  std::string lanes = "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 ";
  EXPECT_TRUE(valid(func("(param v128) (result v128)",
                         "(i8x16.shuffle " + lanes + "31 (local.get 0) (local.get 0))")));
  EXPECT_TRUE(invalid(func("(param v128) (result v128)",
                           "(i8x16.shuffle " + lanes + "32 (local.get 0) (local.get 0))"),
                      "invalid lane index"));
}

TEST(ValidatorTest, BulkMemoryNeedsDataSegments) {
  std::string setup = "(memory 1) (data $d \"abc\")";
  std::string init = "(memory.init $d (i32.const 0) (i32.const 0) (i32.const 1))";
  EXPECT_TRUE(valid(func("", init + " (data.drop $d)", setup)));
  EXPECT_TRUE(invalid(func("", "(data.drop 1)", setup), "unknown data segment 1"));
  EXPECT_TRUE(invalid(func("", "(memory.init 3 (i32.const 0) (i32.const 0) (i32.const 1))", setup),
                      "unknown data segment 3"));
  EXPECT_TRUE(invalid(func("", init, "(data $d \"abc\")"), "unknown memory 0"));
  // Without the data count section, a body cannot name data segments.
  std::vector<uint8_t> bytes = test::wat(func("", init, setup));
  EXPECT_TRUE(validBytes(bytes));
  EXPECT_TRUE(invalidBytes(withoutSection(bytes, uint8_t(SectionId::DataCount)),
                           "data count section required"));
}

//===--- Module-level rules ---------------------------------------------------------------===//

TEST(ValidatorTest, FunctionTypeIndices) {
  EXPECT_TRUE(valid("(module (type (func)) (import \"m\" \"f\" (func (type 0))))"));
  EXPECT_TRUE(
      invalid("(module (type (func)) (import \"m\" \"f\" (func (type 1))))", "unknown type 1"));
  EXPECT_TRUE(invalid("(module (type (func)) (func (type 2)))", "unknown type 2"));
}

TEST(ValidatorTest, TableLimits) {
  EXPECT_TRUE(valid("(module (table 2 3 funcref))"));
  EXPECT_TRUE(
      invalid("(module (table 3 2 funcref))", "size minimum must not be greater than maximum"));
  EXPECT_TRUE(invalid("(module (import \"m\" \"t\" (table 3 2 funcref)))",
                      "size minimum must not be greater than maximum"));
}

TEST(ValidatorTest, MemoryLimits) {
  EXPECT_TRUE(valid("(module (memory 0 65536))"));
  EXPECT_TRUE(
      invalid("(module (memory 0 65537))", "memory size must be at most 65536 pages (4GiB)"));
  EXPECT_TRUE(invalid("(module (memory 65537))", "memory size must be at most 65536 pages (4GiB)"));
  EXPECT_TRUE(invalid("(module (memory 2 1))", "size minimum must not be greater than maximum"));
}

TEST(ValidatorTest, MultipleMemoriesNeedTheFeature) {
  std::vector<uint8_t> bytes = test::wat("(module (memory 1) (memory 1))");
  EXPECT_TRUE(invalidBytes(bytes, "multiple memories"));
  Features features;
  features.multiMemory = true;
  EXPECT_TRUE(validBytes(bytes, features));
  EXPECT_TRUE(invalid("(module (import \"m\" \"m\" (memory 1)) (memory 1))", "multiple memories"));
}

TEST(ValidatorTest, GlobalInitializers) {
  std::string imports =
      "(import \"m\" \"c\" (global $c i32)) (import \"m\" \"v\" (global $v (mut i32)))";
  EXPECT_TRUE(valid("(module " + imports + " (global i32 (global.get $c)))"));
  EXPECT_TRUE(invalid("(module " + imports + " (global i32 (global.get $v)))",
                      "constant expression required"));
  EXPECT_TRUE(invalid("(module (global $a i32 (i32.const 0)) (global i32 (global.get $a)))",
                      "unknown global 0"));
  EXPECT_TRUE(invalid("(module (global i32 (i32.add (i32.const 0) (i32.const 1))))",
                      "constant expression required"));
  EXPECT_TRUE(invalid("(module (global i32 (i64.const 0)))", "type mismatch"));
  EXPECT_TRUE(invalid("(module (global i32))", "type mismatch"));
  EXPECT_TRUE(invalid("(module (global i32 (i32.const 0) (i32.const 0)))", "type mismatch"));
  EXPECT_TRUE(valid("(module (global v128 (v128.const i64x2 1 2)) (global externref "
                    "(ref.null extern)))"));
  EXPECT_TRUE(invalid("(module (global funcref (ref.func 3)))", "unknown function 3"));
}

TEST(ValidatorTest, ElementSegments) {
  EXPECT_TRUE(valid("(module (table 1 funcref) (func $f) (elem (i32.const 0) $f))"));
  EXPECT_TRUE(
      invalid("(module (table 1 funcref) (func $f) (elem (i64.const 0) $f))", "type mismatch"));
  EXPECT_TRUE(invalid("(module (func $f) (elem (i32.const 0) $f))", "unknown table 0"));
  EXPECT_TRUE(
      invalid("(module (table 1 externref) (func $f) (elem (i32.const 0) $f))", "type mismatch"));
  EXPECT_TRUE(valid("(module (elem externref (ref.null extern)))"));
  EXPECT_TRUE(invalid("(module (elem externref (ref.null func)))", "type mismatch"));
  EXPECT_TRUE(invalid("(module (table 1 funcref) (elem (i32.ctz (i32.const 0))))",
                      "constant expression required"));
}

TEST(ValidatorTest, DataSegments) {
  EXPECT_TRUE(valid("(module (memory 1) (data (i32.const 0) \"a\"))"));
  EXPECT_TRUE(invalid("(module (data (i32.const 0) \"a\"))", "unknown memory 0"));
  EXPECT_TRUE(invalid("(module (memory 1) (data (f32.const 0) \"a\"))", "type mismatch"));
  EXPECT_TRUE(valid("(module (data \"passive needs no memory\"))"));
}

TEST(ValidatorTest, StartFunction) {
  EXPECT_TRUE(valid("(module (func $s) (start $s))"));
  EXPECT_TRUE(invalid("(module (func $s (param i32)) (start $s))", "start function"));
  EXPECT_TRUE(
      invalid("(module (func $s (result i32) (i32.const 0)) (start $s))", "start function"));
  EXPECT_TRUE(invalid("(module (func) (start 1))", "unknown function 1"));
}

TEST(ValidatorTest, Exports) {
  EXPECT_TRUE(valid("(module (func $f) (export \"a\" (func $f)) (export \"b\" (func $f)))"));
  EXPECT_TRUE(invalid("(module (func $f) (export \"a\" (func $f)) (memory 1) "
                      "(export \"a\" (memory 0)))",
                      "duplicate export name"));
  EXPECT_TRUE(invalid("(module (export \"a\" (func 0)))", "unknown function 0"));
  EXPECT_TRUE(invalid("(module (export \"a\" (table 0)))", "unknown table 0"));
  EXPECT_TRUE(invalid("(module (export \"a\" (memory 0)))", "unknown memory 0"));
  EXPECT_TRUE(invalid("(module (export \"a\" (global 0)))", "unknown global 0"));
}

//===--- Errors point at the input --------------------------------------------------------===//

TEST(ValidatorTest, ErrorsCarryOffsetAndFunction) {
  std::unique_ptr<Module> module =
      decodeText("(module (func) (func (result i32) (i32.eqz (i64.const 0))))");
  ASSERT_TRUE(module);
  Status status = validateModule(*module);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().function(), std::optional<uint32_t>(1));
  std::optional<uint64_t> offset = status.error().offset();
  ASSERT_TRUE(offset);
  const FunctionBody &body = module->code[1];
  EXPECT_GE(*offset, body.codeOffset);
  EXPECT_LT(*offset, body.codeEnd);
  EXPECT_EQ(module->bytes[*offset], 0x45); // i32.eqz
}

TEST(ValidatorTest, BodiesMustEndExactlyAtTheirEnd) {
  // `(func nop)` assembles to the body bytes 00 01 0b; patch them to lose or gain an end.
  std::vector<uint8_t> bytes = test::wat("(module (func nop))");
  ASSERT_EQ(bytes.back(), 0x0b);
  EXPECT_TRUE(validBytes(bytes));
  std::vector<uint8_t> noEnd = bytes;
  noEnd.back() = 0x01; // nop nop, and no end
  EXPECT_TRUE(invalidBytes(noEnd, "unexpected end"));
  std::vector<uint8_t> early = bytes;
  early[early.size() - 2] = 0x0b; // end end
  EXPECT_TRUE(invalidBytes(early, "operators remaining after end of function"));
}

//===--- Side information -----------------------------------------------------------------===//

TEST(ValidatorTest, LocalsAndMaxStackSlots) {
  std::unique_ptr<Module> module =
      decodeText("(module (func (param i32 v128) (result i32) (local f64 v128 i64)"
                 "  (drop (i8x16.add (local.get 1) (local.get 1)))"
                 "  (i32.add (local.get 0) (i32.const 1))))");
  ASSERT_TRUE(module);
  ASSERT_TRUE(validateModule(*module));
  const FunctionInfo &info = module->info(0);
  EXPECT_EQ(info.localTypes, (std::vector<ValType>{ValType::I32, ValType::V128, ValType::F64,
                                                   ValType::V128, ValType::I64}));
  EXPECT_EQ(info.numLocalSlots, 7u);
  EXPECT_EQ(info.maxStackSlots, 4u); // two v128 operands
  EXPECT_TRUE(info.controls.empty());
  EXPECT_TRUE(info.loops.empty());
}

TEST(ValidatorTest, ControlTable) {
  std::unique_ptr<Module> module = decodeText(
      "(module (func (param i32) (result i32)"
      "  (i64.const 7)"                 // height 1
      "  (block (result i32)"           // controls[0]
      "    (local.get 0) (local.get 0)" // parameter, condition
      "    (if (param i32) (result f64) (then drop (f64.const 1)) (else drop (f64.const 2)))"
      "    drop"
      "    (loop (result i32) (i32.const 3)))" // controls[2]
      "  (local.set 0) drop (local.get 0)))");
  ASSERT_TRUE(module);
  ASSERT_TRUE(validateModule(*module));
  const FunctionInfo &info = module->info(0);
  ASSERT_EQ(info.controls.size(), 3u);
  const std::vector<uint8_t> &bytes = module->bytes;
  const ControlInfo &block = info.controls[0], &ifElse = info.controls[1], &loop = info.controls[2];
  EXPECT_EQ(block.kind, ControlInfo::Block);
  EXPECT_EQ(ifElse.kind, ControlInfo::If);
  EXPECT_EQ(loop.kind, ControlInfo::Loop);
  EXPECT_EQ(bytes[block.startOffset], 0x02);
  EXPECT_EQ(bytes[ifElse.startOffset], 0x04);
  EXPECT_EQ(bytes[loop.startOffset], 0x03);
  EXPECT_EQ(bytes[ifElse.elseOffset], 0x05);
  EXPECT_EQ(block.elseOffset, 0u);
  for (const ControlInfo &control : info.controls)
    EXPECT_EQ(bytes[control.endOffset], 0x0b);
  EXPECT_LT(block.startOffset, ifElse.startOffset);
  EXPECT_LT(ifElse.startOffset, ifElse.elseOffset);
  EXPECT_LT(ifElse.elseOffset, ifElse.endOffset);
  EXPECT_LT(ifElse.endOffset, loop.startOffset);
  EXPECT_LT(loop.endOffset, block.endOffset);
  EXPECT_EQ(block.baseHeight, 1u);
  EXPECT_EQ(block.paramSlots, 0u);
  EXPECT_EQ(block.resultSlots, 1u);
  EXPECT_EQ(ifElse.baseHeight, 1u); // the condition and the parameter are popped
  EXPECT_EQ(ifElse.paramSlots, 1u);
  EXPECT_EQ(ifElse.resultSlots, 1u);
  EXPECT_EQ(loop.baseHeight, 1u);
  EXPECT_EQ(info.maxStackSlots, 3u); // i64, i32 parameter, i32 condition
}

TEST(ValidatorTest, LoopInsideABlockRecordsTheLiveOperands) {
  std::unique_ptr<Module> module = decodeText("(module (func (result i32)"
                                              "  (i64.const 1)"
                                              "  (block (result i32)"
                                              "    (f32.const 2)"
                                              "    (loop (result i32) (i32.const 3))"
                                              "    drop drop (i32.const 4))"
                                              "  drop drop (i32.const 0)))");
  ASSERT_TRUE(module);
  ASSERT_TRUE(validateModule(*module));
  const FunctionInfo &info = module->info(0);
  ASSERT_EQ(info.loops.size(), 1u);
  const LoopInfo &loop = info.loops[0];
  EXPECT_EQ(loop.controlIndex, 1u);
  EXPECT_EQ(loop.offset, info.controls[1].startOffset);
  EXPECT_EQ(module->bytes[loop.offset], 0x03);
  EXPECT_EQ(loop.operandTypes, (std::vector<ValType>{ValType::I64, ValType::F32}));
  EXPECT_EQ(loop.height, 2u);
}

TEST(ValidatorTest, MultiValueLoopRecordsItsParams) {
  std::unique_ptr<Module> module = decodeText("(module (func (result v128 i32 f64)"
                                              "  (v128.const i64x2 0 0)"
                                              "  (i32.const 1) (f64.const 2)"
                                              "  (loop (param i32 f64) (result i32 f64))))");
  ASSERT_TRUE(module);
  ASSERT_TRUE(validateModule(*module));
  const FunctionInfo &info = module->info(0);
  ASSERT_EQ(info.loops.size(), 1u);
  const LoopInfo &loop = info.loops[0];
  EXPECT_EQ(loop.operandTypes, (std::vector<ValType>{ValType::V128, ValType::I32, ValType::F64}));
  EXPECT_EQ(loop.height, 4u);
  const ControlInfo &control = info.controls[loop.controlIndex];
  EXPECT_EQ(control.baseHeight, 2u);
  EXPECT_EQ(control.paramSlots, 2u);
  EXPECT_EQ(control.resultSlots, 2u);
  EXPECT_EQ(info.maxStackSlots, 4u);
}

TEST(ValidatorTest, UnknownOperandsAtALoopAreRecordedAsI32) {
  std::unique_ptr<Module> module = decodeText("(module (func (result i32)"
                                              "  unreachable"
                                              "  select" // an operand of unknown type
                                              "  (f64.const 0)"
                                              "  (loop (param f64) (result f64))"
                                              "  drop))");
  ASSERT_TRUE(module);
  ASSERT_TRUE(validateModule(*module));
  const LoopInfo &loop = module->info(0).loops.at(0);
  EXPECT_EQ(loop.operandTypes, (std::vector<ValType>{ValType::I32, ValType::F64}));
  EXPECT_EQ(loop.height, 2u);
}

TEST(ValidatorTest, LoopsKnowTheirParentAndRoot) {
  // Loop 0 encloses 1 (through a block) and 3; loop 1 encloses 2; loop 4 stands alone.
  std::unique_ptr<Module> module = decodeText("(module (func"
                                              "  (loop"
                                              "    (block (loop (if (i32.const 0) (then (loop)))))"
                                              "    (loop))"
                                              "  (block (loop))))");
  ASSERT_TRUE(module);
  ASSERT_TRUE(validateModule(*module));
  const FunctionInfo &info = module->info(0);
  ASSERT_EQ(info.loops.size(), 5u);
  const uint32_t parents[] = {kNoLoop, 0, 1, 0, kNoLoop};
  const uint32_t roots[] = {0, 0, 0, 0, 4};
  for (uint32_t l = 0; l < 5; ++l) {
    EXPECT_EQ(info.loops[l].parent, parents[l]) << "loop " << l;
    EXPECT_EQ(info.loops[l].root, roots[l]) << "loop " << l;
  }
  for (size_t l = 1; l < info.loops.size(); ++l)
    EXPECT_LT(info.loops[l - 1].offset, info.loops[l].offset); // code order
}

TEST(ValidatorTest, DirectCallsOfDefinedFunctionsAreRecordedInCodeOrder) {
  std::unique_ptr<Module> module = decodeText("(module (import \"m\" \"f\" (func))"
                                              "  (table 1 funcref)"
                                              "  (func (call 0) (call 2) (loop (call 1))"
                                              "    (call_indirect (i32.const 0)) (call 2))"
                                              "  (func))");
  ASSERT_TRUE(module);
  ASSERT_TRUE(validateModule(*module));
  const FunctionInfo &info = module->info(1);
  ASSERT_EQ(info.calls.size(), 3u); // neither the import nor call_indirect
  const uint32_t callees[] = {2, 1, 2};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(info.calls[i].callee, callees[i]);
    EXPECT_EQ(module->bytes[info.calls[i].offset], 0x10); // the call opcode
  }
  EXPECT_LT(info.calls[0].offset, info.loops.at(0).offset);
  EXPECT_GT(info.calls[1].offset, info.loops.at(0).offset);
  EXPECT_TRUE(module->info(2).calls.empty());
  std::vector<uint32_t> fromLoop;
  forEachDirectCallee(*module, 1, info.loops[0].offset, [&](uint32_t callee) {
    fromLoop.push_back(callee);
    return true;
  });
  EXPECT_EQ(fromLoop, (std::vector<uint32_t>{1, 2}));
}

TEST(ValidatorTest, EachFunctionGetsItsOwnInfo) {
  std::unique_ptr<Module> module = decodeText("(module (import \"m\" \"f\" (func))"
                                              "  (func (loop (loop)))"
                                              "  (func (param i64) (result i64) (local.get 0)))");
  ASSERT_TRUE(module);
  ASSERT_TRUE(validateModule(*module));
  EXPECT_TRUE(module->validated);
  ASSERT_EQ(module->functionInfo.size(), 2u);
  EXPECT_EQ(module->info(1).loops.size(), 2u);
  EXPECT_EQ(module->info(1).loops[1].controlIndex, 1u);
  EXPECT_EQ(module->info(2).loops.size(), 0u);
  EXPECT_EQ(module->info(2).localTypes, std::vector<ValType>{ValType::I64});
  EXPECT_EQ(module->info(2).maxStackSlots, 1u);

  // One function alone gives the same facts.
  FunctionInfo alone;
  ASSERT_TRUE(validateFunction(*module, 1, alone));
  EXPECT_EQ(alone.controls.size(), 2u);
  EXPECT_FALSE(validateFunction(*module, 0, alone)); // imported: no body
}

} // namespace
} // namespace strata::wasm
