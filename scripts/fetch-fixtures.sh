#!/usr/bin/env bash
# Real guest fixtures from Debian packages, downloaded (not installed) into fixtures/ once.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/fixtures"
mkdir -p "$dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ ! -s "$dir/grub-rescue-cdrom.iso" ]; then
  (cd "$tmp" && apt-get download grub-rescue-pc >/dev/null 2>&1 || { apt-get update -qq && apt-get download grub-rescue-pc; })
  dpkg-deb -x "$tmp"/grub-rescue-pc_*.deb "$tmp/x"
  cp "$(find "$tmp/x" -name grub-rescue-cdrom.iso | head -n1)" "$dir/grub-rescue-cdrom.iso"
fi

if [ ! -s "$dir/debian-installer/linux" ]; then
  (cd "$tmp" && apt-get download debian-installer-12-netboot-amd64 >/dev/null 2>&1 || { apt-get update -qq && apt-get download debian-installer-12-netboot-amd64; })
  dpkg-deb -x "$tmp"/debian-installer-12-netboot-amd64_*.deb "$tmp/d"
  mkdir -p "$dir/debian-installer"
  src="$(dirname "$(find "$tmp/d" -path '*debian-installer/amd64/linux' | head -n1)")"
  cp "$src/linux" "$src/initrd.gz" "$dir/debian-installer/"
fi
# iPXE's ISO asks for DHCP as soon as it boots (seconds under TCG): the guest that gets a lease
if [ ! -s "$dir/ipxe.iso" ]; then
  (cd "$tmp" && apt-get download ipxe >/dev/null 2>&1 || { apt-get update -qq && apt-get download ipxe; })
  dpkg-deb -x "$tmp"/ipxe_*.deb "$tmp/i"
  cp "$tmp/i/usr/lib/ipxe/ipxe.iso" "$dir/ipxe.iso"
fi
# The system daemon's QEMU runs as libvirt-qemu: fixtures must be readable by it.
chmod -R a+rX "$dir"
