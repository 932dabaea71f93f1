# jlvs: `make test` builds and runs every test; `make demo` runs jlvs under load in the namespace lab.
# Both prepare the machine first (scripts/setup.sh): packages, hugepages, JDK 25.
SHELL := /bin/bash
MVN_FLAGS ?= -B -ntp
export MAVEN_OPTS ?= --sun-misc-unsafe-memory-access=allow
WITH_JDK = . scripts/env.sh && jlvs_find_jdk &&

.PHONY: setup build test check-packages test-lab test-e2e test-capture demo demo-pcap bench-jmh bench-linerate clean fresh-check fuzz soak flood

# Debian packages (scripts/debian-packages, group test), hugepages, JDK 25.
setup:
	@bash scripts/setup.sh

# Everything bin/jlvs and bin/jlvsadm run, in build/jlvs/lib (emptied first: no stale jar lingers).
build: setup
	@rm -rf build/jlvs
	@$(WITH_JDK) mvn $(MVN_FLAGS) -q install -DskipTests

test: setup check-packages
	@rm -rf build/jlvs
	@$(WITH_JDK) mvn $(MVN_FLAGS) install
	@bash lab/test-lab.sh
	@bash lab/test-e2e.sh
	@bash lab/test-keepalived.sh
	@bash lab/test-failover.sh
	@bash lab/test-capture.sh
	@bash lab/test-flood.sh
	@bash lab/test-ecmp.sh

# Every command the scripts and tests run is in the base system or in scripts/debian-packages.
check-packages: setup
	@$(WITH_JDK) "$$JAVA_HOME/bin/java" scripts/CheckPackages.java --self-test

# make test and make demo in a Debian 12 root nobody prepared (scripts/fresh-check.sh): ~20 min, root.
fresh-check:
	@bash scripts/setup.sh test fresh
	@bash scripts/fresh-check.sh

# The fuzz tests alone (Jazzer; README "Fuzzing"), each for FUZZ_SECONDS after its seeds and crash
# fixtures: fastpath's process(), the config loader, the control socket's framing and its commands.
# make test fuzzes each for 10 s.
FUZZ_SECONDS ?= 300
fuzz: setup
	@$(WITH_JDK) mvn $(MVN_FLAGS) test -pl fastpath,slowpath -am -Dtest='*FuzzTest' -Djlvs.fuzz.seconds=$(FUZZ_SECONDS)

# The namespace lab alone (skips with a message where namespaces are not allowed).
test-lab: setup
	@bash lab/test-lab.sh

# The real jlvs daemon in the namespace lab: NAT, DR, TUN (lab/README.md); root, about a minute;
# skips with a message where namespaces are not allowed.
test-e2e: build
	@bash lab/test-e2e.sh

# bin/jlvs capture (dpdk-dumpcap attached to the daemon) in the NAT lab, checked with tshark;
# root, about a minute; skips with a message where namespaces are not allowed.
test-capture: build
	@bash lab/test-capture.sh

# The soak (lab/README.md): the NAT lab under a steady mix for SOAK_MINUTES (30), sampled every 10 s;
# perf/results/soak-DATE.csv, .png, .txt. Root; holds the lab lock; not part of make test.
soak: build
	@bash lab/soak.sh

# The flood test (lab/README.md): hping3 --flood --rand-source -S at the VIP with keep-alive clients and a
# download, per SYN-defence setting (off, drop-entry, secure-tcp, all); perf/results/flood-DATE.csv,
# .png, .txt. Root; holds the lab lock. A 20 s version with every defence on runs in make test.
flood: build
	@bash lab/flood.sh

# Failover (lab/README.md): jlvs against keepalived's VRRP; two jlvs directors with connection sync
# across a kill -9 of the primary (nat and dr). Root; about a minute and two to three minutes.
.PHONY: test-keepalived test-failover test-ecmp
test-keepalived: build
	@bash lab/test-keepalived.sh
test-failover: build
	@bash lab/test-failover.sh
# Two active directors behind an ECMP router, VIPs over BGP (BIRD), kill -9 of one (lab/README.md).
test-ecmp: build
	@bash lab/test-ecmp.sh

# NAT lab, 3 servers, httperf at 500 conn/s for 20 s; jlvsadm's --stats and --rate; about a minute.
demo: build
	@bash scripts/demo.sh

# The first demo: a bundled capture through a Java rx->tx loop over a DPDK net_pcap port.
demo-pcap: build
	@bash scripts/demo-pcap.sh

# The JMH suite (perf/README.md), every benchmark with -prof gc. JMH_DEFAULTS keep a full run to a few
# minutes; each applies unless ARGS names the same option (JMH refuses an option twice), so
# ARGS='-f 3 -i 10 NatProcess' runs NatProcess* with 3 forks, 10 iterations and the other defaults.
JMH_DEFAULTS ?= -f:1 -wi:1 -w:1s -i:2 -r:1s
PERF_JVM_FLAGS = --enable-native-access=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
	--add-opens java.base/java.nio=ALL-UNNAMED -Dchronicle.analytics.disable=true
bench-jmh: build
	@$(WITH_JDK) defaults=(); for o in $(JMH_DEFAULTS); do case " $(ARGS) " in *" $${o%%:*} "*) ;; \
		*) defaults+=("$${o%%:*}" "$${o#*:}");; esac; done; \
	"$$JAVA_HOME/bin/java" $(PERF_JVM_FLAGS) -jar perf/target/benchmarks.jar -prof gc "$${defaults[@]}" $(ARGS)

# One worker core against a bare rx->tx loop, fed by a generator over DPDK ring ports; table,
# perf/results/linerate-<date>.csv and .png. ARGS go to the harness (--quick, --measure-ms N, ...).
bench-linerate: build
	@$(WITH_JDK) "$$JAVA_HOME/bin/java" $(PERF_JVM_FLAGS) -Djava.awt.headless=true \
		-cp perf/target/benchmarks.jar io.jlvs.perf.linerate.LineRateHarness $(ARGS)

# The O'Rourke & Keefe sweep in the namespace lab (perf/results/bench-lab.md): ~20 min, root.
# QUICK=1 for a ~3-minute check; RATES, DURATION, CONFIGS, OUT: see perf/lab-sweep/sweep.sh.
.PHONY: bench-lab
bench-lab: build
	@bash scripts/setup.sh test bench
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
