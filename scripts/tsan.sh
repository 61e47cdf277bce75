#!/usr/bin/env bash
# ThreadSanitizer runs, in their own build folder (TSAN_BUILD, default build-tsan) built with
# clang-19 and -fsanitize=thread:
#
#   scripts/tsan.sh           every target; ctest's tests matching TSAN_TESTS (default: the
#                             stress test, every tiered test and the sampling profiler's)
#   scripts/tsan.sh --short   the stress test (ConcurrentCallsTest) and jit's background compiles
#                             (LazyJitTest), as CI runs it
#
# A report of a data race, a lock-order inversion or a thread leak fails the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${TSAN_BUILD:-build-tsan}"
[[ "$build" = /* ]] || build="$root/$build"
tests="${TSAN_TESTS:-Concurrent|[Tt]iered|[Tt]iering|Sampling}"
jobs="$(nproc)"

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang-19 CXX=clang++-19 cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTRATA_BUILD_BENCHMARKS=OFF \
    -DSTRATA_BUILD_FUZZERS=OFF -DSTRATA_SANITIZERS=thread >/dev/null
fi
# The guard-page fault handler unwinds the JIT frames with libgcc's unwinder, which may
# allocate. That is safe: it acts only on a fault at a guarded address, which only JIT code's
# own memory accesses raise, never code inside malloc. So TSan's signal-safety report is off.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 report_signal_unsafe=0 ${TSAN_OPTIONS:-}"
if [ "${1:-}" = "--short" ]; then
  # The build's output goes to a log, shown only when the build fails, so that a report of
  # the run comes first in the output.
  if ! cmake --build "$build" -j "$jobs" --target strata-api-tests >"$build/short-build.log" 2>&1; then
    tail -n 60 "$build/short-build.log"
    exit 1
  fi
  exec "$build/bin/strata-api-tests" --gtest_filter='*ConcurrentCalls*:LazyJit*'
fi
cmake --build "$build" -j "$jobs"
cd "$build"
# ManyMemoriesTest counts how many 8 GiB reservations fit in the address space, of which TSan
# keeps most for its shadow memory: it runs in the other builds.
exec ctest --output-on-failure -j "$jobs" -R "$tests" -E ManyMemories
