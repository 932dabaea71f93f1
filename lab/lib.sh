# shellcheck shell=bash disable=SC2034  # sourced; the names are used by the scripts that source it
# lab/lib.sh: names, addresses and helpers shared by lab/up, lab/down, lab/status, lab/check.
# Sourced, not run. Every name the lab creates starts with "jlvs-" and matches LAB_NS_PATTERN or
# lives inside one of those namespaces, so tearing down can never touch anything else.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_RUN_DIR=/run/jlvs-lab              # configs, pid files, logs, lab.env, jlvs.yaml
LAB_LOCK=/run/jlvs-lab.lock            # serialises up/down between concurrent callers
LAB_RUN_LOCK=/run/jlvs-lab.run.lock    # held for a whole run by a test, the demo, a benchmark
LAB_MAX_SERVERS=8
LAB_DPDK_PREFIX=jlvs-lab               # the lab daemon's EAL file prefix (/var/run/dpdk/jlvs-lab, hugepage files jlvs-labmap_*); the failover backup's: jlvs-lab2

# Namespaces. Only names matching LAB_NS_PATTERN are ever deleted.
NS_CLIENT=jlvs-client
NS_DIRECTOR=jlvs-dir
NS_DIRECTOR2=jlvs-dir2                 # --failover: the backup director (or a keepalived peer)
NS_SWITCH=jlvs-sw                      # holds the bridge, so no bridge appears in the root namespace
NS_ROUTER=jlvs-router                  # lab/test-ecmp.sh: the BGP/ECMP router in front of the directors
LAB_NS_PATTERN='^jlvs-(client|dir|dir2|router|sw|rs[0-9]+)$'
ns_server() { echo "jlvs-rs$1"; }

# Addresses: documentation ranges only (RFC 5737), never routed anywhere outside the lab.
VIP=198.51.100.10
VPORT=80
CLIENT_NET_PREFIX=24
CLIENT_ADDR=198.51.100.2               # the client, on the client side
DIR_EXT_ADDR=198.51.100.1              # the director's own address on the client side
DIR_INT_ADDR=192.0.2.1                 # the director's own address on the server side (NAT gateway)
SERVER_NET=192.0.2.0/24
SERVER_NET_PREFIX=24
CLIENT_NET=198.51.100.0/24
DIRECT_CLIENT_ADDR=192.0.2.2           # the client with --director none: on the servers' LAN
MGMT_ADDR=192.0.2.254                  # the director namespace's kernel (management link, health probes)
rs_addr() { echo "192.0.2.$((10 + $1))"; }
# --failover: the directors' own addresses (director 1 = primary, 2 = backup); the VIP and, for nat,
# the servers' gateway DIR_INT_ADDR become VRRP virtual addresses that only the master answers for.
fo_ext_addr() { echo "198.51.100.$((2 + $1))"; }
fo_int_addr() { echo "192.0.2.$((2 + $1))"; }

# Fixed, locally administered MACs (02:6a:6c = "jl"), so lab.env and jlvs.yaml are stable.
CLIENT_MAC=02:6a:6c:00:00:02
DIR_EXT_MAC=02:6a:6c:00:00:01          # also the one-arm (dr/tun) port
DIR_INT_MAC=02:6a:6c:00:01:01
MGMT_MAC=02:6a:6c:00:01:fe            # the director's management link
rs_mac() { printf '02:6a:6c:00:01:%02x' $((10 + $1)); }
fo_ext_mac() { printf '02:6a:6c:00:00:%02x' $((2 * $1 - 1)); }   # director 1: :01 (as DIR_EXT_MAC), 2: :03
fo_int_mac() { printf '02:6a:6c:00:01:%02x' $((2 * $1 - 1)); }

# Interface names (each inside its namespace; at most 15 characters).
IF_CLIENT=jlvs-c0
IF_DIR_EXT=jlvs-d-ext                  # nat: faces the client
IF_DIR_INT=jlvs-d-int                  # nat: faces the servers' bridge
IF_DIR_LAN=jlvs-d-lan                  # dr/tun: the one LAN
IF_DIR_MGMT=jlvs-d-mgmt                # with --health-check: the kernel's own link to the servers' LAN
IF_SERVER=jlvs-eth0                    # inside each server namespace
IF_SERVER_TUN=jlvs-tun0                # tun mode: carries decapsulated packets, owns the VIP
IF_BRIDGE=jlvs-br0                     # inside NS_SWITCH
IF_BRIDGE_CLIENT=jlvs-br1              # --failover nat: the client segment, shared by both directors
sw_port() { echo "jlvs-sw-$1"; }       # bridge-side end of a veth: jlvs-sw-cli, jlvs-sw-dir, jlvs-sw-rs1

lab_say() { echo "lab: $*"; }
lab_die() { echo "lab: error: $*" >&2; exit 1; }

# Runs a command inside a lab namespace.
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

lab_require_root() {
  [ "$(id -u)" -eq 0 ] || lab_die "needs root (network namespaces, veths, nginx on port 80)"
}

# The lab namespaces that exist now, one a line.
lab_namespaces() {
  ip netns list 2>/dev/null | awk '{print $1}' | grep -E "$LAB_NS_PATTERN" || true
}

# Takes the lab lock for the rest of the calling script (fd 9), waiting at most 60 s.
lab_lock() {
  exec 9>"$LAB_LOCK"
  flock -w 60 9 || lab_die "another lab/up or lab/down is running (lock $LAB_LOCK held for 60 s)"
}

# True while the process runs. A zombie does not count: here PID 1 may be slow to reap the
# daemons that nginx and HAProxy leave to it, and a zombie holds nothing.
pid_alive() {
  local state
  state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# Sends TERM, then KILL after up to 3 s, to the given pids that still exist.
lab_kill_pids() {
  local pid alive=() i
  for pid in "$@"; do
    [[ $pid =~ ^[0-9]+$ ]] && pid_alive "$pid" && alive+=("$pid")
  done
  [ ${#alive[@]} -eq 0 ] && return 0
  kill -TERM "${alive[@]}" 2>/dev/null || true
  for i in $(seq 30); do
    local still=()
    for pid in "${alive[@]}"; do pid_alive "$pid" && still+=("$pid"); done
    [ ${#still[@]} -eq 0 ] && return 0
    sleep 0.1
  done
  kill -KILL "${still[@]}" 2>/dev/null || true
}

# Removes everything the lab made: processes (by their pid files and by namespace membership),
# namespaces (which takes their veths, bridge and TUN devices with them), stray root-namespace
# links with lab names, and the run directory. Safe to run when nothing exists.
lab_teardown() {
  local f ns pids=()
  if [ -d "$LAB_RUN_DIR" ]; then
    for f in "$LAB_RUN_DIR"/*.pid "$LAB_RUN_DIR"/*/*.pid; do
      [ -f "$f" ] && pids+=($(cat "$f" 2>/dev/null || true))
    done
  fi
  # Whatever else runs inside a lab namespace (a jlvs daemon, a benchmark client) goes too:
  # a namespace cannot be freed while a process holds it.
  for ns in $(lab_namespaces); do
    pids+=($(ip netns pids "$ns" 2>/dev/null || true))
  done
  lab_kill_pids "${pids[@]}"
  for ns in $(lab_namespaces); do
    ip netns del "$ns" 2>/dev/null || lab_say "warning: could not delete namespace $ns"
  done
  # Links are created directly inside the namespaces, so none should be here; this catches one
  # left by an interrupted older run.
  local link
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^jlvs-(c0|d-ext|d-int|d-lan|d-mgmt|sw-[a-z0-9]+|eth0|tun0|br[01])$' || true); do
    ip link del "$link" 2>/dev/null || true
  done
  rm -rf "$LAB_RUN_DIR"
  # A daemon that was killed leaves EAL's runtime directory and hugepage files, which hold their pages.
  rm -rf "/var/run/dpdk/$LAB_DPDK_PREFIX" "/var/run/dpdk/${LAB_DPDK_PREFIX}2"
  local hugedir
  for hugedir in $(awk '$3 == "hugetlbfs" {print $2}' /proc/mounts 2>/dev/null); do
    rm -f "$hugedir/${LAB_DPDK_PREFIX}map_"* "$hugedir/${LAB_DPDK_PREFIX}2map_"*
  done
}

# lab_jlvs_classpath ROOT: prints the classpath of the tree ROOT's own build (build/jlvs/lib, which
# `make build` fills with this tree's module jars and their dependencies) for bin/jlvs and
# bin/jlvsadm (as JLVS_CLASSPATH), so tests and the demo run the tree they belong to.
lab_jlvs_classpath() {
  local root=$1
  if ! compgen -G "$root/build/jlvs/lib/jlvs-daemon-*.jar" >/dev/null; then
    echo "lab: error: jlvs is not built in $root: run make build" >&2
    return 1
  fi
  echo "$root/build/jlvs/lib/*"
}

# True when network namespaces can be made here (probes with a throw-away namespace).
lab_netns_allowed() {
  command -v ip >/dev/null && ip netns add jlvs-test-probe 2>/dev/null || return 1
  ip netns del jlvs-test-probe
}

# lab_run_lock WHO: holds LAB_RUN_LOCK on fd 8 for the rest of the calling script, waiting at
# most 10 minutes (with a message) while another test, the demo or a benchmark has the lab.
# There is one lab per machine. Start daemons with 8>&- so that none keeps holding it.
lab_run_lock() {
  exec 8>"$LAB_RUN_LOCK"
  flock -n 8 && return 0
  echo "$1: the lab is in use ($LAB_RUN_LOCK held); waiting up to 10 minutes" >&2
  flock -w 600 8 || { echo "$1: the lab stayed in use for 10 minutes" >&2; exit 1; }
}
