#!/usr/bin/env bash
# Regenerates the FFM bindings of native-bindings with jextract (https://jdk.java.net/jextract/),
# for whoever has it installed: jextract is not installable on the build machines, so the bindings in
# src/main/java/io/jlvs/bindings/{dpdk,libc} are checked in, written in the shape jextract produces
# (one class per header, static final MethodHandles and layouts, the C declaration in a comment).
#
#   native-bindings/jextract.sh            # generate into target/jextract/ and list what differs
#   native-bindings/jextract.sh --replace  # then copy the header classes over the checked-in ones
#
# jextract cannot bind static inline functions, macros or bitfields (most of DPDK's hot API, and
# rte_eth_link's status bits): those go through the C shim (src/main/c/jlvs_shim.h, class JlvsShim)
# and hand-written offsets. jextract does not know Linker.Option.critical either: this script adds it
# to the shim's burst, mbuf, ring and lcore handles afterwards, as the checked-in JlvsShim has it.
# The runtime (io.jlvs.bindings.runtime) uses the checked-in names (e.g. RteEthdev.rte_eth_stats$ipackets);
# after --replace, fix what it no longer finds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/target/jextract"
replace=0
[ "${1:-}" = "--replace" ] && replace=1

command -v jextract >/dev/null 2>&1 || { echo "jextract is not on PATH: get it from https://jdk.java.net/jextract/ (the checked-in bindings are used otherwise)" >&2; exit 1; }
pkg-config --exists libdpdk || { echo "libdpdk-dev is needed: apt-get install libdpdk-dev pkg-config" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/include"
# DPDK's headers expect rte_config.h first (pkg-config passes -include rte_config.h, which jextract lacks).
includes=()
for flag in $(pkg-config --cflags-only-I libdpdk); do includes+=("$flag"); done

gen() { # gen CLASS PACKAGE HEADER-TEXT jextract-filters...
  local class=$1 package=$2 text=$3; shift 3
  local header="$out/include/$class.h"
  printf '%b\n' "$text" > "$header"
  jextract --output "$out/src" --target-package "$package" --header-class-name "$class" \
    "${includes[@]}" -I "$here/src/main/c" "$@" "$header"
}

dpdk=io.jlvs.bindings.dpdk
pre='#include <rte_config.h>'
gen RteEal $dpdk "$pre\n#include <rte_eal.h>\n#include <rte_lcore.h>\n#include <rte_errno.h>" \
  --include-function rte_eal_init --include-function rte_eal_cleanup --include-function rte_thread_register \
  --include-function rte_thread_unregister --include-function rte_socket_id --include-function rte_eal_has_hugepages \
  --include-function rte_strerror
gen RteEthdev $dpdk "$pre\n#include <rte_ethdev.h>" \
  --include-function rte_eth_dev_count_avail --include-function rte_eth_dev_get_port_by_name \
  --include-function rte_eth_dev_get_name_by_port --include-function rte_eth_dev_is_valid_port \
  --include-function rte_eth_dev_socket_id --include-function rte_eth_dev_info_get --include-function rte_eth_dev_configure \
  --include-function rte_eth_rx_queue_setup --include-function rte_eth_tx_queue_setup --include-function rte_eth_dev_start \
  --include-function rte_eth_dev_stop --include-function rte_eth_dev_close --include-function rte_eth_stats_get \
  --include-function rte_eth_stats_reset --include-function rte_eth_macaddr_get --include-function rte_eth_link_get_nowait \
  --include-function rte_eth_promiscuous_enable \
  --include-struct rte_eth_conf --include-struct rte_eth_stats --include-struct rte_ether_addr \
  --include-struct rte_eth_link --include-struct rte_eth_dev_info
gen RteMempool $dpdk "$pre\n#include <rte_mempool.h>" \
  --include-function rte_mempool_mem_iter --include-function rte_mempool_free --include-function rte_mempool_avail_count \
  --include-function rte_mempool_in_use_count --include-function rte_mempool_lookup \
  --include-struct rte_mempool_memhdr --include-typedef rte_mempool_mem_cb_t
gen RteMbuf $dpdk "$pre\n#include <rte_mbuf.h>" \
  --include-function rte_pktmbuf_pool_create --include-function rte_pktmbuf_free_bulk --include-struct rte_mbuf
gen RteRing $dpdk "$pre\n#include <rte_ring.h>" \
  --include-function rte_ring_create --include-function rte_ring_free --include-function rte_ring_lookup
gen RtePdump $dpdk "$pre\n#include <rte_pdump.h>" \
  --include-function rte_pdump_init --include-function rte_pdump_uninit
shim_functions=(jlvs_eth_rx_burst jlvs_eth_tx_burst jlvs_pktmbuf_alloc_bulk jlvs_pktmbuf_alloc jlvs_pktmbuf_free
  jlvs_ring_sp_enqueue_burst jlvs_ring_mp_enqueue_burst jlvs_ring_enqueue_burst jlvs_ring_sc_dequeue_burst
  jlvs_ring_mc_dequeue_burst jlvs_ring_dequeue_burst jlvs_ring_count jlvs_prefetch jlvs_ring_free_count jlvs_lcore_id jlvs_rte_errno
  jlvs_log_capture jlvs_log_tail jlvs_layout_probe)
filters=()
for f in "${shim_functions[@]}"; do filters+=(--include-function "$f"); done
gen JlvsShim $dpdk '#include "jlvs_shim.h"' "${filters[@]}"
gen LibC io.jlvs.bindings.libc '#define _GNU_SOURCE\n#include <sched.h>\n#include <unistd.h>\n#include <sys/mman.h>\n#include <string.h>' \
  --include-function sched_setaffinity --include-function sched_getaffinity --include-function gettid \
  --include-function mlockall --include-function munlockall --include-function strerror

# Linker.Option.critical(false) on the calls that never block (not jlvs_log_*, not jlvs_layout_probe).
shim="$out/src/io/jlvs/bindings/dpdk/JlvsShim.java"
for f in "${shim_functions[@]}"; do
  case $f in jlvs_log_*|jlvs_layout_probe) continue ;; esac
  perl -0pi -e "s/(class $f \{.*?downcallHandle\([^;]*?), DESC\)/\1, DESC, Linker.Option.critical(false))/s" "$shim"
done

echo "generated into $out/src:"
(cd "$out/src" && find . -name '*.java' | sort)
if [ $replace -eq 1 ]; then
  for c in RteEal RteEthdev RteMempool RteMbuf RteRing JlvsShim; do
    cp "$out/src/io/jlvs/bindings/dpdk/$c.java" "$here/src/main/java/io/jlvs/bindings/dpdk/$c.java"
  done
  cp "$out/src/io/jlvs/bindings/libc/LibC.java" "$here/src/main/java/io/jlvs/bindings/libc/LibC.java"
  echo "replaced the checked-in header classes; struct classes stay in $out/src. Now build: mvn -pl native-bindings install"
else
  for c in RteEal RteEthdev RteMempool RteMbuf RteRing JlvsShim; do
    diff -q "$out/src/io/jlvs/bindings/dpdk/$c.java" "$here/src/main/java/io/jlvs/bindings/dpdk/$c.java" || true
  done
fi
