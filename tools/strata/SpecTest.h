// Internal to `strata spectest`: runs the JSON scripts wast2json writes (commands plus .wasm
// files). SpecTest.cpp is the command line, SpecTestScript.cpp runs one script's commands,
// SpecTestValues.cpp reads and checks values, SpecTestHost.cpp is the `spectest` module and
// SpecTestSimd.cpp decides which modules to skip on engines without SIMD.
#pragma once

#include "strata/api/Runtime.h"

#include <boost/json/object.hpp>

#include <string>

namespace strata::tools::spec {

struct Options {
  api::RuntimeConfig config;
  bool anyTrap = false; // accept any trap where a specific one is expected
};

struct Counts {
  unsigned passed = 0, failed = 0, skipped = 0;
  Counts &operator+=(const Counts &other) {
    passed += other.passed;
    failed += other.failed;
    skipped += other.skipped;
    return *this;
  }
};

/// Runs one script with a fresh runtime, printing "FILE:LINE: reason" per failed command.
Counts runScript(const std::string &jsonPath, const Options &options);

/// A value written as wast2json does: {"type": "i32", "value": "<unsigned bits>"}, v128 with
/// "lane_type" and a list of lanes, references as "null" or a number (externref).
Expected<runtime::Value> parseJsonValue(const boost::json::object &value);
/// Empty when `got` meets `expected` (exact bits, or a lane-wise `nan:canonical` /
/// `nan:arithmetic` pattern), else the reason it does not.
std::string checkResult(const boost::json::object &expected, const runtime::Value &got);

/// Defines the `spectest` module scripts import from (print*, global_*, table, memory).
void defineSpectestModule(api::Runtime &runtime, runtime::ImportMap &imports);

/// True when a function body holds a SIMD (0xfd-prefixed) instruction.
bool usesSimd(const wasm::Module &module);
/// Whether the engine `config` names runs SIMD code, found out once by running a probe.
bool engineRunsSimd(const api::RuntimeConfig &config);
/// True when a function type, global or local of the module has type v128.
bool usesV128Values(const wasm::Module &module);
/// Whether the engine passes v128 values through functions (with or without SIMD
/// instructions), found out once by a probe.
bool engineCarriesV128(const api::RuntimeConfig &config);

} // namespace strata::tools::spec
