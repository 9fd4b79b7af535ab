# newswired — the two commands a user needs are `make run` and `make test`.
SHELL := /bin/bash
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
CONFIG ?= configs/demo.yaml
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: help deps deps-test build run test test-unit test-integration bench bench-e2e soak fuzz test-sanitizers deb format clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

deps: ## install the missing Debian packages needed to build
	@./deploy/packages/install.sh deploy/packages/build.txt

deps-test: deps ## install the missing Debian packages the tests use
	@./deploy/packages/install.sh deploy/packages/test.txt

build: deps ## configure and build with CMake
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build $(BUILD_DIR)

run: build ## run the daemon on the demo config (embedded broker, bundled feeds)
	$(BUILD_DIR)/daemon/newswired run --config $(CONFIG)

test: deps-test build ## run every test, unit and integration
	ctest --test-dir $(BUILD_DIR) --output-on-failure --timeout 900

test-unit: build ## unit tests only
	ctest --test-dir $(BUILD_DIR) --output-on-failure -L unit

bench: deps-test ## benchmarks: per-stage (Google Benchmark) and end to end (release build)
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEWSWIRED_BENCH=ON -DNEWSWIRED_TESTS=OFF
	cmake --build build-release
	build-release/bench/pipeline_bench
	build-release/bench/dedupe_bench
	bench/e2e_once.sh build-release 20 500
	bench/e2e_drop.sh build-release 6000 1
	bench/corpus_vs_feedparser.sh build-release
	build-release/bench/fetch_bench 20000 20 64
	build-release/bench/extraction_bench
	build-release/bench/tag_bench
	build-release/bench/text_cleanup_bench
	build-release/bench/normalize_extras_bench
	build-release/bench/whole_pipeline_bench

bench-e2e: deps-test ## end to end on a real Kafka broker and nginx: 1,000 and 20,000 feeds, 1-3 instances (~20 min)
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEWSWIRED_BENCH=ON -DNEWSWIRED_TESTS=OFF
	cmake --build build-release
	bench/e2e_kafka.sh build-release 1000 $${E2E_RATE:-1000} $${E2E_MINUTES:-3} 10 100
	bench/e2e_kafka.sh build-release 20000 $${E2E_RATE:-1000} $${E2E_MINUTES:-3} 60 5
	bench/e2e_fleet.sh build-release 2000 300 $${E2E_FLEET_SECONDS:-60} 10 50

soak: deps-test ## 30 minutes of 2,000 moving feeds on the release build: RSS slope, open fds
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEWSWIRED_BENCH=ON -DNEWSWIRED_TESTS=OFF
	cmake --build build-release
	bench/soak.sh build-release $${SOAK_MINUTES:-30} $${SOAK_FEEDS:-2000}

fuzz: ## libFuzzer targets with ASan+UBSan (clang), each run FUZZ_SECONDS (default 60)
	@./deploy/packages/install.sh deploy/packages/fuzz.txt
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSWIRED_FUZZ=ON -DNEWSWIRED_TESTS=OFF
	cmake --build build-fuzz --target fuzz_targets
	tests/fuzz/run.sh build-fuzz $${FUZZ_SECONDS:-60}

test-sanitizers: deps-test ## ASan+UBSan (unit, integration) and TSan (pipeline, publish) builds
	tests/sanitizers.sh asan build-asan
	tests/sanitizers.sh tsan build-tsan

deb: deps ## Debian package (dpkg-buildpackage, compiles everything) into build-deb/
	@./deploy/packages/install.sh deploy/packages/deb.txt
	deploy/debian/build-package.sh build-deb

format: ## clang-format every source file
	git ls-files '*.h' '*.cc' | xargs clang-format -i

clean: ## remove build trees
	rm -rf $(BUILD_DIR) build-release build-fuzz build-asan build-tsan
