// The main of a benchmark program whose benchmarks are registered at run time.
#pragma once

#include <benchmark/benchmark.h>

namespace strata::bench {

/// Reads Google Benchmark's flags (any other flag is an error), registers the benchmarks and
/// runs those the flags select.
inline int runRegistered(int argc, char **argv, void (*registerAll)()) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  registerAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

} // namespace strata::bench
