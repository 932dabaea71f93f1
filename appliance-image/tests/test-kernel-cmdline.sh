#!/usr/bin/env bash
# Tests rootfs/usr/sbin/jlvs-kernel-cmdline: the command line derived from a config's cores, the
# in-place --apply on an extlinux.conf, and the refusals. Run by `make image-test` (first), or alone.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tool="$here/rootfs/usr/sbin/jlvs-kernel-cmdline"
py=/usr/bin/python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"; fi
}
cfg() { printf '%s\n' "$@" > "$tmp/c.yaml"; }

# the appliance's own config: control 0, workers [1]
check "appliance config" \
  "isolcpus=managed_irq,domain,1 nohz_full=1 rcu_nocbs=1 irqaffinity=0 default_hugepagesz=2M hugepagesz=2M hugepages=256" \
  "$($py "$tool" --config "$here/rootfs/etc/jlvs/jlvs.yaml")"

# block list, ranges, unsorted workers, comments, other keys around, --hugepages
cfg 'ports: []  # not read' 'cores:' '  control: 1   # control' '  workers:' '    - 5' '    - 2' '    - 3' '    - 7' 'idle: {strategy: sleep}'
check "ranges and block list" \
  "isolcpus=managed_irq,domain,2-3,5,7 nohz_full=2-3,5,7 rcu_nocbs=2-3,5,7 irqaffinity=1 default_hugepagesz=2M hugepagesz=2M hugepages=1024" \
  "$($py "$tool" --config "$tmp/c.yaml" --hugepages 1024)"

cfg 'cores: {control: 0, workers: [1, 2, 3]}'
check "flow mapping" "isolcpus=managed_irq,domain,1-3 nohz_full=1-3 rcu_nocbs=1-3 irqaffinity=0 default_hugepagesz=2M hugepagesz=2M hugepages=256" \
  "$($py "$tool" --config "$tmp/c.yaml")"

# --apply replaces only its own tokens, on every APPEND line, and is idempotent
printf 'DEFAULT jlvs\nLABEL jlvs\n  LINUX /boot/vmlinuz\n  APPEND root=UUID=x ro isolcpus=9 hugepages=3 console=ttyS0,115200n8 nohz_full=9\n' > "$tmp/extlinux.conf"
$py "$tool" --config "$tmp/c.yaml" --apply "$tmp/extlinux.conf" >/dev/null
$py "$tool" --config "$tmp/c.yaml" --apply "$tmp/extlinux.conf" >/dev/null
check "apply" "  APPEND root=UUID=x ro console=ttyS0,115200n8 isolcpus=managed_irq,domain,1-3 nohz_full=1-3 rcu_nocbs=1-3 irqaffinity=0 default_hugepagesz=2M hugepagesz=2M hugepages=256" \
  "$(grep APPEND "$tmp/extlinux.conf")"
check "apply keeps other lines" "  LINUX /boot/vmlinuz" "$(grep LINUX "$tmp/extlinux.conf")"

# refusals: one clear line, non-zero exit
refuse() {  # refuse NAME EXPECTED-SUBSTRING YAML-LINES...
  local name=$1 want=$2; shift 2; cfg "$@"
  local out rc=0; out=$($py "$tool" --config "$tmp/c.yaml" 2>&1) || rc=$?
  if [ $rc -ne 0 ] && grep -qF -- "$want" <<<"$out"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); printf 'FAIL %s (exit %s)\n  expected message with: %s\n  actual: %s\n' "$name" "$rc" "$want" "$out"; fi
}
refuse "no cores" "no 'cores:' mapping" 'ports: []'
refuse "control is a worker" "control core 1 is also a worker" 'cores: {control: 1, workers: [1, 2]}'
refuse "duplicate worker" "lists a core twice" 'cores: {control: 0, workers: [1, 1]}'
refuse "empty workers" "non-empty list" 'cores: {control: 0, workers: []}'
refuse "negative core" "workers[1] must be a core number" 'cores: {control: 0, workers: [1, -2]}'
refuse "text core" "cores.control must be a core number" 'cores: {control: zero, workers: [1]}'
refuse "bad yaml" "not valid YAML" 'cores: {control: 0, workers: [1'
out=$($py "$tool" --config "$tmp/nope.yaml" 2>&1 || true); check "missing file message" "jlvs-kernel-cmdline: cannot read $tmp/nope.yaml: No such file or directory" "$out"

echo "kernel-cmdline: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
