#!/usr/bin/env bash
# `make image-test`: boots out/jlvs-appliance.img under qemu through its own bootloader and checks,
# on the serial console, that jlvs reached ready with each worker pinned to its configured core and
# that `jlvsadm -L -n` lists the configured services; the guest then powers itself off.
#
#  - KVM when /dev/kvm works, else TCG (software emulation); JLVS_IMAGE_ACCEL=kvm|tcg forces one.
#  - Two virtio NICs on qemu user-mode networks with restrict=on: nothing leaves qemu.
#  - The disk is opened with snapshot=on: the test never changes the image.
#  - The guest's self-test unit runs only because qemu passes the fw_cfg item opt/jlvs/selftest
#    (its value: how long the guest waits for jlvs's ready line).
#  - Every wait is bounded; qemu is killed on any exit of this script.
set -euo pipefail
# The whole script is one block, read before it runs: editing this file during a run is safe.
{
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
image="$out/jlvs-appliance.img"
config="$out/jlvs.yaml"
log="$out/console.log"
start=$(date +%s)
say() { echo "image-test: $*"; }
die() { echo "image-test: FAILED: $*" >&2; exit 1; }

bash "$here/deps.sh" || die "host packages (deps.sh)"
say "testing jlvs-kernel-cmdline"
bash "$here/tests/test-kernel-cmdline.sh" || die "jlvs-kernel-cmdline tests"
[ -s "$image" ] || die "no $image: run 'make image' first"
[ -s "$config" ] || die "no $config (written by 'make image'): run 'make image' again"

qemu_pid=""
cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null || true
    sleep 1; kill -9 "$qemu_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Expected workers and services, from the config baked into the image.
read -r workers < <(/usr/bin/python3 -c '
import sys, yaml
print(",".join(str(w) for w in yaml.safe_load(open(sys.argv[1]))["cores"]["workers"]))' "$config")
mapfile -t services < <(/usr/bin/python3 -c '
import sys, yaml
for s in yaml.safe_load(open(sys.argv[1])).get("services") or []:
    print("%s %s:%s" % (s["protocol"].upper(), s["vip"], s["port"]))' "$config")
IFS=, read -r -a want <<<"$workers"
ncpu=$(/usr/bin/python3 -c '
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))["cores"]
print(max([c["control"]] + c["workers"]) + 1)' "$config")

# KVM works when it runs this very image far enough for extlinux to print its banner on the serial
# port. (/dev/kvm opening is not enough: under some hypervisors nested KVM opens and then fails
# with "KVM internal error ... emulation failure" in the BIOS, or aborts on an MSR.)
kvm_works() {
  [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
  local probe="$out/kvm-probe.log" pid i
  : > "$probe"
  qemu-system-x86_64 -accel kvm -machine q35 -cpu host -smp 1 -m 512 -nodefaults -display none \
    -monitor none -no-reboot -serial "file:$probe" \
    -drive "file=$image,format=raw,if=virtio,snapshot=on" > "$out/kvm-probe.qemu.log" 2>&1 &
  pid=$!
  for i in $(seq 1 30); do
    grep -q 'LINUX' "$probe" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  grep -q 'LINUX' "$probe"
}

# boot ACCEL TIMEOUT: boots once; returns 0 when the guest printed PASS and powered off,
# 2 when the console stayed silent for the first minutes (an accelerator that does not run guests)
boot() {
  local accel=$1 limit=$2 cpu=max
  [ "$accel" = kvm ] && cpu=host
  : > "$log"
  say "booting with $accel, ${ncpu} vCPUs, 2 GiB, two virtio NICs (limit ${limit}s; console: $log)"
  qemu-system-x86_64 -accel "$accel" -machine q35 -cpu "$cpu" -smp "$ncpu" -m 2048 \
    -nodefaults -display none -monitor none -no-reboot \
    -serial "file:$log" \
    -drive "file=$image,format=raw,if=virtio,snapshot=on" \
    -netdev user,id=ext,restrict=on -device virtio-net-pci,netdev=ext,mac=52:54:00:4a:00:01 \
    -netdev user,id=int,restrict=on -device virtio-net-pci,netdev=int,mac=52:54:00:4a:00:02 \
    -fw_cfg "name=opt/jlvs/selftest,string=$((limit - 120))" \
    > "$out/qemu.log" 2>&1 &
  qemu_pid=$!
  local t0 now seen=0 silent_limit=180
  [ "$accel" = tcg ] && silent_limit=600
  t0=$(date +%s)
  while kill -0 "$qemu_pid" 2>/dev/null; do
    now=$(( $(date +%s) - t0 ))
    if [ "$now" -ge "$limit" ]; then
      say "timeout after ${limit}s; last console lines:"; tail -n 40 "$log" | tr -d '\r' | sed 's/^/  | /'
      cleanup; return 1
    fi
    if [ ! -s "$log" ] && [ "$now" -ge "$silent_limit" ]; then
      say "no console output after ${now}s with $accel"; cleanup; return 2
    fi
    if [ $(( now / 30 )) -gt "$seen" ]; then   # a progress line every 30 s
      seen=$(( now / 30 ))
      say "  ${now}s: $(tr -d '\r' < "$log" | grep -v '^[[:space:]]*$' | tail -n 1 | cut -c1-150)"
    fi
    sleep 2
  done
  wait "$qemu_pid" || say "qemu exited with status $?: $(tail -n 3 "$out/qemu.log")"
  qemu_pid=""
  return 0
}

accel=${JLVS_IMAGE_ACCEL:-}
if [ -z "$accel" ]; then
  if kvm_works 2>/dev/null; then accel=kvm; else accel=tcg; say "KVM does not run guests here (see $out/kvm-probe.qemu.log): software emulation (TCG)"; fi
fi
limit=${JLVS_IMAGE_TEST_TIMEOUT:-}
[ -n "$limit" ] || { [ "$accel" = kvm ] && limit=900 || limit=2400; }

rc=0; boot "$accel" "$limit" || rc=$?
if [ $rc -eq 2 ] && [ "$accel" = kvm ] && [ -z "${JLVS_IMAGE_ACCEL:-}" ]; then
  say "KVM opens but runs no guest here: retrying with software emulation (TCG)"
  accel=tcg; limit=${JLVS_IMAGE_TEST_TIMEOUT:-2400}; rc=0; boot tcg "$limit" || rc=$?
fi
[ $rc -eq 0 ] || die "the VM did not finish (see $log)"

# ---- the verdict, from the serial console alone ----
console=$(tr -d '\r' < "$log")
grep 'JLVS-SELFTEST:' <<<"$console" | sed 's/^/  | /'
fails=()
grep -q 'Linux version' <<<"$console" || fails+=("the kernel's boot messages are not on the serial console")
grep -q 'JLVS-SELFTEST: started' <<<"$console" || fails+=("the self-test never started")
# The ready line the guest found in jlvs.service's journal must also be on the console as the
# daemon printed it (jlvs.service writes to journal+console).
ready=$(sed -n 's/^.*JLVS-SELFTEST: ready line: //p' <<<"$console" | head -n 1)
# No grep -q after a pipe: under pipefail its early exit kills the writer (SIGPIPE) and fails the test.
if [ -n "$ready" ] && grep -v 'JLVS-SELFTEST' <<<"$console" | grep -F -- "$ready" >/dev/null; then
  say "jlvs's ready line on the console: $ready"
else
  fails+=("no ready line from jlvs on the console")
fi
for i in "${!want[@]}"; do
  # the daemon names each worker and its cpu on the ready line: "worker 0 on cpu 1 (tid ...)"
  grep -q "worker $i on cpu ${want[$i]}\b" <<<"$ready" \
    || fails+=("the ready line does not say worker $i on cpu ${want[$i]}")
  grep -Eq "JLVS-SELFTEST: affinity: jlvs-worker-$i .*Cpus_allowed_list=${want[$i]} .*: OK" <<<"$console" \
    || fails+=("worker $i is not shown pinned to core ${want[$i]}")
done
for s in "${services[@]}"; do
  proto=${s%% *}; addr=${s#* }
  grep -Eq "JLVS-SELFTEST: jlvsadm -L -n: ${proto}[[:space:]]+${addr//./\\.}[[:space:]]" <<<"$console" \
    || fails+=("jlvsadm -L -n did not list $proto $addr")
done
grep -q 'JLVS-SELFTEST: PASS' <<<"$console" || fails+=("the guest's self-test did not pass: $(grep -m1 'JLVS-SELFTEST: FAIL' <<<"$console" || echo 'no verdict')")
grep -Eq 'reboot: Power down|Powering off' <<<"$console" || fails+=("the guest did not power off")

took=$(( $(date +%s) - start ))
if [ ${#fails[@]} -gt 0 ]; then
  printf 'image-test: FAIL: %s\n' "${fails[@]}" >&2
  die "$(( ${#fails[@]} )) check(s) failed with $accel in ${took}s (console: $log)"
fi
say "PASS with $accel in ${took}s: ready, workers on cores $workers, services listed: ${services[*]}"
exit
}
