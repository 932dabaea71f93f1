#!/usr/bin/env bash
# perf/lab-sweep/losses.sh LOGDIR: for each jlvs configuration of a bench-lab run, where packets
# were lost on the director. Compares what the director namespace's veths received from the
# kernel (`ip -s link` RX packets, logged by run-config.sh after the last point) with what jlvs's
# af_packet ports delivered to its worker ("received", printed by jlvs on SIGTERM) and with what
# jlvs dropped itself. The difference is lost between the veth and jlvs: the af_packet receive
# ring overflowed while the worker was not polling. Prints a markdown table.
set -euo pipefail
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: losses.sh LOGDIR" >&2; exit 2; }
echo "| configuration | veth RX packets | jlvs received | lost before jlvs (af_packet ring) | jlvs dropped | jlvs transmitted |"
echo "|---|---:|---:|---:|---:|---:|"
for jl in "$1"/*.jlvs.log; do
  [ -f "$jl" ] || continue
  c=$(basename "$jl" .jlvs.log)
  log=$1/$c.log
  # RX packets of every non-loopback link in the "ip -s link (director namespace)" section.
  rx=$(awk '/^--- ip -s link/ {on=1; next} /^--- / {on=0}
            on && /^[0-9]+: / {lo = ($2 == "lo:")}
            on && /RX:/ {getline; if (!lo) s += $2}
            END {print s+0}' "$log")
  rcv=$(awk '/^jlvs:   received / {print $3}' "$jl" | tail -n1)
  drp=$(awk '/^jlvs:   dropped / {print $3}' "$jl" | tail -n1)
  tx=$(awk '/^jlvs:   transmitted / {print $3}' "$jl" | tail -n1)
  if [ -z "$rcv" ]; then
    echo "| $c | $rx | (jlvs printed no counters) | | | |"
  else
    awk -v c="$c" -v rx="$rx" -v r="$rcv" -v d="$drp" -v t="$tx" \
      'BEGIN {printf "| %s | %d | %d | %d (%.1f%%) | %s | %s |\n", c, rx, r, rx - r, rx ? 100 * (rx - r) / rx : 0, d, t}'
  fi
done
