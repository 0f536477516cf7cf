#!/usr/bin/env bash
# What KVM Desk needs on a host to run guests: libvirt's daemon, QEMU, qemu-img, OVMF, swtpm, osinfo-db.
# Sourced by setup-host.sh (tests) and start.sh (`npm start`). As root it installs what is missing and
# starts the daemons where no service manager runs; as a normal user it only says what to do.

RUNTIME_PACKAGES=(libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils ovmf swtpm swtpm-tools
  dnsmasq-base osinfo-db)

# prints the packages of "$@" that are not installed
missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

# installs "$@" when missing; as a normal user prints the apt command and returns 1
install_packages() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "KVM Desk: missing Debian packages: ${missing[*]}" >&2
    echo "KVM Desk: install them with: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  echo "KVM Desk: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# /dev/kvm as Debian's udev rule leaves it (root:kvm 0660). Left root-only (containers), libvirt 9.0
# finds its cached QEMU capabilities (which list KVM) outdated on every call and re-probes QEMU: ~8 s
# per define/start/domcapabilities call, serialised across all clients.
fix_kvm_node() {
  if [ "$(id -u)" -eq 0 ] && [ -c /dev/kvm ] && getent group kvm >/dev/null; then
    chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
  fi
}

# starts the daemons: through systemd where it runs (socket-activated, monolithic or modular), by hand
# (virtlogd -d, libvirtd -d) where no service manager runs (containers, CI); waits until libvirt answers
start_daemons() {
  [ "$(id -u)" -eq 0 ] || return 0
  command -v virsh >/dev/null || return 1
  virsh -c qemu:///system version >/dev/null 2>&1 && return 0
  if [ -d /run/systemd/system ]; then
    systemctl start libvirtd.socket 2>/dev/null || systemctl start virtqemud.socket 2>/dev/null || true
  else
    mkdir -p /var/run/libvirt
    pgrep -x virtlogd >/dev/null || virtlogd -d
    pgrep -x libvirtd >/dev/null || libvirtd -d
  fi
  for _ in $(seq 1 100); do
    virsh -c qemu:///system version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "KVM Desk: libvirt's daemon did not answer on qemu:///system" >&2
  return 1
}

# a normal user outside the libvirt group gets only qemu:///session: say how to get the system's guests
group_hint() {
  [ "$(id -u)" -eq 0 ] && return 0
  getent group libvirt >/dev/null || return 0
  id -nG | tr ' ' '\n' | grep -qx libvirt && return 0
  echo "KVM Desk: to manage the system's guests, join the libvirt group: sudo adduser $(id -un) libvirt (then log out and in)" >&2
}
