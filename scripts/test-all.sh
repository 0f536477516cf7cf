#!/usr/bin/env bash
# `npm test`: the whole suite, in order of cost. Host setup first (idempotent: packages, daemons, fixtures).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "host setup";        bash scripts/setup-host.sh
# what the host holds before any test runs: at the end, anything new by any name is a leftover too
inventory=$(mktemp); trap 'rm -f "$inventory"' EXIT
bash scripts/check-leftovers.sh --record "$inventory"
step "typecheck";         npm run -s typecheck
step "lint";              npm run -s lint
step "electron build";    node scripts/check-electron-build.mjs
# Unit and integration side by side: the unit run keeps about 1.2 of the 2 cores busy (its workers wait on
# vitest's module server), the integration run mostly waits on libvirt and one TCG guest; one after the other
# they took 7 minutes, together about the longer one. The unit output follows when both are done.
step "unit and integration, side by side"
unit_log=$(mktemp); trap 'rm -f "$inventory" "$unit_log"' EXIT
npm run -s test:unit >"$unit_log" 2>&1 &
unit_pid=$!
integration_rc=0; npm run -s test:integration || integration_rc=$?
unit_rc=0; wait "$unit_pid" || unit_rc=$?
step "unit (its output)"; cat "$unit_log"
if [ "$unit_rc" -ne 0 ] || [ "$integration_rc" -ne 0 ]; then
  echo "failed: unit exit $unit_rc, integration exit $integration_rc" >&2
  exit 1
fi
step "e2e";               npm run -s test:e2e
step "nothing left behind"; bash scripts/check-leftovers.sh --since "$inventory"
step "all passed"
