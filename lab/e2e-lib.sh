# shellcheck shell=bash disable=SC2034  # sourced; ANSWERED and FAILED_REQUESTS are read by the callers
# lab/e2e-lib.sh: what the end-to-end lab tests (lab/test-e2e.sh, lab/test-capture.sh) share: starting
# bin/jlvs in the director namespace and sending curl requests through the VIP. Sourced after lab.env;
# the caller sets JLVS (bin/jlvs), READY_TIMEOUT (s) and reads jlvs_pid.

# Starts bin/jlvs run in the director namespace (log appended to jlvs.log) and waits for its ready
# line. ip netns exec and bin/jlvs both exec, so $! is the JVM itself (kill -9 hits the daemon).
start_jlvs() {
  local log=$LAB_RUN_DIR/jlvs.log lines_before i config=${1:-$LAB_RUN_DIR/jlvs.yaml}
  lines_before=$(cat "$log" 2>/dev/null | wc -l)
  ip netns exec "$LAB_NS_DIRECTOR" "$JLVS" run --config "$config" >>"$log" 2>&1 8>&- &
  jlvs_pid=$!
  for ((i = 0; i < READY_TIMEOUT * 10; i++)); do
    if tail -n +"$((lines_before + 1))" "$log" 2>/dev/null | grep '^jlvs: ready:' >/dev/null; then return 0; fi
    kill -0 "$jlvs_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "  jlvs did not get ready within ${READY_TIMEOUT} s; the end of $log:" >&2
  tail -n 20 "$log" | sed 's/^/    /' >&2
  return 1
}

# Counters of the client's interface (what the client sent and received).
client_counter() { ip netns exec "$LAB_NS_CLIENT" cat "/sys/class/net/$LAB_CLIENT_IF/statistics/$1"; }

# requests K: K sequential requests to the VIP, each on its own connection (Connection: close).
# Sets ANSWERED (associative: server -> count) and FAILED_REQUESTS.
declare -A ANSWERED
requests() {
  local k=$1 args=() n code size server
  for ((n = 0; n < k; n++)); do args+=(-o /dev/null "$LAB_URL"); done
  ANSWERED=()
  local out
  out=$(ip netns exec "$LAB_NS_CLIENT" timeout 600 curl -s -H 'Connection: close' --connect-timeout 5 -m 10 \
    -w '%{http_code} %{size_download} %header{x-real-server}\n' "${args[@]}" 8>&- || true)
  local got=0
  while read -r code size server; do
    [ -n "${code:-}" ] || continue
    if [ "$code" = 200 ] && [ "$size" = "$LAB_PAGE_BYTES" ] && [ -n "${server:-}" ]; then
      ANSWERED[$server]=$(( ${ANSWERED[$server]:-0} + 1 ))
      got=$((got + 1))
    fi
  done <<<"$out"
  FAILED_REQUESTS=$((k - got))
}
spread() { local i s=''; for ((i = 1; i <= LAB_SERVERS; i++)); do s+="${s:+/}${ANSWERED[rs$i]:-0}"; done; echo "$s"; }
