// The programs of the suite (bench/programs) with their native builds' entry points, from the
// build's generated Programs.def: for the benchmarks linked against the native objects.
#pragma once

#include <cstdint>

#define STRATA_PROGRAM(name) extern "C" int64_t strata_native_##name();
#include "Programs.def"
#undef STRATA_PROGRAM

namespace strata::bench {

struct Program {
  const char *name;
  int64_t (*native)();
};

inline const Program kPrograms[] = {
#define STRATA_PROGRAM(name) {#name, strata_native_##name},
#include "Programs.def"
#undef STRATA_PROGRAM
};

} // namespace strata::bench
