#!/usr/bin/env bash
# lab/alloc-profile.sh: where jlvs allocates in steady state. The soak's NAT lab (3 nginx servers,
# HTTP health checks) for ALLOC_SECONDS (default 120) under a light version of its mix (keep-alive
# requests, a jlvsadm edit every 5 s), with a JFR recording (settings=profile) started after warm-up;
# then lab/AllocReport.java prints bytes allocated per second by thread and the heaviest sampled
# allocation sites, and the GC log's young collections. Not part of make test. Root; holds the lab lock.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
. "$LAB/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "SKIPPED: lab/alloc-profile.sh: needs root"; exit 0; }
. "$ROOT/scripts/env.sh"
jlvs_require_tools lab/alloc-profile.sh nginx curl ethtool flock timeout || exit 1
JAVA_HOME=$(. "$ROOT/scripts/env.sh" && jlvs_find_jdk >/dev/null && echo "$JAVA_HOME")
export JAVA_HOME
SECONDS_TO_RECORD=${ALLOC_SECONDS:-120}
OUT=${ALLOC_OUT:-$ROOT/perf/results/alloc-$(date -u +%Y-%m-%d-%H%M).txt}
if [ -z "${JLVS_CLASSPATH:-}" ]; then JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || exit 1; export JLVS_CLASSPATH; fi
export JLVS_CONTROL_SOCKET=$LAB_RUN_DIR/control.sock
lab_run_lock lab/alloc-profile.sh
work=$(mktemp -d /tmp/jlvs-alloc.XXXXXX)
jlvs_pid= load_pid=
finish() {
  local rc=$?
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$jlvs_pid" ] && { kill -TERM "$jlvs_pid" 2>/dev/null || true; sleep 2; kill -9 "$jlvs_pid" 2>/dev/null || true; }
  "$LAB/down" >/dev/null 2>&1 8>&- || true
  rm -rf "$work"
  exit $rc
}
trap finish EXIT
"$LAB/up" nat 3 --director jlvs --health-check http >"$work/up.log" 2>&1 8>&- || { tail -n 5 "$work/up.log"; exit 1; }
. "$LAB_RUN_DIR/lab.env"
export JLVS_JAVA_OPTS="-Xlog:gc:file=$work/gc.log:uptimemillis"
ip netns exec "$LAB_NS_DIRECTOR" "$ROOT/bin/jlvs" run --config "$LAB_RUN_DIR/jlvs.yaml" >"$work/jlvs.log" 2>&1 8>&- &
jlvs_pid=$!
for ((i = 0; i < 1200; i++)); do grep -q '^jlvs: ready:' "$work/jlvs.log" && break; kill -0 "$jlvs_pid" || exit 1; sleep 0.1; done
grep -q '^jlvs: ready:' "$work/jlvs.log" || { echo "alloc-profile: jlvs not ready"; exit 1; }
end_at=$(( $(date +%s) + SECONDS_TO_RECORD + 30 ))
load() {
  local step=0 vs="-t $LAB_VIP:$LAB_VPORT" rs1="$(rs_addr 1):$LAB_VPORT" args=() n
  for ((n = 0; n < 20; n++)); do args+=(-o /dev/null "$LAB_URL"); done
  while [ "$(date +%s)" -lt "$end_at" ]; do
    ip netns exec "$LAB_NS_CLIENT" curl -s -m 10 "${args[@]}" 8>&- >/dev/null 2>&1 || true
    if [ $((step % 5)) = 0 ]; then
      case $((step / 5 % 2)) in 0) timeout 30 "$ROOT/bin/jlvsadm" -e $vs -r "$rs1" -m -w 2 ;; 1) timeout 30 "$ROOT/bin/jlvsadm" -e $vs -r "$rs1" -m -w 1 ;; esac 8>&- >/dev/null 2>&1 || true
    fi
    step=$((step + 1))
    sleep 1
  done
}
load & load_pid=$!
sleep 30   # warm-up: JIT, ARP, health checks settled
"$JAVA_HOME/bin/jcmd" "$jlvs_pid" JFR.start name=alloc settings=profile duration="${SECONDS_TO_RECORD}s" filename="$work/alloc.jfr" >/dev/null
gc_before=$(grep -c 'Pause Young' "$work/gc.log" || true)
sleep $((SECONDS_TO_RECORD + 3))
for ((i = 0; i < 100; i++)); do [ -s "$work/alloc.jfr" ] && break; sleep 0.2; done
gc_after=$(grep -c 'Pause Young' "$work/gc.log" || true)
{
  echo "alloc-profile $(date -u +%Y-%m-%d-%H%M) at $(git -C "$ROOT" rev-parse --short HEAD): NAT lab, 3 servers, HTTP health checks, 20 keep-alive requests/s, a jlvsadm edit every 5 s; ${SECONDS_TO_RECORD} s recorded"
  echo "young collections during the recording: $((gc_after - gc_before)); the heap's young generation: $(grep -m1 -o 'Heap Region Size: [^ ]*' "$work/gc.log" || echo '?')"
  "$JAVA_HOME/bin/java" "$LAB/AllocReport.java" "$work/alloc.jfr" 20
  echo "young pauses in the whole run:"; grep 'Pause Young' "$work/gc.log" | tail -n 5
} | tee "$OUT"
