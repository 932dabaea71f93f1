#!/usr/bin/env bash
# lab/test-keepalived.sh: jlvs's VRRP against a real keepalived (Debian's, VRRPv3, the same vrid)
# on one LAN. lab/up dr 1 --failover: jlvs runs in jlvs-dir; keepalived in jlvs-dir2 on a kernel
# address (198.51.100.4). Checks:
#   import     jlvs's VRRP instance is the keepalived.conf keepalived runs (priority 100), converted
#              by jlvs import-keepalived onto the lab's config without its vrrp section
#   alone      jlvs (priority 100, preempt) alone becomes MASTER and answers ARP for the VIP
#   elect      keepalived (priority 150) starts: keepalived MASTER, jlvs BACKUP seeing
#              198.51.100.4 as master, the client's ARP for the VIP answered by keepalived's MAC
#   takeover   kill -9 of keepalived: jlvs MASTER within its master-down interval
#              (3 x 1 s + skew 0.61 s = 3.61 s, counted from the kill), the VIP's ARP jlvs's again
#   lower      keepalived restarted with priority 50: it stays BACKUP (it sees jlvs's adverts;
#              without them it would be MASTER after 3.8 s) for 8 s
#   reverse    kill -9 of jlvs: keepalived MASTER within its master-down interval (3.8 s)
# One line per check, then "N passed, M failed". Needs root, namespaces, keepalived and the jars
# (make build); SKIPPED where namespaces are not allowed. About a minute.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
. "$LAB/lib.sh"
. "$ROOT/scripts/env.sh"
ME=lab/test-keepalived.sh

skip() { echo "SKIPPED: $ME: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
lab_netns_allowed || skip "network namespaces are not allowed here (ip netns add failed, or no iproute2)"
jlvs_require_tools "$ME" keepalived nginx curl ethtool ping flock || exit 1
if [ -z "${JLVS_CLASSPATH:-}" ]; then
  JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || exit 1
  export JLVS_CLASSPATH
fi
export JLVS_CONTROL_SOCKET=$LAB_RUN_DIR/control.sock
READY_TIMEOUT=60
JLVS_DOWN_MS=3610        # jlvs, priority 100, 1 s adverts: 3 x 1000 + (256 - 100) x 1000 / 256
KEEPALIVED_DOWN_MS=3805  # keepalived, priority 50: 3 x 1000 + 206 x 1000 / 256
SLACK_MS=700             # polling (every 50 ms) and a loaded 2-core machine's scheduling

lab_run_lock "$ME"
work=$(mktemp -d /tmp/jlvs-keepalived.XXXXXX)
jlvs_pid='' ka_pid=''
finish() {
  local rc=$?
  [ -n "$jlvs_pid" ] && kill -9 "$jlvs_pid" 2>/dev/null || true
  [ -n "$ka_pid" ] && kill_keepalived
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

echo "== keepalived interop: lab/up dr 1 --failover, jlvs in jlvs-dir, keepalived $(keepalived --version 2>&1 | head -1 | awk '{print $2}') in jlvs-dir2"
"$LAB/up" dr 1 --director jlvs --failover >"$work/up.log" 2>&1 8>&- || { cat "$work/up.log"; exit 1; }
. "$LAB_RUN_DIR/lab.env"
PEER_ADDR=${LAB_DIR2_ADDRS%% *}
# keepalived's side: a kernel address on its veth; only the VRRP master holds the VIP.
nsx "$LAB_NS_DIRECTOR2" ip addr add "$PEER_ADDR/24" dev "$LAB_DIR_LAN_IF"
nsx "$LAB_NS_DIRECTOR2" ip link set "$LAB_DIR_LAN_IF" promisc off

start_jlvs() {
  local log=$LAB_RUN_DIR/jlvs.log i
  ip netns exec "$LAB_NS_DIRECTOR" "$ROOT/bin/jlvs" run --config "$work/jlvs.yaml" >>"$log" 2>&1 8>&- &
  jlvs_pid=$!
  for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
    grep '^jlvs: ready:' "$log" >/dev/null 2>&1 && return 0
    kill -0 "$jlvs_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "  jlvs did not get ready; the end of $log:"; tail -n 20 "$log" | sed 's/^/    /'
  return 1
}

# keepalived_conf PRIORITY: the one VRRPv3 instance both sides run, as keepalived.conf.
keepalived_conf() {
  cat <<EOF
global_defs {
  router_id jlvs_lab_peer
  vrrp_version 3
  enable_script_security
}
vrrp_instance VI_VIP {
  state BACKUP
  interface $LAB_DIR_LAN_IF
  virtual_router_id 10
  priority $1
  advert_int 1
  virtual_ipaddress {
    $LAB_VIP/32
  }
}
EOF
}

# start_keepalived PRIORITY: keepalived in the foreground (its own pid files and log).
start_keepalived() {
  local conf=$work/keepalived.conf
  keepalived_conf "$1" >"$conf"
  ip netns exec "$LAB_NS_DIRECTOR2" keepalived --dont-fork --log-console --log-detail --vrrp \
    --use-file="$conf" --pid="$work/keepalived.pid" --vrrp_pid="$work/keepalived-vrrp.pid" \
    >>"$work/keepalived.log" 2>&1 8>&- &
  ka_pid=$!
}

# kill -9 of keepalived: the parent and its VRRP child (which sends the adverts).
kill_keepalived() {
  kill -9 "$(cat "$work/keepalived-vrrp.pid" 2>/dev/null)" "$ka_pid" 2>/dev/null || true
  wait "$ka_pid" 2>/dev/null || true
  ka_pid=''
}

# jlvs's state of VI_VIP from jlvsadm -L's VRRP lines: MASTER, BACKUP, ...
jlvs_state() { timeout 20 "$ROOT/bin/jlvsadm" -L -n 2>/dev/null | awk '$1 == "VRRP_Instance(VI_VIP)" { print $2; exit }'; }
jlvs_master() { timeout 20 "$ROOT/bin/jlvsadm" -L -n 2>/dev/null | awk '$1 == "VRRP_Instance(VI_VIP)" { for (i = 1; i < NF; i++) if ($i == "master") print $(i + 1); exit }'; }
keepalived_holds_vip() { nsx "$LAB_NS_DIRECTOR2" ip -4 -o addr show dev "$LAB_DIR_LAN_IF" | grep -F " $LAB_VIP/" >/dev/null; }
# The epoch ms of jlvs's last transition of VI_VIP into STATE (its log line "jlvs: vrrp: MS ...").
jlvs_transition_ms() { grep -F "VRRP_Instance(VI_VIP)" "$LAB_RUN_DIR/jlvs.log" | grep -F -- "-> $1 " | tail -1 | awk '{print $3}'; }
# Which MAC answers the client's ARP for the VIP (the neighbour entry after a ping).
vip_mac() {
  nsx "$LAB_NS_CLIENT" ip neigh flush dev "$LAB_CLIENT_IF" >/dev/null 2>&1 || true
  nsx "$LAB_NS_CLIENT" ping -c 2 -i 0.3 -W 1 "$LAB_VIP" >/dev/null 2>&1 || true
  nsx "$LAB_NS_CLIENT" ip neigh show "$LAB_VIP" dev "$LAB_CLIENT_IF" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'
}
# wait_for SECONDS CMD...: polls CMD every 0.1 s until it succeeds or SECONDS pass.
wait_for() {
  local deadline=$(( $(now_ms) + $1 * 1000 ))
  shift
  while ! "$@"; do [ "$(now_ms)" -lt "$deadline" ] || return 1; sleep 0.1; done
}
state_is() { [ "$(jlvs_state)" = "$1" ]; }

# --- import: jlvs's instance (priority 100, preempting) from the same keepalived.conf as the peer's
keepalived_conf 100 >"$work/jlvs-keepalived.conf"
awk '/^vrrp:/ { skip = 1; next } skip && /^[^ #]/ { skip = 0 } !skip' "$LAB_JLVS_CONFIG" >"$work/base.yaml"
if "$ROOT/bin/jlvs" import-keepalived "$work/jlvs-keepalived.conf" --base "$work/base.yaml" \
    --port "$LAB_DIR_LAN_IF=lan" --out "$work/jlvs.yaml" 2>"$work/import.err" \
    && grep -q '^vrrp:' "$work/jlvs.yaml" && grep -q '^services:' "$work/jlvs.yaml"; then
  pass "import: keepalived.conf's vrrp_instance converted by jlvs import-keepalived onto the lab's services ($(grep -c warning "$work/import.err") warning)"
else
  fail "import: jlvs import-keepalived: $(tr '\n' ' ' <"$work/import.err")"
  exit 1
fi

# --- alone
if ! start_jlvs; then fail "jlvs started"; exit 1; fi
if wait_for 15 state_is MASTER; then
  mac=$(vip_mac)
  [ "$mac" = "$LAB_DIR1_MAC" ] && pass "alone: jlvs MASTER, the VIP's ARP answered by jlvs ($mac)" \
    || fail "alone: jlvs MASTER but the VIP's ARP answered by '${mac:-nobody}' (want $LAB_DIR1_MAC)"
else
  fail "alone: jlvs not MASTER within 15 s (state '$(jlvs_state)')"
fi

# --- elect: keepalived with the higher priority takes over (preempts)
start_keepalived 150
if wait_for 15 keepalived_holds_vip && wait_for 10 state_is BACKUP; then
  master=$(jlvs_master)
  mac=$(vip_mac)
  if [ "$master" = "$PEER_ADDR" ] && [ "$mac" = "$LAB_DIR2_MAC" ]; then
    pass "elect: keepalived (150) MASTER holding the VIP, jlvs (100) BACKUP with master $master, ARP answered by keepalived ($mac)"
  else
    fail "elect: jlvs BACKUP with master '${master:-?}' (want $PEER_ADDR), VIP's ARP by '${mac:-nobody}' (want $LAB_DIR2_MAC)"
  fi
else
  fail "elect: keepalived holds the VIP: $(keepalived_holds_vip && echo yes || echo no), jlvs state '$(jlvs_state)'"
  tail -n 15 "$work/keepalived.log" | sed 's/^/    keepalived: /'
fi

# --- takeover: keepalived killed silently; jlvs within its master-down interval
t_kill=$(now_ms)
kill_keepalived
nsx "$LAB_NS_DIRECTOR2" ip addr del "$LAB_VIP/32" dev "$LAB_DIR_LAN_IF" 2>/dev/null || true
if wait_for 15 state_is MASTER; then
  t_master=$(jlvs_transition_ms MASTER)
  took=$(( t_master - t_kill ))
  mac=$(vip_mac)
  if [ "$took" -le $((JLVS_DOWN_MS + SLACK_MS)) ] && [ "$mac" = "$LAB_DIR1_MAC" ]; then
    pass "takeover: keepalived killed, jlvs MASTER after $took ms (master-down interval $JLVS_DOWN_MS ms), ARP by jlvs"
  else
    fail "takeover: jlvs MASTER after $took ms (want <= $JLVS_DOWN_MS + $SLACK_MS), VIP's ARP by '${mac:-nobody}'"
  fi
else
  fail "takeover: jlvs not MASTER within 15 s of keepalived's kill (state '$(jlvs_state)')"
fi

# --- lower: keepalived with priority 50 stays BACKUP because it hears jlvs
: >"$work/keepalived.log"
start_keepalived 50
wait_for 10 grep -F 'Entering BACKUP STATE' "$work/keepalived.log" >/dev/null || true
sleep 8   # a window longer than keepalived's master-down interval (3.8 s): it must not take over
if grep -F 'Entering MASTER STATE' "$work/keepalived.log" >/dev/null || keepalived_holds_vip; then
  fail "lower: keepalived (50) became MASTER beside jlvs (100): it did not accept jlvs's adverts"
  grep -i -e vrrp -e advert "$work/keepalived.log" | tail -n 10 | sed 's/^/    keepalived: /'
elif grep -F 'Entering BACKUP STATE' "$work/keepalived.log" >/dev/null && state_is MASTER; then
  pass "lower: keepalived (50) BACKUP for 8 s beside jlvs (100) MASTER"
else
  fail "lower: keepalived never entered BACKUP, or jlvs is '$(jlvs_state)'"
  tail -n 10 "$work/keepalived.log" | sed 's/^/    keepalived: /'
fi

# --- reverse: jlvs killed; keepalived within its master-down interval
t_kill=$(now_ms)
kill -9 "$jlvs_pid"; wait "$jlvs_pid" 2>/dev/null || true; jlvs_pid=''
if wait_for 15 keepalived_holds_vip; then
  took=$(( $(now_ms) - t_kill ))
  if [ "$took" -le $((KEEPALIVED_DOWN_MS + SLACK_MS)) ]; then
    pass "reverse: jlvs killed, keepalived MASTER (holds the VIP) after $took ms (master-down interval $KEEPALIVED_DOWN_MS ms)"
  else
    fail "reverse: keepalived MASTER after $took ms (want <= $KEEPALIVED_DOWN_MS + $SLACK_MS)"
  fi
else
  fail "reverse: keepalived did not take the VIP within 15 s of jlvs's kill"
fi

echo "  jlvs's VRRP log lines:"
grep -F 'jlvs: vrrp:' "$LAB_RUN_DIR/jlvs.log" | sed 's/^/    /' | tail -n 8
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
