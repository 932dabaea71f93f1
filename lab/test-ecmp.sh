#!/usr/bin/env bash
# lab/test-ecmp.sh: two active jlvs directors behind a router that spreads flows by ECMP, the VIP
# announced over BGP by BIRD on each director, kept (mh + many-to-many connection sync) when one dies.
#
# Built on lab/up dr 3 --failover (two director namespaces and three nginx on one LAN), then:
#   router   jlvs-router: BIRD (AS 65000) peering with both directors, kernel protocol with
#            merge paths (one multipath route per VIP), fib_multipath_hash_policy=1 (L4 hash);
#            LAN 198.51.100.254, client side 203.0.113.1
#   client   jlvs-client moved behind the router: 203.0.113.2
#   director jlvs-dir / jlvs-dir2: bin/jlvs run with an exception port (net_tap jlvs-k0, the
#            kernel holds the director's addresses there), BIRD (AS 65001) over it, announcing what
#            jlvs writes (bgp.include-file), mh scheduler, HTTP health checks through the exception
#            path, sync daemons master + backup on both (each sends its new connections to the other)
# Checks, one line each with figures:
#   bgp        the router has a two-path route to the VIP
#   health     all servers failed health checks on both: the VIP is withdrawn (birdc show route), and
#              announced again when they are back
#   spread     KA_CONNS keep-alive connections and CURL_CONNS curl requests: both directors carry some
#   synced     each director's table holds the other's connections
#   kill       kill -9 of director 1: the router's route to the VIP has one path (time from the kill)
#   kept       every keep-alive connection answers again, from the same real server (fraction kept)
#   rejoin     director 1 restarted: the two-path route is back and it takes new connections
# Then "N passed, M failed". Needs root, namespaces, bird2 and the jars (make build).
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
. "$LAB/lib.sh"
. "$ROOT/scripts/env.sh"
ME=lab/test-ecmp.sh

skip() { echo "SKIPPED: $ME: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
lab_netns_allowed || skip "network namespaces are not allowed here (ip netns add failed, or no iproute2)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun: DPDK's net_tap exception path cannot be created"
jlvs_require_tools "$ME" nginx curl ethtool bird birdc flock || exit 1
jlvs_find_jdk || exit 1
if [ -z "${JLVS_CLASSPATH:-}" ]; then
  JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || exit 1
  export JLVS_CLASSPATH
fi
KA_CONNS=${ECMP_KA_CONNS:-200}
CURL_CONNS=${ECMP_CURL_CONNS:-200}
READY_TIMEOUT=60
HOLD=3                 # BGP hold time (s) on every session: the router withdraws a dead director's routes after it
ROUTER_LAN=198.51.100.254
ROUTER_EXT=203.0.113.1
CLIENT_EXT=203.0.113.2


lab_run_lock "$ME"
work=$(mktemp -d /tmp/jlvs-ecmp.XXXXXX)
pids=()
finish() {
  local rc=$? p
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  "$LAB/down" >/dev/null 2>&1 8>&- || true
  rm -rf "$work"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM

passed=0 failed=0
pass() { echo "  ok    $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); }
now_ms() { date +%s%3N; }
wait_for() {
  local deadline=$(( $(now_ms) + $1 * 1000 ))
  shift
  while ! "$@"; do [ "$(now_ms)" -lt "$deadline" ] || return 1; sleep 0.1; done
}

"$LAB/up" dr 3 --failover 8>&- >"$work/up.log" 2>&1 || { cat "$work/up.log"; exit 1; }
. "$LAB_RUN_DIR/lab.env"
NS_DIRS=("$LAB_NS_DIRECTOR" "$LAB_NS_DIRECTOR2")

# --- the router, and the client behind it
ip netns add "$NS_ROUTER"
nsx "$NS_ROUTER" ip link set lo up
ip link add jlvs-r-lan netns "$NS_ROUTER" type veth peer name jlvs-sw-rtr netns "$NS_SWITCH"
nsx "$NS_SWITCH" ip link set jlvs-sw-rtr master "$IF_BRIDGE" up
nsx "$NS_CLIENT" ip link del "$LAB_CLIENT_IF"
ip link add jlvs-r-cli netns "$NS_ROUTER" type veth peer name "$LAB_CLIENT_IF" netns "$NS_CLIENT"
for ifc in jlvs-r-lan jlvs-r-cli; do nsx "$NS_ROUTER" ethtool -K "$ifc" rx off tx off tso off gso off gro off >/dev/null 2>&1 || true; done
nsx "$NS_CLIENT" ethtool -K "$LAB_CLIENT_IF" rx off tx off tso off gso off gro off >/dev/null 2>&1 || true
nsx "$NS_ROUTER" ip addr add "$ROUTER_LAN/24" dev jlvs-r-lan
nsx "$NS_ROUTER" ip addr add "$ROUTER_EXT/24" dev jlvs-r-cli
nsx "$NS_ROUTER" ip link set jlvs-r-lan up
nsx "$NS_ROUTER" ip link set jlvs-r-cli up
nsx "$NS_ROUTER" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.fib_multipath_hash_policy=1
nsx "$NS_CLIENT" ip addr add "$CLIENT_EXT/24" dev "$LAB_CLIENT_IF"
nsx "$NS_CLIENT" ip link set "$LAB_CLIENT_IF" up
nsx "$NS_CLIENT" ip route add default via "$ROUTER_EXT"
for ns in $LAB_NS_SERVERS; do nsx "$ns" ip route add 203.0.113.0/24 via "$ROUTER_LAN" dev "$IF_SERVER"; done

mkdir -p "$LAB_RUN_DIR/router"
{
  echo "router id $ROUTER_LAN;"
  echo "log \"$LAB_RUN_DIR/router/bird.log\" all;"
  echo 'protocol device { scan time 1; }'
  # merge paths: the equal BGP routes from both directors become one multipath kernel route.
  echo 'protocol kernel { ipv4 { import none; export all; }; merge paths on; }'
  for d in 1 2; do
    echo "protocol bgp dir$d { local $ROUTER_LAN as 65000; neighbor $(fo_ext_addr "$d") as 65001;"
    echo "  hold time $HOLD; keepalive time 1; connect retry time 1; error wait time 1, 2;"
    echo "  ipv4 { import all; export none; }; }"
  done
} >"$LAB_RUN_DIR/router/bird.conf"
nsx "$NS_ROUTER" bird -c "$LAB_RUN_DIR/router/bird.conf" -s "$LAB_RUN_DIR/router/bird.ctl" \
  -P "$LAB_RUN_DIR/router/bird.pid" 8>&-
router_birdc() { nsx "$NS_ROUTER" birdc -s "$LAB_RUN_DIR/router/bird.ctl" "$@"; }
# The kernel route to the VIP has this many next hops (0: none).
vip_paths() {
  local r
  r=$(nsx "$NS_ROUTER" ip route show "$LAB_VIP/32" 2>/dev/null)
  [ -n "$r" ] || { echo 0; return; }
  local n; n=$(grep -c nexthop <<<"$r" || true)
  [ "$n" -gt 0 ] && echo "$n" || echo 1
}
paths_are() { [ "$(vip_paths)" = "$1" ]; }

# --- the directors: config, BIRD, jlvs
control_core=$(awk '/^  control:/ {print $2; exit}' "$LAB_JLVS_CONFIG")
worker_core=$(awk -F'[][]' '/^  workers:/ {print $2; exit}' "$LAB_JLVS_CONFIG")
eal_memory=$(awk '/^eal:/ {f=1; next} f && /^[a-z]/ {exit} f && !/vdev/' "$LAB_JLVS_CONFIG")
write_director() {
  local d=$1 dir=$LAB_RUN_DIR/dir$1 addr mac addr2
  addr=$(fo_ext_addr "$d") addr2=$(fo_int_addr "$d") mac=$(fo_ext_mac "$d")
  mkdir -p "$dir"
  printf 'protocol static jlvs_vips {\n  ipv4;\n}\n' >"$dir/vips.conf"
  cat >"$dir/bird.conf" <<EOF
router id $addr;
log "$dir/bird.log" all;
protocol device { scan time 1; }
include "$dir/vips.conf";
protocol bgp uplink {
  local $addr as 65001;
  neighbor $ROUTER_LAN as 65000;
  hold time $HOLD; keepalive time 1; connect retry time 1; error wait time 1, 2;
  ipv4 { import none; export where proto = "jlvs_vips"; next hop self; };
}
EOF
  local prefix=$LAB_DPDK_PREFIX
  [ "$d" -gt 1 ] && prefix=$LAB_DPDK_PREFIX$d
  {
    echo "eal:"
    # Each director its own EAL file prefix (lab/up's scheme, which lab/down cleans up after a kill).
    echo "$eal_memory" | sed "s/--file-prefix=$LAB_DPDK_PREFIX\$/--file-prefix=$prefix/"
    echo "  - --vdev=net_af_packet0,iface=$IF_DIR_LAN,qpairs=1"
    echo "  - --vdev=net_tap0,iface=jlvs-k0,mac=$mac"
    cat <<EOF
ports:
  - name: lan
    device: net_af_packet0
    role: one-arm
    addresses: [$addr/24, $addr2/24]
    mac: "$mac"
    exception: net_tap0              # BGP, health-check replies: the kernel on jlvs-k0
cores:
  control: $control_core
  workers: [$worker_core]
idle:
  strategy: sleep
  sleep-ns: 100000
journal-dir: $dir/journal
control-socket:
  path: $dir/control.sock
bgp:
  include-file: $dir/vips.conf
  control-socket: $dir/bird.ctl
  interval-millis: 200
services:
  - protocol: tcp
    vip: $LAB_VIP
    port: 80
    scheduler: mh
    scheduler-flags: [mh-port]
    real-servers:
EOF
    for a in $LAB_RS_ADDRS; do
      cat <<EOF
      - address: $a
        method: dr
        health-check: {type: http-get, path: /whoami, interval-ms: 500, timeout-ms: 1000, retries: 2}
EOF
    done
  } >"$dir/jlvs.yaml"
}
declare -A DIRECTOR_PID
start_director() {
  local d=$1 ns=${NS_DIRS[$1 - 1]} dir=$LAB_RUN_DIR/dir$1 before i
  before=$(cat "$dir/jlvs.log" 2>/dev/null | wc -l)
  ip netns exec "$ns" "$ROOT/bin/jlvs" run --config "$dir/jlvs.yaml" >>"$dir/jlvs.log" 2>&1 8>&- &
  DIRECTOR_PID[$d]=$!
  pids+=("$!")
  for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
    if tail -n +"$((before + 1))" "$dir/jlvs.log" 2>/dev/null | grep '^jlvs: ready:' >/dev/null; then
      # The kernel's side of the exception port: the director's addresses, for BGP and the probes.
      nsx "$ns" sysctl -qw net.ipv6.conf.jlvs-k0.disable_ipv6=1 2>/dev/null || true
      nsx "$ns" ip addr add "$(fo_ext_addr "$d")/24" dev jlvs-k0
      nsx "$ns" ip addr add "$(fo_int_addr "$d")/24" dev jlvs-k0
      nsx "$ns" ip link set jlvs-k0 up
      return 0
    fi
    kill -0 "${DIRECTOR_PID[$d]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "  director $d did not get ready; the end of $dir/jlvs.log:"; tail -n 20 "$dir/jlvs.log" | sed 's/^/    /'
  return 1
}
jlvsadm_on() { local d=$1; shift; JLVS_CONTROL_SOCKET=$LAB_RUN_DIR/dir$d/control.sock timeout 20 "$ROOT/bin/jlvsadm" "$@"; }
start_sync() {
  local role
  for role in master backup; do
    jlvsadm_on "$1" --start-daemon "$role" --mcast-interface lan --syncid 1 >>"$work/sync.log" 2>&1 \
      || { echo "  --start-daemon $role on director $1: $(tail -1 "$work/sync.log")"; return 1; }
  done
}

for d in 1 2; do
  write_director "$d"
  nsx "${NS_DIRS[d - 1]}" ip link set lo up
  nsx "${NS_DIRS[d - 1]}" bird -c "$LAB_RUN_DIR/dir$d/bird.conf" -s "$LAB_RUN_DIR/dir$d/bird.ctl" \
    -P "$LAB_RUN_DIR/dir$d/bird.pid" 8>&-
  start_director "$d" || exit 1
  start_sync "$d" || exit 1
done

echo "== ecmp: 2 directors, 3 servers, mh, BGP hold time $HOLD s"
if wait_for 60 paths_are 2; then
  pass "bgp: the router's route to $LAB_VIP has 2 paths: $(nsx "$NS_ROUTER" ip route show "$LAB_VIP/32" | paste -sd' ' | tr -s ' ')"
else
  fail "bgp: the router's route to $LAB_VIP has $(vip_paths) path(s); router: $(router_birdc show protocols | tail -n +3 | paste -sd';')"
fi

# --- a VIP without a healthy server is not announced
for ns in $LAB_NS_SERVERS; do nsx "$ns" kill -QUIT "$(cat "$LAB_RUN_DIR/${ns#jlvs-}/nginx.pid")"; done
t0=$(now_ms)
if wait_for 30 paths_are 0; then
  shown=$(router_birdc show route for "$LAB_VIP" 2>&1 | tail -n +2 | paste -sd' ') || true
  pass "health: all servers down: withdrawn after $(( $(now_ms) - t0 )) ms; router's birdc show route for $LAB_VIP: ${shown:-nothing}"
else
  fail "health: all servers down, still $(vip_paths) path(s)"
fi
for ns in $LAB_NS_SERVERS; do
  rsdir=$LAB_RUN_DIR/${ns#jlvs-}
  nsx "$ns" nginx -p "$rsdir/" -e "$rsdir/error.log" -c "$rsdir/nginx.conf" 8>&-
done
if wait_for 30 paths_are 2; then
  pass "health: servers back: announced by both again ($(router_birdc show route for "$LAB_VIP" all 2>/dev/null | grep -c 'BGP.as_path' || true) BGP routes)"
else
  fail "health: servers back, $(vip_paths) path(s)"
fi

# --- load: keep-alive connections (one request each) and short curl connections
stats_conns() { jlvsadm_on "$1" -L -n --stats 2>/dev/null | awk -v v="$LAB_VIP:$LAB_VPORT" '$1 == "TCP" && $2 == v {print $3}'; }
c1=$(stats_conns 1) c2=$(stats_conns 2)
mkfifo "$work/ka.in" "$work/ka.out"
nsx "$NS_CLIENT" "$JAVA_HOME/bin/java" "$LAB/KeepAliveClient.java" "$LAB_VIP" "$LAB_VPORT" "$KA_CONNS" \
  <"$work/ka.in" >"$work/ka.out" 2>&1 8>&- &
pids+=("$!")
exec 5>"$work/ka.in" 6<"$work/ka.out"
ka_round() { local line; echo round >&5; read -r -t 120 line <&6 || line="no answer"; echo "$line"; }
read -r -t 120 line <&6 || line="no answer"
[ "$line" = "open $KA_CONNS" ] || { fail "keep-alive client: $line"; exit 1; }
r1=$(ka_round)
ok=0
for ((i = 0; i < CURL_CONNS; i++)); do
  nsx "$NS_CLIENT" curl -s -m 5 -o /dev/null -w '%{http_code}\n' "http://$LAB_VIP/whoami" 2>/dev/null | grep -q 200 && ok=$((ok + 1))
done
n1=$(( $(stats_conns 1) - c1 )) n2=$(( $(stats_conns 2) - c2 ))
if [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ "$ok" = "$CURL_CONNS" ]; then
  pass "spread: $KA_CONNS keep-alive + $CURL_CONNS curl connections ($ok answered): director 1 scheduled $n1, director 2 $n2; $r1"
else
  fail "spread: director 1 $n1, director 2 $n2, curl $ok of $CURL_CONNS; $r1"
fi
established() { jlvsadm_on "$1" -L -n -c 2>/dev/null | awk -v vip="$LAB_VIP:$LAB_VPORT" '$1 == "TCP" && $3 == "ESTABLISHED" && $5 == vip' | wc -l; }
both_hold_all() { [ "$(established 1)" -ge "$KA_CONNS" ] && [ "$(established 2)" -ge "$KA_CONNS" ]; }
if wait_for 30 both_hold_all; then
  pass "synced: established in the tables: director 1 $(established 1), director 2 $(established 2) (>= $KA_CONNS each)"
else
  fail "synced: established: director 1 $(established 1), director 2 $(established 2), want >= $KA_CONNS each"
fi

# --- kill -9 of director 1
kill -9 "${DIRECTOR_PID[1]}"
t0=$(now_ms)
wait "${DIRECTOR_PID[1]}" 2>/dev/null || true
if wait_for $((HOLD * 3 + 5)) paths_are 1; then
  pass "kill: director 1 killed (-9): the router's route has 1 path after $(( $(now_ms) - t0 )) ms (hold time $HOLD s)"
else
  fail "kill: after the kill the route has $(vip_paths) path(s)"
fi
r2=$(ka_round)
answered=$(sed -n 's/.*answered \([0-9]*\).*/\1/p' <<<"$r2") same=$(sed -n 's/.* same \([0-9]*\).*/\1/p' <<<"$r2")
if [ "${same:-0}" = "$KA_CONNS" ]; then
  pass "kept: $same of $KA_CONNS keep-alive connections answered from the same real server after the kill (100 %); $r2"
else
  fail "kept: ${same:-0} of $KA_CONNS from the same server ($(( ${same:-0} * 100 / KA_CONNS )) %); $r2"
fi

# --- director 1 comes back
if start_director 1 && start_sync 1 && wait_for 60 paths_are 2; then
  c1=$(stats_conns 1)
  for ((i = 0; i < 60; i++)); do nsx "$NS_CLIENT" curl -s -m 5 -o /dev/null "http://$LAB_VIP/whoami" 2>/dev/null || true; done
  n1=$(( $(stats_conns 1) - c1 ))
  r3=$(ka_round)
  if [ "$n1" -gt 0 ]; then pass "rejoin: director 1 restarted, 2 paths again, it scheduled $n1 of 60 new connections; $r3"
  else fail "rejoin: director 1 took none of 60 new connections"; fi
else
  fail "rejoin: director 1 restarted, route has $(vip_paths) path(s)"
fi
echo quit >&5 || true

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
