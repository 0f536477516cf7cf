#!/usr/bin/env bash
# `npm start`: set up what this host lacks (as far as this user may), then open KVM Desk: the Electron
# app where its binary can be had and a display is there, else the browser shell (its URL printed, and
# opened in the desktop's browser when there is a display).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
# shellcheck source=host-runtime.sh
source "$here/host-runtime.sh"

# 1. The host: packages and daemons as root; as a normal user, the commands to run (the app opens anyway,
#    on qemu:///session when the system daemon is out of reach, and says what it cannot reach).
if install_packages "${RUNTIME_PACKAGES[@]}"; then
  fix_kvm_node
  start_daemons || true
fi
group_hint

# 2. Electron: npm's allowScripts keeps its download out of `npm install` (it fails offline and would roll
#    the whole install back), so fetch the binary here, once, when it is missing.
electron_ok() { node -e "require('fs').accessSync(require('electron'), require('fs').constants.X_OK)" 2>/dev/null; }
why=""
if ! electron_ok; then
  echo "KVM Desk: fetching Electron's binary (once)…"
  if ! out=$(timeout 600 node node_modules/electron/install.js 2>&1) || ! electron_ok; then
    why="Electron's binary could not be downloaded ($(printf '%s\n' "$out" | grep -m1 -oE '[A-Za-z]*Error: .*|E[A-Z]+ .*' || echo 'no detail'))"
  fi
fi
if [ -z "$why" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  why="there is no display (DISPLAY and WAYLAND_DISPLAY are unset)"
fi

if [ -z "$why" ]; then
  sandbox=()
  # Chromium refuses to run its sandbox as root
  [ "$(id -u)" -eq 0 ] && sandbox=(--noSandbox)
  node scripts/build.mjs electron && exec npx electron-vite preview --skipBuild "${sandbox[@]}"
  why="the Electron app did not start"
fi

# 3. The browser shell: same interface, same api.
echo "KVM Desk: $why; starting the browser shell instead."
open=()
{ [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; } && command -v xdg-open >/dev/null && open=(--open)
# builds the page and the backend only when their sources changed, then runs the compiled backend
exec node scripts/serve.mjs "${open[@]}"
