// The options that choose and configure the engine, shared by invoke, run, spectest and
// fuzz-exec: --engine, --option=KEY=VALUE, shorthands for common engine option keys, the tool
// outputs of jit and tiered, and --memory-reservation. The engine registry checks the keys.
#pragma once

#include <boost/program_options/option.hpp>
#include <boost/program_options/options_description.hpp>

#include <string>

namespace strata::api {
struct RuntimeConfig;
}

namespace strata::tools {

/// Their descriptions, for parsing and --help.
const boost::program_options::options_description &engineOptions();

/// Whether `key`, a parsed option's name, is one of them.
bool isEngineOption(const std::string &key);

/// Sets in `config` what one parsed engine option says; throws boost::program_options::error
/// when its value is malformed.
void applyEngineOption(const boost::program_options::option &option, api::RuntimeConfig &config);

} // namespace strata::tools
