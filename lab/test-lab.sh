#!/usr/bin/env bash
# lab/test-lab.sh: end-to-end test of the lab itself, with kernel directors (no jlvs needed).
#
#   nat + nftables (numgen inc), 3 servers: 300 requests through the VIP, exactly 100 per server
#   nat + HAProxy (roundrobin),  3 servers: the same
#   nat, no director, 3 servers:            300 requests straight to the servers, 100 each
#   dr, 3 servers, director veths prepared for jlvs: the generated jlvs.yaml, no ARP answer for
#       the VIP from any server, and each server answers for the VIP when the client's frames
#       are sent to its MAC (what jlvs's DR forwarding will do)
#   dr, 3 servers: 300 requests through a stand-in DPDK af_packet director (lab/dpdk-dr-standin.c)
#       started with the EAL arguments of the generated jlvs.yaml, 100 per server (needs libdpdk-dev)
#   nat and tun, 2 servers, --director jlvs: the director's ports prepared, jlvs.yaml accepted
#   tun, 3 servers: 300 requests through a stand-in IP-in-IP director (lab/ipip-encap.c) into
#       the servers' decapsulators, answered directly with the VIP as source, 100 per server
#   clean-up: after every lab/down, and after a lab/up that fails half-way and a test that fails
#       (its trap runs lab/down), no lab namespace, link, process or run directory is left.
#
# Needs root and network namespaces; prints SKIPPED and exits 0 where they are not allowed.
# Exit 0 when everything passed, 1 otherwise. Leaves the machine without a lab either way.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
. "$LAB/lib.sh"

skip() { echo "SKIPPED: lab/test-lab.sh: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
lab_netns_allowed || skip "network namespaces are not allowed here (ip netns add failed, or no iproute2)"
. "$LAB/../scripts/env.sh"
jlvs_require_tools lab/test-lab.sh nginx nft haproxy curl gcc ethtool || exit 1

# One user of the lab at a time (lab/test-e2e.sh, the demo and the lab benchmarks take the same
# lock for a whole run).
lab_run_lock lab/test-lab.sh

work=$(mktemp -d /tmp/jlvs-lab-test.XXXXXX)
helper_pid=
finish() {
  local rc=$?
  [ -n "$helper_pid" ] && lab_kill_pids "$helper_pid"
  "$LAB/down" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM

passed=0 failed=0
pass() { echo "  ok    $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); }
section() { echo; echo "== $*"; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'; }

# Every pid in a lab namespace now: after lab/down none of them may be running.
lab_pids_now() {
  local ns
  for ns in $(lab_namespaces); do ip netns pids "$ns" 2>/dev/null || true; done
}

# No lab namespace, no jlvs- link in the root namespace, no process of the given pids or
# with the run directory on its command line, no run directory.
expect_clean() {
  local what=$1; shift
  local problems=() pid
  [ -z "$(lab_namespaces)" ] || problems+=("namespaces: $(lab_namespaces | tr '\n' ' ')")
  ip netns list | grep -q '^jlvs-test-probe' && problems+=("namespace jlvs-test-probe")
  local links
  links=$(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^jlvs-' || true)
  [ -z "$links" ] || problems+=("links: $links")
  for pid in "$@"; do pid_alive "$pid" && problems+=("process $pid ($(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | cut -c1-60))"); done
  local strays
  strays=$(pgrep -f "$LAB_RUN_DIR/" || true)
  for pid in $strays; do pid_alive "$pid" && problems+=("process $pid mentions $LAB_RUN_DIR"); done
  [ ! -e "$LAB_RUN_DIR" ] || problems+=("$LAB_RUN_DIR still exists")
  if [ ${#problems[@]} -eq 0 ]; then
    pass "$what: no lab namespaces, links, processes or run directory left"
  else
    fail "$what: left behind: ${problems[*]}"
  fi
}

# lab/down, then expect_clean for every process that ran in the lab before it.
down_and_expect_clean() {
  local what=$1 pids t0
  pids=$(lab_pids_now)
  t0=$(date +%s.%N)
  "$LAB/down" >/dev/null || fail "lab/down returned an error"
  # shellcheck disable=SC2086  # one pid a word
  expect_clean "$what ($(elapsed "$t0"))" $pids
}

# A director port ready for DPDK: up, promiscuous, no kernel address, named in jlvs.yaml's EAL
# arguments.
expect_director_port() {
  local port=$1
  if [ -z "$(nsx "$NS_DIRECTOR" ip -4 -o addr show dev "$port")" ] \
     && nsx "$NS_DIRECTOR" ip link show "$port" | grep -q PROMISC \
     && grep -q "iface=$port," "$LAB_RUN_DIR/jlvs.yaml"; then
    pass "director port $port: up, promiscuous, no kernel address, in jlvs.yaml's EAL arguments"
  else
    fail "director port $port not prepared for DPDK or missing from jlvs.yaml"
  fi
}

# up, check (300 requests, exact per-server counts), down, clean.
round_trip() {
  local mode=$1 director=$2 servers=$3 requests=$4
  section "$mode, $servers servers, director $director: $requests requests"
  local t0 out
  t0=$(date +%s.%N)
  if ! "$LAB/up" "$mode" "$servers" --director "$director" >"$work/up.log" 2>&1; then
    fail "lab/up $mode $servers --director $director: $(tail -n 3 "$work/up.log")"
    return
  fi
  pass "lab/up $mode $servers --director $director ($(elapsed "$t0"))"
  t0=$(date +%s.%N)
  if out=$("$LAB/check" --requests "$requests" --even 2>&1); then
    pass "$requests requests all answered, $((requests / servers)) by each server ($(elapsed "$t0"))"
  else
    fail "lab/check --requests $requests --even"
  fi
  echo "$out" | sed 's/^/        /'
  down_and_expect_clean "lab/down"
}

# One-arm layouts with a stand-in director: the client's frames for the VIP are pointed at the
# director's MAC (jlvs will answer ARP for the VIP; the stand-ins do not), then 300 requests
# must be answered, 100 by each of the 3 servers.
expect_even_through_director() {
  local via=$1 t0 out
  nsx "$NS_CLIENT" ip neigh replace "$LAB_VIP" lladdr "$LAB_DIR_LAN_MAC" dev "$LAB_CLIENT_IF"
  t0=$(date +%s.%N)
  if out=$("$LAB/check" --requests 300 --even 2>&1); then
    pass "300 requests through $via all answered, 100 by each server ($(elapsed "$t0"))"
  else
    fail "lab/check --requests 300 --even through $via"
  fi
  echo "$out" | sed 's/^/        /'
}

# Where the slowpath module is built, the generated jlvs.yaml must pass jlvs's own loader.
validate_jlvs_yaml() {
  local repo java_home cp
  repo=$(cd "$LAB/.." && pwd)
  if ! java_home=$(. "$repo/scripts/env.sh" 2>/dev/null && jlvs_find_jdk 2>/dev/null && echo "$JAVA_HOME"); then
    echo "  note  jlvs.yaml not checked with jlvs's loader: no JDK 25"
    return
  fi
  if ! cp=$(lab_jlvs_classpath "$repo" 2>/dev/null); then
    echo "  note  jlvs.yaml not checked with jlvs's loader: jlvs is not built (make build)"
    return
  fi
  local out
  if out=$("$java_home/bin/java" -cp "$cp" "$LAB/ValidateJlvsConfig.java" "$LAB_RUN_DIR/jlvs.yaml" 2>&1); then
    pass "jlvs.yaml accepted by io.jlvs.slowpath.config.ConfigLoader"
  else
    fail "jlvs.yaml rejected by jlvs's loader:"
    echo "$out" | sed 's/^/        /'
  fi
}

echo "lab/test-lab.sh: $(date -u +%FT%TZ)"
"$LAB/down" >/dev/null   # start from nothing (a lab left by someone else is replaced anyway)

round_trip nat nft 3 300
round_trip nat haproxy 3 300
round_trip nat none 3 300

# --- DR: the real servers' side --------------------------------------------------------------
section "dr, 3 servers, director veths prepared for jlvs"
t0=$(date +%s.%N)
if "$LAB/up" dr 3 --director jlvs >"$work/up.log" 2>&1; then
  pass "lab/up dr 3 --director jlvs ($(elapsed "$t0"))"
  . "$LAB_RUN_DIR/lab.env"
  if [ -s "$LAB_RUN_DIR/jlvs.yaml" ] && grep -q "iface=$LAB_DIR_LAN_IF" "$LAB_RUN_DIR/jlvs.yaml" \
     && [ "$(grep -c 'method: dr' "$LAB_RUN_DIR/jlvs.yaml")" -eq 3 ]; then
    pass "jlvs.yaml written: one-arm port on $LAB_DIR_LAN_IF, 3 DR real servers"
  else
    fail "jlvs.yaml missing or incomplete"
  fi
  validate_jlvs_yaml
  expect_director_port "$LAB_DIR_LAN_IF"
  # Nothing may answer ARP for the VIP while no director runs: the servers own it on lo only.
  nsx "$NS_CLIENT" curl -s -m 2 -o /dev/null "http://$LAB_VIP/" && fail "a request to the VIP was answered with no director running" || true
  state=$(nsx "$NS_CLIENT" ip neigh show "$LAB_VIP" dev "$LAB_CLIENT_IF")
  if [ -z "$state" ] || echo "$state" | grep -qE 'FAILED|INCOMPLETE'; then
    pass "no server answers ARP for the VIP (arp_ignore=1): client neighbour entry '${state:-none}'"
  else
    fail "someone answered ARP for the VIP: $state"
  fi
  # What jlvs's DR forwarding does: the client's frame goes to a server's MAC, unchanged.
  read -r -a macs <<<"$LAB_RS_MACS"
  for i in 1 2 3; do
    nsx "$NS_CLIENT" ip neigh replace "$LAB_VIP" lladdr "${macs[i - 1]}" dev "$LAB_CLIENT_IF"
    answers=$(for _ in $(seq 10); do
      nsx "$NS_CLIENT" curl -s -m 2 -o /dev/null -w '%{http_code} %{size_download} %header{x-real-server}\n' "http://$LAB_VIP/index.html" || true
    done | grep -c "^200 628 rs$i\$" || true)
    if [ "$answers" -eq 10 ]; then
      pass "frames for the VIP sent to rs$i's MAC: rs$i answered 10/10 directly from the VIP"
    else
      fail "frames for the VIP sent to rs$i's MAC: rs$i answered $answers/10"
    fi
  done
else
  fail "lab/up dr 3 --director jlvs: $(tail -n 3 "$work/up.log")"
fi
down_and_expect_clean "lab/down after dr"

# --- jlvs.yaml and the director's ports for nat and tun ------------------------------------
for mode in nat tun; do
  section "$mode, 2 servers, director veths prepared for jlvs (weights 2,1, http health check)"
  if "$LAB/up" "$mode" 2 --director jlvs --scheduler wrr --weights 2,1 --health-check http >"$work/up.log" 2>&1; then
    pass "lab/up $mode 2 --director jlvs --scheduler wrr --weights 2,1 --health-check http"
    . "$LAB_RUN_DIR/lab.env"
    if [ $mode = nat ]; then ports="$LAB_DIR_EXT_IF $LAB_DIR_INT_IF"; else ports=$LAB_DIR_LAN_IF; fi
    for port in $ports; do expect_director_port "$port"; done
    validate_jlvs_yaml
  else
    fail "lab/up $mode 2 --director jlvs: $(tail -n 3 "$work/up.log")"
  fi
  down_and_expect_clean "lab/down after $mode for jlvs"
done

# --- DR through DPDK: the director port as jlvs will use it ------------------------------------
section "dr, 3 servers, stand-in DPDK af_packet director (lab/dpdk-dr-standin.c) with jlvs.yaml's EAL arguments"
read -r -a dpdk_cflags <<<"$(pkg-config --cflags libdpdk 2>/dev/null || true)"
read -r -a dpdk_libs <<<"$(pkg-config --libs libdpdk 2>/dev/null || true)"
if ! pkg-config --exists libdpdk 2>/dev/null; then
  echo "  note  not run: DPDK development files missing (libdpdk-dev, pkg-config)"
elif ! gcc -O2 -Wall "${dpdk_cflags[@]}" -o "$work/jlvs-dpdk-dr" "$LAB/dpdk-dr-standin.c" \
       "${dpdk_libs[@]}" >"$work/gcc.log" 2>&1; then
  fail "compiling lab/dpdk-dr-standin.c: $(head -n 3 "$work/gcc.log")"
elif ! "$LAB/up" dr 3 --director jlvs >"$work/up.log" 2>&1; then
  fail "lab/up dr 3 --director jlvs: $(tail -n 3 "$work/up.log")"
else
  . "$LAB_RUN_DIR/lab.env"
  # The EAL arguments jlvs would get: the eal list of the generated jlvs.yaml, on the worker core.
  mapfile -t eal_args < <(awk '/^eal:/ {in_eal=1; next} in_eal && /^  - / {sub(/^  - /, ""); sub(/ +#.*$/, ""); gsub(/"/, ""); print; next} in_eal {exit}' "$LAB_RUN_DIR/jlvs.yaml")
  read -r -a macs <<<"$LAB_RS_MACS"
  ip netns exec "$NS_DIRECTOR" timeout 120 "$work/jlvs-dpdk-dr" "${eal_args[@]}" -l "$LAB_CPU_WORKER" --log-level=warning \
    -- "$LAB_VIP" "${macs[@]}" >"$work/dpdk-dr.log" 2>&1 &
  standin_pid=$!
  helper_pid=$standin_pid   # finish() stops it should the test end early
  started=no
  for _ in $(seq 600); do   # within 60 s: EAL and an af_packet port on a loaded machine
    grep -q 'jlvs-dpdk-dr: forwarding' "$work/dpdk-dr.log" && { started=yes; break; }
    pid_alive "$standin_pid" || break
    sleep 0.1
  done
  if [ $started = yes ]; then
    pass "DPDK port net_af_packet0 on $LAB_DIR_LAN_IF started with EAL arguments: ${eal_args[*]}"
    expect_even_through_director "the DPDK DR stand-in"
  else
    fail "the DPDK stand-in did not start: $(tail -n 3 "$work/dpdk-dr.log")"
  fi
  kill -TERM "$standin_pid" 2>/dev/null || true
  wait "$standin_pid" 2>/dev/null || true
  helper_pid=
  echo "        $(grep 'jlvs-dpdk-dr: received' "$work/dpdk-dr.log" || echo 'no counters printed')"
fi
down_and_expect_clean "lab/down after dr through DPDK"

# --- TUN: through a stand-in IP-in-IP director ---------------------------------------------
section "tun, 3 servers, stand-in IP-in-IP director (lab/ipip-encap.c)"
t0=$(date +%s.%N)
if ! gcc -O2 -Wall -o "$work/jlvs-ipip-encap" "$LAB/ipip-encap.c" >"$work/gcc.log" 2>&1; then
  fail "compiling lab/ipip-encap.c: $(head -n 3 "$work/gcc.log")"
elif "$LAB/up" tun 3 --director jlvs >"$work/up.log" 2>&1; then
  . "$LAB_RUN_DIR/lab.env"
  pass "lab/up tun 3 --director jlvs, decapsulation: $LAB_TUN_DECAP ($(elapsed "$t0"))"
  # The director namespace's kernel routes the VIP into a TUN device read by the stand-in.
  nsx "$NS_DIRECTOR" ip addr add "$DIR_EXT_ADDR/$CLIENT_NET_PREFIX" dev "$LAB_DIR_LAN_IF"
  nsx "$NS_DIRECTOR" ip addr add "$DIR_INT_ADDR/$SERVER_NET_PREFIX" dev "$LAB_DIR_LAN_IF"
  nsx "$NS_DIRECTOR" sysctl -qw net.ipv4.ip_forward=1
  nsx "$NS_DIRECTOR" ip tuntap add dev jlvs-enc0 mode tun
  nsx "$NS_DIRECTOR" ip link set jlvs-enc0 up
  nsx "$NS_DIRECTOR" ip route add "$LAB_VIP/32" dev jlvs-enc0
  read -r -a addrs <<<"$LAB_RS_ADDRS"
  ip netns exec "$NS_DIRECTOR" "$work/jlvs-ipip-encap" jlvs-enc0 "${addrs[@]}" >"$work/encap.log" 2>&1 &
  helper_pid=$!
  started=no
  for _ in $(seq 300); do   # its ready line, within 30 s
    grep -q 'jlvs-ipip-encap: forwarding' "$work/encap.log" && { started=yes; break; }
    pid_alive "$helper_pid" || break
    sleep 0.1
  done
  if [ $started = yes ]; then
    expect_even_through_director "the IP-in-IP stand-in"
  else
    fail "the IP-in-IP stand-in did not start: $(tail -n 3 "$work/encap.log")"
  fi
  # The decapsulators print their counters on SIGUSR1: wait for each log to grow by that line.
  for i in 1 2 3; do
    log=$LAB_RUN_DIR/rs$i/ipip-decap.log
    lines=$(wc -l <"$log" 2>/dev/null || echo 0)
    kill -USR1 "$(cat "$LAB_RUN_DIR/rs$i/ipip-decap.pid")" 2>/dev/null || true
    for _ in $(seq 100); do [ "$(wc -l <"$log" 2>/dev/null || echo 0)" -gt "$lines" ] && break; sleep 0.1; done
    echo "        rs$i: $(tail -n 1 "$log")"
  done
else
  fail "lab/up tun 3 --director jlvs: $(tail -n 3 "$work/up.log")"
fi
[ -n "$helper_pid" ] && lab_kill_pids "$helper_pid"
helper_pid=
down_and_expect_clean "lab/down after tun"

# --- clean-up after failures ---------------------------------------------------------------
section "clean-up after failures"
# 1. lab/up failing half-way (namespaces, veths and nginx exist by then): a haproxy that
#    cannot start. lab/up's own trap must remove everything.
mkdir -p "$work/failing-bin"
printf '#!/bin/sh\necho "test: this haproxy always fails" >&2\nexit 1\n' >"$work/failing-bin/haproxy"
chmod +x "$work/failing-bin/haproxy"
if PATH="$work/failing-bin:$PATH" "$LAB/up" nat 3 --director haproxy >"$work/up.log" 2>&1; then
  fail "lab/up with a failing haproxy succeeded"
else
  pass "lab/up with a failing haproxy failed: $(grep -m1 'error' "$work/up.log")"
fi
expect_clean "lab/up's own trap after it failed"

# 2. A test that fails with the lab up (a server stopped, the even check fails) and whose
#    trap runs lab/down, as every test using the lab should.
pids_file=$work/failed-run-pids
set +e
(
  trap '"$LAB/down" >/dev/null 2>&1' EXIT
  "$LAB/up" nat 3 --director nft >/dev/null 2>&1 || exit 1
  lab_pids_now >"$pids_file"
  kill "$(cat "$LAB_RUN_DIR/rs2/nginx.pid")"
  "$LAB/check" --requests 30 --even >/dev/null 2>&1   # fails: rs2 is gone
)
rc=$?
set -e
if [ $rc -ne 0 ]; then
  pass "a test run with a stopped server failed as it should (exit $rc)"
else
  fail "the check passed although rs2 was stopped"
fi
# shellcheck disable=SC2046  # one pid a word
expect_clean "the failed test's trap (lab/down)" $(cat "$pids_file" 2>/dev/null)

echo
if [ $failed -eq 0 ]; then
  echo "lab/test-lab.sh: PASSED ($passed checks)"
else
  echo "lab/test-lab.sh: FAILED ($failed of $((passed + failed)) checks)"
  exit 1
fi
