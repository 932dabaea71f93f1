#!/usr/bin/env bash
# perf/lab-sweep/report.sh CSV: plots and table from one bench-lab CSV (written by sweep.sh).
#   - PNGs in the paper's form (reply rate against offered connection rate, one line per
#     configuration), one per method family, next to the CSV: bench-lab-nat.png (Direct and jlvs
#     NAT 1/2/4), bench-lab-dr.png, bench-lab-tun.png, bench-lab-peers.png (Direct, jlvs NAT, nft,
#     HAProxy);
#   - the markdown table, printed and put into bench-lab.md between the markers
#     <!-- bench-lab:table:begin --> and <!-- bench-lab:table:end --> (the prose around stays).
# Can be run again on an old CSV to redraw.
set -euo pipefail

[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: report.sh CSV" >&2; exit 2; }
csv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(dirname "$csv")
logdir=${csv%.csv}.logs
. "$(cd "$(dirname "$0")/../.." && pwd)/scripts/env.sh"
jlvs_require_tools report.sh gnuplot || exit 1

label() {
  case $1 in
    direct) echo "Direct (no director, 1 RS)" ;;
    nat*) echo "jlvs NAT, ${1#nat} RS" ;;
    dr*) echo "jlvs DR, ${1#dr} RS" ;;
    tun*) echo "jlvs TUN, ${1#tun} RS" ;;
    nft*) echo "nftables DNAT, ${1#nft} RS" ;;
    haproxy*) echo "HAProxy TCP, ${1#haproxy} RS" ;;
  esac
}
# Configurations present in the CSV, in the order measured.
configs=$(awk -F, 'NR>1 && !seen[$2]++ {print $2}' "$csv")
failed() { awk -F, -v c="$1" 'NR>1 && $2==c && $25 ~ /^FAIL/ {f=1} END {exit !f}' "$csv"; }
maxrate=$(awk -F, 'NR>1 && $6>m {m=$6} END {print m+0}' "$csv")
[ "$maxrate" -gt 0 ] || maxrate=1000

plot() {   # plot FILE TITLE CONFIG...
  local png=$1 title=$2; shift 2
  local plots=() c t present=0
  for c in "$@"; do
    echo "$configs" | grep -qx "$c" || continue
    present=1
    t=$(label "$c")
    failed "$c" && t="$t: FAILED (see table)"
    plots+=("'$csv' using (strcol(2) eq '$c' && strcol(8) ne '' ? \$6 : NaN):8 with linespoints lw 2 pt 7 ps 0.8 title '$t'")
  done
  [ $present = 1 ] || return 0
  local joined
  joined=$(printf '%s, ' "${plots[@]}")
  gnuplot <<EOF
set terminal pngcairo size 900,600 font ",11"
set output '$out/$png'
set datafile separator ','
set datafile missing ''
set title "$title"
set xlabel 'offered connection rate (conn/s; 1 request each, 628-byte page, 1 s timeout)'
set ylabel 'reply rate (replies/s)'
set key top left
set grid
set xrange [0:$((maxrate * 11 / 10))]
set yrange [0:$((maxrate * 11 / 10))]
plot x with lines dt 2 lc rgb '#999999' title 'reply = offered', ${joined%, }
EOF
  echo "report.sh: wrote $out/$png" >&2
}

date_label=$(basename "$csv" .csv | sed 's/^bench-lab-//')
plot bench-lab-nat.png "NAT: jlvs NAT with 1, 2, 4 real servers against Direct ($date_label)" direct nat1 nat2 nat4
plot bench-lab-dr.png "DR: jlvs Direct Routing with 1, 2, 4 real servers ($date_label)" direct dr1 dr2 dr4
plot bench-lab-tun.png "TUN: jlvs IP-in-IP with 1, 2, 4 real servers ($date_label)" direct tun1 tun2 tun4
plot bench-lab-peers.png "Peers, NAT topology: nftables DNAT and HAProxy TCP against jlvs NAT ($date_label)" \
  direct nat4 nft1 nft2 nft4 haproxy1 haproxy2 haproxy4

# The table: reply rate per offered rate, then figures at the highest offered rate.
rates=$(awk -F, 'NR>1 && $6!="" && !seen[$6]++ {print $6}' "$csv" | sort -n | tr '\n' ' ' | sed 's/ $//')
table=$(
  {
    printf '| configuration |'
    for r in $rates; do printf ' %s |' "$r"; done
    printf ' peak replies/s | at %s offered: errors (timeouts, fd-unavail) | response ms | director CPU %% of a core | host busy %% (2 cores) |\n' "${rates##* }"
    printf '|---|'; for _ in $rates; do printf -- '---:|'; done; printf -- '---:|---|---:|---:|---:|\n'
    for c in $configs; do
      awk -F, -v c="$c" -v label="$(label "$c")" -v rates="$rates" '
        NR>1 && $2==c {
          if ($25 ~ /^FAIL/) { fail=$25; next }
          rr[$6]=$8; if ($8+0 > peak) peak=$8+0
          last=$6; err[$6]=$12 " (" $13 ", " $16 ")"; resp[$6]=$19; dcpu[$6]=$21; hb[$6]=$22
        }
        END {
          n=split(rates, R, " ")
          if (fail != "" && last == "") {
            printf "| %s | %s |", label, fail
            for (i = 2; i <= n + 5; i++) printf " |"
            printf "\n"; exit
          }
          printf "| %s |", label
          for (i = 1; i <= n; i++) printf " %s |", (R[i] in rr) ? sprintf("%.0f", rr[R[i]]) : "-"
          m=R[n]
          printf " %.0f | %s | %s | %s | %s |\n", peak, (m in err) ? err[m] : "-", (m in resp) ? resp[m] : "-", (m in dcpu && dcpu[m] != "") ? dcpu[m] : "n/a", (m in hb) ? hb[m] : "-"
          if (fail != "") printf "| %s (cont.) | %s |\n", label, fail
        }' "$csv"
    done
  }
)
machine=$( [ -f "$logdir/machine.txt" ] && sed 's/^/    /' "$logdir/machine.txt" || true)
block="<!-- bench-lab:table:begin -->
Latest run: \`$(basename "$csv")\` (logs: \`$(basename "$logdir")/\`). Reply rate (replies/s) at each
offered connection rate (conn/s):

$table

Machine and run:

$machine
<!-- bench-lab:table:end -->"
echo "$table"

md=$out/bench-lab.md
if [ -f "$md" ] && grep -q 'bench-lab:table:begin' "$md"; then
  # Replace only the generated block; the hand-written discussion around it stays.
  BLOCK=$block awk '
    /<!-- bench-lab:table:begin -->/ { print ENVIRON["BLOCK"]; skip=1; next }
    /<!-- bench-lab:table:end -->/ { skip=0; next }
    !skip { print }' "$md" >"$md.tmp" && mv "$md.tmp" "$md"
else
  printf '# bench-lab\n\n%s\n' "$block" >"$md"
fi
echo "report.sh: table written into $md" >&2
