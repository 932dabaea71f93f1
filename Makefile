# jlvs: `make test` builds and runs every test; `make demo` shows packets crossing the fast path.
# Both prepare the machine first (scripts/setup.sh): packages, hugepages, JDK 25.
SHELL := /bin/bash
MVN_FLAGS ?= -B -ntp
export MAVEN_OPTS ?= --sun-misc-unsafe-memory-access=allow
WITH_JDK = . scripts/env.sh && jlvs_find_jdk &&

.PHONY: setup build test test-lab demo bench-jmh clean

setup:
	@bash scripts/setup.sh

build: setup
	@$(WITH_JDK) mvn $(MVN_FLAGS) -q install -DskipTests

test: setup
	@$(WITH_JDK) mvn $(MVN_FLAGS) install
	@bash lab/test-lab.sh

# The namespace lab alone (skips with a message where namespaces are not allowed).
test-lab: setup
	@bash lab/test-lab.sh

demo: build
	@bash scripts/demo.sh

bench-jmh: build
	@$(WITH_JDK) "$$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar perf/target/benchmarks.jar -prof gc $(ARGS)

# The O'Rourke & Keefe sweep in the namespace lab (perf/results/bench-lab.md): ~20 min, root.
# QUICK=1 for a ~3-minute check; RATES, DURATION, CONFIGS, OUT: see perf/lab-sweep/sweep.sh.
.PHONY: bench-lab
bench-lab: build
	@bash perf/lab-sweep/sweep.sh

clean:
	@$(WITH_JDK) mvn $(MVN_FLAGS) -q clean
	@rm -rf build

# Appliance image (appliance-image/README.md). Slow (minutes), needs root: not part of `make test`.
.PHONY: image image-test
image:
	@bash appliance-image/build.sh

image-test:
	@bash appliance-image/test.sh
