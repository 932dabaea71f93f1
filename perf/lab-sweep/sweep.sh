#!/usr/bin/env bash
# perf/lab-sweep/sweep.sh: `make bench-lab`, the O'Rourke & Keefe (LISA 2001) experiment in the
# namespace lab. httperf at rising connection rates, one request per connection, the 628-byte
# page, 1 s client timeout; reply rate against offered rate for each configuration:
#   Direct (no director, 1 server), jlvs NAT / DR / TUN with 1, 2, 4 real servers, and as peers
#   the kernel's nftables DNAT (numgen) and HAProxy in TCP mode (nat, 1, 2, 4 servers).
# Writes perf/results/bench-lab-<date>.csv, one PNG per method family and the table in
# perf/results/bench-lab.md (see perf/results/bench-lab.md for how to read them).
#
# Environment (all optional):
#   RATES="250 500 1000 1500 2000 3000 4000"  offered connection rates, conn/s
#   DURATION=5    seconds per point (the paper: 3 min x 3; see bench-lab.md for why 5 s here)
#   PAUSE=1       seconds between points
#   CONFIGS="direct nat1 nat2 nat4 dr1 dr2 dr4 tun1 tun2 tun4 nft1 nft2 nft4 haproxy1 haproxy2 haproxy4"
#   QUICK=1       a ~3-minute check: 1-server configurations at 500 and 2000 conn/s, 3 s each
#   OUT=perf/results  where the CSV, PNGs and bench-lab.md go
#   NO_REPORT=1   measure only (CSV); no plots or markdown
# Runs as root from any clone (after `make build`); each configuration holds
# /run/jlvs-lab.run.lock, the lab's one-user-at-a-time lock, and leaves the lab down.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$here/../.." && pwd)
export REPO

if [ "${QUICK:-0}" = 1 ]; then
  : "${RATES:=500 2000}" "${DURATION:=3}" "${PAUSE:=1}" "${CONFIGS:=direct nat1 dr1 tun1 nft1 haproxy1}"
fi
: "${RATES:=250 500 1000 1500 2000 3000 4000}" "${DURATION:=5}" "${PAUSE:=1}"
: "${CONFIGS:=direct nat1 nat2 nat4 dr1 dr2 dr4 tun1 tun2 tun4 nft1 nft2 nft4 haproxy1 haproxy2 haproxy4}"
OUT=${OUT:-$REPO/perf/results}
export RATES DURATION PAUSE

die() { echo "bench-lab: error: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces; the lab is built with lab/up)"
[ -x "$REPO/lab/up" ] || die "no lab/ in $REPO"
for r in $RATES; do [[ $r =~ ^[1-9][0-9]*$ ]] || die "RATES: '$r' is not a positive whole number"; done
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "DURATION must be whole seconds, not '$DURATION'"

# Tools from Debian (scripts/debian-packages; `make bench-lab` runs scripts/setup.sh test bench).
. "$REPO/scripts/env.sh"
jlvs_require_tools bench-lab httperf flock || exit 1
[ "${NO_REPORT:-0}" = 1 ] || jlvs_require_tools bench-lab gnuplot || exit 1
case " $CONFIGS " in *" nat"*|*" dr"*|*" tun"*)
  compgen -G "$REPO/build/jlvs/lib/jlvs-daemon-*.jar" >/dev/null \
    || die "jlvs is not built in $REPO: run make build (or make bench-lab, which builds first)"
  # A sweep lasts 20 minutes; a `make build` meanwhile rewrites build/jlvs/lib, and a jar replaced
  # under a running JVM made jlvs fail on stop (NoClassDefFoundError) in an earlier run. So the
  # sweep runs a copy of the built jars.
  pinned=$(mktemp -d /tmp/jlvs-bench-lib.XXXXXX)
  trap 'rm -rf "$pinned"' EXIT
  cp -a "$REPO/build/jlvs/lib/." "$pinned/"
  JLVS_CLASSPATH="$pinned/*"
  export JLVS_CLASSPATH ;;
esac

mkdir -p "$OUT"
stamp=$(date -u +%Y-%m-%dT%H%MZ)
csv=$OUT/bench-lab-$stamp.csv
logdir=$OUT/bench-lab-$stamp.logs
mkdir -p "$logdir"
echo "time,config,mode,director,servers,offered_rate,conns,reply_rate,replies,conn_rate,test_duration_s,errors,client_timo,connrefused,connreset,fd_unavail,addrunavail,conn_time_ms,response_ms,max_concurrent,dir_cpu_pct,host_busy_pct,host_softirq_pct,load1,note" >"$csv"

# The machine, for the report: the numbers only mean something next to it.
{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -r)"
  echo "cpus: $(nproc)"
  lscpu | grep -E '^(Model name|Architecture|CPU\(s\)|Thread|Core|Socket|Hypervisor|CPU MHz|L2|L3)' || true
  echo "load before: $(cat /proc/loadavg)"
  echo "httperf: $(httperf --version 2>&1 | grep -m1 -o 'httperf-[0-9.]*')"
  echo "nginx: $(nginx -v 2>&1)"
  echo "haproxy: $(haproxy -v 2>&1 | head -n1)"
  echo "rates: $RATES; duration ${DURATION}s per point; pause ${PAUSE}s"
} >"$logdir/machine.txt"

start=$(date +%s)
for c in $CONFIGS; do
  case $c in
    direct)       mode=nat n=1 dir=none ;;
    nat[0-9])     mode=nat n=${c#nat} dir=jlvs ;;
    dr[0-9])      mode=dr n=${c#dr} dir=jlvs ;;
    tun[0-9])     mode=tun n=${c#tun} dir=jlvs ;;
    nft[0-9])     mode=nat n=${c#nft} dir=nft ;;
    haproxy[0-9]) mode=nat n=${c#haproxy} dir=haproxy ;;
    *) die "unknown configuration '$c' (direct, natN, drN, tunN, nftN, haproxyN)" ;;
  esac
  echo "bench-lab: $c: waiting for the lab lock /run/jlvs-lab.run.lock" >&2
  # The lock is held for one configuration only, so other users of the lab get turns in between.
  flock /run/jlvs-lab.run.lock "$here/run-config.sh" "$c" "$mode" "$n" "$dir" "$csv" "$logdir" \
    || echo "$(date -u +%FT%TZ),$c,$mode,$dir,$n$(printf ',%.0s' $(seq 19)),FAIL: run-config.sh exited with an error (see $logdir/$c.log)" >>"$csv"
done
echo "load after: $(cat /proc/loadavg)" >>"$logdir/machine.txt"
echo "bench-lab: measured in $(( $(date +%s) - start )) s: $csv" >&2

if [ "${NO_REPORT:-0}" != 1 ]; then
  "$here/report.sh" "$csv"
fi
