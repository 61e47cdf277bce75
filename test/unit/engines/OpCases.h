// Table-driven tests of single instructions. Each case runs in four shapes that take
// different paths through a translator: operands from parameters, from constants, and (for
// binary instructions) one of each, so immediate forms and operand fusion are all exercised.
#pragma once

#include "EngineFixture.h"

#include <sstream>

namespace strata::test {

/// What a case must produce: exact bits, a NaN of some class, or a trap.
struct Expect {
  enum Kind { Bits, CanonicalNan, ArithmeticNan, Trapping } kind = Bits;
  uint64_t bits = 0;
  runtime::TrapKind trap = runtime::TrapKind::Unreachable;
};
inline Expect bits(uint64_t value) { return {Expect::Bits, value}; }
inline Expect canonicalNan() { return {Expect::CanonicalNan}; }
inline Expect arithmeticNan() { return {Expect::ArithmeticNan}; }
inline Expect traps(runtime::TrapKind kind) { return {Expect::Trapping, 0, kind}; }

struct OpCase {
  std::string op; // "i32.add"
  std::vector<Value> args;
  wasm::ValType result;
  Expect expect;
};

/// A constant in text form with exact bits.
inline std::string constText(const Value &v) {
  std::ostringstream out;
  switch (v.type()) {
  case wasm::ValType::I32:
    out << "(i32.const " << v.i32() << ")";
    break;
  case wasm::ValType::I64:
    out << "(i64.const " << v.i64() << ")";
    break;
  case wasm::ValType::F32:
    out << "(f32.reinterpret_i32 (i32.const " << int32_t(uint32_t(v.bits())) << "))";
    break;
  default:
    out << "(f64.reinterpret_i64 (i64.const " << int64_t(v.bits()) << "))";
    break;
  }
  return out.str();
}

/// The exports of case `i`: "p<i>" (parameters), "k<i>" (constants), and for two operands
/// "l<i>" (left parameter, right constant) and "r<i>" (left constant, right parameter).
inline std::string caseFunctions(const OpCase &c, size_t i) {
  auto typeName = [](const Value &v) { return std::string(wasm::toString(v.type())); };
  std::string result = std::string("(result ") + wasm::toString(c.result) + ")";
  std::ostringstream out;
  out << "(func (export \"p" << i << "\") (param";
  for (const Value &v : c.args)
    out << " " << typeName(v);
  out << ") " << result;
  for (size_t a = 0; a < c.args.size(); ++a)
    out << " (local.get " << a << ")";
  out << " " << c.op << ")\n";
  out << "(func (export \"k" << i << "\") " << result;
  for (const Value &v : c.args)
    out << " " << constText(v);
  out << " " << c.op << ")\n";
  if (c.args.size() == 2) {
    out << "(func (export \"l" << i << "\") (param " << typeName(c.args[0]) << ") " << result
        << " (local.get 0) " << constText(c.args[1]) << " " << c.op << ")\n";
    out << "(func (export \"r" << i << "\") (param " << typeName(c.args[1]) << ") " << result << " "
        << constText(c.args[0]) << " (local.get 0) " << c.op << ")\n";
  }
  return out.str();
}

class OpCaseTest : public EngineTest {
protected:
  void check(const std::vector<OpCase> &cases) {
    std::string text = "(module\n";
    for (size_t i = 0; i < cases.size(); ++i)
      text += caseFunctions(cases[i], i);
    text += ")";
    if (!load(text))
      return;
    for (size_t i = 0; i < cases.size(); ++i) {
      const OpCase &c = cases[i];
      std::vector<std::pair<std::string, std::vector<Value>>> shapes = {{"p", c.args}, {"k", {}}};
      if (c.args.size() == 2) {
        shapes.push_back({"l", {c.args[0]}});
        shapes.push_back({"r", {c.args[1]}});
      }
      for (auto &[prefix, args] : shapes)
        checkOne(c, prefix + std::to_string(i), args);
    }
  }

private:
  void checkOne(const OpCase &c, const std::string &name, const std::vector<Value> &args) {
    std::string what = c.op + " case " + name;
    for (const Value &v : c.args)
      what += " " + v.toString();
    CallResult result = call(name, args);
    if (c.expect.kind == Expect::Trapping) {
      ASSERT_TRUE(result.trap) << what << ": expected a trap";
      EXPECT_EQ(result.trap->kind(), c.expect.trap)
          << what << ": trapped with " << result.trap->message();
      return;
    }
    ASSERT_FALSE(result.trap) << what << ": " << result.trap->describe();
    ASSERT_EQ(result.values.size(), 1u) << what << " " << result.error;
    uint64_t got = result.values[0].bits();
    bool is32 = c.result == wasm::ValType::I32 || c.result == wasm::ValType::F32;
    switch (c.expect.kind) {
    case Expect::Bits:
      EXPECT_EQ(got, is32 ? uint32_t(c.expect.bits) : c.expect.bits)
          << what << ": got " << result.values[0].toString();
      break;
    case Expect::CanonicalNan:
      EXPECT_TRUE(is32 ? isCanonicalNan32(uint32_t(got)) : isCanonicalNan64(got))
          << what << ": got " << result.values[0].toString();
      break;
    case Expect::ArithmeticNan:
      EXPECT_TRUE(is32 ? isArithmeticNan32(uint32_t(got)) : isArithmeticNan64(got))
          << what << ": got " << result.values[0].toString();
      break;
    case Expect::Trapping:
      break;
    }
  }
};

} // namespace strata::test
