#!/usr/bin/env bash
# Installs the host packages `make image` and `make image-test` need, when missing. Idempotent.
# All from Debian: mmdebstrap builds the root file system (like debootstrap, but it resolves
# dependencies with apt and installs everything in one pass), extlinux/syslinux-common make the
# raw disk boot on its own (BIOS), e2fsprogs formats it, fdisk's sfdisk partitions it,
# qemu-system-x86 boots it for the test, python3-yaml reads the config's cores.
set -euo pipefail
packages=(mmdebstrap debootstrap extlinux syslinux-common e2fsprogs fdisk mount util-linux
          qemu-system-x86 python3-yaml uuid-runtime)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep "install ok installed" >/dev/null || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "appliance-image: missing Debian packages: ${missing[*]}; run as root or: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "appliance-image: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || { echo "appliance-image: apt-get update failed" >&2; exit 1; }
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "appliance-image: apt-get install ${missing[*]} failed" >&2; exit 1; }
