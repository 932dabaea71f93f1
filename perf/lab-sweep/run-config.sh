#!/usr/bin/env bash
# perf/lab-sweep/run-config.sh NAME MODE N DIRECTOR CSV LOGDIR
#
# One configuration of the O'Rourke & Keefe sweep: builds the lab (lab/up MODE N --director
# DIRECTOR), starts jlvs when DIRECTOR is jlvs, then runs httperf from the client namespace at each
# rate of $RATES for $DURATION seconds, one request per connection, the 628-byte page, 1 s
# timeout, and appends one CSV row per rate to CSV. Always leaves the lab down.
#
# Called by sweep.sh under `flock /run/jlvs-lab.run.lock` (the lab is one per machine and other
# engineers' tests use it too): the lock is held for one configuration, not the whole sweep.
# Environment: RATES ("250 500 ..."), DURATION (s), PAUSE (s between points), REPO (the clone
# whose bin/jlvs and lab/ are used).
set -euo pipefail

[ $# -eq 6 ] || { echo "usage: run-config.sh NAME MODE N DIRECTOR CSV LOGDIR" >&2; exit 2; }
NAME=$1 MODE=$2 SERVERS=$3 DIRECTOR=$4 CSV=$5 LOGDIR=$6
: "${RATES:?}" "${DURATION:?}" "${PAUSE:=2}" "${REPO:?}"
LAB=$REPO/lab
RUN=/run/jlvs-lab
CLK_TCK=$(getconf CLK_TCK)
mkdir -p "$LOGDIR"
log=$LOGDIR/$NAME.log
: >"$log"
say() { echo "bench-lab: [$NAME] $*" | tee -a "$log" >&2; }

jlvs_pid=
cleanup() {
  # SIGTERM first: jlvs stops cleanly on it; lab/down then kills whatever is left in the namespaces.
  if [ -n "$jlvs_pid" ] && kill -0 "$jlvs_pid" 2>/dev/null; then
    kill -TERM "$jlvs_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$jlvs_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$jlvs_pid" 2>/dev/null || true
  fi
  "$LAB/down" >>"$log" 2>&1 || echo "bench-lab: [$NAME] lab/down failed (see $log)" >&2
}
trap cleanup EXIT

# A row without measurements: the configuration failed before or while measuring. Kept in the
# CSV (and so in the table) so that a failing mode is reported, never silently dropped.
fail_row() {
  local note=${1//,/;}
  # 19 empty measurement columns (offered_rate .. load1), then the note; see sweep.sh's header.
  echo "$(date -u +%FT%TZ),$NAME,$MODE,$DIRECTOR,$SERVERS$(printf ',%.0s' $(seq 19)),FAIL: $note" >>"$CSV"
  say "FAILED: $1"
  exit 0
}

say "lab/up $MODE $SERVERS --director $DIRECTOR"
if ! "$LAB/up" "$MODE" "$SERVERS" --director "$DIRECTOR" >>"$log" 2>&1; then
  fail_row "lab/up failed: $(grep -m1 'error' "$log" || tail -n1 "$log")"
fi
# shellcheck disable=SC1091
. $RUN/lab.env
target=$LAB_TARGET

if [ "$DIRECTOR" = jlvs ]; then
  # jlvs from this clone, in the director namespace, with the config lab/up wrote. The ready
  # line on stdout means every worker is polling its ports.
  jlog=$LOGDIR/$NAME.jlvs.log
  ip netns exec "$LAB_NS_DIRECTOR" "$REPO/bin/jlvs" run --config "$LAB_JLVS_CONFIG" >"$jlog" 2>&1 &
  jlvs_pid=$!
  ready=no
  for _ in $(seq 120); do   # up to 60 s: the JVM and EAL start slowly on a loaded 2-core machine
    if grep -q 'ready' "$jlog"; then ready=yes; break; fi
    kill -0 "$jlvs_pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ $ready != yes ]; then
    fail_row "jlvs did not print ready within 60 s: $(tail -n2 "$jlog" | tr '\n' ' ')"
  fi
  say "jlvs ready: $(grep -m1 ready "$jlog")"
fi

# Warm-up and proof that the path works at all: sequential requests through the lab's own check.
# With no answer at all there is nothing to measure (each point would only time out).
check_out=$("$LAB/check" --requests $((SERVERS * 5)) 2>&1) && check_rc=0 || check_rc=$?
echo "$check_out" >>"$log"
if [ $check_rc -ne 0 ]; then
  if ! echo "$check_out" | grep -Eq 'rs[0-9]+[^0-9]+[1-9]'; then
    fail_row "lab/check: no answer through the director ($(echo "$check_out" | tail -n2 | tr '\n' ' '))"
  fi
  say "warning: lab/check failed (rc $check_rc) but some answers came; measuring anyway"
fi

# CPU of the processes in the director namespace (jlvs or HAProxy), in clock ticks. nftables
# works in the kernel's softirq and has no process: for it only the host figures below exist.
dir_ticks() {
  local t=0 pid
  [ "$DIRECTOR" = none ] && { echo 0; return; }
  for pid in $(ip netns pids "$LAB_NS_DIRECTOR" 2>/dev/null); do
    # fields 14 and 15 of /proc/PID/stat: utime, stime (the comm field has no spaces here)
    t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo $t
}
# Host-wide jiffies: "busy softirq total" from the first line of /proc/stat.
host_ticks() { awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print busy, $8, busy+$5+$6; exit}' /proc/stat; }

# httperf uses select(): it cannot watch more than FD_SETSIZE (1024) descriptors whatever the
# ulimit ("limiting max. # of open files to FD_SETSIZE"); raising the limit gets it to that, about
# 1019 open connections, and no further.
ulimit -n 65536 2>/dev/null || ulimit -n 4096 2>/dev/null || true
# No --hog: with it, httperf 0.9.0 here once spun for minutes in bind() = EADDRINUSE over its own
# port map (Direct, 3000 conn/s, ~1010 connections open) and never ended the run. Without it the
# kernel picks the ports (client namespace: range 1024-65535, tcp_tw_reuse=1), enough for the
# <= 20000 connections of a point. A run that still hangs is stopped by SIGINT, on which httperf
# prints its statistics so far; the row is then marked.
HTTPERF_HOG=${HTTPERF_HOG:-}   # set to --hog to try it anyway

for rate in $RATES; do
  conns=$((rate * DURATION))
  d0=$(dir_ticks); read -r hb0 hs0 ht0 < <(host_ticks); load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s)
  # shellcheck disable=SC2086  # HTTPERF_HOG is empty or one word
  out=$(timeout -s INT -k 5 $((DURATION + 20)) ip netns exec "$LAB_NS_CLIENT" httperf $HTTPERF_HOG \
        --server "$target" --port "${LAB_VPORT:-80}" --uri /index.html --rate "$rate" \
        --num-conns "$conns" --num-calls 1 --timeout 1 2>&1) || true
  hung=$(( $(date +%s) - t0 >= DURATION + 20 ? 1 : 0 ))
  d1=$(dir_ticks); read -r hb1 hs1 ht1 < <(host_ticks)
  { echo "--- rate $rate"; echo "$out"; } >>"$log"
  # The figures httperf prints (see its man page: "Total:", "Reply time", "Errors:" lines).
  row=$(echo "$out" | awk -v rate="$rate" -v conns="$conns" -v dur="$DURATION" '
    /^Total: connections/ { replies=$7; tdur=$9 }
    /^Connection rate:/ { crate=$3; conc=$0; sub(/.*<=/, "", conc); sub(/ concurrent.*/, "", conc) }
    /^Connection time \[ms\]: min/ { ctavg=$7 }
    /^Reply time \[ms\]: response/ { resp=$5 }
    /^Errors: total/ { etot=$3; ctimo=$5; refused=$9; reset=$11 }
    /^Errors: fd-unavail/ { fdun=$3; addrun=$5 }
    END {
      if (replies == "") { print "NOPARSE"; exit }
      # Reply rate: replies over the offered run (conns/rate s). Every reply counted answers a
      # connection offered in that window; httperf`s own "Reply rate" needs 5 s samples.
      printf "%s,%s,%.1f,%s,%.1f,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", rate, conns, replies/(conns/rate), replies, crate, tdur, etot, ctimo, refused, reset, fdun, addrun, ctavg, resp, conc
    }')
  if [ "$row" = NOPARSE ]; then
    row="$rate,$conns,,,,,,,,,,,,,"
    note="httperf output not understood: $(echo "$out" | tail -n1)"
  else
    note=
  fi
  [ "$hung" = 1 ] && note="httperf did not finish; stopped by SIGINT after $((DURATION + 20)) s (figures so far) $note"
  dcpu=$(awk -v a="$d0" -v b="$d1" -v hz="$CLK_TCK" -v s="$DURATION" 'BEGIN{printf "%.0f", 100*(b-a)/hz/s}')
  case $DIRECTOR in nft|none) dcpu= ;; esac   # no director process to measure
  hbusy=$(awk -v a="$hb0" -v b="$hb1" -v ta="$ht0" -v tb="$ht1" 'BEGIN{printf "%.0f", (tb>ta)?100*(b-a)/(tb-ta):0}')
  hsirq=$(awk -v a="$hs0" -v b="$hs1" -v ta="$ht0" -v tb="$ht1" 'BEGIN{printf "%.0f", (tb>ta)?100*(b-a)/(tb-ta):0}')
  echo "$(date -u +%FT%TZ),$NAME,$MODE,$DIRECTOR,$SERVERS,$row,$dcpu,$hbusy,$hsirq,$load,$note" >>"$CSV"
  say "rate $rate: $(echo "$row" | cut -d, -f3) replies/s, errors $(echo "$row" | cut -d, -f7), director cpu ${dcpu:-n/a}%, host busy $hbusy%"
  # Let TIME_WAIT sockets and the director's connection entries drain a little between points
  # (the paper paused 120 s; the client namespace reuses TIME_WAIT ports, see lab/up).
  sleep "$PAUSE"
done

# Where packets were lost, if anywhere: the links' drop counters in the director's namespace (an
# af_packet port's ring overflow shows only there or nowhere) and the client's TCP timeouts.
{ echo "--- ip -s link (director namespace)"
  [ "$DIRECTOR" = none ] || ip netns exec "$LAB_NS_DIRECTOR" ip -s link 2>&1 || true
  echo "--- nstat (client namespace, since namespace creation)"
  ip netns exec "$LAB_NS_CLIENT" nstat -asz 2>&1 | grep -E 'Retrans|Timeout|SynRetrans|ListenDrop|Overflow' || true
} >>"$log"

if [ "$DIRECTOR" = jlvs ]; then
  # The director's own account of what it forwarded, kept with the log.
  { echo "--- jlvsadm -L -n --stats"
    JLVS_CONTROL_SOCKET=$RUN/control.sock "$REPO/bin/jlvsadm" -L -n --stats 2>&1 || true; } >>"$log"
fi
say "done"
