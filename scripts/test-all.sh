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
step "unit";              npm run -s test:unit
step "integration";       npm run -s test:integration
step "e2e";               npm run -s test:e2e
step "nothing left behind"; bash scripts/check-leftovers.sh --since "$inventory"
step "all passed"
