#!/usr/bin/env bash
# lab/test-e2e.sh: end-to-end tests of the real jlvs daemon (bin/jlvs run) in the namespace lab.
#
# For each mode nat, dr, tun: lab/up MODE 3 --director jlvs --health-check http (nat also --ftp),
# bin/jlvs run in the director namespace, then:
#   ping     the VIP answers ICMP echo
#   rr       300 HTTP requests (curl, one connection each) all answered, exactly 100 per server
#   keepalived  (nat) the service as a keepalived.conf, converted by jlvs import-keepalived onto the
#            lab's config, run: 30 requests spread 15/15/0 (rs3 is down by then)
#   metrics  /metrics scraped during the 300 requests and after: connections_total 300 and the
#            packet counters equal to --stats; promtool check metrics accepts the text
#   stats    jlvsadm -L -n --stats: Conns = 300, InPkts/OutPkts against the client's own
#            interface counters (nat: both directions pass jlvs; dr/tun: replies bypass it)
#   wrr      scheduler changed with jlvsadm to wrr, weights 3,2,1: 300 requests, 150/100/50
#   restart  kill -9 of jlvs, started again: jlvsadm -S -n identical before and after, 30 more
#            requests all answered
#   health   nginx stopped on rs3: jlvsadm -L -n shows rs3 with weight 0 or without it within
#            20 s (http checks every 1 s, 2 retries), and 30 new requests all answered
#   ftp      (nat) curl against vsftpd through VIP:21: active with PORT and EPRT, passive with
#            227 (the server's address, rewritten by the director) and 229
# One line per check (ok/FAIL with figures), then "N passed, M failed" alone on a line.
#
# Needs root and network namespaces; prints SKIPPED and exits 0 where they are not allowed. Needs
# the jars (make build). Takes the lab lock /run/jlvs-lab.run.lock (the lab is one per machine;
# the lab benchmarks take it too) and leaves the machine without a lab, also on failure.
# Exit 0 when every check passed, 1 otherwise. Bounded: about 4 minutes.
#
# Environment: E2E_MODES="nat dr tun" to run fewer modes.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$LAB/.." && pwd)
. "$LAB/lib.sh"

skip() { echo "SKIPPED: lab/test-e2e.sh: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
lab_netns_allowed || skip "network namespaces are not allowed here (ip netns add failed, or no iproute2)"
. "$ROOT/scripts/env.sh"
jlvs_require_tools lab/test-e2e.sh nginx vsftpd curl ethtool ping flock promtool || exit 1
JLVS=$ROOT/bin/jlvs
# This tree's own build (lib.sh says why); says "run make build" when there is none.
if [ -z "${JLVS_CLASSPATH:-}" ]; then
  JLVS_CLASSPATH=$(lab_jlvs_classpath "$ROOT") || exit 1
  export JLVS_CLASSPATH
fi
export JLVS_CONTROL_SOCKET=$LAB_RUN_DIR/control.sock   # where jlvsadm finds the lab's daemon
MODES=${E2E_MODES:-nat dr tun}
READY_TIMEOUT=120         # s for jlvs to print its ready line (JVM, EAL, af_packet ports)
HEALTH_WAIT=20            # s for a stopped server to leave the rules (checks every 1 s, 2 retries; generous for a loaded machine)

# One user of the lab at a time: the lab benchmarks hold the same lock for a whole run. fd 8 is
# closed for everything started below, so no daemon keeps holding it.
lab_run_lock lab/test-e2e.sh

work=$(mktemp -d /tmp/jlvs-e2e.XXXXXX)
jlvs_pid=
finish() {
  local rc=$?
  [ -n "$jlvs_pid" ] && kill -9 "$jlvs_pid" 2>/dev/null || true
  "$LAB/down" >/dev/null 2>&1 8>&- || true
  rm -rf "$work"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT TERM

started_all=$(date +%s)
passed=0 failed=0
failures=()
pass() { echo "  ok    $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); failures+=("$mode: $*"); }
section() { echo; echo "== $*"; }

jlvsadm() { timeout 20 "$ROOT/bin/jlvsadm" "$@"; }

# start_jlvs, client_counter, requests, spread: lab/e2e-lib.sh (shared with lab/test-capture.sh).
. "$LAB/e2e-lib.sh"

# The service line of VIP:PORT in a jlvsadm listing: its fields, after "TCP VIP:PORT".
service_fields() { awk -v svc="$LAB_VIP:$2" '$1 == "TCP" && $2 == svc { $1 = ""; $2 = ""; print; exit }' <<<"$1"; }
# The real server line "-> ADDR:PORT ..." under service VIP:PORT: its fields after the address.
server_fields() {
  awk -v svc="$LAB_VIP:$2" -v rs="$3" '
    $1 == "TCP" || $1 == "UDP" { in_svc = ($2 == svc); next }
    in_svc && $1 == "->" && $2 == rs { $1 = ""; $2 = ""; print; exit }' <<<"$1"
}

method_flag() { case $LAB_MODE in nat) echo -m ;; dr) echo -g ;; tun) echo -i ;; esac; }

run_mode() {
  mode=$1
  local t0 up_args
  t0=$(date +%s)
  section "$mode: lab/up $mode 3 --director jlvs, bin/jlvs run"
  up_args=("$mode" 3 --director jlvs --health-check http)
  [ "$mode" = nat ] && up_args+=(--ftp)
  if ! "$LAB/up" "${up_args[@]}" >"$work/up-$mode.log" 2>&1 8>&-; then
    fail "lab/up ${up_args[*]} failed:"; sed 's/^/    /' "$work/up-$mode.log"; return
  fi
  . "$LAB_RUN_DIR/lab.env"
  if ! start_jlvs; then fail "jlvs started (no ready line within ${READY_TIMEOUT} s)"; return; fi
  pass "jlvs ready: $(grep '^jlvs: ready:' "$LAB_RUN_DIR/jlvs.log" | tail -1 | cut -c1-110)..."

  # --- ping
  local ping_out
  if ping_out=$(ip netns exec "$LAB_NS_CLIENT" ping -c 3 -i 0.2 -W 1 "$LAB_VIP" 2>&1); then
    pass "ping $LAB_VIP: $(grep -o '[0-9]* received' <<<"$ping_out"), $(grep -o 'rtt.*' <<<"$ping_out" | cut -d' ' -f4 | cut -d/ -f2) ms average"
  else
    fail "ping $LAB_VIP: $(grep -o '[0-9]* packets transmitted.*loss' <<<"$ping_out" || echo "$ping_out" | tail -1)"
  fi

  # --- rr: 300 requests, exactly even; the client's interface counters around them for stats;
  # /metrics scraped meanwhile (a loop in the director namespace, every 0.2 s)
  local tx0 rx0 txb0 rxb0 tx1 rx1 txb1 rxb1 scraper
  tx0=$(client_counter tx_packets) rx0=$(client_counter rx_packets)
  txb0=$(client_counter tx_bytes) rxb0=$(client_counter rx_bytes)
  mkdir -p "$work/scrapes-$mode"
  ( for ((n = 0; n < 300; n++)); do
      ip netns exec "$LAB_NS_DIRECTOR" curl -s -m 2 -o "$work/scrapes-$mode/$n.txt" http://127.0.0.1:9560/metrics 8>&- || true
      sleep 0.2
    done ) &
  scraper=$!
  requests 300
  kill "$scraper" 2>/dev/null; wait "$scraper" 2>/dev/null || true
  tx1=$(client_counter tx_packets) rx1=$(client_counter rx_packets)
  txb1=$(client_counter tx_bytes) rxb1=$(client_counter rx_bytes)
  if [ "$FAILED_REQUESTS" -eq 0 ] && [ "$(spread)" = 100/100/100 ]; then
    pass "rr: 300 requests, 300 answered, per server $(spread)"
  else
    fail "rr: 300 requests, $FAILED_REQUESTS failed, per server $(spread) (want 100/100/100)"
  fi

  # --- stats: Conns exactly the connections made; packets against the client's own counters.
  # The client's tx counts include a few ARP frames, so InPkts may be a little lower, never higher.
  local listing sf conns inpkts outpkts inbytes outbytes sent recv want i
  sent=$((tx1 - tx0)) recv=$((rx1 - rx0))
  if listing=$(jlvsadm -L -n --stats 2>&1); then
    sf=$(service_fields "$listing" "$LAB_VPORT")
    read -r conns inpkts outpkts inbytes outbytes <<<"$sf"
    want="Conns 300, InPkts in [$((sent * 9 / 10)), $sent]"
    local ok=yes
    [ "${conns:-x}" = 300 ] || ok=no
    [[ ${inpkts:-x} =~ ^[0-9]+$ ]] && [ "$inpkts" -ge $((sent * 9 / 10)) ] && [ "$inpkts" -le "$sent" ] || ok=no
    if [ "$mode" = nat ]; then
      want+=", OutPkts in [$((recv * 9 / 10)), $recv]"
      [[ ${outpkts:-x} =~ ^[0-9]+$ ]] && [ "$outpkts" -ge $((recv * 9 / 10)) ] && [ "$outpkts" -le "$recv" ] || ok=no
    else
      want+=", OutPkts 0 (replies bypass the director)"
      [ "${outpkts:-x}" = 0 ] || ok=no
    fi
    # Per real server (the lines under the service): Conns as the scheduler spread them, and
    # their InPkts adding up to the service's.
    local dconns='' din=0 dfields dc dp
    for ((i = 1; i <= LAB_SERVERS; i++)); do
      dfields=$(server_fields "$listing" "$LAB_VPORT" "$(rs_addr "$i"):$LAB_VPORT")
      read -r dc dp _ <<<"$dfields"
      dconns+="${dconns:+/}${dc:-?}"
      [[ ${dp:-x} =~ ^[0-9]+$ ]] && din=$((din + dp))
    done
    want+=", per server Conns 100/100/100 with InPkts adding up to the service's"
    [ "$dconns" = 100/100/100 ] && [ "$din" = "${inpkts:-x}" ] || ok=no
    local seen="per server Conns $dconns InPkts sum $din; Conns ${conns:-?} InPkts ${inpkts:-?} OutPkts ${outpkts:-?} InBytes ${inbytes:-?} OutBytes ${outbytes:-?}; client sent $sent packets ($((txb1 - txb0)) bytes), received $recv ($((rxb1 - rxb0)) bytes)"
    if [ $ok = yes ]; then pass "stats: $seen"; else fail "stats: $seen; want $want"; fi
  else
    fail "stats: jlvsadm -L -n --stats failed: $(tail -1 <<<"$listing")"
  fi

  # --- metrics: scrapes taken during the requests, then one after, against --stats and the client
  local final_scrape during_ok=0 during_mid=0 f c m_conns m_in m_out promtool_out promtool_ok
  for f in "$work/scrapes-$mode"/*.txt; do
    [ -s "$f" ] || continue
    c=$(awk -v s="jlvs_service_connections_total{service=\"TCP $LAB_VIP:$LAB_VPORT\"}" 'index($0, s " ") == 1 { printf "%d", $NF }' "$f")
    [ -n "$c" ] && during_ok=$((during_ok + 1))
    [ -n "$c" ] && [ "$c" -gt 0 ] && [ "$c" -lt 300 ] && during_mid=$((during_mid + 1))
  done
  final_scrape=$work/scrape-$mode.txt
  if ip netns exec "$LAB_NS_DIRECTOR" curl -s -m 5 -o "$final_scrape" http://127.0.0.1:9560/metrics 8>&-; then
    m_conns=$(awk -v s="jlvs_service_connections_total{service=\"TCP $LAB_VIP:$LAB_VPORT\"}" 'index($0, s " ") == 1 { printf "%d", $NF }' "$final_scrape")
    m_in=$(awk -v s="jlvs_service_in_packets_total{service=\"TCP $LAB_VIP:$LAB_VPORT\"}" 'index($0, s " ") == 1 { printf "%d", $NF }' "$final_scrape")
    m_out=$(awk -v s="jlvs_service_out_packets_total{service=\"TCP $LAB_VIP:$LAB_VPORT\"}" 'index($0, s " ") == 1 { printf "%d", $NF }' "$final_scrape")
    promtool_out=$(promtool check metrics <"$final_scrape" 2>&1) && promtool_ok=yes || promtool_ok=no
    # A late FIN or ACK may land between --stats and this scrape: at least --stats's, at most what the client sent.
    if [ "${m_conns:-x}" = 300 ] && [[ ${m_in:-x} =~ ^[0-9]+$ ]] && [ "$m_in" -ge "${inpkts:-0}" ] && [ "$m_in" -le "$sent" ] \
        && [[ ${m_out:-x} =~ ^[0-9]+$ ]] && [ "$m_out" -ge "${outpkts:-0}" ] && [ "$m_out" -le "$recv" ] \
        && [ $promtool_ok = yes ] && [ "$during_ok" -ge 1 ]; then
      pass "metrics: $during_ok scrapes during the requests ($during_mid mid-way), then connections_total $m_conns, in_packets $m_in, out_packets $m_out (--stats $inpkts/$outpkts; client sent $sent, received $recv); promtool check metrics ok"
    else
      fail "metrics: connections_total ${m_conns:-?} (want 300), in ${m_in:-?} out ${m_out:-?} (--stats ${inpkts:-?} ${outpkts:-?}), $during_ok scrapes during traffic, promtool: $promtool_ok ${promtool_out:0:200}"
    fi
  else
    fail "metrics: curl http://127.0.0.1:9560/metrics in $LAB_NS_DIRECTOR failed"
  fi

  # --- wrr 3,2,1 set with jlvsadm on the running daemon
  local flag i w edit_ok=yes
  flag=$(method_flag)
  jlvsadm -E -t "$LAB_VIP:$LAB_VPORT" -s wrr >"$work/edit.log" 2>&1 || edit_ok=no
  i=1
  for w in 3 2 1; do
    jlvsadm -e -t "$LAB_VIP:$LAB_VPORT" -r "$(rs_addr $i):$LAB_VPORT" "$flag" -w "$w" >>"$work/edit.log" 2>&1 || edit_ok=no
    i=$((i + 1))
  done
  if [ $edit_ok = no ]; then
    fail "wrr: jlvsadm -E/-e refused: $(tail -2 "$work/edit.log" | tr '\n' ' ')"
  else
    requests 300
    if [ "$FAILED_REQUESTS" -eq 0 ] && [ "$(spread)" = 150/100/50 ]; then
      pass "wrr 3,2,1: 300 requests, 300 answered, per server $(spread)"
    else
      fail "wrr 3,2,1: 300 requests, $FAILED_REQUESTS failed, per server $(spread) (want 150/100/50)"
    fi
  fi

  # --- kill -9 and restart: the journal keeps the rules, traffic resumes
  local before after
  before=$(jlvsadm -S -n 2>&1) || true
  kill -9 "$jlvs_pid" 2>/dev/null || true
  wait "$jlvs_pid" 2>/dev/null || true
  jlvs_pid=
  if ! start_jlvs; then
    fail "restart after kill -9: no ready line within ${READY_TIMEOUT} s"
  else
    after=$(jlvsadm -S -n 2>&1) || true
    if [ -n "$before" ] && [ "$before" = "$after" ]; then
      pass "restart after kill -9: jlvsadm -S -n identical ($(wc -l <<<"$after") lines)"
    else
      fail "restart after kill -9: jlvsadm -S -n differs"
      diff <(echo "$before") <(echo "$after") | sed 's/^/    /' | head -20
    fi
    requests 30
    if [ "$FAILED_REQUESTS" -eq 0 ]; then
      pass "traffic after restart: 30 requests, 30 answered, per server $(spread)"
    else
      fail "traffic after restart: 30 requests, $FAILED_REQUESTS failed, per server $(spread)"
    fi
  fi

  # --- health check: stop nginx on rs3; it must leave the scheduling within HEALTH_WAIT
  local rs3 ns3 waited=0 gone=no line
  rs3="$(rs_addr 3):$LAB_VPORT" ns3=$(ns_server 3)
  kill -TERM "$(cat "$LAB_RUN_DIR/rs3/nginx.pid")" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do   # nginx has gone when nothing answers locally
    ip netns exec "$ns3" curl -s -m 1 -o /dev/null "http://127.0.0.1:$LAB_VPORT/whoami" 8>&- || break
    sleep 0.1
  done
  local t_stop
  t_stop=$(date +%s.%N)
  while :; do
    listing=$(jlvsadm -L -n 2>&1) || true
    line=$(server_fields "$listing" "$LAB_VPORT" "$rs3")
    # Fields after the address: Forward Weight ActiveConn InActConn.
    # (a listing without the service is an error of jlvsadm, not a removed server)
    if [ -n "$(service_fields "$listing" "$LAB_VPORT")" ] \
       && { [ -z "$line" ] || [ "$(awk '{print $2}' <<<"$line")" = 0 ]; }; then gone=yes; break; fi
    [ "$(awk -v a="$t_stop" -v b="$(date +%s.%N)" -v m="$HEALTH_WAIT" 'BEGIN { print (b - a > m) }')" = 1 ] && break
    sleep 0.5
  done
  waited=$(awk -v a="$t_stop" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  if [ $gone = yes ]; then
    pass "health: rs3's nginx stopped, out of the rules after $waited s (${line:+weight 0}${line:-removed})"
  else
    fail "health: rs3's nginx stopped, still scheduled after $waited s: -> $rs3 $line"
  fi
  requests 30
  if [ "$FAILED_REQUESTS" -eq 0 ]; then
    pass "requests with rs3 down: 30 requests, 30 answered, per server $(spread)"
  else
    fail "requests with rs3 down: 30 requests, $FAILED_REQUESTS failed, per server $(spread)"
  fi

  # --- FTP through NAT: active (PORT, EPRT) and passive (227, 229) against vsftpd
  if [ "$mode" = nat ]; then
    local name opts body
    for name in "active PORT" "active EPRT" "passive 227" "passive 229"; do
      case $name in
        "active PORT") opts=(--ftp-port - --disable-eprt) ;;
        "active EPRT") opts=(--ftp-port -) ;;
        # 227 names the server's own address: --no-ftp-skip-pasv-ip makes curl use it, so the
        # director has to have rewritten it to the VIP.
        "passive 227") opts=(--ftp-pasv --disable-epsv --no-ftp-skip-pasv-ip) ;;
        "passive 229") opts=(--ftp-pasv) ;;
      esac
      body=$(ip netns exec "$LAB_NS_CLIENT" curl -s -S -v --connect-timeout 2 -m 6 "${opts[@]}" \
               "ftp://$LAB_VIP/hello.txt" 2>"$work/ftp.err" 8>&-) || true
      if [[ $body =~ ^jlvs\ lab\ ftp\ file\ from\ rs[0-9]+$ ]]; then
        pass "ftp $name: got \"$body\""
      else
        # Which server curl reached (the banner names it) and whether a bare control
        # connection gets through at all: tells a data-connection failure from a control one.
        local banner
        banner=$(grep -o '220 jlvs lab rs[0-9]*' "$work/ftp.err" || true)
        fail "ftp $name: ${body:+got \"$body\", }curl: $(grep -v '^[<>*]' "$work/ftp.err" | grep -v '^ *[0-9% ]' | tr '\n' ' ')${banner:+(control connection to ${banner#220 jlvs lab })}"
      fi
    done
  fi

  # --- keepalived: the lab's service written as keepalived.conf (rs1, rs2: rs3 is stopped), converted
  # by jlvs import-keepalived onto the lab's config without its services, run with a fresh journal
  if [ "$mode" = nat ]; then
    stop_jlvs
    cat >"$work/keepalived.conf" <<KA
! The lab's service as an operator's keepalived.conf would have it
global_defs {
   router_id jlvs_lab
}
virtual_server $LAB_VIP $LAB_VPORT {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server $(rs_addr 1) $LAB_VPORT {
        weight 1
        HTTP_GET {
            url {
              path /whoami
              status_code 200
            }
            connect_timeout 1
        }
    }
    real_server $(rs_addr 2) $LAB_VPORT {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
KA
    sed -e '/^services:/,$d' -e "s|^journal-dir: .*|journal-dir: $work/journal-keepalived|" "$LAB_RUN_DIR/jlvs.yaml" >"$work/base.yaml"
    if "$JLVS" import-keepalived "$work/keepalived.conf" --base "$work/base.yaml" --out "$work/from-keepalived.yaml" 2>"$work/import.err"; then
      if start_jlvs "$work/from-keepalived.yaml"; then
        requests 30
        if [ "$FAILED_REQUESTS" -eq 0 ] && [ "$(spread)" = 15/15/0 ]; then
          pass "keepalived.conf converted by import-keepalived ($(grep -c warning "$work/import.err") warning): 30 requests, per server $(spread)"
        else
          fail "keepalived.conf converted: 30 requests, $FAILED_REQUESTS failed, per server $(spread) (want 15/15/0)"
        fi
      else
        fail "jlvs did not start with the converted keepalived.conf"
      fi
    else
      fail "jlvs import-keepalived: $(tr '\n' ' ' <"$work/import.err")"
    fi
  fi

  echo "  ($mode took $(( $(date +%s) - t0 )) s; jlvs log: last lines)"
  tail -n 3 "$LAB_RUN_DIR/jlvs.log" | sed 's/^/    /'
  stop_jlvs
  "$LAB/down" >/dev/null 2>&1 8>&-
}

stop_jlvs() {
  [ -n "${jlvs_pid:-}" ] || return 0
  kill -TERM "$jlvs_pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$jlvs_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$jlvs_pid" 2>/dev/null || true
  wait "$jlvs_pid" 2>/dev/null || true
  jlvs_pid=
}

for m in $MODES; do run_mode "$m"; done

echo
if [ $failed -gt 0 ]; then
  echo "failed checks:"
  printf '  %s\n' "${failures[@]}"
fi
echo "lab/test-e2e.sh: $(( $(date +%s) - started_all )) s"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
