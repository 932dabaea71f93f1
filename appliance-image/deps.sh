#!/usr/bin/env bash
# Installs the host packages `make image` and `make image-test` need, when missing: the image group
# of scripts/debian-packages (mmdebstrap for the root file system, extlinux and syslinux-common for
# the BIOS boot, fdisk's sfdisk, qemu-system-x86 for the boot test, python3-yaml, uuid-runtime).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../scripts/setup.sh" test image
