#!/usr/bin/env bash
# lab/test-failover.sh: director failover with established connections, for nat and dr.
#
# lab/up failover MODE: a client, the primary (jlvs-dir, VRRP priority 150) and the backup
# (jlvs-dir2, 100) on the same segments, three nginx. Both nopreempt. Both run the sync daemon as
# master and backup (jlvsadm --start-daemon ... --mcast-interface PORT --syncid 1), as a pair of
# IPVS directors does. Then:
#   sync      a rate-limited download of a SIZE MB file (FAILOVER_MB, default 200, at
#             FAILOVER_RATE, default 10M/s: ~20 s) and 50 idle keep-alive connections (one
#             request each) through the VIP; the backup's table lists all 51 (jlvsadm -L -n -c)
#   takeover  kill -9 of the primary mid-download: the backup MASTER of every instance within
#             the master-down interval (3 x 1 s + skew 0.61 s; counted from the kill, taken from
#             the backup's transition log line)
#   download  curl completes; the file's sha256 is the server's
#   keepalive each of the 50 connections answers its next request, from the same real server
#   rejoin    the old primary restarted: BACKUP (nopreempt), the backup stays MASTER; the 50
#             connections answer again from the same servers; a new connection is served
#   sigterm   the synced connections reach the old primary again (the new master re-sends each at
#             its 3rd client packet, IPVS's sync_threshold); SIGTERM to the master: its priority-0
#             advert hands over after the old primary's skew time (0.41 s), not its master-down
#             interval (3.41 s); the 50 connections answer from the same servers once more
# One line per check with figures (takeover ms, connections lost), then "N passed, M failed".
# Needs root, namespaces and the jars (make build); SKIPPED where namespaces are not allowed.
# Environment: FAILOVER_MODES="nat dr", FAILOVER_MB, FAILOVER_RATE (curl's --limit-rate).
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
. "$LAB/lib.sh"
. "$ROOT/scripts/env.sh"
ME=lab/test-failover.sh

skip() { echo "SKIPPED: $ME: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
lab_netns_allowed || skip "network namespaces are not allowed here (ip netns add failed, or no iproute2)"
jlvs_require_tools "$ME" nginx curl ethtool sha256sum dd flock || exit 1
jlvs_find_jdk || exit 1
if [ -z "${JLVS_CLASSPATH:-}" ]; then
  JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || exit 1
  export JLVS_CLASSPATH
fi
MODES=${FAILOVER_MODES:-nat dr}
SIZE_MB=${FAILOVER_MB:-200}
RATE=${FAILOVER_RATE:-10M}
IDLE=50
READY_TIMEOUT=60
DOWN_MS=3610       # the backup (priority 100, 1 s adverts): 3 x 1000 + (256 - 100) x 1000 / 256
SKEW1_MS=414       # the primary (priority 150) after a priority-0 advert: (256 - 150) x 1000 / 256
DOWN1_MS=3414      # ... and after a silent master: 3 x 1000 + 414
SLACK_MS=700       # log and scheduling delays on a loaded 2-core machine

lab_run_lock "$ME"
work=$(mktemp -d /tmp/jlvs-failover.XXXXXX)
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

passed=0 failed=0 failures=() results=()
pass() { echo "  ok    $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); failures+=("$mode: $*"); }
now_ms() { date +%s%3N; }

# jlvsadm D ARGS: jlvsadm against director D (1 primary, 2 backup).
jlvsadm_on() {
  local d=$1 sock=$LAB_CONTROL_SOCKET
  shift
  [ "$d" = 2 ] && sock=$LAB_CONTROL_SOCKET2
  JLVS_CONTROL_SOCKET=$sock timeout 20 "$ROOT/bin/jlvsadm" "$@"
}

# start_director D: bin/jlvs run for director D, log $LAB_RUN_DIR/jlvsD.log; sets DIRECTOR_PID[D].
declare -A DIRECTOR_PID
start_director() {
  local d=$1 ns=$LAB_NS_DIRECTOR config=$LAB_JLVS_CONFIG log=$LAB_RUN_DIR/jlvs$1.log before i
  [ "$d" = 2 ] && { ns=$LAB_NS_DIRECTOR2; config=$LAB_JLVS_CONFIG2; }
  before=$(cat "$log" 2>/dev/null | wc -l)
  ip netns exec "$ns" "$ROOT/bin/jlvs" run --config "$config" >>"$log" 2>&1 8>&- &
  DIRECTOR_PID[$d]=$!
  pids+=("$!")
  for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
    tail -n +"$((before + 1))" "$log" 2>/dev/null | grep '^jlvs: ready:' >/dev/null && return 0
    kill -0 "${DIRECTOR_PID[$d]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "  director $d did not get ready; the end of $log:"; tail -n 20 "$log" | sed 's/^/    /'
  return 1
}

# The states of director D's VRRP instances, "NAME=STATE ..." from jlvsadm -L's VRRP lines.
states() { jlvsadm_on "$1" -L -n 2>/dev/null | awk '$1 ~ /^VRRP_Instance\(/ { n = $1; gsub(/VRRP_Instance\(|\)/, "", n); s = s (s ? " " : "") n "=" $2 } END { print s }'; }
# all_in D STATE: every instance of director D is in STATE (and there is at least one).
all_in() { local s; s=$(states "$1"); [ -n "$s" ] && ! tr ' ' '\n' <<<"$s" | grep -v "=$2\$" >/dev/null; }
wait_for() {
  local deadline=$(( $(now_ms) + $1 * 1000 ))
  shift
  while ! "$@"; do [ "$(now_ms)" -lt "$deadline" ] || return 1; sleep 0.2; done
}
# Established connections to the VIP in director D's table.
established() { jlvsadm_on "$1" -L -n -c 2>/dev/null | awk -v vip="$LAB_VIP:$LAB_VPORT" '$1 == "TCP" && $3 == "ESTABLISHED" && $5 == vip' | wc -l; }
enough_synced() { [ "$(established 2)" -ge $((IDLE + 1)) ]; }
start_sync() {
  local d=$1 role
  for role in master backup; do
    jlvsadm_on "$d" --start-daemon "$role" --mcast-interface "$LAB_SYNC_PORT" --syncid 1 >>"$work/sync.log" 2>&1 \
      || { echo "  --start-daemon $role on director $d: $(tail -1 "$work/sync.log")"; return 1; }
  done
}

run_mode() {
  mode=$1
  local t0 up
  t0=$(date +%s)
  echo
  echo "== $mode: lab/up failover $mode; $SIZE_MB MB at $RATE/s and $IDLE idle keep-alive connections; kill -9 of the primary"
  if ! "$LAB/up" failover "$mode" >"$work/up-$mode.log" 2>&1 8>&-; then
    fail "lab/up failover $mode:"; sed 's/^/    /' "$work/up-$mode.log"; return
  fi
  . "$LAB_RUN_DIR/lab.env"
  dd if=/dev/urandom of="$LAB_RUN_DIR/big.bin" bs=1M count="$SIZE_MB" status=none
  chmod 644 "$LAB_RUN_DIR/big.bin"
  local want_sha
  want_sha=$(sha256sum "$LAB_RUN_DIR/big.bin" | cut -d' ' -f1)

  # --- the pair: primary first (it becomes master), then the backup
  start_director 1 || { fail "primary started"; return; }
  if ! wait_for 20 all_in 1 MASTER; then fail "primary MASTER within 20 s: $(states 1)"; return; fi
  start_director 2 || { fail "backup started"; return; }
  if ! wait_for 20 all_in 2 BACKUP; then fail "backup BACKUP within 20 s: $(states 2)"; return; fi
  start_sync 1 && start_sync 2 || { fail "sync daemons started"; return; }
  pass "pair: primary $(states 1); backup $(states 2); sync daemons: $(jlvsadm_on 2 -L --daemon | paste -sd';')"

  # --- load: the idle connections (one request each), then the download
  # The client reads commands from one FIFO and answers on another (fds 5 and 6 here).
  rm -f "$work/ka.in" "$work/ka.out"
  mkfifo "$work/ka.in" "$work/ka.out"
  ip netns exec "$LAB_NS_CLIENT" "$JAVA_HOME/bin/java" "$LAB/KeepAliveClient.java" "$LAB_VIP" "$LAB_VPORT" "$IDLE" \
    <"$work/ka.in" >"$work/ka.out" 2>&1 8>&- &
  local ka_pid=$! line
  pids+=("$ka_pid")
  exec 5>"$work/ka.in" 6<"$work/ka.out"
  ka_round() { echo round >&5; read -r -t 60 line <&6 || line="no answer"; echo "$line"; }
  read -r -t 60 line <&6 || line="no answer"
  [ "$line" = "open $IDLE" ] || { fail "keep-alive client: $line"; return; }
  local r1
  r1=$(ka_round)
  ip netns exec "$LAB_NS_CLIENT" curl -s -S --limit-rate "$RATE" -m 180 -o "$work/big.bin" \
    -w '%{http_code} %{size_download} %{time_total} %header{x-real-server}\n' "http://$LAB_VIP/big.bin" \
    >"$work/curl.out" 2>"$work/curl.err" 8>&- &
  local curl_pid=$!
  pids+=("$curl_pid")
  if wait_for 15 enough_synced; then
    pass "sync: $r1; backup's table: $(established 2) established connections to the VIP (primary: $(established 1))"
  else
    fail "sync: backup's table has $(established 2) established connections to the VIP after 15 s, want $((IDLE + 1)) (primary: $(established 1)); $r1"
    jlvsadm_on 2 -L --daemon --stats 2>&1 | sed 's/^/    /' || true
  fi

  # --- takeover
  local got
  for _ in $(seq 100); do   # a few MB into the download
    got=$(stat -c %s "$work/big.bin" 2>/dev/null || echo 0)
    [ "$got" -ge $((SIZE_MB * 1024 * 1024 / 5)) ] && break
    sleep 0.2
  done
  local t_kill took lines
  t_kill=$(now_ms)
  kill -9 "${DIRECTOR_PID[1]}"
  wait "${DIRECTOR_PID[1]}" 2>/dev/null || true   # (bash reports the job as Killed: that is the test)
  if wait_for 20 all_in 2 MASTER; then
    # The latest "-> MASTER" line of the backup's log: epoch ms in the third field.
    lines=$(grep -F 'jlvs: vrrp:' "$LAB_RUN_DIR/jlvs2.log" | grep -F -- '-> MASTER' || true)
    took=$(( $(awk '{print $3}' <<<"$lines" | sort -n | tail -1) - t_kill ))
    if [ "$took" -le $((DOWN_MS + SLACK_MS)) ]; then
      pass "takeover: primary killed at $((got / 1048576)) MB, backup MASTER of $(states 2 | wc -w) instance(s) after $took ms (master-down interval $DOWN_MS ms)"
    else
      fail "takeover: backup MASTER after $took ms, want <= $DOWN_MS + $SLACK_MS"
    fi
  else
    took=-1
    fail "takeover: backup not MASTER within 20 s of the kill: $(states 2)"
  fi

  # --- the download
  local lost=0
  wait "$curl_pid" 2>/dev/null || true
  local code size time server sha
  read -r code size time server <"$work/curl.out" || true
  sha=$(sha256sum "$work/big.bin" 2>/dev/null | cut -d' ' -f1)
  if [ "${code:-}" = 200 ] && [ "$sha" = "$want_sha" ]; then
    pass "download: $((size / 1048576)) MB in ${time} s from $server across the takeover, sha256 ${sha:0:16}... matches"
  else
    lost=$((lost + 1))
    fail "download: http ${code:-none}, $((${size:-0} / 1048576)) MB in ${time:-?} s, sha256 ${sha:0:16} (want ${want_sha:0:16}); curl: $(tr '\n' ' ' <"$work/curl.err")"
  fi

  # --- the idle connections' next request
  local r2 answered
  r2=$(ka_round)
  answered=$(awk '{for (i = 1; i < NF; i++) if ($i == "same") print $(i + 1)}' <<<"$r2")
  lost=$((lost + IDLE - ${answered:-0}))
  if [ "${answered:-0}" = "$IDLE" ]; then pass "keepalive: $r2"; else fail "keepalive: $r2 (want same $IDLE)"; fi

  # --- the old primary comes back as backup
  start_director 1 || { fail "old primary restarted"; return; }
  start_sync 1 || true
  if wait_for 20 all_in 1 BACKUP && sleep 5 && all_in 1 BACKUP && all_in 2 MASTER; then
    local r3 fresh
    r3=$(ka_round)
    answered=$(awk '{for (i = 1; i < NF; i++) if ($i == "same") print $(i + 1)}' <<<"$r3")
    fresh=$(ip netns exec "$LAB_NS_CLIENT" curl -s -m 5 "http://$LAB_VIP/whoami" 8>&- || true)
    if [ "${answered:-0}" = "$IDLE" ] && [[ $fresh =~ ^rs[0-9]$ ]]; then
      pass "rejoin: old primary $(states 1), backup $(states 2); $r3; a new connection answered by $fresh"
    else
      fail "rejoin: $r3 (want same $IDLE); a new connection: '${fresh:-no answer}'"
    fi
  else
    fail "rejoin: old primary $(states 1), backup $(states 2) (want BACKUP and MASTER)"
  fi
  # --- orderly stop of the master (director 2): SIGTERM, priority 0, director 1 takes over
  local r4 took_term=-1 lost_term=-1 rounds
  # Each round is one or two client packets per connection; the new master re-sends a connection at
  # its 3rd (sync_threshold 3): at most three more rounds bring every one to the old primary.
  enough_on_1() { [ "$(established 1)" -ge "$IDLE" ]; }
  for rounds in 1 2 3; do
    r4=$(ka_round)
    wait_for 5 enough_on_1 && break
  done
  if enough_on_1; then
    pass "sigterm: the old primary's table lists all $IDLE connections again after $rounds more round(s) of traffic; $r4"
  else
    fail "sigterm: the old primary's table has $(established 1) established connections to the VIP, want $IDLE; $r4"
    { jlvsadm_on 2 -L --daemon; jlvsadm_on 1 -L --daemon; } 2>&1 | sed 's/^/    /' || true
    grep -F 'jlvs:   ' "$LAB_RUN_DIR/jlvs2.log" | grep -i sync | sed 's/^/    /' || true
  fi
  local t_term before1
  before1=$(grep -F 'jlvs: vrrp:' "$LAB_RUN_DIR/jlvs1.log" | grep -cF -- '-> MASTER' || true)
  t_term=$(now_ms)
  kill -TERM "${DIRECTOR_PID[2]}"
  if wait_for 20 all_in 1 MASTER; then
    lines=$(grep -F 'jlvs: vrrp:' "$LAB_RUN_DIR/jlvs1.log" | grep -F -- '-> MASTER' | tail -n +"$((before1 + 1))" || true)
    if [ -n "$lines" ]; then took_term=$(( $(awk '{print $3}' <<<"$lines" | sort -n | tail -1) - t_term )); fi
    if [ "$took_term" -ge 0 ] && [ "$took_term" -le $((SKEW1_MS + SLACK_MS)) ]; then
      pass "sigterm: master stopped with SIGTERM, old primary MASTER after $took_term ms (skew $SKEW1_MS ms; master-down would be $DOWN1_MS ms)"
    else
      fail "sigterm: old primary MASTER after $took_term ms, want <= $SKEW1_MS + $SLACK_MS (priority 0 not seen?)"
    fi
  else
    fail "sigterm: old primary not MASTER within 20 s: $(states 1)"
  fi
  wait "${DIRECTOR_PID[2]}" 2>/dev/null || true
  grep -qF 'jlvs: stopped' "$LAB_RUN_DIR/jlvs2.log" \
    || fail "sigterm: the master did not stop cleanly: $(tail -n 3 "$LAB_RUN_DIR/jlvs2.log" | tr '\n' ' ')"
  local r5
  r5=$(ka_round)
  answered=$(awk '{for (i = 1; i < NF; i++) if ($i == "same") print $(i + 1)}' <<<"$r5")
  lost_term=$((IDLE - ${answered:-0}))
  if [ "${answered:-0}" = "$IDLE" ]; then pass "sigterm keepalive: $r5"; else fail "sigterm keepalive: $r5 (want same $IDLE)"; fi
  results+=("$mode: kill -9: takeover $took ms, connections lost $lost of $((IDLE + 1)); SIGTERM: takeover $took_term ms, connections lost $lost_term of $IDLE")
  echo quit >&5 2>/dev/null || true
  exec 5>&- 6<&-
  echo "  ($mode took $(( $(date +%s) - t0 )) s; backup's VRRP lines:)"
  grep -F 'jlvs: vrrp:' "$LAB_RUN_DIR/jlvs2.log" | tail -n 4 | sed 's/^/    /'
  local p
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
  "$LAB/down" >/dev/null 2>&1 8>&-
}

for m in $MODES; do run_mode "$m"; done
echo
printf '%s\n' "${results[@]}"
if [ $failed -gt 0 ]; then echo "failed checks:"; printf '  %s\n' "${failures[@]}"; fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
