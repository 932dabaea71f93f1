#!/usr/bin/env bash
# `make demo`: jlvs as a NAT director in the namespace lab, under a fixed load.
#
#   lab/up nat 3 --director jlvs    a client, the director's veths, 3 nginx real servers
#   bin/jlvs run                    in the director namespace (DPDK af_packet on its veths)
#   httperf from the client         500 new connections per second for 20 s, one request each
#                                   for the 628-byte page, 1 s timeout (O'Rourke & Keefe's load)
#   then prints                     httperf's summary, jlvsadm -L -n --rate (taken while the load
#                                   runs), jlvsadm -L -n --stats, the requests each server answered
#   and tears everything down (also on failure or Ctrl-C).
#
# Needs root and network namespaces. About a minute. DEMO_RATE and DEMO_SECONDS change the load.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LAB=$ROOT/lab
. "$LAB/lib.sh"

RATE=${DEMO_RATE:-500}
SECONDS_OF_LOAD=${DEMO_SECONDS:-20}
READY_TIMEOUT=120

die() { echo "jlvs demo: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, veths, DPDK on the director's veths)"
. "$ROOT/scripts/env.sh"
jlvs_require_tools "jlvs demo" ip nginx httperf curl ethtool flock || exit 1
lab_netns_allowed || die "network namespaces are not allowed here (ip netns add failed)"

# The demo runs this tree's own jars (lab/lib.sh, lab_jlvs_classpath, says why).
JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || die "jlvs is not built; run make build (make demo builds first)"
export JLVS_CLASSPATH
export JLVS_CONTROL_SOCKET=$LAB_RUN_DIR/control.sock   # where jlvsadm finds the lab's daemon
jlvsadm() { timeout 20 "$ROOT/bin/jlvsadm" "$@"; }

# One user of the lab at a time (lab/test-e2e.sh and the lab benchmarks take the same lock).
# fd 8 is closed for everything started below, so no daemon keeps holding it.
lab_run_lock "jlvs demo"

t_start=$(date +%s)
work=$(mktemp -d /tmp/jlvs-demo.XXXXXX)
jlvs_pid='' httperf_pid=''
finish() {
  local rc=$?
  [ -n "$httperf_pid" ] && kill "$httperf_pid" 2>/dev/null || true
  if [ -n "$jlvs_pid" ]; then
    kill -TERM "$jlvs_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$jlvs_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$jlvs_pid" 2>/dev/null || true
  fi
  if [ $rc -ne 0 ] && [ -f "$LAB_RUN_DIR/jlvs.log" ]; then
    echo "jlvs demo: failed (exit $rc); the end of jlvs's log:" >&2
    tail -n 15 "$LAB_RUN_DIR/jlvs.log" | sed 's/^/  /' >&2
  fi
  "$LAB/down" 8>&- | sed 's/^/  /' || true
  rm -rf "$work"
  echo "jlvs demo: done in $(( $(date +%s) - t_start )) s"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM

step() { echo; echo "== $*"; }

step "lab/up nat 3 --director jlvs"
"$LAB/up" nat 3 --director jlvs 8>&- | sed 's/^/  /'
. "$LAB_RUN_DIR/lab.env"

step "bin/jlvs run --config $LAB_RUN_DIR/jlvs.yaml (in namespace $LAB_NS_DIRECTOR)"
# ip netns exec and bin/jlvs both exec: $! is the daemon's JVM.
ip netns exec "$LAB_NS_DIRECTOR" "$ROOT/bin/jlvs" run --config "$LAB_RUN_DIR/jlvs.yaml" \
  >"$LAB_RUN_DIR/jlvs.log" 2>&1 8>&- &
jlvs_pid=$!
for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
  grep -q '^jlvs: ready:' "$LAB_RUN_DIR/jlvs.log" 2>/dev/null && break
  kill -0 "$jlvs_pid" 2>/dev/null || die "jlvs exited before it was ready"
  sleep 0.1
done
grep '^jlvs: ready:' "$LAB_RUN_DIR/jlvs.log" | sed 's/^/  /' || die "jlvs printed no ready line within $READY_TIMEOUT s"
jlvsadm -L -n | sed 's/^/  /'

# Requests each server has served so far (nginx's stub_status, read inside its namespace).
served() { ip netns exec "$(ns_server "$1")" curl -s -m 2 "http://127.0.0.1/nginx_status" 8>&- | awk 'NR == 3 { print $3 }'; }

# Three requests first: the director learns the client's and the servers' MACs (ARP) before
# the measured load starts.
ip netns exec "$LAB_NS_CLIENT" curl -sf -m 2 -o /dev/null "$LAB_URL" -o /dev/null "$LAB_URL" -o /dev/null "$LAB_URL" 8>&- \
  || die "the VIP does not answer HTTP ($LAB_URL)"
declare -a before
for ((i = 1; i <= LAB_SERVERS; i++)); do before[i]=$(served "$i"); done

conns=$((RATE * SECONDS_OF_LOAD))
step "httperf from the client: $RATE conn/s for $SECONDS_OF_LOAD s ($conns connections, one request each, $LAB_PAGE_BYTES-byte page, 1 s timeout)"
ip netns exec "$LAB_NS_CLIENT" timeout $((SECONDS_OF_LOAD + 30)) httperf --hog --server "$LAB_VIP" \
  --port "$LAB_VPORT" --uri /index.html --rate "$RATE" --num-conns "$conns" --num-calls 1 \
  --timeout 1 >"$work/httperf.out" 2>&1 8>&- &
httperf_pid=$!
# The rate estimator is IPVS's: every 2 s, an average that takes about 8 s to settle, so it is
# read three quarters into the load.
rate_at=$((SECONDS_OF_LOAD * 3 / 4))
sleep "$rate_at"
jlvsadm -L -n --rate >"$work/rate.txt" 2>&1 || echo "(jlvsadm -L -n --rate failed)" >>"$work/rate.txt"
jlvsadm -L -n >"$work/list-during.txt" 2>&1 || true
wait "$httperf_pid" || echo "  (httperf exited with status $?)"
httperf_pid=''
# httperf's own summary: connections, rate, replies and errors.
grep -E '^(Total|Connection rate|Connection time \[ms\]: min|Request rate|Reply rate|Reply status|Errors)' \
  "$work/httperf.out" | sed 's/^/  /'

step "jlvsadm -L -n --rate (taken $rate_at s into the load; IPVS's estimator, still settling towards the offered rate)"
sed 's/^/  /' "$work/rate.txt"
step "jlvsadm -L -n (connections per server, taken at the same time)"
sed 's/^/  /' "$work/list-during.txt"
step "jlvsadm -L -n --stats (after the load)"
jlvsadm -L -n --stats | sed 's/^/  /'

step "requests each real server answered during the load (nginx stub_status)"
total=0
for ((i = 1; i <= LAB_SERVERS; i++)); do
  n=$(( $(served "$i") - before[i] - 1 ))   # minus this stub_status request itself
  total=$((total + n))
  printf '  rs%d  %-12s %6d\n' "$i" "$(rs_addr "$i")" "$n"
done
printf '  all                 %6d of %d connections offered\n' "$total" "$conns"

step "lab/down"
