#!/usr/bin/env bash
# Checks that the test suite left nothing behind on this host: guests, storage pools, volumes (in every
# pool, plus files named like test volumes in each pool's folder that the pool has not listed yet) and
# networks named kvmdesk-test-* on qemu:///system. Read-only: lists, never removes or refreshes.
# Exits 1 naming each leftover, 0 when there are none.
#   bash scripts/check-leftovers.sh
#   bash scripts/check-leftovers.sh --record FILE   (before the suite: what the host has, by any name)
#   bash scripts/check-leftovers.sh --since FILE    (after it: also fails on anything new by any name, so a
#                                                    test that made something outside its namespace is caught)
set -uo pipefail
URI=qemu:///system
PREFIX=kvmdesk-test-
v() { virsh -q -c "$URI" "$@"; }

# The test ISO copies are shared fixtures that stay between runs on purpose (e2e/browser/test-guests.ts
# copies the GRUB rescue ISO and iPXE's there once, where the hypervisor's user can read them). They are
# volumes here because libvirt's `default` pool covers /var/lib/libvirt/images; exactly these are allowed.
ALLOWED=(/var/lib/libvirt/images/kvmdesk-test-grub.iso /var/lib/libvirt/images/kvmdesk-test-ipxe.iso)

allowed() {
  local p
  for p in "${ALLOWED[@]}"; do [[ $1 == "$p" ]] && return 0; done
  return 1
}

if ! v uri >/dev/null 2>&1; then
  echo "check-leftovers: cannot connect to $URI (is libvirtd running? bash scripts/setup-host.sh)" >&2
  exit 2
fi

# every guest, network, pool and volume by name (volumes by path), one a line
inventory() {
  v list --all --name | sed '/^$/d; s/^/guest /'
  v net-list --all --name | sed '/^$/d; s/^/network /'
  local pool
  while read -r pool; do
    [[ -n $pool ]] || continue
    echo "pool $pool"
    v vol-list --pool "$pool" 2>/dev/null | awk 'NF >= 2 { print "volume " $NF }'
  done < <(v pool-list --all --name)
}

case "${1:-}" in
  --record)
    inventory | sort > "$2"
    exit 0
    ;;
  --since) since=$2 ;;
  *) since= ;;
esac

left=()

if [[ -n $since ]]; then
  # `default` is KVM Desk's own pool for new disks: the app makes it when a host has none, as virt-install does
  while read -r item; do
    [[ $item == "pool default" || $item == *" $PREFIX"* || $item == *"/$PREFIX"* ]] && continue
    left+=("$item (new since the suite began, and not named $PREFIX*)")
  done < <(comm -13 "$since" <(inventory | sort))
fi

while read -r name; do
  [[ $name == "$PREFIX"* ]] && left+=("guest $name")
done < <(v list --all --name)

while read -r name; do
  [[ $name == "$PREFIX"* ]] && left+=("network $name")
done < <(v net-list --all --name)

while read -r pool; do
  [[ -n $pool ]] || continue
  target=$(v pool-dumpxml "$pool" 2>/dev/null | sed -n 's:.*<path>\(.*\)</path>.*:\1:p' | head -n1)
  [[ $pool == "$PREFIX"* ]] && left+=("pool $pool (${target:-no folder})")
  declare -A seen=()
  # volumes libvirt knows of (an inactive pool lists none)
  while read -r vol path; do
    [[ -n ${vol:-} ]] || continue
    seen[$path]=1
    [[ $vol == "$PREFIX"* ]] && ! allowed "$path" && left+=("volume $vol in pool $pool ($path)")
  done < <(v vol-list --pool "$pool" 2>/dev/null)
  # files named like test volumes in the pool's folder that the pool has not listed (not refreshed)
  if [[ -n $target && -d $target ]]; then
    for path in "$target"/"$PREFIX"*; do
      [[ -e $path && -z ${seen[$path]:-} ]] || continue
      allowed "$path" || left+=("file $path in pool $pool's folder")
    done
  fi
  unset seen
done < <(v pool-list --all --name)

if ((${#left[@]} > 0)); then
  echo "The test suite left these behind on $URI:" >&2
  printf '  %s\n' "${left[@]}" >&2
  exit 1
fi
echo "nothing named $PREFIX* is left on $URI (guests, pools, volumes, networks)"
