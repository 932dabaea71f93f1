#!/usr/bin/env bash
# jlvs in a network namespace on af_packet, a Linux host in another, one veth between them.
# Checks: the host's kernel resolves the VIP's MAC through jlvs (ip neigh shows jlvs' MAC), pings
# the VIP (jlvs answers), and jlvs resolves a real server's MAC by ARP (the host owns the real
# server's address and answers; jlvs' neighbour log shows it).
# Usage: netns-arp-ping.sh JLVS_LAUNCHER WORKDIR. Prints SKIPPED and exits 0 where namespaces are not
# allowed. Everything it creates is removed on exit, failure included.
set -u
jlvs=$1
work=$2
DIR_NS=jlvs-nt-dir
HOST_NS=jlvs-nt-host
VIP=192.0.2.100
SERVER=192.0.2.11
pid=

fail() { echo "FAIL: $*"; echo "--- jlvs log"; cat "$work/jlvs.log" 2>/dev/null; exit 1; }
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; sleep 3; kill -KILL "$pid" 2>/dev/null; fi
  ip netns del "$DIR_NS" 2>/dev/null
  ip netns del "$HOST_NS" 2>/dev/null
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ]; then echo "SKIPPED: network namespaces need root"; exit 0; fi
ip netns del "$DIR_NS" 2>/dev/null; ip netns del "$HOST_NS" 2>/dev/null
if ! ip netns add "$DIR_NS" 2>/dev/null; then echo "SKIPPED: network namespaces are not permitted here"; exit 0; fi
ip netns add "$HOST_NS" || fail "ip netns add $HOST_NS"
ip -n "$DIR_NS" link add jnt-d0 type veth peer name jnt-h0 netns "$HOST_NS" || fail "veth"
ip netns exec "$DIR_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$HOST_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n "$DIR_NS" link set jnt-d0 up promisc on
ip -n "$HOST_NS" link set lo up
ip -n "$HOST_NS" addr add 192.0.2.2/24 dev jnt-h0
ip -n "$HOST_NS" addr add "$SERVER/24" dev jnt-h0
ip -n "$HOST_NS" link set jnt-h0 up
# veth offloads would leave TCP checksums to a NIC that does not exist
if command -v ethtool >/dev/null; then
  ip netns exec "$HOST_NS" ethtool -K jnt-h0 tx off >/dev/null 2>&1
  ip netns exec "$DIR_NS" ethtool -K jnt-d0 tx off rx off >/dev/null 2>&1
fi
dir_mac=$(ip netns exec "$DIR_NS" cat /sys/class/net/jnt-d0/address)
host_mac=$(ip netns exec "$HOST_NS" cat /sys/class/net/jnt-h0/address)

mkdir -p "$work"
cat > "$work/jlvs.yaml" <<YAML
eal:
  - --vdev=net_af_packet0,iface=jnt-d0,qpairs=1
ports:
  - name: lan
    device: net_af_packet0
    role: one-arm
    addresses: [192.0.2.1/24]
cores:
  control: 0
  workers: [1]
idle:
  strategy: sleep
tables:
  connections-per-worker: 4096
  templates: 1024
journal-dir: $work/journal
control-socket:
  path: $work/control.sock
services:
  - protocol: tcp
    vip: $VIP
    port: 80
    scheduler: rr
    real-servers:
      - address: $SERVER
        method: dr
YAML

ip netns exec "$DIR_NS" "$jlvs" run --config "$work/jlvs.yaml" > "$work/jlvs.log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  grep -q "^jlvs: ready" "$work/jlvs.log" && break
  kill -0 "$pid" 2>/dev/null || fail "jlvs exited before it was ready"
  sleep 0.1
done
grep -q "^jlvs: ready" "$work/jlvs.log" || fail "no ready line within 120 s"

# 1. ARP and ping from the kernel
ip netns exec "$HOST_NS" ping -c 3 -i 0.2 -W 2 "$VIP" > "$work/ping.txt" 2>&1 || { cat "$work/ping.txt"; fail "ping $VIP"; }
echo "ping: $(grep -E 'packets transmitted' "$work/ping.txt")"
neigh=$(ip -n "$HOST_NS" neigh show "$VIP")
echo "host's ip neigh: $neigh"
echo "$neigh" | grep -q "lladdr $dir_mac" || fail "the host did not learn $VIP at jlvs' MAC $dir_mac: '$neigh'"

# 2. A connection to the VIP: jlvs schedules it to $SERVER (DR, on link) and asks for its MAC
ip netns exec "$HOST_NS" timeout 2 bash -c "exec 3<>/dev/tcp/$VIP/80" 2>/dev/null
for _ in $(seq 1 300); do
  grep -q "^jlvs: neighbour $SERVER $host_mac reachable" "$work/jlvs.log" && break
  sleep 0.1
done
grep "^jlvs: neighbour $SERVER" "$work/jlvs.log" | head -1
grep -q "^jlvs: neighbour $SERVER $host_mac reachable" "$work/jlvs.log" || fail "jlvs did not resolve $SERVER to $host_mac"

kill -TERM "$pid"
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "jlvs exit status $status after SIGTERM"
grep -q "^jlvs: stopped" "$work/jlvs.log" || fail "no 'stopped' line"
echo "OK"
