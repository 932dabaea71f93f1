#!/usr/bin/env bash
# Prepares this machine for building and testing jlvs. Idempotent: safe to run every time.
#  - installs the Debian packages the build and tests need, when missing (needs root);
#  - reserves and mounts 2 MB hugepages when the kernel allows, else records that DPDK must run
#    with --no-huge (build/hugepages.env, read by tests and launchers);
#  - checks that JDK 25 is present.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/env.sh"

# The packages come from scripts/debian-packages (one list for every target): the groups named on
# the command line (default: test, which `make test` and `make demo` need; bench for bench-lab,
# image for the appliance image), plus a check of the prerequisites.
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(test)
for g in "${groups[@]}"; do
  [ -n "$(jlvs_packages "$g")" ] || { echo "jlvs setup: no package group '$g' in scripts/debian-packages" >&2; exit 2; }
done
for tool in $(jlvs_packages prerequisite); do
  command -v "$tool" >/dev/null || { echo "jlvs setup: '$tool' is needed before anything else: apt-get install $tool" >&2; exit 1; }
done
packages=()
for g in "${groups[@]}"; do packages+=($(jlvs_packages "$g")); done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "jlvs setup: missing Debian packages: ${missing[*]}; run as root or install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "jlvs setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -q >/dev/null
  # Packages such as nginx and haproxy start a system service when installed; the lab runs its
  # own instances inside namespaces, so keep the machine's services stopped (policy-rc.d: 101).
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
  fi
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || {
    [ $made_policy -eq 1 ] && rm -f "$policy"
    echo "jlvs setup: apt-get install ${missing[*]} failed" >&2
    exit 1
  }
  [ $made_policy -eq 1 ] && rm -f "$policy"
fi

mkdir -p "$here/build"
hugepages_wanted=${JLVS_HUGEPAGES:-512}
mode=no-huge
if [ "$(id -u)" -eq 0 ] && [ -w /proc/sys/vm/nr_hugepages ]; then
  have=$(cat /proc/sys/vm/nr_hugepages)
  if [ "$have" -lt "$hugepages_wanted" ]; then
    echo "$hugepages_wanted" > /proc/sys/vm/nr_hugepages 2>/dev/null || true
  fi
  mkdir -p /dev/hugepages
  if ! mountpoint -q /dev/hugepages; then
    mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages 2>/dev/null || true
  fi
  if [ "$(cat /proc/sys/vm/nr_hugepages)" -gt 0 ] && mountpoint -q /dev/hugepages; then
    mode=huge
  fi
fi
if [ "$mode" = huge ]; then
  echo "JLVS_HUGEPAGES=1" > "$here/build/hugepages.env"
  echo "jlvs setup: $(cat /proc/sys/vm/nr_hugepages) hugepages of 2 MB mounted at /dev/hugepages"
else
  echo "JLVS_HUGEPAGES=0" > "$here/build/hugepages.env"
  echo "jlvs setup: hugepages not available here; DPDK will run with --no-huge"
fi

jlvs_find_jdk
echo "jlvs setup: JAVA_HOME=$JAVA_HOME"
