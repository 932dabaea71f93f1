#!/usr/bin/env bash
# lab/soak.sh (make soak): jlvs as the NAT director of the lab (3 nginx servers, HTTP health checks)
# for SOAK_MINUTES (default 30) under a steady mix, sampled every SOAK_SAMPLE_SECONDS (10):
#   new connections  10 requests, one connection each, twice a second (about 20 new connections/s)
#   keep-alive       50 requests on one connection every second
#   downloads        a 4 MiB file every 2 s, its sha256 checked
#   edits            a jlvsadm change every 5 s: weights, scheduler, a server added and removed
#   flapping         nginx on rs3 stopped (gracefully) for 20 s every 90 s; the health check takes it
#                    out and puts it back
# Samples (the daemon's "jlvs: status:" line, -Djlvs.status.seconds): packet pool free, connection
# table entries, heap after the last GC, GCs, bytes the worker threads allocated, the counters; RSS
# from /proc; requests, downloads and edits that succeeded and failed. After the load: the connections
# drain (TIME_WAIT is 2 min), a full GC (jcmd GC.run), a last sample.
# Passes when: every level is back at its baseline (pool free within 0.5 % of the pool, no connection
# left, heap after a full GC at most 10 % + 8 MiB over the one before the load), RSS at the end at most
# 10 % over RSS a third into the run, no GC pause after the baseline (the bytes the worker threads
# allocated after warm-up are reported: a rule change may grow their counter rows), fewer than 1 % of requests failed and no request or download failed but in the
# 15 s after a stop of rs3. Writes perf/results/soak-DATE.csv and .png (and
# .txt: the summary). Not part of make test. Root, network namespaces; holds the lab lock.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
. "$LAB/lib.sh"

skip() { echo "SKIPPED: lab/soak.sh: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
lab_netns_allowed || skip "network namespaces are not allowed here (ip netns add failed, or no iproute2)"
. "$ROOT/scripts/env.sh"
jlvs_require_tools lab/soak.sh nginx curl ethtool sha256sum flock || exit 1
JAVA_HOME=$(. "$ROOT/scripts/env.sh" && jlvs_find_jdk >/dev/null && echo "$JAVA_HOME")
export JAVA_HOME

MINUTES=${SOAK_MINUTES:-30}
SAMPLE=${SOAK_SAMPLE_SECONDS:-10}
WARM_UP=${SOAK_WARM_UP_SECONDS:-60}
OUT=${SOAK_OUT:-$ROOT/perf/results}
STAMP=$(date -u +%Y-%m-%d-%H%M)
CSV=$OUT/soak-$STAMP.csv
READY_TIMEOUT=120
JLVS=$ROOT/bin/jlvs
if [ -z "${JLVS_CLASSPATH:-}" ]; then
  JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || exit 1
  export JLVS_CLASSPATH
fi
export JLVS_CONTROL_SOCKET=$LAB_RUN_DIR/control.sock

lab_run_lock lab/soak.sh
work=$(mktemp -d /tmp/jlvs-soak.XXXXXX)
jlvs_pid= load_pids=()
finish() {
  local rc=$?
  for p in "${load_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$jlvs_pid" ] && { kill -TERM "$jlvs_pid" 2>/dev/null || true; sleep 2; kill -9 "$jlvs_pid" 2>/dev/null || true; }
  "$LAB/down" >/dev/null 2>&1 8>&- || true
  rm -rf "$work"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"

say() { echo "soak: $*"; }
jlvsadm() { timeout 30 "$ROOT/bin/jlvsadm" "$@"; }
now() { date +%s; }

say "lab/up nat 3 --director jlvs --health-check http"
"$LAB/up" nat 3 --director jlvs --health-check http >"$work/up.log" 2>&1 8>&- || { tail -n 5 "$work/up.log"; exit 1; }
. "$LAB_RUN_DIR/lab.env"
# One file for every server, so a download's sha256 is the same whichever server sent it.
head -c $((4 << 20)) /dev/urandom >"$work/big.bin"
BIG_SHA=$(sha256sum <"$work/big.bin" | cut -d' ' -f1)
cp "$work/big.bin" "$LAB_RUN_DIR/big.bin"     # every server's /big.bin (lab/up's nginx.conf aliases it)

export JLVS_JAVA_OPTS="-Djlvs.status.seconds=$SAMPLE -Xlog:gc*:file=$work/gc.log:uptimemillis"
: >"$LAB_RUN_DIR/jlvs.log"
ip netns exec "$LAB_NS_DIRECTOR" "$JLVS" run --config "$LAB_RUN_DIR/jlvs.yaml" >>"$LAB_RUN_DIR/jlvs.log" 2>&1 8>&- &
jlvs_pid=$!
for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
  grep -q '^jlvs: ready:' "$LAB_RUN_DIR/jlvs.log" && break
  kill -0 "$jlvs_pid" 2>/dev/null || { tail -n 20 "$LAB_RUN_DIR/jlvs.log"; exit 1; }
  sleep 0.1
done
grep -q '^jlvs: ready:' "$LAB_RUN_DIR/jlvs.log" || { say "no ready line within $READY_TIMEOUT s"; exit 1; }
say "$(grep '^jlvs: ready:' "$LAB_RUN_DIR/jlvs.log")"

status_line() { grep '^jlvs: status:' "$LAB_RUN_DIR/jlvs.log" | tail -n 1; }
field() { sed -n "s/.* $1=\([0-9-]*\).*/\1/p" <<<"$2"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$jlvs_pid/status"; }
# The next status line after the one seen now (the daemon writes one every SAMPLE s).
next_status() {
  local before after i
  before=$(grep -c '^jlvs: status:' "$LAB_RUN_DIR/jlvs.log" || true)
  for ((i = 0; i < SAMPLE * 30; i++)); do
    after=$(grep -c '^jlvs: status:' "$LAB_RUN_DIR/jlvs.log" || true)
    [ "$after" -gt "$before" ] && { status_line; return 0; }
    sleep 0.1
  done
  say "no status line for $((SAMPLE * 3)) s"; return 1
}
full_gc() { "$JAVA_HOME/bin/jcmd" "$jlvs_pid" GC.run >/dev/null 2>&1 || say "jcmd GC.run failed"; }

# A few requests so that ARP, the health checks and the JIT have run, then the baseline.
ip netns exec "$LAB_NS_CLIENT" curl -s -o /dev/null -m 10 "$LAB_URL" "$LAB_URL" "$LAB_URL" 8>&- || true
sleep 2
full_gc
baseline=$(next_status)
say "baseline: $baseline"

# --- the load: each loop appends "EPOCH ok|fail" lines to its own file -------------------------
end_at=$(( $(now) + MINUTES * 60 ))
new_connections() {
  local args=() n
  for ((n = 0; n < 10; n++)); do args+=(-o /dev/null "$LAB_URL"); done
  while [ "$(now)" -lt "$end_at" ]; do
    ip netns exec "$LAB_NS_CLIENT" curl -s -H 'Connection: close' --connect-timeout 5 -m 10 \
      -w '%{http_code} %{size_download}\n' "${args[@]}" 8>&- 2>/dev/null \
      | awk -v t="$(now)" -v size="$LAB_PAGE_BYTES" '{ print t, ($1 == 200 && $2 == size) ? "ok" : "fail"; n++ }
          END { for (; n < 10; n++) print t, "fail" }' >>"$work/new.log" || true
    sleep 0.5
  done
}
keep_alive() {
  local args=() n
  for ((n = 0; n < 50; n++)); do args+=(-o /dev/null "$LAB_URL"); done
  while [ "$(now)" -lt "$end_at" ]; do
    ip netns exec "$LAB_NS_CLIENT" curl -s --connect-timeout 5 -m 30 -w '%{http_code} %{size_download}\n' "${args[@]}" 8>&- 2>/dev/null \
      | awk -v t="$(now)" -v size="$LAB_PAGE_BYTES" '{ print t, ($1 == 200 && $2 == size) ? "ok" : "fail"; n++ }
          END { for (; n < 50; n++) print t, "fail" }' >>"$work/keepalive.log" || true
    sleep 1
  done
}
downloads() {
  local sum
  while [ "$(now)" -lt "$end_at" ]; do
    sum=$(ip netns exec "$LAB_NS_CLIENT" curl -s --connect-timeout 5 -m 120 "http://$LAB_VIP/big.bin" 8>&- 2>/dev/null | sha256sum | cut -d' ' -f1) || true
    if [ "$sum" = "$BIG_SHA" ]; then echo "$(now) ok"; else echo "$(now) fail"; fi >>"$work/download.log"
    sleep 2
  done
}
edits() {
  local step=0 vs="-t $LAB_VIP:$LAB_VPORT" rs1 cmd
  rs1="$(rs_addr 1):$LAB_VPORT"
  while [ "$(now)" -lt "$end_at" ]; do
    case $((step % 6)) in
      0) cmd="-e $vs -r $rs1 -m -w 2" ;;
      1) cmd="-E $vs -s wrr" ;;
      2) cmd="-a $vs -r 192.0.2.19:$LAB_VPORT -m -w 0" ;;   # weight 0: never scheduled
      3) cmd="-e $vs -r $rs1 -m -w 1" ;;
      4) cmd="-d $vs -r 192.0.2.19:$LAB_VPORT" ;;
      5) cmd="-E $vs -s rr" ;;
    esac
    # shellcheck disable=SC2086
    if jlvsadm $cmd >>"$work/edits.err" 2>&1 8>&-; then echo "$(now) ok"; else echo "$(now) fail $cmd"; fi >>"$work/edits.log"
    step=$((step + 1))
    sleep 5
  done
}
flapping() {
  local ns dir
  ns=$(ns_server 3) dir=$LAB_RUN_DIR/rs3
  sleep 45
  while [ $(( $(now) + 30 )) -lt "$end_at" ]; do
    echo "$(now) stop" >>"$work/flaps.log"
    # SIGQUIT: nginx's graceful stop (it finishes what it is sending, as a server taken out of service does).
    kill -QUIT "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    sleep 20
    nsx "$ns" nginx -p "$dir/" -e "$dir/error.log" -c "$dir/nginx.conf" 8>&- 9>&- || echo "$(now) restart-failed" >>"$work/flaps.log"
    echo "$(now) start" >>"$work/flaps.log"
    sleep 70
  done
}
counts() { local f=$work/$1.log; [ -f "$f" ] || { echo "0 0"; return; }; awk '$2 == "ok" {o++} $2 == "fail" {f++} END {print o + 0, f + 0}' "$f"; }

touch "$work/new.log" "$work/keepalive.log" "$work/download.log" "$work/edits.log" "$work/flaps.log"
for loop in new_connections keep_alive downloads edits flapping; do "$loop" & load_pids+=($!); done
say "load for $MINUTES min: new connections, keep-alive, downloads, jlvsadm edits every 5 s, rs3 flapping every 90 s"

t0=$(now)
echo "t_s,phase,pool_free,pool_size,connections,heap_after_gc_mib,heap_used_mib,rss_mib,gc_count,gc_ms,worker_allocated_bytes,received,dropped,icmp_rate_limited,requests_ok,requests_failed,downloads_ok,downloads_failed,edits_ok,edits_failed" >"$CSV"
sample() {
  local phase=$1 s r n k d e
  s=$(next_status) || return 1
  r=$(rss_kb)
  read -r n_ok n_fail < <(counts new)
  read -r k_ok k_fail < <(counts keepalive)
  read -r d_ok d_fail < <(counts download)
  read -r e_ok e_fail < <(counts edits)
  echo "$(( $(now) - t0 )),$phase,$(field pool_free "$s"),$(field pool_size "$s"),$(field connections "$s"),$(awk -v b="$(field heap_after_gc "$s")" 'BEGIN{printf "%.1f", b/1048576}'),$(awk -v b="$(field heap_used "$s")" 'BEGIN{printf "%.1f", b/1048576}'),$(awk -v k="$r" 'BEGIN{printf "%.1f", k/1024}'),$(field gc_count "$s"),$(field gc_ms "$s"),$(field worker_allocated_bytes "$s"),$(field received "$s"),$(field dropped "$s"),$(field icmp_rate_limited "$s"),$((n_ok + k_ok)),$((n_fail + k_fail)),$d_ok,$d_fail,$e_ok,$e_fail" >>"$CSV"
  LAST_STATUS=$s
}
worker_alloc_warm=
rss_third=
while [ "$(now)" -lt "$end_at" ]; do
  sample load
  elapsed=$(( $(now) - t0 ))
  [ -z "$worker_alloc_warm" ] && [ "$elapsed" -ge "$WARM_UP" ] && worker_alloc_warm=$(field worker_allocated_bytes "$LAST_STATUS")
  [ -z "$rss_third" ] && [ "$elapsed" -ge $((MINUTES * 20)) ] && rss_third=$(rss_kb)
  tail -n 1 "$CSV"
done
for p in "${load_pids[@]}"; do wait "$p" 2>/dev/null || true; done
load_pids=()
[ -n "$worker_alloc_warm" ] || worker_alloc_warm=$(field worker_allocated_bytes "$LAST_STATUS")
[ -n "$rss_third" ] || rss_third=$(rss_kb)

say "load over; draining (TIME_WAIT is 2 min), at most 6 min"
drain_end=$(( $(now) + 360 ))
while [ "$(now)" -lt "$drain_end" ]; do
  sample drain
  tail -n 1 "$CSV"
  [ "$(field connections "$LAST_STATUS")" = 0 ] && break
done
full_gc
sample end
final=$LAST_STATUS
rss_end=$(rss_kb)

# --- verdict -------------------------------------------------------------------------------------
read -r n_ok n_fail < <(counts new)
read -r k_ok k_fail < <(counts keepalive)
read -r d_ok d_fail < <(counts download)
read -r e_ok e_fail < <(counts edits)
flaps=$(grep -c ' stop$' "$work/flaps.log" || true)
# Failures between a stop of rs3 and 15 s later (the health check needs 2 failed checks 1 s apart,
# and connections scheduled to rs3 meanwhile are refused) belong to the flap; any other is not excused.
outside_flaps() {
  awk 'NR == FNR { if ($2 == "stop") stops[++n] = $1; next }
       $2 == "fail" { near = 0; for (i = 1; i <= n; i++) if ($1 >= stops[i] - 2 && $1 <= stops[i] + 15) near = 1; if (!near) c++ }
       END { print c + 0 }' "$work/flaps.log" "$@"
}
failed_outside=$(outside_flaps "$work/new.log" "$work/keepalive.log")
downloads_outside=$(outside_flaps "$work/download.log")
# Pauses after the baseline, the full GCs jcmd asked for left out.
ready_ms=$(field uptime_ms "$baseline")
gc_pauses() { grep -E '^\[[0-9]+ms\].*Pause.* [0-9.]+ms$' "$work/gc.log" | grep -v 'Diagnostic Command' \
  | awk -v from="$ready_ms" '{ t = substr($1, 2) + 0; if (t > from) print }'; }
pauses=$(gc_pauses | wc -l)
max_pause=$(gc_pauses | sed -n 's/.* \([0-9.]*\)ms$/\1/p' | sort -g | tail -n 1)
packets=$(( $(field received "$final") - $(field received "$baseline") ))
pool_size=$(field pool_size "$final")
failures=()
check() { if [ "$2" = 1 ]; then echo "  ok    $1"; else echo "  FAIL  $1"; fi; }
b_pool=$(field pool_free "$baseline") f_pool=$(field pool_free "$final")
b_heap=$(field heap_after_gc "$baseline") f_heap=$(field heap_after_gc "$final")
b_alloc=$worker_alloc_warm f_alloc=$(field worker_allocated_bytes "$final")
requests=$((n_ok + n_fail + k_ok + k_fail)) failed=$((n_fail + k_fail))
{
  echo "soak $STAMP: $MINUTES min, samples every $SAMPLE s, $(basename "$CSV")"
  echo "  requests: $requests ($((n_ok + n_fail)) on new connections, $((k_ok + k_fail)) keep-alive), $failed failed ($failed_outside outside a flap); downloads: $((d_ok + d_fail)), $d_fail failed ($downloads_outside outside a flap); jlvsadm edits: $((e_ok + e_fail)), $e_fail failed; rs3 flaps: $flaps"
  echo "  pool free: baseline $b_pool, end $f_pool (of $pool_size); connections at the end: $(field connections "$final")"
  echo "  heap after full GC: baseline $((b_heap >> 10)) KiB, end $((f_heap >> 10)) KiB; RSS a third in $((rss_third >> 10)) MiB, end $((rss_end >> 10)) MiB"
  echo "  GC: $(field gc_count "$final") collections, $(field gc_ms "$final") ms in all; $pauses pauses in the log, the longest ${max_pause:-0} ms; worker threads allocated $((f_alloc - b_alloc)) bytes after warm-up over $packets packets ($b_alloc before)"
  echo "  icmp rate limited: $(field icmp_rate_limited "$final"), dropped: $(field dropped "$final") of $(field received "$final") received"
  pool_diff=$(( f_pool > b_pool ? f_pool - b_pool : b_pool - f_pool ))
  check "pool free back to its baseline (within 0.5 % of the pool)" $(( pool_diff <= pool_size / 200 ))
  check "no connection left after the drain" $(( $(field connections "$final") == 0 ))
  check "heap after a full GC back to its baseline (+10 % + 8 MiB)" $(( f_heap <= b_heap + b_heap / 10 + (8 << 20) ))
  check "RSS not growing (end <= a third in + 10 %)" $(( rss_end <= rss_third + rss_third / 10 ))
  check "no GC pause after the baseline (every thread, the workers included, stops in one)" $(( pauses == 0 ))
  check "fewer than 1 % of requests failed, none outside the 15 s after a flap" $(( failed * 100 < requests && failed_outside == 0 ))
  check "every download complete with its sha256, but for those caught in a flap" $(( downloads_outside == 0 && d_ok > 0 ))
  check "every jlvsadm edit accepted" $(( e_fail == 0 && e_ok > 0 ))
} | tee "$OUT/soak-$STAMP.txt"
failures=$(grep -c '^  FAIL' "$OUT/soak-$STAMP.txt" || true)
"$JAVA_HOME/bin/java" -Djava.awt.headless=true "$LAB/SoakPlot.java" "$CSV" "$OUT/soak-$STAMP.png" "$flaps rs3 flaps" \
  && say "plot: $OUT/soak-$STAMP.png" || say "no plot (java SoakPlot failed)"
[ -s "$work/edits.err" ] && { say "jlvsadm said:"; sort "$work/edits.err" | uniq -c | head -n 5; }
echo "$(( $(grep -c "^  ok" "$OUT/soak-$STAMP.txt" || true) )) passed, $failures failed"
[ "$failures" -eq 0 ]
