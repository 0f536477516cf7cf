#!/usr/bin/env bash
# Host setup for KVM Desk's tests: Debian packages, libvirt daemons, fixtures.
# Idempotent: installs only what is missing, starts daemons only when they are not running.
# Needs root for package installs and the system daemon; as a normal user it only checks.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# shellcheck source=host-runtime.sh
source "$here/host-runtime.sh"

# the runtime's packages plus what only the tests use (peers, browser, fixtures' tools)
TEST_PACKAGES=(virtinst libosinfo-bin python3-libvirt chromium xvfb xorriso openssh-server openssh-client
  netcat-openbsd libxml2-utils procps psmisc
  desktop-file-utils  # desktop-file-validate: the autostart and shortcut files' unit test
  fonts-wqy-microhei)  # CJK glyphs in e2e screenshots (guest names with non-ASCII letters)

if ! install_packages "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; then
  echo "setup-host: run as root to install them" >&2
  exit 1
fi
fix_kvm_node
start_daemons

"$here/fetch-fixtures.sh"
echo "setup-host: ready"
