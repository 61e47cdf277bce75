// The binary decoder: bytes to a Module. Checks everything the binary format fixes (section
// order and sizes, LEB128 rules, UTF-8 names, counts against the bytes left) and leaves typing to
// the Validator. Never aborts and never allocates more than the input justifies.
#pragma once

#include "strata/support/Error.h"
#include "strata/wasm/Module.h"

#include <cstdint>
#include <memory>
#include <span>

namespace strata::wasm {

/// Decodes a whole module; the Module keeps a copy of the bytes.
Expected<std::unique_ptr<Module>> decodeModule(std::span<const uint8_t> bytes,
                                               const Features &features = {});

/// Parses the "name" custom section payload into `names`; malformed subsections are ignored,
/// as the spec asks of custom sections.
void parseNameSection(ByteReader reader, Names &names);

} // namespace strata::wasm
