#!/usr/bin/env bash
# Compiles the jlvs DPDK shim (jlvs_shim.c) into the shared library that ships inside the jar.
# Called by the Maven build (exec-maven-plugin) with the output path; needs gcc and libdpdk-dev.
set -euo pipefail
out=${1:?usage: build.sh OUTPUT.so}
src=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "jlvs: no C compiler ($cc) found: install it with apt-get install gcc (or run make setup)" >&2
  exit 1
fi
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libdpdk; then
  echo "jlvs: DPDK development files not found (pkg-config libdpdk): install them with apt-get install libdpdk-dev pkg-config (or run make setup)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
# The DPDK libraries the Java bindings look up through this library's handle are linked
# explicitly with --no-as-needed, so they are always among its dependencies.
# shellcheck disable=SC2046
"$cc" -O2 -g -fPIC -shared -Wall -Wextra -Werror -std=gnu11 \
  $(pkg-config --cflags libdpdk) -I"$src" \
  -o "$out.tmp" "$src/jlvs_shim.c" \
  $(pkg-config --libs libdpdk) \
  -Wl,--no-as-needed -lrte_eal -lrte_ethdev -lrte_mempool -lrte_mbuf -lrte_ring -lrte_pdump -Wl,--as-needed \
  -Wl,-z,defs
mv -f "$out.tmp" "$out"
