#!/usr/bin/env bash
# `make demo-pcap` (the first demo, before the namespace lab): forwards the bundled capture (32 UDP packets of 60 to 1,514 bytes, generated
# deterministically into build/demo/in.pcap) through a Java rx->tx loop over a DPDK net_pcap port,
# printing every packet in and out, then checks that build/demo/out.pcap holds the same packets.
# Runs from the jar: the DPDK shim inside it is found without LD_LIBRARY_PATH. Later issues turn this
# into the real demo: `make demo`, scripts/demo.sh (clients, director, real servers in namespaces).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
. scripts/env.sh
jlvs_find_jdk
jar=$(ls native-bindings/target/jlvs-native-bindings-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "jlvs demo: native-bindings is not built: run make build (or make demo-pcap, which builds first)" >&2
  exit 1
fi
mkdir -p build/demo
rm -f build/demo/out.pcap
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" io.jlvs.bindings.demo.PcapForwardDemo build/demo "$@"
