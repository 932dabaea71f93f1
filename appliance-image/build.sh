#!/usr/bin/env bash
# `make image`: builds a bootable jlvs appliance disk image (raw, MBR, BIOS boot through extlinux)
# into appliance-image/out/jlvs-appliance.img. Needs root (chroot, loop mount for extlinux).
#
# Steps: host packages (deps.sh) -> jlvs's jars and their dependencies (make build: build/jlvs/lib) ->
# a jlink'd Java runtime with the modules jdeps finds -> Debian 12 root file system (mmdebstrap,
# cached in out/cache by package list) -> jlvs, its units and config copied in -> ext4 file system
# filled from the directory (mke2fs -d, no mount) -> partitioned raw disk -> extlinux installed
# through a short loop mount -> MBR boot code.
set -euo pipefail
# The whole script is one block, read before it runs: editing this file during a run is safe.
{
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/out"
image="$out/jlvs-appliance.img"
suite=bookworm
start=$(date +%s)

say() { echo "appliance-image: $*"; }
die() { echo "appliance-image: FAILED: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (chroot, mke2fs, loop mount for extlinux)"
bash "$here/deps.sh" || die "host packages (deps.sh)"

# ---- clean-up on any exit: nothing mounted, no loop device left behind ----
mnt="$out/mnt"
cleanup() {
  local rc=$?
  if mountpoint -q "$mnt" 2>/dev/null; then umount "$mnt" || umount -l "$mnt" || true; fi
  # mount -o loop detaches on umount (autoclear); detach explicitly in case it did not.
  local dev
  for dev in $(losetup -j "$out/root.part" -O NAME -n 2>/dev/null); do losetup -d "$dev" || true; done
  [ $rc -eq 0 ] || echo "appliance-image: build failed (exit $rc); partial output left in $out" >&2
}
trap cleanup EXIT

mkdir -p "$out/cache"

# ---- 1. jlvs itself ----
say "building jlvs (make build)"
timeout 1800 make -C "$root" --no-print-directory build || die "make build (or its 30 min limit)"
. "$root/scripts/env.sh"
jlvs_find_jdk || die "no JDK 25 (scripts/env.sh)"

# ---- 2. stage /opt/jlvs: the repository's launchers as they are and the built layout of
# `make build` (build/jlvs/lib: jlvs's jars and every runtime dependency) as /opt/jlvs/lib, where
# the launchers look for it ----
stage="$out/stage"
rm -rf "$stage"; mkdir -p "$stage/opt/jlvs/scripts"
cp -a "$root/bin" "$stage/opt/jlvs/bin"
cp -a "$root/scripts/env.sh" "$stage/opt/jlvs/scripts/"
cp "$here/README.md" "$stage/opt/jlvs/README.md"   # the unit's Documentation=
compgen -G "$root/build/jlvs/lib/jlvs-daemon-*.jar" >/dev/null || die "build/jlvs/lib missing after make build"
cp -a "$root/build/jlvs/lib" "$stage/opt/jlvs/lib"

# lab/ValidateJlvsConfig.java: the lab's check of a config with jlvs's own ConfigLoader.
say "checking the appliance's jlvs.yaml with jlvs's config loader"
if ! verdict=$("$JAVA_HOME/bin/java" -cp "$stage/opt/jlvs/lib/*" "$root/lab/ValidateJlvsConfig.java" \
      "$here/rootfs/etc/jlvs/jlvs.yaml" 2>&1); then
  # The loader also checks that each core exists on *this* machine; the VM has 2 cores. Only that
  # complaint is tolerated on a smaller build machine.
  if grep -v 'does not exist (this machine has cores' <<<"$verdict" | grep . >/dev/null; then   # no -q: SIGPIPE under pipefail
    die "rootfs/etc/jlvs/jlvs.yaml rejected by jlvs's ConfigLoader:"$'\n'"$verdict"
  fi
  say "warning: $verdict"
fi

# ---- 3. jlink'd Java runtime: the modules jdeps finds in the jars, plus those reached only by
# reflection or at run time (jdk.unsupported for Unsafe, jdk.management/java.management for JMX
# and thread CPU times, jdk.net, jdk.compiler for Chronicle's runtime code generation, jdk.zipfs,
# jdk.crypto.ec, java.naming) ----
base_modules="java.base,jdk.unsupported,java.management,jdk.management,java.logging,jdk.net,java.naming,jdk.compiler,jdk.zipfs,java.instrument,jdk.jfr,java.sql,java.xml,java.scripting"
found=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
          -q --class-path "$stage/opt/jlvs/lib/*" "$stage"/opt/jlvs/lib/jlvs-*.jar 2>/dev/null || true)
modules=$(tr ',' '\n' <<<"$base_modules,$found" | grep -v '^$' | sort -u | paste -sd, -)
say "jlink modules: $modules"
jdk_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
key=$(printf '%s\n%s\n' "$modules" "$jdk_version" | sha256sum | cut -c1-16)
runtime="$out/cache/java-$key"
if [ ! -x "$runtime/bin/java" ]; then
  rm -rf "$runtime"
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --generate-cds-archive --output "$runtime" || die "jlink"
fi
cp -a "$runtime" "$stage/opt/jlvs/java"
"$stage/opt/jlvs/java/bin/java" -version 2>&1 | head -1 | sed 's/^/appliance-image: runtime: /'

# ---- 4. Debian 12 root file system, cached by package list ----
packages=(systemd-sysv udev dbus kmod linux-image-amd64 initramfs-tools
  iproute2 procps less vim-tiny python3-yaml
  dpdk librte-mempool-ring23 librte-net-af-packet23 librte-net-pcap23 librte-net-null23
  librte-net-ring23 librte-net-tap23 librte-net-virtio23 librte-net-e1000-23 librte-net-ixgbe23
  librte-net-i40e23 librte-net-iavf23 librte-net-ice23 librte-net-vmxnet3-23)
# The image uses the same Debian archive as this machine's apt (its deb822 sources file).
sources=$(grep -l 'debian-archive-keyring' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)
[ -n "$sources" ] || die "no Debian deb822 sources file in /etc/apt/sources.list.d (needed by mmdebstrap)"
base_key=$( (printf '%s\n' "$suite" "${packages[@]}"; cat "$sources") | sha256sum | cut -c1-16)
base="$out/cache/base-$base_key.tar"
if [ ! -s "$base" ]; then
  say "building the Debian $suite root file system (mmdebstrap; several minutes)"
  # bounded: a stalled mirror must not hang the build
  nice timeout 1800 mmdebstrap --mode=root --variant=minbase --format=tar \
    --include="$(IFS=,; echo "${packages[*]}")" \
    --aptopt='Acquire::Retries "3"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    "$suite" "$base.tmp" "$sources" || die "mmdebstrap (Debian $suite root file system)"
  mv "$base.tmp" "$base"
fi

# ---- 5. assemble the root file system ----
rootfs="$out/rootfs"
rm -rf "$rootfs"; mkdir -p "$rootfs"
tar -C "$rootfs" --numeric-owner --xattrs --xattrs-include='*' -xpf "$base" || die "unpacking $base"
cp -a "$stage/opt" "$rootfs/"
cp -a "$here/rootfs/." "$rootfs/"
chown -R root:root "$rootfs/opt/jlvs" "$rootfs/etc/jlvs" "$rootfs/etc/systemd/system" "$rootfs/usr/lib/jlvs"
chmod 755 "$rootfs/usr/bin/jlvs" "$rootfs/usr/bin/jlvsadm" "$rootfs/usr/sbin/jlvs-kernel-cmdline" \
  "$rootfs"/usr/lib/jlvs/*
echo jlvs > "$rootfs/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tjlvs\n' > "$rootfs/etc/hosts"
# Console login for the operator: root / jlvs. Change it on first login (README.md).
echo 'root:jlvs' | chroot "$rootfs" chpasswd || die "setting root's password"
systemctl --root="$rootfs" enable jlvs.service jlvs-selftest.service >/dev/null \
  || die "enabling jlvs.service"
kver=$(ls "$rootfs"/boot/vmlinuz-* | sed 's|.*/vmlinuz-||' | sort -V | tail -1)
[ -n "$kver" ] && [ -f "$rootfs/boot/initrd.img-$kver" ] || die "no kernel/initrd in the root file system"
grep -q '^CONFIG_NO_HZ_FULL=y' "$rootfs/boot/config-$kver" \
  || say "note: kernel $kver has no CONFIG_NO_HZ_FULL; nohz_full= is ignored by it"

uuid=$(uuidgen)
echo "UUID=$uuid / ext4 errors=remount-ro 0 1" > "$rootfs/etc/fstab"
mkdir -p "$rootfs/boot/extlinux"
# BIOS boot: extlinux prints on the serial port too (SERIAL), the kernel logs to ttyS0 (the
# test's console) and tty0. net.ifnames=0 keeps the NICs named eth0, eth1 as jlvs.yaml says.
cat > "$rootfs/boot/extlinux/extlinux.conf" <<CONF
SERIAL 0 115200
DEFAULT jlvs
PROMPT 0
TIMEOUT 10

LABEL jlvs
  MENU LABEL jlvs appliance (Debian 12, Linux $kver)
  LINUX /boot/vmlinuz-$kver
  INITRD /boot/initrd.img-$kver
  APPEND root=UUID=$uuid ro console=tty0 console=ttyS0,115200n8 net.ifnames=0 systemd.show_status=1
CONF
chroot "$rootfs" /usr/sbin/jlvs-kernel-cmdline --config /etc/jlvs/jlvs.yaml \
  --apply /boot/extlinux/extlinux.conf | sed 's/^/appliance-image: kernel command line: /' \
  || die "jlvs-kernel-cmdline"
rm -f "$rootfs/etc/machine-id"; : > "$rootfs/etc/machine-id"   # a fresh id on first boot

# ---- 6. ext4 file system and raw disk ----
# extlinux (syslinux 6.04) cannot read ext4's 64bit and metadata_csum features: leave them off.
used_mb=$(du -sm "$rootfs" | cut -f1)
part_mb=$(( (used_mb * 13 / 10 + 512 + 63) / 64 * 64 ))
rm -f "$out/root.part" "$image.tmp"   # the previous image stays until the new one is complete
say "root file system: ${used_mb} MiB used, ${part_mb} MiB partition"
mke2fs -q -t ext4 -O ^64bit,^metadata_csum -U "$uuid" -L jlvs-root -d "$rootfs" \
  "$out/root.part" "${part_mb}M" || die "mke2fs -d (filling the file system from $rootfs)"
mkdir -p "$mnt"
timeout 60 mount -o loop "$out/root.part" "$mnt" || die "loop-mounting the root file system for extlinux"
cp /usr/lib/syslinux/modules/bios/ldlinux.c32 "$mnt/boot/extlinux/" 2>/dev/null || true
timeout 120 extlinux --install "$mnt/boot/extlinux" >/dev/null || die "extlinux --install"
umount "$mnt"

truncate -s $(( (part_mb + 1) * 1024 * 1024 )) "$image.tmp"
# one bootable Linux partition from 1 MiB to the end
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$image.tmp" >/dev/null || die "sfdisk"
dd if="$out/root.part" of="$image.tmp" bs=1M seek=1 conv=notrunc,sparse status=none || die "dd (partition into disk)"
dd if=/usr/lib/EXTLINUX/mbr.bin of="$image.tmp" bs=440 count=1 conv=notrunc status=none || die "dd (MBR boot code)"
rm -f "$out/root.part"
mv "$image.tmp" "$image"
cp "$rootfs/etc/jlvs/jlvs.yaml" "$out/jlvs.yaml"   # the config baked in, for image-test's checks
say "done in $(( $(date +%s) - start )) s: $image ($(du -h --apparent-size "$image" | cut -f1), $(du -h "$image" | cut -f1) on disk)"
exit
}
