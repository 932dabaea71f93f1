#!/usr/bin/env bash
# lab/flood.sh (make flood; a short run in make test through lab/test-flood.sh): jlvs as the NAT
# director of the lab (3 nginx servers) under a spoofed SYN flood, once per defence setting:
#   flood        hping3 --flood --rand-source -S at VIP:80 from the client namespace for FLOOD_SECONDS
#                (stopped by timeout; its own count of packets sent gives the SYNs/s offered)
#   established  20 keep-alive HTTP clients (lab/FloodClients.java), a request every 50 ms each
#   download     one long download (curl --limit-rate, lasting the whole flood), its sha256 checked
# The table is small (tables.connections-per-worker: FLOOD_TABLE) so that the flood reaches its bound.
# Phases (FLOOD_PHASES): off (no defence: a full table drops new connections), drop-entry,
# secure-tcp (drop-entry + secure-tcp auto), all (+ a per-/24 rate limit of 200 new connections/s and
# a total of 2000 new connections/s per worker).
# Every second: the daemon's status line (connections, capacity, evictions, drops) and the
# clients' ok/failed. Checks, per phase: the table never over its capacity; with a defence on, fewer
# than 1 % of the established clients' requests failed and the download is complete with its sha256.
# Writes perf/results/flood-DATE.csv, .txt and .png (FLOOD_OUT). Root, network namespaces; holds the lab lock.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
. "$LAB/lib.sh"

skip() { echo "SKIPPED: lab/flood.sh: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
lab_netns_allowed || skip "network namespaces are not allowed here (ip netns add failed, or no iproute2)"
. "$ROOT/scripts/env.sh"
jlvs_require_tools lab/flood.sh nginx curl ethtool sha256sum flock hping3 timeout || exit 1
JAVA_HOME=$(. "$ROOT/scripts/env.sh" && jlvs_find_jdk >/dev/null && echo "$JAVA_HOME")
export JAVA_HOME

FLOOD_SECONDS=${FLOOD_SECONDS:-60}
PHASES=${FLOOD_PHASES:-off drop-entry secure-tcp all}
TABLE=${FLOOD_TABLE:-4096}
CLIENTS=${FLOOD_CLIENTS:-20}
OUT=${FLOOD_OUT:-$ROOT/perf/results}
STAMP=$(date -u +%Y-%m-%d-%H%M)
NAME=${FLOOD_NAME:-flood-$STAMP}
CSV=$OUT/$NAME.csv
READY_TIMEOUT=120
BEFORE=5 AFTER=8
JLVS=$ROOT/bin/jlvs
if [ -z "${JLVS_CLASSPATH:-}" ]; then
  JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || exit 1
  export JLVS_CLASSPATH
fi

lab_run_lock lab/flood.sh
work=$(mktemp -d /tmp/jlvs-flood.XXXXXX)
jlvs_pid= load_pids=() sampler=
stop_jlvs() {
  [ -n "$jlvs_pid" ] || return 0
  kill -TERM "$jlvs_pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$jlvs_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$jlvs_pid" 2>/dev/null || true
  wait "$jlvs_pid" 2>/dev/null || true
  jlvs_pid=
}
finish() {
  local rc=$?
  for p in "${load_pids[@]}" $sampler; do kill "$p" 2>/dev/null || true; done
  stop_jlvs
  "$LAB/down" >/dev/null 2>&1 8>&- || true
  if [ -n "${FLOOD_KEEP:-}" ]; then echo "flood: logs kept in $work"; else rm -rf "$work"; fi
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"
say() { echo "flood: $*"; }

say "lab/up nat 3 --director jlvs"
"$LAB/up" nat 3 --director jlvs >"$work/up.log" 2>&1 8>&- || { tail -n 5 "$work/up.log"; exit 1; }
. "$LAB_RUN_DIR/lab.env"
# The download lasts the whole phase: RATE bytes/s for BEFORE + FLOOD_SECONDS + AFTER - 2 seconds.
RATE=$((2 << 20))
head -c $(( RATE * (BEFORE + FLOOD_SECONDS + AFTER - 3) )) /dev/urandom >"$work/big.bin"
BIG_SHA=$(sha256sum <"$work/big.bin" | cut -d' ' -f1)
cp "$work/big.bin" "$LAB_RUN_DIR/big.bin"     # every server's /big.bin (lab/up's nginx.conf)
cp "$LAB_RUN_DIR/jlvs.yaml" "$work/base.yaml"

defence_yaml() {
  case $1 in
    off) ;;
    drop-entry) printf 'syn-defence:\n  drop-entry: true\n' ;;
    secure-tcp) printf 'syn-defence:\n  drop-entry: true\n  secure-tcp: auto\n' ;;
    all) printf 'syn-defence:\n  drop-entry: true\n  secure-tcp: auto\n  rate-limit-per-second: 200\n  rate-limit-burst: 100\n  rate-limit-total-per-second: 2000\n' ;;
    *) say "unknown phase $1 (off, drop-entry, secure-tcp, all)"; exit 2 ;;
  esac
}
field() { sed -n "s/.* $1=\([0-9-]*\).*/\1/p" <<<"$2"; }

echo "phase,t_s,connections,capacity,received,syn_evicted,table_full,syn_rate_limited,pressure_workers,requests_ok,requests_failed,reconnects" >"$CSV"
: >"$work/summary"
for phase in $PHASES; do
  { cat "$work/base.yaml"; printf '\ntables:\n  connections-per-worker: %s\n\n' "$TABLE"; defence_yaml "$phase"; } >"$work/jlvs-$phase.yaml"
  log=$work/jlvs-$phase.log
  JLVS_JAVA_OPTS="-Djlvs.status.seconds=1" JLVS_CONTROL_SOCKET=$LAB_RUN_DIR/control.sock \
    ip netns exec "$LAB_NS_DIRECTOR" "$JLVS" run --config "$work/jlvs-$phase.yaml" >"$log" 2>&1 8>&- &
  jlvs_pid=$!
  for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
    grep -q '^jlvs: ready:' "$log" && break
    kill -0 "$jlvs_pid" 2>/dev/null || { tail -n 20 "$log"; exit 1; }
    sleep 0.1
  done
  grep -q '^jlvs: ready:' "$log" || { say "no ready line within $READY_TIMEOUT s"; exit 1; }
  ip netns exec "$LAB_NS_CLIENT" curl -s -o /dev/null -o /dev/null -m 10 "$LAB_URL" "$LAB_URL" 8>&- || true
  say "phase $phase: $CLIENTS keep-alive clients, a download, then $FLOOD_SECONDS s of flood"
  # The latest status line once a second, with the second it was read in.
  while sleep 1; do echo "$(date +%s) $(grep '^jlvs: status:' "$log" | tail -n 1 | cut -d' ' -f3-)"; done >"$work/samples-$phase.log" &
  sampler=$!
  total=$((BEFORE + FLOOD_SECONDS + AFTER))
  ip netns exec "$LAB_NS_CLIENT" "$JAVA_HOME/bin/java" "$LAB/FloodClients.java" "$LAB_VIP" "$LAB_VPORT" "$CLIENTS" 50 "$total" \
    >"$work/clients-$phase.log" 2>"$work/clients-$phase.err" 8>&- &
  load_pids=($!)
  ip netns exec "$LAB_NS_CLIENT" curl -s --limit-rate "$RATE" -m $((total + 60)) -o "$work/download-$phase.bin" "http://$LAB_VIP/big.bin" 8>&- 2>/dev/null &
  load_pids+=($!)
  sleep "$BEFORE"
  t_flood=$(date +%s)
  before_received=$(field received "$(grep '^jlvs: status:' "$log" | tail -n 1)")
  # SIGINT: hping3 prints its statistics ("N packets transmitted") when interrupted.
  ip netns exec "$LAB_NS_CLIENT" timeout -s INT "$FLOOD_SECONDS" hping3 --flood --rand-source -S -p "$LAB_VPORT" "$LAB_VIP" \
    >"$work/hping-$phase.log" 2>&1 8>&- || true
  after_received=$(field received "$(grep '^jlvs: status:' "$log" | tail -n 1)")
  for p in "${load_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  load_pids=()
  sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$work/hping-$phase.log" | tail -n 1)
  sent=${sent:-0}
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  # Per second: the daemon's status sampled by epoch, joined with the clients' counts of that second.
  awk -v phase="$phase" -v t0="$t_flood" '
    FILENAME == ARGV[1] { if ($1 != "total") { ok[$1] = $2; fail[$1] = $3; rec[$1] = $4 } next }
    { split("", f); for (k = 2; k <= NF; k++) { split($k, kv, "="); f[kv[1]] = kv[2] }
      if (!($1 in ok) || f["connections"] == "") next
      print phase "," ($1 - t0) "," f["connections"] "," f["capacity"] "," f["received"] "," f["syn_evicted"] "," f["table_full"] "," f["syn_rate_limited"] "," f["syn_pressure_workers"] "," ok[$1] "," fail[$1] "," rec[$1] }' \
    "$work/clients-$phase.log" "$work/samples-$phase.log" >>"$CSV"
  stop_jlvs
  read -r _ c_ok c_fail c_rec < <(grep '^total' "$work/clients-$phase.log" || echo "total 0 0 0")
  sum=$(sha256sum <"$work/download-$phase.bin" 2>/dev/null | cut -d' ' -f1 || true)
  size=$(stat -c %s "$work/download-$phase.bin" 2>/dev/null || echo 0)
  max_conn=$(awk -F, -v p="$phase" '$1 == p && $3 > m {m = $3} END {print m + 0}' "$CSV")
  capacity=$(awk -F, -v p="$phase" '$1 == p {c = $4} END {print c + 0}' "$CSV")
  last=$(grep '^jlvs: status:' "$log" | tail -n 1)
  echo "$phase $sent $((after_received - before_received)) $max_conn $capacity $c_ok $c_fail $c_rec $size $([ "$sum" = "$BIG_SHA" ] && echo ok || echo bad) $(field syn_evicted "$last") $(field table_full "$last") $(field syn_rate_limited "$last")" >>"$work/summary"
  say "phase $phase: $(tail -n 1 "$work/summary")"
done

# --- verdict -------------------------------------------------------------------------------------
check() { if [ "$2" = 1 ]; then echo "  ok    $1"; else echo "  FAIL  $1"; fi; }
{
  echo "flood $STAMP: $FLOOD_SECONDS s of hping3 --flood --rand-source -S at $LAB_VIP:$LAB_VPORT per phase, table $TABLE per worker requested, $CLIENTS keep-alive clients (a request every 50 ms each), one download of $(( $(stat -c %s "$work/big.bin") >> 20 )) MiB at $((RATE >> 20)) MiB/s; $(basename "$CSV")"
  printf '  %-11s %10s %10s %9s %9s %9s %8s %9s %9s %8s %9s %11s %9s\n' phase "SYNs/s" "rx/s" "max conns" capacity "reqs ok" failed "failed %" reconnects download evicted "table full" "rate lim"
  while read -r phase sent rx max_conn capacity c_ok c_fail c_rec size dl evicted full limited; do
    total=$((c_ok + c_fail))
    printf '  %-11s %10d %10d %9d %9d %9d %8d %9s %9d %8s %9s %11s %9s\n' "$phase" $((sent / FLOOD_SECONDS)) $((rx / FLOOD_SECONDS)) "$max_conn" "$capacity" "$c_ok" "$c_fail" \
      "$(awk -v f="$c_fail" -v t="$total" 'BEGIN {printf "%.2f", t ? 100 * f / t : 100}')" "$c_rec" "$dl" "$evicted" "$full" "$limited"
  done <"$work/summary"
  while read -r phase sent rx max_conn capacity c_ok c_fail c_rec size dl evicted full limited; do
    total=$((c_ok + c_fail))
    check "$phase: the table never over its bound ($max_conn <= $capacity)" $(( capacity > 0 && max_conn <= capacity ))
    if [ "$phase" != off ]; then
      check "$phase: fewer than 1 % of established requests failed ($c_fail of $total)" $(( total > 0 && c_fail * 100 < total ))
      check "$phase: the download complete with its sha256" $([ "$dl" = ok ] && echo 1 || echo 0)
    fi
  done <"$work/summary"
} | tee "$OUT/$NAME.txt"
failures=$(grep -c '^  FAIL' "$OUT/$NAME.txt" || true)
"$JAVA_HOME/bin/java" -Djava.awt.headless=true "$LAB/FloodPlot.java" "$CSV" "$OUT/$NAME.png" "$FLOOD_SECONDS" \
  && say "plot: $OUT/$NAME.png" || say "no plot (java FloodPlot failed)"
echo "$(grep -c "^  ok" "$OUT/$NAME.txt" || true) passed, $failures failed"
[ "$failures" -eq 0 ]
