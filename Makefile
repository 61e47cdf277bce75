# Convenience wrapper: setup (Debian packages), configure, build, test, demo.
BUILD ?= build
JOBS ?= $(shell nproc)

SANITIZE_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_SECONDS ?= 3600
# The fault handler forwards faults outside guard regions to ASan's, which then reports them.
# allow_user_poisoning=0: LLVM's BumpPtrAllocator, inlined from its headers into instrumented
# code, poisons its slabs, while the uninstrumented libMLIR/libLLVM that also allocate from them
# never unpoison: every read of such an allocation would be a false use-after-poison.
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:allow_user_segv_handler=1:allow_user_poisoning=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: setup configure build test demo fuzz clean sanitize-configure sanitize fuzz-execute tsan \
  setup-aarch64 configure-aarch64 build-aarch64 test-aarch64 test-aarch64-short

setup:
	bash scripts/setup.sh

configure: setup
	cmake -G Ninja -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) test-aarch64-short

# Builds what the demo runs (strata, the program suite and its benchmark, the embedding
# example), then runs it.
demo: configure
	cmake --build $(BUILD) -j $(JOBS) --target strata strata-bench-programs strata-embed-example \
	  strata-real-programs
	bash scripts/demo.sh $(BUILD)

fuzz: setup
	bash scripts/fuzz.sh

# Sanitizer builds with clang, in build folders of their own (long campaigns, not part of test).
sanitize-configure: setup
	CC=clang-19 CXX=clang++-19 cmake -G Ninja -S . -B $(SANITIZE_BUILD) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTRATA_BUILD_BENCHMARKS=ON \
	  -DSTRATA_SANITIZERS=address,undefined -DSTRATA_FUZZ_COVERAGE=ON

# The whole ctest suite under ASan+UBSan (docs/testing.md).
sanitize: sanitize-configure
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && $(SANITIZE_ENV) ctest --output-on-failure -j $(JOBS)

# Execution fuzzing (interp against jit, under ASan+UBSan) for FUZZ_SECONDS.
fuzz-execute: sanitize-configure
	cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target strata-fuzz-execute strata-fuzz-corpus
	$(SANITIZE_ENV) BUILD=$(SANITIZE_BUILD) bash scripts/fuzz.sh --no-build --execute $(FUZZ_SECONDS)

# Threads sharing instances (ConcurrentCallsTest) and every tiered test under ThreadSanitizer.
tsan: setup
	TSAN_BUILD=$(TSAN_BUILD) bash scripts/tsan.sh

# aarch64: a cross build against Debian's arm64 packages, its tests run under qemu-user
# (docs/aarch64.md). test-aarch64 runs every ctest entry there; test-aarch64-short, part of
# test, the spec scripts, engine semantics, program suite, WASI and sandbox tests on interp,
# baseline, jit and tiered-early (tier-up at the first call and back-edge), about 15 minutes; not the
# sampling profiler's tests, whose time shares an emulator on a loaded machine can upset.
AARCH64_BUILD ?= build-aarch64
AARCH64_SYSROOT ?= /opt/strata/aarch64-sysroot
AARCH64_ENV = QEMU_LD_PREFIX=$(AARCH64_SYSROOT)
AARCH64_SHORT_LABELS ?= ^(spec|programs|wasi|unit-engines|aot)$$
AARCH64_SHORT_EXCLUDE ?= (/|-)(tiered([-_](late|background|entry|interp))?|interp[-_](eager|plain))( |$$)|^programs-differential$$|SamplingTest

setup-aarch64: setup
	bash scripts/aarch64-sysroot.sh $(AARCH64_SYSROOT)

configure-aarch64: setup-aarch64
	cmake -G Ninja -S . -B $(AARCH64_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/cmake/aarch64-linux-gnu.cmake \
	  -DSTRATA_AARCH64_SYSROOT=$(AARCH64_SYSROOT)

build-aarch64: configure-aarch64
	cmake --build $(AARCH64_BUILD) -j $(JOBS)

test-aarch64: build-aarch64
	cd $(AARCH64_BUILD) && $(AARCH64_ENV) ctest --output-on-failure -j $(JOBS)

test-aarch64-short: build-aarch64
	cd $(AARCH64_BUILD) && $(AARCH64_ENV) ctest --output-on-failure -j $(JOBS) \
	  -L '$(AARCH64_SHORT_LABELS)' -E '$(AARCH64_SHORT_EXCLUDE)'

clean:
	rm -rf $(BUILD) $(AARCH64_BUILD)
