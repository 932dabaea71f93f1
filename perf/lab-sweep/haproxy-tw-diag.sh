#!/usr/bin/env bash
# perf/lab-sweep/haproxy-tw-diag.sh: why HAProxy with 1 real server stops answering in bench-lab.
# Builds `lab/up nat 1 --director haproxy`, runs httperf 5 s at 1500, 3000 and 2000 conn/s, and 3 s
# into each point prints the director namespace's TCP sockets by state and side (client side =
# the VIP, server side = towards rs1), then the director's listen-overflow counters. Run as root,
# under the lab lock:  flock /run/jlvs-lab.run.lock perf/lab-sweep/haproxy-tw-diag.sh
# Output of one run: perf/results/bench-lab-2026-11-23T0228Z.logs/haproxy-1rs-diagnosis.txt
set -euo pipefail
lab=$(cd "$(dirname "$0")/../../lab" && pwd)
trap '"$lab/down" >/dev/null 2>&1' EXIT   # always leave the machine clean
"$lab/up" nat 1 --director haproxy >/dev/null
# shellcheck disable=SC1091
. /run/jlvs-lab/lab.env
for rate in 1500 3000 2000; do
  out=$(mktemp)
  ip netns exec "$LAB_NS_CLIENT" httperf --server "$LAB_TARGET" --uri /index.html --rate "$rate" \
    --num-conns $((rate * 5)) --num-calls 1 --timeout 1 >"$out" 2>&1 &
  hp=$!
  sleep 3
  echo "== rate $rate at 3 s: director ns sockets"
  ip netns exec "$LAB_NS_DIRECTOR" ss -tan | awk 'NR>1 {print $1, ($4 ~ /198.51.100.10:80$/) ? "client-side" : "server-side"}' | sort | uniq -c
  echo "== rs1 sockets"; ip netns exec jlvs-rs1 ss -tan | awk 'NR>1 {print $1}' | sort | uniq -c
  ip netns exec "$LAB_NS_DIRECTOR" sysctl net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse | tr '\n' ' '; echo
  wait "$hp" || true
  grep -E '^Total|^Errors' "$out"
  rm -f "$out"
  sleep 1
done
ip netns exec "$LAB_NS_DIRECTOR" nstat -az 2>/dev/null | grep -E 'ListenOverflows|ListenDrops|TCPTimeouts |TcpAttemptFails|TCPSynRetrans' || true
