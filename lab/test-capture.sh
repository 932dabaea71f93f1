#!/usr/bin/env bash
# lab/test-capture.sh: packet capture from the running jlvs daemon (bin/jlvs capture, i.e. DPDK's
# dpdk-dumpcap attached as a secondary process) in the NAT lab, checked with tshark.
#
# lab/up nat 3 --director jlvs, bin/jlvs run in the director namespace, then:
#   ready     the daemon says capture is possible and names its EAL file prefix (jlvs-lab)
#   baseline  150 HTTP requests (curl, one connection each) without capture: all answered, 50/50/50
#   capture   two bin/jlvs capture at once, ext with 'tcp port 80 and host VIP', int with
#             'tcp port 80 and host RS1', while 150 more requests run: all answered, the same
#             50/50/50 (capture changes no result)
#   pcapng    tshark reads both files; every packet matches its filter (no ARP, health checks,
#             rs2/rs3); ext holds the client's 150 SYNs to the VIP (rx) and the 150 HTTP 200 from the
#             VIP (tx: source rewritten rs -> VIP); int the 50 SYNs to rs1 (tx: destination
#             rewritten VIP -> rs1) and rs1's 50 HTTP 200 (rx)
#   queue     bin/jlvs capture --port int --queue 0 (dpdk-pdump) for 6 s during requests: a pcap tshark reads
#   stop      SIGTERM: the daemon exits 0 and EAL's runtime directory and hugepage files are gone;
#             bin/jlvs capture then says jlvs is not running (exit 1)
# Requests per second with and without capture are printed (sequential curl: latency, not capacity).
# One line per check (ok/FAIL), then "N passed, M failed". Root and namespaces (else SKIPPED, exit 0);
# needs the jars (make build); holds the lab's run lock. About a minute.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
. "$LAB/lib.sh"

skip() { echo "SKIPPED: lab/test-capture.sh: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
lab_netns_allowed || skip "network namespaces are not allowed here (ip netns add failed, or no iproute2)"
. "$ROOT/scripts/env.sh"
jlvs_require_tools lab/test-capture.sh nginx curl ethtool flock tshark capinfos dpdk-dumpcap dpdk-pdump || exit 1
JLVS=$ROOT/bin/jlvs
if [ -z "${JLVS_CLASSPATH:-}" ]; then
  JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || exit 1
  export JLVS_CLASSPATH
fi
READY_TIMEOUT=120
REQUESTS=150
lab_run_lock lab/test-capture.sh

work=$(mktemp -d /tmp/jlvs-capture.XXXXXX)
jlvs_pid= capture_pid=
finish() {
  local rc=$?
  # shellcheck disable=SC2086  # one or two pids
  [ -n "$capture_pid" ] && kill -9 $capture_pid 2>/dev/null || true
  [ -n "$jlvs_pid" ] && kill -9 "$jlvs_pid" 2>/dev/null || true
  "$LAB/down" >/dev/null 2>&1 8>&- || true
  rm -rf "$work"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM

passed=0 failed=0
pass() { echo "  ok    $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); }
. "$LAB/e2e-lib.sh"

# timed_requests K: requests K, and RATE as requests per second (two decimals).
timed_requests() {
  local t0 t1
  t0=$(date +%s%N)
  requests "$1"
  t1=$(date +%s%N)
  RATE=$(awk -v k="$1" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", k / (ns / 1e9) }')
}

# Waits up to 60 s for PATTERN in FILE while PID runs.
await_line() {
  local file=$1 pattern=$2 pid=$3 i
  for ((i = 0; i < 600; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

echo "== capture: lab/up nat 3 --director jlvs, bin/jlvs run, bin/jlvs capture"
"$LAB/up" nat 3 --director jlvs >"$work/up.log" 2>&1 8>&- || { sed 's/^/    /' "$work/up.log"; exit 1; }
. "$LAB_RUN_DIR/lab.env"
config=$LAB_RUN_DIR/jlvs.yaml
rs1=$(rs_addr 1)
start_jlvs || { fail "jlvs started"; exit 1; }
if line=$(grep '^jlvs: packet capture: ' "$LAB_RUN_DIR/jlvs.log") && [[ $line == *"--file-prefix=$LAB_DPDK_PREFIX"* ]] \
    && [ -S "/var/run/dpdk/$LAB_DPDK_PREFIX/mp_socket" ]; then
  pass "ready: $line"
else
  fail "ready: no capture line naming --file-prefix=$LAB_DPDK_PREFIX, or no /var/run/dpdk/$LAB_DPDK_PREFIX/mp_socket: $(grep -E '^jlvs: (packet|ready)' "$LAB_RUN_DIR/jlvs.log" | cut -c1-200)"
fi

# --- baseline, no capture (after a warm-up, so that neither phase pays for the JIT)
requests 60
timed_requests "$REQUESTS"
base_spread=$(spread) base_rate=$RATE
if [ "$FAILED_REQUESTS" -eq 0 ] && [ "$base_spread" = 50/50/50 ]; then
  pass "baseline: $REQUESTS requests without capture, all answered, per server $base_spread, $base_rate requests/s"
else
  fail "baseline: $REQUESTS requests, $FAILED_REQUESTS failed, per server $base_spread (want 50/50/50)"
fi

# --- capture during the same traffic: one dpdk-dumpcap per port (22.11's records only the last -i),
# both attached at once. bin/jlvs execs the tool, so $! is dpdk-dumpcap itself.
declare -A FILTER=([ext]="tcp port 80 and host $LAB_VIP" [int]="tcp port 80 and host $rs1") CAP_PID=()
for port in ext int; do
  "$JLVS" capture --config "$config" --port "$port" --filter "${FILTER[$port]}" --out "$work/$port.pcapng" \
    >"$work/dumpcap-$port.log" 2>&1 8>&- &
  CAP_PID[$port]=$!
  capture_pid+=" $!"
done
# dpdk-dumpcap counts on stderr once pdump is enabled in the daemon (its 'Capturing on' line is buffered).
for port in ext int; do
  if ! await_line "$work/dumpcap-$port.log" 'Packets captured' "${CAP_PID[$port]}"; then
    fail "capture $port attached: dpdk-dumpcap said: $(tr '\n' ' ' <"$work/dumpcap-$port.log" | cut -c1-400)"
    exit 1
  fi
done
timed_requests "$REQUESTS"
cap_spread=$(spread) cap_rate=$RATE
declare -A CAP_RC=()
for port in ext int; do
  kill -INT "${CAP_PID[$port]}"
  wait "${CAP_PID[$port]}" && CAP_RC[$port]=0 || CAP_RC[$port]=$?
done
capture_pid=
if [ "$FAILED_REQUESTS" -eq 0 ] && [ "$cap_spread" = "$base_spread" ]; then
  pass "capture: $REQUESTS requests with two dpdk-dumpcap attached, all answered, per server $cap_spread as without, $cap_rate requests/s (without: $base_rate)"
else
  fail "capture: $REQUESTS requests, $FAILED_REQUESTS failed, per server $cap_spread (without capture: $base_spread)"
fi

# --- the pcapng files, read by tshark
syn='tcp.flags.syn == 1 and tcp.flags.ack == 0 and not tcp.analysis.retransmission'
count() { tshark -n -r "$1" -Y "$2" 2>/dev/null | wc -l; }
declare -A TOTAL=()
for port in ext int; do
  pcap=$work/$port.pcapng
  said=$(grep -E 'Packets (received|captured)' "$work/dumpcap-$port.log" | tail -1 | tr -s ' ')
  if [ "${CAP_RC[$port]}" -eq 0 ] && capinfos -t "$pcap" 2>/dev/null | grep -q pcapng \
      && TOTAL[$port]=$(tshark -n -r "$pcap" 2>"$work/tshark.err" | wc -l) \
      && ! grep -v 'Running as user' "$work/tshark.err" | grep -q . && [ "${TOTAL[$port]}" -gt 0 ]; then
    pass "pcapng $port: dpdk-dumpcap exit 0 after SIGINT, tshark reads ${TOTAL[$port]} packets ($said)"
  else
    fail "pcapng $port: dpdk-dumpcap exit ${CAP_RC[$port]}, capinfos: $(capinfos -t "$pcap" 2>&1 | tr '\n' ' '), tshark: $(grep -v 'Running as' "$work/tshark.err" 2>/dev/null | head -c 300)"
    TOTAL[$port]=0
  fi
done
ext=$work/ext.pcapng int=$work/int.pcapng
out_ext=$(count "$ext" "not (tcp.port == 80 and ip.addr == $LAB_VIP)")
out_int=$(count "$int" "not (tcp.port == 80 and ip.addr == $rs1)")
if [ "${TOTAL[ext]}" -gt 0 ] && [ "${TOTAL[int]}" -gt 0 ] && [ "$out_ext" -eq 0 ] && [ "$out_int" -eq 0 ]; then
  pass "filter: ext's ${TOTAL[ext]} packets all match '${FILTER[ext]}', int's ${TOTAL[int]} all '${FILTER[int]}' (no ARP, health checks or rs2/rs3)"
else
  fail "filter: $out_ext of ext's ${TOTAL[ext]} packets outside '${FILTER[ext]}', $out_int of int's ${TOTAL[int]} outside '${FILTER[int]}'"
fi
syn_vip=$(count "$ext" "$syn and ip.src == $LAB_CLIENT_ADDR and ip.dst == $LAB_VIP")
ok_vip=$(count "$ext" "ip.src == $LAB_VIP and ip.dst == $LAB_CLIENT_ADDR and http.response.code == 200")
syn_rs1=$(count "$int" "$syn and ip.src == $LAB_CLIENT_ADDR and ip.dst == $rs1")
ok_rs1=$(count "$int" "ip.src == $rs1 and ip.dst == $LAB_CLIENT_ADDR and http.response.code == 200")
third=$((REQUESTS / 3))
if [ "$syn_vip" -eq "$REQUESTS" ] && [ "$ok_vip" -eq "$REQUESTS" ] && [ "$syn_rs1" -eq "$third" ] && [ "$ok_rs1" -eq "$third" ]; then
  pass "packets: ext: $syn_vip SYNs client -> VIP (rx) and $ok_vip HTTP 200 VIP -> client (tx, source rewritten); int: $syn_rs1 SYNs client -> rs1 (tx, destination rewritten) and $ok_rs1 HTTP 200 rs1 -> client (rx)"
else
  fail "packets: ext SYNs to VIP $syn_vip and HTTP 200 from VIP $ok_vip (want $REQUESTS each); int SYNs to rs1 $syn_rs1 and HTTP 200 from rs1 $ok_rs1 (want $third each)"
fi

# --- one queue with dpdk-pdump (classic pcap, no filter), 4 s while requests run
qpcap=$work/int-q0.pcap
"$JLVS" capture --config "$config" --port int --queue 0 --out "$qpcap" --duration 6 >"$work/pdump.log" 2>&1 8>&- &
capture_pid=$!
# Requests until it stops: dpdk-pdump enables capture only after creating its pool (seconds here).
while kill -0 "$capture_pid" 2>/dev/null; do requests 5; done
wait "$capture_pid" && q_rc=0 || q_rc=$?
capture_pid=
qsyn=$(count "$qpcap" "$syn and ip.dst == $rs1" || true)
if [ "$q_rc" -eq 0 ] && capinfos -t "$qpcap" 2>/dev/null | grep -q ' pcap$' && [ "$qsyn" -gt 0 ]; then
  pass "queue: int queue 0 for 6 s with dpdk-pdump: pcap with $(tshark -n -r "$qpcap" 2>/dev/null | wc -l) packets, $qsyn SYNs to rs1"
else
  fail "queue: dpdk-pdump exit $q_rc, $qsyn SYNs to rs1; it said: $(tr '\n' ' ' <"$work/pdump.log" | cut -c1-400)"
fi

# --- stop: EAL's files removed; capture then refuses clearly
kill -TERM "$jlvs_pid"
wait "$jlvs_pid" && stop_rc=0 || stop_rc=$?
jlvs_pid=
left=$({ ls -d "/var/run/dpdk/$LAB_DPDK_PREFIX" /dev/hugepages/"${LAB_DPDK_PREFIX}"map_* 2>/dev/null || true; } | wc -l)
if [ "$stop_rc" -eq 0 ] && [ "$left" -eq 0 ]; then
  pass "stop: exit 0 on SIGTERM; /var/run/dpdk/$LAB_DPDK_PREFIX and its hugepage files removed"
else
  fail "stop: exit $stop_rc, $left of /var/run/dpdk/$LAB_DPDK_PREFIX and hugepage files left"
fi
"$JLVS" capture --config "$config" --count 1 >"$work/norun.log" 2>&1 && norun_rc=0 || norun_rc=$?
if [ "$norun_rc" -eq 1 ] && grep -q 'jlvs is not running' "$work/norun.log"; then
  pass "not running: bin/jlvs capture exit 1: $(head -c 160 "$work/norun.log")..."
else
  fail "not running: exit $norun_rc: $(cat "$work/norun.log")"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
