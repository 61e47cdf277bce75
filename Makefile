# Convenience wrapper: setup (Debian packages), configure, build, test, demo.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: setup configure build test demo fuzz clean

setup:
	bash scripts/setup.sh

configure: setup
	cmake -G Ninja -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Builds what the demo runs (strata, the program suite and its benchmark, the embedding
# example), then runs it.
demo: configure
	cmake --build $(BUILD) -j $(JOBS) --target strata strata-bench-programs strata-embed-example
	bash scripts/demo.sh $(BUILD)

fuzz: setup
	bash scripts/fuzz.sh

clean:
	rm -rf $(BUILD)
