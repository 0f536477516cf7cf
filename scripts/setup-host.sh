#!/usr/bin/env bash
# Host setup for KVM Desk's tests: Debian packages, libvirt daemons, fixtures.
# Idempotent: installs only what is missing, starts daemons only when they are not running.
# Needs root for package installs and the system daemon; as a normal user it only checks.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

PACKAGES=(libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils ovmf swtpm swtpm-tools
  dnsmasq-base osinfo-db libosinfo-bin virtinst python3-libvirt chromium xvfb xorriso openssh-server
  openssh-client netcat-openbsd libxml2-utils procps psmisc
  fonts-wqy-microhei)  # CJK glyphs in e2e screenshots (guest names with non-ASCII letters)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-host: missing Debian packages: ${missing[*]}" >&2
    echo "setup-host: run as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup-host: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# /dev/kvm as Debian's udev rule leaves it (root:kvm 0660). Left root-only (containers), libvirt 9.0
# finds its cached QEMU capabilities (which list KVM) outdated on every call and re-probes QEMU: ~8 s
# per define/start/domcapabilities call, serialised across all clients.
if [ "$(id -u)" -eq 0 ] && [ -c /dev/kvm ] && getent group kvm >/dev/null; then
  chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
fi

start_daemons() {
  # No systemd here (containers, CI): start the monolithic daemon ourselves when it is not running.
  if [ "$(id -u)" -ne 0 ]; then return 0; fi
  mkdir -p /var/run/libvirt
  pgrep -x virtlogd >/dev/null || virtlogd -d
  if ! pgrep -x libvirtd >/dev/null; then
    libvirtd -d
  fi
  for _ in $(seq 1 100); do
    [ -S /var/run/libvirt/libvirt-sock ] && virsh -c qemu:///system version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "setup-host: libvirtd did not answer on /var/run/libvirt/libvirt-sock" >&2
  return 1
}
start_daemons

"$here/fetch-fixtures.sh"
echo "setup-host: ready"
