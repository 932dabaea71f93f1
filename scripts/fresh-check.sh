#!/usr/bin/env bash
# `make fresh-check`: the README's two commands on a machine nobody prepared. Builds a Debian 12
# root with mmdebstrap (the base system: packages of Priority required and important, plus git and
# make), bind-mounts this machine's JDK 25 into it, clones the committed HEAD of this checkout into
# it, and runs `make test` and then `make demo` there as root: an empty Maven repository, no package
# installed by hand, the root's own /run and network namespaces (a private mount namespace;
# the network is the host's, which reaches the package registries). Prints each step's time, then
# PASS, or FAIL and the first failing step with the tail of its log. Minutes: not part of make test.
#
# Environment: FRESH_DIR (default /var/tmp/jlvs-fresh-check) holds the root and the logs;
# FRESH_KEEP=1 keeps the root afterwards; FRESH_STEPS="test demo" chooses the commands.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/env.sh"
dir=${FRESH_DIR:-/var/tmp/jlvs-fresh-check}
steps=${FRESH_STEPS:-test demo}
suite=bookworm
rootfs=$dir/root
logs=$dir/logs

say() { echo "fresh-check: $*"; }
fail() { echo "fresh-check: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (mmdebstrap, mounts, chroot, network namespaces)"
jlvs_find_jdk || fail "no JDK 25 on this machine to bind-mount into the root"
jlvs_require_tools fresh-check mmdebstrap unshare || fail "run: bash scripts/setup.sh test image"
[ -z "$(git -C "$here" status --porcelain --untracked-files=no)" ] \
  || say "note: uncommitted changes are not checked; the root gets a clone of HEAD ($(git -C "$here" rev-parse --short HEAD))"
sources=$(grep -l 'debian-archive-keyring' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)
[ -n "$sources" ] || fail "no Debian deb822 sources file in /etc/apt/sources.list.d (needed by mmdebstrap)"

cleanup() {
  [ "${FRESH_KEEP:-0}" = 1 ] && { say "root kept in $rootfs"; return; }
  # the mounts lived in a private mount namespace that is gone; nothing is mounted here any more
  rm -rf --one-file-system "$rootfs" 2>/dev/null || say "warning: could not remove $rootfs"
}
rm -rf --one-file-system "$rootfs"
mkdir -p "$rootfs" "$logs"
trap cleanup EXIT

declare -a summary=()
step() {   # step NAME LOG COMMAND...: runs COMMAND, records its time, fails with the log's tail
  local name=$1 log=$2 start rc
  shift 2
  say "$name ..."
  start=$(date +%s)
  set +e
  "$@" >"$log" 2>&1
  rc=$?
  set -e
  local took=$(( $(date +%s) - start ))
  summary+=("$(printf '%-28s %5d s  exit %d' "$name" "$took" "$rc")")
  if [ $rc -ne 0 ]; then
    printf '%s\n' "${summary[@]}" | sed 's/^/fresh-check:   /'
    echo "---- last lines of $log ----" >&2
    tail -n 40 "$log" >&2
    fail "$name (exit $rc; whole log: $log)"
  fi
}

step "Debian $suite root (mmdebstrap)" "$logs/mmdebstrap.log" \
  timeout 1800 mmdebstrap --mode=root --variant=important --include=git,make,ca-certificates \
    --format=directory "$suite" "$rootfs" "$sources"
# What the platform gives every machine before anything is installed: its resolver and its trust
# (the local CAs its network's egress proxy signs with, and the Java trust store JDKs link to).
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates >/dev/null 2>&1 || fail "update-ca-certificates in the root"
fi
if [ -f /etc/ssl/certs/java/cacerts ]; then
  mkdir -p "$rootfs/etc/ssl/certs/java"
  cp /etc/ssl/certs/java/cacerts "$rootfs/etc/ssl/certs/java/cacerts"
fi
step "clone of HEAD" "$logs/clone.log" git clone -q --no-hardlinks "$here" "$rootfs/work/jlvs"
mkdir -p "$rootfs$JAVA_HOME"

# Inside: a private mount namespace, so every mount below disappears with it.
inside() {
  local command=$1
  unshare --mount --propagation private -- bash -euc '
    r=$1 jdk=$2 command=$3
    # the root must be a mount point: ip netns exec remounts / as a slave
    mount --bind "$r" "$r"
    mount -t proc proc "$r/proc"
    mount -t sysfs sys "$r/sys"
    mount --rbind /dev "$r/dev"
    mount -t tmpfs run "$r/run"
    mount -t tmpfs tmp "$r/tmp"
    mount --bind -o ro "$jdk" "$r$jdk"
    # hugepages are the kernel'"'"'s: the root mounts its own hugetlbfs when setup.sh asks
    umount -l "$r/dev/hugepages" 2>/dev/null || true
    exec chroot "$r" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      TERM=dumb LANG=C.UTF-8 bash -lc "cd /work/jlvs && $command"
  ' inside "$rootfs" "$JAVA_HOME" "$command"
}

# The lab's namespaces and veths use fixed names on the host's network: one lab at a time
# (the same locks as lab/lib.sh's lab_run_lock and the developers' /tmp/jlvs-lab.lock).
exec 7>/run/jlvs-lab.run.lock
exec 6>/tmp/jlvs-lab.lock
for s in $steps; do
  say "waiting for the lab lock"
  flock -w 3600 6 || fail "the lab stayed in use for an hour"
  flock -w 3600 7 || fail "the lab stayed in use for an hour"
  step "make $s (inside the root)" "$logs/make-$s.log" inside "make $s"
  flock -u 7; flock -u 6
done

printf '%s\n' "${summary[@]}" | sed 's/^/fresh-check:   /'
grep -E '^Tests run:.*Fail' "$logs/make-test.log" 2>/dev/null | tail -n 1 | sed 's/^/fresh-check:   maven: /' || true
grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/make-test.log" 2>/dev/null | sed 's/^/fresh-check:   lab: /' || true
grep -E 'replies|Reply rate' "$logs/make-demo.log" 2>/dev/null | head -n 5 | sed 's/^/fresh-check:   demo: /' || true
say "PASS (logs in $logs)"
